//! The machine state: goroutines, heap, clock, timers and output. A plain
//! value: clone it to branch, hash it to detect revisits.

use super::value::*;
pub use super::wait::BlockReason;
use crate::model::FuncId;
use crate::syntax::Span;
use serde::Serialize;
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Blocked {
    pub reason: BlockReason,
    pub span: Span,
    /// The objects whose operations could wake the goroutine.
    pub objs: Vec<ObjId>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Status {
    Runnable,
    Blocked(Blocked),
    /// Sleeping until the virtual time (nanoseconds).
    Sleeping(i64),
    #[default]
    Done,
    Panicked,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Deferred {
    pub func: Value,
    pub args: Vec<Value>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Frame {
    pub func: FuncId,
    pub pc: u32,
    pub locals: Vec<Value>,
    pub stack: Vec<Value>,
    pub defers: Vec<Deferred>,
    /// How many results the caller wants.
    pub want: u8,
    /// Running its deferred calls before returning.
    pub returning: bool,
    /// A deferred call: `recover` works here.
    pub is_defer: bool,
    /// Called from the runtime (a `String` method, `sort.Slice`'s less):
    /// its results go to the runtime, not to the frame below.
    pub sync_call: bool,
    /// The entry method to run on this constructor's result, when it
    /// returns (the entry goroutine's first frame; see `Machine::start`).
    pub then_run: Option<FuncId>,
    /// The library call this frame is executing (`fmt.Println`,
    /// `io.ReadFull`) called methods of the program's types as frames of
    /// their own (`Ret::CallFirst`): their results so far, in order. The
    /// call is executed again after each, and the list is cleared when it
    /// completes.
    pub lib_results: Vec<CallResult>,
    /// This frame is such a method call: its results go to the frame
    /// below's `lib_results`, not to its operand stack.
    pub lib_call: LibCall,
}

/// How a method a library function calls (issue 12, I) returned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CallResult {
    Returned(Vec<Value>),
    /// It panicked, and the library recovers (`fmt` prints
    /// `%!v(PANIC=String method: ...)`).
    Panicked(Value),
    /// No call: the library function's own progress so far (`io.Copy`'s
    /// count and buffer), kept in place of the results it has read.
    Progress(Vec<Value>),
}

/// Whether a frame is a method a library function called.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LibCall {
    #[default]
    No,
    /// Its results go to the library call; a panic goes on unwinding.
    Returns,
    /// The same, and a panic stops at it (`fmt`'s `catchPanic`).
    Recovers,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Goroutine {
    pub id: GoId,
    pub frames: Vec<Frame>,
    pub status: Status,
    /// The `go` statement that started it (none for the entry).
    pub go_span: Option<Span>,
    pub func: FuncId,
    pub panicking: Option<Unwinding>,
    /// Frames at or below this depth unwind while panicking.
    pub unwind_depth: usize,
    /// `wg.Go(f)`: call `wg.Done()` when the goroutine ends.
    pub wg_on_exit: Option<ObjId>,
    /// A woken `cond.Wait` that must now re-lock.
    pub cond_relock: bool,
    /// The span of the operation it last executed.
    pub last_span: Span,
    /// What raised the panic in `panicking`.
    pub panic_cause: PanicCause,
    /// A runtime goroutine that fires a due timer (see
    /// `Machine::add_timer`): it has no frames and runs only this action.
    pub timer: Option<TimerAction>,
    /// The runtime's goroutine (timers), not one the program started.
    pub runtime: bool,
    /// Its timer was stopped before it ran: its step only touches the
    /// timer (so the search still tries it before the `Stop`), and fires
    /// nothing.
    pub timer_cancelled: bool,
    /// Started by `t.Run`, which waits for it: the test's own body, as
    /// the entry is, not a goroutine of the program's.
    pub subtest: bool,
    /// A function handed to unknown code, which may call it: started once
    /// on a goroutine of its own. Where it blocks is not a finding.
    pub by_unknown: bool,
    /// It branched on a result of unknown code called in a loop (a reader's
    /// lines, a listener's connections, `rows.Next()`): how often that loop
    /// ran is the program's own input, which the analysis does not know (in
    /// `main` or a test, what its own client wrote); see `verdict::classify`.
    pub reads_input: bool,
    /// Its own branches learned that such a loop's input was not one item:
    /// it went on past the first (a second line, a second connection) or
    /// ended before it (a reader's first line was the end). What it did
    /// then depends on a length the program may never see; see
    /// `verdict::classify`.
    pub counted_input: bool,
    /// When exploring: it stands at a scheduling point that is no
    /// operation, just after a `go` statement or before its first
    /// instruction, when it shares memory with the goroutine it was started
    /// by or that it started (issue 12, K): the child may run first, and a
    /// race on plain memory between the two is then a race the search can
    /// reverse.
    pub at_go: bool,
    /// Mutexes and read locks it holds (taken minus released): plain memory
    /// it touches meanwhile is `AccessKind::Guarded`.
    pub locks_held: u32,
    /// Only while a library function's shim runs (always clear between
    /// steps): the call was made by the program's code, so the shim may ask
    /// for a method of the program's to be called as a frame first
    /// (`Ret::CallFirst`) instead of calling it on the Rust stack.
    pub lib_ok: bool,
    /// Only while `fmt` formats: how many of the frame's `lib_results` the
    /// formatting used so far, and the first method call it still needs.
    pub lib_cursor: Option<u32>,
    pub lib_wanted: Option<(Value, Vec<Value>)>,
}

impl Goroutine {
    /// The entry or a subtest body it waits for (`t.Run`).
    pub fn runs_entry_body(&self) -> bool {
        self.id == GoId::ENTRY || self.subtest
    }
}

/// What a goroutine unwinds its frames for, running its deferred calls.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unwinding {
    /// A panic with its value (for a runtime error, the error the runtime
    /// made).
    Panic(Value),
    /// `runtime.Goexit`: not a panic, and nothing recovers it.
    Goexit,
}

/// What raised a panic. Explicit panics and ordinary runtime errors are
/// findings only where the inputs are known; the concurrency runtime errors
/// always are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PanicCause {
    /// `panic(v)` in the program.
    #[default]
    Explicit,
    /// Send on a closed channel, close of a closed or nil channel, a
    /// negative WaitGroup counter.
    Concurrency,
    /// Any other runtime error: an index out of range, a nil map write, a
    /// failed type assertion.
    Runtime,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TimerAction {
    Wake(GoId),
    Fire(ObjId),
    CtxDeadline(ObjId),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PendingTimer {
    pub when: i64,
    pub seq: u64,
    pub action: TimerAction,
}

/// How the program ended, when it ended abnormally or is still running.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// The entry returned and the rest reached quiescence.
    Finished,
    /// An unrecovered panic: Go's message and the goroutine.
    Panic {
        message: String,
        goroutine: GoId,
        span: Span,
        cause: PanicCause,
    },
    /// A fatal runtime error such as `sync: unlock of unlocked mutex`.
    Fatal {
        message: String,
        goroutine: GoId,
        span: Span,
    },
    /// Every goroutine is blocked and the entry has not returned.
    Deadlock,
    /// `os.Exit(code)`.
    Exit { code: i32 },
    /// The one goroutine that can run came back to a state it was in
    /// before with no timer left to fire: it spins forever (at `span`, its
    /// last poll, or where it was when the loop was seen), and Go spins with
    /// it; no "all goroutines are asleep" ever comes.
    /// `polls`: the loop polls or does a visible operation (a loop that
    /// only computes, `for {}`, is no finding of its own).
    Livelock {
        goroutine: GoId,
        span: Span,
        polls: bool,
        /// The other goroutines in the loop (several polling each other),
        /// each at its first operation in the source that it did in it.
        others: Vec<(GoId, Span)>,
    },
    /// A bound was hit before the run ended.
    Bounded { bound: Bound },
}

pub use leakscope_data::Bound;

/// One choice a run needs: which goroutine runs, which ready select case
/// fires, an opaque condition, a random value, which waiter wakes, whether an
/// opaque call finishes before the next timer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ChoicePoint {
    pub kind: ChoiceKind,
    /// The options (goroutine ids, case indexes, values) in a fixed order.
    pub options: Vec<u32>,
    /// The goroutine that asks. For `Goroutine` choices: the goroutine the
    /// default order runs first when that is not the one that ran last (one
    /// whose next operation only makes it wait), else `GoId::RUNTIME`.
    pub goroutine: GoId,
    /// For `Waiter` choices: the goroutine each option wakes (empty when
    /// not known). The explorer runs one of several interchangeable ones
    /// (`engine::symmetry`).
    #[serde(skip)]
    pub who: Vec<GoId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChoiceKind {
    Goroutine,
    SelectCase,
    Branch,
    Rand,
    Waiter,
    OpaqueDelay,
}

/// What one step of the run did, for witnesses.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Event {
    pub goroutine: GoId,
    pub span: Span,
    pub text: String,
}

