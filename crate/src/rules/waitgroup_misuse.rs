//! # WaitGroup misuse (`waitgroup-misuse`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/waitgroup-misuse.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "waitgroup-misuse",
    name: "WaitGroup misuse",
    kind: FindingKind::Leak,
    what: "`wg.Wait()` can never return: a goroutine misses `wg.Done()` on some path, or `wg.Add` runs inside the goroutine, after `Wait` may already have started.",
    why: "`Wait` blocks until the counter reaches zero. A missing `Done` keeps it above zero forever, so the waiting goroutine never wakes.",
    fix: "Call `defer wg.Done()` as the goroutine's first statement, and call `wg.Add` before the `go` statement (or use `wg.Go`).",
};
