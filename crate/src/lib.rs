//! leakscope: finds goroutine leaks in Go code by running it on a model of the
//! Go scheduler and exploring its schedules.
//!
//! The pipeline, one module per stage: [`syntax`] parses, [`outline`] lists the
//! concurrency syntactically (what the editor marks at once).

pub mod api;
pub mod engine;
pub mod explore;
pub mod model;
pub mod outline;
pub mod syntax;
pub mod verdict;
