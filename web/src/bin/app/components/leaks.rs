//! The leaks the explorer found: each finding named by its pattern, where it
//! is, why it leaks and what to do, with its verified fixes as buttons (diff
//! preview first, then one undoable edit) and a link to the pattern's page.
//! Also the squiggles for the editor and how far the schedule search went.

use crate::interop::{Diagnostic, Editor, Severity};
use crate::state::{Action, AppState};
use leakscope_web::protocol::{AnalysisResponse, EditorFinding, EditorFix, EntryInfo};
use leakscope_web::text::TextRange;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The page's editor, shared with components; equal when it is the same cell.
#[derive(Clone)]
pub struct EditorRef(pub Rc<RefCell<Option<Editor>>>);

impl PartialEq for EditorRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl EditorRef {
    pub fn with(&self, f: impl FnOnce(&Editor)) {
        if let Some(editor) = self.0.borrow().as_ref() {
            f(editor)
        }
    }
}

/// A squiggle (and lint-gutter marker) per finding, coloured by severity.
/// None while the code has syntax errors: the findings then rest on a partial
/// parse, and the syntax errors are what to fix first.
pub fn finding_diagnostics(response: &AnalysisResponse) -> Vec<Diagnostic> {
    if !response.analysis.syntax_errors.is_empty() {
        return Vec::new();
    }
    response
        .analysis
        .findings
        .iter()
        .map(|f| Diagnostic {
            from: f.range.from,
            to: f.range.to.max(f.range.from + 1),
            severity: match f.severity.as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                _ => Severity::Info,
            },
            message: format!("{} [{}]: {}", f.rule_name, f.rule, f.message),
            source: "leakscope",
        })
        .collect()
}

