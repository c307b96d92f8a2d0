//! Verdicts: what a finished run shows. A run ends when the entry returned
//! and the rest reached quiescence; then
//!
//! - **leak**: a blocked goroutine waits on objects no live goroutine, global
//!   or unknown code can reach, so nothing can ever wake it (the definition of
//!   Go's `goroutineleak` profile);
//! - **blocked-at-exit**: `main` returned while a goroutine was blocked on
//!   something still reachable (from globals, or a goroutine still running);
//! - **deadlock**: every goroutine is blocked and the entry has not returned;
//! - **resource-leak**: a tracked closable resource was never released;
//! - **panic**: an unrecovered panic or fatal error.

use crate::engine::value::{GoId, Obj, ObjId, Value};
use crate::engine::witness::Snapshot;
use crate::engine::{
    BlockReason, Goroutine, Machine, Outcome, PanicCause, State, Status, TimerAction,
};
use crate::position::{Range, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    Leak,
    Deadlock,
    BlockedAtExit,
    ResourceLeak,
    Panic,
    /// A goroutine spins forever while no other goroutine can run: the
    /// entry never finishes, and Go never says so.
    Livelock,
}

impl VerdictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Leak => "leak",
            VerdictKind::Deadlock => "deadlock",
            VerdictKind::BlockedAtExit => "blocked-at-exit",
            VerdictKind::ResourceLeak => "resource-leak",
            VerdictKind::Panic => "panic",
            VerdictKind::Livelock => "livelock",
        }
    }
}

/// A goroutine a verdict is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoroutineReport {
    pub id: GoId,
    /// Go's name for its function, e.g. `main.func1` or `worker`.
    pub function: String,
    /// Where it is blocked (or panicked): 1-based.
    pub line: u32,
    pub column: u32,
    /// Why it waits, as data (the rules match on it); written as Go's wait
    /// reason (`chan send`, `select`).
    #[serde(serialize_with = "go_wait_reason")]
    pub reason: Option<BlockReason>,
    /// Where it is blocked (or panicked).
    pub range: Range,
    /// The `go` statement that started it (none for the entry).
    pub go_statement: Option<Range>,
    /// `make` of the channel it is blocked on, when there is one.
    pub channel_make: Option<Range>,
}

fn go_wait_reason<S: serde::Serializer>(
    reason: &Option<BlockReason>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_some(&reason.map(BlockReason::go_name))
}

/// The replayable schedule that shows a verdict, with a snapshot per step.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Witness {
    /// The answer (option index) at each choice point, in order.
    pub schedule: Vec<u32>,
    /// Whether the schedule is for the explorer's semantics (`true`) or the
    /// default run-queue schedule (`false`).
    pub explored: bool,
    /// Function names the snapshots refer to by index.
    pub functions: Vec<String>,
    /// Standard output of the whole run (snapshots give lengths into it).
    pub output: String,
    pub steps: Vec<Snapshot>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// `leak`, `deadlock`, `blocked-at-exit`, `resource-leak` or `panic`.
    pub kind: VerdictKind,
    pub message: String,
    /// Where `range` starts: 1-based.
    pub line: u32,
    pub column: u32,
    /// The primary place: the blocked operation, the panic, the resource.
    pub range: Range,
    pub goroutines: Vec<GoroutineReport>,
    /// For resource leaks: what kind of resource.
    pub resource: Option<String>,
    /// For resource leaks: the kind as data (the rules match on it).
    #[serde(skip)]
    pub resource_kind: Option<ResourceKind>,
    /// For a goroutine blocked while others loop forever without
    /// communicating: the looping goroutines' functions (`main` in `for
    /// {}`), which never return (the rules must not say they did).
    #[serde(skip)]
    pub spinner: Vec<String>,
    pub witness: Witness,
    /// How many explored runs had this verdict (1 for a plain run).
    pub runs: u32,
}

impl Verdict {
    /// A verdict at `span` in `machine`'s source (no resource, no witness
    /// yet, seen in one run).
    fn new(
        machine: &Machine,
        kind: VerdictKind,
        message: String,
        span: Span,
        goroutines: Vec<GoroutineReport>,
    ) -> Verdict {
        let range = machine.lines.range(span);
        Verdict {
            kind,
            message,
            line: range.start.line,
            column: range.start.column,
            range,
            goroutines,
            resource: None,
            resource_kind: None,
            spinner: Vec::new(),
            witness: Witness::default(),
            runs: 1,
        }
    }

    /// The primary span.
    pub fn span(&self) -> Span {
        self.range.span
    }
}

