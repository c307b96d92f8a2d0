//! The one place where source becomes what the editor shows: the syntactic
//! outline (go statements, channel operations, syntax errors), syntax colours,
//! and the analyzer's findings with their fixes and witnesses, all converted
//! to UTF-16 ranges, so nothing else in the page has to learn about the
//! analyzer's types.

use crate::follow::follow;
use crate::highlight::highlight_tokens;
use crate::names::{sync_objects, waits_on, CodeNames};
use crate::protocol::{
    AnalysisOptions, AnalysisRequest, AnalysisResponse, ChannelState, EditorAnalysis, EditorEdit,
    EditorFinding, EditorFix, EntryInfo, FindingLabel, GoroutineState, Handoff, ItemKind,
    LockState, OutlineItem, RuleDoc, Timeline, TimelineStep, PARTIAL_ABOVE_LINES,
};
use crate::text::TextRange;
use crate::text::{one_line, Utf16Offsets};
use leakscope::check::{check_parsed, CheckOptions};
use leakscope::clock;
use leakscope::findings::Finding;
use leakscope::outline::{outline, ChannelOpKind};
use leakscope::syntax::{parse, ParsedFile, Span};
use leakscope::verdict::Witness;

pub use crate::protocol::MAX_ITEMS_PER_LIST;

/// How many characters of a statement a list entry shows.
const LABEL_CHARS: usize = 80;

/// Analyzes one version of the editor's text. Never fails: broken code gives
/// syntax errors plus whatever parsed around them.
pub fn analyze_for_editor(source: &str, options: &AnalysisOptions) -> EditorAnalysis {
    analyze_for_editor_with_clock(source, options, &mut clock::now_ms)
}

/// [`analyze_for_editor`] with the clock the time budget is read from
/// (milliseconds). The source is parsed once, for everything: the outline
/// and colours first (always shown), then the search, which shares one
/// budget ([`CheckOptions::max_total_ms`]) with the parse.
pub fn analyze_for_editor_with_clock(
    source: &str,
    options: &AnalysisOptions,
    clock: &mut dyn FnMut() -> f64,
) -> EditorAnalysis {
    analyze_in_parts(source, options, clock, &mut |_| {})
}

/// [`analyze_for_editor_with_clock`]; when the runs to show are long (more
/// than [`PARTIAL_ABOVE_LINES`] goroutine lines in all), `findings_first`
/// gets the analysis with every run still empty before they are converted.
fn analyze_in_parts(
    source: &str,
    options: &AnalysisOptions,
    clock: &mut dyn FnMut() -> f64,
    findings_first: &mut dyn FnMut(&EditorAnalysis),
) -> EditorAnalysis {
    let started = clock();
    let file = parse(source);
    let offsets = Utf16Offsets::new(source);
    let found = outline(&file);
    let mut truncated = false;
    let item = |kind: ItemKind, span: Span, label: String| OutlineItem {
        kind,
        range: offsets.range(span),
        label,
    };
    let mut cut = |n: usize| {
        truncated |= n > MAX_ITEMS_PER_LIST;
        n.min(MAX_ITEMS_PER_LIST)
    };
    let syntax_errors = found.syntax_errors[..cut(found.syntax_errors.len())]
        .iter()
        .map(|e| item(ItemKind::SyntaxError, e.span, e.message.clone()))
        .collect();
    let go_statements = found.go_statements[..cut(found.go_statements.len())]
        .iter()
        .map(|&span| {
            item(
                ItemKind::GoStatement,
                span,
                one_line(&source[span.range()], LABEL_CHARS),
            )
        })
        .collect();
    let channel_ops = found.channel_ops[..cut(found.channel_ops.len())]
        .iter()
        .map(|op| {
            let kind = match op.kind {
                ChannelOpKind::Make => ItemKind::MakeChannel,
                ChannelOpKind::Send => ItemKind::Send,
                ChannelOpKind::Receive => ItemKind::Receive,
                ChannelOpKind::Close => ItemKind::Close,
                ChannelOpKind::Range => ItemKind::RangeOverChannel,
                ChannelOpKind::Select => ItemKind::Select,
            };
            item(
                kind,
                op.span,
                one_line(&source[op.span.range()], LABEL_CHARS),
            )
        })
        .collect();
    let tokens = highlight_tokens(&file, &offsets);
    let mut analysis = EditorAnalysis {
        syntax_errors,
        go_statements,
        channel_ops,
        truncated,
        tokens,
        ..EditorAnalysis::default()
    };
    findings_for_editor(
        &file,
        options,
        &offsets,
        started,
        clock,
        &mut analysis,
        findings_first,
    );
    analysis
}

