//! # Full buffer (`full-buffer`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/full-buffer.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "full-buffer",
    name: "Full buffer",
    kind: FindingKind::Leak,
    what: "A send blocks on a buffered channel whose buffer is full and that nobody drains any more.",
    why: "A buffered channel only absorbs as many values as its capacity. Once it is full and the reader has gone, the next send waits forever.",
    fix: "Size the buffer to the number of values that can be sent, or select on a done channel (or with a `default` case to drop the value) next to the send.",
};
