use leakscope_web::protocol::{AnalysisResponse, ItemKind, OutlineItem};
use std::rc::Rc;
use yew::prelude::*;

/// The most entries of one outline list rendered as buttons: thousands of
/// them would only slow the page; the editor marks them all anyway.
const MAX_LISTED: usize = 300;

#[derive(Properties, PartialEq)]
pub struct OutlinePanelProps {
    pub analysis: Option<Rc<AnalysisResponse>>,
    pub selected: Option<usize>,
    /// Selects an item and jumps to it in the editor.
    pub on_jump: Callback<usize>,
    /// Shown first in the panel (the leaks section).
    #[prop_or_default]
    pub children: Html,
}

/// The side panel: the findings (its children, `findings::FindingsList`)
/// above the outline of the code: syntax errors, the goroutines started and
/// the channel operations, each a button that jumps to its place in the code.
/// The indices are those of `EditorAnalysis::items`.
#[component]
pub fn OutlinePanel(props: &OutlinePanelProps) -> Html {
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
            { props.children.clone() }
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
