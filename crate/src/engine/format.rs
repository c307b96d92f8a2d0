//! `fmt` formatting as Go prints values: `%v` and friends, `Println`
//! spacing, floats in Go's shortest form, maps sorted by key, structs as
//! `{a b}`, pointers to structs as `&{a b}`, `String()` and `Error()` methods.

use super::interp::{cmp_values, fmt_duration, Machine};
use super::state::*;
use super::value::*;

impl Machine {
    pub(crate) fn sprintln(&self, st: &mut State, g: &mut Goroutine, args: &[Value]) -> String {
        let parts: Vec<String> = args
            .iter()
            .map(|a| self.format_value(st, g, a, 'v', false))
            .collect();
        let mut s = parts.join(" ");
        s.push('\n');
        s
    }

    pub(crate) fn sprint(&self, st: &mut State, g: &mut Goroutine, args: &[Value]) -> String {
        let mut s = String::new();
        for (i, a) in args.iter().enumerate() {
            let is_str = matches!(a, Value::Str(_));
            if i > 0 && !is_str && !matches!(args[i - 1], Value::Str(_)) {
                s.push(' ');
            }
            s.push_str(&self.format_value(st, g, a, 'v', false));
        }
        s
    }

    pub(crate) fn sprintf(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        f: &str,
        args: &[Value],
    ) -> String {
        let mut out = String::new();
        let chars: Vec<char> = f.chars().collect();
        let mut i = 0;
        let mut argi = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            let mut minus = false;
            let mut plus = false;
            let mut zero = false;
            let mut sharp = false;
            let mut space = false;
            while i < chars.len() && matches!(chars[i], '-' | '+' | '0' | '#' | ' ') {
                match chars[i] {
                    '-' => minus = true,
                    '+' => plus = true,
                    '0' => zero = true,
                    '#' => sharp = true,
                    _ => space = true,
                }
                i += 1;
            }
            let mut width: Option<usize> = None;
            if i < chars.len() && chars[i] == '*' {
                if let Some(Value::Int(w)) = args.get(argi) {
                    width = Some(*w as usize);
                }
                argi += 1;
                i += 1;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                width = Some(width.unwrap_or(0) * 10 + chars[i].to_digit(10).unwrap() as usize);
                i += 1;
            }
            let mut prec: Option<usize> = None;
            if i < chars.len() && chars[i] == '.' {
                i += 1;
                prec = Some(0);
                while i < chars.len() && chars[i].is_ascii_digit() {
                    prec = Some(prec.unwrap() * 10 + chars[i].to_digit(10).unwrap() as usize);
                    i += 1;
                }
            }
            let Some(&verb) = chars.get(i) else {
                out.push_str("%!(NOVERB)");
                break;
            };
            i += 1;
            if verb == '%' {
                out.push('%');
                continue;
            }
            let Some(arg) = args.get(argi).cloned() else {
                out.push_str(&format!("%!{verb}(MISSING)"));
                continue;
            };
            argi += 1;
            let arg = if matches!(verb, 'v' | 's' | 'T') {
                arg
            } else {
                arg.plain().clone()
            };
            let _ = space;
            let mut s = match (verb, &arg) {
                ('d', Value::Int(v)) => {
                    if plus && *v >= 0 {
                        format!("+{v}")
                    } else {
                        v.to_string()
                    }
                }
                ('d', Value::Duration(v)) => v.to_string(),
                ('v', Value::Int(v)) if plus && *v >= 0 => format!("+{v}"),
                ('x', Value::Int(v)) => signed(*v, format!("{:x}", v.unsigned_abs())),
                ('X', Value::Int(v)) => signed(*v, format!("{:X}", v.unsigned_abs())),
                ('o', Value::Int(v)) => signed(*v, format!("{:o}", v.unsigned_abs())),
                ('b', Value::Int(v)) => signed(*v, format!("{:b}", v.unsigned_abs())),
                ('q', Value::Slice { .. }) => {
                    let items = self.slice_items(st, &arg);
                    let parts: Vec<String> = items
                        .iter()
                        .map(|x| match x {
                            Value::Str(s) => go_quote(s),
                            other => self.format_value(st, g, other, 'v', false),
                        })
                        .collect();
                    format!("[{}]", parts.join(" "))
                }
                ('c', Value::Int(v)) => char::from_u32(*v as u32).unwrap_or('\u{fffd}').to_string(),
                ('q', Value::Int(v)) => {
                    format!("'{}'", char::from_u32(*v as u32).unwrap_or('\u{fffd}'))
                }
                ('U', Value::Int(v)) => format!("U+{v:04X}"),
                ('x', Value::Str(s)) => s.bytes().map(|b| format!("{b:02x}")).collect(),
                ('X', Value::Str(s)) => s.bytes().map(|b| format!("{b:02X}")).collect(),
                ('f' | 'F', Value::Float(v)) => format!("{:.*}", prec.unwrap_or(6), v.0),
                ('f' | 'F', Value::Int(v)) => format!("%!f(int={v})"),
                ('e', Value::Float(v)) => go_exp(v.0, prec.unwrap_or(6)),
                ('g', Value::Float(v)) => match prec {
                    Some(p) => format_g_prec(v.0, p),
                    None => format_float(v.0),
                },
                ('s' | 'v', Value::Str(s)) => match prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                },
                ('q', Value::Str(s)) => go_quote(s),
                ('t', Value::Bool(b)) => b.to_string(),
                ('T', v) => self.type_name_of(st, v),
                ('p', _) => "0xc000012345".to_string(),
                ('v', _) => {
                    let plus_v = plus;
                    if sharp {
                        self.format_value(st, g, &arg, 'v', true)
                    } else {
                        self.format_value(st, g, &arg, 'v', plus_v)
                    }
                }
                ('s', _) => self.format_value(st, g, &arg, 's', false),
                ('d', Value::Slice { .. }) => self.format_value(st, g, &arg, 'v', false),
                (v, a) => format!(
                    "%!{v}({}={})",
                    self.type_name_of(st, a),
                    self.format_value(st, g, a, 'v', false)
                ),
            };
            if let Some(w) = width {
                let len = s.chars().count();
                if len < w {
                    let pad = w - len;
                    if minus {
                        s.push_str(&" ".repeat(pad));
                    } else if zero && matches!(verb, 'd' | 'f' | 'x' | 'X' | 'b' | 'o' | 'e' | 'g')
                    {
                        let (sign, digits) = if s.starts_with('-') || s.starts_with('+') {
                            s.split_at(1)
                        } else {
                            ("", s.as_str())
                        };
                        s = format!("{sign}{}{digits}", "0".repeat(pad));
                    } else {
                        s = format!("{}{s}", " ".repeat(pad));
                    }
                }
            }
            out.push_str(&s);
        }
        if argi < args.len() {
            out.push_str("%!(EXTRA ");
            let extra: Vec<String> = args[argi..]
                .iter()
                .map(|a| {
                    format!(
                        "{}={}",
                        self.type_name_of(st, a),
                        self.format_value(st, g, a, 'v', false)
                    )
                })
                .collect();
            out.push_str(&extra.join(", "));
            out.push(')');
        }
        out
    }

    /// `%v` (or `%+v` with `plus`) of a value.
    pub(crate) fn format_value(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        v: &Value,
        verb: char,
        plus: bool,
    ) -> String {
        self.format_depth(st, g, v, verb, plus, 0, true)
    }

    #[allow(clippy::too_many_arguments)]
    fn format_depth(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        v: &Value,
        verb: char,
        plus: bool,
        depth: u32,
        top: bool,
    ) -> String {
        if depth > 6 {
            return "...".into();
        }
        // Error() and String() methods first, as fmt does.
        if matches!(v, Value::Struct(_) | Value::Ptr(_) | Value::Named(..)) {
            for m in ["Error", "String"] {
                if let super::interp::MethodTarget::User(f, recv) = self.resolve_method(st, v, m) {
                    if self.c.program.funcs[f as usize].params.is_empty() {
                        if let Some(r) = self.call_sync(st, g, &Value::Func(f), vec![recv]) {
                            if let Some(Value::Str(s)) = r.first() {
                                return s.to_string();
                            }
                        }
                    }
                }
            }
        }
        match v {
            Value::Nil => "<nil>".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(f.0),
            Value::Str(s) => s.to_string(),
            Value::Duration(d) => fmt_duration(*d),
            Value::Time(t) => format!(
                "2009-11-10 23:00:{:02} +0000 UTC m=+{}",
                t / 1_000_000_000,
                *t as f64 / 1e9
            ),
            Value::EmptyStruct => "{}".into(),
            Value::NilSlice => "[]".into(),
            Value::NilMap => "map[]".into(),
            Value::Slice { .. } | Value::Array(_) => {
                let items = self.slice_items(st, v);
                let parts: Vec<String> = items
                    .iter()
                    .map(|x| self.format_depth(st, g, x, verb, plus, depth + 1, false))
                    .collect();
                format!("[{}]", parts.join(" "))
            }
            Value::Map(m) => {
                let mut entries = match st.heap.get(*m as usize) {
                    Some(Obj::Map(e)) => e.clone(),
                    _ => Vec::new(),
                };
                crate::sort::sort_by(&mut entries, |a, b| cmp_values(&a.0, &b.0));
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, x)| {
                        format!(
                            "{}:{}",
                            self.format_depth(st, g, k, verb, plus, depth + 1, false),
                            self.format_depth(st, g, x, verb, plus, depth + 1, false)
                        )
                    })
                    .collect();
                format!("map[{}]", parts.join(" "))
            }
            Value::Struct(o) => self.format_struct(st, g, *o, verb, plus, depth),
            Value::Ptr(o) => match st.heap.get(*o as usize).cloned() {
                Some(Obj::Struct { .. }) if top => {
                    format!("&{}", self.format_struct(st, g, *o, verb, plus, depth))
                }
                _ => format!("0xc{:09x}", 0x10000 + *o as u64 * 8),
            },
            Value::Chan(o) | Value::FieldPtr(o, _) | Value::ElemPtr(o, _) => {
                format!("0xc{:09x}", 0x10000 + *o as u64 * 8)
            }
            Value::Func(_) | Value::Closure(_) | Value::Builtin(_) => "0x47b2c0".into(),
            Value::Obj(o) => match st.heap.get(*o as usize).cloned() {
                Some(Obj::Error { msg, .. }) => msg.to_string(),
                Some(Obj::Mutex { locked, .. }) => format!("{{{} 0}}", if locked { 1 } else { 0 }),
                Some(Obj::WaitGroup { count, .. }) => format!("{{{{}} {{{{}} {{{count} 0}}}} 0}}"),
                Some(Obj::Atomic(x)) => format!(
                    "{{{{}} {}}}",
                    self.format_depth(st, g, &x, verb, plus, depth + 1, false)
                ),
                Some(Obj::Context(c)) => match c.kind {
                    CtxKind::Background => "context.Background".into(),
                    _ => "context.WithCancel".into(),
                },
                _ => "{}".into(),
            },
            Value::Type(_) => "type".into(),
            Value::Opaque => "<?>".into(),
            Value::Named(_, inner) => self.format_depth(st, g, inner, verb, plus, depth, top),
        }
    }

    fn format_struct(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        o: ObjId,
        verb: char,
        plus: bool,
        depth: u32,
    ) -> String {
        let Some(Obj::Struct { ty, fields }) = st.heap.get(o as usize).cloned() else {
            return "{}".into();
        };
        let decl = self.c.struct_fields(ty).to_vec();
        let parts: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = self.format_depth(st, g, f, verb, plus, depth + 1, false);
                if plus {
                    format!(
                        "{}:{s}",
                        decl.get(i).map(|d| d.name.as_str()).unwrap_or("?")
                    )
                } else {
                    s
                }
            })
            .collect();
        format!("{{{}}}", parts.join(" "))
    }
}

/// Go's `%v` for a float64: strconv's shortest 'g', which switches to
/// exponent form when the exponent is < -4 or >= 6.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    let s = format!("{f}");
    s
}

fn go_exp(f: f64, prec: usize) -> String {
    let e = format!("{f:.prec$e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", exp.abs())
}

fn format_g_prec(f: f64, p: usize) -> String {
    let p = p.max(1);
    let e = format!("{:.*e}", p - 1, f);
    let (_, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let (mant, _) = e.split_once('e').unwrap_or((&e, "0"));
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.')
        } else {
            mant
        };
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{f:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

fn signed(v: i64, digits: String) -> String {
    if v < 0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_go() {
        assert_eq!(format_float(3.25), "3.25");
        assert_eq!(format_float(1e6), "1e+06");
        assert_eq!(format_float(123456.0), "123456");
        assert_eq!(format_float(100.0), "100");
        assert_eq!(format_float(0.00001), "1e-05");
        assert_eq!(format_float(2.5), "2.5");
    }
}
