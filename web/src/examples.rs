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

/// What the page opens with, and its fixed version: named on their own so
/// that the worker's warm-up (`worker.rs`), which analyzes this pair, links
/// these two sources and not the whole gallery (16 KB of the worker's
/// download, under its ceiling).
const FIRST: Example = Example {
    id: "premature-return",
    title: "Early return strands the sender",
    pattern: "premature return",
    kind: ExampleKind::Leaking,
    summary:
        "fetch returns on bad input before receiving, so its worker blocks on the send forever.",
    source: include_str!("../examples/premature_return.go"),
};
const FIRST_FIXED: Example = Example {
    id: "premature-return-fixed",
    title: "Early return, with a buffered channel",
    pattern: "premature return",
    kind: ExampleKind::Fixed,
    summary: "A buffer of one lets the worker's send complete even when nobody receives.",
    source: include_str!("../examples/premature_return_fixed.go"),
};

/// The gallery, in the order it is shown. The first is what the page opens with.
pub const EXAMPLES: &[Example] = &[
    FIRST,
    FIRST_FIXED,
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
        id: "poll-once",
        title: "Poll once, leak sometimes",
        pattern: "premature return",
        kind: ExampleKind::Leaking,
        summary: "A select with a default case polls the worker once: the worker leaks only when the select runs before its send. The timeline shows both runs and where they part.",
        source: include_str!("../examples/poll_once.go"),
    },
    Example {
        id: "poll-once-fixed",
        title: "Poll once, with a buffered channel",
        pattern: "premature return",
        kind: ExampleKind::Fixed,
        summary: "The buffer takes the worker's value whichever runs first.",
        source: include_str!("../examples/poll_once_fixed.go"),
    },
    // The analyzer's own rule examples, with their fixed (golden) versions.
    Example {
        id: "premature-return-validate",
        title: "Validation fails before the receive",
        pattern: "premature return",
        kind: ExampleKind::Leaking,
        summary: "lookup returns when validation fails, before it receives the worker's error; the worker blocks on its send.",
        source: include_str!("../../crate/testdata/rules/premature-return.go"),
    },
    Example {
        id: "premature-return-validate-fixed",
        title: "Validation fails before the receive (fixed)",
        pattern: "premature return",
        kind: ExampleKind::Fixed,
        summary: "A buffer of one lets the worker's send complete after lookup returned.",
        source: include_str!("../../crate/testdata/rules/premature-return.go.golden"),
    },
    Example {
        id: "ncast-leak",
        title: "First error wins, the other senders are stranded",
        pattern: "ncast leak",
        kind: ExampleKind::Leaking,
        summary: "firstError returns after the first failed check; the other checkers block sending on the unbuffered channel.",
        source: include_str!("../../crate/testdata/rules/ncast-leak.go"),
    },
    Example {
        id: "ncast-leak-fixed",
        title: "First error wins, the other senders are stranded (fixed)",
        pattern: "ncast leak",
        kind: ExampleKind::Fixed,
        summary: "A buffer as large as the number of senders lets every checker finish.",
        source: include_str!("../../crate/testdata/rules/ncast-leak.go.golden"),
    },
    Example {
        id: "orphan-receive",
        title: "Waiting for a stop signal nobody sends",
        pattern: "orphan receive",
        kind: ExampleKind::Leaking,
        summary: "The watcher receives from stop, but no code path ever sends on it or closes it.",
        source: include_str!("../../crate/testdata/rules/orphan-receive.go"),
    },
    Example {
        id: "orphan-receive-fixed",
        title: "Waiting for a stop signal nobody sends (fixed)",
        pattern: "orphan receive",
        kind: ExampleKind::Fixed,
        summary: "The stop channel is closed when the work is done, so the watcher returns.",
        source: include_str!("../../crate/testdata/rules/orphan-receive.go.golden"),
    },
    Example {
        id: "send-after-reader-left",
        title: "The reader leaves, the producer keeps sending",
        pattern: "send after the reader left",
        kind: ExampleKind::Leaking,
        summary: "firstEven stops reading at the first even number; the producer's next send has no receiver.",
        source: include_str!("../../crate/testdata/rules/send-after-reader-left.go"),
    },
    Example {
        id: "send-after-reader-left-fixed",
        title: "The reader leaves, the producer keeps sending (fixed)",
        pattern: "send after the reader left",
        kind: ExampleKind::Fixed,
        summary: "The reader closes done when it leaves; the producer's select sees it and returns.",
        source: include_str!("../../crate/testdata/rules/send-after-reader-left.go.golden"),
    },
    Example {
        id: "full-buffer",
        title: "A small buffer that stops draining",
        pattern: "full buffer",
        kind: ExampleKind::Leaking,
        summary: "The consumer stops draining the buffered channel; once it is full the producer blocks.",
        source: include_str!("../../crate/testdata/rules/full-buffer.go"),
    },
    Example {
        id: "full-buffer-fixed",
        title: "A small buffer that stops draining (fixed)",
        pattern: "full buffer",
        kind: ExampleKind::Fixed,
        summary: "A buffer with room for every event lets the producer finish.",
        source: include_str!("../../crate/testdata/rules/full-buffer.go.golden"),
    },
    Example {
        id: "forgotten-cancel",
        title: "Cancel only on the success path",
        pattern: "forgotten cancel",
        kind: ExampleKind::Leaking,
        summary: "The context is cancelled on one path only; on the other the worker waits on ctx.Done() forever.",
        source: include_str!("../../crate/testdata/rules/forgotten-cancel.go"),
    },
    Example {
        id: "forgotten-cancel-fixed",
        title: "Cancel only on the success path (fixed)",
        pattern: "forgotten cancel",
        kind: ExampleKind::Fixed,
        summary: "defer cancel() cancels the context on every path.",
        source: include_str!("../../crate/testdata/rules/forgotten-cancel.go.golden"),
    },
    Example {
        id: "nil-channel",
        title: "A channel that was never made",
        pattern: "nil channel",
        kind: ExampleKind::Leaking,
        summary: "The results channel is declared but never made: sending on a nil channel blocks forever.",
        source: include_str!("../../crate/testdata/rules/nil-channel.go"),
    },
    Example {
        id: "nil-channel-fixed",
        title: "A channel that was never made (fixed)",
        pattern: "nil channel",
        kind: ExampleKind::Fixed,
        summary: "The channel is made before the goroutines use it.",
        source: include_str!("../../crate/testdata/rules/nil-channel.go.golden"),
    },
    Example {
        id: "lock-leak",
        title: "Early return with the mutex held",
        pattern: "lock leak",
        kind: ExampleKind::Leaking,
        summary: "Inc returns without unlocking on an empty key; the next Lock waits forever.",
        source: include_str!("../../crate/testdata/rules/lock-leak.go"),
    },
    Example {
        id: "lock-leak-fixed",
        title: "Early return with the mutex held (fixed)",
        pattern: "lock leak",
        kind: ExampleKind::Fixed,
        summary: "defer Unlock releases the mutex on every path.",
        source: include_str!("../../crate/testdata/rules/lock-leak.go.golden"),
    },
    Example {
        id: "waitgroup-misuse",
        title: "wg.Done forgotten on the error path",
        pattern: "waitgroup misuse",
        kind: ExampleKind::Leaking,
        summary: "One goroutine returns without wg.Done, so wg.Wait never returns.",
        source: include_str!("../../crate/testdata/rules/waitgroup-misuse.go"),
    },
    Example {
        id: "waitgroup-misuse-fixed",
        title: "wg.Done forgotten on the error path (fixed)",
        pattern: "waitgroup misuse",
        kind: ExampleKind::Fixed,
        summary: "defer wg.Done() runs on every path.",
        source: include_str!("../../crate/testdata/rules/waitgroup-misuse.go.golden"),
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

/// A leaking example and its fixed version (`{id}-fixed`), for playing
/// their runs side by side.
pub fn pair_of(id: Option<&str>) -> Option<crate::protocol::ExamplePair> {
    let leaking = find(id?).filter(|e| e.kind == ExampleKind::Leaking)?;
    let fixed = find(&format!("{}-fixed", leaking.id)).filter(|e| e.kind == ExampleKind::Fixed)?;
    Some(pair(leaking, fixed))
}

/// The example the page opens with when there is no link and nothing saved.
pub fn first() -> &'static Example {
    &EXAMPLES[0]
}

/// The first example and its fixed pair, without the rest of the gallery
/// (for the worker's warm-up: see [`FIRST`]).
pub fn first_with_pair() -> (&'static str, crate::protocol::ExamplePair) {
    (FIRST.source, pair(&FIRST, &FIRST_FIXED))
}

fn pair(leaking: &Example, fixed: &Example) -> crate::protocol::ExamplePair {
    crate::protocol::ExamplePair {
        leaking: leaking.source.to_string(),
        fixed: fixed.source.to_string(),
        title: fixed.title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze_for_editor;
    use crate::protocol::AnalysisOptions;
    use std::collections::HashSet;

    #[test]
    fn the_warm_up_pair_is_the_first_example_and_its_fixed_version() {
        let (source, p) = first_with_pair();
        assert_eq!(source, first().source);
        assert_eq!(Some(p), pair_of(Some(first().id)));
    }

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
