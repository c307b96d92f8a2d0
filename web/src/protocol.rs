//! The messages between the page and the analysis worker.
//!
//! [`ToWorker`] from the page, [`FromWorker`] back. They are serde types,
//! turned into plain JavaScript values with serde-wasm-bindgen and posted
//! with `postMessage` (the browser's structured clone copies them); the
//! receiver turns the value back into the Rust type, and a value that does
//! not fit the type is refused as a whole. The page and the worker are built
//! from this one crate, so they always agree on the types.

use crate::text::TextRange;
pub use leakscope_data::{Applicability, FindingKind, GoStatus, HandoffKind, Severity};
use serde::{Deserialize, Serialize};

/// What the person chose about the analysis. It travels in permalinks too
/// (see [`crate::permalink::LinkState`]), so every field has a default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisOptions {
    /// The function to analyze as the entry (`main`, a `TestXxx`, or any
    /// function); `None` picks `main` or the tests, as the analyzer decides.
    pub entry: Option<String>,
    /// Analyze every top-level function as an entry.
    pub all_functions: bool,
    /// A second, longer search of the same text, asked for by the page when
    /// the keystroke budget cut the first one short by time (a slow machine,
    /// a large program), or by the person ("Search longer") when any bound
    /// did: ten times the exploration time and the goroutines and steps per
    /// run, five times the schedules, four times the whole budget. Never in
    /// links.
    pub deep: bool,
    /// The gallery's fixed version of the example being analyzed, to run
    /// with each finding's schedule (leaking and fixed, side by side). Used
    /// only while the text is still the example's. Never in links.
    pub pair: Option<ExamplePair>,
}

/// A gallery example and its fixed version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamplePair {
    /// The leaking example's text: the pair applies only to it.
    pub leaking: String,
    pub fixed: String,
    /// The fixed version's title in the gallery.
    pub title: String,
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
    /// The answer to a longer second search (see [`AnalysisOptions::deep`]).
    pub deep: bool,
    /// The findings without their runs (every witness and clean run empty):
    /// the runs were long (more than [`PARTIAL_ABOVE_LINES`] goroutine
    /// lines), so the worker sent the findings first and sends the whole
    /// answer, for the same version, right after.
    pub partial: bool,
}

/// Goroutine lines (one per goroutine per step) in all of an answer's runs
/// past which the worker sends the findings before the runs: a run of
/// 10,000 goroutines has up to 400,000, and converting, sending and reading
/// them takes longer than finding the deadlock did.
pub const PARTIAL_ABOVE_LINES: usize = 20_000;

/// Everything the page shows about one version of the source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EditorAnalysis {
    pub syntax_errors: Vec<OutlineItem>,
    pub go_statements: Vec<OutlineItem>,
    pub channel_ops: Vec<OutlineItem>,
    /// True when a list was cut at [`MAX_ITEMS_PER_LIST`].
    pub truncated: bool,
    /// Syntax colours: flat triples `(from, to, class)` with UTF-16 offsets,
    /// sorted and not overlapping; `class` indexes [`TokenClass::ALL`].
    /// They travel as bytes ([`u32_bytes`]): a large file has hundreds of
    /// thousands, and one `Uint8Array` is copied at once where an array of
    /// numbers is read one JavaScript call per number on the page's thread.
    #[serde(with = "u32_bytes")]
    pub tokens: Vec<u32>,
    /// The leaks, deadlocks, resource leaks and panics the explorer found,
    /// named by their pattern, with verified fixes and a witness to animate.
    pub findings: Vec<EditorFinding>,
    /// One line per analyzed entry: how far the schedule search went.
    pub entries: Vec<EntryInfo>,
    /// The schedule search did not run: parsing this text used half the
    /// time budget (the outline and colours are still there).
    pub search_skipped: bool,
    /// Functions not analyzed as entries because of the entry limit.
    pub entries_skipped: u32,
    /// Fixes left unverified because the time budget ran out.
    pub unverified_for_time: u32,
}

/// How the search of one entry went (the library's one summary), with the
/// clean run the timeline can compare a faulty one with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryInfo {
    pub search: leakscope_data::EntrySearch,
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
    pub kind: FindingKind,
    pub severity: Severity,
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
    /// How many of the entry's explored runs had this finding.
    pub runs: u32,
    /// The gallery's fixed version run with the witness's schedule (see
    /// [`AnalysisOptions::pair`]), with its title.
    pub paired_run: Option<(String, Timeline)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingLabel {
    pub range: TextRange,
    pub message: String,
}

