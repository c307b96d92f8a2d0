use leakscope_web::examples::{ExampleKind, EXAMPLES};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub on_choose: Callback<&'static str>,
    pub on_close: Callback<()>,
}

/// The examples gallery: each pattern's leaking and fixed versions, and
/// correct programs for contrast.
#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    let backdrop = {
        let close = props.on_close.clone();
        Callback::from(move |event: MouseEvent| {
            if is_backdrop_click(&event) {
                close.emit(())
            }
        })
    };
    html! {
        <div class="overlay" onclick={backdrop} role="dialog" aria-modal="true" aria-labelledby="gallery-title">
            <div class="dialog gallery">
                <div class="dialog-head">
                    <h2 id="gallery-title">{ "Examples" }</h2>
                    <button type="button" class="button" id="gallery-close" onclick={close}>{ "Close" }</button>
                </div>
                <ul class="gallery-list">
                    { for EXAMPLES.iter().map(|example| {
                        let id = example.id;
                        let choose = props.on_choose.reform(move |_: MouseEvent| id);
                        let badge = match example.kind {
                            ExampleKind::Leaking => "badge badge-leaking",
                            ExampleKind::Fixed => "badge badge-fixed",
                            ExampleKind::Correct => "badge badge-correct",
                        };
                        html! {
                            <li class="gallery-item" data-example={id}>
                                <button type="button" class="gallery-open" onclick={choose}>
                                    <span class="gallery-title">{ example.title }</span>
                                    <span class="gallery-meta">
                                        <span class={badge}>{ example.kind.name() }</span>
                                        <span class="gallery-pattern">{ example.pattern }</span>
                                    </span>
                                    <span class="gallery-summary">{ example.summary }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmReplaceProps {
    pub title: AttrValue,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// Asked before an example replaces text the person has edited.
#[component]
pub fn ConfirmReplace(props: &ConfirmReplaceProps) -> Html {
    let confirm = props.on_confirm.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title"
            aria-describedby="confirm-text">
            <div class="dialog confirm">
                <h2 id="confirm-title">{ "Replace your code?" }</h2>
                <p id="confirm-text">
                    { "Opening “" }{ props.title.clone() }{ "” replaces the code you edited. " }
                    { "Undo (Ctrl+Z) in the editor brings it back." }
                </p>
                <div class="dialog-buttons">
                    <button type="button" class="button" id="confirm-cancel" onclick={cancel}>{ "Keep my code" }</button>
                    <button type="button" class="button button-primary" id="confirm-replace" onclick={confirm}>
                        { "Replace" }
                    </button>
                </div>
            </div>
        </div>
    }
}

/// A click on the dimmed backdrop itself (not inside the dialog) closes it.
/// (Yew delegates events to the app's root, so `current_target` is not the
/// overlay; the target itself is checked instead.)
pub fn is_backdrop_click(event: &MouseEvent) -> bool {
    event
        .target_dyn_into::<web_sys::Element>()
        .is_some_and(|target| target.matches(".overlay").unwrap_or(false))
}
