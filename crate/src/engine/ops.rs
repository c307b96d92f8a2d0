//! Prediction. One decoder, [`Machine::decode`], says which visible
//! operation a goroutine is at (a scheduling point when exploring); the
//! operation answers whether it would block ([`VisibleOp::would_block`]) and
//! which objects it touches ([`VisibleOp::footprint`], accesses tagged with
//! an [`AccessKind`]), from which the explorer's dependence relation is
//! written once (`AccessKind::commutes`). Each primitive's own predicates
//! (`Chan::can_send`, the select's cases) live with its execution in
//! `concurrency/`.

use super::code::{Instr, SelKind};
use super::concurrency::select::SelectCase;
use super::machine::*;
use super::state::*;
use super::value::*;

/// A goroutine's next visible operation, decoded from its instruction and
/// operand stack.
pub(in crate::engine) enum VisibleOp<'a> {
    /// A `go` statement (visible only on the default schedule, where it
    /// gives the animation a step).
    Go,
    /// `ch <- v`, with the channel operand (a channel, nil or opaque).
    Send(&'a Value),
    /// `<-ch` or the next round of `for range ch`.
    Recv(&'a Value),
    /// A `select`: its case kinds and the stack holding their operands,
    /// decoded into `SelectCase`s only when asked (the scheduler decodes
    /// every step; most steps only need to know the op is visible).
    Select {
        kinds: &'a [SelKind],
        stack: &'a [Value],
        default: bool,
    },
    /// `close(ch)`.
    Close(&'a Value),
    /// Another visible builtin (`time.Sleep`, `atomic.AddInt64(&n, 1)`),
    /// with its first argument.
    Builtin(Option<&'a Value>),
    /// Calling a context's cancel function.
    Cancel(ObjId),
    /// Calling a method value bound to a receiver (the receiver's object).
    Bound(Option<ObjId>),
    /// A method of a synchronisation object (Mutex, WaitGroup, Cond, Once,
    /// atomic, timer, context).
    Method {
        obj: ObjId,
        name: &'a str,
        /// The last argument (`wg.Add(n)`'s `n`).
        last: Option<&'a Value>,
    },
}

impl Machine {
    /// The visible operation `instr` is, or `None` for local code.
    pub(in crate::engine) fn decode<'a>(
        &'a self,
        st: &State,
        frame: &'a Frame,
        instr: &'a Instr,
    ) -> Option<VisibleOp<'a>> {
        let top = |k: usize| {
            frame
                .stack
                .len()
                .checked_sub(k)
                .and_then(|i| frame.stack.get(i))
        };
        const NIL: &Value = &Value::Nil;
        match instr {
            Instr::Send => Some(VisibleOp::Send(top(2).map_or(NIL, Value::plain))),
            Instr::Recv { .. } => Some(VisibleOp::Recv(top(1).map_or(NIL, Value::plain))),
            Instr::Go { .. } => (!st.mode.explores()).then_some(VisibleOp::Go),
            Instr::RangeNext { coll, nil_chan, .. } => {
                match frame.locals.get(*coll as usize).map(Value::plain) {
                    Some(c @ Value::Chan(_)) => Some(VisibleOp::Recv(c)),
                    Some(Value::Nil) if *nil_chan => Some(VisibleOp::Recv(NIL)),
                    _ => None,
                }
            }
            Instr::Select { cases, default } => Some(VisibleOp::Select {
                kinds: cases,
                stack: &frame.stack,
                default: *default,
            }),
            Instr::Call { argc, .. } => match top(*argc as usize + 1)? {
                Value::Builtin("close") => Some(VisibleOp::Close(top(1).map_or(NIL, Value::plain))),
                Value::Builtin(name) => super::shims::is_visible_builtin(name)
                    .then(|| VisibleOp::Builtin(top(*argc as usize))),
                Value::Obj(o) => match st.heap.get(*o as usize) {
                    Some(Obj::CancelFunc { ctx, .. }) => Some(VisibleOp::Cancel(*ctx)),
                    _ => None,
                },
                Value::Closure(o) => match st.heap.get(*o as usize) {
                    Some(Obj::Bound { recv, .. }) => {
                        Some(VisibleOp::Bound(self.deref_obj(st, recv)))
                    }
                    _ => None,
                },
                _ => None,
            },
            Instr::CallMethod { argc, name, .. } => {
                let obj = self.method_obj(st, top(*argc as usize + 1)?, name)?;
                matches!(
                    st.heap.get(obj as usize),
                    Some(
                        Obj::Mutex { .. }
                            | Obj::WaitGroup { .. }
                            | Obj::Cond { .. }
                            | Obj::Once { .. }
                            | Obj::Atomic(_)
                            | Obj::Timer(_)
                            | Obj::Context(_)
                    )
                )
                .then(|| VisibleOp::Method {
                    obj,
                    name,
                    last: if *argc > 0 { top(1) } else { None },
                })
            }
            _ => None,
        }
    }

    /// The operation a goroutine is at, if it is at a visible one (not
    /// returning, not unwinding a panic; a function deferred while
    /// panicking runs its operations as any other).
    pub(in crate::engine) fn next_op<'a>(
        &'a self,
        st: &State,
        g: &'a Goroutine,
    ) -> Option<VisibleOp<'a>> {
        let frame = g.frames.last()?;
        if frame.returning || g.panicking.is_some() && g.frames.len() <= g.unwind_depth {
            return None;
        }
        let instr = self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)?;
        self.decode(st, frame, instr)
    }

    /// Whether a goroutine stands before a visible operation (a goroutine
    /// with no frame left is about to finish, which is visible too).
    pub(in crate::engine) fn at_visible(&self, st: &State, g: &Goroutine) -> bool {
        g.frames.is_empty() || g.at_go || self.next_op(st, g).is_some()
    }

    /// The accesses of the visible operation a runnable goroutine is at, or
    /// `None` when it is not at one. A run that ends early (a panic, an
    /// exit) never executes the others' next operations; the explorer
    /// checks them for races as if they ran next.
    pub fn next_footprint(&self, st: &State, gid: GoId) -> Option<Vec<Access>> {
        let g = st.sched.gs.get(gid.index())?;
        if g.status != Status::Runnable {
            return None;
        }
        if let Some(action) = &g.timer {
            return Some(self.timer_footprint(st, action));
        }
        Some(self.next_op(st, g)?.footprint(self, st))
    }

    /// Whether the visible operation a goroutine is at would block now, in
    /// a way that commutes with the others (see [`VisibleOp::would_block`]).
    pub(in crate::engine) fn would_block(&self, st: &State, g: &Goroutine) -> bool {
        let Some(frame) = g.frames.last() else {
            return false;
        };
        let Some(instr) = self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)
        else {
            return false;
        };
        self.decode(st, frame, instr)
            .is_some_and(|op| op.would_block(st))
    }

    /// Completing a waiter also removes it from every other queue it waits
    /// in (a `select` waits on several channels): the operation touches those
    /// channels too. Without them, two sends on different channels that race
    /// for one select looked independent, and the run where the other
    /// sender leaks was never explored.
    pub(in crate::engine) fn partner_accesses(
        &self,
        st: &State,
        waiters: &[Waiter],
        out: &mut Vec<Access>,
    ) {
        for w in waiters {
            if let Some(Status::Blocked(b)) = st.sched.gs.get(w.g.index()).map(|g| &g.status) {
                for &obj in &b.objs {
                    if !out.contains(&Access::strong(obj)) {
                        out.push(Access::strong(obj));
                    }
                }
            }
        }
    }
}

