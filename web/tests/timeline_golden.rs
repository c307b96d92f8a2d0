//! The engine's own account of the premature-return example's witness, step
//! by step: each goroutine's status, wait reason and line, straight from the
//! engine's snapshots (not from the page's conversion of them). The browser
//! test `timeline.spec.js` steps through the page's timeline and checks every
//! lane against this golden file; this test keeps the file equal to what the
//! engine says today, so the two cannot drift apart silently.
//!
//! After an intended change of the engine's witnesses, regenerate it with
//! `LEAKSCOPE_BLESS=1 cargo test -p leakscope-web --test timeline_golden`.
#![cfg(not(target_arch = "wasm32"))]

use leakscope::api::{analyze, AnalyzeOptions};
use leakscope::syntax::LineIndex;
use serde_json::{json, Value};

const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/golden/premature-return.timeline.json"
);

/// The text the browser test opens: the rule example without its test marker.
fn source() -> String {
    include_str!("../../crate/testdata/rules/premature-return.go")
        .replace(" // want \"premature-return\"", "")
}

fn engine_account(source: &str) -> Value {
    // The page's worker analyzes with the browser's budget.
    let analysis = analyze(source, &AnalyzeOptions::browser());
    let lines = LineIndex::new(source);
    let line = |offset: u32| lines.line_col(offset).line;
    assert_eq!(analysis.entries.len(), 1, "one entry: main");
    let entry = &analysis.entries[0];
    assert_eq!(entry.verdicts.len(), 1, "one finding: the stranded sender");
    let verdict = &entry.verdicts[0];
    let steps: Vec<Value> = verdict
        .witness
        .steps
        .iter()
        .map(|step| {
            let goroutines: Vec<Value> = step
                .goroutines
                .iter()
                .map(|g| {
                    json!({
                        "id": g.id,
                        "status": g.status,
                        "reason": g.reason.map(|r| r.go_name()),
                        "line": line(g.span.start),
                    })
                })
                .collect();
            json!({
                "actor": step.actor,
                "event": step.event,
                "goroutines": goroutines,
            })
        })
        .collect();
    json!({
        "source": "crate/testdata/rules/premature-return.go without its want comment",
        "entry": entry.search.name,
        "kind": verdict.kind,
        "line": verdict.line,
        "leaked": verdict.goroutines.iter().map(|g| g.id).collect::<Vec<_>>(),
        "steps": steps,
    })
}

#[test]
fn the_golden_timeline_is_what_the_engine_says() {
    let now = serde_json::to_string_pretty(&engine_account(&source())).unwrap() + "\n";
    if std::env::var_os("LEAKSCOPE_BLESS").is_some() {
        std::fs::write(GOLDEN, &now).expect("write the golden file");
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN).unwrap_or_default();
    assert!(
        golden == now,
        "{GOLDEN} differs from the engine's snapshots; if the change is intended, run \
         LEAKSCOPE_BLESS=1 cargo test -p leakscope-web --test timeline_golden\n\
         engine now:\n{now}"
    );
}
