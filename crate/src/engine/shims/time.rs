//! `time`: the virtual clock, sleeps, timers and tickers.

use super::args::{int_arg, none, one, Call, Method, Package, Shim, This, R, SECOND};
use crate::engine::machine::{Machine, Ret, Trap};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "time",
    plain_args: true,
    shims: &[
        Shim::value("time.Nanosecond", || Value::Duration(1)),
        Shim::value("time.Microsecond", || Value::Duration(1_000)),
        Shim::value("time.Millisecond", || Value::Duration(1_000_000)),
        Shim::value("time.Second", || Value::Duration(SECOND)),
        Shim::value("time.Minute", || Value::Duration(60 * SECOND)),
        Shim::value("time.Hour", || Value::Duration(3600 * SECOND)),
        Shim::func("time.Sleep", 0, |_, st, _, c| {
            let d = int_arg(&c.args, 0).unwrap_or(0);
            if d <= 0 {
                return Ok(Ret::Gosched);
            }
            Ok(Ret::Sleep(st.clock.now.saturating_add(d)))
        })
        .visible(),
        Shim::func("time.After", 1, |m, st, _, c| timer(m, st, c, Made::After)),
        Shim::func("time.Tick", 1, |m, st, _, c| timer(m, st, c, Made::Tick)),
        Shim::func("time.NewTimer", 1, |m, st, _, c| {
            timer(m, st, c, Made::Timer)
        }),
        Shim::func("time.NewTicker", 1, |m, st, _, c| {
            timer(m, st, c, Made::Ticker)
        }),
        Shim::func("time.AfterFunc", 1, |m, st, _, c| {
            let d = int_arg(&c.args, 0).unwrap_or(0);
            let f = c.args.get(1).cloned().unwrap_or(Value::UNKNOWN);
            let timer = st.alloc(Obj::Timer(Timer {
                chan: None,
                func: Some(f),
                period: 0,
                active: true,
                resource: None,
            }));
            let when = st.clock.now.saturating_add(d);
            m.add_timer(st, when, TimerAction::Fire(timer));
            one(Value::Obj(timer))
        }),
        // The conversion `time.Duration(n)`.
        Shim::func("time.Duration", 1, |_, _, _, c| {
            one(match c.args.first().map(|a| a.plain()) {
                Some(Value::Int(i) | Value::Duration(i)) => Value::Duration(*i),
                Some(Value::Float(f)) => Value::Duration(f.0 as i64),
                _ => Value::UNKNOWN,
            })
        }),
        Shim::func("time.Now", 1, |_, st, _, _| {
            one(Value::Time(read_clock(st)))
        }),
        Shim::func("time.Since", 1, |_, st, _, c| match c.args.first() {
            Some(Value::Time(t)) => one(Value::Duration(read_clock(st) - t)),
            _ => one(Value::UNKNOWN),
        }),
        Shim::func("time.Until", 1, |_, st, _, c| match c.args.first() {
            Some(Value::Time(t)) => one(Value::Duration(t - read_clock(st))),
            _ => one(Value::UNKNOWN),
        }),
    ],
};

/// The virtual clock, as the program reads it: noted for the spin watch
/// (`SpinWatch::read_clock`), since a loop that reads it waits for time.
fn read_clock(st: &mut State) -> i64 {
    st.sched.spin.read_clock = true;
    st.clock.now
}

/// The methods of a timer or ticker.
pub(super) const TIMER: &[Method] = &[
    Method {
        name: "Stop",
        run: |m, st, _, t| {
            let Obj::Timer(timer) = t.obj else {
                return one(Value::UNKNOWN);
            };
            let o = t.o;
            let active = timer.active;
            let was = m.cancel_timer(st, o) && active;
            if let Some(Obj::Timer(t)) = st.heap.get_mut(o as usize) {
                t.active = false;
                if let Some(r) = t.resource {
                    if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(r as usize) {
                        *released = true;
                    }
                }
            }
            one(Value::Bool(was))
        },
    },
    Method {
        name: "Reset",
        run: reset,
    },
];

/// Which constructor made a timer.
#[derive(Clone, Copy, PartialEq)]
enum Made {
    After,
    Tick,
    Timer,
    Ticker,
}

/// `time.After`, `time.Tick`, `time.NewTimer`, `time.NewTicker`.
fn timer(m: &Machine, st: &mut State, c: Call, made: Made) -> R<Ret> {
    let periodic = matches!(made, Made::Tick | Made::Ticker);
    let d = match int_arg(&c.args, 0) {
        // Go: a non-positive period panics in NewTicker and
        // makes Tick return nil.
        Some(d) if periodic && d <= 0 => {
            if made == Made::Tick {
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
        make_span: c.span,
        elem_zero: Value::Time(0),
        recvq: Vec::new(),
        sendq: Vec::new(),
        runtime_owned: true,
        counted: false,
    }));
    let resource = match made {
        Made::Ticker | Made::Timer => {
            let kind = if made == Made::Ticker {
                "ticker"
            } else {
                "timer"
            };
            let r = st.alloc(Obj::Resource {
                kind,
                span: c.span,
                released: false,
            });
            st.facts.resources.push(r);
            Some(r)
        }
        Made::After | Made::Tick => None,
    };
    let timer = st.alloc(Obj::Timer(Timer {
        chan: Some(ch),
        func: None,
        period: if periodic { d } else { 0 },
        active: true,
        resource,
    }));
    let when = st.clock.now.saturating_add(d);
    m.add_timer(st, when, TimerAction::Fire(timer));
    match made {
        Made::After | Made::Tick => one(Value::Chan(ch)),
        Made::Timer | Made::Ticker => one(Value::Obj(timer)),
    }
}

fn reset(m: &Machine, st: &mut State, _: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::Timer(timer) = t.obj else {
        return none();
    };
    let o = t.o;
    let d = match int_arg(&t.args, 0) {
        Some(d) if timer.period > 0 && d <= 0 => {
            return Err(Trap::runtime(
                "non-positive interval for Ticker.Reset".into(),
            ));
        }
        Some(d) => d.max(0),
        None if timer.period > 0 => 1_000_000,
        None => 0,
    };
    let active = timer.active;
    let was = m.cancel_timer(st, o) && active;
    if let Some(Obj::Timer(t)) = st.heap.get_mut(o as usize) {
        t.active = true;
        if t.period > 0 {
            t.period = d;
        }
    }
    let when = st.clock.now.saturating_add(d);
    m.add_timer(st, when, TimerAction::Fire(o));
    one(Value::Bool(was))
}