/// Explores the schedules within the browser's budget, names the findings,
/// verifies their fixes, and converts everything to UTF-16 for the editor:
/// the runs (witnesses and clean runs) last, after `findings_first` has seen
/// the rest when they are long.
fn findings_for_editor(
    file: &ParsedFile,
    options: &AnalysisOptions,
    offsets: &Utf16Offsets<'_>,
    started: f64,
    clock: &mut dyn FnMut() -> f64,
    out: &mut EditorAnalysis,
    findings_first: &mut dyn FnMut(&EditorAnalysis),
) {
    let mut check = CheckOptions::browser();
    if options.deep {
        let config = &mut check.analyze.config;
        config.max_wall_time_ms *= 10.0;
        config.max_schedules *= 5;
        // A program that starts thousands of goroutines, or runs long loops,
        // is followed as far as the command line follows it.
        // Twice the goroutines, not ten times: a run has no choice point to
        // read the clock at while it starts goroutines, and 200,000 of them
        // outlasted the worker's watchdog.
        config.max_goroutines *= 2;
        config.max_steps_per_run *= 10;
        check.analyze.max_entries *= 4;
        check.max_total_ms *= 4.0;
    }
    check.analyze.entry = options.entry.clone().filter(|e| !e.is_empty());
    check.analyze.all_functions = options.all_functions;
    // Lowering and compiling the program cost about as much as parsing it:
    // when the parse (with the outline and colours) took half the budget,
    // the search would take the rest and more. Skip it, and say so.
    let spent = clock() - started;
    if spent * 2.0 > check.max_total_ms {
        out.search_skipped = true;
        return;
    }
    let config = &mut check.analyze.config;
    config.max_wall_time_ms = config.max_wall_time_ms.min(check.max_total_ms - spent);
    config.first_run_ms = config.first_run_ms.min(check.max_total_ms - spent);
    let report = check_parsed("main.go", file, &check, started, clock);
    let source = file.text.as_str();
    let names = CodeNames::new(file);
    out.unverified_for_time = report.unverified_for_time as u32;
    out.entries_skipped = report.entries_skipped as u32;
    out.entries = report
        .entries
        .iter()
        .map(|e| EntryInfo {
            search: e.search.clone(),
            clean_timeline: None,
        })
        .collect();
    out.findings = report
        .findings
        .iter()
        .map(|f| {
            let mut finding = editor_finding(file, f, offsets, &check);
            // The gallery's fixed version, while the text is the example's.
            finding.paired_run = options
                .pair
                .as_ref()
                .filter(|p| p.leaking == source)
                .and_then(|p| Some((p.title.clone(), fixed_run(file, &p.fixed, f, &check)?)));
            finding
        })
        .collect();
    // The runs, converted last: a long one costs more than the search did.
    let lines = |w: &Witness| w.steps.iter().map(|s| s.goroutines.len()).sum::<usize>();
    let witnesses = report.findings.iter().map(|f| &f.witness);
    let clean = report
        .entries
        .iter()
        .filter_map(|e| e.clean_witness.as_ref());
    if witnesses.chain(clean).map(lines).sum::<usize>() > PARTIAL_ABOVE_LINES {
        findings_first(out);
    }
    for (shown, found) in out.findings.iter_mut().zip(&report.findings) {
        shown.witness = timeline(&found.witness, offsets, &names);
    }
    for (shown, entry) in out.entries.iter_mut().zip(&report.entries) {
        shown.clean_timeline = entry
            .clean_witness
            .as_ref()
            .map(|w| timeline(w, offsets, &names));
    }
}

/// Past this many goroutines at its last step a witness is not replayed on
/// the fixed program: nobody watches a hundred lanes side by side.
const MAX_SIDE_BY_SIDE_GOROUTINES: usize = 32;

