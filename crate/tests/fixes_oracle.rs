//! Real Go judges leakscope's fixes (issue 4): every program that leakscope
//! fixes is built with Go 1.27 and run; the fixed program must compile, end
//! normally and show no leak at the lines it fixed in Go's `goroutineleak`
//! profile, and an empty profile when every finding had a verified fix. Where
//! the fix is `safe` and the original's output is deterministic, the fixed
//! program prints the same.
//!
//! Without Go the test prints a SKIPPED line and passes, unless
//! `LEAKSCOPE_REQUIRE_GO=1` (set by `make test`).

mod support;

use leakscope::check::{apply_first_verified_fixes, check_source, map_back, CheckOptions};
use leakscope::fix::Applicability;
use std::path::{Path, PathBuf};
use support::go_oracle::{self, Oracle, Outcome};

fn compiling_programs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = Vec::new();
    let mut stack = vec![
        root.join("rules"),
        root.join("fixtures"),
        root.join("programs"),
    ];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "go")
                && !path.to_string_lossy().ends_with("_test.go")
            {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                let is_main =
                    source.starts_with("package main") || source.contains("\npackage main\n");
                if is_main && source.contains("\nfunc main() {") {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fixed_programs_pass_real_go() {
    let Some(go) = go_oracle::go_or_skip("fixed_programs_pass_real_go") else {
        return;
    };
    let oracle = Oracle::new(go);
    let options = CheckOptions::default();
    // (name, original path, fixed source, lines fixed in the fixed source, all fixed, all safe)
    let mut cases: Vec<(String, PathBuf, String, Vec<u32>, bool, bool)> = Vec::new();
    for path in compiling_programs() {
        let source = std::fs::read_to_string(&path).unwrap();
        let report = check_source(&path.display().to_string(), &source, &options);
        let fixed_findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.fixes.iter().any(|x| x.verified))
            .collect();
        if fixed_findings.is_empty() {
            continue;
        }
        let fixed = apply_first_verified_fixes(&source, &report.findings, None)
            .expect("verified fixes apply");
        let edits: Vec<_> = fixed_findings
            .iter()
            .filter_map(|f| f.fixes.iter().find(|x| x.verified))
            .flat_map(|x| x.edits.iter().cloned())
            .collect();
        // The fixed lines, found again in the fixed source's coordinates.
        let fixed_lines = leakscope::syntax::LineIndex::new(&fixed);
        let mut lines = Vec::new();
        for offset in 0..fixed.len() as u32 {
            let back = map_back(offset, &edits);
            if fixed_findings.iter().any(|f| f.span.start == back) {
                lines.push(fixed_lines.line_col(offset).line);
            }
        }
        lines.dedup();
        let all_fixed = fixed_findings.len() == report.findings.len();
        let all_safe = fixed_findings.iter().all(|f| {
            f.fixes
                .iter()
                .find(|x| x.verified)
                .is_some_and(|x| x.applicability == Applicability::Safe)
        });
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        cases.push((name, path, fixed, lines, all_fixed, all_safe));
    }
    assert!(
        cases.len() >= 10,
        "too few fixed programs to judge: {}",
        cases.len()
    );
    let sources: Vec<(&str, &str)> = cases.iter().map(|c| (c.0.as_str(), c.2.as_str())).collect();
    let runs = go_oracle::runs_per_program().min(3);
    let fixed_reports = oracle.check_sources(&sources, runs);
    let originals: Vec<PathBuf> = cases.iter().map(|c| c.1.clone()).collect();
    let original_reports = oracle.check(&originals, runs);
    let mut failures = Vec::new();
    let mut same_output = 0;
    let mut changed_output = Vec::new();
    for ((case, fixed), original) in cases.iter().zip(&fixed_reports).zip(&original_reports) {
        let (name, _, _, lines, all_fixed, all_safe) = case;
        if let Err(err) = &fixed.binary {
            failures.push(format!("{name}: the fixed program does not compile: {err}"));
            continue;
        }
        for run in &fixed.runs {
            if run.outcome != Outcome::Normal
                && original.runs.iter().all(|r| r.outcome == Outcome::Normal)
            {
                failures.push(format!("{name}: the fixed program ends {:?}", run.outcome));
            }
        }
        let leaked = fixed.leaked_lines();
        if *all_fixed && !leaked.is_empty() {
            failures.push(format!(
                "{name}: Go still reports leaks at lines {leaked:?} after every finding was fixed"
            ));
        }
        for line in lines {
            if leaked.contains(line) {
                failures.push(format!(
                    "{name}: Go still reports a leak at fixed line {line}"
                ));
            }
        }
        let deterministic =
            original.stdout_stable() && original.runs.iter().all(|r| r.outcome == Outcome::Normal);
        if deterministic && fixed.stdout_stable() {
            if fixed.runs[0].stdout == original.runs[0].stdout {
                same_output += 1;
            } else if *all_safe {
                failures.push(format!("{name}: a safe fix changed the output"));
            } else {
                changed_output.push(name.clone());
            }
        }
    }
    go_oracle::say(&format!(
        "fixes vs real Go: {} fixed programs, {} print the same output, {} changed it by an unsafe fix ({})",
        cases.len(),
        same_output,
        changed_output.len(),
        changed_output.join(", ")
    ));
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
