//! Memory: zero values, cells, fields, pointers, indexing, maps, slices and
//! composite literals.

use super::code::CompKey;
use super::machine::*;
use super::state::*;
use super::value::*;
use crate::model::TypeExpr;
use crate::syntax::Span;
use std::rc::Rc;

/// The longest array the model keeps element by element.
const MAX_ARRAY_LEN: i64 = 4096;

impl Machine {
    /// Untyped constants take the type they are assigned to: an integer
    /// constant stored as a `float64` becomes a float, as a `time.Duration`
    /// a duration, as a `uint32` a wrapping `uint32`, as a `State` (a
    /// declared type with methods) a `State`; an untyped `nil` stored as a
    /// slice or map is a nil slice or map (`fmt` prints `[]` and `map[]`).
    pub(in crate::engine) fn coerce(&self, v: Value, ty: &TypeExpr) -> Value {
        let v = match (&v, self.c.underlying(ty)) {
            (Value::Int(i), TypeExpr::Name(n)) if n == "float64" || n == "float32" => {
                Value::Float(F64(*i as f64))
            }
            (Value::Int(i), TypeExpr::Qualified(p, n)) if p == "time" && n == "Duration" => {
                Value::Duration(*i)
            }
            (Value::Nil, TypeExpr::Slice(_)) => Value::NilSlice,
            (Value::Nil, TypeExpr::Map(..)) => Value::NilMap,
            _ => v,
        };
        match &v {
            Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Bool(_) => {
                if let Some(t) = self.named_repr(ty) {
                    return self.wrap_named(t, v);
                }
            }
            // A declared slice or map type with methods (`type Stack []int`)
            // after `append` or slicing, which work on its contents.
            Value::Slice { .. } | Value::NilSlice | Value::Map(_) | Value::NilMap => {
                if let Some(t) = self.named_repr(ty) {
                    return Value::Named(t, Rc::new(v));
                }
            }
            _ => {}
        }
        v
    }

    /// The type id a value of type `ty` carries as a [`Value::Named`]: a
    /// sized integer type, or a declared non-struct type with methods or
    /// over a sized integer type.
    pub(in crate::engine) fn named_repr(&self, ty: &TypeExpr) -> Option<TypeId> {
        let TypeExpr::Name(n) = ty else { return None };
        if let Some(k) = IntKind::from_name(n) {
            return Some(self.int_type(k));
        }
        let d = self.c.program.type_decl(n)?;
        let under = self.c.underlying(&d.ty);
        if matches!(under, TypeExpr::Struct(_) | TypeExpr::Interface(_)) {
            return None;
        }
        let sized = matches!(under, TypeExpr::Name(u) if IntKind::from_name(u).is_some());
        if sized || self.c.with_methods.contains(n) {
            return self.c.type_names.get(n).copied();
        }
        None
    }

    /// A basic value as a value of type `t`, wrapped to its range when `t`
    /// is a sized integer type.
    pub(in crate::engine) fn wrap_named(&self, t: TypeId, v: Value) -> Value {
        let v = match (v, self.int_kind(t)) {
            (Value::Int(i), Some(k)) => Value::Int(k.wrap(i)),
            (v, _) => v,
        };
        Value::Named(t, Rc::new(v))
    }

    /// The sized integer kind of a type (following declared names).
    pub(in crate::engine) fn int_kind(&self, t: TypeId) -> Option<IntKind> {
        match self.c.underlying(self.c.type_expr(t)) {
            TypeExpr::Name(n) => IntKind::from_name(n),
            _ => None,
        }
    }

    /// The kind of an integer value's type, if sized.
    pub(in crate::engine) fn int_kind_of(&self, v: &Value) -> Option<IntKind> {
        match v {
            Value::Named(t, inner) if matches!(**inner, Value::Int(_)) => self.int_kind(*t),
            _ => None,
        }
    }

    pub(in crate::engine) fn int_type(&self, k: IntKind) -> TypeId {
        let i = IntKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        self.c.int_types[i]
    }

    /// A value of a sized integer type.
    pub(in crate::engine) fn sized(&self, k: IntKind, i: i64) -> Value {
        Value::Named(self.int_type(k), Rc::new(Value::Int(k.wrap(i))))
    }

    pub(in crate::engine) fn make_slice(&self, st: &mut State, items: Vec<Value>) -> Value {
        let n = items.len() as u32;
        let arr = st.alloc(Obj::Array(items));
        Value::Slice {
            arr,
            off: 0,
            len: n,
            cap: n,
        }
    }

