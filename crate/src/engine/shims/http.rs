//! `net/http`: a response body is a tracked resource.

use super::args::{Package, Shim};
use super::io::open_resource;

pub(super) const PACKAGE: Package = Package {
    name: "http",
    plain_args: false,
    shims: &[
        Shim::func("http.Get", 2, |_, st, _, c| {
            open_resource(st, c, "HTTP response body")
        }),
        Shim::func("http.Post", 2, |_, st, _, c| {
            open_resource(st, c, "HTTP response body")
        }),
    ],
};
