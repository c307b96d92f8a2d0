//! # Lock leak (`lock-leak`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/lock-leak.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::LockLeak,
    name: "Lock leak",
    kind: FindingKind::Leak,
    what: "A mutex is locked and not unlocked on some path (an early return, a panic, a double lock, or two locks taken in opposite orders).",
    why: "Every later `Lock` on that mutex waits forever, and so does every goroutine that needs it.",
    fix: "Unlock with `defer mu.Unlock()` right after `mu.Lock()`. For two mutexes taken in opposite orders, take them in one consistent order everywhere.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::{enclosing_function, returns_of};
use super::edits::{
    enclosing, enclosing_statement, insert_after_statement, insert_before_statement, mentions,
    method_call_statements, node_covering, remove_statement, text,
};
use crate::diagnostics::Label;
use super::facts::MethodCall;
use crate::fix::{Applicability, Edit, Fix};
use crate::syntax::Span;
use tree_sitter::Node;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let call = cx
        .operation
        .and_then(|op| enclosing(op, &["call_expression"]));
    let callee = call.and_then(|c| c.child_by_field_name("function"));
    let (receiver, method) = match callee.filter(|c| c.kind() == "selector_expression") {
        Some(sel) => (
            sel.child_by_field_name("operand")
                .map(|o| text(cx.file, o).to_string()),
            sel.child_by_field_name("field")
                .map(|f| text(cx.file, f).to_string()),
        ),
        None => (None, None),
    };
    // The mutex's last name (`mu` of `c.mu.Lock()`), from the call the
    // goroutine is blocked in.
    let field: Option<String> = call.and_then(|c| {
        let at = Span::of(c);
        cx.facts
            .calls
            .iter()
            .find(|m| m.span == at)
            .and_then(|m| m.receiver.clone())
    });
    let lock_name = receiver
        .clone()
        .map(|r| format!("`{r}`"))
        .unwrap_or_else(|| "the mutex".to_string());
    if method.as_deref() == Some("Wait") {
        // A sync.Cond: nothing is locked; nobody signals any more.
        let cond = receiver
            .as_deref()
            .map(|r| format!("`{r}.Wait()`"))
            .unwrap_or_else(|| "`Wait()`".to_string());
        let message = format!(
            "{} forever in {cond}: every goroutine that could call `Signal` or `Broadcast` on it (or change what it waits for) has finished or is blocked",
            cx.who_does("waits", "wait")
        );
        let mut fixes = Vec::new();
        if let Some(c) = call {
            fixes.extend(wait_for_the_condition(cx, c));
        }
        return (message, cx.standard_labels(), fixes);
    }
    let mut holder_blocked_at = None;
    let mut fixes = Vec::new();
    let message = if method.as_deref() == Some("Do") {
        // A sync.Once whose function calls `Do` again.
        format!(
            "{} forever in `{}.Do`: the function `Do` runs calls `Do` again, which waits for that function to return",
            cx.who_does("waits", "wait"),
            receiver.as_deref().unwrap_or("once")
        )
    } else if cx.blocked.is_empty() {
        // No goroutine waits yet: the function returned holding the lock.
        format!(
            "{lock_name} is locked here and the function can return without unlocking it: every later Lock waits forever"
        )
    } else if let Some((holder, at)) = field.as_deref().and_then(|field| {
        // The holder locked it and is stuck elsewhere (one stuck on a Lock
        // of the same name is more likely a fellow waiter).
        let on_this_mutex = |c: &&MethodCall| c.receiver.as_deref() == Some(field);
        cx.stuck_partner_at(|functions, at| {
            let locks = cx
                .facts
                .calls
                .iter()
                .filter(on_this_mutex)
                .any(|c| c.method == "Lock" && cx.runs_code(functions, c.function));
            let waits_on_it = cx
                .facts
                .calls
                .iter()
                .filter(on_this_mutex)
                .any(|c| c.span.start <= at.start && at.end <= c.span.end);
            locks && !waits_on_it
        })
    }) {
        holder_blocked_at = Some(at);
        let line = cx.file.lines.line_col(at.start).line;
        format!(
            "{} forever to lock {lock_name}: `{holder}` holds it and is blocked forever itself (line {line})",
            cx.who_does("waits", "wait")
        )
    } else if opposite_orders(cx, call) {
        // No edit can know which value comes first: the order to keep.
        fixes.push(Fix::new(
            "Lock in one order everywhere, by a field that tells the values apart (an ID)",
            Applicability::DisplayOnly,
            Vec::new(),
        ));
        format!(
            "{} forever to lock {lock_name}: each holds the `{}` the other waits for, because they take two of them in opposite orders",
            cx.who_does("waits", "wait"),
            field.as_deref().unwrap_or("mutex")
        )
    } else {
        format!(
            "{} forever to lock {lock_name}: it was locked and not unlocked on some path",
            cx.who_does("waits", "wait")
        )
    };
    let mut labels = cx.standard_labels();
    // The holder waits to hand a stop signal over while holding the lock:
    // signalling by `close` does not wait.
    if let Some(send) = holder_blocked_at
        .and_then(|at| node_covering(cx.file, at))
        .and_then(|n| enclosing(n, &["send_statement"]))
    {
        fixes.extend(super::remedies::signal_by_close(cx, send));
    }
    if let (Some(call), Some(field)) = (call, field.as_deref()) {
        fixes.extend(lock_in_one_order(cx, call, field));
    }
    let Some(receiver) = receiver else {
        return (message, labels, fixes);
    };
    let unlock = if method.as_deref() == Some("RLock") {
        "RUnlock"
    } else {
        "Unlock"
    };
    let lock = if unlock == "RUnlock" { "RLock" } else { "Lock" };
    // The Lock calls on this mutex that the witness ran and whose function can
    // return while holding it.
    let Some(field) = field.clone() else {
        return (message, labels, fixes);
    };
    // A read lock taken again by a method called under it waits behind a
    // queued writer: take it once.
    if matches!(lock, "RLock" | "Lock") {
        fixes.extend(
            [("RLock", "RUnlock"), ("Lock", "Unlock"), ("Do", "")]
                .into_iter()
                .find_map(|(l, u)| lock_once(cx, &field, l, u)),
        );
    }
    // The sites the witness ran come first; a site run before the witness's
    // first recorded step (main alone, before any `go`) is not in it, so the
    // others follow: re-analysis decides whether the fix holds.
    let mut sites = lock_sites(cx, &field, lock);
    crate::order::sort_by_key(&mut sites, |s| !cx.was_executed(*s));
    for site in sites {
        let Some(function) = enclosing_function(site) else {
            continue;
        };
        let Some(body) = function.child_by_field_name("body") else {
            continue;
        };
        let site_receiver = site
            .child_by_field_name("function")
            .and_then(|f| f.child_by_field_name("operand"))
            .map(|o| text(cx.file, o).to_string())
            .unwrap_or_else(|| receiver.clone());
        let unlocks = method_call_statements(cx.file, body, &site_receiver, unlock);
        // A deferred unlock releases it on every path: adding another would
        // unlock twice (fatal for a read lock never taken twice).
        if defers_call(cx, body, &site_receiver, unlock) {
            continue;
        }
        let leaves_locked = unlocks.is_empty()
            || returns_of(function).iter().any(|r| {
                r.start_byte() > site.end_byte() && r.start_byte() < unlocks[0].start_byte()
            });
        if !leaves_locked {
            continue;
        }
        labels.push(Label {
            span: Span::of(site),
            message: format!("locked here; some path returns without `{unlock}`"),
        });
        let Some(statement) = enclosing_statement(site) else {
            continue;
        };
        let mut edits = vec![insert_after_statement(
            cx.file,
            statement,
            &format!("defer {site_receiver}.{unlock}()"),
        )];
        edits.extend(
            unlocks
                .iter()
                .filter(|u| u.start_byte() > statement.end_byte())
                .map(|u| remove_statement(cx.file, *u)),
        );
        fixes.push(
            Fix::new(
                format!("Unlock on every path (`defer {site_receiver}.{unlock}()`)"),
                Applicability::Unsafe,
                edits,
            )
            .because("the lock is now held until the function returns, also over the code that ran after the explicit unlock"),
        );
        // The smaller change: unlock right before each return that leaves
        // with the lock held, keeping the explicit unlock where it is.
        if let Some(first_unlock) = unlocks.iter().find(|u| u.start_byte() > site.end_byte()) {
            let early: Vec<Node<'_>> = returns_of(function)
                .into_iter()
                .filter(|r| {
                    r.start_byte() > site.end_byte() && r.start_byte() < first_unlock.start_byte()
                })
                .collect();
            if !early.is_empty() {
                fixes.push(
                    Fix::new(
                        format!("Unlock before the early return (`{site_receiver}.{unlock}()`)"),
                        Applicability::Unsafe,
                        early
                            .iter()
                            .map(|r| {
                                insert_before_statement(
                                    cx.file,
                                    *r,
                                    &format!("{site_receiver}.{unlock}()"),
                                )
                            })
                            .collect(),
                    )
                    .because("later calls no longer wait forever for the lock this path kept"),
                );
            }
        }
        break;
    }
    (message, labels, fixes)
}

