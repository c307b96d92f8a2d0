//! Fuzzing in the test suite: arbitrary bytes and mutated corpus programs must
//! never panic and must always come back (the exploration bounds hold).
//!
//! By default a few hundred deterministic cases run with every `cargo test`.
//! `LEAKSCOPE_FUZZ_SECONDS=600 cargo test -p leakscope --release --test fuzz -- --nocapture`
//! runs a long campaign; a failing input is written to `target/fuzz-failures/`,
//! and each input is saved to `target/fuzz-failures/current.go` before it runs
//! (a case killed for memory leaves itself there). `LEAKSCOPE_FUZZ_SEED=N`
//! starts elsewhere in the sequence, so a second campaign sees new inputs.

use leakscope::check::{check_source, CheckOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*), so a failure replays from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "go") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

const TOKENS: &[&str] = &[
    "go ",
    "func() {",
    "}",
    "{",
    "(",
    ")",
    "<-",
    "ch <- 1\n",
    "<-ch\n",
    "select {",
    "case ",
    "default:",
    "for {",
    "for range ch {",
    "close(ch)\n",
    "make(chan int)",
    "defer ",
    "return\n",
    "panic(1)\n",
    "mu.Lock()\n",
    "wg.Wait()\n",
    "var ch chan int\n",
    "break\n",
    "continue\n",
    "goto L\n",
    "L:\n",
    ":=",
    "\n",
    "\"",
    "`",
    "/*",
    "x.y.z(",
    "[]int{",
    "map[string]int{",
    "f(f(f(",
    "1e309",
    "0x",
    "'\\",
    "…",
    "\u{0}",
];

fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut bytes = base.as_bytes().to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.bytes());
            }
            2 if !bytes.is_empty() => {
                let start = rng.below(bytes.len());
                let end = (start + rng.below(200)).min(bytes.len());
                let chunk = bytes[start..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            3 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] = rng.next() as u8;
            }
            4 => {
                let random: Vec<u8> = (0..rng.below(16)).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, random);
            }
            _ => {
                // Swap two lines.
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() > 2 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(a, b);
                }
                bytes = lines.join("\n").into_bytes();
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Writes a case's input under `target/fuzz-failures/` and says where.
fn save_case(name: &str, input: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(name);
    let _ = std::fs::write(&file, input);
    file
}

fn run_case(input: &str, seed: u64) {
    // In a long campaign the input is saved first: a case that the kernel
    // kills for memory leaves no panic behind, only this file.
    if std::env::var_os("LEAKSCOPE_FUZZ_SECONDS").is_some() {
        save_case("current.go", input);
    }
    let started = Instant::now();
    let result =
        std::panic::catch_unwind(|| check_source("fuzz.go", input, &CheckOptions::default()));
    // Slow cases are not failures (every bound is a time bound too), but
    // they are what makes the suite slow: name them, keep the input.
    let took = started.elapsed();
    if took > Duration::from_secs(5) {
        let file = save_case(&format!("slow-{seed}.go"), input);
        println!(
            "fuzz: case {seed} took {took:.1?}, saved to {}",
            file.display()
        );
    }
    if result.is_err() {
        let file = save_case(&format!("case-{seed}.go"), input);
        panic!(
            "check panicked on fuzz case {seed}, saved to {}",
            file.display()
        );
    }
}

#[test]
fn mutated_programs_and_random_bytes_never_panic() {
    let corpus = corpus();
    assert!(!corpus.is_empty());
    let long = std::env::var("LEAKSCOPE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    let deadline = long.map(|s| Instant::now() + Duration::from_secs(s));
    let cases = if long.is_some() { u64::MAX } else { 200 };
    // LEAKSCOPE_FUZZ_SEED starts a campaign elsewhere in the sequence, so a
    // second long run does not repeat the first.
    let mut seed = std::env::var("LEAKSCOPE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0x5eed_u64);
    let mut ran = 0u64;
    // LEAKSCOPE_FUZZ_CASE=SEED replays the one case a summary named.
    let only = std::env::var("LEAKSCOPE_FUZZ_CASE")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    while ran < cases {
        if deadline.is_some_and(|d| Instant::now() > d) {
            break;
        }
        seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        if let Some(only) = only {
            seed = only;
        }
        let mut rng = Rng(seed | 1);
        let input = if rng.below(8) == 0 {
            let bytes: Vec<u8> = (0..rng.below(400)).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            let base = &corpus[rng.below(corpus.len())];
            mutate(&mut rng, base)
        };
        run_case(&input, seed);
        ran += 1;
        if only.is_some() {
            break;
        }
    }
    println!("fuzz: {ran} cases without a panic (last seed {seed})");
}

#[test]
fn adversarial_shapes_stay_within_bounds() {
    let deep_blocks = format!(
        "package main\nfunc main() {{\n{}{}\n}}\n",
        "{\n".repeat(5_000),
        "}\n".repeat(5_000)
    );
    let deep_parens = format!(
        "package main\nfunc main() {{\n\tx := {}1{}\n\t_ = x\n}}\n",
        "(".repeat(5_000),
        ")".repeat(5_000)
    );
    let infinite_loop = "package main\nfunc main() {\n\tfor {\n\t}\n}\n".to_string();
    let recursion =
        "package main\nfunc f(n int) int { return f(n+1) }\nfunc main() { f(0) }\n".to_string();
    let mut select_nest =
        String::from("package main\nfunc main() {\n\ta, b := make(chan int), make(chan int)\n");
    for _ in 0..12 {
        select_nest.push_str("\tgo func() { a <- 1 }()\n\tgo func() { b <- 1 }()\n\tselect {\n\tcase <-a:\n\tcase <-b:\n\t}\n");
    }
    select_nest.push_str("}\n");
    let body: String = (0..20_000)
        .map(|i| format!("\tx{i} := make(chan int, 1)\n\tx{i} <- {i}\n"))
        .collect();
    let huge = format!("package main\nfunc main() {{\n{body}}}\n");
    assert!(huge.len() > 500_000);
    for (name, input) in [
        ("deep blocks", deep_blocks),
        ("deep parens", deep_parens),
        ("infinite loop", infinite_loop),
        ("unbounded recursion", recursion),
        ("select nest", select_nest),
        ("huge source", huge),
    ] {
        let report = check_source(name, &input, &CheckOptions::default());
        // Every entry that was cut short says by which bound.
        for entry in &report.entries {
            assert!(
                entry.search.exhaustive || entry.search.bounded_by.is_some(),
                "{name}: {entry:?}"
            );
        }
    }
}