/// What a resource leak holds on to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    /// A context's cancel function never called.
    CancelFunc,
    /// A ticker never stopped.
    Ticker,
    /// A timer never stopped that never fires.
    Timer,
    /// A file, connection, response body or another closable value.
    Closable,
    /// A mutex a function entry returned holding.
    HeldMutex,
    /// An entry stored into a package-level map or slice and never removed.
    PackageLevel,
}

impl ResourceKind {
    /// The kind of a tracked resource, from the engine's tag for it.
    fn of_tracked(tag: &str) -> ResourceKind {
        match tag {
            "context cancel func" => ResourceKind::CancelFunc,
            "ticker" => ResourceKind::Ticker,
            "timer" => ResourceKind::Timer,
            _ => ResourceKind::Closable,
        }
    }
}

pub use leakscope_data::EntryKind;

/// The verdicts of one finished run (without witnesses).
pub fn classify(machine: &Machine, st: &State, entry: EntryKind) -> Vec<Verdict> {
    classify_counting_dropped(machine, st, entry).0
}

/// What a search says when it dropped verdicts of a real entry for
/// depending on the length of unknown input.
pub const INPUT_COUNT_NOTE: &str = "a leak seen only when unknown input (a connection's lines, a listener's connections, `rows.Next()`) has some particular length is not reported for `main` or a test: that length is the program's own, which leakscope does not know";
/// What a search says when it dropped verdicts of a test on a path where the
/// test had already failed on an error of unknown code.
pub const FAILED_TEST_NOTE: &str = "what a test leaves open after it failed, or blocked after it failed on an error from code leakscope does not model (`t.Fatal(err)`), is not reported";

/// [`classify`], and the notes for what it dropped: verdicts of `main` or a
/// test that depend on the length of unknown input (see
/// `depends_on_input_count`), or on a test failure on an unknown error.
pub fn classify_counting_dropped(
    machine: &Machine,
    st: &State,
    entry: EntryKind,
) -> (Vec<Verdict>, Vec<&'static str>) {
    let mut out = classify_run(machine, st, entry);
    let mut notes = Vec::new();
    let before = out.len();
    if entry != EntryKind::Function {
        out.retain(|v| !depends_on_input_count(st, v));
    }
    if out.len() < before {
        notes.push(INPUT_COUNT_NOTE);
    }
    let before = out.len();
    if entry == EntryKind::Test && st.facts.failed_on_unknown {
        // The test already failed on an error of code the engine does not
        // model (`if err != nil { t.Fatalf("accept: %v", err) }`): what it
        // leaves blocked or open on that path is not reported (the
        // failure is the report). A leak that does not need the failure
        // is found on the runs where the error was nil.
        out.retain(|v| {
            !matches!(
                v.kind,
                VerdictKind::Leak
                    | VerdictKind::Deadlock
                    | VerdictKind::BlockedAtExit
                    | VerdictKind::ResourceLeak
            )
        });
    }
    if entry == EntryKind::Test && st.test_failed() {
        // Nor a file or connection left open on a path where the test has
        // failed at all (`t.Fatalf("handler still running")` before its
        // `conn.Close()`): the failure is what its author reads. Blocked
        // goroutines stay findings there: a test that times out waiting
        // is how a deadlock shows.
        out.retain(|v| v.kind != VerdictKind::ResourceLeak);
    }
    if out.len() < before {
        notes.push(FAILED_TEST_NOTE);
    }
    (out, notes)
}

/// In `main` or a test, a goroutine blocked, or a resource left open,
/// because of how many results unknown code called in a loop gave is no
/// established finding: the number is the program's own (a test server
/// reads as many lines as the test's client wrote), and the analysis, not
/// knowing it, tried others. A leak is kept when a run where every such
/// loop took exactly one item (which the search explores too) has it; so
/// dropped are the verdicts of a run where a loop went on past its first
/// item (a reader that sends one line more than was written, a handler for
/// a second connection) or ended before it (a test whose connection "ended"
/// before the first line its own server writes), and a verdict on a
/// goroutine waiting for a value or a count while a goroutine that read such
/// input has returned (a server whose connection "ended" before the line its
/// test waits for). A goroutine blocked sending its first item, or ranging
/// over a channel nobody closes, is reported. A function checked in its
/// caller's context keeps them all: there the input is the caller's, of any
/// length.
fn depends_on_input_count(st: &State, v: &Verdict) -> bool {
    if !matches!(
        v.kind,
        VerdictKind::Leak
            | VerdictKind::Deadlock
            | VerdictKind::BlockedAtExit
            | VerdictKind::ResourceLeak
    ) {
        return false;
    }
    // Whose own path depended on the length: the entry's (or a subtest
    // body's), which decides when the run ends and what it closes; a
    // blocked goroutine's, which decides where it waits.
    let counted = |g: &Goroutine| g.counted_input;
    if st
        .sched
        .gs
        .iter()
        .any(|g| g.runs_entry_body() && counted(g))
    {
        return true;
    }
    if v.kind == VerdictKind::ResourceLeak {
        return false;
    }
    if v.goroutines
        .iter()
        .any(|r| st.sched.gs.get(r.id.index()).is_some_and(counted))
    {
        return true;
    }
    let waits_for_a_value = v.goroutines.iter().any(|r| {
        matches!(
            r.reason,
            Some(
                BlockReason::ChanRecv
                    | BlockReason::Select
                    | BlockReason::WaitGroupWait
                    | BlockReason::CondWait
            )
        )
    });
    waits_for_a_value
        && st
            .sched
            .gs
            .iter()
            .any(|g| g.reads_input && g.id != GoId::ENTRY && g.status == Status::Done)
}

