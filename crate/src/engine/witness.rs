//! Snapshots of a run for witnesses: compact, serializable, one per
//! transition (a visible operation and what follows it).

use super::interp::Machine;
use super::state::*;
use super::value::*;
use crate::syntax::Span;
use serde::Serialize;

/// A goroutine's status in a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoStatus {
    Runnable,
    Running,
    Blocked,
    Sleeping,
    Done,
    Panicked,
}

impl GoStatus {
    /// The status's name (the same as its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            GoStatus::Runnable => "runnable",
            GoStatus::Running => "running",
            GoStatus::Blocked => "blocked",
            GoStatus::Sleeping => "sleeping",
            GoStatus::Done => "done",
            GoStatus::Panicked => "panicked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoroutineSnapshot {
    pub id: GoId,
    /// Index into [`Witness::functions`](crate::verdict::Witness).
    pub function: u32,
    /// The `go` statement that started it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub go_span: Option<Span>,
    pub status: GoStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<BlockReason>,
    /// The operation it is at (blocked on, or about to run).
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChannelSnapshot {
    pub id: ObjId,
    pub make_span: Span,
    pub cap: u32,
    /// Buffered values, rendered short.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buffer: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub senders: Vec<GoId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub receivers: Vec<GoId>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LockSnapshot {
    pub id: ObjId,
    pub locked: bool,
    #[serde(skip_serializing_if = "is_zero")]
    pub readers: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waiters: Vec<GoId>,
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// The goroutine that acted in this step (0: the runtime, e.g. a timer).
    pub actor: GoId,
    /// What happened, in one plain sentence.
    pub event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    pub clock_ns: i64,
    pub goroutines: Vec<GoroutineSnapshot>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<ChannelSnapshot>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<LockSnapshot>,
    /// Bytes of standard output printed so far.
    pub output_len: u32,
}

impl Machine {
    /// The snapshot of a state after a step; `events_from` is the index of the
    /// first event that belongs to this step.
    pub fn snapshot(
        &self,
        st: &State,
        events_from: usize,
        functions: &mut Vec<String>,
    ) -> Snapshot {
        let events = &st.events[events_from.min(st.events.len())..];
        let event = if events.is_empty() {
            String::new()
        } else {
            events
                .iter()
                .map(|e| e.text.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let actor = events.last().map(|e| e.goroutine).unwrap_or(0);
        let span = events.last().map(|e| e.span);
        let mut goroutines = Vec::new();
        for g in &st.gs {
            let name = self.func_name(g.func).to_string();
            let function = match functions.iter().position(|f| *f == name) {
                Some(i) => i as u32,
                None => {
                    functions.push(name);
                    (functions.len() - 1) as u32
                }
            };
            let (status, reason, span) = match &g.status {
                Status::Runnable if st.current == Some(g.id) => {
                    (GoStatus::Running, None, self.current_span(g))
                }
                Status::Runnable => (GoStatus::Runnable, None, self.current_span(g)),
                Status::Blocked(b) => (GoStatus::Blocked, Some(b.reason), b.span),
                Status::Sleeping(_) => (GoStatus::Sleeping, None, g.last_span),
                Status::Done => (GoStatus::Done, None, g.last_span),
                Status::Panicked => (GoStatus::Panicked, None, g.last_span),
            };
            goroutines.push(GoroutineSnapshot {
                id: g.id,
                function,
                go_span: g.go_span,
                status,
                reason,
                span,
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
            clock_ns: st.clock,
            goroutines,
            channels,
            locks,
            output_len: st.stdout.len() as u32,
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
        Value::Duration(d) => super::interp::fmt_duration(*d),
        Value::Opaque => "?".into(),
        Value::Struct(_) => "{…}".into(),
        _ => "…".into(),
    }
}
