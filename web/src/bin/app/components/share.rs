use crate::state::ShareLink;
use leakscope_web::permalink::LONG_LINK_CHARS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub link: ShareLink,
    pub on_close: Callback<()>,
}

/// The link the Share button made: copied or ready to copy, with its length.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let length = props.link.url.chars().count();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let select_all = Callback::from(|event: FocusEvent| {
        if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });
    html! {
        <section class="share-panel" aria-label="Share link">
            <p class="share-status" role="status">
                { if props.link.copied { "Link copied to the clipboard." } else { "Copy this link to share the code:" } }
            </p>
            <input class="share-url" type="text" readonly=true value={props.link.url.clone()}
                aria-label="Permalink" onfocus={select_all} />
            <p class="share-length">
                { format!("{length} characters") }
                if length > LONG_LINK_CHARS {
                    <span class="share-warning">
                        { format!(" · longer than about {LONG_LINK_CHARS} characters: some chat apps, mail clients and servers cut such links") }
                    </span>
                }
            </p>
            <button type="button" class="button share-close" onclick={close}>{ "Close" }</button>
        </section>
    }
}
