//! `bufio`: Scanner, Reader and Writer over the program's own readers and
//! writers, whose `Read` and `Write` run as frames of their own (as io.rs
//! does), over a `strings.Reader` or `bytes.Buffer`, and (a Writer) over
//! standard output. Over any other reader or writer they stay unknown code,
//! so `for s.Scan()` over a connection is a loop over unknown input as
//! before (`Code::in_loop`); so is one over a reader of the program's that
//! gives bytes the analysis does not know (`Bufio::lost`).
//!
//! The program's `Read` is given a 512-byte slice (Go's buffer holds 4096):
//! a `Read` that could give more in one call is called more often.

use super::args::{none, one, vals, Call, Package, Shim, This, R};
use super::io::{bytes, call, error, int, progress, results, unknown, user_method};
use crate::engine::machine::{Machine, Ret, ERR_EOF};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "bufio",
    plain_args: false,
    shims: &[
        Shim::func("bufio.NewScanner", 1, |m, st, g, c| {
            new(m, st, g, c, BufKind::Lines)
        }),
        Shim::func("bufio.NewReader", 1, |m, st, g, c| {
            new(m, st, g, c, BufKind::Reader)
        }),
        Shim::func("bufio.NewWriter", 1, |m, st, g, c| {
            new(m, st, g, c, BufKind::Writer)
        }),
        Shim::value(SPLITS[0], || Value::Builtin(SPLITS[0])),
        Shim::value(SPLITS[1], || Value::Builtin(SPLITS[1])),
    ],
};

/// The split functions modelled, in `BufKind`'s order (`ScanRunes`,
/// `ScanBytes` and the program's own make unknown tokens).
const SPLITS: [&str; 2] = ["bufio.ScanLines", "bufio.ScanWords"];

/// A new Scanner, Reader or Writer, or unknown code over a reader or writer the analysis cannot follow.
fn new(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call, kind: BufKind) -> R<Ret> {
    let inner = c.args.first().cloned().unwrap_or(Value::Nil);
    let builder = matches!(builder(m, st, &inner), Some(Obj::Builder(_)));
    let known = builder
        || match kind {
            BufKind::Writer => {
                matches!(
                    inner,
                    Value::Builtin(super::args::STDOUT | super::args::STDERR)
                ) || user_method(m, st, Some(&inner), "Write").is_some()
            }
            _ => user_method(m, st, Some(&inner), "Read").is_some(),
        };
    if !known {
        return unknown(m, st, g, &c);
    }
    one(Value::Obj(st.alloc(Obj::Bufio(Box::new(Bufio {
        kind,
        inner,
        buf: Vec::new(),
        err: Value::Nil,
        token: Vec::new(),
        scratch: Value::NilSlice,
        lost: false,
    })))))
}

/// The `strings.Reader`/`bytes.Buffer` (or anything else) `v` points to.
fn builder<'a>(m: &Machine, st: &'a mut State, v: &Value) -> Option<&'a mut Obj> {
    let o = m.deref_obj(st, v)?;
    st.heap.get_mut(o as usize)
}

fn get(st: &mut State, o: ObjId) -> &mut Bufio {
    match st.heap.get_mut(o as usize) {
        Some(Obj::Bufio(b)) => b,
        _ => unreachable!("a bufio method on another object"),
    }
}

