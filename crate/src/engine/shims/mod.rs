//! The modelled standard library, one file per Go package, behind one table.
//!
//! Each file lists its functions and values as a [`Package`]: entries of
//! `"pkg.Name"` → shim. [`PACKAGES`] collects the files; [`lookup`] finds an
//! entry by its full name (a hash map built once). The compiler turns
//! `pkg.Name` into `Value::Builtin("pkg.Name")` (or the value itself for a
//! constant); a call of that value runs the shim. Methods of runtime objects
//! (a mutex's `Lock`, a context's `Done`) are tables of [`Method`]s, one per
//! object kind, chosen by [`methods_of`]. Anything not listed is opaque: its
//! arguments escape and its results are unknown.
//!
//! Adding a standard-library function is one entry in one file: see
//! docs/ENGINE.md, "Where to add a standard-library function".

mod args;
mod atomic;
mod bufio;
mod builtin;
mod context;
mod errors;
mod fmt;
mod grpc;
mod http;
mod io;
mod log;
mod math;
mod net;
mod os;
mod rand;
mod runtime;
mod sort;
mod sql;
mod strconv;
mod strings;
mod sync;
mod testing;
mod time;
#[path = "unsafe_.rs"]
mod unsafe_pkg;

use super::machine::{Machine, Ret};
use super::state::*;
use super::value::*;
use crate::syntax::Span;
use args::{Call, Member, Method, Package, Shim, This, R};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Every modelled package: the one list to extend with a new file.
const PACKAGES: &[&Package] = &[
    &builtin::PACKAGE,
    &fmt::PACKAGE,
    &log::PACKAGE,
    &errors::PACKAGE,
    &time::PACKAGE,
    &context::PACKAGE,
    &sync::PACKAGE,
    &runtime::PACKAGE,
    &rand::PACKAGE,
    &atomic::PACKAGE,
    &strings::PACKAGE,
    &strconv::PACKAGE,
    &sort::PACKAGE,
    &math::PACKAGE,
    &os::PACKAGE,
    &io::PACKAGE,
    &bufio::PACKAGE,
    &net::PACKAGE,
    &http::PACKAGE,
    &sql::PACKAGE,
    &grpc::PACKAGE,
    &unsafe_pkg::PACKAGE,
];

/// A table entry with its package's properties.
pub(crate) struct Entry {
    pub shim: &'static Shim,
    pub plain_args: bool,
}

fn table() -> &'static HashMap<&'static str, Entry> {
    static TABLE: OnceLock<HashMap<&'static str, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for p in PACKAGES {
            for shim in p.shims {
                t.insert(
                    shim.name,
                    Entry {
                        shim,
                        plain_args: p.plain_args,
                    },
                );
            }
        }
        t
    })
}

/// The entry named `pkg.Name` (or a builtin's bare name).
pub(crate) fn lookup(full: &str) -> Option<&'static Entry> {
    table().get(full)
}

/// A builtin function of the language (`len`, `append`, ...), by name.
pub(crate) fn language_builtin(name: &str) -> Option<&'static str> {
    builtin::PACKAGE
        .shims
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.name)
}

/// Whether `name` is a modelled package (`fmt`, `rand`, ...).
pub(crate) fn is_package(name: &str) -> bool {
    !name.is_empty() && PACKAGES.iter().any(|p| p.name == name)
}

/// The value of `pkg.name` for an import path, if modelled.
pub fn package_member(path: &str, name: &str) -> Option<Value> {
    // Values are found under their exact import path.
    if let Some(Entry {
        shim: Shim {
            member: Member::Value(v),
            ..
        },
        ..
    }) = lookup(&format!("{path}.{name}"))
    {
        return Some(v());
    }
    let pkg = match path {
        "math/rand" | "math/rand/v2" => "rand",
        "sync/atomic" => "atomic",
        "net/http" => "http",
        "database/sql" => "sql",
        "google.golang.org/grpc" => "grpc",
        p => p.rsplit('/').next().unwrap_or(p),
    };
    match lookup(&format!("{pkg}.{name}")) {
        Some(Entry { shim, .. }) if matches!(shim.member, Member::Func { .. }) => {
            Some(Value::Builtin(shim.name))
        }
        _ => None,
    }
}

/// How many results a modelled library function returns, for `f(g())`.
pub fn result_count(path: &str, name: &str) -> Option<usize> {
    let Some(Value::Builtin(full)) = package_member(path, name) else {
        return None;
    };
    Some(match lookup(full).map(|e| &e.shim.member) {
        Some(Member::Func { results, .. }) => *results as usize,
        _ => 1,
    })
}

/// Builtins that touch shared state: scheduling points when exploring.
pub fn is_visible_builtin(name: &str) -> bool {
    matches!(
        lookup(name).map(|e| &e.shim.member),
        Some(Member::Func { visible: true, .. })
    )
}

/// An unmodelled library function named by Go's constructor convention
/// (`tls.NewListener`, `textproto.NewConn`): unknown code whose one result,
/// when it wraps a tracked resource, is not nil.
pub const UNKNOWN_CONSTRUCTOR: &str = "unknown.New";

