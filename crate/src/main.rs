//! The `leakscope` command-line tool.

mod cli_check;

use std::process::ExitCode;

/// `println!` that ignores a closed pipe (`leakscope explore f.go | head`).
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

fn usage() -> String {
    format!(
        "usage:\n  leakscope parse FILE [--json]\n  leakscope run FILE [--entry NAME]\n  leakscope explore FILE [--entry NAME] [--json] [--browser]\n{}\n  leakscope rules [ID]",
        cli_check::USAGE
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("parse") => parse_command(&args[1..]),
        Some("run") => run_command(&args[1..]),
        Some("explore") => explore_command(&args[1..]),
        Some("check") => cli_check::check_command(&args[1..]),
        Some("fix") => cli_check::fix_command(&args[1..]),
        Some("rules") => rules_command(&args[1..]),
        Some("-h" | "--help") => {
            out!("{}", usage());
            ExitCode::SUCCESS
        }
        _ => usage_error("expected a command"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("leakscope: {message}\n{}", usage());
    ExitCode::from(2)
}

fn read_source(path: &str) -> Result<String, ExitCode> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(err) => {
            eprintln!("leakscope: cannot read {path}: {err}");
            Err(ExitCode::from(2))
        }
    }
}

fn parse_command(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut file = None;
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            a if a.starts_with('-') => return usage_error(&format!("unknown flag {a}")),
            a if file.is_none() => file = Some(a.to_string()),
            _ => return usage_error("parse takes one FILE"),
        }
    }
    let Some(path) = file else {
        return usage_error("parse needs a FILE");
    };
    let text = match read_source(&path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let parsed = leakscope::syntax::parse(&text);
    let outline = leakscope::outline::outline(&parsed);
    let pos = |offset: u32| parsed.lines.line_col(offset);
    if json {
        let value = serde_json::json!({
            "path": path,
            "go_statements": outline.go_statements.iter().map(|s| {
                let p = pos(s.start);
                serde_json::json!({"line": p.line, "column": p.column, "start": s.start, "end": s.end})
            }).collect::<Vec<_>>(),
            "channel_ops": outline.channel_ops.iter().map(|o| {
                let p = pos(o.span.start);
                serde_json::json!({"kind": o.kind, "line": p.line, "column": p.column, "start": o.span.start, "end": o.span.end})
            }).collect::<Vec<_>>(),
            "syntax_errors": outline.syntax_errors.iter().map(|e| {
                let p = pos(e.span.start);
                serde_json::json!({"line": p.line, "column": p.column, "message": e.message})
            }).collect::<Vec<_>>(),
        });
        out!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values serialize")
        );
    } else {
        for s in &outline.go_statements {
            let p = pos(s.start);
            out!("{path}:{}:{}: go statement", p.line, p.column);
        }
        for o in &outline.channel_ops {
            let p = pos(o.span.start);
            out!(
                "{path}:{}:{}: channel {}",
                p.line,
                p.column,
                serde_json::to_value(o.kind).unwrap().as_str().unwrap_or("")
            );
        }
        for e in &outline.syntax_errors {
            let p = pos(e.span.start);
            out!(
                "{path}:{}:{}: syntax error: {}",
                p.line,
                p.column,
                e.message
            );
        }
    }
    ExitCode::SUCCESS
}

struct CommonArgs {
    file: String,
    entry: Option<String>,
    json: bool,
    browser: bool,
}

fn common_args(args: &[String], allow_json: bool) -> Result<CommonArgs, ExitCode> {
    let mut out = CommonArgs {
        file: String::new(),
        entry: None,
        json: false,
        browser: false,
    };
    let mut file = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--entry" => match it.next() {
                Some(n) => out.entry = Some(n.clone()),
                None => return Err(usage_error("--entry needs a NAME")),
            },
            "--json" if allow_json => out.json = true,
            "--browser" if allow_json => out.browser = true,
            a if a.starts_with('-') => return Err(usage_error(&format!("unknown flag {a}"))),
            a if file.is_none() => file = Some(a.to_string()),
            _ => return Err(usage_error("expected one FILE")),
        }
    }
    match file {
        Some(f) => out.file = f,
        None => return Err(usage_error("expected a FILE")),
    }
    Ok(out)
}

