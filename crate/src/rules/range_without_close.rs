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
use super::code::ChannelCode;
use super::edits::{
    enclosing, enclosing_statement, escape_of, field_holder, indent_at, insert_after_statement,
    insert_at_block_start, insert_before_statement, mentions, method_receiver, remove_statement, statements_of,
    text, Escape,
};
use tree_sitter::Node;
use super::facts::OpKind;
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    // Closed only by a `defer` of the function that ranges: that close runs
    // after the loop, which waits for it.
    let ranging = cx.blocked_op().map(|op| (op.function, op.span));
    let closes_of = |after_loop: bool| {
        cx.channel_facts().is_some_and(|c| {
            let mut closes = c.ops_of(OpKind::Close).peekable();
            closes.peek().is_some()
                && closes.all(|close| {
                    ranging.is_some_and(|(function, span)| {
                        close.function == function
                            && (close.deferred
                                || after_loop
                                    && close.inside_loop.is_none()
                                    && close.span.start >= span.end)
                    })
                })
        })
    };
    let closed_by_defer_after_loop = closes_of(false);
    // Also a plain `close` below the loop, in the same function.
    let closed_after_loop = closes_of(true);
    let message = if closed_by_defer_after_loop {
        format!(
            "{} over {} forever: it is closed only by a deferred `close`, which runs when the function returns, after this loop that waits for it",
            cx.who_does("ranges", "range"),
            cx.channel_name()
        )
    } else if closed_after_loop {
        format!(
            "{} over {} forever: it is closed only below this loop, which waits for that close to end",
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
    if closed_after_loop || channel.uses_of(Use::Close).next().is_none() {
        fixes.extend(close_in_closer_goroutine(cx, channel));
    }
    if channel.uses_of(Use::Close).next().is_none() && !sends.is_empty() {
        fixes.extend(close_in_close_method(cx, channel));
        fixes.extend(close_where_constructed(cx, channel));
    }
    if channel.uses_of(Use::Close).next().is_some()
        || sends.is_empty()
        || channel.is_field()
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
            if let Some((wait, _)) = wait_statements(cx, body).first() {
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

/// The `X.Wait()` statements directly in `body`, as (statement, `X`).
fn wait_statements<'t>(cx: &LeakContext<'t>, body: Node<'t>) -> Vec<(Node<'t>, String)> {
    statements_of(body)
        .into_iter()
        .filter(|s| s.kind() == "expression_statement")
        .filter_map(|s| {
            let call = s.named_child(0).filter(|c| c.kind() == "call_expression")?;
            let callee = call
                .child_by_field_name("function")
                .filter(|f| f.kind() == "selector_expression")?;
            let method = callee.child_by_field_name("field")?;
            let group = callee.child_by_field_name("operand")?;
            (text(cx.file, method) == "Wait").then(|| (s, text(cx.file, group).to_string()))
        })
        .collect()
}

/// The function that makes the channel and ranges over it starts every
/// sender, and nothing closes the channel before its loop ends (nothing at
/// all, or only a deferred `close` that runs after the loop): close it in a
/// closer goroutine started before the loop, once every sender is done. The
/// senders' WaitGroup is used when they have one (`G.Done()` in each), else
/// one is added (`wg.Add(1)` before each `go`, `defer wg.Done()` first in
/// the goroutine).
fn close_in_closer_goroutine(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    let maker = channel.function?;
    let body = maker.child_by_field_name("body")?;
    let ranges: Vec<_> = channel.uses_of(Use::Range).collect();
    let [range] = ranges.as_slice() else {
        return None;
    };
    let loop_statement = statements_of(body)
        .into_iter()
        .find(|s| s.start_byte() <= range.start_byte() && range.end_byte() <= s.end_byte())
        .filter(|s| s.kind() == "for_statement")?;
    // Every send is in a goroutine the maker starts before the loop.
    let mut senders: Vec<Node<'_>> = Vec::new();
    for send in channel.uses_of(Use::Send) {
        let literal = enclosing_function(send)
            .filter(|f| f.kind() == "func_literal" && f.id() != maker.id())?;
        let go = enclosing(literal, &["go_statement"])?;
        if go.end_byte() > loop_statement.start_byte()
            || enclosing_function(go).is_none_or(|f| f.id() != maker.id())
        {
            return None;
        }
        if !senders.iter().any(|l| l.id() == literal.id()) {
            senders.push(literal);
        }
    }
    if senders.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    // The closes that ran too late (deferred, or below the loop) move into
    // the closer goroutine.
    for close in channel.uses_of(Use::Close) {
        let statement = enclosing(close, &["defer_statement"])
            .or_else(|| {
                enclosing_statement(close).filter(|s| s.start_byte() >= loop_statement.end_byte())
            })
            .filter(|d| enclosing_function(*d).is_some_and(|f| f.id() == maker.id()))?;
        edits.push(remove_statement(cx.file, statement));
    }
    let groups: Vec<Option<String>> = senders.iter().map(|l| done_group(cx, *l)).collect();
    let group = match groups.first() {
        Some(Some(group)) if groups.iter().all(|g| g.as_deref() == Some(group.as_str())) => {
            group.clone()
        }
        Some(None) if groups.iter().all(Option::is_none) => {
            edits.extend(add_wait_group(cx, maker, &senders)?);
            "wg".to_string()
        }
        _ => return None,
    };
    let indent = indent_at(&cx.file.text, loop_statement.start_byte());
    let name = channel.display_name();
    let closer = format!(
        "go func() {{\n{indent}\t{group}.Wait()\n{indent}\tclose({name})\n{indent}}}()"
    );
    edits.push(insert_before_statement(cx.file, loop_statement, &closer));
    Some(
        Fix::new(
            format!("Close `{name}` in a goroutine once `{group}.Wait()` returns"),
            Applicability::Unsafe,
            edits,
        )
        .because("the loop now ends when every sender is done, instead of waiting for a close that never comes or runs after it"),
    )
}

/// The WaitGroup a goroutine calls `Done` on (`wg` of `defer wg.Done()`).
fn done_group(cx: &LeakContext<'_>, literal: Node<'_>) -> Option<String> {
    let mut stack = vec![literal.child_by_field_name("body")?];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        let callee = n
            .child_by_field_name("function")
            .filter(|f| n.kind() == "call_expression" && f.kind() == "selector_expression");
        if let Some(callee) = callee {
            let method = callee.child_by_field_name("field").map(|m| text(cx.file, m));
            if method == Some("Done") {
                return callee
                    .child_by_field_name("operand")
                    .map(|o| text(cx.file, o).to_string());
            }
        }
    }
    None
}

/// The edits that count the sending goroutines with a new WaitGroup `wg`:
/// its declaration before the statement that starts them, `wg.Add(1)`
/// before each `go`, `defer wg.Done()` first in each goroutine, and the
/// `sync` import when the file has imports but not that one.
fn add_wait_group(
    cx: &LeakContext<'_>,
    maker: Node<'_>,
    senders: &[Node<'_>],
) -> Option<Vec<crate::fix::Edit>> {
    if mentions(cx.file, maker, "wg") {
        return None;
    }
    let body = maker.child_by_field_name("body")?;
    let mut edits = Vec::new();
    let mut first_start: Option<Node<'_>> = None;
    for literal in senders {
        let go = enclosing(*literal, &["go_statement"])?;
        let top = statements_of(body)
            .into_iter()
            .find(|s| s.start_byte() <= go.start_byte() && go.end_byte() <= s.end_byte())?;
        if first_start.is_none_or(|f| top.start_byte() < f.start_byte()) {
            first_start = Some(top);
        }
        edits.push(insert_before_statement(cx.file, go, "wg.Add(1)"));
        edits.push(insert_at_block_start(
            cx.file,
            literal.child_by_field_name("body")?,
            "defer wg.Done()",
        )?);
    }
    edits.push(insert_before_statement(
        cx.file,
        first_start?,
        "var wg sync.WaitGroup",
    ));
    edits.extend(import_sync(cx)?);
    Some(edits)
}

/// The edit that imports `sync`, if the file has imports without it: `None`
/// when it cannot be added in gofmt's order.
fn import_sync(cx: &LeakContext<'_>) -> Option<Option<crate::fix::Edit>> {
    let root = cx.file.root();
    let mut cursor = root.walk();
    let imports: Vec<Node<'_>> = root
        .named_children(&mut cursor)
        .filter(|n| n.kind() == "import_declaration")
        .collect();
    let mut specs = Vec::new();
    for import in &imports {
        let mut stack = vec![*import];
        while let Some(n) = stack.pop() {
            if n.kind() == "import_spec" {
                specs.push(n);
                continue;
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }
    let path_of = |spec: Node<'_>| {
        spec.child_by_field_name("path")
            .map(|p| text(cx.file, p).trim_matches('"').to_string())
    };
    if specs.iter().any(|s| path_of(*s).as_deref() == Some("sync")) {
        return Some(None);
    }
    let [import] = imports.as_slice() else {
        // No import at all: a pasted snippet, analyzed with the standard
        // library's names known.
        return imports.is_empty().then_some(None);
    };
    // `import "fmt"` alone would need parentheses: not offered.
    import
        .named_child(0)
        .filter(|l| l.kind() == "import_spec_list")?;
    crate::order::sort_by_key(&mut specs, |s| s.start_byte());
    let edit = match specs.iter().find(|s| path_of(**s).is_some_and(|p| p.as_str() > "sync")) {
        Some(after) => insert_before_statement(cx.file, *after, "\"sync\""),
        None => insert_after_statement(cx.file, *specs.last()?, "\"sync\""),
    };
    Some(Some(edit))
}

/// The channel is a field that a method of the same type ranges over, and
/// the type has a `Close`, `Stop` or `Shutdown` method that does not close
/// it: close it there, first thing.
fn close_in_close_method(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    let field = channel.name.strip_prefix('.')?;
    let range = channel.uses_of(Use::Range).next()?;
    let ranging = enclosing(range, &["method_declaration"])?;
    let (ty, _) = method_receiver(cx.file, ranging)?;
    let mut cursor = cx.file.root().walk();
    let stop = cx
        .file
        .root()
        .named_children(&mut cursor)
        .filter(|m| m.kind() == "method_declaration")
        .find(|m| {
            m.child_by_field_name("name")
                .is_some_and(|n| matches!(text(cx.file, n), "Close" | "Stop" | "Shutdown"))
                && method_receiver(cx.file, *m).is_some_and(|(t, _)| t == ty)
        })?;
    let (_, receiver) = method_receiver(cx.file, stop)?;
    let method = stop.child_by_field_name("name").map(|n| text(cx.file, n))?;
    let body = stop.child_by_field_name("body")?;
    let edit = insert_at_block_start(cx.file, body, &format!("close({receiver}.{field})"))?;
    Some(
        Fix::new(
            format!("Close `{field}` in `{method}`"),
            Applicability::Unsafe,
            vec![edit],
        )
        .because(format!(
            "the goroutine ranging over `{field}` now ends when `{method}` is called; a send after that panics"
        )),
    )
}

/// The channel is a field of a struct that its constructor makes, starts
/// the ranging goroutine on and returns: every caller that keeps the
/// struct in a local variable closes the channel when it returns, by
/// `defer`. Not offered when a caller hands the struct on.
fn close_where_constructed(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    let maker = channel.function.filter(|m| m.kind() == "function_declaration")?;
    let (holder, field, _) = field_holder(cx.file, channel.make)?;
    if !escape_of(cx.file, maker, &holder).is_some_and(|e| e == Escape::Returned) {
        return None;
    }
    let constructor = text(cx.file, maker.child_by_field_name("name")?);
    let calls = super::remedies::calls_of(cx, constructor)?;
    let mut edits = Vec::new();
    for call in calls {
        let list = call.parent().filter(|p| p.kind() == "expression_list")?;
        let statement = list
            .parent()
            .filter(|s| s.kind() == "short_var_declaration" && list.named_child_count() == 1)?;
        let left = statement.child_by_field_name("left")?;
        let variable = left
            .named_child(0)
            .filter(|v| left.named_child_count() == 1 && v.kind() == "identifier")?;
        let variable = text(cx.file, variable);
        let caller = enclosing_function(statement)?;
        if escape_of(cx.file, caller, variable).is_some_and(|e| e.belongs_to_caller()) {
            return None;
        }
        edits.push(insert_after_statement(
            cx.file,
            statement,
            &format!("defer close({variable}.{field})"),
        ));
    }
    if edits.is_empty() {
        return None;
    }
    Some(
        Fix::new(
            format!("Close `{field}` when the caller of `{constructor}` is done with it (`defer close`)"),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "the goroutine ranging over `{field}` now ends when the function that built it returns; a send after that panics"
        )),
    )
}

/// A `for range` over a channel that nobody closes: a goroutine blocked
/// there forever, or the entry itself (which then never finishes).
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_blocked_forever()
        && (cx.reason() == Some(crate::engine::BlockReason::RangeChan)
            || cx.blocked_op().is_some_and(|op| op.kind == OpKind::Range))
}
