//! `leakscope check DIR`: a folder is one program as `go test` builds it
//! (the package, its tests, the external test package), findings are
//! reported at the real file and line, build constraints and `testdata/`
//! leave files out, and the entry budget is per package and said.

use std::process::{Command, Output};

fn leakscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leakscope"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn packages(path: &str) -> String {
    format!("{}/testdata/packages/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = leakscope(&all);
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), value)
}

fn file_names(program: &serde_json::Value) -> Vec<String> {
    program["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f.as_str().unwrap();
            path.rsplit('/').next().unwrap().to_string()
        })
        .collect()
}

/// The shape seen in the wild: a test hands a callback to `Submit` in
/// another file of the package. Run as one program, `Submit` starts the
/// goroutine that calls `wg.Done()`, and the test finishes.
#[test]
fn a_test_calling_into_another_file_runs_that_code() {
    let (code, v) = json(&[&packages("pool")]);
    assert_eq!(code, Some(0), "{v:#}");
    let programs = v["files"].as_array().unwrap();
    assert_eq!(programs.len(), 1, "{v:#}");
    let program = &programs[0];
    // The package's file first, then its test; what go leaves out is out.
    assert_eq!(file_names(program), ["pool.go", "pool_test.go"]);
    assert_eq!(program["findings"].as_array().unwrap().len(), 0, "{v:#}");
    let entries = program["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{v:#}");
    assert_eq!(entries[0]["name"], "TestSubmit");
    assert_eq!(entries[0]["exhaustive"], true);
}

/// The external test package calls `workers.Submit`: the same function of
/// the same program.
#[test]
fn the_external_test_package_calls_into_the_package() {
    let (code, v) = json(&[&packages("workers")]);
    assert_eq!(code, Some(0), "{v:#}");
    let program = &v["files"][0];
    assert_eq!(file_names(program), ["workers.go", "workers_test.go"]);
    assert_eq!(program["findings"].as_array().unwrap().len(), 0, "{v:#}");
    assert_eq!(program["entries"][0]["name"], "TestSubmit");
    assert_eq!(program["entries"][0]["exhaustive"], true);
}

/// A leak in `lookup.go` found from a test in `lookup_test.go` is reported
/// at `lookup.go`'s line, in text, JSON and SARIF alike.
#[test]
fn findings_are_reported_at_the_real_file_and_line() {
    let dir = packages("lookup");
    let (code, v) = json(&[&dir]);
    assert_eq!(code, Some(1), "{v:#}");
    let program = &v["files"][0];
    assert_eq!(program["path"], dir.as_str());
    let findings = program["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v:#}");
    let f = &findings[0];
    assert_eq!(f["path"], format!("{dir}/lookup.go"));
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(9), Some(3))
    );
    assert_eq!(f["entry"], "TestCached");
    for label in f["labels"].as_array().unwrap() {
        assert_eq!(label["path"], format!("{dir}/lookup.go"), "{label}");
    }
    let out = leakscope(&["check", &dir]);
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("{dir}/lookup.go:9:3: ")),
        "{text}"
    );
    let out = leakscope(&["check", "--format", "sarif", &dir]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        format!("{dir}/lookup.go")
    );
    assert_eq!(location["region"]["startLine"], 9);
}

/// `sema.go` declares its semaphore functions without a body, as package
/// `sync` does (the runtime provides them). A run through them is not judged:
/// `TestGate`, which would otherwise read `v` before the goroutine sets it and
/// panic, is silent, while `TestLeak` in the same package is still reported.
#[test]
fn a_run_through_a_function_without_a_body_is_not_judged() {
    let (code, v) = json(&[&packages("sema")]);
    assert_eq!(code, Some(1), "{v:#}");
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let entries: Vec<&str> = findings
        .iter()
        .map(|f| f["entry"].as_str().unwrap())
        .collect();
    assert_eq!(entries, ["TestLeak"], "{v:#}");
    assert_eq!(findings[0]["line"], 23, "{v:#}");
}

/// Folders are walked as separate packages (`DIR` and `DIR/...` alike);
/// `testdata/`, `//go:build ignore` and `_windows` files stay out, and
/// `--exclude` leaves out more.
#[test]
fn walking_skips_what_go_leaves_out_and_what_is_excluded() {
    let root = packages("");
    let root = root.trim_end_matches('/');
    for arg in [root.to_string(), format!("{root}/...")] {
        let (_, v) = json(&[&arg]);
        let programs: Vec<Vec<String>> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(file_names)
            .collect();
        assert_eq!(
            programs,
            [
                vec!["lookup.go", "lookup_test.go"],
                vec!["pool.go", "pool_test.go"],
                vec!["sema.go", "sema_test.go"],
                vec!["workers.go", "workers_test.go"],
            ],
            "{arg}"
        );
    }
    let (code, v) = json(&["--exclude", "lookup", "--exclude", "*_test.go", root]);
    assert_eq!(code, Some(0), "{v:#}");
    let programs: Vec<Vec<String>> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(file_names)
        .collect();
    assert_eq!(
        programs,
        [vec!["pool.go"], vec!["sema.go"], vec!["workers.go"]]
    );
    // A file named on the command line is read whatever its constraints,
    // as `go run ignored.go` does.
    let (code, v) = json(&[&packages("pool/ignored.go")]);
    assert_eq!(code, Some(1), "{v:#}");
}

/// The entry budget is per package, tests first, and the text output says
/// what it left out.
#[test]
fn the_entry_budget_is_per_package_and_said() {
    let dir = std::env::temp_dir().join(format!("leakscope-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("lib.go"),
        "package lib\n\nfunc Helper() {}\n\nfunc Other() {}\n",
    )
    .unwrap();
    let mut tests = String::from("package lib\n\nimport \"testing\"\n");
    for i in 0..3 {
        tests.push_str(&format!("\nfunc Test{i}(t *testing.T) {{ Helper() }}\n"));
    }
    std::fs::write(dir.join("lib_test.go"), tests).unwrap();
    let path = dir.to_str().unwrap();
    let (_, v) = json(&["--max-entries", "2", "--all-functions", path]);
    let program = &v["files"][0];
    let names: Vec<&str> = program["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Test0", "Test1"]);
    assert_eq!(program["entries_skipped"], 3);
    assert_eq!(program["max_entries"], 2);
    let out = leakscope(&["check", "--max-entries", "2", "--all-functions", path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "{path}: note: 3 of 5 function(s) were not analyzed as entries: the budget is 2 per package"
        )),
        "{text}"
    );
    assert_eq!(
        leakscope(&["check", "--max-entries", "0", path])
            .status
            .code(),
        Some(2)
    );
}

/// `fix --write` on a package writes each edit into the file it belongs to.
#[test]
fn fix_writes_the_edits_into_their_own_files() {
    let dir = std::env::temp_dir().join(format!("leakscope-fixpkg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["lookup.go", "lookup_test.go"] {
        std::fs::copy(packages(&format!("lookup/{name}")), dir.join(name)).unwrap();
    }
    let test_before = std::fs::read_to_string(dir.join("lookup_test.go")).unwrap();
    let out = leakscope(&["fix", "--write", "--unsafe-fixes", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fixed = std::fs::read_to_string(dir.join("lookup.go")).unwrap();
    assert!(fixed.contains("\terrc := make(chan error, 1)\n"), "{fixed}");
    assert_eq!(
        std::fs::read_to_string(dir.join("lookup_test.go")).unwrap(),
        test_before
    );
    let (code, v) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{v:#}");
}