fn classify_run(machine: &Machine, st: &State, entry: EntryKind) -> Vec<Verdict> {
    let mut out = Vec::new();
    if st.facts.unmodeled {
        // The run went through code the engine does not model (a function
        // without a Go body): whatever it ended in says nothing about the
        // program, so it is no finding.
        return out;
    }
    match &st.outcome {
        Some(Outcome::Panic {
            cause: PanicCause::Explicit | PanicCause::Runtime,
            ..
        }) if st.facts.steered_by_unknown || entry == EntryKind::Function => {
            // A deliberate panic (an argument guard, `panic(err)` on a
            // failure) or a runtime error reached only because an unknown
            // value steered the run there, or in a function whose callers
            // are unknown (`panic("unimplemented")` in a library method):
            // the inputs that lead to it may never occur. Concurrency errors
            // are reported regardless.
            return out;
        }
        Some(Outcome::Panic {
            message,
            goroutine,
            span,
            ..
        })
        | Some(Outcome::Fatal {
            message,
            goroutine,
            span,
        }) => {
            let fatal = matches!(st.outcome, Some(Outcome::Fatal { .. }));
            let g = &st.sched.gs[goroutine.index()];
            let message = if fatal {
                format!("fatal error: {message}")
            } else {
                format!("panic: {message}")
            };
            out.push(Verdict::new(
                machine,
                VerdictKind::Panic,
                message,
                *span,
                vec![report(machine, st, g.id, *span, None)],
            ));
            return out;
        }
        Some(Outcome::Deadlock)
            if st
                .sched
                .gs
                .iter()
                .any(|g| g.by_unknown && matches!(g.status, Status::Blocked(_))) =>
        {
            // A function handed to unknown code waits too: its real caller
            // decides when (and how often) it runs, which the run did not
            // know, so "every goroutine is blocked" is not established.
            return out;
        }
        Some(Outcome::Deadlock) if waits_on_what_unknown_code_holds(st) => {
            // A goroutine waits on something that code the engine does not
            // model was handed (a reader given to a decoder, whose `Read`
            // the decoder calls and which receives): that code may complete
            // the wait, so "every goroutine is blocked" is not established.
            return out;
        }
        Some(Outcome::Deadlock)
            if entry == EntryKind::Function
                && waits_on_channels(st, GoId::ENTRY)
                && !holds_a_lock(st)
                && live_from(st, false, false, &[])[0] =>
        {
            // A function (a method on the receiver its constructor built)
            // waits on a channel or WaitGroup its caller owns (the
            // receiver's, which the caller's `Close` closes or `Ready`
            // releases): the caller can still wake it. A lock
            // it holds itself is no such thing.
            return out;
        }
        Some(Outcome::Deadlock) => {
            // `t.Run` waiting for a subtest that is blocked itself is no
            // wait of the program's: the subtest's operation is the story
            // (Go shows the parent in `t.Run`, the subtest where it waits).
            let blocked_subtests: Vec<ObjId> = st
                .sched
                .gs
                .iter()
                .filter(|g| g.subtest && matches!(g.status, Status::Blocked(_)))
                .filter_map(|g| g.wg_on_exit)
                .collect();
            let mut gs: Vec<GoroutineReport> = st
                .sched
                .gs
                .iter()
                .filter_map(|g| match &g.status {
                    Status::Blocked(b)
                        if b.reason == BlockReason::WaitGroupWait
                            && b.objs.iter().any(|o| blocked_subtests.contains(o)) =>
                    {
                        None
                    }
                    Status::Blocked(b) => Some(report(machine, st, g.id, b.span, Some(b))),
                    _ => None,
                })
                .collect();
            crate::order::sort_by_key(&mut gs, |r| r.id);
            let span = gs.first().map(|r| r.range.span).unwrap_or_default();
            let what = match entry {
                EntryKind::Main => "main",
                EntryKind::Test => "the test",
                EntryKind::Function => "the function",
            };
            out.push(Verdict::new(machine, VerdictKind::Deadlock, format!("deadlock: {what} can never finish; every goroutine is blocked (fatal error: all goroutines are asleep - deadlock!)"), span, gs));
            return out;
        }
        _ => {}
    }
    let livelock = match &st.outcome {
        Some(Outcome::Livelock {
            goroutine,
            span,
            polls,
            others,
        }) if !st.facts.steered_by_unknown => {
            // A loop that polls spins for something; one that does not
            // (`for {}`) is reported only when nothing else is: then the run
            // proved it never ends, which is no clean bill either. With
            // goroutines blocked meanwhile, their leaks say it.
            let others_blocked = st
                .sched
                .gs
                .iter()
                .any(|g| g.id != *goroutine && matches!(g.status, Status::Blocked(_)));
            if *polls || !others_blocked {
                out.extend(livelock_verdict(
                    machine, st, entry, *goroutine, *span, *polls, others,
                ));
            }
            Some(*goroutine)
        }
        _ => polling_alone(machine, st).map(|(g, span)| {
            out.extend(livelock_verdict(machine, st, entry, g, span, true, &[]));
            g
        }),
    };
    if let Some(spinner) = livelock.or_else(|| spinning_alone(machine, st)) {
        // In id order: the spinner named is the entry or the first one, and
        // the others follow it in id order (`Machine::group_spin_check`).
        let mut spinners = vec![spinner];
        if let Some(Outcome::Livelock { others, .. }) = &st.outcome {
            spinners.extend(others.iter().map(|o| o.0));
        }
        // One goroutine loops forever without a channel, lock or WaitGroup
        // operation while every other one is blocked: nothing can wake them
        // any more, whatever its frames still reference (`for {}` in main
        // after starting a sender).
        let live = live_from(st, true, true, &spinners);
        let names: Vec<String> = spinners
            .iter()
            .map(|g| machine.func_name(st.sched.gs[g.index()].func).to_string())
            .collect();
        let name = names.join("` and `");
        let loops = if spinners.len() > 1 { "loop" } else { "loops" };
        for g in &st.sched.gs {
            let Status::Blocked(b) = &g.status else {
                continue;
            };
            if live[g.id.index()] {
                continue;
            }
            let r = report(machine, st, g.id, b.span, Some(b));
            if livelock.is_some() && g.id == GoId::ENTRY {
                // The entry waits for the spinner, which never changes
                // anything: it can never finish.
                out.push(Verdict::new(
                    machine,
                    VerdictKind::Deadlock,
                    format!(
                        "deadlock: {} can never finish: it is blocked forever on an operation nothing can complete, while `{name}` {}",
                        machine.func_name(g.func),
                        if spinners.len() > 1 { "spin" } else { "spins" }
                    ),
                    b.span,
                    vec![r],
                ));
                continue;
            }
            match out.iter_mut().find(|v| v.span() == b.span) {
                Some(v) => v.goroutines.push(r),
                None => out.push(Verdict {
                    spinner: names.clone(),
                    ..Verdict::new(
                        machine,
                        VerdictKind::Leak,
                        format!(
                            "goroutine {} ({}) is blocked forever, {}: `{name}` {loops} forever {}, so nothing can wake it",
                            r.id,
                            r.function,
                            r.reason.map(BlockReason::go_name).unwrap_or("blocked"),
                            if livelock.is_some() {
                                "without changing anything"
                            } else {
                                "without communicating"
                            }
                        ),
                        b.span,
                        vec![r],
                    )
                }),
            }
        }
        return out;
    }
    if !st.entry_done {
        // Stopped at a bound before the entry returned. If the entry waits on
        // something no live goroutine can reach, it can still never finish
        // (other goroutines may run forever, so Go reports no deadlock).
        let live = live_goroutines(st);
        if let Some(g) = st.sched.gs.first() {
            if let (Status::Blocked(b), false) = (&g.status, live[0]) {
                out.push(Verdict::new(machine, VerdictKind::Deadlock, format!(
                        "deadlock: {} can never finish: it is blocked forever on an operation nothing can complete, while other goroutines keep running",
                        machine.func_name(g.func)
                    ), b.span, vec![report(machine, st, g.id, b.span, Some(b))]));
            }
        }
        return out;
    }
    let live = live_goroutines(st);
    // A test that returns while goroutines it started are still blocked fails
    // goleak's `VerifyNone`, even when a package-level variable still reaches
    // what they wait on. Only what unknown code holds (it may still act) or a
    // running goroutine reaches keeps them out of the test's findings.
    let live_without_globals = (entry == EntryKind::Test).then(|| live_from(st, false, true, &[]));
    // For `main`, a goroutine that only unknown code can still reach (a
    // channel handed to a library that may still use it) is not reported as
    // blocked at exit: that code may complete it.
    let live_without_unknown_code =
        (entry == EntryKind::Main).then(|| live_from(st, true, false, &[]));
    // Group blocked goroutines by their blocked operation.
    let mut leaks: Vec<(Span, Vec<GoroutineReport>, bool)> = Vec::new();
    for g in &st.sched.gs {
        let Status::Blocked(b) = &g.status else {
            continue;
        };
        if g.by_unknown {
            // Started for unknown code that was handed the function: that
            // code decides whether it runs at all.
            continue;
        }
        let index = g.id.index();
        let leaked = !live[index]
            || live_without_globals
                .as_ref()
                .is_some_and(|l| !l[index] && index > 0);
        if !leaked && entry != EntryKind::Main {
            continue;
        }
        if !leaked
            && live_without_unknown_code
                .as_ref()
                .is_some_and(|l| !l[index])
        {
            continue;
        }
        let r = report(machine, st, g.id, b.span, Some(b));
        match leaks
            .iter_mut()
            .find(|(s, _, l)| *s == b.span && *l == leaked)
        {
            Some((_, v, _)) => v.push(r),
            None => leaks.push((b.span, vec![r], leaked)),
        }
    }
    for (span, gs, leaked) in leaks {
        let first = &gs[0];
        let who = if gs.len() == 1 {
            format!("goroutine {} ({})", first.id, first.function)
        } else {
            format!("{} goroutines ({})", gs.len(), first.function)
        };
        let what = match first.reason {
            Some(BlockReason::ChanSend) => {
                "sending on a channel that no goroutine will ever receive from"
            }
            Some(BlockReason::ChanRecv) => {
                "receiving from a channel that no goroutine will ever send to or close"
            }
            Some(BlockReason::RangeChan) => "ranging over a channel that is never closed",
            Some(BlockReason::Select) => "in a select whose channels can never become ready",
            Some(BlockReason::SelectNoCases) => "in an empty select",
            Some(BlockReason::NilChanSend) => "sending on a nil channel",
            Some(BlockReason::NilChanRecv) => "receiving from a nil channel",
            Some(BlockReason::MutexLock) => "locking a mutex that is never unlocked",
            Some(BlockReason::RLock) => "read-locking a mutex that is never unlocked",
            Some(BlockReason::WaitGroupWait) => {
                "waiting on a WaitGroup whose counter never reaches zero"
            }
            Some(BlockReason::CondWait) => "waiting on a condition that is never signalled",
            None => "blocked",
        };
        if leaked {
            let still_reachable = gs.iter().any(|g| live[g.id.index()]);
            out.push(Verdict::new(machine, VerdictKind::Leak, if still_reachable {
                    format!(
                        "{who} {} still blocked when the test returns, {what}; goleak's VerifyNone fails this test",
                        if gs.len() == 1 { "is" } else { "are" }
                    )
                } else {
                    format!(
                        "{who} {} blocked forever {what}",
                        if gs.len() == 1 { "is" } else { "are" }
                    )
                }, span, gs));
        } else {
            out.push(Verdict::new(machine, VerdictKind::BlockedAtExit, format!("{who} {} still blocked when main returns, {what}; in a long-running program this is a leak", if gs.len() == 1 { "is" } else { "are" }), span, gs));
        }
    }
    retained_globals(machine, st, &mut out);
    if st
        .sched
        .gs
        .iter()
        .any(|g| g.by_unknown && g.status != Status::Done)
    {
        // A function handed to unknown code had not finished, or panicked on
        // its unknown arguments: it may still release what it (or the
        // entry) opened, when its real caller runs it to the end with real
        // arguments (`synctest.Test(t, f)` runs `f` before returning).
        return out;
    }
    let callers = owned_by_caller(st);
    for r in st.facts.resources.iter().filter(|r| !callers[**r as usize]) {
        if let Some(Obj::Resource {
            kind,
            span,
            released: false,
        }) = st.heap.get(*r as usize)
        {
            let message = match *kind {
                "context cancel func" => "the cancel function of this context is never called: call it on every path (`defer cancel()`)".to_string(),
                "ticker" => "this ticker is never stopped: `defer ticker.Stop()`".to_string(),
                "timer" => "this timer is never stopped and never fires".to_string(),
                k => format!("this {k} is never closed: `defer x.Close()`"),
            };
            out.push(Verdict {
                resource: Some(kind.to_string()),
                resource_kind: Some(ResourceKind::of_tracked(kind)),
                ..Verdict::new(
                    machine,
                    VerdictKind::ResourceLeak,
                    message,
                    *span,
                    Vec::new(),
                )
            });
        }
    }
    // A function entry that returned holding a mutex it locked: every later
    // Lock of that mutex waits forever.
    if entry == EntryKind::Function
        && st.entry_done
        && !matches!(
            st.outcome,
            Some(Outcome::Panic { .. } | Outcome::Fatal { .. })
        )
    {
        for (m, span) in &st.facts.entry_locks {
            if let Some(Obj::Mutex { locked: true, .. }) = st.heap.get(*m as usize) {
                out.push(Verdict {
                    resource: Some("mutex locked at return".into()),
                    resource_kind: Some(ResourceKind::HeldMutex),
                    ..Verdict::new(machine, VerdictKind::ResourceLeak, "the function returns with this mutex still locked: unlock it on every path (`defer mu.Unlock()`)".into(), *span, Vec::new())
                });
            }
        }
    }
    out
}

