//! Statements: one function per statement kind, called from [`Compiler::stmt`].

use super::walk::is_blank;
use super::{Compiler, Instr, LoopCtx, Resolved, SelKind, Slot};
use crate::engine::value::{IntKind, Value};
use crate::model::*;
use crate::syntax::Span;

impl Compiler {
    pub(super) fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    pub(super) fn block(&mut self, b: &Block) {
        self.push_scope();
        self.stmts(&b.stmts);
        self.pop_scope();
    }

    /// Compiles one statement.
    pub(super) fn stmt(&mut self, s: &Stmt) {
        let span = s.span;
        let label = self.ctx().pending_label.take();
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e, 0),
            StmtKind::Define(names, values) => self.define(names, values, span),
            StmtKind::Var(spec) => self.var_stmt(spec, span),
            StmtKind::VarGroup(specs) => {
                specs.iter().for_each(|spec| self.var_stmt(spec, spec.span))
            }
            StmtKind::Const(specs) => self.const_stmt(specs),
            StmtKind::Assign(lhs, rhs) => self.assign(lhs, rhs, span),
            StmtKind::OpAssign(op, l, r) => self.op_assign(*op, l, r, span),
            StmtKind::IncDec(e, inc) => self.inc_dec(e, *inc, span),
            StmtKind::Send { chan, value } => self.send(chan, value, span),
            StmtKind::Go(call) => self.go_defer(call, true, span),
            StmtKind::Defer(call) => self.go_defer(call, false, span),
            StmtKind::Return(values) => self.return_stmt(values, span),
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => self.if_stmt(init, cond, then, els, span),
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => self.for_stmt(init, cond, post, body, span, label),
            StmtKind::Range {
                key,
                value,
                define,
                expr,
                body,
            } => self.range_stmt(key, value, *define, expr, body, span, label),
            StmtKind::Switch { init, tag, cases } => {
                self.switch_stmt(init, tag, cases, span, label)
            }
            StmtKind::TypeSwitch {
                init,
                bind,
                expr,
                cases,
            } => self.type_switch(init, bind, expr, cases, span, label),
            StmtKind::Select(cases) => self.select(cases, span, label),
            StmtKind::Block(b) => self.block(b),
            StmtKind::Labeled(name, inner) => self.labeled(name, inner),
            StmtKind::Break(l) => self.branch(l, true, span),
            StmtKind::Continue(l) => self.branch(l, false, span),
            StmtKind::Goto(label) => self.goto(label, span),
            StmtKind::Fallthrough | StmtKind::Empty => {}
            StmtKind::Opaque(reason) => {
                self.opaque_note(span, reason.clone());
                self.emit(Instr::Opaque(reason.as_str().into()), span);
            }
        }
    }

    /// `var a, b T = x, y` in a function.
    fn var_stmt(&mut self, spec: &VarSpec, span: Span) {
        let names = spec.names.clone();
        let units: Vec<()> = names.iter().map(|_| ()).collect();
        self.var_values(spec, &units);
        let types: Vec<Option<TypeExpr>> = names
            .iter()
            .enumerate()
            .map(|(i, _)| {
                spec.ty.clone().or_else(|| {
                    (spec.values.len() == names.len())
                        .then(|| self.static_type(&spec.values[i]))
                        .flatten()
                })
            })
            .collect();
        let slots: Vec<Option<(Slot, bool)>> = names
            .iter()
            .zip(types)
            .map(|(n, ty)| {
                if n == "_" {
                    None
                } else {
                    let slot = self.declare(n);
                    if let Some(t) = ty {
                        self.ctx().types.insert(slot.0 as usize, t);
                    }
                    Some(slot)
                }
            })
            .collect();
        for slot in slots.iter().rev() {
            self.store_new(*slot, span);
        }
    }

    /// `const a = x` in a function.
    fn const_stmt(&mut self, specs: &[ConstSpec]) {
        for c in specs {
            self.expr(&c.value, 1);
            if let Some(t) = &c.ty {
                self.convert_top(t, c.span);
            }
            let slot = self.declare(&c.name);
            self.store_new(Some(slot), c.span);
        }
    }

    /// `x++`, `x--`.
    fn inc_dec(&mut self, e: &Expr, inc: bool, span: Span) {
        let one = Expr {
            kind: ExprKind::Int(1),
            span,
        };
        let op = if inc { BinOp::Add } else { BinOp::Sub };
        self.op_assign(op, e, &one, span);
    }

    /// `ch <- v`.
    fn send(&mut self, chan: &Expr, value: &Expr, span: Span) {
        self.expr(chan, 1);
        self.expr(value, 1);
        self.emit(Instr::Send, span);
    }

    /// `go f(x)` or (not `is_go`) `defer f(x)`.
    fn go_defer(&mut self, call: &Expr, is_go: bool, span: Span) {
        match &call.kind {
            ExprKind::Call { func, args, spread } => {
                self.callee_value(func);
                let argc = self.args(args);
                if is_go {
                    self.emit(
                        Instr::Go {
                            argc,
                            spread: *spread,
                        },
                        span,
                    );
                } else {
                    self.emit(
                        Instr::Defer {
                            argc,
                            spread: *spread,
                        },
                        span,
                    );
                }
            }
            _ => {
                self.emit(Instr::Opaque("go/defer of a non-call".into()), span);
            }
        }
    }

    /// `return a, b`.
    fn return_stmt(&mut self, values: &[Expr], span: Span) {
        let nres = self.ctx().code.results.len();
        if values.len() == 1 && nres > 1 {
            self.expr(&values[0], nres as u8);
        } else {
            for v in values {
                self.expr(v, 1);
            }
        }
        let n = if values.is_empty() {
            0
        } else {
            nres.max(values.len())
        };
        self.emit(Instr::Return(n as u8), span);
    }

    /// `if init; cond { then } else els`.
    fn if_stmt(
        &mut self,
        init: &Option<Box<Stmt>>,
        cond: &Expr,
        then: &Block,
        els: &Option<Box<Stmt>>,
        span: Span,
    ) {
        self.push_scope();
        if let Some(i) = init {
            self.stmt(i);
        }
        self.expr(cond, 1);
        let jf = self.emit(Instr::JumpIfFalse(0), cond.span);
        self.block(then);
        if let Some(e) = els {
            let j = self.emit(Instr::Jump(0), span);
            let here = self.here();
            self.patch(jf, here);
            self.stmt(e);
            let here = self.here();
            self.patch(j, here);
        } else {
            let here = self.here();
            self.patch(jf, here);
        }
        self.pop_scope();
    }

    /// `for init; cond; post { body }`.
    fn for_stmt(
        &mut self,
        init: &Option<Box<Stmt>>,
        cond: &Option<Expr>,
        post: &Option<Box<Stmt>>,
        body: &Block,
        span: Span,
        label: Option<String>,
    ) {
        self.push_scope();
        if let Some(i) = init {
            self.stmt(i);
        }
        let loop_vars: Vec<Slot> = self
            .ctx()
            .scopes
            .last()
            .unwrap()
            .iter()
            .filter(|(_, _, b)| *b)
            .map(|(_, s, _)| *s)
            .collect();
        let top = self.here();
        let mut exit = None;
        if let Some(c) = cond {
            self.expr(c, 1);
            exit = Some(self.emit(Instr::JumpIfFalse(0), c.span));
        }
        self.ctx().loops.push(LoopCtx {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        self.block(body);
        let cont = self.here();
        for s in &loop_vars {
            self.emit(Instr::ReBox(*s), span);
        }
        if let Some(p) = post {
            self.stmt(p);
        }
        self.emit(Instr::Jump(top), span);
        let end = self.here();
        let l = self.ctx().loops.pop().unwrap();
        for b in l.breaks {
            self.patch(b, end);
        }
        for c in l.continues {
            self.patch(c, cont);
        }
        if let Some(e) = exit {
            self.patch(e, end);
        }
        self.pop_scope();
    }

    /// `for key, value := range expr { body }` (`define`), or with `=`.
    #[allow(clippy::too_many_arguments)]
    fn range_stmt(
        &mut self,
        key: &Option<Expr>,
        value: &Option<Expr>,
        define: bool,
        expr: &Expr,
        body: &Block,
        span: Span,
        label: Option<String>,
    ) {
        self.push_scope();
        self.expr(expr, 1);
        let coll = self.new_slot();
        let idx = self.new_slot();
        let _aux = self.new_slot();
        self.emit(Instr::RangeInit { coll, idx }, expr.span);
        let top = self.here();
        let has_key = key.as_ref().is_some_and(|k| !is_blank(k)) || value.is_some();
        let has_value = value.as_ref().is_some_and(|v| !is_blank(v));
        let nil_chan = match self.static_type(expr) {
            Some(t) => matches!(self.out.underlying(&t), TypeExpr::Chan(..)),
            None => true,
        };
        let next = self.emit(
            Instr::RangeNext {
                coll,
                idx,
                key: has_key,
                value: has_value,
                exit: 0,
                nil_chan,
            },
            span,
        );
        self.push_scope();
        let targets: Vec<&Expr> = [key.as_ref(), value.as_ref()]
            .into_iter()
            .flatten()
            .collect();
        let want: Vec<bool> = vec![has_key, has_value];
        // Values are pushed key first; store in reverse.
        let mut pushed: Vec<&Expr> = Vec::new();
        for (t, w) in targets.iter().zip(&want) {
            if *w {
                pushed.push(t);
            }
        }
        if !has_value && has_key && value.is_some() {
            // key pushed only when a value target is blank
        }
        for (i, t) in pushed.iter().enumerate().rev() {
            let _ = i;
            if define {
                match &t.kind {
                    ExprKind::Ident(n) if n != "_" => {
                        let slot = self.declare(n);
                        self.store_new(Some(slot), t.span);
                    }
                    _ => {
                        self.emit(Instr::Pop, t.span);
                    }
                }
            } else {
                self.store_target(t);
            }
        }
        self.ctx().loops.push(LoopCtx {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        self.block(body);
        self.pop_scope();
        self.emit(Instr::Jump(top), span);
        let end = self.here();
        self.patch(next, end);
        let l = self.ctx().loops.pop().unwrap();
        for b in l.breaks {
            self.patch(b, end);
        }
        for c in l.continues {
            self.patch(c, top);
        }
        self.pop_scope();
    }

    /// An expression `switch`: cases compare with the tag (or `true`).
    fn switch_stmt(
        &mut self,
        init: &Option<Box<Stmt>>,
        tag: &Option<Expr>,
        cases: &[SwitchCase],
        span: Span,
        label: Option<String>,
    ) {
        self.push_scope();
        if let Some(i) = init {
            self.stmt(i);
        }
        let tag_slot = self.new_slot();
        match tag {
            Some(t) => self.expr(t, 1),
            None => {
                self.emit(Instr::Const(Value::Bool(true)), span);
            }
        }
        self.emit(Instr::Store(tag_slot), span);
        let mut body_jumps = Vec::new();
        for c in cases {
            let mut jumps = Vec::new();
            for e in &c.exprs {
                self.emit(Instr::Load(tag_slot), e.span);
                self.expr(e, 1);
                self.emit(Instr::Binary(BinOp::Eq), e.span);
                jumps.push(self.emit(Instr::JumpIfTrue(0), e.span));
            }
            body_jumps.push(jumps);
        }
        let to_default = self.emit(Instr::Jump(0), span);
        self.ctx().loops.push(LoopCtx {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut ends = Vec::new();
        let mut fall: Option<usize> = None;
        let mut default_start = None;
        for (c, jumps) in cases.iter().zip(body_jumps) {
            let start = self.here();
            if let Some(f) = fall.take() {
                self.patch(f, start);
            }
            for j in jumps {
                self.patch(j, start);
            }
            if c.is_default {
                default_start = Some(start);
            }
            self.push_scope();
            let falls = matches!(c.body.last().map(|s| &s.kind), Some(StmtKind::Fallthrough));
            self.stmts(&c.body);
            self.pop_scope();
            if falls {
                fall = Some(self.emit(Instr::Jump(0), c.span));
            } else {
                ends.push(self.emit(Instr::Jump(0), c.span));
            }
        }
        let end = self.here();
        if let Some(f) = fall {
            self.patch(f, end);
        }
        self.patch(to_default, default_start.unwrap_or(end));
        for e in ends {
            self.patch(e, end);
        }
        let l = self.ctx().loops.pop().unwrap();
        for b in l.breaks {
            self.patch(b, end);
        }
        self.pop_scope();
    }

    /// A type switch, binding `bind` in each case.
    fn type_switch(
        &mut self,
        init: &Option<Box<Stmt>>,
        bind: &Option<String>,
        expr: &Expr,
        cases: &[TypeCase],
        span: Span,
        label: Option<String>,
    ) {
        self.push_scope();
        if let Some(i) = init {
            self.stmt(i);
        }
        let v = self.new_slot();
        self.expr(expr, 1);
        self.emit(Instr::Store(v), expr.span);
        let mut case_jumps = Vec::new();
        for c in cases {
            let mut jumps = Vec::new();
            for t in &c.types {
                let ty = t.as_ref().map(|t| self.intern_deep(t));
                self.emit(Instr::Load(v), c.span);
                self.emit(Instr::TypeMatch(ty), c.span);
                jumps.push(self.emit(Instr::JumpIfTrue(0), c.span));
            }
            case_jumps.push(jumps);
        }
        let to_default = self.emit(Instr::Jump(0), span);
        self.ctx().loops.push(LoopCtx {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut ends = Vec::new();
        let mut default_start = None;
        for (c, jumps) in cases.iter().zip(case_jumps) {
            let start = self.here();
            for j in jumps {
                self.patch(j, start);
            }
            if c.is_default {
                default_start = Some(start);
            }
            self.push_scope();
            if let Some(b) = bind {
                self.emit(Instr::Load(v), c.span);
                let slot = self.declare(b);
                self.store_new(Some(slot), c.span);
            }
            self.stmts(&c.body);
            self.pop_scope();
            ends.push(self.emit(Instr::Jump(0), c.span));
        }
        let end = self.here();
        self.patch(to_default, default_start.unwrap_or(end));
        for e in ends {
            self.patch(e, end);
        }
        let l = self.ctx().loops.pop().unwrap();
        for b in l.breaks {
            self.patch(b, end);
        }
        self.pop_scope();
    }

    /// `name: inner`.
    fn labeled(&mut self, name: &str, inner: &Stmt) {
        let here = self.here();
        self.ctx().labels.insert(name.to_string(), here);
        self.ctx().pending_label = Some(name.to_string());
        self.stmt(inner);
        self.ctx().pending_label = None;
    }

    /// `break` or (not `is_break`) `continue`, to label `l` or the innermost.
    fn branch(&mut self, l: &Option<String>, is_break: bool, span: Span) {
        let j = self.emit(Instr::Jump(0), span);
        let loops = &mut self.ctx().loops;
        let target = loops.iter_mut().rev().find(|lc| match l {
            Some(name) => lc.label.as_deref() == Some(name.as_str()),
            None => is_break || lc.is_loop,
        });
        match target {
            Some(lc) if is_break => lc.breaks.push(j),
            Some(lc) => lc.continues.push(j),
            None => {
                self.ctx().code.instrs[j] = Instr::Opaque("break outside a loop".into());
            }
        }
    }

    /// `goto label`: patched when the function ends.
    fn goto(&mut self, label: &str, span: Span) {
        let j = self.emit(Instr::Jump(0), span);
        self.ctx().gotos.push((j, label.to_string()));
    }

    pub(super) fn select(&mut self, cases: &[SelectCase], span: Span, label: Option<String>) {
        let mut kinds = Vec::new();
        let mut default = false;
        for c in cases {
            match &c.comm {
                CommClause::Send { chan, value } => {
                    self.expr(chan, 1);
                    self.expr(value, 1);
                    kinds.push(SelKind::Send);
                }
                CommClause::Recv { chan, .. } => {
                    self.expr(chan, 1);
                    kinds.push(SelKind::Recv);
                }
                CommClause::Default => default = true,
            }
        }
        self.emit(
            Instr::Select {
                cases: kinds.into(),
                default,
            },
            span,
        );
        let idx = self.new_slot();
        let ok = self.new_slot();
        let val = self.new_slot();
        self.emit(Instr::Store(idx), span);
        self.emit(Instr::Store(ok), span);
        self.emit(Instr::Store(val), span);
        self.ctx().loops.push(LoopCtx {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut ends = Vec::new();
        let mut n = 0i64;
        for c in cases {
            let my_index = if matches!(c.comm, CommClause::Default) {
                -1
            } else {
                n
            };
            if !matches!(c.comm, CommClause::Default) {
                n += 1;
            }
            self.emit(Instr::Load(idx), c.span);
            self.emit(Instr::Const(Value::Int(my_index)), c.span);
            self.emit(Instr::Binary(BinOp::Eq), c.span);
            let skip = self.emit(Instr::JumpIfFalse(0), c.span);
            self.push_scope();
            if let CommClause::Recv { lhs, define, .. } = &c.comm {
                let loads = [val, ok];
                for (i, target) in lhs.iter().enumerate().take(2) {
                    self.emit(Instr::Load(loads[i]), target.span);
                    if *define {
                        match &target.kind {
                            ExprKind::Ident(nm) if nm != "_" => {
                                let slot = self.declare(nm);
                                self.store_new(Some(slot), target.span);
                            }
                            _ => {
                                self.emit(Instr::Pop, target.span);
                            }
                        }
                    } else {
                        self.store_target(target);
                    }
                }
            }
            self.stmts(&c.body);
            self.pop_scope();
            ends.push(self.emit(Instr::Jump(0), c.span));
            let here = self.here();
            self.patch(skip, here);
        }
        let end = self.here();
        for e in ends {
            self.patch(e, end);
        }
        let l = self.ctx().loops.pop().unwrap();
        for b in l.breaks {
            self.patch(b, end);
        }
    }

    /// Pushes the values of a `var` spec (zero values when it has none).
    pub(super) fn var_values(&mut self, spec: &VarSpec, names: &[()]) {
        let n = names.len();
        if spec.values.is_empty() {
            let ty = spec
                .ty
                .clone()
                .unwrap_or(TypeExpr::Opaque("untyped".into()));
            let id = self.intern_deep(&ty);
            for _ in 0..n {
                self.emit(Instr::Zero(id), spec.span);
            }
        } else if spec.values.len() == n {
            for v in &spec.values {
                self.expr(v, 1);
                if let Some(t) = &spec.ty {
                    self.convert_top(t, v.span);
                }
            }
        } else {
            self.expr(&spec.values[0], n as u8);
        }
    }

    /// Converts the value on top of the stack to a declared type where it
    /// matters (`var d time.Duration = 5`, `var f float64 = 1`).
    pub(super) fn convert_top(&mut self, ty: &TypeExpr, span: Span) {
        let needs = match ty {
            TypeExpr::Name(n) => {
                matches!(n.as_str(), "float64" | "float32")
                    || IntKind::from_name(n).is_some()
                    || self.out.program.type_decl(n).is_some()
            }
            TypeExpr::Qualified(p, n) => p == "time" && n == "Duration",
            _ => false,
        };
        if needs {
            let id = self.intern_deep(ty);
            // Stack: value. Conversion call wants callee below the argument.
            let tmp = self.new_slot();
            self.emit(Instr::Store(tmp), span);
            self.emit(Instr::Const(Value::Type(id)), span);
            self.emit(Instr::Load(tmp), span);
            self.emit(
                Instr::Call {
                    argc: 1,
                    want: 1,
                    spread: false,
                },
                span,
            );
        }
    }

    pub(super) fn store_new(&mut self, slot: Option<(Slot, bool)>, span: Span) {
        match slot {
            None => {
                self.emit(Instr::Pop, span);
            }
            Some((s, true)) => {
                self.emit(Instr::BoxNew(s), span);
                self.emit(Instr::StoreBox(s), span);
            }
            Some((s, false)) => {
                self.emit(Instr::Store(s), span);
            }
        }
    }

    pub(super) fn define(&mut self, names: &[String], values: &[Expr], span: Span) {
        let types: Vec<Option<TypeExpr>> = if values.len() == names.len() {
            values.iter().map(|v| self.static_type(v)).collect()
        } else {
            match values.first().map(|v| &v.kind) {
                Some(ExprKind::Call { func, .. }) => match &func.kind {
                    ExprKind::Ident(f) => match self.resolve(f) {
                        Resolved::Func(f) => self.out.program.funcs[f as usize]
                            .results
                            .iter()
                            .map(|r| Some(r.ty.clone()))
                            .collect(),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            }
        };
        if values.len() == names.len() {
            for v in values {
                self.expr(v, 1);
            }
        } else if values.len() == 1 {
            self.expr(&values[0], names.len() as u8);
        } else {
            for _ in names {
                self.emit(Instr::Const(Value::UNKNOWN), span);
            }
        }
        // Redeclared names in the same scope are assigned, new ones declared.
        let mut slots = Vec::new();
        for n in names {
            if n == "_" {
                slots.push(None);
                continue;
            }
            let existing = self
                .ctx()
                .scopes
                .last()
                .unwrap()
                .iter()
                .rev()
                .find(|(m, _, _)| m == n)
                .map(|(_, s, b)| (*s, *b));
            match existing {
                Some((s, b)) => slots.push(Some((s, b, true))),
                None => {
                    let (s, b) = self.declare(n);
                    let i = slots.len();
                    if let Some(Some(t)) = types.get(i) {
                        self.ctx().types.insert(s as usize, t.clone());
                    }
                    slots.push(Some((s, b, false)));
                }
            }
        }
        for s in slots.iter().rev() {
            match s {
                None => {
                    self.emit(Instr::Pop, span);
                }
                Some((slot, boxed, true)) => {
                    self.emit(
                        if *boxed {
                            Instr::StoreBox(*slot)
                        } else {
                            Instr::Store(*slot)
                        },
                        span,
                    );
                }
                Some((slot, boxed, false)) => self.store_new(Some((*slot, *boxed)), span),
            }
        }
    }

    /// `l1, l2 = r1, r2` in Go's order: first the operands of index
    /// expressions and pointer indirections on the left and the values on
    /// the right, left to right; then the assignments, left to right.
    pub(super) fn assign(&mut self, lhs: &[Expr], rhs: &[Expr], span: Span) {
        if lhs.len() == 1 && rhs.len() == 1 && matches!(lhs[0].kind, ExprKind::Ident(_)) {
            self.expr(&rhs[0], 1);
            self.store_target(&lhs[0]);
            return;
        }
        if lhs.len() != rhs.len() && rhs.len() != 1 {
            self.emit(Instr::Opaque("assignment count mismatch".into()), span);
            return;
        }
        // Operands of the targets, then the values: [ops..., v1, ..., vn].
        let mut places = Vec::new();
        let mut height: u16 = 0;
        for l in lhs {
            let n = self.push_place(l);
            places.push((height, n));
            height += n;
        }
        if lhs.len() == rhs.len() {
            for r in rhs {
                self.expr(r, 1);
                if lhs.len() > 1 {
                    self.emit(Instr::Copy, r.span);
                }
            }
        } else {
            self.expr(&rhs[0], lhs.len() as u8);
        }
        let total = height + lhs.len() as u16;
        for (j, (l, (at, n))) in lhs.iter().zip(places).enumerate() {
            self.emit(Instr::Pick(total - 1 - (height + j as u16)), l.span);
            self.coerce_for_place(l);
            for _ in 0..n {
                self.emit(Instr::Pick(total - at), l.span);
            }
            self.store_place(l);
        }
        for _ in 0..total {
            self.emit(Instr::Pop, span);
        }
    }

    /// `x op= v`, `x++`: the operands of `x` are evaluated once.
    pub(super) fn op_assign(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) {
        if matches!(l.kind, ExprKind::Ident(_)) {
            self.expr(l, 1);
            self.expr(r, 1);
            self.emit(Instr::Binary(op), span);
            self.store_target(l);
            return;
        }
        let n = self.push_place(l);
        for _ in 0..n {
            self.emit(Instr::Pick(n - 1), l.span);
        }
        self.load_place(l);
        self.expr(r, 1);
        self.emit(Instr::Binary(op), span);
        self.coerce_for_place(l);
        for _ in 0..n {
            self.emit(Instr::Pick(n), l.span);
        }
        self.store_place(l);
        for _ in 0..n {
            self.emit(Instr::Pop, span);
        }
    }
}
