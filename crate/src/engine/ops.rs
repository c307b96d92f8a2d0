//! Prediction: what a goroutine's next visible operation is, whether it
//! would block, and which objects it touches (its footprint), for the
//! scheduler and the explorer's dependence relation.

use super::compile::{Instr, SelKind};
use super::machine::*;
use super::state::*;
use super::value::*;

impl Machine {
    /// A receive's accesses: the channel, weak when it only enqueues, and
    /// the other wait queues of a sender it would complete.
    pub(in crate::engine) fn recv_footprint(&self, st: &State, id: ObjId) -> Vec<Access> {
        let c = st.chan(id).unwrap();
        let kind = if c.closed || !c.sendq.is_empty() {
            AccessKind::Strong
        } else if c.buf.is_empty() {
            AccessKind::RecvEnqueue
        } else {
            AccessKind::TakeFront
        };
        let mut out = vec![Access { obj: id, kind }];
        self.partner_accesses(st, &c.sendq, &mut out);
        out
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
            if let Some(Status::Blocked(b)) = st.gs.get((w.g - 1) as usize).map(|g| &g.status) {
                for &obj in &b.objs {
                    if !out.contains(&Access::strong(obj)) {
                        out.push(Access::strong(obj));
                    }
                }
            }
        }
    }

    /// The objects the visible operation at `instr` touches.
    pub(in crate::engine) fn footprint(
        &self,
        st: &State,
        frame: &Frame,
        instr: &Instr,
    ) -> Vec<Access> {
        let top = |k: usize| {
            frame
                .stack
                .len()
                .checked_sub(k)
                .and_then(|i| frame.stack.get(i))
        };
        let strong = |o: ObjId| vec![Access::strong(o)];
        match instr {
            Instr::Send => match top(2) {
                Some(Value::Chan(id)) => {
                    let c = st.chan(*id).unwrap();
                    let blocks = !c.closed && c.recvq.is_empty() && c.buf.len() as u32 >= c.cap;
                    // An append that takes the last free slot would make a
                    // later one block: only appends that leave room commute.
                    let appends =
                        !c.closed && c.recvq.is_empty() && (c.buf.len() as u32) + 1 < c.cap;
                    let mut out = vec![Access {
                        obj: *id,
                        kind: if blocks {
                            AccessKind::SendEnqueue
                        } else if appends {
                            AccessKind::Append
                        } else {
                            AccessKind::Strong
                        },
                    }];
                    if !c.closed {
                        self.partner_accesses(st, &c.recvq, &mut out);
                    }
                    out
                }
                _ => Vec::new(),
            },
            Instr::Recv { .. } => match top(1) {
                Some(Value::Chan(id)) => self.recv_footprint(st, *id),
                _ => Vec::new(),
            },
            Instr::RangeNext { coll, .. } => match frame.locals.get(*coll as usize) {
                Some(Value::Chan(id)) => self.recv_footprint(st, *id),
                _ => Vec::new(),
            },
            Instr::Select { cases, default } => {
                let n: usize = cases
                    .iter()
                    .map(|c| if matches!(c, SelKind::Send) { 2 } else { 1 })
                    .sum();
                let at = frame.stack.len().saturating_sub(n);
                let ops = &frame.stack[at..];
                // (channel, is a send, ready now, a send that only appends).
                let mut chans: Vec<(ObjId, bool, bool, bool)> = Vec::new();
                let mut i = 0;
                for c in cases.iter() {
                    let send = matches!(c, SelKind::Send);
                    if let Some(Value::Chan(id)) = ops.get(i) {
                        if let Some(ch) = st.chan(*id) {
                            let ready = if send {
                                ch.closed || !ch.recvq.is_empty() || (ch.buf.len() as u32) < ch.cap
                            } else {
                                !ch.buf.is_empty() || !ch.sendq.is_empty() || ch.closed
                            };
                            let appends = send
                                && !ch.closed
                                && ch.recvq.is_empty()
                                && (ch.buf.len() as u32) + 1 < ch.cap;
                            chans.push((*id, send, ready, appends));
                        }
                    }
                    i += if send { 2 } else { 1 };
                }
                let ready: Vec<_> = chans.iter().filter(|c| c.2).collect();
                // A select with a default that finds nothing ready only
                // observes (weak 5: commutes with other such observations);
                // one whose only ready case appends to a buffer appends
                // (weak 3) and observes the rest. Anything else is strong.
                let observe_only = *default && ready.is_empty();
                let one_append = ready.len() == 1 && ready[0].3;
                let mut out: Vec<Access> = chans
                    .iter()
                    .map(|&(obj, _, is_ready, _)| Access {
                        obj,
                        kind: if observe_only || (one_append && !is_ready) {
                            AccessKind::Observe
                        } else if one_append {
                            AccessKind::Append
                        } else {
                            AccessKind::Strong
                        },
                    })
                    .collect();
                // A ready case completes a waiting partner, which leaves every
                // other wait queue it was in.
                for &(obj, send, is_ready, _) in &chans {
                    if let (true, Some(c)) = (is_ready, st.chan(obj)) {
                        if send && !c.closed {
                            self.partner_accesses(st, &c.recvq, &mut out);
                        } else if !send {
                            self.partner_accesses(st, &c.sendq, &mut out);
                        }
                    }
                }
                out
            }
            Instr::Call { argc, .. } => {
                let callee = top(*argc as usize + 1);
                match callee {
                    Some(Value::Builtin("close")) => match top(1) {
                        Some(Value::Chan(id)) => {
                            let mut out = strong(*id);
                            if let Some(c) = st.chan(*id) {
                                self.partner_accesses(st, &c.recvq, &mut out);
                                self.partner_accesses(st, &c.sendq, &mut out);
                            }
                            out
                        }
                        _ => Vec::new(),
                    },
                    Some(Value::Builtin(_)) => match top(*argc as usize) {
                        Some(Value::Ptr(o) | Value::FieldPtr(o, _) | Value::ElemPtr(o, _)) => {
                            strong(*o)
                        }
                        _ => Vec::new(),
                    },
                    Some(Value::Obj(o)) => match st.heap.get(*o as usize) {
                        Some(Obj::CancelFunc { ctx, .. }) => match st.heap.get(*ctx as usize) {
                            Some(Obj::Context(c)) => c.done.map(strong).unwrap_or_default(),
                            _ => Vec::new(),
                        },
                        _ => Vec::new(),
                    },
                    Some(Value::Closure(o)) => match st.heap.get(*o as usize) {
                        Some(Obj::Bound { recv, .. }) => {
                            self.deref_obj(st, recv).map(strong).unwrap_or_default()
                        }
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                }
            }
            Instr::CallMethod { argc, name, .. } => {
                match top(*argc as usize + 1).and_then(|r| self.method_obj(st, r, name)) {
                    Some(o) => {
                        // Counter updates that keep a WaitGroup above zero commute.
                        if let Some(Obj::WaitGroup { count, .. }) = st.heap.get(o as usize) {
                            let delta = match (&**name, top(1)) {
                                ("Done", _) => Some(-1),
                                ("Add", Some(Value::Int(n))) => Some(*n),
                                _ => None,
                            };
                            if let Some(d) = delta {
                                if count + d > 0 {
                                    return vec![Access {
                                        obj: o,
                                        kind: AccessKind::CounterAboveZero,
                                    }];
                                }
                            }
                        }
                        strong(o)
                    }
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// The accesses of the visible operation a runnable goroutine is at, or
    /// `None` when it is not at one. A run that ends early (a panic, an
    /// exit) never executes the others' next operations; the explorer
    /// checks them for races as if they ran next.
    pub fn next_footprint(&self, st: &State, gid: GoId) -> Option<Vec<Access>> {
        let g = st.gs.get((gid - 1) as usize)?;
        if g.status != Status::Runnable || !self.at_visible(st, g) {
            return None;
        }
        let frame = g.frames.last()?;
        let instr = self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)?;
        Some(self.footprint(st, frame, instr))
    }

    pub(in crate::engine) fn at_visible(&self, st: &State, g: &Goroutine) -> bool {
        let Some(frame) = g.frames.last() else {
            return true;
        };
        if frame.returning || g.panicking.is_some() {
            return false;
        }
        match self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)
        {
            Some(instr) => self.is_visible(st, frame, instr),
            None => false,
        }
    }

    /// Whether the visible operation a goroutine is at would block now, in
    /// a way that commutes with the others: running it early, before any
    /// choice, loses no behaviour. That holds where whoever later completes
    /// it chooses among all waiters: unbuffered channels (a sender picks any
    /// waiting receiver) and Mutex.Lock (Unlock wakes every waiter to
    /// retry). It does not hold for a buffered channel (a value sent before
    /// the receiver arrived sits in the buffer, where a third goroutine may
    /// take it), an RWMutex or `WaitGroup.Wait` (the counter may rise again
    /// before a late waiter arrives): the differential test against brute
    /// force found each of these.
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
        let top = |k: usize| {
            frame
                .stack
                .len()
                .checked_sub(k)
                .and_then(|i| frame.stack.get(i))
        };
        let recv_blocks = |v: Option<&Value>| match v {
            Some(Value::Chan(id)) => st
                .chan(*id)
                .is_some_and(|c| c.cap == 0 && !c.closed && c.sendq.is_empty() && c.buf.is_empty()),
            Some(Value::Nil) => true,
            _ => false,
        };
        match instr {
            Instr::Send => match top(2) {
                Some(Value::Chan(id)) => st
                    .chan(*id)
                    .is_some_and(|c| c.cap == 0 && !c.closed && c.recvq.is_empty()),
                Some(Value::Nil) => true,
                _ => false,
            },
            Instr::Recv { .. } => recv_blocks(top(1)),
            Instr::RangeNext { coll, nil_chan, .. } => match frame.locals.get(*coll as usize) {
                Some(Value::Nil) => *nil_chan,
                c @ Some(Value::Chan(_)) => recv_blocks(c),
                _ => false,
            },
            Instr::Select { cases, default } => {
                if *default {
                    return false;
                }
                let n: usize = cases
                    .iter()
                    .map(|c| if matches!(c, SelKind::Send) { 2 } else { 1 })
                    .sum();
                let at = frame.stack.len().saturating_sub(n);
                let ops = &frame.stack[at..];
                let buffered = ops.iter().any(
                    |v| matches!(v, Value::Chan(id) if st.chan(*id).is_some_and(|c| c.cap > 0)),
                );
                if buffered {
                    return false;
                }
                let mut i = 0;
                for c in cases.iter() {
                    let ready = match c {
                        SelKind::Send => {
                            let r = match ops.get(i) {
                                Some(Value::Chan(id)) => st.chan(*id).is_some_and(|c| {
                                    c.closed || !c.recvq.is_empty() || (c.buf.len() as u32) < c.cap
                                }),
                                Some(Value::Nil) => false,
                                _ => true,
                            };
                            i += 2;
                            r
                        }
                        SelKind::Recv => {
                            let r = match ops.get(i) {
                                Some(Value::Chan(id)) => st.chan(*id).is_some_and(|c| {
                                    !c.buf.is_empty() || !c.sendq.is_empty() || c.closed
                                }),
                                Some(Value::Nil) => false,
                                _ => true,
                            };
                            i += 1;
                            r
                        }
                    };
                    if ready {
                        return false;
                    }
                }
                true
            }
            Instr::CallMethod { name, argc, .. } => {
                let Some(o) = top(*argc as usize + 1).and_then(|r| self.method_obj(st, r, name))
                else {
                    return false;
                };
                match (st.heap.get(o as usize), &**name) {
                    (
                        Some(Obj::Mutex {
                            locked,
                            readers,
                            rw: false,
                            ..
                        }),
                        "Lock",
                    ) => *locked || *readers > 0,
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether an instruction is a visible operation: a scheduling point
    /// when exploring.
    pub(in crate::engine) fn is_visible(&self, st: &State, frame: &Frame, instr: &Instr) -> bool {
        match instr {
            Instr::Send | Instr::Recv { .. } | Instr::Select { .. } => true,
            // Starting a goroutine touches nothing shared: a step of its own
            // only on the default schedule, where it helps the animation.
            Instr::Go { .. } => !st.explore,
            Instr::RangeNext { coll, nil_chan, .. } => match frame.locals.get(*coll as usize) {
                Some(Value::Chan(_)) => true,
                Some(Value::Nil) => *nil_chan,
                _ => false,
            },
            Instr::Call { argc, .. } => {
                let callee = frame
                    .stack
                    .len()
                    .checked_sub(*argc as usize + 1)
                    .and_then(|i| frame.stack.get(i));
                match callee {
                    Some(Value::Builtin(name)) => super::stdlib::is_visible_builtin(name),
                    Some(Value::Obj(o)) => {
                        matches!(st.heap.get(*o as usize), Some(Obj::CancelFunc { .. }))
                    }
                    Some(Value::Closure(o)) => {
                        matches!(st.heap.get(*o as usize), Some(Obj::Bound { .. }))
                    }
                    _ => false,
                }
            }
            Instr::CallMethod { argc, name, .. } => {
                let recv = frame
                    .stack
                    .len()
                    .checked_sub(*argc as usize + 1)
                    .and_then(|i| frame.stack.get(i));
                match recv.and_then(|r| self.method_obj(st, r, name)) {
                    Some(o) => matches!(
                        st.heap.get(o as usize),
                        Some(
                            Obj::Mutex { .. }
                                | Obj::WaitGroup { .. }
                                | Obj::Cond { .. }
                                | Obj::Once { .. }
                                | Obj::Atomic(_)
                                | Obj::Timer(_)
                                | Obj::Context(_)
                        )
                    ),
                    None => false,
                }
            }
            _ => false,
        }
    }

    // ----- instructions -----
}
