//! `fmt`: printing and formatting (the verbs live in engine/format.rs).

use super::args::{one, str_arg, vals, Call, Package, Shim, R};
use crate::engine::machine::{Machine, Ret};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "fmt",
    plain_args: false,
    shims: &[
        Shim::func("fmt.Println", 2, |m, st, g, c| {
            print(m, st, g, c, Style::Ln, Sink::Stdout)
        }),
        Shim::func("fmt.Print", 2, |m, st, g, c| {
            print(m, st, g, c, Style::Plain, Sink::Stdout)
        }),
        Shim::func("fmt.Printf", 2, |m, st, g, c| {
            print(m, st, g, c, Style::Format, Sink::Stdout)
        }),
        Shim::func("fmt.Sprintf", 1, |m, st, g, c| {
            sprint(m, st, g, &c.args, Style::Format)
        }),
        Shim::func("fmt.Sprint", 1, |m, st, g, c| {
            sprint(m, st, g, &c.args, Style::Plain)
        }),
        Shim::func("fmt.Sprintln", 1, |m, st, g, c| {
            sprint(m, st, g, &c.args, Style::Ln)
        }),
        Shim::func("fmt.Errorf", 1, errorf),
        Shim::func("fmt.Fprintf", 2, |m, st, g, c| {
            fprint(m, st, g, c, Style::Format)
        }),
        Shim::func("fmt.Fprintln", 2, |m, st, g, c| {
            fprint(m, st, g, c, Style::Ln)
        }),
        Shim::func("fmt.Fprint", 2, |m, st, g, c| {
            fprint(m, st, g, c, Style::Plain)
        }),
    ],
};

/// Which of the print functions: `Println`, `Print` or `Printf`.
#[derive(Clone, Copy)]
pub(super) enum Style {
    Ln,
    Plain,
    Format,
}

/// Where a print goes.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Sink {
    Stdout,
    /// The `log` package: standard error, a line each.
    Log,
    /// `log.Fatal*`: logs, then exits with status 1.
    LogFatal,
}

/// The text `args` print as. `String` and `Error` methods of the program's
/// types run as frames of their own, as Go runs them, when the program's
/// code made the call: `Err` asks for the next one (`Ret::CallFirst`), after
/// which the call is executed again. Elsewhere (a deferred or `go` call)
/// they run on the Rust stack (`Machine::call_sync`).
fn text(
    m: &Machine,
    st: &mut State,
    g: &mut Goroutine,
    args: &[Value],
    style: Style,
) -> Result<String, Ret> {
    let frames = std::mem::take(&mut g.lib_ok);
    if frames {
        g.lib_cursor = Some(0);
        g.lib_wanted = None;
    }
    let text = match style {
        Style::Ln => m.sprintln(st, g, args),
        Style::Plain => m.sprint(st, g, args),
        Style::Format => {
            let f = str_arg(args, 0).unwrap_or_else(|| "".into());
            m.sprintf(st, g, &f, &args[1.min(args.len())..])
        }
    };
    g.lib_cursor = None;
    match g.lib_wanted.take() {
        Some((callee, args)) if frames => Err(Ret::CallFirst {
            callee,
            args,
            recovers: true,
        }),
        _ => Ok(text),
    }
}

/// `fmt.Sprint*`.
fn sprint(m: &Machine, st: &mut State, g: &mut Goroutine, args: &[Value], style: Style) -> R<Ret> {
    match text(m, st, g, args, style) {
        Ok(s) => one(Value::str(&s)),
        Err(call) => Ok(call),
    }
}

/// `fmt.Print*` and `log.Print*`/`log.Fatal*`.
pub(super) fn print(
    m: &Machine,
    st: &mut State,
    g: &mut Goroutine,
    c: Call,
    style: Style,
    sink: Sink,
) -> R<Ret> {
    let text = match text(m, st, g, &c.args, style) {
        Ok(text) => text,
        Err(call) => return Ok(call),
    };
    if st.outcome.is_some() {
        // A `String` method it called stopped the run: nothing is printed.
        return vals(Vec::new());
    }
    let n = text.len() as i64;
    if !st.entry_done {
        if sink == Sink::Stdout {
            st.out.stdout.push_str(&text);
        } else {
            st.out.stderr.push_str(&text);
            if !text.ends_with('\n') {
                st.out.stderr.push('\n');
            }
        }
    }
    if st.mode.records() {
        st.rec.events.push(Event {
            goroutine: g.id,
            span: c.span,
            text: format!("g{} prints {:?}", g.id, text.trim_end()),
        });
    }
    if sink == Sink::LogFatal {
        return Ok(Ret::Exit(1));
    }
    vals(vec![Value::Int(n), Value::Nil])
}

/// `fmt.Fprint*`: into a `strings.Builder`, or to `os.Stdout`/`os.Stderr`.
fn fprint(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call, style: Style) -> R<Ret> {
    let target = c.args.first().cloned().unwrap_or(Value::UNKNOWN);
    let rest = &c.args[1.min(c.args.len())..];
    let text = match text(m, st, g, rest, style) {
        Ok(text) => text,
        Err(call) => return Ok(call),
    };
    if st.outcome.is_some() {
        return vals(Vec::new());
    }
    if let Some(o) = m.deref_obj(st, &target) {
        match st.heap.get_mut(o as usize) {
            Some(Obj::Builder(buf)) => buf.push_str(&text),
            // A `bufio.Writer`: kept until it fills or is flushed (a
            // program's writer is called at the next `Write` or `Flush`).
            Some(Obj::Bufio(_)) => {
                super::bufio::buffer(m, st, o, text.as_bytes());
            }
            _ => {}
        }
    }
    if !st.entry_done {
        match target {
            Value::Builtin(super::args::STDOUT) => st.out.stdout.push_str(&text),
            Value::Builtin(super::args::STDERR) => st.out.stderr.push_str(&text),
            _ => {}
        }
    }
    vals(vec![Value::Int(text.len() as i64), Value::Nil])
}

fn errorf(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let f = str_arg(&c.args, 0).unwrap_or_else(|| "".into());
    let rest = &c.args[1.min(c.args.len())..];
    let mut args = vec![Value::str(&f.replace("%w", "%v"))];
    args.extend(rest.iter().cloned());
    let msg = match text(m, st, g, &args, Style::Format) {
        Ok(text) => text,
        Err(call) => return Ok(call),
    };
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
