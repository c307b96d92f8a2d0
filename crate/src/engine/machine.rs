//! The machine: its bounds, its traps, and the scheduler loop that runs
//! goroutines until the next choice ([`Machine::advance`]) and answers it
//! ([`Machine::choose`]). Executing instructions is in `exec.rs`, predicting
//! them in `ops.rs`, each primitive in `concurrency/`.

use super::code::{Compiled, Instr, SelKind, Slot};
use super::state::*;
use super::value::*;
use crate::model::{FuncId, TypeExpr};
use crate::syntax::Span;

/// Bounds of one run. Every bound is named so results can say which was hit.
/// Steps a goroutine runs without yielding before a loop's back edge
/// preempts it.
pub const PREEMPT_STEPS: u64 = 10_000;

/// Steps between two readings of a run's budget (`advance_within`): about
/// a millisecond of a release build.
pub const BUDGET_CHECK_STEPS: u64 = 1 << 16;

/// Scheduling rounds of `advance_within` between two readings of the budget.
pub const BUDGET_CHECK_ROUNDS: u32 = 256;

/// Steps between two checkpoints of a goroutine running alone (see
/// `SpinWatch`): a poll loop repeats in a few checkpoints, and a loop that
/// polls while it counts does not hash the state at every poll.
pub const SPIN_CHECK_STEPS: u64 = 256;

/// Steps a goroutine may poll alone (every other one blocked or done, no
/// timer pending) before the run is cut as going nowhere: nothing but the
/// poller itself can change what it polls, and a poll loop that counts
/// (`polls++`) never repeats a state. A run with a smaller step bound is not
/// cut early (a loop that would end within the bound still ends); it is
/// classified so at the bound when it polled alone for its second half.
pub const POLL_LIVELOCK_STEPS: u64 = 10_000_000;

/// Snapshots a witness keeps (then only the run's last state is added).
pub const MAX_WITNESS_STEPS: usize = 2_000;

/// Goroutine lines all of a witness's snapshots hold together: a snapshot
/// has a line per goroutine, so a run of 10,000 goroutines gets about 40
/// steps (then its last state) instead of 2,000 steps of 10,000 lines, which
/// took minutes to build.
pub const MAX_WITNESS_CELLS: usize = 400_000;

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
    /// Iterations of a `range` over an opaque collection, and the length of
    /// an unknown slice parameter: three, so a buffer of one with a reader
    /// that takes one value and leaves still fills (with two, the reader and
    /// the buffer absorbed both sends and the leak was never run).
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
            opaque_range: 3,
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
    /// A runtime error, with its message as Go prints it ("runtime error:
    /// index out of range [5] with length 3"): it panics with an `error`
    /// value the runtime makes.
    Runtime(String),
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
        Trap::Runtime(text)
    }
}

pub(crate) type R<T> = Result<T, Trap>;

pub(crate) fn panic_msg(msg: impl Into<String>) -> Trap {
    Trap::Runtime(format!("runtime error: {}", msg.into()))
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
    /// Polled and found nothing while no other goroutine can run (a
    /// select's default, a failed `TryLock`): back to the scheduler, which
    /// lets time pass or sees the loop never ends (`Machine::spin_check`).
    Poll,
    /// A runtime-invoked frame returned these values.
    SyncReturn(Vec<Value>),
}

