//! The language's built-in functions: `len`, `append`, `make`, `close`, ...

use super::args::{int_arg, none, one, Call, Package, Shim, R};
use crate::engine::machine::{panic_msg, Machine, Ret, Trap};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "",
    plain_args: false,
    shims: &[
        Shim::func("len", 1, |m, st, _, c| length(m, st, c, false)),
        Shim::func("cap", 1, |m, st, _, c| length(m, st, c, true)),
        Shim::func("append", 1, append),
        Shim::func("copy", 1, copy),
        Shim::func("make", 1, make),
        Shim::func("new", 1, new),
        Shim::func("close", 0, |m, st, g, c| {
            let ch = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
            m.close_chan(st, &ch, g.id, c.span)?;
            // Who sees the close depends on the closer's input length too.
            if let (Value::Chan(id), true) = (ch.plain(), g.counted_input) {
                if let Some(c) = st.chan_mut(*id) {
                    c.counted = true;
                }
            }
            none()
        })
        .visible(),
        Shim::func("delete", 0, delete),
        Shim::func("clear", 0, |_, st, _, c| {
            if let Some(Value::Map(m)) = c.args.first() {
                if let Some(Obj::Map(e, _)) = st.heap.get_mut(*m as usize) {
                    e.clear();
                }
            }
            none()
        }),
        Shim::func("panic", 0, |_, _, _, c| {
            let v = c.args.into_iter().next().unwrap_or(Value::Nil);
            Err(Trap::Panic(v, PanicCause::Explicit))
        }),
        Shim::func("recover", 1, recover),
        Shim::func("print", 0, |m, st, g, c| print(m, st, g, c, false)),
        Shim::func("println", 0, |m, st, g, c| print(m, st, g, c, true)),
        Shim::func("min", 1, |_, _, _, c| extreme(c, std::cmp::Ordering::Less)),
        Shim::func("max", 1, |_, _, _, c| {
            extreme(c, std::cmp::Ordering::Greater)
        }),
    ],
};

/// `len` or (with `cap`) `cap`.
fn length(m: &Machine, st: &mut State, c: Call, cap: bool) -> R<Ret> {
    let v = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    let v = match &v {
        Value::Ptr(_) => m.deref(st, &v)?,
        _ => v,
    };
    let v = m.array_view(st, &v);
    let n = match (&v, cap) {
        (Value::Str(s), _) => s.len() as i64,
        (Value::Slice { len, .. }, false) => *len as i64,
        (Value::Slice { cap, .. }, true) => *cap as i64,
        (Value::NilSlice | Value::NilMap | Value::Nil, _) => 0,
        (Value::Map(m), _) => match st.heap.get(*m as usize) {
            Some(Obj::Map(e, _)) => e.len() as i64,
            _ => 0,
        },
        (Value::Chan(c), false) => st.chan(*c).map(|c| c.buf.len() as i64).unwrap_or(0),
        (Value::Chan(c), true) => st.chan(*c).map(|c| c.cap as i64).unwrap_or(0),
        // An unknown collection (an undeclared name in a pasted snippet) has
        // as many elements as `for range` gives it, so `len(items)` and
        // `for range items` agree.
        (Value::Opaque(_), _) => {
            st.facts.steered_by_unknown = true;
            m.limits.opaque_range as i64
        }
        _ => return one(Value::UNKNOWN),
    };
    one(Value::Int(n))
}

fn append(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let mut it = c.args.into_iter();
    let base = it.next().unwrap_or(Value::NilSlice);
    let mut extra: Vec<Value> = it.collect();
    if c.spread {
        if let Some(last) = extra.pop() {
            match &last {
                Value::Str(s) => extra.extend(s.bytes().map(|b| Value::Int(b as i64))),
                _ => extra.extend(m.slice_items(st, &last)),
            }
        }
    }
    let extra: Vec<Value> = extra.into_iter().map(|v| m.copy_val(st, v)).collect();
    one(m.append(st, base, extra))
}

