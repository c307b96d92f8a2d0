//! `sync.WaitGroup`'s counter.

use crate::engine::machine::*;
use crate::engine::state::*;
use crate::engine::value::*;

impl Machine {
    pub(in crate::engine) fn wg_add(&self, st: &mut State, wg: ObjId, delta: i64) -> R<()> {
        let Some(Obj::WaitGroup { count, .. }) = st.heap.get_mut(wg as usize) else {
            return Ok(());
        };
        *count += delta;
        if *count < 0 {
            // A WaitGroup the caller handed in (a receiver's field, a
            // parameter) had an Add the analysis never saw: its counter is
            // unknown, not negative.
            let unknown = matches!(
                st.heap.get(wg as usize),
                Some(Obj::WaitGroup { unknown: true, .. })
            );
            let callers = st.reachable(&st.facts.entry_args);
            if !unknown && !callers[wg as usize] {
                return Err(Trap::concurrency("sync: negative WaitGroup counter"));
            }
            if let Some(Obj::WaitGroup { count, .. }) = st.heap.get_mut(wg as usize) {
                *count = 0;
            }
        }
        let Some(Obj::WaitGroup { count, waiters, .. }) = st.heap.get_mut(wg as usize) else {
            return Ok(());
        };
        if *count == 0 {
            let ws = std::mem::take(waiters);
            for w in ws {
                self.complete_wait(st, wg, w, 0, Value::Nil, true);
            }
        }
        Ok(())
    }
}

/// A WaitGroup method's access: counter updates that keep the counter above
/// zero commute with each other; anything else (reaching zero, `Wait`) is
/// strong.
pub(in crate::engine) fn wg_footprint(
    wg: ObjId,
    count: i64,
    name: &str,
    last: Option<&Value>,
) -> Vec<Access> {
    let delta = match (name, last) {
        ("Done", _) => Some(-1),
        ("Add", Some(Value::Int(n))) => Some(*n),
        _ => None,
    };
    let kind = match delta {
        Some(d) if count + d > 0 => AccessKind::CounterAboveZero,
        _ => AccessKind::Strong,
    };
    vec![Access { obj: wg, kind }]
}
