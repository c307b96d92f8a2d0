//! Channels: send, receive, close, and waking the goroutines that wait on
//! them.

use crate::engine::code::{Instr, SelKind};
use crate::engine::machine::*;
use crate::engine::state::*;
use crate::engine::value::*;
use crate::engine::witness::HandoffKind;
use crate::syntax::Span;

impl Machine {
    /// A send by the runtime (timers): never blocks.
    pub(in crate::engine) fn try_send_runtime(&self, st: &mut State, ch: ObjId, v: Value) -> bool {
        let Some(c) = st.chan_mut(ch) else {
            return false;
        };
        if !c.recvq.is_empty() {
            let w = c.recvq.remove(0);
            if let (true, Some(Status::Blocked(b))) = (
                st.mode.records(),
                st.sched.gs.get(w.g.index()).map(|g| &g.status),
            ) {
                // The timer's value wakes a goroutine: a step of the story
                // (the select that gives up on its other cases).
                let span = b.span;
                self.event(st, w.g, span, || {
                    format!("the timer fires and wakes g{} at{}", w.g, self.quote(span))
                });
            }
            self.complete_wait(st, ch, w.g, w.case, v, true);
            return true;
        }
        if (c.buf.len() as u32) < c.cap {
            c.buf.push_back(v);
            return true;
        }
        false
    }

    pub(in crate::engine) fn exec_send(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        span: Span,
    ) -> R<Flow> {
        let frame = g.frames.last_mut().unwrap();
        let n = frame.stack.len();
        if n < 2 {
            frame.pc += 1;
            return Ok(Flow::Next);
        }
        // A channel of a declared type (`type out chan<- int`) is the
        // channel underneath.
        let ch = frame.stack[n - 2].plain().clone();
        let v = frame.stack[n - 1].clone();
        let gid = g.id;
        g.last_span = span;
        match ch {
            Value::Chan(id) => {
                let c = st.chan(id).unwrap();
                if c.closed {
                    return Err(Trap::concurrency("send on closed channel"));
                }
                if !c.recvq.is_empty() {
                    let Some(w) = self.pick_waiter(st, gid, c.recvq.len(), Some((id, false)))?
                    else {
                        return Ok(Flow::Choice);
                    };
                    let w = st.chan_mut(id).unwrap().recvq.remove(w);
                    if g.counted_input {
                        // What the receiver does next depends on the
                        // length too (see `verdict::classify`).
                        st.sched.gs[w.g.index()].counted_input = true;
                    }
                    let v = self.copy_val(st, v);
                    self.event(st, gid, span, || {
                        format!("g{gid} sends{} to g{}", self.quote(span), w.g)
                    });
                    self.complete_wait(st, id, w.g, w.case, v, true);
                } else if (c.buf.len() as u32) < c.cap {
                    let v = self.copy_val(st, v);
                    let c = st.chan_mut(id).unwrap();
                    c.buf.push_back(v);
                    c.counted |= g.counted_input;
                    self.event(st, gid, span, || {
                        format!(
                            "g{gid} puts a value in the channel's buffer{}",
                            self.quote(span)
                        )
                    });
                } else {
                    st.chan_mut(id).unwrap().sendq.push(Waiter {
                        g: gid,
                        case: 0,
                        value: v,
                    });
                    let b = Blocked {
                        reason: BlockReason::ChanSend,
                        span,
                        objs: vec![id],
                    };
                    return Ok(self.block(st, g, b));
                }
            }
            Value::Nil => {
                let b = Blocked {
                    reason: BlockReason::NilChanSend,
                    span,
                    objs: Vec::new(),
                };
                return Ok(self.block(st, g, b));
            }
            _ => {}
        }
        let frame = g.frames.last_mut().unwrap();
        frame.stack.truncate(n - 2);
        frame.pc += 1;
        Ok(Flow::Next)
    }

