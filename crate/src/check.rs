//! `check`: source → findings with verified fixes. The orchestration of the
//! pipeline's last stages: analyze, name each verdict's pattern, build the
//! rule's fixes, and verify each fix by re-analyzing the patched source.

use crate::api::{analyze_parsed, Analysis, AnalyzeOptions};
use crate::findings::{BlockedGoroutine, EntrySummary, FileReport, Finding, Severity};
use crate::fix::{apply_edits, Edit, EditError};
use crate::package::PackageSource;
use crate::rules::classify::diagnose;
use crate::syntax::{parse, ParsedFile};

/// Options of a check, one struct instead of many flags.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// What to analyze and within which bounds.
    pub analyze: AnalyzeOptions,
    /// Re-analyze each fix before offering it (the CLI and the tests always do).
    pub verify_fixes: bool,
    /// At most this many fixes are verified per file; each costs one analysis.
    pub max_verified_fixes: usize,
    /// Wall-clock budget of the whole check in milliseconds, parse included
    /// (see [`check_parsed`]): once it is spent, the remaining fixes are not
    /// verified, and [`FileReport::unverified_for_time`] counts them.
    pub max_total_ms: f64,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            analyze: AnalyzeOptions::default(),
            verify_fixes: true,
            max_verified_fixes: 32,
            max_total_ms: f64::INFINITY,
        }
    }
}

impl CheckOptions {
    /// For the browser: the keystroke budget, few verifications, and one
    /// budget for everything so that a huge paste stays bounded.
    pub fn browser() -> CheckOptions {
        CheckOptions {
            analyze: AnalyzeOptions::browser(),
            verify_fixes: true,
            max_verified_fixes: 6,
            max_total_ms: 1_500.0,
        }
    }
}

/// Checks one source file, timing the search with the platform clock.
pub fn check_source(path: &str, source: &str, options: &CheckOptions) -> FileReport {
    check_source_with_clock(path, source, options, &mut platform_clock())
}

/// Checks one source file; `clock` gives milliseconds for the wall-time bound
/// (the browser passes `performance.now`).
pub fn check_source_with_clock(
    path: &str,
    source: &str,
    options: &CheckOptions,
    clock: &mut dyn FnMut() -> f64,
) -> FileReport {
    let started = clock();
    check_parsed(path, &parse(source), options, started, clock)
}

/// Checks a file already parsed (the browser parses once for everything it
/// shows). `started` is when the work began, by `clock`: the time spent
/// before, parsing included, counts towards `options.max_total_ms`.
pub fn check_parsed(
    path: &str,
    parsed: &ParsedFile,
    options: &CheckOptions,
    started: f64,
    clock: &mut dyn FnMut() -> f64,
) -> FileReport {
    // Pasted code with a common slip (`range` missing, braces missing at
    // the end) is analyzed as if it were repaired, and the report says so.
    if let Some(repaired) = crate::syntax::repair_slips(parsed) {
        let analysis = analyze_parsed(&repaired.parsed, &options.analyze, clock);
        let mut report = check_analyzed(path, &repaired.parsed, &analysis, options, started, clock);
        crate::slips::say_partial(&repaired.parsed.errors, &mut report.findings);
        return crate::slips::report_on_original(parsed, &repaired, report);
    }
    let analysis = analyze_parsed(parsed, &options.analyze, clock);
    let mut report = check_analyzed(path, parsed, &analysis, options, started, clock);
    crate::slips::say_partial(&parsed.errors, &mut report.findings);
    report
}

/// A millisecond clock: monotonic natively; on wasm without a host clock the
/// wall-time bound cannot be enforced and the step bounds remain.
fn platform_clock() -> impl FnMut() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let start = std::time::Instant::now();
        move || start.elapsed().as_secs_f64() * 1000.0
    }
    #[cfg(target_arch = "wasm32")]
    {
        || 0.0
    }
}