/// How a run is driven, fixed when it starts ([`State::new`]): nothing
/// flips it half-way through an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    explore: bool,
    record: bool,
}

impl Mode {
    /// The default schedule: Go's run-queue order with one processor; a
    /// choice is asked only where the program itself is nondeterministic
    /// (a `select` with several ready cases, a random value).
    pub const RUN: Mode = Mode {
        explore: false,
        record: false,
    };
    /// The explorer's mode: every visible operation is a scheduling point,
    /// every waiter and due timer a choice, and the trace of accesses is
    /// kept for partial-order reduction.
    pub const EXPLORE: Mode = Mode {
        explore: true,
        record: false,
    };

    pub fn new(explore: bool) -> Mode {
        if explore {
            Mode::EXPLORE
        } else {
            Mode::RUN
        }
    }

    /// The same mode, also recording events and snapshots (witness replays).
    pub fn recording(self) -> Mode {
        Mode {
            record: true,
            ..self
        }
    }

    pub fn explores(self) -> bool {
        self.explore
    }

    pub fn records(self) -> bool {
        self.record
    }
}

/// The goroutines and who runs next.
///
/// Invariants: `gs[i].id == GoId::of_index(i)`; the running goroutine
/// (`current`) is taken out of `gs` while it executes and put back after
/// (its slot then holds a placeholder); `maybe_runnable` holds every
/// runnable goroutine (and perhaps some that no longer are).
#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    pub gs: Vec<Goroutine>,
    pub runq: VecDeque<GoId>,
    pub runnext: Option<GoId>,
    /// Every goroutine that may be runnable (a superset of the runnable
    /// ones; `Machine::runnable` filters it). Scanning every goroutine at
    /// each scheduling step made 10,000 goroutines quadratic.
    pub maybe_runnable: Vec<GoId>,
    /// Timer goroutines that have fired or were stopped: their slots are
    /// reused, so a loop of short sleeps does not grow the goroutines.
    pub spare_timer_goroutines: Vec<GoId>,
    pub current: Option<GoId>,
    /// The current goroutine has not yet executed a visible operation in
    /// this transition.
    pub fresh: bool,
    /// The goroutine that ran the last transition.
    pub last_runner: GoId,
    /// Watches a goroutine that runs alone for a loop that changes nothing.
    pub spin: SpinWatch,
    /// The child of the `go` whose choice (parent or child first) is
    /// pending or was just answered.
    pub go_child: Option<GoId>,
    /// When the running goroutine's time slice began (`State::steps`), and
    /// whether the next run goes on with it: a recording stopped for a
    /// snapshot (`Machine::run_inner`).
    pub slice_started: u64,
    pub resume_slice: bool,
}