/// "explored 400 schedules, not all: bounded by time".
pub fn search_text(entry: &EntryInfo) -> String {
    let n = entry.schedules;
    let schedules = if n == 1 { "schedule" } else { "schedules" };
    let count = group_thousands(n);
    match (&entry.bounded_by, entry.exhaustive) {
        (_, true) => format!("{}: explored {count} {schedules}, all of them", entry.name),
        (Some(bound), false) => format!(
            "{}: explored {count} {schedules}, not all: bounded by {bound}",
            entry.name
        ),
        (None, false) => format!("{}: explored {count} {schedules}, not all", entry.name),
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a fix may be a button: verified by re-analysis, and a real edit.
pub fn offered(fix: &EditorFix) -> bool {
    fix.verified && fix.applicability != "display-only" && !fix.edits.is_empty()
}

#[derive(Properties, PartialEq)]
pub struct LeakFindingsProps {
    pub state: UseReducerHandle<AppState>,
    pub editor: EditorRef,
}

/// The open diff preview: which finding, which fix, for which analysis.
#[derive(Clone, Copy, PartialEq)]
struct Preview {
    finding: usize,
    fix: usize,
    version: u64,
}

#[component]
pub fn LeakFindings(props: &LeakFindingsProps) -> Html {
    let state = &props.state;
    let preview = use_state(|| None::<Preview>);
    let wait_message = use_state(|| false);
    let Some(response) = state.analysis.clone() else {
        return html! {};
    };
    let analysis = &response.analysis;
    // A preview belongs to the analysis it was opened on.
    let open_preview = (*preview).filter(|p| p.version == response.version);

    let jump = {
        let editor = props.editor.clone();
        move |range: TextRange| {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| editor.with(|e| e.select(range.from, range.to)))
        }
    };

    let search = html! {
        <ul class="leak-search" aria-label="Schedule search">
            { for analysis.entries.iter().map(|e| html! {
                <li class={classes!("leak-search-entry", (!e.exhaustive).then_some("bounded"))}>
                    { search_text(e) }
                </li>
            }) }
        </ul>
    };

    let finding_view = |index: usize, f: &EditorFinding| -> Html {
        let selected = state.finding.unwrap_or(0) == index;
        let select = {
            let dispatcher = state.dispatcher();
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SelectFinding(index)))
        };
        let show_rule = {
            let (dispatcher, rule) = (state.dispatcher(), f.rule.clone());
            Callback::from(move |_: MouseEvent| {
                dispatcher.dispatch(Action::ShowRule(Some(rule.clone())))
            })
        };
        let line = f.range.start.line;
        let fixes = f.fixes.iter().enumerate().map(|(fix_index, fix)| {
            if offered(fix) && !state.embed {
                let open = {
                    let (preview, version) = (preview.clone(), response.version);
                    let wait_message = wait_message.clone();
                    Callback::from(move |_: MouseEvent| {
                        wait_message.set(false);
                        preview.set(Some(Preview {
                            finding: index,
                            fix: fix_index,
                            version,
                        }))
                    })
                };
                html! {
                    <li>
                        <button type="button" class="button fix-button" onclick={open}
                            title="Preview the change before applying it">
                            { format!("Fix: {}", fix.title) }
                        </button>
                    </li>
                }
            } else {
                let note = if fix.verified {
                    "suggestion"
                } else {
                    "suggestion, not verified"
                };
                html! {
                    <li class="fix-advice">
                        <span class="fix-advice-label">{ note }</span>{ " " }{ &fix.title }
                    </li>
                }
            }
        });
        let preview_view = open_preview
            .filter(|p| p.finding == index)
            .and_then(|p| f.fixes.get(p.fix).map(|fix| (p, fix)))
            .map(|(_, fix)| {
                let apply = {
                    let (editor, preview, wait_message) =
                        (props.editor.clone(), preview.clone(), wait_message.clone());
                    let (edits, current) = (fix.edits.clone(), !state.analyzing());
                    Callback::from(move |_: MouseEvent| {
                        // The edits are offsets of the analyzed text: only
                        // apply them to that same text.
                        if !current {
                            wait_message.set(true);
                            return;
                        }
                        let mut applied = false;
                        editor.with(|e| applied = e.apply_edits(&edits));
                        if applied {
                            preview.set(None);
                        } else {
                            wait_message.set(true);
                        }
                    })
                };
                let cancel = {
                    let preview = preview.clone();
                    Callback::from(move |_: MouseEvent| preview.set(None))
                };
                html! {
                    <div class="fix-preview" role="region" aria-label="Fix preview">
                        <p class="fix-preview-title">{ format!("Preview: {}", fix.title) }</p>
                        <pre class="fix-diff">{ &fix.diff }</pre>
                        if *wait_message {
                            <p class="fix-wait" role="status">
                                { "The code changed since it was analyzed: wait for the new analysis, then apply." }
                            </p>
                        }
                        <div class="fix-preview-buttons">
                            <button type="button" class="button button-primary fix-apply" onclick={apply}>
                                { "Apply fix" }
                            </button>
                            <button type="button" class="button fix-cancel" onclick={cancel}>{ "Cancel" }</button>
                        </div>
                    </div>
                }
            });
        html! {
            <li>
                <article class={classes!("leak", format!("severity-{}", f.severity), selected.then_some("selected"))}
                    data-rule={f.rule.clone()} aria-current={selected.then_some("true")}>
                    <header class="leak-head">
                        <span class="leak-name">{ &f.rule_name }</span>
                        <span class="badge leak-rule">{ &f.rule }</span>
                        <span class={classes!("leak-severity", f.severity.clone())}>{ &f.severity }</span>
                    </header>
                    <p class="leak-message">{ &f.message }</p>
                    <div class="leak-actions">
                        <button type="button" class="button leak-line" onclick={jump(f.range)}
                            title="Show it in the editor">{ format!("line {line}") }</button>
                        <button type="button" class="button leak-timeline" onclick={select}
                            title="Watch the goroutines block, step by step">{ "Timeline" }</button>
                        <button type="button" class="button leak-doc" onclick={show_rule}>
                            { "About this pattern" }
                        </button>
                    </div>
                    if !f.labels.is_empty() {
                        <ul class="leak-labels">
                            { for f.labels.iter().map(|l| html! {
                                <li>
                                    <button type="button" class="leak-label" onclick={jump(l.range)}>
                                        <span class="finding-line">{ format!("line {}", l.range.start.line) }</span>
                                        { " " }{ &l.message }
                                    </button>
                                </li>
                            }) }
                        </ul>
                    }
                    <details class="leak-why" open={selected}>
                        <summary>{ "Why it leaks, and what to do" }</summary>
                        <p>{ &f.why }</p>
                        <p class="leak-help">{ &f.help }</p>
                    </details>
                    if !f.fixes.is_empty() {
                        <ul class="leak-fixes">{ for fixes }</ul>
                    }
                    { for preview_view }
                </article>
            </li>
        }
    };

    html! {
        <section class="findings-section leak-findings" aria-labelledby="leaks-title">
            <h3 id="leaks-title">{ "Leaks" }<span class="count">{ analysis.findings.len() }</span></h3>
            if let Some(after_ms) = state.stopped_after() {
                <p class="leak-status" role="status">{ crate::state::stopped_text(after_ms) }</p>
            } else if state.analyzing() {
                <p class="leak-status" role="status">{ "Analyzing…" }</p>
            }
            { search }
            if !analysis.syntax_errors.is_empty() && !analysis.findings.is_empty() {
                <p class="findings-note leak-partial">
                    { "The code has syntax errors: these findings come from the part that parsed and may change." }
                </p>
            }
            if analysis.findings.is_empty() {
                <p class="findings-empty leak-none">{ "No goroutine leaks or deadlocks found." }</p>
            } else {
                <ol class="leak-list">
                    { for analysis.findings.iter().enumerate().map(|(i, f)| finding_view(i, f)) }
                </ol>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RulePageProps {
    pub rule: AttrValue,
    pub on_show: Callback<String>,
    pub on_close: Callback<()>,
}

/// A pattern's documentation page, from the analyzer's own rule texts, with
/// the other patterns one click away.
#[component]
pub fn RulePage(props: &RulePageProps) -> Html {
    let rules = leakscope::rules::RULES;
    let rule = leakscope::rules::rule(&props.rule);
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            }
        })
    };
    use_effect_with(props.rule.clone(), |_| {
        crate::interop::focus_element("rule-close")
    });
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="rule-title" onkeydown={on_key}>
            <div class="dialog rule-page">
                if let Some(rule) = rule {
                    <h2 id="rule-title">{ rule.name }<span class="badge leak-rule">{ rule.id }</span></h2>
                    <h3>{ "What happens" }</h3>
                    <p class="rule-what">{ rule.what }</p>
                    <h3>{ "Why it leaks" }</h3>
                    <p class="rule-why">{ rule.why }</p>
                    <h3>{ "How to fix it" }</h3>
                    <p class="rule-fix">{ rule.fix }</p>
                } else {
                    <h2 id="rule-title">{ format!("Unknown pattern {}", props.rule) }</h2>
                }
                <nav class="rule-nav" aria-label="Other patterns">
                    <h3>{ "All patterns" }</h3>
                    <ul>
                        { for rules.iter().map(|r| {
                            let on_show = props.on_show.clone();
                            let id = r.id.to_string();
                            html! {
                                <li>
                                    <button type="button" class="link-button"
                                        aria-current={(r.id == props.rule.as_str()).then_some("page")}
                                        onclick={Callback::from(move |_: MouseEvent| on_show.emit(id.clone()))}>
                                        { r.name }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                </nav>
                <button type="button" class="button" id="rule-close" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
