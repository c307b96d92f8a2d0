//! Syntax-driven edit builders shared by the rules' fixes.
//!
//! Each builder looks at the tree-sitter tree around a span that the engine
//! reported and returns edits that keep gofmt's layout: statements are inserted
//! on their own line with the indentation of their neighbours (tabs, as gofmt).

use crate::fix::Edit;
use crate::syntax::{ParsedFile, Span};
use tree_sitter::Node;

/// The smallest named node that covers `span`.
pub fn node_covering(file: &ParsedFile, span: Span) -> Option<Node<'_>> {
    file.root()
        .named_descendant_for_byte_range(span.start as usize, span.end as usize)
}

/// The closest ancestor (or the node itself) whose kind is one of `kinds`.
pub fn enclosing<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut current = Some(node);
    while let Some(n) = current {
        if kinds.contains(&n.kind()) {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// The statement that contains `node`: the ancestor whose parent is a block or
/// statement list.
pub fn enclosing_statement(node: Node<'_>) -> Option<Node<'_>> {
    let mut current = node;
    loop {
        let parent = current.parent()?;
        if matches!(parent.kind(), "block" | "statement_list" | "source_file") {
            return Some(current);
        }
        current = parent;
    }
}

/// The leading whitespace of the line that holds `offset`.
pub fn indent_at(text: &str, offset: usize) -> &str {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[line_start..];
    let width = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..width]
}

/// Inserts `statement` on a new line right after `after` (a statement node), with
/// the same indentation.
pub fn insert_after_statement(file: &ParsedFile, after: Node<'_>, statement: &str) -> Edit {
    let indent = indent_at(&file.text, after.start_byte());
    Edit::insert(after.end_byte(), format!("\n{indent}{statement}"))
}

/// Inserts `statement` on a new line right before `before` (a statement node).
pub fn insert_before_statement(file: &ParsedFile, before: Node<'_>, statement: &str) -> Edit {
    let indent = indent_at(&file.text, before.start_byte());
    let line_start = file.text[..before.start_byte()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    Edit::insert(line_start, format!("{indent}{statement}\n"))
}

/// Inserts `statement` as the first statement of a `block` node.
pub fn insert_at_block_start(file: &ParsedFile, block: Node<'_>, statement: &str) -> Option<Edit> {
    let open = block.child(0).filter(|c| c.kind() == "{")?;
    let first = statements_of(block).into_iter().next();
    let indent = match first {
        Some(stmt)
            if file.lines.line_col(stmt.start_byte() as u32).line
                != file.lines.line_col(open.start_byte() as u32).line =>
        {
            indent_at(&file.text, stmt.start_byte()).to_string()
        }
        _ => format!("{}\t", indent_at(&file.text, block.start_byte())),
    };
    // A one-line block (`func() { ch <- 1 }`) is split so the result stays gofmt-clean.
    if let Some(stmt) = first {
        let same_line = file.lines.line_col(stmt.start_byte() as u32).line
            == file.lines.line_col(open.start_byte() as u32).line;
        if same_line {
            let close_indent = indent_at(&file.text, block.start_byte()).to_string();
            let body = file.text[stmt.start_byte()..block.end_byte() - 1]
                .trim_end()
                .to_string();
            return Some(Edit::replace(
                open.end_byte(),
                block.end_byte() - 1,
                format!("\n{indent}{statement}\n{indent}{body}\n{close_indent}"),
            ));
        }
    }
    Some(Edit::insert(
        open.end_byte(),
        format!("\n{indent}{statement}"),
    ))
}

/// The statements directly inside a block (tree-sitter-go 0.25 wraps them in a
/// `statement_list`).
pub fn statements_of(block: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut cursor = block.walk();
    for child in block.named_children(&mut cursor) {
        if child.kind() == "statement_list" {
            let mut inner = child.walk();
            out.extend(
                child
                    .named_children(&mut inner)
                    .filter(|n| n.kind() != "comment"),
            );
        } else if child.kind() != "comment" {
            out.push(child);
        }
    }
    out
}

/// Turns `make(chan T)` (or `make(chan T, n)`) at `make_span` into a buffered
/// channel of the given capacity.
pub fn buffer_channel(file: &ParsedFile, make_span: Span, capacity: &str) -> Option<Edit> {
    let node = node_covering(file, make_span)?;
    let call = enclosing(node, &["call_expression"])?;
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let named: Vec<Node<'_>> = args.named_children(&mut cursor).collect();
    let chan_type = named.first().filter(|n| n.kind() == "channel_type")?;
    match named.get(1) {
        Some(existing) => Some(Edit::replace(
            existing.start_byte(),
            existing.end_byte(),
            capacity,
        )),
        None => Some(Edit::insert(chan_type.end_byte(), format!(", {capacity}"))),
    }
}

/// The text of an expression node.
pub fn text<'a>(file: &'a ParsedFile, node: Node<'_>) -> &'a str {
    &file.text[node.byte_range()]
}

/// Deletes a statement; when it is alone on its line(s), the whole line goes.
pub fn remove_statement(file: &ParsedFile, statement: Node<'_>) -> Edit {
    let text = &file.text;
    let (start, end) = (statement.start_byte(), statement.end_byte());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let alone = text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
    if alone {
        Edit::replace(line_start, line_end, "")
    } else {
        Edit::replace(start, end, "")
    }
}

/// Replaces a statement with several lines, each indented like the statement;
/// `lines` use a leading tab per extra level.
pub fn replace_statement_lines(file: &ParsedFile, statement: Node<'_>, lines: &[&str]) -> Edit {
    let indent = indent_at(&file.text, statement.start_byte());
    let body = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    Edit::replace(statement.start_byte(), statement.end_byte(), body)
}

/// The variable a channel kept in a struct field is reached through, where
/// the struct is built: `a := &Actor{stop: make(...)}` or `s.stop =
/// make(...)` give `("a", "stop", the statement)`.
pub fn field_holder<'t>(file: &ParsedFile, make: Node<'t>) -> Option<(String, String, Node<'t>)> {
    let mut parent = make.parent()?;
    if parent.kind() == "literal_element" {
        parent = parent.parent()?;
    }
    if parent.kind() == "keyed_element" {
        let field = text(file, parent.named_child(0)?).to_string();
        let literal = enclosing(parent, &["composite_literal"])?;
        let mut value = literal.parent()?;
        if value.kind() == "unary_expression" {
            value = value.parent()?;
        }
        if value.kind() != "expression_list" || value.named_child_count() != 1 {
            return None;
        }
        let statement = value.parent()?;
        if !matches!(
            statement.kind(),
            "short_var_declaration" | "assignment_statement"
        ) {
            return None;
        }
        let left = statement.child_by_field_name("left")?;
        let holder = left
            .named_child(0)
            .filter(|_| left.named_child_count() == 1)?;
        if holder.kind() != "identifier" {
            return None;
        }
        return Some((text(file, holder).to_string(), field, statement));
    }
    if parent.kind() != "expression_list" || parent.named_child_count() != 1 {
        return None;
    }
    let statement = parent.parent()?;
    if statement.kind() != "assignment_statement" {
        return None;
    }
    let left = statement.child_by_field_name("left")?;
    let target = left
        .named_child(0)
        .filter(|_| left.named_child_count() == 1)?;
    let operand = target
        .child_by_field_name("operand")
        .filter(|o| target.kind() == "selector_expression" && o.kind() == "identifier")?;
    let field = target.child_by_field_name("field")?;
    Some((
        text(file, operand).to_string(),
        text(file, field).to_string(),
        statement,
    ))
}

/// A method's receiver: its type's name (`Queue` for `(q *Queue)`) and its
/// variable (`q`).
pub fn method_receiver<'a>(file: &'a ParsedFile, method: Node<'_>) -> Option<(&'a str, &'a str)> {
    if method.kind() != "method_declaration" {
        return None;
    }
    let receiver = method.child_by_field_name("receiver")?.named_child(0)?;
    let name = receiver.child_by_field_name("name")?;
    let mut ty = receiver.child_by_field_name("type")?;
    if ty.kind() == "pointer_type" {
        ty = ty.named_child(0)?;
    }
    Some((text(file, ty), text(file, name)))
}

/// Whether a `return` statement is inside `scope`, outside nested literals.
pub fn returns_inside(scope: Node<'_>) -> bool {
    kind_inside(scope, "return_statement")
}

/// Whether a node of this kind is inside `scope`, outside nested literals.
pub fn kind_inside(scope: Node<'_>, kind: &str) -> bool {
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.kind() == kind {
            return true;
        }
        if n.kind() == "func_literal" {
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// Whether an identifier is written anywhere inside `scope`.
pub fn mentions(file: &ParsedFile, scope: Node<'_>, name: &str) -> bool {
    let mut cursor = scope.walk();
    'walk: loop {
        let node = cursor.node();
        if node.kind() == "identifier" && text(file, node) == name {
            return true;
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
    false
}

/// Calls `receiver.method()` that stand alone as statements inside `scope`,
/// not inside nested function literals, and not deferred.
pub fn method_call_statements<'t>(
    file: &ParsedFile,
    scope: Node<'t>,
    receiver: &str,
    method: &str,
) -> Vec<Node<'t>> {
    let wanted = format!("{receiver}.{method}()");
    let mut out = Vec::new();
    let mut stack = vec![scope];
    while let Some(node) = stack.pop() {
        if node.kind() == "func_literal" && node.id() != scope.id() {
            continue;
        }
        if node.kind() == "expression_statement" && text(file, node).replace(' ', "") == wanted {
            out.push(node);
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    crate::order::sort_by_key(&mut out, |n| n.start_byte());
    out
}

/// How a value leaves the function that holds it, which makes it somebody
/// else's to close, stop or cancel (DESIGN.md, "ownership").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// `return x`, `return x, nil`, `return &T{conn: x}`.
    Returned,
    /// Stored in the receiver, a field, a map or slice element, or in a
    /// local value that itself escapes.
    Stored,
    /// Sent on a channel.
    Sent,
    /// Used by a goroutine the function starts (an argument or a capture).
    ToGoroutine,
}

impl Escape {
    /// Whether the value now belongs to the caller (or to whoever received
    /// it): then no fix may close it.
    pub fn belongs_to_caller(self) -> bool {
        !matches!(self, Escape::ToGoroutine)
    }

    /// The reason, as the end of a sentence: "it is returned to the caller".
    pub fn describe(self) -> &'static str {
        match self {
            Escape::Returned => "it is returned to the caller",
            Escape::Stored => "it is stored where the caller can reach it",
            Escape::Sent => "it is sent to another goroutine",
            Escape::ToGoroutine => "a goroutine started here still uses it",
        }
    }
}

/// Whether the identifier `node` is the value of the expression that holds
/// it up to `top` (not an operand of a selector, index or operator): `x`,
/// `&x`, `T{f: x}`, `[]T{x}`, `x, nil`, and with `calls` above 0 also an
/// argument of a call whose result may wrap it (see [`wraps`]).
fn is_carried_value(file: &ParsedFile, node: Node<'_>, top: Node<'_>, calls: u32) -> bool {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if parent.id() == top.id() {
            return true;
        }
        match parent.kind() {
            "expression_list"
            | "parenthesized_expression"
            | "composite_literal"
            | "literal_value"
            | "literal_element"
            | "keyed_element" => {}
            "unary_expression"
                if parent
                    .child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "&") => {}
            // `bufio.NewReader(f)`, `json.NewDecoder(resp.Body)`,
            // `context.WithValue(ctx, ...)`: a constructor's result wraps it
            // (a method call on it, `f.Name()`, is a selector and does not).
            "argument_list" if calls > 0 && wraps(file, parent, current, calls) => {}
            "call_expression" if calls > 0 => {}
            _ => return false,
        }
        current = parent;
    }
    false
}

