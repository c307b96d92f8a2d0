//! `sort`: sorts in place, calling the program's `less` where it has one.

use super::args::{int_arg, none, one, Call, Package, Shim, R};
use crate::engine::machine::{Machine, Ret};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "sort",
    plain_args: true,
    shims: &[
        Shim::func("sort.Ints", 0, |_, st, _, c| sort_values(st, c)),
        Shim::func("sort.Strings", 0, |_, st, _, c| sort_values(st, c)),
        Shim::func("sort.Slice", 0, sort_slice),
        Shim::func("sort.SliceStable", 1, sort_slice),
        Shim::func("sort.Search", 1, search),
        Shim::func("sort.SearchInts", 1, |m, st, _, c| {
            let items = m.slice_items(st, c.args.first().unwrap_or(&Value::Nil));
            let x = int_arg(&c.args, 1).unwrap_or(0);
            let i = items
                .iter()
                .position(|v| matches!(v.plain(), Value::Int(y) if *y >= x))
                .unwrap_or(items.len());
            one(Value::Int(i as i64))
        }),
    ],
};

/// `sort.Ints`, `sort.Strings`.
fn sort_values(st: &mut State, c: Call) -> R<Ret> {
    if let Some(Value::Slice { arr, off, len, .. }) = c.args.first() {
        if let Some(Obj::Array(items)) = st.heap.get_mut(*arr as usize) {
            // The shared sort (`order.rs`): a copy of the standard sort of
            // its own would cost the browser's download more than the
            // speed is worth here.
            let (from, to) = (*off as usize, ((*off + *len) as usize).min(items.len()));
            let mut part: Vec<Value> = items.drain(from.min(to)..to).collect();
            crate::order::sort_by(&mut part, cmp_values);
            items.splice(from.min(to)..from.min(to), part);
        }
    }
    none()
}

/// Binary search for the smallest index where f is true, as Go's.
fn search(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let n = int_arg(&c.args, 0).unwrap_or(0).max(0);
    let f = c.args.get(1).cloned().unwrap_or(Value::UNKNOWN);
    let (mut lo, mut hi) = (0i64, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let r = m.call_sync(st, g, &f, vec![Value::Int(mid)]);
        match r.and_then(|v| v.into_iter().next()) {
            Some(Value::Bool(true)) => hi = mid,
            Some(Value::Bool(false)) => lo = mid + 1,
            _ => return one(Value::UNKNOWN),
        }
    }
    one(Value::Int(lo))
}

/// `sort.Slice`, `sort.SliceStable`: an insertion sort calling the Go less
/// function.
fn sort_slice(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    if let (Some(Value::Slice { arr, off, len, .. }), Some(less)) =
        (c.args.first().cloned(), c.args.get(1).cloned())
    {
        let n = len as usize;
        let mut idx: Vec<usize> = (0..n).collect();
        let items: Vec<Value> = match st.heap.get(arr as usize) {
            Some(Obj::Array(a)) => a[off as usize..off as usize + n].to_vec(),
            _ => Vec::new(),
        };
        let mut work = items.clone();
        for i in 1..n.min(512) {
            let mut j = i;
            while j > 0 {
                // Place candidates at positions j and j-1 for less(j, j-1).
                if let Some(Obj::Array(a)) = st.heap.get_mut(arr as usize) {
                    for (k, v) in work.iter().enumerate() {
                        a[off as usize + k] = v.clone();
                    }
                }
                let r = m.call_sync(
                    st,
                    g,
                    &less,
                    vec![Value::Int(j as i64), Value::Int(j as i64 - 1)],
                );
                if r.and_then(|v| v.into_iter().next()) == Some(Value::Bool(true)) {
                    work.swap(j, j - 1);
                    idx.swap(j, j - 1);
                    j -= 1;
                } else {
                    break;
                }
            }
        }
        if let Some(Obj::Array(a)) = st.heap.get_mut(arr as usize) {
            for (k, v) in work.into_iter().enumerate() {
                a[off as usize + k] = v;
            }
        }
    }
    none()
}
