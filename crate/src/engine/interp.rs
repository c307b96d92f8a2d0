//! The interpreter: executes compiled code goroutine by goroutine, with Go's
//! channel, select and sync semantics, a virtual clock, and choice points for
//! everything nondeterministic.

use super::compile::{CompKey, Compiled, Instr, SelKind};
use super::state::*;
use super::value::*;
use super::witness::HandoffKind;
use crate::model::{BinOp, FuncId, TypeExpr, UnOp};
use crate::syntax::Span;
use std::rc::Rc;

/// Bounds of one run. Every bound is named so results can say which was hit.
/// Steps a goroutine runs without yielding before a loop's back edge
/// preempts it.
pub const PREEMPT_STEPS: u64 = 10_000;

/// Snapshots a witness keeps (then only the run's last state is added).
pub const MAX_WITNESS_STEPS: usize = 2_000;

/// Array elements one run may allocate (about 32 MB of values); past it the
/// run ends bounded by memory.
pub const MAX_CELLS_PER_RUN: u64 = 1_000_000;

#[derive(Clone, Debug)]
pub struct Limits {
    /// Instructions executed per run, all goroutines together.
    pub max_steps: u64,
    /// Call depth per goroutine (unbounded recursion stops here).
    pub max_frames: usize,
    pub max_goroutines: usize,
    /// Heap objects per run.
    pub max_heap: usize,
    /// Opaque conditions and opaque-call delays explored per run; later ones
    /// take the default.
    pub max_opaque_choices: u32,
    /// Iterations of a `range` over an opaque collection.
    pub opaque_range: u32,
    /// Virtual time that timers may still fire after the entry returned.
    pub post_exit_horizon_ns: i64,
    /// Clock advances allowed after the entry returned. What still ticks
    /// then (a ticker loop, a polling sleeper) is live, not leaked; without
    /// this cap a run would tick until the horizon and a witness would carry
    /// thousands of clock steps.
    pub post_exit_clock_advances: u32,
    /// Values a `rand` call may return (as choices).
    pub rand_choices: u32,
    /// Virtual time a run may reach before the entry returns.
    pub max_virtual_time_ns: i64,
    /// The brute-force oracle's semantics: no operation runs early because
    /// it would only enqueue its goroutine, so every interleaving of visible
    /// operations is a choice. Tests only.
    pub no_reduction: bool,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 200_000,
            max_frames: 512,
            max_goroutines: 2_000,
            max_heap: 200_000,
            max_opaque_choices: 6,
            opaque_range: 2,
            post_exit_horizon_ns: 3_600 * 1_000_000_000,
            post_exit_clock_advances: 32,
            rand_choices: 2,
            max_virtual_time_ns: 3_600 * 1_000_000_000,
            no_reduction: false,
        }
    }
}

/// A Go panic in flight (or a fatal error, which cannot be recovered).
pub enum Trap {
    Panic(Value, PanicCause),
    Fatal(String),
}

impl Trap {
    /// A runtime error of the concurrency primitives (send on a closed
    /// channel, close of a closed or nil channel, a negative WaitGroup
    /// counter): always worth reporting.
    pub(crate) fn concurrency(msg: &str) -> Trap {
        Trap::Panic(Value::str(msg), PanicCause::Concurrency)
    }

    /// Any other runtime error (index out of range, nil map write...).
    pub(crate) fn runtime(text: String) -> Trap {
        Trap::Panic(Value::Str(Rc::from(text.as_str())), PanicCause::Runtime)
    }
}

type R<T> = Result<T, Trap>;

pub(crate) fn panic_msg(msg: impl Into<String>) -> Trap {
    // Runtime errors are carried as strings prefixed for printing.
    Trap::runtime(format!("\u{0}runtime error: {}", msg.into()))
}

/// What running a goroutine ended with.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Next,
    /// Stopped before its next visible operation.
    Yield,
    /// Gave up the processor (`runtime.Gosched`).
    Gosched,
    Block,
    Done,
    Choice,
    Stop,
    /// A runtime-invoked frame returned these values.
    SyncReturn(Vec<Value>),
}

/// What a built-in call produced.
pub(crate) enum Ret {
    Values(Vec<Value>),
    /// Call a Go function value with these arguments in place of the builtin.
    Invoke(Value, Vec<Value>),
    Block(Blocked),
    Sleep(i64),
    Gosched,
    Choice(ChoicePoint),
    Spawn(Value, Vec<Value>, Option<ObjId>),
    Exit(i32),
    Goexit,
}

pub struct Machine {
    pub c: Compiled,
    pub limits: Limits,
    /// The source text, when known: event sentences quote it.
    pub source: String,
    /// The program polls without blocking somewhere (a select with a
    /// default case, `TryLock`): then a goroutine about to block is not the
    /// same as one that has not arrived yet, and the explorer must not run
    /// blocking operations early.
    polls: bool,
    /// Some select has both a send and a receive case. Such a select can
    /// complete a waiting sender or a waiting receiver, so when a sender and
    /// a receiver are both about to wait on one channel, which one waits
    /// first decides whom it pairs with: neither may run early then.
    mixed_selects: bool,
}

pub(crate) const ERR_CANCELED: ObjId = 0;
pub(crate) const ERR_DEADLINE: ObjId = 1;
pub(crate) const ERR_EOF: ObjId = 2;
pub(crate) const BACKGROUND_CTX: ObjId = 3;

impl Machine {
    pub fn new(c: Compiled, limits: Limits) -> Machine {
        let polls = c
            .codes
            .iter()
            .flat_map(|code| &code.instrs)
            .any(|i| match i {
                Instr::Select { default, .. } => *default,
                Instr::CallMethod { name, .. } => {
                    let n: &str = name;
                    n == "TryLock" || n == "TryRLock"
                }
                _ => false,
            });
        let mixed_selects = c
            .codes
            .iter()
            .flat_map(|code| &code.instrs)
            .any(|i| match i {
                Instr::Select { cases, .. } => {
                    cases.iter().any(|c| matches!(c, SelKind::Send))
                        && cases.iter().any(|c| matches!(c, SelKind::Recv))
                }
                _ => false,
            });
        Machine {
            c,
            limits,
            source: String::new(),
            polls,
            mixed_selects,
        }
    }

    /// Sets the source text so witness sentences can quote operations.
    pub fn with_source(mut self, source: &str) -> Machine {
        self.source = source.to_string();
        self
    }

    /// "`ch <- v` (line 7)" for a span, or "" without the source.
    pub(crate) fn quote(&self, span: Span) -> String {
        let Some(text) = self.source.get(span.range()) else {
            return String::new();
        };
        let first = text.lines().next().unwrap_or("").trim();
        let first: String = first.chars().take(40).collect();
        let line = self.source[..span.start as usize].matches('\n').count() + 1;
        format!(
            " `{}` (line {line})",
            first.trim_end_matches('{').trim_end()
        )
    }

    /// Go's `==` on two values, when it is defined.
    pub fn values_equal(&self, st: &State, a: &Value, b: &Value) -> bool {
        self.equal(st, a, b) == Some(true)
    }

    pub fn func_name(&self, f: FuncId) -> &str {
        &self.c.codes[f as usize].name
    }

    /// A fresh state running `entry` (after package initialization).
    pub fn start(&self, entry: FuncId, explore: bool) -> State {
        let mut st = State {
            gs: Vec::new(),
            heap: Vec::new(),
            globals: Vec::new(),
            runq: Default::default(),
            runnext: None,
            current: Some(1),
            // When exploring, the entry stops before its first visible
            // operation too: a goroutine it starts first may run before it.
            fresh: !explore,
            clock: 0,
            timers: Vec::new(),
            timer_seq: 0,
            stdout: String::new(),
            stderr: String::new(),
            resources: Vec::new(),
            outcome: None,
            entry_done: false,
            stdout_at_exit: None,
            exit_clock: 0,
            post_exit_clock_advances: 0,
            steps: 0,
            cells: 0,
            global_growth: Vec::new(),
            global_cleaned: Vec::new(),
            entry_locks: Vec::new(),
            pending: None,
            answer: None,
            opaque_choices: 0,
            steered_by_unknown: false,
            notes: Vec::new(),
            events: Vec::new(),
            record: false,
            explore,
            trace: Vec::new(),
            trace_checked: 0,
            snapshots: Vec::new(),
            snapshot_functions: Vec::new(),
            events_seen: 0,
            handoffs: Vec::new(),
            escaped: Vec::new(),
            last_runner: 1,
            entry_args: Vec::new(),
            entry_results: Vec::new(),
            last_visible_step: 0,
        };
        st.alloc(Obj::Error {
            msg: "context canceled".into(),
            wrapped: None,
        });
        st.alloc(Obj::Error {
            msg: "context deadline exceeded".into(),
            wrapped: None,
        });
        st.alloc(Obj::Error {
            msg: "EOF".into(),
            wrapped: None,
        });
        st.alloc(Obj::Context(Context {
            kind: CtxKind::Background,
            parent: None,
            done: None,
            err: None,
            children: Vec::new(),
            key: Value::Nil,
            value: Value::Nil,
            deadline: None,
        }));
        for _ in &self.c.globals {
            let cell = st.alloc(Obj::Cell(Value::Nil));
            st.globals.push(cell);
        }
        let code = &self.c.codes[entry as usize];
        let func = &self.c.program.funcs[entry as usize];
        let mut args = Vec::new();
        if let Some(r) = &func.receiver {
            let v = match self.c.type_names.get(&r.type_name) {
                Some(t) => self.zero(&mut st, *t),
                None => Value::Opaque,
            };
            // The receiver's fields are unknown inputs, as the parameters
            // are (a nil channel or map field would panic falsely); its
            // mutexes and other runtime objects stay real.
            if let Value::Struct(o) = &v {
                if let Some(Obj::Struct { fields, .. }) = st.heap.get_mut(*o as usize) {
                    for f in fields.iter_mut() {
                        if !matches!(f, Value::Obj(_) | Value::Struct(_)) {
                            *f = Value::Opaque;
                        }
                    }
                }
            }
            let v = match v {
                Value::Struct(o) if r.pointer => Value::Ptr(o),
                v => v,
            };
            args.push(v);
        }
        for p in &func.params {
            let v = match &p.ty {
                TypeExpr::Pointer(inner)
                    if **inner == TypeExpr::Qualified("testing".into(), "T".into()) =>
                {
                    Value::Obj(st.alloc(Obj::TestingT {
                        name: func.name.as_str().into(),
                        failed: false,
                        cleanups: Vec::new(),
                    }))
                }
                _ => Value::Opaque,
            };
            args.push(v);
        }
        // An opaque variadic list has at least two elements: a loop over it
        // may start several goroutines, as callers do (`First(q, r1, r2)`).
        if func.variadic && !func.params.is_empty() {
            args.push(Value::Opaque);
        }
        let _ = code;
        st.entry_args = args.clone();
        let frame = self.new_frame(&mut st, entry, &[], args, 0, false);
        let init = self.new_frame(&mut st, self.c.init, &[], Vec::new(), 0, false);
        st.gs.push(Goroutine {
            id: 1,
            frames: vec![frame, init],
            status: Status::Runnable,
            go_span: None,
            func: entry,
            ..Goroutine::default()
        });
        st
    }