/// Whether the call whose arguments these are builds a value around
/// `argument`. A function or method declared in the file does when its
/// parameter at that position leaves it in what it returns or stores (what
/// [`escape_of`] says of the callee, `calls - 1` calls deep). Any other call
/// follows Go's constructor convention, as the engine does for unmodelled
/// library code: a name starting with `New`/`new` or `With`
/// (`bufio.NewReader`, `context.WithTimeout`).
fn wraps(file: &ParsedFile, arguments: Node<'_>, argument: Node<'_>, calls: u32) -> bool {
    let Some(callee) = arguments
        .parent()
        .and_then(|call| call.child_by_field_name("function"))
    else {
        return false;
    };
    // The called function's own name: the field of `bufio.NewReader`.
    let Some(name) = (match callee.kind() {
        "selector_expression" => callee.child_by_field_name("field"),
        "identifier" => Some(callee),
        _ => None,
    })
    .map(|n| text(file, n)) else {
        return false;
    };
    let mut cursor = file.tree.root_node().walk();
    let declared = file.tree.root_node().named_children(&mut cursor).find(|d| {
        matches!(d.kind(), "function_declaration" | "method_declaration")
            && d.child_by_field_name("name")
                .is_some_and(|n| text(file, n) == name)
    });
    let Some(declared) = declared else {
        return ["New", "new", "With"].iter().any(|p| name.starts_with(p));
    };
    let mut cursor = arguments.walk();
    let Some(at) = arguments
        .named_children(&mut cursor)
        .position(|a| a.id() == argument.id())
    else {
        return false;
    };
    let mut params: Vec<Node<'_>> = Vec::new();
    if let Some(list) = declared.child_by_field_name("parameters") {
        let mut cursor = list.walk();
        for p in list.named_children(&mut cursor) {
            let mut c = p.walk();
            params.extend(p.children_by_field_name("name", &mut c));
        }
    }
    calls > 1
        && params.get(at).is_some_and(|p| {
            escape_of_depth(file, declared, text(file, *p), calls - 2)
                .is_some_and(Escape::belongs_to_caller)
        })
}

