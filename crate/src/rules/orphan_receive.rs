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
use super::code::{enclosing_function, Use};
use super::edits::{
    enclosing, escape_of, field_holder, insert_after_statement, node_covering, returns_inside,
};
use super::facts::{CaseKind, OpKind};
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
        let fixes = close_stop_when_abandoned(cx).into_iter().collect();
        return (message, cx.standard_labels(), fixes);
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
        fixes.extend(close_in_missing_default(cx, channel));
        fixes.extend(close_when_worker_done(cx, channel));
        fixes.extend(wait_in_the_poll(cx));
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
                && !channel.is_field()
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

/// A goroutine waits in a select whose case on a stop channel would end it,
/// and nothing ever sends on that channel or closes it: the function that
/// made it (into a local variable or a local struct's field) and keeps it to
/// itself abandons it when it returns. Close it there, by `defer`.
fn close_stop_when_abandoned(cx: &LeakContext<'_>) -> Option<Fix> {
    let select = cx.blocked_select()?;
    select.cases.iter().find_map(|case| {
        if case.kind != CaseKind::Receive {
            return None;
        }
        let channel = cx.facts.channels.get(case.channel?)?;
        if channel.ops_of(OpKind::Send).next().is_some()
            || channel.ops_of(OpKind::Close).next().is_some()
            || channel.maker.is_none_or(|m| m == select.function)
        {
            return None;
        }
        // The case must end the goroutine, or closing only spins its loop.
        let case_node = node_covering(cx.file, case.span)
            .and_then(|n| enclosing(n, &["communication_case"]))?;
        if !returns_inside(case_node) {
            return None;
        }
        let make = node_covering(cx.file, channel.make)
            .and_then(|n| enclosing(n, &["call_expression"]))?;
        let (holder, expression, statement) = match field_holder(cx.file, make) {
            Some((holder, field, statement)) => (holder.clone(), format!("{holder}.{field}"), statement),
            None => {
                let code = super::code::channel_code(cx.file, channel.make)?;
                if code.is_field() {
                    return None;
                }
                (code.name.clone(), code.name.clone(), code.statement?)
            }
        };
        let maker = enclosing_function(statement)?;
        if escape_of(cx.file, maker, &holder).is_some_and(|e| e.belongs_to_caller()) {
            return None;
        }
        Some(
            Fix::new(
                format!("Close `{expression}` when the function that made it returns"),
                Applicability::Unsafe,
                vec![insert_after_statement(
                    cx.file,
                    statement,
                    &format!("defer close({expression})"),
                )],
            )
            .because("the goroutine now stops when the function that started it returns, instead of waiting for a signal nobody sends"),
        )
    })
}

/// Every send on the channel is a case of one `switch` that has no
/// `default`: a value the switch does not know is dropped, and whoever
/// waits for the reply waits forever. Close the reply channel in a new
/// `default` case, so the waiter wakes (with the zero value).
fn close_in_missing_default(
    cx: &LeakContext<'_>,
    channel: &super::code::ChannelCode<'_>,
) -> Option<Fix> {
    if channel.uses_of(Use::Close).next().is_some() {
        return None;
    }
    let sends: Vec<_> = channel.uses_of(Use::Send).collect();
    let first = sends.first()?;
    let switch = enclosing(*first, &["expression_switch_statement"])?;
    let expression = super::edits::text(cx.file, first.child_by_field_name("channel")?);
    for send in &sends {
        let case = enclosing(*send, &["expression_case", "default_case"])?;
        let statement = super::edits::enclosing_statement(*send)?;
        let direct = statement.parent().and_then(|p| {
            if p.kind() == "statement_list" {
                p.parent()
            } else {
                Some(p)
            }
        });
        if case.kind() != "expression_case"
            || case.parent().is_none_or(|p| p.id() != switch.id())
            || direct.is_none_or(|d| d.id() != case.id())
            || send
                .child_by_field_name("channel")
                .is_none_or(|c| super::edits::text(cx.file, c) != expression)
        {
            return None;
        }
    }
    let mut cursor = switch.walk();
    if switch
        .named_children(&mut cursor)
        .any(|c| c.kind() == "default_case")
    {
        return None;
    }
    let text = &cx.file.text;
    let closing = switch.end_byte() - 1;
    let line_start = text[..closing].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..closing].trim().is_empty() {
        return None;
    }
    let indent = super::edits::indent_at(text, switch.start_byte());
    Some(
        Fix::new(
            format!("Close `{expression}` for the cases the `switch` does not handle"),
            Applicability::Unsafe,
            vec![crate::fix::Edit::insert(
                line_start,
                format!("{indent}default:\n{indent}\tclose({expression})\n"),
            )],
        )
        .because("a value the switch does not know now gets a closed reply channel: its waiter wakes with the zero value instead of waiting forever"),
    )
}

