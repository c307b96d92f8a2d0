//! Snapshots of a run for witnesses: compact, serializable, one per
//! transition (a visible operation and what follows it). Plain data: the
//! recording that fills them is `record.rs`.

use super::value::*;
use super::wait::BlockReason;
use crate::syntax::Span;
use serde::Serialize;

pub use leakscope_data::GoStatus;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoroutineSnapshot {
    pub id: GoId,
    /// Index into the witness's function table (`Witness::functions`).
    pub function: u32,
    /// The `go` statement that started it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub go_span: Option<Span>,
    pub status: GoStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<BlockReason>,
    /// The operation it is at (blocked on, or about to run).
    pub span: Span,
    /// When a sleeping goroutine wakes, on the virtual clock (nanoseconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wake_ns: Option<i64>,
}

pub use leakscope_data::HandoffKind;

/// One hand-off of a step: `from` (0: the runtime, e.g. a timer) let `to`
/// go on through the object `object` (a channel, mutex, WaitGroup or cond).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Handoff {
    pub from: GoId,
    pub to: GoId,
    pub object: ObjId,
    pub kind: HandoffKind,
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
    /// Who handed to whom in this step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub handoffs: Vec<Handoff>,
}
