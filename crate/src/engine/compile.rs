//! Compilation of the model to a small stack-machine code. A goroutine is then
//! a list of frames (function, pc, locals, operand stack), so it can stop at
//! any operation and its state stays a plain value.

mod expr;
mod stmt;
mod walk;

use super::code::*;
use super::value::{IntKind, TypeId, Value};
use crate::model::*;
use crate::syntax::Span;
use std::collections::{BTreeMap, BTreeSet};
use walk::{collect_boxed, declare_receiver_types, BASIC_TYPES};

/// Packages known without an import besides the modelled ones (whose
/// names `shims::is_package` knows): their members are opaque.
const KNOWN_PACKAGES: &[&str] = &["testing", "bytes", "unicode", "utf8", "slices", "maps"];

/// Compiles a lowered program.
pub fn compile(program: Program) -> Compiled {
    let mut c = Compiler {
        out: Compiled {
            program,
            ..Compiled::default()
        },
        ctxs: Vec::new(),
        global_index: BTreeMap::new(),
        global_types: Dense::default(),
        funcs_by_name: BTreeMap::new(),
    };
    declare_receiver_types(&mut c.out.program);
    c.run();
    c.out
}

struct Compiler {
    out: Compiled,
    ctxs: Vec<FuncCtx>,
    global_index: BTreeMap<String, u32>,
    /// The declared type of a package-level variable, where known.
    global_types: Dense<TypeExpr>,
    funcs_by_name: BTreeMap<String, FuncId>,
}

/// A map from small dense indexes (slots, global numbers) to values: a
/// `Vec` instead of a `BTreeMap`, whose code was linked once per key type.
#[derive(Debug)]
struct Dense<T>(Vec<Option<T>>);

impl<T> Default for Dense<T> {
    fn default() -> Self {
        Dense(Vec::new())
    }
}

impl<T> Dense<T> {
    fn insert(&mut self, index: usize, value: T) {
        if self.0.len() <= index {
            self.0.resize_with(index + 1, || None);
        }
        self.0[index] = Some(value);
    }

    fn get(&self, index: usize) -> Option<&T> {
        self.0.get(index).and_then(Option::as_ref)
    }
}

#[derive(Default)]
struct FuncCtx {
    code: Code,
    scopes: Vec<Vec<(String, Slot, bool)>>,
    /// The declared type of a variable's slot, where the source says it.
    types: Dense<TypeExpr>,
    /// Names referenced from nested literals or address-taken: their
    /// variables live in cells.
    boxed_names: BTreeSet<String>,
    captures: Vec<(String, Slot)>,
    loops: Vec<LoopCtx>,
    labels: BTreeMap<String, u32>,
    gotos: Vec<(usize, String)>,
    pending_label: Option<String>,
}

struct LoopCtx {
    label: Option<String>,
    breaks: Vec<usize>,
    continues: Vec<usize>,
    is_loop: bool,
}

