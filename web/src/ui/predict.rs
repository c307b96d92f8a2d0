//! Predict, then reveal: which goroutines the finding's witness leaves
//! stuck, and where, and whether a student's answer (a lane or a line)
//! names one of them. Plain Rust, tested natively.

use super::state::Answer;
use crate::protocol::{EditorFinding, GoStatus};

/// A goroutine the witness leaves blocked at its last step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stuck {
    pub goroutine: u32,
    /// The function it runs.
    pub function: String,
    /// The line it is blocked at (1-based).
    pub line: u32,
    /// Go's wait reason (`chan send`, `select`, ...).
    pub reason: String,
}

/// The goroutines blocked at the last step of the finding's witness.
pub fn stuck(finding: &EditorFinding) -> Vec<Stuck> {
    let witness = &finding.witness;
    let Some(last) = witness.steps.last() else {
        return Vec::new();
    };
    last.goroutines
        .iter()
        .filter(|g| g.status == GoStatus::Blocked)
        .map(|g| Stuck {
            goroutine: g.id,
            function: witness
                .functions
                .get(g.function as usize)
                .cloned()
                .unwrap_or_else(|| format!("goroutine {}", g.id)),
            line: g.range.start.line,
            reason: g.reason.clone().unwrap_or_default(),
        })
        .collect()
}

/// Whether the answer names a stuck goroutine or the line one is stuck at
/// (or, for a finding that leaves nothing blocked, the finding's own line).
pub fn is_right(answer: Answer, finding: &EditorFinding) -> bool {
    let stuck = stuck(finding);
    match answer {
        Answer::Goroutine(id) => stuck.iter().any(|s| s.goroutine == id),
        Answer::Line(line) => {
            stuck.iter().any(|s| s.line == line)
                || (stuck.is_empty() && finding.range.start.line == line)
        }
    }
}

/// The answer in words: "g3 (fetch)", "line 14".
pub fn answer_text(answer: Answer, finding: &EditorFinding) -> String {
    match answer {
        Answer::Goroutine(id) => {
            let function = finding.witness.steps.iter().rev().find_map(|s| {
                s.goroutines
                    .iter()
                    .find(|g| g.id == id)
                    .and_then(|g| finding.witness.functions.get(g.function as usize))
            });
            match function {
                Some(f) => format!("g{id} (`{f}`)"),
                None => format!("g{id}"),
            }
        }
        Answer::Line(line) => format!("line {line}"),
    }
}

/// What the reveal says about the answer, then who is stuck where:
/// "Right: …" or "Not quite: …", one sentence per stuck goroutine.
pub fn reveal_text(answer: Option<Answer>, finding: &EditorFinding) -> (Option<bool>, String) {
    let stuck = stuck(finding);
    let who = if stuck.is_empty() {
        format!(
            "Nothing stays blocked; the finding is at line {}: {}",
            finding.range.start.line,
            finding.message.trim_end_matches('.')
        )
    } else {
        let each: Vec<String> = stuck
            .iter()
            .map(|s| {
                format!(
                    "g{} (`{}`) is stuck at line {} on {}",
                    s.goroutine, s.function, s.line, s.reason
                )
            })
            .collect();
        join_sentences(&each)
    };
    match answer {
        None => (None, format!("{who}.")),
        Some(a) if is_right(a, finding) => (
            Some(true),
            format!("Right: you picked {}. {who}.", answer_text(a, finding)),
        ),
        Some(a) => (
            Some(false),
            format!("Not quite: you picked {}. {who}.", answer_text(a, finding)),
        ),
    }
}

/// "a", "a and b", "a, b and c".
fn join_sentences(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{FindingKind, GoroutineState, Severity, Timeline, TimelineStep};
    use crate::text::{Position, TextRange};

    fn at_line(line: u32) -> TextRange {
        TextRange {
            start: Position { line, column: 1 },
            ..TextRange::default()
        }
    }

    fn goroutine(id: u32, function: u32, status: GoStatus, line: u32) -> GoroutineState {
        GoroutineState {
            id,
            function,
            go_range: None,
            status,
            reason: (status == GoStatus::Blocked).then(|| "chan send".to_string()),
            range: at_line(line),
            wake_ns: None,
            waits_on: None,
        }
    }

    fn finding(last: Vec<GoroutineState>) -> EditorFinding {
        let step = |goroutines| TimelineStep {
            actor: 1,
            event: String::new(),
            range: None,
            clock_ns: 0,
            goroutines,
            channels: Vec::new(),
            locks: Vec::new(),
            output_len: 0,
            handoffs: Vec::new(),
        };
        EditorFinding {
            rule: "premature-return".into(),
            rule_name: "Premature return".into(),
            kind: FindingKind::Leak,
            severity: Severity::Error,
            entry: "main".into(),
            message: "the sender leaks.".into(),
            why: String::new(),
            help: String::new(),
            range: at_line(21),
            labels: Vec::new(),
            fixes: Vec::new(),
            witness: Timeline {
                functions: vec!["main".into(), "lookup.func1".into()],
                steps: vec![
                    step(vec![goroutine(1, 0, GoStatus::Running, 5)]),
                    step(last),
                ],
                ..Timeline::default()
            },
            runs: 1,
            paired_run: None,
        }
    }

    #[test]
    fn a_lane_or_a_line_of_a_stuck_goroutine_is_right() {
        let f = finding(vec![
            goroutine(1, 0, GoStatus::Done, 9),
            goroutine(2, 1, GoStatus::Blocked, 21),
        ]);
        assert_eq!(stuck(&f).len(), 1);
        assert!(is_right(Answer::Goroutine(2), &f));
        assert!(is_right(Answer::Line(21), &f));
        assert!(!is_right(Answer::Goroutine(1), &f));
        assert!(!is_right(Answer::Line(9), &f));
        let (right, text) = reveal_text(Some(Answer::Goroutine(2)), &f);
        assert_eq!(right, Some(true));
        assert_eq!(
            text,
            "Right: you picked g2 (`lookup.func1`). g2 (`lookup.func1`) is stuck at line 21 on chan send."
        );
        let (right, text) = reveal_text(Some(Answer::Line(9)), &f);
        assert_eq!(right, Some(false));
        assert!(
            text.starts_with("Not quite: you picked line 9. g2"),
            "{text}"
        );
        assert_eq!(reveal_text(None, &f).0, None);
    }

    #[test]
    fn several_stuck_goroutines_are_all_named_and_any_is_right() {
        let f = finding(vec![
            goroutine(1, 0, GoStatus::Blocked, 9),
            goroutine(2, 1, GoStatus::Blocked, 21),
            goroutine(3, 1, GoStatus::Blocked, 21),
        ]);
        assert!(is_right(Answer::Goroutine(3), &f));
        assert!(is_right(Answer::Line(9), &f));
        let (_, text) = reveal_text(None, &f);
        assert!(
            text.contains("line 9 on chan send, g2") && text.contains(" and g3"),
            "{text}"
        );
    }

    #[test]
    fn without_a_blocked_goroutine_the_finding_line_is_the_answer() {
        let f = finding(vec![goroutine(1, 0, GoStatus::Done, 9)]);
        assert!(is_right(Answer::Line(21), &f));
        assert!(!is_right(Answer::Goroutine(1), &f));
        assert!(reveal_text(None, &f).1.contains("at line 21"));
    }
}
