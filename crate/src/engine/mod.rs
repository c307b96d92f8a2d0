//! The engine: compiles the program model to stack-machine code and runs it
//! on a model of the Go scheduler. [`Machine::advance`] runs until the next
//! choice; [`Machine::choose`] answers it. A schedule is the list of answers.

pub mod code;
pub mod compile;
mod concurrency;
mod exec;
mod format;
pub mod machine;
mod memory;
mod ops;
mod record;
mod shims;
pub mod state;
pub mod symbolic;
pub mod symmetry;
mod types;
pub mod value;
mod wait;
pub mod witness;

pub use code::Compiled;
pub use compile::compile;
pub use machine::{Limits, Machine};
pub use state::*;

use crate::model::FuncId;

/// Runs `entry` on the default schedule: Go's run-queue order with one
/// processor; every other choice takes its first option.
pub fn run_default(machine: &Machine, entry: FuncId) -> State {
    run_default_within(machine, entry, &mut || false)
}

/// [`run_default`] under a budget (`Machine::advance_within`).
pub fn run_default_within(
    machine: &Machine,
    entry: FuncId,
    out_of_time: &mut dyn FnMut() -> bool,
) -> State {
    let mut st = machine.start(entry, Mode::RUN);
    while machine.advance_within(&mut st, out_of_time).is_some() {
        machine.choose(&mut st, 0);
    }
    st
}

/// Replays a schedule (answers by option index); past its end every choice
/// takes option 0.
pub fn replay(machine: &Machine, entry: FuncId, schedule: &[u32], mode: Mode) -> State {
    let mut st = machine.start(entry, mode);
    let mut i = 0;
    while machine.advance(&mut st).is_some() {
        let c = schedule.get(i).copied().unwrap_or(0);
        machine.choose(&mut st, c as usize);
        i += 1;
    }
    st
}

#[cfg(test)]
mod tests;
