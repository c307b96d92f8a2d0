//! The command-line contract of parse, check, fix and rules: exit codes and output shapes.

mod support;

use std::process::Command;
use support::want::without_wants;

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

/// Each finding says the calling context it was found in: a real entry
/// (`main`, a test: inputs known) or a function run in a model of its
/// unknown callers; in the JSON, in the SARIF result's properties, and as a
/// short `in:` line of the text.
#[test]
fn findings_say_their_calling_context() {
    let cases = [
        ("rules/premature-return.go", "main", "`main`"),
        (
            "fixtures/range-without-close/leak_fake_server_test.go",
            "test",
            "test `Test",
        ),
        (
            "fixtures/forgotten-cancel/leak_sloppy_query.go",
            "function",
            "run in a model of its unknown callers",
        ),
    ];
    for (path, kind, words) in cases {
        let path = testdata(path);
        let out = leakscope(&["check", "--format", "json", &path]);
        assert_eq!(out.status.code(), Some(1), "{path}: {out:?}");
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let finding = &value["files"][0]["findings"][0];
        let context = &finding["context"];
        assert_eq!(context["kind"], kind, "{path}: {finding:#}");
        assert_eq!(context["entry"], finding["entry"], "{path}: {finding:#}");
        let description = context["description"].as_str().unwrap();
        assert!(description.contains(words), "{path}: {description}");
        assert!(
            description.contains(&format!("`{}`", finding["entry"].as_str().unwrap())),
            "{path}: {description}"
        );
        let out = leakscope(&["check", "--format", "sarif", &path]);
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            sarif["runs"][0]["results"][0]["properties"]["context"], *context,
            "{path}"
        );
        let out = leakscope(&["check", &path]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.lines().any(|l| l == format!("    in: {description}")),
            "{path}: {text}"
        );
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
    // The text report itself says so (it was only a line on stderr).
    let out = leakscope(&["check", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("were not analyzed as entries"));
}

/// Every command has `--help` (exit 0, on stdout), and so does `help
/// COMMAND`; `--version` says the version; no command prints an error twice.
#[test]
fn every_command_has_help_and_the_tool_a_version() {
    for command in ["check", "fix", "run", "explore", "rules", "parse"] {
        for args in [vec![command, "--help"], vec!["help", command]] {
            let out = leakscope(&args);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains(&format!("Usage: leakscope {command}")),
                "{args:?}: {text}"
            );
        }
    }
    let check = leakscope(&["check", "--help"]);
    let text = String::from_utf8_lossy(&check.stdout);
    for flag in [
        "--format",
        "--jobs",
        "--quiet",
        "--exclude",
        "--max-entries",
        "Exit status",
    ] {
        assert!(text.contains(flag), "check --help lacks {flag}: {text}");
    }
    let out = leakscope(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Commands:"));
    let out = leakscope(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("leakscope {}", env!("CARGO_PKG_VERSION"))
    );
    let out = leakscope(&["check", "--frobnicate", "x.go"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("--frobnicate").count(), 1, "{err}");
    assert_eq!(leakscope(&["help"]).status.code(), Some(0));
}

/// Control characters in the source (NUL bytes in a syntax error's
/// snippet) are escaped: the text report is one line per diagnostic, and
/// grep reads it as text.
#[test]
fn control_characters_are_escaped_in_the_text_output() {
    let dir = std::env::temp_dir().join(format!("leakscope-nul-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("nul.go");
    let mut source = b"package main\n\nfunc main() {\n\tx := \x00\x00\x1b[31m\x00\n".to_vec();
    source.extend(std::iter::repeat_n(0u8, 65_536));
    source.extend(b"\n}\n");
    std::fs::write(&file, source).unwrap();
    let out = leakscope(&["check", file.to_str().unwrap()]);
    assert!(!out.stdout.is_empty());
    assert!(
        out.stdout.iter().all(|&b| b == b'\n' || b >= 0x20),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines() {
        assert!(
            line.starts_with(file.to_str().unwrap()) || line.starts_with("    "),
            "{line}"
        );
    }
    assert!(text.contains("\\u{0}"), "{text}");
}

/// `--quiet` leaves stderr empty on a clean run; the progress bar is never
/// drawn into a pipe, even when asked to show at once.
#[test]
fn quiet_runs_and_pipes_get_no_summary_or_progress() {
    let clean = testdata("correct");
    let out = Command::new(env!("CARGO_BIN_EXE_leakscope"))
        .args(["check", "--quiet", "--jobs", "2", &clean])
        .env("LEAKSCOPE_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_leakscope"))
        .args([
            "check",
            "--jobs",
            "1",
            &testdata("rules/premature-return.go"),
        ])
        .env("LEAKSCOPE_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\r') && !err.contains('\x1b'), "{err:?}");
    assert!(err.contains("1 finding(s)"), "{err}");
}

/// On a terminal (a pseudo-terminal from `script`), the bar is drawn on
/// stderr once the run is longer than the delay (here 0 ms).
#[test]
fn the_progress_bar_shows_on_a_terminal() {
    let Ok(script) = which("script") else {
        panic!("`script` (util-linux) is needed to give the CLI a terminal");
    };
    let command = format!(
        "LEAKSCOPE_PROGRESS_AFTER_MS=0 {} check --jobs 1 {} >/dev/null",
        env!("CARGO_BIN_EXE_leakscope"),
        testdata("rules")
    );
    let out = Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("programs"), "{screen:?}");
    // `--quiet` draws nothing, even on a terminal.
    let out = Command::new(which("script").unwrap())
        .args([
            "-qec",
            &command.replace(" check ", " check --quiet "),
            "/dev/null",
        ])
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(!screen.contains("programs"), "{screen:?}");
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
        .ok_or(())
}

/// The SARIF report validates against the SARIF 2.1.0 JSON schema, which
/// the npm package `@microsoft/jest-sarif` ships (a dev dependency in
/// package.json, so `npm ci` installs it). `LEAKSCOPE_SARIF_SCHEMA` names
/// another copy. Without it the test says SKIPPED, unless
/// `LEAKSCOPE_REQUIRE_SARIF_SCHEMA=1` (set by `make test`) makes it fail.
#[test]
fn sarif_output_validates_against_the_sarif_schema() {
    let path = std::env::var_os("LEAKSCOPE_SARIF_SCHEMA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json")
        });
    let Ok(schema) = std::fs::read_to_string(&path) else {
        if std::env::var("LEAKSCOPE_REQUIRE_SARIF_SCHEMA").is_ok_and(|v| v == "1") {
            panic!(
                "the SARIF schema is required but not at {}: run npm ci",
                path.display()
            );
        }
        eprintln!(
            "SKIPPED: no SARIF schema at {} (run npm ci)",
            path.display()
        );
        return;
    };
    let mut schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    // An erratum of rtm.5: the `language` patterns (of `run` and
    // `toolComponent`) have a stray `]`, which the meta-schema's
    // `format: regex` rejects; later SARIF schemas spell them so.
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
    }
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    // Findings with labels and verified fixes, and a package of two files.
    let out = leakscope(&[
        "check",
        "--format",
        "sarif",
        &testdata("rules"),
        &testdata("packages/lookup"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 5, "{sarif:#}");
    assert!(results
        .iter()
        .any(|r| !r["fixes"].as_array().unwrap().is_empty()));
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject what breaks the schema.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}
