//! Interchangeable goroutines (issue 16): two goroutines whose whole local
//! state is the same lead, when either one is scheduled (or woken) at a
//! choice, to states that are renamings of each other, so the explorer runs
//! one of them. This file says when two goroutines are interchangeable; the
//! explorer (`explore.rs`, `Symmetry`) decides when skipping one is sound
//! for its partial-order reduction. The argument is in docs/ENGINE.md,
//! "Symmetry".

use super::state::{Deferred, Frame, Goroutine, State, Status, TimerAction, Unwinding};
use super::value::{GoId, Obj, ObjId, Value};
use super::wait::BlockReason;
use std::hash::Hash;

/// One state's goroutines, seen for symmetry: each goroutine's wait-queue
/// records, indexed once (scanning a queue of 10,000 senders per goroutine
/// was quadratic).
pub struct Symmetry<'a> {
    st: &'a State,
    /// Per goroutine (by index): (channel, sending, select case, value
    /// sent). Vectors, not hash maps: each map type costs the worker's
    /// download a copy of its code.
    waits: Vec<Vec<Wait<'a>>>,
}

type Wait<'a> = (ObjId, bool, u16, Option<&'a Value>);

impl<'a> Symmetry<'a> {
    pub fn new(st: &'a State) -> Symmetry<'a> {
        let mut waits: Vec<Vec<Wait<'a>>> = vec![Vec::new(); st.sched.gs.len()];
        for (o, obj) in st.heap.iter().enumerate() {
            if let Obj::Chan(c) = obj {
                let queues = c.recvq.iter().map(|w| (w, None));
                for (w, v) in queues.chain(c.sendq.iter().map(|w| (w, Some(&w.value)))) {
                    if let Some(list) = waits.get_mut(w.g.index()) {
                        list.push((o as ObjId, v.is_some(), w.case, v));
                    }
                }
            }
        }
        Symmetry { st, waits }
    }

    /// A hash of everything about goroutine `g` that two interchangeable
    /// goroutines share: its state without its id and without the ids of
    /// function objects it holds (two goroutines may each hold their own
    /// method value of a deferred `wg.Done()`), and its wait-queue records. `None` when `g` is never interchangeable with
    /// another: the entry, the runtime's goroutines, a goroutine that sleeps,
    /// waits on anything but channels, runs now, owns unknown values, or whose
    /// `go` choice is pending. Equal keys are only a hint:
    /// [`Symmetry::interchangeable`] compares exactly.
    pub fn key(&self, g: GoId) -> Option<u64> {
        let st = self.st;
        if g == GoId::RUNTIME {
            return None;
        }
        let go = st.sched.gs.get(g.index())?;
        if !eligible(st, go) {
            return None;
        }
        let mut h = super::state::Fnv(0x9e37_79b9_7f4a_7c15);
        hash_plain(go, &mut h);
        let mut values = Vec::new();
        self.roots(go, &mut values);
        for v in values {
            hash_shape(v, &mut h);
        }
        for w in self.waits_of(go) {
            (w.0, w.1, w.2).hash(&mut h);
        }
        Some(h.0)
    }

    /// Whether goroutines `a` and `b` are interchangeable: swapping their
    /// ids maps the state to an equivalent one, up to the order of wait
    /// queues, which the explorer does not observe (every waiter is a
    /// choice when exploring) and which function objects they refer to
    /// ([`same`]). Strict: every field of the goroutine but its id (frames,
    /// pc, operand stacks, deferred calls, status, the `go` statement that
    /// started it, the operation it last ran) must be equal, every value
    /// the same, every wait-queue record (a waiting sender's value, a
    /// select's case) equal. Two goroutines that captured different loop
    /// variables hold different cells and are not interchangeable; two
    /// that sent different values neither.
    pub fn interchangeable(&self, a: GoId, b: GoId) -> bool {
        let st = self.st;
        if a == b {
            return true;
        }
        if a == GoId::RUNTIME || b == GoId::RUNTIME {
            return false;
        }
        let (Some(ga), Some(gb)) = (st.sched.gs.get(a.index()), st.sched.gs.get(b.index())) else {
            return false;
        };
        if !eligible(st, ga)
            || !eligible(st, gb)
            || !same_plain(ga, gb)
            || !same_records(self.waits_of(ga), self.waits_of(gb))
        {
            return false;
        }
        let (mut va, mut vb) = (Vec::new(), Vec::new());
        self.roots(ga, &mut va);
        self.roots(gb, &mut vb);
        va.len() == vb.len() && va.iter().zip(&vb).all(|(x, y)| same(st, x, y))
    }

    /// The values a goroutine holds, in a fixed order: each frame's locals,
    /// operands and deferred calls, the panic it unwinds for, and the
    /// values it offers as a waiting sender.
    fn roots(&self, g: &'a Goroutine, out: &mut Vec<&'a Value>) {
        held(g, out);
        for w in self.waits_of(g) {
            if let Some(v) = w.3 {
                out.push(v);
            }
        }
    }

    /// Where a goroutine waits: (channel, sending, select case, value sent)
    /// for each of its wait-queue records.
    fn waits_of(&self, g: &Goroutine) -> &[Wait<'a>] {
        self.waits.get(g.id.index()).map_or(&[], |v| v)
    }
}

/// Whether two goroutines wait in the same queues in the same way (the
/// values sent are compared through `roots`).
fn same_records(a: &[Wait<'_>], b: &[Wait<'_>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x.0, x.1, x.2) == (y.0, y.1, y.2))
}