/// What a built-in call produced.
pub(crate) enum Ret {
    Values(Vec<Value>),
    /// A poll that found nothing (a failed `TryLock`): these values, and a
    /// visit to the scheduler when no other goroutine can run.
    Poll(Vec<Value>),
    /// Call a Go function value with these arguments in place of the builtin.
    Invoke(Value, Vec<Value>),
    /// Call a method of the program's (a `String`, a `Read`) as a frame of
    /// its own, which may block like any code, then execute the library call
    /// again: it finds the results in its frame's `lib_results`. `recovers`:
    /// a panic in the method stops there (as `fmt` recovers it).
    CallFirst {
        callee: Value,
        args: Vec<Value>,
        recovers: bool,
    },
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
    /// Lines of `source`: verdicts say where they are.
    pub lines: crate::position::LineIndex,
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
    /// Some function other than package initialization stores to a
    /// package-level variable: a goroutine may share memory through it.
    writes_globals: bool,
    /// Per function: it reads a captured or package-level variable or a
    /// pointer's target (`shares_memory`).
    reads_shared: Vec<bool>,
    /// The `go` statements (function, index after the `go`) whose function
    /// may store to such memory after them, sorted.
    stores_after_go: Vec<(FuncId, u32)>,
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
        let init = c.init as usize;
        let writes_globals = c.codes.iter().enumerate().any(|(i, code)| {
            i != init
                && code
                    .instrs
                    .iter()
                    .any(|i| matches!(i, Instr::StoreGlobal(_) | Instr::AddrGlobal(_)))
        });
        let reads_shared = c
            .codes
            .iter()
            .map(|code| {
                code.instrs
                    .iter()
                    .any(|i| matches!(i, Instr::LoadBox(_) | Instr::LoadGlobal(_) | Instr::Deref))
            })
            .collect();
        let mut stores_after_go = Vec::new();
        for (f, code) in c.codes.iter().enumerate() {
            let instrs = &code.instrs;
            // A Go 1.22 loop variable (`ReBox`) gets a fresh cell before the
            // loop's post statement: `i++` does not write the cell a child
            // of the iteration read.
            let reboxed: Vec<Slot> = instrs
                .iter()
                .filter_map(|i| match i {
                    Instr::ReBox(s) => Some(*s),
                    _ => None,
                })
                .collect();
            for (pc, i) in instrs.iter().enumerate() {
                if !matches!(i, Instr::Go { .. }) {
                    continue;
                }
                // After the `go`, and from the top of a loop around it.
                let after = pc + 1;
                let from = instrs
                    .iter()
                    .skip(after)
                    .filter_map(|x| match x {
                        Instr::Jump(t) if (*t as usize) < after => Some(*t as usize),
                        _ => None,
                    })
                    .min()
                    .unwrap_or(after);
                let later = instrs[from..].iter().any(|x| match x {
                    Instr::StoreBox(s) => !reboxed.contains(s),
                    _ => matches!(
                        x,
                        Instr::StoreGlobal(_)
                            | Instr::StoreDeref
                            | Instr::StoreField(_)
                            | Instr::StoreIndex
                    ),
                });
                if later {
                    stores_after_go.push((f as FuncId, after as u32));
                }
            }
        }
        Machine {
            c,
            limits,
            source: String::new(),
            lines: crate::position::LineIndex::new(""),
            polls,
            mixed_selects,
            writes_globals,
            reads_shared,
            stores_after_go,
        }
    }

    /// A parameter the caller passes, unknown but valid and one value: a
    /// slice has `Limits::opaque_range` (3) unknown elements, a map two, so
    /// `len(jobs)` and
    /// `for range jobs` agree (a collector with `make(chan T, len(jobs))`
    /// and one send per job was reported as a deadlock when the capacity
    /// came out 0 while the loop still ran). Anything else is unknown.
    fn unknown_input(&self, st: &mut State, ty: &TypeExpr) -> Value {
        match ty {
            TypeExpr::Slice(_) => {
                let items = vec![Value::UNKNOWN; self.limits.opaque_range as usize];
                self.make_slice(st, items)
            }
            TypeExpr::Map(k, _) => {
                let keys = match &**k {
                    TypeExpr::Name(n) if n == "string" => [Value::str("k1"), Value::str("k2")],
                    TypeExpr::Name(n) if n.starts_with("int") || n.starts_with("uint") => {
                        [Value::Int(1), Value::Int(2)]
                    }
                    _ => return st.path.input(GoId::ENTRY),
                };
                let entries = keys.into_iter().map(|k| (k, Value::UNKNOWN)).collect();
                Value::Map(st.alloc(Obj::Map(entries, None)))
            }
            _ => st.path.input(GoId::ENTRY),
        }
    }

    /// The arguments an entry gets from its unknown caller: the receiver
    /// (`recv`, or one with unknown fields), then the parameters.
    pub(in crate::engine) fn entry_inputs(
        &self,
        st: &mut State,
        entry: FuncId,
        recv: Option<Value>,
    ) -> Vec<Value> {
        let func = &self.c.program.funcs[entry as usize];
        let mut args = Vec::new();
        if let Some(r) = &func.receiver {
            let v = match recv {
                Some(v) => v,
                None => self.unknown_receiver(st, &r.type_name),
            };
            let v = match v {
                Value::Struct(o) if r.pointer => Value::Ptr(o),
                Value::Ptr(o) if !r.pointer => self.copy_val(st, Value::Struct(o)),
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
                ty => self.unknown_input(st, ty),
            };
            args.push(v);
        }
        // An opaque variadic list has at least two elements: a loop over it
        // may start several goroutines, as callers do (`First(q, r1, r2)`).
        if func.variadic && !func.params.is_empty() {
            args.push(Value::UNKNOWN);
        }
        args
    }

    /// A receiver no constructor built: its fields are unknown inputs, as
    /// the parameters are (a nil channel or map field would panic falsely);
    /// its mutexes and other runtime objects stay real.
    fn unknown_receiver(&self, st: &mut State, type_name: &str) -> Value {
        let v = match self.c.type_names.get(type_name) {
            Some(t) => self.zero(st, *t),
            None => Value::UNKNOWN,
        };
        if let Value::Struct(o) = &v {
            if let Some(Obj::Struct { fields, .. }) = st.heap.get_mut(*o as usize) {
                for f in fields.iter_mut() {
                    if !matches!(f, Value::Obj(_) | Value::Struct(_)) {
                        *f = st.path.input(GoId::ENTRY);
                    }
                }
            }
        }
        v
    }

    /// The package's constructor of a method's receiver type `T`, found by
    /// type: a package function that returns `T` or `*T` among its results,
    /// builds one (`T{...}`, `&T{...}`, `new(T)`, `var t T`) and takes none.
    /// With several, the one named `NewT` or `newT`; otherwise none.
    fn constructor_of(&self, method: FuncId) -> Option<FuncId> {
        let r = self.c.program.funcs[method as usize].receiver.as_ref()?;
        let tid = *self.c.type_names.get(&r.type_name)?;
        let is_t = |ty: &TypeExpr| {
            let ty = match ty {
                TypeExpr::Pointer(inner) => &**inner,
                t => t,
            };
            matches!(ty, TypeExpr::Name(n) if *n == r.type_name)
        };
        let builds = |i: usize| {
            self.c.codes[i].instrs.iter().any(|ins| match ins {
                Instr::Composite { ty: Some(t), .. } | Instr::Zero(t) => *t == tid,
                Instr::Const(Value::Type(t)) => *t == tid,
                _ => false,
            })
        };
        let candidates: Vec<usize> = (0..self.c.program.funcs.len())
            .filter(|&i| {
                let f = &self.c.program.funcs[i];
                i != method as usize
                    && f.receiver.is_none()
                    && !f.is_literal
                    && f.body.is_some()
                    && f.results.iter().any(|p| is_t(&p.ty))
                    && !f.params.iter().any(|p| is_t(&p.ty))
                    && builds(i)
            })
            .collect();
        let named = candidates.iter().find(|&&i| {
            let n = &self.c.program.funcs[i].name;
            ["New", "new"].iter().any(|p| {
                n.strip_prefix(p)
                    .is_some_and(|rest| rest.eq_ignore_ascii_case(&r.type_name))
            })
        });
        match (named, candidates.as_slice()) {
            (Some(&i), _) | (None, &[i]) => Some(i as FuncId),
            _ => None,
        }
    }

    /// Which result of constructor `ctor` is the receiver of `method`.
    fn receiver_result(&self, ctor: FuncId, method: FuncId) -> usize {
        let Some(r) = self.c.program.funcs[method as usize].receiver.as_ref() else {
            return 0;
        };
        self.c.program.funcs[ctor as usize]
            .results
            .iter()
            .position(|p| {
                let ty = match &p.ty {
                    TypeExpr::Pointer(inner) => &**inner,
                    t => t,
                };
                matches!(ty, TypeExpr::Name(n) if *n == r.type_name)
            })
            .unwrap_or(0)
    }

    /// The entry method starts on what its constructor returned (`then_run`
    /// of the constructor's frame), or on a receiver with unknown fields
    /// when the constructor returned none (its error path).
    pub(in crate::engine) fn enter_after_constructor(
        &self,
        st: &mut State,
        ctor: FuncId,
        method: FuncId,
        results: Vec<Value>,
    ) -> Frame {
        let at = self.receiver_result(ctor, method);
        let recv = results
            .into_iter()
            .nth(at)
            .filter(|v| matches!(v, Value::Ptr(_) | Value::Struct(_)));
        let args = self.entry_inputs(st, method, recv);
        st.facts.entry_args = args.clone();
        self.new_frame(st, method, &[], args, 0, false)
    }

    /// The package's `TestMain`, when `entry` is a test (`TestX(t
    /// *testing.T)`) and the package has one.
    fn test_main_for(&self, entry: FuncId) -> Option<FuncId> {
        let funcs = &self.c.program.funcs;
        let e = &funcs[entry as usize];
        let testing = |f: &crate::model::Func, ty: &str| {
            f.params.len() == 1
                && matches!(&f.params[0].ty, TypeExpr::Pointer(t) if **t == TypeExpr::Qualified("testing".into(), ty.into()))
        };
        if e.receiver.is_some() || !e.name.starts_with("Test") || !testing(e, "T") {
            return None;
        }
        funcs
            .iter()
            .position(|f| {
                f.name == "TestMain"
                    && f.receiver.is_none()
                    && !f.is_literal
                    && f.body.is_some()
                    && testing(f, "M")
            })
            .map(|i| i as FuncId)
    }

    /// Sets the source text so witness sentences can quote operations.
    pub fn with_source(mut self, source: &str) -> Machine {
        self.source = source.to_string();
        self.lines = crate::position::LineIndex::new(source);
        self
    }

    /// "`ch <- v` (line 7)" for a span, or "" without the source. A long
    /// operation is cut at a space, with "…" (a sentence never ends its
    /// code mid-name: `results <- result{url: u, body: body…`, not `…, er`).
    pub(crate) fn quote(&self, span: Span) -> String {
        let Some(text) = self.source.get(span.range()) else {
            return String::new();
        };
        let mut code = text.lines().next().unwrap_or("").trim();
        code = code.trim_end_matches('{').trim_end();
        let mut more = "";
        if let Some((cut, _)) = code.char_indices().nth(64) {
            let head = &code[..cut];
            let end = head.rfind(' ').filter(|&i| i >= 32).unwrap_or(cut);
            code = head[..end].trim_end_matches(',');
            more = "…";
        }
        let line = self.lines.line_col(span.start).line;
        format!(" `{code}{more}` (line {line})")
    }

    /// Go's `==` on two values, when it is defined.
    pub fn values_equal(&self, st: &State, a: &Value, b: &Value) -> bool {
        self.equal(st, a, b) == Some(true)
    }

    pub fn func_name(&self, f: FuncId) -> &str {
        &self.c.codes[f as usize].name
    }

    /// A fresh state running `entry` (after package initialization).
    pub fn start(&self, entry: FuncId, mode: Mode) -> State {
        let mut st = State::new(mode);
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
        // A method whose type has a constructor in the package runs on the
        // receiver the constructor builds (from unknown arguments): what
        // `NewT` sets up (channels it makes, goroutines it starts, a
        // WaitGroup it adds to) is there, as for every real caller.
        let frame = match self.constructor_of(entry) {
            Some(ctor) => {
                let args = self.entry_inputs(&mut st, ctor, None);
                // A constructor's numbers are sizes, counts and periods: a
                // valid caller passes at least 1 (`NewPool(workers)`).
                for (p, v) in self.c.program.funcs[ctor as usize].params.iter().zip(&args) {
                    let number = match &p.ty {
                        TypeExpr::Name(n) => n.starts_with("int") || n.starts_with("uint"),
                        TypeExpr::Qualified(pkg, n) => pkg == "time" && n == "Duration",
                        _ => false,
                    };
                    if number {
                        st.path.at_least(v, 1);
                    }
                }
                let mut frame = self.new_frame(&mut st, ctor, &[], args, 1, false);
                frame.then_run = Some(entry);
                frame
            }
            None => {
                let args = self.entry_inputs(&mut st, entry, None);
                st.facts.entry_args = args.clone();
                self.new_frame(&mut st, entry, &[], args, 0, false)
            }
        };
        let mut frames = vec![frame];
        // A test runs after the package's `TestMain` set it up: its code up
        // to `m.Run()` (hooks, package variables, servers) runs first, and
        // `m.Run()` starts the test (`testing::main_run`).
        if let Some(main) = self.test_main_for(entry) {
            let params = self.c.program.funcs[main as usize].params.clone();
            let args: Vec<Value> = params
                .iter()
                .map(|p| match &p.ty {
                    TypeExpr::Pointer(inner)
                        if **inner == TypeExpr::Qualified("testing".into(), "M".into()) =>
                    {
                        Value::Obj(st.alloc(Obj::TestingM))
                    }
                    ty => self.unknown_input(&mut st, ty),
                })
                .collect();
            frames.push(self.new_frame(&mut st, main, &[], args, 0, false));
        }
        frames.push(self.new_frame(&mut st, self.c.init, &[], Vec::new(), 0, false));
        st.sched.maybe_runnable.push(GoId::ENTRY);
        st.sched.gs.push(Goroutine {
            id: GoId::ENTRY,
            frames,
            status: Status::Runnable,
            go_span: None,
            func: entry,
            ..Goroutine::default()
        });
        st
    }

    /// Runs until a choice is needed (returned) or the run ends (`None`,
    /// with `st.outcome` set).
    pub fn advance(&self, st: &mut State) -> Option<ChoicePoint> {
        self.advance_within(st, &mut || false)
    }

    /// [`Machine::advance`] under a budget: every `BUDGET_CHECK_STEPS`
    /// steps it asks `out_of_time`, and when that says so the run ends
    /// bounded by `Time`. A run can go on for a long time without asking
    /// a choice (goroutines that loop alone), and a budget read only
    /// between choices once let one run of a fuzz case go on for over ten
    /// minutes.
    pub fn advance_within(
        &self,
        st: &mut State,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> Option<ChoicePoint> {
        let mut rounds = 0u32;
        if st.search.budget_check_at == 0 {
            // A safety net, not the search's budget: the explorer reads its
            // clock between runs and choices; inside a run the first reading
            // comes after so many steps, so a short run is never cut (a clock
            // read per run made a slow test clock cut every run at once).
            st.search.budget_check_at = st.steps + BUDGET_CHECK_STEPS;
        }
        loop {
            if st.outcome.is_some() {
                return None;
            }
            if let Some(p) = &st.search.pending {
                return Some(p.clone());
            }
            // Read every so many steps, and every so many scheduling rounds:
            // a round can cost far more than a step (a scan of 100,000
            // goroutines), and a fuzz case spawning goroutines in a loop
            // took seconds between two readings by steps alone.
            rounds = rounds.wrapping_add(1);
            if st.steps >= st.search.budget_check_at || rounds.is_multiple_of(BUDGET_CHECK_ROUNDS) {
                st.search.budget_check_at = st.steps + BUDGET_CHECK_STEPS;
                if out_of_time() {
                    st.outcome = Some(Outcome::Bounded { bound: Bound::Time });
                    return None;
                }
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
            match st.sched.current {
                Some(g) if st.sched.gs[g.index()].status == Status::Runnable => {
                    self.run_goroutine(st, g)
                }
                _ => {
                    st.sched.current = None;
                    self.schedule(st);
                }
            }
        }
    }

    /// Applies the answer to the pending choice.
    pub fn choose(&self, st: &mut State, index: usize) {
        let Some(p) = st.search.pending.take() else {
            return;
        };
        let index = index.min(p.options.len().saturating_sub(1));
        let v = p.options.get(index).copied().unwrap_or(0);
        // The run after a choice is no function of the state alone.
        st.sched.spin.reset();
        if p.kind == ChoiceKind::Goroutine {
            st.sched.current = Some(GoId::new(v));
            st.sched.fresh = true;
        } else {
            st.search.answer = Some(v);
        }
    }

    /// The runnable goroutines, in id order.
    fn runnable(&self, st: &mut State) -> Vec<GoId> {
        compact_runnable(&mut st.sched);
        // Checked in debug builds (every test), where it costs a scan.
        debug_assert!(
            st.sched.gs.len() > 2_000
                || st.sched.maybe_runnable
                    == st
                        .sched
                        .gs
                        .iter()
                        .filter(|g| g.status == Status::Runnable)
                        .map(|g| g.id)
                        .collect::<Vec<_>>(),
            "a goroutine became runnable without being noted in maybe_runnable"
        );
        st.sched.maybe_runnable.clone()
    }

    fn schedule(&self, st: &mut State) {
        // Go's scheduler with one P takes the first runnable goroutine of
        // runnext and the run queue; when there is one, nothing else needs
        // the sorted list of every runnable goroutine, whose making at each
        // step made the default run of 10,000 goroutines quadratic. When
        // there is none, the queue is left as it is (below). The list of
        // goroutines that may be runnable, not filtered at each step, is
        // filtered past twice the goroutines, so it stays linear in them.
        if !st.mode.explores() {
            // Go checks its timers at every scheduling point: one due
            // within `SHORT_TIMER_NS` (a 1 ns `AfterFunc`, ticker or sleep)
            // fires now, not only once nobody can run (once per point: a
            // 1 ns ticker must not starve the goroutines).
            self.fire_due_timers(st);
            if st.outcome.is_some() {
                return;
            }
            if st.sched.maybe_runnable.len() > 64 + 2 * st.sched.gs.len() {
                compact_runnable(&mut st.sched);
            }
            let queued = st.sched.runnext.iter().chain(&st.sched.runq);
            let runnable = |g: &GoId| st.sched.gs[g.index()].status == Status::Runnable;
            if let Some(skip) = queued.clone().position(runnable) {
                for _ in 0..skip {
                    let _ = st
                        .sched
                        .runnext
                        .take()
                        .or_else(|| st.sched.runq.pop_front());
                }
                st.sched.current = st
                    .sched
                    .runnext
                    .take()
                    .or_else(|| st.sched.runq.pop_front());
                st.sched.fresh = true;
                return;
            }
        }
        let runnable = self.runnable(st);
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
                st.out
                    .stderr
                    .push_str("fatal error: all goroutines are asleep - deadlock!\n\n");
                // Go's list of every goroutine: only the default run's
                // output is read (`leakscope run`); a search's runs, which
                // nobody reads the output of, skip it (a run of 10,000
                // goroutines formatted 10,000 lines).
                for g in st.sched.gs.iter().filter(|_| !st.mode.explores()) {
                    if let Status::Blocked(b) = &g.status {
                        st.out.stderr.push_str(&format!(
                            "goroutine {} [{}]:\nmain.{}()\n\n",
                            g.id,
                            b.reason.go_name(),
                            self.func_name(g.func)
                        ));
                    }
                }
            }
            return;
        }
        if st.mode.explores() {
            // Bring every runnable goroutine to its next visible operation
            // (local computation commutes with everything).
            // All of them in one pass: rescanning the goroutines after each
            // one made a program that starts 10,000 goroutines quadratic.
            let mut ran = false;
            for &id in &runnable {
                let g = &st.sched.gs[id.index()];
                if g.status == Status::Runnable && !self.at_visible(st, g) {
                    st.sched.current = Some(id);
                    st.sched.fresh = false;
                    self.run_goroutine(st, id);
                    ran = true;
                    if st.search.pending.is_some()
                        || st.outcome.is_some()
                        || st.sched.current.is_some()
                    {
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
                let g = &st.sched.gs[id.index()];
                if g.status == Status::Runnable
                    && self.would_block(st, g)
                    && commutes_with_others(id)
                {
                    if self.mixed_selects && runnable.len() > 1 {
                        // With mixed selects, waiting early is not the same
                        // as waiting late: a select that waits on both ends
                        // of a channel pairs with whoever comes next, and an
                        // operation that later pairs elsewhere races with
                        // it. So the early wait is the default of a real
                        // choice, which the search can reverse when that
                        // race shows up (seed 5533 of the differential
                        // test: the run where the select waits last, after
                        // the others paired, was never explored).
                        st.search.pending = Some(ChoicePoint {
                            kind: ChoiceKind::Goroutine,
                            options: runnable.iter().map(|g| g.number()).collect(),
                            goroutine: id,
                            who: Vec::new(),
                        });
                        return;
                    }
                    st.sched.current = Some(id);
                    st.sched.fresh = true;
                    self.run_goroutine(st, id);
                    ran = true;
                    // With mixed selects the footprints above are stale once
                    // one of them ran: decide again.
                    if self.mixed_selects
                        || st.search.pending.is_some()
                        || st.outcome.is_some()
                        || st.sched.current.is_some()
                    {
                        return;
                    }
                }
            }
            if ran {
                return;
            }
            if runnable.len() == 1 {
                st.sched.current = Some(runnable[0]);
                st.sched.fresh = true;
            } else {
                st.search.pending = Some(ChoicePoint {
                    kind: ChoiceKind::Goroutine,
                    options: runnable.iter().map(|g| g.number()).collect(),
                    goroutine: GoId::RUNTIME,
                    who: Vec::new(),
                });
            }
            return;
        }
        // Go's scheduler with one P: runnext, then the local run queue.
        loop {
            let next = st
                .sched
                .runnext
                .take()
                .or_else(|| st.sched.runq.pop_front());
            match next {
                Some(g) if st.sched.gs[g.index()].status == Status::Runnable => {
                    st.sched.current = Some(g);
                    st.sched.fresh = true;
                    return;
                }
                Some(_) => continue,
                None => {
                    // Runnable goroutines missing from the queues (should not happen).
                    st.sched.current = Some(runnable[0]);
                    st.sched.fresh = true;
                    return;
                }
            }
        }
    }

    /// Makes a goroutine runnable; with one P it goes to `runnext`.
    pub(crate) fn ready(&self, st: &mut State, g: GoId) {
        st.sched.gs[g.index()].status = Status::Runnable;
        st.sched.maybe_runnable.push(g);
        if !st.mode.explores() {
            if let Some(old) = st.sched.runnext.replace(g) {
                st.sched.runq.push_back(old);
            }
        }
    }

    pub(crate) fn push_snapshot(&self, st: &mut State) {
        if st.rec.events.len() == st.rec.events_seen && !st.rec.snapshots.is_empty() {
            return;
        }
        // Past the cap nothing is computed: a snapshot costs a line per
        // goroutine, and a run of 10,000 goroutines spent seconds building
        // snapshots it then dropped. `finish_snapshots` adds the last one.
        if self.snapshots_cut(st) {
            return;
        }
        st.rec.snapshot_cells += st.sched.gs.len();
        let mut functions = std::mem::take(&mut st.rec.snapshot_functions);
        let snap = self.snapshot(st, st.rec.events_seen, &mut functions);
        st.rec.snapshot_functions = functions;
        st.rec.events_seen = st.rec.events.len();
        st.rec.handoffs.clear();
        st.rec.snapshots.push(snap);
    }

    /// The witness's caps are reached: no more per-step snapshots.
    fn snapshots_cut(&self, st: &State) -> bool {
        st.rec.snapshots.len() >= MAX_WITNESS_STEPS || st.rec.snapshot_cells >= MAX_WITNESS_CELLS
    }

    /// After a recorded run: when the cap cut the snapshots, the run's end
    /// (where the goroutines are stuck) is still the witness's last step.
    pub fn finish_snapshots(&self, st: &mut State) {
        if !self.snapshots_cut(st) || st.rec.events_seen == st.rec.events.len() {
            return;
        }
        let mut functions = std::mem::take(&mut st.rec.snapshot_functions);
        let from = st.rec.events.len().saturating_sub(1);
        let snap = self.snapshot(st, from, &mut functions);
        st.rec.snapshot_functions = functions;
        st.rec.events_seen = st.rec.events.len();
        st.rec.snapshots.push(snap);
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
        if st.sched.gs.len() >= self.limits.max_goroutines {
            st.outcome = Some(Outcome::Bounded {
                bound: Bound::Goroutines,
            });
            return None;
        }
        let id = st.next_goroutine_id();
        if st.mode.explores() {
            let parent = st.sched.current.unwrap_or(GoId::RUNTIME);
            let at = st.search.transitions - st.search.popped;
            st.search.spawned.push((id, parent, at));
        }
        let frame = match self.frame_for_value(st, &callee, args, 0, false) {
            Some(f) => f,
            None => {
                // A builtin or opaque function as a goroutine: it ends at once.
                st.sched.gs.push(Goroutine {
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
        st.sched.maybe_runnable.push(id);
        st.sched.gs.push(Goroutine {
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
    pub(in crate::engine) fn frame_for_value(
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
        let idx = gid.index();
        if st.sched.gs[idx].timer.is_some() {
            self.run_timer_goroutine(st, gid);
            return;
        }
        let mut g = std::mem::take(&mut st.sched.gs[idx]);
        let flow = self.run_inner(st, &mut g, 0);
        let id = g.id;
        st.sched.gs[idx] = g;
        st.sched.last_runner = id;
        if st.mode.records() {
            self.push_snapshot(st);
        }
        match flow {
            Flow::Yield if !st.mode.explores() => st.sched.fresh = true,
            Flow::Yield => {
                st.sched.current = None;
                self.spin_check(st, id);
            }
            Flow::Gosched => {
                st.sched.current = None;
                if !st.mode.explores() {
                    st.sched.runq.push_back(id);
                }
                self.spin_check(st, id);
            }
            Flow::Poll => self.spin_check(st, id),
            Flow::Block | Flow::Done => st.sched.current = None,
            Flow::Choice | Flow::Stop | Flow::Next | Flow::SyncReturn(_) => {}
        }
    }

    /// A plain memory access (a captured variable, a package-level one, a
    /// pointer's target, a field or an element) while exploring: part of
    /// the running transition's footprint, so two goroutines that race on
    /// plain memory race for the search too. Reads commute with reads
    /// (`Observe`); a write conflicts with everything (`Strong`).
    pub(crate) fn touch(&self, st: &mut State, g: &Goroutine, obj: ObjId, write: bool) {
        let (gid, held) = (g.id, g.locks_held > 0);
        // Before a second goroutine exists, nothing can race: whatever the
        // first does then happens before everything the others do (setting
        // up the variables a goroutine will capture was a race with it, and
        // multiplied the schedules for nothing).
        if !st.mode.explores() || st.sched.gs.len() < 2 {
            return;
        }
        let access = Access {
            obj,
            kind: if held {
                AccessKind::Guarded
            } else if write {
                AccessKind::Strong
            } else {
                AccessKind::Observe
            },
        };
        match st.search.trace.last_mut() {
            Some((g, fp)) if *g == gid => push_new(fp, access),
            _ if write => {
                // Local code that runs outside a transition of its own
                // (after a wake-up, or before its first operation): a
                // transition with no choice before it.
                st.search.trace.push((gid, vec![access]));
                st.search.transitions += 1;
            }
            // A read there is not one: every goroutine's first code reads
            // what it captured, and those transitions (racing with nothing
            // a choice could reorder) made 64 WaitGroup workers 254
            // schedules instead of 6.
            _ => {}
        }
    }

    /// Whether a goroutine started with `callee` and `args` may race on
    /// plain memory with its parent before its first operation: its
    /// function stores to a captured variable, a package-level one, a
    /// pointer's target, a field or an element (or it reads a captured or
    /// package-level variable or a pointer's target, and the parent's
    /// function, `parent`, stores to such memory: the child may read before
    /// or after that store), and it shares some (a closure's captured
    /// variables, a pointer, map, slice or struct argument, or
    /// package-level variables written outside initialization). Only then
    /// is the `go` a scheduling point: with every `go` one, the schedules
    /// of the catalogue grew up to tenfold for no new verdict.
    pub(crate) fn shares_memory(
        &self,
        st: &State,
        callee: &Value,
        args: &[Value],
        parent: (FuncId, usize),
    ) -> bool {
        let func = match callee {
            Value::Func(f) => Some(*f),
            Value::Closure(o) => match st.heap.get(*o as usize) {
                Some(Obj::Closure { func, .. }) => Some(*func),
                _ => None,
            },
            _ => None,
        };
        let stores = |instrs: &[Instr]| {
            instrs.iter().any(|i| {
                matches!(
                    i,
                    Instr::StoreBox(_)
                        | Instr::StoreGlobal(_)
                        | Instr::StoreDeref
                        | Instr::StoreField(_)
                        | Instr::StoreIndex
                )
            })
        };
        let later = self
            .stores_after_go
            .binary_search(&(parent.0, parent.1 as u32))
            .is_ok();
        let writes = func.is_none_or(|f| {
            stores(&self.c.codes[f as usize].instrs)
                || (later && self.reads_shared.get(f as usize) == Some(&true))
        });
        if !writes {
            return false;
        }
        if self.writes_globals {
            return true;
        }
        let captures = match callee {
            Value::Closure(o) => match st.heap.get(*o as usize) {
                Some(Obj::Closure { captures, .. }) => !captures.is_empty(),
                Some(Obj::Bound { .. }) => true,
                _ => false,
            },
            _ => false,
        };
        captures
            || args.iter().any(|a| {
                matches!(
                    a,
                    Value::Ptr(_)
                        | Value::FieldPtr(..)
                        | Value::ElemPtr(..)
                        | Value::Map(_)
                        | Value::Slice { .. }
                        | Value::Array(_)
                        | Value::Struct(_)
                )
            })
    }

    /// No goroutine other than `gid` can run.
    pub(crate) fn alone(&self, st: &State, gid: GoId) -> bool {
        st.sched.maybe_runnable.iter().all(|&o| {
            o == gid
                || st
                    .sched
                    .gs
                    .get(o.index())
                    .is_none_or(|g| g.status != Status::Runnable)
        })
    }

    /// A poll that found nothing to do (a select's default, a failed
    /// `TryLock`, `Gosched`, `Sleep(0)`): noted for `spin_check`, which the
    /// goroutine reaches next when it is alone.
    pub(crate) fn polled(&self, st: &mut State, span: Span) {
        st.sched.spin.polled = true;
        SpinWatch::note(&mut st.sched.spin.poll_span, span);
    }

    /// Steps of polling alone after which a run cut at its step bound (or
    /// early, at `POLL_LIVELOCK_STEPS`) is a livelock.
    pub(crate) fn poll_livelock_steps(&self) -> u64 {
        (self.limits.max_steps / 2).min(POLL_LIVELOCK_STEPS)
    }

    /// After `gid` polled, yielded or was preempted while perhaps no other
    /// goroutine can run. Alone, a poll waits for time to pass: the next
    /// timers fire (Go's clock moves on while the loop spins), for every
    /// kind of poll. A goroutine alone whose state comes back to one seen at
    /// an earlier checkpoint goes round a loop that changes nothing: with a
    /// timer pending, time passes; without one it spins forever
    /// (`Outcome::Livelock`), which only the step bound stopped before.
    fn spin_check(&self, st: &mut State, gid: GoId) {
        let polled = std::mem::take(&mut st.sched.spin.polled);
        if st.outcome.is_some() || st.search.pending.is_some() {
            return;
        }
        if !self.alone(st, gid) {
            self.group_spin_check(st, gid, polled);
            return;
        }
        if st.sched.spin.group {
            // The others just blocked or ended: watch this one alone.
            st.sched.spin.reset();
        }
        if polled && !st.clock.timers.is_empty() {
            st.sched.spin.reset();
            if self.fire_timers(st) {
                return;
            }
        }
        let spin = &mut st.sched.spin;
        if spin.goroutine != Some(gid) {
            // The first checkpoint: nothing hashed yet, so a goroutine that
            // is alone only for a moment (its partner just blocked) costs
            // no fingerprint.
            spin.goroutine = Some(gid);
            spin.at_step = st.steps;
            spin.since = st.steps;
            spin.polling = false;
            spin.power = 0;
            spin.length = 0;
            return;
        }
        spin.polling |= polled;
        if st.steps.saturating_sub(spin.at_step) < SPIN_CHECK_STEPS {
            return;
        }
        if spin.read_clock && st.clock.timers.is_empty() {
            // Alone, reading the clock: only time can change what it reads
            // (a loop that counts its rounds until a deadline never repeats
            // a state, so this is at every checkpoint, not at a repeat).
            spin.reset();
            self.let_time_pass(st);
            return;
        }
        if spin.polling && st.steps - spin.since >= POLL_LIVELOCK_STEPS {
            // Classified as a livelock (`verdict::polling_alone`); the
            // search is not exhaustive, since the loop might still end by
            // its own count.
            st.outcome = Some(Outcome::Bounded {
                bound: Bound::Steps,
            });
            return;
        }
        spin.at_step = st.steps;
        let h = st.fingerprint();
        let spin = &mut st.sched.spin;
        if !spin.came_round(h) {
            return;
        }
        let first = spin.poll_span.or(spin.op_span);
        let (chose, read_clock) = (spin.chose, spin.read_clock);
        spin.reset();
        if self.loop_goes_on(st, chose, read_clock) {
            return;
        }
        st.outcome = Some(Outcome::Livelock {
            goroutine: gid,
            span: first.unwrap_or_else(|| self.current_span(st.g(gid))),
            polls: first.is_some(),
            others: Vec::new(),
        });
    }

    /// A loop came round (`SpinWatch::came_round`): whether the run goes on
    /// rather than ending as a livelock, because Go would leave the loop
    /// (`chose`: a choice Go makes at random was taken in it) or time
    /// passes (the next timers fire; a loop that read the clock moves it).
    fn loop_goes_on(&self, st: &mut State, chose: bool, read_clock: bool) -> bool {
        if chose || (!st.clock.timers.is_empty() && self.fire_timers(st)) {
            return true;
        }
        if st.outcome.is_some() {
            return true;
        }
        if read_clock && st.clock.timers.is_empty() {
            self.let_time_pass(st);
            return true;
        }
        false
    }

    /// A goroutine alone that reads the clock (`time.Now`, `Since`,
    /// `Until`), or several that came back to a state while one of them
    /// read it, with no timer pending: in Go the clock moves on while they
    /// spin, so the virtual clock does, 8 times as far as the last time
    /// (from 1 µs: a second in 8 checkpoints; no timer is due meanwhile). A
    /// loop that waits for a deadline (`for time.Since(start) < d {}`)
    /// reaches it in a few checkpoints (it used to be called a livelock,
    /// or cut at the step bound when it counted its rounds); once the clock
    /// can go no further, a loop that waits for ever repeats its state and
    /// is a livelock again.
    fn let_time_pass(&self, st: &mut State) {
        st.clock.spin_jump = st.clock.spin_jump.saturating_mul(8).max(1_000);
        st.clock.now = st.clock.now.saturating_add(st.clock.spin_jump);
    }

    /// `spin_check` when several goroutines can run (pollers polling each
    /// other, a lock-and-look loop beside a poller): the same cycle
    /// detection over the whole program, with the run queue in the hash.
    /// The default schedule asks no choice (and a search's choice resets the
    /// watch), so from a checkpoint on the run is a function of the state
    /// and the queue, and a state seen again is a loop the program never
    /// leaves. It is a
    /// livelock only when every goroutine that can run ran in the loop (a
    /// loop that starved one would be the model's scheduler, not Go's) and
    /// no timer is left to fire (Go's clock moves on while they spin).
    fn group_spin_check(&self, st: &mut State, gid: GoId, polled: bool) {
        let spin = &mut st.sched.spin;
        if !spin.group {
            spin.reset();
            spin.group = true;
            spin.at_step = st.steps;
            spin.since = st.steps;
            return;
        }
        spin.polling |= polled;
        if let Err(i) = spin.ran.binary_search(&gid) {
            spin.ran.insert(i, gid);
        }
        // Hashing costs as much as the program is large: checkpoints are
        // as far apart, so the watch costs the same per step at any size.
        let every = SPIN_CHECK_STEPS.max(32 * st.sched.gs.len() as u64);
        if st.steps.saturating_sub(spin.at_step) < every {
            return;
        }
        spin.at_step = st.steps;
        let h = {
            use std::hash::Hash;
            let mut h = Fnv::default();
            st.fingerprint().hash(&mut h);
            (&st.sched.runq, st.sched.runnext, st.sched.fresh).hash(&mut h);
            h.0
        };
        let spin = &mut st.sched.spin;
        if !spin.came_round(h) {
            return;
        }
        let first = spin.poll_span.or(spin.op_span);
        let polls = spin.polling || first.is_some();
        let (ran, chose, read_clock) = (std::mem::take(&mut spin.ran), spin.chose, spin.read_clock);
        let spans = std::mem::take(&mut spin.spans);
        spin.reset();
        let runnable = self.runnable(st);
        if runnable.iter().any(|g| ran.binary_search(g).is_err()) {
            return;
        }
        if self.loop_goes_on(st, chose, read_clock) {
            return;
        }
        // Named after the first in id order: the entry when it spins.
        let goroutine = runnable.first().copied().unwrap_or(gid);
        let at = |id: GoId| {
            spans
                .iter()
                .find(|s| s.0 == id)
                .map(|s| s.1)
                .unwrap_or_else(|| self.current_span(st.g(id)))
        };
        let others = runnable
            .iter()
            .filter(|&&id| id != goroutine)
            .map(|&id| (id, at(id)))
            .collect();
        st.outcome = Some(Outcome::Livelock {
            goroutine,
            span: first.unwrap_or_else(|| at(goroutine)),
            polls,
            others,
        });
    }

    /// Executes instructions of `g` until it yields, blocks, ends, needs a
    /// choice, or (when `base > 0`) the runtime-invoked frame at depth `base`
    /// returns.
    pub(crate) fn run_inner(&self, st: &mut State, g: &mut Goroutine, base: usize) -> Flow {
        // A recording of the default schedule stops before each visible
        // operation to take a snapshot, and goes on with the same goroutine:
        // its time slice goes on too, so that it is preempted where the
        // plain run preempts it (the witness of a poller that starved its
        // partner once ran a different run than the one it showed).
        let started = if base == 0 && std::mem::take(&mut st.sched.resume_slice) {
            st.sched.slice_started
        } else {
            st.steps
        };
        if base == 0 {
            st.sched.slice_started = started;
        }
        if g.at_go && base == 0 {
            // A scheduling point that is no operation (after `go`): it
            // starts a transition of its own, whose footprint is the plain
            // memory its local code touches (`Machine::touch`).
            if !st.sched.fresh {
                return Flow::Yield;
            }
            st.sched.fresh = false;
            g.at_go = false;
            if let Some(child) = st.sched.go_child.take() {
                if child != g.id {
                    // The parent went first: the child starts as any new
                    // goroutine does, its first code run without a choice.
                    st.g_mut(child).at_go = false;
                }
            }
            if st.mode.explores() {
                st.search.trace.push((g.id, Vec::new()));
                st.search.transitions += 1;
            }
        }
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
                if popped.lib_call == LibCall::Recovers
                    && matches!(g.panicking, Some(Unwinding::Panic(_)))
                {
                    // `fmt` recovers a panic in the method it called and
                    // prints it: the library call goes on.
                    if let (Some(Unwinding::Panic(v)), Some(f)) =
                        (g.panicking.take(), g.frames.last_mut())
                    {
                        f.lib_results.push(CallResult::Panicked(v));
                    }
                    g.panic_cause = PanicCause::default();
                    continue;
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
                self.release_with_error(st, g, frame.func, &results);
                if frame.sync_call && depth == base {
                    return Flow::SyncReturn(results);
                }
                if frame.lib_call != LibCall::No {
                    // A method a library call asked for: the call runs
                    // again and finds the results.
                    if let Some(caller) = g.frames.last_mut() {
                        caller.lib_results.push(CallResult::Returned(results));
                        continue;
                    }
                }
                match g.frames.last_mut() {
                    Some(parent) => push_adjusted(&mut parent.stack, results, frame.want),
                    None if frame.then_run.is_some() => {
                        let method = frame.then_run.unwrap_or(frame.func);
                        let next = self.enter_after_constructor(st, frame.func, method, results);
                        g.frames.push(next);
                    }
                    None => {
                        if g.id == GoId::ENTRY {
                            st.facts.entry_results = results;
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
                if st.mode.explores() {
                    // A scheduling point for the search too: without it the
                    // scheduler brought this goroutine to its next operation
                    // again and again, and one that never reaches one
                    // starved the others' next operations for good.
                    g.at_go = true;
                }
                return Flow::Gosched;
            }
            let mut visible = false;
            let op = if base == 0 {
                self.decode(st, frame, instr)
            } else {
                None
            };
            let at_visible_op = op.is_some();
            if at_visible_op {
                st.last_visible_step = st.steps;
                let spin = &mut st.sched.spin;
                SpinWatch::note(&mut spin.op_span, span);
                if spin.group {
                    match spin.spans.binary_search_by_key(&g.id, |s| s.0) {
                        Ok(i) if span.start < spin.spans[i].1.start => spin.spans[i].1 = span,
                        Ok(_) => {}
                        Err(i) => spin.spans.insert(i, (g.id, span)),
                    }
                }
            }
            if at_visible_op && (st.mode.explores() || st.mode.records()) {
                if !st.sched.fresh {
                    st.sched.resume_slice = !st.mode.explores();
                    return Flow::Yield;
                }
                st.sched.fresh = false;
                visible = true;
                if let (true, Some(op)) = (st.mode.explores(), &op) {
                    let fp = op.footprint(self, st);
                    st.search.trace.push((g.id, fp));
                    st.search.transitions += 1;
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
                    st.sched.fresh = true;
                    if st.mode.explores() {
                        st.search.trace.pop();
                        st.search.popped += 1;
                    }
                    return Flow::Choice;
                }
                Ok(Flow::Block) if base > 0 => {
                    // A runtime-invoked call cannot block here (its caller is
                    // Rust code in the middle of formatting or sorting). Go
                    // would wait, and perhaps forever (a `String` method that
                    // locks a mutex its caller holds deadlocks): stop the run
                    // and say why, rather than carry on as if it returned.
                    self.unregister(st, g.id, &g.status);
                    g.status = Status::Runnable;
                    st.sched.maybe_runnable.push(g.id);
                    g.frames.truncate(base - 1);
                    st.outcome.get_or_insert(Outcome::Bounded {
                        bound: Bound::BlockingCallback,
                    });
                    return Flow::Stop;
                }
                Ok(Flow::Yield) | Ok(Flow::Gosched) | Ok(Flow::Poll) if base > 0 => {}
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
                    st.out.stderr.push_str(&format!(
                        "fatal error: {msg}\n\ngoroutine {} [running]:\nmain.{}()\n",
                        g.id,
                        self.func_name(g.func)
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
            Trap::Runtime(msg) => {
                let v = Value::Obj(st.alloc(Obj::Error {
                    msg: msg.as_str().into(),
                    wrapped: None,
                }));
                self.raise(st, g, Trap::Panic(v, PanicCause::Runtime), span)
            }
            Trap::Panic(v, cause) => {
                g.last_span = span;
                g.panic_cause = cause;
                if g.panicking.is_none() || g.frames.len() > g.unwind_depth {
                    g.unwind_depth = g.frames.len();
                }
                g.panicking = Some(Unwinding::Panic(v));
                None
            }
        }
    }

    /// Go's error convention for a function's own results: with a non-nil
    /// error, the other results are not the caller's to use or close. A
    /// resource they reach that nothing else holds (opened by the callee and
    /// handed back with the error, `return r, ErrPartial`) is no longer
    /// tracked: a caller that checks the error and leaves (`t.Fatal(err)`,
    /// `return nil, err`) leaks nothing by the convention every caller
    /// follows. What the caller (or a goroutine, or a package variable)
    /// still holds stays tracked.
    fn release_with_error(&self, st: &mut State, g: &Goroutine, func: FuncId, results: &[Value]) {
        let Some((err, others)) = results.split_last() else {
            return;
        };
        let decl = &self.c.program.funcs[func as usize].results;
        if others.is_empty()
            || st.facts.resources.is_empty()
            || !matches!(decl.last().map(|r| &r.ty), Some(TypeExpr::Name(n)) if n == "error")
        {
            return;
        }
        let non_nil = match err.plain() {
            v if v.is_nil() => false,
            Value::Opaque(_) => st.path.is_non_nil(err),
            _ => true,
        };
        if !non_nil {
            return;
        }
        let handed = st.reachable(others);
        let unreleased = |st: &State, r: ObjId| {
            matches!(
                st.heap.get(r as usize),
                Some(Obj::Resource {
                    released: false,
                    ..
                })
            )
        };
        if !st
            .facts
            .resources
            .iter()
            .any(|r| handed[*r as usize] && unreleased(st, *r))
        {
            return;
        }
        let mut roots: Vec<Value> = st.globals.iter().map(|c| Value::Obj(*c)).collect();
        roots.extend(st.facts.entry_args.iter().cloned());
        for other in std::iter::once(g).chain(st.sched.gs.iter()) {
            for f in &other.frames {
                roots.extend(f.locals.iter().chain(&f.stack).cloned());
                for d in &f.defers {
                    roots.extend(std::iter::once(&d.func).chain(&d.args).cloned());
                }
            }
        }
        let held = st.reachable(&roots);
        let kept: Vec<ObjId> = st
            .facts
            .resources
            .iter()
            .copied()
            .filter(|r| !handed[*r as usize] || held[*r as usize] || !unreleased(st, *r))
            .collect();
        st.facts.resources = kept;
    }

    fn goroutine_exit(&self, st: &mut State, g: &mut Goroutine) -> Flow {
        if let Some(Unwinding::Panic(v)) = g.panicking.take() {
            {
                g.status = Status::Panicked;
                if v.is_unknown() {
                    // `panic(err)` with an error from unknown code.
                    st.facts.steered_by_unknown = true;
                }
                if !st.entry_done {
                    let msg = self.panic_text(st, g, &v);
                    st.out.stderr.push_str(&format!(
                        "panic: {msg}\n\ngoroutine {} [running]:\nmain.{}()\n",
                        g.id,
                        self.func_name(g.func)
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
        if g.id == GoId::ENTRY {
            if st.mode.records() {
                // The story's last step: the entry's closing brace.
                let name = self.func_name(g.func);
                let end = self.c.program.funcs[g.func as usize].span.end;
                st.rec.events.push(Event {
                    goroutine: g.id,
                    span: Span {
                        start: end.saturating_sub(1),
                        end,
                    },
                    text: format!("g{} returns from `{name}`", g.id),
                });
            }
            st.entry_done = true;
            st.search.exit_transition = Some(st.search.transitions);
            st.out.stdout_at_exit = Some(st.out.stdout.len());
            st.clock.exit_clock = st.clock.now;
        }
        Flow::Done
    }

    /// Go's text for a panic value.
    pub(crate) fn panic_text(&self, st: &mut State, g: &mut Goroutine, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            Value::Obj(o) if matches!(st.heap.get(*o as usize), Some(Obj::Error { .. })) => {
                let m = self.format_value(st, g, v, 'v', false);
                if g.panic_cause == PanicCause::Runtime && m.contains("nil pointer dereference") {
                    format!(
                        "{m}\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]"
                    )
                } else {
                    m
                }
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
        let (func, args) = self.wrap_call(st, d.func, d.args);
        let d = Deferred { func, args, ..d };
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
                        st.search.pending = Some(cp);
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
                        g.panicking = Some(Unwinding::Goexit);
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
        let saved_fresh = st.sched.fresh;
        // The library call that made this one may not ask for frames; the
        // calls inside ask for their own.
        let (lib_ok, cursor) = (std::mem::take(&mut g.lib_ok), g.lib_cursor.take());
        let flow = self.run_inner(st, g, base);
        (g.lib_ok, g.lib_cursor) = (lib_ok, cursor);
        st.sched.fresh = saved_fresh;
        match flow {
            Flow::SyncReturn(v) => Some(v),
            _ => {
                g.frames.truncate(base - 1);
                None
            }
        }
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

/// Drops from `maybe_runnable` the goroutines that are not runnable, and
/// sorts it by id. Only between transitions: the running goroutine's slot
/// holds a placeholder while it executes.
fn compact_runnable(sched: &mut Scheduler) {
    let gs = &sched.gs;
    sched.maybe_runnable.retain(|&id| {
        gs.get(id.index())
            .is_some_and(|g| g.status == Status::Runnable)
    });
    // In id order, once each, without a sort (a copy of the standard sort
    // cost the browser's download 4 KB): the list compacted last time, in
    // order, with the goroutines woken since appended, each put in place
    // (most often at the end). Rebuilding the list from a table of every
    // goroutine at each step instead made a run of 10,000 goroutines
    // quadratic (a third of its time).
    let ids = &mut sched.maybe_runnable;
    if let Some(k) = ids.windows(2).position(|w| w[0] >= w[1]) {
        for id in ids.split_off(k + 1) {
            if let Err(at) = ids.binary_search(&id) {
                ids.insert(at, id);
            }
        }
    }
}

/// Adds an access to a footprint unless one of its last few is the same.
fn push_new(fp: &mut Vec<Access>, access: Access) {
    if !fp.iter().rev().take(8).any(|a| *a == access) {
        fp.push(access);
    }
}

pub(crate) fn push_adjusted(stack: &mut Vec<Value>, mut values: Vec<Value>, want: u8) {
    let want = want as usize;
    values.truncate(want);
    while values.len() < want {
        values.push(Value::UNKNOWN);
    }
    stack.extend(values);
}
