//! # Retained global (`retained-global`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/retained-global.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "retained-global",
    name: "Retained global",
    kind: FindingKind::Leak,
    what: "A goroutine stores a value (often a channel or a session) in a package-level map or slice that is never cleaned up.",
    why: "Package-level variables live as long as the program. Every entry added and never deleted keeps its value, and whatever that value references, reachable forever.",
    fix: "Delete the entry when the goroutine is done (`defer delete(sessions, id)` under the same lock). leakscope offers this as advice: the safe place to delete depends on the program.",
};