/// `c.cond.Wait()` called without a loop over its condition: a `Signal` or
/// `Broadcast` that came first is lost. When a method of the same type sets
/// a bool field to `true` right before it signals (`g.open = true;
/// g.cond.Broadcast()`), that field is the condition: wait in
/// `for !c.open { c.cond.Wait() }`, which also returns at once when it is
/// already set.
fn wait_for_the_condition(cx: &LeakContext<'_>, wait: Node<'_>) -> Option<Fix> {
    let statement = enclosing_statement(wait).filter(|s| s.kind() == "expression_statement")?;
    let method = enclosing(wait, &["method_declaration"])?;
    let (type_name, receiver) = super::edits::method_receiver(cx.file, method)?;
    let callee = wait
        .child_by_field_name("function")
        .filter(|f| f.kind() == "selector_expression")?;
    let cond = callee.child_by_field_name("operand")?;
    let cond_field = (cond.kind() == "selector_expression")
        .then(|| cond.child_by_field_name("field"))
        .flatten()
        .map(|f| text(cx.file, f))?;
    let root = cx.file.root();
    let mut cursor = root.walk();
    let methods: Vec<Node<'_>> = root
        .named_children(&mut cursor)
        .filter(|m| {
            m.kind() == "method_declaration"
                && super::edits::method_receiver(cx.file, *m).map(|r| r.0) == Some(type_name)
        })
        .collect();
    // Already in a loop of its own function: not this slip, but maybe
    // nobody signals where the loop's condition changes.
    if let Some(each) = super::code::enclosing_loop(statement)
        .filter(|l| enclosing_function(*l).map(|f| f.id()) == Some(method.id()))
    {
        return broadcast_where_set(cx, each, method, receiver, cond, cond_field, &methods);
    }
    let mut fields: Vec<&str> = Vec::new();
    for m in methods {
        let Some((_, their_receiver)) = super::edits::method_receiver(cx.file, m) else {
            continue;
        };
        let mut stack: Vec<Node<'_>> = m.child_by_field_name("body").into_iter().collect();
        while let Some(n) = stack.pop() {
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
            if n.kind() != "block" {
                continue;
            }
            let statements = super::edits::statements_of(n);
            for pair in statements.windows(2) {
                let signal = pair[1]
                    .named_child(0)
                    .filter(|c| c.kind() == "call_expression")
                    .and_then(|c| c.child_by_field_name("function"))
                    .filter(|f| f.kind() == "selector_expression");
                let signals_this = signal.is_some_and(|f| {
                    f.child_by_field_name("field")
                        .is_some_and(|m| matches!(text(cx.file, m), "Signal" | "Broadcast"))
                        && f.child_by_field_name("operand")
                            .and_then(|o| o.child_by_field_name("field"))
                            .is_some_and(|o| text(cx.file, o) == cond_field)
                });
                if !signals_this || pair[0].kind() != "assignment_statement" {
                    continue;
                }
                let left = pair[0].child_by_field_name("left").and_then(|l| l.named_child(0));
                let right = pair[0].child_by_field_name("right").and_then(|r| r.named_child(0));
                let set_true = right.is_some_and(|r| r.kind() == "true");
                let field = left
                    .filter(|l| l.kind() == "selector_expression")
                    .filter(|l| {
                        l.child_by_field_name("operand").is_some_and(|o| {
                            o.kind() == "identifier" && text(cx.file, o) == their_receiver
                        })
                    })
                    .and_then(|l| l.child_by_field_name("field"))
                    .map(|f| text(cx.file, f));
                if let (true, Some(field)) = (set_true, field) {
                    if !fields.contains(&field) {
                        fields.push(field);
                    }
                }
            }
        }
    }
    let [field] = fields.as_slice() else {
        return None;
    };
    let condition = format!("{receiver}.{field}");
    let wait_text = text(cx.file, statement);
    let opening = format!("for !{condition} {{");
    let inner = format!("\t{wait_text}");
    Some(
        Fix::new(
            format!("Wait in a loop until `{condition}` is set (`for !{condition} {{ ... }}`)"),
            Applicability::Unsafe,
            vec![super::edits::replace_statement_lines(
                cx.file,
                statement,
                &[opening.as_str(), inner.as_str(), "}"],
            )],
        )
        .because(format!(
            "the goroutine no longer waits when `{condition}` was set before it got the lock, and waits again after a wake-up that left it unset"
        )),
    )
}

