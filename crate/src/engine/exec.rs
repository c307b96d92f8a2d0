//! Executing one instruction, and calls: frames, method values, function
//! values, `go` statements.

use super::code::{CompKey, Instr};
use super::machine::*;
use super::state::*;
use super::value::*;
use crate::model::{FuncId, TypeExpr, UnOp};
use crate::syntax::Span;
use std::rc::Rc;

impl Machine {
    pub(in crate::engine) fn new_frame(
        &self,
        st: &mut State,
        func: FuncId,
        captures: &[Value],
        mut args: Vec<Value>,
        want: u8,
        spread: bool,
    ) -> Frame {
        let code = &self.c.codes[func as usize];
        let mut locals = vec![Value::Nil; code.slots as usize];
        for (i, c) in captures.iter().enumerate() {
            if let Some(l) = locals.get_mut(i) {
                *l = c.clone();
            }
        }
        let np = code.params.len();
        let has_receiver = self.c.program.funcs[func as usize].receiver.is_some();
        if code.variadic && !spread && np > 0 {
            let fixed = np - 1;
            if args.len() >= fixed {
                let rest: Vec<Value> = args.split_off(fixed);
                let v = if rest.is_empty() {
                    Value::NilSlice
                } else {
                    self.make_slice(st, rest)
                };
                args.push(v);
            }
        }
        let fdecl = &self.c.program.funcs[func as usize];
        for (i, (slot, _)) in code.params.iter().enumerate() {
            // A parameter nobody passed (a callback run by unknown code):
            // one unknown value.
            let v = match args.get(i) {
                Some(v) => v.clone(),
                None => {
                    let who = st.sched.current.unwrap_or(GoId::ENTRY);
                    st.path.input(who)
                }
            };
            let v = self.copy_val(st, v);
            let pi = if has_receiver {
                i.checked_sub(1)
            } else {
                Some(i)
            };
            let v = match pi.and_then(|p| fdecl.params.get(p)) {
                Some(p) if !(code.variadic && pi == Some(fdecl.params.len() - 1)) => {
                    self.coerce(v, &p.ty)
                }
                _ => v,
            };
            if let Some(l) = locals.get_mut(*slot as usize) {
                *l = v;
            }
        }
        Frame {
            func,
            pc: 0,
            locals,
            stack: Vec::new(),
            defers: Vec::new(),
            want,
            returning: false,
            is_defer: false,
            sync_call: false,
            then_run: None,
            lib_results: Vec::new(),
            lib_call: LibCall::No,
        }
    }

