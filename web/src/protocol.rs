//! The messages between the page and the analysis worker.
//!
//! gloo-worker encodes them with bincode, so they are plain structs and
//! enums without serde attributes that bincode cannot honour (no tags, no
//! skipped fields). The page and the worker are built from this one crate, so
//! they always agree on the layout.

use crate::text::TextRange;
use serde::{Deserialize, Serialize};

/// What the person chose about the analysis. It travels in permalinks too, so
/// every field has a default and new fields must keep old links working.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisOptions {
    /// The function to analyze as the entry (`main`, a `TestXxx`, or any
    /// function); `None` picks `main` or the tests, as the analyzer decides.
    #[serde(default)]
    pub entry: Option<String>,
    /// Analyze every top-level function as an entry.
    #[serde(default)]
    pub all_functions: bool,
}

/// One analysis request: the editor's whole text at one document version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    /// Increases with every edit; the answer carries it back so the page can
    /// drop answers about text that has changed since.
    pub version: u64,
    pub source: String,
    pub options: AnalysisOptions,
}

/// The worker's answer to one request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalysisResponse {
    pub version: u64,
    pub analysis: EditorAnalysis,
    /// Wall time the worker spent on this request, in milliseconds.
    pub elapsed_ms: f64,
}

/// Everything the page shows about one version of the source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EditorAnalysis {
    pub syntax_errors: Vec<OutlineItem>,
    pub go_statements: Vec<OutlineItem>,
    pub channel_ops: Vec<OutlineItem>,
    /// True when a list was cut at [`crate::analysis::MAX_ITEMS_PER_LIST`].
    pub truncated: bool,
    /// Syntax colours: flat triples `(from, to, class)` with UTF-16 offsets,
    /// sorted and not overlapping; `class` indexes [`TokenClass::ALL`].
    pub tokens: Vec<u32>,
    /// The leaks, deadlocks, resource leaks and panics the explorer found,
    /// named by their pattern, with verified fixes and a witness to animate.
    pub findings: Vec<EditorFinding>,
    /// One line per analyzed entry: how far the schedule search went.
    pub entries: Vec<EntryInfo>,
}

/// How the search of one entry went.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryInfo {
    pub name: String,
    pub schedules: u64,
    /// Every schedule was explored (within the modelled semantics).
    pub exhaustive: bool,
    /// The bound that cut the search short: `steps`, `schedules`, `time`, ...
    pub bounded_by: Option<String>,
    pub elapsed_ms: f64,
    /// Explored runs that ended with a finding, and runs that ended cleanly.
    pub faulty_schedules: u32,
    pub clean_schedules: u32,
    /// The shortest clean run, when another run had a finding: the timeline
    /// can switch to it and show where the two runs part.
    pub clean_timeline: Option<Timeline>,
}

/// A finding as the page shows it; ranges are UTF-16 for the editor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorFinding {
    /// The rule id (`premature-return`), which names the pattern's page.
    pub rule: String,
    /// The pattern's human name (`Premature return`).
    pub rule_name: String,
    /// `leak`, `deadlock`, `blocked-at-exit`, `resource-leak` or `panic`.
    pub kind: String,
    /// `error`, `warning` or `note`.
    pub severity: String,
    pub entry: String,
    pub message: String,
    pub why: String,
    pub help: String,
    /// The blocked operation (or the resource's creation, or the panic).
    pub range: TextRange,
    pub labels: Vec<FindingLabel>,
    /// Verified fixes first; only those are offered as buttons.
    pub fixes: Vec<EditorFix>,
    pub witness: Timeline,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingLabel {
    pub range: TextRange,
    pub message: String,
}

