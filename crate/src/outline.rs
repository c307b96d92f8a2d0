//! A syntactic outline of the concurrency in a file: every `go` statement and
//! every channel operation, with positions. It needs no semantics, so it works
//! on any input the parser accepts, and it is what the editor marks while the
//! deeper analysis runs.

use crate::syntax::{ParsedFile, Span, SyntaxError};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelOpKind {
    /// `make(chan T)` or `make(chan T, n)`.
    Make,
    /// `ch <- v`.
    Send,
    /// `<-ch`.
    Receive,
    /// `close(ch)`.
    Close,
    /// `for v := range ch` (recognized when the ranged expression is a channel receive
    /// or a name; the outline cannot know types, so ranges over names are reported
    /// only when the name is made as a channel in the same file).
    Range,
    /// A `select` statement.
    Select,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChannelOp {
    pub kind: ChannelOpKind,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outline {
    pub go_statements: Vec<Span>,
    pub channel_ops: Vec<ChannelOp>,
    pub syntax_errors: Vec<SyntaxError>,
}

pub fn outline(file: &ParsedFile) -> Outline {
    let mut out = Outline {
        syntax_errors: file.errors.clone(),
        ..Outline::default()
    };
    let mut channel_names: Vec<&str> = Vec::new();
    let mut ranges: Vec<(Span, &str)> = Vec::new();
    let mut cursor = file.root().walk();
    // Pre-order walk with the cursor: no recursion, so nesting depth is harmless.
    'walk: loop {
        let node = cursor.node();
        match node.kind() {
            "go_statement" => out.go_statements.push(Span::of(node)),
            "send_statement" => out.channel_ops.push(op(ChannelOpKind::Send, node)),
            "unary_expression"
                if node.child_by_field_name("operator").map(|o| o.kind()) == Some("<-") =>
            {
                out.channel_ops.push(op(ChannelOpKind::Receive, node))
            }
            "select_statement" => out.channel_ops.push(op(ChannelOpKind::Select, node)),
            "call_expression" => {
                let callee = node
                    .child_by_field_name("function")
                    .map(|f| file.text_of(f));
                let args = node.child_by_field_name("arguments");
                match callee {
                    Some("close") => out.channel_ops.push(op(ChannelOpKind::Close, node)),
                    Some("make") => {
                        let first = args.and_then(|a| a.named_child(0));
                        if first.map(|f| f.kind()) == Some("channel_type") {
                            out.channel_ops.push(op(ChannelOpKind::Make, node));
                            if let Some(name) = assigned_name(file, node) {
                                channel_names.push(name);
                            }
                        }
                    }
                    _ => {}
                }
            }
            "range_clause" => {
                if let Some(right) = node.child_by_field_name("right") {
                    if right.kind() == "identifier" {
                        ranges.push((Span::of(node), file.text_of(right)));
                    }
                }
            }
            _ => {}
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
    for (span, name) in ranges {
        if channel_names.contains(&name) {
            out.channel_ops.push(ChannelOp {
                kind: ChannelOpKind::Range,
                span,
            });
        }
    }
    crate::order::sort_by_key(&mut out.channel_ops, |o| (o.span.start, o.span.end));
    out
}

fn op(kind: ChannelOpKind, node: tree_sitter::Node<'_>) -> ChannelOp {
    ChannelOp {
        kind,
        span: Span::of(node),
    }
}

/// The name a `make` call is assigned to in `x := make(...)` or `var x = make(...)`.
fn assigned_name<'a>(file: &'a ParsedFile, call: tree_sitter::Node<'_>) -> Option<&'a str> {
    let list = call.parent()?;
    let stmt = list.parent()?;
    let left = match stmt.kind() {
        "short_var_declaration" | "assignment_statement" => stmt.child_by_field_name("left")?,
        "var_spec" => stmt.child_by_field_name("name")?,
        _ => return None,
    };
    let ident = if left.kind() == "expression_list" {
        left.named_child(0)?
    } else {
        left
    };
    (ident.kind() == "identifier").then(|| file.text_of(ident))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn finds_go_statements_and_channel_operations() {
        let src = "package main\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tfor v := range ch { _ = v }\n\tclose(ch)\n\t<-ch\n}\n";
        let o = outline(&parse(src));
        assert_eq!(o.go_statements.len(), 1);
        let kinds: Vec<_> = o.channel_ops.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ChannelOpKind::Make,
                ChannelOpKind::Send,
                ChannelOpKind::Range,
                ChannelOpKind::Close,
                ChannelOpKind::Receive
            ]
        );
    }
}
