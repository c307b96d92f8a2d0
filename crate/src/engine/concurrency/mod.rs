//! Each concurrency primitive's execution beside its prediction: what it
//! does, whether it would block, and what it touches.

mod chan;
mod context;
pub(in crate::engine) mod select;
pub(in crate::engine) mod sync;
mod time;
