//! The command line: `run` prints the program's output exactly and exits
//! 0/3/2; `explore --json` has the shape the oracle harness reads.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_leakscope"))
}

fn fixture(name: &str) -> String {
    format!("{}/testdata/engine/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `leakscope explore FIXTURE --json`, parsed.
fn explore_json(name: &str) -> serde_json::Value {
    let out = bin()
        .args(["explore", &fixture(name), "--json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn run_prints_stdout_and_reports_on_stderr() {
    let out = bin()
        .args(["run", &fixture("timeout_leak.go")])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "timed out\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("leak"));
}

#[test]
fn run_exits_3_on_panic_and_deadlock() {
    let out = bin()
        .args(["run", &fixture("send_on_closed.go")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("panic: send on closed channel\n\ngoroutine 1 [running]:"));
    let out = bin()
        .args(["run", &fixture("waitgroup_missing_done.go")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("fatal error: all goroutines are asleep - deadlock!"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(bin().args(["run"]).output().unwrap().status.code(), Some(2));
    assert_eq!(
        bin()
            .args(["run", "/nonexistent.go"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn explore_json_has_the_documented_shape() {
    let v = explore_json("ncast.go");
    let e = &v["entries"][0];
    assert_eq!(e["name"], "main");
    assert!(e["schedules"].as_u64().unwrap() >= 1);
    assert_eq!(e["exhaustive"], true);
    assert!(e["bounded_by"].is_null());
    assert!(e["elapsed_ms"].is_number());
    let verdict = &e["verdicts"][0];
    assert_eq!(verdict["kind"], "leak");
    assert!(verdict["message"].is_string());
    let g = &verdict["goroutines"][0];
    assert_eq!(g["line"], 9);
    assert_eq!(g["reason"], "chan send");
    assert!(g["id"].is_u64() && g["function"].is_string() && g["column"].is_u64());
    assert!(verdict["witness"]["steps"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
}

#[test]
fn explore_counts_faulty_and_clean_runs_and_keeps_a_clean_witness() {
    let v = explore_json("schedule_dependent.go");
    let e = &v["entries"][0];
    assert_eq!(e["verdicts"][0]["kind"], "leak");
    assert!(e["faulty_schedules"].as_u64().unwrap() >= 1, "{e}");
    assert!(e["clean_schedules"].as_u64().unwrap() >= 1, "{e}");
    let clean = &e["clean_witness"];
    let last = clean["steps"].as_array().unwrap().last().unwrap();
    assert!(
        last["goroutines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["status"] != "blocked"),
        "{last}"
    );
    assert_eq!(clean["output"], "got 1\n");
    // Every run of ncast.go leaks: no clean witness.
    let v = explore_json("ncast.go");
    let e = &v["entries"][0];
    assert_eq!(e["clean_schedules"], 0);
    assert!(e["clean_witness"].is_null());
}
