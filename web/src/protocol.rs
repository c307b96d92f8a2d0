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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorAnalysis {
    pub syntax_errors: Vec<OutlineItem>,
    pub go_statements: Vec<OutlineItem>,
    pub channel_ops: Vec<OutlineItem>,
    /// True when a list was cut at [`crate::analysis::MAX_ITEMS_PER_LIST`].
    pub truncated: bool,
    /// Syntax colours: flat triples `(from, to, class)` with UTF-16 offsets,
    /// sorted and not overlapping; `class` indexes [`TokenClass::ALL`].
    pub tokens: Vec<u32>,
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
