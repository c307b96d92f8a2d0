//! `sort`: sorts in place, calling the program's `less` where it has one.

use super::args::{int_arg, none, one, Call, Package, Shim, R};
use super::io::{ask, int, results};
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
    let (p, mut last) = resume(g);
    let (mut lo, mut hi) = (int(p.first()).unwrap_or(0), int(p.get(1)).unwrap_or(n));
    loop {
        let mid = lo + (hi - lo) / 2;
        match last.take() {
            Some(Some(true)) => hi = mid,
            Some(Some(false)) => lo = mid + 1,
            Some(None) => return one(Value::UNKNOWN),
            None => {}
        }
        if lo >= hi {
            return one(Value::Int(lo));
        }
        let mid = lo + (hi - lo) / 2;
        match ask(m, st, g, &f, vec![Value::Int(mid)], ints(&[lo, hi])) {
            Ok(r) => last = Some(truth(r)),
            Err(call) => return call,
        }
    }
}

/// The progress a resumed call kept, and what the function it called
/// last returned (`None` when it made no call; an unknown result inside).
fn resume(g: &Goroutine) -> (Vec<Value>, Option<Option<bool>>) {
    let (p, calls) = results(g);
    (p, calls.last().map(|r| truth(r.first().cloned())))
}

fn truth(v: Option<Value>) -> Option<bool> {
    match v.as_ref().map(Value::plain) {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// `sort.Slice`, `sort.SliceStable`: an insertion sort calling the Go less
/// function, as Go's sort does for up to 12 elements (the order of its
/// calls is Go's there; this one sorts up to 512 so).
fn sort_slice(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let (Some(Value::Slice { arr, off, len, .. }), Some(less)) =
        (c.args.first().cloned(), c.args.get(1).cloned())
    else {
        return none();
    };
    let n = (len as i64).min(512);
    let (p, mut last) = resume(g);
    let (mut i, mut j) = (int(p.first()).unwrap_or(1), int(p.get(1)).unwrap_or(1));
    loop {
        if let Some(swap) = last.take() {
            if swap == Some(true) {
                if let Some(Obj::Array(a)) = st.heap.get_mut(arr as usize) {
                    a.swap((off as i64 + j) as usize, (off as i64 + j - 1) as usize);
                }
                j -= 1;
            }
            if swap != Some(true) || j == 0 {
                i += 1;
                j = i;
            }
        }
        if i >= n {
            return none();
        }
        let args = vec![Value::Int(j), Value::Int(j - 1)];
        match ask(m, st, g, &less, args, ints(&[i, j])) {
            Ok(r) => last = Some(truth(r)),
            Err(call) => return call,
        }
    }
}

fn ints(v: &[i64]) -> Vec<Value> {
    v.iter().map(|i| Value::Int(*i)).collect()
}
