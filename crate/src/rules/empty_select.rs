//! # Empty select (`empty-select`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/empty-select.go`.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: RuleId::EmptySelect,
        name: "Empty select",
        kind: FindingKind::Leak,
        what: "A goroutine other than `main` runs `select {}`, which waits forever.",
        why: "A `select` with no cases has nothing to wait for, so it never returns. In `main` it keeps a server alive on purpose; anywhere else the goroutine, its stack and everything it references stay in memory for the life of the process.",
        fix: "Wait for something that ends: `<-ctx.Done()` or a `done` channel that the owner closes when the goroutine should stop.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let message = format!(
        "{} forever in `select {{}}`: a select without cases never returns",
        cx.who_does("waits", "wait")
    );
    let fixes = vec![Fix::new(
        "Wait for `<-ctx.Done()` or a `done` channel its owner closes",
        Applicability::DisplayOnly,
        Vec::new(),
    )];
    (message, cx.standard_labels(), fixes)
}

/// Blocked forever in a select without cases (the engine's own reason).
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_goroutine_leak() && cx.reason() == Some(crate::engine::BlockReason::SelectNoCases)
}
