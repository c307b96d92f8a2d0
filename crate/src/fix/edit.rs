//! Text edits over byte offsets, and a unified diff to preview them.

use serde::Serialize;

/// Replace the bytes `[start, end)` with `text`. An insertion has `start == end`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl Edit {
    pub fn replace(start: usize, end: usize, text: impl Into<String>) -> Edit {
        Edit {
            start: start as u32,
            end: end as u32,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at, at, text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    OutOfBounds {
        start: u32,
        end: u32,
        len: usize,
    },
    NotOnCharBoundary(u32),
    Overlapping {
        first: (u32, u32),
        second: (u32, u32),
    },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::OutOfBounds { start, end, len } => {
                write!(f, "edit {start}..{end} lies outside the {len}-byte source")
            }
            EditError::NotOnCharBoundary(at) => write!(f, "edit boundary {at} splits a character"),
            EditError::Overlapping { first, second } => {
                write!(
                    f,
                    "edits {}..{} and {}..{} overlap",
                    first.0, first.1, second.0, second.1
                )
            }
        }
    }
}

impl std::error::Error for EditError {}

/// Applies edits to a source. Edits may come in any order but must not overlap;
/// two insertions at the same offset are applied in the given order.
pub fn apply_edits(source: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut order: Vec<&Edit> = edits.iter().collect();
    crate::order::sort_by_key(&mut order, |e| (e.start, e.end));
    let mut out =
        String::with_capacity(source.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut cursor = 0usize;
    let mut previous: Option<&Edit> = None;
    for edit in order {
        let (start, end) = (edit.start as usize, edit.end as usize);
        if start > end || end > source.len() {
            return Err(EditError::OutOfBounds {
                start: edit.start,
                end: edit.end,
                len: source.len(),
            });
        }
        for at in [start, end] {
            if !source.is_char_boundary(at) {
                return Err(EditError::NotOnCharBoundary(at as u32));
            }
        }
        if start < cursor {
            let p = previous.expect("cursor only moves after an edit");
            return Err(EditError::Overlapping {
                first: (p.start, p.end),
                second: (edit.start, edit.end),
            });
        }
        out.push_str(&source[cursor..start]);
        out.push_str(&edit.text);
        cursor = end;
        previous = Some(edit);
    }
    out.push_str(&source[cursor..]);
    Ok(out)
}

/// A unified diff (three lines of context) between two texts, for `fix --diff`
/// and the playground's preview. Line-based; good enough for the small, local
/// edits that fixes make.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    // Common prefix and suffix bound the changed region; fixes edit few places, so
    // a per-hunk longest-common-subsequence keeps the diff minimal and cheap.
    let ops = diff_lines(&a, &b);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let context = 3usize;
    let mut i = 0;
    while i < ops.len() {
        if matches!(ops[i], DiffOp::Equal(..)) {
            i += 1;
            continue;
        }
        // A hunk: from `context` equal lines before the change to `context` after
        // the last change that is closer than 2 * context to the previous one.
        let hunk_start = i.saturating_sub(context);
        let mut hunk_end = i;
        let mut equal_run = 0;
        let mut j = i;
        while j < ops.len() {
            if matches!(ops[j], DiffOp::Equal(..)) {
                equal_run += 1;
                if equal_run > 2 * context {
                    break;
                }
            } else {
                equal_run = 0;
                hunk_end = j;
            }
            j += 1;
        }
        let hunk_end = (hunk_end + context + 1).min(ops.len());
        let (mut a_start, mut b_start) = (None, None);
        let (mut a_len, mut b_len) = (0, 0);
        let mut body = String::new();
        for op in &ops[hunk_start..hunk_end] {
            match *op {
                DiffOp::Equal(ai, bi) => {
                    a_start.get_or_insert(ai);
                    b_start.get_or_insert(bi);
                    a_len += 1;
                    b_len += 1;
                    body.push_str(&format!(" {}\n", a[ai]));
                }
                DiffOp::Delete(ai, bi) => {
                    a_start.get_or_insert(ai);
                    b_start.get_or_insert(bi);
                    a_len += 1;
                    body.push_str(&format!("-{}\n", a[ai]));
                }
                DiffOp::Insert(ai, bi) => {
                    a_start.get_or_insert(ai);
                    b_start.get_or_insert(bi);
                    b_len += 1;
                    body.push_str(&format!("+{}\n", b[bi]));
                }
            }
        }
        let a_line = if a_len == 0 {
            a_start.unwrap_or(0)
        } else {
            a_start.unwrap_or(0) + 1
        };
        let b_line = if b_len == 0 {
            b_start.unwrap_or(0)
        } else {
            b_start.unwrap_or(0) + 1
        };
        out.push_str(&format!(
            "@@ -{a_line},{a_len} +{b_line},{b_len} @@\n{body}"
        ));
        i = hunk_end;
    }
    out
}

