//! The `leakscope` command-line tool.

mod cli_check;
mod cli_packages;

use clap::{Args, Parser, Subcommand, ValueEnum};
use leakscope::findings::report::escape_controls;
use std::path::PathBuf;
use std::process::ExitCode;

/// `println!` that ignores a closed pipe (`leakscope explore f.go | head`).
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}
pub(crate) use out;

const EXIT_STATUS: &str = "\
Exit status: 0 when nothing was found, 1 when something was (a finding, a verdict,
or fixes that could not be applied), 2 for a usage error or unreadable input.
`run` exits like the program would: its os.Exit code, or 3 when it panics or deadlocks.";

/// Finds goroutine leaks in Go code by running it on a model of the Go
/// scheduler and exploring its schedules.
#[derive(Parser)]
#[command(
    name = "leakscope",
    version,
    arg_required_else_help = true,
    after_help = EXIT_STATUS,
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report leaks, deadlocks and panics in Go packages, folders or files
    ///
    /// A folder is read as `go test` builds it: the `.go` files that share its
    /// package clause, its `_test.go` files and the external `NAME_test`
    /// package are one program, so a test calling into another file of the
    /// package runs that code. Sub-folders are packages of their own and are
    /// walked too (`DIR/...` means the same); `testdata`, `vendor` and folders
    /// starting with `.` or `_` are skipped, and so are files that the build
    /// constraints leave out on linux/amd64 (`//go:build ignore`,
    /// `_windows.go`). Files named on the command line are always read; named
    /// files of one folder form one program.
    #[command(after_help = EXIT_STATUS)]
    Check(CheckArgs),
    /// Apply the verified fixes of the findings in packages, folders or files
    ///
    /// Only fixes that leakscope verified by re-analyzing the patched program
    /// are applied; fixes that change behaviour (unsafe) need --unsafe-fixes.
    #[command(after_help = EXIT_STATUS)]
    Fix(FixArgs),
    /// Run one schedule (Go's run-queue order) and print like `go run`
    #[command(after_help = EXIT_STATUS)]
    Run(RunArgs),
    /// Explore one file's schedules and print each entry's verdicts and witness
    #[command(after_help = EXIT_STATUS)]
    Explore(ExploreArgs),
    /// List the pattern catalogue, or print one rule's documentation
    Rules {
        /// A rule id, as `leakscope rules` lists them
        id: Option<String>,
    },
    /// List go statements, channel operations and syntax errors of a file
    Parse {
        /// The Go file
        file: String,
        /// Print JSON instead of compiler-style lines
        #[arg(long)]
        json: bool,
    },
}

/// How the work is spread and what is said on stderr.
#[derive(Args, Clone, Debug)]
pub struct RunnerArgs {
    /// Threads: programs, and the entries of a program, analyzed N at a time
    /// [default: all cores]
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Print nothing on stderr but errors: no summary, no progress bar
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Which files make the programs, and how many entries each analyzes.
#[derive(Args, Clone, Debug)]
pub struct LoadArgs {
    /// Skip files and folders whose path or name matches GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Analyze only this entry: a function name, or `Type.Method`
    #[arg(long, value_name = "NAME")]
    pub entry: Option<String>,
    /// Analyze every top-level function and method as an entry (by default:
    /// `main` and tests, or every function when there are none)
    #[arg(long)]
    pub all_functions: bool,
    /// Most entries analyzed per program (package); `main` and tests first
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_entries: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style lines, one finding per line, then its labels and fixes
    Text,
    /// The JSON report (version 1)
    Json,
    /// SARIF 2.1.0, for code-scanning tools
    Sarif,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Folders (`DIR` or `DIR/...`) and `.go` files
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub runner: RunnerArgs,
}

#[derive(Args)]
pub struct FixArgs {
    /// Folders (`DIR` or `DIR/...`) and `.go` files
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Apply only the fixes of this rule
    #[arg(long, value_name = "ID", value_parser = known_rule)]
    pub rule: Option<String>,
    /// Print the changes as a unified diff (the default)
    #[arg(long, conflicts_with = "write")]
    pub diff: bool,
    /// Write the changes into the files
    #[arg(long)]
    pub write: bool,
    /// Also apply verified fixes that change behaviour
    #[arg(long)]
    pub unsafe_fixes: bool,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub runner: RunnerArgs,
}

fn known_rule(id: &str) -> Result<String, String> {
    match leakscope::rules::rule(id) {
        Some(_) => Ok(id.to_string()),
        None => Err(format!("unknown rule {id}; `leakscope rules` lists them")),
    }
}

#[derive(Args)]
struct RunArgs {
    /// The Go file
    file: String,
    /// The entry to run: a function name, or `Type.Method`
    #[arg(long, value_name = "NAME")]
    entry: Option<String>,
}

#[derive(Args)]
struct ExploreArgs {
    /// The Go file
    file: String,
    /// Explore only this entry: a function name, or `Type.Method`
    #[arg(long, value_name = "NAME")]
    entry: Option<String>,
    /// Print the analysis as JSON
    #[arg(long)]
    json: bool,
    /// Use the browser's bounds (milliseconds, not seconds)
    #[arg(long)]
    browser: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => cli_check::check_command(args),
        Command::Fix(args) => cli_check::fix_command(args),
        Command::Run(args) => run_command(args),
        Command::Explore(args) => explore_command(args),
        Command::Rules { id } => rules_command(id.as_deref()),
        Command::Parse { file, json } => parse_command(&file, json),
    }
}

