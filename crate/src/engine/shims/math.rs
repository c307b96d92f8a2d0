//! `math`: constants and a few functions of floats.

use super::args::{one, Call, Package, Shim, R};
use crate::engine::machine::Ret;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "math",
    plain_args: true,
    shims: &[
        Shim::value("math.MaxInt64", || Value::Int(i64::MAX)),
        Shim::value("math.MaxInt", || Value::Int(i64::MAX)),
        Shim::value("math.MinInt64", || Value::Int(i64::MIN)),
        Shim::value("math.MinInt", || Value::Int(i64::MIN)),
        Shim::value("math.MaxInt32", || Value::Int(i32::MAX as i64)),
        Shim::value("math.Pi", || Value::Float(F64(std::f64::consts::PI))),
        Shim::func("math.Sqrt", 1, |_, _, _, c| unary(c, f64::sqrt)),
        Shim::func("math.Abs", 1, |_, _, _, c| unary(c, f64::abs)),
        Shim::func("math.Floor", 1, |_, _, _, c| unary(c, f64::floor)),
        Shim::func("math.Max", 1, |_, _, _, c| binary(c, f64::max)),
        Shim::func("math.Min", 1, |_, _, _, c| binary(c, f64::min)),
        Shim::func("math.Pow", 1, |_, _, _, c| binary(c, f64::powf)),
    ],
};

fn unary(c: Call, f: fn(f64) -> f64) -> R<Ret> {
    let x = match c.args.first() {
        Some(Value::Float(f)) => f.0,
        Some(Value::Int(i)) => *i as f64,
        _ => return one(Value::UNKNOWN),
    };
    one(Value::Float(F64(f(x))))
}

fn binary(c: Call, op: fn(f64, f64) -> f64) -> R<Ret> {
    let f = |v: Option<&Value>| match v {
        Some(Value::Float(f)) => Some(f.0),
        Some(Value::Int(i)) => Some(*i as f64),
        _ => None,
    };
    match (f(c.args.first()), f(c.args.get(1))) {
        (Some(a), Some(b)) => one(Value::Float(F64(op(a, b)))),
        _ => one(Value::UNKNOWN),
    }
}
