//! `sync/atomic`: the functions on pointers and the methods of the typed
//! values (`atomic.Int64`, `atomic.Value`, ...).

use super::args::{int_arg, none, one, Call, Method, Package, Shim, R};
use crate::engine::machine::{Machine, Ret};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "atomic",
    plain_args: false,
    shims: &[
        // Every access is a scheduling point: atomics order goroutines as
        // channels and locks do.
        Shim::func("atomic.AddInt32", 1, add).visible(),
        Shim::func("atomic.AddInt64", 1, add).visible(),
        Shim::func("atomic.AddUint32", 1, add).visible(),
        Shim::func("atomic.AddUint64", 1, add).visible(),
        Shim::func("atomic.AddUintptr", 1, add).visible(),
        Shim::func("atomic.LoadInt32", 1, load).visible(),
        Shim::func("atomic.LoadInt64", 1, load).visible(),
        Shim::func("atomic.LoadUint32", 1, load).visible(),
        Shim::func("atomic.LoadUint64", 1, load).visible(),
        Shim::func("atomic.LoadUintptr", 1, load).visible(),
        Shim::func("atomic.StoreInt32", 0, store).visible(),
        Shim::func("atomic.StoreInt64", 0, store).visible(),
        Shim::func("atomic.StoreUint32", 0, store).visible(),
        Shim::func("atomic.StoreUint64", 0, store).visible(),
        Shim::func("atomic.StoreUintptr", 0, store).visible(),
        Shim::func("atomic.SwapInt32", 1, swap).visible(),
        Shim::func("atomic.SwapInt64", 1, swap).visible(),
        Shim::func("atomic.SwapUint32", 1, swap).visible(),
        Shim::func("atomic.SwapUint64", 1, swap).visible(),
        Shim::func("atomic.SwapUintptr", 1, swap).visible(),
        Shim::func("atomic.CompareAndSwapInt32", 1, compare_and_swap).visible(),
        Shim::func("atomic.CompareAndSwapInt64", 1, compare_and_swap).visible(),
        Shim::func("atomic.CompareAndSwapUint32", 1, compare_and_swap).visible(),
        Shim::func("atomic.CompareAndSwapUint64", 1, compare_and_swap).visible(),
        Shim::func("atomic.CompareAndSwapUintptr", 1, compare_and_swap).visible(),
    ],
};

/// The methods of a typed atomic value.
pub(super) const VALUE: &[Method] = &[
    Method {
        name: "Load",
        run: |_, _, _, t| match t.obj {
            Obj::Atomic(v) => one(v),
            _ => one(Value::UNKNOWN),
        },
    },
    Method {
        name: "Store",
        run: |_, st, _, t| {
            st.heap[t.o as usize] =
                Obj::Atomic(t.args.into_iter().next().unwrap_or(Value::UNKNOWN));
            none()
        },
    },
    Method {
        name: "Add",
        run: |_, st, _, t| {
            let new = match (t.obj, int_arg(&t.args, 0)) {
                (Obj::Atomic(Value::Int(a)), Some(d)) => Value::Int(a.wrapping_add(d)),
                _ => Value::UNKNOWN,
            };
            st.heap[t.o as usize] = Obj::Atomic(new.clone());
            one(new)
        },
    },
    Method {
        name: "Swap",
        run: |_, st, _, t| {
            st.heap[t.o as usize] =
                Obj::Atomic(t.args.into_iter().next().unwrap_or(Value::UNKNOWN));
            match t.obj {
                Obj::Atomic(v) => one(v),
                _ => one(Value::UNKNOWN),
            }
        },
    },
    Method {
        name: "CompareAndSwap",
        run: |m, st, _, t| {
            let Obj::Atomic(v) = t.obj else {
                return one(Value::UNKNOWN);
            };
            if m.equal(st, &v, t.args.first().unwrap_or(&Value::UNKNOWN)) == Some(true) {
                st.heap[t.o as usize] =
                    Obj::Atomic(t.args.get(1).cloned().unwrap_or(Value::UNKNOWN));
                one(Value::Bool(true))
            } else {
                one(Value::Bool(false))
            }
        },
    },
];

fn add(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let p = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    let d = match c.args.get(1).map(Value::plain) {
        Some(Value::Int(d)) => *d,
        _ => 0,
    };
    let cur = m.deref(st, &p)?;
    // A sized integer wraps at its width (`AddUint32(&n, ^uint32(0))` is
    // Go's way to subtract one).
    let new = match (&cur, m.int_kind_of(&cur)) {
        (Value::Named(_, i), Some(k)) => match **i {
            Value::Int(i) => m.sized(k, i.wrapping_add(d)),
            _ => Value::UNKNOWN,
        },
        (Value::Int(i), _) => Value::Int(i.wrapping_add(d)),
        (Value::Named(t, i), None) => match **i {
            Value::Int(i) => m.wrap_named(*t, Value::Int(i.wrapping_add(d))),
            _ => Value::UNKNOWN,
        },
        _ => Value::UNKNOWN,
    };
    m.store_deref(st, &p, new.clone())?;
    one(new)
}

/// `atomic.SwapT(&x, new)`: stores `new` and returns the old value.
fn swap(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let p = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    let old = m.deref(st, &p)?;
    m.store_deref(st, &p, c.args.get(1).cloned().unwrap_or(Value::UNKNOWN))?;
    one(old)
}

fn load(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let p = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    one(m.deref(st, &p)?)
}

fn store(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let p = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    m.store_deref(st, &p, c.args.get(1).cloned().unwrap_or(Value::UNKNOWN))?;
    none()
}

fn compare_and_swap(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let p = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    let cur = m.deref(st, &p)?;
    if m.equal(st, &cur, c.args.get(1).unwrap_or(&Value::UNKNOWN)) == Some(true) {
        m.store_deref(st, &p, c.args.get(2).cloned().unwrap_or(Value::UNKNOWN))?;
        one(Value::Bool(true))
    } else {
        one(Value::Bool(false))
    }
}
