//! # Timeout leak (`timeout-leak`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/timeout-leak.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "timeout-leak",
    name: "Timeout leak",
    kind: FindingKind::Leak,
    what: "A `select` took its timeout or `ctx.Done()` case; the worker it was waiting for later sends its result and nobody receives it.",
    why: "The caller stopped listening when the timer fired, but the worker does not know that. Its send on the unbuffered channel blocks forever, once per timed-out call, which is how servers slowly run out of memory under load.",
    fix: "Buffer the channel with capacity 1 so the late send completes and the value is dropped with the channel; or make the worker's send a `select` that also watches the done channel (`case <-ctx.Done(): return`).",
};
