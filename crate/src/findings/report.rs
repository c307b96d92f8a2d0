//! Renders file reports as compiler-style text, JSON (version 1) or SARIF 2.1.0.

use super::{FileReport, Finding};
use crate::rules;
use crate::syntax::LineIndex;
use serde_json::{json, Value};

/// A text with its control characters escaped (`\u{0}`, `\n`, `\t`), so
/// that one finding stays one line and tools like grep read the output as
/// text whatever the source held.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `file:line:col: rule: message`, then the labels and the help, like a
/// compiler; control characters escaped; a note when the entry budget left
/// functions out.
pub fn text(reports: &[FileReport]) -> String {
    use std::fmt::Write as _;
    let e = escape_controls;
    let mut out = String::new();
    for report in reports {
        let lines = LineIndex::new(&report.source);
        for error in &report.syntax_errors {
            let (path, p) = report.locate(&lines, error.span.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: syntax-error: {}",
                e(path),
                p.line,
                p.column,
                e(&error.message)
            );
        }
        for slip in &report.slips {
            let (path, p) = report.locate(&lines, slip.at);
            let _ = writeln!(
                out,
                "{}:{}:{}: syntax-slip: {}; {} (quick fix: insert `{}`)",
                e(path),
                p.line,
                p.column,
                e(&slip.message),
                e(&slip.assumed),
                e(slip.insert.trim())
            );
        }
        for finding in &report.findings {
            let (path, p) = report.locate(&lines, finding.span.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                e(path),
                p.line,
                p.column,
                finding.rule,
                e(&finding.message),
                finding.severity.as_str()
            );
            for label in &finding.labels {
                let (path, q) = report.locate(&lines, label.span.start);
                let _ = writeln!(
                    out,
                    "    {}:{}:{}: {}",
                    e(path),
                    q.line,
                    q.column,
                    e(&label.message)
                );
            }
            let _ = writeln!(out, "    in: {}", e(&finding.context.description));
            let _ = writeln!(out, "    why: {}", e(&finding.why));
            let _ = writeln!(out, "    help: {}", e(&finding.help));
            for fix in &finding.fixes {
                let state = if fix.verified {
                    "verified"
                } else {
                    "not verified"
                };
                let _ = writeln!(
                    out,
                    "    fix ({}, {state}): {}",
                    fix.applicability.as_str(),
                    e(&fix.title)
                );
                let _ = writeln!(
                    out,
                    "        {}: {}",
                    fix.applicability.as_str(),
                    e(&fix.why)
                );
            }
        }
        if report.entries_skipped > 0 {
            let _ = writeln!(
                out,
                "{}: note: {} of {} function(s) were not analyzed as entries: the budget is {} per package, tests first (raise it with --max-entries N, or name one with --entry NAME)",
                e(&report.path),
                report.entries_skipped,
                report.entries_skipped + report.entries.len(),
                report.max_entries
            );
        }
    }
    out
}

