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
/// was quadratic), and who holds each heap object, found when first needed.
pub struct Symmetry<'a> {
    st: &'a State,
    /// Per goroutine (by index): (channel, sending, select case, value
    /// sent). Vectors, not hash maps: each map type costs the worker's
    /// download a copy of its code.
    waits: Vec<Vec<Wait<'a>>>,
    owners: Option<Owners>,
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
        Symmetry {
            st,
            waits,
            owners: None,
        }
    }

    /// A hash of everything about goroutine `g` that two interchangeable
    /// goroutines share: its state without its id and without the ids of heap
    /// objects it holds (two goroutines may each hold an object of their own
    /// with the same contents: the method value of a deferred `wg.Done()`), and
    /// its wait-queue records. `None` when `g` is never interchangeable with
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
        plain_fields(go).hash(&mut h);
        let mut values = Vec::new();
        self.roots(go, &mut values);
        for v in values {
            hash_shape(v, &mut h);
        }
        self.records(go).for_each(|r| r.hash(&mut h));
        Some(h.0)
    }

    /// Whether goroutines `a` and `b` are interchangeable: swapping their
    /// ids, and the heap objects only each of them holds, maps the state to
    /// itself, up to the order of wait queues, which the explorer does not
    /// observe (every waiter is a choice when exploring). Strict: every
    /// field of the goroutine but its id (frames, pc, operand stacks,
    /// deferred calls, status, the `go` statement that started it, the
    /// operation it last ran) must be equal, every value equal, or a
    /// reference to an object of its own whose contents are equal in the
    /// same sense; and every wait-queue record (a waiting sender's value, a
    /// select's case) equal. Two goroutines that captured different loop
    /// variables hold cells with different values and are not
    /// interchangeable; two that sent different values neither; two that
    /// share one object hold the same id.
    pub fn interchangeable(&mut self, a: GoId, b: GoId) -> bool {
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
            || plain_fields(ga) != plain_fields(gb)
            || !self.records(ga).eq(self.records(gb))
        {
            return false;
        }
        let (mut va, mut vb) = (Vec::new(), Vec::new());
        self.roots(ga, &mut va);
        self.roots(gb, &mut vb);
        let owners = self
            .owners
            .get_or_insert_with(|| Owners::of(st, &self.waits));
        let mut m = Renaming {
            st,
            owners,
            a: a.number(),
            b: b.number(),
            pairs: Vec::new(),
        };
        va.len() == vb.len() && va.iter().zip(&vb).all(|(x, y)| m.value(x, y))
    }

    /// The values a goroutine holds, in a fixed order: each frame's locals,
    /// operands and deferred calls, the panic it unwinds for, and the
    /// values it offers as a waiting sender.
    fn roots(&self, g: &'a Goroutine, out: &mut Vec<&'a Value>) {
        held(g, out);
        out.extend(
            self.waits
                .get(g.id.index())
                .into_iter()
                .flatten()
                .filter_map(|w| w.3),
        );
    }

    /// Where a goroutine waits: (channel, sending, select case) for each of
    /// its wait-queue records.
    fn records(&self, g: &Goroutine) -> impl Iterator<Item = (ObjId, bool, u16)> + '_ {
        self.waits
            .get(g.id.index())
            .into_iter()
            .flatten()
            .map(|w| (w.0, w.1, w.2))
    }
}

/// Who holds each heap object: one goroutine only (through its frames,
/// operands and deferred calls), or more than one holder (another
/// goroutine, a package-level variable, a timer, the caller, unknown code,
/// a channel's buffer or wait queue).
pub struct Owners(Vec<u32>);

const NOBODY: u32 = 0;
const SHARED: u32 = u32::MAX;

impl Owners {
    fn of(st: &State, waits: &[Vec<Wait<'_>>]) -> Owners {
        let mut owner = vec![NOBODY; st.heap.len()];
        let mut work: Vec<ObjId> = Vec::new();
        let push = |v: &Value, work: &mut Vec<ObjId>| {
            if let Some(o) = v.plain().obj_id() {
                work.push(o);
            }
        };
        work.extend(st.globals.iter().copied());
        work.extend(st.facts.resources.iter().copied());
        work.extend(st.facts.entry_locks.iter().map(|(o, _)| *o));
        for v in st
            .facts
            .escaped
            .iter()
            .chain(&st.facts.entry_args)
            .chain(&st.facts.entry_results)
        {
            push(v, &mut work);
        }
        for t in &st.clock.timers {
            if let TimerAction::Fire(o) | TimerAction::CtxDeadline(o) = t.action {
                work.push(o);
            }
        }
        for g in &st.sched.gs {
            if let Some(TimerAction::Fire(o) | TimerAction::CtxDeadline(o)) = g.timer {
                work.push(o);
            }
            if let Some(o) = g.wg_on_exit {
                work.push(o);
            }
            if let Status::Blocked(b) = &g.status {
                work.extend(b.objs.iter().copied());
            }
        }
        // Everything reachable from those, and a goroutine's objects that
        // another holder also reaches, is shared.
        let share = |work: &mut Vec<ObjId>, owner: &mut Vec<u32>| {
            while let Some(o) = work.pop() {
                match owner.get_mut(o as usize) {
                    Some(w) if *w != SHARED => *w = SHARED,
                    _ => continue,
                }
                st.heap[o as usize].children(work);
            }
        };
        share(&mut work, &mut owner);
        let mut mine: Vec<ObjId> = Vec::new();
        let mut values = Vec::new();
        for g in &st.sched.gs {
            let me = g.id.number();
            values.clear();
            held(g, &mut values);
            values.extend(
                waits
                    .get(g.id.index())
                    .into_iter()
                    .flatten()
                    .filter_map(|w| w.3),
            );
            for v in &values {
                push(v, &mut mine);
            }
            while let Some(o) = mine.pop() {
                match owner.get(o as usize).copied() {
                    Some(NOBODY) => {
                        owner[o as usize] = me;
                        st.heap[o as usize].children(&mut mine);
                    }
                    Some(w) if w != me && w != SHARED => {
                        work.push(o);
                        share(&mut work, &mut owner);
                    }
                    _ => {}
                }
            }
        }
        Owners(owner)
    }

    fn of_obj(&self, o: ObjId) -> u32 {
        self.0.get(o as usize).copied().unwrap_or(SHARED)
    }
}

/// Everything of a goroutine but its id and the values it holds (those are
/// compared through [`roots`]). Written as destructurings so that a field
/// added to `Goroutine` or `Frame` must be placed here.
#[allow(clippy::type_complexity)]
fn plain_fields(g: &Goroutine) -> impl PartialEq + Hash + '_ {
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
        at_go,
        locks_held,
    } = g;
    let frames: Vec<_> = frames
        .iter()
        .map(|f| {
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
            } = f;
            let defers: Vec<_> = defers
                .iter()
                .map(|d| {
                    let Deferred {
                        func: _,
                        args,
                        span,
                    } = d;
                    (args.len(), span)
                })
                .collect();
            (
                (func, pc, locals.len(), stack.len(), defers),
                (want, returning, is_defer, sync_call, then_run),
            )
        })
        .collect();
    let panicking = panicking.as_ref().map(|p| matches!(p, Unwinding::Goexit));
    (
        (frames, status, go_span, func, panicking, unwind_depth),
        (wg_on_exit, cond_relock, last_span, panic_cause, timer),
        (
            runtime,
            timer_cancelled,
            subtest,
            by_unknown,
            at_go,
            locks_held,
        ),
    )
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

