//! The compiled program: stack-machine code for every function and the
//! tables the machine reads. The contract between the compiler (which writes
//! it) and the machine (which runs it): neither imports the other.

use super::value::{TypeId, Value};
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
    /// Each loop's back edge: (the jump's target, the jump's index).
    pub loops: Vec<(u32, u32)>,
}

impl Code {
    /// Records the loops' back edges (`Code::loops`), once the jumps are
    /// patched.
    pub fn find_loops(&mut self) {
        self.loops = (self.instrs.iter().enumerate())
            .filter_map(|(at, i)| match i {
                Instr::Jump(t) if (*t as usize) <= at => Some((*t, at as u32)),
                _ => None,
            })
            .collect();
    }

    /// Whether the instruction at `pc` is inside a loop: a jump after it
    /// goes back to it or before it. Asked at every call of unknown code, so
    /// it reads the back edges found at compile time, not the code.
    pub fn in_loop(&self, pc: usize) -> bool {
        let pc = pc as u32;
        self.loops.iter().any(|&(top, back)| top <= pc && pc < back)
    }
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
    /// The synthetic function a `go` or `defer` of a library call runs
    /// (`go fmt.Println(v)`): it calls its first capture with the
    /// second's elements, as the program's code would.
    pub wrap: FuncId,
    /// What the program uses that the engine does not model (unknown
    /// functions and names, unsupported syntax), with where: each is an
    /// opaque value or call at run time.
    pub opaque: Vec<(Span, String)>,
    /// Names the code uses without defining them (a pasted snippet's
    /// `items`): unknown values, listed as data for the findings.
    pub undefined: Vec<String>,
    /// The type id of each sized integer type, in [`IntKind::ALL`](super::value::IntKind::ALL) order.
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
