//! The data-driven fixture test, in the convention of Go's analysistest.
//!
//! Every `.go` file under `testdata/rules`, `testdata/fixtures` and
//! `testdata/correct` is checked. A `// want "REGEXP"` comment on a line means a
//! finding must be reported on that line whose `rule: message` matches the
//! pattern; a finding on a line without a matching want fails the test, and so
//! does a want that nothing matched. Where `X.go.golden` exists, applying the
//! first verified fix of every finding to `X.go` must give exactly the golden
//! source.

mod support;

use leakscope::check::{apply_first_verified_fixes, check_source, CheckOptions};
use std::path::{Path, PathBuf};
use support::want::{self, without_wants};

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            go_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "go") {
            out.push(path);
        }
    }
}

#[test]
fn want_comments_and_goldens() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut files = Vec::new();
    for dir in ["rules", "fixtures", "correct"] {
        go_files(&root.join(dir), &mut files);
    }
    assert!(
        files.len() >= 13,
        "fixtures not found under {}",
        root.display()
    );
    let options = CheckOptions::default();
    let mut failures = Vec::new();
    let mut checked_goldens = 0;
    for path in &files {
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        let source = std::fs::read_to_string(path).unwrap();
        let report = check_source(&name, &source, &options);
        let lines = leakscope::syntax::LineIndex::new(&source);
        let mut found: Vec<(u32, String)> = report
            .findings
            .iter()
            .map(|f| {
                (
                    lines.line_col(f.span.start).line,
                    format!("{}: {}", f.rule, f.message),
                )
            })
            .collect();
        for want::Want {
            line,
            text: pattern,
        } in want::wants(&name, &source)
        {
            let regex = want::pattern(&pattern);
            match found
                .iter()
                .position(|(l, text)| *l == line && regex.is_match(text))
            {
                Some(i) => {
                    found.remove(i);
                }
                None => failures.push(format!(
                    "{name}:{line}: no finding matched want \"{pattern}\""
                )),
            }
        }
        for (line, text) in found {
            failures.push(format!("{name}:{line}: unexpected finding: {text}"));
        }
        let golden = path.with_extension("go.golden");
        if golden.exists() {
            checked_goldens += 1;
            let expected = std::fs::read_to_string(&golden).unwrap();
            match apply_first_verified_fixes(&source, &report.findings, None)
                .map(|f| without_wants(&f))
            {
                Ok(fixed) if fixed == expected => {}
                Ok(fixed) => failures.push(format!(
                    "{name}: fixed source differs from {}:\n{}",
                    golden.display(),
                    leakscope::fix::unified_diff(&name, &expected, &fixed)
                )),
                Err(err) => failures.push(format!("{name}: fixes do not apply: {err}")),
            }
        }
    }
    println!("{} fixture files, {} goldens", files.len(), checked_goldens);
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Wants are regular expressions searched in `rule: message`.
#[test]
fn want_patterns_are_regular_expressions() {
    let matches = |pattern: &str, text: &str| want::pattern(pattern).is_match(text);
    assert!(matches(
        "premature-return",
        "premature-return: the send blocks"
    ));
    assert!(matches(
        "^lock-leak: .*return",
        "lock-leak: mutex not released on return"
    ));
    assert!(!matches("^leak$", "leak: x"));
    assert!(matches("a|b", "xbx"));
    assert!(matches("x.y", "xzy"));
    assert!(!matches("x\\.y", "xzy"));
    assert!(matches(
        "blocked forever itself \\(line 29\\)",
        "is blocked forever itself (line 29)"
    ));
    assert!(matches("a.b", "a\nb"), "a message may span lines");
}

/// Wants are read the same way by every test: several per comment, and a
/// malformed one is an error, not an expectation dropped.
#[test]
fn want_comments_are_read_one_way() {
    let source = "package p\nfunc f() { // want \"a\" \"b|c\"\n}\nx // want nothing quoted\ny // want \"open\n";
    let parsed = want::parse(source);
    assert_eq!(
        parsed.wants,
        vec![
            want::Want {
                line: 2,
                text: "a".into()
            },
            want::Want {
                line: 2,
                text: "b|c".into()
            },
        ]
    );
    assert_eq!(parsed.malformed.len(), 2, "{:?}", parsed.malformed);
    assert_eq!(
        without_wants(source),
        "package p\nfunc f() {\n}\nx // want nothing quoted\ny\n"
    );
}
