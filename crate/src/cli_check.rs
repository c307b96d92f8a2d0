//! The `check` and `fix` commands.

use leakscope::check::{apply_verified_fixes, check_source, choose_verified_fixes, CheckOptions};
use leakscope::findings::{report, FileReport};
use leakscope::fix::Applicability;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const USAGE: &str = "\
  leakscope check [--format text|json|sarif] [--entry NAME] [--all-functions] PATH...
  leakscope fix FILE [--rule ID] [--diff | --write] [--unsafe-fixes]";

fn usage_error(message: &str) -> ExitCode {
    eprintln!("leakscope: {message}\nusage:\n{USAGE}");
    ExitCode::from(2)
}

/// Collects `.go` files (including `_test.go`) under each path, recursively, in a
/// stable order. Folders named `testdata`, `vendor` or starting with `.` are
/// walked only when named directly.
fn collect_go_files(path: &Path, named: bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !named && (name.starts_with('.') || name == "vendor") {
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            collect_go_files(&entry, false, out)?;
        }
        Ok(())
    } else if named || path.extension().is_some_and(|e| e == "go") {
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
        Ok(())
    } else {
        Ok(())
    }
}

pub fn check_command(args: &[String]) -> ExitCode {
    let mut format = "text".to_string();
    let mut options = CheckOptions::default();
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some(f @ ("text" | "json" | "sarif")) => format = f.to_string(),
                Some(other) => return usage_error(&format!("unknown format {other}")),
                None => return usage_error("--format needs a value"),
            },
            "--entry" => match it.next() {
                Some(name) => options.analyze.entry = Some(name.clone()),
                None => return usage_error("--entry needs a NAME"),
            },
            "--all-functions" => options.analyze.all_functions = true,
            a if a.starts_with('-') => return usage_error(&format!("unknown flag {a}")),
            a => paths.push(PathBuf::from(a)),
        }
    }
    if paths.is_empty() {
        return usage_error("check needs at least one PATH");
    }
    let mut files = Vec::new();
    for path in &paths {
        if let Err(err) = collect_go_files(path, true, &mut files) {
            eprintln!("leakscope: cannot read {}: {err}", path.display());
            return ExitCode::from(2);
        }
    }
    let mut reports: Vec<FileReport> = Vec::new();
    for file in &files {
        let source = match crate::read_source(&file.display().to_string()) {
            Ok(source) => source,
            Err(code) => return code,
        };
        reports.push(check_source(&file.display().to_string(), &source, &options));
    }
    match format.as_str() {
        "json" => println!(
            "{}",
            serde_json::to_string_pretty(&report::json(&reports)).expect("JSON values serialize")
        ),
        "sarif" => println!(
            "{}",
            serde_json::to_string_pretty(&report::sarif(&reports)).expect("JSON values serialize")
        ),
        _ => {
            print!("{}", report::text(&reports));
            let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
            let bounded: Vec<String> = reports
                .iter()
                .flat_map(|r| {
                    r.entries
                        .iter()
                        .filter(|e| !e.exhaustive)
                        .map(move |e| format!("{}:{}", r.path, e.name))
                })
                .collect();
            eprintln!(
                "leakscope: {} file(s), {findings} finding(s)",
                reports.len()
            );
            for r in reports.iter().filter(|r| r.entries_skipped > 0) {
                eprintln!(
                    "leakscope: {}: {} more function(s) were not analyzed as entries (the limit is {}; use --entry NAME)",
                    r.path,
                    r.entries_skipped,
                    r.entries.len()
                );
            }
            if !bounded.is_empty() {
                eprintln!(
                    "leakscope: exploration was bounded (not every schedule) for {}",
                    bounded.join(", ")
                );
            }
        }
    }
    if reports.iter().any(|r| !r.findings.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn fix_command(args: &[String]) -> ExitCode {
    let mut rule = None;
    let mut mode = "diff";
    let mut allow_unsafe = false;
    let mut file = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--rule" => match it.next() {
                Some(id) if leakscope::rules::rule(id).is_some() => rule = Some(id.clone()),
                Some(id) => return usage_error(&format!("unknown rule {id}")),
                None => return usage_error("--rule needs an ID"),
            },
            "--diff" => mode = "diff",
            "--write" => mode = "write",
            "--unsafe-fixes" => allow_unsafe = true,
            a if a.starts_with('-') => return usage_error(&format!("unknown flag {a}")),
            a if file.is_none() => file = Some(a.to_string()),
            _ => return usage_error("fix takes one FILE"),
        }
    }
    let Some(path) = file else {
        return usage_error("fix needs a FILE");
    };
    let source = match crate::read_source(&path) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let report = check_source(&path, &source, &CheckOptions::default());
    let fixed = match apply_verified_fixes(&source, &report.findings, rule.as_deref(), allow_unsafe)
    {
        Ok(fixed) => fixed,
        Err(err) => {
            eprintln!("leakscope: the fixes do not apply cleanly: {err}");
            return ExitCode::from(1);
        }
    };
    // Each fix says what it is and why it is Safe or Unsafe, applied or not.
    let lines = leakscope::syntax::LineIndex::new(&source);
    let chosen = choose_verified_fixes(&report.findings, rule.as_deref(), allow_unsafe);
    for finding in report
        .findings
        .iter()
        .filter(|f| rule.as_deref().is_none_or(|r| f.rule == r))
    {
        let line = lines.line_col(finding.span.start).line;
        for fix in finding.fixes.iter().filter(|x| x.verified) {
            let applied = chosen.iter().any(|(_, c)| std::ptr::eq(*c, fix));
            eprintln!(
                "{path}:{line}: {}: {}: {} ({}: {})",
                finding.rule,
                if applied { "applied" } else { "not applied" },
                fix.title,
                fix.applicability.as_str(),
                fix.why
            );
        }
    }
    let held_back = !allow_unsafe
        && report.findings.iter().any(|f| {
            rule.as_deref().is_none_or(|r| f.rule == r)
                && !f
                    .fixes
                    .iter()
                    .any(|x| x.verified && x.applicability == Applicability::Safe)
                && f.fixes.iter().any(|x| x.verified)
        });
    if held_back {
        eprintln!(
            "leakscope: verified fixes that change behaviour were not applied; review them with `leakscope check` and pass --unsafe-fixes to apply them"
        );
    }
    if fixed == source {
        eprintln!("leakscope: no verified fix to apply in {path}");
        return if report.findings.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    if mode == "write" {
        if let Err(err) = std::fs::write(&path, &fixed) {
            eprintln!("leakscope: cannot write {path}: {err}");
            return ExitCode::from(2);
        }
        eprintln!("leakscope: fixed {path}");
    } else {
        print!("{}", leakscope::fix::unified_diff(&path, &source, &fixed));
    }
    ExitCode::SUCCESS
}