fn report(
    machine: &Machine,
    st: &State,
    id: GoId,
    span: Span,
    b: Option<&crate::engine::Blocked>,
) -> GoroutineReport {
    let g = &st.sched.gs[id.index()];
    let make_span = b
        .and_then(|b| b.objs.first())
        .and_then(|o| st.chan(*o))
        .map(|c| c.make_span);
    let range = machine.lines.range(span);
    GoroutineReport {
        id,
        function: machine.func_name(g.func).to_string(),
        line: range.start.line,
        column: range.start.column,
        reason: b.map(|b| b.reason),
        range,
        go_statement: g.go_span.map(|s| machine.lines.range(s)),
        channel_make: make_span.map(|s| machine.lines.range(s)),
    }
}

/// Which goroutines are live: running, sleeping, or blocked on something a
/// live goroutine, a global, a pending timer or unknown code can reach.
pub fn live_goroutines(st: &State) -> Vec<bool> {
    live_from(st, true, true, &[])
}

/// The verdict of a run that ended spinning (`Outcome::Livelock`): the
/// goroutines that can run go round a loop that changes nothing (one alone,
/// or several polling each other), and no other goroutine can run. None
/// after the entry returned (Go has exited), and none when a spinner shares
/// an object with unknown code (the caller, a library handed a value),
/// which may still change what it polls.
fn livelock_verdict(
    machine: &Machine,
    st: &State,
    entry: EntryKind,
    spinner: GoId,
    span: crate::syntax::Span,
    polls: bool,
    others: &[(GoId, crate::syntax::Span)],
) -> Option<Verdict> {
    if st.entry_done {
        return None;
    }
    // In id order, as `others` are, after the entry or the first spinner.
    let mut group: Vec<(GoId, crate::syntax::Span)> = vec![(spinner, span)];
    group.extend_from_slice(others);
    let unknown = st.reachable(
        st.facts
            .entry_args
            .iter()
            .chain(&st.facts.entry_results)
            .chain(&st.facts.escaped),
    );
    let mut own = Vec::new();
    for (id, _) in &group {
        goroutine_roots(st.sched.gs.get(id.index())?, &mut own);
    }
    let mine = st.reachable(
        own.iter()
            .map(|o| Value::Obj(*o))
            .collect::<Vec<_>>()
            .iter(),
    );
    if mine.iter().zip(&unknown).any(|(a, b)| *a && *b) {
        return None;
    }
    let reports: Vec<GoroutineReport> = group
        .iter()
        .map(|&(id, at)| report(machine, st, id, at, None))
        .collect();
    let what = match entry {
        EntryKind::Main => "main",
        EntryKind::Test => "the test",
        EntryKind::Function => "the function",
    };
    let text = if let [r] = reports.as_slice() {
        let waits = if r.id == GoId::ENTRY {
            format!("{what} spins forever")
        } else {
            format!(
                "{what} can never finish: goroutine {} ({}) spins forever",
                r.id, r.function
            )
        };
        if polls {
            format!(
                "livelock: {waits} at{}, polling for something no goroutine can provide: no other goroutine can run, so nothing it waits for ever happens (Go spins too; it never reports \"all goroutines are asleep\")",
                machine.quote(span)
            )
        } else {
            format!(
                "livelock: {waits} at{}: the loop changes nothing any code can see and never ends, so the program never finishes (Go spins too; it never reports \"all goroutines are asleep\")",
                machine.quote(span)
            )
        }
    } else {
        let names: Vec<String> = reports
            .iter()
            .map(|r| {
                if r.id == GoId::ENTRY {
                    what.to_string()
                } else {
                    format!("goroutine {} ({})", r.id, r.function)
                }
            })
            .collect();
        let (last, rest) = names.split_last()?;
        let never = if group.iter().any(|g| g.0 == GoId::ENTRY) {
            String::new()
        } else {
            format!("{what} can never finish: ")
        };
        format!(
            "livelock: {never}{} and {last} spin forever{}, each waiting for something only the others could provide, and none of them ever provides it; every other goroutine is blocked or done (Go spins too; it never reports \"all goroutines are asleep\")",
            rest.join(", "),
            if polls {
                format!(", polling at{}", machine.quote(span))
            } else {
                String::new()
            }
        )
    };
    Some(Verdict::new(
        machine,
        VerdictKind::Livelock,
        text,
        span,
        reports,
    ))
}

