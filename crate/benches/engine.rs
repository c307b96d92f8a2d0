//! Figures, not assertions: exploration time of each catalogue example,
//! scaling of N writers to one reader, of N WaitGroup workers, of N
//! identical senders and N identical pool workers (symmetry), and the
//! cost of parsing and lowering a 1,000-line file.
//!
//! Run with `cargo bench -p leakscope --bench engine`.

use leakscope::engine::{compile, Machine};
use leakscope::explore::{explore, ExploreConfig};
use leakscope::verdict::EntryKind;
use leakscope::{model, syntax};
use std::time::Instant;

fn setup(src: &str) -> (Machine, u32) {
    let program = model::lower(&syntax::parse(src));
    let main = program.func_by_name("main").expect("main");
    (
        Machine::new(compile(program), ExploreConfig::cli().limits()),
        main,
    )
}

/// Median wall time in microseconds over `reps` explorations, plus the last result.
fn measure(src: &str, reps: usize, witnesses: bool) -> (f64, u32, usize, bool) {
    let (m, main) = setup(src);
    let mut cfg = ExploreConfig::cli();
    cfg.witnesses = witnesses;
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..reps {
        let t = Instant::now();
        let r = explore(&m, main, EntryKind::Main, &cfg, &mut || 0.0);
        times.push(t.elapsed().as_secs_f64() * 1e6);
        last = Some(r);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let r = last.unwrap();
    (times[times.len() / 2], r.schedules, r.states, r.exhaustive)
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/engine");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    files.sort();
    println!("catalogue examples (explore with witnesses, median of 5)");
    println!(
        "{:<32} {:>10} {:>9} {:>7} {:>10}",
        "file", "time_us", "schedules", "states", "exhaustive"
    );
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        let program = model::lower(&syntax::parse(&src));
        if program.func_by_name("main").is_none() || f.file_name().unwrap() == "infinite_loop.go" {
            continue;
        }
        let (t, s, st, ex) = measure(&src, 5, true);
        println!(
            "{:<32} {:>10.1} {:>9} {:>7} {:>10}",
            f.file_name().unwrap().to_string_lossy(),
            t,
            s,
            st,
            ex
        );
    }
    println!();
    println!("N writers, one reader (no witnesses, median of 3)");
    println!(
        "{:>4} {:>12} {:>9} {:>7} {:>10}",
        "N", "time_us", "schedules", "states", "exhaustive"
    );
    for n in [2, 4, 8, 16, 32, 64] {
        let src = format!("package main\nfunc main() {{\n\tch := make(chan int)\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo func() {{\n\t\t\tch <- i\n\t\t}}()\n\t}}\n\t<-ch\n}}\n");
        let (t, s, st, ex) = measure(&src, 3, false);
        println!("{n:>4} {t:>12.1} {s:>9} {st:>7} {ex:>10}");
    }
    println!();
    println!(
        "N workers with a WaitGroup, results on a buffered channel (no witnesses, median of 3)"
    );
    println!(
        "{:>4} {:>12} {:>9} {:>7} {:>10}",
        "N", "time_us", "schedules", "states", "exhaustive"
    );
    for n in [2, 4, 8, 16, 32, 64] {
        let src = format!(
            "package main\nimport \"sync\"\nfunc main() {{\n\tvar wg sync.WaitGroup\n\tres := make(chan int, {n})\n\tfor i := 0; i < {n}; i++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\tres <- i * i\n\t\t}}()\n\t}}\n\twg.Wait()\n\tclose(res)\n\tsum := 0\n\tfor v := range res {{\n\t\tsum += v\n\t}}\n\tprintln(sum)\n}}\n"
        );
        let (t, s, st, ex) = measure(&src, 3, false);
        println!("{n:>4} {t:>12.1} {s:>9} {st:>7} {ex:>10}");
    }
    println!();
    println!("N identical senders, one receive, wg.Wait() (symmetry; no witnesses, median of 3)");
    println!(
        "{:>6} {:>12} {:>9} {:>7} {:>10}",
        "N", "time_us", "schedules", "states", "exhaustive"
    );
    for n in [2, 8, 64, 1000, 10_000] {
        let src = format!("package main\nimport \"sync\"\nfunc main() {{\n\tch := make(chan int)\n\tvar wg sync.WaitGroup\n\tfor i := 0; i < {n}; i++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\tch <- 1\n\t\t}}()\n\t}}\n\t<-ch\n\twg.Wait()\n}}\n");
        let (t, s, st, ex) = measure(&src, 3, false);
        println!("{n:>6} {t:>12.1} {s:>9} {st:>7} {ex:>10}");
    }
    println!();
    println!("N identical workers ranging over a jobs channel, 2 jobs (symmetry; no witnesses, median of 3)");
    println!(
        "{:>4} {:>12} {:>9} {:>7} {:>10}",
        "N", "time_us", "schedules", "states", "exhaustive"
    );
    for n in [2, 4, 8, 16, 32, 64] {
        let src = format!("package main\nimport \"sync\"\nfunc main() {{\n\tjobs := make(chan int)\n\tresults := make(chan int, 100)\n\tvar wg sync.WaitGroup\n\tfor w := 0; w < {n}; w++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\tfor j := range jobs {{\n\t\t\t\tresults <- j * 2\n\t\t\t}}\n\t\t}}()\n\t}}\n\tfor j := 0; j < 2; j++ {{\n\t\tjobs <- j\n\t}}\n\tclose(jobs)\n\twg.Wait()\n}}\n");
        let (t, s, st, ex) = measure(&src, 3, false);
        println!("{n:>4} {t:>12.1} {s:>9} {st:>7} {ex:>10}");
    }
    println!();
    let mut big = String::from("package main\nimport \"fmt\"\n");
    let mut i = 0;
    while big.lines().count() < 1000 {
        big.push_str(&format!(
            "func worker{i}(jobs <-chan int, out chan<- int) {{\n\tfor j := range jobs {{\n\t\tif j%2 == 0 {{\n\t\t\tout <- j * {i}\n\t\t}} else {{\n\t\t\tfmt.Println(\"odd\", j)\n\t\t}}\n\t}}\n\tclose(out)\n}}\n"
        ));
        i += 1;
    }
    let reps = 20;
    let t = Instant::now();
    for _ in 0..reps {
        let parsed = syntax::parse(&big);
        let program = model::lower(&parsed);
        std::hint::black_box(compile(program));
    }
    println!(
        "parse + lower + compile of a {}-line file: {:.2} ms",
        big.lines().count(),
        t.elapsed().as_secs_f64() * 1e3 / reps as f64
    );
}
