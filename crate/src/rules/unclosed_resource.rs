//! # Unclosed resource (`unclosed-resource`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/unclosed-resource.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::UnclosedResource,
    name: "Unclosed resource",
    kind: FindingKind::ResourceLeak,
    what: "A connection, file, response body, ticker or timer is opened and never closed or stopped on some path.",
    why: "Open files and connections hold descriptors; a ticker that is never stopped keeps firing and keeps its goroutine-side state alive. The program slowly runs out of descriptors or memory.",
    fix: "Release it on every path, normally with `defer x.Close()` (or `defer t.Stop()` for tickers and timers) right after it was opened successfully.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::enclosing_function;
use super::edits::{
    enclosing, enclosing_statement, escape_of, insert_after_statement, node_covering, text,
};
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let resource = cx
        .verdict
        .resource
        .clone()
        .unwrap_or_else(|| "resource".to_string());
    let stops = matches!(
        cx.resource(),
        Some(crate::verdict::ResourceKind::Ticker | crate::verdict::ResourceKind::Timer)
    );
    let verb = if stops { "stopped" } else { "closed" };
    let message = format!("this {resource} is not {verb} on every path");
    let mut fixes = Vec::new();
    let call = node_covering(cx.file, cx.verdict.range.span)
        .and_then(|n| enclosing(n, &["call_expression"]));
    let statement = call
        .and_then(enclosing_statement)
        .filter(|s| s.kind() == "short_var_declaration" || s.kind() == "assignment_statement");
    let target = statement
        .and_then(|s| s.child_by_field_name("left"))
        .map(|left| {
            if left.kind() == "expression_list" {
                left.named_child(0).unwrap_or(left)
            } else {
                left
            }
        })
        .map(|n| text(cx.file, n).to_string())
        .filter(|n| n != "_");
    if let (Some(statement), Some(target)) = (statement, target) {
        // `resp, err := http.Get(...)` closes the body; a file or connection closes itself.
        let from_http = call
            .and_then(|c| c.child_by_field_name("function"))
            .filter(|f| f.kind() == "selector_expression")
            .and_then(|f| f.child_by_field_name("operand"))
            .is_some_and(|p| p.kind() == "identifier" && text(cx.file, p) == "http");
        let release = if stops {
            format!("{target}.Stop()")
        } else if from_http {
            format!("{target}.Body.Close()")
        } else {
            format!("{target}.Close()")
        };
        // After the error check that follows the call, when there is one.
        let mut after = statement;
        // A comment after the call (`f, err := os.Open(p) // config`) is
        // no statement: the error check is the next one.
        let mut next = statement.next_named_sibling();
        while let Some(n) = next.filter(|n| n.kind() == "comment") {
            next = n.next_named_sibling();
        }
        if let Some(next) = next {
            if next.kind() == "if_statement"
                && next
                    .child_by_field_name("condition")
                    .is_some_and(|c| checks_error(cx, c))
            {
                after = next;
            }
        }
        // What the function hands on is not its own to close: no fix then;
        // a goroutine still using it would see it closed under it.
        let escape = enclosing_function(statement).and_then(|f| escape_of(cx.file, f, &target));
        let fix = Fix::new(
            format!("Release it on every path (`defer {release}`)"),
            Applicability::Safe,
            vec![insert_after_statement(
                cx.file,
                after,
                &format!("defer {release}"),
            )],
        );
        match escape {
            None => fixes.push(fix.because(format!(
                "`{target}` is the function's own (not returned, stored or sent): releasing it when the function returns changes nothing else"
            ))),
            Some(e) if !e.belongs_to_caller() => fixes.push(
                Fix {
                    applicability: Applicability::Unsafe,
                    ..fix
                }
                .because(format!("{}: it is released when the function returns, maybe while it is still in use", e.describe())),
            ),
            Some(_) => {
                if let Some(function) = enclosing_function(statement) {
                    let method = if stops { "Stop" } else { "Close" };
                    fixes.extend(release_in_callers(cx, function, &target, method));
                    fixes.extend(release_in_receivers(cx, function, &target, method));
                }
            }
        }
    }
    (message, Vec::new(), fixes)
}

