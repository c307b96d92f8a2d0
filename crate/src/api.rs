//! The public API: plain serializable structs for the CLI, the rules layer
//! and the web worker. Positions are 1-based lines and byte columns, and
//! byte spans into the source.
//!
//! ```
//! let src = "package main\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n";
//! let analysis = leakscope::api::analyze(src, &leakscope::api::AnalyzeOptions::default());
//! assert_eq!(analysis.entries[0].search.name, "main");
//! ```

use crate::engine::{compile, Machine, Outcome};
use crate::explore::{explore, run_default_schedule, ExploreConfig};
use crate::model::{self, FuncId, Program, TypeExpr};
use crate::syntax::{self, ParsedFile, Span};
use crate::verdict::{EntryKind, Witness};
use leakscope_data::EntrySearch;
use serde::Serialize;

/// How to analyze.
#[derive(Clone, Debug, Serialize)]
pub struct AnalyzeOptions {
    /// Analyze only this entry: a function name, or `Type.Method`.
    pub entry: Option<String>,
    /// Explore schedules (`true`) or run only the default schedule.
    pub explore: bool,
    pub config: ExploreConfig,
    /// Most entries analyzed when no entry is named.
    pub max_entries: usize,
    /// Analyze every top-level function and method as an entry, not only
    /// `main` and tests.
    pub all_functions: bool,
    /// Runs the entries on several threads instead of one after the other
    /// (the CLI passes its thread pool); see [`EntryMap`].
    #[serde(skip)]
    pub entry_map: Option<EntryMap>,
}

/// Spreads a program's entries over threads. The engine's compiled program
/// is not shared between threads (it holds `Rc`s), so each of `jobs` tasks
/// lowers and compiles its own copy, then takes the next entry not yet
/// explored until none is left. The wall-time budget is shared as one thread
/// would share it (each entry its part of what is left, what it did not use
/// given back), so with N threads the entries get the time they would get
/// one after the other and the program ends up to N times sooner; time is
/// read on [`crate::clock`].
#[derive(Clone, Copy, Debug)]
pub struct EntryMap {
    pub jobs: usize,
    /// Calls `task(i)` for every `i` in `0..tasks`, in any order or at once,
    /// and gives their results.
    pub map: fn(tasks: usize, task: &EntryTask) -> Vec<IndexedResults>,
}

/// One task of an [`EntryMap`]: the entries it explored.
pub type EntryTask<'a> = dyn Fn(usize) -> IndexedResults + Sync + 'a;

/// Entry results, each with its entry's index among the program's entries.
pub type IndexedResults = Vec<(usize, EntryResult)>;

impl Default for AnalyzeOptions {
    fn default() -> AnalyzeOptions {
        AnalyzeOptions {
            entry: None,
            explore: true,
            config: ExploreConfig::cli(),
            max_entries: 32,
            all_functions: false,
            entry_map: None,
        }
    }
}

impl AnalyzeOptions {
    /// Settings for a keystroke in the browser.
    pub fn browser() -> AnalyzeOptions {
        AnalyzeOptions {
            entry: None,
            explore: true,
            config: ExploreConfig::browser(),
            max_entries: 8,
            all_functions: false,
            entry_map: None,
        }
    }
}

pub use crate::position::{Position, Range};
/// The verdict types are the engine's own: the rules and the outputs read
/// the same data.
pub use crate::verdict::{GoroutineReport, Verdict};

#[derive(Clone, Debug, Serialize)]
pub struct SyntaxErrorOut {
    pub message: String,
    pub range: Range,
}

#[derive(Clone, Debug, Serialize)]
pub struct NoteOut {
    pub message: String,
    pub range: Range,
}

/// What the default schedule printed (only for `explore: false`).
#[derive(Clone, Debug, Serialize)]
pub struct RunOut {
    pub stdout: String,
    pub stderr: String,
    /// `finished`, `panic`, `fatal`, `deadlock`, `exit` or `bounded`.
    pub outcome: String,
    /// The exit code Go would give (0, 2 for panics and deadlocks, or os.Exit's).
    pub go_exit_code: i32,
}

