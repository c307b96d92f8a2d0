//! Renders file reports as compiler-style text, JSON (version 1) or SARIF 2.1.0.

use super::{FileReport, Finding};
use crate::rules;
use crate::syntax::LineIndex;
use serde_json::{json, Value};

/// `file:line:col: rule: message`, then the labels and the help, like a compiler.
pub fn text(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let lines = LineIndex::new(&report.source);
        for error in &report.syntax_errors {
            let p = lines.line_col(error.span.start);
            out.push_str(&format!(
                "{}:{}:{}: syntax-error: {}\n",
                report.path, p.line, p.column, error.message
            ));
        }
        for slip in &report.slips {
            let p = lines.line_col(slip.at);
            out.push_str(&format!(
                "{}:{}:{}: syntax-slip: {}; {} (quick fix: insert `{}`)\n",
                report.path,
                p.line,
                p.column,
                slip.message,
                slip.assumed,
                slip.insert.trim()
            ));
        }
        for finding in &report.findings {
            let p = lines.line_col(finding.span.start);
            out.push_str(&format!(
                "{}:{}:{}: {}: {} [{}]\n",
                report.path,
                p.line,
                p.column,
                finding.rule,
                finding.message,
                finding.severity.as_str()
            ));
            for label in &finding.labels {
                let q = lines.line_col(label.span.start);
                out.push_str(&format!(
                    "    {}:{}:{}: {}\n",
                    report.path, q.line, q.column, label.message
                ));
            }
            out.push_str(&format!("    why: {}\n", finding.why));
            out.push_str(&format!("    help: {}\n", finding.help));
            for fix in &finding.fixes {
                let state = if fix.verified {
                    "verified"
                } else {
                    "not verified"
                };
                out.push_str(&format!(
                    "    fix ({}, {state}): {}\n        {}: {}\n",
                    fix.applicability.as_str(),
                    fix.title,
                    fix.applicability.as_str(),
                    fix.why
                ));
            }
        }
    }
    out
}

fn finding_json(report: &FileReport, lines: &LineIndex, finding: &Finding) -> Value {
    let start = lines.line_col(finding.span.start);
    let end = lines.line_col(finding.span.end);
    json!({
        "rule": finding.rule,
        "kind": finding.kind,
        "severity": finding.severity,
        "entry": finding.entry,
        "message": finding.message,
        "why": finding.why,
        "help": finding.help,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "labels": finding.labels.iter().map(|l| {
            let p = lines.line_col(l.span.start);
            json!({"line": p.line, "column": p.column, "message": l.message})
        }).collect::<Vec<_>>(),
        "blocked": finding.blocked.iter().map(|b| {
            let p = lines.line_col(b.span.start);
            json!({"line": p.line, "column": p.column, "reason": b.reason, "goroutine": b.goroutine, "function": b.function})
        }).collect::<Vec<_>>(),
        "witness_steps": finding.witness_steps,
        "runs": finding.runs,
        "fixes": finding.fixes.iter().map(|f| json!({
            "title": f.title,
            "applicability": f.applicability,
            "why": f.why,
            "verified": f.verified,
            "edits": f.edits,
        })).collect::<Vec<_>>(),
        "path": report.path,
    })
}

/// The JSON shape documented in the README (`version: 1`).
pub fn json(reports: &[FileReport]) -> Value {
    json!({
        "version": 1,
        "files": reports.iter().map(|report| {
            let lines = LineIndex::new(&report.source);
            json!({
                "path": report.path,
                "syntax_errors": report.syntax_errors.iter().map(|e| {
                    let p = lines.line_col(e.span.start);
                    json!({"line": p.line, "column": p.column, "message": e.message})
                }).collect::<Vec<_>>(),
                "slips": report.slips.iter().map(|s| {
                    let p = lines.line_col(s.at);
                    json!({"line": p.line, "column": p.column, "offset": s.at, "insert": s.insert, "message": s.message, "assumed": s.assumed})
                }).collect::<Vec<_>>(),
                "entries": report.entries,
                "entries_skipped": report.entries_skipped,
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
        let region = |start: u32, end: u32| {
            let (s, e) = (lines.line_col(start), lines.line_col(end));
            json!({"startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column})
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
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": report.path},
                    "region": region(f.span.start, f.span.end),
                }}],
                "relatedLocations": f.labels.iter().enumerate().map(|(i, l)| json!({
                    "id": i,
                    "message": {"text": l.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": report.path},
                        "region": region(l.span.start, l.span.end),
                    },
                })).collect::<Vec<_>>(),
                "fixes": f.fixes.iter().filter(|x| x.verified).map(|x| json!({
                    "description": {"text": x.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": report.path},
                        "replacements": x.edits.iter().map(|e| json!({
                            "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
                            "insertedContent": {"text": e.text},
                        })).collect::<Vec<_>>(),
                    }],
                })).collect::<Vec<_>>(),
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