impl Machine {
    /// Calls the builtin or library function `name`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_builtin(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        name: &str,
        args: Vec<Value>,
        want: u8,
        spread: bool,
        span: Span,
    ) -> R<Ret> {
        let entry = lookup(name);
        let args = if entry.is_some_and(|e| e.plain_args) {
            args.into_iter()
                .map(|a| match a {
                    Value::Named(_, inner) => inner.plain().clone(),
                    a => a,
                })
                .collect()
        } else {
            args
        };
        match entry.map(|e| &e.shim.member) {
            Some(Member::Func { run, .. }) => run(
                self,
                st,
                g,
                Call {
                    args,
                    want,
                    spread,
                    span,
                },
            ),
            _ => self.unknown_code(st, g, &args, want, span, name == UNKNOWN_CONSTRUCTOR),
        }
    }

    /// Methods of runtime objects: sync types, contexts, timers, errors,
    /// resources, `testing.T`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn builtin_method(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        o: ObjId,
        recv: &Value,
        name: &str,
        args: Vec<Value>,
        want: u8,
        span: Span,
    ) -> R<Ret> {
        let _ = recv;
        let Some(obj) = st.heap.get(o as usize).cloned() else {
            return self.opaque_call(st, g, want);
        };
        let this = This {
            o,
            obj,
            args,
            want,
            span,
        };
        if let Obj::Bufio(_) = this.obj {
            return bufio::method(self, st, g, name, this);
        }
        match methods_of(&this.obj).iter().find(|m| m.name == name) {
            Some(m) => (m.run)(self, st, g, this),
            None => match this.obj {
                // An `RLocker`'s other methods are its RWMutex's.
                Obj::ReadLocker(m) => {
                    self.builtin_method(st, g, m, recv, name, this.args, want, span)
                }
                _ => self.opaque_call(st, g, want),
            },
        }
    }
}

/// The methods of a runtime object, by its kind.
fn methods_of(obj: &Obj) -> &'static [Method] {
    match obj {
        Obj::Mutex { rw: false, .. } => sync::MUTEX,
        Obj::Mutex { rw: true, .. } => sync::RW_MUTEX,
        Obj::ReadLocker(_) => sync::READ_LOCKER,
        Obj::WaitGroup { .. } => sync::WAIT_GROUP,
        Obj::Once { .. } => sync::ONCE,
        Obj::Cond { .. } => sync::COND,
        Obj::Atomic(_) => atomic::VALUE,
        Obj::Context(_) => context::CONTEXT,
        Obj::Timer(_) => time::TIMER,
        Obj::Error { .. } => errors::ERROR,
        Obj::Resource { .. } => io::RESOURCE,
        Obj::TestingT { .. } => testing::T,
        Obj::TestingM => testing::M,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_registered_once_under_its_package() {
        let mut seen = std::collections::BTreeSet::new();
        for p in PACKAGES {
            let pkg = (!p.name.is_empty()).then_some(p.name);
            for s in p.shims {
                assert!(seen.insert(s.name), "{} is registered twice", s.name);
                assert_eq!(
                    s.name.split_once('.').map(|(p, _)| p),
                    pkg,
                    "{} is not in its file's package",
                    s.name
                );
            }
        }
        assert_eq!(table().len(), seen.len());
    }

    #[test]
    fn each_method_table_names_a_method_once() {
        for table in [
            sync::MUTEX,
            sync::RW_MUTEX,
            sync::READ_LOCKER,
            sync::WAIT_GROUP,
            sync::ONCE,
            sync::COND,
            atomic::VALUE,
            context::CONTEXT,
            time::TIMER,
            errors::ERROR,
            io::RESOURCE,
            testing::T,
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for m in table {
                assert!(seen.insert(m.name), "{} is listed twice", m.name);
            }
        }
        // An RWMutex has every method of a Mutex.
        for m in sync::MUTEX {
            assert!(
                sync::RW_MUTEX.iter().any(|r| r.name == m.name),
                "{}",
                m.name
            );
        }
    }

    #[test]
    fn lookups_find_functions_values_and_builtins() {
        assert_eq!(
            package_member("math/rand", "Intn"),
            Some(Value::Builtin("rand.Intn"))
        );
        assert_eq!(
            package_member("time", "Second"),
            Some(Value::Duration(1_000_000_000))
        );
        // Values only under their exact import path.
        assert_eq!(package_member("example.com/time", "Second"), None);
        assert_eq!(package_member("fmt", "Nope"), None);
        assert_eq!(result_count("fmt", "Println"), Some(2));
        assert_eq!(result_count("time", "Sleep"), Some(0));
        assert_eq!(result_count("os", "Stdout"), Some(1));
        assert_eq!(result_count("time", "Second"), None);
        assert!(is_visible_builtin("close"));
        assert!(is_visible_builtin("atomic.AddInt64"));
        // Every atomic access is a scheduling point, the unsigned ones too.
        assert!(is_visible_builtin("atomic.AddUint64"));
        assert!(is_visible_builtin("atomic.CompareAndSwapUint32"));
        assert!(!is_visible_builtin("fmt.Println"));
        assert_eq!(language_builtin("append"), Some("append"));
        assert_eq!(language_builtin("fmt.Println"), None);
        assert!(is_package("rand") && is_package("grpc") && !is_package("bytes"));
        assert!(!is_package(""));
    }
}