/// How the variable `name` escapes `function` (a declaration or literal),
/// if it does: the first of returned, stored, sent, handed to a goroutine.
pub fn escape_of(file: &ParsedFile, function: Node<'_>, name: &str) -> Option<Escape> {
    escape_of_depth(file, function, name, 2)
}

fn escape_of_depth(
    file: &ParsedFile,
    function: Node<'_>,
    name: &str,
    depth: u32,
) -> Option<Escape> {
    let body = function.child_by_field_name("body")?;
    let mut found: Vec<Escape> = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "go_statement" => {
                if mentions(file, node, name) {
                    found.push(Escape::ToGoroutine);
                }
                continue;
            }
            // A nested literal's returns are its own; what it stores or
            // sends still leaves.
            "return_statement"
                if enclosing_literal_is(node, function) && carries(file, node, name, depth + 1) =>
            {
                found.push(Escape::Returned);
            }
            "send_statement" => {
                if let Some(value) = node.child_by_field_name("value") {
                    if carries_in(file, value, name, depth + 1) {
                        found.push(Escape::Sent);
                    }
                }
            }
            "assignment_statement" | "short_var_declaration" => {
                let left = node.child_by_field_name("left");
                let right = node.child_by_field_name("right");
                if let (Some(left), Some(right)) = (left, right) {
                    let wrapped = carries_in(file, right, name, depth + 1);
                    if wrapped || appends(file, right, name) {
                        let direct = carries_in(file, right, name, 0) || appends(file, right, name);
                        let mut cursor = left.walk();
                        let targets: Vec<Node<'_>> = if left.kind() == "expression_list" {
                            left.named_children(&mut cursor).collect()
                        } else {
                            vec![left]
                        };
                        for target in targets {
                            if matches!(target.kind(), "selector_expression" | "index_expression") {
                                found.push(Escape::Stored);
                            } else if direct
                                && target.kind() == "identifier"
                                && text(file, target) != name
                                && text(file, target) != "_"
                                && depth > 0
                            {
                                // A local value that holds it and escapes.
                                if escape_of_depth(file, function, text(file, target), depth - 1)
                                    .is_some_and(Escape::belongs_to_caller)
                                {
                                    found.push(Escape::Stored);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    // What belongs to the caller matters most; a goroutine's use comes last.
    found
        .iter()
        .copied()
        .find(|e| e.belongs_to_caller())
        .or(found.first().copied())
}

/// Whether `node` is inside `function` and not inside a nested literal.
fn enclosing_literal_is(node: Node<'_>, function: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.id() == function.id() {
            return true;
        }
        if matches!(
            n.kind(),
            "func_literal" | "function_declaration" | "method_declaration"
        ) {
            return false;
        }
        current = n.parent();
    }
    false
}

/// Whether a statement carries the variable as a value (see [`is_carried_value`]).
fn carries(file: &ParsedFile, statement: Node<'_>, name: &str, calls: u32) -> bool {
    let mut cursor = statement.walk();
    let found = statement
        .named_children(&mut cursor)
        .any(|child| carries_in(file, child, name, calls));
    found
}

fn carries_in(file: &ParsedFile, top: Node<'_>, name: &str, calls: u32) -> bool {
    if top.kind() == "identifier" {
        return text(file, top) == name;
    }
    let mut stack = vec![top];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier"
            && text(file, node) == name
            && is_carried_value(file, node, top, calls)
        {
            return true;
        }
        if node.kind() == "func_literal" {
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}

/// `append(list, x)` (or `append(list, T{x})`) somewhere in `top`.
fn appends(file: &ParsedFile, top: Node<'_>, name: &str) -> bool {
    let mut stack = vec![top];
    while let Some(node) = stack.pop() {
        if node.kind() == "call_expression"
            && node
                .child_by_field_name("function")
                .is_some_and(|f| text(file, f) == "append")
        {
            if let Some(args) = node.child_by_field_name("arguments") {
                let mut cursor = args.walk();
                let stored = args
                    .named_children(&mut cursor)
                    .skip(1)
                    .any(|a| carries_in(file, a, name, 0));
                if stored {
                    return true;
                }
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;
    use crate::syntax::parse;

    fn span_of(src: &str, needle: &str) -> Span {
        let start = src.find(needle).expect("needle in source");
        Span::new(start, start + needle.len())
    }

    #[test]
    fn buffers_an_unbuffered_channel() {
        let src = "package p\nfunc f() {\n\tch := make(chan error)\n\t_ = ch\n}\n";
        let file = parse(src);
        let edit = buffer_channel(&file, span_of(src, "make(chan error)"), "1").unwrap();
        assert_eq!(
            apply_edits(src, &[edit]).unwrap(),
            src.replace("make(chan error)", "make(chan error, 1)")
        );
    }

    #[test]
    fn resizes_a_buffered_channel() {
        let src = "package p\nfunc f() {\n\tch := make(chan int, 2)\n\t_ = ch\n}\n";
        let file = parse(src);
        let edit = buffer_channel(&file, span_of(src, "make(chan int, 2)"), "len(items)").unwrap();
        assert!(apply_edits(src, &[edit])
            .unwrap()
            .contains("make(chan int, len(items))"));
    }

    #[test]
    fn inserts_at_the_start_of_a_one_line_block() {
        let src = "package p\nfunc f(ch chan int) {\n\tgo func() { ch <- 1 }()\n}\n";
        let file = parse(src);
        let lit = node_covering(&file, span_of(src, "func() { ch <- 1 }")).unwrap();
        let lit = enclosing(lit, &["func_literal"]).unwrap();
        let body = lit.child_by_field_name("body").unwrap();
        let edit = insert_at_block_start(&file, body, "defer close(ch)").unwrap();
        assert_eq!(
            apply_edits(src, &[edit]).unwrap(),
            "package p\nfunc f(ch chan int) {\n\tgo func() {\n\t\tdefer close(ch)\n\t\tch <- 1\n\t}()\n}\n"
        );
    }

    #[test]
    fn inserts_after_a_statement_with_its_indentation() {
        let src = "package p\nfunc f() {\n\tctx, cancel := context.WithCancel(context.Background())\n\t_ = ctx\n}\n";
        let file = parse(src);
        let node = node_covering(
            &file,
            span_of(src, "context.WithCancel(context.Background())"),
        )
        .unwrap();
        let stmt = enclosing_statement(node).unwrap();
        let edit = insert_after_statement(&file, stmt, "defer cancel()");
        assert!(apply_edits(src, &[edit])
            .unwrap()
            .contains("context.Background())\n\tdefer cancel()\n\t_ = ctx"));
    }

    /// The first function declaration of a source, and the escape of `name`.
    fn escape(src: &str, name: &str) -> Option<Escape> {
        let file = parse(src);
        let function = file
            .root()
            .named_children(&mut file.root().walk())
            .find(|n| n.kind() == "function_declaration")
            .unwrap();
        escape_of(&file, function, name)
    }

    #[test]
    fn tells_how_a_value_leaves_its_function() {
        let returned = "package p\nfunc f() (*os.File, error) {\n\tf, err := os.Open(\"x\")\n\treturn f, err\n}\n";
        assert_eq!(escape(returned, "f"), Some(Escape::Returned));
        let wrapped = "package p\nfunc f() *W {\n\tc, _ := net.Dial(\"tcp\", \"x\")\n\tw := &W{conn: c}\n\treturn w\n}\n";
        assert_eq!(escape(wrapped, "c"), Some(Escape::Stored));
        let field = "package p\nfunc (s *S) f() {\n\tt := time.NewTicker(1)\n\ts.t = t\n}\nfunc f() {\n\tt := time.NewTicker(1)\n\ts.t = t\n}\n";
        assert_eq!(escape(field, "t"), Some(Escape::Stored));
        let sent =
            "package p\nfunc f(out chan *os.File) {\n\tf, _ := os.Open(\"x\")\n\tout <- f\n}\n";
        assert_eq!(escape(sent, "f"), Some(Escape::Sent));
        let goroutine =
            "package p\nfunc f() {\n\tt := time.NewTicker(1)\n\tgo func() { <-t.C }()\n}\n";
        assert_eq!(escape(goroutine, "t"), Some(Escape::ToGoroutine));
        // Reading it, or returning something computed from it, keeps it.
        let used = "package p\nfunc f() string {\n\tf, _ := os.Open(\"x\")\n\tfmt.Println(f)\n\treturn f.Name()\n}\n";
        assert_eq!(escape(used, "f"), None);
        let copied = "package p\nfunc f(dst io.Writer) (int64, error) {\n\tf, _ := os.Open(\"x\")\n\tn, err := io.Copy(dst, f)\n\treturn n, err\n}\n";
        assert_eq!(escape(copied, "f"), None);
        // A reader over it, returned, still reads it after the return.
        let reader = "package p\nfunc f() *bufio.Reader {\n\tf, _ := os.Open(\"x\")\n\treturn bufio.NewReader(f)\n}\n";
        assert_eq!(escape(reader, "f"), Some(Escape::Returned));
    }

    #[test]
    fn a_function_of_the_file_wraps_what_its_declaration_keeps() {
        // Whatever its name: `track` keeps the file in what it returns,
        // `size` only reads it, `forward` hands it to `track`.
        let src = "package p\nfunc f() *T {\n\tf, _ := os.Open(\"x\")\n\treturn track(f)\n}\nfunc track(g *os.File) *T {\n\treturn &T{file: g}\n}\nfunc size(g *os.File) int64 {\n\tst, _ := g.Stat()\n\treturn st.Size()\n}\nfunc forward(a int, h *os.File) *T {\n\treturn track(h)\n}\n";
        assert_eq!(escape(src, "f"), Some(Escape::Returned));
        let reads = src.replace("return track(f)", "return size(f)");
        assert_eq!(escape(&reads, "f"), None);
        let named_new = src.replace("track(", "newTracked(");
        assert_eq!(escape(&named_new, "f"), Some(Escape::Returned));
        let reads_named_new = reads.replace("size(", "newSize(");
        assert_eq!(escape(&reads_named_new, "f"), None);
        let through = src.replace("return track(f)", "return forward(1, f)");
        assert_eq!(escape(&through, "f"), Some(Escape::Returned));
        // Recursion ends.
        let cycle = "package p\nfunc f() *T {\n\tf, _ := os.Open(\"x\")\n\treturn a(f)\n}\nfunc a(x *os.File) *T {\n\treturn b(x)\n}\nfunc b(y *os.File) *T {\n\treturn a(y)\n}\n";
        assert_eq!(escape(cycle, "f"), None);
    }
}
