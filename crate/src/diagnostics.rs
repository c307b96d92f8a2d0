//! What a diagnostic is made of, shared by the rules that word findings and
//! the findings that report them: a leaf, so that neither imports the other.

use crate::syntax::Span;
use serde::Serialize;

pub use leakscope_data::FindingKind;

/// A secondary location with what it explains ("goroutine started here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}
