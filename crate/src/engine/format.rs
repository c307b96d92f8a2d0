//! `fmt` formatting as Go prints values: `%v` and friends, `Println`
//! spacing, floats in Go's shortest form, maps sorted by key, structs as
//! `{a b}`, pointers to structs as `&{a b}`, `String()` and `Error()` methods.

use super::machine::Machine;
use super::state::*;
use super::value::*;
use crate::model::TypeExpr;

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
            let is_str = matches!(a.plain(), Value::Str(_));
            if i > 0 && !is_str && !matches!(args[i - 1].plain(), Value::Str(_)) {
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
            let sharp_v = sharp && verb == 'v';
            // fmt's handleMethods: Error() or String() for the verbs that
            // print strings.
            let arg = match verb {
                'v' | 's' | 'x' | 'X' | 'q' if !sharp_v => {
                    match self.method_string(st, g, &arg, verb) {
                        Some(text) => Value::str(&text),
                        None => arg,
                    }
                }
                _ => arg,
            };
            // 64-bit unsigned integers: their bits read as unsigned.
            let unsigned = match (self.int_kind_of(&arg), arg.plain()) {
                (Some(k), Value::Int(i)) if k.unsigned64() => Some(*i as u64),
                _ => None,
            };
            let bytes = self.byte_slice(st, &arg);
            let arg = if matches!(verb, 'v' | 's' | 'T') {
                arg
            } else {
                arg.plain().clone()
            };
            let _ = space;
            let mut s = match (verb, &arg) {
                ('v', _) if sharp_v => self.go_syntax(st, g, &arg, None, 0),
                ('d' | 'v', _) if unsigned.is_some() => unsigned.unwrap_or(0).to_string(),
                ('x', _) if unsigned.is_some() => format!("{:x}", unsigned.unwrap_or(0)),
                ('X', _) if unsigned.is_some() => format!("{:X}", unsigned.unwrap_or(0)),
                ('o', _) if unsigned.is_some() => format!("{:o}", unsigned.unwrap_or(0)),
                ('b', _) if unsigned.is_some() => format!("{:b}", unsigned.unwrap_or(0)),
                ('s', _) if bytes.is_some() => {
                    String::from_utf8_lossy(bytes.as_deref().unwrap_or_default()).into_owned()
                }
                ('q', _) if bytes.is_some() => go_quote(&String::from_utf8_lossy(
                    bytes.as_deref().unwrap_or_default(),
                )),
                ('x', _) if bytes.is_some() => bytes
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
                ('X', _) if bytes.is_some() => bytes
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect(),
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
                ('E', Value::Float(v)) => go_exp(v.0, prec.unwrap_or(6)).replace('e', "E"),
                ('G', Value::Float(v)) => match prec {
                    Some(p) => format_g_prec(v.0, p),
                    None => format_float(v.0),
                }
                .replace('e', "E"),
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
                ('p', Value::Nil) => "%!p(<nil>)".to_string(),
                ('p', _) => "0xc000012345".to_string(),
                ('v', _) => self.format_value(st, g, &arg, 'v', plus),
                ('s', Value::Nil) => "%!s(<nil>)".to_string(),
                ('s', _) => self.format_value(st, g, &arg, 's', false),
                ('d', Value::Slice { .. } | Value::Array(_)) => {
                    self.format_value(st, g, &arg, 'd', false)
                }
                (v, Value::Nil) => format!("%!{v}(<nil>)"),
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
        self.format_depth(st, g, v, verb, plus, 0, true, true)
    }

    /// The text of a user type's `Error()` or `String()` method, if the
    /// value's method set has one (a pointer-receiver method is not in a
    /// value's method set, so `fmt` does not call it on a value).
    pub(crate) fn method_string(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        v: &Value,
        verb: char,
    ) -> Option<String> {
        match v {
            Value::Struct(_) | Value::Ptr(_) | Value::Named(..) => {}
            Value::Duration(d) => return Some(fmt_duration(*d)),
            Value::Obj(o) => {
                return match st.heap.get(*o as usize) {
                    Some(Obj::Error { msg, .. }) => Some(msg.to_string()),
                    _ => None,
                }
            }
            _ => return None,
        }
        for m in ["Error", "String"] {
            if let super::machine::MethodTarget::User(f, recv) = self.resolve_method(st, v, m) {
                let func = &self.c.program.funcs[f as usize];
                let pointer = func.receiver.as_ref().is_some_and(|r| r.pointer);
                if !func.params.is_empty() || (pointer && !matches!(v, Value::Ptr(_))) {
                    continue;
                }
                if let Some(k) = g.lib_cursor {
                    // The method runs as a frame of its own, before the
                    // library call is executed again (it may block, as in
                    // Go): its result, once it returned.
                    g.lib_cursor = Some(k + 1);
                    let done = g
                        .frames
                        .last()
                        .and_then(|fr| fr.lib_results.get(k as usize));
                    return match done {
                        Some(CallResult::Returned(r)) => match r.first().map(|r| r.plain()) {
                            Some(Value::Str(s)) => Some(s.to_string()),
                            _ => None,
                        },
                        Some(CallResult::Progress(_)) => None,
                        Some(CallResult::Panicked(p)) => {
                            let p = p.clone();
                            // Not one of the calls counted here.
                            g.lib_cursor = None;
                            let text = self.format_value(st, g, &p, 'v', false);
                            g.lib_cursor = Some(k + 1);
                            Some(format!("%!{verb}(PANIC={m} method: {text})"))
                        }
                        None => {
                            if g.lib_wanted.is_none() {
                                g.lib_wanted = Some((Value::Func(f), vec![recv]));
                            }
                            Some(String::new())
                        }
                    };
                }
                if let Some(r) = self.call_sync(st, g, &Value::Func(f), vec![recv]) {
                    if let Some(Value::Str(s)) = r.first().map(|r| r.plain()) {
                        return Some(s.to_string());
                    }
                }
            }
        }
        None
    }

    /// The bytes of a `[]byte` (a slice of `uint8` values).
    fn byte_slice(&self, st: &State, v: &Value) -> Option<Vec<u8>> {
        if !matches!(v, Value::Slice { .. }) {
            return None;
        }
        let items = self.slice_items(st, v);
        let mut out = Vec::with_capacity(items.len());
        for i in &items {
            match (self.int_kind_of(i), i.plain()) {
                (Some(IntKind::U8), Value::Int(b)) => out.push(*b as u8),
                _ => return None,
            }
        }
        if let (true, Value::Slice { arr, off, .. }) = (out.is_empty(), v) {
            // Empty: bytes when its array holds bytes (`make([]byte, 0, 8)`).
            return match st.heap.get(*arr as usize) {
                Some(Obj::Array(a)) => a
                    .get(*off as usize)
                    .filter(|b| self.int_kind_of(b) == Some(IntKind::U8))
                    .map(|_| out),
                _ => None,
            };
        }
        Some(out)
    }

    /// `%v` of a value. `methods` is false inside unexported struct fields,
    /// where `fmt` cannot call methods.
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
        methods: bool,
    ) -> String {
        if depth > 6 {
            return "...".into();
        }
        // Error() and String() methods first, as fmt does.
        if methods
            && matches!(verb, 'v' | 's')
            && matches!(v, Value::Struct(_) | Value::Ptr(_) | Value::Named(..))
        {
            if let Some(s) = self.method_string(st, g, v, verb) {
                return s;
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
                    .map(|x| self.format_depth(st, g, x, verb, plus, depth + 1, false, methods))
                    .collect();
                format!("[{}]", parts.join(" "))
            }
            Value::Map(m) => {
                let entries = sorted_map_entries(st, *m);
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, x)| {
                        format!(
                            "{}:{}",
                            self.format_depth(st, g, k, verb, plus, depth + 1, false, methods),
                            self.format_depth(st, g, x, verb, plus, depth + 1, false, methods)
                        )
                    })
                    .collect();
                format!("map[{}]", parts.join(" "))
            }
            Value::Struct(o) => self.format_struct(st, g, *o, verb, plus, depth, methods),
            Value::Ptr(o) => match st.heap.get(*o as usize).cloned() {
                Some(Obj::Struct { .. }) if top => {
                    format!(
                        "&{}",
                        self.format_struct(st, g, *o, verb, plus, depth, methods)
                    )
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
                    self.format_depth(st, g, &x, verb, plus, depth + 1, false, methods)
                ),
                Some(Obj::Context(c)) => match c.kind {
                    CtxKind::Background => "context.Background".into(),
                    _ => "context.WithCancel".into(),
                },
                _ => "{}".into(),
            },
            Value::Type(_) => "type".into(),
            Value::Opaque(_) => "<?>".into(),
            Value::Named(t, inner) => match (self.int_kind(*t), &**inner) {
                (Some(k), Value::Int(i)) if k.unsigned64() => (*i as u64).to_string(),
                _ => self.format_depth(st, g, inner, verb, plus, depth, top, methods),
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn format_struct(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        o: ObjId,
        verb: char,
        plus: bool,
        depth: u32,
        methods: bool,
    ) -> String {
        let Some(Obj::Struct { ty, fields }) = st.heap.get(o as usize).cloned() else {
            return "{}".into();
        };
        let decl = self.c.struct_fields(ty).to_vec();
        let parts: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let exported = decl
                    .get(i)
                    .is_none_or(|d| d.name.starts_with(|c: char| c.is_uppercase()));
                let s =
                    self.format_depth(st, g, f, verb, plus, depth + 1, false, methods && exported);
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

impl Machine {
    /// `%#v`: the value in Go syntax. `ty` is the static type where it is
    /// known (a struct field's), which names nil pointers, slices and maps.
    pub(crate) fn go_syntax(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        v: &Value,
        ty: Option<&TypeExpr>,
        depth: u32,
    ) -> String {
        if depth > 6 {
            return "...".into();
        }
        let under = ty.map(|t| self.c.underlying(t).clone());
        match v {
            Value::Nil | Value::NilSlice | Value::NilMap => match (&under, ty) {
                (Some(TypeExpr::Slice(_) | TypeExpr::Map(..)), Some(t)) => {
                    format!("{}(nil)", self.go_type(t))
                }
                (
                    Some(
                        TypeExpr::Pointer(_)
                        | TypeExpr::Chan(..)
                        | TypeExpr::Func
                        | TypeExpr::Interface(_),
                    ),
                    Some(t),
                ) => format!("({})(nil)", self.go_type(t)),
                (Some(TypeExpr::Name(n)), _) if n == "error" || n == "any" => {
                    format!("{}(nil)", if n == "any" { "interface {}" } else { n })
                }
                _ => match v {
                    Value::NilSlice => "[]interface {}(nil)".into(),
                    Value::NilMap => "map[string]interface {}(nil)".into(),
                    _ => "<nil>".into(),
                },
            },
            Value::Named(t, inner) => match (self.int_kind(*t), &**inner) {
                (Some(k), Value::Int(i))
                    if !matches!(k, IntKind::I8 | IntKind::I16 | IntKind::I32) =>
                {
                    format!("0x{:x}", *i as u64)
                }
                _ => {
                    let t = self.c.type_expr(*t).clone();
                    self.go_syntax(st, g, inner, Some(&t), depth)
                }
            },
            Value::Str(s) => go_quote(s),
            Value::Duration(d) => d.to_string(),
            Value::Struct(o) => self.go_struct(st, g, *o, depth),
            Value::Ptr(o) => match st.heap.get(*o as usize) {
                Some(Obj::Struct { ty, .. }) if depth == 0 => {
                    let _ = ty;
                    format!("&{}", self.go_struct(st, g, *o, depth))
                }
                Some(Obj::Struct { ty, .. }) => format!(
                    "(*{})({})",
                    self.go_type(&self.c.type_expr(*ty).clone()),
                    self.format_value(st, g, v, 'v', false)
                ),
                _ => self.format_value(st, g, v, 'v', false),
            },
            Value::Slice { .. } | Value::Array(_) => {
                let items = self.slice_items(st, v);
                let elem = match &under {
                    Some(TypeExpr::Slice(e) | TypeExpr::Array(_, e)) => Some(e.as_ref().clone()),
                    _ => None,
                };
                let tname = match ty {
                    Some(t) => self.go_type(t),
                    None => match v {
                        Value::Array(_) => format!(
                            "[{}]{}",
                            items.len(),
                            items
                                .first()
                                .map(|i| self.type_name_of(st, i))
                                .unwrap_or_else(|| "interface {}".into())
                        ),
                        _ => self.type_name_of(st, v),
                    },
                };
                let parts: Vec<String> = items
                    .iter()
                    .map(|x| self.go_syntax(st, g, x, elem.as_ref(), depth + 1))
                    .collect();
                format!("{tname}{{{}}}", parts.join(", "))
            }
            Value::Map(m) => {
                let entries = sorted_map_entries(st, *m);
                let (kt, vt) = match &under {
                    Some(TypeExpr::Map(k, v)) => {
                        (Some(k.as_ref().clone()), Some(v.as_ref().clone()))
                    }
                    _ => (None, None),
                };
                let tname = match ty {
                    Some(t) => self.go_type(t),
                    None => self.type_name_of(st, v),
                };
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, x)| {
                        format!(
                            "{}:{}",
                            self.go_syntax(st, g, k, kt.as_ref(), depth + 1),
                            self.go_syntax(st, g, x, vt.as_ref(), depth + 1)
                        )
                    })
                    .collect();
                format!("{tname}{{{}}}", parts.join(", "))
            }
            Value::Obj(o) => match st.heap.get(*o as usize).cloned() {
                Some(Obj::Error { msg, wrapped: None }) => {
                    format!("&errors.errorString{{s:{}}}", go_quote(&msg))
                }
                _ => self.format_value(st, g, v, 'v', false),
            },
            _ => self.format_value(st, g, v, 'v', false),
        }
    }

    fn go_struct(&self, st: &mut State, g: &mut Goroutine, o: ObjId, depth: u32) -> String {
        let Some(Obj::Struct { ty, fields }) = st.heap.get(o as usize).cloned() else {
            return "{}".into();
        };
        let decl = self.c.struct_fields(ty).to_vec();
        let parts: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let d = decl.get(i);
                let name = d.map(|d| d.name.as_str()).unwrap_or("?");
                let text = self.go_syntax(st, g, f, d.map(|d| &d.ty), depth + 1);
                format!("{name}:{text}")
            })
            .collect();
        let tname = self.go_type(&self.c.type_expr(ty).clone());
        format!("{tname}{{{}}}", parts.join(", "))
    }

    /// A type as `%T` and `%#v` print it.
    pub(crate) fn go_type(&self, t: &TypeExpr) -> String {
        match t {
            TypeExpr::Name(n) => match n.as_str() {
                "any" => "interface {}".into(),
                n if IntKind::from_name(n).is_some() => {
                    IntKind::from_name(n).map(|k| k.name()).unwrap_or(n).into()
                }
                n if self.c.program.type_decl(n).is_some() => format!("main.{n}"),
                n => n.into(),
            },
            TypeExpr::Qualified(p, n) => format!("{p}.{n}"),
            TypeExpr::Pointer(i) => format!("*{}", self.go_type(i)),
            TypeExpr::Slice(i) => format!("[]{}", self.go_type(i)),
            TypeExpr::Array(n, i) => {
                let n = match n.as_deref().map(|e| &e.kind) {
                    Some(crate::model::ExprKind::Int(n)) => n.to_string(),
                    _ => "?".into(),
                };
                format!("[{n}]{}", self.go_type(i))
            }
            TypeExpr::Map(k, v) => format!("map[{}]{}", self.go_type(k), self.go_type(v)),
            TypeExpr::Chan(dir, e) => match dir {
                crate::model::ChanDir::Both => format!("chan {}", self.go_type(e)),
                crate::model::ChanDir::Send => format!("chan<- {}", self.go_type(e)),
                crate::model::ChanDir::Recv => format!("<-chan {}", self.go_type(e)),
            },
            TypeExpr::Func => "func()".into(),
            TypeExpr::Struct(fields) if fields.is_empty() => "struct {}".into(),
            TypeExpr::Struct(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        if f.embedded {
                            self.go_type(&f.ty)
                        } else {
                            format!("{} {}", f.name, self.go_type(&f.ty))
                        }
                    })
                    .collect();
                format!("struct {{ {} }}", parts.join("; "))
            }
            TypeExpr::Interface(m) if m.is_empty() => "interface {}".into(),
            TypeExpr::Interface(_) => "interface { ... }".into(),
            TypeExpr::Opaque(_) => "?".into(),
        }
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

/// A map's entries in key order, as fmt prints them.
fn sorted_map_entries(st: &State, m: ObjId) -> Vec<(Value, Value)> {
    let mut entries = match st.heap.get(m as usize) {
        Some(Obj::Map(e, _)) => e.clone(),
        _ => Vec::new(),
    };
    crate::order::sort_by(&mut entries, |a, b| cmp_values(&a.0, &b.0));
    entries
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
