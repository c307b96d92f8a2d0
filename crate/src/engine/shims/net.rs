//! `net`: connections and listeners are tracked resources.

use super::args::{Package, Shim};
use super::io::open_resource;

pub(super) const PACKAGE: Package = Package {
    name: "net",
    plain_args: false,
    shims: &[
        Shim::func("net.Dial", 2, |_, st, _, c| {
            open_resource(st, c, "network connection")
        }),
        Shim::func("net.DialTimeout", 2, |_, st, _, c| {
            open_resource(st, c, "network connection")
        }),
        Shim::func("net.Listen", 2, |_, st, _, c| {
            open_resource(st, c, "listener")
        }),
    ],
};
