//! leakscope: finds goroutine leaks in Go code by running it on a model of the
//! Go scheduler and exploring its schedules.
//!
//! The pipeline, one module per stage: [`syntax`] parses (never fails),
//! [`model`] lowers the tree to a program representation, [`engine`] runs it on
//! a scheduler model, [`explore`] searches its schedules, [`verdict`] judges
//! each run, [`rules`] name the pattern and build fixes, [`check`] verifies the
//! fixes and gives [`findings`]; [`api`] is the plain result the CLI and the
//! browser worker serialize. [`outline`] lists the concurrency syntactically
//! (what the editor marks at once).

pub mod api;
pub mod check;
pub mod clock;
pub mod diagnostics;
pub mod engine;
pub mod explore;
pub mod findings;
pub mod fix;
pub mod model;
pub mod order;
pub mod outline;
pub mod package;
pub mod position;
pub mod rules;
pub mod slips;
pub mod syntax;
pub mod verdict;
