//! What the editor shows besides the text, computed in one place from the
//! page's state ([`editor_view`]): the squiggles (syntax errors and
//! findings, with their hover), the line markers (the outline's, or one per
//! live goroutine while the timeline is stepping) and the highlighted
//! operation of the step. The page pushes what changed into the editor in
//! one effect; nothing depends on the order of hooks.

use super::state::AppState;
use crate::protocol::{
    self, AnalysisResponse, Applicability, EditorFinding, EditorFix, FindingKind,
};
use crate::stepview;
use serde::Serialize;

/// CodeMirror's severities, named as it names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A squiggle in the editor, with its marker in the lint gutter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub from: u32,
    pub to: u32,
    pub severity: Severity,
    pub message: String,
    pub source: &'static str,
    /// For a finding: what its hover tooltip shows instead of `message`.
    pub hover: Option<FindingHover>,
}

/// A finding's hover tooltip: a title, its message and its fixes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingHover {
    /// The finding's index, passed back when a fix button is pressed.
    pub finding: u32,
    pub title: String,
    pub text: String,
    pub fixes: Vec<HoverFix>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HoverFix {
    pub title: String,
    /// A button that opens the fix's preview; otherwise advice after `note`.
    pub button: bool,
    pub note: &'static str,
}

/// A whole-line mark with a short label in the marker gutter. On a line with
/// several markers the first one given wins.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineMarker {
    pub line: u32,
    pub class: String,
    pub label: String,
    pub title: String,
}

/// A range of the text highlighted with a class; empty: none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    pub from: u32,
    pub to: u32,
    pub class: &'static str,
}

/// Everything the editor shows for one state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditorView {
    pub diagnostics: Vec<Diagnostic>,
    pub markers: Vec<LineMarker>,
    pub highlight: Highlight,
}

/// Whether a fix may be a button: verified by re-analysis, and a real edit.
pub fn offered(fix: &EditorFix) -> bool {
    fix.verified && fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty()
}

/// How a fix that is not a button is introduced.
pub fn advice_label(fix: &EditorFix) -> &'static str {
    if fix.verified {
        "suggestion"
    } else {
        "suggestion, not verified"
    }
}

/// Whether the finding's witness ends in a leak (its blocked goroutines at
/// the last step are leaked for good).
pub fn ends_in_leak(finding: &EditorFinding) -> bool {
    matches!(
        finding.kind,
        FindingKind::Leak | FindingKind::Deadlock | FindingKind::BlockedAtExit
    )
}

/// What the editor shows for this state; `None` before the first analysis.
pub fn editor_view(state: &AppState) -> Option<EditorView> {
    let response = state.analysis.as_ref()?;
    let stepping = state
        .step
        .zip(state.shown_run())
        .filter(|_| !state.analyzing());
    let (markers, highlight) = match stepping {
        Some((step, run)) => {
            let step = step as usize;
            // While a class predicts, nothing is called leaked yet.
            let leak = ends_in_leak(run.finding) && !run.clean && !state.hiding();
            let lanes = stepview::lanes(run.timeline, step, leak);
            let markers = lanes
                .iter()
                .filter(|l| !matches!(l.status, "done" | "not-started"))
                .filter_map(|l| {
                    Some(LineMarker {
                        line: l.line?,
                        class: format!("lane-{}", l.color),
                        label: format!("g{}", l.id),
                        title: format!("g{} {}: {}", l.id, l.function, l.status_text),
                    })
                })
                .collect();
            let leaked = lanes
                .iter()
                .find(|l| l.status == "leaked")
                .and_then(|l| l.state.as_ref());
            let current = run.timeline.steps.get(step).and_then(|s| s.range);
            let highlight = match (leaked, current) {
                (Some(g), _) => Highlight {
                    from: g.range.from,
                    to: g.range.to,
                    class: "leaked",
                },
                (None, Some(r)) => Highlight {
                    from: r.from,
                    to: r.to,
                    class: "current",
                },
                (None, None) => Highlight::default(),
            };
            (markers, highlight)
        }
        None => (outline_markers(response), Highlight::default()),
    };
    Some(EditorView {
        diagnostics: diagnostics(response, state.embed, state.hiding()),
        markers,
        highlight,
    })
}

