//! `context` cancellation.

use crate::engine::machine::*;
use crate::engine::state::*;
use crate::engine::value::*;
use crate::syntax::Span;

impl Machine {
    pub(in crate::engine) fn cancel_ctx(&self, st: &mut State, ctx: ObjId, err: ObjId) {
        let mut stack = vec![ctx];
        while let Some(c) = stack.pop() {
            let Some(Obj::Context(cx)) = st.heap.get_mut(c as usize) else {
                continue;
            };
            if cx.kind == CtxKind::Cancel {
                if cx.err.is_some() {
                    continue;
                }
                cx.err = Some(err);
                let done = cx.done;
                let children = cx.children.clone();
                if let Some(d) = done {
                    let _ = self.close_chan(st, &Value::Chan(d), GoId::RUNTIME, Span::default());
                }
                stack.extend(children);
            } else {
                stack.extend(cx.children.clone());
            }
        }
    }
}
