use leakscope_web::protocol::{AnalysisResponse, EditorFinding, EditorFix, ItemKind, OutlineItem};
use leakscope_web::text::TextRange;
use std::rc::Rc;
use yew::prelude::*;

/// The most entries of one outline list rendered as buttons: thousands of
/// them would only slow the page; the editor marks them all anyway.
const MAX_LISTED: usize = 300;

#[derive(Properties, PartialEq)]
pub struct FindingsPanelProps {
    pub analysis: Option<Rc<AnalysisResponse>>,
    pub selected: Option<usize>,
    /// Selects an item and jumps to it in the editor.
    pub on_jump: Callback<usize>,
    /// Jumps to a place of a finding (its blocked operation or a label).
    pub on_reveal: Callback<TextRange>,
    /// Applies fix `.1` of finding `.0`.
    pub on_apply: Callback<(usize, usize)>,
}

/// What the analysis found: syntax errors, the goroutines started and the
/// channel operations, each a button that jumps to its place in the code.
/// The indices are those of `EditorAnalysis::items`.
#[component]
pub fn FindingsPanel(props: &FindingsPanelProps) -> Html {
    let Some(response) = &props.analysis else {
        return html! {
            <aside class="findings" id="findings" tabindex="-1" aria-labelledby="findings-title">
                <h2 id="findings-title" class="findings-title">{ "Findings" }</h2>
                <p class="findings-empty">{ "Analyzing…" }</p>
            </aside>
        };
    };
    let analysis = &response.analysis;
    let errors = analysis.syntax_errors.len();
    let gos = analysis.go_statements.len();
    let sections: [(&str, &str, &[OutlineItem], usize); 3] = [
        ("Syntax errors", "syntax-errors", &analysis.syntax_errors, 0),
        (
            "Goroutines started",
            "go-statements",
            &analysis.go_statements,
            errors,
        ),
        (
            "Channel operations",
            "channel-ops",
            &analysis.channel_ops,
            errors + gos,
        ),
    ];
    html! {
        <aside class="findings" id="findings" tabindex="-1" aria-labelledby="findings-title">
            <h2 id="findings-title" class="findings-title">{ "Findings" }</h2>
            if analysis.findings.is_empty() && analysis.syntax_errors.is_empty() && !analysis.entries.is_empty() {
                <p class="findings-clean">{ "No goroutine leaks found." }</p>
            }
            if !analysis.findings.is_empty() {
                <section class="findings-section leaks">
                    <h3>{ "Leaks and other findings" }<span class="count">{ analysis.findings.len() }</span></h3>
                    <ol class="finding-cards">
                        { for analysis.findings.iter().enumerate().map(|(i, f)| finding_view(i, f, props)) }
                    </ol>
                </section>
            }
            if analysis.items().next().is_none() {
                <p class="findings-empty">{ "No goroutines, channel operations or syntax errors in this code." }</p>
            }
            { for sections.iter().filter(|s| !s.2.is_empty()).map(|(title, class, items, first)| html! {
                <section class={classes!("findings-section", *class)}>
                    <h3>{ *title }<span class="count">{ items.len() }</span></h3>
                    <ul class="findings-list">
                        { for items.iter().enumerate().take(MAX_LISTED).map(|(i, item)| {
                            let index = first + i;
                            item_view(item, index, props.selected == Some(index), &props.on_jump)
                        }) }
                        if items.len() > MAX_LISTED {
                            <li class="findings-more">
                                { format!("…and {} more, marked in the editor's gutter", items.len() - MAX_LISTED) }
                            </li>
                        }
                    </ul>
                </section>
            }) }
            if analysis.truncated {
                <p class="findings-note">{ "Long lists were cut; the editor shows the first entries of each." }</p>
            }
        </aside>
    }
}

fn finding_view(index: usize, finding: &EditorFinding, props: &FindingsPanelProps) -> Html {
    let reveal = |range: TextRange| props.on_reveal.reform(move |_: MouseEvent| range);
    let severity_class = format!("severity-{}", finding.severity);
    html! {
        <li class={classes!("finding-card", severity_class)} data-rule={finding.rule.clone()}>
            <button type="button" class="finding-head" onclick={reveal(finding.range)}
                title="Show the blocked operation in the editor">
                <span class="finding-rule">{ &finding.rule_name }</span>
                <span class="finding-line">{ format!("line {}", finding.range.start.line) }</span>
            </button>
            <p class="finding-message">{ &finding.message }</p>
            <p class="finding-why">{ &finding.why }</p>
            <p class="finding-help">{ &finding.help }</p>
            if !finding.labels.is_empty() {
                <ul class="finding-labels">
                    { for finding.labels.iter().map(|label| html! {
                        <li>
                            <button type="button" class="finding-label-link" onclick={reveal(label.range)}>
                                <span class="finding-line">{ format!("line {}", label.range.start.line) }</span>
                                { " " }{ &label.message }
                            </button>
                        </li>
                    }) }
                </ul>
            }
            { for finding.fixes.iter().enumerate().map(|(f, fix)| fix_view(index, f, fix, &props.on_apply)) }
        </li>
    }
}

/// A verified fix is a button with its diff to preview; any other fix is
/// advice, shown but not applied with one click.
fn fix_view(
    finding: usize,
    index: usize,
    fix: &EditorFix,
    on_apply: &Callback<(usize, usize)>,
) -> Html {
    let apply = on_apply.reform(move |_: MouseEvent| (finding, index));
    html! {
        <div class={classes!("fix", fix.verified.then_some("fix-verified"))}>
            <p class="fix-title">
                { &fix.title }
                if fix.verified {
                    <span class="badge badge-fixed" title="leakscope applied this fix, analyzed again, and the leak was gone with nothing new">{ "verified" }</span>
                } else {
                    <span class="badge">{ "advice" }</span>
                }
                if fix.applicability == "unsafe" {
                    <span class="fix-note">{ "changes behaviour: review it" }</span>
                }
            </p>
            if !fix.diff.is_empty() {
                <details class="fix-preview">
                    <summary>{ "Preview the change" }</summary>
                    <pre class="fix-diff">{ &fix.diff }</pre>
                </details>
            }
            if fix.verified && !fix.edits.is_empty() {
                <button type="button" class="button button-primary fix-apply" onclick={apply}>{ "Apply fix" }</button>
            }
        </div>
    }
}

fn item_view(item: &OutlineItem, index: usize, selected: bool, on_jump: &Callback<usize>) -> Html {
    let jump = on_jump.reform(move |_: MouseEvent| index);
    let line = item.range.start.line;
    let kind_class = match item.kind {
        ItemKind::SyntaxError => "kind-error",
        ItemKind::GoStatement => "kind-go",
        _ => "kind-chan",
    };
    html! {
        <li>
            <button type="button" class={classes!("finding", kind_class, selected.then_some("selected"))}
                aria-current={selected.then_some("true")} onclick={jump}
                title={format!("Go to line {line}, column {}", item.range.start.column)}>
                <span class="finding-kind">{ item.kind.name() }</span>
                <code class="finding-label">{ &item.label }</code>
                <span class="finding-line">{ format!("line {line}") }</span>
            </button>
        </li>
    }
}
