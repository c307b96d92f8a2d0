//! What every shim file uses: the table's entry types, reading arguments,
//! returning results. A leaf: it imports nothing from the other shim files.

use crate::engine::machine::{Machine, Ret, Trap};
use crate::engine::state::Goroutine;
use crate::engine::value::{Obj, ObjId, Value};
use crate::engine::State;
use crate::syntax::Span;
use std::rc::Rc;

pub(crate) type R<T> = Result<T, Trap>;

pub(super) const SECOND: i64 = 1_000_000_000;

/// The values `os.Stdout` and `os.Stderr` (what `fmt.Fprint*` and
/// `io.Copy` write to).
pub(super) const STDOUT: &str = "os.Stdout";
pub(super) const STDERR: &str = "os.Stderr";

/// Argument `i` as an integer (a duration or a float counts).
pub(super) fn int_arg(args: &[Value], i: usize) -> Option<i64> {
    match args.get(i).map(|v| v.plain()) {
        Some(Value::Int(v)) | Some(Value::Duration(v)) => Some(*v),
        Some(Value::Float(f)) => Some(f.0 as i64),
        _ => None,
    }
}

/// Argument `i` as a string.
pub(super) fn str_arg(args: &[Value], i: usize) -> Option<Rc<str>> {
    match args.get(i) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Returns these results.
pub(super) fn vals(v: Vec<Value>) -> R<Ret> {
    Ok(Ret::Values(v))
}

/// Returns one result.
pub(super) fn one(v: Value) -> R<Ret> {
    Ok(Ret::Values(vec![v]))
}

/// Returns nothing.
pub(super) fn none() -> R<Ret> {
    Ok(Ret::Values(vec![]))
}

/// A call of a library function, as its shim receives it.
pub(crate) struct Call {
    pub args: Vec<Value>,
    /// How many results the caller takes.
    pub want: u8,
    /// The last argument was spread (`f(xs...)`).
    pub spread: bool,
    pub span: Span,
}

/// The model of one library function.
pub(crate) type FuncShim = fn(&Machine, &mut State, &mut Goroutine, Call) -> R<Ret>;

/// What a package member is.
pub(crate) enum Member {
    Func {
        /// How many results it returns, for `f(g())`.
        results: u8,
        /// It touches shared state: a scheduling point when exploring.
        visible: bool,
        run: FuncShim,
    },
    /// A constant or variable (`time.Second`, `io.EOF`).
    Value(fn() -> Value),
}

/// One entry of a package's table.
pub(crate) struct Shim {
    /// `pkg.Name`, with the package's last path element (`rand.Intn` for
    /// `math/rand`); the language's own builtins have no package (`len`).
    pub name: &'static str,
    pub member: Member,
}

impl Shim {
    /// A function returning `results` values.
    pub(crate) const fn func(name: &'static str, results: u8, run: FuncShim) -> Shim {
        Shim {
            name,
            member: Member::Func {
                results,
                visible: false,
                run,
            },
        }
    }

    /// The same function, a scheduling point when exploring.
    pub(crate) const fn visible(self) -> Shim {
        match self.member {
            Member::Func { results, run, .. } => Shim {
                name: self.name,
                member: Member::Func {
                    results,
                    visible: true,
                    run,
                },
            },
            member => Shim {
                name: self.name,
                member,
            },
        }
    }

    /// A package-level value.
    pub(crate) const fn value(name: &'static str, value: fn() -> Value) -> Shim {
        Shim {
            name,
            member: Member::Value(value),
        }
    }
}

/// One Go package's table.
pub(crate) struct Package {
    /// The package's name as the code calls it (`rand` for `math/rand`);
    /// empty for the language's builtins.
    pub name: &'static str,
    /// Its functions take the underlying values whatever their declared
    /// type (`strings.ToUpper(color)`, `sort.Ints(ids)`); `fmt` and the
    /// context keys keep the type.
    pub plain_args: bool,
    pub shims: &'static [Shim],
}

/// A method call on a runtime object, as its shim receives it.
pub(crate) struct This {
    /// The receiver object and a copy of it as it was at the call.
    pub o: ObjId,
    pub obj: Obj,
    pub args: Vec<Value>,
    pub want: u8,
    pub span: Span,
}

/// The model of one method of a runtime object.
pub(crate) type MethodShim = fn(&Machine, &mut State, &mut Goroutine, This) -> R<Ret>;

pub(crate) struct Method {
    pub name: &'static str,
    pub run: MethodShim,
}
