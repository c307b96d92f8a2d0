//! # Orphan receive (`orphan-receive`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/orphan-receive.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "orphan-receive",
    name: "Orphan receive",
    kind: FindingKind::Leak,
    what: "A goroutine waits to receive from a channel that no code path will ever send to or close.",
    why: "A receive blocks until a value arrives or the channel is closed. When every function that could do either has returned, the receiver waits forever.",
    fix: "Close the channel on the path that abandons it (often `defer close(stop)` in the function that made it), or select on a done channel or context as well.",
};

use super::classify::LeakContext;
use super::code::Use;
use super::edits::insert_after_statement;
use crate::findings::Label;
use crate::fix::{Applicability, Fix};

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let users = cx
        .channel
        .as_ref()
        .map(|c| c.uses_of(Use::Send).count() + c.uses_of(Use::Close).count());
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
        // The function that made the channel abandons it when it returns: close it
        // there, so the receiver wakes up (with the zero value) and can exit.
        let receiver_is_maker = cx.go_statement.is_none();
        if let (Some(statement), false, Some(_)) =
            (channel.statement, receiver_is_maker, channel.function)
        {
            if channel.uses_of(Use::Close).next().is_none() && !channel.name.contains('.') {
                fixes.push(Fix::new(
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
                ));
            }
        }
    }
    (message, labels, fixes)
}