fn finding_json(report: &FileReport, lines: &LineIndex, finding: &Finding) -> Value {
    let (path, start) = report.locate(lines, finding.span.start);
    let (_, end) = report.locate(lines, finding.span.end);
    json!({
        "rule": finding.rule,
        "kind": finding.kind,
        "severity": finding.severity,
        "entry": finding.entry,
        "context": finding.context,
        "message": finding.message,
        "why": finding.why,
        "help": finding.help,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "labels": finding.labels.iter().map(|l| {
            let (path, p) = report.locate(lines, l.span.start);
            json!({"path": path, "line": p.line, "column": p.column, "message": l.message})
        }).collect::<Vec<_>>(),
        "blocked": finding.blocked.iter().map(|b| {
            let (path, p) = report.locate(lines, b.span.start);
            json!({"path": path, "line": p.line, "column": p.column, "reason": b.reason.map(|r| r.go_name()).unwrap_or_default(), "goroutine": b.goroutine, "function": b.function})
        }).collect::<Vec<_>>(),
        "witness_steps": finding.witness_steps,
        "runs": finding.runs,
        "fixes": finding.fixes.iter().map(|f| json!({
            "title": f.title,
            "applicability": f.applicability,
            "why": f.why,
            "verified": f.verified,
            // Offsets into the file each edit changes.
            "edits": f.edits.iter().map(|edit| {
                let (path, start) = report.file_offset(edit.start);
                json!({"path": path, "start": start, "end": start + (edit.end - edit.start), "text": edit.text})
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "path": path,
    })
}

/// The JSON shape documented in the README (`version: 1`): one object per
/// program (a file, or a package of several `files`); every position says
/// its file.
pub fn json(reports: &[FileReport]) -> Value {
    json!({
        "version": 1,
        "files": reports.iter().map(|report| {
            let lines = LineIndex::new(&report.source);
            let files: Vec<&str> = if report.files.is_empty() {
                vec![report.path.as_str()]
            } else {
                report.files.iter().map(|f| f.path.as_str()).collect()
            };
            json!({
                "path": report.path,
                "files": files,
                "syntax_errors": report.syntax_errors.iter().map(|e| {
                    let (path, p) = report.locate(&lines, e.span.start);
                    json!({"path": path, "line": p.line, "column": p.column, "message": e.message})
                }).collect::<Vec<_>>(),
                "slips": report.slips.iter().map(|s| {
                    let (path, p) = report.locate(&lines, s.at);
                    let (_, offset) = report.file_offset(s.at);
                    json!({"path": path, "line": p.line, "column": p.column, "offset": offset, "insert": s.insert, "message": s.message, "assumed": s.assumed})
                }).collect::<Vec<_>>(),
                "entries": report.entries,
                "entries_skipped": report.entries_skipped,
                "max_entries": report.max_entries,
                "findings": report.findings.iter().map(|f| finding_json(report, &lines, f)).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
    })
}

/// SARIF 2.1.0, for code-scanning tools.
pub fn sarif(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = rules::RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": {"text": r.what},
                "fullDescription": {"text": format!("{} {}", r.what, r.why)},
                "help": {"text": r.fix},
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let lines = LineIndex::new(&report.source);
        // A location: its file and region (a span stays in one file).
        let location = |start: u32, end: u32| {
            let ((path, s), (_, e)) = (report.locate(&lines, start), report.locate(&lines, end));
            json!({
                "artifactLocation": {"uri": path},
                "region": {"startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column},
            })
        };
        for f in &report.findings {
            let level = match f.severity {
                super::Severity::Error => "error",
                super::Severity::Warning => "warning",
                super::Severity::Note => "note",
            };
            results.push(json!({
                "ruleId": f.rule,
                "ruleIndex": rules::RULES.iter().position(|r| r.id.as_str() == f.rule),
                "level": level,
                "message": {"text": format!("{} {} {}", f.message, f.why, f.help)},
                "locations": [{"physicalLocation": location(f.span.start, f.span.end)}],
                // The calling context it was found in (see `CallingContext`).
                "properties": {"context": f.context},
                "relatedLocations": f.labels.iter().enumerate().map(|(i, l)| json!({
                    "id": i,
                    "message": {"text": l.message},
                    "physicalLocation": location(l.span.start, l.span.end),
                })).collect::<Vec<_>>(),
                "fixes": f.fixes.iter().filter(|x| x.verified).map(|x| {
                    // One artifact change per file the fix edits, in order.
                    let mut changes: Vec<(&str, Vec<Value>)> = Vec::new();
                    for e in &x.edits {
                        let (path, start) = report.file_offset(e.start);
                        let replacement = json!({
                            "deletedRegion": {"byteOffset": start, "byteLength": e.end - e.start},
                            "insertedContent": {"text": e.text},
                        });
                        match changes.iter_mut().find(|(p, _)| *p == path) {
                            Some((_, list)) => list.push(replacement),
                            None => changes.push((path, vec![replacement])),
                        }
                    }
                    json!({
                        "description": {"text": x.title},
                        "artifactChanges": changes.into_iter().map(|(path, replacements)| json!({
                            "artifactLocation": {"uri": path},
                            "replacements": replacements,
                        })).collect::<Vec<_>>(),
                    })
                }).collect::<Vec<_>>(),
            }));
        }
    }
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "leakscope",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}