/// A method of a Scanner, Reader or Writer (one function: a table of
/// closures cost the download more).
pub(super) fn method(
    m: &Machine,
    st: &mut State,
    g: &mut Goroutine,
    name: &str,
    t: This,
) -> R<Ret> {
    let data = match (name, t.args.first()) {
        ("Scan", _) => return read_until(m, st, g, t, Until::Scan),
        ("ReadString", _) => return read_until(m, st, g, t, Until::String),
        ("ReadBytes", _) => return read_until(m, st, g, t, Until::Bytes),
        ("ReadLine", _) => return read_until(m, st, g, t, Until::Line),
        ("Flush", _) => return flush(m, st, g, t),
        ("Write" | "WriteString", Some(Value::Str(s))) => Some(s.as_bytes().to_vec()),
        ("Write", Some(p)) => known_bytes(&m.slice_items(st, p)),
        ("WriteByte", b) => int(b).map(|b| vec![b as u8]),
        ("WriteString" | "Write", _) => None,
        _ => {
            let f = t.args.first();
            let b = get(st, t.o);
            return match name {
                "Text" => one(text(&b.token)),
                "Bytes" => {
                    let tok = b.token.clone();
                    one(byte_slice(m, st, &tok))
                }
                "Err" if b.err == Value::Obj(ERR_EOF) => one(Value::Nil),
                "Err" => one(b.err.clone()),
                "Buffered" => one(Value::Int(b.buf.len() as i64)),
                "Split" => {
                    match SPLITS.iter().position(|s| f == Some(&Value::Builtin(s))) {
                        Some(i) => b.kind = [BufKind::Lines, BufKind::Words][i],
                        // A split function of the program's own: unknown
                        // tokens.
                        None => b.lost = true,
                    }
                    none()
                }
                // `Buffer`: the buffer's size is not modelled.
                _ => none(),
            };
        }
    };
    write(m, st, g, t, data)
}

fn text(b: &[u8]) -> Value {
    Value::str(&String::from_utf8_lossy(b))
}

/// A new `[]byte` holding `b`.
fn byte_slice(m: &Machine, st: &mut State, b: &[u8]) -> Value {
    let items: Vec<Value> = b.iter().map(|c| m.sized(IntKind::U8, *c as i64)).collect();
    let n = items.len() as u32;
    bytes(m, st, &items, n, n)
}

/// Bytes whose every value is known.
fn known_bytes(items: &[Value]) -> Option<Vec<u8>> {
    items
        .iter()
        .map(|v| int(Some(v)).map(|b| b as u8))
        .collect()
}

/// Takes in what the program's `Read` that the last run of this call made
/// returned: its bytes join the buffer, its error ends the input. An
/// unknown count, byte or error loses the reader.
fn absorb(m: &Machine, st: &mut State, g: &mut Goroutine, o: ObjId) {
    let (_, calls) = results(g);
    let Some(r) = calls.last() else {
        return;
    };
    let scratch = get(st, o).scratch.clone();
    let items = m.slice_items(st, &scratch);
    let err = r.get(1).cloned().unwrap_or(Value::Nil);
    let data = int(r.first())
        .filter(|n| (0..=items.len() as i64).contains(n) && !err.is_unknown())
        .and_then(|n| known_bytes(&items[..n as usize]));
    let b = get(st, o);
    match data {
        None => b.lost = true,
        Some(d) => {
            b.buf.extend(d);
            if !err.is_nil() {
                b.err = err;
            }
        }
    }
    progress(g, Vec::new());
}

/// Reads more into the buffer: `Ok` when it did so here (a string's bytes),
/// else what the call returns first: the program's `Read` as a frame, or
/// unknown results when the reader cannot be followed.
fn fill(
    m: &Machine,
    st: &mut State,
    g: &mut Goroutine,
    o: ObjId,
    ok: bool,
    want: u8,
) -> Result<(), R<Ret>> {
    let inner = get(st, o).inner.clone();
    if let Some(Obj::Builder(s)) = builder(m, st, &inner) {
        let data = std::mem::take(s);
        let b = get(st, o);
        if data.is_empty() {
            b.err = Value::Obj(ERR_EOF);
        }
        b.buf.extend(data.bytes());
        return Ok(());
    }
    match (ok, user_method(m, st, Some(&inner), "Read")) {
        (true, Some((f, recv))) => {
            let mut p = get(st, o).scratch.clone();
            if !matches!(p, Value::Slice { .. }) {
                p = bytes(m, st, &[], 512, 512);
                get(st, o).scratch = p.clone();
            }
            Err(call(f, recv, p))
        }
        _ => {
            get(st, o).lost = true;
            Err(m.opaque_call(st, g, want))
        }
    }
}

fn space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

