//! # Deadlock (`deadlock`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/deadlock.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::Deadlock,
    name: "Deadlock",
    kind: FindingKind::Deadlock,
    what: "The entry can never finish: every goroutine is blocked.",
    why: "Go reports `fatal error: all goroutines are asleep - deadlock!` only when literally every goroutine is blocked; in a server with other live goroutines the same bug just hangs.",
    fix: "Find the operation the entry waits on in the timeline and make sure some goroutine can complete its other side.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use crate::diagnostics::Label;
use crate::fix::Fix;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    // Goroutines stuck at the same line in the same function for the same
    // reason are one label: a daisy chain of 10,000 goroutines is one line,
    // not 10,000.
    let mut groups: Vec<(&crate::syntax::Span, &str, Option<&str>, Vec<crate::engine::value::GoId>)> = Vec::new();
    for g in cx.blocked.iter().skip(1) {
        let key = (&g.range.span, g.function.as_str(), g.reason.as_deref());
        match groups
            .iter_mut()
            .find(|(s, f, r, _)| (*s, *f, *r) == key)
        {
            Some(group) => group.3.push(g.id),
            None => groups.push((key.0, key.1, key.2, vec![g.id])),
        }
    }
    let labels = groups
        .into_iter()
        .map(|(span, function, reason, ids)| {
            let reason = reason.map(|r| format!(" [{r}]")).unwrap_or_default();
            let message = match ids.as_slice() {
                [id] => format!("goroutine {id} (`{function}`) is stuck here{reason}"),
                _ => format!(
                    "{} goroutines {} (`{function}`) are stuck here{reason}",
                    ids.len(),
                    id_ranges(&ids)
                ),
            };
            Label {
                span: *span,
                message,
            }
        })
        .collect();
    // The rule id already names the kind: drop the repeated "deadlock: " prefix.
    let message = &cx.verdict.message;
    let message = message.strip_prefix("deadlock: ").unwrap_or(message);
    (message.to_string(), labels, Vec::new())
}

/// "2–5, 9" for goroutine ids: runs of consecutive ids as ranges.
fn id_ranges(ids: &[crate::engine::value::GoId]) -> String {
    let ids: Vec<u32> = ids.iter().map(|g| g.number()).collect();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        parts.push(if j == i {
            ids[i].to_string()
        } else {
            format!("{}–{}", ids[i], ids[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// Every deadlock of the entry, but a function entry left alone waiting to
/// receive (an orphan receive of its caller's goroutine).
fn matches(cx: &LeakContext<'_>) -> bool {
    matches!(
        cx.verdict.kind,
        crate::verdict::VerdictKind::Deadlock | crate::verdict::VerdictKind::Livelock
    ) && !super::orphan_receive::entry_alone_waits_to_receive(cx)
}
