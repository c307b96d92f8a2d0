//! # Premature return (`premature-return`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/premature-return.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "premature-return",
    name: "Premature return",
    kind: FindingKind::Leak,
    what: "A goroutine sends its result on an unbuffered channel, but the function that should receive it returned early on another path.",
    why: "An unbuffered send waits until a receiver takes the value. Once the receiving function has returned, no code will ever receive from that channel, so the sender waits forever: its stack and everything it references stay in memory for the life of the process.",
    fix: "Give the channel a buffer of 1 so the single send always completes (`make(chan T, 1)`); the value is then collected with the channel. Alternatively receive on every path, for example in a `defer`.",
};