/// A program's machine (with its text, for event sentences) and the entry
/// `name` in it.
fn machine_for(
    file: &ParsedFile,
    name: &str,
    check: &CheckOptions,
) -> Option<(leakscope::engine::Machine, leakscope::model::FuncId)> {
    if !file.errors.is_empty() {
        return None;
    }
    let program = leakscope::model::lower(file);
    let (_, entry, _) = leakscope::api::entries(&program, Some(name), 1, true)
        .into_iter()
        .next()?;
    let machine = leakscope::engine::Machine::new(
        leakscope::engine::compile(program),
        check.analyze.config.limits(),
    )
    .with_source(&file.text);
    Some((machine, entry))
}

/// The fixed program, run with the leaking run's schedule by meaning: the
/// same goroutines take the same turns to do the same operations, where
/// they still exist ([`crate::follow`]).
fn fixed_run(
    leaking: &ParsedFile,
    fixed_source: &str,
    finding: &Finding,
    check: &CheckOptions,
) -> Option<Timeline> {
    let witness = &finding.witness;
    let last = witness.steps.last()?;
    if last.goroutines.len() > MAX_SIDE_BY_SIDE_GOROUTINES {
        return None;
    }
    let file = parse(fixed_source);
    let (machine, entry) = machine_for(&file, &finding.entry, check)?;
    let (leak_machine, leak_entry) = machine_for(leaking, &finding.entry, check)?;
    let run = follow(
        (&leak_machine, &leaking.text, leak_entry, witness),
        (&machine, fixed_source, entry),
    );
    let offsets = Utf16Offsets::new(fixed_source);
    Some(timeline(&run, &offsets, &CodeNames::new(&file)))
}

fn editor_finding(
    file: &ParsedFile,
    finding: &Finding,
    offsets: &Utf16Offsets<'_>,
    check: &CheckOptions,
) -> EditorFinding {
    let source = file.text.as_str();
    let rule = leakscope::rules::rule(finding.rule);
    EditorFinding {
        rule: finding.rule.to_string(),
        rule_name: rule.map(|r| r.name.to_string()).unwrap_or_default(),
        kind: finding.kind,
        severity: finding.severity,
        entry: finding.entry.clone(),
        message: finding.message.clone(),
        why: finding.why.clone(),
        help: finding.help.clone(),
        range: offsets.range(finding.span),
        labels: finding
            .labels
            .iter()
            .map(|l| FindingLabel {
                range: offsets.range(l.span),
                message: l.message.clone(),
            })
            .collect(),
        fixes: finding
            .fixes
            .iter()
            .map(|fix| {
                let fixed = fix.apply(source).ok();
                let offered = fix.verified
                    && fix.applicability != leakscope::fix::Applicability::DisplayOnly
                    && !fix.edits.is_empty();
                EditorFix {
                    title: fix.title.clone(),
                    applicability: fix.applicability,
                    why: fix.why.clone(),
                    verified: fix.verified,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| EditorEdit {
                            from: offsets.utf16(e.start),
                            to: offsets.utf16(e.end),
                            insert: e.text.clone(),
                        })
                        .collect(),
                    diff: fixed
                        .as_ref()
                        .map(|fixed| leakscope::fix::unified_diff("main.go", source, fixed))
                        .unwrap_or_default(),
                    fixed_run: fixed
                        .as_deref()
                        .filter(|_| offered)
                        .and_then(|fixed| fixed_run(file, fixed, finding, check)),
                }
            })
            .collect(),
        // Converted by the caller, last (see `findings_for_editor`).
        witness: Timeline::default(),
        runs: finding.runs,
        paired_run: None,
    }
}

