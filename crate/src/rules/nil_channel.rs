//! # Nil channel (`nil-channel`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/nil-channel.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "nil-channel",
    name: "Nil channel",
    kind: FindingKind::Leak,
    what: "A goroutine sends on or receives from a channel variable that was never made, so it is nil.",
    why: "Operations on a nil channel block forever by definition (useful only to disable a `select` case). A struct field or variable of channel type is nil until `make` assigns it.",
    fix: "Initialize the channel with `make(chan T)` where the value is created.",
};
