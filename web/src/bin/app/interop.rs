//! Everything the page asks of JavaScript and the browser, in one place: the
//! CodeMirror shim (web/js/editor.js, bundled by scripts/bundle-editor.sh),
//! the address, local storage and the clipboard. The components above see only
//! Rust types.

use leakscope_web::protocol::TokenClass;
pub use leakscope_web::ui::editor::{Diagnostic, Highlight, LineMarker};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/dist/editor.js")]
extern "C" {
    /// A CodeMirror `EditorView`.
    type EditorView;

    #[wasm_bindgen(js_name = createEditor)]
    fn create_editor(
        parent: &web_sys::Element,
        text: &str,
        options: &JsValue,
        on_change: &Closure<dyn FnMut()>,
        on_escape: &Closure<dyn FnMut()>,
        on_fix: &Closure<dyn FnMut(u32, u32)>,
    ) -> EditorView;
    #[wasm_bindgen(js_name = destroyEditor)]
    fn destroy_editor(view: &EditorView);
    #[wasm_bindgen(js_name = cursorLine)]
    fn cursor_line(view: &EditorView) -> u32;
    #[wasm_bindgen(js_name = getText)]
    fn get_text(view: &EditorView) -> String;
    #[wasm_bindgen(js_name = setText)]
    fn set_text(view: &EditorView, text: &str);
    #[wasm_bindgen(js_name = setTokens)]
    fn set_tokens(view: &EditorView, tokens: &[u32], classes: &js_sys::Array);
    #[wasm_bindgen(js_name = setDiagnostics)]
    fn set_diagnostics(view: &EditorView, items: &JsValue);
    #[wasm_bindgen(js_name = setLineMarkers)]
    fn set_line_markers(view: &EditorView, items: &JsValue);
    #[wasm_bindgen(js_name = setDark)]
    fn set_dark(view: &EditorView, dark: bool);
    #[wasm_bindgen(js_name = setReadOnly)]
    fn set_read_only(view: &EditorView, read_only: bool);
    #[wasm_bindgen(js_name = refreshLayout)]
    fn refresh_layout(view: &EditorView);
    #[wasm_bindgen(js_name = selectRange)]
    fn select_range(view: &EditorView, from: u32, to: u32);
    #[wasm_bindgen(js_name = focusEditor)]
    fn focus_editor(view: &EditorView);

    #[wasm_bindgen(js_name = applyEdits)]
    fn apply_edits(view: &EditorView, edits: &JsValue) -> bool;
    #[wasm_bindgen(js_name = setStepHighlight)]
    fn set_step_highlight(view: &EditorView, from: u32, to: u32, class: &str);
    #[wasm_bindgen(js_name = downloadText)]
    pub fn download_text(name: &str, text: &str, mime: &str);
    /// Renders an SVG document onto a canvas at `scale` and downloads it as PNG.
    #[wasm_bindgen(js_name = downloadSvgAsPng)]
    pub fn download_svg_as_png(name: &str, svg: &str, scale: f64);

    #[wasm_bindgen(js_name = copyText)]
    fn copy_text_promise(text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = deflateRaw)]
    fn deflate_raw_promise(bytes: &[u8]) -> js_sys::Promise;
    #[wasm_bindgen(js_name = watchColorScheme)]
    fn watch_color_scheme(on_change: &Closure<dyn FnMut(bool)>) -> bool;
}

/// The editor on the page. Dropping it removes it.
pub struct Editor {
    view: EditorView,
    _on_change: Closure<dyn FnMut()>,
    _on_escape: Closure<dyn FnMut()>,
    _on_fix: Closure<dyn FnMut(u32, u32)>,
}

pub struct EditorConfig {
    pub dark: bool,
    pub read_only: bool,
    pub label: &'static str,
}