/// The engine's witness, with its spans in UTF-16 ranges, and its mutexes,
/// WaitGroups and conds named as the code names them.
pub fn timeline(witness: &Witness, offsets: &Utf16Offsets<'_>, names: &CodeNames<'_>) -> Timeline {
    // Each goroutine's span at each step, converted once: 10,000 senders
    // blocked at one line are one conversion, not one per goroutine per step.
    // (A sorted list: a map type of its own added more code to the download.)
    let mut ranges: Vec<(Span, TextRange)> = Vec::new();
    let mut range = |span: Span| match ranges.binary_search_by_key(&span, |r| r.0) {
        Ok(i) => ranges[i].1,
        Err(i) => {
            let converted = offsets.range(span);
            ranges.insert(i, (span, converted));
            converted
        }
    };
    let mut steps = Vec::with_capacity(witness.steps.len());
    for step in &witness.steps {
        let goroutines = step
            .goroutines
            .iter()
            .map(|g| GoroutineState {
                id: g.id.number(),
                function: g.function,
                go_range: g.go_span.map(&mut range),
                status: g.status,
                reason: g.reason.map(|r| r.go_name().to_string()),
                range: range(g.span),
                wake_ns: g.wake_ns,
                waits_on: waits_on(names, g.reason, g.span),
            })
            .collect();
        steps.push(TimelineStep {
            actor: step.actor.number(),
            event: step.event.clone(),
            range: step.span.map(&mut range),
            clock_ns: step.clock_ns,
            goroutines,
            channels: step
                .channels
                .iter()
                .map(|c| ChannelState {
                    id: c.id,
                    name: names.channel(c.make_span),
                    make_range: range(c.make_span),
                    capacity: c.cap,
                    buffer: c.buffer.clone(),
                    closed: c.closed,
                    senders: c.senders.iter().map(|g| g.number()).collect(),
                    receivers: c.receivers.iter().map(|g| g.number()).collect(),
                })
                .collect(),
            locks: step
                .locks
                .iter()
                .map(|l| LockState {
                    id: l.id,
                    locked: l.locked,
                    readers: l.readers,
                    waiters: l.waiters.iter().map(|g| g.number()).collect(),
                })
                .collect(),
            output_len: step.output_len,
            handoffs: step
                .handoffs
                .iter()
                .map(|h| Handoff {
                    from: h.from.number(),
                    to: h.to.number(),
                    object: h.object,
                    kind: h.kind,
                })
                .collect(),
        });
    }
    let spans: Vec<Option<Span>> = witness.steps.iter().map(|s| s.span).collect();
    let objects = sync_objects(names, offsets, &steps, &spans);
    Timeline {
        schedule: witness.schedule.clone(),
        functions: witness.functions.clone(),
        output: witness.output.clone(),
        steps,
        objects,
    }
}

/// The analyzer's pattern catalogue, for the page's documentation pages.
pub fn rule_docs() -> Vec<RuleDoc> {
    leakscope::rules::RULES
        .iter()
        .map(|r| RuleDoc {
            id: r.id.to_string(),
            name: r.name.to_string(),
            what: r.what.to_string(),
            why: r.why.to_string(),
            fix: r.fix.to_string(),
        })
        .collect()
}

/// Answers one worker request, timing it.
pub fn handle_request(request: AnalysisRequest) -> AnalysisResponse {
    handle_request_in_parts(request, &mut |_| {})
}

/// Answers one worker request, timing it; when its runs are long, `partial`
/// first gets the findings without them (see [`AnalysisResponse::partial`]).
pub fn handle_request_in_parts(
    request: AnalysisRequest,
    partial: &mut dyn FnMut(AnalysisResponse),
) -> AnalysisResponse {
    handle_request_with_clock(request, &mut clock::now_ms, partial)
}

