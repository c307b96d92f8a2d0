//! Values and heap objects. The heap is an arena (`Vec<Obj>` indexed by
//! [`ObjId`]), so a whole machine state is a plain value that can be cloned
//! and hashed.

use crate::model::FuncId;
use crate::syntax::Span;
use std::collections::VecDeque;
use std::rc::Rc;

pub type ObjId = u32;
/// A goroutine's number, as Go's stack dumps print it: the entry is 1, and
/// each `go` statement takes the next. [`State::g`](super::State::g) finds
/// the goroutine; nothing else turns an id into a position.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct GoId(u32);

impl GoId {
    /// The goroutine that runs the entry.
    pub const ENTRY: GoId = GoId(1);
    /// The runtime itself (a timer that fires, a context's deadline): the
    /// actor of an event no goroutine of the program did. It names no
    /// goroutine.
    pub const RUNTIME: GoId = GoId(0);

    pub fn new(number: u32) -> GoId {
        debug_assert!(number > 0, "goroutine numbers start at 1");
        GoId(number)
    }

    /// The number Go prints (`goroutine 7 [chan send]`).
    pub fn number(self) -> u32 {
        self.0
    }

    /// The goroutine started after the first `n`.
    pub(crate) fn of_index(index: usize) -> GoId {
        GoId(index as u32 + 1)
    }

    pub(crate) fn index(self) -> usize {
        debug_assert!(self != GoId::RUNTIME, "the runtime is not a goroutine");
        (self.0 - 1) as usize
    }
}

impl Default for GoId {
    fn default() -> GoId {
        GoId::ENTRY
    }
}

impl std::fmt::Display for GoId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
pub type TypeId = u32;

/// An `f64` compared and hashed by its bits, so states stay hashable.
#[derive(Clone, Copy, Debug)]
pub struct F64(pub f64);

impl PartialEq for F64 {
    fn eq(&self, other: &F64) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}
impl Eq for F64 {}
impl std::hash::Hash for F64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// Untyped `nil`, a nil pointer, nil interface, nil channel or nil func.
    Nil,
    Bool(bool),
    Int(i64),
    Float(F64),
    Str(Rc<str>),
    /// A `time.Duration` (nanoseconds): printed as Go prints durations.
    Duration(i64),
    /// A `time.Time` as virtual nanoseconds since the start.
    Time(i64),
    /// `struct{}{}`.
    EmptyStruct,
    /// A struct value stored in an object; copied on assignment.
    Struct(ObjId),
    /// A pointer to a struct or a cell.
    Ptr(ObjId),
    /// A pointer to a struct field.
    FieldPtr(ObjId, u32),
    /// A pointer to a slice or array element.
    ElemPtr(ObjId, u32),
    Slice {
        arr: ObjId,
        off: u32,
        len: u32,
        cap: u32,
    },
    /// A fixed-size array: a value, copied on assignment (its elements live
    /// in an `Obj::Array`).
    Array(ObjId),
    NilSlice,
    Map(ObjId),
    NilMap,
    Chan(ObjId),
    /// A declared function without captures.
    Func(FuncId),
    /// A closure, bound method or runtime object that can be called.
    Closure(ObjId),
    /// A runtime object: mutex, wait group, context, timer, error, resource...
    Obj(ObjId),
    /// A built-in or standard-library function (`len`, `fmt.Println`, ...).
    Builtin(&'static str),
    /// A type used as a value (conversions, `make`, `new`).
    Type(TypeId),
    /// A value of a declared non-struct type with methods (`type State int`),
    /// so its `String` method and type switches work, or of a sized integer
    /// type (`uint32`, `type Perm uint8`), so its arithmetic wraps.
    Named(TypeId, Rc<Value>),
    /// Something the model does not know: results of unknown calls,
    /// undefined names, parameters of analyzed functions. A named symbol
    /// ([`Sym`] other than [`Sym::ANY`]) is one value along a run: what the
    /// run learned about it by branching is in `State::path`.
    Opaque(Sym),
}

/// The name of an unknown value (see `engine/symbolic.rs`). `Sym::ANY` is an
/// unknown nothing is remembered about: each test of it is a fresh choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(pub u32);

impl Sym {
    pub const ANY: Sym = Sym(0);
}

