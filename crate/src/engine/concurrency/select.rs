//! `select` and `for range` over a channel.

use crate::engine::code::SelKind;
use crate::engine::machine::*;
use crate::engine::state::*;
use crate::engine::value::*;
use crate::syntax::Span;
use std::rc::Rc;

impl Machine {
    pub(in crate::engine) fn exec_select(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        cases: &[SelKind],
        default: bool,
        span: Span,
    ) -> R<Flow> {
        let gid = g.id;
        g.last_span = span;
        let frame = g.frames.last_mut().unwrap();
        let at = frame.stack.len().saturating_sub(operand_count(cases));
        let decoded = SelectCase::decode(cases, &frame.stack);
        let ready: Vec<u32> = (0..decoded.len() as u32)
            .filter(|&i| decoded[i as usize].ready(st))
            .collect();
        // (is a send, channel, value)
        let descs: Vec<(bool, Value, Value)> = decoded
            .iter()
            .map(|c| {
                (
                    c.send,
                    c.chan.clone(),
                    c.value.cloned().unwrap_or(Value::Nil),
                )
            })
            .collect();
        let finish = |g: &mut Goroutine, v: Value, ok: bool, idx: i64| {
            let frame = g.frames.last_mut().unwrap();
            frame.stack.truncate(at);
            frame.stack.push(v);
            frame.stack.push(Value::Bool(ok));
            frame.stack.push(Value::Int(idx));
            frame.pc += 1;
        };
        if !ready.is_empty() {
            // One choice per select: which ready case fires and, when several
            // partners wait on its channel, which of them is taken (their
            // arrival order is not part of the explored state). Encoded as
            // `case | waiter << 16`.
            let mut options: Vec<u32> = Vec::new();
            for &case in &ready {
                let partners = match &descs[case as usize] {
                    (send, Value::Chan(id), _) => {
                        let c = st.chan(*id).unwrap();
                        if *send && !c.closed {
                            c.recvq.len()
                        } else if !*send {
                            c.sendq.len()
                        } else {
                            0
                        }
                    }
                    _ => 0,
                };
                let partners = if st.mode.explores() {
                    partners.max(1)
                } else {
                    1
                };
                options.extend((0..partners as u32).map(|w| case | (w << 16)));
            }
            let chosen = if options.len() == 1 {
                options[0]
            } else if st.mode.explores() {
                match st.search.answer.take() {
                    Some(a) => a,
                    None => {
                        st.search.pending = Some(ChoicePoint {
                            kind: ChoiceKind::SelectCase,
                            options,
                            goroutine: gid,
                            who: Vec::new(),
                        });
                        return Ok(Flow::Choice);
                    }
                }
            } else {
                let note = "a select had several ready cases; Go picks one at random, `run` took the first".to_string();
                if !st.facts.notes.contains(&note) {
                    st.facts.notes.push(note);
                }
                st.sched.spin.chose = true;
                options[0]
            };
            let (chosen, waiter) = (chosen & 0xffff, (chosen >> 16) as usize);
            let (send, ch, v) = descs[chosen as usize].clone();
            match ch {
                Value::Chan(id) => {
                    if send {
                        let c = st.chan(id).unwrap();
                        if c.closed {
                            return Err(Trap::concurrency("send on closed channel"));
                        }
                        if !c.recvq.is_empty() {
                            let w = waiter.min(c.recvq.len() - 1);
                            let w = st.chan_mut(id).unwrap().recvq.remove(w);
                            let v = self.copy_val(st, v);
                            self.event(st, gid, span, || {
                                format!("g{gid} selects a send to g{}", w.g)
                            });
                            self.complete_wait(st, id, w.g, w.case, v, true);
                        } else {
                            let v = self.copy_val(st, v);
                            let c = st.chan_mut(id).unwrap();
                            c.buf.push_back(v);
                            c.counted |= g.counted_input;
                            self.event(st, gid, span, || {
                                format!("g{gid} selects a send into the buffer")
                            });
                        }
                        finish(g, Value::Nil, false, chosen as i64);
                    } else {
                        match self.try_recv(st, g, id, span, Some(waiter))? {
                            Some(Some((v, ok))) => finish(g, v, ok, chosen as i64),
                            _ => finish(g, Value::UNKNOWN, true, chosen as i64),
                        }
                    }
                }
                _ => finish(g, Value::UNKNOWN, true, chosen as i64),
            }
            return Ok(Flow::Next);
        }
        if default {
            self.event(st, gid, span, || {
                format!("g{gid} takes the select's default case")
            });
            finish(g, Value::Nil, false, -1);
            // A poll that finds nothing ready while no other goroutine can
            // run waits for time to pass, or spins forever: the scheduler
            // decides (`Machine::spin_check`).
            self.polled(st, span);
            if self.alone(st, gid) {
                return Ok(Flow::Poll);
            }
            return Ok(Flow::Next);
        }
        let mut objs = Vec::new();
        for (i, (send, ch, v)) in descs.iter().enumerate() {
            if let Value::Chan(id) = ch {
                let w = Waiter {
                    g: gid,
                    case: i as u16,
                    value: v.clone(),
                };
                let c = st.chan_mut(*id).unwrap();
                if *send {
                    c.sendq.push(w);
                } else {
                    c.recvq.push(w);
                }
                if !objs.contains(id) {
                    objs.push(*id);
                }
            }
        }
        let reason = if cases.is_empty() {
            BlockReason::SelectNoCases
        } else {
            BlockReason::Select
        };
        let b = Blocked { reason, span, objs };
        Ok(self.block(st, g, b))
    }

