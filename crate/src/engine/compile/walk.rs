//! Walks over the program model the compiler needs before it emits code:
//! which variables live in cells (captured or address-taken), which names a
//! function literal captures, receiver types to declare. Function literals'
//! bodies are read from the program's function table, passed in as `funcs`.

use crate::model::*;
use crate::syntax::Span;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn is_blank(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Ident(n) if n == "_")
}

pub(super) const BASIC_TYPES: &[&str] = &[
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "float32",
    "float64",
    "string",
    "bool",
    "byte",
    "rune",
    "error",
    "any",
    "complex128",
];

/// Names a function refers to from nested literals or takes the address
/// of: such variables must live in cells to be shared.
pub(super) fn collect_boxed(
    body: &Block,
    out: &mut BTreeSet<String>,
    ptr_methods: &BTreeSet<String>,
    funcs: &[Func],
) {
    walk_block(body, &mut |e| match &e.kind {
        ExprKind::FuncLit(_) => WalkAction::CollectIdents,
        ExprKind::AddrOf(x) => {
            if let ExprKind::Ident(n) = &x.kind {
                out.insert(n.clone());
            }
            WalkAction::Continue
        }
        // `s.Push(x)` with a pointer method of a non-struct type takes `&s`.
        ExprKind::Call { func, .. } => {
            if let ExprKind::Selector(x, m) = &func.kind {
                if let (ExprKind::Ident(n), true) = (&x.kind, ptr_methods.contains(m)) {
                    out.insert(n.clone());
                }
            }
            WalkAction::Continue
        }
        _ => WalkAction::Continue,
    });
    // Identifiers used inside literals (found by a second walk).
    let mut in_lit = BTreeSet::new();
    collect_lit_idents(body, &mut in_lit, funcs);
    out.extend(in_lit);
}

/// Methods on a type the source does not declare (a snippet) get a struct
/// type with the fields the methods select on their receiver, so a method
/// entry's receiver has fields: one the methods lock is a mutex, the rest
/// are opaque.
pub(super) fn declare_receiver_types(program: &mut Program) {
    // Keyed "Type.method" (neither name can hold a dot) and by type name to
    // an index: the B-tree instantiations the compiler already has, rather
    // than three more (a map of sets and a map of maps).
    let mut methods: BTreeSet<String> = BTreeSet::new();
    for f in &program.funcs {
        if let Some(r) = &f.receiver {
            methods.insert(format!("{}.{}", r.type_name, f.name));
        }
    }
    let mut type_index: BTreeMap<String, u32> = BTreeMap::new();
    // Each undeclared receiver type's fields, in order of first use.
    let mut types: Vec<Vec<(String, TypeExpr)>> = Vec::new();
    for f in &program.funcs {
        let (Some(r), Some(body)) = (&f.receiver, &f.body) else {
            continue;
        };
        if program.types.iter().any(|t| t.name == r.type_name) {
            continue;
        }
        let index = *type_index.entry(r.type_name.clone()).or_insert_with(|| {
            types.push(Vec::new());
            types.len() as u32 - 1
        });
        let fields = &mut types[index as usize];
        let Some(recv) = r.name.clone() else {
            continue;
        };
        let is_recv = |e: &Expr| matches!(&e.kind, ExprKind::Ident(n) if *n == recv);
        fn field<'a>(fields: &'a mut Vec<(String, TypeExpr)>, name: &str) -> &'a mut TypeExpr {
            let at = match fields.iter().position(|(n, _)| n == name) {
                Some(at) => at,
                None => {
                    fields.push((name.to_string(), TypeExpr::Opaque(String::new())));
                    fields.len() - 1
                }
            };
            &mut fields[at].1
        }
        walk_block(body, &mut |e| {
            match &e.kind {
                ExprKind::Call { func, .. } => {
                    if let ExprKind::Selector(x, m) = &func.kind {
                        if let ExprKind::Selector(y, name) = &x.kind {
                            let kind = match m.as_str() {
                                "RLock" | "RUnlock" => "RWMutex",
                                "Lock" | "Unlock" | "TryLock" => "Mutex",
                                _ => "",
                            };
                            if is_recv(y) && !kind.is_empty() {
                                let t = field(fields, name);
                                if !matches!(t, TypeExpr::Qualified(_, k) if k == "RWMutex") {
                                    *t = TypeExpr::Qualified("sync".into(), kind.into());
                                }
                            }
                        }
                    }
                }
                ExprKind::Selector(x, name) if is_recv(x) => {
                    field(fields, name);
                }
                _ => {}
            }
            WalkAction::Continue
        });
    }
    for (name, index) in type_index {
        let mut fields = std::mem::take(&mut types[index as usize]);
        // By name, as the B-tree of fields gave them.
        crate::order::sort_by(&mut fields, |a, b| a.0.cmp(&b.0));
        let fields = fields
            .into_iter()
            .filter(|(f, _)| !methods.contains(&format!("{name}.{f}")))
            .map(|(name, ty)| Field {
                name,
                ty,
                embedded: false,
            })
            .collect();
        program.types.push(TypeDecl {
            name,
            ty: TypeExpr::Struct(fields),
            span: Span::default(),
        });
    }
}

