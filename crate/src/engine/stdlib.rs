//! The modelled standard library: built-in functions, `fmt`, `sync`, `time`,
//! `context`, `errors`, `strings`, `strconv`, `math/rand`, `sync/atomic`,
//! `testing`, and the tracked closable resources. Anything else is opaque.

use super::machine::{panic_msg, push_adjusted, Machine, Ret, Trap, ERR_CANCELED, ERR_EOF};
use super::state::*;
use super::value::*;
use crate::syntax::Span;
use std::rc::Rc;

type R<T> = Result<T, Trap>;

const SECOND: i64 = 1_000_000_000;

/// The value of `pkg.name` for an import path, if modelled.
pub fn package_member(path: &str, name: &str) -> Option<Value> {
    let dur = |d: i64| Some(Value::Duration(d));
    match (path, name) {
        ("time", "Nanosecond") => return dur(1),
        ("time", "Microsecond") => return dur(1_000),
        ("time", "Millisecond") => return dur(1_000_000),
        ("time", "Second") => return dur(SECOND),
        ("time", "Minute") => return dur(60 * SECOND),
        ("time", "Hour") => return dur(3600 * SECOND),
        ("context", "Canceled") => return Some(Value::Obj(ERR_CANCELED)),
        ("context", "DeadlineExceeded") => return Some(Value::Obj(super::machine::ERR_DEADLINE)),
        ("io", "EOF") => return Some(Value::Obj(ERR_EOF)),
        ("math", "MaxInt64" | "MaxInt") => return Some(Value::Int(i64::MAX)),
        ("math", "MinInt64" | "MinInt") => return Some(Value::Int(i64::MIN)),
        ("math", "MaxInt32") => return Some(Value::Int(i32::MAX as i64)),
        ("math", "Pi") => return Some(Value::Float(F64(std::f64::consts::PI))),
        ("os", "Stdout") => return Some(Value::Builtin("os.Stdout")),
        ("os", "Stderr") => return Some(Value::Builtin("os.Stderr")),
        _ => {}
    }
    let pkg = match path {
        "math/rand" | "math/rand/v2" => "rand",
        "sync/atomic" => "atomic",
        "net/http" => "http",
        "database/sql" => "sql",
        "google.golang.org/grpc" => "grpc",
        p => p.rsplit('/').next().unwrap_or(p),
    };
    let full = format!("{pkg}.{name}");
    STD_FUNCS
        .iter()
        .find(|f| **f == full)
        .map(|f| Value::Builtin(f))
}

const STD_FUNCS: &[&str] = &[
    "fmt.Println",
    "fmt.Printf",
    "fmt.Print",
    "fmt.Sprintf",
    "fmt.Sprint",
    "fmt.Sprintln",
    "fmt.Errorf",
    "fmt.Fprintf",
    "fmt.Fprintln",
    "fmt.Fprint",
    "errors.New",
    "errors.Is",
    "errors.Unwrap",
    "errors.As",
    "errors.Join",
    "time.Sleep",
    "time.After",
    "time.Tick",
    "time.NewTimer",
    "time.NewTicker",
    "time.AfterFunc",
    "time.Now",
    "time.Since",
    "time.Until",
    "time.Duration",
    "context.Background",
    "context.TODO",
    "context.WithCancel",
    "context.WithTimeout",
    "context.WithDeadline",
    "context.WithValue",
    "context.Cause",
    "sync.NewCond",
    "sync.OnceFunc",
    "runtime.Gosched",
    "runtime.NumGoroutine",
    "runtime.GOMAXPROCS",
    "runtime.NumCPU",
    "runtime.Goexit",
    "runtime.GC",
    "rand.Intn",
    "rand.Int",
    "rand.Float64",
    "rand.Int63",
    "rand.Int31n",
    "rand.Int63n",
    "rand.Seed",
    "rand.Perm",
    "rand.Shuffle",
    "rand.N",
    "rand.IntN",
    "atomic.AddInt64",
    "atomic.AddInt32",
    "atomic.LoadInt64",
    "atomic.LoadInt32",
    "atomic.StoreInt64",
    "atomic.StoreInt32",
    "atomic.CompareAndSwapInt64",
    "atomic.CompareAndSwapInt32",
    "atomic.AddUint64",
    "atomic.LoadUint64",
    "strings.ToUpper",
    "strings.ToLower",
    "strings.Repeat",
    "strings.Join",
    "strings.Contains",
    "strings.HasPrefix",
    "strings.HasSuffix",
    "strings.TrimSpace",
    "strings.Split",
    "strings.Fields",
    "strings.ReplaceAll",
    "strings.Index",
    "strings.Title",
    "strings.TrimPrefix",
    "strings.TrimSuffix",
    "strconv.Itoa",
    "strconv.Atoi",
    "strconv.Quote",
    "strconv.FormatInt",
    "sort.Ints",
    "sort.Strings",
    "sort.Slice",
    "sort.SliceStable",
    "sort.Search",
    "sort.SearchInts",
    "strings.Replace",
    "strings.Count",
    "strings.LastIndex",
    "math.Sqrt",
    "math.Max",
    "math.Min",
    "math.Abs",
    "math.Floor",
    "math.Pow",
    "os.Exit",
    "os.Open",
    "os.Create",
    "os.Getenv",
    "os.ReadFile",
    "net.Dial",
    "net.Listen",
    "net.DialTimeout",
    "http.Get",
    "http.Post",
    "sql.Open",
    "grpc.Dial",
    "grpc.NewClient",
    "grpc.DialContext",
    "log.Println",
    "log.Printf",
    "log.Print",
    "log.Fatal",
    "log.Fatalf",
    "log.Fatalln",
];

/// How many results a modelled library function returns, for `f(g())`.
pub fn result_count(path: &str, name: &str) -> Option<usize> {
    let Some(Value::Builtin(full)) = package_member(path, name) else {
        return None;
    };
    Some(match full {
        "fmt.Println"
        | "fmt.Printf"
        | "fmt.Print"
        | "fmt.Fprintf"
        | "fmt.Fprintln"
        | "fmt.Fprint"
        | "strconv.Atoi"
        | "os.Open"
        | "os.Create"
        | "os.ReadFile"
        | "net.Dial"
        | "net.Listen"
        | "net.DialTimeout"
        | "http.Get"
        | "http.Post"
        | "sql.Open"
        | "grpc.Dial"
        | "grpc.NewClient"
        | "grpc.DialContext"
        | "context.WithCancel"
        | "context.WithTimeout"
        | "context.WithDeadline" => 2,
        "time.Sleep" | "rand.Seed" | "rand.Shuffle" | "os.Exit" | "sort.Ints" | "sort.Strings"
        | "sort.Slice" | "log.Println" | "log.Printf" | "log.Print" | "log.Fatal"
        | "log.Fatalf" | "log.Fatalln" | "runtime.Gosched" | "runtime.Goexit" | "runtime.GC" => 0,
        _ => 1,
    })
}

/// Builtins that touch shared state: scheduling points when exploring.
pub fn is_visible_builtin(name: &str) -> bool {
    matches!(
        name,
        "close"
            | "time.Sleep"
            | "runtime.Gosched"
            | "atomic.AddInt64"
            | "atomic.AddInt32"
            | "atomic.LoadInt64"
            | "atomic.LoadInt32"
            | "atomic.StoreInt64"
            | "atomic.StoreInt32"
            | "atomic.CompareAndSwapInt64"
            | "atomic.CompareAndSwapInt32"
    )
}

fn strips_named_args(name: &str) -> bool {
    let pkg = name.split_once('.').map(|(p, _)| p).unwrap_or("");
    matches!(
        pkg,
        "strings"
            | "strconv"
            | "math"
            | "unicode"
            | "utf8"
            | "sort"
            | "bytes"
            | "os"
            | "rand"
            | "time"
    )
}

