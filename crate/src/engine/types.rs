//! Go's operators, equality, conversions, type tests and method resolution.

use super::machine::*;
use super::state::*;
use super::value::*;
use crate::model::{BinOp, TypeExpr};
use std::rc::Rc;

impl Machine {
    /// Element-wise equality of two arrays' or structs' values.
    pub(in crate::engine) fn equal_all(
        &self,
        st: &State,
        a: &[Value],
        b: &[Value],
    ) -> Option<bool> {
        if a.len() != b.len() {
            return Some(false);
        }
        for (p, q) in a.iter().zip(b) {
            if !self.equal(st, p, q)? {
                return Some(false);
            }
        }
        Some(true)
    }

    pub(in crate::engine) fn equal(&self, st: &State, a: &Value, b: &Value) -> Option<bool> {
        use Value::*;
        let (a, b) = (a.plain(), b.plain());
        Some(match (a, b) {
            (Opaque(_), _) | (_, Opaque(_)) => return None,
            (Nil | NilSlice | NilMap, Nil | NilSlice | NilMap) => true,
            (Nil | NilSlice | NilMap, _) | (_, Nil | NilSlice | NilMap) => false,
            (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == y.0,
            (Float(x), Float(y)) => x.0 == y.0,
            (Int(x) | Duration(x), Int(y) | Duration(y)) => x == y,
            (Array(x), Array(y)) => match (st.heap.get(*x as usize), st.heap.get(*y as usize)) {
                (Some(super::value::Obj::Array(f1)), Some(super::value::Obj::Array(f2))) => {
                    self.equal_all(st, f1, f2)?
                }
                _ => false,
            },
            (Struct(x), Struct(y)) => {
                if x == y {
                    return Some(true);
                }
                match (st.heap.get(*x as usize), st.heap.get(*y as usize)) {
                    (
                        Some(super::value::Obj::Struct { fields: f1, .. }),
                        Some(super::value::Obj::Struct { fields: f2, .. }),
                    ) => self.equal_all(st, f1, f2)?,
                    _ => false,
                }
            }
            (x, y) => x == y,
        })
    }

    pub(in crate::engine) fn binary(&self, st: &State, op: BinOp, a: Value, b: Value) -> R<Value> {
        use Value::*;
        // A shift's type is its left operand's; otherwise Go allows only an
        // untyped constant beside a typed operand.
        let shift = matches!(op, BinOp::Shl | BinOp::Shr);
        let named = match (&a, &b) {
            (Named(t, _), _) => Some(*t),
            (_, Named(t, _)) if !shift => Some(*t),
            _ => None,
        };
        if let Some(t) = named {
            let kind = self.int_kind(t);
            let (x, y) = (a.plain().clone(), b.plain().clone());
            if let (Some(k), Int(i), Int(j)) = (kind, &x, &y) {
                if k.unsigned64() {
                    if let Some(r) = u64_op(op, *i as u64, *j)? {
                        return Ok(match r {
                            Int(i) => Named(t, Rc::new(Int(i))),
                            other => other,
                        });
                    }
                }
            }
            let r = self.binary(st, op, x, y)?;
            return Ok(match r {
                Int(i) => Named(t, Rc::new(Int(kind.map_or(i, |k| k.wrap(i))))),
                Float(_) | Str(_) => Named(t, Rc::new(r)),
                other => other,
            });
        }
        let b = if shift { b.plain().clone() } else { b };
        if matches!(op, BinOp::Eq | BinOp::Ne) {
            return Ok(match self.equal(st, &a, &b) {
                Some(e) => Bool(e == (op == BinOp::Eq)),
                None => Value::UNKNOWN,
            });
        }
        Ok(match (a, b) {
            (Int(x), Int(y)) => int_op(op, x, y)?,
            (Duration(x), Int(y) | Duration(y)) | (Int(x), Duration(y)) => {
                match int_op(op, x, y)? {
                    Int(v) => Duration(v),
                    other => other,
                }
            }
            (Time(x), Duration(y)) => match op {
                BinOp::Add => Time(x + y),
                BinOp::Sub => Time(x - y),
                _ => Value::UNKNOWN,
            },
            (Time(x), Time(y)) => match int_op(op, x, y)? {
                Int(_) => Duration(x - y),
                other => other,
            },
            (Float(x), Float(y)) => float_op(op, x.0, y.0),
            (Float(x), Int(y)) => float_op(op, x.0, y as f64),
            (Int(x), Float(y)) => float_op(op, x as f64, y.0),
            (Duration(x), Float(y)) => Duration((x as f64 * y.0) as i64),
            (Float(x), Duration(y)) => Duration((x.0 * y as f64) as i64),
            (Str(x), Str(y)) => match op {
                BinOp::Add => Value::str(&format!("{x}{y}")),
                BinOp::Lt => Bool(x < y),
                BinOp::Le => Bool(x <= y),
                BinOp::Gt => Bool(x > y),
                BinOp::Ge => Bool(x >= y),
                _ => Value::UNKNOWN,
            },
            (Bool(x), Bool(y)) => match op {
                BinOp::LogAnd => Bool(x && y),
                BinOp::LogOr => Bool(x || y),
                _ => Value::UNKNOWN,
            },
            _ => Value::UNKNOWN,
        })
    }

    pub(in crate::engine) fn convert(&self, st: &mut State, t: TypeId, v: Value) -> Value {
        let from_kind = self.int_kind_of(&v);
        let v = v.plain().clone();
        let texpr = self.c.type_expr(t).clone();
        let under = self.c.underlying(&texpr).clone();
        // Integer types: the value reduced to the type's range.
        if let Some(k) = self.int_kind(t) {
            let i = match &v {
                Value::Int(i) | Value::Duration(i) => Some(*i),
                Value::Float(f) if k.unsigned64() => Some(f.0 as u64 as i64),
                Value::Float(f) => Some(f.0 as i64),
                _ => None,
            };
            if let Some(i) = i {
                let t = self.named_repr(&texpr).unwrap_or(t);
                return Value::Named(t, Rc::new(Value::Int(k.wrap(i))));
            }
        }
        let v = match (from_kind, &v, &under) {
            (Some(k), Value::Int(i), TypeExpr::Name(n))
                if k.unsigned64() && (n == "float64" || n == "float32") =>
            {
                Value::Float(F64(*i as u64 as f64))
            }
            _ => v,
        };
        if let TypeExpr::Name(n) = &texpr {
            let has_methods = self.c.with_methods.contains(n);
            if has_methods
                && !matches!(under, TypeExpr::Struct(_) | TypeExpr::Interface(_))
                && self.c.program.type_decl(n).is_some()
            {
                let inner = self.convert_plain(st, &under, v);
                return Value::Named(t, Rc::new(inner));
            }
        }
        self.convert_plain_named(st, t, &texpr, &under, v)
    }

    pub(in crate::engine) fn convert_plain(
        &self,
        st: &mut State,
        under: &TypeExpr,
        v: Value,
    ) -> Value {
        match self.c.type_id_of(under) {
            Some(id) => self.convert_plain_named(st, id, under, under, v),
            None => v,
        }
    }

    pub(in crate::engine) fn convert_plain_named(
        &self,
        st: &mut State,
        t: TypeId,
        texpr: &TypeExpr,
        under: &TypeExpr,
        v: Value,
    ) -> Value {
        let _ = t;
        let texpr = texpr.clone();
        let under = under.clone();
        match (&under, v) {
            (TypeExpr::Qualified(p, n), Value::Int(i) | Value::Duration(i))
                if p == "time" && n == "Duration" =>
            {
                Value::Duration(i)
            }
            (TypeExpr::Qualified(p, n), Value::Float(f)) if p == "time" && n == "Duration" => {
                Value::Duration(f.0 as i64)
            }
            (TypeExpr::Name(n), v) => match (n.as_str(), v) {
                ("float64" | "float32", Value::Int(i) | Value::Duration(i)) => {
                    Value::Float(F64(i as f64))
                }
                ("int" | "int64" | "uint64" | "uint" | "uintptr", Value::Float(f)) => {
                    Value::Int(f.0 as i64)
                }
                ("int" | "int64" | "uint64" | "uint" | "uintptr", Value::Duration(d)) => {
                    Value::Int(d)
                }
                ("string", Value::Int(i)) => {
                    Value::str(&char::from_u32(i as u32).unwrap_or('\u{fffd}').to_string())
                }
                ("string", s @ Value::Slice { .. }) => {
                    let items = self.slice_items(st, &s);
                    if items.iter().any(|v| v.is_unknown()) {
                        // Bytes unknown code wrote (`io.ReadFull(r, buf)`).
                        return Value::UNKNOWN;
                    }
                    let ints: Vec<i64> = items
                        .iter()
                        .map(|v| if let Value::Int(i) = v.plain() { *i } else { 0 })
                        .collect();
                    if ints.iter().any(|i| *i > 255) {
                        Value::str(
                            &ints
                                .iter()
                                .map(|i| char::from_u32(*i as u32).unwrap_or('\u{fffd}'))
                                .collect::<String>(),
                        )
                    } else {
                        let bytes: Vec<u8> = ints.iter().map(|i| *i as u8).collect();
                        Value::str(&String::from_utf8_lossy(&bytes))
                    }
                }
                ("string", Value::NilSlice) => Value::str(""),
                (_, v @ Value::Struct(_)) => {
                    let v = self.copy_val(st, v);
                    if let (Value::Struct(o), Some(tid)) = (
                        &v,
                        self.c.type_names.get(match &texpr {
                            TypeExpr::Name(n) => n.as_str(),
                            _ => "",
                        }),
                    ) {
                        if let Some(Obj::Struct { ty, .. }) = st.heap.get_mut(*o as usize) {
                            *ty = *tid;
                        }
                    }
                    v
                }
                (_, v) => v,
            },
            (TypeExpr::Slice(_), Value::Nil) => Value::NilSlice,
            (TypeExpr::Map(..), Value::Nil) => Value::NilMap,
            (TypeExpr::Slice(elem), Value::Str(s)) => {
                let is_rune =
                    matches!(elem.as_ref(), TypeExpr::Name(n) if n == "rune" || n == "int32");
                let items: Vec<Value> = if is_rune {
                    s.chars()
                        .map(|c| self.sized(IntKind::I32, c as i64))
                        .collect()
                } else {
                    s.bytes()
                        .map(|b| self.sized(IntKind::U8, b as i64))
                        .collect()
                };
                self.make_slice(st, items)
            }
            (_, v) => v,
        }
    }

    pub(in crate::engine) fn type_matches(&self, st: &State, v: &Value, t: Option<TypeId>) -> bool {
        let Some(t) = t else { return v.is_nil() };
        let texpr = self.c.type_expr(t);
        if let Value::Named(vt, _) = v {
            if let TypeExpr::Name(n) = texpr {
                let canon = |n: &str| {
                    IntKind::from_name(n)
                        .map(|k| k.name())
                        .unwrap_or(n)
                        .to_string()
                };
                if self.c.type_name(*vt).map(canon) == Some(canon(n)) {
                    return true;
                }
                match self.c.program.type_decl(n).map(|d| &d.ty) {
                    Some(TypeExpr::Interface(methods)) => {
                        return methods.iter().all(|m| self.has_method(st, v, m))
                    }
                    _ if n == "any" => return true,
                    _ if n == "error" => return self.has_method(st, v, "Error"),
                    _ => return false,
                }
            }
        }
        match texpr {
            TypeExpr::Name(n) => match n.as_str() {
                "int" | "int64" => matches!(v, Value::Int(_)),
                "float64" | "float32" => matches!(v, Value::Float(_)),
                "string" => matches!(v, Value::Str(_)),
                "bool" => matches!(v, Value::Bool(_)),
                "error" => self.has_method(st, v, "Error"),
                "any" => !v.is_nil(),
                _ => match self.c.program.type_decl(n).map(|d| &d.ty) {
                    Some(TypeExpr::Interface(methods)) => {
                        !v.is_nil() && methods.iter().all(|m| self.has_method(st, v, m))
                    }
                    _ => {
                        matches!(v, Value::Struct(o) if self.struct_type_name(st, *o) == Some(n.as_str()))
                    }
                },
            },
            TypeExpr::Pointer(inner) => match (inner.as_ref(), v) {
                (TypeExpr::Name(n), Value::Ptr(o)) => {
                    self.struct_type_name(st, *o) == Some(n.as_str())
                }
                _ => false,
            },
            TypeExpr::Interface(methods) => {
                !v.is_nil() && methods.iter().all(|m| self.has_method(st, v, m))
            }
            TypeExpr::Qualified(p, n) if p == "time" && n == "Duration" => {
                matches!(v, Value::Duration(_))
            }
            TypeExpr::Slice(_) => matches!(v, Value::Slice { .. } | Value::NilSlice),
            TypeExpr::Map(..) => matches!(v, Value::Map(_) | Value::NilMap),
            TypeExpr::Chan(..) => matches!(v, Value::Chan(_)),
            _ => false,
        }
    }

    pub(in crate::engine) fn struct_type_name<'a>(
        &'a self,
        st: &State,
        o: ObjId,
    ) -> Option<&'a str> {
        match st.heap.get(o as usize) {
            Some(Obj::Struct { ty, .. }) => self.c.type_name(*ty),
            _ => None,
        }
    }

    pub(in crate::engine) fn type_name_of(&self, st: &State, v: &Value) -> String {
        match v {
            Value::Named(t, _) => match self.c.type_name(*t).unwrap_or("?") {
                n if IntKind::from_name(n).is_some() => n.to_string(),
                n => format!("main.{n}"),
            },
            Value::Nil | Value::NilMap | Value::NilSlice => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float64".into(),
            Value::Str(_) => "string".into(),
            Value::Duration(_) => "time.Duration".into(),
            Value::Time(_) => "time.Time".into(),
            Value::EmptyStruct => "struct {}".into(),
            Value::Struct(o) => match st.heap.get(*o as usize) {
                Some(Obj::Struct { ty, .. }) => match self.c.type_name(*ty) {
                    Some(n) => format!("main.{n}"),
                    None => self.go_type(self.c.type_expr(*ty)),
                },
                _ => "struct".into(),
            },
            Value::Ptr(o) => match st.heap.get(*o as usize) {
                Some(Obj::Struct { ty, .. }) => {
                    format!("*main.{}", self.c.type_name(*ty).unwrap_or("struct"))
                }
                Some(Obj::Cell(inner)) => format!("*{}", self.type_name_of(st, inner)),
                _ => "*".into(),
            },
            Value::Slice { arr, .. } => match st.heap.get(*arr as usize) {
                Some(Obj::Array(items)) => format!(
                    "[]{}",
                    items
                        .first()
                        .map(|i| self.type_name_of(st, i))
                        .unwrap_or_else(|| "interface {}".into())
                ),
                _ => "[]".into(),
            },
            Value::Map(m) => match st.heap.get(*m as usize) {
                Some(Obj::Map(entries, elem)) => {
                    let key = entries
                        .first()
                        .map(|(k, _)| self.type_name_of(st, k))
                        .unwrap_or_else(|| "string".into());
                    let val = match elem {
                        Some(t) => self.go_type(self.c.type_expr(*t)),
                        None => entries
                            .first()
                            .map(|(_, v)| self.type_name_of(st, v))
                            .unwrap_or_else(|| "interface {}".into()),
                    };
                    format!("map[{key}]{val}")
                }
                _ => "map".into(),
            },
            Value::Chan(c) => match st.chan(*c) {
                Some(ch) => format!("chan {}", self.type_name_of(st, &ch.elem_zero)),
                None => "chan".into(),
            },
            Value::Func(_) | Value::Closure(_) | Value::Builtin(_) => "func()".into(),
            Value::Obj(o) => match st.heap.get(*o as usize) {
                Some(Obj::Error {
                    wrapped: Some(_), ..
                }) => "*fmt.wrapError".into(),
                Some(Obj::Error { .. }) => "*errors.errorString".into(),
                Some(Obj::Mutex { rw: false, .. }) => "sync.Mutex".into(),
                Some(Obj::Mutex { .. }) => "sync.RWMutex".into(),
                Some(Obj::WaitGroup { .. }) => "sync.WaitGroup".into(),
                Some(Obj::Context(_)) => "*context.cancelCtx".into(),
                _ => "object".into(),
            },
            _ => "?".into(),
        }
    }

    pub(in crate::engine) fn has_method(&self, st: &State, v: &Value, name: &str) -> bool {
        match self.resolve_method(st, v, name) {
            MethodTarget::User(..) => true,
            MethodTarget::Builtin(o) => {
                matches!(st.heap.get(o as usize), Some(Obj::Error { .. })) && name == "Error"
            }
            _ => false,
        }
    }

    /// Finds what `recv.name(...)` calls.
    pub(in crate::engine) fn resolve_method(
        &self,
        st: &State,
        recv: &Value,
        name: &str,
    ) -> MethodTarget {
        let mut v = recv.clone();
        // The pointer the value was reached through: a pointer method of a
        // non-struct type (`func (s *Stack) Push`) receives it.
        let mut through: Option<Value> = None;
        for _ in 0..8 {
            match &v {
                Value::Named(t, _) => {
                    return match self
                        .c
                        .type_name(*t)
                        .and_then(|tn| self.c.program.method(tn, name))
                    {
                        Some(f) => {
                            let ptr = self.c.program.funcs[f as usize]
                                .receiver
                                .as_ref()
                                .is_some_and(|r| r.pointer);
                            match through {
                                Some(p) if ptr => MethodTarget::User(f, p),
                                _ => MethodTarget::User(f, v.clone()),
                            }
                        }
                        None => MethodTarget::Opaque,
                    };
                }
                Value::FieldPtr(..) | Value::ElemPtr(..) => {
                    let inner = match v {
                        Value::FieldPtr(o, i) => match st.heap.get(o as usize) {
                            Some(Obj::Struct { fields, .. }) => fields.get(i as usize).cloned(),
                            _ => None,
                        },
                        Value::ElemPtr(a, i) => match st.heap.get(a as usize) {
                            Some(Obj::Array(items)) => items.get(i as usize).cloned(),
                            _ => None,
                        },
                        _ => None,
                    };
                    match inner {
                        Some(inner @ Value::Named(..)) => {
                            through = Some(v.clone());
                            v = inner;
                        }
                        // `&s.q` where the field holds a pointer or a runtime
                        // object: the method is the pointee's.
                        Some(inner) => v = inner,
                        None => return MethodTarget::Opaque,
                    }
                }
                Value::Struct(o) | Value::Ptr(o) => match st.heap.get(*o as usize) {
                    Some(Obj::Struct { ty, fields }) => {
                        if let Some(tn) = self.c.type_name(*ty) {
                            if let Some(f) = self.c.program.method(tn, name) {
                                let ptr = self.c.program.funcs[f as usize]
                                    .receiver
                                    .as_ref()
                                    .is_some_and(|r| r.pointer);
                                let r = if ptr {
                                    Value::Ptr(*o)
                                } else {
                                    Value::Struct(*o)
                                };
                                return MethodTarget::User(f, r);
                            }
                        }
                        let decl = self.c.struct_fields(*ty);
                        if let Some(i) = decl.iter().position(|f| f.name == name && !f.embedded) {
                            return MethodTarget::Value(
                                fields.get(i).cloned().unwrap_or(Value::Nil),
                            );
                        }
                        for (i, f) in decl.iter().enumerate() {
                            if f.embedded {
                                let fv = fields.get(i).cloned().unwrap_or(Value::Nil);
                                match self.resolve_method(st, &fv, name) {
                                    MethodTarget::Opaque | MethodTarget::NilDeref => {}
                                    found => return found,
                                }
                            }
                        }
                        return MethodTarget::Opaque;
                    }
                    Some(Obj::Cell(inner)) => {
                        through = Some(v.clone());
                        v = inner.clone();
                    }
                    _ => return MethodTarget::Opaque,
                },
                Value::Obj(o) => return MethodTarget::Builtin(*o),
                Value::Chan(_) | Value::Opaque(_) => return MethodTarget::Opaque,
                Value::Nil => return MethodTarget::Opaque,
                _ => return MethodTarget::Opaque,
            }
        }
        MethodTarget::Opaque
    }
}

