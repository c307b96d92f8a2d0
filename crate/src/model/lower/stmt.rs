//! Lowering of statements: one function per statement kind, chosen by
//! [`Lowerer::stmt_kind`] from the tree-sitter node's kind.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn block(&mut self, node: Node) -> Block {
        let mut stmts = Vec::new();
        for child in named_children(node) {
            if child.kind() == "statement_list" {
                for s in named_children(child) {
                    stmts.push(self.stmt(s));
                }
            } else {
                stmts.push(self.stmt(child));
            }
        }
        Block {
            stmts,
            span: Span::of(node),
        }
    }

    pub(super) fn stmt_list(&mut self, node: Node) -> Vec<Stmt> {
        let mut out = Vec::new();
        for child in named_children(node) {
            if child.kind() == "statement_list" {
                for s in named_children(child) {
                    out.push(self.stmt(s));
                }
            }
        }
        out
    }

    pub(super) fn stmt(&mut self, node: Node) -> Stmt {
        let span = Span::of(node);
        if self.depth >= MAX_NESTING {
            return Stmt {
                kind: StmtKind::Opaque("nesting too deep".into()),
                span,
            };
        }
        self.depth += 1;
        let kind = self.stmt_kind(node);
        self.depth -= 1;
        Stmt { kind, span }
    }

    pub(super) fn opt_stmt(&mut self, node: Node, field: &str) -> Option<Box<Stmt>> {
        node.child_by_field_name(field)
            .map(|n| Box::new(self.stmt(n)))
    }

    pub(super) fn stmt_kind(&mut self, node: Node) -> StmtKind {
        match node.kind() {
            "expression_statement" => match named_children(node).first() {
                Some(e) => StmtKind::Expr(self.expr(*e)),
                None => StmtKind::Empty,
            },
            "short_var_declaration" => self.short_var(node),
            "assignment_statement" => self.assignment(node),
            "inc_statement" | "dec_statement" => match named_children(node).first() {
                Some(e) => StmtKind::IncDec(self.expr(*e), node.kind() == "inc_statement"),
                None => StmtKind::Opaque("inc/dec".into()),
            },
            "send_statement" => StmtKind::Send {
                chan: self.field_expr(node, "channel"),
                value: self.field_expr(node, "value"),
            },
            "go_statement" | "defer_statement" => self.go_defer(node),
            "return_statement" => self.return_stmt(node),
            "if_statement" => self.if_stmt(node),
            "for_statement" => self.for_stmt(node),
            "expression_switch_statement" => self.switch_stmt(node),
            "type_switch_statement" => self.type_switch(node),
            "select_statement" => self.select_stmt(node),
            "block" => StmtKind::Block(self.block(node)),
            "labeled_statement" => self.labeled(node),
            "break_statement" | "continue_statement" | "goto_statement" => self.branch(node),
            "fallthrough_statement" => StmtKind::Fallthrough,
            "empty_statement" => StmtKind::Empty,
            "var_declaration" => self.var_stmt(node),
            "const_declaration" => StmtKind::Const(self.const_decl(node)),
            "type_declaration" => {
                self.type_decl(node);
                StmtKind::Empty
            }
            "receive_statement" => self.receive_stmt(node),
            "comment" => StmtKind::Empty,
            "ERROR" => self
                .repair_missing_range(node)
                .unwrap_or_else(|| StmtKind::Opaque("syntax error".into())),
            other => {
                // Expressions used as statements in sloppy code.
                if is_expression_kind(other) {
                    StmtKind::Expr(self.expr(node))
                } else {
                    StmtKind::Opaque(format!(
                        "unsupported statement `{}`",
                        other.replace('_', " ")
                    ))
                }
            }
        }
    }

    /// The expression in field `f` of `node`, or an opaque one if missing.
    pub(super) fn field_expr(&mut self, node: Node, f: &str) -> Expr {
        match node.child_by_field_name(f) {
            Some(n) => self.expr(n),
            None => Expr::opaque(format!("missing {f}"), Span::of(node)),
        }
    }

    /// `a, b := x, y`.
    pub(super) fn short_var(&mut self, node: Node) -> StmtKind {
        let left = node
            .child_by_field_name("left")
            .map(named_children)
            .unwrap_or_default();
        let names = left.iter().map(|n| self.text(*n).to_string()).collect();
        let right = node
            .child_by_field_name("right")
            .map(|r| self.expr_list(r))
            .unwrap_or_default();
        StmtKind::Define(names, right)
    }

    /// `a, b = x, y` and `a op= x`.
    pub(super) fn assignment(&mut self, node: Node) -> StmtKind {
        let left = node
            .child_by_field_name("left")
            .map(|r| self.expr_list(r))
            .unwrap_or_default();
        let right = node
            .child_by_field_name("right")
            .map(|r| self.expr_list(r))
            .unwrap_or_default();
        let op = node
            .child_by_field_name("operator")
            .map(|o| self.text(o))
            .unwrap_or("=");
        if op == "=" {
            StmtKind::Assign(left, right)
        } else {
            match (
                binop(op.trim_end_matches('=')),
                left.into_iter().next(),
                right.into_iter().next(),
            ) {
                (Some(op), Some(l), Some(r)) => StmtKind::OpAssign(op, l, r),
                _ => StmtKind::Opaque(format!("assignment `{op}`")),
            }
        }
    }

    /// `go f(x)` or `defer f(x)`.
    pub(super) fn go_defer(&mut self, node: Node) -> StmtKind {
        let Some(e) = named_children(node).first().copied() else {
            return StmtKind::Opaque("empty go/defer".into());
        };
        let e = self.expr(e);
        if node.kind() == "go_statement" {
            StmtKind::Go(e)
        } else {
            StmtKind::Defer(e)
        }
    }

    /// `return a, b`.
    pub(super) fn return_stmt(&mut self, node: Node) -> StmtKind {
        let values = named_children(node)
            .first()
            .map(|l| self.expr_list(*l))
            .unwrap_or_default();
        StmtKind::Return(values)
    }

    /// `if init; cond { ... } else ...`.
    pub(super) fn if_stmt(&mut self, node: Node) -> StmtKind {
        let init = self.opt_stmt(node, "initializer");
        let cond = self.field_expr(node, "condition");
        let then = match node.child_by_field_name("consequence") {
            Some(b) => self.block(b),
            None => Block {
                stmts: Vec::new(),
                span: Span::of(node),
            },
        };
        let els = self.opt_stmt(node, "alternative");
        StmtKind::If {
            init,
            cond,
            then,
            els,
        }
    }

    /// An expression `switch`.
    pub(super) fn switch_stmt(&mut self, node: Node) -> StmtKind {
        let init = self.opt_stmt(node, "initializer");
        let tag = node.child_by_field_name("value").map(|v| self.expr(v));
        let mut cases = Vec::new();
        for c in named_children(node) {
            match c.kind() {
                "expression_case" => {
                    let exprs = c
                        .child_by_field_name("value")
                        .map(|v| self.expr_list(v))
                        .unwrap_or_default();
                    let body = self.stmt_list(c);
                    cases.push(SwitchCase {
                        exprs,
                        is_default: false,
                        body,
                        span: Span::of(c),
                    });
                }
                "default_case" => {
                    let body = self.stmt_list(c);
                    cases.push(SwitchCase {
                        exprs: Vec::new(),
                        is_default: true,
                        body,
                        span: Span::of(c),
                    });
                }
                _ => {}
            }
        }
        StmtKind::Switch { init, tag, cases }
    }

    /// A type switch.
    pub(super) fn type_switch(&mut self, node: Node) -> StmtKind {
        let init = self.opt_stmt(node, "initializer");
        let bind = node
            .child_by_field_name("alias")
            .and_then(|a| named_children(a).first().map(|n| self.text(*n).to_string()));
        let expr = self.field_expr(node, "value");
        let mut cases = Vec::new();
        for c in named_children(node) {
            match c.kind() {
                "type_case" => {
                    let mut cursor = c.walk();
                    let type_nodes: Vec<Node> = c
                        .children_by_field_name("type", &mut cursor)
                        .filter(|t| t.is_named())
                        .collect();
                    let types = type_nodes
                        .into_iter()
                        .map(|t| {
                            if t.kind() == "nil" || self.text(t) == "nil" {
                                None
                            } else {
                                Some(self.type_expr(t))
                            }
                        })
                        .collect();
                    let body = self.stmt_list(c);
                    cases.push(TypeCase {
                        types,
                        is_default: false,
                        body,
                        span: Span::of(c),
                    });
                }
                "default_case" => {
                    let body = self.stmt_list(c);
                    cases.push(TypeCase {
                        types: Vec::new(),
                        is_default: true,
                        body,
                        span: Span::of(c),
                    });
                }
                _ => {}
            }
        }
        StmtKind::TypeSwitch {
            init,
            bind,
            expr,
            cases,
        }
    }

    /// `label: stmt`.
    pub(super) fn labeled(&mut self, node: Node) -> StmtKind {
        let label = node
            .child_by_field_name("label")
            .map(|l| self.text(l).to_string())
            .unwrap_or_default();
        let inner = named_children(node)
            .into_iter()
            .find(|n| n.kind() != "label_name");
        match inner {
            Some(s) => StmtKind::Labeled(label, Box::new(self.stmt(s))),
            None => StmtKind::Labeled(
                label,
                Box::new(Stmt {
                    kind: StmtKind::Empty,
                    span: Span::of(node),
                }),
            ),
        }
    }

    /// `break`, `continue`, `goto`, with their label.
    pub(super) fn branch(&mut self, node: Node) -> StmtKind {
        let label = named_children(node)
            .first()
            .map(|l| self.text(*l).to_string());
        match node.kind() {
            "break_statement" => StmtKind::Break(label),
            "continue_statement" => StmtKind::Continue(label),
            _ => StmtKind::Goto(label.unwrap_or_default()),
        }
    }

    /// `var a, b = x, y` (several specs become a block).
    pub(super) fn var_stmt(&mut self, node: Node) -> StmtKind {
        let mut specs = self.var_specs(node);
        if specs.len() == 1 {
            StmtKind::Var(specs.remove(0))
        } else {
            StmtKind::VarGroup(specs)
        }
    }

    /// A receive statement outside `select`: its receive expression.
    pub(super) fn receive_stmt(&mut self, node: Node) -> StmtKind {
        // Only valid inside select; elsewhere treat `v := <-ch` as a define.
        let e = node.child_by_field_name("right").map(|r| self.expr(r));
        match e {
            Some(e) => StmtKind::Expr(e),
            None => StmtKind::Opaque("receive".into()),
        }
    }

    /// A `select` statement.
    pub(super) fn select_stmt(&mut self, node: Node) -> StmtKind {
        let mut cases = Vec::new();
        for c in named_children(node) {
            let comm = match c.kind() {
                "default_case" => CommClause::Default,
                "communication_case" => match c.child_by_field_name("communication") {
                    Some(s) => self.comm_clause(s),
                    None => continue,
                },
                _ => continue,
            };
            let body = self.stmt_list(c);
            cases.push(SelectCase {
                comm,
                body,
                span: Span::of(c),
            });
        }
        StmtKind::Select(cases)
    }

    /// The communication of a `select` case: a send or a receive.
    pub(super) fn comm_clause(&mut self, s: Node) -> CommClause {
        match s.kind() {
            "send_statement" => {
                let chan = s
                    .child_by_field_name("channel")
                    .map(|n| self.expr(n))
                    .unwrap_or(Expr::opaque("channel", Span::of(s)));
                let value = s
                    .child_by_field_name("value")
                    .map(|n| self.expr(n))
                    .unwrap_or(Expr::opaque("value", Span::of(s)));
                CommClause::Send { chan, value }
            }
            "receive_statement" => {
                let lhs = s
                    .child_by_field_name("left")
                    .map(|l| self.expr_list(l))
                    .unwrap_or_default();
                let define = self.text(s).contains(":=");
                let right = s.child_by_field_name("right");
                let chan = match right {
                    Some(r) => {
                        let e = self.expr(r);
                        match e.kind {
                            ExprKind::Recv(inner) => *inner,
                            _ => Expr::opaque("select case is not a receive", e.span),
                        }
                    }
                    None => Expr::opaque("receive", Span::of(s)),
                };
                CommClause::Recv { lhs, define, chan }
            }
            _ => {
                // `case v := <-ch` parses as a receive statement; a bare
                // `case <-ch:` may parse as an expression.
                let e = self.expr(s);
                match e.kind {
                    ExprKind::Recv(inner) => CommClause::Recv {
                        lhs: Vec::new(),
                        define: false,
                        chan: *inner,
                    },
                    _ => CommClause::Recv {
                        lhs: Vec::new(),
                        define: false,
                        chan: Expr::opaque("select case", e.span),
                    },
                }
            }
        }
    }

    /// `for v := ch { ... }` (the `range` keyword forgotten) parses as an
    /// error around `v := ch{...}`, a composite literal: read it as the range
    /// loop it was meant to be.
    pub(super) fn repair_missing_range(&mut self, node: Node) -> Option<StmtKind> {
        if !self.text(node).trim_start().starts_with("for") {
            return None;
        }
        let decl = named_children(node)
            .into_iter()
            .find(|n| n.kind() == "short_var_declaration")?;
        let left: Vec<Expr> = decl
            .child_by_field_name("left")
            .map(|l| self.expr_list(l))
            .unwrap_or_default();
        let right = decl
            .child_by_field_name("right")
            .and_then(|r| named_children(r).into_iter().next())?;
        if right.kind() != "composite_literal" {
            return None;
        }
        let ty = right.child_by_field_name("type")?;
        if !matches!(ty.kind(), "type_identifier" | "identifier") {
            return None;
        }
        let expr = Expr {
            kind: ExprKind::Ident(self.text(ty).to_string()),
            span: Span::of(ty),
        };
        let body_node = right.child_by_field_name("body")?;
        let mut stmts = Vec::new();
        for el in named_children(body_node) {
            let inner = if el.kind() == "literal_element" {
                named_children(el).into_iter().next()
            } else {
                Some(el)
            };
            if let Some(e) = inner {
                let e = self.expr(e);
                stmts.push(Stmt {
                    span: e.span,
                    kind: StmtKind::Expr(e),
                });
            }
        }
        self.note(node, "`range` keyword missing: read as a range loop");
        let mut left = left.into_iter();
        Some(StmtKind::Range {
            key: left.next(),
            value: left.next(),
            define: true,
            expr,
            body: Block {
                stmts,
                span: Span::of(body_node),
            },
        })
    }

    pub(super) fn for_stmt(&mut self, node: Node) -> StmtKind {
        let body = match node.child_by_field_name("body") {
            Some(b) => self.block(b),
            None => Block {
                stmts: Vec::new(),
                span: Span::of(node),
            },
        };
        let header = named_children(node)
            .into_iter()
            .find(|n| n.kind() != "block" && n.kind() != "comment");
        match header {
            None => StmtKind::For {
                init: None,
                cond: None,
                post: None,
                body,
            },
            Some(h) if h.kind() == "for_clause" => {
                let init = self.opt_stmt(h, "initializer");
                let cond = h.child_by_field_name("condition").map(|c| self.expr(c));
                let post = self.opt_stmt(h, "update");
                StmtKind::For {
                    init,
                    cond,
                    post,
                    body,
                }
            }
            Some(h) if h.kind() == "range_clause" => {
                let left = h
                    .child_by_field_name("left")
                    .map(|l| self.expr_list(l))
                    .unwrap_or_default();
                let define = self
                    .text(h)
                    .split("range")
                    .next()
                    .unwrap_or("")
                    .contains(":=");
                let expr = match h.child_by_field_name("right") {
                    Some(r) => self.expr(r),
                    None => Expr::opaque("range", Span::of(h)),
                };
                let mut left = left.into_iter();
                let key = left.next();
                let value = left.next();
                StmtKind::Range {
                    key,
                    value,
                    define,
                    expr,
                    body,
                }
            }
            Some(h) => {
                let cond = self.expr(h);
                StmtKind::For {
                    init: None,
                    cond: Some(cond),
                    post: None,
                    body,
                }
            }
        }
    }
}