/// The calling context an entry ran in, and so of every finding found from
/// it: a real entry whose inputs are known (`main`, a test), or a function
/// run in a model of its unknown callers (its parameters and receiver fields
/// unknown but valid).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CallingContext {
    /// `main` or `test`: a real entry; `function`: unknown callers.
    pub kind: EntryKind,
    /// The entry: `main`, `TestX`, `F` or `Type.Method`.
    pub entry: String,
    /// In words: "`main`", "test `TestX`", or "function `F` run in a model
    /// of its unknown callers".
    pub description: String,
}

impl CallingContext {
    pub fn new(kind: EntryKind, entry: &str) -> CallingContext {
        let description = match kind {
            EntryKind::Main => format!("`{entry}`"),
            EntryKind::Test => format!("test `{entry}`"),
            EntryKind::Function => {
                let what = if entry.contains('.') {
                    "method"
                } else {
                    "function"
                };
                format!("{what} `{entry}` run in a model of its unknown callers")
            }
        };
        CallingContext {
            kind,
            entry: entry.to_string(),
            description,
        }
    }

    /// Whether the entry's inputs are known (`main`, a test).
    pub fn is_real_entry(&self) -> bool {
        self.kind != EntryKind::Function
    }
}

/// What analyzing one entry gave: how the search went, and what it found.
#[derive(Clone, Debug, Serialize)]
pub struct EntryResult {
    #[serde(flatten)]
    pub search: EntrySearch,
    pub verdicts: Vec<Verdict>,
    /// Nondeterminism resolved silently (e.g. select with several ready cases).
    pub notes: Vec<String>,
    pub run: Option<RunOut>,
    /// The shortest clean run, when another run was faulty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clean_witness: Option<Witness>,
    /// What the explored runs that ended normally printed, each text once
    /// (see [`crate::explore::ExploreResult::normal_outputs`]); `None` when
    /// more were seen than are kept, or nothing was explored.
    #[serde(skip)]
    pub normal_outputs: Option<Vec<String>>,
    /// Explored runs in which the test entry failed.
    #[serde(skip)]
    pub failed_test_runs: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub syntax_errors: Vec<SyntaxErrorOut>,
    /// What the lowering skipped or could not model.
    pub notes: Vec<NoteOut>,
    /// Constructs the engine treats as opaque (unknown functions and names,
    /// unsupported syntax): results that involve them are less certain.
    pub opaque: Vec<NoteOut>,
    /// The names used without a definition (sorted).
    pub undefined: Vec<String>,
    pub entries: Vec<EntryResult>,
    /// Functions that would have been entries past `max_entries`: not
    /// analyzed, and the results must say so.
    pub entries_skipped: usize,
}

/// Analyzes a Go source. Never panics; every bound is in `options`.
/// The wall-time bound is read on [`crate::clock`].
pub fn analyze(source: &str, options: &AnalyzeOptions) -> Analysis {
    analyze_with_clock(source, options, &mut crate::clock::now_ms)
}

/// [`analyze`] with an injected clock returning milliseconds.
pub fn analyze_with_clock(
    source: &str,
    options: &AnalyzeOptions,
    clock: &mut dyn FnMut() -> f64,
) -> Analysis {
    analyze_parsed(&syntax::parse(source), options, clock)
}