/// `for ... !q.closed { q.cond.Wait() }`, and a method of the same type
/// sets a field of that condition (`q.closed = true`) without a `Signal` or
/// `Broadcast`: the waiters never see it. Broadcast right after setting it.
/// (From [`wait_for_the_condition`], with what it found: the loop, the
/// waiting method, its receiver, `q.cond` and `cond`, the type's methods.)
fn broadcast_where_set(
    cx: &LeakContext<'_>,
    each: Node<'_>,
    method: Node<'_>,
    receiver: &str,
    cond: Node<'_>,
    cond_field: &str,
    methods: &[Node<'_>],
) -> Option<Fix> {
    let on_receiver = |n: Node<'_>, name: &str| {
        n.kind() == "selector_expression"
            && n.child_by_field_name("operand")
                .is_some_and(|o| o.kind() == "identifier" && text(cx.file, o) == name)
    };
    if !on_receiver(cond, receiver) {
        return None;
    }
    // The receiver's fields the loop's condition reads.
    let mut fields: Vec<&str> = Vec::new();
    let mut cursor = each.walk();
    let mut stack: Vec<Node<'_>> = each
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "block")
        .collect();
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        if on_receiver(n, receiver) {
            fields.extend(n.child_by_field_name("field").map(|f| text(cx.file, f)));
        }
    }
    let mut edits = Vec::new();
    for &m in methods {
        let Some((_, their_receiver)) = super::edits::method_receiver(cx.file, m) else {
            continue;
        };
        if m.id() == method.id() || calls_method(cx, m, &["Broadcast", "Signal"]) {
            continue;
        }
        let mut stack = vec![m];
        while let Some(n) = stack.pop() {
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
            let sets = n.kind() == "assignment_statement"
                && n.child_by_field_name("left")
                    .and_then(|l| l.named_child(0))
                    .filter(|l| on_receiver(*l, their_receiver))
                    .and_then(|l| l.child_by_field_name("field"))
                    .is_some_and(|f| fields.contains(&text(cx.file, f)));
            if sets {
                edits.push(insert_after_statement(
                    cx.file,
                    n,
                    &format!("{their_receiver}.{cond_field}.Broadcast()"),
                ));
            }
        }
    }
    (!edits.is_empty()).then(|| {
        Fix::new(
            format!("Broadcast on `{cond_field}` where the condition changes"),
            Applicability::Unsafe,
            edits,
        )
        .because("the waiters wake up and see the change")
    })
}