fn int_op(op: BinOp, x: i64, y: i64) -> R<Value> {
    use Value::*;
    Ok(match op {
        BinOp::Add => Int(x.wrapping_add(y)),
        BinOp::Sub => Int(x.wrapping_sub(y)),
        BinOp::Mul => Int(x.wrapping_mul(y)),
        BinOp::Div => {
            if y == 0 {
                return Err(panic_msg("integer divide by zero"));
            }
            Int(x.wrapping_div(y))
        }
        BinOp::Rem => {
            if y == 0 {
                return Err(panic_msg("integer divide by zero"));
            }
            Int(x.wrapping_rem(y))
        }
        BinOp::And => Int(x & y),
        BinOp::Or => Int(x | y),
        BinOp::Xor => Int(x ^ y),
        BinOp::AndNot => Int(x & !y),
        BinOp::Shl => Int(if (0..64).contains(&y) {
            x.wrapping_shl(y as u32)
        } else {
            0
        }),
        BinOp::Shr => Int(if (0..64).contains(&y) {
            x >> y
        } else if x < 0 {
            -1
        } else {
            0
        }),
        BinOp::Lt => Bool(x < y),
        BinOp::Le => Bool(x <= y),
        BinOp::Gt => Bool(x > y),
        BinOp::Ge => Bool(x >= y),
        BinOp::Eq => Bool(x == y),
        BinOp::Ne => Bool(x != y),
        BinOp::LogAnd | BinOp::LogOr => Value::UNKNOWN,
    })
}