/// [`analyze_with_clock`] of a file already parsed: the browser parses once
/// for the outline, the colours, the analysis and the findings.
pub fn analyze_parsed(
    parsed: &ParsedFile,
    options: &AnalyzeOptions,
    clock: &mut dyn FnMut() -> f64,
) -> Analysis {
    let source = parsed.text.as_str();
    let program = model::lower(parsed);
    let lines = &parsed.lines;
    let range = |s: Span| lines.range(s);
    let syntax_errors = parsed
        .errors
        .iter()
        .map(|e| SyntaxErrorOut {
            message: e.message.clone(),
            range: range(e.span),
        })
        .collect();
    let notes = program
        .notes
        .iter()
        .map(|n| NoteOut {
            message: n.message.clone(),
            range: range(n.span),
        })
        .collect();
    let mut entries_found = all_entries(&program, options.entry.as_deref(), options.all_functions);
    let entries_skipped = entries_found.len().saturating_sub(options.max_entries);
    entries_found.truncate(options.max_entries);
    let machine = Machine::new(compile(program), options.config.limits()).with_source(source);
    let mut opaque: Vec<NoteOut> = machine
        .c
        .opaque
        .iter()
        .map(|(s, m)| NoteOut {
            message: m.clone(),
            range: range(*s),
        })
        .collect();
    crate::order::sort_by_key(&mut opaque, |n| n.range.span.start);
    let mut undefined = machine.c.undefined.clone();
    crate::order::sort_by(&mut undefined, |a, b| a.cmp(b));
    // The wall-clock budget is for the whole analysis: entries share it.
    let total = entries_found.len();
    // On wasm there are no threads: one after the other.
    let at_once = options
        .entry_map
        .filter(|m| m.jobs > 1 && total > 1 && cfg!(not(target_arch = "wasm32")));
    let entries_out = if let Some(entry_map) = at_once {
        drop(machine);
        let tasks = entry_map.jobs.min(total);
        let pool = SharedBudget::new(options.config.max_wall_time_ms, total);
        let task = |_task: usize| {
            let mut out = Vec::new();
            // A task that finds the queue empty (its siblings ran every
            // entry) compiles nothing.
            let Some(first) = pool.next() else {
                return out;
            };
            let machine = Machine::new(compile(model::lower(parsed)), options.config.limits())
                .with_source(source);
            let mut clock = crate::clock::now_ms;
            let mut next = Some(first);
            while let Some((index, share)) = next {
                let entry = entries_found[index].clone();
                let result = analyze_entry(&machine, options, share, entry, &mut clock);
                pool.finished(share, result.search.elapsed_ms);
                out.push((index, result));
                next = pool.next();
            }
            out
        };
        let mut results: Vec<(usize, EntryResult)> = (entry_map.map)(tasks, &task)
            .into_iter()
            .flatten()
            .collect();
        crate::order::sort_by_key(&mut results, |(index, _)| *index);
        results.into_iter().map(|(_, result)| result).collect()
    } else {
        let start = clock();
        let mut out = Vec::with_capacity(total);
        for (index, entry) in entries_found.into_iter().enumerate() {
            let spent = clock() - start;
            let remaining = (options.config.max_wall_time_ms - spent).max(0.0);
            let share = (remaining / (total - index) as f64).max(remaining.min(1.0));
            out.push(analyze_entry(&machine, options, share, entry, clock));
        }
        out
    };
    Analysis {
        syntax_errors,
        notes,
        opaque,
        undefined,
        entries: entries_out,
        entries_skipped,
    }
}

/// The wall-time budget of a program's entries when several threads explore
/// them (see [`EntryMap`]): the milliseconds of exploration left, handed out
/// as one thread would hand them out. An entry that starts takes its share of
/// what is left, `left / entries not started` (at least what is left up to
/// 1 ms); when it ends, what it did not use goes back. With one thread that
/// is the sequential rule; with N, the entries get the same time each and
/// the program ends about N times sooner.
struct SharedBudget {
    state: std::sync::Mutex<(f64, usize)>,
    total: usize,
}

impl SharedBudget {
    fn new(budget_ms: f64, total: usize) -> SharedBudget {
        SharedBudget {
            state: std::sync::Mutex::new((budget_ms, 0)),
            total,
        }
    }

    /// The next entry to explore and its share of the time, or `None` when
    /// every entry has been taken.
    fn next(&self) -> Option<(usize, f64)> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (left, taken) = &mut *state;
        if *taken >= self.total {
            return None;
        }
        let index = *taken;
        *taken += 1;
        let remaining = left.max(0.0);
        let share = (remaining / (self.total - index) as f64).max(remaining.min(1.0));
        *left -= share;
        Some((index, share))
    }

    /// An entry given `share` ended after `elapsed` ms: the rest goes back
    /// (or the overrun is taken from the others).
    fn finished(&self, share: f64, elapsed: f64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 += share - elapsed;
    }
}