fn run_command(args: &[String]) -> ExitCode {
    let a = match common_args(args, false) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let text = match read_source(&a.file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let options = leakscope::api::AnalyzeOptions {
        entry: a.entry.clone(),
        explore: false,
        ..Default::default()
    };
    let mut options = options;
    options.config.witnesses = false;
    // One schedule only: let CPU-bound programs run much longer than a search would.
    options.config.max_steps_per_run = 200_000_000;
    options.config.max_heap = 5_000_000;
    options.max_entries = 1;
    let analysis = leakscope::api::analyze(&text, &options);
    let Some(entry) = analysis.entries.first() else {
        eprintln!(
            "leakscope: no entry to run (no func main, no TestXxx{})",
            a.entry.map(|e| format!(", no {e}")).unwrap_or_default()
        );
        return ExitCode::from(2);
    };
    use std::io::Write;
    let run = entry.run.as_ref().expect("run mode fills run");
    let _ = std::io::stdout().write_all(run.stdout.as_bytes());
    let _ = std::io::stdout().flush();
    eprint!("{}", run.stderr);
    for v in &entry.verdicts {
        eprintln!(
            "{}:{}:{}: {}: {}",
            a.file,
            v.line,
            v.column,
            v.kind.as_str(),
            message_without_kind(v)
        );
    }
    for n in &entry.notes {
        eprintln!("leakscope: note: {n}");
    }
    if let Some(b) = entry.bounded_by {
        eprintln!(
            "leakscope: the run stopped at a bound: {}",
            serde_json::to_value(b).unwrap_or_default()
        );
    }
    match run.outcome.as_str() {
        "panic" | "fatal" | "deadlock" => ExitCode::from(3),
        "exit" => ExitCode::from(run.go_exit_code.clamp(0, 255) as u8),
        _ => ExitCode::SUCCESS,
    }
}

fn explore_command(args: &[String]) -> ExitCode {
    let a = match common_args(args, true) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let text = match read_source(&a.file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut options = if a.browser {
        leakscope::api::AnalyzeOptions::browser()
    } else {
        leakscope::api::AnalyzeOptions::default()
    };
    options.entry = a.entry.clone();
    let analysis = leakscope::api::analyze(&text, &options);
    if a.json {
        out!(
            "{}",
            serde_json::to_string(&analysis).expect("analysis serializes")
        );
        return ExitCode::SUCCESS;
    }
    for e in &analysis.syntax_errors {
        out!(
            "{}:{}:{}: syntax error: {}",
            a.file,
            e.range.start.line,
            e.range.start.column,
            e.message
        );
    }
    if analysis.entries_skipped > 0 {
        out!(
            "{} more function(s) were not explored as entries (the limit is {}; use --entry NAME)",
            analysis.entries_skipped,
            analysis.entries.len()
        );
    }
    for entry in &analysis.entries {
        let bound = entry
            .bounded_by
            .map(|b| {
                format!(
                    ", bounded by {}",
                    serde_json::to_value(b)
                        .unwrap_or_default()
                        .as_str()
                        .unwrap_or("?")
                )
            })
            .unwrap_or_default();
        out!(
            "entry {}: {} schedule(s), {}{}, {:.1} ms",
            entry.name,
            entry.schedules,
            if entry.exhaustive {
                "exhaustive"
            } else {
                "not exhaustive"
            },
            bound,
            entry.elapsed_ms
        );
        if entry.verdicts.is_empty() {
            out!("  no leak, deadlock or panic found");
        } else if entry.clean_schedules > 0 {
            out!(
                "  {} run(s) went wrong and {} ended cleanly: it depends on the schedule",
                entry.faulty_schedules,
                entry.clean_schedules
            );
        }
        for v in &entry.verdicts {
            out!(
                "  {}:{}:{}: {}: {}",
                a.file,
                v.line,
                v.column,
                v.kind.as_str(),
                message_without_kind(v)
            );
            for g in &v.goroutines {
                let go = g
                    .go_statement
                    .as_ref()
                    .map(|r| format!(", started at line {}", r.start.line))
                    .unwrap_or_default();
                out!(
                    "    goroutine {} ({}) at line {}{}{}",
                    g.id,
                    g.function,
                    g.line,
                    g.reason
                        .as_ref()
                        .map(|r| format!(" [{r}]"))
                        .unwrap_or_default(),
                    go
                );
            }
            out!(
                "    witness: schedule {:?}, {} step(s)",
                v.witness.schedule,
                v.witness.steps.len()
            );
            for s in v
                .witness
                .steps
                .iter()
                .filter(|s| !s.event.is_empty())
                .take(40)
            {
                out!("      {}", s.event);
            }
        }
    }
    ExitCode::SUCCESS
}

/// Prints the catalogue, or one rule's documentation.
fn rules_command(args: &[String]) -> ExitCode {
    match args {
        [] => {
            for rule in leakscope::rules::RULES.iter() {
                println!("{:<24} {}", rule.id, rule.name);
            }
            ExitCode::SUCCESS
        }
        [id] => match leakscope::rules::rule(id) {
            Some(rule) => {
                println!(
                    "{} ({})\n\nWhat it is: {}\n\nWhy it leaks: {}\n\nHow to fix it: {}",
                    rule.name, rule.id, rule.what, rule.why, rule.fix
                );
                ExitCode::SUCCESS
            }
            None => usage_error(&format!("unknown rule {id}; `leakscope rules` lists them")),
        },
        _ => usage_error("rules takes at most one ID"),
    }
}

/// The verdict message without a leading "panic: " or "deadlock: " when the
/// kind is printed before it.
fn message_without_kind(v: &leakscope::api::VerdictOut) -> &str {
    let kind = v.kind.as_str();
    v.message
        .strip_prefix(kind)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(&v.message)
}
