//! A small mutation fuzzer: mutates the engine fixtures (and random bytes)
//! and checks that `analyze` never panics. `cargo run --release --example
//! fuzz -- SECONDS`.

use leakscope::api::{analyze, AnalyzeOptions};
use std::time::Instant;

fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/engine");
    let seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let mut rng: u64 = 0x2545F4914F6CDD1D;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut options = AnalyzeOptions::browser();
    options.config.max_wall_time_ms = 100.0;
    let tokens = [
        "{",
        "}",
        "(",
        ")",
        "<-",
        "go ",
        "defer ",
        "select {",
        "case ",
        "chan int",
        ";",
        "\n",
        "x",
        ":=",
        "=",
        "nil",
        "close(",
        "range ",
        "for ",
        "func() {",
        "}()",
        "make(chan int)",
        "0",
        "\"s\"",
        "...",
        "[",
        "]",
        ".",
        ",",
        "*",
        "&",
    ];
    let start = Instant::now();
    let mut runs = 0u64;
    let mut panics = 0u64;
    let mut slowest = 0.0f64;
    while start.elapsed().as_secs() < secs {
        let src: String = if next() % 8 == 0 {
            (0..(next() % 300))
                .map(|_| char::from_u32((next() % 0x80) as u32).unwrap_or(' '))
                .collect()
        } else {
            let mut s = seeds[(next() as usize) % seeds.len()].clone();
            for _ in 0..(1 + next() % 8) {
                if s.is_empty() {
                    break;
                }
                let mut at = (next() as usize) % s.len();
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                match next() % 3 {
                    0 => s.insert_str(at, tokens[(next() as usize) % tokens.len()]),
                    1 => {
                        let mut end = (at + (next() % 16) as usize).min(s.len());
                        while !s.is_char_boundary(end) {
                            end -= 1;
                        }
                        s.replace_range(at..end, "");
                    }
                    _ => {
                        let other = &seeds[(next() as usize) % seeds.len()];
                        let mut from = (next() as usize) % other.len().max(1);
                        while !other.is_char_boundary(from) {
                            from -= 1;
                        }
                        let mut to = (from + (next() % 80) as usize).min(other.len());
                        while !other.is_char_boundary(to) {
                            to -= 1;
                        }
                        s.insert_str(at, &other[from..to]);
                    }
                }
            }
            s
        };
        let t = Instant::now();
        let r = std::panic::catch_unwind(|| analyze(&src, &options));
        let took = t.elapsed().as_secs_f64();
        if took > slowest {
            slowest = took;
            std::fs::write("/tmp/leakscope-slowest.go", &src).unwrap();
        }
        runs += 1;
        if r.is_err() {
            panics += 1;
            let path = format!("/tmp/leakscope-crash-{panics}.go");
            std::fs::write(&path, &src).unwrap();
            eprintln!("panic; input saved to {path}");
            if panics > 5 {
                break;
            }
        }
    }
    println!("{runs} inputs in {:.1} s, {panics} panics, slowest {slowest:.3} s (saved to /tmp/leakscope-slowest.go)", start.elapsed().as_secs_f64());
}
