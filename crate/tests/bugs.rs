//! Blocking bugs shaped like those of large Go projects (issue 13's held-out
//! benchmark cannot run here, so `testdata/bugs/` holds small programs
//! written for this test in the same shapes: a worker pool that returns on
//! the first error, an RPC call with a timeout, a read lock taken twice with
//! a writer waiting, `wg.Add` inside the goroutine, a `Cond.Wait` without a
//! loop, a ticker never stopped, ...). Most are tests (`*_test.go`), as the
//! benchmark's bugs are: real Go builds them with `go test -c` and a
//! `TestMain` that writes the leak profile after the tests.
//!
//! For each program: is every `// want` found (a finding on that line whose
//! `rule: message` matches), does it get a verified fix, and does real Go
//! confirm each verified fix: it compiles, is gofmt-shaped, and in
//! [`RUNS`] runs it ends normally every time (no panic, no deadlock, no hang)
//! with an empty `goroutineleak` profile. A verified fix that real Go
//! refutes fails the test. Real Go must also show that each original is a
//! bug (a leak, a panic, a deadlock in some run), except the resource rules',
//! which leak no goroutine.
//!
//! Without Go the test prints a SKIPPED line and passes, unless
//! `LEAKSCOPE_REQUIRE_GO=1` (set by `make test`).

mod support;

use leakscope::check::{check_source, CheckOptions};
use std::path::{Path, PathBuf};
use support::go_oracle::{self, Oracle, Outcome};
use support::want::{pattern, wants, without_wants};

/// Runs of every program under real Go.
const RUNS: usize = 20;

/// The figures this corpus reaches; the test fails if they drop.
const MIN_FOUND: usize = 30;
const MIN_VERIFIED: usize = 24;

/// Rules whose bug is a resource left open, not a blocked goroutine: real Go
/// shows nothing for them.
const RESOURCE_RULES: &[&str] = &["unclosed-resource", "forgotten-cancel"];

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/bugs");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    out.sort();
    out
}

#[test]
fn bug_shaped_programs_are_found_and_fixed_and_real_go_agrees() {
    let Some(go) =
        go_oracle::go_or_skip("bug_shaped_programs_are_found_and_fixed_and_real_go_agrees")
    else {
        return;
    };
    let gofmt = go_oracle::gofmt(&go).expect("gofmt next to go");
    let oracle = Oracle::new(go);
    let options = CheckOptions::default();
    let programs = programs();
    assert!(programs.len() >= 8, "too few programs: {}", programs.len());
    let originals = oracle.check(&programs, RUNS);
    let mut failures = Vec::new();
    let (mut want_count, mut found, mut verified) = (0, 0, 0);
    // (program, fixed source) for every verified fix.
    let mut fixed_programs: Vec<(String, String, String)> = Vec::new();
    let mut rows = Vec::new();
    for (path, original) in programs.iter().zip(&originals) {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(path).unwrap();
        let report = check_source(&path.display().to_string(), &source, &options);
        let index = leakscope::syntax::LineIndex::new(&source);
        let wants = wants(&name, &source);
        let mut row = format!("{name}:");
        for want in &wants {
            want_count += 1;
            let re = pattern(&want.text);
            let hit = report.findings.iter().find(|f| {
                index.line_col(f.span.start).line == want.line
                    && re.is_match(&format!("{}: {}", f.rule, f.message))
            });
            match hit {
                None => row.push_str(&format!(" line {} not found;", want.line)),
                Some(f) => {
                    found += 1;
                    let fixed = f.fixes.iter().any(|x| x.verified);
                    verified += usize::from(fixed);
                    row.push_str(&format!(
                        " line {} {} {};",
                        want.line,
                        f.rule,
                        if fixed {
                            "verified fix"
                        } else {
                            "no verified fix"
                        }
                    ));
                }
            }
        }
        for f in &report.findings {
            let line = index.line_col(f.span.start).line;
            let expected = wants.iter().any(|w| {
                w.line == line && pattern(&w.text).is_match(&format!("{}: {}", f.rule, f.message))
            });
            if !expected {
                row.push_str(&format!(" unexpected {} at line {line};", f.rule));
            }
            for (j, fix) in f.fixes.iter().enumerate().filter(|(_, x)| x.verified) {
                let text = fix.apply(&source).expect("a verified fix applies");
                // A test file stays one (`go test` builds it).
                let fixed_name = match name.strip_suffix("_test") {
                    Some(base) => format!("{base}_l{line}_x{j}_test"),
                    None => format!("{name}_l{line}_x{j}"),
                };
                fixed_programs.push((fixed_name, fix.title.clone(), text));
            }
        }
        rows.push(row);
        if let Err(err) = &original.binary {
            failures.push(format!("{name}: the original does not compile: {err}"));
            continue;
        }
        let resource = wants
            .iter()
            .all(|w| RESOURCE_RULES.iter().any(|r| w.text.starts_with(r)));
        let buggy = original
            .runs
            .iter()
            .any(|r| r.outcome != Outcome::Normal || !r.leaks.is_empty());
        if !resource && !buggy {
            failures.push(format!(
                "{name}: real Go shows no bug in {RUNS} runs of the original"
            ));
        }
    }
    let sources: Vec<(&str, &str)> = fixed_programs
        .iter()
        .map(|(n, _, s)| (n.as_str(), s.as_str()))
        .collect();
    let reports = oracle.check_sources(&sources, RUNS);
    let mut confirmed = 0;
    for ((name, title, text), report) in fixed_programs.iter().zip(&reports) {
        let mut wrong = Vec::new();
        if !go_oracle::gofmt_clean(&gofmt, &without_wants(text)) {
            wrong.push("not gofmt-shaped".to_string());
        }
        match &report.binary {
            Err(err) => wrong.push(format!("does not compile: {err}")),
            Ok(_) => {
                let ended: Vec<_> = report
                    .runs
                    .iter()
                    .filter(|r| r.outcome != Outcome::Normal)
                    .map(|r| format!("{:?}", r.outcome))
                    .collect();
                if !ended.is_empty() {
                    wrong.push(format!("{} of {RUNS} runs end {:?}", ended.len(), ended[0]));
                }
                let leaked: Vec<_> = report.runs.iter().filter(|r| !r.leaks.is_empty()).collect();
                if !leaked.is_empty() {
                    wrong.push(format!(
                        "{} of {RUNS} runs leak at lines {:?}",
                        leaked.len(),
                        report.leaked_lines()
                    ));
                }
            }
        }
        if wrong.is_empty() {
            confirmed += 1;
        } else {
            failures.push(format!(
                "{name}: verified fix {title:?} refuted by real Go: {}",
                wrong.join("; ")
            ));
        }
    }
    go_oracle::say(&format!(
        "bug-shaped programs: {} programs, {want_count} wants, {found} found, {verified} with a verified fix; {} verified fixes, {confirmed} confirmed by real Go in {RUNS} runs each\n  {}",
        programs.len(),
        fixed_programs.len(),
        rows.join("\n  ")
    ));
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(found >= MIN_FOUND, "found {found} < {MIN_FOUND}");
    assert!(
        verified >= MIN_VERIFIED,
        "verified {verified} < {MIN_VERIFIED}"
    );
}
