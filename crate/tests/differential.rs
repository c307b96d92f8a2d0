//! The reduced explorer against the brute-force oracle, on small random
//! programs: 2-3 goroutines, channels of capacity 0-2, selects with and
//! without default, close, Mutex and WaitGroup. Brute force runs every
//! interleaving (no reduction, no state cut, no early enqueue). Where it
//! finishes, the reduced search must find exactly its verdicts, and must
//! not call itself exhaustive while missing one.
//!
//! A second campaign gives main two goroutines with the same body
//! (interchangeable goroutines: the symmetry reduction).
//!
//! `LEAKSCOPE_DIFF_PROGRAMS=N` runs a longer campaign (the default is what
//! `make test` can afford); `LEAKSCOPE_DIFF_SEED` picks the first seed.
//! A disagreement prints the program: keep it as a fixture.

use leakscope::engine::{compile, Machine};
use leakscope::explore::{explore, ExploreConfig};
use leakscope::verdict::EntryKind;
use leakscope::{model, syntax};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// One random program's source; with `twins`, main starts two goroutines
/// from one `go` statement in a loop (interchangeable goroutines, issue
/// 16's symmetry).
fn program_with(seed: u64, twins: bool) -> String {
    let mut rng = oorandom::Rand64::new(seed as u128);
    let mut pick = |n: usize| rng.rand_range(0..n as u64) as usize;
    let chans = 1 + pick(2);
    let mut src =
        String::from("package main\n\nimport (\n\t\"sync\"\n\t\"time\"\n)\n\nfunc main() {\n");
    for c in 0..chans {
        let _ = writeln!(src, "\tc{c} := make(chan int, {})", pick(3));
    }
    src.push_str("\tvar mu sync.Mutex\n\tvar rw sync.RWMutex\n\tvar wg sync.WaitGroup\n");
    let adds = pick(3);
    if adds > 0 {
        let _ = writeln!(src, "\twg.Add({adds})");
    }
    let goroutines = 1 + pick(2);
    let mut bodies: Vec<Vec<String>> = Vec::new();
    for _ in 0..=goroutines {
        let n = 1 + pick(3);
        let mut ops = Vec::new();
        for _ in 0..n {
            let c = pick(chans);
            let d = pick(chans);
            let op = match pick(15) {
                0 | 1 => format!("c{c} <- 1"),
                2 | 3 => format!("<-c{c}"),
                4 => format!("select {{\n\tcase c{c} <- 2:\n\tcase <-c{d}:\n\t}}"),
                5 => format!("select {{\n\tcase v := <-c{c}:\n\t\t_ = v\n\tdefault:\n\t}}"),
                6 => format!("close(c{c})"),
                7 => "mu.Lock()\n\tmu.Unlock()".to_string(),
                8 => "mu.Lock()".to_string(),
                9 => "wg.Done()".to_string(),
                10 => "wg.Wait()".to_string(),
                // A due timer fires at any point: it races the others.
                11 => format!(
                    "select {{\n\tcase <-c{c}:\n\tcase <-time.After(time.Nanosecond):\n\t}}"
                ),
                12 => "time.Sleep(time.Nanosecond)".to_string(),
                13 => "rw.RLock()\n\trw.RUnlock()".to_string(),
                _ => "rw.Lock()\n\trw.Unlock()".to_string(),
            };
            ops.push(op);
        }
        bodies.push(ops);
    }
    if twins {
        bodies.truncate(2);
    }
    // `_ = cN` keeps every channel used whatever the draw (and the others
    // every import and variable).
    src.push_str("\t_ = time.Nanosecond\n\t_ = &rw\n");
    for c in 0..chans {
        let _ = writeln!(src, "\t_ = c{c}");
    }
    if twins {
        // One `go` statement run twice: two goroutines of one function.
        src.push_str("\tfor i := 0; i < 2; i++ {\n");
    }
    for body in &bodies[1..] {
        src.push_str("\tgo func() {\n");
        for op in body {
            let _ = writeln!(src, "\t\t{}", op.replace("\n\t", "\n\t\t"));
        }
        src.push_str("\t}()\n");
    }
    if twins {
        src.push_str("\t}\n");
    }
    for op in &bodies[0] {
        let _ = writeln!(src, "\t{op}");
    }
    src.push_str("}\n");
    src
}

struct Outcome {
    verdicts: BTreeSet<(String, u32)>,
    exhaustive: bool,
    schedules: u32,
}

fn run(src: &str, brute_force: bool) -> Outcome {
    let parsed = syntax::parse(src);
    let program = model::lower(&parsed);
    let main = program.func_by_name("main").expect("main");
    let mut cfg = ExploreConfig::cli();
    cfg.brute_force = brute_force;
    cfg.witnesses = false;
    cfg.max_schedules = if brute_force { 30_000 } else { 5_000 };
    cfg.dfs_share = 1.0;
    cfg.max_steps_per_run = 20_000;
    cfg.max_wall_time_ms = f64::INFINITY;
    let machine = Machine::new(compile(program), cfg.limits()).with_source(src);
    let r = explore(&machine, main, EntryKind::Main, &cfg, &mut || 0.0);
    Outcome {
        verdicts: r
            .verdicts
            .iter()
            .map(|v| (v.kind.as_str().to_string(), v.line))
            .collect(),
        exhaustive: r.exhaustive,
        schedules: r.schedules,
    }
}

#[test]
fn reduced_search_agrees_with_brute_force() {
    campaign(false);
}

/// The same with two goroutines of one `go` statement: the symmetry reduction skips
/// one of two interchangeable goroutines, and must lose no verdict.
#[test]
fn reduced_search_agrees_with_brute_force_on_twin_goroutines() {
    campaign(true);
}

fn campaign(twins: bool) {
    let programs: u64 = std::env::var("LEAKSCOPE_DIFF_PROGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let first: u64 = std::env::var("LEAKSCOPE_DIFF_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for seed in first..first + programs {
        let src = program_with(seed, twins);
        let brute = run(&src, true);
        if !brute.exhaustive {
            continue;
        }
        compared += 1;
        let reduced = run(&src, false);
        let missed: Vec<_> = brute.verdicts.difference(&reduced.verdicts).collect();
        let extra: Vec<_> = reduced.verdicts.difference(&brute.verdicts).collect();
        if !missed.is_empty() || !extra.is_empty() {
            disagreements.push(format!(
                "seed {seed}: reduced ({} schedules, exhaustive: {}) missed {missed:?}, added {extra:?} (brute force: {} schedules)\n{src}",
                reduced.schedules, reduced.exhaustive, brute.schedules
            ));
        }
    }
    eprintln!(
        "differential (twins: {twins}): seeds {first}..{}: brute force finished on {compared}, {} disagree",
        first + programs,
        disagreements.len()
    );
    assert!(
        compared * 2 >= programs,
        "brute force finished on only {compared} of {programs} programs"
    );
    assert!(
        disagreements.is_empty(),
        "{} of {compared} programs disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
