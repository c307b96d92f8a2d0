//! `check`: source → findings with verified fixes. The orchestration of the
//! pipeline's last stages: analyze, name each verdict's pattern, build the
//! rule's fixes, and verify each fix by re-analyzing the patched source.

use crate::api::{analyze_parsed, Analysis, AnalyzeOptions, CallingContext};
use crate::findings::{BlockedGoroutine, EntryReport, FileReport, Finding, Severity};
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

/// Checks one source file, timing the search on [`crate::clock`].
pub fn check_source(path: &str, source: &str, options: &CheckOptions) -> FileReport {
    check_source_with_clock(path, source, options, &mut crate::clock::now_ms)
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
        .any(|e| e.search.bounded_by == Some(crate::engine::Bound::Time));
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
        verify_fixes(
            parsed,
            analysis,
            &mut findings,
            &undefined,
            options,
            started,
            clock,
        )
    };
    FileReport {
        path: path.to_string(),
        source: source.to_string(),
        syntax_errors: parsed.errors.clone(),
        entries: analysis
            .entries
            .iter()
            .map(|e| EntryReport {
                search: e.search.clone(),
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
    let mut clock = crate::clock::now_ms;
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
                entry: entry.search.name.clone(),
                context: CallingContext::new(entry.search.kind, &entry.search.name),
                message: diagnosis.message,
                why: diagnosis.why,
                help: diagnosis.help,
                span,
                labels: diagnosis.labels,
                blocked: verdict
                    .goroutines
                    .iter()
                    .map(|g| BlockedGoroutine {
                        goroutine: g.id,
                        function: g.function.clone(),
                        span: g.range.span,
                        reason: g.reason,
                    })
                    .collect(),
                witness_steps: verdict.witness.steps.len(),
                runs: verdict.runs,
                witness: verdict.witness.clone(),
                fixes: diagnosis.fixes,
            });
        }
    }
    crate::order::sort_by_key(&mut out, |f| (f.span.start, f.rule));
    out
}

/// The names the code uses without defining them (pasted snippets have
/// some; the engine treats them as unknown values).
fn undefined_names(analysis: &Analysis) -> Vec<String> {
    analysis.undefined.clone()
}

