//! Fixes never touch what the caller owns (issue 13): programs that try hard
//! to trick the remedies (a file returned inside a struct, a cancel function
//! stored in a field and called by a `Stop` nobody calls, a file sent away on
//! a channel) get no fix inside the function that hands the object on, and
//! no Safe fix at all.

use leakscope::check::{check_source, CheckOptions};
use leakscope::fix::Applicability;
use std::path::Path;

/// (fixture, the function that hands the object on).
const TRICKS: &[(&str, &str)] = &[
    (
        "unclosed-resource/leak_file_returned_in_struct.go",
        "openDoc",
    ),
    ("unclosed-resource/leak_conn_sent_on_channel.go", "dial"),
    (
        "forgotten-cancel/leak_cancel_stored_never_called.go",
        "NewPoller",
    ),
    ("forgotten-cancel/ok_cancel_stored_in_field.go", "NewPoller"),
];

#[test]
fn no_fix_releases_what_the_caller_owns() {
    for (path, owner) in TRICKS {
        let full = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/fixtures")
            .join(path);
        let source = std::fs::read_to_string(&full).unwrap();
        let start = source
            .find(&format!("\nfunc {owner}("))
            .unwrap_or_else(|| panic!("{path}: no func {owner}")) as u32;
        let end = start + source[start as usize..].find("\n}\n").unwrap() as u32;
        let report = check_source(path, &source, &CheckOptions::default());
        if path.contains("/leak_") {
            assert!(!report.findings.is_empty(), "{path}: the leak is found");
        }
        for finding in &report.findings {
            for fix in &finding.fixes {
                assert_ne!(
                    fix.applicability,
                    Applicability::Safe,
                    "{path}: {:?} is Safe",
                    fix.title
                );
                assert!(
                    fix.edits.iter().all(|e| e.end <= start || e.start >= end),
                    "{path}: {:?} edits `{owner}`, which hands the object to its caller",
                    fix.title
                );
            }
        }
    }
}