/// The findings of an analysis of `parsed` already made, with their fixes
/// verified within `options` (the budget counts from `started`).
pub fn check_analyzed(
    path: &str,
    parsed: &ParsedFile,
    analysis: &Analysis,
    options: &CheckOptions,
    started: f64,
    clock: &mut dyn FnMut() -> f64,
) -> FileReport {
    let source = parsed.text.as_str();
    let mut findings = findings_of(parsed, analysis);
    // When the search itself ran out of time, a re-analysis of a patched copy
    // would too, and could not prove anything: no fix is verified then.
    let out_of_time = analysis
        .entries
        .iter()
        .any(|e| e.bounded_by == Some(crate::engine::Bound::Time));
    let unverified_for_time = if !options.verify_fixes {
        0
    } else if out_of_time {
        findings
            .iter()
            .flat_map(|f| &f.fixes)
            .filter(|fix| fix.applicability != crate::fix::Applicability::DisplayOnly)
            .count()
    } else {
        let undefined = undefined_names(analysis);
        verify_fixes(parsed, &mut findings, &undefined, options, started, clock)
    };
    FileReport {
        path: path.to_string(),
        source: source.to_string(),
        syntax_errors: parsed.errors.clone(),
        entries: analysis
            .entries
            .iter()
            .map(|e| EntrySummary {
                name: e.name.clone(),
                schedules: e.schedules as u64,
                exhaustive: e.exhaustive,
                bounded_by: e.bounded_by.map(|b| b.as_str().to_string()),
                elapsed_ms: e.elapsed_ms,
                faulty_schedules: e.faulty_schedules,
                clean_schedules: e.clean_schedules,
                clean_witness: e.clean_witness.clone(),
            })
            .collect(),
        findings,
        unverified_for_time,
        entries_skipped: analysis.entries_skipped,
        max_entries: options.analyze.max_entries,
        files: Vec::new(),
        slips: Vec::new(),
    }
}

/// Checks a program of several files (a package, see [`crate::package`]):
/// the report's spans are offsets into `package.text`, and its `files` say
/// which file each offset is in. `path` names the program (its folder).
pub fn check_package(path: &str, package: &PackageSource, options: &CheckOptions) -> FileReport {
    let mut clock = platform_clock();
    let started = clock();
    let mut report = check_parsed(path, &parse(&package.text), options, started, &mut clock);
    if package.files.len() > 1 || package.files.first().is_some_and(|f| f.path != path) {
        report.files = package.files.clone();
    }
    report
}

/// One finding per (rule, primary span): the same leak found from two entries
/// is reported once, from the first entry.
pub fn findings_of(parsed: &ParsedFile, analysis: &Analysis) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for entry in &analysis.entries {
        for verdict in &entry.verdicts {
            let diagnosis = diagnose(parsed, verdict);
            let span = verdict.range.span;
            if out
                .iter()
                .any(|f| f.rule == diagnosis.rule.id.as_str() && f.span == span)
            {
                continue;
            }
            out.push(Finding {
                rule: diagnosis.rule.id.as_str(),
                kind: diagnosis.kind,
                severity: Severity::of(diagnosis.kind),
                entry: entry.name.clone(),
                message: diagnosis.message,
                why: diagnosis.why,
                help: diagnosis.rule.fix.to_string(),
                span,
                labels: diagnosis.labels,
                blocked: verdict
                    .goroutines
                    .iter()
                    .map(|g| BlockedGoroutine {
                        goroutine: g.id,
                        function: g.function.clone(),
                        span: g.range.span,
                        reason: g.reason.clone().unwrap_or_default(),
                    })
                    .collect(),
                witness_steps: verdict.witness.steps.len(),
                runs: verdict.runs,
                witness: verdict.witness.clone(),
                fixes: diagnosis.fixes,
            });
        }
    }
    crate::sort::sort_by_key(&mut out, |f| (f.span.start, f.rule));
    out
}

/// A finding's identity across a fix: its rule and where it is, in the
/// original source's offsets.
fn identity(finding: &Finding, edits: &[Edit]) -> (&'static str, u32) {
    (finding.rule, map_back(finding.span.start, edits))
}

/// The names the code uses without defining them (pasted snippets have
/// some; the engine treats them as unknown values).
fn undefined_names(analysis: &Analysis) -> Vec<String> {
    let mut names: Vec<String> = analysis
        .opaque
        .iter()
        .filter(|n| {
            n.message
                .ends_with("is not defined here: treated as unknown")
        })
        .filter_map(|n| n.message.split('`').nth(1).map(str::to_string))
        .collect();
    crate::sort::sort(&mut names);
    names.dedup();
    names
}

