//! What the page restores when it opens and saves while it is used: the
//! permalink in the address, the autosaved text and the display settings in
//! local storage. Nothing here touches the editor; the App component does.

use crate::interop;
use crate::state::{Action, AppState, Notice, NoticeKind, ThemeChoice};
use crate::state::{DEFAULT_FONT_SIZE, MAX_FONT_SIZE, MIN_FONT_SIZE};
use leakscope_web::examples;
use leakscope_web::permalink::{self, Fragment, LinkOptions, LinkState};
use leakscope_web::protocol::AnalysisOptions;

/// Past this size the code is not put into the address bar (it would be an
/// unusable link); it is still saved locally.
pub const MAX_ADDRESS_CODE_BYTES: usize = 64 * 1024;
/// Local storage holds about 5 MB of UTF-16; leave room for the rest.
pub const MAX_SAVED_CODE_BYTES: usize = 2 * 1024 * 1024;

pub const KEY_CODE: &str = "leakscope.code";
/// The autosaved text that a link replaced at startup.
pub const KEY_PREVIOUS_CODE: &str = "leakscope.previous-code";
pub const KEY_THEME: &str = "leakscope.theme";
pub const KEY_FONT_SIZE: &str = "leakscope.font-size";

/// Text the page opens with, and where it came from.
pub struct Startup {
    pub text: String,
    pub loaded: Action,
    pub notice: Option<Notice>,
}

/// Decides the first text: a link wins, then the autosaved text, then the
/// first example. A broken link never costs the autosaved text.
pub fn startup() -> Startup {
    let saved = interop::load(KEY_CODE).filter(|t| !t.trim().is_empty());
    let fallback = |notice: Option<Notice>| match &saved {
        Some(text) => Startup {
            text: text.clone(),
            loaded: loaded_plain(None),
            notice,
        },
        None => {
            let example = examples::first();
            Startup {
                text: example.source.to_string(),
                loaded: loaded_plain(Some(example.id.to_string())),
                notice,
            }
        }
    };
    match permalink::decode(&interop::location_hash()) {
        Fragment::State(state) => {
            // The link's code replaces the autosaved text; keep that text
            // aside and offer it back.
            let notice = saved.filter(|s| *s != state.code).map(|saved| {
                interop::save(KEY_PREVIOUS_CODE, &saved);
                Notice {
                    kind: NoticeKind::Info,
                    text: "Opened the code from the link. The code you had here before is kept."
                        .to_string(),
                    offer_restore: true,
                }
            });
            Startup {
                text: state.code.clone(),
                loaded: loaded_from_link(state),
                notice,
            }
        }
        Fragment::Invalid(error) => fallback(Some(link_error_notice(&error))),
        Fragment::None => fallback(None),
    }
}

pub fn loaded_plain(example: Option<String>) -> Action {
    Action::Loaded {
        selected: None,
        step: None,
        options: AnalysisOptions {
            pair: examples::pair_of(example.as_deref()),
            ..AnalysisOptions::default()
        },
        example,
        finding: None,
        clean_run: false,
        predict: None,
    }
}

pub fn loaded_from_link(state: LinkState) -> Action {
    Action::Loaded {
        options: state.analysis_options(),
        example: state.example,
        selected: state.item.map(|i| i as usize),
        finding: state.finding.map(|f| f as usize),
        step: state.step,
        clean_run: state.clean_run,
        predict: state.predict.then_some(state.question),
    }
}

pub fn link_error_notice(error: &permalink::LinkError) -> Notice {
    Notice {
        kind: NoticeKind::Error,
        text: format!("{error} Your code in the editor was kept."),
        offer_restore: false,
    }
}

pub fn initial_state() -> AppState {
    AppState {
        theme: interop::load(KEY_THEME)
            .and_then(|t| ThemeChoice::from_key(&t))
            .unwrap_or(ThemeChoice::System),
        font_size: interop::load(KEY_FONT_SIZE)
            .and_then(|s| s.parse().ok())
            .unwrap_or(DEFAULT_FONT_SIZE)
            .clamp(MIN_FONT_SIZE, MAX_FONT_SIZE),
        ..AppState::default()
    }
}

/// The state a permalink carries, for the current text.
pub fn link_state(state: &AppState, code: String) -> LinkState {
    LinkState {
        code,
        example: state.example.clone(),
        entry: state.options.entry.clone(),
        finding: state.finding.map(|i| i as u32),
        item: state.selected.map(|i| i as u32),
        // A predict link keeps its pause, whatever was revealed since.
        step: match &state.predict {
            Some(p) => Some(p.pause),
            None => state.step,
        },
        clean_run: state.clean_run,
        options: LinkOptions {
            all_functions: state.options.all_functions,
        },
        predict: state.predict.is_some(),
        question: state.predict.as_ref().and_then(|p| p.question.clone()),
    }
}

/// A predict link for a lesson: the current text, finding and step, with
/// the teacher's question (none when it is the page's own).
pub fn lesson_link_state(state: &AppState, code: String, question: &str) -> LinkState {
    let question = question.trim();
    LinkState {
        step: Some(state.step.unwrap_or(0)),
        clean_run: false,
        predict: true,
        question: (!question.is_empty() && question != crate::state::DEFAULT_QUESTION).then(|| {
            question
                .chars()
                .take(permalink::MAX_QUESTION_CHARS)
                .collect()
        }),
        ..link_state(
            &AppState {
                predict: None,
                ..state.clone()
            },
            code,
        )
    }
}