/// Brent's cycle detection over the states of the one goroutine that can
/// run, taken at its checkpoints: a poll (a select's default, a failed
/// `TryLock`, `Gosched`, `Sleep(0)`), a yield before a visible operation or
/// a preemption, at least `SPIN_CHECK_STEPS` after the last checkpoint.
/// From a checkpoint on, the run
/// is a function of the state (no choice is asked while it runs alone, and
/// the steps since the checkpoint start at 0), so a state seen at an earlier
/// checkpoint means the loop never ends. Not part of the fingerprint.
#[derive(Clone, Debug, Default)]
pub struct SpinWatch {
    /// The goroutine being watched (`None`: nothing saved yet).
    pub goroutine: Option<GoId>,
    /// `State::steps` at the last checkpoint.
    pub at_step: u64,
    /// The fingerprint saved at a power-of-two checkpoint, and how many
    /// checkpoints since then (up to `power`).
    pub saved: u64,
    pub power: u32,
    pub length: u32,
    /// The goroutine polled since the last check.
    pub polled: bool,
    /// `State::steps` at the first checkpoint, and whether the goroutine
    /// polled since then: a run cut at the step bound while one goroutine
    /// polled alone all the while is a livelock (`verdict::polling_alone`).
    pub since: u64,
    pub polling: bool,
    /// The first (in the source) poll, and visible operation, since the
    /// saved checkpoint: once the loop is seen, they cover all of it, so
    /// the place reported does not depend on where the loop was caught.
    pub poll_span: Option<Span>,
    pub op_span: Option<Span>,
    /// Watching the whole program: several goroutines can run, on the
    /// default schedule (`Machine::group_spin_check`).
    pub group: bool,
    /// The goroutines that reached a checkpoint since the saved one, in id
    /// order (group watch only).
    pub ran: Vec<GoId>,
    /// Each goroutine's first operation (in the source) since the saved
    /// checkpoint (group watch only), in id order.
    pub spans: Vec<(GoId, Span)>,
    /// Since the saved checkpoint, the loop read the clock (`time.Now`,
    /// `Since`, `Until`): in Go the clock moves on while it spins.
    pub read_clock: bool,
    /// Since the saved checkpoint, the default schedule resolved a choice
    /// Go makes at random (a select with several ready cases, `rand`): a
    /// state seen again is then no loop Go stays in.
    pub chose: bool,
}

