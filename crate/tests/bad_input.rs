//! Hostile input: never a panic, never a hang, and the bound that stopped
//! the analysis is reported.

use leakscope::api::{analyze, AnalyzeOptions};

fn quick() -> AnalyzeOptions {
    let mut o = AnalyzeOptions::browser();
    o.config.max_wall_time_ms = 2_000.0;
    o
}

#[test]
fn infinite_loop_hits_the_step_bound() {
    // The state changes at every turn (a counter): only the bound stops it.
    let a = analyze(
        "package main\nfunc main() {\n\tfor i := 0; ; i++ {\n\t}\n}\n",
        &quick(),
    );
    let e = &a.entries[0];
    assert!(!e.search.exhaustive);
    assert!(e.search.bounded_by.is_some());
    assert!(e.verdicts.is_empty());
}

#[test]
fn a_loop_that_changes_nothing_is_found_to_spin_forever() {
    // `for {}` comes back to the same state: the run is proved endless (a
    // livelock at the loop), not cut by a bound and not called clean.
    let a = analyze("package main\nfunc main() {\n\tfor {\n\t}\n}\n", &quick());
    let e = &a.entries[0];
    assert_eq!(e.search.bounded_by, None);
    assert_eq!(e.verdicts.len(), 1, "{:?}", e.verdicts);
    assert_eq!(
        e.verdicts[0].kind,
        leakscope::verdict::VerdictKind::Livelock
    );
    assert_eq!(e.verdicts[0].line, 3);
}

#[test]
fn unbounded_recursion_hits_the_depth_bound() {
    let a = analyze(
        "package main\nfunc f(n int) int { return f(n+1) }\nfunc main() { f(0) }\n",
        &quick(),
    );
    let e = &a.entries[0];
    assert!(e.search.bounded_by.is_some(), "{:?}", e.search.bounded_by);
    let a = analyze(
        "package main\nimport \"fmt\"\ntype T struct{}\nfunc (t T) String() string { return fmt.Sprint(t) }\nfunc main() { fmt.Println(T{}) }\n",
        &quick(),
    );
    assert_eq!(a.entries.len(), 1);
}

#[test]
fn deep_nesting_and_large_files_stay_bounded() {
    let mut src = String::from("package main\nfunc main() {\n");
    for _ in 0..10_000 {
        src.push_str("if true {\n");
    }
    for _ in 0..10_000 {
        src.push_str("}\n");
    }
    src.push_str("}\n");
    let a = analyze(&src, &quick());
    assert_eq!(a.entries.len(), 1);
    let mut expr = String::from("package main\nfunc main() {\n\tx := 1");
    for _ in 0..10_000 {
        expr.push_str(" + (1");
    }
    for _ in 0..10_000 {
        expr.push(')');
    }
    expr.push_str("\n\t_ = x\n}\n");
    let a = analyze(&expr, &quick());
    assert_eq!(a.entries.len(), 1);
    // About a megabyte of ordinary functions.
    let mut big = String::from("package main\nimport \"fmt\"\n");
    let mut i = 0;
    while big.len() < 1_000_000 {
        big.push_str(&format!("func f{i}(x int) int {{\n\tch := make(chan int, 1)\n\tch <- x\n\treturn <-ch + {i}\n}}\n"));
        i += 1;
    }
    big.push_str("func main() { fmt.Println(f1(2)) }\n");
    let a = analyze(&big, &quick());
    assert_eq!(a.entries[0].search.name, "main");
}

#[test]
fn exponential_select_nests_are_bounded() {
    let mut src = String::from("package main\nfunc main() {\n\ta := make(chan int, 1)\n\tb := make(chan int, 1)\n\tfor i := 0; i < 40; i++ {\n\t\ta <- 1\n\t\tb <- 1\n");
    src.push_str(
        "\t\tselect {\n\t\tcase <-a:\n\t\t\t<-b\n\t\tcase <-b:\n\t\t\t<-a\n\t\t}\n\t}\n}\n",
    );
    let a = analyze(&src, &quick());
    let e = &a.entries[0];
    assert!(e.search.schedules >= 1);
    assert!(e.search.elapsed_ms < 5_000.0);
}

#[test]
fn random_bytes_and_mutated_programs_never_panic() {
    let seeds = [
        include_str!("../testdata/engine/worker_pool_ok.go"),
        include_str!("../testdata/engine/timeout_leak.go"),
        include_str!("../testdata/engine/cancel_fixed.go"),
        include_str!("../testdata/engine/mutex_counter_ok.go"),
    ];
    let mut rng: u64 = 0x9e3779b97f4a7c15;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut options = quick();
    options.config.max_wall_time_ms = 50.0;
    options.config.max_schedules = 30;
    for round in 0..120 {
        let src: String = if round % 4 == 0 {
            let n = (next() % 400) as usize;
            (0..n)
                .map(|_| char::from_u32((next() % 128) as u32).unwrap_or(' '))
                .collect()
        } else {
            let base = seeds[round % seeds.len()];
            let mut bytes: Vec<char> = base.chars().collect();
            for _ in 0..(1 + next() % 6) {
                if bytes.is_empty() {
                    break;
                }
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(
                        at,
                        ['{', '}', '(', ')', '<', '-', ';', '\n', 'x'][(next() % 9) as usize],
                    ),
                    _ => {
                        let len = ((next() % 20) as usize).min(bytes.len() - at);
                        bytes.drain(at..at + len);
                    }
                }
            }
            bytes.into_iter().collect()
        };
        let _ = analyze(&src, &options);
    }
}

/// A loop with no channel operation runs in one transition: the memory bound
/// must stop it inside the transition (a fuzz case of this shape grew past
/// 20 GB with the CLI's bounds before the check moved there).
#[test]
fn a_buffer_per_iteration_is_bounded_by_memory_inside_one_transition() {
    let src = "package main\n\nfunc read(b []byte) int { return len(b) }\n\nfunc main() {\n\tch := make(chan []byte, 1)\n\tgo func() {\n\t\tfor {\n\t\t\tbuf := make([]byte, 32*1024)\n\t\t\t_ = read(buf)\n\t\t}\n\t}()\n\t<-ch\n}\n";
    let a = analyze(src, &AnalyzeOptions::default());
    let e = &a.entries[0];
    assert_eq!(
        e.search.bounded_by.map(|b| format!("{b:?}")),
        Some("Memory".to_string())
    );
    // A slice larger than a run may hold is not made smaller: the run stops.
    let a = analyze(
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tb := make([]byte, 1<<40)\n\tfmt.Println(len(b))\n}\n",
        &AnalyzeOptions::default(),
    );
    let e = &a.entries[0];
    assert_eq!(
        e.search.bounded_by.map(|b| format!("{b:?}")),
        Some("Memory".to_string())
    );
}
