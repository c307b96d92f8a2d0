//! The virtual clock's timers: sleeps, `time.After`, tickers, `AfterFunc`.

use crate::engine::machine::*;
use crate::engine::state::*;
use crate::engine::value::*;
use crate::syntax::Span;

impl Machine {
    pub(in crate::engine) fn add_timer(&self, st: &mut State, when: i64, action: TimerAction) {
        st.timer_seq += 1;
        let seq = st.timer_seq;
        st.timers.push(PendingTimer { when, seq, action });
    }

    /// Advances the clock to the next timer and fires every timer due.
    /// Returns false when no timer can fire.
    pub(in crate::engine) fn fire_timers(&self, st: &mut State) -> bool {
        if st.entry_done
            && !st
                .gs
                .iter()
                .any(|g| matches!(g.status, Status::Sleeping(_)))
        {
            // After the entry returned, with every goroutine blocked, a timer
            // that can wake nobody (a ticker nobody reads) is dropped, as Go
            // collects unreferenced timers.
            let heap = &st.heap;
            st.timers.retain(|t| match t.action {
                TimerAction::Wake(_) | TimerAction::CtxDeadline(_) => true,
                TimerAction::Fire(o) => match heap.get(o as usize) {
                    Some(Obj::Timer(tm)) => tm.func.is_some() || tm.chan.is_some_and(|c| matches!(heap.get(c as usize), Some(Obj::Chan(ch)) if !ch.recvq.is_empty())),
                    _ => false,
                },
            });
        }
        let Some(next) = st.timers.iter().map(|t| t.when).min() else {
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
                > st.exit_clock
                    .saturating_add(self.limits.post_exit_horizon_ns)
                || st.post_exit_clock_advances >= self.limits.post_exit_clock_advances)
        {
            return false;
        }
        if st.entry_done {
            st.post_exit_clock_advances += 1;
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
        st.clock = st.clock.max(next);
        let mut due: Vec<PendingTimer> = st
            .timers
            .iter()
            .filter(|t| t.when <= st.clock)
            .cloned()
            .collect();
        crate::sort::sort_by_key(&mut due, |t| (t.when, t.seq));
        st.timers.retain(|t| t.when > st.clock);
        if st.record {
            st.events.push(Event {
                goroutine: 0,
                span: Span::default(),
                text: format!("the clock advances to {}", fmt_duration(st.clock)),
            });
        }
        for t in due {
            match t.action {
                TimerAction::Wake(g) => {
                    if matches!(st.gs[(g - 1) as usize].status, Status::Sleeping(_)) {
                        self.ready(st, g);
                    }
                }
                TimerAction::Fire(timer) => self.fire_timer(st, timer),
                TimerAction::CtxDeadline(ctx) => self.cancel_ctx(st, ctx, ERR_DEADLINE),
            }
        }
        if st.record {
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
            let now = Value::Time(st.clock);
            let _ = self.try_send_runtime(st, ch, now);
        }
        if let Some(f) = t.func.clone() {
            self.spawn(st, f, Vec::new(), None, Span::default(), None);
        }
        if t.period > 0 {
            let when = st.clock + t.period;
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
