//! # Nil channel (`nil-channel`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/nil-channel.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "nil-channel",
    name: "Nil channel",
    kind: FindingKind::Leak,
    what: "A goroutine sends on or receives from a channel variable that was never made, so it is nil.",
    why: "Operations on a nil channel block forever by definition (useful only to disable a `select` case). A struct field or variable of channel type is nil until `make` assigns it.",
    fix: "Initialize the channel with `make(chan T)` where the value is created.",
};

use super::classify::LeakContext;
use super::code::enclosing_function;
use super::edits::{enclosing, text};
use crate::findings::Label;
use crate::fix::{Applicability, Edit, Fix};
use crate::syntax::Span;
use tree_sitter::Node;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let sending = cx
        .blocked
        .first()
        .and_then(|g| g.reason.as_deref())
        .is_some_and(|r| r.contains("send"));
    let channel = cx.operation.and_then(|op| channel_expression(cx, op));
    let name = channel.map(|c| text(cx.file, c).to_string());
    let shown = name
        .clone()
        .map(|n| format!("`{n}`"))
        .unwrap_or_else(|| "the channel".to_string());
    let message = format!(
        "{} forever {} {shown}, which is nil: it was declared but never made",
        cx.who_does("blocks", "block"),
        if sending {
            "sending on"
        } else {
            "receiving from"
        }
    );
    let mut labels = cx.standard_labels();
    let mut fixes = Vec::new();
    if let (Some(name), Some(op)) = (name.filter(|n| !n.contains('.')), cx.operation) {
        if let Some(declaration) = declaration_of(cx, op, &name) {
            labels.push(Label {
                span: Span::of(declaration),
                message: format!("`{name}` is declared here without `make`"),
            });
            if let Some(ty) = declaration
                .child_by_field_name("type")
                .filter(|t| t.kind() == "channel_type")
            {
                let replacement = format!("{name} = make({})", text(cx.file, ty));
                fixes.push(
                    Fix::new(
                        format!("Make the channel where `{name}` is declared"),
                        Applicability::Unsafe,
                        vec![Edit::replace(
                            declaration.start_byte(),
                            declaration.end_byte(),
                            replacement,
                        )],
                    )
                    .because("operations that blocked forever on the nil channel now communicate"),
                );
            }
        }
    }
    (message, labels, fixes)
}

/// The channel operand of the blocked send, receive or range.
fn channel_expression<'t>(cx: &LeakContext<'t>, op: Node<'t>) -> Option<Node<'t>> {
    if let Some(send) = enclosing(op, &["send_statement"]) {
        return send.child_by_field_name("channel");
    }
    if let Some(range) = enclosing(op, &["range_clause"]) {
        return range.child_by_field_name("right");
    }
    // `for v := range ch`: the operation is the for statement itself.
    if let Some(stmt) = enclosing(op, &["for_statement"]) {
        let mut cursor = stmt.walk();
        let range = stmt
            .named_children(&mut cursor)
            .find(|c| c.kind() == "range_clause");
        if let Some(range) = range {
            return range.child_by_field_name("right");
        }
    }
    let receive = enclosing(op, &["unary_expression"])?;
    let _ = cx;
    receive.child_by_field_name("operand")
}

/// The `var name chan T` spec that declares a channel without a value, in the
/// enclosing functions or at package level.
fn declaration_of<'t>(cx: &LeakContext<'t>, op: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut scope = enclosing_function(op);
    loop {
        let root = match scope {
            Some(f) => f.child_by_field_name("body")?,
            None => cx.file.root(),
        };
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.kind() == "var_spec"
                && n.child_by_field_name("value").is_none()
                && n.child_by_field_name("name")
                    .is_some_and(|v| text(cx.file, v) == name)
            {
                return Some(n);
            }
            if n.kind() == "func_literal" && Some(n) != scope {
                continue;
            }
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
        }
        match scope {
            Some(f) => scope = f.parent().and_then(enclosing_function),
            None => return None,
        }
    }
}