/// AB-BA, from the facts: several goroutines are blocked in one `Lock`
/// call, and the function that makes it locks a mutex of the same name
/// earlier (so each of them holds one and waits for the other's).
fn opposite_orders(cx: &LeakContext<'_>, call: Option<Node<'_>>) -> bool {
    let Some(at) = call.map(Span::of) else {
        return false;
    };
    let Some(blocked) = cx.facts.calls.iter().find(|m| m.span == at) else {
        return false;
    };
    cx.blocked.len() >= 2
        && blocked.method == "Lock"
        && cx.facts.calls.iter().any(|m| {
            m.function == blocked.function
                && m.method == "Lock"
                && m.receiver == blocked.receiver
                && m.span.end <= at.start
        })
}

/// Two goroutines run one function that locks the `field` mutex of two of
/// its parameters of the same type, one after the other: called with the
/// arguments swapped, each holds the lock the other waits for (AB-BA). Lock
/// them in one order everywhere, the order of a plain (string or integer)
/// field of the type, which must tell the values apart.
fn lock_in_one_order(cx: &LeakContext<'_>, blocked: Node<'_>, field: &str) -> Option<Fix> {
    let function = enclosing_function(blocked)?;
    let body = function.child_by_field_name("body")?;
    // The lock calls on `<parameter>.<field>` in the function, in order.
    let mut locks: Vec<(Node<'_>, Node<'_>, &str)> = Vec::new();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        if n.kind() != "call_expression" {
            continue;
        }
        let Some(callee) = n
            .child_by_field_name("function")
            .filter(|f| f.kind() == "selector_expression")
        else {
            continue;
        };
        let method = callee.child_by_field_name("field").map(|m| text(cx.file, m));
        let Some(mutex) = callee
            .child_by_field_name("operand")
            .filter(|o| o.kind() == "selector_expression")
        else {
            continue;
        };
        let owner = mutex
            .child_by_field_name("operand")
            .filter(|o| o.kind() == "identifier");
        let named = mutex
            .child_by_field_name("field")
            .is_some_and(|f| text(cx.file, f) == field);
        if let (Some(method @ ("Lock" | "Unlock")), Some(owner), true) = (method, owner, named) {
            locks.push((n, owner, method));
        }
    }
    crate::order::sort_by_key(&mut locks, |(n, _, _)| n.start_byte());
    let mut owners: Vec<&str> = Vec::new();
    for (_, owner, method) in &locks {
        let name = text(cx.file, *owner);
        if *method == "Lock" && !owners.contains(&name) {
            owners.push(name);
        }
    }
    let [first_owner, second_owner] = owners.as_slice() else {
        return None;
    };
    // Both are parameters of one pointer-to-struct type.
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let mut type_of = |name: &str| {
        parameters
            .named_children(&mut cursor)
            .find(|p| {
                let mut names = p.walk();
                let found = p
                    .children_by_field_name("name", &mut names)
                    .any(|n| text(cx.file, n) == name);
                found
            })
            .and_then(|p| p.child_by_field_name("type"))
    };
    let first_type = type_of(first_owner)?;
    let second_type = type_of(second_owner)?;
    if first_type.kind() != "pointer_type" || text(cx.file, first_type) != text(cx.file, second_type) {
        return None;
    }
    let type_name = text(cx.file, first_type.named_child(0)?);
    let key = ordered_field(cx, type_name)?;
    let (a, b) = ("first", "second");
    if mentions(cx.file, function, a) || mentions(cx.file, function, b) {
        return None;
    }
    let first_lock = locks
        .iter()
        .find(|(_, owner, method)| *method == "Lock" && text(cx.file, *owner) == *first_owner)?;
    let statement = enclosing_statement(first_lock.0)?;
    let mut edits = vec![insert_before_statement(
        cx.file,
        statement,
        &format!(
            "{a}, {b} := {first_owner}, {second_owner}\n{indent}if {b}.{key} < {a}.{key} {{\n{indent}\t{a}, {b} = {b}, {a}\n{indent}}}",
            indent = super::edits::indent_at(&cx.file.text, statement.start_byte())
        ),
    )];
    for (_, owner, _) in &locks {
        let name = if text(cx.file, *owner) == *first_owner { a } else { b };
        edits.push(Edit::replace(owner.start_byte(), owner.end_byte(), name));
    }
    Some(
        Fix::new(
            format!("Lock the two `{field}`s in one order (by `{key}`)"),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "every call now locks the {type_name} with the smaller `{key}` first, so two calls with swapped arguments no longer wait for each other; `{key}` must differ between values"
        )),
    )
}