    /// Blocks `g` for `b`: its sentence in the recording, then its status.
    /// The one "block this goroutine" sequence every primitive uses.
    pub(in crate::engine) fn block(&self, st: &mut State, g: &mut Goroutine, b: Blocked) -> Flow {
        if st.mode.records() {
            let text = self.block_sentence(st, g.id, &b);
            st.rec.events.push(Event {
                goroutine: g.id,
                span: b.span,
                text,
            });
        }
        g.status = Status::Blocked(b);
        Flow::Block
    }

    pub(in crate::engine) fn event(
        &self,
        st: &mut State,
        g: GoId,
        span: Span,
        text: impl FnOnce() -> String,
    ) {
        if st.mode.records() {
            let text = text();
            st.rec.events.push(Event {
                goroutine: g,
                span,
                text,
            });
        }
    }

    /// Which of `n` waiters wakes: the first in Go's FIFO order, or a choice
    /// when exploring (any order of arrival is possible). `None` means a
    /// choice is pending.
    pub(in crate::engine) fn pick_waiter(
        &self,
        st: &mut State,
        g: GoId,
        n: usize,
        queue: Option<(ObjId, bool)>,
    ) -> R<Option<usize>> {
        if n <= 1 || !st.mode.explores() {
            return Ok(Some(0));
        }
        match st.search.answer.take() {
            Some(a) => Ok(Some((a as usize).min(n - 1))),
            None => {
                st.search.pending = Some(ChoicePoint {
                    kind: ChoiceKind::Waiter,
                    options: (0..n as u32).collect(),
                    goroutine: g,
                    who: queue
                        .map(|(id, senders)| waiting(st, id, senders))
                        .unwrap_or_default(),
                });
                Ok(None)
            }
        }
    }

    /// Receives now if possible: `Some((value, ok))`, or `None` to block.
    /// The outer `None` means a choice is pending: which of several waiting
    /// senders is taken (their arrival order is not part of the state when
    /// exploring, so any of them may be first). `waiter` is that choice when
    /// the caller (a `select`) already made it.
    pub(in crate::engine) fn try_recv(
        &self,
        st: &mut State,
        taker: &mut Goroutine,
        id: ObjId,
        span: Span,
        waiter: Option<usize>,
    ) -> R<Option<Option<(Value, bool)>>> {
        let g = taker.id;
        let c = st.chan(id).unwrap();
        let senders = c.sendq.len();
        let buffered = !c.buf.is_empty();
        let closed = c.closed;
        let pick = |m: &Self, st: &mut State| -> R<Option<usize>> {
            match waiter {
                Some(i) => Ok(Some(i.min(senders.saturating_sub(1)))),
                None => m.pick_waiter(st, g, senders, Some((id, true))),
            }
        };
        if buffered {
            let i = if senders > 0 {
                let Some(i) = pick(self, st)? else {
                    return Ok(None);
                };
                Some(i)
            } else {
                None
            };
            let waiter_counted = i.is_some_and(|i| {
                let w = &st.chan(id).unwrap().sendq[i];
                st.sched.gs[w.g.index()].counted_input
            });
            let c = st.chan_mut(id).unwrap();
            let v = c.buf.pop_front().unwrap();
            taker.counted_input |= c.counted;
            c.counted |= waiter_counted;
            if let Some(i) = i {
                let w = c.sendq.remove(i);
                c.buf.push_back(w.value.clone());
                self.complete_wait(st, id, w.g, w.case, Value::Nil, true);
            }
            self.event(st, g, span, || {
                format!(
                    "g{g} takes a value from the channel's buffer{}",
                    self.quote(span)
                )
            });
            return Ok(Some(Some((v, true))));
        }
        if senders > 0 {
            let Some(i) = pick(self, st)? else {
                return Ok(None);
            };
            let w = st.chan_mut(id).unwrap().sendq.remove(i);
            if st.sched.gs[w.g.index()].counted_input {
                // What the receiver does next depends on the length too.
                taker.counted_input = true;
            }
            self.event(st, g, span, || {
                format!("g{g} receives{} from g{}", self.quote(span), w.g)
            });
            self.complete_wait(st, id, w.g, w.case, Value::Nil, true);
            return Ok(Some(Some((w.value, true))));
        }
        if closed {
            let c = st.chan(id).unwrap();
            taker.counted_input |= c.counted;
            let z = c.elem_zero.clone();
            self.event(st, g, span, || {
                format!("g{g} receives the zero value: the channel is closed")
            });
            return Ok(Some(Some((z, false))));
        }
        Ok(Some(None))
    }

