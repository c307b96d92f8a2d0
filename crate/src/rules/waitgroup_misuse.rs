//! # WaitGroup misuse (`waitgroup-misuse`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/waitgroup-misuse.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::WaitgroupMisuse,
    name: "WaitGroup misuse",
    kind: FindingKind::Leak,
    what: "`wg.Wait()` can never return: a goroutine misses `wg.Done()` on some path, or `wg.Add` runs inside the goroutine, after `Wait` may already have started.",
    why: "`Wait` blocks until the counter reaches zero. A missing `Done` keeps it above zero forever, so the waiting goroutine never wakes; an `Add` made inside the goroutine comes too late, and `Wait` returns before the work is done.",
    fix: "Call `defer wg.Done()` as the goroutine's first statement, and call `wg.Add` before the `go` statement (or use `wg.Go`).",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::enclosing_function;
use super::edits::{
    enclosing, insert_at_block_start, insert_before_statement, method_call_statements, node_covering,
    remove_statement, text,
};
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};
use crate::syntax::Span;
use tree_sitter::Node;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    if let Some((literal, adds, group)) = counted_too_late(cx) {
        return panic_after_early_wait(cx, literal, &adds, &group);
    }
    let wait = cx
        .operation
        .and_then(|op| enclosing(op, &["call_expression"]));
    let group = wait
        .and_then(|c| c.child_by_field_name("function"))
        .and_then(|f| f.child_by_field_name("operand"))
        .map(|o| text(cx.file, o).to_string());
    let name = group.clone().unwrap_or_else(|| "wg".to_string());
    // The group's last name (`wg` of `s.wg.Wait()`), from the call blocked in.
    let group_field: Option<String> = wait.and_then(|c| {
        let at = Span::of(c);
        cx.facts
            .calls
            .iter()
            .find(|m| m.span == at)
            .and_then(|m| m.receiver.clone())
    });
    // Goroutines still blocked at the end of the witness besides the waiters:
    // when the ones that would call Done are stuck themselves, that is the
    // cause, not a missing Done.
    let waiters: Vec<_> = cx.blocked.iter().map(|g| g.id).collect();
    let stuck_elsewhere = cx.verdict.witness.steps.last().and_then(|last| {
        let stuck: Vec<Span> = last
            .goroutines
            .iter()
            .filter(|g| {
                g.status == crate::engine::witness::GoStatus::Blocked && !waiters.contains(&g.id)
            })
            .map(|g| g.span)
            .collect();
        // Prefer one whose function calls Done on this group.
        let calls_done = |span: &Span| {
            let functions = cx.facts.functions_of_goroutine(*span, None);
            cx.facts.calls.iter().any(|c| {
                c.method == "Done"
                    && c.receiver.is_some()
                    && c.receiver == group_field
                    && cx.runs_code(&functions, c.function)
            })
        };
        stuck.iter().find(|s| calls_done(s)).or(stuck.first()).copied()
    });
    // The stuck Done callers' own remedy, when they are stuck sending.
    let sender_fixes: Vec<Fix> = stuck_elsewhere
        .and_then(|at| node_covering(cx.file, at))
        .and_then(|n| enclosing(n, &["send_statement"]))
        .and_then(|send| cx.for_stuck_send(send))
        .and_then(|sender| {
            let channel = sender.channel.clone()?;
            super::remedies::done_channel(&sender, &channel)
        })
        .into_iter()
        .collect();
    let stuck_elsewhere = stuck_elsewhere.map(|s| cx.file.lines.line_col(s.start).line);
    let message = match stuck_elsewhere {
        Some(line) => format!(
            "{} forever in `{name}.Wait()`: the counter never reaches zero, because goroutines that would call `{name}.Done()` are blocked forever themselves (line {line})",
            cx.who_does("waits", "wait")
        ),
        None => format!(
            "{} forever in `{name}.Wait()`: the counter never reaches zero, because a goroutine misses `{name}.Done()` on some path or `{name}.Add` runs too late",
            cx.who_does("waits", "wait")
        ),
    };
    let mut labels = cx.standard_labels();
    let mut fixes = sender_fixes;
    // The goroutines counted by the group may be started by the function
    // around a closer literal that waits: look in the declared function.
    let function = cx.operation.and_then(|op| {
        enclosing(op, &["function_declaration", "method_declaration"])
            .or_else(|| enclosing_function(op))
    });
    let (Some(group), Some(function)) = (group, function) else {
        return (message, labels, fixes);
    };
    fixes.extend(add_next_to_go(cx, function, &group));
    fixes.extend(add_count_of_loop(cx, function, &group));
    fixes.extend(done_in_started_method(cx, function, &group));
    for literal in go_literals(function) {
        let Some(body) = literal.child_by_field_name("body") else {
            continue;
        };
        // The goroutine that waits (a closer) is not one the group counts.
        if cx.operation.is_some_and(|op| {
            literal.start_byte() <= op.start_byte() && op.end_byte() <= literal.end_byte()
        }) {
            continue;
        }
        let dones = method_call_statements(cx.file, body, &group, "Done");
        let adds: Vec<Node<'_>> = {
            let mut out = Vec::new();
            let mut stack = vec![body];
            while let Some(n) = stack.pop() {
                if is_group_call(cx, n, &group, "Add") {
                    out.push(n);
                    continue;
                }
                let mut cursor = n.walk();
                stack.extend(n.named_children(&mut cursor));
            }
            out
        };
        let deferred = deferred_group_calls(cx, body, &group, "Done") > 0;
        if !adds.is_empty() {
            labels.push(add_inside_label(adds[0], &group));
            fixes.extend(add_before_go(cx, literal, &adds, &group));
            continue;
        }
        if deferred || dones.is_empty() && !names_expression(cx, body, &group) {
            continue;
        }
        labels.push(Label {
            span: Span::of(literal),
            message: format!("this goroutine can return without calling `{group}.Done()`"),
        });
        let mut edits = Vec::new();
        if let Some(insert) = insert_at_block_start(cx.file, body, &format!("defer {group}.Done()"))
        {
            edits.push(insert);
            edits.extend(dones.iter().map(|d| remove_statement(cx.file, *d)));
            fixes.push(
                Fix::new(
                    format!("Call `{group}.Done()` on every path (`defer`)"),
                    Applicability::Safe,
                    edits,
                )
                .because(format!(
                    "`{group}.Done()` now also runs on the paths that missed it, when the goroutine returns"
                )),
            );
        }
    }
    (message, labels, fixes)
}