    /// Struct values are copied when stored or passed.
    pub(in crate::engine) fn copy_val(&self, st: &mut State, v: Value) -> Value {
        self.copy_depth(st, v, 0)
    }

    pub(in crate::engine) fn copy_depth(&self, st: &mut State, v: Value, depth: u32) -> Value {
        match v {
            Value::Array(o) if depth < 8 => {
                let Some(Obj::Array(items)) = st.heap.get(o as usize).cloned() else {
                    return v;
                };
                let items = items
                    .into_iter()
                    .map(|f| self.copy_depth(st, f, depth + 1))
                    .collect();
                Value::Array(st.alloc(Obj::Array(items)))
            }
            Value::Struct(o) if depth < 8 => {
                let Some(Obj::Struct { ty, fields }) = st.heap.get(o as usize).cloned() else {
                    return v;
                };
                let fields = fields
                    .into_iter()
                    .map(|f| self.copy_depth(st, f, depth + 1))
                    .collect();
                Value::Struct(st.alloc(Obj::Struct { ty, fields }))
            }
            v => v,
        }
    }

    // ----- the scheduler -----

    /// Stores into a variable's cell. A struct variable keeps its object
    /// (pointers to it see the new value), as Go overwrites in place.
    pub(in crate::engine) fn overwrite_cell(&self, st: &mut State, c: ObjId, v: Value) {
        if let (Some(Obj::Cell(Value::Struct(old))), Value::Struct(new)) =
            (st.heap.get(c as usize), &v)
        {
            let old = *old;
            if let Some(Obj::Struct { fields, .. }) = st.heap.get(*new as usize).cloned() {
                if let Some(Obj::Struct { fields: f, .. }) = st.heap.get_mut(old as usize) {
                    *f = fields;
                    return;
                }
            }
        }
        st.heap[c as usize] = Obj::Cell(v);
    }

    pub(in crate::engine) fn load_cell(&self, st: &State, v: &Value) -> Value {
        match v {
            Value::Ptr(c) => match st.heap.get(*c as usize) {
                Some(Obj::Cell(x)) => x.clone(),
                _ => v.clone(),
            },
            _ => v.clone(),
        }
    }

    /// The runtime object a method call on `recv` reaches (through pointers
    /// and embedded fields).
    /// The runtime object a method call acts on (an RLocker's RWMutex).
    pub(in crate::engine) fn method_obj(
        &self,
        st: &State,
        recv: &Value,
        name: &str,
    ) -> Option<ObjId> {
        match self.resolve_method(st, recv, name) {
            MethodTarget::Builtin(o) => match st.heap.get(o as usize) {
                Some(Obj::ReadLocker(m)) => Some(*m),
                _ => Some(o),
            },
            _ => None,
        }
    }

    /// The runtime object behind a value, following one pointer.
    pub(in crate::engine) fn deref_obj(&self, st: &State, v: &Value) -> Option<ObjId> {
        match v {
            Value::Obj(o) => Some(*o),
            Value::Ptr(c) => match st.heap.get(*c as usize) {
                Some(Obj::Cell(Value::Obj(o))) => Some(*o),
                _ => None,
            },
            _ => None,
        }
    }

    pub(in crate::engine) fn zero(&self, st: &mut State, t: TypeId) -> Value {
        let ty = self.c.type_expr(t).clone();
        self.zero_of(st, &ty, Some(t), 0)
    }

