use crate::state::{Notice, NoticeKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeBannerProps {
    pub notice: Notice,
    pub on_dismiss: Callback<()>,
    /// Brings back the text a link replaced (shown when the notice offers it).
    pub on_restore: Callback<()>,
}

/// A message above the editor: why a link did not open, or that a link
/// replaced the text (which can be brought back).
#[component]
pub fn NoticeBanner(props: &NoticeBannerProps) -> Html {
    let (class, role) = match props.notice.kind {
        NoticeKind::Error | NoticeKind::WorkerRestarted => ("notice notice-error", "alert"),
        NoticeKind::Info => ("notice notice-info", "status"),
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let restore = props.on_restore.reform(|_: MouseEvent| ());
    html! {
        <div class={class} role={role}>
            <p class="notice-text">{ &props.notice.text }</p>
            if props.notice.offer_restore {
                <button type="button" class="button" onclick={restore}>{ "Restore my previous code" }</button>
            }
            <button type="button" class="notice-dismiss" onclick={dismiss}
                aria-label="Dismiss this message">{ "×" }</button>
        </div>
    }
}
