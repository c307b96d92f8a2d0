//! The program model: the tree-sitter tree lowered to a small representation of
//! the supported Go subset. Every node keeps its source span. What the lowering
//! does not understand becomes an explicit `Opaque` node with a reason, never a
//! silent drop, so the engine can say what it did not model.

mod lower;

pub use lower::{lower, MAX_NESTING};

use crate::syntax::Span;
use serde::Serialize;

/// Index of a function in [`Program::funcs`] (declared functions, methods and
/// function literals alike).
pub type FuncId = u32;

/// A lowered Go file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Program {
    pub package: String,
    /// Import paths by local name (`"rand" -> "math/rand"`).
    pub imports: Vec<(String, String)>,
    pub funcs: Vec<Func>,
    pub types: Vec<TypeDecl>,
    /// Package-level `var` declarations in source order.
    pub globals: Vec<VarSpec>,
    /// Package-level constants with `iota` already substituted.
    pub consts: Vec<ConstSpec>,
    /// Things the lowering skipped or could not understand, with a reason.
    pub notes: Vec<Note>,
}

impl Program {
    /// A top-level function (not a method, not a literal) by name.
    pub fn func_by_name(&self, name: &str) -> Option<FuncId> {
        self.funcs
            .iter()
            .position(|f| f.receiver.is_none() && !f.is_literal && f.name == name)
            .map(|i| i as FuncId)
    }

    /// A method by receiver type name and method name.
    pub fn method(&self, type_name: &str, name: &str) -> Option<FuncId> {
        self.funcs
            .iter()
            .position(|f| {
                f.name == name
                    && f.receiver
                        .as_ref()
                        .is_some_and(|r| r.type_name == type_name)
            })
            .map(|i| i as FuncId)
    }

    pub fn type_decl(&self, name: &str) -> Option<&TypeDecl> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The import path bound to a local package name, if imported.
    pub fn import_path(&self, local: &str) -> Option<&str> {
        self.imports
            .iter()
            .find(|(l, _)| l == local)
            .map(|(_, p)| p.as_str())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Note {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Func {
    /// The declared name; for literals `outer.funcN` as Go names them.
    pub name: String,
    pub receiver: Option<Receiver>,
    pub params: Vec<Param>,
    pub results: Vec<Param>,
    pub variadic: bool,
    pub body: Option<Block>,
    pub span: Span,
    pub is_literal: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Receiver {
    pub name: Option<String>,
    pub type_name: String,
    pub pointer: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Param {
    pub name: Option<String>,
    pub ty: TypeExpr,
}

#[derive(Clone, Debug, Serialize)]
pub struct TypeDecl {
    pub name: String,
    pub ty: TypeExpr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VarSpec {
    pub names: Vec<String>,
    pub ty: Option<TypeExpr>,
    pub values: Vec<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConstSpec {
    pub name: String,
    pub ty: Option<TypeExpr>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ChanDir {
    Both,
    Send,
    Recv,
}

/// A type as written in the source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeExpr {
    /// `int`, `MyStruct`, `error`, ...
    Name(String),
    /// `sync.Mutex`, `time.Duration`, ...
    Qualified(String, String),
    Pointer(Box<TypeExpr>),
    Slice(Box<TypeExpr>),
    Array(Option<Box<Expr>>, Box<TypeExpr>),
    Map(Box<TypeExpr>, Box<TypeExpr>),
    Chan(ChanDir, Box<TypeExpr>),
    Func,
    Struct(Vec<Field>),
    /// Method names only: enough for dynamic dispatch and type switches.
    Interface(Vec<String>),
    Opaque(String),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    pub ty: TypeExpr,
    pub embedded: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    And,
    Or,
    Xor,
    Shl,
    Shr,
    AndNot,
    LogAnd,
    LogOr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UnOp {
    Neg,
    Plus,
    Not,
    BitNot,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum StmtKind {
    Expr(Expr),
    /// `a, b := x, y` (names; `_` allowed).
    Define(Vec<String>, Vec<Expr>),
    /// `var a, b T = x, y`.
    Var(VarSpec),
    /// `var ( a = x; b = y )` inside a function: declared in the enclosing
    /// scope, one after the other (a block would scope them away).
    VarGroup(Vec<VarSpec>),
    Const(Vec<ConstSpec>),
    Assign(Vec<Expr>, Vec<Expr>),
    OpAssign(BinOp, Expr, Expr),
    IncDec(Expr, bool),
    Send {
        chan: Expr,
        value: Expr,
    },
    Go(Expr),
    Defer(Expr),
    Return(Vec<Expr>),
    If {
        init: Option<Box<Stmt>>,
        cond: Expr,
        then: Block,
        els: Option<Box<Stmt>>,
    },
    For {
        init: Option<Box<Stmt>>,
        cond: Option<Expr>,
        post: Option<Box<Stmt>>,
        body: Block,
    },
    /// `for k, v := range x` (`define`), `for k, v = range x`, or `for range x`.
    Range {
        key: Option<Expr>,
        value: Option<Expr>,
        define: bool,
        expr: Expr,
        body: Block,
    },
    Switch {
        init: Option<Box<Stmt>>,
        tag: Option<Expr>,
        cases: Vec<SwitchCase>,
    },
    TypeSwitch {
        init: Option<Box<Stmt>>,
        bind: Option<String>,
        expr: Expr,
        cases: Vec<TypeCase>,
    },
    Select(Vec<SelectCase>),
    Block(Block),
    Labeled(String, Box<Stmt>),
    Break(Option<String>),
    Continue(Option<String>),
    Goto(String),
    Fallthrough,
    Empty,
    Opaque(String),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SwitchCase {
    /// Empty for `default`.
    pub exprs: Vec<Expr>,
    pub is_default: bool,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeCase {
    /// `None` stands for `nil`. Empty with `is_default` for `default`.
    pub types: Vec<Option<TypeExpr>>,
    pub is_default: bool,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum CommClause {
    Send {
        chan: Expr,
        value: Expr,
    },
    /// `v, ok := <-ch` (`define`), `v = <-ch`, or `<-ch`.
    Recv {
        lhs: Vec<Expr>,
        define: bool,
        chan: Expr,
    },
    Default,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SelectCase {
    pub comm: CommClause,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(String),
    Rune(i64),
    Ident(String),
    Selector(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Slice {
        x: Box<Expr>,
        lo: Option<Box<Expr>>,
        hi: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        spread: bool,
    },
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Recv(Box<Expr>),
    Deref(Box<Expr>),
    AddrOf(Box<Expr>),
    FuncLit(FuncId),
    /// `T{...}`; an element's key is `None` when positional. A nested literal
    /// without its type (`[]P{{1, 2}}`) has `ty: None`.
    Composite {
        ty: Option<TypeExpr>,
        elems: Vec<(Option<Expr>, Expr)>,
    },
    TypeAssert(Box<Expr>, Option<TypeExpr>),
    /// A type used as an expression: `make([]int, 3)`, `[]byte(s)`.
    Type(TypeExpr),
    Opaque(String),
}

impl Expr {
    pub fn opaque(reason: impl Into<String>, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Opaque(reason.into()),
            span,
        }
    }
}
