//! The virtual clock's timers: sleeps, `time.After`, tickers, `AfterFunc`.

use crate::engine::machine::*;
use crate::engine::state::*;
use crate::engine::value::*;
use crate::syntax::Span;

/// Timers due within this many nanoseconds are due at once (see
/// [`Machine::add_timer`]).
pub const SHORT_TIMER_NS: i64 = 1_000;

impl Machine {
    fn start_timer_goroutine(&self, st: &mut State, action: TimerAction) {
        let id = match st.sched.spare_timer_goroutines.pop() {
            Some(id) => id,
            None => {
                let id = st.next_goroutine_id();
                st.sched.gs.push(Goroutine {
                    id,
                    ..Goroutine::default()
                });
                id
            }
        };
        let g = &mut st.sched.gs[id.index()];
        g.status = Status::Runnable;
        g.timer = Some(action);
        g.runtime = true;
        st.sched.maybe_runnable.push(id);
    }

    /// The one step of a timer goroutine: fire its timer, then end.
    pub(in crate::engine) fn run_timer_goroutine(&self, st: &mut State, gid: GoId) {
        let idx = gid.index();
        let Some(action) = st.sched.gs[idx].timer.clone() else {
            return;
        };
        if st.mode.explores() {
            let accesses = self.timer_footprint(st, &action);
            st.search.trace.push((gid, accesses));
            st.search.transitions += 1;
        }
        st.last_visible_step = st.steps;
        st.steps += 1;
        let cancelled = std::mem::take(&mut st.sched.gs[idx].timer_cancelled);
        st.sched.gs[idx].status = Status::Done;
        st.sched.gs[idx].timer = None;
        st.sched.spare_timer_goroutines.push(gid);
        st.sched.last_runner = gid;
        st.sched.current = None;
        if st.mode.records() {
            st.rec.events.push(Event {
                goroutine: GoId::RUNTIME,
                span: Span::default(),
                text: if cancelled {
                    "a stopped timer's firing is dropped".into()
                } else {
                    "a timer that was due fires".into()
                },
            });
        }
        if !cancelled {
            self.fire_action(st, action);
        }
        if st.mode.records() {
            self.push_snapshot(st);
        }
    }

    /// What firing a timer touches: the timer and its channel (a send), or
    /// the context it cancels; waking a sleeper touches nothing shared.
    pub(in crate::engine) fn timer_footprint(
        &self,
        st: &State,
        action: &TimerAction,
    ) -> Vec<Access> {
        match *action {
            TimerAction::Wake(_) => Vec::new(),
            TimerAction::Fire(timer) => {
                let mut out = vec![Access::strong(timer)];
                if let Some(Obj::Timer(t)) = st.heap.get(timer as usize) {
                    if let Some(ch) = t.chan {
                        for a in self.close_footprint(st, ch) {
                            if !out.contains(&a) {
                                out.push(a);
                            }
                        }
                    }
                }
                out
            }
            TimerAction::CtxDeadline(ctx) => {
                let mut out = vec![Access::strong(ctx)];
                if let Some(Obj::Context(c)) = st.heap.get(ctx as usize) {
                    if let Some(done) = c.done {
                        out.extend(self.close_footprint(st, done));
                    }
                }
                out
            }
        }
    }

    /// Stops a timer's pending firings (on the clock, or a timer goroutine
    /// not yet run). True when one was pending.
    pub(crate) fn cancel_timer(&self, st: &mut State, timer: ObjId) -> bool {
        let action = TimerAction::Fire(timer);
        let mut was = st.clock.timers.iter().any(|p| p.action == action);
        st.clock.timers.retain(|p| p.action != action);
        for g in st.sched.gs.iter_mut() {
            if g.timer.as_ref() == Some(&action)
                && g.status == Status::Runnable
                && !g.timer_cancelled
            {
                g.timer_cancelled = true;
                was = true;
            }
        }
        was
    }

    fn fire_action(&self, st: &mut State, action: TimerAction) {
        match action {
            TimerAction::Wake(g) => {
                if matches!(st.sched.gs[g.index()].status, Status::Sleeping(_)) {
                    self.ready(st, g);
                }
            }
            TimerAction::Fire(timer) => self.fire_timer(st, timer),
            TimerAction::CtxDeadline(ctx) => self.cancel_ctx(st, ctx, ERR_DEADLINE),
        }
    }

