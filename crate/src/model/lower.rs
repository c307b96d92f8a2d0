//! Lowering from the tree-sitter tree to [`Program`]. It never fails: broken
//! or unknown syntax becomes `Opaque` nodes and notes. Nesting deeper than
//! [`MAX_NESTING`] becomes `Opaque` too, so recursion depth is bounded whatever
//! the input.

use super::*;
use crate::syntax::ParsedFile;
use tree_sitter::Node;

mod stmt;

/// Deepest statement/expression nesting that is lowered; deeper parts become
/// `Opaque("nesting too deep")`. Real code stays far below it.
pub const MAX_NESTING: u32 = 200;

struct Lowerer<'a> {
    text: &'a str,
    program: Program,
    depth: u32,
    /// Names of the enclosing functions, for naming literals `outer.funcN`.
    func_names: Vec<(String, u32)>,
    iota: Option<i64>,
}

/// Lowers a parsed file. Every function that parses is lowered, whatever
/// errors the rest of the file has.
pub fn lower(file: &ParsedFile) -> Program {
    let mut l = Lowerer {
        text: &file.text,
        program: Program::default(),
        depth: 0,
        func_names: Vec::new(),
        iota: None,
    };
    let root = file.root();
    let mut cursor = root.walk();
    let children: Vec<Node> = root.children(&mut cursor).collect();
    // Statements pasted without a function around them (tree-sitter's Go
    // grammar accepts them at the top level, for snippets).
    let mut fragment: Vec<Node> = Vec::new();
    for node in children {
        if is_fragment_statement(node) {
            fragment.push(node);
        } else {
            l.top_level(node);
        }
    }
    if !fragment.is_empty() {
        l.fragment(&fragment);
    }
    l.program
}

/// A statement at the top level of a file: a forum answer's three lines.
fn is_fragment_statement(node: Node) -> bool {
    node.is_named()
        && !matches!(
            node.kind(),
            "package_clause"
                | "import_declaration"
                | "function_declaration"
                | "method_declaration"
                | "type_declaration"
                | "var_declaration"
                | "const_declaration"
                | "comment"
                | "ERROR"
        )
}

fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

