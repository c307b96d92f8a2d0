use super::compare::SideBySide;
use super::findings::{preview_or_apply_fix, EditorRef, FindingsList, RulePage, SEARCH_SKIPPED};
use super::gallery::{ConfirmReplace, Gallery};
use super::help::HelpOverlay;
use super::notice::NoticeBanner;
use super::outline::OutlinePanel;
use super::share::SharePanel;
use super::timeline::{use_classroom, TimelinePanel};
use super::toolbar::Toolbar;
use crate::analysis_client::AnalysisClient;
use crate::hooks::{
    use_analysis_on_edit, use_autosave_and_address, use_display_settings, use_editor_view, Shared,
};
use crate::interop::{self, Editor, EditorConfig};
use crate::session::{
    initial_state, lesson_link_state, link_error_notice, link_state, loaded_from_link,
    loaded_plain, startup, Startup, KEY_PREVIOUS_CODE,
};
use crate::state::{stopped_text, Action, Answer, AppState, ShareLink};

use leakscope_web::examples;
use leakscope_web::permalink::{self, Fragment};
use leakscope_web::protocol::{AnalysisOptions, AnalysisRequest, TestHooks, MAX_ITEMS_PER_LIST};
use std::rc::Rc;
use yew::prelude::*;

/// The code's share of a wide screen's width beside the timeline, in
/// percent: at first, at least, at most, and per arrow key.
const DEFAULT_SPLIT: u32 = 50;
const MIN_SPLIT: u32 = 25;
const MAX_SPLIT: u32 = 75;
const SPLIT_STEP: u32 = 5;

/// The id of the element that Escape moves focus to from the editor.
const AFTER_EDITOR_ID: &str = "findings";

fn status_text(state: &AppState) -> String {
    if let Some(after_ms) = state.stopped_after() {
        return stopped_text(after_ms);
    }
    match &state.analysis {
        Some(response) if !state.analyzing() => {
            let analysis = &response.analysis;
            // A cut list shows its length with a "+": there were more.
            let more = if analysis.truncated { "+" } else { "" };
            let count = |n: usize, one: &str, many: &str| {
                let more = if n >= MAX_ITEMS_PER_LIST { more } else { "" };
                format!("{n}{more} {}", if n == 1 { one } else { many })
            };
            // Whole milliseconds as an integer: formatting a float would link
            // the float printer into the page for this one number.
            let ms = response.elapsed_ms.max(1.0).round() as u64;
            let mut parts = vec![format!("Analyzed in {ms} ms")];
            parts.push(count(
                analysis.go_statements.len(),
                "go statement",
                "go statements",
            ));
            // While a class predicts, the count would give the answer away.
            if !analysis.findings.is_empty() && !state.hiding() {
                parts.push(count(analysis.findings.len(), "finding", "findings"));
            }
            if analysis.search_skipped {
                parts.push(SEARCH_SKIPPED.to_string());
            }
            if analysis.entries_skipped > 0 {
                let n = analysis.entries_skipped;
                parts.push(format!(
                    "{n} more {} not searched (the entry limit)",
                    if n == 1 { "function" } else { "functions" }
                ));
            }
            if let Some(entry) = analysis.entries.iter().find(|e| !e.search.exhaustive) {
                let by = entry.search.bounded_by.map_or("a bound", |b| b.as_str());
                let schedules = if entry.search.schedules == 1 {
                    "schedule"
                } else {
                    "schedules"
                };
                parts.push(format!(
                    "explored {} {schedules} of {}, not all (stopped by {by})",
                    entry.search.schedules, entry.search.name
                ));
            }
            // The client asks again for longer in exactly these cases.
            if crate::state::timed_out(response) && !response.deep {
                parts.push("searching longer…".to_string());
            }
            if !analysis.syntax_errors.is_empty() {
                parts.push(count(
                    analysis.syntax_errors.len(),
                    "syntax error",
                    "syntax errors",
                ));
            }
            parts.join(" · ")
        }
        _ => "Analyzing…".to_string(),
    }
}

