use crate::state::{ThemeChoice, MAX_FONT_SIZE, MIN_FONT_SIZE};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub status: AttrValue,
    pub analyzing: bool,
    pub theme: ThemeChoice,
    pub font_size: u32,
    pub on_examples: Callback<()>,
    pub on_share: Callback<()>,
    pub on_theme: Callback<ThemeChoice>,
    pub on_font_size: Callback<u32>,
    pub on_help: Callback<()>,
}

/// The bar above the editor: the way to the examples, Share, the analysis
/// status and the display settings.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let examples = props.on_examples.reform(|_: MouseEvent| ());
    let share = props.on_share.reform(|_: MouseEvent| ());
    let help = props.on_help.reform(|_: MouseEvent| ());
    let next_theme = props.theme.next();
    let theme = props.on_theme.reform(move |_: MouseEvent| next_theme);
    let size = props.font_size;
    let smaller = props
        .on_font_size
        .reform(move |_: MouseEvent| size.saturating_sub(1));
    let larger = props.on_font_size.reform(move |_: MouseEvent| size + 1);
    let theme_label = match props.theme {
        ThemeChoice::System => "Theme: system",
        ThemeChoice::Light => "Theme: light",
        ThemeChoice::Dark => "Theme: dark",
    };
    html! {
        <header class="toolbar">
            <h1 class="brand">{ "leakscope" }<span class="tagline">{ "goroutine leaks, found and shown" }</span></h1>
            <nav class="actions" aria-label="Playground">
                <button type="button" class="button" onclick={examples} title="Open the examples gallery">{ "Examples" }</button>
                <button type="button" class="button button-primary" onclick={share}
                    title="Copy a link to this code (Alt+Shift+S)">{ "Share" }</button>
            </nav>
            <p class={classes!("status", props.analyzing.then_some("status-busy"))} role="status" aria-live="polite">
                { props.status.clone() }
            </p>
            <div class="settings">
                <div class="font-size" role="group" aria-label="Editor font size">
                    <button type="button" class="button icon" onclick={smaller} disabled={size <= MIN_FONT_SIZE}
                        aria-label="A− smaller font" title="Smaller font">{ "A−" }</button>
                    <span class="font-size-value" aria-live="polite">{ format!("{size}px") }</span>
                    <button type="button" class="button icon" onclick={larger} disabled={size >= MAX_FONT_SIZE}
                        aria-label="A+ larger font" title="Larger font">{ "A+" }</button>
                </div>
                <button type="button" class="button theme-toggle" onclick={theme}
                    title="Switch between the system's colours, light and dark">{ theme_label }</button>
                <button type="button" class="button icon" onclick={help} aria-label="? keyboard shortcuts"
                    title="Keyboard shortcuts (?)">{ "?" }</button>
            </div>
        </header>
    }
}
