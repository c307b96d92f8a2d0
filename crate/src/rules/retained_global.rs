//! # Retained global (`retained-global`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/retained-global.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::RetainedGlobal,
    name: "Retained global",
    kind: FindingKind::Leak,
    what: "A goroutine stores a value (often a channel or a session) in a package-level map or slice that is never cleaned up.",
    why: "Package-level variables live as long as the program. Every entry added and never deleted keeps its value, and whatever that value references, reachable forever.",
    fix: "Delete the entry when the goroutine is done (`defer delete(sessions, id)` under the same lock). leakscope offers this as advice: the safe place to delete depends on the program.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::edits::{enclosing, node_covering, text};
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    // `sessions[id] = inbox`: advise deleting that key when the goroutine is done.
    let store = node_covering(cx.file, cx.verdict.range.span)
        .and_then(|n| enclosing(n, &["assignment_statement"]));
    // The stored-into `map[key]`, by its nodes.
    let entry = store
        .and_then(|s| s.child_by_field_name("left"))
        .and_then(|l| l.named_child(0).filter(|_| l.named_child_count() == 1))
        .filter(|e| e.kind() == "index_expression")
        .and_then(|e| {
            let map = e.child_by_field_name("operand")?;
            let key = e.child_by_field_name("index")?;
            Some((text(cx.file, map), text(cx.file, key)))
        });
    let advice = match entry {
        Some((map, key)) => format!(
            "Delete the entry when the goroutine is done: `defer delete({map}, {key})` (under the same lock as the store)"
        ),
        None => "Remove the entry when the goroutine is done, or bound the collection".to_string(),
    };
    let fixes = vec![Fix::new(advice, Applicability::DisplayOnly, Vec::new())];
    (cx.verdict.message.clone(), Vec::new(), fixes)
}

/// An entry stored into a package-level collection and never removed.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.resource() == Some(crate::verdict::ResourceKind::PackageLevel)
}