impl Editor {
    /// Creates the editor inside `parent`. `on_change` runs after every change
    /// of the text; `on_escape` when the person presses Escape to leave it;
    /// `on_fix(finding, fix)` when a fix button of a finding's hover tooltip
    /// is pressed (see `FindingHover`).
    pub fn mount(
        parent: &web_sys::Element,
        text: &str,
        config: &EditorConfig,
        on_change: impl FnMut() + 'static,
        on_escape: impl FnMut() + 'static,
        on_fix: impl FnMut(u32, u32) + 'static,
    ) -> Editor {
        let options = js_sys::Object::new();
        let set = |key: &str, value: JsValue| {
            js_sys::Reflect::set(&options, &key.into(), &value)
                .expect("setting a field of a fresh object");
        };
        set("dark", config.dark.into());
        set("readOnly", config.read_only.into());
        set("label", config.label.into());
        let on_change = Closure::<dyn FnMut()>::new(on_change);
        let on_escape = Closure::<dyn FnMut()>::new(on_escape);
        let on_fix = Closure::<dyn FnMut(u32, u32)>::new(on_fix);
        let view = create_editor(parent, text, &options, &on_change, &on_escape, &on_fix);
        Editor {
            view,
            _on_change: on_change,
            _on_escape: on_escape,
            _on_fix: on_fix,
        }
    }

    pub fn text(&self) -> String {
        get_text(&self.view)
    }

    /// Replaces the whole text as one undoable change.
    pub fn set_text(&self, text: &str) {
        set_text(&self.view, text)
    }

    pub fn set_tokens(&self, tokens: &[u32]) {
        let classes: js_sys::Array = TokenClass::ALL
            .iter()
            .map(|c| JsValue::from_str(c.name()))
            .collect();
        set_tokens(&self.view, tokens, &classes)
    }

    pub fn set_diagnostics(&self, diagnostics: &[Diagnostic]) {
        set_diagnostics(&self.view, &to_js(diagnostics))
    }

    pub fn set_line_markers(&self, markers: &[LineMarker]) {
        set_line_markers(&self.view, &to_js(markers))
    }

    pub fn set_dark(&self, dark: bool) {
        set_dark(&self.view, dark)
    }

    pub fn set_read_only(&self, read_only: bool) {
        set_read_only(&self.view, read_only)
    }

    /// Measures the lines again, after the font size changed.
    pub fn refresh_layout(&self) {
        refresh_layout(&self.view)
    }

    /// Applies edits (UTF-16 offsets of the current text) as one undoable
    /// transaction; false when they do not fit the text.
    pub fn apply_edits(&self, edits: &[leakscope_web::protocol::EditorEdit]) -> bool {
        apply_edits(&self.view, &to_js(edits))
    }

    /// Highlights a range with a class; an empty range clears it.
    pub fn set_step_highlight(&self, highlight: Highlight) {
        set_step_highlight(&self.view, highlight.from, highlight.to, highlight.class)
    }

    /// The line (1-based) the cursor is on.
    pub fn cursor_line(&self) -> u32 {
        cursor_line(&self.view)
    }

    /// Moves keyboard focus into the editor.
    pub fn focus(&self) {
        focus_editor(&self.view)
    }

    /// Selects a UTF-16 range, scrolls to it and focuses the editor.
    pub fn select(&self, from: u32, to: u32) {
        select_range(&self.view, from, to)
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        destroy_editor(&self.view)
    }
}

/// Data for the shim as a plain JavaScript value (arrays and objects). The
/// types passed here are lists of text, numbers and booleans, which always
/// have one; `undefined` otherwise, which the shim treats as nothing.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_wasm_bindgen::to_value(value).unwrap_or(JsValue::UNDEFINED)
}

/// Copies text to the clipboard; false when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    wasm_bindgen_futures::JsFuture::from(copy_text_promise(text))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The `#v1=` fragment of a link state, compressed by the browser
/// (`CompressionStream`); `permalink::encode` does the same with a Rust
/// encoder for native code and tests, and `permalink::decode` reads both.
pub async fn encode_link(state: &leakscope_web::permalink::LinkState) -> String {
    let json = state.to_json();
    let compressed = wasm_bindgen_futures::JsFuture::from(deflate_raw_promise(json.as_bytes()))
        .await
        .ok()
        .map(|v| js_sys::Uint8Array::new(&v).to_vec())
        .unwrap_or_default();
    leakscope_web::permalink::fragment_v1(&compressed)
}