/// Whether two goroutines agree in everything but their ids and the
/// values they hold (those are compared through `roots`). Written as
/// destructurings so that a field added to `Goroutine` or `Frame` must be
/// placed here. Comparisons field by field, not through a tuple: each tuple
/// type costs the worker's download its code.
fn same_plain(a: &Goroutine, b: &Goroutine) -> bool {
    let Goroutine {
        id: _,
        frames,
        status,
        go_span,
        func,
        panicking,
        unwind_depth,
        wg_on_exit,
        cond_relock,
        last_span,
        panic_cause,
        timer,
        runtime,
        timer_cancelled,
        subtest,
        by_unknown,
        reads_input,
        counted_input,
        at_go,
        locks_held,
        lib_ok,
        lib_cursor,
        lib_wanted,
    } = a;
    let goexit = |p: &Option<Unwinding>| p.as_ref().map(|u| matches!(u, Unwinding::Goexit));
    frames.len() == b.frames.len()
        && frames.iter().zip(&b.frames).all(|(x, y)| same_frame(x, y))
        && *status == b.status
        && *go_span == b.go_span
        && *func == b.func
        && goexit(panicking) == goexit(&b.panicking)
        && *unwind_depth == b.unwind_depth
        && *wg_on_exit == b.wg_on_exit
        && *cond_relock == b.cond_relock
        && *last_span == b.last_span
        && *panic_cause == b.panic_cause
        && *timer == b.timer
        && *runtime == b.runtime
        && *timer_cancelled == b.timer_cancelled
        && *subtest == b.subtest
        && *by_unknown == b.by_unknown
        && *reads_input == b.reads_input
        && *counted_input == b.counted_input
        && *at_go == b.at_go
        && *locks_held == b.locks_held
        && *lib_ok == b.lib_ok
        // In the middle of a library call that calls the program's methods
        // (`fmt` and a `String()`): never interchangeable, conservatively.
        && lib_cursor.is_none()
        && b.lib_cursor.is_none()
        && lib_wanted.is_none()
        && b.lib_wanted.is_none()
}

fn same_frame(x: &Frame, y: &Frame) -> bool {
    let Frame {
        func,
        pc,
        locals,
        stack,
        defers,
        want,
        returning,
        is_defer,
        sync_call,
        then_run,
        lib_results,
        lib_call,
    } = x;
    *func == y.func
        && *pc == y.pc
        && locals.len() == y.locals.len()
        && stack.len() == y.stack.len()
        && defers.len() == y.defers.len()
        && (defers.iter().zip(&y.defers)).all(|(d, e)| {
            let Deferred {
                func: _,
                args,
                span,
            } = d;
            args.len() == e.args.len() && *span == e.span
        })
        && *want == y.want
        && *returning == y.returning
        && *is_defer == y.is_defer
        && *sync_call == y.sync_call
        && *then_run == y.then_run
        && lib_results.is_empty()
        && y.lib_results.is_empty()
        && *lib_call == y.lib_call
}

