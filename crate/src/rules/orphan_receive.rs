//! # Orphan receive (`orphan-receive`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/orphan-receive.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::OrphanReceive,
    name: "Orphan receive",
    kind: FindingKind::Leak,
    what: "A goroutine waits to receive from a channel that no code path will ever send to or close.",
    why: "A receive blocks until a value arrives or the channel is closed. When every function that could do either has returned, the receiver waits forever.",
    fix: "Close the channel on the path that abandons it (often `defer close(stop)` in the function that made it), or select on a done channel or context as well.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::Use;
use super::edits::{escape_of, insert_after_statement};
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let users = cx
        .channel
        .as_ref()
        .map(|c| c.uses_of(Use::Send).count() + c.uses_of(Use::Close).count());
    // A select that waits on several channels: name them all (from each
    // case's communication, not from the statements inside the cases).
    let select_channels: Vec<String> = cx
        .operation
        .filter(|op| op.kind() == "select_statement")
        .map(|op| {
            let mut out: Vec<String> = Vec::new();
            let mut stack = vec![op];
            while let Some(n) = stack.pop() {
                if n.kind() == "communication_case" {
                    let channel = n.child_by_field_name("communication").and_then(|c| {
                        if c.kind() == "send_statement" {
                            return c.child_by_field_name("channel");
                        }
                        let mut stack = vec![c];
                        while let Some(m) = stack.pop() {
                            if m.kind() == "unary_expression"
                                && m.child(0).is_some_and(|t| t.kind() == "<-")
                            {
                                return m.child_by_field_name("operand");
                            }
                            let mut cursor = m.walk();
                            stack.extend(m.named_children(&mut cursor));
                        }
                        None
                    });
                    if let Some(ch) = channel {
                        let name = super::edits::text(cx.file, ch).to_string();
                        if !out.contains(&name) {
                            out.push(name);
                        }
                    }
                    continue;
                }
                let mut cursor = n.walk();
                let mut children: Vec<_> = n.named_children(&mut cursor).collect();
                children.reverse();
                stack.extend(children);
            }
            out
        })
        .unwrap_or_default();
    if select_channels.len() > 1 {
        let names: Vec<String> = select_channels.iter().map(|c| format!("`{c}`")).collect();
        let message = format!(
            "{} forever in a select on {}: every goroutine that could send to one of them or close it has finished",
            cx.who_does("waits", "wait"),
            names.join(" and ")
        );
        return (message, cx.standard_labels(), Vec::new());
    }
    let message = match users {
        Some(0) => format!(
            "{} forever to receive from {}: no code path sends to it or closes it",
            cx.who_does("waits", "wait"),
            cx.channel_name()
        ),
        _ => format!(
            "{} forever to receive from {}: every goroutine that could send to it or close it has finished",
            cx.who_does("waits", "wait"),
            cx.channel_name()
        ),
    };
    let labels = cx.standard_labels();
    let mut fixes = Vec::new();
    if let Some(channel) = &cx.channel {
        fixes.extend(close_before_early_returns(cx, channel));
        // The function that made the channel abandons it when it returns: close it
        // there, so the receiver wakes up (with the zero value) and can exit.
        let receiver_is_maker = cx.go_statement.is_none();
        if let (Some(statement), false, Some(maker)) =
            (channel.statement, receiver_is_maker, channel.function)
        {
            // A channel the maker hands on is not its own to close.
            let handed_on =
                escape_of(cx.file, maker, &channel.name).is_some_and(|e| e.belongs_to_caller());
            if channel.uses_of(Use::Close).next().is_none()
                && !channel.name.contains('.')
                && !handed_on
            {
                fixes.push(
                    Fix::new(
                        format!(
                            "Close `{}` when the function that made it returns",
                            channel.display_name()
                        ),
                        Applicability::Unsafe,
                        vec![insert_after_statement(
                            cx.file,
                            statement,
                            &format!("defer close({})", channel.name),
                        )],
                    )
                    .because("the receiver now wakes with the zero value and must treat it as \"no value\""),
                );
            }
        }
    }
    (message, labels, fixes)
}

/// The channel is closed by one statement at the top level of a function
/// that can return before it: close it before those returns too, so the
/// receiver is released on every path (once: the returns never reach the
/// other close).
fn close_before_early_returns(
    cx: &LeakContext<'_>,
    channel: &super::code::ChannelCode<'_>,
) -> Option<Fix> {
    let closes: Vec<_> = channel.uses_of(Use::Close).collect();
    let [close] = closes.as_slice() else {
        return None;
    };
    let statement = super::edits::enclosing_statement(*close)?;
    let function = super::code::enclosing_function(statement)?;
    let body = function.child_by_field_name("body")?;
    if !super::edits::statements_of(body)
        .iter()
        .any(|s| s.id() == statement.id())
    {
        return None;
    }
    let early: Vec<_> = super::code::returns_of(function)
        .into_iter()
        .filter(|r| r.end_byte() <= statement.start_byte())
        .collect();
    if early.is_empty() {
        return None;
    }
    let text = super::edits::text(cx.file, statement).to_string();
    Some(
        Fix::new(
            format!("Close on the paths that return early too (`{text}`)"),
            Applicability::Unsafe,
            early
                .iter()
                .map(|r| super::edits::insert_before_statement(cx.file, *r, &text))
                .collect(),
        )
        .because("the receiver is now released when the function gives up as well, and must tell that case apart if it matters"),
    )
}

/// Every other goroutine blocked forever: on a receive, or a select, that
/// nothing will ever make ready.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_goroutine_leak()
}