enum Resolved {
    Local(Slot, bool),
    Global(u32),
    Func(FuncId),
    Type(TypeId),
    Builtin(&'static str),
    Const(Value),
    Package,
    Unknown,
}

impl Compiler {
    fn run(&mut self) {
        for k in IntKind::ALL {
            let id = self.intern(TypeExpr::Name(k.name().into()));
            self.out.int_types.push(id);
        }
        for (i, t) in self.out.program.types.clone().iter().enumerate() {
            let _ = i;
            let id = self.intern(TypeExpr::Name(t.name.clone()));
            self.out.type_names.insert(t.name.clone(), id);
            self.intern_fields(&t.ty);
        }
        for f in &self.out.program.funcs {
            if let Some(r) = &f.receiver {
                self.out.with_methods.insert(r.type_name.clone());
                let non_struct =
                    self.out.program.type_decl(&r.type_name).is_some_and(|d| {
                        !matches!(self.out.underlying(&d.ty), TypeExpr::Struct(_))
                    });
                if r.pointer && non_struct {
                    self.out.ptr_methods.insert(f.name.clone());
                }
            }
        }
        for (i, f) in self.out.program.funcs.iter().enumerate() {
            if f.receiver.is_none() && !f.is_literal {
                self.funcs_by_name
                    .entry(f.name.clone())
                    .or_insert(i as FuncId);
            }
        }
        for c in &self.out.program.consts {
            let n = self.out.globals.len() as u32;
            self.global_index.insert(c.name.clone(), n);
            self.out.globals.push(c.name.clone());
        }
        for g in self.out.program.globals.clone() {
            for (i, name) in g.names.iter().enumerate() {
                let n = self.out.globals.len() as u32;
                self.global_index.insert(name.clone(), n);
                self.out.globals.push(name.clone());
                let ty = g.ty.clone().or_else(|| {
                    (g.values.len() == g.names.len())
                        .then(|| self.static_type(&g.values[i]))
                        .flatten()
                });
                if let Some(t) = ty {
                    self.global_types.insert(n as usize, t);
                }
            }
        }
        let nfuncs = self.out.program.funcs.len();
        self.out.codes = vec![Code::default(); nfuncs];
        for id in 0..nfuncs {
            if !self.out.program.funcs[id].is_literal {
                self.compile_func(id as FuncId, &[]);
            }
        }
        // The init function: constants, variables, then `init()`.
        // ... and `gowrap`, which calls its captured callee with its
        // captured arguments (`Machine::wrap_call`).
        let init_id = self.out.program.funcs.len() as FuncId;
        for name in ["init", "gowrap"] {
            self.out.program.funcs.push(Func {
                name: name.into(),
                receiver: None,
                params: Vec::new(),
                results: Vec::new(),
                variadic: false,
                body: None,
                span: Span::default(),
                is_literal: true,
            });
            self.out.codes.push(Code::default());
        }
        self.ctxs.push(FuncCtx {
            code: Code {
                name: "init".into(),
                ..Code::default()
            },
            ..FuncCtx::default()
        });
        self.ctxs.last_mut().unwrap().scopes.push(Vec::new());
        for c in self.out.program.consts.clone() {
            let g = self.global_index[&c.name];
            self.expr(&c.value, 1);
            if let Some(t) = &c.ty {
                self.convert_top(t, c.span);
            }
            self.emit(Instr::StoreGlobal(g), c.span);
        }
        for spec in self.out.program.globals.clone() {
            let targets: Vec<Option<u32>> = spec
                .names
                .iter()
                .map(|n| {
                    if n == "_" {
                        None
                    } else {
                        Some(self.global_index[n])
                    }
                })
                .collect();
            self.var_values(&spec, &targets.iter().map(|_| ()).collect::<Vec<_>>());
            for t in targets.iter().rev() {
                match t {
                    Some(g) => self.emit(Instr::StoreGlobal(*g), spec.span),
                    None => self.emit(Instr::Pop, spec.span),
                };
            }
        }
        let inits: Vec<FuncId> = self
            .out
            .program
            .funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name == "init" && f.receiver.is_none() && !f.is_literal)
            .map(|(i, _)| i as FuncId)
            .collect();
        for f in inits {
            self.emit(Instr::Const(Value::Func(f)), Span::default());
            self.emit(
                Instr::Call {
                    argc: 0,
                    want: 0,
                    spread: false,
                },
                Span::default(),
            );
        }
        self.emit(Instr::Return(0), Span::default());
        let ctx = self.ctxs.pop().unwrap();
        let mut code = ctx.code;
        code.slots = code.slots.max(1);
        code.find_loops();
        self.out.codes[init_id as usize] = code;
        self.out.init = init_id;
        self.out.wrap = init_id + 1;
        self.out.codes[init_id as usize + 1] = Code {
            instrs: vec![
                Instr::Load(0),
                Instr::Load(1),
                Instr::Call {
                    argc: 1,
                    want: 0,
                    spread: true,
                },
                Instr::Return(0),
            ],
            spans: vec![Span::default(); 4],
            slots: 2,
            name: "gowrap".into(),
            ..Code::default()
        };
    }

    fn opaque_note(&mut self, span: Span, message: String) {
        if self.out.opaque.len() < 200
            && !self
                .out
                .opaque
                .iter()
                .any(|(s, m)| *s == span && *m == message)
        {
            self.out.opaque.push((span, message));
        }
    }

    fn intern(&mut self, ty: TypeExpr) -> TypeId {
        if let Some(i) = self.out.types.iter().position(|t| *t == ty) {
            return i as TypeId;
        }
        self.out.types.push(ty);
        (self.out.types.len() - 1) as TypeId
    }