/// The first field of struct `type_name` with a plain ordered type (a
/// string or an integer): what two values can be ordered by.
fn ordered_field<'t>(cx: &LeakContext<'t>, type_name: &str) -> Option<&'t str> {
    let mut stack = vec![cx.file.root()];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        let declares = n.kind() == "type_spec"
            && n.child_by_field_name("name")
                .is_some_and(|x| text(cx.file, x) == type_name);
        let Some(fields) = n
            .child_by_field_name("type")
            .filter(|t| declares && t.kind() == "struct_type")
            .and_then(|t| t.named_child(0))
        else {
            continue;
        };
        let mut cursor = fields.walk();
        for declaration in fields.named_children(&mut cursor) {
            let plain = declaration.child_by_field_name("type").is_some_and(|t| {
                matches!(
                    text(cx.file, t),
                    "string" | "int" | "int64" | "int32" | "uint" | "uint64" | "uint32"
                )
            });
            if plain {
                return declaration
                    .child_by_field_name("name")
                    .map(|x| text(cx.file, x));
            }
        }
    }
    None
}

/// Whether `scope` (not its function literals) has `defer receiver.method()`,
/// by its nodes.
fn defers_call(cx: &LeakContext<'_>, scope: Node<'_>, receiver: &str, method: &str) -> bool {
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.kind() == "defer_statement" {
            let call = n.named_child(0).filter(|c| c.kind() == "call_expression");
            let callee = call
                .and_then(|c| c.child_by_field_name("function"))
                .filter(|f| f.kind() == "selector_expression");
            let no_arguments = call
                .and_then(|c| c.child_by_field_name("arguments"))
                .is_some_and(|a| a.named_child_count() == 0);
            if no_arguments
                && callee.is_some_and(|f| {
                    f.child_by_field_name("field")
                        .is_some_and(|m| text(cx.file, m) == method)
                        && f.child_by_field_name("operand")
                            .is_some_and(|o| same_expression(cx, o, receiver))
                })
            {
                return true;
            }
        }
        if n.kind() == "func_literal" && n.id() != scope.id() {
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// Whether an expression node is `expected` (`s.mu`), token by token, so
/// spacing does not matter.
fn same_expression(cx: &LeakContext<'_>, node: Node<'_>, expected: &str) -> bool {
    let mut tokens = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.child_count() == 0 {
            tokens.push_str(text(cx.file, n));
            continue;
        }
        let mut cursor = n.walk();
        let mut children: Vec<Node<'_>> = n.children(&mut cursor).collect();
        children.reverse();
        stack.extend(children);
    }
    tokens == expected
}

/// Whether `scope` calls a method named one of `names` on anything.
fn calls_method(cx: &LeakContext<'_>, scope: Node<'_>, names: &[&str]) -> bool {
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.kind() == "call_expression"
            && n.child_by_field_name("function")
                .filter(|f| f.kind() == "selector_expression")
                .and_then(|f| f.child_by_field_name("field"))
                .is_some_and(|f| names.contains(&text(cx.file, f)))
        {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// Every `x.<field>.Lock()` (or `<field>.Lock()`) call in the file.
fn lock_sites<'t>(cx: &LeakContext<'t>, field: &str, lock: &str) -> Vec<Node<'t>> {
    // The model's method calls know each receiver's last name: no text.
    let mut out: Vec<Node<'t>> = cx
        .facts
        .calls
        .iter()
        .filter(|c| c.method == lock && c.receiver.as_deref() == Some(field))
        .filter_map(|c| {
            node_covering(cx.file, c.span).and_then(|n| enclosing(n, &["call_expression"]))
        })
        .collect();
    crate::order::sort_by_key(&mut out, |n| n.start_byte());
    out.dedup_by_key(|n| n.id());
    out
}

/// The statements of a method's body, and the method's receiver name.
fn method_parts<'t>(cx: &LeakContext<'t>, method: Node<'t>) -> Option<(String, Vec<Node<'t>>)> {
    let receiver = method.child_by_field_name("receiver")?;
    let declaration = receiver.named_child(0)?;
    let name = text(cx.file, declaration.child_by_field_name("name")?).to_string();
    let body = method.child_by_field_name("body")?;
    Some((name, super::edits::statements_of(body)))
}

