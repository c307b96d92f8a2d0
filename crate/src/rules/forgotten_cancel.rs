//! # Forgotten cancel (`forgotten-cancel`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/forgotten-cancel.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "forgotten-cancel",
    name: "Forgotten cancel",
    kind: FindingKind::ResourceLeak,
    what: "A context is derived with `context.WithCancel`, `WithTimeout` or `WithDeadline`, and its cancel function is not called on every path.",
    why: "The derived context and everything attached to it (timers, child contexts, goroutines waiting on `ctx.Done()`) stay alive until the parent is cancelled, which for `context.Background()` is never. `go vet`'s lostcancel catches only the simplest cases.",
    fix: "Call the cancel function on every path; the usual way is `defer cancel()` right after the context is created.",
};