    /// Sets a timer. While exploring, a timer due within
    /// [`SHORT_TIMER_NS`] is due at once, and Go fires a due timer at any
    /// scheduling point: it becomes a runtime goroutine whose one step fires
    /// it, so the search tries it at every point (a 1 ns `AfterFunc`, sleep
    /// or ticker racing the other goroutines). Longer timers fire on the
    /// virtual clock, when no goroutine can run, which is how programs that
    /// order their steps with sleeps behave under Go in practice.
    pub(in crate::engine) fn add_timer(&self, st: &mut State, when: i64, action: TimerAction) {
        if st.mode.explores() && when.saturating_sub(st.clock.now) <= SHORT_TIMER_NS {
            self.start_timer_goroutine(st, action);
            return;
        }
        st.clock.timer_seq += 1;
        let seq = st.clock.timer_seq;
        st.clock.timers.push(PendingTimer { when, seq, action });
    }

    /// The default schedule at a scheduling point: the timers due within
    /// [`SHORT_TIMER_NS`] fire, as Go's scheduler checks its timers there.
    pub(in crate::engine) fn fire_due_timers(&self, st: &mut State) {
        let soon = st.clock.now.saturating_add(SHORT_TIMER_NS);
        if st.clock.timers.iter().any(|t| t.when <= soon) {
            self.fire_timers(st);
        }
    }

    /// Advances the clock to the next timer and fires every timer due.
    /// Returns false when no timer can fire.
    pub(in crate::engine) fn fire_timers(&self, st: &mut State) -> bool {
        if st.entry_done
            && !st
                .sched
                .gs
                .iter()
                .any(|g| matches!(g.status, Status::Sleeping(_)))
        {
            // After the entry returned, with every goroutine blocked, a timer
            // that can wake nobody (a ticker nobody reads) is dropped, as Go
            // collects unreferenced timers.
            let heap = &st.heap;
            st.clock.timers.retain(|t| match t.action {
                TimerAction::Wake(_) | TimerAction::CtxDeadline(_) => true,
                TimerAction::Fire(o) => match heap.get(o as usize) {
                    Some(Obj::Timer(tm)) => tm.func.is_some() || tm.chan.is_some_and(|c| matches!(heap.get(c as usize), Some(Obj::Chan(ch)) if !ch.recvq.is_empty())),
                    _ => false,
                },
            });
        }
        let Some(next) = st.clock.timers.iter().map(|t| t.when).min() else {
            return false;
        };
        if !st.entry_done && next > self.limits.max_virtual_time_ns {
            st.outcome = Some(Outcome::Bounded {
                bound: Bound::VirtualTime,
            });
            return true;
        }
        if st.entry_done
            && (next
                > st.clock
                    .exit_clock
                    .saturating_add(self.limits.post_exit_horizon_ns)
                || st.clock.post_exit_clock_advances >= self.limits.post_exit_clock_advances)
        {
            return false;
        }
        if st.entry_done {
            st.clock.post_exit_clock_advances += 1;
        }
        // Every firing counts as a step: a ticker with a tiny period that
        // wakes nobody would otherwise advance the clock without end and
        // without any step bound seeing it (a fuzz case spun for minutes).
        st.steps += 1;
        if st.steps >= self.limits.max_steps {
            st.outcome = Some(Outcome::Bounded {
                bound: Bound::Steps,
            });
            return true;
        }
        st.clock.now = st.clock.now.max(next);
        let mut due: Vec<PendingTimer> = st
            .clock
            .timers
            .iter()
            .filter(|t| t.when <= st.clock.now)
            .cloned()
            .collect();
        // A few timers at most: the shared sort (`order.rs`) is enough.
        crate::order::sort_by_key(&mut due, |t| (t.when, t.seq));
        st.clock.timers.retain(|t| t.when > st.clock.now);
        if st.mode.records() {
            st.rec.events.push(Event {
                goroutine: GoId::RUNTIME,
                span: Span::default(),
                text: format!("the clock advances to {}", fmt_duration(st.clock.now)),
            });
        }
        for t in due {
            self.fire_action(st, t.action);
        }
        if st.mode.records() {
            self.push_snapshot(st);
        }
        true
    }

    pub(in crate::engine) fn fire_timer(&self, st: &mut State, timer: ObjId) {
        let Some(Obj::Timer(t)) = st.heap.get(timer as usize).cloned() else {
            return;
        };
        if !t.active {
            return;
        }
        if let Some(ch) = t.chan {
            // Timer channels have capacity 1; a tick nobody took is dropped.
            let now = Value::Time(st.clock.now);
            let _ = self.try_send_runtime(st, ch, now);
        }
        if let Some(f) = t.func.clone() {
            self.spawn(st, f, Vec::new(), None, Span::default(), None);
        }
        if t.period > 0 {
            let when = st.clock.now + t.period;
            self.add_timer(st, when, TimerAction::Fire(timer));
        } else if let Some(Obj::Timer(t)) = st.heap.get_mut(timer as usize) {
            t.active = false;
            if let Some(r) = t.resource {
                if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(r as usize) {
                    *released = true;
                }
            }
        }
    }
}
