//! Each concurrency primitive's execution, beside its prediction where it
//! has one.

mod chan;
mod context;
mod select;
mod sync;
mod time;