/// A fix with its edits in UTF-16 offsets of the analyzed text, and the diff
/// it makes, for the preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorFix {
    /// The remedy, as a verb phrase ("Buffer the channel").
    pub title: String,
    pub applicability: Applicability,
    /// Why it has that applicability, as the command line says it: what
    /// behaviour it keeps or changes.
    pub why: String,
    /// leakscope applied it, re-analyzed, and the finding was gone with nothing new.
    pub verified: bool,
    pub edits: Vec<EditorEdit>,
    pub diff: String,
    /// The fixed program run with the finding's witness schedule (the same
    /// choices, as far as the fixed program offers them), for playing the
    /// leaking and the fixed run side by side. Only for verified fixes of
    /// witnesses small enough to watch.
    pub fixed_run: Option<Timeline>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorEdit {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

/// The witness schedule as the timeline animates it: one snapshot per step.
///
/// It travels in a compact form ([`timeline_wire`]): a run of 10,000
/// goroutines has snapshots of up to 400,000 goroutine lines, nearly all
/// alike but for their ids, and sending each line as its own JavaScript
/// object took seconds.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(try_from = "timeline_wire::Wire<'static>")]
pub struct Timeline {
    /// The choices that replay this run exactly.
    pub schedule: Vec<u32>,
    /// Function names the goroutine snapshots refer to by index.
    pub functions: Vec<String>,
    /// The program's standard output over the whole run.
    pub output: String,
    pub steps: Vec<TimelineStep>,
    /// The mutexes, WaitGroups and conds of the run, named as the code names
    /// them where it uses them (`s.mu`, `wg`), with the line that declares
    /// them. Channels carry their own names ([`ChannelState::name`]).
    pub objects: Vec<NamedObject>,
}

/// A mutex, WaitGroup or cond of a run, by its id in the snapshots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedObject {
    pub id: u32,
    /// The expression the code calls its methods on: `s.mu`, `wg`, `c.L`.
    pub name: String,
    /// The line of the variable's or the struct field's declaration.
    pub declared_line: Option<u32>,
}

impl Timeline {
    /// The object with this id, when the code names it.
    pub fn object(&self, id: u32) -> Option<&NamedObject> {
        self.objects.iter().find(|o| o.id == id)
    }
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
    pub kind: HandoffKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoroutineState {
    pub id: u32,
    /// Index into [`Timeline::functions`].
    pub function: u32,
    /// The `go` statement that started it (none for the entry).
    pub go_range: Option<TextRange>,
    pub status: GoStatus,
    /// Go's wait reason when blocked: `chan send`, `select`, ...
    pub reason: Option<String>,
    /// Where it is: the operation it is blocked on or about to run.
    pub range: TextRange,
    /// When a sleeping goroutine wakes, on the virtual clock (nanoseconds).
    pub wake_ns: Option<i64>,
    /// What a goroutine blocked on a mutex, a WaitGroup or a cond waits on,
    /// as the code names it at the call: `s.mu` for `s.mu.Lock()`.
    pub waits_on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelState {
    pub id: u32,
    /// The name the code gives it: the variable (`results`) or the struct
    /// field (`done`) its `make` is stored in, when there is one.
    pub name: Option<String>,
    pub make_range: TextRange,
    pub capacity: u32,
    pub buffer: Vec<String>,
    pub closed: bool,
    /// The goroutines blocked sending and receiving on it, as bytes
    /// ([`u32_bytes`]): ten thousand senders are one `Uint8Array`.
    #[serde(with = "u32_bytes")]
    pub senders: Vec<u32>,
    #[serde(with = "u32_bytes")]
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
    /// Every kind, in declaration order.
    pub const ALL: [ItemKind; 8] = [
        ItemKind::SyntaxError,
        ItemKind::GoStatement,
        ItemKind::MakeChannel,
        ItemKind::Send,
        ItemKind::Receive,
        ItemKind::Close,
        ItemKind::RangeOverChannel,
        ItemKind::Select,
    ];

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// The most items in one list of the panel; a generated file with thousands of
/// sends would only make the list useless and the message large.
pub const MAX_ITEMS_PER_LIST: usize = 2_000;

/// A pattern's documentation page, as the worker sends it (the page does not
/// link the analyzer, whose rule catalogue this is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDoc {
    pub id: String,
    pub name: String,
    /// What happens.
    pub what: String,
    /// Why it leaks.
    pub why: String,
    /// How to fix it.
    pub fix: String,
}

/// How long the page waits for an answer before it restarts the worker. The
/// analyzer bounds its own time far below this, so only a real hang trips it.
pub const WATCHDOG_MS: u32 = 20_000;
/// The shortest watchdog [`TestHooks`] may ask for.
pub const MIN_WATCHDOG_MS: u32 = 200;

/// Test hooks, read from the page's query string (documented in the README):
/// `test-hang` makes the first worker spin on its first request (see
/// [`ToWorker::HangForTest`]); `test-watchdog-ms=N` shortens the watchdog.
/// Neither can do more than delay one analysis until the watchdog restarts
/// the worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestHooks {
    pub hang_first_request: bool,
    pub watchdog_ms: u32,
}

impl TestHooks {
    /// Reads the hooks from a query string (`?a=1&b`); anything else, or a
    /// value out of range, leaves the defaults (the watchdog is never
    /// lengthened).
    pub fn from_query(search: &str) -> TestHooks {
        let mut hooks = TestHooks {
            hang_first_request: false,
            watchdog_ms: WATCHDOG_MS,
        };
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "test-hang" => hooks.hang_first_request = value != "0",
                "test-watchdog-ms" => {
                    if let Ok(ms) = value.parse::<u32>() {
                        hooks.watchdog_ms = ms.clamp(MIN_WATCHDOG_MS, WATCHDOG_MS);
                    }
                }
                _ => {}
            }
        }
        hooks
    }
}