/// Reads a file as text (invalid UTF-8 replaced); an error is said on stderr
/// and gives exit status 2.
fn read_source(path: &str) -> Result<String, ExitCode> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(err) => {
            eprintln!("leakscope: cannot read {path}: {err}");
            Err(ExitCode::from(2))
        }
    }
}

fn parse_command(path: &str, json: bool) -> ExitCode {
    let text = match read_source(path) {
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
        return ExitCode::SUCCESS;
    }
    let path = escape_controls(path);
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
            serde_json::to_value(o.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        );
    }
    for e in &outline.syntax_errors {
        let p = pos(e.span.start);
        out!(
            "{path}:{}:{}: syntax error: {}",
            p.line,
            p.column,
            escape_controls(&e.message)
        );
    }
    ExitCode::SUCCESS
}

fn run_command(a: RunArgs) -> ExitCode {
    let text = match read_source(&a.file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut options = leakscope::api::AnalyzeOptions {
        entry: a.entry.clone(),
        explore: false,
        ..Default::default()
    };
    options.config.witnesses = false;
    // One schedule only: let CPU-bound programs run much longer than a search would.
    options.config.max_steps_per_run = 200_000_000;
    options.config.max_heap = 5_000_000;
    options.max_entries = 1;
    let analysis = leakscope::api::analyze(&text, &options);
    let Some(entry) = analysis.entries.first() else {
        eprintln!(
            "leakscope: no entry to run (no func main, no TestXxx{})",
            a.entry
                .map(|e| format!(", no {}", escape_controls(&e)))
                .unwrap_or_default()
        );
        return ExitCode::from(2);
    };
    use std::io::Write;
    let run = entry.run.as_ref().expect("run mode fills run");
    // The program's own output, byte for byte, as `go run` prints it.
    let _ = std::io::stdout().write_all(run.stdout.as_bytes());
    let _ = std::io::stdout().flush();
    eprint!("{}", run.stderr);
    let file = escape_controls(&a.file);
    for v in &entry.verdicts {
        eprintln!(
            "{file}:{}:{}: {}: {}",
            v.line,
            v.column,
            v.kind.as_str(),
            escape_controls(message_without_kind(v))
        );
    }
    for n in &entry.notes {
        eprintln!("leakscope: note: {}", escape_controls(n));
    }
    if let Some(b) = entry.search.bounded_by {
        eprintln!("leakscope: the run stopped at a bound: {}", b.as_str());
    }
    match run.outcome.as_str() {
        "panic" | "fatal" | "deadlock" => ExitCode::from(3),
        "exit" => ExitCode::from(run.go_exit_code.clamp(0, 255) as u8),
        _ => ExitCode::SUCCESS,
    }
}

fn explore_command(a: ExploreArgs) -> ExitCode {
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
    let found = analysis.entries.iter().any(|e| !e.verdicts.is_empty());
    let status = if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if a.json {
        out!(
            "{}",
            serde_json::to_string(&analysis).expect("analysis serializes")
        );
        return status;
    }
    let file = escape_controls(&a.file);
    for e in &analysis.syntax_errors {
        out!(
            "{file}:{}:{}: syntax error: {}",
            e.range.start.line,
            e.range.start.column,
            escape_controls(&e.message)
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
        let bound = match entry.search.bounded_by {
            Some(b) => format!(", bounded by {}", b.as_str()),
            // Every run came back to a state on its own path (goroutines
            // polling each other): none was followed to its end.
            None if !entry.search.exhaustive && entry.search.schedules == 0 => {
                ", every run went round a loop".to_string()
            }
            None => String::new(),
        };
        out!(
            "entry {}: {} schedule(s), {}{}, {:.1} ms",
            escape_controls(&entry.search.name),
            entry.search.schedules,
            if entry.search.exhaustive {
                "exhaustive"
            } else {
                "not exhaustive"
            },
            bound,
            entry.search.elapsed_ms
        );
        if entry.verdicts.is_empty() {
            out!("  no leak, deadlock or panic found");
        } else if entry.search.clean_schedules > 0 {
            out!(
                "  {} run(s) went wrong and {} ended cleanly: it depends on the schedule",
                entry.search.faulty_schedules,
                entry.search.clean_schedules
            );
        }
        for n in &entry.notes {
            out!("  note: {}", escape_controls(n));
        }
        for v in &entry.verdicts {
            out!(
                "  {file}:{}:{}: {}: {}",
                v.line,
                v.column,
                v.kind.as_str(),
                escape_controls(message_without_kind(v))
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
                    escape_controls(&g.function),
                    g.line,
                    g.reason
                        .as_ref()
                        .map(|r| format!(" [{}]", r.go_name()))
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
                out!("      {}", escape_controls(&s.event));
            }
        }
    }
    status
}

/// Prints the catalogue, or one rule's documentation.
fn rules_command(id: Option<&str>) -> ExitCode {
    let Some(id) = id else {
        for rule in leakscope::rules::RULES.iter() {
            out!("{:<24} {}", rule.id, rule.name);
        }
        return ExitCode::SUCCESS;
    };
    match leakscope::rules::rule(id) {
        Some(rule) => {
            out!(
                "{} ({})\n\nWhat it is: {}\n\nWhy it leaks: {}\n\nHow to fix it: {}",
                rule.name,
                rule.id,
                rule.what,
                rule.why,
                rule.fix
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "leakscope: unknown rule {}; `leakscope rules` lists them",
                escape_controls(id)
            );
            ExitCode::from(2)
        }
    }
}

/// The verdict message without a leading "panic: " or "deadlock: " when the
/// kind is printed before it.
fn message_without_kind(v: &leakscope::api::Verdict) -> &str {
    let kind = v.kind.as_str();
    v.message
        .strip_prefix(kind)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(&v.message)
}