enum WalkAction {
    Continue,
    CollectIdents,
}

fn walk_block(b: &Block, f: &mut dyn FnMut(&Expr) -> WalkAction) {
    for s in &b.stmts {
        walk_stmt(s, f);
    }
}

fn walk_stmt(s: &Stmt, f: &mut dyn FnMut(&Expr) -> WalkAction) {
    let ex = |e: &Expr, f: &mut dyn FnMut(&Expr) -> WalkAction| walk_expr(e, f);
    match &s.kind {
        StmtKind::Expr(e) | StmtKind::Go(e) | StmtKind::Defer(e) => ex(e, f),
        StmtKind::Define(_, v) | StmtKind::Return(v) => v.iter().for_each(|e| ex(e, f)),
        StmtKind::Var(spec) => spec.values.iter().for_each(|e| ex(e, f)),
        StmtKind::VarGroup(specs) => specs.iter().flat_map(|s| &s.values).for_each(|e| ex(e, f)),
        StmtKind::Const(c) => c.iter().for_each(|c| ex(&c.value, f)),
        StmtKind::Assign(l, r) => l.iter().chain(r).for_each(|e| ex(e, f)),
        StmtKind::OpAssign(_, l, r) => {
            ex(l, f);
            ex(r, f)
        }
        StmtKind::IncDec(e, _) => ex(e, f),
        StmtKind::Send { chan, value } => {
            ex(chan, f);
            ex(value, f)
        }
        StmtKind::If {
            init,
            cond,
            then,
            els,
        } => {
            if let Some(i) = init {
                walk_stmt(i, f);
            }
            ex(cond, f);
            walk_block(then, f);
            if let Some(e) = els {
                walk_stmt(e, f);
            }
        }
        StmtKind::For {
            init,
            cond,
            post,
            body,
        } => {
            if let Some(i) = init {
                walk_stmt(i, f);
            }
            if let Some(c) = cond {
                ex(c, f);
            }
            if let Some(p) = post {
                walk_stmt(p, f);
            }
            walk_block(body, f);
        }
        StmtKind::Range {
            key,
            value,
            expr,
            body,
            ..
        } => {
            for e in [key, value].into_iter().flatten() {
                ex(e, f);
            }
            ex(expr, f);
            walk_block(body, f);
        }
        StmtKind::Switch { init, tag, cases } => {
            if let Some(i) = init {
                walk_stmt(i, f);
            }
            if let Some(t) = tag {
                ex(t, f);
            }
            for c in cases {
                c.exprs.iter().for_each(|e| ex(e, f));
                c.body.iter().for_each(|s| walk_stmt(s, f));
            }
        }
        StmtKind::TypeSwitch {
            init, expr, cases, ..
        } => {
            if let Some(i) = init {
                walk_stmt(i, f);
            }
            ex(expr, f);
            for c in cases {
                c.body.iter().for_each(|s| walk_stmt(s, f));
            }
        }
        StmtKind::Select(cases) => {
            for c in cases {
                match &c.comm {
                    CommClause::Send { chan, value } => {
                        ex(chan, f);
                        ex(value, f)
                    }
                    CommClause::Recv { lhs, chan, .. } => {
                        lhs.iter().for_each(|e| ex(e, f));
                        ex(chan, f)
                    }
                    CommClause::Default => {}
                }
                c.body.iter().for_each(|s| walk_stmt(s, f));
            }
        }
        StmtKind::Block(b) => walk_block(b, f),
        StmtKind::Labeled(_, s) => walk_stmt(s, f),
        _ => {}
    }
}