    pub(in crate::engine) fn exec_recv(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        want_ok: bool,
        span: Span,
    ) -> R<Flow> {
        let gid = g.id;
        g.last_span = span;
        let frame = g.frames.last_mut().unwrap();
        let ch = frame
            .stack
            .last()
            .map(|v| v.plain().clone())
            .unwrap_or(Value::UNKNOWN);
        let result = match ch {
            Value::Chan(id) => match self.try_recv(st, g, id, span, None)? {
                None => return Ok(Flow::Choice),
                Some(Some(r)) => r,
                Some(None) => {
                    st.chan_mut(id).unwrap().recvq.push(Waiter {
                        g: gid,
                        case: 0,
                        value: Value::Nil,
                    });
                    let b = Blocked {
                        reason: BlockReason::ChanRecv,
                        span,
                        objs: vec![id],
                    };
                    return Ok(self.block(st, g, b));
                }
            },
            Value::Nil => {
                let b = Blocked {
                    reason: BlockReason::NilChanRecv,
                    span,
                    objs: Vec::new(),
                };
                return Ok(self.block(st, g, b));
            }
            _ => (Value::UNKNOWN, true),
        };
        let frame = g.frames.last_mut().unwrap();
        frame.stack.pop();
        frame.stack.push(result.0);
        if want_ok {
            frame.stack.push(Value::Bool(result.1));
        }
        frame.pc += 1;
        Ok(Flow::Next)
    }

    /// Completes a blocked goroutine's operation on behalf of its partner,
    /// which acted on `obj`.
    pub(in crate::engine) fn complete_wait(
        &self,
        st: &mut State,
        obj: ObjId,
        gid: GoId,
        case: u16,
        value: Value,
        ok: bool,
    ) {
        let idx = gid.index();
        let status = st.sched.gs[idx].status.clone();
        if st.mode.records() {
            let kind = self.handoff_kind(st, obj, &st.sched.gs[idx], &status, case);
            self.record_handoff(st, gid, obj, kind);
        }
        self.unregister(st, gid, &status);
        let g = &mut st.sched.gs[idx];
        let Some(frame) = g.frames.last_mut() else {
            return;
        };
        let instr = self.c.codes[frame.func as usize]
            .instrs
            .get(frame.pc as usize)
            .cloned();
        match instr {
            Some(Instr::Recv { ok: want_ok }) => {
                frame.stack.pop();
                frame.stack.push(value);
                if want_ok {
                    frame.stack.push(Value::Bool(ok));
                }
                frame.pc += 1;
            }
            Some(Instr::Send) => {
                let n = frame.stack.len().saturating_sub(2);
                frame.stack.truncate(n);
                frame.pc += 1;
            }
            Some(Instr::Select { cases, .. }) => {
                let n = frame
                    .stack
                    .len()
                    .saturating_sub(super::select::operand_count(&cases));
                frame.stack.truncate(n);
                frame.stack.push(value);
                frame.stack.push(Value::Bool(ok));
                frame.stack.push(Value::Int(case as i64));
                frame.pc += 1;
            }
            Some(Instr::RangeNext { key, exit, .. }) => {
                if ok {
                    if key {
                        frame.stack.push(value);
                    }
                    frame.pc += 1;
                } else {
                    frame.pc = exit;
                }
            }
            Some(Instr::Call { argc, want, .. }) | Some(Instr::CallMethod { argc, want, .. }) => {
                let n = frame.stack.len().saturating_sub(argc as usize + 1);
                frame.stack.truncate(n);
                push_adjusted(&mut frame.stack, vec![value], want);
                frame.pc += 1;
            }
            _ => {}
        }
        self.ready(st, gid);
    }

