//! The `leakscope` command-line tool.

mod cli_check;

use std::process::ExitCode;

fn usage() -> String {
    format!(
        "usage:\n  leakscope parse FILE [--json]\n{}",
        cli_check::USAGE
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("parse") => parse_command(&args[1..]),
        Some("check") => cli_check::check_command(&args[1..]),
        Some("fix") => cli_check::fix_command(&args[1..]),
        Some("rules") => rules_command(&args[1..]),
        Some("-h" | "--help") => {
            println!("{}", usage());
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
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values serialize")
        );
    } else {
        for s in &outline.go_statements {
            let p = pos(s.start);
            println!("{path}:{}:{}: go statement", p.line, p.column);
        }
        for o in &outline.channel_ops {
            let p = pos(o.span.start);
            println!(
                "{path}:{}:{}: channel {}",
                p.line,
                p.column,
                serde_json::to_value(o.kind).unwrap().as_str().unwrap_or("")
            );
        }
        for e in &outline.syntax_errors {
            let p = pos(e.span.start);
            println!(
                "{path}:{}:{}: syntax error: {}",
                p.line, p.column, e.message
            );
        }
    }
    ExitCode::SUCCESS
}

/// Prints the catalogue, or one rule's documentation.
fn rules_command(args: &[String]) -> ExitCode {
    match args {
        [] => {
            for rule in leakscope::rules::RULES {
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
