//! `os`: exit, environment, standard streams, files (tracked resources).

use super::args::{int_arg, one, Package, Shim, STDERR, STDOUT};
use super::io::open_resource;
use crate::engine::machine::Ret;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "os",
    plain_args: true,
    shims: &[
        Shim::value(STDOUT, || Value::Builtin(STDOUT)),
        Shim::value(STDERR, || Value::Builtin(STDERR)),
        Shim::func("os.Exit", 0, |_, _, _, c| {
            Ok(Ret::Exit(int_arg(&c.args, 0).unwrap_or(0) as i32))
        }),
        Shim::func("os.Getenv", 1, |_, _, _, _| one(Value::str(""))),
        Shim::func("os.Open", 2, |_, st, _, c| open_resource(st, c, "file")),
        Shim::func("os.Create", 2, |_, st, _, c| open_resource(st, c, "file")),
        Shim::func("os.ReadFile", 2, |m, st, g, c| {
            m.escape(st, &c.args);
            m.opaque_call(st, g, c.want)
        }),
    ],
};