/// A message from the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    Analyze(AnalysisRequest),
    /// Test hook ([`TestHooks`]): the worker loops forever, so the page's
    /// watchdog can be tested. It hangs only the worker it is sent to, which
    /// the watchdog then terminates.
    HangForTest,
}

/// A message from the worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker's WebAssembly is running and it listens (messages sent
    /// before this would be lost); with the pattern catalogue's pages.
    Ready(Vec<RuleDoc>),
    Answer(AnalysisResponse),
}

impl Serialize for Timeline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        timeline_wire::Wire::of(self).serialize(serializer)
    }
}

/// A [`Timeline`] as it travels. A goroutine keeps its state over many
/// steps, and goroutines started by one `go` statement share it but for
/// their ids, so every distinct goroutine state, less its id, is sent once
/// (`states`), and each step lists its goroutines as `(id, index into
/// states)` pairs in one byte array ([`u32_bytes`]). The rest of a step is
/// sent as it is. Reading it back rebuilds every step's snapshot; a pair
/// that names no state refuses the whole message.
mod timeline_wire {
    use super::{
        u32_bytes, ChannelState, GoStatus, GoroutineState, Handoff, LockState, NamedObject,
        TimelineStep,
    };
    use crate::text::TextRange;
    use serde::{Deserialize, Serialize};
    use std::borrow::Cow;
    use std::collections::HashMap;