impl SpinWatch {
    /// Forgets what was watched (another goroutine can run, a timer fired,
    /// a choice was made).
    pub fn reset(&mut self) {
        *self = SpinWatch::default();
    }

    /// Brent's step at a checkpoint whose fingerprint is `h`: true when `h`
    /// is the saved one (the loop came round). Otherwise counts the
    /// checkpoint and, after a power of two of them, saves `h` and forgets
    /// what the loop did since the last save.
    pub fn came_round(&mut self, h: u64) -> bool {
        if self.power > 0 && h == self.saved {
            return true;
        }
        self.length += 1;
        if self.power == 0 || self.length >= self.power {
            self.saved = h;
            self.power = self.power.saturating_mul(2).max(1);
            self.length = 0;
            self.poll_span = None;
            self.op_span = None;
            self.ran.clear();
            self.spans.clear();
            self.chose = false;
            self.read_clock = false;
        }
        false
    }

    /// Keeps the first span in the source.
    pub fn note(first: &mut Option<Span>, span: Span) {
        if first.is_none_or(|f| span.start < f.start) {
            *first = Some(span);
        }
    }
}

/// Virtual time. Invariant: every pending timer is due at or after `now`;
/// time only moves when nobody can run (or a due timer is chosen).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Nanoseconds since the run started.
    pub now: i64,
    pub timers: Vec<PendingTimer>,
    /// Orders timers due at the same instant by when they were set.
    pub timer_seq: u64,
    /// `now` when the entry returned.
    pub exit_clock: i64,
    /// Clock advances since the entry returned (bounded by `Limits`).
    pub post_exit_clock_advances: u32,
    /// How far the clock moved the last time a loop that reads it came back
    /// to a state (`Machine::let_time_pass`): 8 times more each time.
    pub spin_jump: i64,
}

/// What the program printed.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// The length of `stdout` when the entry returned: what Go shows (a
    /// `main` that returns ends the process).
    pub stdout_at_exit: Option<usize>,
}

