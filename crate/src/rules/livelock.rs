//! # Livelock (`livelock`)
//!
//! The rule's documentation (what it is, why it is wrong, how to fix it) is
//! the text of [`RULE`]: the CLI (`leakscope rules`) and the playground's
//! pattern pages show it. Its example is `crate/testdata/rules/livelock.go`.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: RuleId::Livelock,
        name: "Livelock",
        kind: FindingKind::Livelock,
        what: "A goroutine polls in a loop (`select` with a `default`, `TryLock`, `runtime.Gosched()`, `time.Sleep(0)`) for something that no goroutine can ever provide, or loops without changing anything (`for {}`), and nothing else can run.",
        why: "Polling never blocks, so Go's runtime never sees every goroutine asleep and never reports a deadlock: the loop spins forever, burning a CPU, and whatever waits for it waits forever too.",
        fix: "Block instead of polling: receive without a `default` case (or wait on a `sync.Cond`), so that a missing sender shows up as a deadlock; and give the loop a way out that someone does provide, such as `<-ctx.Done()` or a timer.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    // The rule id already names the kind: drop the repeated prefix.
    let message = &cx.verdict.message;
    let message = message.strip_prefix("livelock: ").unwrap_or(message);
    let fixes = vec![Fix::new(
        "Wait for the event instead of polling for it, and give the loop a way out",
        Applicability::DisplayOnly,
        Vec::new(),
    )];
    (message.to_string(), cx.standard_labels(), fixes)
}

/// Every livelock the engine found (a run that came back to the same state
/// with only one goroutine able to run, and that one polling).
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.verdict.kind == crate::verdict::VerdictKind::Livelock
}