    #[derive(Serialize, Deserialize)]
    pub struct Wire<'a> {
        schedule: Cow<'a, [u32]>,
        functions: Cow<'a, [String]>,
        output: Cow<'a, str>,
        states: Vec<State<'a>>,
        steps: Vec<Step<'a>>,
        #[serde(default)]
        objects: Cow<'a, [NamedObject]>,
    }

    /// A goroutine's state less its id.
    #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    struct State<'a> {
        function: u32,
        go_range: Option<TextRange>,
        status: GoStatus,
        reason: Option<Cow<'a, str>>,
        range: TextRange,
        wake_ns: Option<i64>,
        #[serde(default)]
        waits_on: Option<Cow<'a, str>>,
    }

    #[derive(Serialize, Deserialize)]
    struct Step<'a> {
        actor: u32,
        event: Cow<'a, str>,
        range: Option<TextRange>,
        clock_ns: i64,
        /// `(id, index into Wire::states)` pairs, flat.
        #[serde(with = "u32_bytes")]
        goroutines: Vec<u32>,
        channels: Cow<'a, [ChannelState]>,
        locks: Cow<'a, [LockState]>,
        output_len: u32,
        handoffs: Cow<'a, [Handoff]>,
    }

    impl<'a> Wire<'a> {
        /// The timeline's wire form, borrowing all but the index pairs.
        pub fn of(timeline: &'a super::Timeline) -> Wire<'a> {
            let mut states: Vec<State<'a>> = Vec::new();
            let mut index: HashMap<State<'a>, u32> = HashMap::new();
            // The previous goroutine's state: 10,000 goroutines in a row
            // blocked at one line are one state, compared, not hashed.
            let mut last: Option<u32> = None;
            let steps = timeline
                .steps
                .iter()
                .map(|step| {
                    let mut goroutines = Vec::with_capacity(step.goroutines.len() * 2);
                    for g in &step.goroutines {
                        let state = State {
                            function: g.function,
                            go_range: g.go_range,
                            status: g.status,
                            reason: g.reason.as_deref().map(Cow::Borrowed),
                            range: g.range,
                            wake_ns: g.wake_ns,
                            waits_on: g.waits_on.as_deref().map(Cow::Borrowed),
                        };
                        let at = match last.filter(|&i| states[i as usize] == state) {
                            Some(i) => i,
                            None => *index.entry(state).or_insert_with_key(|state| {
                                states.push(state.clone());
                                states.len() as u32 - 1
                            }),
                        };
                        last = Some(at);
                        goroutines.extend([g.id, at]);
                    }
                    Step {
                        actor: step.actor,
                        event: Cow::Borrowed(&step.event),
                        range: step.range,
                        clock_ns: step.clock_ns,
                        goroutines,
                        channels: Cow::Borrowed(&step.channels),
                        locks: Cow::Borrowed(&step.locks),
                        output_len: step.output_len,
                        handoffs: Cow::Borrowed(&step.handoffs),
                    }
                })
                .collect();
            Wire {
                schedule: Cow::Borrowed(&timeline.schedule),
                functions: Cow::Borrowed(&timeline.functions),
                output: Cow::Borrowed(&timeline.output),
                states,
                steps,
                objects: Cow::Borrowed(&timeline.objects),
            }
        }
    }

    impl TryFrom<Wire<'static>> for super::Timeline {
        type Error = &'static str;

        fn try_from(wire: Wire<'static>) -> Result<super::Timeline, &'static str> {
            let states = wire.states;
            let steps = wire
                .steps
                .into_iter()
                .map(|step| {
                    if step.goroutines.len() % 2 != 0 {
                        return Err("a timeline step with half a goroutine");
                    }
                    let goroutines = step
                        .goroutines
                        .chunks_exact(2)
                        .map(|pair| {
                            let state = states
                                .get(pair[1] as usize)
                                .ok_or("a timeline step names a goroutine state it lacks")?;
                            Ok(GoroutineState {
                                id: pair[0],
                                function: state.function,
                                go_range: state.go_range,
                                status: state.status,
                                reason: state.reason.as_deref().map(str::to_string),
                                range: state.range,
                                wake_ns: state.wake_ns,
                                waits_on: state.waits_on.as_deref().map(str::to_string),
                            })
                        })
                        .collect::<Result<Vec<_>, &'static str>>()?;
                    Ok(TimelineStep {
                        actor: step.actor,
                        event: step.event.into_owned(),
                        range: step.range,
                        clock_ns: step.clock_ns,
                        goroutines,
                        channels: step.channels.into_owned(),
                        locks: step.locks.into_owned(),
                        output_len: step.output_len,
                        handoffs: step.handoffs.into_owned(),
                    })
                })
                .collect::<Result<Vec<_>, &'static str>>()?;
            Ok(super::Timeline {
                schedule: wire.schedule.into_owned(),
                functions: wire.functions.into_owned(),
                output: wire.output.into_owned(),
                steps,
                objects: wire.objects.into_owned(),
            })
        }
    }
}