/// Hashes a value with the heap object it refers to left out: equal for
/// two goroutines' own objects.
fn hash_shape(v: &Value, h: &mut super::state::Fnv) {
    match v {
        Value::Named(t, inner) => {
            t.hash(h);
            hash_shape(inner, h);
        }
        Value::FieldPtr(_, i) | Value::ElemPtr(_, i) => {
            std::mem::discriminant(v).hash(h);
            i.hash(h);
        }
        Value::Slice { off, len, cap, .. } => (off, len, cap).hash(h),
        v if v.obj_id().is_some() => std::mem::discriminant(v).hash(h),
        v => v.hash(h),
    }
}

/// Whether two references are of one kind (and field, element, or slice
/// bounds), whatever objects they refer to.
fn same_shape(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::FieldPtr(_, a), Value::FieldPtr(_, b))
        | (Value::ElemPtr(_, a), Value::ElemPtr(_, b)) => a == b,
        (
            Value::Slice {
                off: a,
                len: b,
                cap: c,
                ..
            },
            Value::Slice {
                off: d,
                len: e,
                cap: f,
                ..
            },
        ) => (a, b, c) == (d, e, f),
        _ => std::mem::discriminant(x) == std::mem::discriminant(y),
    }
}

/// The comparison of two goroutines' values under a renaming of the heap
/// objects each holds alone.
struct Renaming<'a> {
    st: &'a State,
    owners: &'a Owners,
    a: u32,
    b: u32,
    /// The objects paired so far (few: what two goroutines hold alone).
    pairs: Vec<(ObjId, ObjId)>,
}

impl Renaming<'_> {
    fn value(&mut self, x: &Value, y: &Value) -> bool {
        if let (Value::Named(tx, ix), Value::Named(ty, iy)) = (x, y) {
            return tx == ty && self.value(ix, iy);
        }
        match (x.obj_id(), y.obj_id()) {
            (Some(ox), Some(oy)) => same_shape(x, y) && self.obj(ox, oy),
            _ => x == y,
        }
    }

    fn obj(&mut self, x: ObjId, y: ObjId) -> bool {
        if x == y {
            // Held by both: shared (or a value neither holds alone).
            return self.owners.of_obj(x) == SHARED;
        }
        if self.owners.of_obj(x) != self.a || self.owners.of_obj(y) != self.b {
            return false;
        }
        if let Some(&(x2, y2)) = self.pairs.iter().find(|(x2, y2)| *x2 == x || *y2 == y) {
            return (x2, y2) == (x, y);
        }
        self.pairs.push((x, y));
        let heap = &self.st.heap;
        let (Some(ox), Some(oy)) = (heap.get(x as usize), heap.get(y as usize)) else {
            return false;
        };
        let all = |m: &mut Self, xs: &[Value], ys: &[Value]| {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(a, b)| m.value(a, b))
        };
        match (ox, oy) {
            (Obj::Cell(a), Obj::Cell(b)) => self.value(a, b),
            (Obj::Struct { ty: ta, fields: fa }, Obj::Struct { ty: tb, fields: fb }) => {
                ta == tb && all(self, fa, fb)
            }
            (Obj::Array(a), Obj::Array(b)) => all(self, a, b),
            (
                Obj::Closure {
                    func: fa,
                    captures: ca,
                },
                Obj::Closure {
                    func: fb,
                    captures: cb,
                },
            ) => fa == fb && all(self, ca, cb),
            (
                Obj::Bound {
                    recv: ra,
                    method: ma,
                },
                Obj::Bound {
                    recv: rb,
                    method: mb,
                },
            ) => ma == mb && self.value(ra, rb),
            // Any other object (a map, a channel, a lock, a context...)
            // held by one goroutine alone: not compared (the worker's
            // download pays for each kind), so not interchangeable.
            _ => false,
        }
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