/// A fix with its edits in UTF-16 offsets of the analyzed text, and the diff
/// it makes, for the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorFix {
    pub title: String,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: String,
    /// leakscope applied it, re-analyzed, and the finding was gone with nothing new.
    pub verified: bool,
    pub edits: Vec<EditorEdit>,
    pub diff: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorEdit {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

/// The witness schedule as the timeline animates it: one snapshot per step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The choices that replay this run exactly.
    pub schedule: Vec<u32>,
    /// Function names the goroutine snapshots refer to by index.
    pub functions: Vec<String>,
    /// The program's standard output over the whole run.
    pub output: String,
    pub steps: Vec<TimelineStep>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineStep {
    /// The goroutine that acted (0: the runtime, e.g. the clock).
    pub actor: u32,
    /// What happened, in one plain sentence.
    pub event: String,
    pub range: Option<TextRange>,
    pub clock_ns: i64,
    pub goroutines: Vec<GoroutineState>,
    pub channels: Vec<ChannelState>,
    pub locks: Vec<LockState>,
    /// Bytes of [`Timeline::output`] printed so far.
    pub output_len: u32,
    /// Who let whom go on in this step (the timeline's arrows).
    pub handoffs: Vec<Handoff>,
}

/// One goroutine letting a waiting one go on, as the engine recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    /// The goroutine that acted (0: the runtime, e.g. a timer firing).
    pub from: u32,
    /// The goroutine it woke.
    pub to: u32,
    /// The channel, mutex, WaitGroup or cond, by its id in the snapshot.
    pub object: u32,
    /// `send`, `receive`, `close`, `unlock`, `done` or `signal`.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoroutineState {
    pub id: u32,
    /// Index into [`Timeline::functions`].
    pub function: u32,
    /// The `go` statement that started it (none for the entry).
    pub go_range: Option<TextRange>,
    /// `running`, `runnable`, `blocked`, `sleeping`, `done` or `panicked`.
    pub status: String,
    /// Go's wait reason when blocked: `chan send`, `select`, ...
    pub reason: Option<String>,
    /// Where it is: the operation it is blocked on or about to run.
    pub range: TextRange,
    /// When a sleeping goroutine wakes, on the virtual clock (nanoseconds).
    pub wake_ns: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelState {
    pub id: u32,
    pub make_range: TextRange,
    pub capacity: u32,
    pub buffer: Vec<String>,
    pub closed: bool,
    pub senders: Vec<u32>,
    pub receivers: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LockState {
    pub id: u32,
    pub locked: bool,
    pub readers: u32,
    pub waiters: Vec<u32>,
}

impl EditorAnalysis {
    /// Every item, in the order the findings panel lists them.
    pub fn items(&self) -> impl Iterator<Item = &OutlineItem> {
        self.syntax_errors
            .iter()
            .chain(&self.go_statements)
            .chain(&self.channel_ops)
    }
}

/// One thing the outline found, located in the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineItem {
    pub kind: ItemKind,
    pub range: TextRange,
    /// What a person reads in the list: the error message, or the first line
    /// of the statement.
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    SyntaxError,
    GoStatement,
    MakeChannel,
    Send,
    Receive,
    Close,
    RangeOverChannel,
    Select,
}

impl ItemKind {
    /// A short name for the list and for CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::SyntaxError => "syntax error",
            ItemKind::GoStatement => "go",
            ItemKind::MakeChannel => "make",
            ItemKind::Send => "send",
            ItemKind::Receive => "receive",
            ItemKind::Close => "close",
            ItemKind::RangeOverChannel => "range",
            ItemKind::Select => "select",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            ItemKind::SyntaxError => "syntax-error",
            ItemKind::GoStatement => "go",
            _ => "chan",
        }
    }
}

/// The syntax colour classes. The editor shim gets these names as CSS classes
/// `tok-<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum TokenClass {
    Keyword,
    /// `go`, `chan`, `select`, `<-`: what this tool is about.
    Concurrency,
    Type,
    Function,
    Builtin,
    String,
    Number,
    Comment,
    Constant,
    Package,
}

impl TokenClass {
    pub const ALL: [TokenClass; 10] = [
        TokenClass::Keyword,
        TokenClass::Concurrency,
        TokenClass::Type,
        TokenClass::Function,
        TokenClass::Builtin,
        TokenClass::String,
        TokenClass::Number,
        TokenClass::Comment,
        TokenClass::Constant,
        TokenClass::Package,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TokenClass::Keyword => "keyword",
            TokenClass::Concurrency => "concurrency",
            TokenClass::Type => "type",
            TokenClass::Function => "function",
            TokenClass::Builtin => "builtin",
            TokenClass::String => "string",
            TokenClass::Number => "number",
            TokenClass::Comment => "comment",
            TokenClass::Constant => "constant",
            TokenClass::Package => "package",
        }
    }
}