/// The goroutine that polled alone (every other goroutine blocked or done,
/// no timer pending) until the run was cut (`Machine::spin_check`), and its
/// first poll: its state changed (a counter) so no state repeated, but only
/// its own loop could still change anything.
fn polling_alone(machine: &Machine, st: &State) -> Option<(GoId, crate::syntax::Span)> {
    let spin = &st.sched.spin;
    let g = spin.goroutine?;
    let cut = matches!(
        st.outcome,
        Some(Outcome::Bounded {
            bound: crate::engine::Bound::Steps
        })
    );
    (cut && spin.polling
        && !st.facts.steered_by_unknown
        && st.clock.timers.is_empty()
        && st.steps - spin.since >= machine.poll_livelock_steps()
        && machine.alone(st, g))
    .then(|| {
        (
            g,
            spin.poll_span
                .unwrap_or_else(|| machine.current_span(st.g(g))),
        )
    })
}

/// The goroutine that kept running until the step bound without reaching a
/// visible operation in the second half of the run, while every other
/// goroutine is blocked or done and no timer is pending: it can never wake
/// anyone (waking takes a visible operation), and nobody can stop it.
fn spinning_alone(machine: &Machine, st: &State) -> Option<GoId> {
    if !matches!(
        st.outcome,
        Some(Outcome::Bounded {
            bound: crate::engine::Bound::Steps
        })
    ) || !st.clock.timers.is_empty()
    {
        return None;
    }
    if st.steps.saturating_sub(st.last_visible_step) < machine.limits.max_steps / 2 {
        return None;
    }
    if st.facts.steered_by_unknown {
        // A loop that reads unknown input (`for { ...; if err != nil
        // { break } }`) ends when the input does; the engine, which does
        // not know the input, can keep it going forever.
        return None;
    }
    let runnable: Vec<&crate::engine::Goroutine> = st
        .sched
        .gs
        .iter()
        .filter(|g| {
            !matches!(
                g.status,
                Status::Blocked(_) | Status::Done | Status::Panicked
            )
        })
        .collect();
    match runnable.as_slice() {
        [g] if g.status == Status::Runnable => Some(g.id),
        _ => None,
    }
}

