//! `strconv`: conversions between numbers and strings.

use super::args::{int_arg, one, str_arg, vals, Package, Shim};
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "strconv",
    plain_args: true,
    shims: &[
        Shim::func("strconv.Itoa", 1, |_, _, _, c| {
            one(int_arg(&c.args, 0)
                .map(|i| Value::str(&i.to_string()))
                .unwrap_or(Value::UNKNOWN))
        }),
        Shim::func("strconv.FormatInt", 1, |_, _, _, c| {
            one(int_arg(&c.args, 0)
                .map(|i| Value::str(&i.to_string()))
                .unwrap_or(Value::UNKNOWN))
        }),
        Shim::func("strconv.Atoi", 2, |_, st, _, c| match str_arg(&c.args, 0) {
            Some(s) => match s.parse::<i64>() {
                Ok(i) => vals(vec![Value::Int(i), Value::Nil]),
                Err(_) => {
                    let e = st.alloc(Obj::Error {
                        msg: format!("strconv.Atoi: parsing {:?}: invalid syntax", &*s)
                            .as_str()
                            .into(),
                        wrapped: None,
                    });
                    vals(vec![Value::Int(0), Value::Obj(e)])
                }
            },
            None => vals(vec![Value::UNKNOWN, Value::UNKNOWN]),
        }),
        Shim::func("strconv.Quote", 1, |_, _, _, c| {
            one(str_arg(&c.args, 0)
                .map(|s| Value::str(&crate::engine::format::go_quote(&s)))
                .unwrap_or(Value::UNKNOWN))
        }),
    ],
};
