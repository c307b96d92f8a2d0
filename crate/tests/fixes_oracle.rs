//! Real Go judges leakscope's fixes (issues 4 and 13): every verified fix of
//! every compiling fixture is applied on its own (and the first verified fix
//! of every finding together), built with Go 1.27 and run; the fixed program
//! must be gofmt-shaped, compile, end normally and show no leak at the lines
//! it fixed in Go's `goroutineleak` profile, and an empty profile when every
//! finding was fixed. Where the fix is `safe` and the original's output is
//! deterministic, the fixed program prints the same.
//!
//! Without Go the test prints a SKIPPED line and passes, unless
//! `LEAKSCOPE_REQUIRE_GO=1` (set by `make test`).

mod support;

use leakscope::check::{
    apply_first_verified_fixes, check_source, choose_verified_fixes, map_back, CheckOptions,
};
use leakscope::fix::Applicability;
use std::path::{Path, PathBuf};
use support::go_oracle::{self, Oracle, Outcome};
use support::want::without_wants;

fn compiling_programs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = Vec::new();
    let mut stack = vec![
        root.join("rules"),
        root.join("fixtures"),
        root.join("programs"),
        root.join("bugs"),
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

/// One program for real Go to judge: a fixture with one verified fix
/// applied, or with the first verified fix of every finding.
struct Case {
    /// A unique name for the fixed program.
    name: String,
    original: PathBuf,
    fixed: String,
    /// Lines of the fixed source where the fixed findings were.
    lines: Vec<u32>,
    /// Every finding of the program is fixed: the leak profile must be empty.
    all_fixed: bool,
    /// Every applied fix is Safe: the output must stay the same.
    all_safe: bool,
}

/// The lines of `fixed` whose offsets map back to the start of one of the
/// fixed findings.
fn fixed_lines(fixed: &str, edits: &[leakscope::fix::Edit], starts: &[u32]) -> Vec<u32> {
    let index = leakscope::syntax::LineIndex::new(fixed);
    let mut lines = Vec::new();
    for offset in 0..fixed.len() as u32 {
        if starts.contains(&map_back(offset, edits)) {
            lines.push(index.line_col(offset).line);
        }
    }
    lines.dedup();
    lines
}

#[test]
fn fixed_programs_pass_real_go() {
    let Some(go) = go_oracle::go_or_skip("fixed_programs_pass_real_go") else {
        return;
    };
    let gofmt = go_oracle::gofmt(&go).expect("gofmt next to go");
    let oracle = Oracle::new(go);
    let options = CheckOptions::default();
    let mut cases: Vec<Case> = Vec::new();
    let mut failures = Vec::new();
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
        let stem = path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_");
        let formatted = go_oracle::gofmt_clean(&gofmt, &without_wants(&source));
        // Every verified fix on its own.
        for (i, finding) in report.findings.iter().enumerate() {
            for (j, fix) in finding.fixes.iter().enumerate().filter(|(_, x)| x.verified) {
                let fixed = fix.apply(&source).expect("a verified fix applies");
                if formatted && !go_oracle::gofmt_clean(&gofmt, &without_wants(&fixed)) {
                    failures.push(format!(
                        "{}: fix {:?} is not gofmt-shaped",
                        path.display(),
                        fix.title
                    ));
                }
                cases.push(Case {
                    name: format!("{stem}_f{i}_x{j}"),
                    original: path.clone(),
                    lines: fixed_lines(&fixed, &fix.edits, &[finding.span.start]),
                    fixed,
                    all_fixed: report.findings.len() == 1,
                    all_safe: fix.applicability == Applicability::Safe,
                });
            }
        }
        // The first verified fix of every finding, together (those whose
        // edits do not overlap a fix already chosen, as `fix` applies them).
        let chosen = choose_verified_fixes(&report.findings, None, true);
        if chosen.len() > 1 {
            let fixed = apply_first_verified_fixes(&source, &report.findings, None)
                .expect("verified fixes apply");
            let edits: Vec<_> = chosen
                .iter()
                .flat_map(|(_, x)| x.edits.iter().cloned())
                .collect();
            let starts: Vec<u32> = chosen.iter().map(|(f, _)| f.span.start).collect();
            cases.push(Case {
                name: format!("{stem}_all"),
                original: path.clone(),
                lines: fixed_lines(&fixed, &edits, &starts),
                fixed,
                all_fixed: chosen.len() == report.findings.len(),
                all_safe: chosen
                    .iter()
                    .all(|(_, x)| x.applicability == Applicability::Safe),
            });
        }
    }
    assert!(
        cases.len() >= 10,
        "too few fixed programs to judge: {}",
        cases.len()
    );
    let sources: Vec<(&str, &str)> = cases
        .iter()
        .map(|c| (c.name.as_str(), c.fixed.as_str()))
        .collect();
    let runs = go_oracle::runs_per_program().min(3);
    let fixed_reports = oracle.check_sources(&sources, runs);
    let mut originals: Vec<PathBuf> = cases.iter().map(|c| c.original.clone()).collect();
    originals.dedup();
    let original_reports = oracle.check(&originals, runs);
    let original_of = |path: &PathBuf| {
        let i = originals.iter().position(|p| p == path).unwrap();
        &original_reports[i]
    };
    let mut same_output = 0;
    let mut changed_output = Vec::new();
    for (case, fixed) in cases.iter().zip(&fixed_reports) {
        let name = &case.name;
        let original = original_of(&case.original);
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
        if case.all_fixed && !leaked.is_empty() {
            failures.push(format!(
                "{name}: Go still reports leaks at lines {leaked:?} after every finding was fixed"
            ));
        }
        for line in &case.lines {
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
            } else if case.all_safe {
                failures.push(format!("{name}: a safe fix changed the output"));
            } else {
                changed_output.push(name.clone());
            }
        }
    }
    go_oracle::say(&format!(
        "fixes vs real Go: {} fixed programs ({} fixtures), {} print the same output, {} changed it by an unsafe fix ({})",
        cases.len(),
        originals.len(),
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
