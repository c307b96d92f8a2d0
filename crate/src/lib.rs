//! leakscope: finds goroutine leaks in Go code by running it on a model of the
//! Go scheduler and exploring its schedules.
//!
//! The pipeline, one module per stage: [`syntax`] parses, [`outline`] lists the
//! concurrency syntactically (what the editor marks at once).

pub mod check;
pub mod findings;
pub mod fix;
pub mod outline;
pub mod rules;
pub mod syntax;
