//! # Nil channel (`nil-channel`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/nil-channel.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, Rule, RuleId, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
    id: RuleId::NilChannel,
    name: "Nil channel",
    kind: FindingKind::Leak,
    what: "A goroutine sends on or receives from a channel variable that was never made, so it is nil.",
    why: "Operations on a nil channel block forever by definition (useful only to disable a `select` case). A struct field or variable of channel type is nil until `make` assigns it.",
    fix: "Initialize the channel with `make(chan T)` where the value is created.",
    },
    matches,
    diagnose,
};

use super::classify::LeakContext;
use super::code::enclosing_function;
use super::edits::{enclosing, text};
use crate::diagnostics::Label;
use crate::fix::{Applicability, Edit, Fix};
use crate::syntax::Span;
use tree_sitter::Node;

pub fn diagnose(cx: &LeakContext<'_>) -> (String, Vec<Label>, Vec<Fix>) {
    let sending = cx.reason() == Some(crate::engine::BlockReason::NilChanSend);
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
    if let (Some(channel), Some(op)) = (channel, cx.operation) {
        fixes.extend(construct_with_field(cx, channel));
        fixes.extend(check_map_lookup(cx, channel, op));
    }
    if let Some(op) = cx.operation {
        fixes.extend(stop_when_all_nil(cx, op));
    }
    let variable = name.filter(|_| channel.is_some_and(|c| c.kind() == "identifier"));
    if let (Some(name), Some(op)) = (variable, cx.operation) {
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
    if let (Some(channel), Some(op), true) = (channel, cx.operation, fixes.is_empty()) {
        fixes.extend(skip_while_nil(cx, channel, op));
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

/// A channel in a struct field that the value was built without: build it
/// with the type's constructor (`NewT()`, which makes the field) where a
/// literal `&T{}` leaves it nil.
fn construct_with_field(cx: &LeakContext<'_>, channel: Node<'_>) -> Option<Fix> {
    if channel.kind() != "selector_expression" {
        return None;
    }
    let field = text(cx.file, channel.child_by_field_name("field")?);
    let root = cx.file.root();
    // The struct type that declares the field.
    let mut type_name = None;
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "type_spec" {
            let declares = n.child_by_field_name("type").is_some_and(|t| {
                t.kind() == "struct_type" && {
                    let mut inner = vec![t];
                    let mut found = false;
                    while let Some(m) = inner.pop() {
                        if m.kind() == "field_identifier" && text(cx.file, m) == field {
                            found = true;
                        }
                        let mut c = m.walk();
                        inner.extend(m.named_children(&mut c));
                    }
                    found
                }
            });
            if declares {
                type_name = n
                    .child_by_field_name("name")
                    .map(|x| text(cx.file, x).to_string());
            }
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    let type_name = type_name?;
    let constructor = format!("New{type_name}");
    // The constructor takes no arguments and makes the field.
    let mut cursor = root.walk();
    let declared = root.named_children(&mut cursor).find(|f| {
        f.kind() == "function_declaration"
            && f.child_by_field_name("name")
                .is_some_and(|n| text(cx.file, n) == constructor)
    })?;
    let no_params = declared
        .child_by_field_name("parameters")
        .is_some_and(|p| p.named_child_count() == 0);
    // The model knows which function makes a channel into which field.
    let constructor_id = cx.facts.function_at(crate::syntax::Span::of(declared));
    let makes_field = cx.facts.channels.iter().any(|c| {
        c.maker.is_some() && c.maker == constructor_id
            && c.name == Some(super::facts::ChannelName::Field(field.to_string()))
    });
    if !no_params || !makes_field {
        return None;
    }
    // Every empty literal `&T{}` outside the constructor.
    let mut edits = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.id() == declared.id() {
            continue;
        }
        if n.kind() == "unary_expression"
            && text(cx.file, n).replace(' ', "") == format!("&{type_name}{{}}")
        {
            edits.push(Edit::replace(
                n.start_byte(),
                n.end_byte(),
                format!("{constructor}()"),
            ));
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    if edits.is_empty() {
        return None;
    }
    Some(
        Fix::new(
            format!("Build the value with `{constructor}()`, which makes `{field}`"),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "operations on `{field}` that blocked forever on a nil channel now use the channel the constructor makes"
        )),
    )
}

/// The channel is never made anywhere in the file (no `make` is stored in
/// that variable or field), so the operation can only block: skip it while
/// the channel is nil. A send becomes a `select` with a `default` (the value
/// is dropped when nobody is ready to take it); a range runs only when the
/// channel is not nil.
fn skip_while_nil(cx: &LeakContext<'_>, channel: Node<'_>, op: Node<'_>) -> Option<Fix> {
    let last_name = match channel.kind() {
        "selector_expression" => channel.child_by_field_name("field")?,
        "identifier" => channel,
        _ => return None,
    };
    let last_name = text(cx.file, last_name);
    let made_somewhere = cx
        .facts
        .channels
        .iter()
        .any(|c| c.name.as_ref().is_some_and(|n| n.shown() == last_name));
    let sending = enclosing(op, &["send_statement"]).is_some();
    if made_somewhere || other_side_exists(cx, last_name, sending) {
        return None;
    }
    let shown = text(cx.file, channel);
    if let Some(send) = enclosing(op, &["send_statement"]) {
        let lines = [
            "select {".to_string(),
            format!("case {}:", text(cx.file, send)),
            "default:".to_string(),
            "}".to_string(),
        ];
        let edit = super::remedies::wrap_send(cx, send, &lines)?;
        return Some(
            Fix::new(
                format!("Skip the send while `{shown}` is nil (`select` with `default`)"),
                Applicability::Unsafe,
                vec![edit],
            )
            .because("the value is dropped when nobody is ready to take it, instead of blocking forever on a channel nothing makes"),
        );
    }
    let range = enclosing(op, &["for_statement"])?;
    let mut cursor = range.walk();
    let ranges_channel = range.named_children(&mut cursor).any(|c| {
        c.kind() == "range_clause"
            && c.child_by_field_name("right")
                .is_some_and(|r| r.id() == channel.id())
    });
    if !ranges_channel {
        return None;
    }
    let indent = super::edits::indent_at(&cx.file.text, range.start_byte());
    let body: Vec<String> = text(cx.file, range)
        .split('\n')
        .enumerate()
        .map(|(i, line)| match (i, line.is_empty()) {
            (0, _) => format!("{indent}\t{line}"),
            (_, true) => String::new(),
            (_, false) => format!("\t{line}"),
        })
        .collect();
    Some(
        Fix::new(
            format!("Range over `{shown}` only when it is not nil"),
            Applicability::Unsafe,
            vec![Edit::replace(
                range.start_byte(),
                range.end_byte(),
                format!("if {shown} != nil {{\n{}\n{indent}}}", body.join("\n")),
            )],
        )
        .because("the loop is skipped instead of blocking forever on a channel nothing makes, so the code after it runs"),
    )
}

/// Whether the file has the other side of the operation on a channel whose
/// last name is `name`: a receive or range when `sending`, a send when not.
/// Then the code expects values to flow, and the channel should be made.
fn other_side_exists(cx: &LeakContext<'_>, name: &str, sending: bool) -> bool {
    let names = |n: Option<Node<'_>>| {
        n.is_some_and(|n| {
            let last = if n.kind() == "selector_expression" {
                n.child_by_field_name("field")
            } else {
                Some(n)
            };
            last.is_some_and(|l| text(cx.file, l) == name)
        })
    };
    let mut stack = vec![cx.file.root()];
    while let Some(n) = stack.pop() {
        let found = match n.kind() {
            "send_statement" => !sending && names(n.child_by_field_name("channel")),
            "unary_expression" => {
                sending
                    && n.child_by_field_name("operator").map(|o| o.kind()) == Some("<-")
                    && names(n.child_by_field_name("operand"))
            }
            "range_clause" => sending && names(n.child_by_field_name("right")),
            _ => false,
        };
        if found {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// `ch := m[key]` then a send or receive on `ch`: a missing key gives a nil
/// channel. Check that the key exists and return when it does not (in a
/// function without results).
fn check_map_lookup(cx: &LeakContext<'_>, channel: Node<'_>, op: Node<'_>) -> Option<Fix> {
    if channel.kind() != "identifier" {
        return None;
    }
    let name = text(cx.file, channel);
    let function = enclosing_function(op)?;
    if function.child_by_field_name("result").is_some()
        || super::edits::mentions(cx.file, function, "ok")
    {
        return None;
    }
    let body = function.child_by_field_name("body")?;
    let statement = super::edits::statements_of(body).into_iter().find(|s| {
        s.kind() == "short_var_declaration"
            && s.child_by_field_name("left")
                .is_some_and(|l| text(cx.file, l) == name)
            && s.child_by_field_name("right")
                .and_then(|r| r.named_child(0))
                .is_some_and(|r| r.kind() == "index_expression")
    })?;
    let right = text(cx.file, statement.child_by_field_name("right")?);
    let indent = super::edits::indent_at(&cx.file.text, statement.start_byte());
    Some(
        Fix::new(
            "Return when the key is missing instead of using a nil channel",
            Applicability::Unsafe,
            vec![Edit::replace(
                statement.start_byte(),
                statement.end_byte(),
                format!("{name}, ok := {right}\n{indent}if !ok {{\n{indent}\treturn\n{indent}}}"),
            )],
        )
        .because("a call with a missing key now returns at once instead of blocking forever"),
    )
}

/// A `for { select { ... } }` that disables each case by setting its
/// channel to nil, and never stops when all are nil: loop while one is not.
/// Whether `scope` has an assignment `name = nil`.
fn sets_nil(cx: &LeakContext<'_>, scope: Node<'_>, name: &str) -> bool {
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        if n.kind() != "assignment_statement" {
            continue;
        }
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            continue;
        };
        fn one(list: Node<'_>) -> Option<Node<'_>> {
            list.named_child(0).filter(|_| list.named_child_count() == 1)
        }
        if one(left).is_some_and(|l| l.kind() == "identifier" && text(cx.file, l) == name)
            && one(right).is_some_and(|r| r.kind() == "nil")
        {
            return true;
        }
    }
    false
}

fn stop_when_all_nil(cx: &LeakContext<'_>, op: Node<'_>) -> Option<Fix> {
    let select = enclosing(op, &["select_statement"])?;
    let for_statement = super::code::enclosing_loop(select)?;
    let mut cursor = for_statement.walk();
    if for_statement
        .named_children(&mut cursor)
        .any(|c| c.kind() != "block")
    {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut cursor = select.walk();
    for case in select.named_children(&mut cursor) {
        if case.kind() == "comment" {
            continue;
        }
        let comm = case.child_by_field_name("communication")?;
        let mut stack = vec![comm];
        let mut found = None;
        while let Some(m) = stack.pop() {
            if m.kind() == "unary_expression" && m.child(0).is_some_and(|t| t.kind() == "<-") {
                found = m.child_by_field_name("operand");
                break;
            }
            let mut c = m.walk();
            stack.extend(m.named_children(&mut c));
        }
        let operand = found.filter(|o| o.kind() == "identifier")?;
        names.push(text(cx.file, operand).to_string());
    }
    if names.len() < 2 || !names.iter().all(|n| sets_nil(cx, for_statement, n)) {
        return None;
    }
    let open = for_statement.child_by_field_name("body")?;
    let condition: Vec<String> = names.iter().map(|n| format!("{n} != nil")).collect();
    Some(
        Fix::new(
            "Stop looping once every channel is nil",
            Applicability::Unsafe,
            vec![Edit::replace(
                for_statement.start_byte(),
                open.start_byte(),
                format!("for {} ", condition.join(" || ")),
            )],
        )
        .because("the loop now ends when every input is closed, instead of waiting on nil channels forever"),
    )
}

/// A send or receive on a nil channel, or a select whose every case's channel is nil.
fn matches(cx: &LeakContext<'_>) -> bool {
    use crate::engine::BlockReason;
    cx.is_blocked_forever()
        && (matches!(
            cx.reason(),
            Some(BlockReason::NilChanSend | BlockReason::NilChanRecv)
        ) || cx.select_on_nil_channels())
}
