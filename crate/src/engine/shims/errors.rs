//! `errors`, and the methods of the error values `errors.New` and
//! `fmt.Errorf` make.

use super::args::{one, str_arg, Call, Method, Package, Shim, R};
use super::io::{ask, int, results};
use crate::engine::machine::{Machine, MethodTarget, Ret};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "errors",
    plain_args: false,
    shims: &[
        Shim::func("errors.New", 1, |_, st, _, c| {
            let msg = str_arg(&c.args, 0).unwrap_or_else(|| "".into());
            one(Value::Obj(st.alloc(Obj::Error { msg, wrapped: None })))
        }),
        Shim::func("errors.Is", 1, |m, st, g, c| walk(m, st, g, c, true)),
        Shim::func("errors.Unwrap", 1, |m, st, g, c| {
            let (_, calls) = results(g);
            if let Some(r) = calls.last() {
                return one(r.first().cloned().unwrap_or(Value::Nil));
            }
            let e = c.args.first().cloned().unwrap_or(Value::Nil);
            match unwrap_step(m, st, g, &e) {
                Ok(w) => one(w),
                Err(call) => call,
            }
        }),
        Shim::func("errors.As", 1, |m, st, g, c| walk(m, st, g, c, false)),
        Shim::func("errors.Join", 1, |m, st, g, c| {
            m.escape(st, &c.args);
            m.opaque_call(st, g, c.want)
        }),
    ],
};

/// The methods of an error value.
pub(super) const ERROR: &[Method] = &[
    Method {
        name: "Error",
        run: |_, _, _, t| match t.obj {
            Obj::Error { msg, .. } => one(Value::Str(msg)),
            _ => one(Value::UNKNOWN),
        },
    },
    Method {
        name: "Unwrap",
        run: |_, _, _, t| match t.obj {
            Obj::Error { wrapped, .. } => one(wrapped.unwrap_or(Value::Nil)),
            _ => one(Value::UNKNOWN),
        },
    },
];

/// `errors.Is` (`is`) or `errors.As`: walks the chain of wrapped errors,
/// calling the program's `Is` and `Unwrap` methods as frames (resuming at
/// `stage` 0, comparing `e`, or 1, unwrapping it).
fn walk(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call, is: bool) -> R<Ret> {
    let target = c.args.get(1).cloned().unwrap_or(Value::Nil);
    // The compiler passes As's target element type as a third argument
    // when it knows it.
    let ty = match c.args.get(2) {
        Some(Value::Type(t)) => Some(*t),
        _ if is => None,
        _ => {
            m.escape(st, &c.args);
            return m.opaque_call(st, g, c.want);
        }
    };
    let (p, calls) = results(g);
    let mut e = p.first().cloned().unwrap_or_else(|| c.args[0].clone());
    let mut stage = int(p.get(1)).unwrap_or(0);
    if let Some(r) = calls.last() {
        let v = r.first().cloned().unwrap_or(Value::Nil);
        if stage == 0 {
            if v.plain() == &Value::Bool(true) {
                return one(v);
            }
            stage = 1;
        } else {
            e = v;
            stage = 0;
        }
    }
    for _ in 0..32 {
        if e.is_unknown() || e.is_nil() {
            break;
        }
        if stage == 0 {
            stage = 1;
            if is && m.equal(st, &e, &target) == Some(true) {
                return one(Value::Bool(true));
            }
            if !is && m.type_matches(st, &e, ty) {
                m.store_deref(st, &target, e)?;
                return one(Value::Bool(true));
            }
            // A type's own `Is(error) bool` method.
            if let (MethodTarget::User(f, recv), true) = (m.resolve_method(st, &e, "Is"), is) {
                let keep = vec![e.clone(), Value::Int(0)];
                match ask(m, st, g, &Value::Func(f), vec![recv, target.clone()], keep) {
                    Err(call) => return call,
                    Ok(Some(Value::Bool(true))) => return one(Value::Bool(true)),
                    Ok(_) => {}
                }
            }
        } else {
            stage = 0;
            e = match unwrap_step(m, st, g, &e) {
                Ok(w) => w,
                Err(call) => return call,
            };
        }
    }
    one(Value::Bool(false))
}

/// One step of `errors.Unwrap`: the error a `%w` wrapped, or the result of
/// the program's `Unwrap() error` method (`Err`: its call first); nil for
/// anything else.
fn unwrap_step(m: &Machine, st: &mut State, g: &mut Goroutine, e: &Value) -> Result<Value, R<Ret>> {
    if let Value::Obj(o) = e {
        return Ok(match st.heap.get(*o as usize) {
            Some(Obj::Error {
                wrapped: Some(w), ..
            }) => w.clone(),
            _ => Value::Nil,
        });
    }
    match m.resolve_method(st, e, "Unwrap") {
        MethodTarget::User(f, recv) if m.c.program.funcs[f as usize].params.is_empty() => {
            let keep = vec![e.clone(), Value::Int(1)];
            Ok(ask(m, st, g, &Value::Func(f), vec![recv], keep)?.unwrap_or(Value::Nil))
        }
        _ => Ok(Value::Nil),
    }
}
