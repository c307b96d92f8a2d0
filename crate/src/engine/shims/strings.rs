//! `strings`: pure functions on known strings; unknown inputs give unknown
//! results.

use super::args::{int_arg, one, str_arg, Call, Package, Shim, R};
use crate::engine::machine::{Machine, Ret};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "strings",
    plain_args: true,
    shims: &[
        Shim::func("strings.ToUpper", 1, |_, _, _, c| {
            map_str(c, |s| Value::str(&s.to_uppercase()))
        }),
        Shim::func("strings.ToLower", 1, |_, _, _, c| {
            map_str(c, |s| Value::str(&s.to_lowercase()))
        }),
        Shim::func("strings.TrimSpace", 1, |_, _, _, c| {
            map_str(c, |s| Value::str(s.trim()))
        }),
        Shim::func("strings.Repeat", 1, |_, _, _, c| {
            match (str_arg(&c.args, 0), int_arg(&c.args, 1)) {
                (Some(s), Some(n))
                    if (0..100_000).contains(&n) && s.len() * (n as usize) < 1 << 20 =>
                {
                    one(Value::str(&s.repeat(n as usize)))
                }
                _ => one(Value::UNKNOWN),
            }
        }),
        Shim::func("strings.Contains", 1, |_, _, _, c| {
            two_str(c, |a, b| Value::Bool(a.contains(b)))
        }),
        Shim::func("strings.HasPrefix", 1, |_, _, _, c| {
            two_str(c, |a, b| Value::Bool(a.starts_with(b)))
        }),
        Shim::func("strings.HasSuffix", 1, |_, _, _, c| {
            two_str(c, |a, b| Value::Bool(a.ends_with(b)))
        }),
        Shim::func("strings.TrimPrefix", 1, |_, _, _, c| {
            two_str(c, |a, b| Value::str(a.strip_prefix(b).unwrap_or(a)))
        }),
        Shim::func("strings.TrimSuffix", 1, |_, _, _, c| {
            two_str(c, |a, b| Value::str(a.strip_suffix(b).unwrap_or(a)))
        }),
        Shim::func("strings.Replace", 1, |_, _, _, c| {
            let args = &c.args;
            match (
                str_arg(args, 0),
                str_arg(args, 1),
                str_arg(args, 2),
                int_arg(args, 3),
            ) {
                (Some(a), Some(b), Some(c), Some(n)) if n < 0 => {
                    one(Value::str(&a.replace(&*b, &c)))
                }
                (Some(a), Some(b), Some(c), Some(n)) => {
                    one(Value::str(&a.replacen(&*b, &c, n as usize)))
                }
                _ => one(Value::UNKNOWN),
            }
        }),
        Shim::func("strings.Count", 1, |_, _, _, c| {
            two_str(c, |a, b| {
                Value::Int(if b.is_empty() {
                    a.chars().count() as i64 + 1
                } else {
                    a.matches(b).count() as i64
                })
            })
        }),
        Shim::func("strings.LastIndex", 1, |_, _, _, c| {
            two_str(c, |a, b| {
                Value::Int(a.rfind(b).map(|i| i as i64).unwrap_or(-1))
            })
        }),
        Shim::func("strings.Index", 1, |_, _, _, c| {
            two_str(c, |a, b| {
                Value::Int(a.find(b).map(|i| i as i64).unwrap_or(-1))
            })
        }),
        Shim::func("strings.ReplaceAll", 1, |_, _, _, c| {
            match (
                str_arg(&c.args, 0),
                str_arg(&c.args, 1),
                str_arg(&c.args, 2),
            ) {
                (Some(a), Some(b), Some(c)) => one(Value::str(&a.replace(&*b, &c))),
                _ => one(Value::UNKNOWN),
            }
        }),
        Shim::func("strings.Join", 1, |m, st, _, c| {
            let items = m.slice_items(st, c.args.first().unwrap_or(&Value::Nil));
            let sep = str_arg(&c.args, 1).unwrap_or_else(|| "".into());
            let parts: Vec<String> = items
                .iter()
                .map(|v| {
                    if let Value::Str(s) = v {
                        s.to_string()
                    } else {
                        String::new()
                    }
                })
                .collect();
            one(Value::str(&parts.join(&sep)))
        }),
        // A reader of the string: reading drains it (see shims/bufio.rs).
        Shim::func("strings.NewReader", 1, |m, st, g, c| {
            match str_arg(&c.args, 0) {
                Some(s) => one(Value::Obj(st.alloc(Obj::Builder(s.to_string())))),
                None => m.opaque_call(st, g, c.want),
            }
        }),
        Shim::func("strings.Split", 1, |m, st, _, c| split(m, st, c, false)),
        Shim::func("strings.Fields", 1, |m, st, _, c| split(m, st, c, true)),
        Shim::func("strings.Title", 1, |m, st, g, c| {
            m.escape(st, &c.args);
            m.opaque_call(st, g, c.want)
        }),
    ],
};

/// A function of the first argument, when it is a known string.
fn map_str(c: Call, f: fn(&str) -> Value) -> R<Ret> {
    one(str_arg(&c.args, 0).map(|s| f(&s)).unwrap_or(Value::UNKNOWN))
}

/// A function of the first two arguments, when both are known strings.
fn two_str(c: Call, f: fn(&str, &str) -> Value) -> R<Ret> {
    match (str_arg(&c.args, 0), str_arg(&c.args, 1)) {
        (Some(a), Some(b)) => one(f(&a, &b)),
        _ => one(Value::UNKNOWN),
    }
}

/// `strings.Split(s, sep)` or (`fields`) `strings.Fields(s)`.
fn split(m: &Machine, st: &mut State, c: Call, fields: bool) -> R<Ret> {
    let Some(s) = str_arg(&c.args, 0) else {
        return one(Value::UNKNOWN);
    };
    let parts: Vec<Value> = if fields {
        s.split_whitespace().map(Value::str).collect()
    } else {
        let sep = str_arg(&c.args, 1).unwrap_or_else(|| "".into());
        if sep.is_empty() {
            s.chars().map(|c| Value::str(&c.to_string())).collect()
        } else {
            s.split(&*sep).map(Value::str).collect()
        }
    };
    one(m.make_slice(st, parts))
}
