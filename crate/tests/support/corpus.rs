//! The Go program corpus under `crate/testdata/programs/` and its annotations
//! (see that folder's README.md).
//!
//! Header (comment lines before `package main`):
//! - `// leakscope: deterministic` or `// leakscope: nondeterministic-output`
//! - optionally `// leakscope: spins`: the program never ends, spinning (a
//!   livelock): Go is stopped after `go_oracle::SPIN_TIMEOUT`, and every run
//!   must still be running then.
//! - optionally `// leakscope: go-blind: REASON`: Go's leak profile cannot
//!   show this file's goroutine leaks (for example the channel stays reachable
//!   from a package-level variable).
//!
//! Findings: `// want "RULE-ID"` at the end of the line where the finding is
//! reported (several quoted ids may follow one `want`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every rule id (issue 4).
pub const RULES: &[&str] = &[
    "premature-return",
    "timeout-leak",
    "ncast-leak",
    "range-without-close",
    "orphan-receive",
    "send-after-reader-left",
    "full-buffer",
    "forgotten-cancel",
    "unclosed-resource",
    "retained-global",
    "lock-leak",
    "waitgroup-misuse",
    "nil-channel",
    "deadlock",
    "panic",
    "livelock",
];

/// Rules whose finding is a goroutine blocked forever at the want line, which
/// Go's `goroutineleak` profile can show.
pub const GOROUTINE_LEAK_RULES: &[&str] = &[
    "premature-return",
    "timeout-leak",
    "ncast-leak",
    "range-without-close",
    "orphan-receive",
    "send-after-reader-left",
    "full-buffer",
    "lock-leak",
    "waitgroup-misuse",
    "nil-channel",
];

/// Leak rules whose want line is not a blocked operation (a creation line) or
/// whose blocked goroutine stays reachable, so the profile need not show it;
/// a goroutine these programs leak may still be reported at a line that
/// carries one of these wants.
pub const OTHER_LEAK_RULES: &[&str] = &["forgotten-cancel", "unclosed-resource", "retained-global"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Want {
    pub line: u32,
    pub rule: String,
}

#[derive(Clone, Debug)]
pub struct Program {
    pub name: String,
    pub path: PathBuf,
    pub source: String,
    /// `Some(true)`: deterministic; `Some(false)`: nondeterministic-output;
    /// `None`: the header is missing.
    pub deterministic: Option<bool>,
    /// The reason given by `// leakscope: go-blind: REASON`.
    pub go_blind: Option<String>,
    /// `// leakscope: spins`: Go never ends the program (a livelock).
    pub spins: bool,
    pub wants: Vec<Want>,
    /// Problems with the annotations themselves.
    pub annotation_errors: Vec<String>,
}

impl Program {
    pub fn load(path: &Path) -> Program {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut p = Program {
            name,
            path: path.to_path_buf(),
            source,
            deterministic: None,
            go_blind: None,
            spins: false,
            wants: Vec::new(),
            annotation_errors: Vec::new(),
        };
        p.parse();
        p
    }

    fn parse(&mut self) {
        let mut in_header = true;
        let source = self.source.clone();
        for (i, line) in source.lines().enumerate() {
            let line_no = i as u32 + 1;
            let t = line.trim();
            if in_header {
                if t.starts_with("package ") {
                    in_header = false;
                    if t != "package main" {
                        self.annotation_errors
                            .push(format!("line {line_no}: not package main"));
                    }
                } else if let Some(rest) = t.strip_prefix("// leakscope:") {
                    let rest = rest.trim();
                    match rest {
                        "deterministic" => self.set_determinism(true),
                        "nondeterministic-output" => self.set_determinism(false),
                        "spins" => self.spins = true,
                        _ => {
                            if let Some(reason) = rest.strip_prefix("go-blind:") {
                                self.go_blind = Some(reason.trim().to_string());
                            } else {
                                self.annotation_errors
                                    .push(format!("line {line_no}: unknown header `{t}`"));
                            }
                        }
                    }
                }
                continue;
            }
            if t.contains("// leakscope:") {
                self.annotation_errors
                    .push(format!("line {line_no}: leakscope header after `package`"));
            }
        }
        let parsed = super::want::parse(&source);
        self.annotation_errors.extend(parsed.malformed);
        for want in parsed.wants {
            if !RULES.contains(&want.text.as_str()) {
                self.annotation_errors.push(format!(
                    "line {}: unknown rule id {:?}",
                    want.line, want.text
                ));
            }
            self.wants.push(Want {
                line: want.line,
                rule: want.text,
            });
        }
        if self.spins != self.has_rule("livelock") {
            self.annotation_errors
                .push("`// leakscope: spins` goes with a livelock want, and only with one".into());
        }
        if self.deterministic.is_none() {
            self.annotation_errors.push(
                "missing header `// leakscope: deterministic` or `// leakscope: nondeterministic-output`".into(),
            );
        }
        if !self.source.lines().any(|l| l.starts_with("func main()")) {
            self.annotation_errors
                .push("no top-level `func main()`".into());
        }
    }

    fn set_determinism(&mut self, d: bool) {
        if self.deterministic.is_some() {
            self.annotation_errors
                .push("determinism header given twice".into());
        }
        self.deterministic = Some(d);
    }

    pub fn has_rule(&self, rule: &str) -> bool {
        self.wants.iter().any(|w| w.rule == rule)
    }

    pub fn lines_with(&self, rules: &[&str]) -> BTreeSet<u32> {
        self.wants
            .iter()
            .filter(|w| rules.contains(&w.rule.as_str()))
            .map(|w| w.line)
            .collect()
    }

    /// Lines where a goroutine may be reported leaked: wants of any leak rule.
    pub fn leak_lines(&self) -> BTreeSet<u32> {
        let mut rules: Vec<&str> = GOROUTINE_LEAK_RULES.to_vec();
        rules.extend_from_slice(OTHER_LEAK_RULES);
        self.lines_with(&rules)
    }

    /// The program is written to be leak-free: no want of a leak rule.
    pub fn leak_free(&self) -> bool {
        self.leak_lines().is_empty()
    }

    pub fn expects_deadlock(&self) -> bool {
        self.has_rule("deadlock")
    }

    pub fn expects_panic(&self) -> bool {
        self.has_rule("panic")
    }
}

pub fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/programs")
}

/// Every `*.go` file of the corpus, sorted by name.
pub fn load_all() -> Vec<Program> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(programs_dir())
        .expect("crate/testdata/programs exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    paths.sort();
    paths.iter().map(|p| Program::load(p)).collect()
}

/// One entry of `KNOWN_GAPS`: a program allowed to disagree with leakscope.
#[derive(Clone, Debug)]
pub struct KnownGap {
    pub name: String,
    pub reason: String,
}

/// Reads `crate/testdata/programs/KNOWN_GAPS`: `NAME.go  reason...` per line,
/// `#` comments and blank lines ignored.
pub fn known_gaps() -> Vec<KnownGap> {
    let text = std::fs::read_to_string(programs_dir().join("KNOWN_GAPS")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            KnownGap {
                name: name.to_string(),
                reason: reason.trim().to_string(),
            }
        })
        .collect()
}
