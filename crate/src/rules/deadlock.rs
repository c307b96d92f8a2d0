//! # Deadlock (`deadlock`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/deadlock.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::Deadlock,
    name: "Deadlock",
    kind: FindingKind::Deadlock,
    what: "The entry can never finish: every goroutine is blocked.",
    why: "Go reports `fatal error: all goroutines are asleep - deadlock!` only when literally every goroutine is blocked; in a server with other live goroutines the same bug just hangs.",
    fix: "Find the operation the entry waits on in the timeline and make sure some goroutine can complete its other side.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use crate::diagnostics::Label;
use crate::fix::Fix;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let mut labels = Vec::new();
    for g in cx.blocked.iter().skip(1) {
        labels.push(Label {
            span: g.range.span,
            message: format!(
                "goroutine {} (`{}`) is stuck here{}",
                g.id,
                g.function,
                g.reason
                    .as_deref()
                    .map(|r| format!(" [{r}]"))
                    .unwrap_or_default()
            ),
        });
    }
    // The rule id already names the kind: drop the repeated "deadlock: " prefix.
    let message = &cx.verdict.message;
    let message = message.strip_prefix("deadlock: ").unwrap_or(message);
    (message.to_string(), labels, Vec::new())
}

/// Every deadlock of the entry.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.verdict.kind == crate::verdict::VerdictKind::Deadlock
}