/// Marks a fix verified when the patched source, re-analyzed, no longer has
/// the finding and has no finding that the original did not have. Verified
/// fixes are moved first, keeping the reviewer's order otherwise. Returns how
/// many fixes were left unverified because time ran out.
fn verify_fixes(
    parsed: &ParsedFile,
    findings: &mut [Finding],
    undefined_before: &[String],
    options: &CheckOptions,
    started: f64,
    clock: &mut dyn FnMut() -> f64,
) -> usize {
    let source = parsed.text.as_str();
    let original: Vec<(&'static str, u32)> =
        findings.iter().map(|f| (f.rule, f.span.start)).collect();
    let mut budget = options.max_verified_fixes;
    let mut out_of_time = 0;
    let syntax_errors_before = parsed.errors.len();
    // Verifying costs one analysis per fix: all of them together get a few
    // times the time one analysis may take, and the whole check its total
    // budget, so a huge paste stays bounded.
    let verifying_since = clock();
    let time_budget = options.analyze.config.max_wall_time_ms * 3.0;
    for (index, finding) in findings.iter_mut().enumerate() {
        for fix in finding.fixes.iter_mut() {
            if fix.applicability == crate::fix::Applicability::DisplayOnly {
                continue;
            }
            let now = clock();
            if now - verifying_since > time_budget || now - started > options.max_total_ms {
                out_of_time += 1;
                continue;
            }
            if budget == 0 {
                continue;
            }
            budget -= 1;
            let Ok(patched) = fix.apply(source) else {
                continue;
            };
            let patched = parse(&patched);
            let analysis = analyze_parsed(&patched, &options.analyze, clock);
            let bounded = analysis.entries.iter().any(|e| !e.exhaustive);
            // A fix must not break the syntax; pasted code may already be broken.
            let breaks_syntax = analysis.syntax_errors.len() > syntax_errors_before;
            let after = findings_of(&patched, &analysis);
            let gone = !after.iter().any(|f| {
                let (rule, at) = identity(f, &fix.edits);
                rule == original[index].0 && at == original[index].1
            });
            let nothing_new = after
                .iter()
                .all(|f| original.contains(&identity(f, &fix.edits)));
            // Tolerance of sloppy code must not let a fix use a name that
            // does not exist (it would not compile).
            let new_undefined = undefined_names(&analysis)
                .iter()
                .any(|n| !undefined_before.contains(n));
            // A search cut short by a bound cannot prove the leak is gone.
            fix.verified = gone && nothing_new && !bounded && !breaks_syntax && !new_undefined;
        }
        crate::sort::sort_by_key(&mut finding.fixes, |f| !f.verified);
    }
    out_of_time
}

/// Applies the first verified fix of every finding (of one rule, if given).
/// Fixes whose edits overlap an already chosen fix are skipped: the next run
/// of `fix` picks them up once the file has been re-checked.
pub fn apply_first_verified_fixes(
    source: &str,
    findings: &[Finding],
    rule: Option<&str>,
) -> Result<String, EditError> {
    apply_verified_fixes(source, findings, rule, true)
}

/// [`apply_first_verified_fixes`], with unsafe fixes (those that change
/// behaviour a reviewer should look at) taken only when `allow_unsafe`.
pub fn apply_verified_fixes(
    source: &str,
    findings: &[Finding],
    rule: Option<&str>,
    allow_unsafe: bool,
) -> Result<String, EditError> {
    apply_edits(source, &chosen_verified_edits(findings, rule, allow_unsafe))
}

/// The edits [`apply_verified_fixes`] makes: the first verified fix of each
/// finding (of one rule, if given), unsafe ones only when `allow_unsafe`,
/// without fixes that overlap one already chosen.
pub fn chosen_verified_edits(
    findings: &[Finding],
    rule: Option<&str>,
    allow_unsafe: bool,
) -> Vec<Edit> {
    let mut chosen: Vec<Edit> = Vec::new();
    for finding in findings.iter().filter(|f| rule.is_none_or(|r| f.rule == r)) {
        let Some(fix) = finding.fixes.iter().find(|x| {
            x.verified && (allow_unsafe || x.applicability == crate::fix::Applicability::Safe)
        }) else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                (e.start < c.end && c.start < e.end) || (e.start == c.start && e.end == c.end)
            })
        });
        if !overlaps {
            chosen.extend(fix.edits.iter().cloned());
        }
    }
    chosen
}

