use crate::state::{Notice, NoticeKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeBannerProps {
    pub notice: Notice,
    pub on_dismiss: Callback<()>,
}

/// A message above the editor: why a link did not open, and similar.
#[component]
pub fn NoticeBanner(props: &NoticeBannerProps) -> Html {
    let (class, role) = match props.notice.kind {
        NoticeKind::Error => ("notice notice-error", "alert"),
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class={class} role={role}>
            <p class="notice-text">{ &props.notice.text }</p>
            <button type="button" class="notice-dismiss" onclick={dismiss} aria-label="Dismiss this message">{ "×" }</button>
        </div>
    }
}