impl Value {
    /// An unknown value nothing is remembered about.
    pub const UNKNOWN: Value = Value::Opaque(Sym::ANY);

    /// Whether the value is unknown (named or not).
    pub fn is_unknown(&self) -> bool {
        matches!(self.plain(), Value::Opaque(_))
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// The value without its declared type.
    pub fn plain(&self) -> &Value {
        match self {
            Value::Named(_, v) => v.plain(),
            v => v,
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil | Value::NilSlice | Value::NilMap)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Waiter {
    pub g: GoId,
    /// The select case index, or 0 for a plain operation.
    pub case: u16,
    /// The value a waiting sender offers.
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Chan {
    pub cap: u32,
    pub buf: VecDeque<Value>,
    pub closed: bool,
    pub make_span: Span,
    pub elem_zero: Value,
    pub recvq: Vec<Waiter>,
    pub sendq: Vec<Waiter>,
    /// Set for channels that belong to the runtime (timers, contexts).
    pub runtime_owned: bool,
    /// A goroutine whose path depended on the length of unknown input
    /// (`Goroutine::counted_input`) put a value in the buffer or closed
    /// the channel: whoever takes from it (or sees it closed) depends on
    /// that length too.
    pub counted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CtxKind {
    Background,
    Cancel,
    Value,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Context {
    pub kind: CtxKind,
    pub parent: Option<ObjId>,
    pub done: Option<ObjId>,
    pub err: Option<ObjId>,
    pub children: Vec<ObjId>,
    pub key: Value,
    pub value: Value,
    pub deadline: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timer {
    pub chan: Option<ObjId>,
    pub func: Option<Value>,
    pub period: i64,
    pub active: bool,
    pub resource: Option<ObjId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Obj {
    Cell(Value),
    Struct {
        ty: TypeId,
        fields: Vec<Value>,
    },
    Array(Vec<Value>),
    /// A map's entries in insertion order, and its value type when known
    /// (what a lookup of a missing key yields: `counts[w]++` starts at 0).
    Map(Vec<(Value, Value)>, Option<TypeId>),
    Chan(Chan),
    Mutex {
        locked: bool,
        readers: u32,
        writer_waiting: u32,
        waiters: Vec<(GoId, bool)>,
        rw: bool,
        /// The default schedule only (Go's `mutexWoken`): the waiter an
        /// Unlock woke to retry its Lock, which has not run since; no other
        /// waiter is woken meanwhile.
        woken: Option<GoId>,
        /// Locks others took ahead of `woken` (barging). At `BARGE_LIMIT`
        /// the mutex starves as Go's does once a waiter has waited a
        /// millisecond: newcomers queue behind, so a goroutine that locks
        /// and unlocks in a loop cannot shut the woken waiter out forever.
        barges: u16,
    },
    WaitGroup {
        count: i64,
        waiters: Vec<GoId>,
        /// An `Add` of an unknown amount was seen (`wg.Add(n)` with `n` a
        /// flag or a parameter): the counter is not known, so `Done` below
        /// zero is no panic.
        unknown: bool,
    },
    Once {
        done: bool,
        /// The goroutine running the function of `Do` (until it returns).
        runner: Option<GoId>,
    },
    Cond {
        lock: Value,
        waiters: Vec<GoId>,
    },
    /// `rw.RLocker()`: a Locker whose Lock and Unlock are the RWMutex's
    /// RLock and RUnlock.
    ReadLocker(ObjId),
    Atomic(Value),
    Closure {
        func: FuncId,
        captures: Vec<Value>,
    },
    Bound {
        recv: Value,
        method: Rc<str>,
    },
    Context(Context),
    CancelFunc {
        ctx: ObjId,
        resource: ObjId,
    },
    Timer(Timer),
    Error {
        msg: Rc<str>,
        wrapped: Option<Value>,
    },
    /// A tracked closable resource: connection, file, body, ticker, cancel func.
    Resource {
        kind: &'static str,
        span: Span,
        released: bool,
    },
    TestingT {
        name: Rc<str>,
        failed: bool,
        cleanups: Vec<Value>,
    },
    /// The `*testing.M` of a `TestMain` run before a test: its `Run` ends
    /// the set-up and runs the test (see `Machine::start`).
    TestingM,
    /// A `strings.Builder` or `bytes.Buffer`; a `strings.Reader` too
    /// (reading drains it).
    Builder(String),
    /// A `bufio.Scanner`, `Reader` or `Writer` over a reader or writer
    /// whose bytes the analysis knows (see shims/bufio.rs).
    Bufio(Box<Bufio>),
    /// The runtime's view of an opaque receiver whose methods are all opaque.
    Opaque,
}

/// A `bufio` object's state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bufio {
    /// A Scanner's split function, or `Reader`/`Writer`.
    pub kind: BufKind,
    /// What it reads from or writes to.
    pub inner: Value,
    /// Bytes read and not yet consumed, or written and not yet flushed.
    pub buf: Vec<u8>,
    /// The error reading or writing returned (`io.EOF` at the end), or nil.
    pub err: Value,
    /// A Scanner's last token.
    pub token: Vec<u8>,
    /// The slice the program's `Read` reads into (nil until the first).
    pub scratch: Value,
    /// The reader gave bytes the analysis does not know: from now on its
    /// results are unknown, as for an unknown reader.
    pub lost: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BufKind {
    Lines,
    Words,
    Reader,
    Writer,
}

/// An integer type narrower than `int`, or unsigned: its values wrap as Go's
/// do. (`int` and `int64` values are plain [`Value::Int`].) A value of such a
/// type is a [`Value::Named`] whose type is the basic type or a declared type
/// over it (`type Perm uint8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntKind {
    I8,
    I16,
    I32,
    U8,
    U16,
    U32,
    U64,
    Uint,
    Uintptr,
}

impl IntKind {
    pub const ALL: [IntKind; 9] = [
        IntKind::I8,
        IntKind::I16,
        IntKind::I32,
        IntKind::U8,
        IntKind::U16,
        IntKind::U32,
        IntKind::U64,
        IntKind::Uint,
        IntKind::Uintptr,
    ];

    /// The kind of a basic type name (`byte` and `rune` are aliases).
    pub fn from_name(name: &str) -> Option<IntKind> {
        Some(match name {
            "int8" => IntKind::I8,
            "int16" => IntKind::I16,
            "int32" | "rune" => IntKind::I32,
            "uint8" | "byte" => IntKind::U8,
            "uint16" => IntKind::U16,
            "uint32" => IntKind::U32,
            "uint64" => IntKind::U64,
            "uint" => IntKind::Uint,
            "uintptr" => IntKind::Uintptr,
            _ => return None,
        })
    }

    /// The type's name as `%T` prints it.
    pub fn name(self) -> &'static str {
        match self {
            IntKind::I8 => "int8",
            IntKind::I16 => "int16",
            IntKind::I32 => "int32",
            IntKind::U8 => "uint8",
            IntKind::U16 => "uint16",
            IntKind::U32 => "uint32",
            IntKind::U64 => "uint64",
            IntKind::Uint => "uint",
            IntKind::Uintptr => "uintptr",
        }
    }

    /// 64-bit unsigned: the `i64` holds the bits, read as `u64`.
    pub fn unsigned64(self) -> bool {
        matches!(self, IntKind::U64 | IntKind::Uint | IntKind::Uintptr)
    }

    /// Reduces an integer to the type's range, as Go's arithmetic wraps.
    pub fn wrap(self, i: i64) -> i64 {
        match self {
            IntKind::I8 => i as i8 as i64,
            IntKind::I16 => i as i16 as i64,
            IntKind::I32 => i as i32 as i64,
            IntKind::U8 => i as u8 as i64,
            IntKind::U16 => i as u16 as i64,
            IntKind::U32 => i as u32 as i64,
            IntKind::U64 | IntKind::Uint | IntKind::Uintptr => i,
        }
    }

    /// The mathematical value of an `i64` holding this type's bits.
    pub fn value(self, i: i64) -> i128 {
        if self.unsigned64() {
            i as u64 as i128
        } else {
            i as i128
        }
    }
}

impl Value {
    /// The heap object a value refers to, if any.
    pub fn obj_id(&self) -> Option<ObjId> {
        match self {
            Value::Struct(o)
            | Value::Array(o)
            | Value::Ptr(o)
            | Value::FieldPtr(o, _)
            | Value::ElemPtr(o, _)
            | Value::Map(o)
            | Value::Chan(o)
            | Value::Closure(o)
            | Value::Obj(o) => Some(*o),
            Value::Slice { arr, .. } => Some(*arr),
            _ => None,
        }
    }
}

impl Obj {
    /// Pushes the heap objects this object refers to (for reachability).
    pub fn children(&self, work: &mut Vec<ObjId>) {
        let mut push = |v: &Value| {
            if let Some(o) = v.obj_id() {
                work.push(o);
            }
        };
        match self {
            Obj::Cell(v) | Obj::Atomic(v) => push(v),
            Obj::Struct { fields, .. } => fields.iter().for_each(&mut push),
            Obj::Array(items) => items.iter().for_each(&mut push),
            Obj::Map(entries, _) => entries.iter().for_each(|(k, v)| {
                push(k);
                push(v)
            }),
            Obj::Chan(c) => {
                c.buf.iter().for_each(&mut push);
                c.sendq.iter().for_each(|w| push(&w.value));
            }
            Obj::Closure { captures, .. } => captures.iter().for_each(&mut push),
            Obj::Bound { recv, .. } => push(recv),
            Obj::Context(c) => {
                push(&c.key);
                push(&c.value);
                for o in c
                    .parent
                    .iter()
                    .chain(c.done.iter())
                    .chain(c.children.iter())
                {
                    push(&Value::Obj(*o));
                }
            }
            Obj::CancelFunc { ctx, resource } => {
                push(&Value::Obj(*ctx));
                push(&Value::Obj(*resource));
            }
            Obj::Timer(t) => {
                if let Some(c) = t.chan {
                    push(&Value::Chan(c));
                }
                if let Some(f) = &t.func {
                    push(f);
                }
                if let Some(r) = t.resource {
                    push(&Value::Obj(r));
                }
            }
            Obj::Error {
                wrapped: Some(w), ..
            } => push(w),
            Obj::Cond { lock, .. } => push(lock),
            Obj::ReadLocker(m) => push(&Value::Obj(*m)),
            Obj::TestingT { cleanups, .. } => cleanups.iter().for_each(&mut push),
            _ => {}
        }
    }
}

pub(crate) fn cmp_values(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a.plain(), b.plain()) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.0.partial_cmp(&y.0).unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

pub(crate) fn round_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let less_than_half = |x: i64, y: i64| (x as u64).wrapping_add(x as u64) < y as u64;
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r, m) {
            return d + r;
        }
        let d1 = d.wrapping_sub(m).wrapping_add(r);
        if d1 < d {
            d1
        } else {
            i64::MIN
        }
    } else {
        if less_than_half(r, m) {
            return d - r;
        }
        let d1 = d.wrapping_add(m).wrapping_sub(r);
        if d1 > d {
            d1
        } else {
            i64::MAX
        }
    }
}

pub(crate) fn fmt_duration(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let s = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", trim_frac(u, 1_000))
    } else if u < 1_000_000_000 {
        format!("{}ms", trim_frac(u, 1_000_000))
    } else {
        let total_s = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let h = total_s / 3600;
        let m = (total_s % 3600) / 60;
        let sec = total_s % 60;
        let mut secs = sec.to_string();
        if frac > 0 {
            let f = format!("{frac:09}");
            secs.push('.');
            secs.push_str(f.trim_end_matches('0'));
        }
        if h > 0 {
            format!("{h}h{m}m{secs}s")
        } else if m > 0 {
            format!("{m}m{secs}s")
        } else {
            format!("{secs}s")
        }
    };
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

pub(crate) fn zero_like(v: &Value) -> Value {
    match v {
        Value::Int(_) => Value::Int(0),
        Value::Float(_) => Value::Float(F64(0.0)),
        Value::Str(_) => Value::str(""),
        Value::Bool(_) => Value::Bool(false),
        Value::Duration(_) => Value::Duration(0),
        Value::Slice { .. } => Value::NilSlice,
        Value::Map(_) => Value::NilMap,
        _ => Value::Nil,
    }
}
fn trim_frac(u: u64, unit: u64) -> String {
    let whole = u / unit;
    let frac = u % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = unit.to_string().len() - 1;
    let f = format!("{frac:0digits$}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}
