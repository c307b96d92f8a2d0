//! `io`, and the tracked closable resources every package opens (files,
//! connections, response bodies): opened here, released by `Close`.

use super::args::{one, vals, Call, Method, Package, Shim, This, R};
use crate::engine::machine::{Machine, MethodTarget, Ret, ERR_EOF};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "io",
    plain_args: false,
    shims: &[
        Shim::value("io.EOF", || Value::Obj(ERR_EOF)),
        Shim::func("io.ReadFull", 2, |m, st, g, c| {
            read_at_least(m, st, g, c, false)
        }),
        Shim::func("io.ReadAtLeast", 2, |m, st, g, c| {
            read_at_least(m, st, g, c, true)
        }),
        Shim::func("io.ReadAll", 2, read_all),
        Shim::func("io.Copy", 2, copy),
        Shim::func("io.WriteString", 2, write_string),
    ],
};

// The helpers below call the program's own `Read` and `Write` methods as
// Go's do, each as a frame of its own (`Ret::CallFirst`), so a `Read` that
// receives from a channel blocks the caller. The helper runs again after
// each call and reads the results so far from the caller's frame; it keeps
// its progress there as one `CallResult::Returned` entry (`progress`), so
// every result is read once. On any other reader or writer, or when the
// call was not made by the program's code, they stay unknown code.

/// The program's method `name` on `v`, as a callee and its receiver.
pub(super) fn user_method(
    m: &Machine,
    st: &State,
    v: Option<&Value>,
    name: &str,
) -> Option<(Value, Value)> {
    match m.resolve_method(st, v?, name) {
        MethodTarget::User(f, recv) => Some((Value::Func(f), recv)),
        _ => None,
    }
}

pub(super) fn unknown(m: &Machine, st: &mut State, g: &mut Goroutine, c: &Call) -> R<Ret> {
    m.hand_to_unknown(st, &c.args, c.span);
    m.opaque_call(st, g, c.want)
}

pub(super) fn call(callee: Value, recv: Value, arg: Value) -> R<Ret> {
    Ok(Ret::CallFirst {
        callee,
        args: vec![recv, arg],
        recovers: false,
    })
}

/// The library function's progress (empty when it has none) and the
/// results of the calls it made since.
pub(super) fn results(g: &Goroutine) -> (Vec<Value>, Vec<Vec<Value>>) {
    let mut progress = Vec::new();
    let mut calls = Vec::new();
    for r in g.frames.last().map_or(&[][..], |f| &f.lib_results) {
        match r {
            CallResult::Progress(p) => progress = p.clone(),
            CallResult::Returned(v) => calls.push(v.clone()),
            CallResult::Panicked(_) => calls.push(Vec::new()),
        }
    }
    (progress, calls)
}

/// Replaces the results read so far with this progress.
pub(super) fn progress(g: &mut Goroutine, values: Vec<Value>) {
    if let Some(f) = g.frames.last_mut() {
        f.lib_results = vec![CallResult::Progress(values)];
    }
}

/// Calls the program's `f` with `args` for a library function that
/// resumes: as a frame of its own when the program's code made the call
/// (`Err`: the call first, after which the library call runs again with
/// `keep` as its progress), else on the Rust stack. Its first result.
pub(super) fn ask(
    m: &Machine,
    st: &mut State,
    g: &mut Goroutine,
    f: &Value,
    args: Vec<Value>,
    keep: Vec<Value>,
) -> Result<Option<Value>, R<Ret>> {
    if g.lib_ok {
        progress(g, keep);
        return Err(Ok(Ret::CallFirst {
            callee: f.clone(),
            args,
            recovers: false,
        }));
    }
    Ok(m.call_sync(st, g, f, args)
        .and_then(|v| v.into_iter().next()))
}