/// [`live_goroutines`], with or without package-level variables as roots,
/// with or without what was handed to unknown code, and without one
/// goroutine's frames as roots (`skip`: it runs forever without
/// communicating).
fn live_from(st: &State, globals: bool, escaped: bool, skip: &[GoId]) -> Vec<bool> {
    let mut marked = vec![false; st.heap.len()];
    let mut work: Vec<ObjId> = Vec::new();
    let mut live = vec![false; st.sched.gs.len()];
    let push_value = |v: &Value, work: &mut Vec<ObjId>| {
        if let Some(o) = v.obj_id() {
            work.push(o);
        }
    };
    if globals {
        work.extend(st.globals.iter().copied());
    }
    // What the entry was given and what it returned belong to its caller,
    // who may still use them (a worker's quit channel in the returned
    // value, a receiver's field): goroutines waiting on them are not leaks
    // of this function.
    for v in st.facts.entry_args.iter().chain(&st.facts.entry_results) {
        push_value(v, &mut work);
    }
    if escaped {
        for v in &st.facts.escaped {
            push_value(v, &mut work);
        }
    }
    for t in &st.clock.timers {
        match t.action {
            TimerAction::Fire(o) | TimerAction::CtxDeadline(o) => work.push(o),
            TimerAction::Wake(_) => {}
        }
    }
    for (i, g) in st.sched.gs.iter().enumerate() {
        if matches!(g.status, Status::Runnable | Status::Sleeping(_)) && !skip.contains(&g.id) {
            live[i] = true;
            goroutine_roots(g, &mut work);
        }
    }
    loop {
        while let Some(o) = work.pop() {
            let Some(m) = marked.get_mut(o as usize) else {
                continue;
            };
            if *m {
                continue;
            }
            *m = true;
            st.heap[o as usize].children(&mut work);
        }
        let mut changed = false;
        for (i, g) in st.sched.gs.iter().enumerate() {
            if live[i] {
                continue;
            }
            if let Status::Blocked(b) = &g.status {
                if b.objs
                    .iter()
                    .any(|o| marked.get(*o as usize).copied().unwrap_or(false))
                {
                    live[i] = true;
                    changed = true;
                    goroutine_roots(g, &mut work);
                }
            }
        }
        if !changed {
            break;
        }
    }
    live
}

