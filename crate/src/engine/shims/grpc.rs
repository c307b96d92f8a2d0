//! `google.golang.org/grpc`: a client connection is a tracked resource.

use super::args::{Package, Shim};
use super::io::open_resource;

pub(super) const PACKAGE: Package = Package {
    name: "grpc",
    plain_args: false,
    shims: &[
        Shim::func("grpc.Dial", 2, |_, st, _, c| {
            open_resource(st, c, "gRPC connection")
        }),
        Shim::func("grpc.NewClient", 2, |_, st, _, c| {
            open_resource(st, c, "gRPC connection")
        }),
        Shim::func("grpc.DialContext", 2, |_, st, _, c| {
            open_resource(st, c, "gRPC connection")
        }),
    ],
};
