//! `context`: cancellation trees, deadlines and values.

use super::args::{one, vals, Call, Method, Package, Shim, R};
use crate::engine::machine::{Machine, Ret, BACKGROUND_CTX, ERR_CANCELED, ERR_DEADLINE};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "context",
    plain_args: false,
    shims: &[
        Shim::value("context.Canceled", || Value::Obj(ERR_CANCELED)),
        Shim::value("context.DeadlineExceeded", || Value::Obj(ERR_DEADLINE)),
        Shim::func("context.Background", 1, |_, _, _, _| {
            one(Value::Obj(BACKGROUND_CTX))
        }),
        Shim::func("context.TODO", 1, |_, _, _, _| {
            one(Value::Obj(BACKGROUND_CTX))
        }),
        Shim::func("context.WithCancel", 2, |m, st, _, c| {
            with_cancel(m, st, c, Own::None)
        }),
        Shim::func("context.WithTimeout", 2, |m, st, _, c| {
            with_cancel(m, st, c, Own::Timeout)
        }),
        Shim::func("context.WithDeadline", 2, |m, st, _, c| {
            with_cancel(m, st, c, Own::Deadline)
        }),
        Shim::func("context.WithValue", 1, with_value),
        Shim::func("context.Cause", 1, |m, st, g, c| {
            m.escape(st, &c.args);
            m.opaque_call(st, g, c.want)
        }),
    ],
};

/// The methods of a context.
pub(super) const CONTEXT: &[Method] = &[
    Method {
        name: "Done",
        run: |_, st, _, t| one(ctx_done(st, t.o)),
    },
    Method {
        name: "Err",
        run: |_, st, _, t| one(ctx_err(st, t.o).map(Value::Obj).unwrap_or(Value::Nil)),
    },
    Method {
        name: "Value",
        run: |m, st, _, t| {
            let key = t.args.first().cloned().unwrap_or(Value::Nil);
            let mut c = Some(t.o);
            while let Some(id) = c {
                match st.heap.get(id as usize) {
                    Some(Obj::Context(cx)) => {
                        if cx.kind == CtxKind::Value && m.equal(st, &cx.key, &key) == Some(true) {
                            return one(cx.value.clone());
                        }
                        c = cx.parent;
                    }
                    _ => break,
                }
            }
            one(Value::Nil)
        },
    },
    Method {
        name: "Deadline",
        run: |_, st, _, t| match ctx_deadline(st, t.o) {
            Some(d) => vals(vec![Value::Time(d), Value::Bool(true)]),
            None => vals(vec![Value::Time(0), Value::Bool(false)]),
        },
    },
];

/// The deadline a `WithCancel`-like constructor sets of its own.
#[derive(Clone, Copy, PartialEq)]
enum Own {
    /// `WithCancel`: none.
    None,
    /// `WithTimeout(parent, d)`: now + d.
    Timeout,
    /// `WithDeadline(parent, t)`: t.
    Deadline,
}

/// `context.WithCancel`, `WithTimeout`, `WithDeadline`.
fn with_cancel(m: &Machine, st: &mut State, c: Call, kind: Own) -> R<Ret> {
    let args = c.args;
    let span = c.span;
    let parent = m.deref_obj(st, args.first().unwrap_or(&Value::Nil));
    let done = st.alloc(Obj::Chan(Chan {
        cap: 0,
        buf: Default::default(),
        closed: false,
        make_span: span,
        elem_zero: Value::EmptyStruct,
        recvq: Vec::new(),
        sendq: Vec::new(),
        runtime_owned: true,
        counted: false,
    }));
    let ctx = st.alloc(Obj::Context(Context {
        kind: CtxKind::Cancel,
        parent,
        done: Some(done),
        err: None,
        children: Vec::new(),
        key: Value::Nil,
        value: Value::Nil,
        deadline: None,
    }));
    let own = match (kind, args.get(1).map(|a| a.plain())) {
        (Own::Timeout, Some(Value::Duration(d) | Value::Int(d))) => {
            Some(st.clock.now.saturating_add(*d))
        }
        (Own::Deadline, Some(Value::Time(t))) => Some(*t),
        _ => None,
    };
    let inherited = parent.and_then(|p| ctx_deadline(st, p));
    let deadline = match (own, inherited) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(Obj::Context(cx)) = st.heap.get_mut(ctx as usize) {
        cx.deadline = deadline;
    }
    let mut parent_err = None;
    if let Some(p) = parent {
        if let Some(Obj::Context(pc)) = st.heap.get_mut(p as usize) {
            pc.children.push(ctx);
        }
        parent_err = ctx_err(st, p);
    }
    let r = st.alloc(Obj::Resource {
        kind: "context cancel func",
        span,
        released: false,
    });
    st.facts.resources.push(r);
    if kind != Own::None {
        let when = match (kind, args.get(1)) {
            (Own::Timeout, Some(Value::Duration(d) | Value::Int(d))) => {
                Some(st.clock.now.saturating_add(*d))
            }
            (Own::Deadline, Some(Value::Time(t))) => Some(*t),
            _ => None,
        };
        if let Some(w) = when {
            m.add_timer(st, w.max(st.clock.now), TimerAction::CtxDeadline(ctx));
        }
    }
    if let Some(err) = parent_err {
        m.cancel_ctx(st, ctx, err);
    }
    let cancel = st.alloc(Obj::CancelFunc { ctx, resource: r });
    vals(vec![Value::Obj(ctx), Value::Obj(cancel)])
}

fn with_value(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let args = c.args;
    let parent = m.deref_obj(st, args.first().unwrap_or(&Value::Nil));
    let ctx = st.alloc(Obj::Context(Context {
        kind: CtxKind::Value,
        parent,
        done: None,
        err: None,
        children: Vec::new(),
        key: args.get(1).cloned().unwrap_or(Value::Nil),
        value: args.get(2).cloned().unwrap_or(Value::Nil),
        deadline: None,
    }));
    if let Some(p) = parent {
        if let Some(Obj::Context(pc)) = st.heap.get_mut(p as usize) {
            pc.children.push(ctx);
        }
    }
    one(Value::Obj(ctx))
}

/// A context's deadline: its own or the nearest ancestor's.
fn ctx_deadline(st: &State, mut c: ObjId) -> Option<i64> {
    for _ in 0..64 {
        match st.heap.get(c as usize) {
            Some(Obj::Context(cx)) => match cx.kind {
                CtxKind::Cancel => return cx.deadline,
                CtxKind::Background => return None,
                CtxKind::Value => c = cx.parent?,
            },
            _ => return None,
        }
    }
    None
}

fn ctx_err(st: &State, mut c: ObjId) -> Option<ObjId> {
    for _ in 0..64 {
        match st.heap.get(c as usize) {
            Some(Obj::Context(cx)) => match cx.kind {
                CtxKind::Cancel => return cx.err,
                CtxKind::Background => return None,
                CtxKind::Value => c = cx.parent?,
            },
            _ => return None,
        }
    }
    None
}

fn ctx_done(st: &State, mut c: ObjId) -> Value {
    for _ in 0..64 {
        match st.heap.get(c as usize) {
            Some(Obj::Context(cx)) => match cx.kind {
                CtxKind::Cancel => return cx.done.map(Value::Chan).unwrap_or(Value::Nil),
                CtxKind::Background => return Value::Nil,
                CtxKind::Value => match cx.parent {
                    Some(p) => c = p,
                    None => return Value::Nil,
                },
            },
            _ => return Value::UNKNOWN,
        }
    }
    Value::UNKNOWN
}
