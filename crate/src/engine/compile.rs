//! Compilation of the model to a small stack-machine code. A goroutine is then
//! a list of frames (function, pc, locals, operand stack), so it can stop at
//! any operation and its state stays a plain value.

mod expr;
mod stmt;
mod walk;

use super::value::{IntKind, TypeId, Value};
use crate::model::*;
use crate::syntax::Span;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use walk::{collect_boxed, declare_receiver_types, BASIC_TYPES};

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
    /// The body of a function declared without one (written in assembly or
    /// linked from the runtime): what it does is not modelled, so the run
    /// that calls it is not judged.
    Unmodeled(Name),
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
    /// Names the code uses without defining them (a pasted snippet's
    /// `items`): unknown values, listed as data for the findings.
    pub undefined: Vec<String>,
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

/// Packages known without an import besides the modelled ones (whose
/// names `shims::is_package` knows): their members are opaque.
const KNOWN_PACKAGES: &[&str] = &[
    "testing", "bufio", "bytes", "unicode", "utf8", "slices", "maps",
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
