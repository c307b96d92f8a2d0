//! Unknown values that keep one value along a run.
//!
//! An input the model does not know (a parameter, a receiver field, a result
//! of unknown code) is a named [`Sym`]. Tests of it derive new symbols
//! (`!ok`, `n > 5`, `err == nil`), and a branch on one of those records what
//! the run learned in a [`Path`]: the truth of a bool, a range and excluded
//! values of an int, whether a value is nil. A later test the facts already
//! decide is no choice, so a run never takes both `if ok` and `if !ok`, and
//! `if n > 5 { if n < 3 { ... } }` is never entered. This is a list of small
//! facts, not a solver: tests of two unknowns against each other, arithmetic
//! on unknowns and anything else stay anonymous ([`Sym::ANY`]), a fresh
//! choice each time.
//!
//! Go's error convention for unknown calls: the last of several results is
//! the error; once a run learns it is nil, the other results are valid
//! (non-nil), and once it learns one of them is nil, the error is not.

use super::value::{GoId, ObjId, Sym, Value};
use crate::model::BinOp;

/// Named symbols per goroutine. Past it, its unknowns are anonymous again,
/// so a loop that calls unknown code still reaches a state it saw before.
const MAX_SYMS: u32 = 48;
/// A symbol is numbered by the goroutine that made it and its count there,
/// so two schedules that differ only in the order goroutines ran make the
/// same symbols (and reach the same states).
const SEQ_BITS: u32 = 8;

/// A comparison of an unknown int with a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn of(op: BinOp) -> Option<Cmp> {
        Some(match op {
            BinOp::Eq => Cmp::Eq,
            BinOp::Ne => Cmp::Ne,
            BinOp::Lt => Cmp::Lt,
            BinOp::Le => Cmp::Le,
            BinOp::Gt => Cmp::Gt,
            BinOp::Ge => Cmp::Ge,
            _ => return None,
        })
    }

    /// `k op s` as `s op' k`.
    fn flipped(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            c => c,
        }
    }

    fn negated(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
            Cmp::Lt => Cmp::Ge,
            Cmp::Le => Cmp::Gt,
            Cmp::Gt => Cmp::Le,
            Cmp::Ge => Cmp::Lt,
        }
    }
}

/// How a named symbol came about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Term {
    /// An input. `valid_if_nil` lists, for the error result of an unknown
    /// call, the call's other results.
    Input {
        valid_if_nil: Vec<Sym>,
        /// For a result of unknown code called inside a loop (how many
        /// times the loop runs, a reader's lines, a listener's connections,
        /// `rows.Next()`, is the program's own input): 1 for the
        /// goroutine's first call at that site, 2 for a later one; 0
        /// outside loops.
        stream: u8,
    },
    Not(Sym),
    Cmp(Cmp, Sym, i64),
    /// `s == nil` (true) or `s != nil` (false).
    IsNil(Sym, bool),
    /// `s == obj` (true) or `s != obj` (false) for an object such as
    /// `io.EOF`: equal means `s` is not nil (`err == io.EOF` after
    /// `err != nil` was false is false).
    IsObj(Sym, ObjId, bool),
}

/// What a run learned about one symbol.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Known {
    truth: Option<bool>,
    lo: i64,
    hi: i64,
    ne: Vec<i64>,
    nil: Option<bool>,
    /// For a result of an unknown call: the call's error result.
    error: Option<Sym>,
}

impl Default for Known {
    fn default() -> Known {
        Known {
            truth: None,
            lo: i64::MIN,
            hi: i64::MAX,
            ne: Vec::new(),
            nil: None,
            error: None,
        }
    }
}

