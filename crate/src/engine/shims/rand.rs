//! `math/rand` (and `math/rand/v2`): a bounded number is a choice when
//! exploring (its least and greatest values); other draws are fixed.

use super::args::{int_arg, none, one, Call, Package, Shim, R};
use crate::engine::machine::{Machine, Ret};
use crate::engine::state::*;
use crate::engine::value::*;

pub(super) const PACKAGE: Package = Package {
    name: "rand",
    plain_args: true,
    shims: &[
        Shim::func("rand.Intn", 1, bounded),
        Shim::func("rand.Int63n", 1, bounded),
        Shim::func("rand.Int31n", 1, bounded),
        Shim::func("rand.N", 1, bounded),
        Shim::func("rand.IntN", 1, bounded),
        Shim::func("rand.Int", 1, |_, _, _, _| one(Value::Int(0))),
        Shim::func("rand.Int63", 1, |_, _, _, _| one(Value::Int(0))),
        Shim::func("rand.Float64", 1, |_, _, _, _| one(Value::Float(F64(0.5)))),
        Shim::func("rand.Seed", 0, |_, _, _, _| none()),
        Shim::func("rand.Shuffle", 0, |_, _, _, _| none()),
        Shim::func("rand.Perm", 1, |m, st, _, c| {
            let n = int_arg(&c.args, 0).unwrap_or(0).clamp(0, 4096);
            let items = (0..n).map(Value::Int).collect();
            one(m.make_slice(st, items))
        }),
    ],
};

/// A number in `[0, n)`: 0 or n-1 when exploring (a choice), else 0.
fn bounded(m: &Machine, st: &mut State, g: &mut Goroutine, c: Call) -> R<Ret> {
    let n = int_arg(&c.args, 0).unwrap_or(1).max(1);
    let k = (m.limits.rand_choices as i64).min(n).max(1);
    if st.mode.explores() && k > 1 {
        match st.search.answer.take() {
            Some(a) => one(Value::Int(if a == 0 { 0 } else { n - 1 })),
            None => Ok(Ret::Choice(ChoicePoint {
                kind: ChoiceKind::Rand,
                options: (0..k as u32).collect(),
                goroutine: g.id,
                who: Vec::new(),
            })),
        }
    } else {
        // Go's draw is random: a loop that waits for another number is
        // no livelock (`SpinWatch::chose`).
        st.sched.spin.chose |= k > 1;
        one(Value::Int(0))
    }
}