/// Whether a blocked goroutine waits on an object reachable from what was
/// handed to unknown code.
fn waits_on_what_unknown_code_holds(st: &State) -> bool {
    if st.facts.escaped.is_empty() {
        return false;
    }
    let held = st.reachable(&st.facts.escaped);
    st.sched.gs.iter().any(|g| match &g.status {
        Status::Blocked(b) => b
            .objs
            .iter()
            .any(|o| held.get(*o as usize).copied().unwrap_or(false)),
        _ => false,
    })
}

/// Whether the entry's goroutine still holds a mutex it locked: whoever
/// would wake it may need that lock first.
fn holds_a_lock(st: &State) -> bool {
    st.facts.entry_locks.iter().any(|(m, _)| {
        matches!(
            st.heap.get(*m as usize),
            Some(Obj::Mutex { locked: true, .. })
        )
    })
}

/// Whether goroutine `g` is blocked only on what another goroutine wakes
/// without holding it first: channels, WaitGroups, conds (a caller's
/// `Close`, `Ready` or `Signal`), not mutexes.
fn waits_on_channels(st: &State, g: GoId) -> bool {
    match st.sched.gs.get(g.index()).map(|g| &g.status) {
        Some(Status::Blocked(b)) => {
            !b.objs.is_empty()
                && b.objs.iter().all(|o| {
                    matches!(
                        st.heap.get(*o as usize),
                        Some(Obj::Chan(_) | Obj::WaitGroup { .. } | Obj::Cond { .. })
                    )
                })
        }
        _ => false,
    }
}