/// The explorer's side of a run: the choice it must answer and the accesses
/// each transition made. Empty on the default schedule.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub pending: Option<ChoicePoint>,
    /// The answer to a choice asked inside an operation (a select case, a
    /// waiter, a branch), read back when the operation runs again.
    pub answer: Option<u32>,
    pub opaque_choices: u32,
    /// Each transition's goroutine and the objects its visible operation
    /// touched (for partial-order reduction).
    pub trace: Vec<(GoId, Vec<Access>)>,
    /// Trace entries already checked for races.
    pub trace_checked: usize,
    /// Transitions recorded for the explorer so far in this run, and how
    /// many there were when the entry returned: the explorer's choice
    /// before the exit is where a goroutine that fails after it (a panic Go
    /// never shows) must be tried first.
    pub transitions: usize,
    pub exit_transition: Option<usize>,
    /// `State::steps` at which `Machine::advance_within` next reads its
    /// budget.
    pub budget_check_at: u64,
    /// Trace entries taken back (an operation that asked a choice first):
    /// `transitions - popped` is the position of the next entry.
    pub popped: usize,
    /// Each goroutine started in this run: (child, parent, position in the
    /// trace of the parent's next transition). What the parent did before
    /// happens before all the child does, so it is no race (the explorer's
    /// `process_races`): without this, setting up a variable a goroutine
    /// reads later counted as a race and multiplied the schedules.
    pub spawned: Vec<(GoId, GoId, usize)>,
}

impl Search {
    /// Whether transition `l` of goroutine `q` happens before everything
    /// goroutine `p` does because `q` started `p`, or an ancestor of `p`,
    /// after it.
    pub fn spawned_after(&self, q: GoId, l: usize, p: GoId) -> bool {
        let mut cur = p;
        for _ in 0..self.spawned.len() {
            let Some(&(_, parent, at)) = self.spawned.iter().find(|(c, _, _)| *c == cur) else {
                return false;
            };
            if parent == q {
                return at > l;
            }
            cur = parent;
        }
        false
    }
}

/// Events and snapshots for a witness (recording mode only).
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// What each step did.
    pub events: Vec<Event>,
    /// Snapshots after each step, and the function table they use.
    pub snapshots: Vec<super::witness::Snapshot>,
    pub snapshot_functions: Vec<String>,
    /// Goroutine lines in the snapshots so far (their memory and time).
    pub snapshot_cells: usize,
    pub events_seen: usize,
    /// The hand-offs since the last snapshot.
    pub handoffs: Vec<super::witness::Handoff>,
}

/// What the run learned for the verdicts beyond its outcome: resources,
/// growth of package-level state, locks the entry holds, what escaped to
/// the caller or to unknown code.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub resources: Vec<ObjId>,
    /// Stores by goroutines other than the entry's that grow a package-level
    /// map or slice: (global index, span of the store, the map key).
    pub global_growth: Vec<(u32, Span, Option<Value>)>,
    /// Package-level maps and slices that some code shrank (a `delete`, a
    /// re-slice): they are cleaned up, not retained.
    pub global_cleaned: Vec<u32>,
    /// Mutexes the entry's goroutine holds, with the span of its Lock: a
    /// function entry that returns holding one leaks the lock.
    pub entry_locks: Vec<(ObjId, Span)>,
    /// Values handed to unknown code: whatever they reach may have users the
    /// analysis cannot see.
    pub escaped: Vec<Value>,
    /// The entry's arguments (receiver first) and, once it returned, its
    /// results: the caller holds them, so what they reach is the caller's.
    pub entry_args: Vec<Value>,
    pub entry_results: Vec<Value>,
    /// A condition or loop count read an unknown value (a parameter, an
    /// unknown call's result): what the run did next depends on inputs the
    /// analysis does not know.
    pub steered_by_unknown: bool,
    /// A test failed (`t.Fatal`, `t.Error`) reporting an unknown value,
    /// an error of code the engine does not model (a failed `Accept`).
    pub failed_on_unknown: bool,
    /// The run called a function the engine cannot run (declared without a
    /// body): its verdict is unknown, so it yields no finding.
    pub unmodeled: bool,
    /// Results of unknown code that were given a tracked resource
    /// (`textproto.NewConn(conn)`): (the result's symbol, the resource).
    /// Closing such a result closes what it wraps.
    pub wrappers: Vec<(Sym, ObjId)>,
    /// Nondeterminism the default schedule resolved silently.
    pub notes: Vec<String>,
}