/// Whether the system prefers dark colours now; `on_change` hears about
/// later changes for as long as the page lives.
pub fn follow_color_scheme(on_change: impl FnMut(bool) + 'static) -> bool {
    let closure = Closure::<dyn FnMut(bool)>::new(on_change);
    let dark = watch_color_scheme(&closure);
    // The listener lives as long as the page.
    closure.forget();
    dark
}

fn window() -> web_sys::Window {
    web_sys::window().expect("the page runs in a window")
}

/// The address's fragment, with its `#`, or "".
pub fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The page's address with the given fragment (with its `#`, or "" for none).
pub fn page_url_with(fragment: &str) -> String {
    let location = window().location();
    let base = format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    format!("{base}{fragment}")
}

/// Puts a fragment in the address bar without a new history entry (and
/// without a `hashchange` event).
pub fn replace_fragment(fragment: &str) {
    let url = page_url_with(fragment);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Saves a value; quietly does nothing when storage is full or disabled,
/// because losing the autosave must never break the page.
pub fn save(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Sets an attribute on the `<html>` element (theme, font size).
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute(name, value);
    }
}

/// Sets a CSS custom property on the `<html>` element.
pub fn set_root_style(property: &str, value: &str) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        if let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() {
            let _ = root.style().set_property(property, value);
        }
    }
}

/// Scrolls the element with this id into view (as little as needed).
pub fn scroll_into_view(id: &str) {
    if let Some(element) = window().document().and_then(|d| d.get_element_by_id(id)) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus_element(id: &str) {
    if let Some(element) = window().document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Moves focus around the topmost open dialog (`.overlay`) so that Tab never
/// leaves it: from its last focusable element to its first (or back with
/// Shift). Returns whether it moved focus itself.
pub fn keep_focus_in_dialog(backwards: bool) -> bool {
    let Some(document) = window().document() else {
        return false;
    };
    let overlays = document.query_selector_all(".overlay").ok();
    let Some(overlay) = overlays
        .and_then(|list| list.item(list.length().checked_sub(1)?))
        .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let Ok(focusable) = overlay.query_selector_all("button, input, [tabindex]") else {
        return false;
    };
    let elements: Vec<web_sys::HtmlElement> = (0..focusable.length())
        .filter_map(|i| focusable.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (elements.first(), elements.last()) else {
        return false;
    };
    let active = document.active_element();
    let inside = active.as_ref().is_some_and(|a| overlay.contains(Some(a)));
    let target = match (inside, backwards) {
        (false, false) => first,
        (false, true) => last,
        (true, false) if active.as_ref() == Some(last.as_ref()) => first,
        (true, true) if active.as_ref() == Some(first.as_ref()) => last,
        _ => return false,
    };
    let _ = target.focus();
    true
}

/// Calls `handler` on every `hashchange` until the returned listener is dropped.
pub fn on_hash_change(mut handler: impl FnMut() + 'static) -> gloo_events::EventListener {
    gloo_events::EventListener::new(&window(), "hashchange", move |_| handler())
}

/// Calls `handler` on every key press anywhere on the page until dropped. The
/// listener is not passive, so the handler may prevent the default action.
pub fn on_key_down(
    mut handler: impl FnMut(&web_sys::KeyboardEvent) + 'static,
) -> gloo_events::EventListener {
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    gloo_events::EventListener::new_with_options(&window(), "keydown", options, move |event| {
        if let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() {
            handler(event)
        }
    })
}

/// The page address's query string (`?present=1`), with its `?`, or "".
pub fn location_search() -> String {
    window().location().search().unwrap_or_default()
}
