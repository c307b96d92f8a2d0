//! # NCast leak (`ncast-leak`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/ncast-leak.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::NcastLeak,
    name: "NCast leak",
    kind: FindingKind::Leak,
    what: "Several goroutines send on one channel, but the receiver reads fewer values than there are senders (or one sender faces several receivers).",
    why: "Each unbuffered send needs its own receive. When the reader stops early, for example on the first error, the remaining senders wait forever.",
    fix: "Buffer the channel to the number of senders (`make(chan T, len(items))`) so every send completes; or keep receiving until every sender has reported.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::{enclosing_loop, loop_count, Use};
use super::edits::buffer_channel;
use super::facts::OpKind;
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let receiving = cx.reason() != Some(crate::engine::BlockReason::ChanSend);
    let message = if receiving {
        format!(
            "{} forever to receive from {}: there are fewer sends than receivers",
            cx.who_does("waits", "wait"),
            cx.channel_name()
        )
    } else {
        format!(
            "{} forever sending on {}: the receiver stops reading before every sender has sent",
            cx.who_does("blocks", "block"),
            cx.channel_name()
        )
    };
    let mut labels = cx.standard_labels();
    let mut fixes = Vec::new();
    if let Some(channel) = &cx.channel {
        if let Some(receive) = channel.uses_of(Use::Receive).next() {
            labels.push(Label {
                span: Span::of(receive),
                message: format!(
                    "receives from `{}` fewer times than there are senders",
                    channel.display_name()
                ),
            });
        }
        let count = cx
            .go_statement
            .and_then(enclosing_loop)
            .and_then(|l| loop_count(cx.file, l));
        if let (Some(count), false) = (count, receiving) {
            if let Some(edit) = buffer_channel(cx.file, Span::of(channel.make), &count) {
                fixes.push(Fix::new(
                    format!("Buffer the channel to the number of senders ({count})"),
                    Applicability::Unsafe,
                    vec![edit],
                ));
            }
        }
    }
    (message, labels, fixes)
}

/// Several goroutines send on one channel that is read fewer times (or
/// several receive from one with fewer sends).
fn matches(cx: &LeakContext<'_>) -> bool {
    let receiving_with_senders = cx.reason() == Some(crate::engine::BlockReason::ChanRecv)
        && cx.blocked.len() > 1
        && cx
            .channel_facts()
            .is_some_and(|c| c.ops_of(OpKind::Send).next().is_some());
    cx.is_goroutine_leak()
        && (cx.is_blocked_sending() && cx.several_goroutines() || receiving_with_senders)
}