    fn intern_fields(&mut self, ty: &TypeExpr) {
        match ty {
            TypeExpr::Struct(fields) => {
                for f in fields {
                    self.intern(f.ty.clone());
                    self.intern_fields(&f.ty);
                }
            }
            TypeExpr::Array(_, e) | TypeExpr::Slice(e) | TypeExpr::Pointer(e) => {
                self.intern(e.as_ref().clone());
                self.intern_fields(e);
            }
            TypeExpr::Map(k, v) => {
                self.intern(k.as_ref().clone());
                self.intern(v.as_ref().clone());
                self.intern_fields(v);
            }
            _ => {}
        }
    }

    fn intern_deep(&mut self, ty: &TypeExpr) -> TypeId {
        self.intern_fields(ty);
        self.intern(ty.clone())
    }

    fn ctx(&mut self) -> &mut FuncCtx {
        self.ctxs.last_mut().expect("inside a function")
    }

    fn emit(&mut self, instr: Instr, span: Span) -> usize {
        let code = &mut self.ctx().code;
        code.instrs.push(instr);
        code.spans.push(span);
        code.instrs.len() - 1
    }

    fn here(&mut self) -> u32 {
        self.ctx().code.instrs.len() as u32
    }

    fn patch(&mut self, at: usize, target: u32) {
        match &mut self.ctx().code.instrs[at] {
            Instr::Jump(t) | Instr::JumpIfFalse(t) | Instr::JumpIfTrue(t) => *t = target,
            Instr::RangeNext { exit, .. } => *exit = target,
            _ => {}
        }
    }

    fn new_slot(&mut self) -> Slot {
        let code = &mut self.ctx().code;
        let s = code.slots;
        code.slots = code.slots.saturating_add(1);
        s
    }

    /// Declares a variable in the innermost scope and returns (slot, boxed).
    fn declare(&mut self, name: &str) -> (Slot, bool) {
        let boxed = self.ctx().boxed_names.contains(name);
        let slot = self.new_slot();
        self.ctx()
            .scopes
            .last_mut()
            .unwrap()
            .push((name.to_string(), slot, boxed));
        (slot, boxed)
    }

    fn push_scope(&mut self) {
        self.ctx().scopes.push(Vec::new());
    }

    fn pop_scope(&mut self) {
        self.ctx().scopes.pop();
    }

    fn compile_func(&mut self, id: FuncId, outer_captures: &[(String, Slot)]) {
        let func = self.out.program.funcs[id as usize].clone();
        let mut ctx = FuncCtx::default();
        ctx.code.name = func.name.clone();
        ctx.code.span = func.span;
        ctx.code.variadic = func.variadic;
        if let Some(body) = &func.body {
            collect_boxed(
                body,
                &mut ctx.boxed_names,
                &self.out.ptr_methods,
                &self.out.program.funcs,
            );
        }
        ctx.scopes.push(Vec::new());
        self.ctxs.push(ctx);
        let depth = self.ctxs.len();
        for (name, outer) in outer_captures {
            let slot = self.new_slot();
            self.ctx()
                .scopes
                .last_mut()
                .unwrap()
                .push((name.clone(), slot, true));
            self.ctx().captures.push((name.clone(), slot));
            if let Some(t) = self.ctxs[depth - 2].types.get(*outer as usize).cloned() {
                self.ctx().types.insert(slot as usize, t);
            }
        }
        self.ctx().code.captures = outer_captures.len() as u16;
        let mut params = Vec::new();
        if let Some(r) = &func.receiver {
            let name = r.name.clone().unwrap_or_else(|| "_".into());
            let p = self.declare(&name);
            let ty = TypeExpr::Name(r.type_name.clone());
            let ty = if r.pointer {
                TypeExpr::Pointer(Box::new(ty))
            } else {
                ty
            };
            self.ctx().types.insert(p.0 as usize, ty);
            params.push(p);
        }
        for (i, p) in func.params.iter().enumerate() {
            let name = p.name.clone().unwrap_or_else(|| "_".into());
            let slot = self.declare(&name);
            let ty = if func.variadic && i + 1 == func.params.len() {
                TypeExpr::Slice(Box::new(p.ty.clone()))
            } else {
                p.ty.clone()
            };
            self.ctx().types.insert(slot.0 as usize, ty);
            params.push(slot);
        }
        self.ctx().code.params = params.clone();
        let mut results = Vec::new();
        for r in &func.results {
            let name = r.name.clone().unwrap_or_else(|| "~r".into());
            let (slot, boxed) = self.declare(&name);
            self.ctx().types.insert(slot as usize, r.ty.clone());
            results.push((slot, boxed));
        }
        // Boxed parameters arrive as plain values: move them into cells.
        for (slot, boxed) in &params {
            if *boxed {
                self.emit(Instr::Load(*slot), func.span);
                self.emit(Instr::BoxNew(*slot), func.span);
                self.emit(Instr::StoreBox(*slot), func.span);
            }
        }
        for ((slot, boxed), r) in results.iter().zip(&func.results) {
            let ty = self.intern_deep(&r.ty);
            if *boxed {
                self.emit(Instr::BoxNew(*slot), func.span);
                self.emit(Instr::Zero(ty), func.span);
                self.emit(Instr::StoreBox(*slot), func.span);
            } else {
                self.emit(Instr::Zero(ty), func.span);
                self.emit(Instr::Store(*slot), func.span);
            }
        }
        self.ctx().code.results = results;
        match &func.body {
            Some(body) => self.stmts(&body.stmts),
            None if !func.is_literal => {
                self.emit(Instr::Unmodeled(func.name.as_str().into()), func.span);
            }
            None => {}
        }
        let end = Span::new(
            func.span.end.saturating_sub(1) as usize,
            func.span.end as usize,
        );
        self.emit(Instr::Return(0), end);
        let mut ctx = self.ctxs.pop().unwrap();
        for (at, label) in std::mem::take(&mut ctx.gotos) {
            let target = ctx
                .labels
                .get(&label)
                .copied()
                .unwrap_or(ctx.code.instrs.len() as u32 - 1);
            if let Instr::Jump(t) = &mut ctx.code.instrs[at] {
                *t = target;
            }
        }
        ctx.code.slots = ctx.code.slots.max(1);
        ctx.code.find_loops();
        self.out.codes[id as usize] = ctx.code;
    }

