//! Sorting where speed does not matter, for the size of the browser's
//! download. Each call of the standard library's `sort_by_key` with its own
//! element type and key compiles its own copy of the sort (a few KB of wasm
//! each); these helpers sort a list of indexes with a comparison behind a
//! `dyn` reference, so every call shares one copy of the standard sort, and
//! only moving the elements into place is compiled per type. Stable, like
//! `sort_by_key`. The engine's hot paths keep the standard sort.

use std::cmp::Ordering;

/// Sorts `v` stably by `key` (what `v.sort_by_key(key)` does).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably by `cmp` (what `v.sort_by(cmp)` does).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_indexes(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The indexes `0..n` ordered by `cmp`, ties in index order (one copy of
/// the standard sort for every caller).
fn sorted_indexes(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorts_stably_by_the_key() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        super::sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        super::sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
    }
}
