//! The `check` and `fix` commands: programs loaded by `cli_packages`,
//! checked in parallel (rayon, `--jobs`), with a progress bar on a terminal.

use crate::cli_packages::{load, Excludes, Unit};
use crate::{out, CheckArgs, FixArgs, Format, LoadArgs, RunnerArgs};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use leakscope::api::{EntryMap, EntryTask, IndexedResults};
use leakscope::check::{check_package, choose_verified_fixes, chosen_verified_edits, CheckOptions};
use leakscope::findings::report::{self, escape_controls};
use leakscope::findings::FileReport;
use leakscope::fix::Applicability;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

/// The progress bar shows only on a terminal and only once a run has taken
/// this long: a quick check prints nothing but its findings.
/// `LEAKSCOPE_PROGRESS_AFTER_MS` changes it (the tests show it at once).
fn progress_after() -> Duration {
    std::env::var("LEAKSCOPE_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

/// Loads the programs named by the paths, or says why not (exit status 2).
fn load_units(paths: &[std::path::PathBuf], load_args: &LoadArgs) -> Result<Vec<Unit>, ExitCode> {
    let loaded = Excludes::new(&load_args.exclude).and_then(|excludes| load(paths, &excludes));
    loaded.map_err(|err| {
        eprintln!("leakscope: {}", escape_controls(&err.0));
        ExitCode::from(2)
    })
}

/// Check options of the command line for one program: the entry budget per
/// program; the CLI's wall-time budget once per file that may hold an entry
/// (a package has the time its files had one by one, and a package of many
/// files not more than its entries need); with several jobs, its entries
/// explored at once.
fn options_for(load_args: &LoadArgs, runner: &RunnerArgs, unit: &Unit) -> CheckOptions {
    let mut options = CheckOptions::default();
    options.analyze.entry = load_args.entry.clone();
    options.analyze.all_functions = load_args.all_functions;
    options.analyze.max_entries = load_args.max_entries as usize;
    let files = unit
        .package
        .files
        .len()
        .clamp(1, options.analyze.max_entries.max(1));
    options.analyze.config.max_wall_time_ms *= files as f64;
    options.analyze.entry_map = Some(EntryMap {
        jobs: jobs(runner),
        map: on_the_pool,
    });
    options
}

/// Runs a program's entry tasks on the thread pool (see `api::EntryMap`).
fn on_the_pool(tasks: usize, task: &EntryTask) -> Vec<IndexedResults> {
    (0..tasks).into_par_iter().map(task).collect()
}

/// `--jobs`, or all cores.
fn jobs(runner: &RunnerArgs) -> usize {
    runner.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1)
    })
}

/// Uses `--jobs` threads (all cores by default) for the rest of the run.
fn set_jobs(runner: &RunnerArgs) {
    let threads = jobs(runner);
    // Fails only when a pool exists already, which then serves as well.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
}

/// A bar counting programs on stderr: drawn only on a terminal, not with
/// `--quiet`, and only after [`progress_after`].
fn progress(total: usize, runner: &RunnerArgs) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
    if runner.quiet || !std::io::stderr().is_terminal() {
        return bar;
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed}] {pos}/{len} programs {wide_msg}")
            .expect("the template is valid"),
    );
    let shown = bar.clone();
    let after = progress_after();
    std::thread::spawn(move || {
        std::thread::sleep(after);
        if !shown.is_finished() {
            shown.set_draw_target(ProgressDrawTarget::stderr());
            shown.enable_steady_tick(Duration::from_millis(120));
        }
    });
    bar
}

/// Checks every program, `--jobs` at a time, in the order loaded.
fn check_units(units: &[Unit], load_args: &LoadArgs, runner: &RunnerArgs) -> Vec<FileReport> {
    set_jobs(runner);
    let bar = progress(units.len(), runner);
    let reports = units
        .par_iter()
        .map(|unit| {
            bar.set_message(escape_controls(&unit.path).into_owned());
            let report = check_package(
                &unit.path,
                &unit.package,
                &options_for(load_args, runner, unit),
            );
            bar.inc(1);
            report
        })
        .collect();
    bar.finish_and_clear();
    reports
}

