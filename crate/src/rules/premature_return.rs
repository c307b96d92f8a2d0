//! # Premature return (`premature-return`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/premature-return.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::PrematureReturn,
    name: "Premature return",
    kind: FindingKind::Leak,
    what: "A goroutine sends its result on an unbuffered channel, but the function that should receive it returned early on another path.",
    why: "An unbuffered send waits until a receiver takes the value. Once the receiving function has returned, no code will ever receive from that channel, so the sender waits forever: its stack and everything it references stay in memory for the life of the process.",
    fix: "Give the channel a buffer of 1 so the single send always completes (`make(chan T, 1)`); the value is then collected with the channel. Alternatively receive on every path, for example in a `defer`.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::{returns_of, Use};
use super::remedies::{buffer_one, done_channel, signal_by_close};
use crate::diagnostics::Label;
use crate::fix::Fix;
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let maker = cx
        .maker_name()
        .unwrap_or_else(|| "the receiving function".to_string());
    let message = match (cx.stuck_receiver(), cx.verdict.spinner.as_slice()) {
        (Some((receiver, line)), _) => format!(
            "{} forever sending on {}: the goroutine that would receive from it, `{receiver}`, is blocked forever itself (line {line})",
            cx.who_does("blocks", "block"),
            cx.channel_name()
        ),
        (None, [spinners @ .., last]) => format!(
            "{} forever sending on {}: `{}{last}` {} forever without communicating and never {} from it",
            cx.who_does("blocks", "block"),
            cx.channel_name(),
            spinners.iter().map(|s| format!("{s}` and `")).collect::<String>(),
            if spinners.is_empty() { "loops" } else { "loop" },
            if spinners.is_empty() { "receives" } else { "receive" },
        ),
        (None, []) => format!(
            "{} forever sending on {}: `{maker}` returned before receiving from it",
            cx.who_does("blocks", "block"),
            cx.channel_name()
        ),
    };
    let mut labels = cx.standard_labels();
    let mut fixes = Vec::new();
    if let Some(channel) = &cx.channel {
        // The returns that leave between the `go` statement and the receive.
        let after = cx.go_statement.map_or(0, |g| g.end_byte());
        let receive = channel
            .uses_of(Use::Receive)
            .map(|r| r.start_byte())
            .find(|&r| r > after);
        if let Some(function) = channel.function {
            for ret in returns_of(function) {
                // `return <-errc` receives: it is the path that does not leak.
                let receives = channel
                    .uses_of(Use::Receive)
                    .any(|r| ret.start_byte() <= r.start_byte() && r.end_byte() <= ret.end_byte());
                if ret.start_byte() > after
                    && !receives
                    && receive.is_none_or(|r| ret.start_byte() < r)
                {
                    labels.push(Label {
                        span: Span::of(ret),
                        message: format!(
                            "returns here without receiving from `{}`",
                            channel.display_name()
                        ),
                    });
                }
            }
        }
        fixes.extend(buffer_one(
            cx,
            channel,
            "Buffer the channel (capacity 1) so the send always completes",
        ));
        fixes.extend(super::remedies::blocked_send(cx).and_then(|send| signal_by_close(cx, send)));
        fixes.extend(done_channel(cx, channel));
    }
    (message, labels, fixes)
}

/// Every other blocked send: the function that should have received
/// returned on a path without receiving.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_blocked_sending()
}