    pub(in crate::engine) fn zero_of(
        &self,
        st: &mut State,
        ty: &TypeExpr,
        id: Option<TypeId>,
        depth: u32,
    ) -> Value {
        if depth > 8 {
            return Value::Nil;
        }
        match ty {
            TypeExpr::Name(n) => match n.as_str() {
                "int" | "int64" => Value::Int(0),
                k if IntKind::from_name(k).is_some() => {
                    self.sized(IntKind::from_name(k).unwrap_or(IntKind::I32), 0)
                }
                "float32" | "float64" => Value::Float(F64(0.0)),
                "string" => Value::str(""),
                "bool" => Value::Bool(false),
                "error" | "any" => Value::Nil,
                _ => match self.c.program.type_decl(n) {
                    Some(d) => {
                        let under = d.ty.clone();
                        if let TypeExpr::Struct(fields) = &under {
                            let tid = self.c.type_names.get(n).copied().unwrap_or(0);
                            self.zero_struct(st, fields, tid, depth)
                        } else {
                            let z = self.zero_of(st, &under, None, depth + 1);
                            match self.named_repr(ty) {
                                Some(t) => match z.plain() {
                                    p @ (Value::Int(_)
                                    | Value::Float(_)
                                    | Value::Str(_)
                                    | Value::Bool(_)) => self.wrap_named(t, p.clone()),
                                    _ => Value::Named(t, Rc::new(z)),
                                },
                                None => z,
                            }
                        }
                    }
                    None => Value::UNKNOWN,
                },
            },
            TypeExpr::Qualified(p, n) => match (p.as_str(), n.as_str()) {
                ("sync", "Mutex") => Value::Obj(st.alloc(Obj::Mutex {
                    locked: false,
                    readers: 0,
                    writer_waiting: 0,
                    waiters: Vec::new(),
                    rw: false,
                    woken: None,
                    barges: 0,
                })),
                ("sync", "RWMutex") => Value::Obj(st.alloc(Obj::Mutex {
                    locked: false,
                    readers: 0,
                    writer_waiting: 0,
                    waiters: Vec::new(),
                    rw: true,
                    woken: None,
                    barges: 0,
                })),
                ("sync", "WaitGroup") => Value::Obj(st.alloc(Obj::WaitGroup {
                    count: 0,
                    waiters: Vec::new(),
                    unknown: false,
                })),
                ("sync", "Once") => Value::Obj(st.alloc(Obj::Once {
                    done: false,
                    runner: None,
                })),
                ("sync", "Cond") => Value::Obj(st.alloc(Obj::Cond {
                    lock: Value::Nil,
                    waiters: Vec::new(),
                })),
                ("atomic", "Bool") => Value::Obj(st.alloc(Obj::Atomic(Value::Bool(false)))),
                ("atomic", "Value" | "Pointer") => Value::Obj(st.alloc(Obj::Atomic(Value::Nil))),
                ("atomic", _) => Value::Obj(st.alloc(Obj::Atomic(Value::Int(0)))),
                ("sync", "Map") => Value::Map(st.alloc(Obj::Map(Vec::new(), None))),
                ("strings", "Builder") | ("bytes", "Buffer") => {
                    Value::Obj(st.alloc(Obj::Builder(String::new())))
                }
                ("time", "Duration") => Value::Duration(0),
                ("time", "Time") => Value::Time(0),
                ("context", "Context") => Value::Nil,
                _ => Value::UNKNOWN,
            },
            TypeExpr::Slice(_) => Value::NilSlice,
            TypeExpr::Map(..) => Value::NilMap,
            TypeExpr::Array(len, elem) => {
                // A length the model cannot evaluate, or longer than the
                // arrays it keeps (a hash table's `[1 << 17]uint32`), is no
                // reason to make a shorter array (an index past its end
                // would panic falsely): unknown.
                let n = match len.as_deref() {
                    Some(e) => self.const_int(st, e, 0),
                    None => Some(0),
                };
                let Some(n) = n.filter(|n| (0..=MAX_ARRAY_LEN).contains(n)) else {
                    return Value::UNKNOWN;
                };
                let n = n as usize;
                let items = (0..n)
                    .map(|_| self.zero_of(st, elem, None, depth + 1))
                    .collect();
                Value::Array(st.alloc(Obj::Array(items)))
            }
            TypeExpr::Struct(fields) => {
                if fields.is_empty() {
                    return Value::EmptyStruct;
                }
                let tid = id.or_else(|| self.c.type_id_of(ty)).unwrap_or(0);
                self.zero_struct(st, fields, tid, depth)
            }
            TypeExpr::Opaque(_) => Value::Nil,
            _ => Value::Nil,
        }
    }

    /// An array type's length: a constant expression of literals and named
    /// constants (`[shards]T`, `[literalCount + 1]T`), whose values init has
    /// stored in their globals by the time it is used.
    pub(in crate::engine) fn array_len(
        &self,
        st: &State,
        len: Option<&crate::model::Expr>,
    ) -> Option<i64> {
        Some(self.const_int(st, len?, 0)?.clamp(0, MAX_ARRAY_LEN))
    }