/// A small map kept as a vector sorted by key. The maps of a [`Path`] hold a
/// few dozen entries; a `BTreeMap` per key type linked several KB of B-tree
/// code into the browser's worker (see `order.rs` for the download's
/// ceiling), a binary search over a vector almost none.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord + Copy, V> SortedMap<K, V> {
    fn find(&self, k: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(x, _)| x.cmp(k))
    }

    fn get(&self, k: &K) -> Option<&V> {
        self.find(k).ok().map(|i| &self.0[i].1)
    }

    fn get_mut(&mut self, k: &K) -> Option<&mut V> {
        self.find(k).ok().map(|i| &mut self.0[i].1)
    }

    fn insert(&mut self, k: K, v: V) {
        match self.find(&k) {
            Ok(i) => self.0[i].1 = v,
            Err(i) => self.0.insert(i, (k, v)),
        }
    }

    /// The entries with keys from `lo` to `hi`, both included.
    fn range(&self, lo: K, hi: K) -> impl Iterator<Item = &(K, V)> {
        let a = self.0.partition_point(|(x, _)| *x < lo);
        let b = self.0.partition_point(|(x, _)| *x <= hi);
        self.0[a..b.max(a)].iter()
    }
}

/// The symbols of a run and what it learned about them (part of the state:
/// two runs that learned different things are different states).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Path {
    terms: SortedMap<Sym, (Term, Known)>,
    /// Symbols made so far by each goroutine (by number).
    made: SortedMap<u32, u32>,
    /// The symbol of each result of each call site of unknown code, per
    /// goroutine: (goroutine, (function, pc), result index).
    sites: SortedMap<(u32, (u32, u32), u32), Sym>,
    /// How often each call site of unknown code with an error result ran
    /// (function, pc), saturated.
    calls: Vec<((u32, u32), u32)>,
}

impl Path {
    fn push(&mut self, g: GoId, term: Term) -> Value {
        let owner = g.number();
        let first = Sym(owner << SEQ_BITS);
        let last = Sym((owner << SEQ_BITS) | ((1 << SEQ_BITS) - 1));
        if !matches!(term, Term::Input { .. }) {
            if let Some((s, _)) = self.terms.range(first, last).find(|(_, (t, _))| *t == term) {
                return Value::Opaque(*s);
            }
        }
        let made = self.made.get(&owner).copied().unwrap_or(0);
        if made >= MAX_SYMS || owner >= (u32::MAX >> SEQ_BITS) {
            return Value::UNKNOWN;
        }
        self.made.insert(owner, made + 1);
        let s = Sym((owner << SEQ_BITS) | (made + 1));
        self.terms.insert(s, (term, Known::default()));
        Value::Opaque(s)
    }

    fn get(&self, s: Sym) -> Option<&(Term, Known)> {
        self.terms.get(&s)
    }

    fn known(&mut self, s: Sym) -> Option<&mut Known> {
        self.terms.get_mut(&s).map(|(_, k)| k)
    }

    /// Counts one more call of unknown code at `site`: the count so far,
    /// this one included, saturated past `limit` (so a loop still meets its
    /// old states).
    pub fn call_at(&mut self, site: (u32, u32), limit: u32) -> u32 {
        let i = match self.calls.iter().position(|(s, _)| *s == site) {
            Some(i) => i,
            None => {
                self.calls.push((site, 0));
                self.calls.len() - 1
            }
        };
        let n = &mut self.calls[i].1;
        *n = n.saturating_add(1).min(limit.saturating_add(1));
        *n
    }

    /// Whether goroutine `g` made a symbol (its unknowns are named after it).
    pub fn made_by(&self, g: GoId) -> bool {
        self.made.get(&g.number()).is_some()
    }

    /// A fresh unknown input, made by goroutine `g`.
    pub fn input(&mut self, g: GoId) -> Value {
        self.push(
            g,
            Term::Input {
                valid_if_nil: Vec::new(),
                stream: 0,
            },
        )
    }

    /// Whether the named bool `s` is, or is derived from, a result of
    /// unknown code called inside a loop: 0 when not, 1 for the first such
    /// call its goroutine made at that site, 2 for a later one.
    pub fn stream(&self, s: Sym) -> u8 {
        match self.get(s) {
            Some((Term::Input { stream, .. }, _)) => *stream,
            Some((
                Term::Not(x) | Term::Cmp(_, x, _) | Term::IsNil(x, _) | Term::IsObj(x, _, _),
                _,
            )) => self.stream(*x),
            None => 0,
        }
    }