impl<'a> Lowerer<'a> {
    fn text(&self, node: Node) -> &'a str {
        &self.text[node.byte_range()]
    }

    fn note(&mut self, node: Node, message: impl Into<String>) {
        self.program.notes.push(Note {
            span: Span::of(node),
            message: message.into(),
        });
    }

    /// Statements pasted without a function: analyzed as the body of `main`
    /// when the file has none (a file with its own `main` keeps them out).
    fn fragment(&mut self, nodes: &[Node]) {
        if self.program.func_by_name("main").is_some() {
            for node in nodes {
                self.note(
                    *node,
                    format!(
                        "{} outside a function skipped",
                        node.kind().replace('_', " ")
                    ),
                );
            }
            return;
        }
        let span = Span::new(nodes[0].start_byte(), nodes[nodes.len() - 1].end_byte());
        let id = self.program.funcs.len() as FuncId;
        self.program.funcs.push(Func {
            name: "main".into(),
            receiver: None,
            params: Vec::new(),
            results: Vec::new(),
            variadic: false,
            body: None,
            span,
            is_literal: false,
        });
        self.func_names.push(("main".into(), 0));
        let saved_depth = self.depth;
        self.depth = 0;
        let stmts = nodes.iter().map(|n| self.stmt(*n)).collect();
        self.depth = saved_depth;
        self.func_names.pop();
        self.program.funcs[id as usize].body = Some(Block { stmts, span });
        self.program.notes.push(Note {
            span,
            message: "statements outside a function analyzed as the body of `main`".into(),
        });
    }

    fn top_level(&mut self, node: Node) {
        match node.kind() {
            "package_clause" => {
                if let Some(id) = named_children(node).first() {
                    self.program.package = self.text(*id).to_string();
                }
            }
            "import_declaration" => self.imports(node),
            "function_declaration" | "method_declaration" => {
                self.func_decl(node);
            }
            "type_declaration" => self.type_decl(node),
            "var_declaration" => {
                for spec in self.var_specs(node) {
                    self.program.globals.push(spec);
                }
            }
            "const_declaration" => {
                let consts = self.const_decl(node);
                self.program.consts.extend(consts);
            }
            "comment" => {}
            "ERROR" => {
                // Code pasted without its function: look for declarations inside.
                for child in named_children(node) {
                    if matches!(
                        child.kind(),
                        "function_declaration" | "method_declaration" | "type_declaration"
                    ) {
                        self.top_level(child);
                    }
                }
                self.note(node, "unparsed code skipped");
            }
            _ => self.note(
                node,
                format!(
                    "{} outside a function skipped",
                    node.kind().replace('_', " ")
                ),
            ),
        }
    }

    fn imports(&mut self, node: Node) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == "import_spec" {
                let Some(path) = n.child_by_field_name("path") else {
                    continue;
                };
                let path = self
                    .text(path)
                    .trim_matches(|c| c == '"' || c == '`')
                    .to_string();
                let local = match n.child_by_field_name("name") {
                    Some(name) => self.text(name).to_string(),
                    None => path.rsplit('/').next().unwrap_or(&path).to_string(),
                };
                self.program.imports.push((local, path));
            } else {
                stack.extend(named_children(n));
            }
        }
    }

    fn type_decl(&mut self, node: Node) {
        for spec in named_children(node) {
            if !matches!(spec.kind(), "type_spec" | "type_alias") {
                continue;
            }
            let Some(name) = spec.child_by_field_name("name") else {
                continue;
            };
            let ty = spec
                .child_by_field_name("type")
                .map(|t| self.type_expr(t))
                .unwrap_or(TypeExpr::Opaque("missing type".into()));
            let name = self.text(name).to_string();
            self.program.types.push(TypeDecl {
                name,
                ty,
                span: Span::of(spec),
            });
        }
    }

    fn var_specs(&mut self, node: Node) -> Vec<VarSpec> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "var_spec" => {
                    let mut cursor = n.walk();
                    let names: Vec<String> = n
                        .children_by_field_name("name", &mut cursor)
                        .map(|c| self.text(c).to_string())
                        .collect();
                    let ty = n.child_by_field_name("type").map(|t| self.type_expr(t));
                    let values = n
                        .child_by_field_name("value")
                        .map(|v| self.expr_list(v))
                        .unwrap_or_default();
                    out.push(VarSpec {
                        names,
                        ty,
                        values,
                        span: Span::of(n),
                    });
                }
                _ => {
                    let mut kids = named_children(n);
                    kids.reverse();
                    stack.extend(kids);
                }
            }
        }
        out
    }

    fn const_decl(&mut self, node: Node) -> Vec<ConstSpec> {
        let mut out = Vec::new();
        let mut last: Option<(Option<TypeExpr>, Vec<Node>)> = None;
        for (index, spec) in named_children(node)
            .into_iter()
            .filter(|s| s.kind() == "const_spec")
            .enumerate()
        {
            let mut cursor = spec.walk();
            let names: Vec<Node> = spec.children_by_field_name("name", &mut cursor).collect();
            let ty = spec.child_by_field_name("type").map(|t| self.type_expr(t));
            let values: Vec<Node> = spec
                .child_by_field_name("value")
                .map(named_children)
                .unwrap_or_default();
            let (ty, values) = if values.is_empty() {
                match &last {
                    Some((t, v)) => (ty.or_else(|| t.clone()), v.clone()),
                    None => (ty, Vec::new()),
                }
            } else {
                last = Some((ty.clone(), values.clone()));
                (ty, values)
            };
            self.iota = Some(index as i64);
            for (i, name) in names.iter().enumerate() {
                let value = match values.get(i) {
                    Some(v) => self.expr(*v),
                    None => Expr::opaque("constant without value", Span::of(*name)),
                };
                out.push(ConstSpec {
                    name: self.text(*name).to_string(),
                    ty: ty.clone(),
                    value,
                    span: Span::of(spec),
                });
            }
            self.iota = None;
        }
        out
    }

    fn func_decl(&mut self, node: Node) -> FuncId {
        let name = node
            .child_by_field_name("name")
            .map(|n| self.text(n).to_string())
            .unwrap_or_else(|| "_".into());
        let receiver = node
            .child_by_field_name("receiver")
            .and_then(|r| self.receiver(r));
        let display = match &receiver {
            Some(r) if r.pointer => format!("(*{}).{}", r.type_name, name),
            Some(r) => format!("{}.{}", r.type_name, name),
            None => name.clone(),
        };
        self.func_names.push((display, 0));
        let id = self.func_common(node, name, receiver, false);
        self.func_names.pop();
        id
    }

    fn receiver(&mut self, list: Node) -> Option<Receiver> {
        let decl = named_children(list)
            .into_iter()
            .find(|n| n.kind() == "parameter_declaration")?;
        let name = decl
            .child_by_field_name("name")
            .map(|n| self.text(n).to_string());
        let mut ty = decl.child_by_field_name("type")?;
        let mut pointer = false;
        if ty.kind() == "pointer_type" {
            pointer = true;
            ty = *named_children(ty).first()?;
        }
        if ty.kind() == "generic_type" {
            ty = ty.child_by_field_name("type")?;
        }
        Some(Receiver {
            name,
            type_name: self.text(ty).to_string(),
            pointer,
        })
    }

    fn func_common(
        &mut self,
        node: Node,
        name: String,
        receiver: Option<Receiver>,
        is_literal: bool,
    ) -> FuncId {
        let id = self.program.funcs.len() as FuncId;
        // Reserve the slot first so literals inside get later ids.
        self.program.funcs.push(Func {
            name: name.clone(),
            receiver: receiver.clone(),
            params: Vec::new(),
            results: Vec::new(),
            variadic: false,
            body: None,
            span: Span::of(node),
            is_literal,
        });
        let (params, variadic) = node
            .child_by_field_name("parameters")
            .map(|p| self.params(p))
            .unwrap_or_default();
        let results = match node.child_by_field_name("result") {
            Some(r) if r.kind() == "parameter_list" => self.params(r).0,
            Some(r) => vec![Param {
                name: None,
                ty: self.type_expr(r),
            }],
            None => Vec::new(),
        };
        let saved_depth = self.depth;
        self.depth = 0;
        let body = node.child_by_field_name("body").map(|b| self.block(b));
        self.depth = saved_depth;
        let f = &mut self.program.funcs[id as usize];
        f.params = params;
        f.results = results;
        f.variadic = variadic;
        f.body = body;
        id
    }

    fn params(&mut self, list: Node) -> (Vec<Param>, bool) {
        let mut out = Vec::new();
        let mut variadic = false;
        for decl in named_children(list) {
            if !matches!(
                decl.kind(),
                "parameter_declaration" | "variadic_parameter_declaration"
            ) {
                continue;
            }
            variadic |= decl.kind() == "variadic_parameter_declaration";
            let ty = decl
                .child_by_field_name("type")
                .map(|t| self.type_expr(t))
                .unwrap_or(TypeExpr::Opaque("missing type".into()));
            let ty = if decl.kind() == "variadic_parameter_declaration" {
                TypeExpr::Slice(Box::new(ty))
            } else {
                ty
            };
            let mut cursor = decl.walk();
            let names: Vec<String> = decl
                .children_by_field_name("name", &mut cursor)
                .map(|n| self.text(n).to_string())
                .collect();
            if names.is_empty() {
                out.push(Param { name: None, ty });
            } else {
                for n in names {
                    out.push(Param {
                        name: Some(n),
                        ty: ty.clone(),
                    });
                }
            }
        }
        (out, variadic)
    }

    fn type_expr(&mut self, node: Node) -> TypeExpr {
        match node.kind() {
            "type_identifier" | "identifier" => TypeExpr::Name(self.text(node).to_string()),
            "qualified_type" | "selector_expression" => {
                let kids = named_children(node);
                match (kids.first(), kids.get(1)) {
                    (Some(p), Some(n)) => {
                        TypeExpr::Qualified(self.text(*p).to_string(), self.text(*n).to_string())
                    }
                    _ => TypeExpr::Opaque(self.text(node).to_string()),
                }
            }
            "pointer_type" => match named_children(node).first() {
                Some(t) => TypeExpr::Pointer(Box::new(self.type_expr(*t))),
                None => TypeExpr::Opaque("pointer".into()),
            },
            "parenthesized_type" => match named_children(node).first() {
                Some(t) => self.type_expr(*t),
                None => TypeExpr::Opaque("type".into()),
            },
            "slice_type" => TypeExpr::Slice(Box::new(self.field_type(node, "element"))),
            "array_type" => {
                let len = node
                    .child_by_field_name("length")
                    .map(|l| Box::new(self.expr(l)));
                TypeExpr::Array(len, Box::new(self.field_type(node, "element")))
            }
            "implicit_length_array_type" => {
                TypeExpr::Array(None, Box::new(self.field_type(node, "element")))
            }
            "map_type" => TypeExpr::Map(
                Box::new(self.field_type(node, "key")),
                Box::new(self.field_type(node, "value")),
            ),
            "channel_type" => {
                let text = self.text(node);
                let dir = if text.starts_with("<-") {
                    ChanDir::Recv
                } else if text
                    .trim_start_matches("chan")
                    .trim_start()
                    .starts_with("<-")
                {
                    ChanDir::Send
                } else {
                    ChanDir::Both
                };
                TypeExpr::Chan(dir, Box::new(self.field_type(node, "value")))
            }
            "function_type" => TypeExpr::Func,
            "struct_type" => {
                let mut fields = Vec::new();
                for list in named_children(node) {
                    for decl in named_children(list) {
                        if decl.kind() != "field_declaration" {
                            continue;
                        }
                        let Some(tn) = decl.child_by_field_name("type") else {
                            continue;
                        };
                        let ty = self.type_expr(tn);
                        let mut cursor = decl.walk();
                        let names: Vec<String> = decl
                            .children_by_field_name("name", &mut cursor)
                            .map(|n| self.text(n).to_string())
                            .collect();
                        if names.is_empty() {
                            let base = match &ty {
                                TypeExpr::Pointer(inner) => inner.as_ref(),
                                t => t,
                            };
                            let name = match base {
                                TypeExpr::Name(n) | TypeExpr::Qualified(_, n) => n.clone(),
                                _ => "?".into(),
                            };
                            fields.push(Field {
                                name,
                                ty,
                                embedded: true,
                            });
                        } else {
                            for name in names {
                                fields.push(Field {
                                    name,
                                    ty: ty.clone(),
                                    embedded: false,
                                });
                            }
                        }
                    }
                }
                TypeExpr::Struct(fields)
            }
            "interface_type" => {
                let mut methods = Vec::new();
                for m in named_children(node) {
                    if m.kind() == "method_elem" {
                        if let Some(n) = m.child_by_field_name("name") {
                            methods.push(self.text(n).to_string());
                        }
                    }
                }
                TypeExpr::Interface(methods)
            }
            "generic_type" => match node.child_by_field_name("type") {
                Some(t) => self.type_expr(t),
                None => TypeExpr::Opaque("generic".into()),
            },
            _ => TypeExpr::Opaque(self.text(node).chars().take(40).collect()),
        }
    }

    fn field_type(&mut self, node: Node, field: &str) -> TypeExpr {
        match node.child_by_field_name(field) {
            Some(t) => self.type_expr(t),
            None => TypeExpr::Opaque("missing type".into()),
        }
    }

    fn expr_list(&mut self, node: Node) -> Vec<Expr> {
        if node.kind() == "expression_list" {
            named_children(node)
                .into_iter()
                .map(|n| self.expr(n))
                .collect()
        } else {
            vec![self.expr(node)]
        }
    }

    fn expr(&mut self, node: Node) -> Expr {
        let span = Span::of(node);
        if self.depth >= MAX_NESTING {
            return Expr::opaque("nesting too deep", span);
        }
        self.depth += 1;
        let kind = self.expr_kind(node);
        self.depth -= 1;
        Expr { kind, span }
    }

    fn boxed(&mut self, node: Node, field: &str) -> Box<Expr> {
        Box::new(match node.child_by_field_name(field) {
            Some(n) => self.expr(n),
            None => Expr::opaque(format!("missing {field}"), Span::of(node)),
        })
    }

    fn expr_kind(&mut self, node: Node) -> ExprKind {
        let text = self.text(node);
        match node.kind() {
            "int_literal" => match parse_int(text) {
                Some(v) => ExprKind::Int(v),
                None => ExprKind::Opaque(format!("integer literal {text}")),
            },
            "float_literal" => match text.replace('_', "").parse::<f64>() {
                Ok(v) => ExprKind::Float(v),
                Err(_) => ExprKind::Opaque(format!("float literal {text}")),
            },
            "imaginary_literal" => ExprKind::Opaque("complex numbers".into()),
            "rune_literal" => match unescape(&text[1..text.len().saturating_sub(1).max(1)])
                .chars()
                .next()
            {
                Some(c) => ExprKind::Rune(c as i64),
                None => ExprKind::Opaque("rune literal".into()),
            },
            "interpreted_string_literal" => {
                let inner = text.strip_prefix('"').unwrap_or(text);
                let inner = inner.strip_suffix('"').unwrap_or(inner);
                ExprKind::Str(unescape(inner))
            }
            "raw_string_literal" => ExprKind::Str(text.trim_matches('`').replace('\r', "")),
            "identifier" | "type_identifier" | "field_identifier" | "package_identifier"
            | "true" | "false" | "nil" => ExprKind::Ident(text.to_string()),
            "iota" => match self.iota {
                Some(v) => ExprKind::Int(v),
                None => ExprKind::Opaque("iota outside a constant declaration".into()),
            },
            "parenthesized_expression" => match named_children(node).first() {
                Some(e) => self.expr(*e).kind,
                None => ExprKind::Opaque("empty parentheses".into()),
            },
            "selector_expression" => {
                let x = self.boxed(node, "operand");
                let field = node
                    .child_by_field_name("field")
                    .map(|f| self.text(f).to_string())
                    .unwrap_or_default();
                ExprKind::Selector(x, field)
            }
            "index_expression" => {
                ExprKind::Index(self.boxed(node, "operand"), self.boxed(node, "index"))
            }
            "slice_expression" => {
                let x = self.boxed(node, "operand");
                let lo = node
                    .child_by_field_name("start")
                    .map(|n| Box::new(self.expr(n)));
                let hi = node
                    .child_by_field_name("end")
                    .map(|n| Box::new(self.expr(n)));
                let max = node
                    .child_by_field_name("capacity")
                    .map(|n| Box::new(self.expr(n)));
                ExprKind::Slice { x, lo, hi, max }
            }
            "call_expression" => {
                let func = self.boxed(node, "function");
                let mut args = Vec::new();
                let mut spread = false;
                if let Some(list) = node.child_by_field_name("arguments") {
                    for a in named_children(list) {
                        if a.kind() == "variadic_argument" {
                            spread = true;
                            if let Some(inner) = named_children(a).first() {
                                args.push(self.expr(*inner));
                            }
                        } else if is_type_kind(a.kind()) {
                            let span = Span::of(a);
                            args.push(Expr {
                                kind: ExprKind::Type(self.type_expr(a)),
                                span,
                            });
                        } else {
                            args.push(self.expr(a));
                        }
                    }
                    // `...` after the last argument is an anonymous token.
                    if !spread
                        && self
                            .text(list)
                            .trim_end_matches(')')
                            .trim_end()
                            .ends_with("...")
                    {
                        spread = true;
                    }
                }
                ExprKind::Call { func, args, spread }
            }
            "type_conversion_expression" => {
                let ty = node
                    .child_by_field_name("type")
                    .map(|t| self.type_expr(t))
                    .unwrap_or(TypeExpr::Opaque("type".into()));
                let tspan = node
                    .child_by_field_name("type")
                    .map(Span::of)
                    .unwrap_or(Span::of(node));
                let arg = self.boxed(node, "operand");
                ExprKind::Call {
                    func: Box::new(Expr {
                        kind: ExprKind::Type(ty),
                        span: tspan,
                    }),
                    args: vec![*arg],
                    spread: false,
                }
            }
            "unary_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("");
                let x = self.boxed(node, "operand");
                match op {
                    "-" => ExprKind::Unary(UnOp::Neg, x),
                    "+" => ExprKind::Unary(UnOp::Plus, x),
                    "!" => ExprKind::Unary(UnOp::Not, x),
                    "^" => ExprKind::Unary(UnOp::BitNot, x),
                    "<-" => ExprKind::Recv(x),
                    "*" => ExprKind::Deref(x),
                    "&" => ExprKind::AddrOf(x),
                    _ => ExprKind::Opaque(format!("unary operator `{op}`")),
                }
            }
            "binary_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("");
                match binop(op) {
                    Some(op) => {
                        ExprKind::Binary(op, self.boxed(node, "left"), self.boxed(node, "right"))
                    }
                    None => ExprKind::Opaque(format!("binary operator `{op}`")),
                }
            }
            "func_literal" => {
                if self.func_names.is_empty() {
                    self.func_names.push(("glob".into(), 0));
                }
                let nested = self.func_names.len() > 1;
                let last = self.func_names.last_mut().expect("pushed above");
                last.1 += 1;
                let name = if nested {
                    format!("{}.{}", last.0, last.1)
                } else {
                    format!("{}.func{}", last.0, last.1)
                };
                self.func_names.push((name.clone(), 0));
                let id = self.func_common(node, name, None, true);
                self.func_names.pop();
                ExprKind::FuncLit(id)
            }
            "composite_literal" => {
                let ty = node.child_by_field_name("type").map(|t| self.type_expr(t));
                let elems = match node.child_by_field_name("body") {
                    Some(b) => self.literal_elems(b),
                    None => Vec::new(),
                };
                ExprKind::Composite { ty, elems }
            }
            "literal_value" => ExprKind::Composite {
                ty: None,
                elems: self.literal_elems(node),
            },
            "literal_element" => match named_children(node).first() {
                Some(e) => self.expr(*e).kind,
                None => ExprKind::Opaque("empty element".into()),
            },
            "type_assertion_expression" => {
                let x = self.boxed(node, "operand");
                let ty = node.child_by_field_name("type").map(|t| self.type_expr(t));
                ExprKind::TypeAssert(x, ty)
            }
            k if is_type_kind(k) => ExprKind::Type(self.type_expr(node)),
            "ERROR" => ExprKind::Opaque("syntax error".into()),
            other => ExprKind::Opaque(format!(
                "unsupported expression `{}`",
                other.replace('_', " ")
            )),
        }
    }

    fn literal_elems(&mut self, body: Node) -> Vec<(Option<Expr>, Expr)> {
        let mut out = Vec::new();
        for e in named_children(body) {
            match e.kind() {
                "keyed_element" => {
                    let kids = named_children(e);
                    let (Some(k), Some(v)) = (kids.first(), kids.get(1)) else {
                        continue;
                    };
                    out.push((Some(self.expr(*k)), self.expr(*v)));
                }
                "literal_element" => out.push((None, self.expr(e))),
                _ => out.push((None, self.expr(e))),
            }
        }
        out
    }
}

