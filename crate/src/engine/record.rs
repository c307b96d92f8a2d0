//! Recording a replay: the snapshot of the state after each step, for
//! witnesses (the data types are in `witness.rs`).

use super::machine::Machine;
use super::state::*;
use super::value::*;
use super::witness::*;
use crate::syntax::Span;

impl Machine {
    /// The snapshot of a state after a step; `events_from` is the index of the
    /// first event that belongs to this step.
    pub fn snapshot(
        &self,
        st: &State,
        events_from: usize,
        functions: &mut Vec<String>,
    ) -> Snapshot {
        let events = &st.rec.events[events_from.min(st.rec.events.len())..];
        let event = if events.is_empty() {
            String::new()
        } else {
            events
                .iter()
                .map(|e| e.text.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let actor = events.last().map(|e| e.goroutine).unwrap_or(GoId::RUNTIME);
        let span = events.last().map(|e| e.span);
        let mut goroutines = Vec::with_capacity(st.sched.gs.len());
        for g in &st.sched.gs {
            // Looked up without allocating: a run of 10,000 goroutines
            // snapshots each of them at every step.
            let name = if g.runtime {
                "the runtime's timers"
            } else {
                self.func_name(g.func)
            };
            let function = match functions.iter().position(|f| f == name) {
                Some(i) => i as u32,
                None => {
                    functions.push(name.to_string());
                    (functions.len() - 1) as u32
                }
            };
            let (status, reason, span) = match &g.status {
                Status::Runnable if st.sched.current == Some(g.id) => {
                    (GoStatus::Running, None, self.current_span(g))
                }
                Status::Runnable => (GoStatus::Runnable, None, self.current_span(g)),
                Status::Blocked(b) => (GoStatus::Blocked, Some(b.reason), b.span),
                Status::Sleeping(_) => (GoStatus::Sleeping, None, g.last_span),
                Status::Done => (GoStatus::Done, None, g.last_span),
                Status::Panicked => (GoStatus::Panicked, None, g.last_span),
            };
            let wake_ns = match g.status {
                Status::Sleeping(until) => Some(until),
                _ => None,
            };
            goroutines.push(GoroutineSnapshot {
                id: g.id,
                function,
                go_span: g.go_span,
                status,
                reason,
                span,
                wake_ns,
            });
        }
        let mut channels = Vec::new();
        let mut locks = Vec::new();
        // Channels and locks are made early; a bounded scan keeps witnesses cheap
        // for programs that allocate heavily.
        for (id, obj) in st.heap.iter().enumerate().take(20_000) {
            match obj {
                Obj::Chan(c) if !c.runtime_owned => channels.push(ChannelSnapshot {
                    id: id as ObjId,
                    make_span: c.make_span,
                    cap: c.cap,
                    buffer: c.buf.iter().map(short_value).collect(),
                    closed: c.closed,
                    senders: c.sendq.iter().map(|w| w.g).collect(),
                    receivers: c.recvq.iter().map(|w| w.g).collect(),
                }),
                Obj::Mutex {
                    locked,
                    readers,
                    waiters,
                    ..
                } if *locked || *readers > 0 || !waiters.is_empty() => locks.push(LockSnapshot {
                    id: id as ObjId,
                    locked: *locked,
                    readers: *readers,
                    waiters: waiters.iter().map(|(g, _)| *g).collect(),
                }),
                _ => {}
            }
        }
        Snapshot {
            actor,
            event,
            span,
            clock_ns: st.clock.now,
            goroutines,
            channels,
            locks,
            output_len: st.out.stdout.len() as u32,
            handoffs: st.rec.handoffs.clone(),
        }
    }

    /// Notes, when recording a witness, that the running goroutine (none
    /// while timers fire: the runtime) lets `to` go on through `object`.
    pub(crate) fn record_handoff(
        &self,
        st: &mut State,
        to: GoId,
        object: ObjId,
        kind: HandoffKind,
    ) {
        if st.mode.records() {
            let from = st.sched.current.unwrap_or(GoId::RUNTIME);
            st.rec.handoffs.push(Handoff {
                from,
                to,
                object,
                kind,
            });
        }
    }

    /// The span of the instruction a goroutine is at.
    pub fn current_span(&self, g: &Goroutine) -> Span {
        match g.frames.last() {
            Some(f) => {
                let code = &self.c.codes[f.func as usize];
                code.spans.get(f.pc as usize).copied().unwrap_or(code.span)
            }
            None => g.last_span,
        }
    }
}

/// A short rendering of a buffered value for the animation.
pub fn short_value(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Str(s) => {
            let t: String = s.chars().take(12).collect();
            format!("{t:?}")
        }
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => super::format::format_float(f.0),
        Value::Nil => "nil".into(),
        Value::EmptyStruct => "{}".into(),
        Value::Duration(d) => super::value::fmt_duration(*d),
        Value::Opaque(_) => "?".into(),
        Value::Struct(_) => "{…}".into(),
        _ => "…".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{compile, Limits};
    use crate::{model, syntax};

    /// The snapshots of the default schedule (Go's run queue, one P).
    fn steps(src: &str) -> Vec<Snapshot> {
        let parsed = syntax::parse(src);
        let program = model::lower(&parsed);
        let main = program.func_by_name("main").expect("main");
        let machine = Machine::new(compile(program), Limits::default());
        crate::explore::witness(&machine, main, &[], false).steps
    }

    fn handoffs(steps: &[Snapshot]) -> Vec<(u32, u32, HandoffKind)> {
        steps
            .iter()
            .flat_map(|s| {
                s.handoffs
                    .iter()
                    .map(|h| (h.from.number(), h.to.number(), h.kind))
            })
            .collect()
    }

    #[test]
    fn each_wake_names_who_handed_to_whom() {
        let steps = steps(
            r#"package main
import ("fmt"; "sync"; "time")
func main() {
	a, b, c := make(chan int), make(chan int), make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := make(chan struct{})
	mu.Lock()
	wg.Add(1)
	go func() { fmt.Println(<-a) }()
	go func() { b <- 2 }()
	go func() { mu.Lock(); mu.Unlock() }()
	go func() { <-done; wg.Done() }()
	go func() { time.Sleep(1500 * time.Millisecond); c <- 3 }()
	time.Sleep(time.Millisecond)
	a <- 1
	fmt.Println(<-b)
	mu.Unlock()
	close(done)
	wg.Wait()
	fmt.Println(<-c)
}
"#,
        );
        use HandoffKind::*;
        assert_eq!(
            handoffs(&steps),
            vec![
                (1, 2, Send),
                (1, 3, Receive),
                (1, 4, Unlock),
                (1, 5, Close),
                (5, 1, Done),
                // After the clock advanced to 1.5s, g6's send wakes main.
                (6, 1, Send),
            ]
        );
        // Every hand-off names an object of its kind.
        for s in &steps {
            for h in &s.handoffs {
                assert_ne!(h.from, h.to);
                if h.kind == Close {
                    assert!(s.channels.iter().any(|c| c.id == h.object && c.closed));
                }
            }
        }
        // A sleeper's snapshot carries its wake time.
        let wake = |id: u32| {
            steps
                .iter()
                .flat_map(|s| &s.goroutines)
                .find(|g| g.id.number() == id && g.status == GoStatus::Sleeping)
                .and_then(|g| g.wake_ns)
        };
        assert_eq!(wake(1), Some(1_000_000));
        assert_eq!(wake(6), Some(1_500_000_000));
        assert!(steps
            .iter()
            .flat_map(|s| &s.goroutines)
            .all(|g| (g.status == GoStatus::Sleeping) == g.wake_ns.is_some()));
    }
}
