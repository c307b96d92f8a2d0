//! The `// want` comments of the test programs, in the convention of Go's
//! analysistest: `// want "TEXT"` at the end of the line where something must
//! be reported; several quoted texts after one `want` are several wants on
//! that line. What TEXT means is the test's: a regular expression over
//! `rule: message` (fixtures), a verdict kind (engine fixtures) or a rule id
//! (the program corpus). Every test that reads wants reads them here.

use regex::Regex;

const MARK: &str = "// want ";

/// One want: the 1-based line it is on and its quoted text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Want {
    pub line: u32,
    pub text: String,
}

/// The wants of a source, and the `// want` comments that are malformed (no
/// quoted text, or a quote left open): a test fails on those rather than
/// expecting less than its author meant.
#[derive(Clone, Debug, Default)]
pub struct Wants {
    pub wants: Vec<Want>,
    pub malformed: Vec<String>,
}

/// Reads every `// want "..."` comment of `source`.
pub fn parse(source: &str) -> Wants {
    let mut out = Wants::default();
    for (index, line) in source.lines().enumerate() {
        let line_no = index as u32 + 1;
        let Some(at) = line.find(MARK) else {
            continue;
        };
        let mut rest = &line[at + MARK.len()..];
        let mut any = false;
        while let Some(open) = rest.find('"') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('"') else {
                out.malformed
                    .push(format!("line {line_no}: a `// want` quote is not closed"));
                any = true;
                break;
            };
            out.wants.push(Want {
                line: line_no,
                text: after[..close].to_string(),
            });
            any = true;
            rest = &after[close + 1..];
        }
        if !any {
            out.malformed
                .push(format!("line {line_no}: `// want` without a quoted text"));
        }
    }
    out
}

/// Reads the wants of `source`, panicking on a malformed one (`name` says
/// which file).
pub fn wants(name: &str, source: &str) -> Vec<Want> {
    let parsed = parse(source);
    assert!(
        parsed.malformed.is_empty(),
        "{name}: malformed want comments:\n{}",
        parsed.malformed.join("\n")
    );
    parsed.wants
}

/// The source without its `// want "..."` comments (and the space before
/// them), line ends kept: what a person keeps, what goldens and gofmt judge.
pub fn without_wants(source: &str) -> String {
    source
        .split_inclusive('\n')
        .map(|line| match line.find(" // want \"") {
            Some(at) => {
                let end = if line.ends_with('\n') { "\n" } else { "" };
                format!("{}{end}", &line[..at])
            }
            None => line.to_string(),
        })
        .collect()
}

/// A want's text as a regular expression (Go's RE2 syntax, as analysistest
/// reads it), searched anywhere in the reported text; `.` also matches a
/// line end, since a message may span lines.
pub fn pattern(text: &str) -> Regex {
    Regex::new(&format!("(?s){text}"))
        .unwrap_or_else(|err| panic!("want \"{text}\" is not a regular expression: {err}"))
}