    fn resolve(&mut self, name: &str) -> Resolved {
        let depth = self.ctxs.len();
        // Innermost function first, then enclosing functions (captures).
        for level in (0..depth).rev() {
            let found = self.ctxs[level].scopes.iter().rev().find_map(|s| {
                s.iter()
                    .rev()
                    .find(|(n, _, _)| n == name)
                    .map(|(_, s, b)| (*s, *b))
            });
            if let Some((slot, boxed)) = found {
                if level == depth - 1 {
                    return Resolved::Local(slot, boxed);
                }
                // Thread the capture through every literal between.
                let mut slot = slot;
                for l in level + 1..depth {
                    let existing = self.ctxs[l]
                        .captures
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, s)| *s);
                    slot = match existing {
                        Some(s) => s,
                        None => {
                            // Captures were fixed when the literal started; a late
                            // capture falls back to an opaque value.
                            let _ = slot;
                            return Resolved::Unknown;
                        }
                    };
                }
                return Resolved::Local(slot, true);
            }
        }
        if let Some(g) = self.global_index.get(name) {
            return Resolved::Global(*g);
        }
        if let Some(f) = self.funcs_by_name.get(name) {
            return Resolved::Func(*f);
        }
        if let Some(t) = self.out.type_names.get(name) {
            return Resolved::Type(*t);
        }
        match name {
            "true" => return Resolved::Const(Value::Bool(true)),
            "false" => return Resolved::Const(Value::Bool(false)),
            "nil" => return Resolved::Const(Value::Nil),
            _ => {}
        }
        if let Some(b) = super::shims::language_builtin(name) {
            return Resolved::Builtin(b);
        }
        if BASIC_TYPES.contains(&name) {
            let id = self.intern(TypeExpr::Name(name.to_string()));
            return Resolved::Type(id);
        }
        if self.out.program.import_path(name).is_some()
            || KNOWN_PACKAGES.contains(&name)
            || super::shims::is_package(name)
        {
            return Resolved::Package;
        }
        Resolved::Unknown
    }

    fn package_path(&self, local: &str) -> String {
        match self.out.program.import_path(local) {
            Some(p) => p.to_string(),
            None => match local {
                "rand" => "math/rand".into(),
                "atomic" => "sync/atomic".into(),
                "http" => "net/http".into(),
                "sql" => "database/sql".into(),
                "grpc" => "google.golang.org/grpc".into(),
                other => other.into(),
            },
        }
    }
}
