//! # Orphan receive (`orphan-receive`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/orphan-receive.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "orphan-receive",
    name: "Orphan receive",
    kind: FindingKind::Leak,
    what: "A goroutine waits to receive from a channel that no code path will ever send to or close.",
    why: "A receive blocks until a value arrives or the channel is closed. When every function that could do either has returned, the receiver waits forever.",
    fix: "Close the channel on the path that abandons it (often `defer close(stop)` in the function that made it), or select on a done channel or context as well.",
};