fn walk_expr(e: &Expr, f: &mut dyn FnMut(&Expr) -> WalkAction) {
    if let WalkAction::CollectIdents = f(e) {
        return;
    }
    match &e.kind {
        ExprKind::Selector(x, _)
        | ExprKind::Unary(_, x)
        | ExprKind::Recv(x)
        | ExprKind::Deref(x)
        | ExprKind::AddrOf(x)
        | ExprKind::TypeAssert(x, _) => walk_expr(x, f),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
            walk_expr(a, f);
            walk_expr(b, f)
        }
        ExprKind::Slice { x, lo, hi, max } => {
            walk_expr(x, f);
            for p in [lo, hi, max].into_iter().flatten() {
                walk_expr(p, f);
            }
        }
        ExprKind::Call { func, args, .. } => {
            walk_expr(func, f);
            args.iter().for_each(|a| walk_expr(a, f));
        }
        ExprKind::Composite { elems, .. } => {
            for (k, v) in elems {
                if let Some(k) = k {
                    walk_expr(k, f);
                }
                walk_expr(v, f);
            }
        }
        _ => {}
    }
}

/// Every identifier inside function literals nested in `body`, whose
/// bodies are in `funcs`.
fn collect_lit_idents(body: &Block, out: &mut BTreeSet<String>, funcs: &[Func]) {
    let mut stack = Vec::new();
    walk_block(body, &mut |e| {
        if let ExprKind::FuncLit(id) = &e.kind {
            stack.push(*id);
        }
        WalkAction::Continue
    });
    // Literal ids index `funcs`: flags, not a BTreeSet<u32> of its own.
    let mut seen = vec![false; funcs.len()];
    while let Some(id) = stack.pop() {
        if seen.get(id as usize).copied().unwrap_or(true) {
            continue;
        }
        seen[id as usize] = true;
        if let Some(body) = literal_body(funcs, id) {
            collect_idents(body, out, funcs);
            walk_block(body, &mut |e| {
                if let ExprKind::FuncLit(inner) = &e.kind {
                    stack.push(*inner);
                }
                WalkAction::Continue
            });
        }
    }
}

/// The body of function `id`, if it has one.
fn literal_body(funcs: &[Func], id: FuncId) -> Option<&Block> {
    funcs.get(id as usize).and_then(|f| f.body.as_ref())
}

/// Every identifier named in a block, including nested literals' bodies
/// (read from `funcs`).
pub(super) fn collect_idents(body: &Block, out: &mut BTreeSet<String>, funcs: &[Func]) {
    let mut lits = Vec::new();
    walk_block(body, &mut |e| {
        match &e.kind {
            ExprKind::Ident(n) => {
                out.insert(n.clone());
            }
            ExprKind::FuncLit(id) => lits.push(*id),
            _ => {}
        }
        WalkAction::Continue
    });
    // Define/assign targets and range variables are identifiers in statements.
    collect_stmt_names(body, out);
    let mut seen = vec![false; funcs.len()];
    while let Some(id) = lits.pop() {
        if seen.get(id as usize).copied().unwrap_or(true) {
            continue;
        }
        seen[id as usize] = true;
        if let Some(inner) = literal_body(funcs, id) {
            walk_block(inner, &mut |e| {
                match &e.kind {
                    ExprKind::Ident(n) => {
                        out.insert(n.clone());
                    }
                    ExprKind::FuncLit(id) => lits.push(*id),
                    _ => {}
                }
                WalkAction::Continue
            });
            collect_stmt_names(inner, out);
        }
    }
}

fn collect_stmt_names(body: &Block, out: &mut BTreeSet<String>) {
    fn stmt(s: &Stmt, out: &mut BTreeSet<String>) {
        match &s.kind {
            StmtKind::Define(names, _) => out.extend(names.iter().cloned()),
            StmtKind::If {
                init, then, els, ..
            } => {
                if let Some(i) = init {
                    stmt(i, out);
                }
                then.stmts.iter().for_each(|s| stmt(s, out));
                if let Some(e) = els {
                    stmt(e, out);
                }
            }
            StmtKind::For {
                init, post, body, ..
            } => {
                for s in [init, post].into_iter().flatten() {
                    stmt(s, out);
                }
                body.stmts.iter().for_each(|s| stmt(s, out));
            }
            StmtKind::Range { body, .. } => body.stmts.iter().for_each(|s| stmt(s, out)),
            StmtKind::Block(b) => b.stmts.iter().for_each(|s| stmt(s, out)),
            StmtKind::Labeled(_, s) => stmt(s, out),
            StmtKind::Switch { cases, .. } => cases
                .iter()
                .for_each(|c| c.body.iter().for_each(|s| stmt(s, out))),
            StmtKind::Select(cases) => cases
                .iter()
                .for_each(|c| c.body.iter().for_each(|s| stmt(s, out))),
            _ => {}
        }
    }
    body.stmts.iter().for_each(|s| stmt(s, out));
}