    /// Methods of values the runtime models directly: durations, times,
    /// `strings.Builder`. `None` when the receiver is something else.
    pub(in crate::engine) fn value_method(
        &self,
        st: &mut State,
        recv: &Value,
        name: &str,
        args: &[Value],
    ) -> Option<Vec<Value>> {
        let recv = match recv {
            Value::Ptr(c) => match st.heap.get(*c as usize) {
                Some(Obj::Cell(v)) => v.clone(),
                _ => recv.clone(),
            },
            v => v.clone(),
        };
        let arg_int = |i: usize| match args.get(i).map(|v| v.plain()) {
            Some(Value::Int(x) | Value::Duration(x) | Value::Time(x)) => Some(*x),
            _ => None,
        };
        Some(match (&recv, name) {
            (Value::Duration(d), "Seconds") => vec![Value::Float(F64(*d as f64 / 1e9))],
            (Value::Duration(d), "Minutes") => vec![Value::Float(F64(*d as f64 / 6e10))],
            (Value::Duration(d), "Hours") => vec![Value::Float(F64(*d as f64 / 3.6e12))],
            (Value::Duration(d), "Milliseconds") => vec![Value::Int(d / 1_000_000)],
            (Value::Duration(d), "Microseconds") => vec![Value::Int(d / 1_000)],
            (Value::Duration(d), "Nanoseconds") => vec![Value::Int(*d)],
            (Value::Duration(d), "String") => vec![Value::str(&fmt_duration(*d))],
            (Value::Duration(d), "Round") => vec![Value::Duration(round_duration(*d, arg_int(0)?))],
            (Value::Duration(d), "Truncate") => {
                let m = arg_int(0)?;
                vec![Value::Duration(if m <= 0 { *d } else { d - d % m })]
            }
            (Value::Duration(d), "Abs") => vec![Value::Duration(if *d >= 0 {
                *d
            } else if *d == i64::MIN {
                i64::MAX
            } else {
                -d
            })],
            (
                Value::Map(m),
                "Store" | "Load" | "LoadOrStore" | "Delete" | "LoadAndDelete" | "Swap",
            ) => {
                let key = args.first().cloned().unwrap_or(Value::UNKNOWN);
                let (old, found) = self.map_get(st, &Value::Map(*m), &key);
                let found = found == Value::Bool(true);
                let pos = match st.heap.get(*m as usize) {
                    Some(Obj::Map(e, _)) => e
                        .iter()
                        .position(|(k, _)| self.equal(st, k, &key) == Some(true)),
                    _ => None,
                };
                let Some(Obj::Map(entries, _)) = st.heap.get_mut(*m as usize) else {
                    return None;
                };
                let val = args.get(1).cloned().unwrap_or(Value::Nil);
                match name {
                    "Store" | "Swap" => {
                        match pos {
                            Some(p) => entries[p].1 = val,
                            None => entries.push((key, val)),
                        }
                        if name == "Swap" {
                            vec![if found { old } else { Value::Nil }, Value::Bool(found)]
                        } else {
                            vec![]
                        }
                    }
                    "Load" => vec![if found { old } else { Value::Nil }, Value::Bool(found)],
                    "LoadOrStore" => {
                        if found {
                            vec![old, Value::Bool(true)]
                        } else {
                            entries.push((key, val.clone()));
                            vec![val, Value::Bool(false)]
                        }
                    }
                    _ => {
                        if let Some(p) = pos {
                            entries.remove(p);
                        }
                        vec![if found { old } else { Value::Nil }, Value::Bool(found)]
                    }
                }
            }
            (Value::Time(t), "Sub") => vec![Value::Duration(t - arg_int(0)?)],
            (Value::Time(t), "Add") => vec![Value::Time(t + arg_int(0)?)],
            (Value::Time(t), "Before") => vec![Value::Bool(*t < arg_int(0)?)],
            (Value::Time(t), "After") => vec![Value::Bool(*t > arg_int(0)?)],
            (Value::Time(t), "Equal") => vec![Value::Bool(*t == arg_int(0)?)],
            (Value::Time(t), "Compare") => vec![Value::Int(match t.cmp(&arg_int(0)?) {
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
                std::cmp::Ordering::Greater => 1,
            })],
            (Value::Time(t), "Unix") => vec![Value::Int(1_257_894_000 + t / 1_000_000_000)],
            (Value::Time(t), "UnixNano") => vec![Value::Int(1_257_894_000_000_000_000 + t)],
            (Value::Obj(o), _) if matches!(st.heap.get(*o as usize), Some(Obj::Builder(_))) => {
                let Some(Obj::Builder(buf)) = st.heap.get_mut(*o as usize) else {
                    return None;
                };
                match name {
                    "WriteString" | "Write" => {
                        let n = match args.first() {
                            Some(Value::Str(s)) => {
                                buf.push_str(s);
                                s.len()
                            }
                            _ => 0,
                        };
                        vec![Value::Int(n as i64), Value::Nil]
                    }
                    "WriteByte" | "WriteRune" => {
                        if let Some(c) = arg_int(0).and_then(|c| char::from_u32(c as u32)) {
                            buf.push(c);
                        }
                        vec![Value::Nil]
                    }
                    "String" => vec![Value::str(buf)],
                    "Len" => vec![Value::Int(buf.len() as i64)],
                    "Reset" => {
                        buf.clear();
                        vec![]
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    pub(in crate::engine) fn exec(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        instr: &Instr,
        span: Span,
    ) -> R<Flow> {
        let gid = g.id;
        let frame = g.frames.last_mut().unwrap();
        macro_rules! pop {
            () => {
                frame.stack.pop().unwrap_or(Value::UNKNOWN)
            };
        }
        match instr {
            Instr::Const(v) => frame.stack.push(v.clone()),
            Instr::Zero(t) => {
                let v = self.zero(st, *t);
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::Load(s) => {
                let v = frame.locals.get(*s as usize).cloned().unwrap_or(Value::Nil);
                frame.stack.push(v);
            }
            Instr::Store(s) => {
                let v = pop!();
                let v = self.copy_val(st, v);
                let frame = g.frames.last_mut().unwrap();
                if let Some(l) = frame.locals.get_mut(*s as usize) {
                    *l = v;
                }
            }
            Instr::LoadBox(s) => {
                let cell = frame.locals.get(*s as usize).cloned().unwrap_or(Value::Nil);
                if let Value::Ptr(c) = cell {
                    self.touch(st, g, c, false);
                }
                let v = self.load_cell(st, &cell);
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::StoreBox(s) => {
                let v = pop!();
                let cell = frame.locals.get(*s as usize).cloned().unwrap_or(Value::Nil);
                if let Value::Ptr(c) = cell {
                    self.touch(st, g, c, true);
                }
                let v = self.copy_val(st, v);
                match cell {
                    Value::Ptr(c) if matches!(st.heap.get(c as usize), Some(Obj::Cell(_))) => {
                        self.overwrite_cell(st, c, v)
                    }
                    _ => {
                        if let Some(l) = g.frames.last_mut().unwrap().locals.get_mut(*s as usize) {
                            *l = v;
                        }
                    }
                }
            }
            Instr::AddrBox(s) => {
                let cell = frame.locals.get(*s as usize).cloned().unwrap_or(Value::Nil);
                let v = match &cell {
                    Value::Ptr(c) => match st.heap.get(*c as usize) {
                        Some(Obj::Cell(Value::Struct(o))) => Value::Ptr(*o),
                        _ => cell.clone(),
                    },
                    _ => cell.clone(),
                };
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::BoxNew(s) => {
                let c = st.alloc(Obj::Cell(Value::Nil));
                if let Some(l) = g.frames.last_mut().unwrap().locals.get_mut(*s as usize) {
                    *l = Value::Ptr(c);
                }
            }
            Instr::ReBox(s) => {
                let cell = frame.locals.get(*s as usize).cloned().unwrap_or(Value::Nil);
                if let Value::Ptr(_) = cell {
                    let v = self.load_cell(st, &cell);
                    let c = st.alloc(Obj::Cell(v));
                    if let Some(l) = g.frames.last_mut().unwrap().locals.get_mut(*s as usize) {
                        *l = Value::Ptr(c);
                    }
                }
            }
            Instr::LoadGlobal(i) => {
                let c = st.globals[*i as usize];
                self.touch(st, g, c, false);
                let frame = g.frames.last_mut().unwrap();
                let v = match &st.heap[c as usize] {
                    Obj::Cell(v) => v.clone(),
                    _ => Value::Nil,
                };
                frame.stack.push(v);
            }
            Instr::StoreGlobal(i) => {
                let v = pop!();
                let v = self.copy_val(st, v);
                let c = st.globals[*i as usize];
                self.touch(st, g, c, true);
                // A package-level slice that grows in a goroutine, or shrinks.
                if let (
                    Some(Obj::Cell(Value::Slice { len: before, .. })),
                    Value::Slice { len: after, .. },
                ) = (st.heap.get(c as usize), &v)
                {
                    let (before, after) = (*before, *after);
                    if after < before {
                        st.facts.global_cleaned.push(*i);
                    } else if after > before
                        && !g.runs_entry_body()
                        && st.facts.global_growth.len() < 1024
                    {
                        st.facts.global_growth.push((*i, span, None));
                    }
                } else if let (
                    Some(Obj::Cell(Value::NilSlice | Value::Nil)),
                    Value::Slice { len, .. },
                ) = (st.heap.get(c as usize), &v)
                {
                    if *len > 0 && !g.runs_entry_body() && st.facts.global_growth.len() < 1024 {
                        st.facts.global_growth.push((*i, span, None));
                    }
                }
                self.overwrite_cell(st, c, v);
            }
            Instr::AddrGlobal(i) => {
                let c = st.globals[*i as usize];
                let v = match &st.heap[c as usize] {
                    Obj::Cell(Value::Struct(o)) => Value::Ptr(*o),
                    _ => Value::Ptr(c),
                };
                frame.stack.push(v);
            }
            Instr::Field(name) => {
                let x = pop!();
                if let Value::Ptr(o) = x {
                    self.touch(st, g, o, false);
                }
                let v = self.field(st, &x, name)?;
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::StoreField(name) => {
                let x = pop!();
                let v = pop!();
                if let Some(o) = x.obj_id() {
                    self.touch(st, g, o, true);
                }
                let v = self.copy_val(st, v);
                self.set_field(st, &x, name, v)?;
            }
            Instr::AddrField(name) => {
                let x = pop!();
                let v = self.addr_field(st, &x, name)?;
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::Index => {
                let i = pop!();
                let x = pop!();
                if let Value::Map(o) = x {
                    self.touch(st, g, o, false);
                }
                let v = self.index(st, &x, &i)?;
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::IndexOk => {
                let i = pop!();
                let x = pop!();
                let (v, ok) = self.map_get(st, &x, &i);
                let f = g.frames.last_mut().unwrap();
                f.stack.push(v);
                f.stack.push(ok);
            }
            Instr::StoreIndex => {
                let i = pop!();
                let x = pop!();
                let v = pop!();
                if let Some(o) = x.obj_id() {
                    self.touch(st, g, o, true);
                }
                let v = self.copy_val(st, v);
                if let Value::Map(m) = &x {
                    self.note_global_map_insert(st, g.runs_entry_body(), *m, &i, span);
                }
                self.set_index(st, &x, &i, v)?;
            }
            Instr::AddrIndex => {
                let i = pop!();
                let x = pop!();
                let x = self.array_view(st, &x);
                let x = match &x {
                    Value::Ptr(_) => {
                        let inner = self.deref(st, &x)?;
                        self.array_view(st, &inner)
                    }
                    _ => x,
                };
                let v = match (&x, i.plain()) {
                    (Value::Slice { arr, off, len, .. }, Value::Int(i)) => {
                        if *i < 0 || *i >= *len as i64 {
                            return Err(panic_msg(format!(
                                "index out of range [{i}] with length {len}"
                            )));
                        }
                        match st.heap.get(*arr as usize) {
                            Some(Obj::Array(items)) => match &items[(*off as i64 + i) as usize] {
                                Value::Struct(o) => Value::Ptr(*o),
                                _ => Value::ElemPtr(*arr, (*off as i64 + i) as u32),
                            },
                            _ => Value::UNKNOWN,
                        }
                    }
                    _ => Value::UNKNOWN,
                };
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::SliceOp { lo, hi, max } => {
                let m = if *max { Some(pop!()) } else { None };
                let h = if *hi { Some(pop!()) } else { None };
                let l = if *lo { Some(pop!()) } else { None };
                let x = pop!();
                let v = self.slice_op(st, &x, l, h, m)?;
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::Deref => {
                let p = pop!();
                if let Some(o) = p.obj_id() {
                    self.touch(st, g, o, false);
                }
                let v = self.deref(st, &p)?;
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::StoreDeref => {
                let p = pop!();
                let v = pop!();
                if let Some(o) = p.obj_id() {
                    self.touch(st, g, o, true);
                }
                let v = self.copy_val(st, v);
                self.store_deref(st, &p, v)?;
            }
            Instr::AddrOf => {
                let v = pop!();
                let p = match v {
                    Value::Struct(o) => Value::Ptr(o),
                    Value::Array(o) => Value::Ptr(o),
                    v @ Value::Opaque(_) => v,
                    other => Value::Ptr(st.alloc(Obj::Cell(other))),
                };
                g.frames.last_mut().unwrap().stack.push(p);
            }
            Instr::Unary(op) => {
                let v = pop!();
                let not = match op {
                    UnOp::Not => st.path.not(gid, &v),
                    _ => None,
                };
                let r = not.unwrap_or_else(|| unary(*op, v));
                let r = match r {
                    Value::Named(t, inner) => match (&*inner, self.int_kind(t)) {
                        (Value::Int(i), Some(k)) => {
                            Value::Named(t, Rc::new(Value::Int(k.wrap(*i))))
                        }
                        _ => Value::Named(t, inner),
                    },
                    r => r,
                };
                g.frames.last_mut().unwrap().stack.push(r);
            }
            Instr::Binary(op) => {
                let b = pop!();
                let a = pop!();
                let r = match st.path.compare(gid, *op, &a, &b) {
                    Some(r) => r,
                    None => self.binary(st, *op, a, b)?,
                };
                g.frames.last_mut().unwrap().stack.push(r);
            }
            Instr::Pop => {
                frame.stack.pop();
            }
            Instr::Pick(n) => {
                let at = frame.stack.len().checked_sub(1 + *n as usize);
                let v = at
                    .and_then(|i| frame.stack.get(i).cloned())
                    .unwrap_or(Value::UNKNOWN);
                frame.stack.push(v);
            }
            Instr::Coerce(t) => {
                let v = pop!();
                let v = self.coerce(v, self.c.type_expr(*t));
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::Copy => {
                let v = pop!();
                let v = self.copy_val(st, v);
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::Jump(t) => {
                frame.pc = *t;
                return Ok(Flow::Next);
            }
            Instr::JumpIfFalse(t) | Instr::JumpIfTrue(t) => {
                let on = matches!(instr, Instr::JumpIfTrue(_));
                let v = frame.stack.last().cloned().unwrap_or(Value::UNKNOWN);
                let known = super::symbolic::named(&v).and_then(|s| st.path.eval(s));
                let b = match (v.plain(), known) {
                    (Value::Bool(b), _) => *b,
                    // An unknown the run already decided.
                    (_, Some(b)) => b,
                    _ => {
                        // An opaque condition: a choice when exploring.
                        st.facts.steered_by_unknown = true;
                        let b = if st.mode.explores()
                            && st.search.opaque_choices < self.limits.max_opaque_choices
                        {
                            match st.search.answer.take() {
                                Some(a) => {
                                    st.search.opaque_choices += 1;
                                    a == 1
                                }
                                None => {
                                    st.search.pending = Some(ChoicePoint {
                                        kind: ChoiceKind::Branch,
                                        options: vec![0, 1],
                                        goroutine: gid,
                                        who: Vec::new(),
                                    });
                                    return Ok(Flow::Choice);
                                }
                            }
                        } else {
                            false
                        };
                        // The rest of the run keeps what this branch learned.
                        if let Some(s) = super::symbolic::named(&v) {
                            st.path.assume(s, b);
                            // Input of a length only the program knows: see
                            // `verdict::classify`.
                            match st.path.stream(s) {
                                0 => {}
                                1 => {
                                    g.reads_input = true;
                                    if !st.path.went_on(s) {
                                        g.counted_input = true;
                                    }
                                }
                                _ => {
                                    g.reads_input = true;
                                    if st.path.went_on(s) {
                                        g.counted_input = true;
                                    }
                                }
                            }
                        }
                        b
                    }
                };
                let frame = g.frames.last_mut().unwrap();
                frame.stack.pop();
                if b == on {
                    frame.pc = *t;
                    return Ok(Flow::Next);
                }
            }
            Instr::Call { argc, want, spread } => {
                return self.exec_call(st, g, None, *argc, *want, *spread, span)
            }
            Instr::CallMethod {
                name,
                argc,
                want,
                spread,
            } => return self.exec_call(st, g, Some(name.clone()), *argc, *want, *spread, span),
            Instr::Method(name) => {
                let x = pop!();
                let v = match self.resolve_method(st, &x, name) {
                    MethodTarget::Value(v) => v,
                    MethodTarget::Opaque => Value::UNKNOWN,
                    _ => Value::Closure(st.alloc(Obj::Bound {
                        recv: x,
                        method: name.clone(),
                    })),
                };
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::Go { argc, spread } => {
                let n = *argc as usize;
                let at = frame.stack.len().saturating_sub(n + 1);
                let mut parts = frame.stack.split_off(at);
                if parts.is_empty() {
                    parts.push(Value::UNKNOWN);
                }
                let callee = parts.remove(0);
                let mut args = parts;
                if *spread {
                    args = self.expand_spread(st, args);
                }
                frame.pc += 1;
                g.last_span = span;
                let parent = (frame.func, frame.pc as usize);
                let shares = st.mode.explores() && self.shares_memory(st, &callee, &args, parent);
                let before = st.sched.gs.len();
                self.spawn_go(st, g, callee, args, span)?;
                if shares && st.sched.gs.len() > before && st.outcome.is_none() {
                    // The child may run first (issue 12, K): a choice
                    // between the two alone (the parent by default), each
                    // standing at a scheduling point whose local code is a
                    // transition of its own. The one not chosen goes on as
                    // before (`run_inner`).
                    let child = GoId::of_index(before);
                    if st.g(child).status == Status::Runnable {
                        st.g_mut(child).at_go = true;
                        g.at_go = true;
                        st.sched.go_child = Some(child);
                        st.search.pending = Some(ChoicePoint {
                            kind: ChoiceKind::Goroutine,
                            options: vec![g.id.number(), child.number()],
                            goroutine: g.id,
                            who: Vec::new(),
                        });
                        return Ok(Flow::Choice);
                    }
                }
                return Ok(Flow::Next);
            }
            Instr::Defer { argc, spread } => {
                let n = *argc as usize;
                let at = frame.stack.len().saturating_sub(n + 1);
                let mut parts = frame.stack.split_off(at);
                if parts.is_empty() {
                    parts.push(Value::UNKNOWN);
                }
                let func = parts.remove(0);
                let args = if *spread {
                    self.expand_spread(st, parts)
                } else {
                    parts
                };
                let frame = g.frames.last_mut().unwrap();
                frame.defers.push(Deferred { func, args, span });
            }
            Instr::Return(n) => {
                let n = *n as usize;
                let at = frame.stack.len().saturating_sub(n);
                let values = frame.stack.split_off(at);
                let code = &self.c.codes[frame.func as usize];
                let decl = &self.c.program.funcs[frame.func as usize].results;
                let values: Vec<Value> = values
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| match decl.get(i) {
                        Some(r) => self.coerce(v, &r.ty),
                        None => v,
                    })
                    .collect();
                if n > 0 {
                    for (v, (slot, boxed)) in values.into_iter().zip(code.results.clone()) {
                        let frame = g.frames.last_mut().unwrap();
                        if boxed {
                            if let Some(Value::Ptr(c)) = frame.locals.get(slot as usize).cloned() {
                                st.heap[c as usize] = Obj::Cell(v);
                            }
                        } else if let Some(l) = frame.locals.get_mut(slot as usize) {
                            *l = v;
                        }
                    }
                }
                let frame = g.frames.last_mut().unwrap();
                frame.returning = true;
                frame.stack.clear();
                return Ok(Flow::Next);
            }
            Instr::Closure { func, captures } => {
                let caps: Vec<Value> = captures
                    .iter()
                    .map(|s| frame.locals.get(*s as usize).cloned().unwrap_or(Value::Nil))
                    .collect();
                let o = st.alloc(Obj::Closure {
                    func: *func,
                    captures: caps,
                });
                g.frames.last_mut().unwrap().stack.push(Value::Closure(o));
            }
            Instr::Send => return self.exec_send(st, g, span),
            Instr::Recv { ok } => return self.exec_recv(st, g, *ok, span),
            Instr::Select { cases, default } => {
                return self.exec_select(st, g, cases, *default, span)
            }
            Instr::Composite { ty, keys } => {
                let n = keys.len() + keys.iter().filter(|k| matches!(k, CompKey::Expr)).count();
                let at = frame.stack.len().saturating_sub(n);
                let vals = frame.stack.split_off(at);
                let v = self.composite(st, *ty, keys, vals)?;
                let v = match ty {
                    Some(t) => self.coerce(v, self.c.type_expr(*t)),
                    None => v,
                };
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::RangeInit { coll, idx } => {
                let v = pop!();
                let v = self.array_view(st, &v);
                let aux = *idx as usize + 1;
                let (c, a) = match &v {
                    Value::Map(m) => {
                        let mut keys: Vec<Value> = match st.heap.get(*m as usize) {
                            Some(Obj::Map(entries, _)) => {
                                entries.iter().map(|(k, _)| k.clone()).collect()
                            }
                            _ => Vec::new(),
                        };
                        crate::order::sort_by(&mut keys, cmp_values);
                        (self.make_slice(st, keys), v.clone())
                    }
                    Value::Ptr(_) => {
                        // Ranging over a pointer to an array.
                        (self.deref(st, &v).unwrap_or(Value::UNKNOWN), Value::Nil)
                    }
                    _ => (v.clone(), Value::Nil),
                };
                let frame = g.frames.last_mut().unwrap();
                frame.locals[*coll as usize] = c;
                frame.locals[*idx as usize] = Value::Int(0);
                if aux < frame.locals.len() {
                    frame.locals[aux] = a;
                }
            }
            Instr::RangeNext {
                coll,
                idx,
                key,
                value,
                exit,
                nil_chan,
            } => {
                if *nil_chan && frame.locals.get(*coll as usize) == Some(&Value::Nil) {
                    // `for v := range ch` over a nil channel blocks forever.
                    let b = Blocked {
                        reason: BlockReason::NilChanRecv,
                        span,
                        objs: Vec::new(),
                    };
                    g.last_span = span;
                    return Ok(self.block(st, g, b));
                }
                return self.exec_range_next(st, g, *coll, *idx, *key, *value, *exit, span);
            }
            Instr::TypeMatch(t) => {
                let v = pop!();
                let m = self.type_matches(st, &v, *t);
                g.frames.last_mut().unwrap().stack.push(Value::Bool(m));
            }
            Instr::TypeAssert { ty, ok } => {
                let v = pop!();
                let m = match ty {
                    Some(t) => self.type_matches(st, &v, Some(*t)) || v.is_unknown(),
                    None => true,
                };
                let out: Vec<Value> = if m {
                    if *ok {
                        vec![v, Value::Bool(true)]
                    } else {
                        vec![v]
                    }
                } else if *ok {
                    let z = ty.map(|t| self.zero(st, t)).unwrap_or(Value::Nil);
                    vec![z, Value::Bool(false)]
                } else {
                    let want = ty
                        .map(|t| type_display(self.c.type_expr(t)))
                        .unwrap_or_default();
                    let have = self.type_name_of(st, &v);
                    return Err(Trap::runtime(format!(
                        "interface conversion: interface {{}} is {have}, not {want}"
                    )));
                };
                g.frames.last_mut().unwrap().stack.extend(out);
            }
            Instr::Opaque(_) => {}
            Instr::Unmodeled(name) => {
                let note = format!(
                    "`{name}` is declared without a body (assembly or the runtime): runs that call it are not judged"
                );
                if !st.facts.notes.contains(&note) {
                    st.facts.notes.push(note);
                }
                st.facts.unmodeled = true;
            }
        }
        if let Some(f) = g.frames.last_mut() {
            f.pc += 1;
        }
        Ok(Flow::Next)
    }

    pub(in crate::engine) fn expand_spread(&self, st: &State, mut args: Vec<Value>) -> Vec<Value> {
        if let Some(last) = args.pop() {
            let last = self.array_view(st, &last);
            match &last {
                Value::Slice { .. } => args.extend(self.slice_items(st, &last)),
                Value::NilSlice | Value::Nil => {}
                other => args.push(other.clone()),
            }
        }
        args
    }

    /// `go f(args)` or `defer f(args)` of a library function, which may
    /// call the program's methods (`fmt`'s `String`, `sort`'s less, a
    /// `bufio` object's `Read` or `Write`), or of a `bufio` object's
    /// method: a closure of `gowrap` that makes the call, so those methods
    /// run as frames that can block, as when the program's code calls (and
    /// `go close(c)` closes on a goroutine of its own, as in Go). Anything
    /// else as it is.
    pub(in crate::engine) fn wrap_call(
        &self,
        st: &mut State,
        callee: Value,
        args: Vec<Value>,
    ) -> (Value, Vec<Value>) {
        let calls_back = match &callee {
            // Any library function or builtin but `recover`, which stops
            // a panic only when a deferred function calls it.
            Value::Builtin(name) => *name != "recover",
            Value::Closure(o) => match st.heap.get(*o as usize) {
                Some(Obj::Bound { recv, .. }) => matches!(
                    self.deref_obj(st, recv)
                        .and_then(|b| st.heap.get(b as usize)),
                    Some(Obj::Bufio(_))
                ),
                _ => false,
            },
            _ => false,
        };
        if !calls_back {
            return (callee, args);
        }
        let args = args.into_iter().map(|a| self.copy_val(st, a)).collect();
        let args = self.make_slice(st, args);
        let o = st.alloc(Obj::Closure {
            func: self.c.wrap,
            captures: vec![callee, args],
        });
        (Value::Closure(o), Vec::new())
    }

    pub(in crate::engine) fn spawn_go(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        callee: Value,
        args: Vec<Value>,
        span: Span,
    ) -> R<()> {
        let (callee, args) = self.wrap_call(st, callee, args);
        match &callee {
            Value::Func(_) | Value::Closure(_)
                if self
                    .frame_for_value(st, &callee, Vec::new(), 0, false)
                    .is_some() =>
            {
                let args = args.into_iter().map(|a| self.copy_val(st, a)).collect();
                let id = self.spawn(st, callee, args, None, span, None);
                if let (Some(id), true) = (id, g.counted_input) {
                    // Started after the input's length steered its parent
                    // (a handler for a second connection): so was it.
                    st.sched.gs[id.index()].counted_input = true;
                }
                if let (Some(id), true) = (id, st.mode.records()) {
                    let name = self.func_name(st.sched.gs[id.index()].func).to_string();
                    st.rec.events.push(Event {
                        goroutine: g.id,
                        span,
                        text: format!("g{} starts g{id} running {name}", g.id),
                    });
                }
                Ok(())
            }
            Value::Nil => Err(panic_msg(
                "invalid memory address or nil pointer dereference",
            )),
            _ => {
                // `go builtin(...)` or an opaque function: run it in place.
                match self.call_value(st, g, &callee, args, 0, false, span)? {
                    Ret::Invoke(f, a) => {
                        self.spawn(st, f, a, None, span, None);
                    }
                    Ret::Spawn(f, a, wg) => {
                        self.spawn(st, f, a, wg, span, None);
                    }
                    _ => {
                        let id = st.next_goroutine_id();
                        st.sched.gs.push(Goroutine {
                            id,
                            status: Status::Done,
                            go_span: Some(span),
                            ..Goroutine::default()
                        });
                    }
                }
                Ok(())
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(in crate::engine) fn exec_call(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        method: Option<Rc<str>>,
        argc: u16,
        want: u8,
        spread: bool,
        span: Span,
    ) -> R<Flow> {
        let frame = g.frames.last_mut().unwrap();
        let n = argc as usize + 1;
        if frame.stack.len() < n {
            frame.stack.clear();
            push_adjusted(&mut frame.stack, Vec::new(), want);
            frame.pc += 1;
            return Ok(Flow::Next);
        }
        let at = frame.stack.len() - n;
        let callee = frame.stack[at].clone();
        let mut args: Vec<Value> = frame.stack[at + 1..].to_vec();
        if let Some(name) = &method {
            self.note_sync_map_call(st, g.runs_entry_body(), &callee, name, &args, span);
            if let Some(v) = self.value_method(st, &callee, name, &args) {
                return self.finish_call(st, g, Ret::Values(v), at, want, span);
            }
        }
        let ret = match method {
            Some(name) => match self.resolve_method(st, &callee, &name) {
                MethodTarget::User(f, recv) => {
                    let mut a = vec![recv];
                    a.extend(args);
                    Ret::Invoke(Value::Func(f), a)
                }
                MethodTarget::Value(v) => {
                    if spread {
                        args = self.expand_spread(st, args);
                    }
                    match &v {
                        Value::Func(_) | Value::Closure(_) => Ret::Invoke(v, args),
                        _ => self.call_value(st, g, &v, args, want, false, span)?,
                    }
                }
                MethodTarget::Builtin(o) => {
                    // The program's code calls: a `bufio` method may call
                    // the program's `Read` as a frame first.
                    g.lib_ok = true;
                    let ret = self.builtin_method(st, g, o, &callee, &name, args, want, span);
                    g.lib_ok = false;
                    ret?
                }
                MethodTarget::Opaque => {
                    if &*name == "Close" {
                        self.close_wrapped(st, &callee);
                    }
                    // The receiver is handed to the unknown method too
                    // (`t.RoundTrip(req)` uses the `Dial` func stored in `t`).
                    args.push(callee.clone());
                    self.unknown_code(st, g, &args, want, span, false)?
                }
                MethodTarget::NilDeref => {
                    return Err(panic_msg(
                        "invalid memory address or nil pointer dereference",
                    ))
                }
            },
            None => {
                let user = matches!(callee, Value::Func(_))
                    || matches!(&callee, Value::Closure(o) if matches!(st.heap.get(*o as usize), Some(Obj::Closure{..})));
                if spread && !user {
                    args = self.expand_spread(st, args);
                }
                if user {
                    let frame = self.frame_for_value(st, &callee, args, want, spread);
                    match frame {
                        Some(f) => {
                            let cur = g.frames.last_mut().unwrap();
                            cur.stack.truncate(at);
                            cur.pc += 1;
                            if g.frames.len() >= self.limits.max_frames {
                                st.outcome = Some(Outcome::Bounded {
                                    bound: Bound::Depth,
                                });
                                return Ok(Flow::Stop);
                            }
                            g.frames.push(f);
                            return Ok(Flow::Next);
                        }
                        None => Ret::Values(Vec::new()),
                    }
                } else {
                    g.lib_ok = true;
                    let ret = self.call_value(st, g, &callee, args, want, spread, span);
                    g.lib_ok = false;
                    ret?
                }
            }
        };
        if !matches!(ret, Ret::CallFirst { .. }) {
            // The library call is complete: the results of the methods it
            // called are used up.
            if let Some(f) = g.frames.last_mut() {
                f.lib_results.clear();
            }
        }
        self.finish_call(st, g, ret, at, want, span)
    }

    pub(in crate::engine) fn finish_call(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        ret: Ret,
        at: usize,
        want: u8,
        span: Span,
    ) -> R<Flow> {
        let gid = g.id;
        match ret {
            Ret::Values(vs) => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                push_adjusted(&mut f.stack, vs, want);
                f.pc += 1;
                Ok(Flow::Next)
            }
            Ret::Poll(vs) => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                push_adjusted(&mut f.stack, vs, want);
                f.pc += 1;
                self.polled(st, span);
                Ok(if self.alone(st, gid) {
                    Flow::Poll
                } else {
                    Flow::Next
                })
            }
            Ret::Invoke(callee, args) => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                f.pc += 1;
                match self.frame_for_value(st, &callee, args, want, false) {
                    Some(fr) => {
                        if g.frames.len() >= self.limits.max_frames {
                            st.outcome = Some(Outcome::Bounded {
                                bound: Bound::Depth,
                            });
                            return Ok(Flow::Stop);
                        }
                        g.frames.push(fr);
                    }
                    None => {
                        push_adjusted(&mut g.frames.last_mut().unwrap().stack, Vec::new(), want)
                    }
                }
                Ok(Flow::Next)
            }
            Ret::CallFirst {
                callee,
                args,
                recovers,
            } => {
                // The call stays where it is (operands on the stack, `pc`
                // on it) and runs again once the method returns.
                match self.frame_for_value(st, &callee, args, 1, false) {
                    Some(mut fr) => {
                        if g.frames.len() >= self.limits.max_frames {
                            st.outcome = Some(Outcome::Bounded {
                                bound: Bound::Depth,
                            });
                            return Ok(Flow::Stop);
                        }
                        fr.lib_call = if recovers {
                            LibCall::Recovers
                        } else {
                            LibCall::Returns
                        };
                        g.frames.push(fr);
                    }
                    None => {
                        if let Some(f) = g.frames.last_mut() {
                            f.lib_results.push(CallResult::Returned(Vec::new()));
                        }
                    }
                }
                Ok(Flow::Next)
            }
            Ret::Block(b) => {
                if st.mode.records() {
                    let text = self.block_sentence(st, gid, &b);
                    st.rec.events.push(Event {
                        goroutine: gid,
                        span,
                        text,
                    });
                }
                g.last_span = span;
                g.status = Status::Blocked(b);
                Ok(Flow::Block)
            }
            Ret::Sleep(until) => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                push_adjusted(&mut f.stack, Vec::new(), want);
                f.pc += 1;
                g.status = Status::Sleeping(until);
                g.last_span = span;
                self.add_timer(st, until, TimerAction::Wake(gid));
                if st.mode.records() {
                    st.rec.events.push(Event {
                        goroutine: gid,
                        span,
                        text: format!("g{gid} sleeps until {}", fmt_duration(until)),
                    });
                }
                Ok(Flow::Block)
            }
            Ret::Gosched => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                push_adjusted(&mut f.stack, Vec::new(), want);
                f.pc += 1;
                self.polled(st, span);
                Ok(Flow::Gosched)
            }
            Ret::Choice(cp) => {
                st.search.pending = Some(cp);
                Ok(Flow::Choice)
            }
            Ret::Spawn(callee, args, wg) => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                push_adjusted(&mut f.stack, Vec::new(), want);
                f.pc += 1;
                self.spawn(st, callee, args, wg, span, None);
                Ok(Flow::Next)
            }
            Ret::Exit(code) => {
                st.outcome = Some(Outcome::Exit { code });
                if !st.entry_done {
                    st.out.stdout_at_exit = Some(st.out.stdout.len());
                }
                Ok(Flow::Stop)
            }
            Ret::Goexit => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                f.pc += 1;
                g.panicking = Some(Unwinding::Goexit);
                g.unwind_depth = g.frames.len();
                Ok(Flow::Next)
            }
        }
    }

    /// An unknown function: opaque results; when exploring with timers
    /// pending it may also take longer than the next timer.
    /// Arguments handed to unknown code escape: the analysis no longer knows
    /// every user of what they reach.
    pub(in crate::engine) fn escape(&self, st: &mut State, args: &[Value]) {
        for a in args {
            if matches!(
                a,
                Value::Func(_)
                    | Value::Chan(_)
                    | Value::Ptr(_)
                    | Value::Obj(_)
                    | Value::Struct(_)
                    | Value::Closure(_)
                    | Value::Slice { .. }
                    | Value::Map(_)
            ) && st.facts.escaped.len() < 1_000
                && !st.facts.escaped.contains(a)
            {
                st.facts.escaped.push(a.clone());
            }
        }
    }

    /// Arguments handed to an unknown function or method: they escape, and
    /// the functions among them may be called by it, at any time
    /// (`http.HandlerFunc(h)`, `srv.Serve(l)`, `pool.Submit(f)`). Each runs
    /// once, on a goroutine of its own, with unknown arguments. What that
    /// goroutine then waits on is no leak of this program: the unknown
    /// caller decides whether and when it runs.
    pub(in crate::engine) fn hand_to_unknown(&self, st: &mut State, args: &[Value], span: Span) {
        for a in args {
            let callable = match a {
                Value::Func(_) => true,
                Value::Closure(o) => matches!(st.heap.get(*o as usize), Some(Obj::Closure { .. })),
                _ => false,
            };
            if !callable
                || st.facts.escaped.contains(a)
                || st.sched.gs.len() + 1 >= self.limits.max_goroutines
            {
                continue;
            }
            if let Some(id) = self.spawn(st, a.clone(), Vec::new(), None, span, None) {
                if let Some(cg) = st.sched.gs.get_mut(id.index()) {
                    cg.by_unknown = true;
                }
            }
        }
        // A slice handed over may be written by the unknown code
        // (`io.ReadFull(r, buf)`): its plain elements become unknown; its
        // channels, mutexes and structs stay what they are.
        for a in args {
            if let Value::Slice { arr, off, len, .. } = a {
                if let Some(Obj::Array(items)) = st.heap.get_mut(*arr as usize) {
                    let end = (*off as usize + *len as usize).min(items.len());
                    for v in items.iter_mut().take(end).skip(*off as usize) {
                        if matches!(
                            v.plain(),
                            Value::Int(_) | Value::Bool(_) | Value::Str(_) | Value::Float(_)
                        ) {
                            *v = Value::UNKNOWN;
                        }
                    }
                }
            }
        }
        self.escape(st, args);
    }

    pub(in crate::engine) fn opaque_call(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        want: u8,
    ) -> R<Ret> {
        if st.mode.explores()
            && !st.clock.timers.is_empty()
            && st.search.opaque_choices < self.limits.max_opaque_choices
        {
            match st.search.answer.take() {
                Some(a) => {
                    st.search.opaque_choices += 1;
                    if a == 1 {
                        let next = st
                            .clock
                            .timers
                            .iter()
                            .map(|t| t.when)
                            .min()
                            .unwrap_or(st.clock.now);
                        let _ = want;
                        return Ok(Ret::Sleep(next + 1));
                    }
                }
                None => {
                    return Ok(Ret::Choice(ChoicePoint {
                        kind: ChoiceKind::OpaqueDelay,
                        options: vec![0, 1],
                        goroutine: g.id,
                        who: Vec::new(),
                    }));
                }
            }
        }
        // Go's error convention bounds a loop over unknown code: a call
        // site that returned a value and an error more often than any
        // channel buffer of the run holds, plus two (and at least
        // `opaque_range` times), returns `io.EOF` from then on (a reader reaches its end, a
        // listener is closed). `for { n, err := r.Read(buf); if err != nil
        // { break } ... }` then ends, so the loop is explored to its end,
        // and still runs long enough to fill any buffer it sends into.
        let site = g.frames.last().map(|f| (f.func, f.pc));
        if let (true, Some(site)) = (want >= 2, site) {
            let buffers = st
                .heap
                .iter()
                .filter_map(|o| match o {
                    Obj::Chan(c) => Some(c.cap),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            // One value to a reader that then left, a full buffer, and the
            // send that blocks: `buffers + 2`.
            let bound = self.limits.opaque_range.max(buffers.saturating_add(2));
            if st.path.call_at(site, bound) > bound {
                st.facts.steered_by_unknown = true;
                g.reads_input = true;
                g.counted_input = true;
                let mut out = vec![Value::UNKNOWN; want as usize - 1];
                out.push(Value::Obj(ERR_EOF));
                return Ok(Ret::Values(out));
            }
        }
        Ok(Ret::Values(match site {
            Some(site) => {
                let stream = self.c.codes[site.0 as usize].in_loop(site.1 as usize);
                st.path.call_results(g.id, site, want as usize, stream)
            }
            None => (0..want).map(|_| st.path.input(g.id)).collect(),
        }))
    }

    /// Calls a non-Go callee: a builtin, a conversion, a runtime object.
    #[allow(clippy::too_many_arguments)]
    pub(in crate::engine) fn call_value(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        callee: &Value,
        args: Vec<Value>,
        want: u8,
        spread: bool,
        span: Span,
    ) -> R<Ret> {
        match callee {
            Value::Builtin(name) => self.call_builtin(st, g, name, args, want, spread, span),
            Value::Type(t) => Ok(Ret::Values(vec![self.convert(
                st,
                *t,
                args.into_iter().next().unwrap_or(Value::UNKNOWN),
            )])),
            Value::Func(_) => Ok(Ret::Invoke(callee.clone(), args)),
            Value::Closure(o) => match st.heap.get(*o as usize).cloned() {
                Some(Obj::Closure { .. }) => Ok(Ret::Invoke(callee.clone(), args)),
                Some(Obj::Bound { recv, method }) => {
                    match self.resolve_method(st, &recv, &method) {
                        MethodTarget::User(f, r) => {
                            let mut a = vec![r];
                            a.extend(args);
                            Ok(Ret::Invoke(Value::Func(f), a))
                        }
                        MethodTarget::Builtin(ob) => {
                            self.builtin_method(st, g, ob, &recv, &method, args, want, span)
                        }
                        MethodTarget::Value(v) => {
                            self.call_value(st, g, &v, args, want, false, span)
                        }
                        MethodTarget::Opaque => self.opaque_call(st, g, want),
                        MethodTarget::NilDeref => Err(panic_msg(
                            "invalid memory address or nil pointer dereference",
                        )),
                    }
                }
                _ => self.opaque_call(st, g, want),
            },
            Value::Obj(o) => match st.heap.get(*o as usize).cloned() {
                Some(Obj::CancelFunc { ctx, resource }) => {
                    if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(resource as usize)
                    {
                        *released = true;
                    }
                    self.cancel_ctx(st, ctx, ERR_CANCELED);
                    Ok(Ret::Values(Vec::new()))
                }
                _ => self.opaque_call(st, g, want),
            },
            Value::Nil => Err(panic_msg(
                "invalid memory address or nil pointer dereference",
            )),
            _ => self.unknown_code(st, g, &args, want, span, false),
        }
    }

    /// A call into unknown code: what it is handed escapes (and the
    /// functions among it may be called), its results are unknown, and a
    /// result may wrap a tracked resource it was given (a `constructor`'s
    /// one result is not nil; see [`Machine::note_wrappers`]).
    pub(in crate::engine) fn unknown_code(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        args: &[Value],
        want: u8,
        span: Span,
        constructor: bool,
    ) -> R<Ret> {
        self.hand_to_unknown(st, args, span);
        let ret = self.opaque_call(st, g, want)?;
        self.note_wrappers(st, args, &ret, constructor);
        Ok(ret)
    }

    /// Unknown code given a tracked resource that returns something built
    /// from it (`textproto.NewConn(conn)`, `tls.Client(conn, cfg)`): closing
    /// what it returned closes the resource, as every such wrapper does
    /// (see [`Machine::close_wrapped`]).
    ///
    /// A `constructor`'s one result is not nil: Go's `NewX` returns a value
    /// to use, and it is what the program will close.
    fn note_wrappers(&self, st: &mut State, args: &[Value], ret: &Ret, constructor: bool) {
        let Ret::Values(results) = ret else {
            return;
        };
        let open = |st: &State, r: ObjId| {
            matches!(
                st.heap.get(r as usize),
                Some(Obj::Resource {
                    released: false,
                    ..
                })
            )
        };
        if results.is_empty() || !st.facts.resources.iter().any(|r| open(st, *r)) {
            return;
        }
        if !args
            .iter()
            .any(|a| a.obj_id().is_some() || super::symbolic::named(a).is_some())
        {
            return;
        }
        let given = st.reachable(args);
        // A wrapper of a wrapper (`textproto.NewConn(tls.Client(conn, c))`)
        // wraps the same resource.
        let inner: Vec<ObjId> = args
            .iter()
            .filter_map(super::symbolic::named)
            .flat_map(|s| {
                st.facts
                    .wrappers
                    .iter()
                    .filter(move |(w, _)| *w == s)
                    .map(|(_, r)| *r)
            })
            .collect();
        let wrapped: Vec<ObjId> = st
            .facts
            .resources
            .iter()
            .copied()
            .filter(|r| (given[*r as usize] || inner.contains(r)) && open(st, *r))
            .collect();
        if wrapped.is_empty() {
            return;
        }
        if let ([only], true) = (results.as_slice(), constructor) {
            st.path.non_nil(only);
        }
        for s in results.iter().filter_map(super::symbolic::named) {
            for r in &wrapped {
                if st.facts.wrappers.len() < 1_000 && !st.facts.wrappers.contains(&(s, *r)) {
                    st.facts.wrappers.push((s, *r));
                }
            }
        }
    }

    /// `w.Close()` on a result of unknown code that wraps tracked resources
    /// (see [`Machine::note_wrappers`]) closes them.
    fn close_wrapped(&self, st: &mut State, w: &Value) {
        let Some(s) = super::symbolic::named(w) else {
            return;
        };
        let wrapped: Vec<ObjId> = st
            .facts
            .wrappers
            .iter()
            .filter(|(ws, _)| *ws == s)
            .map(|(_, r)| *r)
            .collect();
        for r in wrapped {
            if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(r as usize) {
                *released = true;
            }
        }
    }

    // ----- channels -----
}

pub(in crate::engine) fn unary(op: UnOp, v: Value) -> Value {
    if let Value::Named(t, inner) = v {
        return match unary(op, (*inner).clone()) {
            r @ (Value::Int(_) | Value::Float(_)) => Value::Named(t, Rc::new(r)),
            r => r,
        };
    }
    match (op, v) {
        (UnOp::Neg, Value::Int(i)) => Value::Int(i.wrapping_neg()),
        (UnOp::Neg, Value::Float(f)) => Value::Float(F64(-f.0)),
        (UnOp::Neg, Value::Duration(d)) => Value::Duration(-d),
        (UnOp::Not, Value::Bool(b)) => Value::Bool(!b),
        (UnOp::BitNot, Value::Int(i)) => Value::Int(!i),
        (UnOp::Plus, v) => v,
        _ => Value::UNKNOWN,
    }
}

pub(crate) fn type_display(t: &TypeExpr) -> String {
    match t {
        TypeExpr::Name(n) => n.clone(),
        TypeExpr::Qualified(p, n) => format!("{p}.{n}"),
        TypeExpr::Pointer(i) => format!("*{}", type_display(i)),
        TypeExpr::Slice(i) => format!("[]{}", type_display(i)),
        TypeExpr::Map(k, v) => format!("map[{}]{}", type_display(k), type_display(v)),
        TypeExpr::Chan(_, e) => format!("chan {}", type_display(e)),
        _ => "?".into(),
    }
}
