//! The page's effects that only keep things in step with the state: analyze
//! after edits, autosave and keep the address current, show each analysis in
//! the editor, apply the display settings. The App component wires them up.

use crate::analysis_client::AnalysisClient;
use crate::interop::{self, Diagnostic, Editor, LineMarker, Severity};
use crate::session::{
    link_state, KEY_CODE, KEY_FONT_SIZE, KEY_THEME, MAX_ADDRESS_CODE_BYTES, MAX_SAVED_CODE_BYTES,
};
use crate::state::AppState;
use gloo_timers::callback::Timeout;
use leakscope_web::protocol::{AnalysisRequest, AnalysisResponse};
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

/// A new analysis: colours, squiggles and markers in the editor.
#[hook]
pub fn use_analysis_in_editor(state: &AppState, editor: &Shared<Option<Editor>>) {
    let editor = editor.clone();
    let analysis = state.analysis.clone();
    use_effect_with(
        (
            analysis.as_ref().map(|a| Rc::as_ptr(a) as usize),
            state.embed,
        ),
        move |&(_, embed)| {
            if let (Some(response), Some(editor)) = (analysis, editor.borrow().as_ref()) {
                editor.set_tokens(&response.analysis.tokens);
                editor.set_diagnostics(&diagnostics(&response, embed));
                editor.set_line_markers(&line_markers(&response));
            }
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

/// Squiggles for syntax errors, then for each finding's blocked operation.
fn diagnostics(response: &AnalysisResponse, embed: bool) -> Vec<Diagnostic> {
    let analysis = &response.analysis;
    let syntax = analysis.syntax_errors.iter().map(|e| Diagnostic {
        from: e.range.from,
        to: e.range.to,
        severity: Severity::Error,
        message: e.label.clone(),
        source: "syntax",
        hover: None,
    });
    syntax
        .chain(crate::components::leaks::finding_diagnostics(
            response, embed,
        ))
        .collect()
}

/// Gutter markers: every go statement, then lines with channel operations.
pub(crate) fn line_markers(response: &AnalysisResponse) -> Vec<LineMarker> {
    let analysis = &response.analysis;
    let gos = analysis.go_statements.iter().map(|g| LineMarker {
        line: g.range.start.line,
        class: "go".into(),
        label: "go".into(),
        title: format!("starts a goroutine: {}", g.label),
    });
    let ops = analysis.channel_ops.iter().map(|op| LineMarker {
        line: op.range.start.line,
        class: "chan".into(),
        label: "ch".into(),
        title: format!("channel {}: {}", op.kind.name(), op.label),
    });
    gos.chain(ops).collect()
}