/// Re-entry: method `outer` holds `r.<field>.RLock()` (with a deferred
/// RUnlock) and calls `r.inner(...)`, whose first statements are
/// `r.<field>.RLock()` and `defer r.<field>.RUnlock()`. A writer queued
/// between the two read locks blocks the second, and waits for the first:
/// both wait forever. (With `Lock`, the second Lock waits for the first at
/// once.) The fix takes the lock once: `inner`'s body moves to
/// `innerLocked` (for callers holding the lock), `inner` locks and calls it,
/// and `outer` calls `innerLocked`. Never a second unlock. With `lock`
/// `Do` (a sync.Once): `inner` starts with `r.<field>.Do(r.outer)` and
/// `outer`, run by that `Do`, calls `inner`, whose `Do` waits for itself:
/// `outer` calls `innerInOnce`, the rest of `inner` without the `Do`.
fn lock_once(cx: &LeakContext<'_>, field: &str, lock: &str, unlock: &str) -> Option<Fix> {
    let root = cx.file.root();
    let mut cursor = root.walk();
    let methods: Vec<Node<'_>> = root
        .named_children(&mut cursor)
        .filter(|n| n.kind() == "method_declaration")
        .collect();
    let squeeze = |n: Node<'_>| text(cx.file, n).replace([' ', '\t'], "");
    let holds = |receiver: &str, statements: &[Node<'_>]| {
        statements
            .iter()
            .any(|s| squeeze(*s) == format!("{receiver}.{field}.{lock}()"))
            && statements
                .iter()
                .any(|s| squeeze(*s) == format!("defer{receiver}.{field}.{unlock}()"))
    };
    let once = unlock.is_empty();
    for inner in &methods {
        let Some((receiver, statements)) = method_parts(cx, *inner) else {
            continue;
        };
        // The method a `Do` of this Once runs: `r.<field>.Do(r.<runs>)`.
        let runs = statements
            .first()
            .and_then(|s| s.named_child(0))
            .filter(|c| once && c.kind() == "call_expression")
            .and_then(|c| c.child_by_field_name("arguments")?.named_child(0))
            .filter(|a| a.kind() == "selector_expression")
            .and_then(|a| a.child_by_field_name("field"))
            .map(|f| text(cx.file, f));
        let guarded = match runs {
            Some(runs) => {
                squeeze(statements[0]) == format!("{receiver}.{field}.Do({receiver}.{runs})")
            }
            None => {
                statements.len() >= 3
                    && squeeze(statements[0]) == format!("{receiver}.{field}.{lock}()")
                    && squeeze(statements[1]) == format!("defer{receiver}.{field}.{unlock}()")
            }
        };
        if !guarded || statements.len() < 2 {
            continue;
        }
        let prefix = statements[usize::from(!once)];
        let name = text(cx.file, inner.child_by_field_name("name")?).to_string();
        let mut chars = name.chars();
        let first = chars.next()?;
        let suffix = if once { "InOnce" } else { "Locked" };
        let locked = format!("{}{}{suffix}", first.to_lowercase(), chars.as_str());
        if mentions(cx.file, root, &locked) {
            continue;
        }
        // The calls of `inner` made while the caller holds the read lock.
        let mut calls = Vec::new();
        for outer in methods.iter().filter(|m| m.id() != inner.id()) {
            let Some((outer_receiver, outer_statements)) = method_parts(cx, *outer) else {
                continue;
            };
            let outer_name = outer.child_by_field_name("name").map(|n| text(cx.file, n));
            let held = match runs {
                Some(runs) => outer_name == Some(runs),
                None => holds(&outer_receiver, &outer_statements),
            };
            if !held {
                continue;
            }
            let mut stack = vec![outer.child_by_field_name("body")?];
            while let Some(n) = stack.pop() {
                if n.kind() == "func_literal" {
                    continue;
                }
                if n.kind() == "selector_expression"
                    && n.parent().is_some_and(|p| p.kind() == "call_expression")
                    && n.child_by_field_name("operand")
                        .is_some_and(|o| text(cx.file, o) == outer_receiver)
                    && n.child_by_field_name("field")
                        .is_some_and(|f| text(cx.file, f) == name)
                {
                    calls.push(n.child_by_field_name("field")?);
                }
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
        if calls.is_empty() {
            continue;
        }
        let params = inner.child_by_field_name("parameters")?;
        let mut arguments = Vec::new();
        let mut c = params.walk();
        for p in params.named_children(&mut c) {
            let variadic = p.kind() == "variadic_parameter_declaration";
            let mut pc = p.walk();
            let names: Vec<String> = p
                .children_by_field_name("name", &mut pc)
                .map(|n| text(cx.file, n).to_string())
                .collect();
            if names.is_empty() {
                return None;
            }
            for n in names {
                arguments.push(if variadic { format!("{n}...") } else { n });
            }
        }
        let result = inner
            .child_by_field_name("result")
            .map(|r| format!(" {}", text(cx.file, r)))
            .unwrap_or_default();
        let body = inner.child_by_field_name("body")?;
        let rest = &cx.file.text[prefix.end_byte()..body.end_byte() - 1];
        let call = format!("{receiver}.{locked}({})", arguments.join(", "));
        let delegate = if result.is_empty() {
            call
        } else {
            format!("return {call}")
        };
        let method_receiver = text(cx.file, inner.child_by_field_name("receiver")?);
        let mut edits = vec![
            Edit::replace(
                prefix.end_byte(),
                body.end_byte() - 1,
                format!("\n\t{delegate}\n"),
            ),
            Edit::insert(
                inner.end_byte(),
                format!(
                    "\n\n// {locked} is {name} for callers that already {} {receiver}.{field}{}.\nfunc {method_receiver} {locked}{}{result} {{{rest}}}",
                    if once { "run in" } else { "hold" },
                    if once { ".Do" } else { "" },
                    text(cx.file, params)
                ),
            ),
        ];
        edits.extend(
            calls
                .iter()
                .map(|f| Edit::replace(f.start_byte(), f.end_byte(), locked.clone())),
        );
        let (title, why) = if once {
            ("Run the `Do` once (`{locked}` for the code it runs)", "`Do`'s function no longer calls `Do`, which waits for itself")
        } else {
            ("Take the lock once (`{locked}` for callers that hold it)", "callers that hold the lock no longer take it again (for a read lock, a waiting writer could wedge between the two)")
        };
        return Some(
            Fix::new(title.replace("{locked}", &locked), Applicability::Unsafe, edits).because(why),
        );
    }
    None
}

/// A goroutine waiting for a lock or a condition forever, or an entry that
/// returned holding a mutex.
fn matches(cx: &LeakContext<'_>) -> bool {
    use crate::engine::BlockReason;
    cx.resource() == Some(crate::verdict::ResourceKind::HeldMutex)
        || cx.is_blocked_forever()
            && matches!(
                cx.reason(),
                Some(BlockReason::MutexLock | BlockReason::RLock | BlockReason::CondWait)
            )
}
