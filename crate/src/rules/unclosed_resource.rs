//! # Unclosed resource (`unclosed-resource`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/unclosed-resource.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "unclosed-resource",
    name: "Unclosed resource",
    kind: FindingKind::ResourceLeak,
    what: "A connection, file, response body, ticker or timer is opened and never closed or stopped on some path.",
    why: "Open files and connections hold descriptors; a ticker that is never stopped keeps firing and keeps its goroutine-side state alive. The program slowly runs out of descriptors or memory.",
    fix: "Release it on every path, normally with `defer x.Close()` (or `defer t.Stop()` for tickers and timers) right after it was opened successfully.",
};