    /// Removes a blocked goroutine from every wait queue it is in.
    pub(in crate::engine) fn unregister(&self, st: &mut State, gid: GoId, status: &Status) {
        if let Status::Blocked(b) = status {
            for o in &b.objs {
                match st.heap.get_mut(*o as usize) {
                    Some(Obj::Chan(c)) => {
                        c.recvq.retain(|w| w.g != gid);
                        c.sendq.retain(|w| w.g != gid);
                    }
                    Some(Obj::Mutex { waiters, .. }) => waiters.retain(|(w, _)| *w != gid),
                    Some(Obj::WaitGroup { waiters, .. }) | Some(Obj::Cond { waiters, .. }) => {
                        waiters.retain(|w| *w != gid)
                    }
                    _ => {}
                }
            }
        }
    }

    /// What a partner did for a goroutine it completes: read from the
    /// object it acted on and what the woken goroutine was waiting for.
    pub(in crate::engine) fn handoff_kind(
        &self,
        st: &State,
        obj: ObjId,
        woken: &Goroutine,
        status: &Status,
        case: u16,
    ) -> HandoffKind {
        match st.heap.get(obj as usize) {
            Some(Obj::Mutex { .. }) => HandoffKind::Unlock,
            Some(Obj::WaitGroup { .. }) => HandoffKind::Done,
            Some(Obj::Cond { .. }) => HandoffKind::Signal,
            _ => {
                let sending = match status {
                    Status::Blocked(b) if b.reason == BlockReason::ChanSend => true,
                    Status::Blocked(b) if b.reason == BlockReason::Select => {
                        woken.frames.last().is_some_and(|f| {
                            matches!(
                                self.c.codes[f.func as usize].instrs.get(f.pc as usize),
                                Some(Instr::Select { cases, .. })
                                    if matches!(cases.get(case as usize), Some(SelKind::Send))
                            )
                        })
                    }
                    _ => false,
                };
                if sending {
                    HandoffKind::Receive
                } else {
                    HandoffKind::Send
                }
            }
        }
    }

    /// Wakes a blocked goroutine to retry its operation after its partner
    /// acted on `obj` (a close, a cond's signal, an unlock while exploring).
    pub(in crate::engine) fn wake_retry(&self, st: &mut State, obj: ObjId, gid: GoId) {
        if st.mode.records() {
            let kind = match st.heap.get(obj as usize) {
                Some(Obj::Cond { .. }) => HandoffKind::Signal,
                Some(Obj::Mutex { .. }) => HandoffKind::Unlock,
                _ => HandoffKind::Close,
            };
            self.record_handoff(st, gid, obj, kind);
        }
        let status = st.sched.gs[gid.index()].status.clone();
        self.unregister(st, gid, &status);
        self.ready(st, gid);
    }

    pub(in crate::engine) fn close_chan(
        &self,
        st: &mut State,
        ch: &Value,
        g: GoId,
        span: Span,
    ) -> R<()> {
        match ch.plain() {
            Value::Chan(id) => {
                let c = st.chan_mut(*id).unwrap();
                if c.closed {
                    return Err(Trap::concurrency("close of closed channel"));
                }
                c.closed = true;
                let waiters: Vec<GoId> =
                    c.recvq.iter().chain(c.sendq.iter()).map(|w| w.g).collect();
                self.event(st, g, span, || {
                    format!("g{g} closes the channel{}", self.quote(span))
                });
                for w in waiters {
                    if matches!(st.sched.gs[w.index()].status, Status::Blocked(_)) {
                        self.wake_retry(st, *id, w);
                    }
                }
                Ok(())
            }
            Value::Nil => Err(Trap::concurrency("close of nil channel")),
            _ => Ok(()),
        }
    }