    #[allow(clippy::too_many_arguments, clippy::collapsible_match)]
    pub(in crate::engine) fn exec_range_next(
        &self,
        st: &mut State,
        g: &mut Goroutine,
        coll: u16,
        idx: u16,
        key: bool,
        value: bool,
        exit: u32,
        span: Span,
    ) -> R<Flow> {
        let gid = g.id;
        let frame = g.frames.last_mut().unwrap();
        let c = match frame.locals[coll as usize].clone() {
            Value::Named(_, v) if matches!(*v, Value::Chan(_)) => (*v).clone(),
            c => c,
        };
        let i = match frame.locals[idx as usize] {
            Value::Int(i) => i,
            _ => 0,
        };
        let aux = frame
            .locals
            .get(idx as usize + 1)
            .cloned()
            .unwrap_or(Value::Nil);
        let mut out: Vec<Value> = Vec::new();
        let mut next_i = i + 1;
        let done = match &c {
            Value::Named(t, n) if matches!(**n, Value::Int(_)) => {
                let Value::Int(n) = **n else { unreachable!() };
                if i < n {
                    if key {
                        out.push(Value::Named(*t, Rc::new(Value::Int(i))));
                    }
                    false
                } else {
                    true
                }
            }
            Value::Int(n) => {
                if i < *n {
                    if key {
                        out.push(Value::Int(i));
                    }
                    false
                } else {
                    true
                }
            }
            Value::Slice { len, .. } => {
                let mut i = i;
                let mut done = i >= *len as i64;
                if let Value::Map(m) = &aux {
                    // Skip keys deleted during the loop.
                    while !done {
                        let k = self.slice_items(st, &c)[i as usize].clone();
                        let (v, ok) = self.map_get(st, &Value::Map(*m), &k);
                        if ok == Value::Bool(true) {
                            if key {
                                out.push(k);
                            }
                            if value {
                                out.push(v);
                            }
                            break;
                        }
                        i += 1;
                        done = i >= *len as i64;
                    }
                    next_i = i + 1;
                } else if !done {
                    if key {
                        out.push(Value::Int(i));
                    }
                    if value {
                        let items = self.slice_items(st, &c);
                        let v = items[i as usize].clone();
                        out.push(self.copy_val(st, v));
                    }
                }
                done
            }
            Value::Str(s) => {
                let b = s.as_bytes();
                if (i as usize) < b.len() {
                    let rest = &s[i as usize..];
                    let ch = rest.chars().next().unwrap_or('\u{fffd}');
                    if key {
                        out.push(Value::Int(i));
                    }
                    if value {
                        out.push(self.sized(IntKind::I32, ch as i64));
                    }
                    next_i = i + ch.len_utf8() as i64;
                    false
                } else {
                    true
                }
            }
            Value::Chan(id) => {
                g.last_span = span;
                match self.try_recv(st, g, *id, span, None)? {
                    None => return Ok(Flow::Choice),
                    Some(Some((v, true))) => {
                        if key {
                            out.push(v);
                        }
                        false
                    }
                    Some(Some((_, false))) => true,
                    Some(None) => {
                        st.chan_mut(*id).unwrap().recvq.push(Waiter {
                            g: gid,
                            case: 0,
                            value: Value::Nil,
                        });
                        let b = Blocked {
                            reason: BlockReason::RangeChan,
                            span,
                            objs: vec![*id],
                        };
                        return Ok(self.block(st, g, b));
                    }
                }
            }
            // A nil whose static type is not a channel (the Instr's
            // `nil_chan`, handled before): a nil slice or map.
            Value::Nil => true,
            Value::Opaque(_) => {
                st.facts.steered_by_unknown = true;
                if i < self.limits.opaque_range as i64 {
                    if key {
                        out.push(Value::UNKNOWN);
                    }
                    if value {
                        out.push(Value::UNKNOWN);
                    }
                    false
                } else {
                    true
                }
            }
            _ => true,
        };
        let frame = g.frames.last_mut().unwrap();
        if done {
            frame.pc = exit;
        } else {
            frame.locals[idx as usize] = Value::Int(next_i);
            frame.stack.extend(out);
            frame.pc += 1;
        }
        Ok(Flow::Next)
    }
}