/// Explores (or runs) one entry within `wall_time_ms` of `clock`.
fn analyze_entry(
    machine: &Machine,
    options: &AnalyzeOptions,
    wall_time_ms: f64,
    (name, id, kind): (String, FuncId, EntryKind),
    clock: &mut dyn FnMut() -> f64,
) -> EntryResult {
    let t0 = clock();
    let mut config = options.config.clone();
    config.max_wall_time_ms = wall_time_ms;
    let mut result = EntryResult {
        search: EntrySearch::new(name, kind),
        verdicts: Vec::new(),
        notes: Vec::new(),
        run: None,
        clean_witness: None,
        normal_outputs: None,
        failed_test_runs: 0,
    };
    let verdicts = if options.explore {
        let r = explore(machine, id, kind, &config, clock);
        result.search.schedules = r.schedules;
        result.search.exhaustive = r.exhaustive;
        result.search.bounded_by = r.bounded_by;
        result.search.states = r.states;
        result.notes = r.notes;
        result.search.faulty_schedules = r.faulty_schedules;
        result.search.clean_schedules = r.clean_schedules;
        result.clean_witness = r.clean_witness;
        result.normal_outputs = (!r.outputs_overflow).then_some(r.normal_outputs);
        result.failed_test_runs = r.failed_test_runs;
        r.verdicts
    } else {
        let r = run_default_schedule(machine, id, kind, options.config.witnesses);
        let (outcome, code) = match &r.outcome {
            Some(Outcome::Finished) | None => ("finished", 0),
            Some(Outcome::Panic { .. }) => ("panic", 2),
            Some(Outcome::Fatal { .. }) => ("fatal", 2),
            Some(Outcome::Deadlock) => ("deadlock", 2),
            // Go never exits: the program spins.
            Some(Outcome::Livelock { .. }) => ("livelock", 0),
            Some(Outcome::Exit { code }) => ("exit", *code),
            Some(Outcome::Bounded { bound }) => {
                result.search.bounded_by = Some(*bound);
                ("bounded", 0)
            }
        };
        result.notes = r.notes.clone();
        result.run = Some(RunOut {
            stdout: r.stdout,
            stderr: r.stderr,
            outcome: outcome.into(),
            go_exit_code: code,
        });
        r.verdicts
    };
    result.verdicts = verdicts;
    result.search.limit = result.search.bounded_by.and_then(|b| config.limit_of(b));
    result.search.elapsed_ms = clock() - t0;
    result
}

/// The entries to analyze: the named one; else `main` in package main and
/// every `TestXxx(t *testing.T)`; else every top-level function and method.
pub fn entries(
    program: &Program,
    named: Option<&str>,
    max: usize,
    all_functions: bool,
) -> Vec<(String, FuncId, EntryKind)> {
    let mut out = all_entries(program, named, all_functions);
    out.truncate(max);
    out
}