/// The function sends the resource away (`out <- f`): it is the
/// receiver's. Each receive of that channel (the model follows it through
/// parameters) that keeps the value in a local variable it does not hand on
/// (`f, ok := <-out`) releases it when its function returns.
fn release_in_receivers(
    cx: &LeakContext<'_>,
    function: tree_sitter::Node<'_>,
    target: &str,
    method: &str,
) -> Option<Fix> {
    use super::facts::OpKind;
    // The send of the resource, by its nodes.
    let mut send = None;
    let mut stack = vec![function.child_by_field_name("body")?];
    while let Some(n) = stack.pop() {
        if n.kind() == "send_statement"
            && n.child_by_field_name("value")
                .is_some_and(|v| v.kind() == "identifier" && text(cx.file, v) == target)
        {
            send = Some(n);
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    let at = crate::syntax::Span::of(send?);
    let channel = cx
        .facts
        .channels
        .iter()
        .find(|c| c.ops.iter().any(|o| o.kind == OpKind::Send && o.span == at))?;
    let mut edits = Vec::new();
    let mut first = None;
    for receive in channel.ops_of(OpKind::Receive).filter(|o| o.select.is_none()) {
        let node = node_covering(cx.file, receive.span)?;
        let statement = enclosing_statement(node).filter(|s| s.kind() == "short_var_declaration")?;
        let right = statement.child_by_field_name("right")?;
        if right.named_child_count() != 1 || right.named_child(0)?.byte_range() != node.byte_range() {
            return None;
        }
        let variable = statement
            .child_by_field_name("left")?
            .named_child(0)
            .filter(|v| v.kind() == "identifier")?;
        let holder = text(cx.file, variable);
        let caller = enclosing_function(statement)?;
        if holder == "_" || escape_of(cx.file, caller, holder).is_some() {
            return None;
        }
        let release = format!("{holder}.{method}()");
        first.get_or_insert(release.clone());
        edits.push(insert_after_statement(
            cx.file,
            statement,
            &format!("defer {release}"),
        ));
    }
    Some(
        Fix::new(
            format!("Release it where it is received (`defer {}`)", first?),
            Applicability::Unsafe,
            edits,
        )
        .because("the function that receives it owns it and releases it when it returns; the sender does not")
    )
}

/// The function returns the resource inside a struct (`return &Doc{f: f},
/// nil`): it is the caller's. Each caller that keeps the value in a local
/// variable it does not hand on releases it when it returns (`defer
/// d.f.Close()`, after its error check). Nothing changes in the function
/// that opened it.
fn release_in_callers(
    cx: &LeakContext<'_>,
    function: tree_sitter::Node<'_>,
    target: &str,
    method: &str,
) -> Option<Fix> {
    if function.kind() != "function_declaration" {
        return None;
    }
    let name = text(cx.file, function.child_by_field_name("name")?);
    // The field the resource is returned in: `f: f` of a composite literal
    // in a return statement.
    let mut field = None;
    for ret in super::code::returns_of(function) {
        let mut stack = vec![ret];
        while let Some(n) = stack.pop() {
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
            if n.kind() != "keyed_element" {
                continue;
            }
            fn unwrap(e: tree_sitter::Node<'_>) -> Option<tree_sitter::Node<'_>> {
                if e.kind() == "literal_element" {
                    e.named_child(0)
                } else {
                    Some(e)
                }
            }
            let key = n.named_child(0).and_then(unwrap);
            let value = n.named_child(1).and_then(unwrap);
            if value.is_some_and(|v| v.kind() == "identifier" && text(cx.file, v) == target) {
                field = key.map(|k| text(cx.file, k));
            }
        }
    }
    let field = field?;
    let calls = super::remedies::calls_of(cx, name)?;
    if calls.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    let mut first = None;
    for call in calls {
        let (assignment, left) = super::remedies::declared_by(call)?;
        let variable = left.named_child(0).filter(|v| v.kind() == "identifier")?;
        let caller = enclosing_function(assignment)?;
        let holder = text(cx.file, variable);
        if holder == "_" || escape_of(cx.file, caller, holder).is_some() {
            return None;
        }
        let mut after = assignment;
        if let Some(next) = assignment.next_named_sibling() {
            if next.kind() == "if_statement"
                && next
                    .child_by_field_name("condition")
                    .is_some_and(|c| checks_error(cx, c))
            {
                after = next;
            }
        }
        let release = format!("{holder}.{field}.{method}()");
        first.get_or_insert(release.clone());
        edits.push(insert_after_statement(
            cx.file,
            after,
            &format!("defer {release}"),
        ));
    }
    Some(
        Fix::new(
            format!("Release it in each caller of `{name}` (`defer {}`)", first?),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "`{name}` returns it inside its result: each caller releases it when it returns, not `{name}`"
        )),
    )
}

/// Every other resource leak: a closable value, a ticker or a timer.
/// Whether a condition is (or has) `err != nil`, by its nodes.
fn checks_error(cx: &LeakContext<'_>, condition: tree_sitter::Node<'_>) -> bool {
    let mut stack = vec![condition];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        let operator = n.child_by_field_name("operator").map(|o| o.kind());
        let left = n.child_by_field_name("left");
        let right = n.child_by_field_name("right");
        if n.kind() == "binary_expression"
            && operator == Some("!=")
            && left.is_some_and(|l| l.kind() == "identifier" && text(cx.file, l) == "err")
            && right.is_some_and(|r| r.kind() == "nil")
        {
            return true;
        }
    }
    false
}

fn matches(cx: &LeakContext<'_>) -> bool {
    cx.verdict.kind == crate::verdict::VerdictKind::ResourceLeak
}