fn u64_op(op: BinOp, x: u64, y: i64) -> R<Option<Value>> {
    use Value::*;
    let yu = y as u64;
    Ok(Some(match op {
        BinOp::Div | BinOp::Rem => {
            if yu == 0 {
                return Err(panic_msg("integer divide by zero"));
            }
            Int(if op == BinOp::Div { x / yu } else { x % yu } as i64)
        }
        BinOp::Shr => Int(if (0..64).contains(&y) { x >> y } else { 0 } as i64),
        BinOp::Lt => Bool(x < yu),
        BinOp::Le => Bool(x <= yu),
        BinOp::Gt => Bool(x > yu),
        BinOp::Ge => Bool(x >= yu),
        _ => return Ok(None),
    }))
}

fn float_op(op: BinOp, x: f64, y: f64) -> Value {
    use Value::*;
    match op {
        BinOp::Add => Float(F64(x + y)),
        BinOp::Sub => Float(F64(x - y)),
        BinOp::Mul => Float(F64(x * y)),
        BinOp::Div => Float(F64(x / y)),
        BinOp::Lt => Bool(x < y),
        BinOp::Le => Bool(x <= y),
        BinOp::Gt => Bool(x > y),
        BinOp::Ge => Bool(x >= y),
        BinOp::Eq => Bool(x == y),
        BinOp::Ne => Bool(x != y),
        _ => Value::UNKNOWN,
    }
}