/// A list of `u32` as serde bytes, four little-endian bytes each
/// (serde-wasm-bindgen makes bytes a `Uint8Array`).
mod u32_bytes {
    use serde::de::{Error, SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(values: &[u32], serializer: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        serializer.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u32>, D::Error> {
        deserializer.deserialize_byte_buf(BytesVisitor)
    }

    struct BytesVisitor;

    fn words<E: Error>(bytes: &[u8]) -> Result<Vec<u32>, E> {
        if !bytes.len().is_multiple_of(4) {
            return Err(E::custom(
                "a list of u32 whose length is not a multiple of 4 bytes",
            ));
        }
        Ok(bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    impl<'de> Visitor<'de> for BytesVisitor {
        type Value = Vec<u32>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("bytes")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<u32>, E> {
            words(bytes)
        }

        fn visit_byte_buf<E: Error>(self, bytes: Vec<u8>) -> Result<Vec<u32>, E> {
            words(&bytes)
        }

        // Formats without bytes (JSON) write them as a list of numbers.
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u32>, A::Error> {
            let mut bytes = Vec::new();
            while let Some(b) = seq.next_element::<u8>()? {
                bytes.push(b);
            }
            words(&bytes)
        }
    }
}

/// A message as the JavaScript value `postMessage` sends. 64-bit integers
/// become `BigInt`s, so no value is refused for being past a JavaScript
/// number's exact range (a clock of `math.MaxInt64` nanoseconds).
#[cfg(target_arch = "wasm32")]
pub fn to_js<T: Serialize>(
    message: &T,
) -> Result<wasm_bindgen::JsValue, serde_wasm_bindgen::Error> {
    message.serialize(
        &serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true),
    )
}

/// A received message back as its Rust type; a value of any other shape is
/// an error, never half-read.
#[cfg(target_arch = "wasm32")]
pub fn from_js<T: serde::de::DeserializeOwned>(
    value: wasm_bindgen::JsValue,
) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goroutine(id: u32, status: GoStatus, line: u32) -> GoroutineState {
        let at = |line| crate::text::Position { line, column: 2 };
        GoroutineState {
            id,
            function: u32::from(id > 1),
            go_range: (id > 1).then(|| TextRange {
                start: at(9),
                end: at(9),
                from: 90,
                to: 100,
            }),
            status,
            reason: (status == GoStatus::Blocked).then(|| "chan send".to_string()),
            range: TextRange {
                start: at(line),
                end: at(line),
                from: line * 10,
                to: line * 10 + 6,
            },
            wake_ns: None,
            waits_on: None,
        }
    }

    fn step(goroutines: Vec<GoroutineState>) -> TimelineStep {
        TimelineStep {
            actor: 1,
            event: "g1 starts a goroutine".into(),
            range: None,
            clock_ns: 0,
            goroutines,
            channels: vec![ChannelState {
                id: 4,
                name: Some("ch".into()),
                make_range: TextRange::default(),
                capacity: 0,
                buffer: Vec::new(),
                closed: false,
                senders: vec![2, 3, 70_000],
                receivers: Vec::new(),
            }],
            locks: Vec::new(),
            output_len: 0,
            handoffs: Vec::new(),
        }
    }

    #[test]
    fn a_timeline_travels_with_each_goroutine_state_once() {
        // main and 100 alike senders over three steps: runnable, then blocked.
        let senders = |status: GoStatus| (2..102).map(move |id| goroutine(id, status, 12));
        let timeline = Timeline {
            schedule: vec![0, 2, 1],
            functions: vec!["main".into(), "main.func1".into()],
            output: "hi\n".into(),
            objects: vec![NamedObject {
                id: 9,
                name: "s.mu".into(),
                declared_line: Some(4),
            }],
            steps: vec![
                step(vec![goroutine(1, GoStatus::Running, 8)]),
                step(
                    std::iter::once(goroutine(1, GoStatus::Running, 15))
                        .chain(senders(GoStatus::Runnable))
                        .collect(),
                ),
                step(
                    std::iter::once(goroutine(1, GoStatus::Blocked, 16))
                        .chain(senders(GoStatus::Blocked))
                        .collect(),
                ),
            ],
        };
        let json = serde_json::to_value(&timeline).unwrap();
        // main's three states and the senders' two, not 201 goroutine lines.
        assert_eq!(json["states"].as_array().unwrap().len(), 5);
        let back: Timeline = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, timeline);
        // A pair naming a state the message lacks refuses the whole timeline.
        let mut broken = json;
        broken["steps"][0]["goroutines"] = serde_json::json!([1, 0, 0, 0, 9, 0, 0, 0]);
        assert!(serde_json::from_value::<Timeline>(broken.clone()).is_err());
        broken["steps"][0]["goroutines"] = serde_json::json!([1, 0, 0, 0]);
        assert!(serde_json::from_value::<Timeline>(broken).is_err());
    }

    #[test]
    fn test_hooks_from_the_query_string() {
        let default = TestHooks {
            hang_first_request: false,
            watchdog_ms: WATCHDOG_MS,
        };
        assert_eq!(TestHooks::from_query(""), default);
        assert_eq!(TestHooks::from_query("?present=1&embed=1"), default);
        assert_eq!(
            TestHooks::from_query("?present=1&test-hang&test-watchdog-ms=1500"),
            TestHooks {
                hang_first_request: true,
                watchdog_ms: 1500,
            }
        );
        assert_eq!(TestHooks::from_query("?test-hang=0"), default);
        // Clamped: never longer than the real watchdog, never a busy loop.
        assert_eq!(
            TestHooks::from_query("?test-watchdog-ms=999999").watchdog_ms,
            WATCHDOG_MS
        );
        assert_eq!(
            TestHooks::from_query("?test-watchdog-ms=1").watchdog_ms,
            MIN_WATCHDOG_MS
        );
        assert_eq!(
            TestHooks::from_query("?test-watchdog-ms=soon").watchdog_ms,
            WATCHDOG_MS
        );
    }
}