/// Maps an offset in the patched source back to the original source.
/// Offsets inside an edit's replacement map to the edit's start.
pub fn map_back(offset: u32, edits: &[Edit]) -> u32 {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |e| e.start);
    let mut shift: i64 = 0;
    for e in sorted {
        let new_start = (e.start as i64 + shift) as u32;
        let new_end = new_start + e.text.len() as u32;
        if offset < new_start {
            break;
        }
        if offset < new_end {
            return e.start;
        }
        shift += e.text.len() as i64 - (e.end - e.start) as i64;
    }
    (offset as i64 - shift).max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::analyze;
    use crate::fix::Fix;

    #[test]
    fn names_are_the_json_names() {
        use crate::engine::witness::GoStatus;
        use crate::engine::Bound;
        use crate::fix::Applicability;
        use crate::rules::FindingKind;
        let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
        for b in [
            Bound::Steps,
            Bound::VirtualTime,
            Bound::Schedules,
            Bound::Time,
            Bound::Depth,
            Bound::Goroutines,
            Bound::Memory,
        ] {
            assert_eq!(b.as_str(), json(serde_json::to_value(b).unwrap()));
        }
        for s in [
            GoStatus::Runnable,
            GoStatus::Running,
            GoStatus::Blocked,
            GoStatus::Sleeping,
            GoStatus::Done,
            GoStatus::Panicked,
        ] {
            assert_eq!(s.as_str(), json(serde_json::to_value(s).unwrap()));
        }
        for k in [
            FindingKind::Leak,
            FindingKind::Deadlock,
            FindingKind::BlockedAtExit,
            FindingKind::ResourceLeak,
            FindingKind::Panic,
        ] {
            assert_eq!(k.as_str(), json(serde_json::to_value(k).unwrap()));
        }
        for a in [
            Applicability::Safe,
            Applicability::Unsafe,
            Applicability::DisplayOnly,
        ] {
            assert_eq!(a.as_str(), json(serde_json::to_value(a).unwrap()));
        }
    }

    #[test]
    fn the_total_budget_stops_verification_and_counts_what_was_left() {
        let source = include_str!("../testdata/rules/premature-return.go");
        let parsed = parse(source);
        let mut options = CheckOptions::browser();
        // A clock that stands still: the search is exhaustive. Started 10 ms
        // "ago" with a 5 ms budget, nothing is left for verification.
        options.max_total_ms = 5.0;
        let report = check_parsed("p.go", &parsed, &options, -10.0, &mut || 0.0);
        assert!(report.entries.iter().all(|e| e.exhaustive));
        let fixes: Vec<_> = report.findings.iter().flat_map(|f| &f.fixes).collect();
        assert!(!fixes.is_empty());
        assert!(fixes.iter().all(|f| !f.verified));
        assert_eq!(report.unverified_for_time, fixes.len());
        // With the time, the same fix is verified and nothing is left over.
        options.max_total_ms = f64::INFINITY;
        let report = check_parsed("p.go", &parsed, &options, -10.0, &mut || 0.0);
        assert!(report.findings[0].fixes[0].verified);
        assert_eq!(report.unverified_for_time, 0);
    }

    #[test]
    fn maps_offsets_back_through_edits() {
        // "abcdef" with "cd" replaced by "XYZW" gives "abXYZWef".
        let edits = [Edit::replace(2, 4, "XYZW")];
        assert_eq!(map_back(1, &edits), 1);
        assert_eq!(map_back(3, &edits), 2);
        assert_eq!(map_back(6, &edits), 4);
        assert_eq!(map_back(7, &edits), 5);
    }

    /// A fix that removes the leak but calls a function that does not exist
    /// would not compile: it is not verified, though sloppy-code tolerance
    /// runs the unknown call as opaque.
    #[test]
    fn a_fix_that_uses_an_undefined_name_is_not_verified() {
        let source = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tfmt.Println(\"done\")\n}\n";
        let report = check_source("x.go", source, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        let mut findings = report.findings.clone();
        let make = source.find("make(chan int)").unwrap();
        let end = make + "make(chan int)".len();
        let good = Fix::new(
            "buffer",
            crate::fix::Applicability::Unsafe,
            vec![Edit::replace(make, end, "make(chan int, 1)")],
        );
        let print = source.find("fmt.Println").unwrap();
        let bad = Fix::new(
            "buffer and call a helper that does not exist",
            crate::fix::Applicability::Unsafe,
            vec![
                Edit::replace(make, end, "make(chan int, 1)"),
                Edit::replace(print, print, "drainAll(ch)\n\t"),
            ],
        );
        findings[0].fixes = vec![bad, good];
        let analysis = analyze(source, &CheckOptions::default().analyze);
        let mut clock = platform_clock();
        let start = clock();
        verify_fixes(
            &parse(source),
            &mut findings,
            &undefined_names(&analysis),
            &CheckOptions::default(),
            start,
            &mut clock,
        );
        let verdicts: Vec<(&str, bool)> = findings[0]
            .fixes
            .iter()
            .map(|f| (f.title.as_str(), f.verified))
            .collect();
        assert_eq!(
            verdicts,
            vec![
                ("buffer", true),
                ("buffer and call a helper that does not exist", false)
            ]
        );
    }
}
