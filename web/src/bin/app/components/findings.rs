//! The leaks the explorer found: each finding named by its pattern, where it
//! is, why it leaks and what to do, with its verified fixes as buttons (diff
//! preview first, then one undoable edit) and a link to the pattern's page.
//! Also the squiggles for the editor and how far the schedule search went.

use crate::interop::Editor;
use crate::state::{Action, AppState, Compare, Notice, NoticeKind};
use leakscope_web::protocol::{Applicability, EditorFinding, EntryInfo, RuleDoc};
use leakscope_web::searched::{self, code_spans};
use leakscope_web::text::TextRange;
use leakscope_web::ui::editor::{advice_label, offered};
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

/// "explored 400 schedules, not all: bounded by time".
pub fn search_text(entry: &EntryInfo) -> String {
    let n = entry.search.schedules;
    let schedules = if n == 1 { "schedule" } else { "schedules" };
    let count = searched::thousands(u64::from(n));
    match (&entry.search.bounded_by, entry.search.exhaustive) {
        (_, true) => format!(
            "{}: explored {count} {schedules}, all of them",
            entry.search.name
        ),
        (Some(bound), false) => format!(
            "{}: explored {count} {schedules}, not all: bounded by {}",
            entry.search.name,
            bound.as_str()
        ),
        (None, false) => format!(
            "{}: explored {count} {schedules}, not all",
            entry.search.name
        ),
    }
}

#[derive(Properties, PartialEq)]
pub struct FindingsListProps {
    pub state: UseReducerHandle<AppState>,
    pub editor: EditorRef,
    /// Searches the current text again with larger bounds.
    pub on_search_longer: Callback<()>,
}

/// Text with the code in its backticks shown in code style (as text nodes:
/// nothing in it is HTML).
pub fn with_code(text: &str) -> Html {
    html! {
        <>{ for code_spans(text).into_iter().map(|(code, piece)| if code {
            html! { <code>{ piece }</code> }
        } else {
            html! { { piece } }
        }) }</>
    }
}

/// The status line's words when the text was too large to search in time.
pub const SEARCH_SKIPPED: &str = "not searched for leaks: too large for the time budget";

/// The keys that preview, then apply, the selected leak's first verified fix.
pub const APPLY_FIX_KEYS: &str = "Alt+Shift+F";

/// The first fix of a finding that may be a button.
pub fn first_offered(finding: &EditorFinding) -> Option<usize> {
    finding.fixes.iter().position(offered)
}

/// Applies the previewed fix as one undoable edit, if the shown analysis is
/// of the current text (the edits are offsets of the analyzed text);
/// otherwise asks to wait for the new analysis.
pub fn apply_previewed_fix(state: &UseReducerHandle<AppState>, editor: &EditorRef) {
    let Some(preview) = state.open_preview() else {
        return;
    };
    let fix = state
        .analysis
        .as_ref()
        .and_then(|a| a.analysis.findings.get(preview.finding))
        .and_then(|f| f.fixes.get(preview.fix));
    let Some(fix) = fix else {
        return;
    };
    let finding = state
        .analysis
        .as_ref()
        .and_then(|a| a.analysis.findings.get(preview.finding));
    let compare = compare_runs(finding, fix, false);
    let mut applied = false;
    if !state.analyzing() {
        editor.with(|e| {
            applied = e.apply_edits(&fix.edits);
            // The button that was pressed goes away with the preview: focus
            // returns to the code that changed, not to the page's body.
            if applied {
                e.focus();
            }
        });
    }
    if applied && compare.is_some() {
        // The leaking run is gone with the old text: keep it, beside the
        // fixed program's run of the same schedule.
        state.dispatch(Action::Compare(compare));
    }
    state.dispatch(if applied {
        Action::ClosePreview
    } else {
        Action::WaitToApply
    });
}

/// The leaking run and the fixed program's run of its schedule, when the
/// fix has one.
pub fn compare_runs(
    finding: Option<&EditorFinding>,
    fix: &leakscope_web::protocol::EditorFix,
    take_focus: bool,
) -> Option<Rc<Compare>> {
    let finding = finding?;
    let fixed = fix.fixed_run.clone()?;
    Some(Rc::new(Compare {
        fix: fix.title.clone(),
        rule_name: finding.rule_name.clone(),
        leak: leakscope_web::ui::editor::ends_in_leak(finding),
        leaking: finding.witness.clone(),
        fixed,
        take_focus,
    }))
}