/// Squiggles for syntax errors, then for each finding's blocked operation
/// (not while a class predicts: that would give the answer away).
fn diagnostics(response: &AnalysisResponse, embed: bool, hiding: bool) -> Vec<Diagnostic> {
    let analysis = &response.analysis;
    let syntax = analysis.syntax_errors.iter().map(|e| Diagnostic {
        from: e.range.from,
        to: e.range.to,
        severity: Severity::Error,
        message: e.label.clone(),
        source: "syntax",
        hover: None,
    });
    let findings = if hiding {
        Vec::new()
    } else {
        finding_diagnostics(response, embed)
    };
    syntax.chain(findings).collect()
}

/// A squiggle (and lint-gutter marker) per finding, coloured by severity.
/// Hovering either shows the finding and its fixes: verified ones as buttons
/// that open the preview, the others as advice. None while the code has
/// syntax errors: the findings then rest on a partial parse, and the syntax
/// errors are what to fix first.
fn finding_diagnostics(response: &AnalysisResponse, embed: bool) -> Vec<Diagnostic> {
    if !response.analysis.syntax_errors.is_empty() {
        return Vec::new();
    }
    response
        .analysis
        .findings
        .iter()
        .enumerate()
        .map(|(index, f)| Diagnostic {
            from: f.range.from,
            to: f.range.to.max(f.range.from + 1),
            severity: match f.severity {
                protocol::Severity::Error => Severity::Error,
                protocol::Severity::Warning => Severity::Warning,
                protocol::Severity::Note => Severity::Info,
            },
            message: format!("{} [{}]: {}", f.rule_name, f.rule, f.message),
            source: "leakscope",
            hover: Some(FindingHover {
                finding: index as u32,
                title: format!("{} [{}]", f.rule_name, f.rule),
                text: f.message.clone(),
                fixes: f
                    .fixes
                    .iter()
                    .map(|fix| HoverFix {
                        title: fix.title.clone(),
                        button: offered(fix) && !embed,
                        note: advice_label(fix),
                    })
                    .collect(),
            }),
        })
        .collect()
}

/// Gutter markers: every go statement, then lines with channel operations.
fn outline_markers(response: &AnalysisResponse) -> Vec<LineMarker> {
    let analysis = &response.analysis;
    let gos = analysis.go_statements.iter().map(|g| LineMarker {
        line: g.range.start.line,
        class: "go".into(),
        label: "go".into(),
        title: format!("starts a goroutine: {}", g.label),
    });
    let ops = analysis.channel_ops.iter().map(|op| LineMarker {
        line: op.range.start.line,
        class: "chan".into(),
        label: "ch".into(),
        title: format!("channel {}: {}", op.kind.name(), op.label),
    });
    gos.chain(ops).collect()
}

