//! # Forgotten cancel (`forgotten-cancel`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/forgotten-cancel.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::ForgottenCancel,
    name: "Forgotten cancel",
    kind: FindingKind::ResourceLeak,
    what: "A context is derived with `context.WithCancel`, `WithTimeout` or `WithDeadline`, and its cancel function is not called on every path.",
    why: "The derived context and everything attached to it (timers, child contexts, goroutines waiting on `ctx.Done()`) stay alive until the parent is cancelled, which for `context.Background()` is never. `go vet`'s lostcancel catches only the simplest cases.",
    fix: "Call the cancel function on every path; the usual way is `defer cancel()` right after the context is created.",
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
use crate::fix::{Applicability, Edit, Fix};
use crate::syntax::Span;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    if let Some(call) = context_waited_on(cx) {
        return goroutine_waits_for_cancel(cx, call);
    }
    cancel_not_called(cx, cx.verdict.range.span)
}

/// The `context.WithCancel(...)` (or `WithTimeout`, `WithDeadline`, ...)
/// call that made the channel the leaked goroutine waits on (`<-ctx.Done()`),
/// when it is in the file.
fn context_waited_on<'t>(cx: &LeakContext<'t>) -> Option<tree_sitter::Node<'t>> {
    if !cx.is_goroutine_leak() || cx.reason() != Some(crate::engine::BlockReason::ChanRecv) {
        return None;
    }
    let made = cx.blocked.first()?.channel_make.as_ref()?.span;
    let call = node_covering(cx.file, made).and_then(|n| enclosing(n, &["call_expression"]))?;
    let callee = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "selector_expression")?;
    let package = callee.child_by_field_name("operand")?;
    let function = text(cx.file, callee.child_by_field_name("field")?);
    (package.kind() == "identifier"
        && text(cx.file, package) == "context"
        && matches!(
            function,
            "WithCancel"
                | "WithCancelCause"
                | "WithTimeout"
                | "WithTimeoutCause"
                | "WithDeadline"
                | "WithDeadlineCause"
        ))
        .then_some(call)
}

/// A goroutine waits for a context nobody cancels: the cancel function's
/// remedy, if the function that made the context owns it.
fn goroutine_waits_for_cancel(
    cx: &LeakContext<'_>,
    call: tree_sitter::Node<'_>,
) -> (String, Vec<Label>, Vec<Fix>) {
    let (_, _, fixes) = cancel_not_called(cx, Span::of(call));
    let context = enclosing_statement(call)
        .and_then(|s| s.child_by_field_name("left"))
        .and_then(|left| left.named_child(0))
        .map(|c| format!("`{}`", text(cx.file, c)))
        .unwrap_or_else(|| "the context".to_string());
    let line = cx.file.lines.line_col(call.start_byte() as u32).line;
    let message = format!(
        "{} forever for {context} to be done: its cancel function is not called on the path that ran (context made at line {line})",
        cx.who_does("waits", "wait")
    );
    let mut labels = cx.standard_labels();
    labels.push(Label {
        span: Span::of(call),
        message: "context made here; nothing cancels it".to_string(),
    });
    (message, labels, fixes)
}

