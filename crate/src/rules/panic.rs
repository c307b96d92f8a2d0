//! # Runtime panic (`panic`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/panic.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::Panic,
    name: "Runtime panic",
    kind: FindingKind::Panic,
    what: "The program panics at run time: a send on a closed channel, a close of a closed or nil channel, a negative WaitGroup counter, an unlock of an unlocked mutex, a nil map write, an index out of range.",
    why: "An unrecovered panic crashes the whole process, taking every goroutine with it.",
    fix: "The message names the operation; the timeline shows the schedule that reaches it. Close a channel only from the side that sends, and only once.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use crate::diagnostics::Label;
use crate::fix::Fix;

/// A panic is Go's own message at the panicking operation; no fix is guessed.
pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    (cx.verdict.message.clone(), Vec::new(), Vec::new())
}

/// Every panic.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.verdict.kind == crate::verdict::VerdictKind::Panic
}