/// An integer result (`n`), or `None` when unknown.
pub(super) fn int(v: Option<&Value>) -> Option<i64> {
    match v.map(Value::plain) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

pub(super) fn error(st: &mut State, msg: &str) -> Value {
    Value::Obj(st.alloc(Obj::Error {
        msg: msg.into(),
        wrapped: None,
    }))
}

/// `s[from:to]` of a slice: `to` at most its capacity, `None` for its
/// length.
fn sub(m: &Machine, st: &State, s: &Value, from: i64, to: Option<i64>) -> Value {
    match m.array_view(st, s) {
        Value::Slice { arr, off, len, cap } => {
            let from = from.clamp(0, len as i64) as u32;
            let to = to.map_or(len, |t| t.clamp(from as i64, cap as i64) as u32);
            Value::Slice {
                arr,
                off: off + from,
                len: to - from,
                cap: cap - from,
            }
        }
        other => other,
    }
}

fn len_of(m: &Machine, st: &State, s: &Value) -> i64 {
    match m.array_view(st, s) {
        Value::Slice { len, .. } => len as i64,
        _ => 0,
    }
}

/// `io.ReadAtLeast(r, buf, min)` (`io.ReadFull(r, buf)` with `min` the
/// buffer's length): reads until `min` bytes or an error.
fn read_at_least(
    m: &Machine,
    st: &mut State,
    g: &mut Goroutine,
    c: Call,
    at_least: bool,
) -> R<Ret> {
    let read = user_method(m, st, c.args.first(), "Read");
    let (Some((callee, recv)), true) = (read, std::mem::take(&mut g.lib_ok)) else {
        return unknown(m, st, g, &c);
    };
    let buf = c.args.get(1).cloned().unwrap_or(Value::NilSlice);
    let len = len_of(m, st, &buf);
    let min = if at_least {
        int(c.args.get(2)).unwrap_or(len)
    } else {
        len
    };
    if len < min {
        let e = error(st, "short buffer");
        return vals(vec![Value::Int(0), e]);
    }
    let (p, calls) = results(g);
    let (mut n, mut err) = (
        int(p.first()).unwrap_or(0),
        p.get(1).cloned().unwrap_or(Value::Nil),
    );
    for r in &calls {
        let Some(k) = int(r.first()) else {
            // A count the analysis does not know: so is the total.
            return vals(vec![
                Value::UNKNOWN,
                r.get(1).cloned().unwrap_or(Value::UNKNOWN),
            ]);
        };
        n += k;
        err = r.get(1).cloned().unwrap_or(Value::Nil);
    }
    if n < min && err.is_nil() {
        progress(g, vec![Value::Int(n), err]);
        return call(callee, recv, sub(m, st, &buf, n, None));
    }
    let err = if n >= min {
        Value::Nil
    } else if n > 0 && err == Value::Obj(ERR_EOF) {
        error(st, "unexpected EOF")
    } else {
        err
    };
    vals(vec![Value::Int(n), err])
}

/// A new byte slice of this length and capacity holding `items`.
pub(super) fn bytes(m: &Machine, st: &mut State, items: &[Value], len: u32, cap: u32) -> Value {
    let mut all = items.to_vec();
    all.resize(cap as usize, m.sized(IntKind::U8, 0));
    let arr = st.alloc(Obj::Array(all));
    Value::Slice {
        arr,
        off: 0,
        len,
        cap,
    }
}

/// `io.ReadAll(r)`: reads into a growing buffer until an error; `io.EOF`
/// ends it without one.
fn read_all(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let read = user_method(m, st, c.args.first(), "Read");
    let (Some((callee, recv)), true) = (read, std::mem::take(&mut g.lib_ok)) else {
        return unknown(m, st, g, &c);
    };
    let (p, calls) = results(g);
    let mut b = match p.first() {
        Some(b) => b.clone(),
        None => bytes(m, st, &[], 0, 512),
    };
    for r in &calls {
        let n = int(r.first()).unwrap_or(0).max(0);
        let len = len_of(m, st, &b);
        b = sub(m, st, &b, 0, Some(len + n));
        match r.get(1) {
            Some(Value::Nil) | None => {}
            Some(e) => {
                let e = if *e == Value::Obj(ERR_EOF) {
                    Value::Nil
                } else {
                    e.clone()
                };
                return vals(vec![b, e]);
            }
        }
    }
    let (len, cap) = match m.array_view(st, &b) {
        Value::Slice { len, cap, .. } => (len, cap),
        _ => (0, 0),
    };
    if len == cap {
        // Full: a buffer twice the size, holding what was read.
        let items = m.slice_items(st, &b);
        b = bytes(m, st, &items, len, (cap * 2).max(512));
    }
    progress(g, vec![b.clone()]);
    // Read into the free part: `b[len(b):cap(b)]`.
    call(callee, recv, sub(m, st, &b, len as i64, Some(i64::MAX)))
}

/// `io.Copy(dst, src)`: reads from `src` into a buffer and writes what it
/// read to `dst` until `src` ends. Go's buffer holds 32 KiB; this one holds
/// 512 bytes (a state is copied at every choice), so a `Read` that could
/// give more is called more often.
fn copy(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let read = user_method(m, st, c.args.get(1), "Read");
    let write = user_method(m, st, c.args.first(), "Write");
    let ok = std::mem::take(&mut g.lib_ok);
    let (Some((rf, rr)), true) = (read.clone(), ok) else {
        return unknown(m, st, g, &c);
    };
    let (p, calls) = results(g);
    let (mut written, buf) = match (int(p.first()), p.get(1)) {
        (Some(w), Some(b)) => (w, b.clone()),
        _ => (0, bytes(m, st, &[], 512, 512)),
    };
    match calls.as_slice() {
        [] => {}
        [r] | [r, _] => {
            let nr = int(r.first()).unwrap_or(0).clamp(0, 512);
            let er = r.get(1).cloned().unwrap_or(Value::Nil);
            let (mut nw, mut ew) = (nr, Value::Nil);
            if nr > 0 {
                match (&write, calls.get(1)) {
                    (Some((wf, wr)), None) => {
                        return call(wf.clone(), wr.clone(), sub(m, st, &buf, 0, Some(nr)));
                    }
                    (Some(_), Some(w)) => {
                        nw = int(w.first()).unwrap_or(nr);
                        ew = w.get(1).cloned().unwrap_or(Value::Nil);
                        if nw < 0 || nw > nr {
                            nw = 0;
                            if ew.is_nil() {
                                ew = error(st, "invalid write result");
                            }
                        }
                    }
                    (None, _) => {
                        let data = sub(m, st, &buf, 0, Some(nr));
                        write_elsewhere(m, st, c.args.first(), &data, c.span);
                    }
                }
            }
            written += nw;
            if !ew.is_nil() {
                return vals(vec![Value::Int(written), ew]);
            }
            if nr != nw {
                let e = error(st, "short write");
                return vals(vec![Value::Int(written), e]);
            }
            if !er.is_nil() {
                let e = if er == Value::Obj(ERR_EOF) {
                    Value::Nil
                } else {
                    er
                };
                return vals(vec![Value::Int(written), e]);
            }
        }
        _ => {}
    }
    progress(g, vec![Value::Int(written), buf.clone()]);
    call(rf, rr, buf)
}

/// Writes bytes `io.Copy` read to a writer that is not the program's:
/// standard output or error, a `strings.Builder`, or unknown code.
fn write_elsewhere(
    m: &Machine,
    st: &mut State,
    dst: Option<&Value>,
    data: &Value,
    span: crate::syntax::Span,
) {
    let text: String = m
        .slice_items(st, data)
        .iter()
        .filter_map(|b| int(Some(b)).map(|b| b as u8 as char))
        .collect();
    match dst {
        Some(Value::Builtin(super::args::STDOUT)) if !st.entry_done => {
            st.out.stdout.push_str(&text)
        }
        Some(Value::Builtin(super::args::STDERR)) if !st.entry_done => {
            st.out.stderr.push_str(&text)
        }
        Some(d) => match m.deref_obj(st, d).and_then(|o| st.heap.get_mut(o as usize)) {
            Some(Obj::Builder(b)) => b.push_str(&text),
            _ => m.hand_to_unknown(st, &[d.clone(), data.clone()], span),
        },
        None => {}
    }
}

/// `io.WriteString(w, s)`: the writer's `WriteString` if it has one, else
/// its `Write` of the string's bytes.
fn write_string(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let ok = std::mem::take(&mut g.lib_ok);
    let s = c.args.get(1).cloned().unwrap_or(Value::str(""));
    let done = g.frames.last().and_then(|f| f.lib_results.first().cloned());
    if let (Some(CallResult::Returned(r)), true) = (done, ok) {
        return vals(r);
    }
    match (ok, user_method(m, st, c.args.first(), "WriteString")) {
        (true, Some((f, recv))) => call(f, recv, s),
        (true, None) => match (user_method(m, st, c.args.first(), "Write"), &s) {
            (Some((f, recv)), Value::Str(text)) => {
                let items: Vec<Value> = text
                    .bytes()
                    .map(|b| m.sized(IntKind::U8, b as i64))
                    .collect();
                let n = items.len() as u32;
                let data = bytes(m, st, &items, n, n);
                call(f, recv, data)
            }
            _ => unknown(m, st, g, &c),
        },
        (false, _) => unknown(m, st, g, &c),
    }
}

/// The methods of a tracked resource.
pub(super) const RESOURCE: &[Method] = &[
    Method {
        name: "Close",
        run: |_, st, g, t| release(st, g, t),
    },
    Method {
        name: "Stop",
        run: |_, st, g, t| release(st, g, t),
    },
];

/// Opens a resource of this kind: returns it and a nil error.
pub(super) fn open_resource(st: &mut State, c: Call, kind: &'static str) -> R<Ret> {
    let r = st.alloc(Obj::Resource {
        kind,
        span: c.span,
        released: false,
    });
    st.facts.resources.push(r);
    vals(vec![Value::Obj(r), Value::Nil])
}

fn release(st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(t.o as usize) {
        *released = true;
    }
    if st.mode.records() {
        let gid = g.id;
        st.rec.events.push(Event {
            goroutine: gid,
            span: t.span,
            text: format!("g{gid} closes the resource"),
        });
    }
    one(Value::Nil)
}
