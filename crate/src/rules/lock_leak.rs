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
    enclosing, enclosing_statement, insert_after_statement, method_call_statements,
    remove_statement, text,
};
use super::facts::MethodCall;
use crate::diagnostics::Label;
use crate::fix::{Applicability, Fix};
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
        return (message, cx.standard_labels(), Vec::new());
    }
    let message = if cx.blocked.is_empty() {
        // No goroutine waits yet: the function returned holding the lock.
        format!(
            "{lock_name} is locked here and the function can return without unlocking it: every later Lock waits forever"
        )
    } else if let Some((holder, line)) = field.as_deref().and_then(|field| {
        // The holder locked it and is stuck elsewhere (one stuck on a Lock
        // of the same name is more likely a fellow waiter).
        let on_this_mutex = |c: &&MethodCall| c.receiver.as_deref() == Some(field);
        cx.stuck_partner(|functions, at| {
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
        format!(
            "{} forever to lock {lock_name}: `{holder}` holds it and is blocked forever itself (line {line})",
            cx.who_does("waits", "wait")
        )
    } else {
        format!(
            "{} forever to lock {lock_name}: it was locked and not unlocked on some path",
            cx.who_does("waits", "wait")
        )
    };
    let mut labels = cx.standard_labels();
    let mut fixes = Vec::new();
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
    let field = receiver.rsplit('.').next().unwrap_or(&receiver).to_string();
    for site in lock_sites(cx, &field, lock) {
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
        let leaves_locked = unlocks.is_empty()
            || returns_of(function).iter().any(|r| {
                r.start_byte() > site.end_byte() && r.start_byte() < unlocks[0].start_byte()
            });
        if !leaves_locked || !cx.was_executed(site) {
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
        fixes.push(Fix::new(
            format!("Unlock on every path (`defer {site_receiver}.{unlock}()`)"),
            Applicability::Unsafe,
            edits,
        ));
        break;
    }
    (message, labels, fixes)
}

/// Every `x.<field>.Lock()` (or `<field>.Lock()`) call in the file.
fn lock_sites<'t>(cx: &LeakContext<'t>, field: &str, lock: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let root = cx.file.root();
    let mut cursor = root.walk();
    'walk: loop {
        let node = cursor.node();
        if node.kind() == "call_expression" {
            if let Some(sel) = node
                .child_by_field_name("function")
                .filter(|f| f.kind() == "selector_expression")
            {
                let method = sel.child_by_field_name("field").map(|f| text(cx.file, f));
                let operand = sel
                    .child_by_field_name("operand")
                    .map(|o| text(cx.file, o).to_string())
                    .unwrap_or_default();
                if method == Some(lock) && operand.rsplit('.').next() == Some(field) {
                    out.push(node);
                }
            }
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
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
