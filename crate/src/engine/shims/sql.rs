//! `database/sql`: a database handle is a tracked resource.

use super::args::{Package, Shim};
use super::io::open_resource;

pub(super) const PACKAGE: Package = Package {
    name: "sql",
    plain_args: false,
    shims: &[Shim::func("sql.Open", 2, |_, st, _, c| {
        open_resource(st, c, "database handle")
    })],
};
