//! # Timeout leak (`timeout-leak`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/timeout-leak.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::TimeoutLeak,
    name: "Timeout leak",
    kind: FindingKind::Leak,
    what: "A `select` stopped waiting for a worker's result when another of its cases fired (a timer, `ctx.Done()`, a quit channel, a channel from an option or another API); the worker later sends its result and nobody receives it.",
    why: "The caller stopped listening when the timer fired, but the worker does not know that. Its send on the unbuffered channel blocks forever, once per timed-out call, which is how servers slowly run out of memory under load.",
    fix: "Buffer the channel with capacity 1 so the late send completes and the value is dropped with the channel; or make the worker's send a `select` that also watches the done channel (`case <-ctx.Done(): return`).",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::enclosing_function;
use super::edits::{
    enclosing, mentions, node_covering, replace_statement_lines, text,
};
use super::remedies::{buffer_one, done_channel};
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let maker = cx.maker_name().unwrap_or_else(|| "the caller".to_string());
    // The case that won, as written: `<-time.After(d)`, `<-opts.Expired()`.
    let winner = cx
        .select_that_gave_up()
        .and_then(|(select, other)| select.cases.get(other))
        .filter(|case| case.kind == super::facts::CaseKind::Receive)
        .and_then(|case| case.operand)
        .and_then(|operand| cx.file.text.get(operand.range()))
        .map(|operand| format!("`<-{operand}`"))
        .unwrap_or_else(|| "another case of its select".to_string());
    let message = format!(
        "{} forever sending on {}: `{maker}` stopped waiting for it when {winner} fired",
        cx.who_does("blocks", "block"),
        cx.channel_name()
    );
    let mut labels = cx.standard_labels();
    let mut fixes = Vec::new();
    if let Some(channel) = &cx.channel {
        let gave_up = cx
            .select_that_gave_up()
            .and_then(|(select, other)| select.cases.get(other))
            .and_then(|case| node_covering(cx.file, case.operand.unwrap_or(case.span)))
            .and_then(|n| enclosing(n, &["communication_case"]));
        if let Some(case) = gave_up {
            labels.push(Label {
                span: Span::of(case.child_by_field_name("communication").unwrap_or(case)),
                message: format!(
                    "this case gives up on `{}`; nobody receives from it afterwards",
                    channel.display_name()
                ),
            });
        }
        fixes.extend(buffer_one(
            cx,
            channel,
            "Buffer the channel (capacity 1) so the late send completes",
        ));
        fixes.extend(done_channel(cx, channel));
        // With a context in scope, the worker can give up too.
        let send = cx
            .operation
            .and_then(|op| enclosing(op, &["send_statement"]));
        let has_ctx = channel
            .function
            .is_some_and(|f| mentions(cx.file, f, "ctx"))
            || send
                .and_then(enclosing_function)
                .is_some_and(|f| mentions(cx.file, f, "ctx"));
        if let (Some(send), true) = (send, has_ctx) {
            let send_text = text(cx.file, send).to_string();
            let case_send = format!("case {send_text}:");
            let edit = replace_statement_lines(
                cx.file,
                send,
                &["select {", &case_send, "case <-ctx.Done():", "}"],
            );
            fixes.push(
                Fix::new(
                    "Select on ctx.Done() next to the send",
                    Applicability::Unsafe,
                    vec![edit],
                )
                .because("the worker drops its result once the context is cancelled"),
            );
        }
    }
    (message, labels, fixes)
}

/// The receiving select passed with another case (a timer, a context, a quit
/// channel, an unknown method's channel) and gave up on the sender.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_blocked_sending() && cx.select_that_gave_up().is_some()
}