    /// The value of an integer constant expression, when it is one.
    fn const_int(&self, st: &State, e: &crate::model::Expr, depth: u32) -> Option<i64> {
        use crate::model::{ExprKind, UnOp};
        if depth > 16 {
            return None;
        }
        Some(match &e.kind {
            ExprKind::Int(n) | ExprKind::Rune(n) => *n,
            ExprKind::Ident(name) => {
                let i = self.c.globals.iter().position(|g| g == name)?;
                match st.heap.get(*st.globals.get(i)? as usize) {
                    Some(Obj::Cell(v)) => match v.plain() {
                        Value::Int(n) => *n,
                        _ => return None,
                    },
                    _ => return None,
                }
            }
            ExprKind::Unary(UnOp::Neg, x) => self.const_int(st, x, depth + 1)?.checked_neg()?,
            ExprKind::Unary(UnOp::Plus, x) => self.const_int(st, x, depth + 1)?,
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (
                    self.const_int(st, a, depth + 1)?,
                    self.const_int(st, b, depth + 1)?,
                );
                match self.binary(st, *op, Value::Int(a), Value::Int(b)).ok()? {
                    Value::Int(n) => n,
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    pub(in crate::engine) fn zero_struct(
        &self,
        st: &mut State,
        fields: &[crate::model::Field],
        tid: TypeId,
        depth: u32,
    ) -> Value {
        let values = fields
            .iter()
            .map(|f| self.zero_of(st, &f.ty, None, depth + 1))
            .collect();
        Value::Struct(st.alloc(Obj::Struct {
            ty: tid,
            fields: values,
        }))
    }

    /// An array seen as a slice of all its elements (which alias it).
    pub(in crate::engine) fn array_view(&self, st: &State, v: &Value) -> Value {
        match v {
            Value::Array(o) => {
                let n = match st.heap.get(*o as usize) {
                    Some(Obj::Array(items)) => items.len() as u32,
                    _ => 0,
                };
                Value::Slice {
                    arr: *o,
                    off: 0,
                    len: n,
                    cap: n,
                }
            }
            // A value of a declared slice, map or string type: its contents.
            Value::Named(_, inner) if !matches!(**inner, Value::Int(_)) => {
                self.array_view(st, inner)
            }
            other => other.clone(),
        }
    }

    pub(in crate::engine) fn slice_items(&self, st: &State, v: &Value) -> Vec<Value> {
        let v = &self.array_view(st, v);
        match v {
            Value::Slice { arr, off, len, .. } => match st.heap.get(*arr as usize) {
                Some(Obj::Array(items)) => items
                    .iter()
                    .skip(*off as usize)
                    .take(*len as usize)
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// The struct object and field index for `x.name`, following pointers
    /// and embedded fields.
    pub(in crate::engine) fn find_field(
        &self,
        st: &State,
        x: &Value,
        name: &str,
        depth: u32,
    ) -> Option<(ObjId, usize)> {
        if depth > 6 {
            return None;
        }
        let o = match x {
            Value::Struct(o) | Value::Ptr(o) => *o,
            _ => return None,
        };
        match st.heap.get(o as usize)? {
            Obj::Struct { ty, fields } => {
                let decl = self.c.struct_fields(*ty);
                if let Some(i) = decl.iter().position(|f| f.name == name) {
                    return Some((o, i));
                }
                for (i, f) in decl.iter().enumerate() {
                    if f.embedded {
                        if let Some(r) = fields
                            .get(i)
                            .and_then(|v| self.find_field(st, v, name, depth + 1))
                        {
                            return Some(r);
                        }
                    }
                }
                None
            }
            Obj::Cell(inner) => self.find_field(st, inner, name, depth + 1),
            _ => None,
        }
    }

    pub(in crate::engine) fn field(&self, st: &mut State, x: &Value, name: &str) -> R<Value> {
        if let Some((o, i)) = self.find_field(st, x, name, 0) {
            if let Some(Obj::Struct { fields, .. }) = st.heap.get(o as usize) {
                return Ok(fields.get(i).cloned().unwrap_or(Value::Nil));
            }
        }
        match x {
            Value::Nil => {
                return Err(panic_msg(
                    "invalid memory address or nil pointer dereference",
                ))
            }
            Value::Ptr(c) => {
                if let Some(Obj::Cell(inner)) = st.heap.get(*c as usize).cloned() {
                    if !matches!(inner, Value::Ptr(_)) {
                        return self.field(st, &inner, name);
                    }
                }
            }
            Value::Obj(o) => match (st.heap.get(*o as usize), name) {
                (Some(Obj::Timer(t)), "C") => {
                    return Ok(t.chan.map(Value::Chan).unwrap_or(Value::Nil))
                }
                (Some(Obj::Resource { .. }), "Body") => return Ok(x.clone()),
                // `c.L.Lock()`: the Locker the Cond was made with.
                (Some(Obj::Cond { lock, .. }), "L") => return Ok(lock.clone()),
                _ => {}
            },
            _ => {}
        }
        // A method value.
        match self.resolve_method(st, x, name) {
            MethodTarget::User(..) | MethodTarget::Builtin(_) => {
                Ok(Value::Closure(st.alloc(Obj::Bound {
                    recv: x.clone(),
                    method: name.into(),
                })))
            }
            _ => Ok(Value::UNKNOWN),
        }
    }

    pub(in crate::engine) fn set_field(
        &self,
        st: &mut State,
        x: &Value,
        name: &str,
        v: Value,
    ) -> R<()> {
        if let Some((o, i)) = self.find_field(st, x, name, 0) {
            // An untyped constant or nil takes the field's type.
            let v = match st.heap.get(o as usize) {
                Some(Obj::Struct { ty, .. }) => match self.c.struct_fields(*ty).get(i) {
                    Some(f) => self.coerce(v, &f.ty),
                    None => v,
                },
                _ => v,
            };
            if let Some(Obj::Struct { fields, .. }) = st.heap.get_mut(o as usize) {
                if let Some(f) = fields.get_mut(i) {
                    *f = v;
                }
            }
            return Ok(());
        }
        if let (Some(o), "L") = (self.deref_obj(st, x), name) {
            if let Some(Obj::Cond { lock, .. }) = st.heap.get_mut(o as usize) {
                *lock = v;
                return Ok(());
            }
        }
        match x {
            Value::Nil => Err(panic_msg(
                "invalid memory address or nil pointer dereference",
            )),
            _ => Ok(()),
        }
    }

    pub(in crate::engine) fn addr_field(&self, st: &mut State, x: &Value, name: &str) -> R<Value> {
        if let Some((o, i)) = self.find_field(st, x, name, 0) {
            if let Some(Obj::Struct { fields, .. }) = st.heap.get(o as usize) {
                return Ok(match &fields[i] {
                    Value::Struct(s) => Value::Ptr(*s),
                    Value::Obj(ob) => Value::Obj(*ob),
                    _ => Value::FieldPtr(o, i as u32),
                });
            }
        }
        match x {
            Value::Nil => Err(panic_msg(
                "invalid memory address or nil pointer dereference",
            )),
            _ => Ok(Value::UNKNOWN),
        }
    }

    pub(in crate::engine) fn deref(&self, st: &mut State, p: &Value) -> R<Value> {
        Ok(match p {
            Value::Ptr(o) => match st.heap.get(*o as usize) {
                Some(Obj::Cell(v)) => v.clone(),
                Some(Obj::Struct { .. }) => Value::Struct(*o),
                Some(Obj::Array(_)) => Value::Array(*o),
                _ => Value::UNKNOWN,
            },
            Value::FieldPtr(o, i) => match st.heap.get(*o as usize) {
                Some(Obj::Struct { fields, .. }) => {
                    fields.get(*i as usize).cloned().unwrap_or(Value::Nil)
                }
                _ => Value::UNKNOWN,
            },
            Value::ElemPtr(a, i) => match st.heap.get(*a as usize) {
                Some(Obj::Array(items)) => items.get(*i as usize).cloned().unwrap_or(Value::Nil),
                _ => Value::UNKNOWN,
            },
            Value::Nil => {
                return Err(panic_msg(
                    "invalid memory address or nil pointer dereference",
                ))
            }
            Value::Obj(_) => p.clone(),
            _ => Value::UNKNOWN,
        })
    }

    pub(in crate::engine) fn store_deref(&self, st: &mut State, p: &Value, v: Value) -> R<()> {
        match p {
            Value::Ptr(o) => match st.heap.get_mut(*o as usize) {
                Some(Obj::Cell(c)) => *c = v,
                Some(Obj::Struct { fields, .. }) => {
                    if let Value::Struct(src) = v {
                        if let Some(Obj::Struct { fields: f2, .. }) =
                            st.heap.get(src as usize).cloned()
                        {
                            if let Some(Obj::Struct { fields, .. }) = st.heap.get_mut(*o as usize) {
                                *fields = f2;
                            }
                        }
                    } else {
                        let _ = fields;
                    }
                }
                _ => {}
            },
            Value::FieldPtr(o, i) => {
                if let Some(Obj::Struct { fields, .. }) = st.heap.get_mut(*o as usize) {
                    if let Some(f) = fields.get_mut(*i as usize) {
                        *f = v;
                    }
                }
            }
            Value::ElemPtr(a, i) => {
                if let Some(Obj::Array(items)) = st.heap.get_mut(*a as usize) {
                    if let Some(f) = items.get_mut(*i as usize) {
                        *f = v;
                    }
                }
            }
            Value::Nil => {
                return Err(panic_msg(
                    "invalid memory address or nil pointer dereference",
                ))
            }
            _ => {}
        }
        Ok(())
    }

    pub(in crate::engine) fn index(&self, st: &mut State, x: &Value, i: &Value) -> R<Value> {
        let i = i.plain();
        let x = &self.array_view(st, x);
        match x {
            // `F[int](...)`: an explicit instantiation of a generic function.
            Value::Func(_) | Value::Closure(_) => Ok(x.clone()),
            Value::Slice { arr, off, len, .. } => {
                let Value::Int(i) = i else {
                    return Ok(Value::UNKNOWN);
                };
                if *i < 0 || *i >= *len as i64 {
                    return Err(panic_msg(format!(
                        "index out of range [{i}] with length {len}"
                    )));
                }
                Ok(match st.heap.get(*arr as usize) {
                    Some(Obj::Array(items)) => items
                        .get((*off as i64 + i) as usize)
                        .cloned()
                        .unwrap_or(Value::Nil),
                    _ => Value::UNKNOWN,
                })
            }
            Value::NilSlice => match i {
                Value::Int(i) => Err(panic_msg(format!("index out of range [{i}] with length 0"))),
                _ => Ok(Value::UNKNOWN),
            },
            Value::Str(s) => {
                let Value::Int(i) = i else {
                    return Ok(Value::UNKNOWN);
                };
                match s.as_bytes().get(*i as usize) {
                    Some(b) if *i >= 0 => Ok(self.sized(IntKind::U8, *b as i64)),
                    _ => Err(panic_msg(format!(
                        "index out of range [{i}] with length {}",
                        s.len()
                    ))),
                }
            }
            Value::Map(_) | Value::NilMap => Ok(self.map_get(st, x, i).0),
            Value::Ptr(_) => {
                let inner = self.deref(st, x)?;
                self.index(st, &inner, i)
            }
            _ => Ok(Value::UNKNOWN),
        }
    }

    /// `m[k]` with comma-ok: the value (the zero value of the map's value
    /// type when the key is missing) and whether it was there.
    pub(in crate::engine) fn map_get(
        &self,
        st: &mut State,
        m: &Value,
        k: &Value,
    ) -> (Value, Value) {
        if let Value::Map(id) = m {
            if let Some(Obj::Map(entries, elem)) = st.heap.get(*id as usize) {
                for (ek, ev) in entries {
                    if self.equal(st, ek, k) == Some(true) {
                        return (ev.clone(), Value::Bool(true));
                    }
                }
                let z = match *elem {
                    Some(t) => self.zero(st, t),
                    // A map whose value type is unknown (`sync.Map`): use the
                    // type of any existing value.
                    None => match st.heap.get(*id as usize) {
                        Some(Obj::Map(entries, _)) => entries
                            .first()
                            .map(|(_, v)| zero_like(v))
                            .unwrap_or(Value::Nil),
                        _ => Value::Nil,
                    },
                };
                return (z, Value::Bool(false));
            }
        }
        if m.is_unknown() {
            return (Value::UNKNOWN, Value::UNKNOWN);
        }
        (Value::Nil, Value::Bool(false))
    }

    /// A `sync.Map` held in a package-level variable that grows or shrinks,
    /// for the retained-global verdict.
    pub(in crate::engine) fn note_sync_map_call(
        &self,
        st: &mut State,
        by_entry: bool,
        recv: &Value,
        name: &str,
        args: &[Value],
        span: Span,
    ) {
        let recv = match recv {
            Value::Ptr(c) => match st.heap.get(*c as usize) {
                Some(Obj::Cell(v)) => v.clone(),
                _ => recv.clone(),
            },
            v => v.clone(),
        };
        let Value::Map(m) = recv else { return };
        match name {
            "Store" | "LoadOrStore" | "Swap" => {
                let key = args.first().cloned().unwrap_or(Value::UNKNOWN);
                self.note_global_map_insert(st, by_entry, m, &key, span);
            }
            "Delete" | "LoadAndDelete" => {
                if let Some(global) = st.global_holding_map(m) {
                    st.facts.global_cleaned.push(global);
                }
            }
            _ => {}
        }
    }

    /// Records a new key stored by a goroutine (not the entry's body or a
    /// subtest's) into a package-level map, for the retained-global verdict.
    pub(in crate::engine) fn note_global_map_insert(
        &self,
        st: &mut State,
        by_entry: bool,
        map: ObjId,
        key: &Value,
        span: Span,
    ) {
        if by_entry || st.facts.global_growth.len() >= 1024 {
            return;
        }
        let Some(global) = st.global_holding_map(map) else {
            return;
        };
        let present = match st.heap.get(map as usize) {
            Some(Obj::Map(entries, _)) => entries
                .iter()
                .any(|(k, _)| self.equal(st, k, key) == Some(true)),
            _ => true,
        };
        if !present {
            st.facts
                .global_growth
                .push((global, span, Some(key.clone())));
        }
    }

    pub(in crate::engine) fn set_index(
        &self,
        st: &mut State,
        x: &Value,
        i: &Value,
        v: Value,
    ) -> R<()> {
        let x = &self.array_view(st, x);
        let i = i.plain();
        match x {
            Value::Slice { arr, off, len, .. } => {
                let Value::Int(i) = i else { return Ok(()) };
                if *i < 0 || *i >= *len as i64 {
                    return Err(panic_msg(format!(
                        "index out of range [{i}] with length {len}"
                    )));
                }
                if let Some(Obj::Array(items)) = st.heap.get_mut(*arr as usize) {
                    if let Some(slot) = items.get_mut((*off as i64 + i) as usize) {
                        *slot = v;
                    }
                }
                Ok(())
            }
            Value::NilSlice => Err(panic_msg(format!(
                "index out of range [{}] with length 0",
                fmt_int(i)
            ))),
            Value::Map(id) => {
                let (pos, v) = match st.heap.get(*id as usize) {
                    Some(Obj::Map(entries, elem)) => (
                        entries
                            .iter()
                            .position(|(k, _)| self.equal(st, k, i) == Some(true)),
                        match elem {
                            Some(t) => self.coerce(v, self.c.type_expr(*t)),
                            None => v,
                        },
                    ),
                    _ => (None, v),
                };
                if let Some(Obj::Map(entries, _)) = st.heap.get_mut(*id as usize) {
                    match pos {
                        Some(p) => entries[p].1 = v,
                        None => entries.push((i.clone(), v)),
                    }
                }
                Ok(())
            }
            Value::NilMap => Err(Trap::runtime("assignment to entry in nil map".into())),
            Value::Ptr(_) => {
                let inner = self.deref(st, x)?;
                self.set_index(st, &inner, i, v)
            }
            _ => Ok(()),
        }
    }

    pub(in crate::engine) fn slice_op(
        &self,
        st: &mut State,
        x: &Value,
        lo: Option<Value>,
        hi: Option<Value>,
        max: Option<Value>,
    ) -> R<Value> {
        let x = &self.array_view(st, x);
        let int = |v: &Option<Value>| match v.as_ref().map(|v| v.plain()) {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        };
        match x {
            Value::Str(s) => {
                let l = int(&lo).unwrap_or(0);
                let h = int(&hi).unwrap_or(s.len() as i64);
                if l < 0 || h > s.len() as i64 || l > h {
                    return Err(panic_msg(format!(
                        "slice bounds out of range [{l}:{h}] with length {}",
                        s.len()
                    )));
                }
                let bytes = &s.as_bytes()[l as usize..h as usize];
                Ok(Value::str(&String::from_utf8_lossy(bytes)))
            }
            Value::Slice { arr, off, len, cap } => {
                let l = int(&lo).unwrap_or(0);
                let h = int(&hi).unwrap_or(*len as i64);
                let m = int(&max).unwrap_or(*cap as i64);
                if l < 0 || h > *cap as i64 || l > h || m > *cap as i64 || h > m {
                    return Err(panic_msg(format!(
                        "slice bounds out of range [{l}:{h}] with capacity {cap}"
                    )));
                }
                Ok(Value::Slice {
                    arr: *arr,
                    off: off + l as u32,
                    len: (h - l) as u32,
                    cap: (m - l) as u32,
                })
            }
            Value::NilSlice => Ok(Value::NilSlice),
            Value::Ptr(_) => {
                let inner = self.deref(st, x)?;
                self.slice_op(st, &inner, lo, hi, max)
            }
            _ => Ok(Value::UNKNOWN),
        }
    }

    pub(in crate::engine) fn composite(
        &self,
        st: &mut State,
        ty: Option<TypeId>,
        keys: &[CompKey],
        vals: Vec<Value>,
    ) -> R<Value> {
        let Some(t) = ty else {
            return Ok(Value::UNKNOWN);
        };
        let texpr = self.c.type_expr(t).clone();
        let under = self.c.underlying(&texpr).clone();
        let mut items: Vec<(Option<Value>, Option<Rc<str>>, Value)> = Vec::new();
        let mut it = vals.into_iter();
        for k in keys {
            match k {
                CompKey::Expr => {
                    let key = it.next().unwrap_or(Value::UNKNOWN);
                    let v = it.next().unwrap_or(Value::UNKNOWN);
                    items.push((Some(key), None, v));
                }
                CompKey::Field(n) => {
                    items.push((None, Some(n.clone()), it.next().unwrap_or(Value::UNKNOWN)))
                }
                CompKey::None => items.push((None, None, it.next().unwrap_or(Value::UNKNOWN))),
            }
        }
        if let TypeExpr::Qualified(p, n) = &under {
            if (p.as_str(), n.as_str()) == ("sync", "Cond") {
                // `sync.Cond{L: &mu}`: the only field a program sets.
                let lock = items
                    .into_iter()
                    .find(|(_, name, _)| name.as_deref().is_none_or(|n| n == "L"))
                    .map(|(_, _, v)| v)
                    .unwrap_or(Value::Nil);
                return Ok(Value::Obj(st.alloc(Obj::Cond {
                    lock,
                    waiters: Vec::new(),
                })));
            }
        }
        match &under {
            TypeExpr::Struct(fields) => {
                if fields.is_empty() && !matches!(texpr, TypeExpr::Name(_)) {
                    return Ok(Value::EmptyStruct);
                }
                let tid = match &texpr {
                    TypeExpr::Name(_) => t,
                    _ => t,
                };
                let z = self.zero_struct(st, fields, tid, 0);
                let Value::Struct(o) = z else { return Ok(z) };
                for (i, (_, name, v)) in items.into_iter().enumerate() {
                    let idx = match name {
                        Some(n) => fields.iter().position(|f| *f.name == *n),
                        None => Some(i),
                    };
                    let v = self.copy_val(st, v);
                    let v = match idx.and_then(|i| fields.get(i)) {
                        Some(f) => self.coerce(v, &f.ty),
                        None => v,
                    };
                    if let (Some(idx), Some(Obj::Struct { fields, .. })) =
                        (idx, st.heap.get_mut(o as usize))
                    {
                        if let Some(f) = fields.get_mut(idx) {
                            *f = v;
                        }
                    }
                }
                Ok(Value::Struct(o))
            }
            TypeExpr::Slice(_) | TypeExpr::Array(..) => {
                let mut out: Vec<Value> = Vec::new();
                let mut pos = 0usize;
                for (k, _, v) in items {
                    if let Some(Value::Int(i)) = k.as_ref().map(|k| k.plain()) {
                        pos = (*i).clamp(0, 100_000) as usize;
                    }
                    while out.len() <= pos {
                        out.push(zero_like(&v));
                    }
                    let v = self.copy_val(st, v);
                    out[pos] = match &under {
                        TypeExpr::Slice(e) | TypeExpr::Array(_, e) => self.coerce(v, e),
                        _ => v,
                    };
                    pos += 1;
                }
                if let TypeExpr::Array(Some(len), elem) = &under {
                    if let Some(n) = self.array_len(st, Some(len)) {
                        while (out.len() as i64) < n {
                            let z = self.zero_of(st, elem, None, 1);
                            out.push(z);
                        }
                    }
                }
                if matches!(under, TypeExpr::Array(..)) {
                    return Ok(Value::Array(st.alloc(Obj::Array(out))));
                }
                Ok(self.make_slice(st, out))
            }
            TypeExpr::Map(kt, vt) => {
                let mut entries: Vec<(Value, Value)> = Vec::new();
                for (k, _, v) in items {
                    let k = self.coerce(k.unwrap_or(Value::UNKNOWN), kt);
                    let v = self.copy_val(st, v);
                    let v = self.coerce(v, vt);
                    match entries
                        .iter()
                        .position(|(ek, _)| self.equal(st, ek, &k) == Some(true))
                    {
                        Some(p) => entries[p].1 = v,
                        None => entries.push((k, v)),
                    }
                }
                Ok(Value::Map(
                    st.alloc(Obj::Map(entries, self.c.type_id_of(vt))),
                ))
            }
            TypeExpr::Pointer(inner) => {
                let it = self.c.type_id_of(inner);
                let v = self.composite(st, it, keys, items_back(keys, Vec::new()))?;
                let _ = v;
                Ok(Value::UNKNOWN)
            }
            TypeExpr::Qualified(..) | TypeExpr::Opaque(_) => {
                // A value of a type the engine does not know: its parts are
                // handed to the unknown code that uses it
                // (`&http.Transport{Dial: dial}` calls `dial`).
                let parts: Vec<Value> = items.into_iter().map(|(_, _, v)| v).collect();
                self.hand_to_unknown(st, &parts, Span::default());
                Ok(match under {
                    TypeExpr::Qualified(..) => self.zero_of(st, &under, Some(t), 0),
                    _ => Value::UNKNOWN,
                })
            }
            _ => Ok(Value::UNKNOWN),
        }
    }
}

fn items_back(_keys: &[CompKey], v: Vec<Value>) -> Vec<Value> {
    v
}

fn fmt_int(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        _ => "?".into(),
    }
}