/// How the preview names a fix's safety: "Safe" or "Unsafe", and what that
/// means.
fn safety_words(applicability: Applicability) -> (&'static str, &'static str) {
    match applicability {
        Applicability::Safe => (
            "Safe",
            "the program's behaviour is kept; only the leak goes",
        ),
        Applicability::Unsafe => (
            "Unsafe",
            "the leak goes, but the program's behaviour changes: review it",
        ),
        Applicability::DisplayOnly => ("Advice only", "nothing is applied automatically"),
    }
}

/// The keyboard shortcut: the first press previews the selected leak's first
/// verified fix, a press while that leak's preview is open applies it. When
/// it cannot act, it says why.
pub fn preview_or_apply_fix(state: &UseReducerHandle<AppState>, editor: &EditorRef) {
    let say = |text: String| {
        state.dispatch(Action::ShowNotice(Notice {
            kind: NoticeKind::Info,
            text,
            offer_restore: false,
        }))
    };
    if state.embed {
        say(format!(
            "{APPLY_FIX_KEYS} does nothing here: fixes are not applied in an embedded playground."
        ));
        return;
    }
    let index = state.finding.unwrap_or(0);
    if state.open_preview().is_some_and(|p| p.finding == index) {
        apply_previewed_fix(state, editor);
        return;
    }
    let first = state
        .analysis
        .as_ref()
        .and_then(|a| a.analysis.findings.get(index))
        .and_then(first_offered);
    let finding = state
        .analysis
        .as_ref()
        .and_then(|a| a.analysis.findings.get(index));
    match (first, finding) {
        (Some(fix), _) => state.dispatch(Action::PreviewFix {
            finding: index,
            fix,
        }),
        (None, Some(f)) => say(format!(
            "{APPLY_FIX_KEYS}: the selected finding ({}) has no verified fix to preview; \
             its card lists what to do instead.",
            f.rule_name
        )),
        (None, None) if state.analysis.is_none() => say(format!(
            "{APPLY_FIX_KEYS}: wait for the analysis, then press it again."
        )),
        (None, None) => say(format!(
            "{APPLY_FIX_KEYS} previews the fix of a leak, and there is no leak in this code."
        )),
    }
}

/// The fixes of a finding as a list: verified fixes are buttons that open
/// the preview, the others are advice. Shown in the card and in its hover.
fn fix_list(
    state: &UseReducerHandle<AppState>,
    index: usize,
    finding: &EditorFinding,
    (class, button_class): (&'static str, &'static str),
) -> Html {
    let items = finding.fixes.iter().enumerate().map(|(fix_index, fix)| {
        if offered(fix) && !state.embed {
            let open = {
                let dispatcher = state.dispatcher();
                Callback::from(move |_: MouseEvent| {
                    dispatcher.dispatch(Action::PreviewFix {
                        finding: index,
                        fix: fix_index,
                    })
                })
            };
            html! {
                <li>
                    <button type="button" class={classes!("button", button_class)} onclick={open}
                        title={format!("Preview the change before applying it ({APPLY_FIX_KEYS})")}>
                        { format!("Fix: {}", fix.title) }
                    </button>
                </li>
            }
        } else {
            html! {
                <li class="fix-advice">
                    <span class="fix-advice-label">{ advice_label(fix) }</span>{ " " }{ &fix.title }
                </li>
            }
        }
    });
    html! { <ul class={class}>{ for items }</ul> }
}