fn is_type_kind(kind: &str) -> bool {
    matches!(
        kind,
        "slice_type"
            | "array_type"
            | "map_type"
            | "channel_type"
            | "pointer_type"
            | "struct_type"
            | "interface_type"
            | "function_type"
            | "qualified_type"
            | "implicit_length_array_type"
    )
}

fn is_expression_kind(kind: &str) -> bool {
    matches!(
        kind,
        "call_expression"
            | "identifier"
            | "selector_expression"
            | "unary_expression"
            | "binary_expression"
    )
}

fn binop(op: &str) -> Option<BinOp> {
    Some(match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Rem,
        "&" => BinOp::And,
        "|" => BinOp::Or,
        "^" => BinOp::Xor,
        "<<" => BinOp::Shl,
        ">>" => BinOp::Shr,
        "&^" => BinOp::AndNot,
        "&&" => BinOp::LogAnd,
        "||" => BinOp::LogOr,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        _ => return None,
    })
}

fn parse_int(text: &str) -> Option<i64> {
    let t = text.replace('_', "");
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h.to_string(), 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b.to_string(), 2)
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (o.to_string(), 8)
    } else if t.len() > 1 && t.starts_with('0') {
        (t[1..].to_string(), 8)
    } else {
        (t, 10)
    };
    u64::from_str_radix(&digits, radix).ok().map(|v| v as i64)
}

