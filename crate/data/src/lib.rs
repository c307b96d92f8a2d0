//! The plain data that leakscope's stages hand each other: how a search
//! was bounded, what kind of entry ran, how the search of one entry went,
//! what kind of finding it is and how sure, how confident a fix is, and the
//! vocabulary of the timeline's snapshots.
//!
//! The analyzer re-exports each type where it belongs (`engine::Bound`,
//! `verdict::EntryKind`, `findings::Severity`, ...). The page's protocol
//! uses them too: the page does not link the analyzer (its download carries
//! neither the engine nor tree-sitter), and with these types it reads the
//! worker's answers as data, not as strings to match.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    Steps,
    /// Virtual time ran past `Limits::max_virtual_time_ns` (a ticker or
    /// sleep loop that never ends).
    VirtualTime,
    Schedules,
    Time,
    Depth,
    Goroutines,
    Memory,
    /// A method the standard library calls for the program (a `String` or
    /// `Error` that `fmt` calls, a `sort` less function) blocked: the engine
    /// cannot pause inside such a call, so the run stops there, said, not
    /// silently continued with a made-up result.
    BlockingCallback,
}

impl Bound {
    /// The name reports use (the same as its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Steps => "steps",
            Bound::VirtualTime => "virtual-time",
            Bound::Schedules => "schedules",
            Bound::Time => "time",
            Bound::Depth => "depth",
            Bound::Goroutines => "goroutines",
            Bound::Memory => "memory",
            Bound::BlockingCallback => "blocking-callback",
        }
    }
}

/// Which kind of entry ran: it decides whether blocked-at-exit applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    Main,
    Test,
    Function,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn of(kind: FindingKind) -> Severity {
        match kind {
            FindingKind::Leak
            | FindingKind::Deadlock
            | FindingKind::Panic
            | FindingKind::Livelock => Severity::Error,
            FindingKind::ResourceLeak => Severity::Warning,
            // Harmless in a short program, a leak in a long-lived one.
            FindingKind::BlockedAtExit => Severity::Warning,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What kind of problem a finding reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A goroutine blocked forever on an object no running code can reach.
    Leak,
    /// The entry itself can never finish.
    Deadlock,
    /// In `main`, a goroutine still blocked when main returns.
    BlockedAtExit,
    /// A closable resource or cancel function not released on some path.
    ResourceLeak,
    /// A runtime panic.
    Panic,
    /// A goroutine spins forever, polling for something no goroutine can
    /// provide (Go never reports it: the program just burns a CPU).
    Livelock,
}

impl FindingKind {
    /// The kind's name (the same as its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Leak => "leak",
            FindingKind::Deadlock => "deadlock",
            FindingKind::BlockedAtExit => "blocked-at-exit",
            FindingKind::ResourceLeak => "resource-leak",
            FindingKind::Panic => "panic",
            FindingKind::Livelock => "livelock",
        }
    }
}

/// How confidently a fix can be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the program's meaning apart from removing the leak.
    Safe,
    /// Removes the leak but changes behaviour a reviewer should look at.
    Unsafe,
    /// Advice only: no edit is applied automatically.
    DisplayOnly,
}

impl Applicability {
    /// The name reports use (the same as its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A goroutine's status in a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoStatus {
    Runnable,
    Running,
    Blocked,
    Sleeping,
    Done,
    Panicked,
}

impl GoStatus {
    /// The status's name (the same as its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            GoStatus::Runnable => "runnable",
            GoStatus::Running => "running",
            GoStatus::Blocked => "blocked",
            GoStatus::Sleeping => "sleeping",
            GoStatus::Done => "done",
            GoStatus::Panicked => "panicked",
        }
    }
}

/// How one goroutine let a waiting one go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HandoffKind {
    /// A value passed to a waiting receiver.
    Send,
    /// A waiting sender's value taken (or moved into the freed buffer slot).
    Receive,
    /// A close woke a goroutine waiting on the channel.
    Close,
    /// An unlock passed the mutex to a waiter.
    Unlock,
    /// The WaitGroup's counter reached zero and released a waiter.
    Done,
    /// `Signal` or `Broadcast` woke a `Cond` waiter.
    Signal,
}

impl HandoffKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HandoffKind::Send => "send",
            HandoffKind::Receive => "receive",
            HandoffKind::Close => "close",
            HandoffKind::Unlock => "unlock",
            HandoffKind::Done => "done",
            HandoffKind::Signal => "signal",
        }
    }
}

/// How the search of one entry went: the one per-entry summary that the
/// analyzer's API, the reports and the page's protocol all carry. Each wraps
/// it with what only it has (the verdicts, the clean run as a witness or as a
/// timeline); the fields are written once, here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntrySearch {
    /// The entry: `main`, `TestX`, `F` or `Type.Method`.
    pub name: String,
    pub kind: EntryKind,
    /// Runs explored (1 for a plain run).
    pub schedules: u32,
    /// Every schedule was explored (within the modelled semantics).
    pub exhaustive: bool,
    /// The bound that cut the search short, if one did.
    pub bounded_by: Option<Bound>,
    /// That bound's value in the search that ran, in its own unit
    /// (goroutines per run, steps per run, schedules, milliseconds of
    /// search, choices per run, seconds of virtual time), so a report can
    /// say what stopped the search in numbers.
    pub limit: Option<u64>,
    pub elapsed_ms: f64,
    /// Distinct states the search visited.
    pub states: usize,
    /// Explored runs that ended with a finding, and runs that ended cleanly.
    pub faulty_schedules: u32,
    pub clean_schedules: u32,
}

impl EntrySearch {
    /// A summary of `name` before anything ran.
    pub fn new(name: String, kind: EntryKind) -> EntrySearch {
        EntrySearch {
            name,
            kind,
            schedules: 1,
            exhaustive: false,
            bounded_by: None,
            limit: None,
            elapsed_ms: 0.0,
            states: 0,
            faulty_schedules: 0,
            clean_schedules: 0,
        }
    }
}

impl Default for EntrySearch {
    fn default() -> EntrySearch {
        EntrySearch::new(String::new(), EntryKind::Function)
    }
}