#[component]
pub fn FindingsList(props: &FindingsListProps) -> Html {
    let state = &props.state;
    let open_preview = state.open_preview();
    // A preview opened from the editor or the keyboard comes into view.
    use_effect_with(
        open_preview.map(|p| (p.finding, p.fix, p.version)),
        |open| {
            if open.is_some() {
                crate::interop::scroll_into_view("fix-preview");
            }
        },
    );
    let Some(response) = state.analysis.clone() else {
        return html! {};
    };
    let analysis = &response.analysis;
    if state.hiding() {
        return html! {
            <section class="findings-section leak-findings" aria-labelledby="leaks-title">
                <h3 id="leaks-title">{ "Leaks" }</h3>
                <p class="findings-note leak-hidden" id="leaks-hidden">
                    { "Hidden until the answer is revealed: predict first, in the timeline." }
                </p>
            </section>
        };
    }

    let jump = {
        let editor = props.editor.clone();
        move |range: TextRange| {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| editor.with(|e| e.select(range.from, range.to)))
        }
    };

    let unverified = analysis.unverified_for_time;
    let search = html! {
        <ul class="leak-search" aria-label="Schedule search">
            if analysis.search_skipped {
                <li class="leak-search-entry bounded leak-skipped">
                    { "Not searched for leaks: parsing this text used half of the time budget, and \
                       the search would need the rest and more. The outline and colours are complete." }
                </li>
            }
            { for analysis.entries.iter().map(|e| html! {
                <li class={classes!("leak-search-entry", (!e.search.exhaustive).then_some("bounded"))}>
                    { search_text(e) }
                </li>
            }) }
            if unverified > 0 {
                <li class="leak-search-entry bounded leak-unverified">
                    { format!(
                        "{unverified} {} not verified: the time budget ran out (shown as suggestions)",
                        if unverified == 1 { "fix was" } else { "fixes were" }
                    ) }
                </li>
            }
        </ul>
    };

    // A search that a bound cut short has not shown the program clean: say
    // what was searched and what stopped it, and offer a longer search.
    let cut_short = searched::search_cut_short(analysis).then(|| {
        let sentences = searched::cut_short_sentences(analysis);
        let searching = state.deep_asked == Some(response.version)
            || (crate::state::timed_out(&response) && !response.deep);
        let search_longer = props.on_search_longer.reform(|_: MouseEvent| ());
        let title = if analysis.findings.is_empty() {
            "No leak found in the part leakscope searched, but the search was cut short: \
             this does not show that the program is free of leaks."
        } else {
            "The search was cut short: there may be more than these."
        };
        html! {
            <div class="leak-cut-short" id="leak-cut-short" role="note">
                <p class="leak-cut-short-title"><strong>{ title }</strong></p>
                <ul class="leak-cut-short-why">
                    { for sentences.iter().map(|s| html! { <li>{ with_code(s) }</li> }) }
                </ul>
                if !response.deep {
                    <button type="button" class="button button-primary" id="search-longer"
                        onclick={search_longer} disabled={searching}>
                        { if searching { "Searching longer…" } else { "Search longer" } }
                    </button>
                } else {
                    <p class="leak-cut-short-deep">
                        { with_code("This was already the longer search. The command-line tool \
                                     (`leakscope check`) searches with larger limits.") }
                    </p>
                }
            </div>
        }
    });

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
        let preview_view = open_preview
            .filter(|p| p.finding == index)
            .and_then(|p| f.fixes.get(p.fix).map(|fix| (p, fix)))
            .map(|(p, fix)| {
                let apply = {
                    let (state, editor) = (state.clone(), props.editor.clone());
                    Callback::from(move |_: MouseEvent| apply_previewed_fix(&state, &editor))
                };
                let cancel = {
                    let dispatcher = state.dispatcher();
                    Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::ClosePreview))
                };
                let compare = compare_runs(Some(f), fix, true).map(|runs| {
                    let dispatcher = state.dispatcher();
                    Callback::from(move |_: MouseEvent| {
                        dispatcher.dispatch(Action::Compare(Some(runs.clone())))
                    })
                });
                let (safety, safety_means) = safety_words(fix.applicability);
                html! {
                    <div class="fix-preview" id="fix-preview" role="region" aria-label="Fix preview">
                        <p class="fix-preview-title">{ format!("Preview: {}", fix.title) }</p>
                        <dl class="fix-facts">
                            <dt>{ "Remedy" }</dt>
                            <dd class="fix-remedy">{ with_code(&fix.title) }</dd>
                            <dt>{ "Safety" }</dt>
                            <dd class="fix-safety">
                                <span class={classes!("badge", "fix-safety-badge", fix.applicability.as_str())}>{ safety }</span>
                                { format!(": {safety_means}.") }
                            </dd>
                            <dt>{ "Why" }</dt>
                            <dd class="fix-why">{ with_code(&fix.why) }</dd>
                            if fix.verified {
                                <dt>{ "Checked" }</dt>
                                <dd class="fix-verified">{ "leakscope applied it and explored the fixed program again: the finding is gone, nothing new appeared." }</dd>
                            }
                        </dl>
                        <pre class="fix-diff" tabindex="0" role="region" aria-label="The change, as a diff">{ &fix.diff }</pre>
                        if p.wait {
                            <p class="fix-wait" role="status">
                                { "The code changed since it was analyzed: wait for the new analysis, then apply." }
                            </p>
                        }
                        <div class="fix-preview-buttons">
                            <button type="button" class="button button-primary fix-apply" onclick={apply}
                                title={format!("Apply the fix as one undoable edit ({APPLY_FIX_KEYS})")}>
                                { "Apply fix" }
                            </button>
                            if let Some(compare) = compare {
                                <button type="button" class="button fix-compare" onclick={compare}
                                    title="Play the leaking run and the fixed program's run of the same schedule together">
                                    { "Side by side" }
                                </button>
                            }
                            <button type="button" class="button fix-cancel" onclick={cancel}>{ "Cancel" }</button>
                        </div>
                    </div>
                }
            });
        let hover_id = format!("leak-fixes-{index}");
        html! {
            <li>
                <article class={classes!("leak", format!("severity-{}", f.severity.as_str()), selected.then_some("selected"))}
                    data-rule={f.rule.clone()} aria-current={selected.then_some("true")}>
                    // Hovering (or focusing) the finding's summary shows its
                    // fixes, as the editor's tooltip does.
                    <div class="leak-summary" tabindex="0"
                        aria-describedby={(!f.fixes.is_empty()).then(|| hover_id.clone())}>
                        <header class="leak-head">
                            <span class="leak-name">{ &f.rule_name }</span>
                            <span class="badge leak-rule">{ &f.rule }</span>
                            <span class={classes!("leak-severity", f.severity.as_str())}>{ f.severity.as_str() }</span>
                        </header>
                        <p class="leak-message">{ with_code(&f.message) }</p>
                        if !f.fixes.is_empty() {
                            <div class="fix-hover" id={hover_id} role="tooltip">
                                <p class="fix-hover-title">{ "Fixes" }</p>
                                { fix_list(state, index, f, ("fix-hover-list", "fix-hover-button")) }
                            </div>
                        }
                    </div>
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
                                        { " " }{ with_code(&l.message) }
                                    </button>
                                </li>
                            }) }
                        </ul>
                    }
                    <details class="leak-why" open={selected}>
                        <summary>{ "Why it leaks, and what to do" }</summary>
                        <p>{ with_code(&f.why) }</p>
                        <p class="leak-help">{ with_code(&f.help) }</p>
                    </details>
                    if !f.fixes.is_empty() {
                        { fix_list(state, index, f, ("leak-fixes", "fix-button")) }
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
            { for cut_short }
            if analysis.findings.is_empty() {
                if !searched::search_cut_short(analysis) {
                    <p class="findings-empty leak-none">{ "No goroutine leaks or deadlocks found." }</p>
                }
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
    /// The catalogue, as the worker sent it.
    pub rules: Rc<Vec<RuleDoc>>,
    pub on_show: Callback<String>,
    pub on_close: Callback<()>,
}

/// A pattern's documentation page, from the analyzer's own rule texts (sent
/// by the worker), with the other patterns one click away.
#[component]
pub fn RulePage(props: &RulePageProps) -> Html {
    let rules = &props.rules;
    let rule = rules.iter().find(|r| r.id == props.rule.as_str());
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
                    <h2 id="rule-title">{ &rule.name }<span class="badge leak-rule">{ &rule.id }</span></h2>
                    <h3>{ "What happens" }</h3>
                    <p class="rule-what">{ with_code(&rule.what) }</p>
                    <h3>{ "Why it leaks" }</h3>
                    <p class="rule-why">{ with_code(&rule.why) }</p>
                    <h3>{ "How to fix it" }</h3>
                    <p class="rule-fix">{ with_code(&rule.fix) }</p>
                } else {
                    <h2 id="rule-title">{ format!("Unknown pattern {}", props.rule) }</h2>
                }
                <nav class="rule-nav" aria-label="Other patterns">
                    <h3>{ "All patterns" }</h3>
                    <ul>
                        { for rules.iter().map(|r| {
                            let on_show = props.on_show.clone();
                            let id = r.id.clone();
                            html! {
                                <li>
                                    <button type="button" class="link-button"
                                        aria-current={(r.id == props.rule.as_str()).then_some("page")}
                                        onclick={Callback::from(move |_: MouseEvent| on_show.emit(id.clone()))}>
                                        { &r.name }
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
