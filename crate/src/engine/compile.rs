//! Compilation of the model to a small stack-machine code. A goroutine is then
//! a list of frames (function, pc, locals, operand stack), so it can stop at
//! any operation and its state stays a plain value.

use super::value::{IntKind, TypeId, Value};
use crate::model::*;
use crate::syntax::Span;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

pub type Slot = u16;
pub type Name = Rc<str>;

#[derive(Clone, Debug)]
pub enum CompKey {
    None,
    Field(Name),
    Expr,
}

#[derive(Clone, Debug)]
pub enum SelKind {
    Send,
    Recv,
}

#[derive(Clone, Debug)]
pub enum Instr {
    Const(Value),
    Zero(TypeId),
    Load(Slot),
    Store(Slot),
    LoadBox(Slot),
    StoreBox(Slot),
    /// Declares a boxed variable: the slot gets a fresh cell.
    BoxNew(Slot),
    /// `&x` for a boxed variable: a pointer to its struct, or to its cell.
    AddrBox(Slot),
    /// Go 1.22 loop variables: a fresh cell holding the current value.
    ReBox(Slot),
    LoadGlobal(u32),
    StoreGlobal(u32),
    AddrGlobal(u32),
    Field(Name),
    StoreField(Name),
    AddrField(Name),
    Index,
    /// `v, ok := m[k]`.
    IndexOk,
    StoreIndex,
    AddrIndex,
    SliceOp {
        lo: bool,
        hi: bool,
        max: bool,
    },
    Deref,
    StoreDeref,
    AddrOf,
    Unary(UnOp),
    Binary(BinOp),
    Pop,
    /// Pushes the value `n` places below the top of the stack (0: the top),
    /// without copying it: the operands of an assignment's left-hand side.
    Pick(u16),
    /// Gives an untyped value on top of the stack the type of the variable
    /// it is assigned to (`s = nil` for a slice, `h = 5` for a `uint32`).
    Coerce(TypeId),
    /// Copies the struct or array value on top of the stack: a right-hand
    /// value of a tuple assignment must not see the assignments before it.
    Copy,
    Jump(u32),
    JumpIfFalse(u32),
    JumpIfTrue(u32),
    Call {
        argc: u16,
        want: u8,
        spread: bool,
    },
    CallMethod {
        name: Name,
        argc: u16,
        want: u8,
        spread: bool,
    },
    /// A method value `x.M` (for `go x.M()`, `defer x.M()`, `f := x.M`).
    Method(Name),
    Go {
        argc: u16,
        spread: bool,
    },
    Defer {
        argc: u16,
        spread: bool,
    },
    Return(u8),
    Closure {
        func: FuncId,
        captures: Rc<[Slot]>,
    },
    Send,
    Recv {
        ok: bool,
    },
    Select {
        cases: Rc<[SelKind]>,
        default: bool,
    },
    Composite {
        ty: Option<TypeId>,
        keys: Rc<[CompKey]>,
    },
    RangeInit {
        coll: Slot,
        idx: Slot,
    },
    RangeNext {
        coll: Slot,
        idx: Slot,
        key: bool,
        value: bool,
        exit: u32,
        /// A nil range operand is a nil channel (blocks forever), unless
        /// the operand's type is known not to be a channel (a nil slice or
        /// map ranges zero times).
        nil_chan: bool,
    },
    TypeMatch(Option<TypeId>),
    TypeAssert {
        ty: Option<TypeId>,
        ok: bool,
    },
    Opaque(Name),
}

/// One compiled function.
#[derive(Clone, Debug, Default)]
pub struct Code {
    pub instrs: Vec<Instr>,
    pub spans: Vec<Span>,
    pub slots: u16,
    /// Slot of each parameter (receiver first), and whether it is boxed.
    pub params: Vec<(Slot, bool)>,
    /// Slots of the results (named or hidden), and whether each is boxed.
    pub results: Vec<(Slot, bool)>,
    /// Number of captured cells, which occupy the first slots.
    pub captures: u16,
    pub variadic: bool,
    pub name: String,
    pub span: Span,
}

