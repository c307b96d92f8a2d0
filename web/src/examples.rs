//! The examples gallery: Go programs in `web/examples/`, compiled into the
//! page, and one manifest that says what each one shows.
//!
//! Every leak pattern has its leaking version and its fixed version; correct
//! programs stand beside them for contrast.

/// Whether an example leaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleKind {
    /// Has a goroutine leak the analyzer must find.
    Leaking,
    /// The leaking example of the same pattern, with its fix applied.
    Fixed,
    /// A correct idiom: the analyzer must find nothing.
    Correct,
}

impl ExampleKind {
    pub fn name(self) -> &'static str {
        match self {
            ExampleKind::Leaking => "leaking",
            ExampleKind::Fixed => "fixed",
            ExampleKind::Correct => "correct",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable: permalinks name examples by id.
    pub id: &'static str,
    pub title: &'static str,
    /// The pattern of the catalogue this example belongs to.
    pub pattern: &'static str,
    pub kind: ExampleKind,
    /// One sentence on what happens.
    pub summary: &'static str,
    pub source: &'static str,
}

/// The gallery, in the order it is shown. The first is what the page opens with.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "premature-return",
        title: "Early return strands the sender",
        pattern: "premature return",
        kind: ExampleKind::Leaking,
        summary:
            "fetch returns on bad input before receiving, so its worker blocks on the send forever.",
        source: include_str!("../examples/premature_return.go"),
    },
    Example {
        id: "premature-return-fixed",
        title: "Early return, with a buffered channel",
        pattern: "premature return",
        kind: ExampleKind::Fixed,
        summary: "A buffer of one lets the worker's send complete even when nobody receives.",
        source: include_str!("../examples/premature_return_fixed.go"),
    },
    Example {
        id: "timeout-leak",
        title: "Timeout abandons the worker",
        pattern: "timeout leak",
        kind: ExampleKind::Leaking,
        summary: "The select takes the timeout case; the slow worker's send then has no receiver.",
        source: include_str!("../examples/timeout_leak.go"),
    },
    Example {
        id: "timeout-leak-fixed",
        title: "Timeout, with a buffered channel",
        pattern: "timeout leak",
        kind: ExampleKind::Fixed,
        summary: "The late answer goes into the buffer and the worker exits.",
        source: include_str!("../examples/timeout_leak_fixed.go"),
    },
    Example {
        id: "range-without-close",
        title: "Range over a channel nobody closes",
        pattern: "channel iteration misuse",
        kind: ExampleKind::Leaking,
        summary: "The consumer's range loop waits for a value or a close that never comes.",
        source: include_str!("../examples/range_without_close.go"),
    },
    Example {
        id: "range-without-close-fixed",
        title: "Range over a channel, closed by the sender",
        pattern: "channel iteration misuse",
        kind: ExampleKind::Fixed,
        summary: "close(ch) after the last send ends the consumer's loop.",
        source: include_str!("../examples/range_without_close_fixed.go"),
    },
    Example {
        id: "worker-pool",
        title: "Worker pool that shuts down cleanly",
        pattern: "worker pool",
        kind: ExampleKind::Correct,
        summary:
            "Closing jobs ends the workers; a WaitGroup closes results when they are all done.",
        source: include_str!("../examples/worker_pool.go"),
    },
];

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The example the page opens with when there is no link and nothing saved.
pub fn first() -> &'static Example {
    &EXAMPLES[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze_for_editor;
    use crate::protocol::AnalysisOptions;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_url_safe() {
        let mut seen = HashSet::new();
        for e in EXAMPLES {
            assert!(seen.insert(e.id), "duplicate id {}", e.id);
            assert!(
                e.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                e.id
            );
        }
    }

    #[test]
    fn every_example_parses_and_starts_a_goroutine() {
        for e in EXAMPLES {
            let analysis = analyze_for_editor(e.source, &AnalysisOptions::default());
            assert!(
                analysis.syntax_errors.is_empty(),
                "{}: {:?}",
                e.id,
                analysis.syntax_errors
            );
            assert!(!analysis.go_statements.is_empty(), "{}", e.id);
        }
    }

    #[test]
    fn leaking_examples_have_findings_and_the_others_none() {
        for e in EXAMPLES {
            let analysis = analyze_for_editor(e.source, &AnalysisOptions::default());
            let rules: Vec<&str> = analysis.findings.iter().map(|f| f.rule.as_str()).collect();
            match e.kind {
                ExampleKind::Leaking => assert!(!rules.is_empty(), "{} has no finding", e.id),
                ExampleKind::Fixed | ExampleKind::Correct => {
                    assert!(rules.is_empty(), "{} should be clean: {rules:?}", e.id)
                }
            }
        }
    }

    #[test]
    fn every_leaking_pattern_has_its_fix() {
        for leaking in EXAMPLES.iter().filter(|e| e.kind == ExampleKind::Leaking) {
            assert!(
                EXAMPLES
                    .iter()
                    .any(|e| e.kind == ExampleKind::Fixed && e.pattern == leaking.pattern),
                "{} has no fixed version",
                leaking.id
            );
        }
    }
}