fn add_inside_label(add: Node<'_>, group: &str) -> Label {
    Label {
        span: Span::of(add),
        message: format!("`{group}.Add` runs inside the goroutine, after `Wait` may have started"),
    }
}

/// `group.Add(...)` statements of a goroutine's literal moved before its
/// `go` statement.
fn add_before_go(cx: &LeakContext<'_>, literal: Node<'_>, adds: &[Node<'_>], group: &str) -> Option<Fix> {
    let go = enclosing(literal, &["go_statement"])?;
    let mut edits: Vec<_> = adds.iter().map(|a| remove_statement(cx.file, *a)).collect();
    edits.push(insert_before_statement(cx.file, go, text(cx.file, *adds.first()?)));
    Some(
        Fix::new(
            format!("Call `{group}.Add` before the `go` statement"),
            Applicability::Safe,
            edits,
        )
        .because(format!(
            "the counter is raised before `{group}.Wait` can run, as the goroutine meant it to be; nothing else moves"
        )),
    )
}

/// A panic in a goroutine that counts itself: its literal (started by `go`)
/// calls `Add` on a group that a function outside it waits on, so `Wait`
/// could return before the goroutine was counted, and what follows `Wait`
/// (a `close`, a reset) ran under it. The literal, its `Add` statements and
/// the group's expression. From the model's calls, not the text.
fn counted_too_late<'t>(cx: &LeakContext<'t>) -> Option<(Node<'t>, Vec<Node<'t>>, String)> {
    if cx.verdict.kind != crate::verdict::VerdictKind::Panic {
        return None;
    }
    let operation = cx.operation?;
    let mut literal = enclosing(operation, &["func_literal"])?;
    while enclosing(literal, &["go_statement"])
        .and_then(|g| g.named_child(0))
        .and_then(|c| c.child_by_field_name("function"))
        .is_none_or(|f| f.id() != literal.id())
    {
        literal = enclosing(literal.parent()?, &["func_literal"])?;
    }
    let inside = Span::of(literal);
    let within = |s: Span| inside.start <= s.start && s.end <= inside.end;
    let add = cx
        .facts
        .calls
        .iter()
        .find(|c| c.method == "Add" && c.receiver.is_some() && within(c.span))?;
    let waited = cx
        .facts
        .calls
        .iter()
        .any(|c| c.method == "Wait" && c.receiver == add.receiver && !within(c.span));
    if !waited {
        return None;
    }
    let call = node_covering(cx.file, add.span).and_then(|n| enclosing(n, &["call_expression"]))?;
    let group = call
        .child_by_field_name("function")?
        .child_by_field_name("operand")
        .map(|o| text(cx.file, o).to_string())?;
    let body = literal.child_by_field_name("body")?;
    let mut adds = Vec::new();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if is_group_call(cx, n, &group, "Add") {
            adds.push(n);
            continue;
        }
        if n.kind() == "func_literal" {
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    crate::order::sort_by_key(&mut adds, |n| n.start_byte());
    (!adds.is_empty()).then_some((literal, adds, group))
}

/// [`counted_too_late`]'s finding: Go's panic, and why it happened.
fn panic_after_early_wait(
    cx: &LeakContext<'_>,
    literal: Node<'_>,
    adds: &[Node<'_>],
    group: &str,
) -> (String, Vec<Label>, Vec<Fix>) {
    let message = format!(
        "{}: `{group}.Add` runs inside the goroutine, so `{group}.Wait()` can return before this goroutine is counted, and the code after `Wait` runs while it still works",
        cx.verdict.message
    );
    let labels = vec![add_inside_label(adds[0], group)];
    let fixes = add_before_go(cx, literal, adds, group).into_iter().collect();
    (message, labels, fixes)
}

/// The function literals started by `go` statements inside a function.
fn go_literals(function: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let Some(body) = function.child_by_field_name("body") else {
        return out;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if n.kind() == "go_statement" {
            if let Some(literal) = n
                .named_child(0)
                .and_then(|call| call.child_by_field_name("function"))
                .filter(|f| f.kind() == "func_literal")
            {
                out.push(literal);
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    crate::order::sort_by_key(&mut out, |n| n.start_byte());
    out
}

/// The `go` statements inside a function (nested literals included).
fn go_statements(function: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let Some(body) = function.child_by_field_name("body") else {
        return out;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if n.kind() == "go_statement" {
            out.push(n);
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    crate::order::sort_by_key(&mut out, |n| n.start_byte());
    out
}

/// The call `group.method(...)` of an expression statement, by its nodes.
fn group_call<'t>(cx: &LeakContext<'_>, call: Node<'t>, group: &str, method: &str) -> bool {
    call.kind() == "call_expression"
        && call
            .child_by_field_name("function")
            .filter(|f| f.kind() == "selector_expression")
            .is_some_and(|f| {
                f.child_by_field_name("field")
                    .is_some_and(|m| text(cx.file, m) == method)
                    && f.child_by_field_name("operand")
                        .is_some_and(|o| text(cx.file, o) == group)
            })
}

/// Whether a statement is `group.method(...)`.
fn is_group_call(cx: &LeakContext<'_>, statement: Node<'_>, group: &str, method: &str) -> bool {
    statement.kind() == "expression_statement"
        && statement
            .named_child(0)
            .is_some_and(|c| group_call(cx, c, group, method))
}

/// How many `defer group.method()` statements `scope` has.
fn deferred_group_calls(cx: &LeakContext<'_>, scope: Node<'_>, group: &str, method: &str) -> usize {
    let mut count = 0;
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        count += usize::from(
            n.kind() == "defer_statement"
                && n.named_child(0)
                    .is_some_and(|c| group_call(cx, c, group, method)),
        );
    }
    count
}

/// Whether `scope` names the expression `group` (`wg`, `s.wg`) anywhere.
fn names_expression(cx: &LeakContext<'_>, scope: Node<'_>, group: &str) -> bool {
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if matches!(n.kind(), "identifier" | "selector_expression") && text(cx.file, n) == group {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// Whether a statement can leave the code after it: a `continue`, `break`
/// or `return` inside it (not inside a function literal).
fn leaves(statement: Node<'_>) -> bool {
    let mut stack = vec![statement];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "continue_statement" | "break_statement" | "return_statement" => return true,
            "func_literal" => continue,
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// `wg.Add(1)` written before a `continue`, `break` or `return` that can
/// skip the `go` statement it counts: move it right before the `go`.
fn add_next_to_go(cx: &LeakContext<'_>, function: Node<'_>, group: &str) -> Option<Fix> {
    let gos = go_statements(function);
    let [go] = gos.as_slice() else {
        return None;
    };
    let block = go.parent()?;
    let mut cursor = block.walk();
    let siblings: Vec<Node<'_>> = block.named_children(&mut cursor).collect();
    let at = siblings.iter().position(|n| n.id() == go.id())?;
    let add = siblings[..at]
        .iter()
        .rposition(|n| is_group_call(cx, *n, group, "Add"))?;
    let skips = siblings[add + 1..at].iter().any(|n| leaves(*n));
    if !skips {
        return None;
    }
    Some(
        Fix::new(
            format!("Call `{group}.Add` right before the `go` statement it counts"),
            Applicability::Safe,
            vec![
                remove_statement(cx.file, siblings[add]),
                insert_before_statement(cx.file, *go, text(cx.file, siblings[add])),
            ],
        )
        .because(format!(
            "the counter is raised only for goroutines that start, so a path that skips the `go` no longer leaves `{group}.Wait` waiting"
        )),
    )
}

/// `wg.Add(n)` before a loop that starts one goroutine per turn, each
/// calling `Done` once by `defer`: the count must be the loop's.
fn add_count_of_loop(cx: &LeakContext<'_>, function: Node<'_>, group: &str) -> Option<Fix> {
    let gos = go_statements(function);
    let [go] = gos.as_slice() else {
        return None;
    };
    let loop_node = super::code::enclosing_loop(*go)?;
    if super::code::enclosing_loop(loop_node).is_some() {
        return None;
    }
    let count = super::code::loop_count(cx.file, loop_node)?;
    let literal = go
        .named_child(0)
        .and_then(|call| call.child_by_field_name("function"))
        .filter(|f| f.kind() == "func_literal")?;
    let body = literal.child_by_field_name("body")?;
    if deferred_group_calls(cx, body, group, "Done") != 1
        || !method_call_statements(cx.file, body, group, "Done").is_empty()
    {
        return None;
    }
    // The Add before the loop, in the same block.
    let block = loop_node.parent()?;
    let mut cursor = block.walk();
    let siblings: Vec<Node<'_>> = block.named_children(&mut cursor).collect();
    let at = siblings.iter().position(|n| n.id() == loop_node.id())?;
    let adds: Vec<&Node<'_>> = siblings[..at]
        .iter()
        .filter(|n| is_group_call(cx, **n, group, "Add"))
        .collect();
    let [add] = adds.as_slice() else {
        return None;
    };
    let call = add.named_child(0)?;
    let argument = call.child_by_field_name("arguments")?.named_child(0)?;
    if text(cx.file, argument).replace(' ', "") == count.replace(' ', "") {
        return None;
    }
    Some(
        Fix::new(
            format!("Add the number of goroutines started (`{group}.Add({count})`)"),
            Applicability::Safe,
            vec![crate::fix::Edit::replace(
                argument.start_byte(),
                argument.end_byte(),
                count.clone(),
            )],
        )
        .because(format!(
            "the loop starts {count} goroutines, each calling `{group}.Done()` once: the counter now matches them"
        )),
    )
}

/// `go r.method(...)` where the method calls `Done` without `defer`, and
/// can return before it: `defer r.<group>.Done()` at its top instead.
fn done_in_started_method(cx: &LeakContext<'_>, function: Node<'_>, group: &str) -> Option<Fix> {
    let (_, field) = group.rsplit_once('.')?;
    let root = cx.file.root();
    for go in go_statements(function) {
        let Some(callee) = go
            .named_child(0)
            .and_then(|call| call.child_by_field_name("function"))
            .filter(|f| f.kind() == "selector_expression")
        else {
            continue;
        };
        let Some(name) = callee
            .child_by_field_name("field")
            .map(|f| text(cx.file, f))
        else {
            continue;
        };
        let mut cursor = root.walk();
        let methods: Vec<Node<'_>> = root
            .named_children(&mut cursor)
            .filter(|m| {
                m.kind() == "method_declaration"
                    && m.child_by_field_name("name")
                        .is_some_and(|n| text(cx.file, n) == name)
            })
            .collect();
        let [method] = methods.as_slice() else {
            continue;
        };
        let receiver = method
            .child_by_field_name("receiver")
            .and_then(|r| r.named_child(0))
            .and_then(|d| d.child_by_field_name("name"))
            .map(|n| text(cx.file, n).to_string())?;
        let their_group = format!("{receiver}.{field}");
        let body = method.child_by_field_name("body")?;
        if deferred_group_calls(cx, body, &their_group, "Done") > 0 {
            continue;
        }
        let dones = method_call_statements(cx.file, body, &their_group, "Done");
        if dones.is_empty() {
            continue;
        }
        let mut edits = vec![insert_at_block_start(
            cx.file,
            body,
            &format!("defer {their_group}.Done()"),
        )?];
        edits.extend(dones.iter().map(|d| remove_statement(cx.file, *d)));
        return Some(
            Fix::new(
                format!("Call `{their_group}.Done()` on every path of `{name}` (`defer`)"),
                Applicability::Safe,
                edits,
            )
            .because(format!(
                "`{their_group}.Done()` now also runs on the paths of `{name}` that missed it"
            )),
        );
    }
    None
}

/// A goroutine in `Wait` whose counter never reaches zero, or a panic in a
/// goroutine that counted itself too late (see [`counted_too_late`]).
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.is_blocked_forever() && cx.reason() == Some(crate::engine::BlockReason::WaitGroupWait)
        || counted_too_late(cx).is_some()
}