/// [`handle_request_in_parts`] with the clock the budgets are read from
/// (milliseconds).
pub fn handle_request_with_clock(
    request: AnalysisRequest,
    clock: &mut dyn FnMut() -> f64,
    partial: &mut dyn FnMut(AnalysisResponse),
) -> AnalysisResponse {
    let started = clock::now_ms();
    let (version, deep) = (request.version, request.options.deep);
    let analysis = analyze_in_parts(&request.source, &request.options, clock, &mut |first| {
        partial(AnalysisResponse {
            version,
            analysis: first.clone(),
            elapsed_ms: clock::now_ms() - started,
            deep,
            partial: true,
        })
    });
    AnalysisResponse {
        version,
        analysis,
        elapsed_ms: clock::now_ms() - started,
        deep,
        partial: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Applicability, GoStatus};
    use crate::text::Position;

    /// Real Go: "all goroutines are asleep - deadlock!" (main waits on `wg`
    /// after one receive; the other senders block forever).
    pub(crate) fn many_senders(n: u32) -> String {
        format!(
            "package main\n\nimport \"sync\"\n\nfunc main() {{\n\tch := make(chan int)\n\tvar wg sync.WaitGroup\n\tfor i := 0; i < {n}; i++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\tch <- i\n\t\t}}()\n\t}}\n\t<-ch\n\twg.Wait()\n}}\n"
        )
    }

    /// The clock the tests of long searches read: the budgets are set for
    /// optimized builds, and a debug build (the analyzer at opt-level 1)
    /// on a loaded machine took longer than a search's first run may take
    /// to start 10,000 goroutines, so found nothing. In a debug build it
    /// runs at a fifth of real speed.
    fn build_speed_clock() -> impl FnMut() -> f64 {
        let speed = if cfg!(debug_assertions) { 0.2 } else { 1.0 };
        move || clock::now_ms() * speed
    }

    #[test]
    fn ten_thousand_senders_are_a_deadlock_not_a_clean_bill() {
        // Real Go: "all goroutines are asleep - deadlock!". The keystroke's
        // search cannot try every order of 10,000 senders, and says so.
        let analysis = analyze_for_editor_with_clock(
            &many_senders(10_000),
            &AnalysisOptions::default(),
            &mut build_speed_clock(),
        );
        let entry = &analysis.entries[0];
        assert!(!entry.search.exhaustive);
        assert!(entry.search.bounded_by.is_some());
        let finding = analysis.findings.first().expect("the deadlock is found");
        assert_eq!(finding.range.start.line, 16, "{:?}", finding);
    }

    #[test]
    fn long_runs_come_after_the_findings() {
        let request = |source: String| AnalysisRequest {
            version: 4,
            source,
            options: AnalysisOptions::default(),
        };
        let mut first = Vec::new();
        let whole = handle_request_with_clock(
            request(many_senders(10_000)),
            &mut build_speed_clock(),
            &mut |p| first.push(p),
        );
        let [partial] = first.as_slice() else {
            panic!("one answer before the whole: {}", first.len());
        };
        assert!(partial.partial && !whole.partial);
        assert_eq!(partial.version, 4);
        // The deadlock, at its line, with every run still empty.
        let findings = &partial.analysis.findings;
        assert_eq!(findings.len(), whole.analysis.findings.len());
        assert_eq!(findings[0].range.start.line, 16);
        assert!(findings.iter().all(|f| f.witness.steps.is_empty()));
        assert!(whole.analysis.findings[0].witness.steps.len() > 1);
        let mut partials = 0;
        let small = handle_request_in_parts(
            request(crate::examples::EXAMPLES[0].source.to_string()),
            &mut |_| partials += 1,
        );
        // A short run comes with its findings, in one answer.
        assert_eq!(partials, 0);
        assert!(!small.analysis.findings[0].witness.steps.is_empty());
    }

    #[test]
    fn a_search_cut_by_the_goroutine_bound_says_so_with_the_limit() {
        // A program that starts goroutines without end: the keystroke's
        // search stops at its goroutine bound and says which.
        let source = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tfor {\n\t\tgo func() { ch <- 1 }()\n\t}\n}\n";
        // A clock that stands still: on a loaded machine the time budget
        // used to run out first, and this is about the goroutine bound.
        let analysis =
            analyze_for_editor_with_clock(source, &AnalysisOptions::default(), &mut || 0.0);
        let entry = &analysis.entries[0];
        assert!(!entry.search.exhaustive);
        assert_eq!(
            entry.search.bounded_by,
            Some(leakscope_data::Bound::Goroutines)
        );
        assert_eq!(entry.search.limit, Some(20_000));
    }

    /// Every step of `leaking` is taken, in `fixed`, by the same goroutine
    /// running the same code (as the step's sentence quotes it).
    fn assert_same_turns(leaking: &Timeline, fixed: &Timeline) {
        let code = |event: &str| event.split('`').nth(1).unwrap_or("").to_string();
        assert!(fixed.steps.len() >= leaking.steps.len());
        for (l, f) in leaking.steps.iter().zip(&fixed.steps) {
            assert_eq!(l.actor, f.actor, "{} / {}", l.event, f.event);
            assert_eq!(code(&l.event), code(&f.event), "{} / {}", l.event, f.event);
        }
    }

    #[test]
    fn a_verified_fix_carries_its_reason_and_the_fixed_run_of_the_same_schedule() {
        let source = crate::examples::EXAMPLES[0].source;
        let analysis = analyze_for_editor(source, &AnalysisOptions::default());
        let finding = &analysis.findings[0];
        let fix = finding
            .fixes
            .iter()
            .find(|f| crate::ui::editor::offered(f))
            .expect("a verified fix");
        assert!(!fix.why.is_empty());
        assert!(matches!(
            fix.applicability,
            Applicability::Safe | Applicability::Unsafe
        ));
        let fixed = fix.fixed_run.as_ref().expect("the fixed run");
        // The same run by meaning: each step of the leaking run is taken by
        // the same goroutine on the same code in the fixed one.
        assert_same_turns(&finding.witness, fixed);
        let blocked_at_end = |t: &Timeline| {
            t.steps.last().map_or(0, |s| {
                s.goroutines
                    .iter()
                    .filter(|g| g.status == GoStatus::Blocked)
                    .count()
            })
        };
        assert!(blocked_at_end(&finding.witness) > 0);
        assert_eq!(blocked_at_end(fixed), 0);
        // Suggestions that are not offered carry no run.
        for f in finding
            .fixes
            .iter()
            .filter(|f| !crate::ui::editor::offered(f))
        {
            assert_eq!(f.fixed_run, None);
        }
    }

    #[test]
    fn a_gallery_example_is_paired_with_its_fixed_version_only_while_unedited() {
        let options = AnalysisOptions {
            pair: crate::examples::pair_of(Some("premature-return")),
            ..AnalysisOptions::default()
        };
        let pair = options
            .pair
            .clone()
            .expect("the example has a fixed version");
        assert_eq!(
            pair.fixed,
            crate::examples::find("premature-return-fixed")
                .unwrap()
                .source
        );
        let analysis = analyze_for_editor(&pair.leaking, &options);
        let finding = &analysis.findings[0];
        let (title, fixed) = finding
            .paired_run
            .as_ref()
            .expect("the fixed version's run");
        assert_eq!(title, &pair.title);
        assert_same_turns(&finding.witness, fixed);
        let last = fixed.steps.last().unwrap();
        assert!(last
            .goroutines
            .iter()
            .all(|g| g.status != GoStatus::Blocked));
        // Edited text is not the example any more: no pair.
        let edited = format!("{}\n// edited\n", pair.leaking);
        let analysis = analyze_for_editor(&edited, &options);
        assert!(analysis.findings.iter().all(|f| f.paired_run.is_none()));
        // Fixed and correct examples have no pair.
        assert_eq!(
            crate::examples::pair_of(Some("premature-return-fixed")),
            None
        );
        assert_eq!(crate::examples::pair_of(None), None);
    }

    #[test]
    fn two_go_statements_and_a_syntax_error() {
        let source = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tgo work(ch)\n\tx := \n}\n";
        let analysis = analyze_for_editor(source, &AnalysisOptions::default());
        let lines: Vec<u32> = analysis
            .go_statements
            .iter()
            .map(|g| g.range.start.line)
            .collect();
        assert_eq!(lines, vec![5, 6]);
        assert_eq!(analysis.go_statements[1].label, "go work(ch)");
        assert_eq!(analysis.syntax_errors.len(), 1);
        assert_eq!(analysis.syntax_errors[0].kind, ItemKind::SyntaxError);
        let kinds: Vec<ItemKind> = analysis.channel_ops.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![ItemKind::MakeChannel, ItemKind::Send]);
        assert!(!analysis.tokens.is_empty());
    }

    #[test]
    fn positions_are_in_utf16_columns() {
        let source = "package main\nfunc main() { /* é😀 */ go f() }\n";
        let analysis = analyze_for_editor(source, &AnalysisOptions::default());
        let go = &analysis.go_statements[0];
        // "func main() { /* é😀 */ " is 24 UTF-16 units long.
        assert_eq!(
            go.range.start,
            Position {
                line: 2,
                column: 25
            }
        );
        assert_eq!(go.range.from, 13 + 24);
    }

    #[test]
    fn a_whole_answer_survives_serde() {
        // The same derives serde-wasm-bindgen uses in the browser (tested
        // there by worker_api.rs), through serde_json here.
        use crate::protocol::{FromWorker, ToWorker};
        fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> Option<T> {
            serde_json::from_str(&serde_json::to_string(value).ok()?).ok()
        }
        let source = crate::examples::EXAMPLES[0].source;
        let request = AnalysisRequest {
            version: 3,
            source: source.to_string(),
            options: AnalysisOptions {
                entry: Some("main".into()),
                all_functions: true,
                deep: false,
                pair: crate::examples::pair_of(Some("premature-return")),
            },
        };
        let to_worker = ToWorker::Analyze(request.clone());
        assert_eq!(round_trip(&to_worker), Some(to_worker));
        let mut response = handle_request(request);
        // serde_json reads most decimals back exactly, not all; the browser
        // path (structured clone) copies floats bit for bit.
        response.elapsed_ms = 12.5;
        for entry in &mut response.analysis.entries {
            entry.search.elapsed_ms = 0.25;
        }
        let answer = FromWorker::Answer(response);
        let FromWorker::Answer(response) = &answer else {
            unreachable!()
        };
        // The example has a finding with a fix and a witness: every type is in it.
        let finding = &response.analysis.findings[0];
        assert!(!finding.fixes[0].edits.is_empty());
        assert!(!finding.witness.steps.is_empty());
        assert!(!response.analysis.tokens.is_empty());
        assert_eq!(round_trip(&answer), Some(answer));
        assert_eq!(
            round_trip(&FromWorker::Ready(rule_docs())),
            Some(FromWorker::Ready(rule_docs()))
        );
        for kind in ItemKind::ALL {
            assert_eq!(ItemKind::ALL[kind as usize], kind);
        }
    }

    #[test]
    fn one_budget_for_everything_skips_the_search_when_parsing_used_half() {
        let source = crate::examples::EXAMPLES[0].source;
        // A clock on which every reading is a second later: the parse alone
        // "took" more than half of the 1.5 s budget.
        let mut now = 0.0;
        let mut slow = || {
            now += 1_000.0;
            now
        };
        let skipped = analyze_for_editor_with_clock(source, &AnalysisOptions::default(), &mut slow);
        assert!(skipped.search_skipped);
        assert!(skipped.findings.is_empty() && skipped.entries.is_empty());
        // What is always shown is still there.
        assert!(!skipped.go_statements.is_empty() && !skipped.tokens.is_empty());

        // On a clock that stands still, the same text is searched and its
        // leak found, with its fix verified.
        let searched =
            analyze_for_editor_with_clock(source, &AnalysisOptions::default(), &mut || 0.0);
        assert!(!searched.search_skipped);
        assert_eq!(searched.unverified_for_time, 0);
        assert!(searched.findings[0].fixes[0].verified);
    }

    #[test]
    fn fixes_left_when_the_budget_runs_out_are_counted_not_verified() {
        let source = crate::examples::EXAMPLES[0].source;
        // 100 ms per reading: the parse fits, but the search runs out of time,
        // so no fix can be verified (the crate's tests cover verification cut
        // short by the total budget).
        let mut now = 0.0;
        let mut clock = || {
            now += 100.0;
            now
        };
        let analysis =
            analyze_for_editor_with_clock(source, &AnalysisOptions::default(), &mut clock);
        assert!(!analysis.search_skipped);
        let finding = &analysis.findings[0];
        assert!(finding.fixes.iter().all(|f| !f.verified));
        assert_eq!(analysis.unverified_for_time as usize, finding.fixes.len());
    }

    #[test]
    fn the_response_carries_the_request_version() {
        let response = handle_request(AnalysisRequest {
            version: 7,
            source: "package main".into(),
            options: AnalysisOptions::default(),
        });
        assert_eq!(response.version, 7);
        assert!(response.elapsed_ms >= 0.0);
    }
}
