//! # Channel iteration misuse (`range-without-close`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/range-without-close.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::RangeWithoutClose,
    name: "Channel iteration misuse",
    kind: FindingKind::Leak,
    what: "A goroutine ranges over a channel that nobody closes.",
    why: "`for v := range ch` ends only when `ch` is closed. If every sender finishes without closing it, the ranging goroutine waits for a next value forever.",
    fix: "Close the channel once every sender is done: `defer close(ch)` in a single sender, or `close(ch)` after `wg.Wait()` when several goroutines send.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::{enclosing_function, enclosing_loop, Use};
use super::edits::{
    enclosing, enclosing_statement, insert_after_statement, insert_at_block_start, statements_of,
};
use super::facts::OpKind;
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    // Closed only by a `defer` of the function that ranges: that close runs
    // after the loop, which waits for it.
    let ranging = cx.blocked_op().map(|op| op.function);
    let closed_by_defer_after_loop = cx.channel_facts().is_some_and(|c| {
        let mut closes = c.ops_of(OpKind::Close).peekable();
        closes.peek().is_some()
            && closes.all(|close| close.deferred && Some(close.function) == ranging)
    });
    let message = if closed_by_defer_after_loop {
        format!(
            "{} over {} forever: it is closed only by a deferred `close`, which runs when the function returns, after this loop that waits for it",
            cx.who_does("ranges", "range"),
            cx.channel_name()
        )
    } else {
        format!(
            "{} over {} forever: nobody closes it after the last send",
            cx.who_does("ranges", "range"),
            cx.channel_name()
        )
    };
    let mut labels = cx.standard_labels();
    let mut fixes = Vec::new();
    let Some(channel) = &cx.channel else {
        return (message, labels, fixes);
    };
    let name = channel.display_name().to_string();
    let sends: Vec<_> = channel.uses_of(Use::Send).collect();
    if let Some(first) = sends.first() {
        labels.push(Label {
            span: Span::of(*first),
            message: if closed_by_defer_after_loop {
                format!("sends on `{name}` here; the only close waits for the loop to end")
            } else {
                format!("sends on `{name}` here, but nothing closes it")
            },
        });
    }
    if channel.uses_of(Use::Close).next().is_some()
        || sends.is_empty()
        || channel.name.starts_with('.')
    {
        return (message, labels, fixes);
    }
    let close = format!("close({name})");
    // One sending goroutine: it closes the channel when it is done.
    let literals: Vec<_> = sends.iter().map(|s| enclosing_function(*s)).collect();
    if let Some(Some(literal)) = literals.first() {
        let single = literals
            .iter()
            .all(|l| l.is_some_and(|l| l.id() == literal.id()))
            && literal.kind() == "func_literal"
            && enclosing(*literal, &["go_statement"]).is_some_and(|g| enclosing_loop(g).is_none())
            && channel.function.is_none_or(|f| f.id() != literal.id());
        if single {
            if let Some(edit) = literal
                .child_by_field_name("body")
                .and_then(|b| insert_at_block_start(cx.file, b, &format!("defer {close}")))
            {
                fixes.push(Fix::new(
                    format!("Close `{name}` when the sending goroutine is done (`defer close`)"),
                    Applicability::Unsafe,
                    vec![edit],
                ));
            }
        }
    }
    if let Some(maker) = channel.function {
        // Sends in the maker itself: close after the statement with the last send.
        let direct = literals
            .iter()
            .all(|l| l.is_some_and(|l| l.id() == maker.id()));
        if direct {
            let body = maker.child_by_field_name("body");
            let last = sends.last().copied();
            let top = body.zip(last).and_then(|(body, send)| {
                statements_of(body).into_iter().find(|s| {
                    s.start_byte() <= send.start_byte() && send.end_byte() <= s.end_byte()
                })
            });
            if let Some(statement) = top {
                fixes.push(Fix::new(
                    format!("Close `{name}` after the last send"),
                    Applicability::Unsafe,
                    vec![insert_after_statement(cx.file, statement, &close)],
                ));
            }
        }
        // Several senders counted by a WaitGroup: close once they are all done.
        if let Some(body) = maker.child_by_field_name("body") {
            let waits: Vec<_> = statements_of(body)
                .into_iter()
                .filter(|s| {
                    s.kind() == "expression_statement"
                        && cx.file.text[s.byte_range()].ends_with(".Wait()")
                })
                .collect();
            if let Some(wait) = waits.first() {
                let statement = enclosing_statement(*wait).unwrap_or(*wait);
                fixes.push(Fix::new(
                    format!("Close `{name}` once every sender is done (after `Wait`)"),
                    Applicability::Unsafe,
                    vec![insert_after_statement(cx.file, statement, &close)],
                ));
            }
        }
    }
    (message, labels, fixes)
}

/// A `for range` over a channel that nobody closes: a goroutine blocked
/// there forever, or the entry itself (which then never finishes).
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_blocked_forever()
        && (cx.reason() == Some(crate::engine::BlockReason::RangeChan)
            || cx.blocked_op().is_some_and(|op| op.kind == OpKind::Range))
}
