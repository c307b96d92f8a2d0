//! Real Go 1.27 is the oracle (issue 3): the harness works, the corpus agrees
//! with what Go does, and leakscope agrees with Go on the corpus.
//!
//! Without Go these tests print a SKIPPED line and pass, unless
//! `LEAKSCOPE_REQUIRE_GO=1` (set by `make test`). `LEAKSCOPE_GO_RUNS` sets the
//! runs per program (default 5). `LEAKSCOPE_ONLY=substring` limits the corpus
//! tests to matching program names.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::corpus::{self, Program, GOROUTINE_LEAK_RULES};
use support::go_oracle::{self, Oracle, Outcome, Report};

fn oracle(test: &str) -> Option<Oracle> {
    go_oracle::go_or_skip(test).map(Oracle::new)
}

fn selected_programs() -> Vec<Program> {
    let only = std::env::var("LEAKSCOPE_ONLY").unwrap_or_default();
    corpus::load_all()
        .into_iter()
        .filter(|p| only.is_empty() || p.name.contains(&only))
        .collect()
}

/// Go's reports for the whole corpus, computed once per test binary and
/// shared by the corpus and comparison tests.
fn corpus_reports(oracle: &Oracle) -> &'static BTreeMap<String, Report> {
    static REPORTS: OnceLock<BTreeMap<String, Report>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let programs = selected_programs();
        let paths: Vec<PathBuf> = programs.iter().map(|p| p.path.clone()).collect();
        let start = Instant::now();
        let reports = oracle.check(&paths, go_oracle::runs_per_program());
        go_oracle::say(&format!(
            "go oracle: {} programs x {} runs in {:.1}s ({})",
            paths.len(),
            go_oracle::runs_per_program(),
            start.elapsed().as_secs_f64(),
            oracle.go.version
        ));
        programs
            .iter()
            .map(|p| p.name.clone())
            .zip(reports)
            .collect()
    })
}

// ---------------------------------------------------------------------------
// a. The harness itself.

const LEAKY: &str = r#"package main

import (
	"errors"
	"fmt"
	"time"
)

func lookup(key string) (int, error) {
	result := make(chan int)
	go func() {
		result <- len(key)
	}()
	if key == "" {
		return 0, errors.New("empty key")
	}
	return <-result, nil
}

func main() {
	_, err := lookup("")
	fmt.Println("lookup:", err)
	go func() {
		time.Sleep(5 * time.Millisecond)
		fmt.Println("printed after main returned: never seen")
	}()
}
"#;

const CLEAN: &str = r#"package main

import "fmt"

func main() {
	results := make(chan int, 3)
	for i := range 3 {
		go func() { results <- i * i }()
	}
	sum := 0
	for range 3 {
		sum += <-results
	}
	fmt.Println("sum", sum)
}
"#;

const DEADLOCK: &str = r#"package main

func main() {
	ch := make(chan int)
	ch <- 1
}
"#;

const PANICS: &str = r#"package main

func main() {
	ch := make(chan int, 1)
	close(ch)
	ch <- 1
}
"#;

