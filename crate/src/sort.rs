//! Stable sorting that is compiled once, not once per call site.
//!
//! Only `engine/` still calls it (the rest of the crate uses the standard
//! sorts, which cost little: see issue 15's note); it goes when the engine's
//! seven call sites move to `sort_by` / `sort_by_key` too.
//!
//! The standard library's sorts are generic over the element type and the
//! comparison, so every `sort_by_key` call gets its own copy of a large
//! algorithm: about 3.5 KB of WebAssembly each, and the twenty call sites of
//! the analyzer were an eighth of the browser worker's code. These helpers
//! sort short slices by insertion, in place, and longer ones through one
//! shared, non-generic sort of indices (a dynamic comparison), then move the
//! elements into place. Like `slice::sort_by` they are stable: equal elements
//! keep their order.

use std::cmp::Ordering;

/// Slices up to this length are sorted by insertion: a few comparisons, no
/// allocation, and a few dozen bytes of code per element type.
const INSERTION_MAX: usize = 16;

/// Sorts `v` stably by the comparison `cmp`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let n = v.len();
    if n < 2 {
        return;
    }
    if n <= INSERTION_MAX {
        for i in 1..n {
            let mut j = i;
            while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    if v.windows(2).all(|w| cmp(&w[0], &w[1]) != Ordering::Greater) {
        return;
    }
    let mut order: Vec<usize> = (0..n).collect();
    {
        let v: &[T] = v;
        sort_indices(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    }
    permute(v, &mut order);
}

/// Sorts `v` stably by a key (computed at each comparison, like
/// `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// Sorts `v` stably in ascending order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp)
}

/// Sorts indices stably through a dynamic comparison: a bottom-up merge sort
/// (runs of 8 sorted by insertion, then merged pairwise through one buffer).
/// Written out instead of calling `slice::sort_by`, whose driftsort is about
/// 3 KB of WebAssembly per instance; this is a few hundred bytes, once.
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    const RUN: usize = 8;
    let n = order.len();
    for chunk in order.chunks_mut(RUN) {
        for i in 1..chunk.len() {
            let mut j = i;
            while j > 0 && cmp(chunk[j - 1], chunk[j]) == Ordering::Greater {
                chunk.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut buf = vec![0usize; n];
    let (mut src, mut dst): (&mut [usize], &mut [usize]) = (order, &mut buf);
    let mut width = RUN;
    let mut in_buf = false;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut dst[start..end] {
                // Take from the right run only when it is strictly smaller:
                // equal elements keep their order.
                if j < end && (i >= mid || cmp(src[i], src[j]) == Ordering::Greater) {
                    *slot = src[j];
                    j += 1;
                } else {
                    *slot = src[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut src, &mut dst);
        in_buf = !in_buf;
        width *= 2;
    }
    if in_buf {
        // `src` is the buffer holding the result, `dst` is `order`.
        dst.copy_from_slice(src);
    }
}

/// Moves `v[order[i]]` to position `i` for every `i`, in place, by following
/// each cycle of the permutation once (`order` is used up as the marks).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..v.len() {
        let mut current = start;
        loop {
            let next = order[current];
            order[current] = current;
            if next == start {
                break;
            }
            v.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_standard_stable_sort_on_every_length() {
        for n in 0..200 {
            for modulo in [1, 3, 1000] {
                // Pairs (key, original position): stability shows in the positions.
                let keys = numbers(n as u64 + 1, n, modulo);
                let mut ours: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
                let mut std_sorted = ours.clone();
                sort_by_key(&mut ours, |p| p.0);
                std_sorted.sort_by_key(|p| p.0);
                assert_eq!(ours, std_sorted, "length {n}, keys modulo {modulo}");
            }
        }
    }

    #[test]
    fn sorted_and_reversed_inputs() {
        let mut up: Vec<u32> = (0..100).collect();
        sort(&mut up);
        assert_eq!(up, (0..100).collect::<Vec<_>>());
        let mut down: Vec<u32> = (0..100).rev().collect();
        sort(&mut down);
        assert_eq!(down, (0..100).collect::<Vec<_>>());
        let mut by: Vec<i32> = vec![3, -1, 2, -5, 4];
        sort_by(&mut by, |a, b| b.cmp(a));
        assert_eq!(by, vec![4, 3, 2, -1, -5]);
    }
}