    pub(in crate::engine) fn block_sentence(&self, st: &State, g: GoId, b: &Blocked) -> String {
        let _ = st;
        let q = self.quote(b.span);
        match b.reason {
            BlockReason::ChanSend => format!(
                "g{g} blocks sending{q}: no receiver is waiting and no buffer space is free"
            ),
            BlockReason::ChanRecv => format!("g{g} blocks receiving{q}: no value is ready"),
            BlockReason::RangeChan => {
                format!("g{g} waits for the next value of{q}: nobody has closed the channel")
            }
            BlockReason::Select => format!(
                "g{g} blocks in a select{}: no case is ready",
                q.replacen(" `select`", "", 1)
            ),
            BlockReason::SelectNoCases => format!("g{g} blocks forever in an empty select{q}"),
            BlockReason::NilChanSend => format!("g{g} blocks forever sending on a nil channel{q}"),
            BlockReason::NilChanRecv => {
                format!("g{g} blocks forever receiving from a nil channel{q}")
            }
            BlockReason::MutexLock => {
                format!("g{g} blocks locking{q}: another goroutine holds the mutex")
            }
            BlockReason::RLock => {
                format!("g{g} blocks read-locking{q}: a writer holds or waits for the mutex")
            }
            BlockReason::WaitGroupWait => {
                format!("g{g} waits{q}: the WaitGroup counter is not zero")
            }
            BlockReason::CondWait => format!("g{g} waits on a condition variable{q}"),
        }
    }

    // ----- values -----
}

impl Chan {
    /// A send would complete now (or panic, on a closed channel).
    pub(crate) fn can_send(&self) -> bool {
        self.closed || !self.recvq.is_empty() || (self.buf.len() as u32) < self.cap
    }

    /// A receive would complete now.
    pub(crate) fn can_recv(&self) -> bool {
        self.closed || !self.buf.is_empty() || !self.sendq.is_empty()
    }

    /// A send would only append to the buffer and leave room for another:
    /// such appends commute with each other. One that takes the last free
    /// slot would make a later one block, so it does not.
    pub(crate) fn send_appends(&self) -> bool {
        !self.closed && self.recvq.is_empty() && (self.buf.len() as u32) + 1 < self.cap
    }
}

impl Machine {
    /// A send's accesses: the channel (enqueue, append or strong), and the
    /// other wait queues of a receiver it would complete.
    pub(in crate::engine) fn send_footprint(&self, st: &State, id: ObjId) -> Vec<Access> {
        let Some(c) = st.chan(id) else {
            return Vec::new();
        };
        let kind = if !c.can_send() {
            AccessKind::SendEnqueue
        } else if c.send_appends() {
            AccessKind::Append
        } else {
            AccessKind::Strong
        };
        let mut out = vec![Access { obj: id, kind }];
        if !c.closed {
            self.partner_accesses(st, &c.recvq, &mut out);
        }
        out
    }

    /// A receive's accesses: the channel, weak when it only enqueues, and
    /// the other wait queues of a sender it would complete.
    pub(in crate::engine) fn recv_footprint(&self, st: &State, id: ObjId) -> Vec<Access> {
        let Some(c) = st.chan(id) else {
            return Vec::new();
        };
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

    /// `close` touches the channel and wakes every waiter on it.
    pub(in crate::engine) fn close_footprint(&self, st: &State, id: ObjId) -> Vec<Access> {
        let mut out = vec![Access::strong(id)];
        if let Some(c) = st.chan(id) {
            self.partner_accesses(st, &c.recvq, &mut out);
            self.partner_accesses(st, &c.sendq, &mut out);
        }
        out
    }
}

/// The goroutines waiting to send on (or receive from) channel `id`, in
/// queue order: who each option of a waiter choice wakes.
fn waiting(st: &State, id: ObjId, senders: bool) -> Vec<GoId> {
    st.chan(id)
        .map(|c| if senders { &c.sendq } else { &c.recvq })
        .map(|q| q.iter().map(|w| w.g).collect())
        .unwrap_or_default()
}