fn copy(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let dst = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    let src = c.args.get(1).cloned().unwrap_or(Value::UNKNOWN);
    let items = match &src {
        Value::Str(s) => s.bytes().map(|b| Value::Int(b as i64)).collect(),
        _ => m.slice_items(st, &src),
    };
    if let Value::Slice { arr, off, len, .. } = dst {
        let n = items.len().min(len as usize);
        if let Some(Obj::Array(a)) = st.heap.get_mut(arr as usize) {
            for (i, v) in items.into_iter().take(n).enumerate() {
                a[off as usize + i] = v;
            }
        }
        return one(Value::Int(n as i64));
    }
    one(Value::Int(0))
}

/// A declared map or channel type with methods keeps its type (`make(sink)`),
/// as a conversion gives it: its methods are found on the value
/// (`bufio.NewWriter(s)` calls `s.Write`).
fn keep_type(m: &Machine, t: TypeId, v: Value) -> Value {
    match m.c.type_expr(t) {
        crate::model::TypeExpr::Name(n) if m.c.with_methods.contains(n) => {
            Value::Named(t, std::rc::Rc::new(v))
        }
        _ => v,
    }
}

fn make(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let args = c.args;
    let t = match args.first() {
        Some(Value::Type(t)) => *t,
        _ => return one(Value::UNKNOWN),
    };
    let texpr = m.c.underlying(m.c.type_expr(t)).clone();
    match texpr {
        crate::model::TypeExpr::Chan(_, elem) => {
            let size = int_arg(&args, 1).unwrap_or(0);
            // Go's limit: the buffer must fit in the address space (2^48
            // bytes on linux/amd64); an element of struct{} takes none.
            let elem_bytes: i64 = match m.c.underlying(&elem) {
                crate::model::TypeExpr::Struct(fields) if fields.is_empty() => 0,
                crate::model::TypeExpr::Name(n)
                    if matches!(n.as_str(), "bool" | "int8" | "uint8" | "byte") =>
                {
                    1
                }
                _ => 8,
            };
            if size < 0 || elem_bytes.saturating_mul(size) > 1 << 48 {
                return Err(Trap::runtime("makechan: size out of range".into()));
            }
            let cap = size.clamp(0, 1 << 20) as u32;
            let elem_zero = m.zero_of(st, &elem, None, 1);
            let id = st.alloc(Obj::Chan(Chan {
                cap,
                buf: Default::default(),
                closed: false,
                make_span: c.span,
                elem_zero,
                recvq: Vec::new(),
                sendq: Vec::new(),
                runtime_owned: false,
                counted: false,
            }));
            one(keep_type(m, t, Value::Chan(id)))
        }
        crate::model::TypeExpr::Map(_, elem) => {
            let elem = m.c.type_id_of(&elem);
            let v = Value::Map(st.alloc(Obj::Map(Vec::new(), elem)));
            one(keep_type(m, t, v))
        }
        crate::model::TypeExpr::Slice(elem) => {
            let len = int_arg(&args, 1).unwrap_or(0);
            let cap = int_arg(&args, 2).unwrap_or(len);
            if len < 0 {
                return Err(panic_msg("makeslice: len out of range"));
            }
            if cap < len {
                return Err(panic_msg("makeslice: cap out of range"));
            }
            if st.cells.saturating_add(cap as u64) > crate::engine::machine::MAX_CELLS_PER_RUN {
                // Larger than a run may hold: say so rather than
                // make a smaller slice than the program asked for.
                st.outcome = Some(Outcome::Bounded {
                    bound: Bound::Memory,
                });
                return one(Value::UNKNOWN);
            }
            // A zero value that is no heap object (a byte, an int, a nil) is
            // made once and copied: a 32 KiB read buffer is one value
            // repeated, not 32768 allocations.
            let first = m.zero_of(st, &elem, None, 1);
            let items: Vec<Value> = if first.plain().obj_id().is_some() {
                std::iter::once(first)
                    .chain((1..cap).map(|_| m.zero_of(st, &elem, None, 1)))
                    .take(cap as usize)
                    .collect()
            } else {
                vec![first; cap as usize]
            };
            let arr = st.alloc(Obj::Array(items));
            one(Value::Slice {
                arr,
                off: 0,
                len: len as u32,
                cap: cap as u32,
            })
        }
        _ => one(Value::UNKNOWN),
    }
}