/// The finding on the `context.With...` call at `at`: its message and the
/// fixes that call the cancel function on every path, for the function that
/// owns it.
fn cancel_not_called(cx: &LeakContext<'_>, at: Span) -> (String, Vec<Label>, Vec<Fix>) {
    let mut fixes = Vec::new();
    let call = node_covering(cx.file, at).and_then(|n| enclosing(n, &["call_expression"]));
    let statement = call
        .and_then(enclosing_statement)
        .filter(|s| s.kind() == "short_var_declaration" || s.kind() == "assignment_statement");
    let cancel = statement
        .and_then(|s| s.child_by_field_name("left"))
        .and_then(|left| {
            if left.kind() == "expression_list" {
                left.named_child(1)
            } else {
                None
            }
        });
    let name = cancel.map(|c| text(cx.file, c).to_string());
    let message = match &name {
        Some(n) if n != "_" => {
            format!("the cancel function `{n}` of this context is not called on every path")
        }
        _ => "the cancel function of this context is discarded, so the context is never cancelled"
            .to_string(),
    };
    // The context (or its cancel) handed to the caller is the caller's to
    // cancel: `defer cancel()` would give it a context already cancelled.
    let context = statement
        .and_then(|s| s.child_by_field_name("left"))
        .and_then(|left| left.named_child(0))
        .map(|c| text(cx.file, c).to_string());
    let function = statement.and_then(enclosing_function);
    let owned_by_caller = function.is_some_and(|f| {
        [context.as_deref(), name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|n| *n != "_")
            .any(|n| escape_of(cx.file, f, n).is_some_and(|e| e.belongs_to_caller()))
    });
    if let (Some(statement), Some(cancel), false) = (statement, cancel, owned_by_caller) {
        let mut edits = Vec::new();
        let name = if text(cx.file, cancel) == "_" {
            edits.push(Edit::replace(
                cancel.start_byte(),
                cancel.end_byte(),
                "cancel",
            ));
            "cancel".to_string()
        } else {
            text(cx.file, cancel).to_string()
        };
        edits.push(insert_after_statement(
            cx.file,
            statement,
            &format!("defer {name}()"),
        ));
        // Cancelling when the function returns can change what goroutines still
        // using the context do: a behaviour change a reviewer should look at.
        // Cancelling when the function returns changes nothing its own
        // code sees (every call it passed the context to has returned); a
        // goroutine it started with the context sees it cancelled.
        let shared = function.is_some_and(|f| {
            [context.as_deref(), Some(name.as_str())]
                .into_iter()
                .flatten()
                .filter(|n| *n != "_")
                .any(|n| escape_of(cx.file, f, n).is_some())
        });
        let fix = Fix::new(
            format!("Call `{name}` on every path (`defer {name}()`)"),
            if shared {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            edits,
        );
        fixes.push(if shared {
            fix.because(
                "a goroutine started here still uses the context and sees it cancelled once the function returns",
            )
        } else {
            fix.because(
                "the context is the function's own and every call that got it has returned when it is cancelled",
            )
        });
    }
    if let (Some(statement), Some(function), Some(context), Some(cancel), true) = (
        statement,
        function,
        context.as_deref(),
        name.as_deref(),
        owned_by_caller,
    ) {
        fixes.extend(hand_cancel_to_caller(cx, statement, function, context, cancel));
        fixes.extend(stop_in_callers(cx, function, cancel));
    }
    (message, Vec::new(), fixes)
}

/// A helper that builds a context and returns it, keeping its cancel
/// function to itself: nobody can release the context before it expires.
/// Return the cancel function too, and let every caller (each of which
/// keeps the context in a local variable it does not hand on) call it when
/// it returns, by `defer`.
fn hand_cancel_to_caller(
    cx: &LeakContext<'_>,
    statement: tree_sitter::Node<'_>,
    function: tree_sitter::Node<'_>,
    context: &str,
    cancel: &str,
) -> Option<Fix> {
    if cancel == "_"
        || function.kind() != "function_declaration"
        || escape_of(cx.file, function, cancel).is_some()
        || statement.kind() != "short_var_declaration"
    {
        return None;
    }
    let result = function
        .child_by_field_name("result")
        .filter(|r| r.kind() != "parameter_list")?;
    let helper = text(cx.file, function.child_by_field_name("name")?);
    let mut edits = vec![Edit::replace(
        result.start_byte(),
        result.end_byte(),
        format!("({}, context.CancelFunc)", text(cx.file, result)),
    )];
    for ret in super::code::returns_of(function) {
        let value = ret.named_child(0)?;
        let single = value.kind() == "expression_list" && value.named_child_count() == 1;
        let value = if single { value.named_child(0)? } else { value };
        if value.kind() != "identifier" || text(cx.file, value) != context {
            return None;
        }
        edits.push(Edit::insert(value.end_byte(), format!(", {cancel}")));
    }
    let calls = super::remedies::calls_of(cx, helper)?;
    if calls.is_empty() {
        return None;
    }
    for call in calls {
        let (assignment, left) = super::remedies::declared_by(call)?;
        let variable = left
            .named_child(0)
            .filter(|v| left.named_child_count() == 1 && v.kind() == "identifier")?;
        let caller = enclosing_function(assignment)?;
        let name = text(cx.file, variable);
        if super::edits::mentions(cx.file, caller, cancel)
            || escape_of(cx.file, caller, name).is_some_and(|e| e.belongs_to_caller())
        {
            return None;
        }
        edits.push(Edit::insert(variable.end_byte(), format!(", {cancel}")));
        edits.push(insert_after_statement(
            cx.file,
            assignment,
            &format!("defer {cancel}()"),
        ));
    }
    Some(
        Fix::new(
            format!("Return `{cancel}` from `{helper}` and call it in every caller (`defer {cancel}()`)"),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "`{helper}` gets a second result; each caller now releases the context when it returns instead of when it expires"
        )),
    )
}

