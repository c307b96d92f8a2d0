//! `errors`, and the methods of the error values `errors.New` and
//! `fmt.Errorf` make.

use super::args::{one, str_arg, Call, Method, Package, Shim, R};
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
        Shim::func("errors.Is", 1, is),
        Shim::func("errors.Unwrap", 1, |m, st, g, c| {
            let e = c.args.first().cloned().unwrap_or(Value::Nil);
            one(m.unwrap_error(st, g, &e).unwrap_or(Value::Nil))
        }),
        Shim::func("errors.As", 1, as_),
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

fn is(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let mut e = c.args.first().cloned().unwrap_or(Value::Nil);
    let target = c.args.get(1).cloned().unwrap_or(Value::Nil);
    for _ in 0..16 {
        if e.is_nil() {
            break;
        }
        if m.equal(st, &e, &target) == Some(true) {
            return one(Value::Bool(true));
        }
        // A user type's `Is(error) bool` method.
        if let MethodTarget::User(f, recv) = m.resolve_method(st, &e, "Is") {
            let r = m.call_sync(st, g, &Value::Func(f), vec![recv, target.clone()]);
            if r.and_then(|r| r.into_iter().next()) == Some(Value::Bool(true)) {
                return one(Value::Bool(true));
            }
        }
        match m.unwrap_error(st, g, &e) {
            Some(w) => e = w,
            None => break,
        }
    }
    one(Value::Bool(false))
}

fn as_(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let args = c.args;
    // The compiler passes the target's element type as a third
    // argument when it knows it.
    let (Some(target), Some(Value::Type(t))) = (args.get(1).cloned(), args.get(2)) else {
        m.escape(st, &args);
        return m.opaque_call(st, g, c.want);
    };
    let t = *t;
    let mut e = args.first().cloned().unwrap_or(Value::Nil);
    for _ in 0..16 {
        if e.is_nil() {
            break;
        }
        if m.type_matches(st, &e, Some(t)) {
            m.store_deref(st, &target, e)?;
            return one(Value::Bool(true));
        }
        match m.unwrap_error(st, g, &e) {
            Some(w) => e = w,
            None => break,
        }
    }
    one(Value::Bool(false))
}

impl Machine {
    /// What `errors.Unwrap` returns: the error a `%w` wrapped, or the
    /// result of a user type's `Unwrap() error` method.
    pub(crate) fn unwrap_error(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        e: &Value,
    ) -> Option<Value> {
        if let Value::Obj(o) = e {
            return match st.heap.get(*o as usize) {
                Some(Obj::Error {
                    wrapped: Some(w), ..
                }) => Some(w.clone()),
                _ => None,
            };
        }
        match self.resolve_method(st, e, "Unwrap") {
            MethodTarget::User(f, recv) if self.c.program.funcs[f as usize].params.is_empty() => {
                let r = self.call_sync(st, g, &Value::Func(f), vec![recv])?;
                r.into_iter()
                    .next()
                    .filter(|w| !w.is_nil() && !w.is_unknown())
            }
            _ => None,
        }
    }
}