/// The split function `kind` on the buffered bytes: how many to consume
/// and the token, or `None` for more input.
fn split(kind: BufKind, data: &[u8], at_eof: bool) -> Option<(usize, Vec<u8>)> {
    let line = |l: &[u8]| l.strip_suffix(b"\r").unwrap_or(l).to_vec();
    match kind {
        BufKind::Words => {
            let start = data.iter().position(|c| !space(*c))?;
            match data[start..].iter().position(|c| space(*c)) {
                Some(i) => Some((start + i + 1, data[start..start + i].to_vec())),
                None => at_eof.then(|| (data.len(), data[start..].to_vec())),
            }
        }
        _ => match data.iter().position(|c| *c == b'\n') {
            Some(i) => Some((i + 1, line(&data[..i]))),
            None => (at_eof && !data.is_empty()).then(|| (data.len(), line(data))),
        },
    }
}

/// Which of the reads.
#[derive(Clone, Copy, PartialEq)]
enum Until {
    Scan,
    String,
    Bytes,
    Line,
}

/// A Scanner's `Scan` (the next token of its split function), and a
/// Reader's `ReadString`, `ReadBytes`, `ReadLine`: up to the delimiter, or
/// what is left and the error that ended the input (returned once, as
/// Go's `readErr`). Each reads as needed.
fn read_until(m: &Machine, st: &mut State, g: &mut Goroutine, t: This, until: Until) -> R<Ret> {
    let ok = std::mem::take(&mut g.lib_ok);
    absorb(m, st, g, t.o);
    let delim = match until {
        Until::String | Until::Bytes => int(t.args.first()).map(|d| d as u8),
        _ => Some(b'\n'),
    };
    loop {
        let b = get(st, t.o);
        if b.lost || delim.is_none() {
            return m.opaque_call(st, g, t.want);
        }
        let at_eof = !b.err.is_nil();
        if until == Until::Scan {
            if let Some((n, token)) = split(b.kind, &b.buf, at_eof) {
                b.buf.drain(..n);
                b.token = token;
                return one(Value::Bool(true));
            }
            if at_eof {
                b.token.clear();
                return one(Value::Bool(false));
            }
        } else if let Some(i) = b.buf.iter().position(|c| Some(*c) == delim) {
            let data: Vec<u8> = b.buf.drain(..=i).collect();
            return done(m, st, until, data, Value::Nil);
        } else if at_eof {
            let data = std::mem::take(&mut b.buf);
            let err = std::mem::replace(&mut b.err, Value::Nil);
            return done(m, st, until, data, err);
        }
        if let Err(ret) = fill(m, st, g, t.o, ok, t.want) {
            return ret;
        }
    }
}

/// A Reader's results: `data` and `err`.
fn done(m: &Machine, st: &mut State, until: Until, data: Vec<u8>, err: Value) -> R<Ret> {
    vals(match until {
        Until::Bytes => vec![byte_slice(m, st, &data), err],
        // Go's is a nil `[]byte`; an empty one prints as it does.
        Until::Line if data.is_empty() => {
            let zero = [m.sized(IntKind::U8, 0)];
            vec![bytes(m, st, &zero, 0, 1), Value::Bool(false), err]
        }
        Until::Line => {
            let line = data
                .strip_suffix(b"\n")
                .map_or(&data[..], |l| l.strip_suffix(b"\r").unwrap_or(l));
            vec![byte_slice(m, st, line), Value::Bool(false), Value::Nil]
        }
        _ => vec![text(&data), err],
    })
}

/// Writes bytes a Writer flushes to standard output or error or a
/// `strings.Builder` (no frame needed). False for the program's writers.
fn emit(m: &Machine, st: &mut State, to: &Value, data: &[u8]) -> bool {
    let s = String::from_utf8_lossy(data);
    match to {
        Value::Builtin(super::args::STDOUT) => {
            if !st.entry_done {
                st.out.stdout.push_str(&s)
            }
        }
        Value::Builtin(super::args::STDERR) => {
            if !st.entry_done {
                st.out.stderr.push_str(&s)
            }
        }
        _ => match builder(m, st, to) {
            Some(Obj::Builder(b)) => b.push_str(&s),
            _ => return false,
        },
    }
    true
}