/// Every entry [`entries`] would choose from, before the limit.
fn all_entries(
    program: &Program,
    named: Option<&str>,
    all_functions: bool,
) -> Vec<(String, FuncId, EntryKind)> {
    let mut out = Vec::new();
    let is_test = |f: &model::Func| {
        f.receiver.is_none()
            && !f.is_literal
            && f.name.starts_with("Test")
            && f.params.len() == 1
            && matches!(&f.params[0].ty, TypeExpr::Pointer(t) if **t == TypeExpr::Qualified("testing".into(), "T".into()))
    };
    for (i, f) in program.funcs.iter().enumerate() {
        if f.is_literal || f.body.is_none() {
            continue;
        }
        let display = match &f.receiver {
            Some(r) => format!("{}.{}", r.type_name, f.name),
            None => f.name.clone(),
        };
        if let Some(n) = named {
            if display == n || (f.receiver.is_none() && f.name == n) {
                let kind = if f.name == "main" && f.receiver.is_none() {
                    EntryKind::Main
                } else if is_test(f) {
                    EntryKind::Test
                } else {
                    EntryKind::Function
                };
                out.push((display, i as FuncId, kind));
                return out;
            }
            continue;
        }
        if f.receiver.is_none() && f.name == "main" && program.package == "main" {
            out.insert(0, (display, i as FuncId, EntryKind::Main));
        } else if is_test(f) {
            out.push((display, i as FuncId, EntryKind::Test));
        }
    }
    // A pasted snippet without `package main` but with a `func main`: main calls
    // the rest, so it is the entry, as in a real program.
    if named.is_none() && out.is_empty() && !all_functions {
        if let Some(m) = program.func_by_name("main") {
            out.push(("main".into(), m, EntryKind::Main));
        }
    }
    if named.is_none() && (out.is_empty() || all_functions) {
        for (i, f) in program.funcs.iter().enumerate() {
            if f.is_literal || f.body.is_none() || f.name == "init" || f.name == "main" {
                continue;
            }
            if out.iter().any(|e| e.1 == i as FuncId) {
                continue;
            }
            let display = match &f.receiver {
                Some(r) => format!("{}.{}", r.type_name, f.name),
                None => f.name.clone(),
            };
            out.push((display, i as FuncId, EntryKind::Function));
        }
        // A `func main` outside package main (pasted snippets) still counts.
        if let (Some(m), false) = (
            program.func_by_name("main"),
            out.iter().any(|e| e.2 == EntryKind::Main),
        ) {
            out.insert(0, ("main".into(), m, EntryKind::Main));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One thread gets the sequential rule (each entry its part of what is
    /// left); what an entry leaves unused goes to the entries after it; the
    /// queue ends.
    #[test]
    fn the_shared_budget_hands_out_time_as_one_thread_would() {
        let pool = SharedBudget::new(100.0, 4);
        assert_eq!(pool.next(), Some((0, 25.0)));
        // Entry 0 used 5 ms: 95 are left for 3 entries, as one after the
        // other would have.
        pool.finished(25.0, 5.0);
        let (index, share) = pool.next().unwrap();
        assert_eq!(index, 1);
        assert!((share - 95.0 / 3.0).abs() < 1e-9, "{share}");
        // Entry 2 starts while entry 1 still runs: it gets its part of what
        // entry 1 has not reserved.
        let (index, share2) = pool.next().unwrap();
        assert_eq!(index, 2);
        assert!((share2 - (95.0 - share) / 2.0).abs() < 1e-9, "{share2}");
        // Entry 1 overran by 10 ms: the last entry pays for it.
        pool.finished(share, share + 10.0);
        pool.finished(share2, share2);
        let (index, last) = pool.next().unwrap();
        assert_eq!(index, 3);
        assert!(
            (last - (95.0 - share - 10.0 - share2)).abs() < 1e-9,
            "{last}"
        );
        assert_eq!(pool.next(), None);
    }

    /// Runs an entry map's tasks on scoped threads, as the CLI's pool does.
    fn on_threads(tasks: usize, task: &EntryTask) -> Vec<IndexedResults> {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..tasks).map(|i| scope.spawn(move || task(i))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    /// Entries explored on several threads come back in the program's
    /// order, with the verdicts one thread finds.
    #[test]
    fn entries_on_threads_keep_their_order_and_verdicts() {
        let source = "package p\n\nimport \"testing\"\n\n\
            func TestLeak(t *testing.T) {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n\n\
            func TestFine(t *testing.T) {\n\tch := make(chan int, 1)\n\tgo func() { ch <- 1 }()\n\t<-ch\n}\n\n\
            func TestDeadlock(t *testing.T) {\n\tch := make(chan int)\n\tch <- 1\n}\n";
        let one = analyze(source, &AnalyzeOptions::default());
        let options = AnalyzeOptions {
            entry_map: Some(EntryMap {
                jobs: 2,
                map: on_threads,
            }),
            ..AnalyzeOptions::default()
        };
        let two = analyze(source, &options);
        let names = |a: &Analysis| {
            a.entries
                .iter()
                .map(|e| e.search.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&one), ["TestLeak", "TestFine", "TestDeadlock"]);
        assert_eq!(names(&two), names(&one));
        let verdicts = |a: &Analysis| {
            a.entries
                .iter()
                .map(|e| {
                    e.verdicts
                        .iter()
                        .map(|v| (v.kind, v.line))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(verdicts(&two), verdicts(&one));
        assert!(!one.entries[0].verdicts.is_empty() && one.entries[1].verdicts.is_empty());
    }

    #[test]
    fn calling_contexts_say_who_calls() {
        assert_eq!(
            CallingContext::new(EntryKind::Main, "main").description,
            "`main`"
        );
        assert_eq!(
            CallingContext::new(EntryKind::Test, "TestX").description,
            "test `TestX`"
        );
        let method = CallingContext::new(EntryKind::Function, "Pool.Submit");
        assert_eq!(
            method.description,
            "method `Pool.Submit` run in a model of its unknown callers"
        );
        assert!(!method.is_real_entry());
    }
}