/// Every other goroutine blocked forever: on a receive, or a select, that
/// nothing will ever make ready.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_goroutine_leak() || entry_alone_waits_to_receive(cx)
}

/// Nothing sends on or closes a local channel its maker waits on, and the
/// maker starts one goroutine (a literal) between making it and waiting: the
/// wait is for that goroutine, so the goroutine closes the channel when it
/// is done (`defer close` as its first statement).
fn close_when_worker_done(cx: &LeakContext<'_>, channel: &super::code::ChannelCode<'_>) -> Option<Fix> {
    if channel.uses_of(Use::Send).next().is_some()
        || channel.uses_of(Use::Close).next().is_some()
        || channel.is_field()
        || cx.go_statement.is_some()
    {
        return None;
    }
    let function = channel.function?;
    let wait = cx.operation?;
    if enclosing_function(wait).map(|f| f.id()) != Some(function.id()) {
        return None;
    }
    let made = channel.statement?.end_byte();
    let mut literals = Vec::new();
    let mut stack = vec![function.child_by_field_name("body")?];
    while let Some(n) = stack.pop() {
        if n.kind() == "func_literal" {
            let started = n
                .parent()
                .filter(|c| c.kind() == "call_expression")
                .and_then(|c| c.parent())
                .is_some_and(|g| g.kind() == "go_statement");
            if started && n.start_byte() > made && n.end_byte() < wait.start_byte() {
                literals.push(n);
            }
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    let [literal] = literals.as_slice() else {
        return None;
    };
    let edit = super::edits::insert_at_block_start(
        cx.file,
        literal.child_by_field_name("body")?,
        &format!("defer close({})", channel.name),
    )?;
    Some(
        Fix::new(
            format!("Close `{}` when the goroutine it waits for is done", channel.name),
            Applicability::Unsafe,
            vec![edit],
        )
        .because("the wait now ends when the goroutine returns, on every path, and takes the zero value"),
    )
}

/// A function entry (not `main`) is the only goroutine left, blocked forever
/// receiving: its caller's goroutine leaks on a receive, which is this
/// rule's, not a whole-program deadlock.
pub(super) fn entry_alone_waits_to_receive(cx: &LeakContext<'_>) -> bool {
    cx.blocked.len() == 1
        && cx.is_blocked_forever()
        && cx.reason() == Some(crate::engine::BlockReason::ChanRecv)
}

/// Poll, then block: `select { case <-quit: ...; default: }` checks a
/// signal without waiting, and the receive right after it waits for the
/// other channel alone, so a signal that comes meanwhile is never seen. Wait
/// for both in the select: the receive and the statements after it become a
/// case in place of the empty `default`. Not when they `break` (it would
/// leave the select instead of the loop).
fn wait_in_the_poll(cx: &LeakContext<'_>) -> Option<Fix> {
    let receive = super::edits::enclosing_statement(cx.operation?)?;
    let parent = receive.parent()?;
    let mut cursor = parent.walk();
    let siblings: Vec<_> = parent.named_children(&mut cursor).collect();
    let at = siblings.iter().position(|s| s.id() == receive.id())?;
    let (select, last) = (siblings[at.checked_sub(1)?], siblings.last()?);
    let mut cursor = select.walk();
    let default = select
        .named_children(&mut cursor)
        .find(|c| c.kind() == "default_case" && c.named_child_count() == 0)
        .filter(|_| select.kind() == "select_statement")?;
    if siblings[at..]
        .iter()
        .any(|n| super::edits::kind_inside(*n, "break_statement"))
    {
        return None;
    }
    // What follows the receive, comments and all, one level deeper.
    let moved = cx.file.text[receive.end_byte()..last.end_byte()]
        .replace('\n', "\n\t")
        .replace("\n\t\n", "\n\n");
    Some(
        Fix::new(
            "Wait for the receive in the select instead of after it",
            Applicability::Unsafe,
            vec![
                crate::fix::Edit::replace(
                    default.start_byte(),
                    default.end_byte(),
                    format!("case {}:{moved}", super::edits::text(cx.file, receive)),
                ),
                crate::fix::Edit::replace(select.end_byte(), last.end_byte(), ""),
            ],
        )
        .because("a signal that comes while it waits is seen; when both are ready, either case runs"),
    )
}
