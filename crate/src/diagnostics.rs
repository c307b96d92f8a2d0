//! What a diagnostic is made of, shared by the rules that word findings and
//! the findings that report them: a leaf, so that neither imports the other.

use crate::syntax::Span;
use serde::Serialize;

/// What kind of problem a finding reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
        }
    }
}

/// A secondary location with what it explains ("goroutine started here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}
