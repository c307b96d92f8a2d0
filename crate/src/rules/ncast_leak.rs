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
use super::remedies::{buffer_to, done_channel};
use crate::diagnostics::Label;
use super::facts::OpKind;
use crate::fix::Fix;
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
        if !receiving {
            if let Some(count) = count {
                fixes.extend(buffer_to(channel, cx, &count));
            }
            fixes.extend(done_channel(cx, channel));
        } else {
            fixes.extend(send_once_per_receiver(cx, channel));
        }
    }
    (message, labels, fixes)
}

/// One value sent to several receivers started in a loop, each receiving
/// once: send once per receiver, looping as the loop that started them.
fn send_once_per_receiver(
    cx: &LeakContext<'_>,
    channel: &super::code::ChannelCode<'_>,
) -> Option<Fix> {
    let go = cx.go_statement?;
    let starter = enclosing_loop(go)?;
    let maker = channel.function?;
    // The receivers' loop and the send are in the maker, the send after the
    // loop, outside any loop; each receiver receives once, outside a loop.
    let sends: Vec<_> = channel.uses_of(Use::Send).collect();
    let [send] = sends.as_slice() else {
        return None;
    };
    let receives: Vec<_> = channel.uses_of(Use::Receive).collect();
    if channel.uses_of(Use::Range).next().is_some()
        || receives.len() != 1
        || enclosing_loop(receives[0]).is_some_and(|l| l.id() != starter.id())
        || enclosing_loop(*send).is_some()
        || super::code::enclosing_function(*send).is_none_or(|f| f.id() != maker.id())
        || send.start_byte() < starter.end_byte()
    {
        return None;
    }
    let mut cursor = starter.walk();
    let header = starter
        .named_children(&mut cursor)
        .find_map(|c| match c.kind() {
            "range_clause" => c
                .child_by_field_name("right")
                .map(|r| super::edits::text(cx.file, r).to_string()),
            "for_clause" => loop_count(cx.file, starter),
            _ => None,
        })?;
    let statement = format!("\t{}", super::edits::text(cx.file, *send));
    let open = format!("for range {header} {{");
    Some(
        Fix::new(
            format!("Send once per receiver (`for range {header}`)"),
            crate::fix::Applicability::Unsafe,
            vec![super::edits::replace_statement_lines(
                cx.file,
                *send,
                &[open.as_str(), statement.as_str(), "}"],
            )],
        )
        .because("every receiver now gets the value; the sender waits until each has taken it"),
    )
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