/// A run's whole state: a plain value, cloned to branch and hashed
/// ([`State::fingerprint`]) to detect revisits. Each part keeps its own
/// invariants (see each type).
#[derive(Clone, Debug)]
pub struct State {
    pub mode: Mode,
    pub sched: Scheduler,
    /// The heap: an arena indexed by [`ObjId`].
    pub heap: Vec<Obj>,
    /// Package-level variables: each a cell in the heap.
    pub globals: Vec<ObjId>,
    /// Array elements allocated in this run: a loop that makes large buffers
    /// is bounded by memory, not only by the number of objects.
    pub cells: u64,
    pub clock: Clock,
    pub out: Output,
    pub search: Search,
    pub rec: Recording,
    pub facts: Facts,
    /// The run's unknown values and what it learned about them.
    pub path: super::symbolic::Path,
    pub outcome: Option<Outcome>,
    pub entry_done: bool,
    pub steps: u64,
    /// The step at which some goroutine last reached a visible operation: a
    /// run that ends at the step bound long after it was spinning in a loop
    /// that never communicates.
    pub last_visible_step: u64,
}

/// How a visible operation touches an object, for partial-order reduction.
/// Two accesses to the same object conflict unless [`AccessKind::commutes`]
/// says otherwise: the one place the explorer's dependence relation is
/// written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessKind {
    /// Reads or writes the object in a way that may steer another operation.
    Strong,
    /// A send that only enqueues its goroutine (no receiver, no room).
    SendEnqueue,
    /// A receive that only enqueues its goroutine (nothing to take).
    RecvEnqueue,
    /// A send that appends to a buffer and leaves room after it (an
    /// approximation: the order of buffered values is taken not to steer
    /// control flow). One that takes the last slot is `Strong`: it would
    /// make a later send block.
    Append,
    /// A receive that takes the front of a non-empty buffer with no sender
    /// waiting: it commutes with appends (one works at each end).
    TakeFront,
    /// A WaitGroup update that keeps the counter above zero.
    CounterAboveZero,
    /// A `select` that only observes channels (it takes its default, or
    /// the others while its one ready case appends); a plain read.
    Observe,
    /// Plain memory read or written while holding a lock: two such accesses
    /// commute (the locks' own races order the critical sections; counting
    /// them again made a Cond hand-off fixture ten times as many
    /// schedules), one and an access without a lock do not.
    Guarded,
}

impl AccessKind {
    /// Whether two operations on the same object give the same state in
    /// either order.
    pub fn commutes(self, other: AccessKind) -> bool {
        use AccessKind::*;
        match (self, other) {
            (Strong, _) | (_, Strong) => false,
            (Append, TakeFront) | (TakeFront, Append) => true,
            // Two receivers compete for the front value.
            (TakeFront, TakeFront) => false,
            (a, b) => a == b,
        }
    }
}

/// One object a visible operation touches, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Access {
    pub obj: ObjId,
    pub kind: AccessKind,
}

impl Access {
    pub fn strong(obj: ObjId) -> Access {
        Access {
            obj,
            kind: AccessKind::Strong,
        }
    }
}

impl State {
    /// An empty state in this mode, before the entry's goroutine exists.
    pub fn new(mode: Mode) -> State {
        State {
            mode,
            sched: Scheduler {
                current: Some(GoId::ENTRY),
                // When exploring, the entry stops before its first visible
                // operation too: a goroutine it starts first may run before it.
                fresh: !mode.explores(),
                ..Scheduler::default()
            },
            heap: Vec::new(),
            globals: Vec::new(),
            cells: 0,
            clock: Clock::default(),
            out: Output::default(),
            search: Search::default(),
            rec: Recording::default(),
            facts: Facts::default(),
            path: Default::default(),
            outcome: None,
            entry_done: false,
            steps: 0,
            last_visible_step: 0,
        }
    }

    /// The goroutine with this id.
    pub fn g(&self, id: GoId) -> &Goroutine {
        &self.sched.gs[id.index()]
    }

    pub fn g_mut(&mut self, id: GoId) -> &mut Goroutine {
        &mut self.sched.gs[id.index()]
    }

    /// A test (or subtest) of the run has failed (`t.Error`, `t.Fatal`).
    pub fn test_failed(&self) -> bool {
        self.heap
            .iter()
            .any(|o| matches!(o, Obj::TestingT { failed: true, .. }))
    }