/// One case of a `select`, decoded from the operand stack.
pub(in crate::engine) struct SelectCase<'a> {
    pub send: bool,
    /// The channel operand (a channel, nil, or an opaque value).
    pub chan: &'a Value,
    /// The value a send case offers.
    pub value: Option<&'a Value>,
}

/// How many stack operands a select's cases take: two per send (channel
/// and value), one per receive.
pub(in crate::engine) fn operand_count(cases: &[SelKind]) -> usize {
    cases
        .iter()
        .map(|c| if matches!(c, SelKind::Send) { 2 } else { 1 })
        .sum()
}

impl<'a> SelectCase<'a> {
    /// The cases of a select whose operands are on top of `stack`.
    pub(in crate::engine) fn decode(cases: &[SelKind], stack: &'a [Value]) -> Vec<SelectCase<'a>> {
        const NIL: &Value = &Value::Nil;
        let at = stack.len().saturating_sub(operand_count(cases));
        let ops = &stack[at..];
        let mut i = 0;
        let mut out = Vec::with_capacity(cases.len());
        for c in cases {
            let send = matches!(c, SelKind::Send);
            out.push(SelectCase {
                send,
                chan: ops.get(i).map_or(NIL, Value::plain),
                value: if send { ops.get(i + 1) } else { None },
            });
            i += if send { 2 } else { 1 };
        }
        out
    }

    /// The case could fire now. A nil channel never can; an opaque operand
    /// (a channel the engine does not model) always can.
    pub(in crate::engine) fn ready(&self, st: &State) -> bool {
        match self.chan {
            Value::Chan(id) => st.chan(*id).is_some_and(|c| {
                if self.send {
                    c.can_send()
                } else {
                    c.can_recv()
                }
            }),
            Value::Nil => false,
            _ => true,
        }
    }

    /// The case's channel has a buffer.
    pub(in crate::engine) fn buffered(&self, st: &State) -> bool {
        matches!(self.chan, Value::Chan(id) if st.chan(*id).is_some_and(|c| c.cap > 0))
    }
}

impl Machine {
    /// A select's accesses. One with a default that finds nothing ready
    /// only observes its channels (observations commute); one whose only
    /// ready case appends to a buffer appends and observes the rest.
    /// Anything else touches every channel strongly, and a ready case that
    /// completes a waiting partner also touches that partner's other queues.
    pub(in crate::engine) fn select_footprint(
        &self,
        st: &State,
        cases: &[SelectCase],
        default: bool,
    ) -> Vec<Access> {
        // (channel, is a send, ready now, a send that only appends).
        let chans: Vec<(ObjId, bool, bool, bool)> = cases
            .iter()
            .filter_map(|c| match c.chan {
                Value::Chan(id) => st
                    .chan(*id)
                    .map(|ch| (*id, c.send, c.ready(st), c.send && ch.send_appends())),
                _ => None,
            })
            .collect();
        let ready: Vec<_> = chans.iter().filter(|c| c.2).collect();
        let observe_only = default && ready.is_empty();
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
}
