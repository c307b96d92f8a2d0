//! `io`, and the tracked closable resources every package opens (files,
//! connections, response bodies): opened here, released by `Close`.

use super::args::{one, vals, Call, Method, Package, Shim, This, R};
use crate::engine::machine::{Ret, ERR_EOF};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "io",
    plain_args: false,
    shims: &[Shim::value("io.EOF", || Value::Obj(ERR_EOF))],
};

/// The methods of a tracked resource.
pub(super) const RESOURCE: &[Method] = &[
    Method {
        name: "Close",
        run: |_, st, g, t| release(st, g, t),
    },
    Method {
        name: "Stop",
        run: |_, st, g, t| release(st, g, t),
    },
];

/// Opens a resource of this kind: returns it and a nil error.
pub(super) fn open_resource(st: &mut State, c: Call, kind: &'static str) -> R<Ret> {
    let r = st.alloc(Obj::Resource {
        kind,
        span: c.span,
        released: false,
    });
    st.facts.resources.push(r);
    vals(vec![Value::Obj(r), Value::Nil])
}

fn release(st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    if let Some(Obj::Resource { released, .. }) = st.heap.get_mut(t.o as usize) {
        *released = true;
    }
    if st.mode.records() {
        let gid = g.id;
        st.rec.events.push(Event {
            goroutine: gid,
            span: t.span,
            text: format!("g{gid} closes the resource"),
        });
    }
    one(Value::Nil)
}
