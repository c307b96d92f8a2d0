//! `check`: source → findings with verified fixes. The orchestration of the
//! pipeline's last stages: analyze, classify each verdict into a rule's finding,
//! build the rule's fixes, and verify each fix by re-analyzing the patched source.

use crate::findings::{FileReport, Finding};
use crate::fix::{apply_edits, Edit, EditError};

/// Options of a check, one struct instead of many flags.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Analyze only this entry (a function or `Type.Method`); else the default entries.
    pub entry: Option<String>,
    /// Analyze every top-level function and method as an entry.
    pub all_functions: bool,
    /// Re-analyze each fix before offering it (the CLI and the tests always do).
    pub verify_fixes: bool,
    /// At most this many fixes are verified per file; verifying costs one analysis each.
    pub max_verified_fixes: usize,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            entry: None,
            all_functions: false,
            verify_fixes: true,
            max_verified_fixes: 32,
        }
    }
}

/// Applies the first verified fix of every finding (of one rule, if given).
/// Fixes whose edits overlap an already chosen fix are skipped: the next run
/// of `fix` picks them up once the file has been re-checked.
pub fn apply_first_verified_fixes(
    source: &str,
    findings: &[Finding],
    rule: Option<&str>,
) -> Result<String, EditError> {
    let mut chosen: Vec<Edit> = Vec::new();
    for finding in findings.iter().filter(|f| rule.is_none_or(|r| f.rule == r)) {
        let Some(fix) = finding.fixes.iter().find(|x| x.verified) else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            chosen
                .iter()
                .any(|c| e.start < c.end && c.start < e.end || (e == c))
        });
        if !overlaps {
            chosen.extend(fix.edits.iter().cloned());
        }
    }
    apply_edits(source, &chosen)
}

/// Maps an offset in the patched source back to the original source.
/// Offsets inside an edit's replacement map to the edit's start.
pub fn map_back(offset: u32, edits: &[Edit]) -> u32 {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.start);
    let mut shift: i64 = 0;
    for e in sorted {
        let new_start = (e.start as i64 + shift) as u32;
        let new_end = new_start + e.text.len() as u32;
        if offset < new_start {
            break;
        }
        if offset < new_end {
            return e.start;
        }
        shift += e.text.len() as i64 - (e.end - e.start) as i64;
    }
    (offset as i64 - shift).max(0) as u32
}

/// Checks one source file.
pub fn check_source(path: &str, source: &str, options: &CheckOptions) -> FileReport {
    let _ = options;
    let parsed = crate::syntax::parse(source);
    FileReport {
        path: path.to_string(),
        source: source.to_string(),
        syntax_errors: parsed.errors,
        entries: Vec::new(),
        findings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_back_through_edits() {
        // "abcdef" with "cd" replaced by "XYZW" gives "abXYZWef".
        let edits = [Edit::replace(2, 4, "XYZW")];
        assert_eq!(map_back(1, &edits), 1);
        assert_eq!(map_back(3, &edits), 2);
        assert_eq!(map_back(6, &edits), 4);
        assert_eq!(map_back(7, &edits), 5);
    }
}