/// The objects reachable from the entry's arguments and results: the
/// caller's. A file, connection, ticker or cancel func among them is the
/// caller's to release (`Dial` that returns its conn), not unclosed here.
fn owned_by_caller(st: &State) -> Vec<bool> {
    st.reachable(st.facts.entry_args.iter().chain(&st.facts.entry_results))
}

fn goroutine_roots(g: &crate::engine::Goroutine, work: &mut Vec<ObjId>) {
    for f in &g.frames {
        for v in f.locals.iter().chain(&f.stack) {
            if let Some(o) = v.obj_id() {
                work.push(o);
            }
        }
        for d in &f.defers {
            for v in std::iter::once(&d.func).chain(&d.args) {
                if let Some(o) = v.obj_id() {
                    work.push(o);
                }
            }
        }
    }
    if let Some(w) = g.wg_on_exit {
        work.push(w);
    }
}

/// Package-level maps and slices that goroutines grew during the run and that
/// no code ever shrank: what they hold stays reachable for the life of the
/// process (the retained-global pattern; Go's leak profile cannot see it,
/// since globals are always reachable).
fn retained_globals(machine: &Machine, st: &State, out: &mut Vec<Verdict>) {
    let mut reported: Vec<u32> = Vec::new();
    for (global, span, key) in st.facts.global_growth.iter().rev() {
        if reported.contains(global) || st.facts.global_cleaned.contains(global) {
            continue;
        }
        let cell = st.globals[*global as usize];
        let still_held = match (st.heap.get(cell as usize), key) {
            (Some(Obj::Cell(Value::Map(m) | Value::Obj(m))), Some(k)) => {
                match st.heap.get(*m as usize) {
                    // An opaque key (from unknown code) is the same key it was stored as.
                    Some(Obj::Map(entries, _)) => entries.iter().any(|(ek, _)| {
                        machine.values_equal(st, ek, k) || (ek.is_unknown() && k.is_unknown())
                    }),
                    _ => false,
                }
            }
            (Some(Obj::Cell(Value::Slice { len, .. })), None) => *len > 0,
            _ => false,
        };
        if !still_held {
            continue;
        }
        reported.push(*global);
        let name = machine
            .c
            .globals
            .get(*global as usize)
            .cloned()
            .unwrap_or_default();
        let what = if key.is_some() { "map" } else { "slice" };
        out.push(Verdict {
            resource: Some(format!("package-level {what} `{name}`")),
            resource_kind: Some(ResourceKind::PackageLevel),
            ..Verdict::new(machine, VerdictKind::ResourceLeak, format!(
                "a goroutine stores into the package-level {what} `{name}` and nothing ever removes the entry: it stays reachable for the life of the process"
            ), *span, Vec::new())
        });
    }
}
