//! The page's effects that only keep things in step with the state: analyze
//! after edits, autosave and keep the address current, show each analysis in
//! the editor, apply the display settings. The App component wires them up.

use crate::analysis_client::AnalysisClient;
use crate::interop::{self, Editor};
use crate::session::{
    link_state, KEY_CODE, KEY_FONT_SIZE, KEY_THEME, MAX_ADDRESS_CODE_BYTES, MAX_SAVED_CODE_BYTES,
};
use crate::state::AppState;
use gloo_timers::callback::Timeout;
use leakscope_web::protocol::AnalysisRequest;
use leakscope_web::ui::editor::{editor_view, EditorView};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Quiet time after an edit before the text is sent to the worker.
const ANALYZE_DEBOUNCE_MS: u32 = 150;
/// Quiet time before the text is saved and the address updated.
const PERSIST_DEBOUNCE_MS: u32 = 500;

pub type Shared<T> = Rc<RefCell<T>>;

/// Every edit: send the text to the worker once typing pauses (at once for
/// the first text, so the page opens analyzed).
#[hook]
pub fn use_analysis_on_edit(
    state: &AppState,
    editor: &Shared<Option<Editor>>,
    client: &Shared<Option<Rc<AnalysisClient>>>,
) {
    let timer: Shared<Option<Timeout>> = use_mut_ref(|| None);
    let (editor, client) = (editor.clone(), client.clone());
    let first = state.analysis.is_none();
    use_effect_with(
        (state.version, state.options.clone()),
        move |(version, options)| {
            let (version, options) = (*version, options.clone());
            if version > 0 {
                let delay = if first { 0 } else { ANALYZE_DEBOUNCE_MS };
                // Replacing the timer drops, and so cancels, the previous one.
                *timer.borrow_mut() = Some(Timeout::new(delay, move || {
                    let source = editor.borrow().as_ref().map(Editor::text);
                    let client = client.borrow().clone();
                    if let (Some(source), Some(client)) = (source, client) {
                        client.request(AnalysisRequest {
                            version,
                            source,
                            options,
                        });
                    }
                }));
            }
        },
    );
}

/// Edits and selection: save the text locally and keep the address's
/// permalink current, once things settle.
#[hook]
pub fn use_autosave_and_address(state: &AppState, editor: &Shared<Option<Editor>>) {
    let timer: Shared<Option<Timeout>> = use_mut_ref(|| None);
    let editor = editor.clone();
    let snapshot = state.clone();
    use_effect_with(
        (
            state.version,
            state.selected,
            state.example.clone(),
            state.step,
            state.options.clone(),
            state.finding,
            state.clean_run,
            state
                .predict
                .as_ref()
                .map(|p| (p.pause, p.question.clone())),
        ),
        move |(version, ..)| {
            if *version > 0 {
                *timer.borrow_mut() = Some(Timeout::new(PERSIST_DEBOUNCE_MS, move || {
                    let Some(code) = editor.borrow().as_ref().map(Editor::text) else {
                        return;
                    };
                    if code.len() <= MAX_SAVED_CODE_BYTES {
                        interop::save(KEY_CODE, &code);
                    }
                    if code.len() <= MAX_ADDRESS_CODE_BYTES {
                        let link = link_state(&snapshot, code);
                        wasm_bindgen_futures::spawn_local(async move {
                            interop::replace_fragment(&interop::encode_link(&link).await);
                        });
                    } else {
                        interop::replace_fragment("");
                    }
                }));
            }
        },
    );
}

/// What the editor shows besides the text: the colours when a new analysis
/// comes, and [`editor_view`] (squiggles, line markers, the step's
/// highlight) whenever the state it reads changes. Within one analysis only
/// what changed is pushed; a new analysis pushes everything (the editor's
/// text may have been replaced since, moving what it showed).
#[hook]
pub fn use_editor_view(state: &AppState, editor: &Shared<Option<Editor>>) {
    let shown: Shared<Option<(usize, EditorView)>> = use_mut_ref(|| None);
    let analysis_key = state.analysis.as_ref().map(|a| Rc::as_ptr(a) as usize);
    {
        let (editor, analysis) = (editor.clone(), state.analysis.clone());
        use_effect_with(analysis_key, move |_| {
            if let (Some(response), Some(editor)) = (analysis, editor.borrow().as_ref()) {
                editor.set_tokens(&response.analysis.tokens);
            }
        });
    }
    let editor = editor.clone();
    let snapshot = state.clone();
    use_effect_with(
        (
            analysis_key,
            state.embed,
            state.finding,
            state.step,
            state.analyzing(),
            state.clean_run,
            state.hiding(),
        ),
        move |(key, ..)| {
            let (Some(key), Some(view)) = (*key, editor_view(&snapshot)) else {
                return;
            };
            let editor = editor.borrow();
            let Some(editor) = editor.as_ref() else {
                return;
            };
            let mut shown = shown.borrow_mut();
            let before = shown.as_ref().filter(|(k, _)| *k == key).map(|(_, v)| v);
            if before.is_none_or(|b| b.diagnostics != view.diagnostics) {
                editor.set_diagnostics(&view.diagnostics);
            }
            if before.is_none_or(|b| b.markers != view.markers) {
                editor.set_line_markers(&view.markers);
            }
            if before.is_none_or(|b| b.highlight != view.highlight) {
                editor.set_step_highlight(view.highlight);
            }
            *shown = Some((key, view));
        },
    );
}

/// Theme and font size: applied to the page and the editor, and remembered.
#[hook]
pub fn use_display_settings(state: &AppState, editor: &Shared<Option<Editor>>) {
    {
        let editor = editor.clone();
        use_effect_with((state.dark(), state.theme), move |(dark, theme)| {
            interop::set_root_attribute("data-theme", if *dark { "dark" } else { "light" });
            interop::save(KEY_THEME, theme.key());
            if let Some(editor) = editor.borrow().as_ref() {
                editor.set_dark(*dark);
            }
        });
    }
    let editor = editor.clone();
    use_effect_with(state.font_size, move |size| {
        interop::set_root_style("--editor-font-size", &format!("{size}px"));
        interop::save(KEY_FONT_SIZE, &size.to_string());
        if let Some(editor) = editor.borrow().as_ref() {
            editor.refresh_layout();
        }
    });
}
