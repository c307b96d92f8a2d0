//! Pasted code: the blog's four patterns re-written (with the blog's slips),
//! fragments and look-alikes. Each must be named as the blog names it, with a
//! fix verified by re-analysis; slips must be repaired and said.

use leakscope::check::{apply_first_verified_fixes, check_source, CheckOptions};
use std::path::Path;

fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// (fixture, rule, the rule's name as the blog says it, a slip to repair).
const BLOG_SHAPES: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "premature-return/leak_sloppy_blog_early_exit.go",
        "premature-return",
        "Premature return",
        None,
    ),
    (
        "timeout-leak/leak_sloppy_unknown_timeout_method.go",
        "timeout-leak",
        "Timeout leak",
        None,
    ),
    (
        "ncast-leak/leak_sloppy_blog_first_error.go",
        "ncast-leak",
        "NCast leak",
        None,
    ),
    (
        "range-without-close/leak_sloppy_missing_range_keyword.go",
        "range-without-close",
        "Channel iteration misuse",
        Some(" range"),
    ),
];

#[test]
fn the_blog_shapes_are_named_as_the_blog_names_them_with_verified_fixes() {
    for (path, rule, name, slip) in BLOG_SHAPES {
        let source = fixture(path);
        let report = check_source(path, &source, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{path}: {:#?}", report.findings);
        let finding = &report.findings[0];
        assert_eq!(finding.rule, *rule, "{path}");
        assert_eq!(leakscope::rules::rule(rule).unwrap().name, *name);
        if *rule != "range-without-close" {
            // The deferred close of the iteration misuse needs moving, which
            // no fix does yet.
            assert!(
                finding.fixes.iter().any(|f| f.verified),
                "{path}: no verified fix in {:#?}",
                finding.fixes
            );
        }
        match slip {
            Some(insert) => {
                assert_eq!(report.slips.len(), 1, "{path}");
                assert_eq!(report.slips[0].insert, *insert);
                assert!(finding
                    .message
                    .contains("analyzed as if `range` were there"));
            }
            None => assert!(report.slips.is_empty(), "{path}"),
        }
    }
}

#[test]
fn a_fix_on_repaired_text_also_repairs_the_slip() {
    let path = "timeout-leak/leak_sloppy_missing_brace.go";
    let source = fixture(path);
    let report = check_source(path, &source, &CheckOptions::default());
    assert_eq!(report.slips.len(), 1);
    assert_eq!(report.findings.len(), 1);
    let line = report.source[..report.findings[0].span.start as usize]
        .lines()
        .count();
    assert_eq!(line, 5, "the finding is where the send is in the original");
    let fixed =
        apply_first_verified_fixes(&source, &report.findings, None).expect("a verified fix");
    assert!(fixed.contains("answer := make(chan int, 1)"), "{fixed}");
    let again = check_source(path, &fixed, &CheckOptions::default());
    assert!(again.syntax_errors.is_empty(), "{:?}", again.syntax_errors);
    assert!(again.findings.is_empty(), "{:#?}", again.findings);
}

#[test]
fn spans_of_a_repaired_file_point_into_the_original() {
    let path = "range-without-close/leak_sloppy_missing_range_keyword.go";
    let source = fixture(path);
    let report = check_source(path, &source, &CheckOptions::default());
    let finding = &report.findings[0];
    let at = |span: leakscope::syntax::Span| &source[span.range()];
    assert!(
        at(finding.span).starts_with("for s := range c {"),
        "{}",
        at(finding.span)
    );
    for label in &finding.labels {
        assert!(source.get(label.span.range()).is_some());
    }
    assert!(!finding.witness.steps.is_empty());
    for step in &finding.witness.steps {
        if let Some(span) = step.span {
            assert!(source.get(span.range()).is_some(), "{span:?}");
        }
        for g in &step.goroutines {
            assert!(source.get(g.span.range()).is_some(), "{:?}", g.span);
        }
    }
    // The send the witness blocks the senders at is the original's send.
    let send = source.find("c <- strings.ToUpper(j)").unwrap() as u32;
    assert!(finding
        .witness
        .steps
        .iter()
        .any(|s| s.span.is_some_and(|s| s.start == send)));
}

#[test]
fn statements_without_a_function_are_analyzed_as_main() {
    let path = "premature-return/leak_sloppy_fragment_statements.go";
    let report = check_source(path, &fixture(path), &CheckOptions::default());
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].rule, "premature-return");
    assert!(report.findings[0].message.contains("`main` returned"));
    let ok = "premature-return/ok_sloppy_fragment_statements.go";
    assert!(check_source(ok, &fixture(ok), &CheckOptions::default())
        .findings
        .is_empty());
}

#[test]
fn unrepairable_syntax_errors_are_said_on_each_finding() {
    let source = "package main\n\nfunc main() {\n\tc := make(chan int)\n\tgo func() { c <- 1 }()\n\tx := := 2\n}\n";
    let report = check_source("broken.go", source, &CheckOptions::default());
    assert!(!report.syntax_errors.is_empty());
    assert!(report.slips.is_empty());
    assert!(!report.findings.is_empty());
    for finding in &report.findings {
        assert!(
            finding.message.contains("analyzed as far as it parses"),
            "{}",
            finding.message
        );
    }
}
