//! # Channel iteration misuse (`range-without-close`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/range-without-close.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "range-without-close",
    name: "Channel iteration misuse",
    kind: FindingKind::Leak,
    what: "A goroutine ranges over a channel that nobody closes.",
    why: "`for v := range ch` ends only when `ch` is closed. If every sender finishes without closing it, the ranging goroutine waits for a next value forever.",
    fix: "Close the channel once every sender is done: `defer close(ch)` in a single sender, or `close(ch)` after `wg.Wait()` when several goroutines send.",
};