/// The compiled program: code for every function plus the tables the
/// interpreter needs.
#[derive(Debug, Default)]
pub struct Compiled {
    pub program: Program,
    pub codes: Vec<Code>,
    pub types: Vec<TypeExpr>,
    pub type_names: BTreeMap<String, TypeId>,
    pub globals: Vec<String>,
    /// The synthetic function that initializes package variables and runs `init`.
    pub init: FuncId,
    /// What the program uses that the engine does not model (unknown
    /// functions and names, unsupported syntax), with where: each is an
    /// opaque value or call at run time.
    pub opaque: Vec<(Span, String)>,
    /// The type id of each sized integer type, in [`IntKind::ALL`] order.
    pub int_types: Vec<TypeId>,
    /// Declared types with at least one method.
    pub with_methods: BTreeSet<String>,
    /// Methods declared with a pointer receiver on a non-struct type
    /// (`func (s *Stack) Push`): a call on a variable passes its address.
    pub ptr_methods: BTreeSet<String>,
}

impl Compiled {
    pub fn type_expr(&self, ty: TypeId) -> &TypeExpr {
        &self.types[ty as usize]
    }

    /// The underlying type of a type, following declared names (bounded).
    pub fn underlying<'a>(&'a self, mut ty: &'a TypeExpr) -> &'a TypeExpr {
        for _ in 0..16 {
            match ty {
                TypeExpr::Name(n) => match self.program.type_decl(n) {
                    Some(d) => ty = &d.ty,
                    None => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    pub fn type_id_of(&self, ty: &TypeExpr) -> Option<TypeId> {
        if let TypeExpr::Name(n) = ty {
            if let Some(id) = self.type_names.get(n) {
                return Some(*id);
            }
        }
        self.types.iter().position(|t| t == ty).map(|i| i as TypeId)
    }

    /// Struct fields of a type id, following names.
    pub fn struct_fields(&self, ty: TypeId) -> &[Field] {
        match self.underlying(&self.types[ty as usize]) {
            TypeExpr::Struct(f) => f,
            _ => &[],
        }
    }

    /// The declared name of a type id, if it is a declared type.
    pub fn type_name(&self, ty: TypeId) -> Option<&str> {
        match &self.types[ty as usize] {
            TypeExpr::Name(n) => Some(n),
            _ => None,
        }
    }
}

const KNOWN_PACKAGES: &[&str] = &[
    "fmt", "sync", "time", "context", "errors", "strings", "strconv", "os", "rand", "atomic",
    "runtime", "sort", "math", "log", "net", "http", "sql", "grpc", "testing", "io", "bufio",
    "bytes", "unicode", "utf8", "slices", "maps",
];

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
    set_literal_bodies(&c.out.program);
    c.run();
    clear_literal_bodies();
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
        let init_id = self.out.program.funcs.len() as FuncId;
        self.out.program.funcs.push(Func {
            name: "init".into(),
            receiver: None,
            params: Vec::new(),
            results: Vec::new(),
            variadic: false,
            body: None,
            span: Span::default(),
            is_literal: true,
        });
        self.out.codes.push(Code::default());
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
        self.out.codes[init_id as usize] = code;
        self.out.init = init_id;
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
            collect_boxed(body, &mut ctx.boxed_names, &self.out.ptr_methods);
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
        if let Some(body) = &func.body {
            self.stmts(&body.stmts);
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
        if self.out.program.import_path(name).is_some() || KNOWN_PACKAGES.contains(&name) {
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

    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn block(&mut self, b: &Block) {
        self.push_scope();
        self.stmts(&b.stmts);
        self.pop_scope();
    }

    fn stmt(&mut self, s: &Stmt) {
        let span = s.span;
        let label = self.ctx().pending_label.take();
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e, 0),
            StmtKind::Define(names, values) => self.define(names, values, span),
            StmtKind::Var(spec) => {
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
            StmtKind::Const(specs) => {
                for c in specs {
                    self.expr(&c.value, 1);
                    if let Some(t) = &c.ty {
                        self.convert_top(t, c.span);
                    }
                    let slot = self.declare(&c.name);
                    self.store_new(Some(slot), c.span);
                }
            }
            StmtKind::Assign(lhs, rhs) => self.assign(lhs, rhs, span),
            StmtKind::OpAssign(op, l, r) => self.op_assign(*op, l, r, span),
            StmtKind::IncDec(e, inc) => {
                let one = Expr {
                    kind: ExprKind::Int(1),
                    span,
                };
                let op = if *inc { BinOp::Add } else { BinOp::Sub };
                self.op_assign(op, e, &one, span);
            }
            StmtKind::Send { chan, value } => {
                self.expr(chan, 1);
                self.expr(value, 1);
                self.emit(Instr::Send, span);
            }
            StmtKind::Go(call) | StmtKind::Defer(call) => {
                let is_go = matches!(s.kind, StmtKind::Go(_));
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
            StmtKind::Return(values) => {
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
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
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
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => {
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
            StmtKind::Range {
                key,
                value,
                define,
                expr,
                body,
            } => {
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
                    if *define {
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
            StmtKind::Switch { init, tag, cases } => {
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
                    let falls =
                        matches!(c.body.last().map(|s| &s.kind), Some(StmtKind::Fallthrough));
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
            StmtKind::TypeSwitch {
                init,
                bind,
                expr,
                cases,
            } => {
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
            StmtKind::Select(cases) => self.select(cases, span, label),
            StmtKind::Block(b) => self.block(b),
            StmtKind::Labeled(name, inner) => {
                let here = self.here();
                self.ctx().labels.insert(name.clone(), here);
                self.ctx().pending_label = Some(name.clone());
                self.stmt(inner);
                self.ctx().pending_label = None;
            }
            StmtKind::Break(l) | StmtKind::Continue(l) => {
                let is_break = matches!(s.kind, StmtKind::Break(_));
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
            StmtKind::Goto(label) => {
                let j = self.emit(Instr::Jump(0), span);
                self.ctx().gotos.push((j, label.clone()));
            }
            StmtKind::Fallthrough | StmtKind::Empty => {}
            StmtKind::Opaque(reason) => {
                self.opaque_note(span, reason.clone());
                self.emit(Instr::Opaque(reason.as_str().into()), span);
            }
        }
    }

    fn select(&mut self, cases: &[SelectCase], span: Span, label: Option<String>) {
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
    fn var_values(&mut self, spec: &VarSpec, names: &[()]) {
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
    fn convert_top(&mut self, ty: &TypeExpr, span: Span) {
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

    fn store_new(&mut self, slot: Option<(Slot, bool)>, span: Span) {
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

    fn define(&mut self, names: &[String], values: &[Expr], span: Span) {
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
                self.emit(Instr::Const(Value::Opaque), span);
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
    fn assign(&mut self, lhs: &[Expr], rhs: &[Expr], span: Span) {
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
    fn op_assign(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) {
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

    /// Gives the value on top of the stack the static type of a `*p` or
    /// `xs[i]` target, where known (`*s = append(*s, v)` keeps `Stack`).
    fn coerce_for_place(&mut self, target: &Expr) {
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
    fn push_place(&mut self, target: &Expr) -> u16 {
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
    fn load_place(&mut self, target: &Expr) {
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
    fn store_place(&mut self, target: &Expr) {
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
    fn store_target(&mut self, target: &Expr) {
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
    fn coercible(&self, ty: &TypeExpr) -> bool {
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
    fn static_type(&mut self, e: &Expr) -> Option<TypeExpr> {
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
    fn callee_value(&mut self, func: &Expr) {
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
    fn package_member(&mut self, x: &Expr, name: &str) -> Option<Value> {
        let ExprKind::Ident(pkg) = &x.kind else {
            return None;
        };
        if !matches!(self.resolve(pkg), Resolved::Package) {
            return None;
        }
        let path = self.package_path(pkg);
        Some(match super::shims::package_member(&path, name) {
            Some(v) => v,
            None => {
                self.opaque_note(
                    x.span,
                    format!("`{pkg}.{name}` is not modelled: its results are unknown"),
                );
                Value::Opaque
            }
        })
    }

    /// Compiles an expression leaving `want` values on the stack.
    fn expr(&mut self, e: &Expr, want: u8) {
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
                self.emit(Instr::Const(Value::Opaque), span);
            }
        } else if pushed > want && want > 0 {
            // `x := <-ch` never asks for less than it pushes; nothing to do.
        }
    }

    fn call(&mut self, func: &Expr, args: &[Expr], spread: bool, want: u8, span: Span) {
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
    fn args(&mut self, args: &[Expr]) -> u16 {
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
    fn call_results(&mut self, e: &Expr) -> Option<usize> {
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
                        return super::shims::result_count(&path, name);
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

    /// Compiles an expression that yields one value.
    fn value(&mut self, e: &Expr) {
        let span = e.span;
        match &e.kind {
            ExprKind::Int(v) => {
                self.emit(Instr::Const(Value::Int(*v)), span);
            }
            ExprKind::Float(v) => {
                self.emit(Instr::Const(Value::Float(super::value::F64(*v))), span);
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
                    }
                    self.emit(Instr::Const(Value::Opaque), span);
                }
            },
            ExprKind::Selector(x, name) => {
                if let Some(v) = self.package_member(x, name) {
                    self.emit(Instr::Const(v), span);
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
                        self.emit(Instr::Const(Value::Opaque), span);
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
                    collect_idents(body, &mut names);
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
                self.emit(Instr::Const(Value::Opaque), span);
            }
            ExprKind::Call { .. } | ExprKind::Recv(_) | ExprKind::TypeAssert(..) => self.expr(e, 1),
        }
    }
}

fn is_blank(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Ident(n) if n == "_")
}

const BASIC_TYPES: &[&str] = &[
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
fn collect_boxed(body: &Block, out: &mut BTreeSet<String>, ptr_methods: &BTreeSet<String>) {
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
    let mut lits = Vec::new();
    walk_block(body, &mut |e| {
        if let ExprKind::FuncLit(id) = &e.kind {
            lits.push(*id);
        }
        WalkAction::Continue
    });
    let _ = lits;
    let mut in_lit = BTreeSet::new();
    collect_lit_idents(body, &mut in_lit);
    out.extend(in_lit);
}

/// Methods on a type the source does not declare (a snippet) get a struct
/// type with the fields the methods select on their receiver, so a method
/// entry's receiver has fields: one the methods lock is a mutex, the rest
/// are opaque.
fn declare_receiver_types(program: &mut Program) {
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
        crate::sort::sort_by(&mut fields, |a, b| a.0.cmp(&b.0));
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

thread_local! {
    static LITERAL_BODIES: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Every identifier inside function literals nested in `body`. The literal
/// bodies live in the program's function table, so the caller passes them
/// through [`set_literal_bodies`].
fn collect_lit_idents(body: &Block, out: &mut BTreeSet<String>) {
    let mut lits = Vec::new();
    walk_block(body, &mut |e| {
        if let ExprKind::FuncLit(id) = &e.kind {
            lits.push(*id);
        }
        WalkAction::Continue
    });
    LITERAL_BODIES.with(|b| {
        let bodies = b.borrow();
        let mut stack = lits;
        // Literal ids index `bodies`: flags, not a BTreeSet<u32> of its own.
        let mut seen = vec![false; bodies.len()];
        while let Some(id) = stack.pop() {
            if seen.get(id as usize).copied().unwrap_or(true) {
                continue;
            }
            seen[id as usize] = true;
            if let Some(body) = bodies.get(id as usize) {
                collect_idents(body, out);
                walk_block(body, &mut |e| {
                    if let ExprKind::FuncLit(inner) = &e.kind {
                        stack.push(*inner);
                    }
                    WalkAction::Continue
                });
            }
        }
    });
}

/// Makes literal bodies visible to [`collect_lit_idents`] during compilation.
pub(crate) fn set_literal_bodies(program: &Program) {
    LITERAL_BODIES.with(|b| {
        *b.borrow_mut() = program
            .funcs
            .iter()
            .map(|f| {
                f.body.clone().unwrap_or(Block {
                    stmts: Vec::new(),
                    span: f.span,
                })
            })
            .collect();
    });
}

pub(crate) fn clear_literal_bodies() {
    LITERAL_BODIES.with(|b| b.borrow_mut().clear());
}

/// Every identifier named in a block, including nested literals' bodies
/// (through the thread-local table).
fn collect_idents(body: &Block, out: &mut BTreeSet<String>) {
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
    LITERAL_BODIES.with(|b| {
        let bodies = b.borrow();
        let mut seen = vec![false; bodies.len()];
        while let Some(id) = lits.pop() {
            if seen.get(id as usize).copied().unwrap_or(true) {
                continue;
            }
            seen[id as usize] = true;
            if let Some(inner) = bodies.get(id as usize) {
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
    });
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