/// Hashes what most tells goroutines apart (a hint for [`same_plain`]).
fn hash_plain(g: &Goroutine, h: &mut super::state::Fnv) {
    g.func.hash(h);
    g.go_span.hash(h);
    g.status.hash(h);
    g.last_span.hash(h);
    for f in &g.frames {
        (f.func, f.pc, f.locals.len(), f.stack.len(), f.defers.len()).hash(h);
    }
}

/// The values a goroutine's frames hold: locals, operands, deferred calls,
/// and the panic it unwinds for.
fn held<'a>(g: &'a Goroutine, out: &mut Vec<&'a Value>) {
    for f in &g.frames {
        out.extend(&f.locals);
        out.extend(&f.stack);
        for d in &f.defers {
            out.push(&d.func);
            out.extend(&d.args);
        }
    }
    if let Some(Unwinding::Panic(v)) = &g.panicking {
        out.push(v);
    }
}

/// Hashes a value, leaving out which function object it refers to (two
/// goroutines' own method values of `wg.Done` are equal, see [`same`]).
fn hash_shape(v: &Value, h: &mut super::state::Fnv) {
    match v {
        Value::Named(t, inner) => {
            t.hash(h);
            hash_shape(inner, h);
        }
        Value::Closure(_) => std::mem::discriminant(v).hash(h),
        v => v.hash(h),
    }
}

/// Whether two values held by two goroutines are the same to the program:
/// equal, or references to function objects (closures, method values),
/// which are never changed after they are made and have no identity a
/// program can observe (Go compares functions only with nil), with the
/// same function and the same captured values in this sense. A cell, a
/// struct, a channel or any other object is the same only when it is the
/// same object: two goroutines that each captured their own loop variable
/// hold different cells.
fn same(st: &State, x: &Value, y: &Value) -> bool {
    if x == y {
        return true;
    }
    match (x, y) {
        (Value::Named(tx, ix), Value::Named(ty, iy)) => tx == ty && same(st, ix, iy),
        (Value::Closure(a), Value::Closure(b)) => {
            match (st.heap.get(*a as usize), st.heap.get(*b as usize)) {
                (
                    Some(Obj::Closure {
                        func: fa,
                        captures: ca,
                    }),
                    Some(Obj::Closure {
                        func: fb,
                        captures: cb,
                    }),
                ) => {
                    fa == fb
                        && ca.len() == cb.len()
                        && ca.iter().zip(cb).all(|(p, q)| same(st, p, q))
                }
                (
                    Some(Obj::Bound {
                        recv: ra,
                        method: ma,
                    }),
                    Some(Obj::Bound {
                        recv: rb,
                        method: mb,
                    }),
                ) => ma == mb && same(st, ra, rb),
                _ => false,
            }
        }
        _ => false,
    }
}

fn eligible(st: &State, g: &Goroutine) -> bool {
    let waits_on_channels = match &g.status {
        Status::Runnable => true,
        Status::Blocked(b) => matches!(
            b.reason,
            BlockReason::ChanSend
                | BlockReason::ChanRecv
                | BlockReason::Select
                | BlockReason::RangeChan
        ),
        _ => false,
    };
    waits_on_channels
        && g.id != GoId::ENTRY
        && g.go_span.is_some()
        && !g.runtime
        && g.timer.is_none()
        && !g.subtest
        && !g.by_unknown
        && !g.at_go
        && st.sched.current != Some(g.id)
        && st.sched.go_child != Some(g.id)
        // Unknown values are named per goroutine (`Path`): a goroutine that
        // made one is told apart by its symbols.
        && !st.path.made_by(g.id)
        && !st.clock.timers.iter().any(|t| t.action == TimerAction::Wake(g.id))
}