pub fn check_command(args: CheckArgs) -> ExitCode {
    let units = match load_units(&args.paths, &args.load) {
        Ok(units) => units,
        Err(code) => return code,
    };
    let reports = check_units(&units, &args.load, &args.runner);
    match args.format {
        Format::Json => out!(
            "{}",
            serde_json::to_string_pretty(&report::json(&reports)).expect("JSON values serialize")
        ),
        Format::Sarif => out!(
            "{}",
            serde_json::to_string_pretty(&report::sarif(&reports)).expect("JSON values serialize")
        ),
        Format::Text => {
            use std::io::Write as _;
            let _ = std::io::stdout().write_all(report::text(&reports).as_bytes());
            if !args.runner.quiet {
                summary(&reports);
            }
        }
    }
    if reports.iter().any(|r| !r.findings.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The closing lines on stderr: what was read, what was found, what was
/// bounded.
fn summary(reports: &[FileReport]) {
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    let files: usize = reports.iter().map(|r| r.files.len().max(1)).sum();
    let bounded: Vec<String> = reports
        .iter()
        .flat_map(|r| {
            r.entries
                .iter()
                .filter(|e| !e.search.exhaustive)
                .map(move |e| format!("{}:{}", escape_controls(&r.path), e.search.name))
        })
        .collect();
    eprintln!(
        "leakscope: {files} file(s) in {} program(s), {findings} finding(s)",
        reports.len()
    );
    if !bounded.is_empty() {
        eprintln!(
            "leakscope: exploration was bounded (not every schedule) for {}",
            bounded.join(", ")
        );
    }
}

pub fn fix_command(args: FixArgs) -> ExitCode {
    let units = match load_units(&args.paths, &args.load) {
        Ok(units) => units,
        Err(code) => return code,
    };
    let reports = check_units(&units, &args.load, &args.runner);
    let rule = args.rule.as_deref();
    let mut findings_left = false;
    let mut changed_any = false;
    let mut held_back = false;
    for (unit, report) in units.iter().zip(&reports) {
        let edits = chosen_verified_edits(&report.findings, rule, args.unsafe_fixes);
        // Each fix says what it is and why it is Safe or Unsafe, applied or not.
        if !args.runner.quiet {
            let lines = leakscope::syntax::LineIndex::new(&report.source);
            let chosen = choose_verified_fixes(&report.findings, rule, args.unsafe_fixes);
            for finding in report
                .findings
                .iter()
                .filter(|f| rule.is_none_or(|r| f.rule == r))
            {
                let (path, at) = report.locate(&lines, finding.span.start);
                for fix in finding.fixes.iter().filter(|x| x.verified) {
                    let applied = chosen.iter().any(|(_, c)| std::ptr::eq(*c, fix));
                    eprintln!(
                        "{}:{}: {}: {}: {} ({}: {})",
                        escape_controls(path),
                        at.line,
                        finding.rule,
                        if applied { "applied" } else { "not applied" },
                        escape_controls(&fix.title),
                        fix.applicability.as_str(),
                        escape_controls(&fix.why)
                    );
                }
            }
        }
        findings_left |= !report.findings.is_empty();
        held_back |= !args.unsafe_fixes
            && report.findings.iter().any(|f| {
                rule.is_none_or(|r| f.rule == r)
                    && !f
                        .fixes
                        .iter()
                        .any(|x| x.verified && x.applicability == Applicability::Safe)
                    && f.fixes.iter().any(|x| x.verified)
            });
        // Each edit, moved into the file it changes.
        let mut per_file: Vec<(usize, Vec<leakscope::fix::Edit>)> = Vec::new();
        for edit in edits {
            let Some((part, start)) = unit.package.locate(edit.start) else {
                continue;
            };
            if edit.end > part.end {
                continue;
            }
            let index = unit
                .package
                .files
                .iter()
                .position(|f| f.path == part.path)
                .unwrap_or(0);
            let local = leakscope::fix::Edit {
                start,
                end: start + (edit.end - edit.start),
                text: edit.text,
            };
            match per_file.iter_mut().find(|(i, _)| *i == index) {
                Some((_, list)) => list.push(local),
                None => per_file.push((index, vec![local])),
            }
        }
        per_file.sort_by_key(|(i, _)| *i);
        for (index, edits) in per_file {
            let path = &unit.package.files[index].path;
            let source = match crate::read_source(path) {
                Ok(source) => source,
                Err(code) => return code,
            };
            let fixed = match leakscope::fix::apply_edits(&source, &edits) {
                Ok(fixed) => fixed,
                Err(err) => {
                    eprintln!(
                        "leakscope: the fixes do not apply cleanly to {}: {err}",
                        escape_controls(path)
                    );
                    return ExitCode::from(1);
                }
            };
            if fixed == source {
                continue;
            }
            changed_any = true;
            if args.write {
                if let Err(err) = std::fs::write(path, &fixed) {
                    eprintln!("leakscope: cannot write {}: {err}", escape_controls(path));
                    return ExitCode::from(2);
                }
                if !args.runner.quiet {
                    eprintln!("leakscope: fixed {}", escape_controls(path));
                }
            } else {
                use std::io::Write as _;
                let _ = std::io::stdout()
                    .write_all(leakscope::fix::unified_diff(path, &source, &fixed).as_bytes());
            }
        }
    }
    if held_back {
        eprintln!(
            "leakscope: verified fixes that change behaviour were not applied; review them with `leakscope check` and pass --unsafe-fixes to apply them"
        );
    }
    if changed_any {
        return ExitCode::SUCCESS;
    }
    if !args.runner.quiet {
        let names: Vec<String> = units
            .iter()
            .map(|u| escape_controls(&u.path).into_owned())
            .collect();
        eprintln!(
            "leakscope: no verified fix to apply in {}",
            names.join(", ")
        );
    }
    if findings_left {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
