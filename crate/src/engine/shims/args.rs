//! Small helpers every shim file uses: reading arguments, returning results.
//! A leaf: it imports nothing from the other shim files.

use crate::engine::interp::{Ret, Trap};
use crate::engine::value::Value;
use std::rc::Rc;

pub(super) type R<T> = Result<T, Trap>;

pub(super) const SECOND: i64 = 1_000_000_000;

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
