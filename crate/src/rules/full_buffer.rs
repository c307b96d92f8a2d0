//! # Full buffer (`full-buffer`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/full-buffer.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::FullBuffer,
    name: "Full buffer",
    kind: FindingKind::Leak,
    what: "A send blocks on a buffered channel whose buffer is full and that nobody drains any more.",
    why: "A buffered channel only absorbs as many values as its capacity. Once it is full and the reader has gone, the next send waits forever.",
    fix: "Size the buffer to the number of values that can be sent, or select on a done channel (or with a `default` case to drop the value) next to the send.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::{enclosing_loop, loop_count};
use super::edits::{buffer_channel, text};
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let capacity = cx
        .channel
        .as_ref()
        .and_then(|c| c.capacity)
        .map(|c| text(cx.file, c).to_string());
    let message = format!(
        "{} forever sending on {}: its buffer{} is full and nobody receives from it any more",
        cx.who_does("blocks", "block"),
        cx.channel_name(),
        capacity.map(|c| format!(" of {c}")).unwrap_or_default()
    );
    let labels = cx.standard_labels();
    let mut fixes = Vec::new();
    if let Some(channel) = &cx.channel {
        let count = cx
            .operation
            .and_then(enclosing_loop)
            .and_then(|l| loop_count(cx.file, l));
        if let Some(count) = count {
            if let Some(edit) = buffer_channel(cx.file, Span::of(channel.make), &count) {
                fixes.push(
                    Fix::new(
                        format!("Size the buffer to the number of sends ({count})"),
                        Applicability::Unsafe,
                        vec![edit],
                    )
                    .because(format!(
                        "every send completes at once into a buffer of {count}; values nobody reads are dropped with the channel"
                    )),
                );
            }
        }
        fixes.extend(super::remedies::done_channel(cx, channel));
        fixes.extend(super::remedies::drop_when_full(cx, channel));
    }
    (message, labels, fixes)
}

/// One sender blocked on a buffered channel whose buffer filled up.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_blocked_sending() && cx.channel_facts().is_some_and(|c| c.is_buffered())
}