fn new(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    let v = match c.args.first() {
        Some(Value::Type(t)) => m.zero(st, *t),
        // Go 1.26's `new(expr)`: a new variable holding a copy of the value.
        Some(v) => m.copy_val(st, v.clone()),
        None => Value::UNKNOWN,
    };
    one(match v {
        Value::Struct(o) => Value::Ptr(o),
        Value::Obj(o) => Value::Obj(o),
        other => Value::Ptr(st.alloc(Obj::Cell(other))),
    })
}

fn delete(m: &Machine, st: &mut State, _: &mut Goroutine, c: Call) -> R<Ret> {
    if let (Some(Value::Map(map)), Some(k)) = (c.args.first(), c.args.get(1)) {
        if let Some(global) = st.global_holding_map(*map) {
            st.facts.global_cleaned.push(global);
        }
        let pos = match st.heap.get(*map as usize) {
            Some(Obj::Map(e, _)) => e
                .iter()
                .position(|(ek, _)| m.equal(st, ek, k) == Some(true)),
            _ => None,
        };
        if let (Some(p), Some(Obj::Map(e, _))) = (pos, st.heap.get_mut(*map as usize)) {
            e.remove(p);
        }
    }
    none()
}

fn recover(_: &Machine, _: &mut State, g: &mut Goroutine, _: Call) -> R<Ret> {
    let depth = g.frames.len();
    let in_defer = g.frames.last().is_some_and(|f| f.is_defer);
    if in_defer && depth == g.unwind_depth + 1 {
        match g.panicking.take() {
            // Goexit is not a panic: nothing recovers it.
            Some(Unwinding::Goexit) => {
                g.panicking = Some(Unwinding::Goexit);
                return one(Value::Nil);
            }
            Some(Unwinding::Panic(v)) => {
                if let Some(f) = g.frames.get_mut(depth - 2) {
                    f.returning = true;
                }
                return one(v);
            }
            None => {}
        }
    }
    one(Value::Nil)
}

/// `print` or (with `ln`) `println`, to standard error.
fn print(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call, ln: bool) -> R<Ret> {
    let parts: Vec<String> = c
        .args
        .iter()
        .map(|a| m.format_value(st, g, a, 'v', false))
        .collect();
    let mut s = if ln { parts.join(" ") } else { parts.concat() };
    if ln {
        s.push('\n');
    }
    if !st.entry_done {
        st.out.stderr.push_str(&s);
    }
    none()
}

/// `min` (`keep` = Less) or `max` (`keep` = Greater).
fn extreme(c: Call, keep: std::cmp::Ordering) -> R<Ret> {
    let args = c.args;
    let mut best = args.first().cloned().unwrap_or(Value::UNKNOWN);
    for a in args.iter().skip(1) {
        if cmp_values(a, &best) == keep {
            best = a.clone();
        }
    }
    one(best)
}

impl Machine {
    /// `append(base, extra...)`: in place when the capacity allows.
    pub(crate) fn append(&self, st: &mut State, base: Value, extra: Vec<Value>) -> Value {
        let base = self.array_view(st, &base);
        match base {
            Value::Slice { arr, off, len, cap } => {
                let need = len as usize + extra.len();
                if need <= cap as usize {
                    if let Some(Obj::Array(a)) = st.heap.get_mut(arr as usize) {
                        for (i, v) in extra.into_iter().enumerate() {
                            a[off as usize + len as usize + i] = v;
                        }
                    }
                    Value::Slice {
                        arr,
                        off,
                        len: need as u32,
                        cap,
                    }
                } else {
                    let mut items = self.slice_items(st, &base);
                    items.extend(extra);
                    let newcap = (cap as usize * 2).max(need);
                    let n = items.len();
                    let fill = items.last().map(zero_like).unwrap_or(Value::Nil);
                    items.resize(newcap, fill);
                    let a = st.alloc(Obj::Array(items));
                    Value::Slice {
                        arr: a,
                        off: 0,
                        len: n as u32,
                        cap: newcap as u32,
                    }
                }
            }
            Value::NilSlice | Value::Nil => {
                if extra.is_empty() {
                    return Value::NilSlice;
                }
                self.make_slice(st, extra)
            }
            other => other,
        }
    }
}