#[test]
fn harness_reads_the_goroutineleak_profile() {
    let Some(oracle) = oracle("harness_reads_the_goroutineleak_profile") else {
        return;
    };
    let sources = [
        ("leaky", LEAKY),
        ("clean", CLEAN),
        ("deadlock", DEADLOCK),
        ("panics", PANICS),
    ];
    let reports = oracle.check_sources(&sources, 2);
    let paths: Vec<PathBuf> = reports.iter().map(|r| r.path.clone()).collect();
    for r in &reports {
        if let Err(e) = &r.binary {
            panic!("build failed: {e}");
        }
        assert_eq!(r.runs.len(), 2, "{}", r.path.display());
    }
    let [leaky, clean, deadlock, panics] = &reports[..] else {
        unreachable!()
    };

    for run in &leaky.runs {
        assert_eq!(run.outcome, Outcome::Normal, "{}", run.stderr);
        assert!(run.profile_written);
        // Output printed by a goroutine after main returned is cut, as in Go.
        assert_eq!(run.stdout, "lookup: empty key\n");
        assert_eq!(run.leaks.len(), 1, "{:?}", run.leaks);
        let leak = &run.leaks[0];
        assert_eq!(leak.count, 1);
        assert_eq!(
            leak.line,
            Some(12),
            "the send `result <- len(key)`: {:?}",
            leak.frames
        );
        assert_eq!(leak.frames[0].function, "main.lookup.func1");
    }
    assert_eq!(leaky.leaked_lines(), BTreeSet::from([12]));
    for run in &leaky.runs {
        // The debug=2 dump names the wait reason and the `go` statement.
        let g = &run.leaked_goroutines;
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(
            (g[0].reason.as_str(), g[0].line, g[0].created_at),
            ("chan send", Some(12), Some(11))
        );
    }

    for run in &clean.runs {
        assert_eq!(run.outcome, Outcome::Normal, "{}", run.stderr);
        assert!(run.profile_written);
        assert_eq!(run.stdout, "sum 5\n");
        assert!(run.leaks.is_empty(), "{:?}", run.leaks);
    }

    for run in &deadlock.runs {
        assert_eq!(run.outcome, Outcome::Deadlock, "{}", run.stderr);
        assert_eq!(run.exit_code, Some(2));
        assert!(!run.profile_written);
        assert_eq!(run.traceback_lines, BTreeSet::from([5]), "{}", run.stderr);
    }

    for run in &panics.runs {
        assert_eq!(
            run.outcome,
            Outcome::Panic("panic: send on closed channel".into()),
            "{}",
            run.stderr
        );
        assert_eq!(run.exit_code, Some(2));
        assert_eq!(run.panic_line, Some(6), "{}", run.stderr);
    }

    // A warm build is a cache hit: no `go` invocation at all.
    let start = Instant::now();
    let again = oracle.build(&paths);
    assert!(again.iter().all(Result::is_ok));
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "cache miss: {:?}",
        start.elapsed()
    );
}

// ---------------------------------------------------------------------------
// b. The corpus agrees with real Go.

