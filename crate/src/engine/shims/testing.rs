//! `testing`: the methods of `*testing.T` for test entries.

use super::args::{none, one, str_arg, Method, This, R};
use crate::engine::machine::{Machine, Ret, BACKGROUND_CTX};
use crate::engine::state::*;
use crate::engine::value::*;

/// What a logging method of `testing.T` does besides logging.
#[derive(Clone, Copy, PartialEq)]
enum Then {
    /// `Log`: nothing.
    Go,
    /// `Error`: marks the test failed.
    Fail,
    /// `Fatal`: marks it failed and ends its goroutine.
    FailNow,
    /// `Skip`: ends its goroutine.
    Skip,
}

/// The methods of a `*testing.T`.
pub(super) const T: &[Method] = &[
    Method {
        name: "Log",
        run: |m, st, g, t| log(m, st, g, t, false, Then::Go),
    },
    Method {
        name: "Logf",
        run: |m, st, g, t| log(m, st, g, t, true, Then::Go),
    },
    Method {
        name: "Error",
        run: |m, st, g, t| log(m, st, g, t, false, Then::Fail),
    },
    Method {
        name: "Errorf",
        run: |m, st, g, t| log(m, st, g, t, true, Then::Fail),
    },
    Method {
        name: "Fatal",
        run: |m, st, g, t| log(m, st, g, t, false, Then::FailNow),
    },
    Method {
        name: "Fatalf",
        run: |m, st, g, t| log(m, st, g, t, true, Then::FailNow),
    },
    Method {
        name: "Skip",
        run: |m, st, g, t| log(m, st, g, t, false, Then::Skip),
    },
    Method {
        name: "Skipf",
        run: |m, st, g, t| log(m, st, g, t, true, Then::Skip),
    },
    Method {
        name: "Helper",
        run: |_, _, _, _| none(),
    },
    Method {
        name: "Parallel",
        run: |_, _, _, _| none(),
    },
    Method {
        name: "Setenv",
        run: |_, _, _, _| none(),
    },
    Method {
        name: "Name",
        run: |_, _, _, t| match t.obj {
            Obj::TestingT { name, .. } => one(Value::Str(name)),
            _ => one(Value::UNKNOWN),
        },
    },
    Method {
        name: "Failed",
        run: |_, st, _, t| {
            one(Value::Bool(matches!(
                st.heap.get(t.o as usize),
                Some(Obj::TestingT { failed: true, .. })
            )))
        },
    },
    Method {
        name: "Cleanup",
        run: |_, st, _, t| {
            if let Some(Obj::TestingT { cleanups, .. }) = st.heap.get_mut(t.o as usize) {
                cleanups.push(t.args.into_iter().next().unwrap_or(Value::UNKNOWN));
            }
            none()
        },
    },
    Method { name: "Run", run },
    Method {
        name: "Context",
        run: |_, _, _, _| one(Value::Obj(BACKGROUND_CTX)),
    },
];

/// `Log`, `Error`, `Fatal`, `Skip` and their `f` forms.
fn log(
    m: &Machine,
    st: &mut State,
    g: &mut Goroutine,
    t: This,
    format: bool,
    then: Then,
) -> R<Ret> {
    let args = t.args;
    let text = if format {
        let f = str_arg(&args, 0).unwrap_or_else(|| "".into());
        m.sprintf(st, g, &f, &args[1.min(args.len())..])
    } else {
        m.sprintln(st, g, &args).trim_end_matches('\n').to_string()
    };
    if !st.entry_done {
        st.out.stdout.push_str(&format!("    {text}\n"));
    }
    if matches!(then, Then::Fail | Then::FailNow) {
        if let Some(Obj::TestingT { failed, .. }) = st.heap.get_mut(t.o as usize) {
            *failed = true;
        }
        if args.iter().any(Value::is_unknown) {
            // `t.Fatal(err)` with an error of code the engine does not
            // model: see `verdict::classify`.
            st.facts.failed_on_unknown = true;
        }
    }
    if matches!(then, Then::FailNow | Then::Skip) {
        return Ok(Ret::Goexit);
    }
    none()
}

/// The methods of the `*testing.M` a `TestMain` is given.
pub(super) const M: &[Method] = &[Method {
    name: "Run",
    run: main_run,
}];

/// `m.Run()` in the `TestMain` run before a test (`Machine::start`): the
/// set-up is done, so every frame above the test's returns at once, without
/// its deferred calls (the tear-down runs after all tests, not before this
/// one), and the test runs on what the set-up built. What the set-up opened
/// is the harness's, closed by its tear-down: not tracked.
fn main_run(_: &Machine, st: &mut State, g: &mut Goroutine, _: This) -> R<Ret> {
    if g.id != GoId::ENTRY {
        return one(Value::Int(0));
    }
    for f in g.frames.iter_mut().skip(1) {
        f.defers.clear();
        f.returning = true;
    }
    st.facts.resources.clear();
    // What the package variables hold now (a backend's request channel, a
    // shared fixture) is the harness's, as an entry's arguments are its
    // caller's: a goroutine of the set-up waiting on it is no leak of the
    // test.
    for cell in st.globals.clone() {
        if let Some(Obj::Cell(v)) = st.heap.get(cell as usize) {
            if v.obj_id().is_some() {
                st.facts.entry_args.push(v.clone());
            }
        }
    }
    one(Value::Int(0))
}

/// `t.Run(name, f)`: the subtest runs on its own goroutine (so `t.Fatal`
/// ends only it) and Run waits until it ends, however often it blocks
/// meanwhile, as Go does.
fn run(m: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::TestingT { name: tn, .. } = t.obj else {
        return one(Value::UNKNOWN);
    };
    let (args, span) = (t.args, t.span);
    let sub = st.alloc(Obj::TestingT {
        name: format!("{tn}/{}", str_arg(&args, 0).unwrap_or_else(|| "".into()))
            .as_str()
            .into(),
        failed: false,
        cleanups: Vec::new(),
    });
    let f = args.get(1).cloned().unwrap_or(Value::UNKNOWN);
    let done = st.alloc(Obj::WaitGroup {
        count: 1,
        waiters: Vec::new(),
        unknown: false,
    });
    let Some(id) = m.spawn(st, f, vec![Value::Obj(sub)], Some(done), span, None) else {
        return Ok(Ret::Block(Blocked {
            reason: BlockReason::WaitGroupWait,
            span,
            objs: vec![done],
        }));
    };
    if let Some(sg) = st.sched.gs.get_mut(id.index()) {
        sg.subtest = true;
    }
    match st.heap.get_mut(done as usize) {
        Some(Obj::WaitGroup { count, waiters, .. }) if *count > 0 => {
            waiters.push(g.id);
            Ok(Ret::Block(Blocked {
                reason: BlockReason::WaitGroupWait,
                span,
                objs: vec![done],
            }))
        }
        _ => one(Value::Bool(true)),
    }
}
