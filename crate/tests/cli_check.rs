//! The command-line contract of parse, check, fix and rules: exit codes and output shapes.

use std::process::Command;

fn leakscope(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_leakscope"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn testdata(path: &str) -> String {
    format!("{}/testdata/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(leakscope(&[]).status.code(), Some(2));
    assert_eq!(leakscope(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(leakscope(&["check"]).status.code(), Some(2));
    assert_eq!(
        leakscope(&["check", "--format", "xml", "x.go"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        leakscope(&["fix", "x.go", "--rule", "no-such-rule"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn unreadable_input_exits_with_2() {
    let out = leakscope(&["check", "/nonexistent/dir/x.go"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    assert_eq!(
        leakscope(&["parse", "/nonexistent.go"]).status.code(),
        Some(2)
    );
}

#[test]
fn parse_json_lists_go_statements_and_errors() {
    let dir = std::env::temp_dir().join(format!("leakscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.go");
    std::fs::write(
        &file,
        "package main\nfunc main() {\n\tgo a()\n\tgo b()\n\tx := \n}\n",
    )
    .unwrap();
    let out = leakscope(&["parse", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["go_statements"].as_array().unwrap().len(), 2);
    assert_eq!(value["go_statements"][0]["line"], 3);
    assert!(!value["syntax_errors"].as_array().unwrap().is_empty());
}

#[test]
fn check_json_has_the_documented_shape() {
    let out = leakscope(&[
        "check",
        "--format",
        "json",
        &testdata("rules/premature-return.go"),
    ]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["version"], 1);
    let file = &value["files"][0];
    for key in ["path", "syntax_errors", "entries", "findings"] {
        assert!(file.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn rules_lists_the_catalogue() {
    let out = leakscope(&["rules"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("premature-return") && text.contains("nil-channel"));
    let one = leakscope(&["rules", "timeout-leak"]);
    assert!(String::from_utf8_lossy(&one.stdout).contains("How to fix it"));
}

/// The source without its `// want` comments (the goldens have none).
fn without_wants(source: &str) -> String {
    source
        .lines()
        .map(|l| l.find(" // want ").map_or(l, |at| &l[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `fix --write` applies verified safe fixes; fixes that change behaviour
/// need `--unsafe-fixes`. Both give the rule example's golden source.
#[test]
fn fix_write_applies_safe_fixes_and_unsafe_ones_only_when_asked() {
    let dir = std::env::temp_dir().join(format!("leakscope-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // unclosed-resource's fix (`defer ticker.Stop()`) is safe.
    let safe = dir.join("unclosed-resource.go");
    std::fs::copy(testdata("rules/unclosed-resource.go"), &safe).unwrap();
    let out = leakscope(&["fix", safe.to_str().unwrap(), "--write"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        without_wants(&std::fs::read_to_string(&safe).unwrap()),
        without_wants(
            &std::fs::read_to_string(testdata("rules/unclosed-resource.go.golden")).unwrap()
        )
    );
    // premature-return's (a buffer of 1) changes when the sender finishes.
    let unsafe_fix = dir.join("premature-return.go");
    let original = std::fs::read_to_string(testdata("rules/premature-return.go")).unwrap();
    std::fs::write(&unsafe_fix, &original).unwrap();
    let out = leakscope(&["fix", unsafe_fix.to_str().unwrap(), "--write"]);
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--unsafe-fixes"));
    assert_eq!(std::fs::read_to_string(&unsafe_fix).unwrap(), original);
    let out = leakscope(&[
        "fix",
        unsafe_fix.to_str().unwrap(),
        "--write",
        "--unsafe-fixes",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        without_wants(&std::fs::read_to_string(&unsafe_fix).unwrap()),
        without_wants(
            &std::fs::read_to_string(testdata("rules/premature-return.go.golden")).unwrap()
        )
    );
}

/// Functions past the entry limit are not silently dropped: the JSON counts
/// them and the console says so.
#[test]
fn functions_past_the_entry_limit_are_reported() {
    let dir = std::env::temp_dir().join(format!("leakscope-entries-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("many.go");
    let mut source = String::from("package lib\n");
    for i in 0..40 {
        source.push_str(&format!("\nfunc f{i}(ch chan int) {{\n\tch <- {i}\n}}\n"));
    }
    std::fs::write(&file, source).unwrap();
    let out = leakscope(&["check", "--format", "json", file.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &v["files"][0];
    let analyzed = report["entries"].as_array().unwrap().len() as u64;
    assert_eq!(analyzed + report["entries_skipped"].as_u64().unwrap(), 40);
    assert!(report["entries_skipped"].as_u64().unwrap() > 0);
    let out = leakscope(&["check", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("were not analyzed as entries"));
}