#[cfg(all(test, feature = "analyzer"))]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;
    use crate::protocol::AnalysisOptions;
    use crate::ui::state::Action;
    use std::rc::Rc;

    /// The first example (a premature return), analyzed as the worker does.
    fn analyzed() -> Rc<AppState> {
        let response = crate::handle_request(crate::protocol::AnalysisRequest {
            version: 1,
            source: EXAMPLES[0].source.to_string(),
            options: AnalysisOptions::default(),
        });
        Rc::new(AppState::default())
            .apply(Action::Edited)
            .apply(Action::Analyzed(Rc::new(response)))
    }

    #[test]
    fn nothing_before_the_first_analysis() {
        assert_eq!(editor_view(&AppState::default()), None);
    }

    #[test]
    fn outline_markers_and_a_squiggle_per_finding_when_not_stepping() {
        let state = analyzed();
        let view = editor_view(&state).unwrap();
        assert_eq!(view.highlight, Highlight::default());
        assert!(view.markers.iter().any(|m| m.class == "go"));
        assert!(view.markers.iter().any(|m| m.class == "chan"));
        let finding = &state.analysis.as_ref().unwrap().analysis.findings[0];
        let squiggle = &view.diagnostics[0];
        assert_eq!(
            (squiggle.from, squiggle.severity),
            (finding.range.from, Severity::Error)
        );
        let hover = squiggle.hover.as_ref().unwrap();
        assert!(hover.fixes[0].button, "a verified fix is a button");
        // Embedded, the same fix is advice.
        let embedded = state.apply(Action::SetEmbed(true));
        let view = editor_view(&embedded).unwrap();
        assert!(!view.diagnostics[0].hover.as_ref().unwrap().fixes[0].button);
    }

    #[test]
    fn stepping_marks_the_live_goroutines_and_highlights_the_leaked_send() {
        let state = analyzed();
        let last = state.step_count() - 1;
        let view = editor_view(&state.clone().apply(Action::SetStep(Some(last)))).unwrap();
        assert!(view.markers.iter().all(|m| m.class.starts_with("lane-")));
        assert!(view.markers.iter().all(|m| m.label.starts_with('g')));
        assert_eq!(view.highlight.class, "leaked");
        let finding = &state.analysis.as_ref().unwrap().analysis.findings[0];
        assert_eq!(view.highlight.from, finding.range.from);
        // At the first step the operation that runs is highlighted.
        let first = editor_view(&state.clone().apply(Action::SetStep(Some(0)))).unwrap();
        assert_eq!(first.highlight.class, "current");
        // Text newer than the analysis: back to the outline, no highlight.
        let edited = state
            .apply(Action::SetStep(Some(last)))
            .apply(Action::Edited);
        let view = editor_view(&edited).unwrap();
        assert_eq!(view.highlight, Highlight::default());
        assert!(view
            .markers
            .iter()
            .all(|m| m.class == "go" || m.class == "chan"));
    }

    #[test]
    fn while_a_class_predicts_no_squiggle_and_nothing_leaked_gives_the_answer_away() {
        let response = crate::handle_request(crate::protocol::AnalysisRequest {
            version: 1,
            source: EXAMPLES[0].source.to_string(),
            options: AnalysisOptions::default(),
        });
        let steps = response.analysis.findings[0].witness.steps.len() as u32;
        let state = Rc::new(AppState::default())
            .apply(Action::Edited)
            .apply(Action::Loaded {
                example: None,
                selected: None,
                step: Some(steps - 1),
                options: AnalysisOptions::default(),
                finding: None,
                clean_run: false,
                predict: Some(None),
            })
            .apply(Action::Analyzed(Rc::new(response)));
        let view = editor_view(&state).unwrap();
        assert!(view.diagnostics.iter().all(|d| d.source != "leakscope"));
        assert_ne!(view.highlight.class, "leaked");
        let revealed = editor_view(&state.apply(Action::Reveal)).unwrap();
        assert!(revealed.diagnostics.iter().any(|d| d.source == "leakscope"));
        assert_eq!(revealed.highlight.class, "leaked");
    }

    #[test]
    fn no_finding_squiggles_while_the_code_has_syntax_errors() {
        let response = crate::handle_request(crate::protocol::AnalysisRequest {
            version: 1,
            source: format!("{}\nfunc broken() {{ x := }}\n", EXAMPLES[0].source),
            options: AnalysisOptions::default(),
        });
        let state = Rc::new(AppState::default())
            .apply(Action::Edited)
            .apply(Action::Analyzed(Rc::new(response)));
        let view = editor_view(&state).unwrap();
        assert!(!view.diagnostics.is_empty());
        assert!(view.diagnostics.iter().all(|d| d.source == "syntax"));
    }
}
