//! Expressions, calls, function literals and assignable places.

use super::walk::collect_idents;
use super::{CompKey, Compiler, Instr, Resolved, Slot};
use crate::engine::shims;
use crate::engine::value::{IntKind, Value, F64};
use crate::model::*;
use crate::syntax::Span;
use std::collections::BTreeSet;

impl Compiler {
    /// Gives the value on top of the stack the static type of a `*p` or
    /// `xs[i]` target, where known (`*s = append(*s, v)` keeps `Stack`).
    pub(super) fn coerce_for_place(&mut self, target: &Expr) {
        let ty = match &target.kind {
            ExprKind::Deref(x) => match self.static_type(x) {
                Some(TypeExpr::Pointer(t)) => Some(*t),
                _ => None,
            },
            ExprKind::Index(..) => self.static_type(target),
            _ => None,
        };
        if let Some(t) = ty.filter(|t| self.coercible(t)) {
            let id = self.intern_deep(&t);
            self.emit(Instr::Coerce(id), target.span);
        }
    }

    /// Pushes the operands of an assignable expression; returns how many.
    pub(super) fn push_place(&mut self, target: &Expr) -> u16 {
        match &target.kind {
            ExprKind::Selector(x, _) | ExprKind::Deref(x) => {
                self.expr(x, 1);
                1
            }
            ExprKind::Index(x, i) => {
                self.expr(x, 1);
                self.expr(i, 1);
                2
            }
            _ => 0,
        }
    }

    /// Reads an assignable expression whose operands are on the stack.
    pub(super) fn load_place(&mut self, target: &Expr) {
        let span = target.span;
        match &target.kind {
            ExprKind::Selector(_, f) => {
                self.emit(Instr::Field(f.as_str().into()), span);
            }
            ExprKind::Deref(_) => {
                self.emit(Instr::Deref, span);
            }
            ExprKind::Index(..) => {
                self.emit(Instr::Index, span);
            }
            _ => self.value(target),
        }
    }

    /// Stores the value below the operands (pushed by [`Self::push_place`])
    /// into the assignable expression.
    pub(super) fn store_place(&mut self, target: &Expr) {
        let span = target.span;
        match &target.kind {
            ExprKind::Selector(_, f) => {
                self.emit(Instr::StoreField(f.as_str().into()), span);
            }
            ExprKind::Deref(_) => {
                self.emit(Instr::StoreDeref, span);
            }
            ExprKind::Index(..) => {
                self.emit(Instr::StoreIndex, span);
            }
            _ => self.store_target(target),
        }
    }

    /// Stores the value on top of the stack into an assignable expression.
    pub(super) fn store_target(&mut self, target: &Expr) {
        let span = target.span;
        match &target.kind {
            ExprKind::Ident(n) if n == "_" => {
                self.emit(Instr::Pop, span);
            }
            ExprKind::Ident(n) => {
                let resolved = self.resolve(n);
                let ty = match resolved {
                    Resolved::Local(s, _) => self.ctx().types.get(s as usize).cloned(),
                    Resolved::Global(g) => self.global_types.get(g as usize).cloned(),
                    _ => None,
                };
                if let Some(t) = ty.filter(|t| self.coercible(t)) {
                    let id = self.intern_deep(&t);
                    self.emit(Instr::Coerce(id), span);
                }
                match resolved {
                    Resolved::Local(s, true) => {
                        self.emit(Instr::StoreBox(s), span);
                    }
                    Resolved::Local(s, false) => {
                        self.emit(Instr::Store(s), span);
                    }
                    Resolved::Global(g) => {
                        self.emit(Instr::StoreGlobal(g), span);
                    }
                    _ => {
                        self.emit(Instr::Pop, span);
                    }
                }
            }
            ExprKind::Selector(x, f) => {
                self.expr(x, 1);
                self.emit(Instr::StoreField(f.as_str().into()), span);
            }
            ExprKind::Index(x, i) => {
                self.expr(x, 1);
                self.expr(i, 1);
                self.emit(Instr::StoreIndex, span);
            }
            ExprKind::Deref(x) => {
                self.expr(x, 1);
                self.emit(Instr::StoreDeref, span);
            }
            _ => {
                self.emit(Instr::Pop, span);
            }
        }
    }

