//! What the code says about the objects in a verdict: the variable a channel is
//! made into, the function that made it, and every place in that function that
//! sends, receives, ranges over or closes it. The classifier combines these
//! with what the witness shows happened.

use super::edits::{enclosing, node_covering, text};
use crate::syntax::{ParsedFile, Span};
use tree_sitter::Node;

/// How a channel is used at one place in the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    Send,
    Receive,
    Range,
    Close,
}

#[derive(Clone, Debug)]
pub struct ChannelCode<'t> {
    /// The variable the channel is stored in (`errc`), or `.field` for a
    /// channel kept in a struct field.
    pub name: String,
    /// The `make(...)` call.
    pub make: Node<'t>,
    /// The statement that makes it.
    pub statement: Option<Node<'t>>,
    /// The capacity argument, if any.
    pub capacity: Option<Node<'t>>,
    /// The function (declaration or literal) that makes it.
    pub function: Option<Node<'t>>,
    /// Every use inside that function (nested literals included), in source order.
    pub uses: Vec<(Use, Node<'t>)>,
    /// Kept in a struct field, not a variable.
    pub field: bool,
}

impl<'t> ChannelCode<'t> {
    /// The name to show: `errc`, or `entries` for a field.
    pub fn display_name(&self) -> &str {
        if self.field {
            &self.name[1..]
        } else {
            &self.name
        }
    }

    /// Kept in a struct field (used across functions), not a variable.
    pub fn is_field(&self) -> bool {
        self.field
    }

    pub fn uses_of(&self, kind: Use) -> impl Iterator<Item = Node<'t>> + '_ {
        self.uses
            .iter()
            .filter(move |(k, _)| *k == kind)
            .map(|(_, n)| *n)
    }

    pub fn is_buffered(&self, file: &ParsedFile) -> bool {
        self.capacity.is_some_and(|c| text(file, c).trim() != "0")
    }
}

/// The function declaration, method or literal around a node.
pub fn enclosing_function(node: Node<'_>) -> Option<Node<'_>> {
    enclosing(
        node,
        &["function_declaration", "method_declaration", "func_literal"],
    )
}

/// The name Go's stack traces use for a declared function: `lookup`, `(*Counter).Inc` → `Inc`.
pub fn function_name(file: &ParsedFile, function: Node<'_>) -> String {
    match function.child_by_field_name("name") {
        Some(name) => text(file, name).to_string(),
        None => enclosing_function(function.parent().unwrap_or(function))
            .filter(|f| f.id() != function.id())
            .map(|outer| format!("{}.func", function_name(file, outer)))
            .unwrap_or_else(|| "func".to_string()),
    }
}

/// Facts about the channel made at `make_span`.
pub fn channel_code(file: &ParsedFile, make_span: Span) -> Option<ChannelCode<'_>> {
    let node = node_covering(file, make_span)?;
    let make = enclosing(node, &["call_expression"])?;
    // Only `make` makes a channel the file can close or buffer; a context's
    // `Done` channel is made by `context.WithCancel` and the like.
    if make
        .child_by_field_name("function")
        .is_none_or(|f| f.kind() != "identifier" || text(file, f) != "make")
    {
        return None;
    }
    let args = make.child_by_field_name("arguments")?;
    let capacity = args.named_child(1);
    let (target, is_field, statement) = assigned_to(file, make)?;
    // A field (`q.entries = make(...)` or a keyed literal) is matched by its
    // field name wherever it is used: `.entries`.
    let name = if is_field {
        format!(".{target}")
    } else {
        target
    };
    let function = enclosing_function(make);
    let scope = function
        .and_then(|f| f.child_by_field_name("body"))
        .unwrap_or_else(|| file.root());
    // A channel stored in a field or a package variable is used across functions.
    let scope = if is_field || function.is_none() {
        file.root()
    } else {
        scope
    };
    let mut uses = Vec::new();
    collect_uses(file, scope, &name, &mut uses);
    Some(ChannelCode {
        name,
        make,
        statement,
        capacity,
        function,
        uses,
        field: is_field,
    })
}

