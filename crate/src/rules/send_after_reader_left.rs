//! # Send after the reader left (`send-after-reader-left`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/send-after-reader-left.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::SendAfterReaderLeft,
    name: "Send after the reader left",
    kind: FindingKind::Leak,
    what: "A goroutine keeps sending on a channel whose only reader has stopped reading and exited.",
    why: "The reader left its loop (a `break`, a `return`, a found value) while the producer still had values to send; the next send has no receiver and blocks forever.",
    fix: "Let the reader tell the producer to stop: select on a done channel or `ctx.Done()` next to the send, and close or cancel it when the reader leaves. A buffer only helps when it can hold every remaining value.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use crate::diagnostics::Label;
use super::facts::CaseKind;
use crate::fix::Fix;
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let message = format!(
        "{} forever sending on {}: its reader stopped reading and left",
        cx.who_does("blocks", "block"),
        cx.channel_name()
    );
    let mut labels = cx.standard_labels();
    let mut fixes = Vec::new();
    let Some(channel) = &cx.channel else {
        return (message, labels, fixes);
    };
    if let Some(range) = channel.uses_of(super::code::Use::Range).next() {
        labels.push(Label {
            span: Span::of(range),
            message: format!(
                "the reader of `{}` leaves this loop early",
                channel.display_name()
            ),
        });
    }
    // The done channel first: a buffer of the number of sends also holds
    // every value the reader left, which may be many.
    fixes.extend(super::remedies::select_on_stop_case(cx));
    fixes.extend(super::remedies::done_channel(cx, channel));
    fixes.extend(super::remedies::buffer_every_send(cx, channel));
    (message, labels, fixes)
}

/// The reader took some values and left while the sender had more; or a
/// select blocked forever on a send case.
fn matches(cx: &LeakContext<'_>) -> bool {
    let select_sends = cx.reason() == Some(crate::engine::BlockReason::Select)
        && cx
            .blocked_select()
            .is_some_and(|s| s.cases.iter().any(|c| c.kind == CaseKind::Send));
    cx.is_goroutine_leak() && (cx.is_blocked_sending() && cx.reader_left_early() || select_sends)
}