/// Buffers `p` in the Writer `o` as Go's `Write` does when its writer
/// needs no frame: what does not fit fills the buffer, which is flushed
/// (a write larger than the empty buffer goes straight through). False
/// for the program's writers: `p` is buffered whole, and the caller
/// flushes if it does not fit.
pub(super) fn buffer(m: &Machine, st: &mut State, o: ObjId, mut p: &[u8]) -> bool {
    loop {
        let b = get(st, o);
        let free = SIZE.saturating_sub(b.buf.len());
        if p.len() <= free {
            b.buf.extend_from_slice(p);
            return true;
        }
        let to = b.inner.clone();
        let out = if b.buf.is_empty() {
            std::mem::take(&mut p).to_vec()
        } else {
            b.buf.extend_from_slice(&p[..free]);
            p = &p[free..];
            std::mem::take(&mut b.buf)
        };
        if !emit(m, st, &to, &out) {
            // The program's writer: keep it all for its `Write`.
            let b = get(st, o);
            b.buf = [out, p.to_vec()].concat();
            return false;
        }
    }
}

/// What the program's `Write` a flush called returned: the bytes it took
/// leave the buffer; an error (`io.ErrShortWrite` for a short count)
/// stays, as Go's Writer keeps it.
fn flushed(st: &mut State, o: ObjId, r: &[Value]) -> Value {
    let len = get(st, o).buf.len() as i64;
    let mut e = r.get(1).cloned().unwrap_or(Value::Nil);
    let n = int(r.first()).unwrap_or(len).clamp(0, len);
    if n < len && e.is_nil() {
        e = error(st, "short write");
    }
    let b = get(st, o);
    if e.is_nil() {
        b.buf.clear();
    } else {
        b.buf.drain(..n as usize);
        if !e.is_unknown() {
            b.err = e.clone();
        }
    }
    e
}

/// The Writer's buffer handed to the program's `Write` as a frame, or
/// `None` once written where no frame is needed.
fn write_out(m: &Machine, st: &mut State, o: ObjId) -> Option<R<Ret>> {
    let b = get(st, o);
    let (to, data) = (b.inner.clone(), b.buf.clone());
    if emit(m, st, &to, &data) {
        get(st, o).buf.clear();
        return None;
    }
    let (f, recv) = user_method(m, st, Some(&to), "Write")?;
    let p = byte_slice(m, st, &data);
    Some(call(f, recv, p))
}

/// A Writer's size: Go's default (`NewWriterSize` is unknown code).
const SIZE: usize = 4096;

/// `Write`, `WriteString`, `WriteByte`, `WriteRune` of `data` (`None`:
/// bytes the analysis does not know, written as none).
fn write(m: &Machine, st: &mut State, g: &mut Goroutine, t: This, data: Option<Vec<u8>>) -> R<Ret> {
    let ok = std::mem::take(&mut g.lib_ok);
    let n = match &data {
        Some(d) => Value::Int(d.len() as i64),
        None => Value::UNKNOWN,
    };
    let ret = |e: Value| {
        vals(if t.want == 1 {
            vec![e]
        } else {
            vec![if e.is_nil() { n.clone() } else { Value::Int(0) }, e]
        })
    };
    let (_, calls) = results(g);
    if let Some(r) = calls.last() {
        // The program's `Write` took what did not fit.
        let e = flushed(st, t.o, r);
        return ret(e);
    }
    let e = get(st, t.o).err.clone();
    if !e.is_nil() {
        return ret(e);
    }
    if buffer(m, st, t.o, &data.unwrap_or_default()) {
        return ret(Value::Nil);
    }
    match ok.then(|| write_out(m, st, t.o)).flatten() {
        Some(call) => call,
        None => ret(Value::Nil),
    }
}

/// `w.Flush()`.
fn flush(m: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let ok = std::mem::take(&mut g.lib_ok);
    let (_, calls) = results(g);
    if let Some(r) = calls.last() {
        return one(flushed(st, t.o, r));
    }
    let b = get(st, t.o);
    if !b.err.is_nil() || b.buf.is_empty() {
        return one(b.err.clone());
    }
    // Not called by the program's code: no frame, nothing written.
    let out = ok.then(|| write_out(m, st, t.o)).flatten();
    out.unwrap_or(one(Value::Nil))
}