/// `x := make(...)`, `x = make(...)`, `var x = make(...)`, `s.f = make(...)`,
/// or a keyed struct literal field `quit: make(...)`.
/// The name it is stored in, whether that is a struct field, and the statement.
fn assigned_to<'t>(file: &ParsedFile, make: Node<'t>) -> Option<(String, bool, Option<Node<'t>>)> {
    let mut parent = make.parent()?;
    if parent.kind() == "literal_element" {
        parent = parent.parent()?;
    }
    if parent.kind() == "keyed_element" {
        // `&Queue{entries: make(...)}`: the channel lives in a field.
        let key = parent.named_child(0)?;
        return Some((text(file, key).to_string(), true, None));
    }
    let list = if parent.kind() == "expression_list" {
        parent
    } else {
        make
    };
    let statement = list.parent()?;
    let left = match statement.kind() {
        "short_var_declaration" | "assignment_statement" => {
            statement.child_by_field_name("left")?
        }
        "var_spec" => statement.child_by_field_name("name")?,
        _ => return None,
    };
    // The position of the make among the right-hand values picks the name.
    let index = if parent.kind() == "expression_list" {
        let mut cursor = parent.walk();
        let index = parent
            .named_children(&mut cursor)
            .position(|n| n.id() == make.id())
            .unwrap_or(0);
        index
    } else {
        0
    };
    let target = if left.kind() == "expression_list" {
        left.named_child(index as u32)?
    } else {
        left
    };
    let statement = if statement.kind() == "var_spec" {
        statement.parent()
    } else {
        Some(statement)
    };
    // `s.f = make(...)`: the field's name.
    match target
        .child_by_field_name("field")
        .filter(|_| target.kind() == "selector_expression")
    {
        Some(field) => Some((text(file, field).to_string(), true, statement)),
        None => Some((text(file, target).to_string(), false, statement)),
    }
}

fn collect_uses<'t>(
    file: &ParsedFile,
    scope: Node<'t>,
    name: &str,
    out: &mut Vec<(Use, Node<'t>)>,
) {
    let mut cursor = scope.walk();
    'walk: loop {
        let node = cursor.node();
        let is = |n: Option<Node<'_>>| {
            n.is_some_and(|n| match name.strip_prefix('.') {
                Some(field) => {
                    n.kind() == "selector_expression"
                        && n.child_by_field_name("field")
                            .is_some_and(|f| text(file, f) == field)
                }
                None => text(file, n) == name,
            })
        };
        match node.kind() {
            "send_statement" if is(node.child_by_field_name("channel")) => {
                out.push((Use::Send, node))
            }
            "unary_expression"
                if node.child_by_field_name("operator").map(|o| o.kind()) == Some("<-")
                    && is(node.child_by_field_name("operand")) =>
            {
                out.push((Use::Receive, node))
            }
            "range_clause" if is(node.child_by_field_name("right")) => out.push((Use::Range, node)),
            "call_expression" => {
                let callee = node.child_by_field_name("function").map(|f| text(file, f));
                let first = node
                    .child_by_field_name("arguments")
                    .and_then(|a| a.named_child(0));
                if callee == Some("close") && is(first) {
                    out.push((Use::Close, node));
                }
            }
            _ => {}
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() || cursor.node().id() == scope.id() {
                break 'walk;
            }
        }
    }
}

/// The innermost `for` statement around a node, within its function.
pub fn enclosing_loop(node: Node<'_>) -> Option<Node<'_>> {
    let mut current = node.parent();
    while let Some(n) = current {
        match n.kind() {
            "for_statement" => return Some(n),
            "function_declaration" | "method_declaration" | "func_literal" => return None,
            _ => current = n.parent(),
        }
    }
    None
}

/// How many times a loop runs, as Go source: `len(items)` for a range over
/// `items`, `n` for `for i := 0; i < n; i++`, the number for `range 5`.
pub fn loop_count(file: &ParsedFile, for_statement: Node<'_>) -> Option<String> {
    let mut cursor = for_statement.walk();
    for child in for_statement.named_children(&mut cursor) {
        match child.kind() {
            "range_clause" => {
                let right = child.child_by_field_name("right")?;
                let right_text = text(file, right);
                if right.kind() == "int_literal"
                    || right.kind() == "identifier"
                        && right_text.chars().all(|c| c.is_ascii_digit())
                {
                    return Some(right_text.to_string());
                }
                // `range n` over an int variable cannot be told from a slice by syntax;
                // `len(x)` is right for slices, maps, strings and arrays.
                return Some(format!("len({right_text})"));
            }
            "for_clause" => {
                let condition = child.child_by_field_name("condition")?;
                if condition.kind() == "binary_expression" {
                    let op = condition
                        .child_by_field_name("operator")
                        .map(|o| text(file, o));
                    let right = condition.child_by_field_name("right")?;
                    return match op {
                        Some("<") => Some(text(file, right).to_string()),
                        Some("<=") => Some(format!("{}+1", text(file, right))),
                        _ => None,
                    };
                }
                return None;
            }
            _ => {}
        }
    }
    None
}

/// The `return` statements of a function body, not those of nested literals.
pub fn returns_of<'t>(function: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let Some(body) = function.child_by_field_name("body") else {
        return out;
    };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "return_statement" {
            out.push(node);
            continue;
        }
        if node.kind() == "func_literal" {
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    crate::order::sort_by_key(&mut out, |n| n.start_byte());
    out
}