fn int_arg(args: &[Value], i: usize) -> Option<i64> {
    match args.get(i).map(|v| v.plain()) {
        Some(Value::Int(v)) | Some(Value::Duration(v)) => Some(*v),
        Some(Value::Float(f)) => Some(f.0 as i64),
        _ => None,
    }
}

fn str_arg(args: &[Value], i: usize) -> Option<Rc<str>> {
    match args.get(i) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

fn vals(v: Vec<Value>) -> R<Ret> {
    Ok(Ret::Values(v))
}

impl Machine {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_builtin(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        name: &str,
        args: Vec<Value>,
        want: u8,
        spread: bool,
        span: Span,
    ) -> R<Ret> {
        let _ = spread;
        let one = |v: Value| -> R<Ret> { Ok(Ret::Values(vec![v])) };
        // Library functions take the underlying values whatever their
        // declared type (`strings.ToUpper(color)`, `sort.Ints(ids)`); `fmt`
        // and the context keys keep the type.
        let args = if strips_named_args(name) {
            args.into_iter()
                .map(|a| match a {
                    Value::Named(_, inner) => inner.plain().clone(),
                    a => a,
                })
                .collect()
        } else {
            args
        };
        match name {
            "len" | "cap" => {
                let v = args.first().cloned().unwrap_or(Value::Opaque);
                let v = match &v {
                    Value::Ptr(_) => self.deref(st, &v)?,
                    _ => v,
                };
                let v = self.array_view(st, &v);
                let n = match (&v, name) {
                    (Value::Str(s), _) => s.len() as i64,
                    (Value::Slice { len, .. }, "len") => *len as i64,
                    (Value::Slice { cap, .. }, _) => *cap as i64,
                    (Value::NilSlice | Value::NilMap | Value::Nil, _) => 0,
                    (Value::Map(m), _) => match st.heap.get(*m as usize) {
                        Some(Obj::Map(e, _)) => e.len() as i64,
                        _ => 0,
                    },
                    (Value::Chan(c), "len") => st.chan(*c).map(|c| c.buf.len() as i64).unwrap_or(0),
                    (Value::Chan(c), _) => st.chan(*c).map(|c| c.cap as i64).unwrap_or(0),
                    _ => return one(Value::Opaque),
                };
                one(Value::Int(n))
            }
            "append" => {
                let mut it = args.into_iter();
                let base = it.next().unwrap_or(Value::NilSlice);
                let mut extra: Vec<Value> = it.collect();
                if spread {
                    if let Some(last) = extra.pop() {
                        match &last {
                            Value::Str(s) => extra.extend(s.bytes().map(|b| Value::Int(b as i64))),
                            _ => extra.extend(self.slice_items(st, &last)),
                        }
                    }
                }
                let extra: Vec<Value> = extra.into_iter().map(|v| self.copy_val(st, v)).collect();
                one(self.append(st, base, extra))
            }
            "copy" => {
                let dst = args.first().cloned().unwrap_or(Value::Opaque);
                let src = args.get(1).cloned().unwrap_or(Value::Opaque);
                let items = match &src {
                    Value::Str(s) => s.bytes().map(|b| Value::Int(b as i64)).collect(),
                    _ => self.slice_items(st, &src),
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
            "make" => {
                let t = match args.first() {
                    Some(Value::Type(t)) => *t,
                    _ => return one(Value::Opaque),
                };
                let texpr = self.c.underlying(self.c.type_expr(t)).clone();
                match texpr {
                    crate::model::TypeExpr::Chan(_, elem) => {
                        let cap = int_arg(&args, 1).unwrap_or(0).clamp(0, 1 << 20) as u32;
                        let elem_zero = self.zero_of(st, &elem, None, 1);
                        let id = st.alloc(Obj::Chan(Chan {
                            cap,
                            buf: Default::default(),
                            closed: false,
                            make_span: span,
                            elem_zero,
                            recvq: Vec::new(),
                            sendq: Vec::new(),
                            runtime_owned: false,
                        }));
                        one(Value::Chan(id))
                    }
                    crate::model::TypeExpr::Map(_, elem) => {
                        let elem = self.c.type_id_of(&elem);
                        one(Value::Map(st.alloc(Obj::Map(Vec::new(), elem))))
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
                        if st.cells.saturating_add(cap as u64) > super::machine::MAX_CELLS_PER_RUN {
                            // Larger than a run may hold: say so rather than
                            // make a smaller slice than the program asked for.
                            st.outcome = Some(super::Outcome::Bounded {
                                bound: super::Bound::Memory,
                            });
                            return one(Value::Opaque);
                        }
                        let items: Vec<Value> =
                            (0..cap).map(|_| self.zero_of(st, &elem, None, 1)).collect();
                        let arr = st.alloc(Obj::Array(items));
                        one(Value::Slice {
                            arr,
                            off: 0,
                            len: len as u32,
                            cap: cap as u32,
                        })
                    }
                    _ => one(Value::Opaque),
                }
            }
            "new" => {
                let v = match args.first() {
                    Some(Value::Type(t)) => self.zero(st, *t),
                    _ => Value::Opaque,
                };
                one(match v {
                    Value::Struct(o) => Value::Ptr(o),
                    Value::Obj(o) => Value::Obj(o),
                    other => Value::Ptr(st.alloc(Obj::Cell(other))),
                })
            }
            "close" => {
                let ch = args.first().cloned().unwrap_or(Value::Opaque);
                self.close_chan(st, &ch, g.id, span)?;
                vals(vec![])
            }
            "delete" => {
                if let (Some(Value::Map(m)), Some(k)) = (args.first(), args.get(1)) {
                    if let Some(global) = st.global_holding_map(*m) {
                        st.global_cleaned.push(global);
                    }
                    let pos = match st.heap.get(*m as usize) {
                        Some(Obj::Map(e, _)) => e
                            .iter()
                            .position(|(ek, _)| self.equal(st, ek, k) == Some(true)),
                        _ => None,
                    };
                    if let (Some(p), Some(Obj::Map(e, _))) = (pos, st.heap.get_mut(*m as usize)) {
                        e.remove(p);
                    }
                }
                vals(vec![])
            }
            "clear" => {
                if let Some(Value::Map(m)) = args.first() {
                    if let Some(Obj::Map(e, _)) = st.heap.get_mut(*m as usize) {
                        e.clear();
                    }
                }
                vals(vec![])
            }
            "panic" => {
                let v = args.into_iter().next().unwrap_or(Value::Nil);
                Err(Trap::Panic(v, PanicCause::Explicit))
            }
            "recover" => {
                let depth = g.frames.len();
                let in_defer = g.frames.last().is_some_and(|f| f.is_defer);
                if in_defer && depth == g.unwind_depth + 1 {
                    if let Some(v) = g.panicking.take() {
                        if v == Value::Builtin("goexit") {
                            g.panicking = Some(v);
                            return one(Value::Nil);
                        }
                        if let Some(f) = g.frames.get_mut(depth - 2) {
                            f.returning = true;
                        }
                        let v = match &v {
                            Value::Str(s) if s.starts_with('\u{0}') => {
                                Value::Obj(st.alloc(Obj::Error {
                                    msg: s[1..].into(),
                                    wrapped: None,
                                }))
                            }
                            _ => v,
                        };
                        return one(v);
                    }
                }
                one(Value::Nil)
            }
            "print" | "println" => {
                let parts: Vec<String> = args
                    .iter()
                    .map(|a| self.format_value(st, g, a, 'v', false))
                    .collect();
                let mut s = if name == "println" {
                    parts.join(" ")
                } else {
                    parts.concat()
                };
                if name == "println" {
                    s.push('\n');
                }
                if !st.entry_done {
                    st.stderr.push_str(&s);
                }
                vals(vec![])
            }
            "min" | "max" => {
                let mut best = args.first().cloned().unwrap_or(Value::Opaque);
                for a in args.iter().skip(1) {
                    let ord = cmp_values(a, &best);
                    if (name == "min" && ord.is_lt()) || (name == "max" && ord.is_gt()) {
                        best = a.clone();
                    }
                }
                one(best)
            }
            // ----- fmt -----
            "fmt.Println" | "fmt.Print" | "fmt.Printf" | "log.Println" | "log.Printf"
            | "log.Print" | "log.Fatal" | "log.Fatalf" | "log.Fatalln" => {
                let text = match name {
                    "fmt.Println" | "log.Println" | "log.Fatalln" => self.sprintln(st, g, &args),
                    "fmt.Print" | "log.Print" | "log.Fatal" => self.sprint(st, g, &args),
                    _ => {
                        let f = str_arg(&args, 0).unwrap_or_else(|| "".into());
                        self.sprintf(st, g, &f, &args[1.min(args.len())..])
                    }
                };
                let n = text.len() as i64;
                if !st.entry_done {
                    if name.starts_with("log.") {
                        st.stderr.push_str(&text);
                        if !text.ends_with('\n') {
                            st.stderr.push('\n');
                        }
                    } else {
                        st.stdout.push_str(&text);
                    }
                }
                if st.record {
                    st.events.push(Event {
                        goroutine: g.id,
                        span,
                        text: format!("g{} prints {:?}", g.id, text.trim_end()),
                    });
                }
                if name.starts_with("log.Fatal") {
                    return Ok(Ret::Exit(1));
                }
                vals(vec![Value::Int(n), Value::Nil])
            }
            "fmt.Fprintf" | "fmt.Fprintln" | "fmt.Fprint" => {
                let target = args.first().cloned().unwrap_or(Value::Opaque);
                let rest = &args[1.min(args.len())..];
                let text = match name {
                    "fmt.Fprintln" => self.sprintln(st, g, rest),
                    "fmt.Fprint" => self.sprint(st, g, rest),
                    _ => {
                        let f = str_arg(rest, 0).unwrap_or_else(|| "".into());
                        self.sprintf(st, g, &f, &rest[1.min(rest.len())..])
                    }
                };
                if let Some(o) = self.deref_obj(st, &target) {
                    if let Some(Obj::Builder(buf)) = st.heap.get_mut(o as usize) {
                        buf.push_str(&text);
                    }
                }
                if !st.entry_done {
                    match target {
                        Value::Builtin("os.Stdout") => st.stdout.push_str(&text),
                        Value::Builtin("os.Stderr") => st.stderr.push_str(&text),
                        _ => {}
                    }
                }
                vals(vec![Value::Int(text.len() as i64), Value::Nil])
            }
            "fmt.Sprintf" => {
                let f = str_arg(&args, 0).unwrap_or_else(|| "".into());
                let s = self.sprintf(st, g, &f, &args[1.min(args.len())..]);
                one(Value::str(&s))
            }
            "fmt.Sprint" => {
                let s = self.sprint(st, g, &args);
                one(Value::str(&s))
            }
            "fmt.Sprintln" => {
                let s = self.sprintln(st, g, &args);
                one(Value::str(&s))
            }
            "fmt.Errorf" => {
                let f = str_arg(&args, 0).unwrap_or_else(|| "".into());
                let rest = &args[1.min(args.len())..];
                let msg = self.sprintf(st, g, &f.replace("%w", "%v"), rest);
                let wrapped = if f.contains("%w") {
                    let idx = f
                        .match_indices('%')
                        .take_while(|(i, _)| !f[*i..].starts_with("%w"))
                        .filter(|(i, _)| !f[*i..].starts_with("%%"))
                        .count();
                    rest.get(idx).cloned()
                } else {
                    None
                };
                one(Value::Obj(st.alloc(Obj::Error {
                    msg: msg.as_str().into(),
                    wrapped,
                })))
            }
            "errors.New" => {
                let msg = str_arg(&args, 0).unwrap_or_else(|| "".into());
                one(Value::Obj(st.alloc(Obj::Error { msg, wrapped: None })))
            }
            "errors.Is" => {
                let mut e = args.first().cloned().unwrap_or(Value::Nil);
                let target = args.get(1).cloned().unwrap_or(Value::Nil);
                for _ in 0..16 {
                    if e.is_nil() {
                        break;
                    }
                    if self.equal(st, &e, &target) == Some(true) {
                        return one(Value::Bool(true));
                    }
                    // A user type's `Is(error) bool` method.
                    if let super::machine::MethodTarget::User(f, recv) =
                        self.resolve_method(st, &e, "Is")
                    {
                        let r = self.call_sync(st, g, &Value::Func(f), vec![recv, target.clone()]);
                        if r.and_then(|r| r.into_iter().next()) == Some(Value::Bool(true)) {
                            return one(Value::Bool(true));
                        }
                    }
                    match self.unwrap_error(st, g, &e) {
                        Some(w) => e = w,
                        None => break,
                    }
                }
                one(Value::Bool(false))
            }
            "errors.As" => {
                // The compiler passes the target's element type as a third
                // argument when it knows it.
                let (Some(target), Some(Value::Type(t))) = (args.get(1).cloned(), args.get(2))
                else {
                    self.escape(st, &args);
                    return self.opaque_call(st, g, want);
                };
                let t = *t;
                let mut e = args.first().cloned().unwrap_or(Value::Nil);
                for _ in 0..16 {
                    if e.is_nil() {
                        break;
                    }
                    if self.type_matches(st, &e, Some(t)) {
                        self.store_deref(st, &target, e)?;
                        return one(Value::Bool(true));
                    }
                    match self.unwrap_error(st, g, &e) {
                        Some(w) => e = w,
                        None => break,
                    }
                }
                one(Value::Bool(false))
            }
            "errors.Unwrap" => {
                let e = args.first().cloned().unwrap_or(Value::Nil);
                one(self.unwrap_error(st, g, &e).unwrap_or(Value::Nil))
            }
            // ----- time -----
            "time.Sleep" => {
                let d = int_arg(&args, 0).unwrap_or(0);
                if d <= 0 {
                    return Ok(Ret::Gosched);
                }
                Ok(Ret::Sleep(st.clock.saturating_add(d)))
            }
            "time.After" | "time.Tick" | "time.NewTimer" | "time.NewTicker" => {
                let periodic = name.contains("Tick");
                let d = match int_arg(&args, 0) {
                    // Go: a non-positive period panics in NewTicker and
                    // makes Tick return nil.
                    Some(d) if periodic && d <= 0 => {
                        if name == "time.Tick" {
                            return one(Value::Nil);
                        }
                        return Err(Trap::runtime("non-positive interval for NewTicker".into()));
                    }
                    Some(d) => d.max(0),
                    // An unknown period: a millisecond, so the clock moves.
                    None if periodic => 1_000_000,
                    None => 0,
                };
                let ch = st.alloc(Obj::Chan(Chan {
                    cap: 1,
                    buf: Default::default(),
                    closed: false,
                    make_span: span,
                    elem_zero: Value::Time(0),
                    recvq: Vec::new(),
                    sendq: Vec::new(),
                    runtime_owned: true,
                }));
                let resource = if name == "time.NewTicker" || name == "time.NewTimer" {
                    let kind = if name == "time.NewTicker" {
                        "ticker"
                    } else {
                        "timer"
                    };
                    let r = st.alloc(Obj::Resource {
                        kind,
                        span,
                        released: false,
                    });
                    st.resources.push(r);
                    Some(r)
                } else {
                    None
                };
                let timer = st.alloc(Obj::Timer(Timer {
                    chan: Some(ch),
                    func: None,
                    period: if periodic { d } else { 0 },
                    active: true,
                    resource,
                }));
                let when = st.clock.saturating_add(d);
                self.add_timer(st, when, TimerAction::Fire(timer));
                match name {
                    "time.After" | "time.Tick" => one(Value::Chan(ch)),
                    _ => one(Value::Obj(timer)),
                }
            }
            "time.AfterFunc" => {
                let d = int_arg(&args, 0).unwrap_or(0);
                let f = args.get(1).cloned().unwrap_or(Value::Opaque);
                let timer = st.alloc(Obj::Timer(Timer {
                    chan: None,
                    func: Some(f),
                    period: 0,
                    active: true,
                    resource: None,
                }));
                let when = st.clock.saturating_add(d);
                self.add_timer(st, when, TimerAction::Fire(timer));
                one(Value::Obj(timer))
            }
            // The conversion `time.Duration(n)`.
            "time.Duration" => one(match args.first().map(|a| a.plain()) {
                Some(Value::Int(i) | Value::Duration(i)) => Value::Duration(*i),
                Some(Value::Float(f)) => Value::Duration(f.0 as i64),
                _ => Value::Opaque,
            }),
            "time.Now" => one(Value::Time(st.clock)),
            "time.Since" => match args.first() {
                Some(Value::Time(t)) => one(Value::Duration(st.clock - t)),
                _ => one(Value::Opaque),
            },
            "time.Until" => match args.first() {
                Some(Value::Time(t)) => one(Value::Duration(t - st.clock)),
                _ => one(Value::Opaque),
            },
            // ----- context -----
            "context.Background" | "context.TODO" => {
                one(Value::Obj(super::machine::BACKGROUND_CTX))
            }
            "context.WithCancel" | "context.WithTimeout" | "context.WithDeadline" => {
                let parent = self.deref_obj(st, args.first().unwrap_or(&Value::Nil));
                let done = st.alloc(Obj::Chan(Chan {
                    cap: 0,
                    buf: Default::default(),
                    closed: false,
                    make_span: span,
                    elem_zero: Value::EmptyStruct,
                    recvq: Vec::new(),
                    sendq: Vec::new(),
                    runtime_owned: true,
                }));
                let ctx = st.alloc(Obj::Context(Context {
                    kind: CtxKind::Cancel,
                    parent,
                    done: Some(done),
                    err: None,
                    children: Vec::new(),
                    key: Value::Nil,
                    value: Value::Nil,
                    deadline: None,
                }));
                let own = match (name, args.get(1).map(|a| a.plain())) {
                    ("context.WithTimeout", Some(Value::Duration(d) | Value::Int(d))) => {
                        Some(st.clock.saturating_add(*d))
                    }
                    ("context.WithDeadline", Some(Value::Time(t))) => Some(*t),
                    _ => None,
                };
                let inherited = parent.and_then(|p| self.ctx_deadline(st, p));
                let deadline = match (own, inherited) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if let Some(Obj::Context(cx)) = st.heap.get_mut(ctx as usize) {
                    cx.deadline = deadline;
                }
                let mut parent_err = None;
                if let Some(p) = parent {
                    if let Some(Obj::Context(pc)) = st.heap.get_mut(p as usize) {
                        pc.children.push(ctx);
                    }
                    parent_err = self.ctx_err(st, p);
                }
                let r = st.alloc(Obj::Resource {
                    kind: "context cancel func",
                    span,
                    released: false,
                });
                st.resources.push(r);
                if name != "context.WithCancel" {
                    let when = match (name, args.get(1)) {
                        ("context.WithTimeout", Some(Value::Duration(d) | Value::Int(d))) => {
                            Some(st.clock.saturating_add(*d))
                        }
                        ("context.WithDeadline", Some(Value::Time(t))) => Some(*t),
                        _ => None,
                    };
                    if let Some(w) = when {
                        self.add_timer(st, w.max(st.clock), TimerAction::CtxDeadline(ctx));
                    }
                }
                if let Some(err) = parent_err {
                    self.cancel_ctx(st, ctx, err);
                }
                let cancel = st.alloc(Obj::CancelFunc { ctx, resource: r });
                vals(vec![Value::Obj(ctx), Value::Obj(cancel)])
            }
            "context.WithValue" => {
                let parent = self.deref_obj(st, args.first().unwrap_or(&Value::Nil));
                let ctx = st.alloc(Obj::Context(Context {
                    kind: CtxKind::Value,
                    parent,
                    done: None,
                    err: None,
                    children: Vec::new(),
                    key: args.get(1).cloned().unwrap_or(Value::Nil),
                    value: args.get(2).cloned().unwrap_or(Value::Nil),
                    deadline: None,
                }));
                if let Some(p) = parent {
                    if let Some(Obj::Context(pc)) = st.heap.get_mut(p as usize) {
                        pc.children.push(ctx);
                    }
                }
                one(Value::Obj(ctx))
            }
            "sync.NewCond" => {
                let l = args.first().cloned().unwrap_or(Value::Nil);
                one(Value::Obj(st.alloc(Obj::Cond {
                    lock: l,
                    waiters: Vec::new(),
                })))
            }
            // ----- runtime -----
            "runtime.Gosched" => Ok(Ret::Gosched),
            "runtime.NumGoroutine" => {
                let n = st
                    .gs
                    .iter()
                    .filter(|x| !matches!(x.status, Status::Done | Status::Panicked))
                    .count()
                    + 1;
                one(Value::Int(n as i64))
            }
            "runtime.GOMAXPROCS" | "runtime.NumCPU" => one(Value::Int(1)),
            "runtime.Goexit" => Ok(Ret::Goexit),
            "runtime.GC" => vals(vec![]),
            // ----- math/rand -----
            "rand.Intn" | "rand.Int63n" | "rand.Int31n" | "rand.N" | "rand.IntN" => {
                let n = int_arg(&args, 0).unwrap_or(1).max(1);
                let k = (self.limits.rand_choices as i64).min(n).max(1);
                if st.explore && k > 1 {
                    match st.answer.take() {
                        Some(a) => one(Value::Int(if a == 0 { 0 } else { n - 1 })),
                        None => Ok(Ret::Choice(ChoicePoint {
                            kind: ChoiceKind::Rand,
                            options: (0..k as u32).collect(),
                            goroutine: g.id,
                        })),
                    }
                } else {
                    one(Value::Int(0))
                }
            }
            "rand.Int" | "rand.Int63" => one(Value::Int(0)),
            "rand.Float64" => one(Value::Float(F64(0.5))),
            "rand.Seed" | "rand.Shuffle" => vals(vec![]),
            "rand.Perm" => {
                let n = int_arg(&args, 0).unwrap_or(0).clamp(0, 4096);
                let items = (0..n).map(Value::Int).collect();
                one(self.make_slice(st, items))
            }
            // ----- sync/atomic -----
            "atomic.AddInt64" | "atomic.AddInt32" | "atomic.AddUint64" => {
                let p = args.first().cloned().unwrap_or(Value::Opaque);
                let d = int_arg(&args, 1).unwrap_or(0);
                let cur = self.deref(st, &p)?;
                let new = match cur {
                    Value::Int(i) => Value::Int(i.wrapping_add(d)),
                    Value::Named(t, i) => match *i {
                        Value::Int(i) => self.wrap_named(t, Value::Int(i.wrapping_add(d))),
                        _ => Value::Opaque,
                    },
                    _ => Value::Opaque,
                };
                self.store_deref(st, &p, new.clone())?;
                one(new)
            }
            "atomic.LoadInt64" | "atomic.LoadInt32" | "atomic.LoadUint64" => {
                let p = args.first().cloned().unwrap_or(Value::Opaque);
                one(self.deref(st, &p)?)
            }
            "atomic.StoreInt64" | "atomic.StoreInt32" => {
                let p = args.first().cloned().unwrap_or(Value::Opaque);
                self.store_deref(st, &p, args.get(1).cloned().unwrap_or(Value::Opaque))?;
                vals(vec![])
            }
            "atomic.CompareAndSwapInt64" | "atomic.CompareAndSwapInt32" => {
                let p = args.first().cloned().unwrap_or(Value::Opaque);
                let cur = self.deref(st, &p)?;
                if self.equal(st, &cur, args.get(1).unwrap_or(&Value::Opaque)) == Some(true) {
                    self.store_deref(st, &p, args.get(2).cloned().unwrap_or(Value::Opaque))?;
                    one(Value::Bool(true))
                } else {
                    one(Value::Bool(false))
                }
            }
            // ----- strings, strconv, sort, math -----
            "strings.ToUpper" => one(str_arg(&args, 0)
                .map(|s| Value::str(&s.to_uppercase()))
                .unwrap_or(Value::Opaque)),
            "strings.ToLower" => one(str_arg(&args, 0)
                .map(|s| Value::str(&s.to_lowercase()))
                .unwrap_or(Value::Opaque)),
            "strings.TrimSpace" => one(str_arg(&args, 0)
                .map(|s| Value::str(s.trim()))
                .unwrap_or(Value::Opaque)),
            "strings.Repeat" => match (str_arg(&args, 0), int_arg(&args, 1)) {
                (Some(s), Some(n))
                    if (0..100_000).contains(&n) && s.len() * (n as usize) < 1 << 20 =>
                {
                    one(Value::str(&s.repeat(n as usize)))
                }
                _ => one(Value::Opaque),
            },
            "strings.Contains" | "strings.HasPrefix" | "strings.HasSuffix" => {
                match (str_arg(&args, 0), str_arg(&args, 1)) {
                    (Some(a), Some(b)) => one(Value::Bool(match name {
                        "strings.Contains" => a.contains(&*b),
                        "strings.HasPrefix" => a.starts_with(&*b),
                        _ => a.ends_with(&*b),
                    })),
                    _ => one(Value::Opaque),
                }
            }
            "strings.TrimPrefix" | "strings.TrimSuffix" => {
                match (str_arg(&args, 0), str_arg(&args, 1)) {
                    (Some(a), Some(b)) => one(Value::str(if name.ends_with("Prefix") {
                        a.strip_prefix(&*b).unwrap_or(&a)
                    } else {
                        a.strip_suffix(&*b).unwrap_or(&a)
                    })),
                    _ => one(Value::Opaque),
                }
            }
            "strings.Replace" => match (
                str_arg(&args, 0),
                str_arg(&args, 1),
                str_arg(&args, 2),
                int_arg(&args, 3),
            ) {
                (Some(a), Some(b), Some(c), Some(n)) if n < 0 => {
                    one(Value::str(&a.replace(&*b, &c)))
                }
                (Some(a), Some(b), Some(c), Some(n)) => {
                    one(Value::str(&a.replacen(&*b, &c, n as usize)))
                }
                _ => one(Value::Opaque),
            },
            "strings.Count" => match (str_arg(&args, 0), str_arg(&args, 1)) {
                (Some(a), Some(b)) if b.is_empty() => one(Value::Int(a.chars().count() as i64 + 1)),
                (Some(a), Some(b)) => one(Value::Int(a.matches(&*b).count() as i64)),
                _ => one(Value::Opaque),
            },
            "strings.LastIndex" => match (str_arg(&args, 0), str_arg(&args, 1)) {
                (Some(a), Some(b)) => one(Value::Int(a.rfind(&*b).map(|i| i as i64).unwrap_or(-1))),
                _ => one(Value::Opaque),
            },
            "strings.Index" => match (str_arg(&args, 0), str_arg(&args, 1)) {
                (Some(a), Some(b)) => one(Value::Int(a.find(&*b).map(|i| i as i64).unwrap_or(-1))),
                _ => one(Value::Opaque),
            },
            "strings.ReplaceAll" => match (str_arg(&args, 0), str_arg(&args, 1), str_arg(&args, 2))
            {
                (Some(a), Some(b), Some(c)) => one(Value::str(&a.replace(&*b, &c))),
                _ => one(Value::Opaque),
            },
            "strings.Join" => {
                let items = self.slice_items(st, args.first().unwrap_or(&Value::Nil));
                let sep = str_arg(&args, 1).unwrap_or_else(|| "".into());
                let parts: Vec<String> = items
                    .iter()
                    .map(|v| {
                        if let Value::Str(s) = v {
                            s.to_string()
                        } else {
                            String::new()
                        }
                    })
                    .collect();
                one(Value::str(&parts.join(&sep)))
            }
            "strings.Split" | "strings.Fields" => {
                let Some(s) = str_arg(&args, 0) else {
                    return one(Value::Opaque);
                };
                let parts: Vec<Value> = if name == "strings.Fields" {
                    s.split_whitespace().map(Value::str).collect()
                } else {
                    let sep = str_arg(&args, 1).unwrap_or_else(|| "".into());
                    if sep.is_empty() {
                        s.chars().map(|c| Value::str(&c.to_string())).collect()
                    } else {
                        s.split(&*sep).map(Value::str).collect()
                    }
                };
                one(self.make_slice(st, parts))
            }
            "strconv.Itoa" | "strconv.FormatInt" => one(int_arg(&args, 0)
                .map(|i| Value::str(&i.to_string()))
                .unwrap_or(Value::Opaque)),
            "strconv.Atoi" => match str_arg(&args, 0) {
                Some(s) => match s.parse::<i64>() {
                    Ok(i) => vals(vec![Value::Int(i), Value::Nil]),
                    Err(_) => {
                        let e = st.alloc(Obj::Error {
                            msg: format!("strconv.Atoi: parsing {:?}: invalid syntax", &*s)
                                .as_str()
                                .into(),
                            wrapped: None,
                        });
                        vals(vec![Value::Int(0), Value::Obj(e)])
                    }
                },
                None => vals(vec![Value::Opaque, Value::Opaque]),
            },
            "strconv.Quote" => one(str_arg(&args, 0)
                .map(|s| Value::str(&super::format::go_quote(&s)))
                .unwrap_or(Value::Opaque)),
            "sort.Ints" | "sort.Strings" => {
                if let Some(Value::Slice { arr, off, len, .. }) = args.first() {
                    if let Some(Obj::Array(items)) = st.heap.get_mut(*arr as usize) {
                        crate::sort::sort_by(
                            &mut items[*off as usize..(*off + *len) as usize],
                            cmp_values,
                        );
                    }
                }
                vals(vec![])
            }
            "sort.Search" => {
                // Binary search for the smallest index where f is true, as Go's.
                let n = int_arg(&args, 0).unwrap_or(0).max(0);
                let f = args.get(1).cloned().unwrap_or(Value::Opaque);
                let (mut lo, mut hi) = (0i64, n);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let r = self.call_sync(st, g, &f, vec![Value::Int(mid)]);
                    match r.and_then(|v| v.into_iter().next()) {
                        Some(Value::Bool(true)) => hi = mid,
                        Some(Value::Bool(false)) => lo = mid + 1,
                        _ => return one(Value::Opaque),
                    }
                }
                one(Value::Int(lo))
            }
            "sort.SearchInts" => {
                let items = self.slice_items(st, args.first().unwrap_or(&Value::Nil));
                let x = int_arg(&args, 1).unwrap_or(0);
                let i = items
                    .iter()
                    .position(|v| matches!(v.plain(), Value::Int(y) if *y >= x))
                    .unwrap_or(items.len());
                one(Value::Int(i as i64))
            }
            "sort.Slice" | "sort.SliceStable" => {
                if let (Some(Value::Slice { arr, off, len, .. }), Some(less)) =
                    (args.first().cloned(), args.get(1).cloned())
                {
                    // Insertion sort calling the Go less function.
                    let n = len as usize;
                    let mut idx: Vec<usize> = (0..n).collect();
                    let items: Vec<Value> = match st.heap.get(arr as usize) {
                        Some(Obj::Array(a)) => a[off as usize..off as usize + n].to_vec(),
                        _ => Vec::new(),
                    };
                    let mut work = items.clone();
                    for i in 1..n.min(512) {
                        let mut j = i;
                        while j > 0 {
                            // Place candidates at positions j and j-1 for less(j, j-1).
                            if let Some(Obj::Array(a)) = st.heap.get_mut(arr as usize) {
                                for (k, v) in work.iter().enumerate() {
                                    a[off as usize + k] = v.clone();
                                }
                            }
                            let r = self.call_sync(
                                st,
                                g,
                                &less,
                                vec![Value::Int(j as i64), Value::Int(j as i64 - 1)],
                            );
                            if r.and_then(|v| v.into_iter().next()) == Some(Value::Bool(true)) {
                                work.swap(j, j - 1);
                                idx.swap(j, j - 1);
                                j -= 1;
                            } else {
                                break;
                            }
                        }
                    }
                    if let Some(Obj::Array(a)) = st.heap.get_mut(arr as usize) {
                        for (k, v) in work.into_iter().enumerate() {
                            a[off as usize + k] = v;
                        }
                    }
                }
                vals(vec![])
            }
            "math.Sqrt" | "math.Abs" | "math.Floor" => {
                let x = match args.first() {
                    Some(Value::Float(f)) => f.0,
                    Some(Value::Int(i)) => *i as f64,
                    _ => return one(Value::Opaque),
                };
                one(Value::Float(F64(match name {
                    "math.Sqrt" => x.sqrt(),
                    "math.Abs" => x.abs(),
                    _ => x.floor(),
                })))
            }
            "math.Max" | "math.Min" | "math.Pow" => {
                let f = |v: Option<&Value>| match v {
                    Some(Value::Float(f)) => Some(f.0),
                    Some(Value::Int(i)) => Some(*i as f64),
                    _ => None,
                };
                match (f(args.first()), f(args.get(1))) {
                    (Some(a), Some(b)) => one(Value::Float(F64(match name {
                        "math.Max" => a.max(b),
                        "math.Min" => a.min(b),
                        _ => a.powf(b),
                    }))),
                    _ => one(Value::Opaque),
                }
            }
            "os.Exit" => Ok(Ret::Exit(int_arg(&args, 0).unwrap_or(0) as i32)),
            "os.Getenv" => one(Value::str("")),
            // ----- tracked resources -----
            "os.Open" | "os.Create" | "net.Dial" | "net.DialTimeout" | "net.Listen"
            | "http.Get" | "http.Post" | "sql.Open" | "grpc.Dial" | "grpc.NewClient"
            | "grpc.DialContext" => {
                let kind = match name {
                    "os.Open" | "os.Create" => "file",
                    "net.Dial" | "net.DialTimeout" => "network connection",
                    "net.Listen" => "listener",
                    "http.Get" | "http.Post" => "HTTP response body",
                    "sql.Open" => "database handle",
                    _ => "gRPC connection",
                };
                let r = st.alloc(Obj::Resource {
                    kind,
                    span,
                    released: false,
                });
                st.resources.push(r);
                vals(vec![Value::Obj(r), Value::Nil])
            }
            _ => {
                self.escape(st, &args);
                self.opaque_call(st, g, want)
            }
        }
    }

    /// What `errors.Unwrap` returns: the error a `%w` wrapped, or the
    /// result of a user type's `Unwrap() error` method.
    pub(crate) fn unwrap_error(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        e: &Value,
    ) -> Option<Value> {
        if let Value::Obj(o) = e {
            return match st.heap.get(*o as usize) {
                Some(Obj::Error {
                    wrapped: Some(w), ..
                }) => Some(w.clone()),
                _ => None,
            };
        }
        match self.resolve_method(st, e, "Unwrap") {
            super::machine::MethodTarget::User(f, recv)
                if self.c.program.funcs[f as usize].params.is_empty() =>
            {
                let r = self.call_sync(st, g, &Value::Func(f), vec![recv])?;
                r.into_iter()
                    .next()
                    .filter(|w| !w.is_nil() && *w != Value::Opaque)
            }
            _ => None,
        }
    }

    /// A context's deadline: its own or the nearest ancestor's.
    fn ctx_deadline(&self, st: &State, mut c: ObjId) -> Option<i64> {
        for _ in 0..64 {
            match st.heap.get(c as usize) {
                Some(Obj::Context(cx)) => match cx.kind {
                    CtxKind::Cancel => return cx.deadline,
                    CtxKind::Background => return None,
                    CtxKind::Value => c = cx.parent?,
                },
                _ => return None,
            }
        }
        None
    }

    fn ctx_err(&self, st: &State, mut c: ObjId) -> Option<ObjId> {
        for _ in 0..64 {
            match st.heap.get(c as usize) {
                Some(Obj::Context(cx)) => match cx.kind {
                    CtxKind::Cancel => return cx.err,
                    CtxKind::Background => return None,
                    CtxKind::Value => c = cx.parent?,
                },
                _ => return None,
            }
        }
        None
    }

    fn ctx_done(&self, st: &State, mut c: ObjId) -> Value {
        for _ in 0..64 {
            match st.heap.get(c as usize) {
                Some(Obj::Context(cx)) => match cx.kind {
                    CtxKind::Cancel => return cx.done.map(Value::Chan).unwrap_or(Value::Nil),
                    CtxKind::Background => return Value::Nil,
                    CtxKind::Value => match cx.parent {
                        Some(p) => c = p,
                        None => return Value::Nil,
                    },
                },
                _ => return Value::Opaque,
            }
        }
        Value::Opaque
    }

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
                    let fill = items
                        .last()
                        .map(super::value::zero_like)
                        .unwrap_or(Value::Nil);
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

    fn unlock_event(&self, st: &mut State, gid: GoId, span: Span) {
        if st.record {
            st.events.push(Event {
                goroutine: gid,
                span,
                text: format!("g{gid} unlocks the mutex"),
            });
        }
    }

    /// Methods of runtime objects: sync types, contexts, timers, errors,
    /// resources, `testing.T`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn builtin_method(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        o: ObjId,
        recv: &Value,
        name: &str,
        args: Vec<Value>,
        want: u8,
        span: Span,
    ) -> R<Ret> {
        let _ = recv;
        let gid = g.id;
        let obj = st.heap.get(o as usize).cloned();
        let one = |v: Value| -> R<Ret> { Ok(Ret::Values(vec![v])) };
        if let Some(Obj::ReadLocker(m)) = obj {
            let name = match name {
                "Lock" => "RLock",
                "Unlock" => "RUnlock",
                other => other,
            };
            return self.builtin_method(st, g, m, recv, name, args, want, span);
        }
        match (obj, name) {
            (Some(Obj::Mutex { rw: true, .. }), "RLocker") => {
                one(Value::Obj(st.alloc(Obj::ReadLocker(o))))
            }
            (
                Some(Obj::Mutex {
                    locked,
                    readers,
                    rw,
                    ..
                }),
                "Lock",
            ) => {
                if !locked && readers == 0 {
                    if let Some(Obj::Mutex { locked, .. }) = st.heap.get_mut(o as usize) {
                        *locked = true;
                    }
                    if gid == 1 {
                        st.entry_locks.push((o, span));
                    }
                    if st.record {
                        st.events.push(Event {
                            goroutine: gid,
                            span,
                            text: format!("g{gid} locks the mutex"),
                        });
                    }
                    vals(vec![])
                } else {
                    if let Some(Obj::Mutex {
                        waiters,
                        writer_waiting,
                        ..
                    }) = st.heap.get_mut(o as usize)
                    {
                        waiters.push((gid, false));
                        if rw {
                            *writer_waiting += 1;
                        }
                    }
                    Ok(Ret::Block(Blocked {
                        reason: BlockReason::MutexLock,
                        span,
                        objs: vec![o],
                    }))
                }
            }
            (Some(Obj::Mutex { locked, .. }), "TryLock") => {
                if !locked {
                    if let Some(Obj::Mutex { locked, .. }) = st.heap.get_mut(o as usize) {
                        *locked = true;
                    }
                    if gid == 1 {
                        st.entry_locks.push((o, span));
                    }
                }
                one(Value::Bool(!locked))
            }
            (
                Some(Obj::Mutex {
                    locked,
                    rw,
                    waiters,
                    ..
                }),
                "Unlock",
            ) => {
                if !locked {
                    return Err(Trap::Fatal(if rw {
                        "sync: Unlock of unlocked RWMutex".into()
                    } else {
                        "sync: unlock of unlocked mutex".into()
                    }));
                }
                let readers_waiting: Vec<GoId> = waiters
                    .iter()
                    .filter(|(_, r)| *r)
                    .map(|(g, _)| *g)
                    .collect();
                if rw && !readers_waiting.is_empty() {
                    self.unlock_event(st, gid, span);
                    st.entry_locks.retain(|(m, _)| *m != o);
                    if let Some(Obj::Mutex {
                        locked,
                        readers,
                        waiters,
                        ..
                    }) = st.heap.get_mut(o as usize)
                    {
                        *locked = false;
                        *readers += readers_waiting.len() as u32;
                        waiters.retain(|(_, r)| !*r);
                    }
                    for r in readers_waiting {
                        self.complete_wait(st, o, r, 0, Value::Nil, true);
                    }
                    return vals(vec![]);
                }
                if st.explore && !rw {
                    // Go's Mutex does not hand itself to a waiter (outside
                    // starvation mode): Unlock wakes waiters, and the
                    // unlocking goroutine, a woken one or a newcomer may take
                    // it next. Every waiter retries its Lock, so each of
                    // those orders is explored.
                    self.unlock_event(st, gid, span);
                    st.entry_locks.retain(|(m, _)| *m != o);
                    let woken: Vec<GoId> = waiters.iter().map(|(g, _)| *g).collect();
                    if let Some(Obj::Mutex { locked, .. }) = st.heap.get_mut(o as usize) {
                        *locked = false;
                    }
                    for w in woken {
                        self.wake_retry(st, o, w);
                    }
                    return vals(vec![]);
                }
                let writers: Vec<usize> = waiters
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, r))| !*r)
                    .map(|(i, _)| i)
                    .collect();
                // Any waiter may be next when exploring (arrival order is a choice).
                let writer = match self.pick_waiter(st, gid, writers.len())? {
                    Some(k) => writers.get(k).copied(),
                    None => {
                        return Ok(Ret::Choice(
                            st.pending.take().expect("pick_waiter set a choice"),
                        ))
                    }
                };
                // Recorded only now: a pending choice re-executes the Unlock.
                self.unlock_event(st, gid, span);
                st.entry_locks.retain(|(m, _)| *m != o);
                match writer {
                    Some(i) => {
                        let w = if let Some(Obj::Mutex {
                            waiters,
                            writer_waiting,
                            ..
                        }) = st.heap.get_mut(o as usize)
                        {
                            if rw {
                                *writer_waiting = writer_waiting.saturating_sub(1);
                            }
                            waiters.remove(i).0
                        } else {
                            0
                        };
                        // The lock passes to the waiter.
                        if w == 1 {
                            if let Status::Blocked(b) = &st.gs[0].status {
                                st.entry_locks.push((o, b.span));
                            }
                        }
                        self.complete_wait(st, o, w, 0, Value::Nil, true);
                    }
                    None => {
                        if let Some(Obj::Mutex { locked, .. }) = st.heap.get_mut(o as usize) {
                            *locked = false;
                        }
                    }
                }
                vals(vec![])
            }
            (
                Some(Obj::Mutex {
                    locked,
                    writer_waiting,
                    ..
                }),
                "RLock",
            ) => {
                if !locked && writer_waiting == 0 {
                    if let Some(Obj::Mutex { readers, .. }) = st.heap.get_mut(o as usize) {
                        *readers += 1;
                    }
                    vals(vec![])
                } else {
                    if let Some(Obj::Mutex { waiters, .. }) = st.heap.get_mut(o as usize) {
                        waiters.push((gid, true));
                    }
                    Ok(Ret::Block(Blocked {
                        reason: BlockReason::RLock,
                        span,
                        objs: vec![o],
                    }))
                }
            }
            (
                Some(Obj::Mutex {
                    readers, waiters, ..
                }),
                "RUnlock",
            ) => {
                if readers == 0 {
                    return Err(Trap::Fatal("sync: RUnlock of unlocked RWMutex".into()));
                }
                let writer = if readers == 1 {
                    waiters.iter().position(|(_, r)| !*r)
                } else {
                    None
                };
                if let Some(Obj::Mutex { readers, .. }) = st.heap.get_mut(o as usize) {
                    *readers -= 1;
                }
                if let Some(i) = writer {
                    let w = if let Some(Obj::Mutex {
                        waiters,
                        locked,
                        writer_waiting,
                        ..
                    }) = st.heap.get_mut(o as usize)
                    {
                        *locked = true;
                        *writer_waiting = writer_waiting.saturating_sub(1);
                        waiters.remove(i).0
                    } else {
                        0
                    };
                    self.complete_wait(st, o, w, 0, Value::Nil, true);
                }
                vals(vec![])
            }
            (Some(Obj::WaitGroup { .. }), "Add") => {
                let delta = int_arg(&args, 0);
                if delta.is_none() {
                    if let Some(Obj::WaitGroup { unknown, .. }) = st.heap.get_mut(o as usize) {
                        *unknown = true;
                    }
                }
                self.wg_add(st, o, delta.unwrap_or(0))?;
                vals(vec![])
            }
            (Some(Obj::WaitGroup { .. }), "Done") => {
                self.wg_add(st, o, -1)?;
                vals(vec![])
            }
            (Some(Obj::WaitGroup { count, .. }), "Wait") => {
                if count == 0 {
                    vals(vec![])
                } else {
                    if let Some(Obj::WaitGroup { waiters, .. }) = st.heap.get_mut(o as usize) {
                        waiters.push(gid);
                    }
                    Ok(Ret::Block(Blocked {
                        reason: BlockReason::WaitGroupWait,
                        span,
                        objs: vec![o],
                    }))
                }
            }
            (Some(Obj::WaitGroup { .. }), "Go") => {
                self.wg_add(st, o, 1)?;
                let f = args.into_iter().next().unwrap_or(Value::Opaque);
                Ok(Ret::Spawn(f, Vec::new(), Some(o)))
            }
            (Some(Obj::Once { done }), "Do") => {
                if done {
                    return vals(vec![]);
                }
                if let Some(Obj::Once { done }) = st.heap.get_mut(o as usize) {
                    *done = true;
                }
                let f = args.into_iter().next().unwrap_or(Value::Opaque);
                Ok(Ret::Invoke(f, Vec::new()))
            }
            (Some(Obj::Cond { lock, .. }), "Wait") => {
                if g.cond_relock {
                    // Woken: take the lock again.
                    let Some(m) = self.deref_obj(st, &lock) else {
                        return vals(vec![]);
                    };
                    let r = self.builtin_method(st, g, m, &lock, "Lock", Vec::new(), 0, span)?;
                    // Still re-locking if it must wait: an Unlock that wakes
                    // it to retry (exploring) runs this Wait again.
                    g.cond_relock = matches!(r, Ret::Block(_));
                    return Ok(r);
                }
                if let Some(m) = self.deref_obj(st, &lock) {
                    // Which waiter gets the mutex may be a choice: the Wait
                    // is re-executed with the answer before it enqueues.
                    let r = self.builtin_method(st, g, m, &lock, "Unlock", Vec::new(), 0, span)?;
                    if let Ret::Choice(cp) = r {
                        return Ok(Ret::Choice(cp));
                    }
                }
                if let Some(Obj::Cond { waiters, .. }) = st.heap.get_mut(o as usize) {
                    waiters.push(gid);
                }
                Ok(Ret::Block(Blocked {
                    reason: BlockReason::CondWait,
                    span,
                    objs: vec![o],
                }))
            }
            (Some(Obj::Cond { waiters, .. }), "Signal" | "Broadcast") => {
                let wake: Vec<GoId> = if name == "Signal" {
                    waiters.first().copied().into_iter().collect()
                } else {
                    waiters.clone()
                };
                if let Some(Obj::Cond { waiters, .. }) = st.heap.get_mut(o as usize) {
                    waiters.retain(|w| !wake.contains(w));
                }
                for w in wake {
                    // Retry the Wait call, which now re-locks.
                    st.gs[(w - 1) as usize].cond_relock = true;
                    self.wake_retry(st, o, w);
                }
                vals(vec![])
            }
            (Some(Obj::Atomic(v)), _) => match name {
                "Load" => one(v),
                "Store" => {
                    st.heap[o as usize] =
                        Obj::Atomic(args.into_iter().next().unwrap_or(Value::Opaque));
                    vals(vec![])
                }
                "Add" => {
                    let new = match (v, int_arg(&args, 0)) {
                        (Value::Int(a), Some(d)) => Value::Int(a.wrapping_add(d)),
                        _ => Value::Opaque,
                    };
                    st.heap[o as usize] = Obj::Atomic(new.clone());
                    one(new)
                }
                "Swap" => {
                    st.heap[o as usize] =
                        Obj::Atomic(args.into_iter().next().unwrap_or(Value::Opaque));
                    one(v)
                }
                "CompareAndSwap" => {
                    if self.equal(st, &v, args.first().unwrap_or(&Value::Opaque)) == Some(true) {
                        st.heap[o as usize] =
                            Obj::Atomic(args.get(1).cloned().unwrap_or(Value::Opaque));
                        one(Value::Bool(true))
                    } else {
                        one(Value::Bool(false))
                    }
                }
                _ => self.opaque_call(st, g, want),
            },
            (Some(Obj::Context(_)), "Done") => one(self.ctx_done(st, o)),
            (Some(Obj::Context(_)), "Err") => {
                one(self.ctx_err(st, o).map(Value::Obj).unwrap_or(Value::Nil))
            }
            (Some(Obj::Context(_)), "Value") => {
                let key = args.first().cloned().unwrap_or(Value::Nil);
                let mut c = Some(o);
                while let Some(id) = c {
                    match st.heap.get(id as usize) {
                        Some(Obj::Context(cx)) => {
                            if cx.kind == CtxKind::Value
                                && self.equal(st, &cx.key, &key) == Some(true)
                            {
                                return one(cx.value.clone());
                            }
                            c = cx.parent;
                        }
                        _ => break,
                    }
                }
                one(Value::Nil)
            }
            (Some(Obj::Context(_)), "Deadline") => match self.ctx_deadline(st, o) {
                Some(d) => vals(vec![Value::Time(d), Value::Bool(true)]),
                None => vals(vec![Value::Time(0), Value::Bool(false)]),
            },
            (Some(Obj::Timer(t)), "Stop") => {
                let was = t.active && st.timers.iter().any(|p| p.action == TimerAction::Fire(o));
                st.timers.retain(|p| p.action != TimerAction::Fire(o));
                if let Some(Obj::Timer(t)) = st.heap.get_mut(o as usize) {
                    t.active = false;
                    if let Some(r) = t.resource {
                        if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(r as usize) {
                            *released = true;
                        }
                    }
                }
                one(Value::Bool(was))
            }
            (Some(Obj::Timer(t)), "Reset") => {
                let d = match int_arg(&args, 0) {
                    Some(d) if t.period > 0 && d <= 0 => {
                        return Err(Trap::runtime(
                            "non-positive interval for Ticker.Reset".into(),
                        ));
                    }
                    Some(d) => d.max(0),
                    None if t.period > 0 => 1_000_000,
                    None => 0,
                };
                let was = t.active && st.timers.iter().any(|p| p.action == TimerAction::Fire(o));
                st.timers.retain(|p| p.action != TimerAction::Fire(o));
                if let Some(Obj::Timer(t)) = st.heap.get_mut(o as usize) {
                    t.active = true;
                    if t.period > 0 {
                        t.period = d;
                    }
                }
                let when = st.clock.saturating_add(d);
                self.add_timer(st, when, TimerAction::Fire(o));
                one(Value::Bool(was))
            }
            (Some(Obj::Error { msg, .. }), "Error") => one(Value::Str(msg)),
            (Some(Obj::Error { wrapped, .. }), "Unwrap") => one(wrapped.unwrap_or(Value::Nil)),
            (Some(Obj::Resource { .. }), "Close" | "Stop") => {
                if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(o as usize) {
                    *released = true;
                }
                if st.record {
                    st.events.push(Event {
                        goroutine: gid,
                        span,
                        text: format!("g{gid} closes the resource"),
                    });
                }
                one(Value::Nil)
            }
            (Some(Obj::TestingT { name: tn, .. }), m) => match m {
                "Log" | "Logf" | "Error" | "Errorf" | "Fatal" | "Fatalf" | "Skip" | "Skipf" => {
                    let text = if m.ends_with('f') {
                        let f = str_arg(&args, 0).unwrap_or_else(|| "".into());
                        self.sprintf(st, g, &f, &args[1.min(args.len())..])
                    } else {
                        self.sprintln(st, g, &args)
                            .trim_end_matches('\n')
                            .to_string()
                    };
                    if !st.entry_done {
                        st.stdout.push_str(&format!("    {text}\n"));
                    }
                    if m.starts_with("Error") || m.starts_with("Fatal") {
                        if let Some(Obj::TestingT { failed, .. }) = st.heap.get_mut(o as usize) {
                            *failed = true;
                        }
                    }
                    if m.starts_with("Fatal") || m.starts_with("Skip") {
                        return Ok(Ret::Goexit);
                    }
                    vals(vec![])
                }
                "Helper" | "Parallel" | "Setenv" => vals(vec![]),
                "Name" => one(Value::Str(tn)),
                "Failed" => one(Value::Bool(matches!(
                    st.heap.get(o as usize),
                    Some(Obj::TestingT { failed: true, .. })
                ))),
                "Cleanup" => {
                    if let Some(Obj::TestingT { cleanups, .. }) = st.heap.get_mut(o as usize) {
                        cleanups.push(args.into_iter().next().unwrap_or(Value::Opaque));
                    }
                    vals(vec![])
                }
                "Run" => {
                    let sub = st.alloc(Obj::TestingT {
                        name: format!("{tn}/{}", str_arg(&args, 0).unwrap_or_else(|| "".into()))
                            .as_str()
                            .into(),
                        failed: false,
                        cleanups: Vec::new(),
                    });
                    // As Go does: the subtest runs on its own goroutine (so
                    // t.Fatal ends only it) and Run waits until it ends,
                    // however often it blocks meanwhile.
                    let f = args.get(1).cloned().unwrap_or(Value::Opaque);
                    let done = st.alloc(Obj::WaitGroup {
                        count: 1,
                        waiters: Vec::new(),
                        unknown: false,
                    });
                    if self
                        .spawn(st, f, vec![Value::Obj(sub)], Some(done), span, None)
                        .is_none()
                    {
                        return Ok(Ret::Block(Blocked {
                            reason: BlockReason::WaitGroupWait,
                            span,
                            objs: vec![done],
                        }));
                    }
                    match st.heap.get_mut(done as usize) {
                        Some(Obj::WaitGroup { count, waiters, .. }) if *count > 0 => {
                            waiters.push(gid);
                            Ok(Ret::Block(Blocked {
                                reason: BlockReason::WaitGroupWait,
                                span,
                                objs: vec![done],
                            }))
                        }
                        _ => one(Value::Bool(true)),
                    }
                }
                "Context" => one(Value::Obj(super::machine::BACKGROUND_CTX)),
                _ => self.opaque_call(st, g, want),
            },
            _ => {
                let mut r = self.opaque_call(st, g, want)?;
                if let Ret::Values(v) = &mut r {
                    let mut out = Vec::new();
                    push_adjusted(&mut out, std::mem::take(v), want);
                    *v = out;
                }
                Ok(r)
            }
        }
    }
}

/// Keeps `panic_msg` referenced from this module for runtime errors raised by
/// library calls.
#[allow(dead_code)]
fn library_panic(msg: &str) -> Trap {
    panic_msg(msg)
}