    /// The `want` results of an unknown call: with several, the last is the
    /// error and the others are valid when it is nil.
    /// A call site run again (a loop) names its results as before and
    /// forgets what the run learned about the old ones, so the loop's states
    /// repeat as they did without symbols. `in_loop`: the site is inside a
    /// loop, so a branch on its results decides how often the loop runs.
    pub fn call_results(
        &mut self,
        g: GoId,
        site: (u32, u32),
        want: usize,
        in_loop: bool,
    ) -> Vec<Value> {
        let stream = match (in_loop, self.sites.get(&(g.number(), site, 0)).is_some()) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => 2,
        };
        let out: Vec<Value> = (0..want)
            .map(|i| self.at_site(g, site, i as u32, stream))
            .collect();
        if want >= 2 {
            let others: Vec<Sym> = out[..want - 1].iter().filter_map(named).collect();
            let err = out[want - 1].clone();
            if let Some(e) = named(&err) {
                for o in &others {
                    if let Some(k) = self.known(*o) {
                        k.error = Some(e);
                    }
                }
                if let Some((Term::Input { valid_if_nil, .. }, _)) = self.terms.get_mut(&e) {
                    *valid_if_nil = others;
                }
            }
        }
        out
    }

    fn at_site(&mut self, g: GoId, site: (u32, u32), i: u32, stream: u8) -> Value {
        let key = (g.number(), site, i);
        let fresh = Term::Input {
            valid_if_nil: Vec::new(),
            stream,
        };
        if let Some(&s) = self.sites.get(&key) {
            self.terms.insert(s, (fresh, Known::default()));
            return Value::Opaque(s);
        }
        let v = self.push(g, fresh);
        if let Some(s) = named(&v) {
            self.sites.insert(key, s);
        }
        v
    }

    /// `!v` for a named unknown.
    pub fn not(&mut self, g: GoId, v: &Value) -> Option<Value> {
        let s = named(v)?;
        // `!!x` is `x`.
        if let Some((Term::Not(inner), _)) = self.get(s) {
            return Some(Value::Opaque(*inner));
        }
        Some(match self.eval(s) {
            Some(b) => Value::Bool(!b),
            None => self.push(g, Term::Not(s)),
        })
    }

    /// `a op b` when one side is a named unknown and the other an integer
    /// constant or nil: a derived symbol, or the answer when the facts
    /// already give it.
    pub fn compare(&mut self, g: GoId, op: BinOp, a: &Value, b: &Value) -> Option<Value> {
        let cmp = Cmp::of(op)?;
        let (s, other, cmp) = match (named(a), named(b)) {
            (Some(s), None) => (s, b.plain(), cmp),
            (None, Some(s)) => (s, a.plain(), cmp.flipped()),
            _ => return None,
        };
        let term = match (other, cmp) {
            // `x == true` is `x` (a switch without a tag compares each
            // case with `true`), `x != true` is `!x`.
            (Value::Bool(k), Cmp::Eq | Cmp::Ne) => {
                let v = Value::Opaque(s);
                return if (cmp == Cmp::Eq) == *k {
                    Some(self.eval(s).map_or(v, Value::Bool))
                } else {
                    self.not(g, &v)
                };
            }
            (Value::Int(k), c) => Term::Cmp(c, s, *k),
            (Value::Nil | Value::NilSlice | Value::NilMap, Cmp::Eq) => Term::IsNil(s, true),
            (Value::Nil | Value::NilSlice | Value::NilMap, Cmp::Ne) => Term::IsNil(s, false),
            (Value::Obj(o), Cmp::Eq) => Term::IsObj(s, *o, true),
            (Value::Obj(o), Cmp::Ne) => Term::IsObj(s, *o, false),
            _ => return None,
        };
        let v = self.push(g, term);
        Some(match named(&v).and_then(|d| self.eval(d)) {
            Some(b) => Value::Bool(b),
            None => v,
        })
    }

    /// The value of a named bool, when the run's facts decide it.
    pub fn eval(&self, s: Sym) -> Option<bool> {
        let (term, known) = self.get(s)?;
        match term {
            Term::Input { .. } => known.truth,
            Term::Not(x) => self.eval(*x).map(|b| !b),
            Term::IsNil(x, eq) => self.get(*x)?.1.nil.map(|n| n == *eq),
            // A nil value is no object; a non-nil one may be any.
            Term::IsObj(x, _, eq) => match self.get(*x)?.1.nil {
                Some(true) => Some(!eq),
                _ => None,
            },
            Term::Cmp(c, x, k) => {
                let x = &self.get(*x)?.1;
                let (lo, hi, k) = (x.lo, x.hi, *k);
                let excluded = x.ne.contains(&k);
                match c {
                    Cmp::Eq if k < lo || k > hi || excluded => Some(false),
                    Cmp::Eq if lo == k && hi == k => Some(true),
                    Cmp::Ne if k < lo || k > hi || excluded => Some(true),
                    Cmp::Ne if lo == k && hi == k => Some(false),
                    Cmp::Lt if hi < k => Some(true),
                    Cmp::Lt if lo >= k => Some(false),
                    Cmp::Le if hi <= k => Some(true),
                    Cmp::Le if lo > k => Some(false),
                    Cmp::Gt if lo > k => Some(true),
                    Cmp::Gt if hi <= k => Some(false),
                    Cmp::Ge if lo >= k => Some(true),
                    Cmp::Ge if hi < k => Some(false),
                    _ => None,
                }
            }
        }
    }

    /// After a branch on `s` (derived from a result of unknown code called
    /// in a loop): whether the run learned that the call gave another item
    /// (`err == nil`, `Scan()` true) rather than the end (an error, false,
    /// a nil result). When the facts do not say, it did.
    pub fn went_on(&self, s: Sym) -> bool {
        let mut root = s;
        while let Some((
            Term::Not(x) | Term::Cmp(_, x, _) | Term::IsNil(x, _) | Term::IsObj(x, _, _),
            _,
        )) = self.get(root)
        {
            root = *x;
        }
        let Some((_, known)) = self.get(root) else {
            return true;
        };
        if let Some(e) = known.error {
            // A result beside an error: the end when the call failed or it
            // is nil.
            let failed = self.get(e).is_some_and(|(_, k)| k.nil == Some(false));
            return !failed && known.nil != Some(true);
        }
        match (known.truth, known.nil) {
            (Some(b), _) => b,
            // An error (a call's last or only result): nil, another item.
            (None, Some(nil)) => nil,
            (None, None) => true,
        }
    }

    /// Records that the named bool `s` is `b` on this run.
    pub fn assume(&mut self, s: Sym, b: bool) {
        let Some((term, _)) = self.get(s).cloned() else {
            return;
        };
        match term {
            Term::Input { .. } => {
                if let Some(k) = self.known(s) {
                    k.truth = Some(b);
                }
            }
            Term::Not(x) => self.assume(x, !b),
            Term::IsNil(x, eq) => self.set_nil(x, b == eq),
            Term::IsObj(x, _, eq) => {
                if b == eq {
                    self.set_nil(x, false);
                }
            }
            Term::Cmp(c, x, k) => {
                let c = if b { c } else { c.negated() };
                let Some(known) = self.known(x) else {
                    return;
                };
                match c {
                    Cmp::Eq => {
                        known.lo = k;
                        known.hi = k;
                    }
                    Cmp::Ne => {
                        if !known.ne.contains(&k) {
                            // Kept sorted by inserting in place (no sort: each
                            // one costs the browser's download a copy).
                            let at = known.ne.partition_point(|&x| x < k);
                            known.ne.insert(at, k);
                        }
                    }
                    Cmp::Lt => known.hi = known.hi.min(k.saturating_sub(1)),
                    Cmp::Le => known.hi = known.hi.min(k),
                    Cmp::Gt => known.lo = known.lo.max(k.saturating_add(1)),
                    Cmp::Ge => known.lo = known.lo.max(k),
                }
            }
        }
    }

    fn set_nil(&mut self, x: Sym, nil: bool) {
        let Some(known) = self.known(x) else {
            return;
        };
        if known.nil.is_some() {
            return;
        }
        known.nil = Some(nil);
        let error = known.error;
        let valid = match self.get(x) {
            Some((Term::Input { valid_if_nil, .. }, _)) => valid_if_nil.clone(),
            _ => Vec::new(),
        };
        // Go's convention: no error, valid results; a nil result, an error.
        if nil {
            for o in valid {
                self.set_nil(o, false);
            }
            if let Some(e) = error {
                self.set_nil(e, false);
            }
        }
    }

    /// Records that the named unknown `v` is not nil.
    pub fn non_nil(&mut self, v: &Value) {
        if let Some(s) = named(v) {
            self.set_nil(s, false);
        }
    }

    /// Records that the named int `v` is at least `k`.
    pub fn at_least(&mut self, v: &Value, k: i64) {
        if let Some(known) = named(v).and_then(|s| self.known(s)) {
            known.lo = known.lo.max(k);
        }
    }

    /// Whether the run learned that `v` is nil.
    pub fn is_nil(&self, v: &Value) -> bool {
        named(v).and_then(|s| self.get(s)).and_then(|(_, k)| k.nil) == Some(true)
    }

    /// Whether the run learned that `v` is not nil.
    pub fn is_non_nil(&self, v: &Value) -> bool {
        named(v).and_then(|s| self.get(s)).and_then(|(_, k)| k.nil) == Some(false)
    }
}