/// One line of a diff, with the positions in both texts it sits at.
#[derive(Clone, Copy, Debug)]
enum DiffOp {
    Equal(usize, usize),
    Delete(usize, usize),
    Insert(usize, usize),
}

fn diff_lines(a: &[&str], b: &[&str]) -> Vec<DiffOp> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<DiffOp> = (0..prefix).map(|k| DiffOp::Equal(k, k)).collect();
    // Longest common subsequence over the middle; the middle is small for fixes, and
    // a cap keeps a pathological input linear (then it is all delete + insert).
    if am.len().saturating_mul(bm.len()) <= 4_000_000 {
        let (n, m) = (am.len(), bm.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for x in (0..n).rev() {
            for y in (0..m).rev() {
                lcs[x * (m + 1) + y] = if am[x] == bm[y] {
                    lcs[(x + 1) * (m + 1) + y + 1] + 1
                } else {
                    lcs[(x + 1) * (m + 1) + y].max(lcs[x * (m + 1) + y + 1])
                };
            }
        }
        let (mut x, mut y) = (0, 0);
        while x < n || y < m {
            if x < n && y < m && am[x] == bm[y] {
                ops.push(DiffOp::Equal(prefix + x, prefix + y));
                x += 1;
                y += 1;
            } else if x < n && (y == m || lcs[(x + 1) * (m + 1) + y] >= lcs[x * (m + 1) + y + 1]) {
                // Deletions first, as diff(1) prints them.
                ops.push(DiffOp::Delete(prefix + x, prefix + y));
                x += 1;
            } else {
                ops.push(DiffOp::Insert(prefix + x, prefix + y));
                y += 1;
            }
        }
    } else {
        ops.extend((0..am.len()).map(|k| DiffOp::Delete(prefix + k, prefix)));
        ops.extend((0..bm.len()).map(|k| DiffOp::Insert(prefix + am.len(), prefix + k)));
    }
    ops.extend((0..suffix).map(|k| DiffOp::Equal(a.len() - suffix + k, b.len() - suffix + k)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_edits_in_offset_order() {
        let src = "make(chan int)";
        let edits = [Edit::replace(13, 13, ", 1"), Edit::insert(0, "x := ")];
        assert_eq!(apply_edits(src, &edits).unwrap(), "x := make(chan int, 1)");
    }

    #[test]
    fn rejects_overlaps_and_bad_ranges() {
        let src = "abcdef";
        assert!(matches!(
            apply_edits(src, &[Edit::replace(0, 3, ""), Edit::replace(2, 4, "")]),
            Err(EditError::Overlapping { .. })
        ));
        assert!(matches!(
            apply_edits(src, &[Edit::replace(4, 9, "")]),
            Err(EditError::OutOfBounds { .. })
        ));
        assert!(matches!(
            apply_edits("é", &[Edit::insert(1, "x")]),
            Err(EditError::NotOnCharBoundary(1))
        ));
    }

    #[test]
    fn diff_shows_changed_lines_with_context() {
        let before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let after = "a\nb\nc\nd\nE\nf\ng\nh\n";
        let diff = unified_diff("x.go", before, after);
        assert_eq!(
            diff,
            "--- a/x.go\n+++ b/x.go\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn diff_of_an_insertion() {
        let diff = unified_diff("x.go", "a\nb\n", "a\nnew\nb\n");
        assert_eq!(
            diff,
            "--- a/x.go\n+++ b/x.go\n@@ -1,2 +1,3 @@\n a\n+new\n b\n"
        );
    }
}