/// Puts text into the editor as a load (example or link): it becomes the
/// baseline that "edited" is measured against.
fn load_text(editor: &Shared<Option<Editor>>, baseline: &Shared<String>, text: &str) {
    if let Some(editor) = editor.borrow().as_ref() {
        editor.set_text(text);
    }
    *baseline.borrow_mut() = text.to_string();
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let editor: Shared<Option<Editor>> = use_mut_ref(|| None);
    let client: Shared<Option<Rc<AnalysisClient>>> = use_mut_ref(|| None);
    // The text as last loaded from an example or a link.
    let baseline: Shared<String> = use_mut_ref(String::new);
    let host = use_node_ref();

    // Once: the editor, the worker, the first text, and the listeners.
    {
        let dispatcher = state.dispatcher();
        let (editor, client, baseline, host) = (
            editor.clone(),
            client.clone(),
            baseline.clone(),
            host.clone(),
        );
        let dark = state.dark();
        use_effect_with((), move |_| {
            let Startup {
                text,
                loaded,
                notice,
            } = startup();
            let on_change = {
                let dispatcher = dispatcher.clone();
                move || dispatcher.dispatch(Action::Edited)
            };
            let on_escape = || interop::focus_element(AFTER_EDITOR_ID);
            let config = EditorConfig {
                dark,
                read_only: false,
                label: "Go source code",
            };
            // A fix button in a finding's hover tooltip opens its preview.
            let on_fix = {
                let dispatcher = dispatcher.clone();
                move |finding: u32, fix: u32| {
                    dispatcher.dispatch(Action::PreviewFix {
                        finding: finding as usize,
                        fix: fix as usize,
                    })
                }
            };
            if let Some(parent) = host.cast::<web_sys::Element>() {
                *editor.borrow_mut() = Some(Editor::mount(
                    &parent, &text, &config, on_change, on_escape, on_fix,
                ));
            }
            *baseline.borrow_mut() = text;
            let on_answer = {
                let dispatcher = dispatcher.clone();
                move |response| dispatcher.dispatch(Action::Analyzed(Rc::new(response)))
            };
            let hooks = TestHooks::from_query(&interop::location_search());
            let on_stopped = {
                let dispatcher = dispatcher.clone();
                move |version, after_ms| {
                    dispatcher.dispatch(Action::AnalysisStopped { version, after_ms })
                }
            };
            let on_rules = {
                let dispatcher = dispatcher.clone();
                move |rules| dispatcher.dispatch(Action::Rules(Rc::new(rules)))
            };
            *client.borrow_mut() = Some(AnalysisClient::spawn(
                hooks, on_answer, on_stopped, on_rules,
            ));
            dispatcher.dispatch(loaded);
            if let Some(notice) = notice {
                dispatcher.dispatch(Action::ShowNotice(notice));
            }
            // The first analysis.
            dispatcher.dispatch(Action::Edited);

            let system_dark = {
                let dispatcher = dispatcher.clone();
                interop::follow_color_scheme(move |dark| {
                    dispatcher.dispatch(Action::SystemDark(dark))
                })
            };
            dispatcher.dispatch(Action::SystemDark(system_dark));

            // A link pasted into the address bar of the open page.
            let hash_listener = interop::on_hash_change(move || {
                match permalink::decode(&interop::location_hash()) {
                    Fragment::State(state) => {
                        load_text(&editor, &baseline, &state.code);
                        dispatcher.dispatch(loaded_from_link(state));
                        dispatcher.dispatch(Action::DismissNotice);
                    }
                    Fragment::Invalid(error) => {
                        dispatcher.dispatch(Action::ShowNotice(link_error_notice(&error)))
                    }
                    Fragment::None => {}
                }
            });
            move || drop(hash_listener)
        });
    }

    use_analysis_on_edit(&state, &editor, &client);
    use_autosave_and_address(&state, &editor);
    // Squiggles, line markers and the step's highlight, from one function.
    use_editor_view(&state, &editor);
    use_display_settings(&state, &editor);

    // Classroom modes.
    use_classroom(&state, &EditorRef(editor.clone()));

    // Jumping to the selected item when the selection moves by keyboard.
    let jump_to = {
        let editor = editor.clone();
        let analysis = state.analysis.clone();
        move |index: usize| {
            let item = analysis
                .as_ref()
                .and_then(|a| a.analysis.items().nth(index).map(|i| i.range));
            if let (Some(range), Some(editor)) = (item, editor.borrow().as_ref()) {
                editor.select(range.from, range.to);
            }
        }
    };
    {
        let jump_to = jump_to.clone();
        let selected = state.selected;
        use_effect_with(state.jump, move |_| {
            if let Some(index) = selected {
                jump_to(index);
            }
        });
    }

    // Focus goes into a dialog when it opens.
    {
        let open = (
            state.gallery_open(),
            state.confirm_example().is_some(),
            state.help_open(),
        );
        use_effect_with(open, |open| match open {
            (_, true, _) => interop::focus_element("confirm-cancel"),
            (true, _, _) => interop::focus_element("gallery-close"),
            (_, _, true) => interop::focus_element("help-close"),
            _ => {}
        });
    }

    let on_jump = {
        let dispatcher = state.dispatcher();
        Callback::from(move |index: usize| {
            dispatcher.dispatch(Action::Select(Some(index)));
            jump_to(index);
        })
    };

    let share = {
        let (editor, dispatcher, state) = (editor.clone(), state.dispatcher(), state.clone());
        Callback::from(move |()| {
            let Some(code) = editor.borrow().as_ref().map(Editor::text) else {
                return;
            };
            let link = link_state(&state, code);
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let fragment = interop::encode_link(&link).await;
                interop::replace_fragment(&fragment);
                let url = interop::page_url_with(&fragment);
                let copied = interop::copy_text(&url).await;
                dispatcher.dispatch(Action::Shared(ShareLink { url, copied }));
            });
        })
    };

    // A predict link for a lesson: this example at this step, with the question.
    let lesson = {
        let (editor, dispatcher, state) = (editor.clone(), state.dispatcher(), state.clone());
        Callback::from(move |question: String| {
            let Some(code) = editor.borrow().as_ref().map(Editor::text) else {
                return;
            };
            let link = lesson_link_state(&state, code, &question);
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let fragment = interop::encode_link(&link).await;
                let url = interop::page_url_with(&fragment);
                let copied = interop::copy_text(&url).await;
                dispatcher.dispatch(Action::Shared(ShareLink { url, copied }));
            });
        })
    };

    // In predict mode a click on a line of the code is an answer.
    let on_code_click = {
        let (editor, dispatcher, hiding) = (editor.clone(), state.dispatcher(), state.hiding());
        Callback::from(move |_: MouseEvent| {
            if hiding {
                if let Some(e) = editor.borrow().as_ref() {
                    dispatcher.dispatch(Action::Answer(Answer::Line(e.cursor_line())));
                }
            }
        })
    };

    // The split between the code and the timeline on wide screens, in
    // percent of the page's width for the code; dragged or keyed.
    let split = use_state(|| DEFAULT_SPLIT);
    let dragging = use_state(|| false);
    let splitter_down = {
        let dragging = dragging.clone();
        Callback::from(move |event: PointerEvent| {
            let target: Option<web_sys::Element> = event.target_dyn_into();
            if let Some(target) = target {
                let _ = target.set_pointer_capture(event.pointer_id());
            }
            dragging.set(true);
        })
    };
    let splitter_move = {
        let (dragging, split) = (dragging.clone(), split.clone());
        Callback::from(move |event: PointerEvent| {
            if !*dragging {
                return;
            }
            let width = web_sys::window()
                .and_then(|w| w.inner_width().ok())
                .and_then(|w| w.as_f64())
                .unwrap_or(0.0);
            if width > 0.0 {
                let percent = (f64::from(event.client_x()) * 100.0 / width).round() as u32;
                split.set(percent.clamp(MIN_SPLIT, MAX_SPLIT));
            }
        })
    };
    let splitter_up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let splitter_key = {
        let split = split.clone();
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowLeft" => split.saturating_sub(SPLIT_STEP),
                "ArrowRight" => *split + SPLIT_STEP,
                "Home" => MIN_SPLIT,
                "End" => MAX_SPLIT,
                _ => return,
            };
            event.prevent_default();
            split.set(next.clamp(MIN_SPLIT, MAX_SPLIT));
        })
    };

    let analyze_now = {
        let (editor, client, options, version) = (
            editor.clone(),
            client.clone(),
            state.options.clone(),
            state.version,
        );
        move || {
            let source = editor.borrow().as_ref().map(Editor::text);
            let client = client.borrow().clone();
            if let (Some(source), Some(client)) = (source, client) {
                client.request(AnalysisRequest {
                    version,
                    source,
                    options: options.clone(),
                });
            }
        }
    };

    // "Search longer": the same text, with larger bounds.
    let search_longer = {
        let (editor, client, options, version, dispatcher) = (
            editor.clone(),
            client.clone(),
            state.options.clone(),
            state.version,
            state.dispatcher(),
        );
        Callback::from(move |()| {
            let source = editor.borrow().as_ref().map(Editor::text);
            let client = client.borrow().clone();
            if let (Some(source), Some(client)) = (source, client) {
                dispatcher.dispatch(Action::SearchLonger);
                client.request(AnalysisRequest {
                    version,
                    source,
                    options: AnalysisOptions {
                        deep: true,
                        ..options.clone()
                    },
                });
            }
        })
    };

    let choose_example = {
        let (editor, baseline, dispatcher) = (editor.clone(), baseline.clone(), state.dispatcher());
        Callback::from(move |id: &'static str| {
            let edited = editor.borrow().as_ref().is_some_and(|e| {
                let text = e.text();
                !text.trim().is_empty() && text != *baseline.borrow()
            });
            if edited {
                dispatcher.dispatch(Action::AskToReplace(id));
            } else if let Some(example) = examples::find(id) {
                load_text(&editor, &baseline, example.source);
                dispatcher.dispatch(loaded_plain(Some(id.to_string())));
            }
        })
    };
    let confirm_replace = {
        let (editor, baseline, dispatcher, pending) = (
            editor.clone(),
            baseline.clone(),
            state.dispatcher(),
            state.confirm_example(),
        );
        Callback::from(move |()| {
            if let Some(example) = pending.and_then(examples::find) {
                load_text(&editor, &baseline, example.source);
                dispatcher.dispatch(loaded_plain(Some(example.id.to_string())));
            }
        })
    };

    // Page-wide keys: shortcuts, and Escape closes the open dialog.
    {
        let dispatcher = state.dispatcher();
        let share = share.clone();
        let dialog_open = state.gallery_open() || state.help_open();
        // The shortcuts act on this render's state (the version to analyze, the
        // selection to share), so the listener is renewed whenever that changes.
        let deps = (
            dialog_open,
            state.version,
            state.selected,
            state.example.clone(),
            state.step,
            state.options.clone(),
            (
                state.analysis.as_ref().map(|a| Rc::as_ptr(a) as usize),
                state.finding,
                state.preview,
                state.embed,
                state.present && state.rule_page().is_none(),
            ),
        );
        let (handle, editor_ref) = (state.clone(), EditorRef(editor.clone()));
        use_effect_with(deps, move |deps| {
            let dialog_open = deps.0;
            let presenting = deps.6 .4;
            let listener = interop::on_key_down(move |event| {
                let in_text_field = event
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                            || el.closest(".cm-editor").ok().flatten().is_some()
                    });
                let key = event.key();
                let ctrl = event.ctrl_key() || event.meta_key();
                let handled = match key.as_str() {
                    "Escape" if dialog_open => {
                        dispatcher.dispatch(Action::OpenGallery(false));
                        dispatcher.dispatch(Action::ToggleHelp(false));
                        true
                    }
                    // Escape leaves presentation mode (as it leaves full screen).
                    "Escape" if presenting => {
                        dispatcher.dispatch(Action::SetPresent(false));
                        true
                    }
                    // Keyboard focus stays inside an open dialog.
                    "Tab" if dialog_open => interop::keep_focus_in_dialog(event.shift_key()),
                    "Enter" if ctrl => {
                        analyze_now();
                        true
                    }
                    "S" | "s" if event.alt_key() && event.shift_key() => {
                        share.emit(());
                        true
                    }
                    // By the key's place, not its character: Alt+Shift+F
                    // types a letter such as "Ï" on some layouts.
                    _ if event.code() == "KeyF"
                        && event.alt_key()
                        && event.shift_key()
                        && !ctrl
                        && !dialog_open =>
                    {
                        preview_or_apply_fix(&handle, &editor_ref);
                        true
                    }
                    "F8" => {
                        dispatcher.dispatch(Action::SelectNext(if event.shift_key() {
                            -1
                        } else {
                            1
                        }));
                        true
                    }
                    "?" if !in_text_field && !dialog_open => {
                        dispatcher.dispatch(Action::ToggleHelp(true));
                        true
                    }
                    _ => false,
                };
                if handled {
                    event.prevent_default();
                }
            });
            move || drop(listener)
        });
    }

    let restore_previous = {
        let (editor, baseline, dispatcher) = (editor.clone(), baseline.clone(), state.dispatcher());
        Callback::from(move |()| {
            if let Some(previous) = interop::load(KEY_PREVIOUS_CODE) {
                load_text(&editor, &baseline, &previous);
                dispatcher.dispatch(loaded_plain(None));
            }
            dispatcher.dispatch(Action::DismissNotice);
        })
    };

    let dispatch = |action: fn() -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(action()))
    };
    let on_theme = {
        let dispatcher = state.dispatcher();
        Callback::from(move |theme| dispatcher.dispatch(Action::SetTheme(theme)))
    };
    let on_font_size = {
        let dispatcher = state.dispatcher();
        Callback::from(move |size| dispatcher.dispatch(Action::SetFontSize(size)))
    };
    let confirm_title = state
        .confirm_example()
        .and_then(examples::find)
        .map(|e| e.title)
        .unwrap_or_default();

    html! {
        <div class={classes!("app", (*dragging).then_some("resizing"))} style={format!("--split: {}%", *split)}>
            <a class="skip-link" href="#findings">{ "Skip to the findings" }</a>
            // The toolbar (and its heading) is hidden in these modes; the page
            // keeps a top-level heading for screen readers.
            if state.present || state.embed {
                <h1 class="visually-hidden">{ "leakscope: goroutine leaks, found and shown" }</h1>
            }
            <Toolbar
                status={AttrValue::from(status_text(&state))}
                analyzing={state.analyzing() && state.stopped_after().is_none()}
                theme={state.theme}
                font_size={state.font_size}
                on_examples={dispatch(|| Action::OpenGallery(true))}
                on_share={share}
                on_theme={on_theme}
                on_font_size={on_font_size}
                on_help={dispatch(|| Action::ToggleHelp(true))}
            />
            if let Some(notice) = state.notice.clone() {
                <NoticeBanner notice={notice} on_dismiss={dispatch(|| Action::DismissNotice)}
                    on_restore={restore_previous} />
            }
            if let Some(link) = state.share.clone() {
                <SharePanel link={link} on_close={dispatch(|| Action::CloseShare)} />
            }
            <main class="workspace">
                <section class="editor-pane" aria-label="Editor">
                    <div class="editor-host" ref={host} onclick={on_code_click}></div>
                </section>
                <OutlinePanel analysis={state.analysis.clone()} selected={state.selected} on_jump={on_jump}>
                    <FindingsList state={state.clone()} editor={EditorRef(editor.clone())}
                        on_search_longer={search_longer} />
                </OutlinePanel>
            </main>
            <div class="splitter" role="separator" aria-orientation="vertical" tabindex="0"
                aria-label="Width of the code beside the timeline"
                aria-valuemin={MIN_SPLIT.to_string()} aria-valuemax={MAX_SPLIT.to_string()}
                aria-valuenow={split.to_string()} aria-valuetext={format!("code {}% of the width", *split)}
                onpointerdown={splitter_down} onpointermove={splitter_move} onpointerup={splitter_up.clone()}
                onpointercancel={splitter_up} onkeydown={splitter_key}></div>
            <TimelinePanel state={state.clone()} editor={EditorRef(editor.clone())} on_lesson={lesson} />
            if let Some(compare) = state.compare.clone() {
                <SideBySide compare={compare} on_close={dispatch(|| Action::Compare(None))} />
            }
            if let Some(rule) = state.rule_page().map(str::to_string) {
                <RulePage rule={rule} rules={state.rules.clone()} on_show={{ let d = state.dispatcher(); Callback::from(move |r: String| d.dispatch(Action::ShowRule(Some(r)))) }}
                    on_close={dispatch(|| Action::ShowRule(None))} />
            }
            if state.gallery_open() {
                <Gallery on_choose={choose_example} on_close={dispatch(|| Action::OpenGallery(false))} />
            }
            if state.confirm_example().is_some() {
                <ConfirmReplace title={confirm_title} on_confirm={confirm_replace}
                    on_cancel={dispatch(|| Action::CancelReplace)} />
            }
            if state.help_open() {
                <HelpOverlay on_close={dispatch(|| Action::ToggleHelp(false))} />
            }
        </div>
    }
}
