//! # Lock leak (`lock-leak`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/lock-leak.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "lock-leak",
    name: "Lock leak",
    kind: FindingKind::Leak,
    what: "A mutex is locked and not unlocked on some path (an early return, a panic, a double lock, or two locks taken in opposite orders).",
    why: "Every later `Lock` on that mutex waits forever, and so does every goroutine that needs it.",
    fix: "Unlock with `defer mu.Unlock()` right after `mu.Lock()`. For two mutexes taken in opposite orders, take them in one consistent order everywhere.",
};
