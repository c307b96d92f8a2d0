//! `unsafe`: a pointer converted to `unsafe.Pointer` is the same pointer
//! (converting it back, `(*T)(p)`, gives the object again), not a value
//! handed to unknown code; the sizes are numbers the program cannot steer
//! a channel operation with, so they are unknown integers.

use super::args::{one, Call, Package, Shim};
use crate::engine::value::Value;

pub(super) const PACKAGE: Package = Package {
    name: "unsafe",
    plain_args: true,
    shims: &[
        Shim::func("unsafe.Pointer", 1, |_, _, _, c: Call| {
            one(c.args.into_iter().next().unwrap_or(Value::Nil))
        }),
        Shim::func("unsafe.Sizeof", 1, |_, _, _, _| one(Value::UNKNOWN)),
        Shim::func("unsafe.Alignof", 1, |_, _, _, _| one(Value::UNKNOWN)),
        Shim::func("unsafe.Offsetof", 1, |_, _, _, _| one(Value::UNKNOWN)),
    ],
};
