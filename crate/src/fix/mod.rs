//! Fixes: sorted, non-overlapping text edits plus how safe they are to apply.
//!
//! Most leak fixes change behaviour (a buffered channel lets a send complete that
//! used to wait), so the applicability says so honestly. A fix is offered as one
//! click only after the patched source has been re-analyzed (`verified`).

pub mod edit;

pub use edit::{apply_edits, unified_diff, Edit, EditError};

use serde::Serialize;

pub use leakscope_data::Applicability;

/// A proposed change: a verb-phrase title ("Buffer the channel"), its edits,
/// why it is safe or not, and whether leakscope re-analyzed the patched
/// source and proved the leak gone (see `check::verify_fixes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Why the fix has its applicability, as a sentence: what behaviour it
    /// keeps or changes ("a send that waited now completes at once").
    pub why: String,
    pub edits: Vec<Edit>,
    pub verified: bool,
}

impl Fix {
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Fix {
        crate::order::sort_by_key(&mut edits, |e| (e.start, e.end));
        let why = match applicability {
            Applicability::Safe => {
                "it only releases what the function itself owns, on paths that already ended"
            }
            Applicability::Unsafe => {
                "it changes when or whether an operation blocks, which a reviewer should look at"
            }
            Applicability::DisplayOnly => "advice only: no edit is applied",
        };
        Fix {
            title: title.into(),
            applicability,
            why: why.to_string(),
            edits,
            verified: false,
        }
    }

    /// The same fix with its applicability explained by `why`.
    pub fn because(mut self, why: impl Into<String>) -> Fix {
        self.why = why.into();
        self
    }

    /// Demotes a fix to [`Applicability::Unsafe`], saying why.
    pub fn demote(&mut self, why: impl Into<String>) {
        if self.applicability == Applicability::Safe {
            self.applicability = Applicability::Unsafe;
            self.why = why.into();
        }
    }

    /// The source with this fix applied.
    pub fn apply(&self, source: &str) -> Result<String, EditError> {
        apply_edits(source, &self.edits)
    }
}
