use super::gallery::is_backdrop_click;
use yew::prelude::*;

/// The keyboard shortcuts, shown by `?` and by the toolbar's `?` button.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Enter", "Analyze now"),
    ("Alt+Shift+S", "Share: copy a link to this code"),
    ("F8 / Shift+F8", "Next / previous item in the findings"),
    (
        super::findings::APPLY_FIX_KEYS,
        "Preview the selected leak's first verified fix; press again to apply it",
    ),
    ("Ctrl+F", "Search in the editor"),
    ("Tab", "Indent (in the editor)"),
    ("Escape", "Leave the editor, close a dialog"),
    ("?", "Show this help"),
];

#[derive(Properties, PartialEq)]
pub struct HelpOverlayProps {
    pub on_close: Callback<()>,
}

#[component]
pub fn HelpOverlay(props: &HelpOverlayProps) -> Html {
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
        <div class="overlay" onclick={backdrop} role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="dialog">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|(keys, what)| html! {
                        <>
                            <dt><kbd>{ *keys }</kbd></dt>
                            <dd>{ *what }</dd>
                        </>
                    }) }
                </dl>
                <button type="button" class="button" id="help-close" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
