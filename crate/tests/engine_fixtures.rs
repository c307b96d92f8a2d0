//! Runs every Go file under `testdata/engine/` through `analyze` and checks
//! its verdicts against the `// want "kind"` comments on the reported lines.
//! Anything unexpected or missing fails.

mod support;

use leakscope::api::{analyze, AnalyzeOptions};
use std::collections::BTreeSet;
use std::path::Path;
use support::want;

/// The `// want "kind"` comments: (line, verdict kind), compared exactly.
fn expectations(path: &Path, src: &str) -> BTreeSet<(u32, String)> {
    want::wants(&path.display().to_string(), src)
        .into_iter()
        .map(|w| (w.line, w.text))
        .collect()
}

/// The fixtures' bounds: small per-run budgets keep the suite fast.
fn small_budgets() -> AnalyzeOptions {
    let mut options = AnalyzeOptions::default();
    options.config.max_wall_time_ms = 5_000.0;
    options.config.max_steps_per_run = 200_000;
    options.config.witnesses = false;
    options
}

/// The command line's own bounds (the budgets under test), without
/// witnesses.
fn cli_budgets() -> AnalyzeOptions {
    let mut options = AnalyzeOptions::default();
    options.config.max_wall_time_ms = 30_000.0;
    options.config.witnesses = false;
    options
}

fn check_file(path: &Path, options: &AnalyzeOptions) -> Result<(), String> {
    let src = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let want = expectations(path, &src);
    let analysis = analyze(&src, options);
    let mut got = BTreeSet::new();
    for e in &analysis.entries {
        // A search that finished no run has seen nothing: it is never
        // "exhaustive" (a loop that polls once made every run a cut).
        // `// search: exhaustive` in a fixture: its search must finish.
        if src.contains("// search: exhaustive") && !e.search.exhaustive {
            return Err(format!(
                "{}: entry {} was not searched exhaustively ({} schedules, bounded by {:?})",
                path.display(),
                e.search.name,
                e.search.schedules,
                e.search.bounded_by
            ));
        }
        if e.search.exhaustive && e.search.schedules == 0 {
            return Err(format!(
                "{}: entry {} is exhaustive with 0 schedules",
                path.display(),
                e.search.name
            ));
        }
        for v in &e.verdicts {
            got.insert((v.line, v.kind.as_str().to_string()));
        }
    }
    if got == want {
        return Ok(());
    }
    let missing: Vec<_> = want.difference(&got).collect();
    let unexpected: Vec<_> = got.difference(&want).collect();
    let mut detail = String::new();
    for e in &analysis.entries {
        for v in &e.verdicts {
            detail.push_str(&format!(
                "\n    {}:{} {} {}",
                e.search.name,
                v.line,
                v.kind.as_str(),
                v.message
            ));
        }
    }
    Err(format!(
        "{}: missing {missing:?}, unexpected {unexpected:?}{detail}",
        path.display()
    ))
}

#[test]
fn engine_fixtures() {
    run_dir("testdata/engine", 20, &small_budgets());
}

/// Programs Go runs in milliseconds that need the command line's per-run
/// budgets: a 10,000-goroutine daisy chain, a loop of 100,000 sends.
#[test]
fn budget_fixtures() {
    run_dir("testdata/budgets", 2, &cli_budgets());
}

fn run_dir(dir: &str, at_least: usize, options: &AnalyzeOptions) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    files.sort();
    assert!(files.len() >= at_least, "fixtures present");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| check_file(f, options).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