/// The findings each entry reached: the entry's name and the (rule, start)
/// of every verdict it had, in `parsed`'s offsets mapped back through `edits`.
fn reached_by_entry(
    parsed: &ParsedFile,
    analysis: &Analysis,
    edits: &[Edit],
) -> Vec<(String, Vec<(&'static str, u32)>)> {
    analysis
        .entries
        .iter()
        .map(|entry| {
            let found = entry
                .verdicts
                .iter()
                .map(|v| {
                    let rule = diagnose(parsed, v).rule.id.as_str();
                    (rule, map_back(v.range.span.start, edits))
                })
                .collect();
            (entry.search.name.clone(), found)
        })
        .collect()
}

/// Why a patched program does not prove a fix, or `None` when it does.
/// `finding` is the fixed finding's identity in the original; `before` and
/// `after` the original and patched analyses (with `reached_before` and
/// `reached_after` from [`reached_by_entry`], the latter mapped back).
fn disproof(
    finding: (&'static str, u32),
    before: &Analysis,
    reached_before: &[(String, Vec<(&'static str, u32)>)],
    after: &Analysis,
    reached_after: &[(String, Vec<(&'static str, u32)>)],
) -> Option<String> {
    for (index, entry) in before.entries.iter().enumerate() {
        let Some(patched_index) = after
            .entries
            .iter()
            .position(|e| e.search.name == entry.search.name)
        else {
            return Some(format!("entry `{}` is gone", entry.search.name));
        };
        let patched = &after.entries[patched_index];
        let reached = reached_before[index].1.contains(&finding);
        // An entry that reached the finding must be searched completely; any
        // other entry at least as completely as before.
        if !patched.search.exhaustive && (reached || entry.search.exhaustive) {
            return Some(format!(
                "entry `{}` was not explored exhaustively after the fix",
                entry.search.name
            ));
        }
        let now = &reached_after[patched_index].1;
        // The goroutines of the finding must not block anywhere else either
        // (a worker with two unguarded sends leaks at the other one): real
        // Go's leak profile would still show them.
        let ours: Vec<&str> = entry
            .verdicts
            .iter()
            .zip(&reached_before[index].1)
            .filter(|(_, f)| **f == finding)
            .flat_map(|(v, _)| v.goroutines.iter().map(|g| g.function.as_str()))
            .collect();
        if now.contains(&finding)
            || patched
                .verdicts
                .iter()
                .flat_map(|v| &v.goroutines)
                .any(|g| ours.contains(&g.function.as_str()))
        {
            return Some(format!(
                "entry `{}` still has the finding",
                entry.search.name
            ));
        }
        if let Some(new) = now.iter().find(|f| !reached_before[index].1.contains(f)) {
            return Some(format!(
                "entry `{}` gets a new finding ({})",
                entry.search.name, new.0
            ));
        }
        if patched.failed_test_runs > 0 && entry.failed_test_runs == 0 {
            return Some(format!("test `{}` fails after the fix", entry.search.name));
        }
    }
    None
}

/// Why the patched program may not behave as the original did, or `None`
/// when every output the original printed in a run that ended normally is
/// still printed: what a Safe fix must keep.
fn changed_outputs(before: &Analysis, after: &Analysis) -> Option<&'static str> {
    for entry in &before.entries {
        let Some(patched) = after
            .entries
            .iter()
            .find(|e| e.search.name == entry.search.name)
        else {
            return Some("an entry is gone after the fix");
        };
        match (&entry.normal_outputs, &patched.normal_outputs) {
            (Some(old), Some(new)) => {
                if !old.iter().all(|o| new.contains(o)) {
                    return Some(
                        "the program's output differs after the fix on a schedule that ended normally before",
                    );
                }
            }
            _ => return Some("the runs printed too many different outputs to compare them"),
        }
    }
    None
}

/// Marks a fix verified when the patched source proves it (see
/// [`disproof`]): every entry that reached the finding is explored again,
/// with the same bounds, exhaustively, and the finding is gone from all of
/// them; no entry gets a finding (a panic and a deadlock are findings too)
/// or a failed test it did not have; the text parses as well as before and
/// uses no name it did not define. A Safe fix must also keep every output of
/// the runs that ended normally, or it is demoted to Unsafe. Verified fixes
/// are moved first, keeping the reviewer's order otherwise. Returns how many
/// fixes were left unverified because time ran out.
fn verify_fixes(
    parsed: &ParsedFile,
    before: &Analysis,
    findings: &mut [Finding],
    undefined_before: &[String],
    options: &CheckOptions,
    started: f64,
    clock: &mut dyn FnMut() -> f64,
) -> usize {
    let source = parsed.text.as_str();
    let original: Vec<(&'static str, u32)> =
        findings.iter().map(|f| (f.rule, f.span.start)).collect();
    let reached_before = reached_by_entry(parsed, before, &[]);
    let mut budget = options.max_verified_fixes;
    let mut out_of_time = 0;
    let syntax_errors_before = parsed.errors.len();
    // Verifying costs one analysis per fix: all of them together get a few
    // times the time one analysis may take, and the whole check its total
    // budget, so a huge paste stays bounded.
    let verifying_since = clock();
    let time_budget = options.analyze.config.max_wall_time_ms * 3.0;
    // Every finding's first remedy before any finding's second: when the
    // budget runs out (the browser's), each leak has had its best chance.
    let mut order: Vec<(usize, usize)> = findings
        .iter()
        .enumerate()
        .flat_map(|(i, f)| (0..f.fixes.len()).map(move |j| (j, i)))
        .collect();
    crate::order::sort_by_key(&mut order, |pair| *pair);
    for (fix_index, index) in order {
        let fix = &mut findings[index].fixes[fix_index];
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
        // A fix must not break the syntax; pasted code may already be broken.
        if patched.errors.len() > syntax_errors_before {
            continue;
        }
        let analysis = analyze_parsed(&patched, &options.analyze, clock);
        if analysis
            .entries
            .iter()
            .any(|e| e.search.bounded_by == Some(crate::engine::Bound::Time))
        {
            // The patched program's search ran out of time: nothing is
            // proven, and the fix is one left unverified for time.
            out_of_time += 1;
            continue;
        }
        // Tolerance of sloppy code must not let a fix use a name that
        // does not exist (it would not compile).
        let new_undefined = undefined_names(&analysis)
            .iter()
            .any(|n| !undefined_before.contains(n));
        if new_undefined {
            continue;
        }
        let reached_after = reached_by_entry(&patched, &analysis, &fix.edits);
        if disproof(
            original[index],
            before,
            &reached_before,
            &analysis,
            &reached_after,
        )
        .is_some()
        {
            continue;
        }
        fix.verified = true;
        if fix.applicability == crate::fix::Applicability::Safe {
            if let Some(why) = changed_outputs(before, &analysis) {
                fix.demote(why);
            }
        }
    }
    for finding in findings.iter_mut() {
        crate::order::sort_by_key(&mut finding.fixes, |f| !f.verified);
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

/// The edits [`apply_verified_fixes`] makes: those of
/// [`choose_verified_fixes`], in order.
pub fn chosen_verified_edits(
    findings: &[Finding],
    rule: Option<&str>,
    allow_unsafe: bool,
) -> Vec<Edit> {
    choose_verified_fixes(findings, rule, allow_unsafe)
        .into_iter()
        .flat_map(|(_, fix)| fix.edits.iter().cloned())
        .collect()
}

/// The fixes [`apply_verified_fixes`] applies, with their findings: the
/// first verified fix of every finding (of one rule, if given), Safe ones
/// only unless `allow_unsafe`, skipping a fix whose edits overlap one
/// already chosen (the next run of `fix` picks it up once the file has been
/// re-checked).
pub fn choose_verified_fixes<'f>(
    findings: &'f [Finding],
    rule: Option<&str>,
    allow_unsafe: bool,
) -> Vec<(&'f Finding, &'f crate::fix::Fix)> {
    let mut chosen: Vec<(&Finding, &crate::fix::Fix)> = Vec::new();
    for finding in findings.iter().filter(|f| rule.is_none_or(|r| f.rule == r)) {
        let Some(fix) = finding.fixes.iter().find(|x| {
            x.verified && (allow_unsafe || x.applicability == crate::fix::Applicability::Safe)
        }) else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().flat_map(|(_, c)| &c.edits).any(|c| {
                (e.start < c.end && c.start < e.end) || (e.start == c.start && e.end == c.end)
            })
        });
        if !overlaps {
            chosen.push((finding, fix));
        }
    }
    chosen
}

/// Maps an offset in the patched source back to the original source.
/// Offsets inside an edit's replacement map to the edit's start.
pub fn map_back(offset: u32, edits: &[Edit]) -> u32 {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::order::sort_by_key(&mut sorted, |e| e.start);
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
    fn what_to_do_is_said_in_the_codes_names() {
        // The rule's text says `make(chan T, len(items))`; this code makes
        // `out` as `chan string` and starts one sender per `name`.
        let src = "package main\n\nfunc first(names []string) string {\n\tout := make(chan string)\n\tfor _, n := range names {\n\t\tgo func() { out <- n }()\n\t}\n\treturn <-out\n}\n\nfunc main() {\n\t_ = first([]string{\"a\", \"b\"})\n}\n";
        let report = check_source("main.go", src, &CheckOptions::browser());
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "ncast-leak")
            .expect("the senders left behind");
        assert!(
            finding.help.contains("`make(chan string, len(names))`"),
            "{}",
            finding.help
        );
        assert!(!finding.help.contains("items"), "{}", finding.help);
    }

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
            Bound::BlockingCallback,
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
            FindingKind::Livelock,
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
        assert!(report.entries.iter().all(|e| e.search.exhaustive));
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
        let mut clock = crate::clock::now_ms;
        let start = clock();
        verify_fixes(
            &parse(source),
            &analysis,
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

    /// The fixes offered for a source, as (title, verified, applicability).
    fn fixes_of(source: &str) -> Vec<(String, bool, crate::fix::Applicability)> {
        check_source("x.go", source, &CheckOptions::default())
            .findings
            .iter()
            .flat_map(|f| &f.fixes)
            .map(|f| (f.title.clone(), f.verified, f.applicability))
            .collect()
    }

    /// Ownership: what a function returns is its caller's to close; no fix
    /// closes it there (a `defer f.Close()` would hand back a closed file).
    #[test]
    fn no_fix_closes_what_the_function_returns() {
        let source = "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc openConfig(path string) (*os.File, error) {\n\tf, err := os.Open(path)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn f, nil\n}\n\nfunc main() {\n\tf, err := openConfig(\"/etc/hostname\")\n\tfmt.Println(f != nil, err == nil)\n}\n";
        let fixes = fixes_of(source);
        assert!(
            fixes.iter().all(|(title, _, _)| !title.contains("f.Close")),
            "{fixes:?}"
        );
        let source = "package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc withDeadline() context.Context {\n\tctx, cancel := context.WithTimeout(context.Background(), time.Second)\n\t_ = cancel\n\treturn ctx\n}\n\nfunc main() {\n\tfmt.Println(withDeadline().Err())\n}\n";
        let fixes = fixes_of(source);
        assert!(
            fixes.iter().all(|(title, _, _)| !title.contains("cancel")),
            "{fixes:?}"
        );
    }

    /// A resource a goroutine still uses is not released Safely when the
    /// function returns.
    #[test]
    fn a_resource_handed_to_a_goroutine_is_never_released_safely() {
        let source = "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tt := time.NewTicker(time.Millisecond)\n\tgo func() {\n\t\t<-t.C\n\t\tfmt.Println(\"tick\")\n\t}()\n\ttime.Sleep(5 * time.Millisecond)\n}\n";
        let fixes = fixes_of(source);
        assert!(
            fixes
                .iter()
                .filter(|(title, _, _)| title.contains("t.Stop"))
                .all(|(_, _, a)| *a != crate::fix::Applicability::Safe),
            "{fixes:?}"
        );
    }

    /// Several goroutines send once each and one value is read: a buffer of
    /// 1 would still leave senders blocked, so it is not even proposed; the
    /// done channel is, and verifies.
    #[test]
    fn a_buffer_of_one_is_never_proposed_for_several_senders() {
        let source = include_str!("../testdata/fixtures/ncast-leak/leak_three_queries.go");
        let fixes = fixes_of(source);
        assert!(!fixes.is_empty());
        assert!(
            fixes
                .iter()
                .all(|(title, _, _)| !title.contains("capacity 1")),
            "{fixes:?}"
        );
        assert!(fixes.iter().all(|(_, verified, _)| *verified), "{fixes:?}");
    }

    /// A fix after which a test fails on some schedule is not verified,
    /// though the leak is gone and no other finding appears.
    #[test]
    fn a_fix_that_makes_a_test_fail_is_not_verified() {
        let source = "package p\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestSend(t *testing.T) {\n\tch := make(chan int)\n\tsent := false\n\tgo func() {\n\t\tch <- 1\n\t\tsent = true\n\t}()\n\ttime.Sleep(time.Millisecond)\n\tif sent {\n\t\tt.Error(\"sent without a receiver\")\n\t}\n}\n";
        let report = check_source("p_test.go", source, &CheckOptions::default());
        let fixes: Vec<_> = report.findings.iter().flat_map(|f| &f.fixes).collect();
        let buffer = fixes
            .iter()
            .find(|f| f.title.contains("capacity 1"))
            .expect("the buffer is proposed for the single send");
        assert!(!buffer.verified, "{fixes:?}");
        // The same fix without the check that fails is verified.
        let passing = source.replace("t.Error(\"sent without a receiver\")", "t.Log(\"sent\")");
        let report = check_source("p_test.go", &passing, &CheckOptions::default());
        assert!(report
            .findings
            .iter()
            .flat_map(|f| &f.fixes)
            .any(|f| f.title.contains("capacity 1") && f.verified));
    }

    /// A fix its rule calls Safe that changes what a run that ended normally
    /// printed is verified, but demoted to Unsafe, saying so: the Add count
    /// of WaitGroup misuse lets `compact` finish and print.
    #[test]
    fn a_safe_fix_that_changes_the_output_is_demoted() {
        let source = include_str!("../testdata/fixtures/waitgroup-misuse/leak_wrong_count.go");
        let report = check_source("w.go", source, &CheckOptions::default());
        let fix = report
            .findings
            .iter()
            .flat_map(|f| &f.fixes)
            .find(|f| f.title.contains("wg.Add(len(shards))"))
            .expect("the count fix is proposed");
        assert!(fix.verified);
        assert_eq!(fix.applicability, crate::fix::Applicability::Unsafe);
        assert!(fix.why.contains("output differs"), "{}", fix.why);
    }

    #[test]
    fn a_channel_handed_to_a_library_is_not_blocked_at_exit() {
        // The library may receive from it after main's set-up: the sender is
        // not reported (it was, as blocked at exit, before).
        let source = "package main\n\nimport \"example.com/notify\"\n\nfunc main() {\n\tevents := make(chan string)\n\tnotify.Subscribe(events)\n\tgo func() { events <- \"started\" }()\n\tnotify.Run()\n}\n";
        let report = check_source("x.go", source, &CheckOptions::default());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // Not handed away: reported.
        let kept = source.replace("\tnotify.Subscribe(events)\n", "");
        let report = check_source("x.go", &kept, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    }

    #[test]
    fn a_reader_handed_to_a_decoder_may_be_read_by_it() {
        // gob's decoder calls the pipe's Read, which takes the value the test
        // sends: real Go passes this test. The deadlock was reported (a
        // net/rpc test of Go's own tree has this shape).
        let source = "package p\n\nimport (\n\t\"encoding/gob\"\n\t\"io\"\n\t\"testing\"\n)\n\ntype pipe struct{ done chan bool }\n\nfunc (p *pipe) Read(b []byte) (int, error) {\n\t<-p.done\n\treturn 0, io.EOF\n}\n\nfunc TestHandedReader(t *testing.T) {\n\tp := &pipe{done: make(chan bool)}\n\tdec := gob.NewDecoder(p)\n\tgo func() {\n\t\tvar x int\n\t\t_ = dec.Decode(&x)\n\t}()\n\tp.done <- true\n}\n";
        let report = check_source("x_test.go", source, &CheckOptions::default());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // Not handed to the decoder: nothing can take the value.
        let kept = source.replace("gob.NewDecoder(p)", "gob.NewDecoder(nil)");
        let report = check_source("x_test.go", &kept, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    }

    fn line_of(source: &str, span: crate::position::Span) -> usize {
        crate::position::LineIndex::new(source)
            .line_col(span.start)
            .line as usize
    }

    /// A test's line server over a connection the engine does not model:
    /// how many lines each connection yields (and how many connections the
    /// listener gives) is what the test's client wrote.
    const LINE_SERVER_TEST: &str = "package p\n\nimport (\n\t\"bufio\"\n\t\"net\"\n\t\"testing\"\n)\n\nfunc serve(l net.Listener, lines chan<- string) {\n\tfor {\n\t\tc, err := l.Accept()\n\t\tif err != nil {\n\t\t\treturn\n\t\t}\n\t\tgo func(c net.Conn) {\n\t\t\tdefer c.Close()\n\t\t\tr := bufio.NewReader(c)\n\t\t\tfor {\n\t\t\t\ts, err := r.ReadString('\\n')\n\t\t\t\tif err != nil {\n\t\t\t\t\treturn\n\t\t\t\t}\n\t\t\t\tlines <- s\n\t\t\t}\n\t\t}(c)\n\t}\n}\n\nfunc TestEcho(t *testing.T) {\n\tl, err := net.Listen(\"tcp\", \"127.0.0.1:0\")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer l.Close()\n\tlines := make(chan string)\n\tgo serve(l, lines)\n\tc, err := net.Dial(\"tcp\", l.Addr().String())\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer c.Close()\n\tc.Write([]byte(\"hello\\n\"))\n\tif got := <-lines; got != \"hello\\n\" {\n\t\tt.Errorf(\"got %q\", got)\n\t}\n}\n";

    #[test]
    fn a_test_server_yields_as_many_lines_as_its_client_wrote() {
        // log/syslog's tests have this shape: a server goroutine per
        // connection sends each line it reads, and the test takes the one
        // it wrote. Leaks where the connection gave two lines (a send
        // nobody takes) or none (the test's receive never served) were
        // reported; in Go the test passes.
        let report = check_source("x_test.go", LINE_SERVER_TEST, &CheckOptions::default());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // A test that never takes the line leaks the reader on its first
        // send, whatever the length: still found.
        let never_reads = LINE_SERVER_TEST.replace(
            "\tif got := <-lines; got != \"hello\\n\" {\n\t\tt.Errorf(\"got %q\", got)\n\t}\n",
            "",
        );
        assert_ne!(never_reads, LINE_SERVER_TEST);
        let report = check_source("x_test.go", &never_reads, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        assert_eq!(line_of(&never_reads, report.findings[0].span), 23);
        // The same reader as a function of its caller (any input length):
        // the second line's send is a leak when the caller takes one.
        let function =
            LINE_SERVER_TEST.replace("func TestEcho(t *testing.T) {", "func Echo(t *testing.T) {");
        let report = check_source("x.go", &function, &CheckOptions::default());
        assert!(!report.findings.is_empty(), "{:?}", report.findings);
    }

    // net/http/httputil's TestReverseProxyWebSocketCancellation has this
    // shape: a goroutine cancels the context once the test has read the
    // first line its own server writes.
    const CANCEL_ON_FIRST_LINE_TEST: &str = "package p\n\nimport (\n\t\"bufio\"\n\t\"context\"\n\t\"io\"\n\t\"net\"\n\t\"testing\"\n)\n\nfunc TestCancelOnFirstLine(t *testing.T) {\n\tconn, err := net.Dial(\"tcp\", \"127.0.0.1:7000\")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer conn.Close()\n\ttrigger := make(chan struct{})\n\tctx, cancel := context.WithCancel(context.Background())\n\tgo func() {\n\t\t<-trigger\n\t\tcancel()\n\t}()\n\t_ = ctx\n\tr := bufio.NewReader(conn)\n\tfor {\n\t\tline, err := r.ReadString('\\n')\n\t\tswitch {\n\t\tcase err == io.EOF:\n\t\t\treturn\n\t\tcase err != nil:\n\t\t\tt.Fatalf(\"read: %v\", err)\n\t\tcase line == \"first\\n\":\n\t\t\tclose(trigger)\n\t\t\treturn\n\t\tdefault:\n\t\t\tt.Fatalf(\"unexpected %q\", line)\n\t\t}\n\t}\n}\n";

    #[test]
    fn a_test_whose_input_ends_before_its_first_line_is_no_finding() {
        // Only a connection that ends before the first line leaves the
        // cancel uncalled and its goroutine blocked; the test's own server
        // writes that line, so in Go the test passes.
        let report = check_source(
            "x_test.go",
            CANCEL_ON_FIRST_LINE_TEST,
            &CheckOptions::default(),
        );
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // Without the close, the goroutine waits whatever the input: found.
        let never = CANCEL_ON_FIRST_LINE_TEST.replace("\t\t\tclose(trigger)\n", "");
        assert_ne!(never, CANCEL_ON_FIRST_LINE_TEST);
        let report = check_source("x_test.go", &never, &CheckOptions::default());
        assert!(!report.findings.is_empty(), "{:?}", report.findings);
        assert!(
            report
                .findings
                .iter()
                .any(|f| line_of(&never, f.span) == 20),
            "{:?}",
            report.findings
        );
    }

    // A reader counts its connection's lines and passes the count through
    // a buffered channel; the test's path depends on that count.
    const COUNT_THROUGH_BUFFER_TEST: &str = "package p\n\nimport (\n\t\"bufio\"\n\t\"context\"\n\t\"net\"\n\t\"testing\"\n)\n\nfunc TestOneLine(t *testing.T) {\n\tconn, err := net.Dial(\"tcp\", \"127.0.0.1:7000\")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer conn.Close()\n\tcounts := make(chan int, 1)\n\tgo func() {\n\t\tn := 0\n\t\ts := bufio.NewScanner(conn)\n\t\tfor s.Scan() {\n\t\t\tn++\n\t\t}\n\t\tcounts <- n\n\t}()\n\tctx, cancel := context.WithCancel(context.Background())\n\tstop := make(chan struct{})\n\tgo func() {\n\t\t<-stop\n\t\tcancel()\n\t}()\n\t_ = ctx\n\tif <-counts != 1 {\n\t\treturn\n\t}\n\tclose(stop)\n}\n";

    #[test]
    fn a_count_passed_through_a_buffer_carries_its_input_mark() {
        // Only a count other than one (the test's own server writes one
        // line) leaves the cancel uncalled; the value reaches the test
        // through a buffer, which once dropped the mark.
        let report = check_source(
            "x_test.go",
            COUNT_THROUGH_BUFFER_TEST,
            &CheckOptions::default(),
        );
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // A reader that closes the channel after counting passes its mark
        // to whoever sees the close.
        let closes = COUNT_THROUGH_BUFFER_TEST.replace(
            "\t\tcounts <- n\n",
            "\t\tif n == 1 {\n\t\t\tcounts <- n\n\t\t}\n\t\tclose(counts)\n",
        );
        assert_ne!(closes, COUNT_THROUGH_BUFFER_TEST);
        let report = check_source("x_test.go", &closes, &CheckOptions::default());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // Without the close of `stop`, the cancel is never called whatever
        // the count: found.
        let never = COUNT_THROUGH_BUFFER_TEST.replace("\tclose(stop)\n", "");
        assert_ne!(never, COUNT_THROUGH_BUFFER_TEST);
        let report = check_source("x_test.go", &never, &CheckOptions::default());
        assert!(
            report
                .findings
                .iter()
                .any(|f| line_of(&never, f.span) == 25),
            "{:?}",
            report.findings
        );
    }

    #[test]
    fn a_sender_blocked_while_main_spins_is_not_told_main_returned() {
        // `for {}` in main after starting a sender: Go never reports it (a
        // goroutine is running), and main never returns either.
        let source = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() {\n\t\tch <- 1\n\t}()\n\tfor {\n\t}\n}\n";
        let report = check_source("main.go", source, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        let message = &report.findings[0].message;
        assert_eq!(line_of(source, report.findings[0].span), 6);
        assert!(message.contains("`main` loops forever"), "{message}");
        assert!(!message.contains("returned"), "{message}");
    }

    #[test]
    fn a_blocked_subtest_is_reported_where_it_waits() {
        // `t.Run` waits for its subtest; when the subtest blocks for good
        // the finding is its receive, not a WaitGroup of the test's.
        let source = "package p\n\nimport \"testing\"\n\nfunc TestSub(t *testing.T) {\n\tt.Run(\"a\", func(t *testing.T) {\n\t\tdone := make(chan int)\n\t\tgo func() {}()\n\t\t<-done\n\t})\n}\n";
        let report = check_source("x_test.go", source, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        assert_eq!(report.findings[0].rule, "orphan-receive");
        assert_eq!(line_of(source, report.findings[0].span), 9);
    }

    #[test]
    fn what_a_test_leaves_after_failing_on_an_unknown_error_is_no_finding() {
        // net/smtp's TestTLSClient: the test fails (t.Fatalf) if Accept
        // fails, before it receives what the client goroutine sends. The
        // failure is the report; the blocked sender on that path is not.
        let source = "package p\n\nimport (\n\t\"net\"\n\t\"testing\"\n)\n\nfunc TestClient(t *testing.T) {\n\tln, err := net.Listen(\"tcp\", \"127.0.0.1:0\")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer ln.Close()\n\terrc := make(chan error)\n\tgo func() {\n\t\tc, err := net.Dial(\"tcp\", ln.Addr().String())\n\t\tif err == nil {\n\t\t\tc.Close()\n\t\t}\n\t\terrc <- err\n\t}()\n\tconn, err := ln.Accept()\n\tif err != nil {\n\t\tt.Fatalf(\"accept: %v\", err)\n\t}\n\tconn.Close()\n\tif err := <-errc; err != nil {\n\t\tt.Fatalf(\"client: %v\", err)\n\t}\n}\n";
        let report = check_source("x_test.go", source, &CheckOptions::default());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // Returning early without failing leaks the sender: still found.
        let returns = source.replace("\t\tt.Fatalf(\"accept: %v\", err)\n", "\t\treturn\n");
        assert_ne!(returns, source);
        let report = check_source("x_test.go", &returns, &CheckOptions::default());
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        assert_eq!(line_of(&returns, report.findings[0].span), 20);
    }
}