/// Everything wrong with one program's annotations, judged by Go's runs.
fn corpus_problems(p: &Program, r: &Report) -> Vec<String> {
    let mut problems: Vec<String> = p.annotation_errors.clone();
    let runs = match &r.binary {
        Err(e) => {
            problems.push(format!("does not build: {e}"));
            return problems;
        }
        Ok(_) => &r.runs,
    };
    let leak_lines = p.leak_lines();
    let reported = r.leaked_lines();
    for line in &reported {
        if !leak_lines.contains(line) {
            problems.push(format!(
                "Go reports a goroutine leaked at line {line}, which has no leak want"
            ));
        }
    }
    for run in runs {
        if run.leaks.iter().any(|l| l.line.is_none()) {
            problems.push(format!(
                "Go reports a leaked goroutine outside the program: {:?}",
                run.leaks
            ));
        }
    }
    if p.go_blind.is_none() {
        for line in p.lines_with(GOROUTINE_LEAK_RULES) {
            // A program that dies or spins never writes the profile.
            if !reported.contains(&line) && !p.expects_deadlock() && !p.expects_panic() && !p.spins
            {
                problems.push(format!(
                    "line {line} wants a goroutine leak that Go never reported in {} runs",
                    runs.len()
                ));
            }
        }
    } else if !reported.is_empty() && p.lines_with(GOROUTINE_LEAK_RULES).is_subset(&reported) {
        problems.push("marked go-blind, but Go reports every goroutine leak".into());
    }
    if p.leak_free() && !reported.is_empty() {
        problems.push(format!(
            "written leak-free, but Go reports leaks at {reported:?}"
        ));
    }
    if p.deterministic == Some(true) && !r.stdout_stable() {
        let outs: BTreeSet<&str> = runs.iter().map(|r| r.stdout.as_str()).collect();
        problems.push(format!(
            "marked deterministic, but stdout differs between runs: {outs:?}"
        ));
    }
    let deadlock_lines = p.lines_with(&["deadlock"]);
    let panic_lines = p.lines_with(&["panic"]);
    for run in runs {
        match &run.outcome {
            Outcome::Normal => {
                if p.expects_deadlock() || p.expects_panic() || p.spins {
                    problems.push(
                        "wants a deadlock, panic or livelock, but a run ended normally".into(),
                    );
                }
            }
            Outcome::Deadlock => {
                if !p.expects_deadlock() {
                    problems.push(format!(
                        "Go deadlocked without a deadlock want:\n{}",
                        run.stderr
                    ));
                } else if deadlock_lines.is_disjoint(&run.traceback_lines) {
                    problems.push(format!(
                        "deadlock want at {deadlock_lines:?}, Go's traceback shows lines {:?}",
                        run.traceback_lines
                    ));
                }
            }
            Outcome::Panic(msg) => {
                if !p.expects_panic() {
                    problems.push(format!(
                        "Go panicked without a panic want: {msg}\n{}",
                        run.stderr
                    ));
                } else if !run.panic_line.is_some_and(|l| panic_lines.contains(&l)) {
                    problems.push(format!(
                        "panic want at {panic_lines:?}, Go panicked at {:?}",
                        run.panic_line
                    ));
                }
            }
            Outcome::Failed(code) => problems.push(format!("exit {code:?}:\n{}", run.stderr)),
            Outcome::Hang if p.spins => {}
            Outcome::Hang => {
                problems.push(format!("still running after {:?}", go_oracle::RUN_TIMEOUT))
            }
        }
        if run.elapsed > Duration::from_secs(2) {
            problems.push(format!(
                "a run took {:?} (keep programs under 1 s)",
                run.elapsed
            ));
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

#[test]
fn corpus_is_gofmt_clean() {
    let Some(oracle) = oracle("corpus_is_gofmt_clean") else {
        return;
    };
    let gofmt = go_oracle::gofmt(&oracle.go).expect("gofmt next to go");
    let out = Command::new(&gofmt)
        .arg("-l")
        .arg(corpus::programs_dir())
        .output()
        .expect("run gofmt");
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "gofmt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        listed.trim().is_empty(),
        "not gofmt-formatted (run gofmt -w):\n{listed}"
    );
}

#[test]
fn corpus_agrees_with_real_go() {
    let Some(oracle) = oracle("corpus_agrees_with_real_go") else {
        return;
    };
    let programs = selected_programs();
    assert!(
        !programs.is_empty(),
        "no programs under {}",
        corpus::programs_dir().display()
    );
    let reports = corpus_reports(&oracle);
    let mut failures = Vec::new();
    for p in &programs {
        let r = &reports[&p.name];
        let problems = corpus_problems(p, r);
        let slowest = r.runs.iter().map(|r| r.elapsed).max().unwrap_or_default();
        let reasons: BTreeSet<String> = r
            .runs
            .iter()
            .flat_map(|run| &run.leaked_goroutines)
            .map(|g| format!("{}@{}", g.reason, g.line.unwrap_or(0)))
            .collect();
        eprintln!(
            "{:<44} {:<5} leaked {:<12} {:>4}ms {:?} {}",
            p.name,
            if problems.is_empty() { "ok" } else { "FAIL" },
            format!("{:?}", r.leaked_lines()),
            slowest.as_millis(),
            reasons,
            r.runs
                .first()
                .map(|r| format!("{:?}", r.outcome))
                .unwrap_or_default()
        );
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", p.name, problems.join("\n  ")));
        }
    }
    go_oracle::say(&format!(
        "corpus vs real Go: {}/{} programs agree with their annotations",
        programs.len() - failures.len(),
        programs.len()
    ));
    assert!(
        failures.is_empty(),
        "{} programs disagree with real Go:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// c. leakscope agrees with real Go.

/// The CLI under test: this crate's binary, or `LEAKSCOPE_CLI` (a stand-in,
/// to try this comparison before the engine exists).
fn leakscope_bin() -> PathBuf {
    std::env::var_os("LEAKSCOPE_CLI")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_leakscope")))
}
const CLI_TIMEOUT: Duration = Duration::from_secs(60);

struct CliOutput {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn leakscope(args: &[&str]) -> CliOutput {
    let mut child = Command::new(leakscope_bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the leakscope binary");
    let start = Instant::now();
    // Drain the pipes on threads so a chatty child cannot block.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let code = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) if start.elapsed() > CLI_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    CliOutput {
        code,
        stdout: t_out.join().unwrap_or_default(),
        stderr: t_err.join().unwrap_or_default(),
    }
}

/// Whether the CLI has the `run` command yet (the engine branch adds it).
fn cli_has_run(sample: &Path) -> bool {
    let out = leakscope(&["run", &sample.to_string_lossy()]);
    let unknown = out.code == Some(2)
        && ["unknown command", "expected a command", "unrecognized"]
            .iter()
            .any(|m| out.stderr.contains(m));
    !unknown
}

/// Lines where `explore --json` reports a goroutine blocked, per verdict kind:
/// `entries[].verdicts[].goroutines[].line` wherever `entries` appears.
fn explore_verdicts(json: &serde_json::Value) -> Vec<(String, Vec<u32>)> {
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<(String, Vec<u32>)>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Array(verdicts)) = map.get("verdicts") {
                    for verdict in verdicts {
                        let kind = verdict
                            .get("kind")
                            .and_then(|k| k.as_str())
                            .unwrap_or("")
                            .to_string();
                        let lines = verdict
                            .get("goroutines")
                            .and_then(|g| g.as_array())
                            .map(|gs| {
                                gs.iter()
                                    .filter_map(|g| g.get("line").and_then(|l| l.as_u64()))
                                    .map(|l| l as u32)
                                    .collect()
                            })
                            .unwrap_or_default();
                        out.push((kind, lines));
                    }
                }
                for (k, child) in map {
                    if k != "verdicts" {
                        walk(child, out);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    walk(json, &mut out);
    out
}

#[derive(Default)]
struct Comparison {
    /// `Some(agree)` for deterministic programs.
    output: Option<bool>,
    /// Every line Go reports leaked is a line leakscope reports blocked.
    leaks: bool,
    /// Leak verdicts on a program written leak-free.
    false_leaks: usize,
    notes: Vec<String>,
}

impl Comparison {
    fn agrees(&self) -> bool {
        self.output != Some(false) && self.leaks && self.false_leaks == 0
    }
}

fn compare(p: &Program, r: &Report) -> Comparison {
    let mut c = Comparison::default();
    let file = p.path.to_string_lossy().into_owned();
    let run = leakscope(&["run", &file]);
    if p.deterministic == Some(true) {
        if let Some(go) = r.runs.first() {
            let go_failed = !matches!(go.outcome, Outcome::Normal | Outcome::Hang);
            let ls_failed = run.code == Some(3);
            // Go still spinning when stopped: `run` says livelock.
            let spins = go.outcome == Outcome::Hang;
            let same = run.stdout == go.stdout
                && go_failed == ls_failed
                && spins == run.stderr.contains(": livelock: ")
                && matches!(run.code, Some(0 | 3));
            if !same {
                c.notes.push(format!(
                    "run: exit {:?} (go {:?}); stdout {:?} vs go {:?}",
                    run.code, go.exit_code, run.stdout, go.stdout
                ));
            }
            c.output = Some(same);
        }
    }
    let explore = leakscope(&["explore", &file, "--json"]);
    let verdicts = match serde_json::from_str::<serde_json::Value>(&explore.stdout) {
        Ok(json) => explore_verdicts(&json),
        Err(e) => {
            c.notes.push(format!(
                "explore --json: exit {:?}, not JSON ({e}): {}",
                explore.code,
                explore.stderr.trim()
            ));
            Vec::new()
        }
    };
    let blocked: BTreeSet<u32> = verdicts
        .iter()
        .filter(|(k, _)| k == "leak" || k == "blocked-at-exit")
        .flat_map(|(_, lines)| lines.iter().copied())
        .collect();
    let go_lines = r.leaked_lines();
    let missed: Vec<u32> = go_lines.difference(&blocked).copied().collect();
    c.leaks = missed.is_empty();
    if !c.leaks {
        c.notes.push(format!(
            "Go leaks at {go_lines:?}, leakscope blocked at {blocked:?}"
        ));
    }
    // Go spins exactly in the programs marked so: a livelock at the want.
    let livelock: BTreeSet<u32> = verdicts
        .iter()
        .filter(|(k, _)| k == "livelock")
        .flat_map(|(_, lines)| lines.iter().copied())
        .collect();
    if livelock != p.lines_with(&["livelock"]) {
        c.leaks = false;
        c.notes.push(format!(
            "livelock wanted at {:?}, leakscope reports one at {livelock:?}",
            p.lines_with(&["livelock"])
        ));
    }
    if p.leak_free() {
        c.false_leaks = verdicts
            .iter()
            .filter(|(k, _)| matches!(k.as_str(), "leak" | "blocked-at-exit" | "resource-leak"))
            .count();
        if c.false_leaks > 0 {
            c.notes
                .push(format!("leak-free program, leakscope says {verdicts:?}"));
        }
    }
    c
}

#[test]
fn leakscope_agrees_with_real_go() {
    let Some(oracle) = oracle("leakscope_agrees_with_real_go") else {
        return;
    };
    let programs = selected_programs();
    let Some(first) = programs.first() else {
        return;
    };
    if !cli_has_run(&first.path) {
        go_oracle::say(
            "SKIPPED leakscope_agrees_with_real_go: the leakscope CLI has no `run` command yet",
        );
        return;
    }
    let reports = corpus_reports(&oracle);
    let gaps = corpus::known_gaps();
    let all_names: BTreeSet<String> = corpus::load_all().into_iter().map(|p| p.name).collect();
    let mut failures = Vec::new();
    for gap in &gaps {
        if !all_names.contains(&gap.name) {
            failures.push(format!(
                "KNOWN_GAPS lists {}, which is not in the corpus",
                gap.name
            ));
        }
        if gap.reason.is_empty() {
            failures.push(format!("KNOWN_GAPS: {} needs a reason", gap.name));
        }
    }
    let (mut out_yes, mut out_total, mut leak_yes, mut false_leaks) = (0, 0, 0, 0);
    // Two CLI invocations at a time (the machine has 2 cores).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<BTreeMap<usize, Comparison>> =
        std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(p) = programs.get(i) else { break };
                let r = &reports[&p.name];
                if r.binary.is_ok() {
                    let c = compare(p, r);
                    done.lock().unwrap().insert(i, c);
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap();
    go_oracle::say(&format!(
        "{:<44} {:<7} {:<6} {:<6} notes",
        "program", "output", "leaks", "false"
    ));
    for (i, p) in programs.iter().enumerate() {
        let Some(c) = done.remove(&i) else {
            failures.push(format!("{}: Go cannot build it", p.name));
            continue;
        };
        if let Some(o) = c.output {
            out_total += 1;
            out_yes += usize::from(o);
        }
        leak_yes += usize::from(c.leaks);
        false_leaks += c.false_leaks;
        let gap = gaps.iter().find(|g| g.name == p.name);
        go_oracle::say(&format!(
            "{:<44} {:<7} {:<6} {:<6} {}{}",
            p.name,
            match c.output {
                Some(true) => "same",
                Some(false) => "DIFF",
                None => "-",
            },
            if c.leaks { "ok" } else { "MISS" },
            c.false_leaks,
            if gap.is_some() { "[known gap] " } else { "" },
            c.notes.join("; ")
        ));
        match (c.agrees(), gap) {
            (false, None) => failures.push(format!(
                "{} disagrees with Go: {}",
                p.name,
                c.notes.join("; ")
            )),
            (true, Some(g)) => failures.push(format!(
                "{} now agrees with Go: remove it from KNOWN_GAPS (was: {})",
                p.name, g.reason
            )),
            _ => {}
        }
    }
    go_oracle::say(&format!(
        "totals: output agreement {out_yes}/{out_total}, leak agreement {leak_yes}/{}, false leaks {false_leaks}, known gaps {}",
        programs.len(),
        gaps.len()
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