/// The symbol of a named unknown.
pub fn named(v: &Value) -> Option<Sym> {
    match v.plain() {
        Value::Opaque(s) if *s != Sym::ANY => Some(*s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: GoId = GoId::ENTRY;

    fn next_site() -> u32 {
        use std::sync::atomic::{AtomicU32, Ordering};
        static SITE: AtomicU32 = AtomicU32::new(0);
        SITE.fetch_add(1, Ordering::Relaxed)
    }

    fn sym(v: &Value) -> Sym {
        named(v).expect("a named unknown")
    }

    #[test]
    fn a_bool_keeps_its_value_and_its_negation_agrees() {
        let mut p = Path::default();
        let ok = p.input(G);
        let not_ok = p.not(G, &ok).unwrap();
        assert_eq!(p.eval(sym(&not_ok)), None);
        p.assume(sym(&ok), true);
        assert_eq!(p.eval(sym(&ok)), Some(true));
        assert_eq!(p.eval(sym(&not_ok)), Some(false));
    }

    #[test]
    fn integer_ranges_cut_impossible_tests() {
        let mut p = Path::default();
        let n = p.input(G);
        let gt5 = p.compare(G, BinOp::Gt, &n, &Value::Int(5)).unwrap();
        p.assume(sym(&gt5), true);
        assert_eq!(
            p.compare(G, BinOp::Lt, &n, &Value::Int(3)),
            Some(Value::Bool(false))
        );
        // `3 > n` is `n < 3`.
        assert_eq!(
            p.compare(G, BinOp::Gt, &Value::Int(3), &n),
            Some(Value::Bool(false))
        );
        // Not decided: n may be 6 or 100.
        assert!(p
            .compare(G, BinOp::Eq, &n, &Value::Int(6))
            .unwrap()
            .is_unknown());
        let ne7 = p.compare(G, BinOp::Ne, &n, &Value::Int(7)).unwrap();
        p.assume(sym(&ne7), false);
        assert_eq!(
            p.compare(G, BinOp::Eq, &n, &Value::Int(7)),
            Some(Value::Bool(true))
        );
    }

    #[test]
    fn no_error_means_valid_results_and_a_nil_result_means_an_error() {
        let mut p = Path::default();
        let r = p.call_results(G, (0, next_site()), 2, false);
        let is_nil = p.compare(G, BinOp::Eq, &r[1], &Value::Nil).unwrap();
        p.assume(sym(&is_nil), true);
        assert_eq!(
            p.compare(G, BinOp::Ne, &r[0], &Value::Nil),
            Some(Value::Bool(true))
        );
        let r = p.call_results(G, (0, next_site()), 2, false);
        let v_nil = p.compare(G, BinOp::Eq, &r[0], &Value::Nil).unwrap();
        p.assume(sym(&v_nil), true);
        assert_eq!(
            p.compare(G, BinOp::Ne, &r[1], &Value::Nil),
            Some(Value::Bool(true))
        );
    }

    #[test]
    fn an_error_equal_to_a_sentinel_is_not_nil_and_a_nil_one_equals_none() {
        const EOF: crate::engine::value::ObjId = 2;
        let mut p = Path::default();
        let r = p.call_results(G, (0, next_site()), 2, false);
        // `err == io.EOF` taken: err is not nil, so `err == nil` is false.
        let is_eof = p.compare(G, BinOp::Eq, &r[1], &Value::Obj(EOF)).unwrap();
        p.assume(sym(&is_eof), true);
        assert_eq!(
            p.compare(G, BinOp::Eq, &r[1], &Value::Nil),
            Some(Value::Bool(false))
        );
        // A nil error equals no object: `err != io.EOF` after `err == nil`.
        let r = p.call_results(G, (0, next_site()), 2, false);
        let is_nil = p.compare(G, BinOp::Eq, &r[1], &Value::Nil).unwrap();
        p.assume(sym(&is_nil), true);
        assert_eq!(
            p.compare(G, BinOp::Ne, &r[1], &Value::Obj(EOF)),
            Some(Value::Bool(true))
        );
        // Not equal to io.EOF says nothing of nil.
        let r = p.call_results(G, (0, next_site()), 2, false);
        let not_eof = p.compare(G, BinOp::Ne, &r[1], &Value::Obj(EOF)).unwrap();
        p.assume(sym(&not_eof), true);
        assert!(p
            .compare(G, BinOp::Eq, &r[1], &Value::Nil)
            .unwrap()
            .is_unknown());
    }

    #[test]
    fn a_case_of_a_switch_without_a_tag_is_its_condition() {
        // `switch { case err != nil: }` compares `err != nil` with `true`.
        let mut p = Path::default();
        let r = p.call_results(G, (0, next_site()), 2, false);
        let failed = p.compare(G, BinOp::Ne, &r[1], &Value::Nil).unwrap();
        let case = p
            .compare(G, BinOp::Eq, &Value::Bool(true), &failed)
            .unwrap();
        assert_eq!(case, failed);
        let other = p
            .compare(G, BinOp::Ne, &failed, &Value::Bool(true))
            .unwrap();
        p.assume(sym(&other), true);
        assert_eq!(
            p.compare(G, BinOp::Eq, &r[1], &Value::Nil),
            Some(Value::Bool(true))
        );
    }

    #[test]
    fn symbols_do_not_depend_on_the_order_goroutines_ran() {
        let (a, b) = (GoId::new(1), GoId::new(2));
        let mut p = Path::default();
        let (x1, y1) = (p.input(a), p.input(b));
        let mut q = Path::default();
        let (y2, x2) = (q.input(b), q.input(a));
        assert_eq!((x1, y1), (x2, y2));
        assert_eq!(p, q);
    }

    #[test]
    fn a_call_site_run_again_reuses_its_names_and_forgets_their_facts() {
        let mut p = Path::default();
        let first = p.call_results(G, (1, 7), 2, false);
        let is_nil = p.compare(G, BinOp::Eq, &first[1], &Value::Nil).unwrap();
        p.assume(sym(&is_nil), true);
        let again = p.call_results(G, (1, 7), 2, false);
        assert_eq!(first, again);
        assert!(p
            .compare(G, BinOp::Eq, &again[1], &Value::Nil)
            .unwrap()
            .is_unknown());
    }

    #[test]
    fn past_the_budget_unknowns_are_anonymous() {
        let mut p = Path::default();
        for _ in 0..MAX_SYMS {
            assert!(named(&p.input(G)).is_some());
        }
        assert_eq!(p.input(G), Value::UNKNOWN);
        // Another goroutine has its own budget.
        assert!(named(&p.input(GoId::new(2))).is_some());
    }
}