impl VisibleOp<'_> {
    /// Whether the operation would block now in a way that commutes with the
    /// others: running it early, before any choice, loses no behaviour. That
    /// holds where whoever later completes it chooses among all waiters:
    /// unbuffered channels (a sender picks any waiting receiver) and
    /// Mutex.Lock (Unlock wakes every waiter to retry). It does not hold for
    /// a buffered channel (a value sent before the receiver arrived sits in
    /// the buffer, where a third goroutine may take it), an RWMutex or
    /// `WaitGroup.Wait` (the counter may rise again before a late waiter
    /// arrives): the differential test against brute force found each of
    /// these.
    pub(in crate::engine) fn would_block(&self, st: &State) -> bool {
        match self {
            VisibleOp::Send(Value::Chan(id)) => {
                st.chan(*id).is_some_and(|c| c.cap == 0 && !c.can_send())
            }
            VisibleOp::Recv(Value::Chan(id)) => {
                st.chan(*id).is_some_and(|c| c.cap == 0 && !c.can_recv())
            }
            VisibleOp::Send(Value::Nil) | VisibleOp::Recv(Value::Nil) => true,
            VisibleOp::Select {
                kinds,
                stack,
                default,
            } => {
                let cases = SelectCase::decode(kinds, stack);
                !default
                    && !cases.iter().any(|c| c.buffered(st))
                    && !cases.iter().any(|c| c.ready(st))
            }
            VisibleOp::Method { obj, name, .. } => {
                matches!(
                    (st.heap.get(*obj as usize), *name),
                    (Some(Obj::Mutex { locked, readers, rw: false, .. }), "Lock")
                        if *locked || *readers > 0
                )
            }
            _ => false,
        }
    }

    /// The objects the operation touches, each with how it touches it.
    pub(in crate::engine) fn footprint(&self, m: &Machine, st: &State) -> Vec<Access> {
        let strong = |o: ObjId| vec![Access::strong(o)];
        match self {
            VisibleOp::Send(Value::Chan(id)) => m.send_footprint(st, *id),
            VisibleOp::Recv(Value::Chan(id)) => m.recv_footprint(st, *id),
            VisibleOp::Select {
                kinds,
                stack,
                default,
            } => m.select_footprint(st, &SelectCase::decode(kinds, stack), *default),
            VisibleOp::Close(Value::Chan(id)) => m.close_footprint(st, *id),
            VisibleOp::Builtin(Some(
                Value::Ptr(o) | Value::FieldPtr(o, _) | Value::ElemPtr(o, _),
            )) => strong(*o),
            VisibleOp::Cancel(ctx) => match st.heap.get(*ctx as usize) {
                Some(Obj::Context(c)) => c.done.map(strong).unwrap_or_default(),
                _ => Vec::new(),
            },
            VisibleOp::Bound(recv) => recv.map(strong).unwrap_or_default(),
            VisibleOp::Method { obj, name, last } => match st.heap.get(*obj as usize) {
                Some(Obj::WaitGroup { count, .. }) => {
                    super::concurrency::sync::wg_footprint(*obj, *count, name, *last)
                }
                _ => strong(*obj),
            },
            _ => Vec::new(),
        }
    }
}
