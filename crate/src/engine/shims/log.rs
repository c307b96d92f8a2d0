//! `log`: prints to standard error; `Fatal*` exits with status 1.

use super::args::{Package, Shim};
use super::fmt::{print, Sink, Style};

pub(super) const PACKAGE: Package = Package {
    name: "log",
    plain_args: false,
    shims: &[
        Shim::func("log.Println", 0, |m, st, g, c| {
            print(m, st, g, c, Style::Ln, Sink::Log)
        }),
        Shim::func("log.Printf", 0, |m, st, g, c| {
            print(m, st, g, c, Style::Format, Sink::Log)
        }),
        Shim::func("log.Print", 0, |m, st, g, c| {
            print(m, st, g, c, Style::Plain, Sink::Log)
        }),
        Shim::func("log.Fatal", 0, |m, st, g, c| {
            print(m, st, g, c, Style::Plain, Sink::LogFatal)
        }),
        Shim::func("log.Fatalf", 0, |m, st, g, c| {
            print(m, st, g, c, Style::Format, Sink::LogFatal)
        }),
        Shim::func("log.Fatalln", 0, |m, st, g, c| {
            print(m, st, g, c, Style::Ln, Sink::LogFatal)
        }),
    ],
};