    /// The id the next goroutine will get.
    pub fn next_goroutine_id(&self) -> GoId {
        GoId::of_index(self.sched.gs.len())
    }

    /// A hash of everything that determines the future of the run; output,
    /// step counters and events are left out so equal futures merge.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv::default();
        self.sched.gs.hash(&mut h);
        // Wait queues hash as sets: when exploring, any waiter may be the
        // first, so states that differ only in arrival order merge.
        for obj in &self.heap {
            match obj {
                Obj::Chan(c) => {
                    let (r, s) = (waiter_set(&c.recvq), waiter_set(&c.sendq));
                    (c.cap, &c.buf, c.closed, c.counted, r, s).hash(&mut h);
                }
                other => other.hash(&mut h),
            }
        }
        self.globals.hash(&mut h);
        self.sched.current.hash(&mut h);
        self.clock.now.hash(&mut h);
        self.clock.timers.hash(&mut h);
        self.facts.resources.hash(&mut h);
        // What the verdicts of real entries read (see `verdict::classify`):
        // a run that took more input must not hide one that took less.
        self.facts.failed_on_unknown.hash(&mut h);
        self.path.hash(&mut h);
        self.entry_done.hash(&mut h);
        self.outcome.hash(&mut h);
        self.search.pending.hash(&mut h);
        h.0
    }

    /// The heap objects reachable from `roots`, indexed by object id.
    pub fn reachable<'a>(&self, roots: impl IntoIterator<Item = &'a Value>) -> Vec<bool> {
        let mut marked = vec![false; self.heap.len()];
        let mut work: Vec<ObjId> = roots.into_iter().filter_map(Value::obj_id).collect();
        while let Some(o) = work.pop() {
            match marked.get_mut(o as usize) {
                Some(m) if !*m => *m = true,
                _ => continue,
            }
            self.heap[o as usize].children(&mut work);
        }
        marked
    }

    pub fn alloc(&mut self, obj: Obj) -> ObjId {
        if let Obj::Array(items) = &obj {
            self.cells += items.len() as u64;
        }
        self.heap.push(obj);
        (self.heap.len() - 1) as ObjId
    }

    /// The package-level variable whose value is this map, if any.
    pub fn global_holding_map(&self, map: ObjId) -> Option<u32> {
        self.globals.iter().position(|c| matches!(self.heap.get(*c as usize), Some(Obj::Cell(Value::Map(m) | Value::Obj(m))) if *m == map)).map(|i| i as u32)
    }

    pub fn chan(&self, id: ObjId) -> Option<&Chan> {
        match self.heap.get(id as usize) {
            Some(Obj::Chan(c)) => Some(c),
            _ => None,
        }
    }

    pub fn chan_mut(&mut self, id: ObjId) -> Option<&mut Chan> {
        match self.heap.get_mut(id as usize) {
            Some(Obj::Chan(c)) => Some(c),
            _ => None,
        }
    }
}

/// FNV-1a over bytes, with whole integers mixed in one step: deterministic on
/// every platform, unlike the std hasher's seed. The fingerprint hashes the
/// whole state at every choice point, and derived `Hash` impls write mostly
/// integers (discriminants, ids, lengths), so mixing a word at a time instead
/// of eight byte rounds is what keeps state hashing cheap.
pub struct Fnv(pub u64);

/// FNV's offset basis, the start of every fingerprint (and of the explorer's
/// number sets, through `BuildHasherDefault`).
impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf29ce484222325)
    }
}

impl Fnv {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0x100000001b3);
        self.0 ^= self.0 >> 29;
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().unwrap()));
        }
        for b in chunks.remainder() {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(i as u64);
    }
    fn write_u16(&mut self, i: u16) {
        self.mix(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }
    fn write_i64(&mut self, i: i64) {
        self.mix(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.mix(i as u64);
    }
}

/// A wait queue's hash as a set: the same waiters in any order hash alike
/// (the sum of each waiter's own hash). No sort: each sort call site is its
/// own copy of the standard sort in the browser's download.
fn waiter_set(q: &[Waiter]) -> u64 {
    q.iter().fold(0, |sum: u64, w| {
        let mut h = Fnv::default();
        w.hash(&mut h);
        sum.wrapping_add(h.finish())
    })
}