    /// Whether a value assigned to a variable of this type may need
    /// [`Instr::Coerce`]: an untyped constant or `nil` takes its type.
    pub(super) fn coercible(&self, ty: &TypeExpr) -> bool {
        if let TypeExpr::Name(n) = ty {
            if self.out.with_methods.contains(n) {
                return true;
            }
        }
        match self.out.underlying(ty) {
            TypeExpr::Slice(_) | TypeExpr::Map(..) => true,
            TypeExpr::Name(n) => {
                matches!(n.as_str(), "float64" | "float32") || IntKind::from_name(n).is_some()
            }
            TypeExpr::Qualified(p, n) => p == "time" && n == "Duration",
            _ => false,
        }
    }

    /// The static type of an expression, where the source makes it plain:
    /// declared variables, composite literals, `&x`, `make`, `new`,
    /// conversions, calls of declared functions, fields and elements.
    pub(super) fn static_type(&mut self, e: &Expr) -> Option<TypeExpr> {
        match &e.kind {
            ExprKind::Ident(n) => {
                if self.ctxs.is_empty() {
                    return self
                        .global_index
                        .get(n)
                        .and_then(|&g| self.global_types.get(g as usize).cloned());
                }
                match self.resolve(n) {
                    Resolved::Local(s, _) => self.ctx().types.get(s as usize).cloned(),
                    Resolved::Global(g) => self.global_types.get(g as usize).cloned(),
                    _ => None,
                }
            }
            ExprKind::AddrOf(x) => Some(TypeExpr::Pointer(Box::new(self.static_type(x)?))),
            ExprKind::Composite { ty: Some(t), .. } => Some(t.clone()),
            ExprKind::Call { func, args, .. } => {
                let type_arg = |a: Option<&Expr>| match a.map(|a| &a.kind) {
                    Some(ExprKind::Type(t)) => Some(t.clone()),
                    Some(ExprKind::Ident(n)) => Some(TypeExpr::Name(n.clone())),
                    _ => None,
                };
                match &func.kind {
                    ExprKind::Type(t) => Some(t.clone()),
                    ExprKind::Ident(n) if n == "make" => type_arg(args.first()),
                    ExprKind::Ident(n) if n == "new" => {
                        Some(TypeExpr::Pointer(Box::new(type_arg(args.first())?)))
                    }
                    ExprKind::Ident(n) if self.ctxs.is_empty() => self
                        .out
                        .program
                        .type_decl(n)
                        .map(|_| TypeExpr::Name(n.clone())),
                    ExprKind::Ident(n) => match self.resolve(n) {
                        Resolved::Type(t) => Some(self.out.types[t as usize].clone()),
                        Resolved::Func(f) => {
                            let r = &self.out.program.funcs[f as usize].results;
                            (r.len() == 1).then(|| r[0].ty.clone())
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            ExprKind::Selector(x, f) => {
                let t = self.static_type(x)?;
                let t = match t {
                    TypeExpr::Pointer(inner) => *inner,
                    t => t,
                };
                match self.out.underlying(&t) {
                    TypeExpr::Struct(fields) => fields
                        .iter()
                        .find(|fd| fd.name == *f)
                        .map(|fd| fd.ty.clone()),
                    _ => None,
                }
            }
            ExprKind::Index(x, _) => {
                let t = self.static_type(x)?;
                match self.out.underlying(&t) {
                    TypeExpr::Slice(e) | TypeExpr::Array(_, e) => Some(e.as_ref().clone()),
                    TypeExpr::Map(_, v) => Some(v.as_ref().clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Pushes the callee of a `go`/`defer` call: a method call becomes a
    /// bound method value.
    pub(super) fn callee_value(&mut self, func: &Expr) {
        if let ExprKind::Selector(x, name) = &func.kind {
            if let Some(v) = self.package_member(x, name) {
                self.emit(Instr::Const(v), func.span);
                return;
            }
            self.expr(x, 1);
            self.emit(Instr::Method(name.as_str().into()), func.span);
            return;
        }
        self.expr(func, 1);
    }

    /// `pkg.Name` for a package name that is not shadowed by a variable.
    pub(super) fn package_member(&mut self, x: &Expr, name: &str) -> Option<Value> {
        let ExprKind::Ident(pkg) = &x.kind else {
            return None;
        };
        if !matches!(self.resolve(pkg), Resolved::Package) {
            return None;
        }
        let path = self.package_path(pkg);
        Some(match shims::package_member(&path, name) {
            Some(v) => v,
            None => {
                self.opaque_note(
                    x.span,
                    format!("`{pkg}.{name}` is not modelled: its results are unknown"),
                );
                // Go's constructor convention: `NewX` returns a usable value.
                if name.starts_with("New") {
                    Value::Builtin(shims::UNKNOWN_CONSTRUCTOR)
                } else {
                    Value::UNKNOWN
                }
            }
        })
    }

    /// Compiles an expression leaving `want` values on the stack.
    pub(super) fn expr(&mut self, e: &Expr, want: u8) {
        let span = e.span;
        let pushed: u8 = match &e.kind {
            ExprKind::Call { func, args, spread } => {
                self.call(func, args, *spread, want, span);
                want
            }
            ExprKind::Recv(x) => {
                self.expr(x, 1);
                self.emit(Instr::Recv { ok: want >= 2 }, span);
                if want >= 2 {
                    2
                } else {
                    1
                }
            }
            ExprKind::Index(x, i) if want >= 2 => {
                self.expr(x, 1);
                self.expr(i, 1);
                self.emit(Instr::IndexOk, span);
                2
            }
            ExprKind::TypeAssert(x, t) => {
                self.expr(x, 1);
                let ty = t.as_ref().map(|t| self.intern_deep(t));
                self.emit(Instr::TypeAssert { ty, ok: want >= 2 }, span);
                if want >= 2 {
                    2
                } else {
                    1
                }
            }
            _ => {
                self.value(e);
                1
            }
        };
        if want == 0 && pushed > 0 && !matches!(e.kind, ExprKind::Call { .. }) {
            for _ in 0..pushed {
                self.emit(Instr::Pop, span);
            }
        } else if pushed < want {
            for _ in pushed..want {
                self.emit(Instr::Const(Value::UNKNOWN), span);
            }
        } else if pushed > want && want > 0 {
            // `x := <-ch` never asks for less than it pushes; nothing to do.
        }
    }

    pub(super) fn call(&mut self, func: &Expr, args: &[Expr], spread: bool, want: u8, span: Span) {
        // `(*T)(p)` parses as a call of `*T`: it is a conversion to a pointer
        // type, which keeps the pointer (`(*int)(unsafe.Pointer(&x))`).
        if let (ExprKind::Deref(inner), [arg]) = (&func.kind, args) {
            let names_type = match &inner.kind {
                ExprKind::Ident(n) => matches!(self.resolve(n), Resolved::Type(_)),
                ExprKind::Selector(x, _) => {
                    matches!(&x.kind, ExprKind::Ident(p) if matches!(self.resolve(p), Resolved::Package))
                }
                _ => false,
            };
            if names_type {
                self.expr(arg, want.min(1));
                return;
            }
        }
        // Method calls keep the receiver on the stack: no allocation per call.
        if let ExprKind::Selector(x, name) = &func.kind {
            if let Some(v) = self.package_member(x, name) {
                let as_target = v == Value::Builtin("errors.As") && args.len() == 2;
                self.emit(Instr::Const(v), func.span);
                let mut argc = self.args(args);
                // errors.As needs the target's type, which a nil pointer
                // variable does not carry at run time.
                if as_target {
                    if let Some(TypeExpr::Pointer(t)) = self.static_type(&args[1]) {
                        let id = self.intern_deep(&t);
                        self.emit(Instr::Const(Value::Type(id)), args[1].span);
                        argc += 1;
                    }
                }
                self.emit(Instr::Call { argc, want, spread }, span);
                return;
            }
            // A pointer method of a non-struct type (`func (s *Stack) Push`)
            // called on a variable or field gets its address, as Go does.
            let addressable = matches!(&x.kind, ExprKind::Selector(..) | ExprKind::Index(..))
                || matches!(&x.kind, ExprKind::Ident(n)
                    if matches!(self.resolve(n), Resolved::Local(_, true) | Resolved::Global(_)));
            if addressable && self.out.ptr_methods.contains(name) {
                let addr = Expr {
                    kind: ExprKind::AddrOf(x.clone()),
                    span: x.span,
                };
                self.value(&addr);
            } else {
                self.expr(x, 1);
            }
            let argc = self.args(args);
            self.emit(
                Instr::CallMethod {
                    name: name.as_str().into(),
                    argc,
                    want,
                    spread,
                },
                span,
            );
            return;
        }
        self.expr(func, 1);
        let argc = self.args(args);
        self.emit(Instr::Call { argc, want, spread }, span);
    }

    /// Pushes call arguments and returns how many values they make: `f(g())`
    /// passes every result of `g` (Go's multi-value argument).
    pub(super) fn args(&mut self, args: &[Expr]) -> u16 {
        if let [only] = args {
            if let Some(n) = self.call_results(only).filter(|n| *n > 1) {
                let n = n.min(u8::MAX as usize) as u8;
                self.expr(only, n);
                return n as u16;
            }
        }
        for a in args {
            self.expr(a, 1);
        }
        args.len() as u16
    }

    /// How many results a call expression returns, when the callee is known
    /// statically: a declared function, a function literal, a method name all
    /// of whose declarations agree, or a modelled library function.
    pub(super) fn call_results(&mut self, e: &Expr) -> Option<usize> {
        let ExprKind::Call { func, .. } = &e.kind else {
            return None;
        };
        match &func.kind {
            ExprKind::Ident(n) => match self.resolve(n) {
                Resolved::Func(f) => Some(self.out.program.funcs[f as usize].results.len()),
                _ => None,
            },
            ExprKind::FuncLit(f) => Some(self.out.program.funcs[*f as usize].results.len()),
            ExprKind::Selector(x, name) => {
                if let ExprKind::Ident(pkg) = &x.kind {
                    if matches!(self.resolve(pkg), Resolved::Package) {
                        let path = self.package_path(pkg);
                        return shims::result_count(&path, name);
                    }
                }
                let mut counts = self
                    .out
                    .program
                    .funcs
                    .iter()
                    .filter(|f| f.receiver.is_some() && f.name == *name)
                    .map(|f| f.results.len());
                let Some(first) = counts.next() else {
                    // Library methods whose name says how many results.
                    return (name == "Deadline").then_some(2);
                };
                counts.all(|c| c == first).then_some(first)
            }
            _ => None,
        }
    }

    /// A method expression, `T.m` or `(*T).m`: the method as a function
    /// whose first argument is the receiver (`d.step = (*compressor).deflate`
    /// and later `d.step(d)`).
    fn method_expression(&mut self, x: &Expr, name: &str) -> Option<FuncId> {
        let type_name = match &x.kind {
            ExprKind::Ident(t) | ExprKind::Type(TypeExpr::Name(t)) => t,
            ExprKind::Deref(inner) => match &inner.kind {
                ExprKind::Ident(t) | ExprKind::Type(TypeExpr::Name(t)) => t,
                _ => return None,
            },
            ExprKind::Type(TypeExpr::Pointer(inner)) => match &**inner {
                TypeExpr::Name(t) => t,
                _ => return None,
            },
            _ => return None,
        };
        if !matches!(self.resolve(type_name), Resolved::Type(_)) {
            return None;
        }
        self.out
            .program
            .funcs
            .iter()
            .position(|f| {
                f.name == name
                    && f.receiver
                        .as_ref()
                        .is_some_and(|r| r.type_name == *type_name)
            })
            .map(|i| i as FuncId)
    }

    /// Compiles an expression that yields one value.
    pub(super) fn value(&mut self, e: &Expr) {
        let span = e.span;
        match &e.kind {
            ExprKind::Int(v) => {
                self.emit(Instr::Const(Value::Int(*v)), span);
            }
            ExprKind::Float(v) => {
                self.emit(Instr::Const(Value::Float(F64(*v))), span);
            }
            ExprKind::Str(s) => {
                self.emit(Instr::Const(Value::str(s)), span);
            }
            ExprKind::Rune(r) => {
                self.emit(Instr::Const(Value::Int(*r)), span);
            }
            ExprKind::Ident(n) => match self.resolve(n) {
                Resolved::Local(s, true) => {
                    self.emit(Instr::LoadBox(s), span);
                }
                Resolved::Local(s, false) => {
                    self.emit(Instr::Load(s), span);
                }
                Resolved::Global(g) => {
                    self.emit(Instr::LoadGlobal(g), span);
                }
                Resolved::Func(f) => {
                    self.emit(Instr::Const(Value::Func(f)), span);
                }
                Resolved::Type(t) => {
                    self.emit(Instr::Const(Value::Type(t)), span);
                }
                Resolved::Builtin(b) => {
                    self.emit(Instr::Const(Value::Builtin(b)), span);
                }
                Resolved::Const(v) => {
                    self.emit(Instr::Const(v), span);
                }
                Resolved::Package | Resolved::Unknown => {
                    if n != "_" {
                        self.opaque_note(
                            span,
                            format!("`{n}` is not defined here: treated as unknown"),
                        );
                        if !self.out.undefined.iter().any(|u| u == n) {
                            self.out.undefined.push(n.to_string());
                        }
                    }
                    self.emit(Instr::Const(Value::UNKNOWN), span);
                }
            },
            ExprKind::Selector(x, name) => {
                if let Some(v) = self.package_member(x, name) {
                    self.emit(Instr::Const(v), span);
                    return;
                }
                if let Some(f) = self.method_expression(x, name) {
                    self.emit(Instr::Const(Value::Func(f)), span);
                    return;
                }
                self.expr(x, 1);
                // A method value or a field: decided at run time.
                self.emit(Instr::Field(name.as_str().into()), span);
            }
            ExprKind::Index(x, i) => {
                self.expr(x, 1);
                self.expr(i, 1);
                self.emit(Instr::Index, span);
            }
            ExprKind::Slice { x, lo, hi, max } => {
                self.expr(x, 1);
                for p in [lo, hi, max].into_iter().flatten() {
                    self.expr(p, 1);
                }
                self.emit(
                    Instr::SliceOp {
                        lo: lo.is_some(),
                        hi: hi.is_some(),
                        max: max.is_some(),
                    },
                    span,
                );
            }
            ExprKind::Unary(op, x) => {
                self.expr(x, 1);
                self.emit(Instr::Unary(*op), span);
            }
            ExprKind::Binary(BinOp::LogAnd, l, r) => {
                self.expr(l, 1);
                let j = self.emit(Instr::JumpIfFalse(0), span);
                self.expr(r, 1);
                let end = self.emit(Instr::Jump(0), span);
                let f = self.here();
                self.patch(j, f);
                self.emit(Instr::Const(Value::Bool(false)), span);
                let here = self.here();
                self.patch(end, here);
            }
            ExprKind::Binary(BinOp::LogOr, l, r) => {
                self.expr(l, 1);
                let j = self.emit(Instr::JumpIfTrue(0), span);
                self.expr(r, 1);
                let end = self.emit(Instr::Jump(0), span);
                let t = self.here();
                self.patch(j, t);
                self.emit(Instr::Const(Value::Bool(true)), span);
                let here = self.here();
                self.patch(end, here);
            }
            ExprKind::Binary(op, l, r) => {
                self.expr(l, 1);
                self.expr(r, 1);
                self.emit(Instr::Binary(*op), span);
            }
            ExprKind::Deref(x) => {
                self.expr(x, 1);
                self.emit(Instr::Deref, span);
            }
            ExprKind::AddrOf(x) => match &x.kind {
                ExprKind::Ident(n) => match self.resolve(n) {
                    Resolved::Local(s, true) => {
                        self.emit(Instr::AddrBox(s), span);
                    }
                    Resolved::Local(s, false) => {
                        self.emit(Instr::Load(s), span);
                        self.emit(Instr::AddrOf, span);
                    }
                    Resolved::Global(g) => {
                        self.emit(Instr::AddrGlobal(g), span);
                    }
                    _ => {
                        self.emit(Instr::Const(Value::UNKNOWN), span);
                    }
                },
                ExprKind::Selector(inner, f) => {
                    self.expr(inner, 1);
                    self.emit(Instr::AddrField(f.as_str().into()), span);
                }
                ExprKind::Index(inner, i) => {
                    self.expr(inner, 1);
                    self.expr(i, 1);
                    self.emit(Instr::AddrIndex, span);
                }
                _ => {
                    self.expr(x, 1);
                    self.emit(Instr::AddrOf, span);
                }
            },
            ExprKind::FuncLit(id) => {
                let id = *id;
                // Capture every enclosing variable the literal names.
                let mut names = BTreeSet::new();
                if let Some(body) = &self.out.program.funcs[id as usize].body {
                    collect_idents(body, &mut names, &self.out.program.funcs);
                }
                let mut captures = Vec::new();
                for n in names {
                    let found = self.ctxs.last().unwrap().scopes.iter().rev().find_map(|s| {
                        s.iter()
                            .rev()
                            .find(|(m, _, _)| *m == n)
                            .map(|(_, s, b)| (*s, *b))
                    });
                    if let Some((slot, boxed)) = found {
                        if boxed {
                            captures.push((n, slot));
                        }
                    }
                }
                self.compile_func(id, &captures);
                let slots: Vec<Slot> = captures.iter().map(|(_, s)| *s).collect();
                self.emit(
                    Instr::Closure {
                        func: id,
                        captures: slots.into(),
                    },
                    span,
                );
            }
            ExprKind::Composite { ty, elems } => {
                let tid = ty.as_ref().map(|t| self.intern_deep(t));
                let struct_like = match ty {
                    Some(t) => matches!(self.out.underlying(t), TypeExpr::Struct(_)),
                    None => false,
                };
                let mut keys = Vec::new();
                let elem_ty = ty.as_ref().map(|t| match self.out.underlying(t) {
                    TypeExpr::Slice(e) | TypeExpr::Array(_, e) => Some(e.as_ref().clone()),
                    TypeExpr::Map(_, v) => Some(v.as_ref().clone()),
                    _ => None,
                });
                let filled: Vec<(Option<Expr>, Expr)> = elems
                    .iter()
                    .map(|(k, v)| {
                        let v = match (&v.kind, elem_ty.clone().flatten()) {
                            (
                                ExprKind::Composite {
                                    ty: None,
                                    elems: inner,
                                },
                                Some(TypeExpr::Pointer(t)),
                            ) => Expr {
                                kind: ExprKind::AddrOf(Box::new(Expr {
                                    kind: ExprKind::Composite {
                                        ty: Some(*t),
                                        elems: inner.clone(),
                                    },
                                    span: v.span,
                                })),
                                span: v.span,
                            },
                            (
                                ExprKind::Composite {
                                    ty: None,
                                    elems: inner,
                                },
                                Some(t),
                            ) => Expr {
                                kind: ExprKind::Composite {
                                    ty: Some(t),
                                    elems: inner.clone(),
                                },
                                span: v.span,
                            },
                            _ => v.clone(),
                        };
                        (k.clone(), v)
                    })
                    .collect();
                let elems = &filled;
                for (k, v) in elems {
                    match k {
                        Some(Expr {
                            kind: ExprKind::Ident(name),
                            ..
                        }) if struct_like => keys.push(CompKey::Field(name.as_str().into())),
                        Some(kexpr) => {
                            self.expr(kexpr, 1);
                            keys.push(CompKey::Expr);
                        }
                        None => keys.push(CompKey::None),
                    }
                    self.expr(v, 1);
                }
                self.emit(
                    Instr::Composite {
                        ty: tid,
                        keys: keys.into(),
                    },
                    span,
                );
            }
            ExprKind::Type(t) => {
                let id = self.intern_deep(t);
                self.emit(Instr::Const(Value::Type(id)), span);
            }
            ExprKind::Opaque(reason) => {
                self.opaque_note(span, reason.clone());
                self.emit(Instr::Opaque(reason.as_str().into()), span);
                self.emit(Instr::Const(Value::UNKNOWN), span);
            }
            ExprKind::Call { .. } | ExprKind::Recv(_) | ExprKind::TypeAssert(..) => self.expr(e, 1),
        }
    }
}
