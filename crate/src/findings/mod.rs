//! Findings: what a person reads. Each one names its rule, says what is wrong,
//! why it leaks and what to do, points at the blocked operation (primary span)
//! and the places that explain it (labels), and carries fixes that leakscope
//! re-analyzed before offering them.

pub mod report;

pub use crate::diagnostics::FindingKind;
use crate::fix::Fix;
use crate::syntax::Span;
use serde::Serialize;

pub use leakscope_data::Severity;

pub use crate::diagnostics::Label;

/// A goroutine that blocks forever, and on what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlockedGoroutine {
    pub goroutine: crate::engine::value::GoId,
    /// The function it runs, as Go names it (`main.lookup.func1`).
    pub function: String,
    pub span: Span,
    /// Why it waits (written as Go's wait reason: "chan send", "select", ...).
    pub reason: Option<crate::engine::BlockReason>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// A rule id of [`crate::rules::RULES`].
    pub rule: &'static str,
    pub kind: FindingKind,
    pub severity: Severity,
    /// The entry whose exploration found it (`main`, `TestX`, a function).
    pub entry: String,
    /// The calling context it was found in: a real entry, or a function
    /// run in a model of its unknown callers.
    pub context: crate::api::CallingContext,
    /// What is wrong, in one sentence about this code.
    pub message: String,
    /// Why it leaks, about this code.
    pub why: String,
    /// What to do.
    pub help: String,
    /// The blocked operation, or the creation of the leaked resource.
    pub span: Span,
    pub labels: Vec<Label>,
    pub blocked: Vec<BlockedGoroutine>,
    /// Steps in the witness schedule that shows it.
    pub witness_steps: usize,
    /// How many explored runs had it (of the entry's faulty and clean runs).
    pub runs: u32,
    /// The replayable schedule and its per-step snapshots (the browser animates it).
    #[serde(skip)]
    pub witness: crate::verdict::Witness,
    /// Verified fixes first, in the order a Go reviewer would pick them.
    pub fixes: Vec<Fix>,
}

/// One line of an entry's exploration summary, with the clean run the page
/// can compare a faulty one with.
#[derive(Clone, Debug, Serialize)]
pub struct EntryReport {
    #[serde(flatten)]
    pub search: leakscope_data::EntrySearch,
    /// The shortest clean run when another run was faulty (not in reports).
    #[serde(skip)]
    pub clean_witness: Option<crate::verdict::Witness>,
}

/// Everything `check` reports about one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    pub path: String,
    pub source: String,
    pub syntax_errors: Vec<crate::syntax::SyntaxError>,
    pub entries: Vec<EntryReport>,
    pub findings: Vec<Finding>,
    /// Fixes not verified because the time budget ran out (they are shown
    /// as unverified advice).
    pub unverified_for_time: usize,
    /// Functions not analyzed as entries because of the entry budget.
    pub entries_skipped: usize,
    /// The entry budget that applied (`AnalyzeOptions::max_entries`).
    pub max_entries: usize,
    /// The files of a program of several files (a package): `source` is
    /// their joined text and spans are offsets into it. Empty for one file,
    /// which is `path` itself.
    pub files: Vec<crate::package::FilePart>,
    /// Slips repaired before the analysis (it ran on the repaired text).
    pub slips: Vec<crate::syntax::Slip>,
}

impl FileReport {
    /// The file, 1-based line and column of an offset into `source`;
    /// `lines` indexes `source`.
    pub fn locate<'a>(
        &'a self,
        lines: &crate::syntax::LineIndex,
        offset: u32,
    ) -> (&'a str, crate::syntax::LineCol) {
        crate::package::file_line_col(&self.files, lines, offset)
            .unwrap_or_else(|| (self.path.as_str(), lines.line_col(offset)))
    }

    /// The file and the offset inside it of an offset into `source`.
    pub fn file_offset(&self, offset: u32) -> (&str, u32) {
        match crate::package::locate(&self.files, offset) {
            Some((part, local)) => (part.path.as_str(), local),
            None => (self.path.as_str(), offset),
        }
    }
}
