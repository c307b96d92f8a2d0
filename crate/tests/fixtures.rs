//! The data-driven fixture test, in the convention of Go's analysistest.
//!
//! Every `.go` file under `testdata/rules`, `testdata/fixtures` and
//! `testdata/correct` is checked. A `// want "REGEXP"` comment on a line means a
//! finding must be reported on that line whose `rule: message` matches the
//! pattern; a finding on a line without a matching want fails the test, and so
//! does a want that nothing matched. Where `X.go.golden` exists, applying the
//! first verified fix of every finding to `X.go` must give exactly the golden
//! source.

use leakscope::check::{apply_first_verified_fixes, check_source, CheckOptions};
use std::path::{Path, PathBuf};

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

/// The wants of a file: (line, pattern), from `// want "..."` comments. Several
/// quoted patterns in one comment are several wants on that line.
fn wants(source: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let Some(at) = line.find("// want ") else {
            continue;
        };
        let mut rest = &line[at + "// want ".len()..];
        while let Some(open) = rest.find('"') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('"') else { break };
            out.push((index as u32 + 1, after[..close].to_string()));
            rest = &after[close + 1..];
        }
    }
    out
}

/// The source without its `// want "..."` comments: goldens hold the fixed
/// program as a person would keep it.
fn without_wants(source: &str) -> String {
    source
        .split_inclusive('\n')
        .map(|line| match line.find(" // want \"") {
            Some(at) => format!(
                "{}{}",
                &line[..at],
                if line.ends_with('\n') { "\n" } else { "" }
            ),
            None => line.to_string(),
        })
        .collect()
}

/// A small regular-expression subset is all the fixtures need: literal text,
/// `.`, `.*`, `^`, `$` and `|` alternatives. Written here so the library does not
/// pull in a regex engine for the browser.
fn matches(pattern: &str, text: &str) -> bool {
    pattern.split('|').any(|alt| {
        let anchored_start = alt.starts_with('^');
        let anchored_end = alt.ends_with('$') && !alt.ends_with("\\$");
        let body = alt.trim_start_matches('^');
        let body = if anchored_end {
            &body[..body.len() - 1]
        } else {
            body
        };
        let pieces: Vec<&str> = body.split(".*").collect();
        let starts: Vec<usize> = if anchored_start {
            vec![0]
        } else {
            (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect()
        };
        starts
            .into_iter()
            .any(|start| match_pieces(&pieces, &text[start..], anchored_end))
    })
}

fn match_pieces(pieces: &[&str], text: &str, anchored_end: bool) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return !anchored_end || text.is_empty();
    };
    let Some(after) = match_literal(first, text) else {
        return false;
    };
    if rest.is_empty() {
        return !anchored_end || after.is_empty();
    }
    (0..=after.len())
        .filter(|&i| after.is_char_boundary(i))
        .any(|skip| match_pieces(rest, &after[skip..], anchored_end))
}

/// Matches a piece with `.` wildcards and `\` escapes at the start of `text`.
fn match_literal<'t>(piece: &str, text: &'t str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    let mut consumed = 0;
    let mut pattern = piece.chars();
    while let Some(p) = pattern.next() {
        let (i, c) = chars.next()?;
        let ok = match p {
            '.' => true,
            '\\' => pattern.next() == Some(c),
            _ => p == c,
        };
        if !ok {
            return None;
        }
        consumed = i + c.len_utf8();
    }
    Some(&text[consumed..])
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
        for (line, pattern) in wants(&source) {
            match found
                .iter()
                .position(|(l, text)| *l == line && matches(&pattern, text))
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

#[test]
fn the_pattern_subset_behaves_like_a_regexp() {
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
}
