//! `runtime`: yielding, counting goroutines, `Goexit`.

use super::args::{none, one, Package, Shim};
use crate::engine::machine::Ret;
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "runtime",
    plain_args: false,
    shims: &[
        Shim::func("runtime.Gosched", 0, |_, _, _, _| Ok(Ret::Gosched)).visible(),
        Shim::func("runtime.NumGoroutine", 1, |_, st, _, _| {
            let n = st
                .sched
                .gs
                .iter()
                .filter(|x| !x.runtime && !matches!(x.status, Status::Done | Status::Panicked))
                .count()
                + 1;
            one(Value::Int(n as i64))
        }),
        Shim::func("runtime.GOMAXPROCS", 1, |_, _, _, _| one(Value::Int(1))),
        Shim::func("runtime.NumCPU", 1, |_, _, _, _| one(Value::Int(1))),
        Shim::func("runtime.Goexit", 0, |_, _, _, _| Ok(Ret::Goexit)),
        Shim::func("runtime.GC", 0, |_, _, _, _| none()),
    ],
};