    fn new_frame(
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
            let v = args.get(i).cloned().unwrap_or(Value::Opaque);
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
        }
    }

    /// Methods of values the runtime models directly: durations, times,
    /// `strings.Builder`. `None` when the receiver is something else.
    fn value_method(
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
                let key = args.first().cloned().unwrap_or(Value::Opaque);
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

    /// Untyped constants take the type they are assigned to: an integer
    /// constant stored as a `float64` becomes a float, as a `time.Duration`
    /// a duration, as a `uint32` a wrapping `uint32`, as a `State` (a
    /// declared type with methods) a `State`; an untyped `nil` stored as a
    /// slice or map is a nil slice or map (`fmt` prints `[]` and `map[]`).
    pub(crate) fn coerce(&self, v: Value, ty: &TypeExpr) -> Value {
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
    pub(crate) fn named_repr(&self, ty: &TypeExpr) -> Option<TypeId> {
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
    pub(crate) fn wrap_named(&self, t: TypeId, v: Value) -> Value {
        let v = match (v, self.int_kind(t)) {
            (Value::Int(i), Some(k)) => Value::Int(k.wrap(i)),
            (v, _) => v,
        };
        Value::Named(t, Rc::new(v))
    }

    /// The sized integer kind of a type (following declared names).
    pub(crate) fn int_kind(&self, t: TypeId) -> Option<IntKind> {
        match self.c.underlying(self.c.type_expr(t)) {
            TypeExpr::Name(n) => IntKind::from_name(n),
            _ => None,
        }
    }

    /// The kind of an integer value's type, if sized.
    pub(crate) fn int_kind_of(&self, v: &Value) -> Option<IntKind> {
        match v {
            Value::Named(t, inner) if matches!(**inner, Value::Int(_)) => self.int_kind(*t),
            _ => None,
        }
    }

    pub(crate) fn int_type(&self, k: IntKind) -> TypeId {
        let i = IntKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        self.c.int_types[i]
    }

    /// A value of a sized integer type.
    pub(crate) fn sized(&self, k: IntKind, i: i64) -> Value {
        Value::Named(self.int_type(k), Rc::new(Value::Int(k.wrap(i))))
    }

    pub(crate) fn make_slice(&self, st: &mut State, items: Vec<Value>) -> Value {
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
    pub(crate) fn copy_val(&self, st: &mut State, v: Value) -> Value {
        self.copy_depth(st, v, 0)
    }

    fn copy_depth(&self, st: &mut State, v: Value, depth: u32) -> Value {
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

    /// Runs until a choice is needed (returned) or the run ends (`None`,
    /// with `st.outcome` set).
    pub fn advance(&self, st: &mut State) -> Option<ChoicePoint> {
        loop {
            if st.outcome.is_some() {
                return None;
            }
            if let Some(p) = &st.pending {
                return Some(p.clone());
            }
            if st.steps >= self.limits.max_steps {
                st.outcome = Some(Outcome::Bounded {
                    bound: Bound::Steps,
                });
                return None;
            }
            if st.heap.len() >= self.limits.max_heap || st.cells >= MAX_CELLS_PER_RUN {
                st.outcome = Some(Outcome::Bounded {
                    bound: Bound::Memory,
                });
                return None;
            }
            match st.current {
                Some(g) if st.gs[(g - 1) as usize].status == Status::Runnable => {
                    self.run_goroutine(st, g)
                }
                _ => {
                    st.current = None;
                    self.schedule(st);
                }
            }
        }
    }

    /// Applies the answer to the pending choice.
    pub fn choose(&self, st: &mut State, index: usize) {
        let Some(p) = st.pending.take() else { return };
        let index = index.min(p.options.len().saturating_sub(1));
        let v = p.options.get(index).copied().unwrap_or(0);
        if p.kind == ChoiceKind::Goroutine {
            st.current = Some(v);
            st.fresh = true;
        } else {
            st.answer = Some(v);
        }
    }

    fn schedule(&self, st: &mut State) {
        let runnable: Vec<GoId> = st
            .gs
            .iter()
            .filter(|g| g.status == Status::Runnable)
            .map(|g| g.id)
            .collect();
        if runnable.is_empty() {
            if self.fire_timers(st) {
                return;
            }
            // Quiescence.
            st.outcome = Some(if st.entry_done {
                Outcome::Finished
            } else {
                Outcome::Deadlock
            });
            if !st.entry_done {
                st.stderr
                    .push_str("fatal error: all goroutines are asleep - deadlock!\n\n");
                for g in &st.gs {
                    if let Status::Blocked(b) = &g.status {
                        st.stderr.push_str(&format!(
                            "goroutine {} [{}]:\n{}()\n\n",
                            g.id,
                            b.reason.go_name(),
                            self.go_func_name(g.func)
                        ));
                    }
                }
            }
            return;
        }
        if st.explore {
            // Bring every runnable goroutine to its next visible operation
            // (local computation commutes with everything).
            // All of them in one pass: rescanning the goroutines after each
            // one made a program that starts 10,000 goroutines quadratic.
            let mut ran = false;
            for &id in &runnable {
                let g = &st.gs[(id - 1) as usize];
                if g.status == Status::Runnable && !self.at_visible(st, g) {
                    st.current = Some(id);
                    st.fresh = false;
                    self.run_goroutine(st, id);
                    ran = true;
                    if st.pending.is_some() || st.outcome.is_some() || st.current.is_some() {
                        return;
                    }
                }
            }
            if ran {
                return;
            }
            // An operation that would only enqueue the goroutine (a send with
            // no receiver, a lock held by another...) commutes with the
            // others: run it now, without a choice. Not when the program
            // polls (a select with a default case sees the difference), and
            // not while another goroutine's next operation conflicts with it
            // (a receiver and a sender both about to wait on one channel:
            // whichever waits first is taken by the other, and a third
            // party, a select with both kinds of cases, may pair with
            // either). Without such selects either order pairs the same
            // goroutines, and N writers with one reader stay linear.
            let shortcut = !self.polls && !self.limits.no_reduction;
            let footprints: Vec<(GoId, Vec<Access>)> = if shortcut && self.mixed_selects {
                runnable
                    .iter()
                    .filter_map(|&id| Some((id, self.next_footprint(st, id)?)))
                    .collect()
            } else {
                Vec::new()
            };
            let commutes_with_others = |id: GoId| {
                if !self.mixed_selects {
                    return true;
                }
                let Some((_, mine)) = footprints.iter().find(|(g, _)| *g == id) else {
                    return false;
                };
                footprints
                    .iter()
                    .filter(|(g, _)| *g != id)
                    .all(|(_, theirs)| {
                        mine.iter().all(|a| {
                            theirs
                                .iter()
                                .all(|b| a.obj != b.obj || a.kind.commutes(b.kind))
                        })
                    })
            };
            let mut ran = false;
            for &id in runnable.iter().filter(|_| shortcut) {
                let g = &st.gs[(id - 1) as usize];
                if g.status == Status::Runnable
                    && self.would_block(st, g)
                    && commutes_with_others(id)
                {
                    st.current = Some(id);
                    st.fresh = true;
                    self.run_goroutine(st, id);
                    ran = true;
                    // With mixed selects the footprints above are stale once
                    // one of them ran: decide again.
                    if self.mixed_selects
                        || st.pending.is_some()
                        || st.outcome.is_some()
                        || st.current.is_some()
                    {
                        return;
                    }
                }
            }
            if ran {
                return;
            }
            if runnable.len() == 1 {
                st.current = Some(runnable[0]);
                st.fresh = true;
            } else {
                st.pending = Some(ChoicePoint {
                    kind: ChoiceKind::Goroutine,
                    options: runnable,
                    goroutine: 0,
                });
            }
            return;
        }
        // Go's scheduler with one P: runnext, then the local run queue.
        loop {
            let next = st.runnext.take().or_else(|| st.runq.pop_front());
            match next {
                Some(g) if st.gs[(g - 1) as usize].status == Status::Runnable => {
                    st.current = Some(g);
                    st.fresh = true;
                    return;
                }
                Some(_) => continue,
                None => {
                    // Runnable goroutines missing from the queues (should not happen).
                    st.current = Some(runnable[0]);
                    st.fresh = true;
                    return;
                }
            }
        }
    }

    pub(crate) fn go_func_name(&self, f: FuncId) -> String {
        format!("main.{}", self.func_name(f))
    }

    /// Makes a goroutine runnable; with one P it goes to `runnext`.
    pub(crate) fn ready(&self, st: &mut State, g: GoId) {
        st.gs[(g - 1) as usize].status = Status::Runnable;
        if !st.explore {
            if let Some(old) = st.runnext.replace(g) {
                st.runq.push_back(old);
            }
        }
    }

    pub(crate) fn add_timer(&self, st: &mut State, when: i64, action: TimerAction) {
        st.timer_seq += 1;
        let seq = st.timer_seq;
        st.timers.push(PendingTimer { when, seq, action });
    }

    pub(crate) fn push_snapshot(&self, st: &mut State) {
        if st.events.len() == st.events_seen && !st.snapshots.is_empty() {
            return;
        }
        // Past the cap nothing is computed: a snapshot costs a line per
        // goroutine, and a run of 10,000 goroutines spent seconds building
        // snapshots it then dropped. `finish_snapshots` adds the last one.
        if st.snapshots.len() >= MAX_WITNESS_STEPS {
            return;
        }
        let mut functions = std::mem::take(&mut st.snapshot_functions);
        let snap = self.snapshot(st, st.events_seen, &mut functions);
        st.snapshot_functions = functions;
        st.events_seen = st.events.len();
        st.handoffs.clear();
        st.snapshots.push(snap);
    }

    /// After a recorded run: when the cap cut the snapshots, the run's end
    /// (where the goroutines are stuck) is still the witness's last step.
    pub fn finish_snapshots(&self, st: &mut State) {
        if st.snapshots.len() < MAX_WITNESS_STEPS || st.events_seen == st.events.len() {
            return;
        }
        let mut functions = std::mem::take(&mut st.snapshot_functions);
        let from = st.events.len().saturating_sub(1);
        let snap = self.snapshot(st, from, &mut functions);
        st.snapshot_functions = functions;
        st.events_seen = st.events.len();
        st.snapshots.push(snap);
    }

    /// A receive's accesses: the channel, weak when it only enqueues, and
    /// the other wait queues of a sender it would complete.
    fn recv_footprint(&self, st: &State, id: ObjId) -> Vec<Access> {
        let c = st.chan(id).unwrap();
        let kind = if c.closed || !c.sendq.is_empty() {
            AccessKind::Strong
        } else if c.buf.is_empty() {
            AccessKind::RecvEnqueue
        } else {
            AccessKind::TakeFront
        };
        let mut out = vec![Access { obj: id, kind }];
        self.partner_accesses(st, &c.sendq, &mut out);
        out
    }

    /// Completing a waiter also removes it from every other queue it waits
    /// in (a `select` waits on several channels): the operation touches those
    /// channels too. Without them, two sends on different channels that race
    /// for one select looked independent, and the run where the other
    /// sender leaks was never explored.
    fn partner_accesses(&self, st: &State, waiters: &[Waiter], out: &mut Vec<Access>) {
        for w in waiters {
            if let Some(Status::Blocked(b)) = st.gs.get((w.g - 1) as usize).map(|g| &g.status) {
                for &obj in &b.objs {
                    if !out.contains(&Access::strong(obj)) {
                        out.push(Access::strong(obj));
                    }
                }
            }
        }
    }

    /// The objects the visible operation at `instr` touches.
    fn footprint(&self, st: &State, frame: &Frame, instr: &Instr) -> Vec<Access> {
        let top = |k: usize| {
            frame
                .stack
                .len()
                .checked_sub(k)
                .and_then(|i| frame.stack.get(i))
        };
        let strong = |o: ObjId| vec![Access::strong(o)];
        match instr {
            Instr::Send => match top(2) {
                Some(Value::Chan(id)) => {
                    let c = st.chan(*id).unwrap();
                    let blocks = !c.closed && c.recvq.is_empty() && c.buf.len() as u32 >= c.cap;
                    // An append that takes the last free slot would make a
                    // later one block: only appends that leave room commute.
                    let appends =
                        !c.closed && c.recvq.is_empty() && (c.buf.len() as u32) + 1 < c.cap;
                    let mut out = vec![Access {
                        obj: *id,
                        kind: if blocks {
                            AccessKind::SendEnqueue
                        } else if appends {
                            AccessKind::Append
                        } else {
                            AccessKind::Strong
                        },
                    }];
                    if !c.closed {
                        self.partner_accesses(st, &c.recvq, &mut out);
                    }
                    out
                }
                _ => Vec::new(),
            },
            Instr::Recv { .. } => match top(1) {
                Some(Value::Chan(id)) => self.recv_footprint(st, *id),
                _ => Vec::new(),
            },
            Instr::RangeNext { coll, .. } => match frame.locals.get(*coll as usize) {
                Some(Value::Chan(id)) => self.recv_footprint(st, *id),
                _ => Vec::new(),
            },
            Instr::Select { cases, default } => {
                let n: usize = cases
                    .iter()
                    .map(|c| if matches!(c, SelKind::Send) { 2 } else { 1 })
                    .sum();
                let at = frame.stack.len().saturating_sub(n);
                let ops = &frame.stack[at..];
                // (channel, is a send, ready now, a send that only appends).
                let mut chans: Vec<(ObjId, bool, bool, bool)> = Vec::new();
                let mut i = 0;
                for c in cases.iter() {
                    let send = matches!(c, SelKind::Send);
                    if let Some(Value::Chan(id)) = ops.get(i) {
                        if let Some(ch) = st.chan(*id) {
                            let ready = if send {
                                ch.closed || !ch.recvq.is_empty() || (ch.buf.len() as u32) < ch.cap
                            } else {
                                !ch.buf.is_empty() || !ch.sendq.is_empty() || ch.closed
                            };
                            let appends = send
                                && !ch.closed
                                && ch.recvq.is_empty()
                                && (ch.buf.len() as u32) + 1 < ch.cap;
                            chans.push((*id, send, ready, appends));
                        }
                    }
                    i += if send { 2 } else { 1 };
                }
                let ready: Vec<_> = chans.iter().filter(|c| c.2).collect();
                // A select with a default that finds nothing ready only
                // observes (weak 5: commutes with other such observations);
                // one whose only ready case appends to a buffer appends
                // (weak 3) and observes the rest. Anything else is strong.
                let observe_only = *default && ready.is_empty();
                let one_append = ready.len() == 1 && ready[0].3;
                let mut out: Vec<Access> = chans
                    .iter()
                    .map(|&(obj, _, is_ready, _)| Access {
                        obj,
                        kind: if observe_only || (one_append && !is_ready) {
                            AccessKind::Observe
                        } else if one_append {
                            AccessKind::Append
                        } else {
                            AccessKind::Strong
                        },
                    })
                    .collect();
                // A ready case completes a waiting partner, which leaves every
                // other wait queue it was in.
                for &(obj, send, is_ready, _) in &chans {
                    if let (true, Some(c)) = (is_ready, st.chan(obj)) {
                        if send && !c.closed {
                            self.partner_accesses(st, &c.recvq, &mut out);
                        } else if !send {
                            self.partner_accesses(st, &c.sendq, &mut out);
                        }
                    }
                }
                out
            }
            Instr::Call { argc, .. } => {
                let callee = top(*argc as usize + 1);
                match callee {
                    Some(Value::Builtin("close")) => match top(1) {
                        Some(Value::Chan(id)) => {
                            let mut out = strong(*id);
                            if let Some(c) = st.chan(*id) {
                                self.partner_accesses(st, &c.recvq, &mut out);
                                self.partner_accesses(st, &c.sendq, &mut out);
                            }
                            out
                        }
                        _ => Vec::new(),
                    },
                    Some(Value::Builtin(_)) => match top(*argc as usize) {
                        Some(Value::Ptr(o) | Value::FieldPtr(o, _) | Value::ElemPtr(o, _)) => {
                            strong(*o)
                        }
                        _ => Vec::new(),
                    },
                    Some(Value::Obj(o)) => match st.heap.get(*o as usize) {
                        Some(Obj::CancelFunc { ctx, .. }) => match st.heap.get(*ctx as usize) {
                            Some(Obj::Context(c)) => c.done.map(strong).unwrap_or_default(),
                            _ => Vec::new(),
                        },
                        _ => Vec::new(),
                    },
                    Some(Value::Closure(o)) => match st.heap.get(*o as usize) {
                        Some(Obj::Bound { recv, .. }) => {
                            self.deref_obj(st, recv).map(strong).unwrap_or_default()
                        }
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                }
            }
            Instr::CallMethod { argc, name, .. } => {
                match top(*argc as usize + 1).and_then(|r| self.method_obj(st, r, name)) {
                    Some(o) => {
                        // Counter updates that keep a WaitGroup above zero commute.
                        if let Some(Obj::WaitGroup { count, .. }) = st.heap.get(o as usize) {
                            let delta = match (&**name, top(1)) {
                                ("Done", _) => Some(-1),
                                ("Add", Some(Value::Int(n))) => Some(*n),
                                _ => None,
                            };
                            if let Some(d) = delta {
                                if count + d > 0 {
                                    return vec![Access {
                                        obj: o,
                                        kind: AccessKind::CounterAboveZero,
                                    }];
                                }
                            }
                        }
                        strong(o)
                    }
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// Advances the clock to the next timer and fires every timer due.
    /// Returns false when no timer can fire.
    fn fire_timers(&self, st: &mut State) -> bool {
        if st.entry_done
            && !st
                .gs
                .iter()
                .any(|g| matches!(g.status, Status::Sleeping(_)))
        {
            // After the entry returned, with every goroutine blocked, a timer
            // that can wake nobody (a ticker nobody reads) is dropped, as Go
            // collects unreferenced timers.
            let heap = &st.heap;
            st.timers.retain(|t| match t.action {
                TimerAction::Wake(_) | TimerAction::CtxDeadline(_) => true,
                TimerAction::Fire(o) => match heap.get(o as usize) {
                    Some(Obj::Timer(tm)) => tm.func.is_some() || tm.chan.is_some_and(|c| matches!(heap.get(c as usize), Some(Obj::Chan(ch)) if !ch.recvq.is_empty())),
                    _ => false,
                },
            });
        }
        let Some(next) = st.timers.iter().map(|t| t.when).min() else {
            return false;
        };
        if !st.entry_done && next > self.limits.max_virtual_time_ns {
            st.outcome = Some(Outcome::Bounded {
                bound: Bound::VirtualTime,
            });
            return true;
        }
        if st.entry_done
            && (next
                > st.exit_clock
                    .saturating_add(self.limits.post_exit_horizon_ns)
                || st.post_exit_clock_advances >= self.limits.post_exit_clock_advances)
        {
            return false;
        }
        if st.entry_done {
            st.post_exit_clock_advances += 1;
        }
        // Every firing counts as a step: a ticker with a tiny period that
        // wakes nobody would otherwise advance the clock without end and
        // without any step bound seeing it (a fuzz case spun for minutes).
        st.steps += 1;
        if st.steps >= self.limits.max_steps {
            st.outcome = Some(Outcome::Bounded {
                bound: Bound::Steps,
            });
            return true;
        }
        st.clock = st.clock.max(next);
        let mut due: Vec<PendingTimer> = st
            .timers
            .iter()
            .filter(|t| t.when <= st.clock)
            .cloned()
            .collect();
        crate::sort::sort_by_key(&mut due, |t| (t.when, t.seq));
        st.timers.retain(|t| t.when > st.clock);
        if st.record {
            st.events.push(Event {
                goroutine: 0,
                span: Span::default(),
                text: format!("the clock advances to {}", fmt_duration(st.clock)),
            });
        }
        for t in due {
            match t.action {
                TimerAction::Wake(g) => {
                    if matches!(st.gs[(g - 1) as usize].status, Status::Sleeping(_)) {
                        self.ready(st, g);
                    }
                }
                TimerAction::Fire(timer) => self.fire_timer(st, timer),
                TimerAction::CtxDeadline(ctx) => self.cancel_ctx(st, ctx, ERR_DEADLINE),
            }
        }
        if st.record {
            self.push_snapshot(st);
        }
        true
    }

    fn fire_timer(&self, st: &mut State, timer: ObjId) {
        let Some(Obj::Timer(t)) = st.heap.get(timer as usize).cloned() else {
            return;
        };
        if !t.active {
            return;
        }
        if let Some(ch) = t.chan {
            // Timer channels have capacity 1; a tick nobody took is dropped.
            let now = Value::Time(st.clock);
            let _ = self.try_send_runtime(st, ch, now);
        }
        if let Some(f) = t.func.clone() {
            self.spawn(st, f, Vec::new(), None, Span::default(), None);
        }
        if t.period > 0 {
            let when = st.clock + t.period;
            self.add_timer(st, when, TimerAction::Fire(timer));
        } else if let Some(Obj::Timer(t)) = st.heap.get_mut(timer as usize) {
            t.active = false;
            if let Some(r) = t.resource {
                if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(r as usize) {
                    *released = true;
                }
            }
        }
    }

    /// A send by the runtime (timers): never blocks.
    fn try_send_runtime(&self, st: &mut State, ch: ObjId, v: Value) -> bool {
        let Some(c) = st.chan_mut(ch) else {
            return false;
        };
        if !c.recvq.is_empty() {
            let w = c.recvq.remove(0);
            self.complete_wait(st, ch, w.g, w.case, v, true);
            return true;
        }
        if (c.buf.len() as u32) < c.cap {
            c.buf.push_back(v);
            return true;
        }
        false
    }

    pub(crate) fn spawn(
        &self,
        st: &mut State,
        callee: Value,
        args: Vec<Value>,
        wg: Option<ObjId>,
        span: Span,
        parent: Option<&Goroutine>,
    ) -> Option<GoId> {
        let _ = parent;
        if st.gs.len() >= self.limits.max_goroutines {
            st.outcome = Some(Outcome::Bounded {
                bound: Bound::Goroutines,
            });
            return None;
        }
        let id = st.gs.len() as GoId + 1;
        let frame = match self.frame_for_value(st, &callee, args, 0, false) {
            Some(f) => f,
            None => {
                // A builtin or opaque function as a goroutine: it ends at once.
                st.gs.push(Goroutine {
                    id,
                    frames: Vec::new(),
                    status: Status::Done,
                    go_span: Some(span),
                    func: 0,
                    wg_on_exit: None,
                    ..Goroutine::default()
                });
                if let Some(w) = wg {
                    let _ = self.wg_add(st, w, -1);
                }
                return Some(id);
            }
        };
        let func = frame.func;
        st.gs.push(Goroutine {
            id,
            frames: vec![frame],
            status: Status::Runnable,
            go_span: Some(span),
            func,
            wg_on_exit: wg,
            last_span: span,
            ..Goroutine::default()
        });
        self.ready(st, id);
        Some(id)
    }

    /// A frame that calls a Go function value, or `None` for builtins and
    /// opaque functions.
    fn frame_for_value(
        &self,
        st: &mut State,
        callee: &Value,
        args: Vec<Value>,
        want: u8,
        spread: bool,
    ) -> Option<Frame> {
        match callee {
            Value::Func(f) => Some(self.new_frame(st, *f, &[], args, want, spread)),
            Value::Closure(o) => match st.heap.get(*o as usize).cloned() {
                Some(Obj::Closure { func, captures }) => {
                    Some(self.new_frame(st, func, &captures, args, want, spread))
                }
                Some(Obj::Bound { recv, method }) => {
                    match self.resolve_method(st, &recv, &method) {
                        MethodTarget::User(f, r) => {
                            let mut a = vec![r];
                            a.extend(args);
                            Some(self.new_frame(st, f, &[], a, want, spread))
                        }
                        MethodTarget::Value(v) => self.frame_for_value(st, &v, args, want, spread),
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn run_goroutine(&self, st: &mut State, gid: GoId) {
        let idx = (gid - 1) as usize;
        let mut g = std::mem::take(&mut st.gs[idx]);
        let flow = self.run_inner(st, &mut g, 0);
        let id = g.id;
        st.gs[idx] = g;
        st.last_runner = id;
        if st.record {
            self.push_snapshot(st);
        }
        match flow {
            Flow::Yield if !st.explore => st.fresh = true,
            Flow::Yield => st.current = None,
            Flow::Gosched => {
                st.current = None;
                if !st.explore {
                    st.runq.push_back(id);
                }
            }
            Flow::Block | Flow::Done => st.current = None,
            Flow::Choice | Flow::Stop | Flow::Next | Flow::SyncReturn(_) => {}
        }
    }

    /// Executes instructions of `g` until it yields, blocks, ends, needs a
    /// choice, or (when `base > 0`) the runtime-invoked frame at depth `base`
    /// returns.
    pub(crate) fn run_inner(&self, st: &mut State, g: &mut Goroutine, base: usize) -> Flow {
        let started = st.steps;
        loop {
            if st.outcome.is_some() {
                return Flow::Stop;
            }
            if st.steps >= self.limits.max_steps {
                st.outcome = Some(Outcome::Bounded {
                    bound: Bound::Steps,
                });
                return Flow::Stop;
            }
            // Checked here too, not only between transitions: a loop with no
            // visible operation that makes a buffer per iteration runs in
            // one transition and grew memory past 20 GB before the step bound.
            if st.cells >= MAX_CELLS_PER_RUN || st.heap.len() >= self.limits.max_heap {
                st.outcome = Some(Outcome::Bounded {
                    bound: Bound::Memory,
                });
                return Flow::Stop;
            }
            st.steps += 1;
            if g.frames.is_empty() {
                return self.goroutine_exit(st, g);
            }
            let depth = g.frames.len();
            // Unwinding a panic.
            if g.panicking.is_some() && depth <= g.unwind_depth {
                let frame = g.frames.last_mut().unwrap();
                if let Some(d) = frame.defers.pop() {
                    if self.run_deferred(st, g, d) {
                        return Flow::Choice;
                    }
                    continue;
                }
                let popped = g.frames.pop().unwrap();
                g.unwind_depth = g.frames.len();
                if popped.sync_call && base > 0 && depth == base {
                    return Flow::SyncReturn(Vec::new());
                }
                if g.frames.is_empty() {
                    return self.goroutine_exit(st, g);
                }
                continue;
            }
            let frame = g.frames.last_mut().unwrap();
            if frame.returning {
                if let Some(d) = frame.defers.pop() {
                    if self.run_deferred(st, g, d) {
                        return Flow::Choice;
                    }
                    continue;
                }
                let frame = g.frames.pop().unwrap();
                let code = &self.c.codes[frame.func as usize];
                let mut results = Vec::with_capacity(code.results.len());
                for (slot, boxed) in &code.results {
                    let v = frame
                        .locals
                        .get(*slot as usize)
                        .cloned()
                        .unwrap_or(Value::Nil);
                    let v = if *boxed { self.load_cell(st, &v) } else { v };
                    results.push(v);
                }
                if frame.sync_call && depth == base {
                    return Flow::SyncReturn(results);
                }
                match g.frames.last_mut() {
                    Some(parent) => push_adjusted(&mut parent.stack, results, frame.want),
                    None => {
                        if g.id == 1 {
                            st.entry_results = results;
                        }
                        return self.goroutine_exit(st, g);
                    }
                }
                continue;
            }
            let code = &self.c.codes[frame.func as usize];
            let pc = frame.pc as usize;
            let Some(instr) = code.instrs.get(pc) else {
                frame.returning = true;
                continue;
            };
            let span = code.spans[pc];
            // Go preempts a goroutine that loops without yielding: at a loop's
            // back edge after `PREEMPT_STEPS`, the others get to run. Without
            // it `for {}` in main kept a goroutine it started from ever
            // reaching its send, and a busy poller starved the goroutine it
            // waited for.
            if base == 0
                && st.steps - started >= PREEMPT_STEPS
                && matches!(instr, Instr::Jump(t) if (*t as usize) <= pc)
            {
                return Flow::Gosched;
            }
            let mut visible = false;
            let at_visible_op = base == 0 && self.is_visible(st, frame, instr);
            if at_visible_op {
                st.last_visible_step = st.steps;
            }
            if at_visible_op && (st.explore || st.record) {
                if !st.fresh {
                    return Flow::Yield;
                }
                st.fresh = false;
                visible = true;
                if st.explore {
                    let fp = self.footprint(st, frame, instr);
                    st.trace.push((g.id, fp));
                }
            }
            match self.exec(st, g, instr, span) {
                Ok(Flow::Next) => {}
                Ok(Flow::Choice) if visible => {
                    // The operation asks a choice (which waiter wakes) before
                    // it takes effect and runs again with the answer: it is
                    // still this transition's operation, not a new one.
                    // Yielding here instead left the answer waiting for
                    // whichever goroutine the scheduler picked next.
                    st.fresh = true;
                    if st.explore {
                        st.trace.pop();
                    }
                    return Flow::Choice;
                }
                Ok(Flow::Block) if base > 0 => {
                    // A runtime-invoked call cannot block: give up on it.
                    self.unregister(st, g.id, &g.status);
                    g.status = Status::Runnable;
                    g.frames.truncate(base - 1);
                    return Flow::SyncReturn(vec![Value::Opaque]);
                }
                Ok(Flow::Yield) | Ok(Flow::Gosched) if base > 0 => {}
                Ok(flow) => return flow,
                Err(trap) => {
                    if let Some(flow) = self.raise(st, g, trap, span) {
                        return flow;
                    }
                }
            }
        }
    }

    /// Starts a panic (or a fatal error). Returns a flow to stop with.
    fn raise(&self, st: &mut State, g: &mut Goroutine, trap: Trap, span: Span) -> Option<Flow> {
        match trap {
            Trap::Fatal(msg) => {
                if !st.entry_done {
                    st.stderr.push_str(&format!(
                        "fatal error: {msg}\n\ngoroutine {} [running]:\n{}()\n",
                        g.id,
                        self.go_func_name(g.func)
                    ));
                    st.outcome = Some(Outcome::Fatal {
                        message: msg,
                        goroutine: g.id,
                        span,
                    });
                } else {
                    g.status = Status::Panicked;
                }
                g.last_span = span;
                Some(Flow::Stop)
            }
            Trap::Panic(v, cause) => {
                g.last_span = span;
                g.panic_cause = cause;
                if g.panicking.is_none() || g.frames.len() > g.unwind_depth {
                    g.unwind_depth = g.frames.len();
                }
                g.panicking = Some(v);
                None
            }
        }
    }

    fn goroutine_exit(&self, st: &mut State, g: &mut Goroutine) -> Flow {
        if let Some(v) = g.panicking.take() {
            if v != Value::Builtin("goexit") {
                g.status = Status::Panicked;
                if v == Value::Opaque {
                    // `panic(err)` with an error from unknown code.
                    st.steered_by_unknown = true;
                }
                if !st.entry_done {
                    let msg = self.panic_text(st, g, &v);
                    st.stderr.push_str(&format!(
                        "panic: {msg}\n\ngoroutine {} [running]:\n{}()\n",
                        g.id,
                        self.go_func_name(g.func)
                    ));
                    st.outcome = Some(Outcome::Panic {
                        message: msg,
                        goroutine: g.id,
                        span: g.last_span,
                        cause: g.panic_cause,
                    });
                }
                return Flow::Stop;
            }
        }
        g.status = Status::Done;
        if let Some(wg) = g.wg_on_exit.take() {
            if let Err(Trap::Panic(..)) = self.wg_add(st, wg, -1) {
                st.outcome = Some(Outcome::Panic {
                    message: "sync: negative WaitGroup counter".into(),
                    goroutine: g.id,
                    span: g.last_span,
                    cause: PanicCause::Concurrency,
                });
            }
        }
        if g.id == 1 {
            st.entry_done = true;
            st.stdout_at_exit = Some(st.stdout.len());
            st.exit_clock = st.clock;
        }
        Flow::Done
    }

    /// Go's text for a panic value.
    pub(crate) fn panic_text(&self, st: &mut State, g: &mut Goroutine, v: &Value) -> String {
        match v {
            Value::Str(s) if s.starts_with('\u{0}') => {
                let m = &s[1..];
                if m.contains("nil pointer dereference") {
                    format!(
                        "{m}\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]"
                    )
                } else {
                    m.to_string()
                }
            }
            Value::Str(s) => s.to_string(),
            Value::Obj(o) if matches!(st.heap.get(*o as usize), Some(Obj::Error { .. })) => {
                self.format_value(st, g, v, 'v', false)
            }
            Value::Int(i) => i.to_string(),
            other => {
                let text = self.format_value(st, g, other, 'v', false);
                if self.has_method(st, other, "Error") || self.has_method(st, other, "String") {
                    text
                } else {
                    text.to_string()
                }
            }
        }
    }

    /// Runs (or starts) a deferred call. True when a builtin call needs a
    /// choice first (which waiter an Unlock hands the mutex to): the call is
    /// deferred again, to be re-run with the answer.
    fn run_deferred(&self, st: &mut State, g: &mut Goroutine, d: Deferred) -> bool {
        match self.frame_for_value(st, &d.func, d.args.clone(), 0, false) {
            Some(mut f) => {
                f.is_defer = true;
                if g.frames.len() < self.limits.max_frames {
                    g.frames.push(f);
                }
            }
            None => {
                // A builtin or runtime object: run it now.
                let callee = d.func.clone();
                match self.call_value(st, g, &callee, d.args.clone(), 0, false, d.span) {
                    Ok(Ret::Choice(cp)) => {
                        st.pending = Some(cp);
                        if let Some(f) = g.frames.last_mut() {
                            f.defers.push(d);
                        }
                        return true;
                    }
                    Ok(Ret::Invoke(f, args)) => {
                        if let Some(mut fr) = self.frame_for_value(st, &f, args, 0, false) {
                            fr.is_defer = true;
                            g.frames.push(fr);
                        }
                    }
                    Ok(Ret::Spawn(f, args, wg)) => {
                        self.spawn(st, f, args, wg, d.span, None);
                    }
                    Ok(Ret::Goexit) => {
                        g.panicking = Some(Value::Builtin("goexit"));
                        g.unwind_depth = g.frames.len();
                    }
                    Ok(_) => {}
                    Err(trap) => {
                        self.raise(st, g, trap, d.span);
                    }
                }
            }
        }
        false
    }

    /// Calls a Go function value from the runtime (a `String` method, a
    /// `sort.Slice` less function) and returns its results.
    pub(crate) fn call_sync(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        callee: &Value,
        args: Vec<Value>,
    ) -> Option<Vec<Value>> {
        // Runtime-invoked calls nest on the Rust stack: keep them shallow.
        if g.frames.len() >= self.limits.max_frames
            || g.frames.iter().filter(|f| f.sync_call).count() >= 16
        {
            return None;
        }
        let mut frame = self.frame_for_value(st, callee, args, 1, false)?;
        frame.sync_call = true;
        g.frames.push(frame);
        let base = g.frames.len();
        let saved_fresh = st.fresh;
        match self.run_inner(st, g, base) {
            Flow::SyncReturn(v) => {
                st.fresh = saved_fresh;
                Some(v)
            }
            _ => {
                g.frames.truncate(base - 1);
                st.fresh = saved_fresh;
                None
            }
        }
    }

    /// Stores into a variable's cell. A struct variable keeps its object
    /// (pointers to it see the new value), as Go overwrites in place.
    fn overwrite_cell(&self, st: &mut State, c: ObjId, v: Value) {
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

    pub(crate) fn load_cell(&self, st: &State, v: &Value) -> Value {
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
    pub(crate) fn method_obj(&self, st: &State, recv: &Value, name: &str) -> Option<ObjId> {
        match self.resolve_method(st, recv, name) {
            MethodTarget::Builtin(o) => match st.heap.get(o as usize) {
                Some(Obj::ReadLocker(m)) => Some(*m),
                _ => Some(o),
            },
            _ => None,
        }
    }

    /// The runtime object behind a value, following one pointer.
    pub(crate) fn deref_obj(&self, st: &State, v: &Value) -> Option<ObjId> {
        match v {
            Value::Obj(o) => Some(*o),
            Value::Ptr(c) => match st.heap.get(*c as usize) {
                Some(Obj::Cell(Value::Obj(o))) => Some(*o),
                _ => None,
            },
            _ => None,
        }
    }

    /// The accesses of the visible operation a runnable goroutine is at, or
    /// `None` when it is not at one. A run that ends early (a panic, an
    /// exit) never executes the others' next operations; the explorer
    /// checks them for races as if they ran next.
    pub fn next_footprint(&self, st: &State, gid: GoId) -> Option<Vec<Access>> {
        let g = st.gs.get((gid - 1) as usize)?;
        if g.status != Status::Runnable || !self.at_visible(st, g) {
            return None;
        }
        let frame = g.frames.last()?;
        let instr = self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)?;
        Some(self.footprint(st, frame, instr))
    }

    fn at_visible(&self, st: &State, g: &Goroutine) -> bool {
        let Some(frame) = g.frames.last() else {
            return true;
        };
        if frame.returning || g.panicking.is_some() {
            return false;
        }
        match self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)
        {
            Some(instr) => self.is_visible(st, frame, instr),
            None => false,
        }
    }

    /// Whether the visible operation a goroutine is at would block now, in
    /// a way that commutes with the others: running it early, before any
    /// choice, loses no behaviour. That holds where whoever later completes
    /// it chooses among all waiters: unbuffered channels (a sender picks any
    /// waiting receiver) and Mutex.Lock (Unlock wakes every waiter to
    /// retry). It does not hold for a buffered channel (a value sent before
    /// the receiver arrived sits in the buffer, where a third goroutine may
    /// take it), an RWMutex or `WaitGroup.Wait` (the counter may rise again
    /// before a late waiter arrives): the differential test against brute
    /// force found each of these.
    fn would_block(&self, st: &State, g: &Goroutine) -> bool {
        let Some(frame) = g.frames.last() else {
            return false;
        };
        let Some(instr) = self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)
        else {
            return false;
        };
        let top = |k: usize| {
            frame
                .stack
                .len()
                .checked_sub(k)
                .and_then(|i| frame.stack.get(i))
        };
        let recv_blocks = |v: Option<&Value>| match v {
            Some(Value::Chan(id)) => st
                .chan(*id)
                .is_some_and(|c| c.cap == 0 && !c.closed && c.sendq.is_empty() && c.buf.is_empty()),
            Some(Value::Nil) => true,
            _ => false,
        };
        match instr {
            Instr::Send => match top(2) {
                Some(Value::Chan(id)) => st
                    .chan(*id)
                    .is_some_and(|c| c.cap == 0 && !c.closed && c.recvq.is_empty()),
                Some(Value::Nil) => true,
                _ => false,
            },
            Instr::Recv { .. } => recv_blocks(top(1)),
            Instr::RangeNext { coll, nil_chan, .. } => match frame.locals.get(*coll as usize) {
                Some(Value::Nil) => *nil_chan,
                c @ Some(Value::Chan(_)) => recv_blocks(c),
                _ => false,
            },
            Instr::Select { cases, default } => {
                if *default {
                    return false;
                }
                let n: usize = cases
                    .iter()
                    .map(|c| if matches!(c, SelKind::Send) { 2 } else { 1 })
                    .sum();
                let at = frame.stack.len().saturating_sub(n);
                let ops = &frame.stack[at..];
                let buffered = ops.iter().any(
                    |v| matches!(v, Value::Chan(id) if st.chan(*id).is_some_and(|c| c.cap > 0)),
                );
                if buffered {
                    return false;
                }
                let mut i = 0;
                for c in cases.iter() {
                    let ready = match c {
                        SelKind::Send => {
                            let r = match ops.get(i) {
                                Some(Value::Chan(id)) => st.chan(*id).is_some_and(|c| {
                                    c.closed || !c.recvq.is_empty() || (c.buf.len() as u32) < c.cap
                                }),
                                Some(Value::Nil) => false,
                                _ => true,
                            };
                            i += 2;
                            r
                        }
                        SelKind::Recv => {
                            let r = match ops.get(i) {
                                Some(Value::Chan(id)) => st.chan(*id).is_some_and(|c| {
                                    !c.buf.is_empty() || !c.sendq.is_empty() || c.closed
                                }),
                                Some(Value::Nil) => false,
                                _ => true,
                            };
                            i += 1;
                            r
                        }
                    };
                    if ready {
                        return false;
                    }
                }
                true
            }
            Instr::CallMethod { name, argc, .. } => {
                let Some(o) = top(*argc as usize + 1).and_then(|r| self.method_obj(st, r, name))
                else {
                    return false;
                };
                match (st.heap.get(o as usize), &**name) {
                    (
                        Some(Obj::Mutex {
                            locked,
                            readers,
                            rw: false,
                            ..
                        }),
                        "Lock",
                    ) => *locked || *readers > 0,
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether an instruction is a visible operation: a scheduling point
    /// when exploring.
    fn is_visible(&self, st: &State, frame: &Frame, instr: &Instr) -> bool {
        match instr {
            Instr::Send | Instr::Recv { .. } | Instr::Select { .. } => true,
            // Starting a goroutine touches nothing shared: a step of its own
            // only on the default schedule, where it helps the animation.
            Instr::Go { .. } => !st.explore,
            Instr::RangeNext { coll, nil_chan, .. } => match frame.locals.get(*coll as usize) {
                Some(Value::Chan(_)) => true,
                Some(Value::Nil) => *nil_chan,
                _ => false,
            },
            Instr::Call { argc, .. } => {
                let callee = frame
                    .stack
                    .len()
                    .checked_sub(*argc as usize + 1)
                    .and_then(|i| frame.stack.get(i));
                match callee {
                    Some(Value::Builtin(name)) => super::stdlib::is_visible_builtin(name),
                    Some(Value::Obj(o)) => {
                        matches!(st.heap.get(*o as usize), Some(Obj::CancelFunc { .. }))
                    }
                    Some(Value::Closure(o)) => {
                        matches!(st.heap.get(*o as usize), Some(Obj::Bound { .. }))
                    }
                    _ => false,
                }
            }
            Instr::CallMethod { argc, name, .. } => {
                let recv = frame
                    .stack
                    .len()
                    .checked_sub(*argc as usize + 1)
                    .and_then(|i| frame.stack.get(i));
                match recv.and_then(|r| self.method_obj(st, r, name)) {
                    Some(o) => matches!(
                        st.heap.get(o as usize),
                        Some(
                            Obj::Mutex { .. }
                                | Obj::WaitGroup { .. }
                                | Obj::Cond { .. }
                                | Obj::Once { .. }
                                | Obj::Atomic(_)
                                | Obj::Timer(_)
                                | Obj::Context(_)
                        )
                    ),
                    None => false,
                }
            }
            _ => false,
        }
    }

    // ----- instructions -----

    fn exec(&self, st: &mut State, g: &mut Goroutine, instr: &Instr, span: Span) -> R<Flow> {
        let gid = g.id;
        let frame = g.frames.last_mut().unwrap();
        macro_rules! pop {
            () => {
                frame.stack.pop().unwrap_or(Value::Opaque)
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
                let v = self.load_cell(st, &cell);
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::StoreBox(s) => {
                let v = pop!();
                let cell = frame.locals.get(*s as usize).cloned().unwrap_or(Value::Nil);
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
                // A package-level slice that grows in a goroutine, or shrinks.
                if let (
                    Some(Obj::Cell(Value::Slice { len: before, .. })),
                    Value::Slice { len: after, .. },
                ) = (st.heap.get(c as usize), &v)
                {
                    let (before, after) = (*before, *after);
                    if after < before {
                        st.global_cleaned.push(*i);
                    } else if after > before && g.id != 1 && st.global_growth.len() < 1024 {
                        st.global_growth.push((*i, span, None));
                    }
                } else if let (
                    Some(Obj::Cell(Value::NilSlice | Value::Nil)),
                    Value::Slice { len, .. },
                ) = (st.heap.get(c as usize), &v)
                {
                    if *len > 0 && g.id != 1 && st.global_growth.len() < 1024 {
                        st.global_growth.push((*i, span, None));
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
                let v = self.field(st, &x, name)?;
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::StoreField(name) => {
                let x = pop!();
                let v = pop!();
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
                let v = self.copy_val(st, v);
                if let Value::Map(m) = &x {
                    self.note_global_map_insert(st, g.id, *m, &i, span);
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
                            _ => Value::Opaque,
                        }
                    }
                    _ => Value::Opaque,
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
                let v = self.deref(st, &p)?;
                g.frames.last_mut().unwrap().stack.push(v);
            }
            Instr::StoreDeref => {
                let p = pop!();
                let v = pop!();
                let v = self.copy_val(st, v);
                self.store_deref(st, &p, v)?;
            }
            Instr::AddrOf => {
                let v = pop!();
                let p = match v {
                    Value::Struct(o) => Value::Ptr(o),
                    Value::Array(o) => Value::Ptr(o),
                    Value::Opaque => Value::Opaque,
                    other => Value::Ptr(st.alloc(Obj::Cell(other))),
                };
                g.frames.last_mut().unwrap().stack.push(p);
            }
            Instr::Unary(op) => {
                let v = pop!();
                let r = match unary(*op, v) {
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
                let r = self.binary(st, *op, a, b)?;
                g.frames.last_mut().unwrap().stack.push(r);
            }
            Instr::Pop => {
                frame.stack.pop();
            }
            Instr::Pick(n) => {
                let at = frame.stack.len().checked_sub(1 + *n as usize);
                let v = at
                    .and_then(|i| frame.stack.get(i).cloned())
                    .unwrap_or(Value::Opaque);
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
                let v = frame.stack.last().cloned().unwrap_or(Value::Opaque);
                let b = match v {
                    Value::Bool(b) => b,
                    _ => {
                        // An opaque condition: a choice when exploring.
                        st.steered_by_unknown = true;
                        if st.explore && st.opaque_choices < self.limits.max_opaque_choices {
                            match st.answer.take() {
                                Some(a) => {
                                    st.opaque_choices += 1;
                                    a == 1
                                }
                                None => {
                                    st.pending = Some(ChoicePoint {
                                        kind: ChoiceKind::Branch,
                                        options: vec![0, 1],
                                        goroutine: gid,
                                    });
                                    return Ok(Flow::Choice);
                                }
                            }
                        } else {
                            false
                        }
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
                    MethodTarget::Opaque => Value::Opaque,
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
                    parts.push(Value::Opaque);
                }
                let callee = parts.remove(0);
                let mut args = parts;
                if *spread {
                    args = self.expand_spread(st, args);
                }
                frame.pc += 1;
                g.last_span = span;
                self.spawn_go(st, g, callee, args, span)?;
                return Ok(Flow::Next);
            }
            Instr::Defer { argc, spread } => {
                let n = *argc as usize;
                let at = frame.stack.len().saturating_sub(n + 1);
                let mut parts = frame.stack.split_off(at);
                if parts.is_empty() {
                    parts.push(Value::Opaque);
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
                        crate::sort::sort_by(&mut keys, cmp_values);
                        (self.make_slice(st, keys), v.clone())
                    }
                    Value::Ptr(_) => {
                        // Ranging over a pointer to an array.
                        (self.deref(st, &v).unwrap_or(Value::Opaque), Value::Nil)
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
                    self.block_event(st, gid, span, &b);
                    g.status = Status::Blocked(b);
                    return Ok(Flow::Block);
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
                    Some(t) => self.type_matches(st, &v, Some(*t)) || v == Value::Opaque,
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
                        "\u{0}interface conversion: interface {{}} is {have}, not {want}"
                    )));
                };
                g.frames.last_mut().unwrap().stack.extend(out);
            }
            Instr::Opaque(_) => {}
        }
        if let Some(f) = g.frames.last_mut() {
            f.pc += 1;
        }
        Ok(Flow::Next)
    }

    fn expand_spread(&self, st: &State, mut args: Vec<Value>) -> Vec<Value> {
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

    fn spawn_go(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        callee: Value,
        args: Vec<Value>,
        span: Span,
    ) -> R<()> {
        match &callee {
            Value::Func(_) | Value::Closure(_)
                if self
                    .frame_for_value(st, &callee, Vec::new(), 0, false)
                    .is_some() =>
            {
                let args = args.into_iter().map(|a| self.copy_val(st, a)).collect();
                let id = self.spawn(st, callee, args, None, span, None);
                if let (Some(id), true) = (id, st.record) {
                    let name = self.func_name(st.gs[(id - 1) as usize].func).to_string();
                    st.events.push(Event {
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
                        let id = st.gs.len() as GoId + 1;
                        st.gs.push(Goroutine {
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
    fn exec_call(
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
            self.note_sync_map_call(st, g.id, &callee, name, &args, span);
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
                    self.builtin_method(st, g, o, &callee, &name, args, want, span)?
                }
                MethodTarget::Opaque => {
                    self.escape(st, &args);
                    self.opaque_call(st, g, want)?
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
                    self.call_value(st, g, &callee, args, want, spread, span)?
                }
            }
        };
        self.finish_call(st, g, ret, at, want, span)
    }

    fn finish_call(
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
            Ret::Block(b) => {
                if st.record {
                    let text = self.block_sentence(st, gid, &b);
                    st.events.push(Event {
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
                if st.record {
                    st.events.push(Event {
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
                Ok(Flow::Gosched)
            }
            Ret::Choice(cp) => {
                st.pending = Some(cp);
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
                    st.stdout_at_exit = Some(st.stdout.len());
                }
                Ok(Flow::Stop)
            }
            Ret::Goexit => {
                let f = g.frames.last_mut().unwrap();
                f.stack.truncate(at);
                f.pc += 1;
                g.panicking = Some(Value::Builtin("goexit"));
                g.unwind_depth = g.frames.len();
                Ok(Flow::Next)
            }
        }
    }

    /// An unknown function: opaque results; when exploring with timers
    /// pending it may also take longer than the next timer.
    /// Arguments handed to unknown code escape: the analysis no longer knows
    /// every user of what they reach.
    pub(crate) fn escape(&self, st: &mut State, args: &[Value]) {
        for a in args {
            if matches!(
                a,
                Value::Chan(_)
                    | Value::Ptr(_)
                    | Value::Obj(_)
                    | Value::Struct(_)
                    | Value::Closure(_)
                    | Value::Slice { .. }
                    | Value::Map(_)
            ) && st.escaped.len() < 1_000
                && !st.escaped.contains(a)
            {
                st.escaped.push(a.clone());
            }
        }
    }

    pub(crate) fn opaque_call(&self, st: &mut State, g: &mut Goroutine, want: u8) -> R<Ret> {
        let _ = g;
        if st.explore && !st.timers.is_empty() && st.opaque_choices < self.limits.max_opaque_choices
        {
            match st.answer.take() {
                Some(a) => {
                    st.opaque_choices += 1;
                    if a == 1 {
                        let next = st.timers.iter().map(|t| t.when).min().unwrap_or(st.clock);
                        let _ = want;
                        return Ok(Ret::Sleep(next + 1));
                    }
                }
                None => {
                    return Ok(Ret::Choice(ChoicePoint {
                        kind: ChoiceKind::OpaqueDelay,
                        options: vec![0, 1],
                        goroutine: g.id,
                    }));
                }
            }
        }
        Ok(Ret::Values(vec![Value::Opaque; want as usize]))
    }

    /// Calls a non-Go callee: a builtin, a conversion, a runtime object.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_value(
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
                args.into_iter().next().unwrap_or(Value::Opaque),
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
            _ => {
                self.escape(st, &args);
                self.opaque_call(st, g, want)
            }
        }
    }

    // ----- channels -----

    fn exec_send(&self, st: &mut State, g: &mut Goroutine, span: Span) -> R<Flow> {
        let frame = g.frames.last_mut().unwrap();
        let n = frame.stack.len();
        if n < 2 {
            frame.pc += 1;
            return Ok(Flow::Next);
        }
        let ch = frame.stack[n - 2].clone();
        let v = frame.stack[n - 1].clone();
        let gid = g.id;
        g.last_span = span;
        match ch {
            Value::Chan(id) => {
                let c = st.chan(id).unwrap();
                if c.closed {
                    return Err(Trap::concurrency("send on closed channel"));
                }
                if !c.recvq.is_empty() {
                    let Some(w) = self.pick_waiter(st, gid, c.recvq.len())? else {
                        return Ok(Flow::Choice);
                    };
                    let w = st.chan_mut(id).unwrap().recvq.remove(w);
                    let v = self.copy_val(st, v);
                    self.event(st, gid, span, || {
                        format!("g{gid} sends{} to g{}", self.quote(span), w.g)
                    });
                    self.complete_wait(st, id, w.g, w.case, v, true);
                } else if (c.buf.len() as u32) < c.cap {
                    let v = self.copy_val(st, v);
                    st.chan_mut(id).unwrap().buf.push_back(v);
                    self.event(st, gid, span, || {
                        format!(
                            "g{gid} puts a value in the channel's buffer{}",
                            self.quote(span)
                        )
                    });
                } else {
                    st.chan_mut(id).unwrap().sendq.push(Waiter {
                        g: gid,
                        case: 0,
                        value: v,
                    });
                    let b = Blocked {
                        reason: BlockReason::ChanSend,
                        span,
                        objs: vec![id],
                    };
                    self.block_event(st, gid, span, &b);
                    g.status = Status::Blocked(b);
                    return Ok(Flow::Block);
                }
            }
            Value::Nil => {
                let b = Blocked {
                    reason: BlockReason::NilChanSend,
                    span,
                    objs: Vec::new(),
                };
                self.block_event(st, gid, span, &b);
                g.status = Status::Blocked(b);
                return Ok(Flow::Block);
            }
            _ => {}
        }
        let frame = g.frames.last_mut().unwrap();
        frame.stack.truncate(n - 2);
        frame.pc += 1;
        Ok(Flow::Next)
    }

    fn block_event(&self, st: &mut State, g: GoId, span: Span, b: &Blocked) {
        if st.record {
            let text = self.block_sentence(st, g, b);
            st.events.push(Event {
                goroutine: g,
                span,
                text,
            });
        }
    }

    fn event(&self, st: &mut State, g: GoId, span: Span, text: impl FnOnce() -> String) {
        if st.record {
            let text = text();
            st.events.push(Event {
                goroutine: g,
                span,
                text,
            });
        }
    }

    /// Which of `n` waiters wakes: the first in Go's FIFO order, or a choice
    /// when exploring (any order of arrival is possible). `None` means a
    /// choice is pending.
    pub(crate) fn pick_waiter(&self, st: &mut State, g: GoId, n: usize) -> R<Option<usize>> {
        if n <= 1 || !st.explore {
            return Ok(Some(0));
        }
        match st.answer.take() {
            Some(a) => Ok(Some((a as usize).min(n - 1))),
            None => {
                st.pending = Some(ChoicePoint {
                    kind: ChoiceKind::Waiter,
                    options: (0..n as u32).collect(),
                    goroutine: g,
                });
                Ok(None)
            }
        }
    }

    /// Receives now if possible: `Some((value, ok))`, or `None` to block.
    /// The outer `None` means a choice is pending: which of several waiting
    /// senders is taken (their arrival order is not part of the state when
    /// exploring, so any of them may be first). `waiter` is that choice when
    /// the caller (a `select`) already made it.
    fn try_recv(
        &self,
        st: &mut State,
        g: GoId,
        id: ObjId,
        span: Span,
        waiter: Option<usize>,
    ) -> R<Option<Option<(Value, bool)>>> {
        let c = st.chan(id).unwrap();
        let senders = c.sendq.len();
        let buffered = !c.buf.is_empty();
        let closed = c.closed;
        let pick = |m: &Self, st: &mut State| -> R<Option<usize>> {
            match waiter {
                Some(i) => Ok(Some(i.min(senders.saturating_sub(1)))),
                None => m.pick_waiter(st, g, senders),
            }
        };
        if buffered {
            let i = if senders > 0 {
                let Some(i) = pick(self, st)? else {
                    return Ok(None);
                };
                Some(i)
            } else {
                None
            };
            let c = st.chan_mut(id).unwrap();
            let v = c.buf.pop_front().unwrap();
            if let Some(i) = i {
                let w = c.sendq.remove(i);
                c.buf.push_back(w.value.clone());
                self.complete_wait(st, id, w.g, w.case, Value::Nil, true);
            }
            self.event(st, g, span, || {
                format!(
                    "g{g} takes a value from the channel's buffer{}",
                    self.quote(span)
                )
            });
            return Ok(Some(Some((v, true))));
        }
        if senders > 0 {
            let Some(i) = pick(self, st)? else {
                return Ok(None);
            };
            let w = st.chan_mut(id).unwrap().sendq.remove(i);
            self.event(st, g, span, || {
                format!("g{g} receives{} from g{}", self.quote(span), w.g)
            });
            self.complete_wait(st, id, w.g, w.case, Value::Nil, true);
            return Ok(Some(Some((w.value, true))));
        }
        if closed {
            let z = st.chan(id).unwrap().elem_zero.clone();
            self.event(st, g, span, || {
                format!("g{g} receives the zero value: the channel is closed")
            });
            return Ok(Some(Some((z, false))));
        }
        Ok(Some(None))
    }

    fn exec_recv(&self, st: &mut State, g: &mut Goroutine, want_ok: bool, span: Span) -> R<Flow> {
        let gid = g.id;
        g.last_span = span;
        let frame = g.frames.last_mut().unwrap();
        let ch = frame.stack.last().cloned().unwrap_or(Value::Opaque);
        let result = match ch {
            Value::Chan(id) => match self.try_recv(st, gid, id, span, None)? {
                None => return Ok(Flow::Choice),
                Some(Some(r)) => r,
                Some(None) => {
                    st.chan_mut(id).unwrap().recvq.push(Waiter {
                        g: gid,
                        case: 0,
                        value: Value::Nil,
                    });
                    let b = Blocked {
                        reason: BlockReason::ChanRecv,
                        span,
                        objs: vec![id],
                    };
                    self.block_event(st, gid, span, &b);
                    g.status = Status::Blocked(b);
                    return Ok(Flow::Block);
                }
            },
            Value::Nil => {
                let b = Blocked {
                    reason: BlockReason::NilChanRecv,
                    span,
                    objs: Vec::new(),
                };
                self.block_event(st, gid, span, &b);
                g.status = Status::Blocked(b);
                return Ok(Flow::Block);
            }
            _ => (Value::Opaque, true),
        };
        let frame = g.frames.last_mut().unwrap();
        frame.stack.pop();
        frame.stack.push(result.0);
        if want_ok {
            frame.stack.push(Value::Bool(result.1));
        }
        frame.pc += 1;
        Ok(Flow::Next)
    }

    fn exec_select(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        cases: &[SelKind],
        default: bool,
        span: Span,
    ) -> R<Flow> {
        let gid = g.id;
        g.last_span = span;
        let frame = g.frames.last_mut().unwrap();
        let nops: usize = cases
            .iter()
            .map(|c| if matches!(c, SelKind::Send) { 2 } else { 1 })
            .sum();
        let at = frame.stack.len().saturating_sub(nops);
        let ops: Vec<Value> = frame.stack[at..].to_vec();
        // (kind, channel, value)
        let mut descs = Vec::new();
        let mut i = 0;
        for c in cases {
            match c {
                SelKind::Send => {
                    descs.push((
                        true,
                        ops.get(i).cloned().unwrap_or(Value::Nil),
                        ops.get(i + 1).cloned().unwrap_or(Value::Nil),
                    ));
                    i += 2;
                }
                SelKind::Recv => {
                    descs.push((false, ops.get(i).cloned().unwrap_or(Value::Nil), Value::Nil));
                    i += 1;
                }
            }
        }
        let ready: Vec<u32> = descs
            .iter()
            .enumerate()
            .filter(|(_, (send, ch, _))| match ch {
                Value::Chan(id) => {
                    let c = st.chan(*id).unwrap();
                    if *send {
                        c.closed || !c.recvq.is_empty() || (c.buf.len() as u32) < c.cap
                    } else {
                        !c.buf.is_empty() || !c.sendq.is_empty() || c.closed
                    }
                }
                Value::Nil => false,
                _ => true,
            })
            .map(|(i, _)| i as u32)
            .collect();
        let finish = |g: &mut Goroutine, v: Value, ok: bool, idx: i64| {
            let frame = g.frames.last_mut().unwrap();
            frame.stack.truncate(at);
            frame.stack.push(v);
            frame.stack.push(Value::Bool(ok));
            frame.stack.push(Value::Int(idx));
            frame.pc += 1;
        };
        if !ready.is_empty() {
            // One choice per select: which ready case fires and, when several
            // partners wait on its channel, which of them is taken (their
            // arrival order is not part of the explored state). Encoded as
            // `case | waiter << 16`.
            let mut options: Vec<u32> = Vec::new();
            for &case in &ready {
                let partners = match &descs[case as usize] {
                    (send, Value::Chan(id), _) => {
                        let c = st.chan(*id).unwrap();
                        if *send && !c.closed {
                            c.recvq.len()
                        } else if !*send {
                            c.sendq.len()
                        } else {
                            0
                        }
                    }
                    _ => 0,
                };
                let partners = if st.explore { partners.max(1) } else { 1 };
                options.extend((0..partners as u32).map(|w| case | (w << 16)));
            }
            let chosen = if options.len() == 1 {
                options[0]
            } else if st.explore {
                match st.answer.take() {
                    Some(a) => a,
                    None => {
                        st.pending = Some(ChoicePoint {
                            kind: ChoiceKind::SelectCase,
                            options,
                            goroutine: gid,
                        });
                        return Ok(Flow::Choice);
                    }
                }
            } else {
                let note = "a select had several ready cases; Go picks one at random, `run` took the first".to_string();
                if !st.notes.contains(&note) {
                    st.notes.push(note);
                }
                options[0]
            };
            let (chosen, waiter) = (chosen & 0xffff, (chosen >> 16) as usize);
            let (send, ch, v) = descs[chosen as usize].clone();
            match ch {
                Value::Chan(id) => {
                    if send {
                        let c = st.chan(id).unwrap();
                        if c.closed {
                            return Err(Trap::concurrency("send on closed channel"));
                        }
                        if !c.recvq.is_empty() {
                            let w = waiter.min(c.recvq.len() - 1);
                            let w = st.chan_mut(id).unwrap().recvq.remove(w);
                            let v = self.copy_val(st, v);
                            self.event(st, gid, span, || {
                                format!("g{gid} selects a send to g{}", w.g)
                            });
                            self.complete_wait(st, id, w.g, w.case, v, true);
                        } else {
                            let v = self.copy_val(st, v);
                            st.chan_mut(id).unwrap().buf.push_back(v);
                            self.event(st, gid, span, || {
                                format!("g{gid} selects a send into the buffer")
                            });
                        }
                        finish(g, Value::Nil, false, chosen as i64);
                    } else {
                        match self.try_recv(st, gid, id, span, Some(waiter))? {
                            Some(Some((v, ok))) => finish(g, v, ok, chosen as i64),
                            _ => finish(g, Value::Opaque, true, chosen as i64),
                        }
                    }
                }
                _ => finish(g, Value::Opaque, true, chosen as i64),
            }
            return Ok(Flow::Next);
        }
        if default {
            self.event(st, gid, span, || {
                format!("g{gid} takes the select's default case")
            });
            finish(g, Value::Nil, false, -1);
            return Ok(Flow::Next);
        }
        let mut objs = Vec::new();
        for (i, (send, ch, v)) in descs.iter().enumerate() {
            if let Value::Chan(id) = ch {
                let w = Waiter {
                    g: gid,
                    case: i as u16,
                    value: v.clone(),
                };
                let c = st.chan_mut(*id).unwrap();
                if *send {
                    c.sendq.push(w);
                } else {
                    c.recvq.push(w);
                }
                if !objs.contains(id) {
                    objs.push(*id);
                }
            }
        }
        let reason = if cases.is_empty() {
            BlockReason::SelectNoCases
        } else {
            BlockReason::Select
        };
        let b = Blocked { reason, span, objs };
        self.block_event(st, gid, span, &b);
        g.status = Status::Blocked(b);
        Ok(Flow::Block)
    }

    #[allow(clippy::too_many_arguments, clippy::collapsible_match)]
    fn exec_range_next(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        coll: u16,
        idx: u16,
        key: bool,
        value: bool,
        exit: u32,
        span: Span,
    ) -> R<Flow> {
        let gid = g.id;
        let frame = g.frames.last_mut().unwrap();
        let c = frame.locals[coll as usize].clone();
        let i = match frame.locals[idx as usize] {
            Value::Int(i) => i,
            _ => 0,
        };
        let aux = frame
            .locals
            .get(idx as usize + 1)
            .cloned()
            .unwrap_or(Value::Nil);
        let mut out: Vec<Value> = Vec::new();
        let mut next_i = i + 1;
        let done = match &c {
            Value::Named(t, n) if matches!(**n, Value::Int(_)) => {
                let Value::Int(n) = **n else { unreachable!() };
                if i < n {
                    if key {
                        out.push(Value::Named(*t, Rc::new(Value::Int(i))));
                    }
                    false
                } else {
                    true
                }
            }
            Value::Int(n) => {
                if i < *n {
                    if key {
                        out.push(Value::Int(i));
                    }
                    false
                } else {
                    true
                }
            }
            Value::Slice { len, .. } => {
                let mut i = i;
                let mut done = i >= *len as i64;
                if let Value::Map(m) = &aux {
                    // Skip keys deleted during the loop.
                    while !done {
                        let k = self.slice_items(st, &c)[i as usize].clone();
                        let (v, ok) = self.map_get(st, &Value::Map(*m), &k);
                        if ok == Value::Bool(true) {
                            if key {
                                out.push(k);
                            }
                            if value {
                                out.push(v);
                            }
                            break;
                        }
                        i += 1;
                        done = i >= *len as i64;
                    }
                    next_i = i + 1;
                } else if !done {
                    if key {
                        out.push(Value::Int(i));
                    }
                    if value {
                        let items = self.slice_items(st, &c);
                        let v = items[i as usize].clone();
                        out.push(self.copy_val(st, v));
                    }
                }
                done
            }
            Value::Str(s) => {
                let b = s.as_bytes();
                if (i as usize) < b.len() {
                    let rest = &s[i as usize..];
                    let ch = rest.chars().next().unwrap_or('\u{fffd}');
                    if key {
                        out.push(Value::Int(i));
                    }
                    if value {
                        out.push(self.sized(IntKind::I32, ch as i64));
                    }
                    next_i = i + ch.len_utf8() as i64;
                    false
                } else {
                    true
                }
            }
            Value::Chan(id) => {
                g.last_span = span;
                match self.try_recv(st, gid, *id, span, None)? {
                    None => return Ok(Flow::Choice),
                    Some(Some((v, true))) => {
                        if key {
                            out.push(v);
                        }
                        false
                    }
                    Some(Some((_, false))) => true,
                    Some(None) => {
                        st.chan_mut(*id).unwrap().recvq.push(Waiter {
                            g: gid,
                            case: 0,
                            value: Value::Nil,
                        });
                        let b = Blocked {
                            reason: BlockReason::RangeChan,
                            span,
                            objs: vec![*id],
                        };
                        self.block_event(st, gid, span, &b);
                        g.status = Status::Blocked(b);
                        return Ok(Flow::Block);
                    }
                }
            }
            // A nil whose static type is not a channel (the Instr's
            // `nil_chan`, handled before): a nil slice or map.
            Value::Nil => true,
            Value::Opaque => {
                st.steered_by_unknown = true;
                if i < self.limits.opaque_range as i64 {
                    if key {
                        out.push(Value::Opaque);
                    }
                    if value {
                        out.push(Value::Opaque);
                    }
                    false
                } else {
                    true
                }
            }
            _ => true,
        };
        let frame = g.frames.last_mut().unwrap();
        if done {
            frame.pc = exit;
        } else {
            frame.locals[idx as usize] = Value::Int(next_i);
            frame.stack.extend(out);
            frame.pc += 1;
        }
        Ok(Flow::Next)
    }

    /// Completes a blocked goroutine's operation on behalf of its partner,
    /// which acted on `obj`.
    pub(crate) fn complete_wait(
        &self,
        st: &mut State,
        obj: ObjId,
        gid: GoId,
        case: u16,
        value: Value,
        ok: bool,
    ) {
        let idx = (gid - 1) as usize;
        let status = st.gs[idx].status.clone();
        if st.record {
            let kind = self.handoff_kind(st, obj, &st.gs[idx], &status, case);
            self.record_handoff(st, gid, obj, kind);
        }
        self.unregister(st, gid, &status);
        let g = &mut st.gs[idx];
        let Some(frame) = g.frames.last_mut() else {
            return;
        };
        let instr = self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)
            .cloned();
        match instr {
            Some(Instr::Recv { ok: want_ok }) => {
                frame.stack.pop();
                frame.stack.push(value);
                if want_ok {
                    frame.stack.push(Value::Bool(ok));
                }
                frame.pc += 1;
            }
            Some(Instr::Send) => {
                let n = frame.stack.len().saturating_sub(2);
                frame.stack.truncate(n);
                frame.pc += 1;
            }
            Some(Instr::Select { cases, .. }) => {
                let nops: usize = cases
                    .iter()
                    .map(|c| if matches!(c, SelKind::Send) { 2 } else { 1 })
                    .sum();
                let n = frame.stack.len().saturating_sub(nops);
                frame.stack.truncate(n);
                frame.stack.push(value);
                frame.stack.push(Value::Bool(ok));
                frame.stack.push(Value::Int(case as i64));
                frame.pc += 1;
            }
            Some(Instr::RangeNext { key, exit, .. }) => {
                if ok {
                    if key {
                        frame.stack.push(value);
                    }
                    frame.pc += 1;
                } else {
                    frame.pc = exit;
                }
            }
            Some(Instr::Call { argc, want, .. }) | Some(Instr::CallMethod { argc, want, .. }) => {
                let n = frame.stack.len().saturating_sub(argc as usize + 1);
                frame.stack.truncate(n);
                push_adjusted(&mut frame.stack, vec![value], want);
                frame.pc += 1;
            }
            _ => {}
        }
        self.ready(st, gid);
    }

    /// Removes a blocked goroutine from every wait queue it is in.
    pub(crate) fn unregister(&self, st: &mut State, gid: GoId, status: &Status) {
        if let Status::Blocked(b) = status {
            for o in &b.objs {
                match st.heap.get_mut(*o as usize) {
                    Some(Obj::Chan(c)) => {
                        c.recvq.retain(|w| w.g != gid);
                        c.sendq.retain(|w| w.g != gid);
                    }
                    Some(Obj::Mutex { waiters, .. }) => waiters.retain(|(w, _)| *w != gid),
                    Some(Obj::WaitGroup { waiters, .. }) | Some(Obj::Cond { waiters, .. }) => {
                        waiters.retain(|w| *w != gid)
                    }
                    _ => {}
                }
            }
        }
    }

    /// What a partner did for a goroutine it completes: read from the
    /// object it acted on and what the woken goroutine was waiting for.
    fn handoff_kind(
        &self,
        st: &State,
        obj: ObjId,
        woken: &Goroutine,
        status: &Status,
        case: u16,
    ) -> HandoffKind {
        match st.heap.get(obj as usize) {
            Some(Obj::Mutex { .. }) => HandoffKind::Unlock,
            Some(Obj::WaitGroup { .. }) => HandoffKind::Done,
            Some(Obj::Cond { .. }) => HandoffKind::Signal,
            _ => {
                let sending = match status {
                    Status::Blocked(b) if b.reason == BlockReason::ChanSend => true,
                    Status::Blocked(b) if b.reason == BlockReason::Select => {
                        woken.frames.last().is_some_and(|f| {
                            matches!(
                                self.c.codes[f.func as usize].instrs.get(f.pc as usize),
                                Some(Instr::Select { cases, .. })
                                    if matches!(cases.get(case as usize), Some(SelKind::Send))
                            )
                        })
                    }
                    _ => false,
                };
                if sending {
                    HandoffKind::Receive
                } else {
                    HandoffKind::Send
                }
            }
        }
    }

    /// Wakes a blocked goroutine to retry its operation after its partner
    /// acted on `obj` (a close, a cond's signal, an unlock while exploring).
    pub(crate) fn wake_retry(&self, st: &mut State, obj: ObjId, gid: GoId) {
        if st.record {
            let kind = match st.heap.get(obj as usize) {
                Some(Obj::Cond { .. }) => HandoffKind::Signal,
                Some(Obj::Mutex { .. }) => HandoffKind::Unlock,
                _ => HandoffKind::Close,
            };
            self.record_handoff(st, gid, obj, kind);
        }
        let status = st.gs[(gid - 1) as usize].status.clone();
        self.unregister(st, gid, &status);
        self.ready(st, gid);
    }

    pub(crate) fn close_chan(&self, st: &mut State, ch: &Value, g: GoId, span: Span) -> R<()> {
        match ch {
            Value::Chan(id) => {
                let c = st.chan_mut(*id).unwrap();
                if c.closed {
                    return Err(Trap::concurrency("close of closed channel"));
                }
                c.closed = true;
                let waiters: Vec<GoId> =
                    c.recvq.iter().chain(c.sendq.iter()).map(|w| w.g).collect();
                self.event(st, g, span, || {
                    format!("g{g} closes the channel{}", self.quote(span))
                });
                for w in waiters {
                    if matches!(st.gs[(w - 1) as usize].status, Status::Blocked(_)) {
                        self.wake_retry(st, *id, w);
                    }
                }
                Ok(())
            }
            Value::Nil => Err(Trap::concurrency("close of nil channel")),
            _ => Ok(()),
        }
    }

    pub(crate) fn cancel_ctx(&self, st: &mut State, ctx: ObjId, err: ObjId) {
        let mut stack = vec![ctx];
        while let Some(c) = stack.pop() {
            let Some(Obj::Context(cx)) = st.heap.get_mut(c as usize) else {
                continue;
            };
            if cx.kind == CtxKind::Cancel {
                if cx.err.is_some() {
                    continue;
                }
                cx.err = Some(err);
                let done = cx.done;
                let children = cx.children.clone();
                if let Some(d) = done {
                    let _ = self.close_chan(st, &Value::Chan(d), 0, Span::default());
                }
                stack.extend(children);
            } else {
                stack.extend(cx.children.clone());
            }
        }
    }

    pub(crate) fn wg_add(&self, st: &mut State, wg: ObjId, delta: i64) -> R<()> {
        let Some(Obj::WaitGroup { count, .. }) = st.heap.get_mut(wg as usize) else {
            return Ok(());
        };
        *count += delta;
        if *count < 0 {
            // A WaitGroup the caller handed in (a receiver's field, a
            // parameter) had an Add the analysis never saw: its counter is
            // unknown, not negative.
            let unknown = matches!(
                st.heap.get(wg as usize),
                Some(Obj::WaitGroup { unknown: true, .. })
            );
            let callers = st.reachable(&st.entry_args);
            if !unknown && !callers[wg as usize] {
                return Err(Trap::concurrency("sync: negative WaitGroup counter"));
            }
            if let Some(Obj::WaitGroup { count, .. }) = st.heap.get_mut(wg as usize) {
                *count = 0;
            }
        }
        let Some(Obj::WaitGroup { count, waiters, .. }) = st.heap.get_mut(wg as usize) else {
            return Ok(());
        };
        if *count == 0 {
            let ws = std::mem::take(waiters);
            for w in ws {
                self.complete_wait(st, wg, w, 0, Value::Nil, true);
            }
        }
        Ok(())
    }

    pub(crate) fn block_sentence(&self, st: &State, g: GoId, b: &Blocked) -> String {
        let _ = st;
        let q = self.quote(b.span);
        match b.reason {
            BlockReason::ChanSend => format!(
                "g{g} blocks sending{q}: no receiver is waiting and no buffer space is free"
            ),
            BlockReason::ChanRecv => format!("g{g} blocks receiving{q}: no value is ready"),
            BlockReason::RangeChan => {
                format!("g{g} waits for the next value of{q}: nobody has closed the channel")
            }
            BlockReason::Select => format!(
                "g{g} blocks in a select{}: no case is ready",
                q.replacen(" `select`", "", 1)
            ),
            BlockReason::SelectNoCases => format!("g{g} blocks forever in an empty select{q}"),
            BlockReason::NilChanSend => format!("g{g} blocks forever sending on a nil channel{q}"),
            BlockReason::NilChanRecv => {
                format!("g{g} blocks forever receiving from a nil channel{q}")
            }
            BlockReason::MutexLock => {
                format!("g{g} blocks locking{q}: another goroutine holds the mutex")
            }
            BlockReason::RLock => {
                format!("g{g} blocks read-locking{q}: a writer holds or waits for the mutex")
            }
            BlockReason::WaitGroupWait => {
                format!("g{g} waits{q}: the WaitGroup counter is not zero")
            }
            BlockReason::CondWait => format!("g{g} waits on a condition variable{q}"),
        }
    }

    // ----- values -----

    pub(crate) fn zero(&self, st: &mut State, t: TypeId) -> Value {
        let ty = self.c.type_expr(t).clone();
        self.zero_of(st, &ty, Some(t), 0)
    }

    pub(crate) fn zero_of(
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
                    None => Value::Opaque,
                },
            },
            TypeExpr::Qualified(p, n) => match (p.as_str(), n.as_str()) {
                ("sync", "Mutex") => Value::Obj(st.alloc(Obj::Mutex {
                    locked: false,
                    readers: 0,
                    writer_waiting: 0,
                    waiters: Vec::new(),
                    rw: false,
                })),
                ("sync", "RWMutex") => Value::Obj(st.alloc(Obj::Mutex {
                    locked: false,
                    readers: 0,
                    writer_waiting: 0,
                    waiters: Vec::new(),
                    rw: true,
                })),
                ("sync", "WaitGroup") => Value::Obj(st.alloc(Obj::WaitGroup {
                    count: 0,
                    waiters: Vec::new(),
                    unknown: false,
                })),
                ("sync", "Once") => Value::Obj(st.alloc(Obj::Once { done: false })),
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
                _ => Value::Opaque,
            },
            TypeExpr::Slice(_) => Value::NilSlice,
            TypeExpr::Map(..) => Value::NilMap,
            TypeExpr::Array(len, elem) => {
                let n = self.array_len(st, len.as_deref()).unwrap_or(0) as usize;
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

    /// An array type's length: a literal or a named constant (`[shards]T`),
    /// whose value init has stored in its global by the time it is used.
    fn array_len(&self, st: &State, len: Option<&crate::model::Expr>) -> Option<i64> {
        let n = match &len?.kind {
            crate::model::ExprKind::Int(n) => *n,
            crate::model::ExprKind::Ident(name) => {
                let i = self.c.globals.iter().position(|g| g == name)?;
                match st.heap.get(*st.globals.get(i)? as usize) {
                    Some(Obj::Cell(Value::Int(n))) => *n,
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(n.clamp(0, 4096))
    }

    fn zero_struct(
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
    pub(crate) fn array_view(&self, st: &State, v: &Value) -> Value {
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

    pub(crate) fn slice_items(&self, st: &State, v: &Value) -> Vec<Value> {
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
    fn find_field(&self, st: &State, x: &Value, name: &str, depth: u32) -> Option<(ObjId, usize)> {
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

    fn field(&self, st: &mut State, x: &Value, name: &str) -> R<Value> {
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
            _ => Ok(Value::Opaque),
        }
    }

    fn set_field(&self, st: &mut State, x: &Value, name: &str, v: Value) -> R<()> {
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

    fn addr_field(&self, st: &mut State, x: &Value, name: &str) -> R<Value> {
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
            _ => Ok(Value::Opaque),
        }
    }

    pub(crate) fn deref(&self, st: &mut State, p: &Value) -> R<Value> {
        Ok(match p {
            Value::Ptr(o) => match st.heap.get(*o as usize) {
                Some(Obj::Cell(v)) => v.clone(),
                Some(Obj::Struct { .. }) => Value::Struct(*o),
                Some(Obj::Array(_)) => Value::Array(*o),
                _ => Value::Opaque,
            },
            Value::FieldPtr(o, i) => match st.heap.get(*o as usize) {
                Some(Obj::Struct { fields, .. }) => {
                    fields.get(*i as usize).cloned().unwrap_or(Value::Nil)
                }
                _ => Value::Opaque,
            },
            Value::ElemPtr(a, i) => match st.heap.get(*a as usize) {
                Some(Obj::Array(items)) => items.get(*i as usize).cloned().unwrap_or(Value::Nil),
                _ => Value::Opaque,
            },
            Value::Nil => {
                return Err(panic_msg(
                    "invalid memory address or nil pointer dereference",
                ))
            }
            Value::Obj(_) => p.clone(),
            _ => Value::Opaque,
        })
    }

    pub(crate) fn store_deref(&self, st: &mut State, p: &Value, v: Value) -> R<()> {
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

    fn index(&self, st: &mut State, x: &Value, i: &Value) -> R<Value> {
        let i = i.plain();
        let x = &self.array_view(st, x);
        match x {
            // `F[int](...)`: an explicit instantiation of a generic function.
            Value::Func(_) | Value::Closure(_) => Ok(x.clone()),
            Value::Slice { arr, off, len, .. } => {
                let Value::Int(i) = i else {
                    return Ok(Value::Opaque);
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
                    _ => Value::Opaque,
                })
            }
            Value::NilSlice => match i {
                Value::Int(i) => Err(panic_msg(format!("index out of range [{i}] with length 0"))),
                _ => Ok(Value::Opaque),
            },
            Value::Str(s) => {
                let Value::Int(i) = i else {
                    return Ok(Value::Opaque);
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
            _ => Ok(Value::Opaque),
        }
    }

    /// `m[k]` with comma-ok: the value (the zero value of the map's value
    /// type when the key is missing) and whether it was there.
    pub(crate) fn map_get(&self, st: &mut State, m: &Value, k: &Value) -> (Value, Value) {
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
        if *m == Value::Opaque {
            return (Value::Opaque, Value::Opaque);
        }
        (Value::Nil, Value::Bool(false))
    }

    /// A `sync.Map` held in a package-level variable that grows or shrinks,
    /// for the retained-global verdict.
    fn note_sync_map_call(
        &self,
        st: &mut State,
        g: GoId,
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
                let key = args.first().cloned().unwrap_or(Value::Opaque);
                self.note_global_map_insert(st, g, m, &key, span);
            }
            "Delete" | "LoadAndDelete" => {
                if let Some(global) = st.global_holding_map(m) {
                    st.global_cleaned.push(global);
                }
            }
            _ => {}
        }
    }

    /// Records a new key stored by a goroutine (not the entry's) into a
    /// package-level map, for the retained-global verdict.
    pub(crate) fn note_global_map_insert(
        &self,
        st: &mut State,
        g: GoId,
        map: ObjId,
        key: &Value,
        span: Span,
    ) {
        if g == 1 || st.global_growth.len() >= 1024 {
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
            st.global_growth.push((global, span, Some(key.clone())));
        }
    }

    fn set_index(&self, st: &mut State, x: &Value, i: &Value, v: Value) -> R<()> {
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

    fn slice_op(
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
            _ => Ok(Value::Opaque),
        }
    }

    fn composite(
        &self,
        st: &mut State,
        ty: Option<TypeId>,
        keys: &[CompKey],
        vals: Vec<Value>,
    ) -> R<Value> {
        let Some(t) = ty else {
            return Ok(Value::Opaque);
        };
        let texpr = self.c.type_expr(t).clone();
        let under = self.c.underlying(&texpr).clone();
        let mut items: Vec<(Option<Value>, Option<Rc<str>>, Value)> = Vec::new();
        let mut it = vals.into_iter();
        for k in keys {
            match k {
                CompKey::Expr => {
                    let key = it.next().unwrap_or(Value::Opaque);
                    let v = it.next().unwrap_or(Value::Opaque);
                    items.push((Some(key), None, v));
                }
                CompKey::Field(n) => {
                    items.push((None, Some(n.clone()), it.next().unwrap_or(Value::Opaque)))
                }
                CompKey::None => items.push((None, None, it.next().unwrap_or(Value::Opaque))),
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
                    let k = self.coerce(k.unwrap_or(Value::Opaque), kt);
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
                Ok(Value::Opaque)
            }
            TypeExpr::Qualified(..) => Ok(self.zero_of(st, &under, Some(t), 0)),
            _ => Ok(Value::Opaque),
        }
    }

    /// Element-wise equality of two arrays' or structs' values.
    fn equal_all(&self, st: &State, a: &[Value], b: &[Value]) -> Option<bool> {
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

    pub(crate) fn equal(&self, st: &State, a: &Value, b: &Value) -> Option<bool> {
        use Value::*;
        let (a, b) = (a.plain(), b.plain());
        Some(match (a, b) {
            (Opaque, _) | (_, Opaque) => return None,
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

    fn binary(&self, st: &State, op: BinOp, a: Value, b: Value) -> R<Value> {
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
                None => Opaque,
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
                _ => Opaque,
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
                _ => Opaque,
            },
            (Bool(x), Bool(y)) => match op {
                BinOp::LogAnd => Bool(x && y),
                BinOp::LogOr => Bool(x || y),
                _ => Opaque,
            },
            _ => Opaque,
        })
    }

    pub(crate) fn convert(&self, st: &mut State, t: TypeId, v: Value) -> Value {
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

    fn convert_plain(&self, st: &mut State, under: &TypeExpr, v: Value) -> Value {
        match self.c.type_id_of(under) {
            Some(id) => self.convert_plain_named(st, id, under, under, v),
            None => v,
        }
    }

    fn convert_plain_named(
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

    pub(crate) fn type_matches(&self, st: &State, v: &Value, t: Option<TypeId>) -> bool {
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

    pub(crate) fn struct_type_name<'a>(&'a self, st: &State, o: ObjId) -> Option<&'a str> {
        match st.heap.get(o as usize) {
            Some(Obj::Struct { ty, .. }) => self.c.type_name(*ty),
            _ => None,
        }
    }

    pub(crate) fn type_name_of(&self, st: &State, v: &Value) -> String {
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

    pub(crate) fn has_method(&self, st: &State, v: &Value, name: &str) -> bool {
        match self.resolve_method(st, v, name) {
            MethodTarget::User(..) => true,
            MethodTarget::Builtin(o) => {
                matches!(st.heap.get(o as usize), Some(Obj::Error { .. })) && name == "Error"
            }
            _ => false,
        }
    }

    /// Finds what `recv.name(...)` calls.
    pub(crate) fn resolve_method(&self, st: &State, recv: &Value, name: &str) -> MethodTarget {
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
                Value::Chan(_) | Value::Opaque => return MethodTarget::Opaque,
                Value::Nil => return MethodTarget::Opaque,
                _ => return MethodTarget::Opaque,
            }
        }
        MethodTarget::Opaque
    }
}

pub(crate) enum MethodTarget {
    User(FuncId, Value),
    /// A field holding a function value.
    Value(Value),
    Builtin(ObjId),
    Opaque,
    #[allow(dead_code)]
    NilDeref,
}

fn items_back(_keys: &[CompKey], v: Vec<Value>) -> Vec<Value> {
    v
}

pub(crate) fn push_adjusted(stack: &mut Vec<Value>, mut values: Vec<Value>, want: u8) {
    let want = want as usize;
    values.truncate(want);
    while values.len() < want {
        values.push(Value::Opaque);
    }
    stack.extend(values);
}

fn fmt_int(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        _ => "?".into(),
    }
}

pub(crate) fn zero_like(v: &Value) -> Value {
    match v {
        Value::Int(_) => Value::Int(0),
        Value::Float(_) => Value::Float(F64(0.0)),
        Value::Str(_) => Value::str(""),
        Value::Bool(_) => Value::Bool(false),
        Value::Duration(_) => Value::Duration(0),
        Value::Slice { .. } => Value::NilSlice,
        Value::Map(_) => Value::NilMap,
        _ => Value::Nil,
    }
}

fn unary(op: UnOp, v: Value) -> Value {
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
        _ => Value::Opaque,
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
        BinOp::LogAnd | BinOp::LogOr => Opaque,
    })
}

/// The operations whose result differs when 64 bits are read as unsigned
/// (`uint64`, `uint`); `None` for the others, which share the signed code.
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
        _ => Opaque,
    }
}

/// Orders map keys as `fmt` prints them (and as `range` visits them here,
/// deterministically).
pub(crate) fn cmp_values(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a.plain(), b.plain()) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.0.partial_cmp(&y.0).unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
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

/// Go's `time.Duration.Round`: halfway values round away from zero; a
/// result that would overflow saturates.
pub(crate) fn round_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let less_than_half = |x: i64, y: i64| (x as u64).wrapping_add(x as u64) < y as u64;
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r, m) {
            return d + r;
        }
        let d1 = d.wrapping_sub(m).wrapping_add(r);
        if d1 < d {
            d1
        } else {
            i64::MIN
        }
    } else {
        if less_than_half(r, m) {
            return d - r;
        }
        let d1 = d.wrapping_add(m).wrapping_sub(r);
        if d1 > d {
            d1
        } else {
            i64::MAX
        }
    }
}

/// Go's `time.Duration.String()`.
pub(crate) fn fmt_duration(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let s = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", trim_frac(u, 1_000))
    } else if u < 1_000_000_000 {
        format!("{}ms", trim_frac(u, 1_000_000))
    } else {
        let total_s = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let h = total_s / 3600;
        let m = (total_s % 3600) / 60;
        let sec = total_s % 60;
        let mut secs = sec.to_string();
        if frac > 0 {
            let f = format!("{frac:09}");
            secs.push('.');
            secs.push_str(f.trim_end_matches('0'));
        }
        if h > 0 {
            format!("{h}h{m}m{secs}s")
        } else if m > 0 {
            format!("{m}m{secs}s")
        } else {
            format!("{secs}s")
        }
    };
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

fn trim_frac(u: u64, unit: u64) -> String {
    let whole = u / unit;
    let frac = u % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = unit.to_string().len() - 1;
    let f = format!("{frac:0digits$}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}