/// A constructor keeps the cancel function in a field of the value it
/// returns (`&Poller{cancel: cancel}`), and a method of that type calls it
/// (`func (p *Poller) Stop() { p.cancel() }`): the value is the caller's,
/// so each caller that keeps it in a local variable it does not hand on
/// calls that method when it returns (`defer p.Stop()`). Nothing changes in
/// the constructor.
fn stop_in_callers(
    cx: &LeakContext<'_>,
    function: tree_sitter::Node<'_>,
    cancel: &str,
) -> Option<Fix> {
    use tree_sitter::Node;
    if function.kind() != "function_declaration" || cancel == "_" {
        return None;
    }
    let constructor = text(cx.file, function.child_by_field_name("name")?);
    let mut result = function.child_by_field_name("result")?;
    if result.kind() == "pointer_type" {
        result = result.named_child(0)?;
    }
    let type_name = text(cx.file, result);
    // The field the cancel function is kept in: `cancel: cancel` in a
    // composite literal, or `x.f = cancel`.
    let mut field = None;
    let mut stack = vec![function.child_by_field_name("body")?];
    while let Some(n) = stack.pop() {
        let value_is_cancel = |v: Option<Node<'_>>| {
            v.is_some_and(|v| {
                let v = if v.kind() == "literal_element" {
                    v.named_child(0)
                } else {
                    Some(v)
                };
                v.is_some_and(|v| v.kind() == "identifier" && text(cx.file, v) == cancel)
            })
        };
        match n.kind() {
            "keyed_element" if value_is_cancel(n.named_child(1)) => {
                let key = n.named_child(0)?;
                let key = if key.kind() == "literal_element" {
                    key.named_child(0)?
                } else {
                    key
                };
                field = Some(text(cx.file, key));
            }
            "assignment_statement"
                if value_is_cancel(
                    n.child_by_field_name("right").and_then(|r| r.named_child(0)),
                ) =>
            {
                field = n
                    .child_by_field_name("left")
                    .and_then(|l| l.named_child(0))
                    .filter(|l| l.kind() == "selector_expression")
                    .and_then(|l| l.child_by_field_name("field"))
                    .map(|f| text(cx.file, f));
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    let field = field?;
    // The method of the type that calls `recv.<field>()`.
    let root = cx.file.root();
    let mut cursor = root.walk();
    let stop = root.named_children(&mut cursor).find_map(|m| {
        let (ty, receiver) = super::edits::method_receiver(cx.file, m)?;
        if ty != type_name {
            return None;
        }
        let mut stack = vec![m.child_by_field_name("body")?];
        while let Some(n) = stack.pop() {
            let calls_field = n.kind() == "call_expression"
                && n.child_by_field_name("function")
                    .filter(|f| f.kind() == "selector_expression")
                    .is_some_and(|f| {
                        f.child_by_field_name("field")
                            .is_some_and(|x| text(cx.file, x) == field)
                            && f.child_by_field_name("operand").is_some_and(|o| {
                                o.kind() == "identifier" && text(cx.file, o) == receiver
                            })
                    });
            if calls_field {
                let parameters = m.child_by_field_name("parameters")?;
                let name = text(cx.file, m.child_by_field_name("name")?);
                return (parameters.named_child_count() == 0).then(|| name.to_string());
            }
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
        }
        None
    })?;
    let calls = super::remedies::calls_of(cx, constructor)?;
    if calls.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    let mut first = None;
    for call in calls {
        let (assignment, left) = super::remedies::declared_by(call)?;
        let variable = left
            .named_child(0)
            .filter(|v| left.named_child_count() == 1 && v.kind() == "identifier")?;
        let caller = enclosing_function(assignment)?;
        let name = text(cx.file, variable);
        if escape_of(cx.file, caller, name).is_some() {
            return None;
        }
        first.get_or_insert(name);
        edits.push(insert_after_statement(
            cx.file,
            assignment,
            &format!("defer {name}.{stop}()"),
        ));
    }
    Some(
        Fix::new(
            format!(
                "Call `{stop}` when each caller of `{constructor}` returns (`defer {}.{stop}()`)",
                first?
            ),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "the value `{constructor}` returns is stopped (its context cancelled) when the caller that made it returns"
        )),
    )
}

/// A context's cancel function that is never called, or a goroutine that
/// waits forever for such a context to be done.
fn matches(cx: &LeakContext<'_>) -> bool {
    cx.resource() == Some(crate::verdict::ResourceKind::CancelFunc)
        || context_waited_on(cx).is_some()
}
