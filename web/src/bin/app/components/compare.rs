//! Leaking and fixed, side by side: the finding's witness and the fixed
//! program run following it turn by turn (the same goroutine doing the same
//! operation, where it still can: `leakscope_web::follow`), played by one
//! step control, so the class sees the same run end differently.

use super::findings::with_code;
use super::timeline::lanes_view;
use crate::interop;
use crate::state::Compare;
use gloo_timers::callback::Interval;
use leakscope_web::protocol::Timeline;
use leakscope_web::stepview;
use std::rc::Rc;
use yew::prelude::*;

/// Milliseconds per step while playing.
const STEP_MS: u32 = 900;

#[derive(Properties, PartialEq)]
pub struct SideBySideProps {
    pub compare: Rc<Compare>,
    pub on_close: Callback<()>,
}

/// How a run ends, in words, from its last step's lanes.
fn ending(timeline: &Timeline, leak: bool) -> String {
    let Some(last) = timeline.steps.len().checked_sub(1) else {
        return "The run has no steps.".to_string();
    };
    let lanes = stepview::lanes(timeline, last, leak);
    let stuck: Vec<String> = lanes
        .iter()
        .filter(|l| matches!(l.status, "leaked" | "blocked"))
        .map(|l| format!("g{}", l.id))
        .collect();
    match stuck.len() {
        0 => "It ends with no goroutine stuck.".to_string(),
        1 => format!("It ends with {} stuck forever.", stuck[0]),
        n => format!(
            "It ends with {n} goroutines stuck forever: {}.",
            stuck.join(", ")
        ),
    }
}

fn run_column(id: &str, title: Html, timeline: &Timeline, step: usize, leak: bool) -> Html {
    let count = timeline.steps.len();
    if count == 0 {
        return html! {};
    }
    let shown = step.min(count - 1);
    let ended = step >= count;
    let lanes = stepview::lanes(timeline, shown, leak);
    let arrows = if ended {
        Vec::new()
    } else {
        stepview::handoffs(timeline, shown, &lanes)
    };
    let current = &timeline.steps[shown];
    let event = if ended {
        format!("This run ended at step {count}.")
    } else {
        current.event.clone()
    };
    html! {
        <div class="compare-run" id={id.to_string()} data-step={shown.to_string()} data-steps={count.to_string()}
            data-ended={ended.to_string()}>
            <h3>{ title }</h3>
            <p class="compare-event">{ with_code(&event) }</p>
            { lanes_view(timeline, &lanes, &arrows, current.actor, lanes.len() > 8, None) }
            if step + 1 >= count {
                <p class="compare-ending">{ ending(timeline, leak) }</p>
            }
        </div>
    }
}

#[component]
pub fn SideBySide(props: &SideBySideProps) -> Html {
    let compare = &props.compare;
    let step = use_state(|| 0usize);
    let playing = use_state(|| false);
    let count = compare
        .leaking
        .steps
        .len()
        .max(compare.fixed.steps.len())
        .max(1);
    // Comes into view and takes the keys when opened by its button (after
    // a fix is applied the editor keeps the focus).
    let take_focus = compare.take_focus;
    use_effect_with(Rc::as_ptr(compare) as usize, move |_| {
        if take_focus {
            interop::scroll_into_view("compare");
            interop::focus_element("compare");
        }
    });
    {
        let (step, playing_handle) = (step.clone(), playing.clone());
        use_effect_with((*playing, *step), move |&(playing, at)| {
            let interval = playing.then(|| {
                Interval::new(STEP_MS, move || {
                    if at + 1 >= count {
                        playing_handle.set(false);
                    } else {
                        step.set(at + 1);
                    }
                })
            });
            move || drop(interval)
        });
    }
    let go = |target: fn(usize, usize) -> usize| {
        let (step, playing) = (step.clone(), playing.clone());
        Callback::from(move |_: MouseEvent| {
            playing.set(false);
            step.set(target(*step, count));
        })
    };
    let play = {
        let (step, playing) = (step.clone(), playing.clone());
        Callback::from(move |_: MouseEvent| {
            if !*playing && *step + 1 >= count {
                step.set(0);
            }
            playing.set(!*playing);
        })
    };
    let on_key = {
        let (step, playing) = (step.clone(), playing.clone());
        Callback::from(move |event: KeyboardEvent| {
            let target = match event.key().as_str() {
                "ArrowLeft" => step.saturating_sub(1),
                "ArrowRight" => (*step + 1).min(count - 1),
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            playing.set(false);
            step.set(target);
        })
    };
    let scrub = {
        let (step, playing) = (step.clone(), playing.clone());
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(value) = input.value().parse::<usize>() {
                playing.set(false);
                step.set(value.min(count - 1));
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let at = *step;
    html! {
        <section class="compare" id="compare" tabindex="0" aria-labelledby="compare-title" onkeydown={on_key}
            data-step={at.to_string()} data-steps={count.to_string()}>
            <header class="timeline-head">
                <h2 id="compare-title">{ "Leaking and fixed, side by side" }</h2>
                <button type="button" class="button" id="compare-close" onclick={close}>{ "Close" }</button>
            </header>
            <p class="compare-intro">
                { with_code(&format!(
                    "The code before and after the fix \u{201c}{}\u{201d}, run in the same order: at each turn \
                     the fixed run lets the same goroutine (the same function, started in the same order) do the \
                     same operation as the leaking run, where it still can. Where the fix changed what happens, \
                     the two runs' steps differ. One control steps both runs: step N of each.",
                    compare.fix
                )) }
            </p>
            <div class="timeline-controls" role="group" aria-label="Step controls for both runs">
                <button type="button" class="button icon" id="compare-first" onclick={go(|_, _| 0)}
                    aria-label="First step">{ "|◀" }</button>
                <button type="button" class="button icon" id="compare-back" onclick={go(|s, _| s.saturating_sub(1))}
                    aria-label="Back one step">{ "◀" }</button>
                <button type="button" class="button icon" id="compare-play" onclick={play}
                    aria-label={if *playing { "Pause" } else { "Play" }} aria-pressed={playing.to_string()}>
                    { if *playing { "Pause" } else { "Play" } }
                </button>
                <button type="button" class="button icon" id="compare-forward" onclick={go(|s, n| (s + 1).min(n - 1))}
                    aria-label="Forward one step">{ "▶" }</button>
                <button type="button" class="button icon" id="compare-last" onclick={go(|_, n| n - 1)}
                    aria-label="Last step">{ "▶|" }</button>
                <span class="timeline-position" aria-live="polite">{ format!("Step {} of {}", at + 1, count) }</span>
            </div>
            <div class="scrubber">
                <input type="range" id="compare-scrubber" min="0" max={(count - 1).to_string()}
                    value={at.to_string()} oninput={scrub} aria-label="Step of both runs" />
            </div>
            <div class="compare-runs">
                { run_column("compare-leaking", html! { <>{ "Before the fix: " }{ &compare.rule_name }</> },
                    &compare.leaking, at, compare.leak) }
                { run_column("compare-fixed", html! { <>{ "After the fix: " }{ with_code(&compare.fix) }</> },
                    &compare.fixed, at, false) }
            </div>
        </section>
    }
}