/// Go escape sequences in string and rune literals.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut bytes: Vec<u8> = Vec::new();
    let mut chars = s.chars().peekable();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        if !bytes.is_empty() {
            out.push_str(&String::from_utf8_lossy(bytes));
            bytes.clear();
        }
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush(&mut bytes, &mut out);
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else { break };
        let mut take = |n: usize, radix: u32| -> Option<u32> {
            let mut v = 0u32;
            for _ in 0..n {
                let d = chars.next()?.to_digit(radix)?;
                v = v * radix + d;
            }
            Some(v)
        };
        if !matches!(e, 'x' | '0'..='7') {
            flush(&mut bytes, &mut out);
        }
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'x' => {
                if let Some(v) = take(2, 16) {
                    bytes.push(v as u8);
                    continue;
                }
            }
            'u' => out.extend(take(4, 16).and_then(char::from_u32)),
            'U' => out.extend(take(8, 16).and_then(char::from_u32)),
            d @ '0'..='7' => {
                let rest = take(2, 8).unwrap_or(0);
                bytes.push(((d as u32 - '0' as u32) * 64 + rest) as u8);
                continue;
            }
            other => out.push(other),
        }
        flush(&mut bytes, &mut out);
    }
    flush(&mut bytes, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn lower_src(src: &str) -> Program {
        lower(&parse(src))
    }

    #[test]
    fn lowers_functions_methods_and_literals() {
        let p = lower_src(
            "package main\ntype T struct{ mu sync.Mutex; n int }\nfunc (t *T) Inc() { t.n++ }\nfunc main() {\n\tgo func() {}()\n\tx := 1\n\t_ = x\n}\n",
        );
        assert_eq!(p.package, "main");
        assert!(p.func_by_name("main").is_some());
        assert!(p.method("T", "Inc").is_some());
        assert!(p
            .funcs
            .iter()
            .any(|f| f.name == "main.func1" && f.is_literal));
        assert!(matches!(p.type_decl("T").unwrap().ty, TypeExpr::Struct(ref f) if f.len() == 2));
    }

    #[test]
    fn iota_is_substituted() {
        let p = lower_src("package main\nconst (\n\tA = iota\n\tB\n\tC\n)\n");
        let values: Vec<_> = p.consts.iter().map(|c| c.value.kind.clone()).collect();
        assert_eq!(
            values,
            vec![ExprKind::Int(0), ExprKind::Int(1), ExprKind::Int(2)]
        );
    }

    #[test]
    fn escapes_and_literals() {
        assert_eq!(unescape("a\\n\\x41\\u00e9"), "a\nA\u{e9}");
        assert_eq!(parse_int("0x1F"), Some(31));
        assert_eq!(parse_int("1_000"), Some(1000));
    }

    #[test]
    fn statements_outside_functions_are_noted_and_functions_still_lowered() {
        let p = lower_src("package main\nx := 1\nfunc main() { doWork() }\nfunc broken( {\n");
        assert!(p.func_by_name("main").is_some());
        assert!(!p.notes.is_empty());
    }

    #[test]
    fn deep_nesting_becomes_opaque() {
        let mut src = String::from("package main\nfunc main() {\n");
        for _ in 0..5000 {
            src.push_str("{\n");
        }
        for _ in 0..5000 {
            src.push_str("}\n");
        }
        src.push_str("}\n");
        let p = lower_src(&src);
        assert!(p.func_by_name("main").is_some());
    }
}
