//! The timeline: the selected finding's witness, step by step. One lane per
//! goroutine, channels as boxes, the virtual clock, the output so far and the
//! step's sentence; controls, a scrubber and keys; the editor follows the
//! step (a marker per live goroutine, the blocked operation highlighted).
//! Also the classroom modes (presentation, embed) and the SVG export.

use super::leaks::EditorRef;
use crate::hooks::line_markers;
use crate::interop::{self, LineMarker};
use crate::state::{Action, AppState};
use gloo_timers::callback::Interval;
use leakscope_web::protocol::{ChannelState, EditorFinding, LockState};
use leakscope_web::stepview::{self, Lane};
use std::rc::Rc;
use yew::prelude::*;

/// Milliseconds per step at speed 1×.
const BASE_STEP_MS: f64 = 700.0;
const SPEEDS: [f64; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];
/// The menu's words for [`SPEEDS`] (written out: no float printing in the page).
const SPEED_LABELS: [&str; 5] = ["0.5×", "1×", "2×", "4×", "8×"];

/// Whether the finding's witness ends in a leak (its blocked goroutines
/// at the last step are leaked for good).
fn ends_in_leak(finding: &EditorFinding) -> bool {
    matches!(
        finding.kind.as_str(),
        "leak" | "deadlock" | "blocked-at-exit"
    )
}

/// Keeps the editor in step with the timeline: declared in `App` after the
/// effect that puts the outline markers in, so it runs after it.
#[hook]
pub fn use_timeline_editor(state: &UseReducerHandle<AppState>, editor: &EditorRef) {
    let analysis = state.analysis.clone();
    let key = (
        analysis.as_ref().map(|a| Rc::as_ptr(a) as usize),
        state.finding,
        state.step,
        state.analyzing(),
    );
    let (editor, snapshot) = (editor.clone(), (**state).clone());
    use_effect_with(key, move |_| {
        let stepping = snapshot
            .step
            .zip(snapshot.shown_finding())
            .filter(|_| !snapshot.analyzing());
        editor.with(|e| match stepping {
            Some((step, finding)) => {
                let step = step as usize;
                let lanes = stepview::lanes(&finding.witness, step, ends_in_leak(finding));
                let markers: Vec<LineMarker> = lanes
                    .iter()
                    .filter(|l| !matches!(l.status, "done" | "not-started"))
                    .filter_map(|l| {
                        Some(LineMarker {
                            line: l.line?,
                            class: format!("lane-{}", l.color),
                            label: format!("g{}", l.id),
                            title: format!("g{} {}: {}", l.id, l.function, l.status_text),
                        })
                    })
                    .collect();
                e.set_line_markers(&markers);
                let leaked = lanes.iter().find(|l| l.status == "leaked");
                let current = finding.witness.steps.get(step).and_then(|s| s.range);
                match (leaked.and_then(|l| l.state.as_ref()), current) {
                    (Some(g), _) => e.set_step_highlight(g.range.from, g.range.to, "leaked"),
                    (None, Some(r)) => e.set_step_highlight(r.from, r.to, "current"),
                    (None, None) => e.set_step_highlight(0, 0, ""),
                }
            }
            None => {
                if let Some(response) = &analysis {
                    e.set_line_markers(&line_markers(response));
                }
                e.set_step_highlight(0, 0, "");
            }
        });
    });
}

/// Reads `?present=1` and `?embed=1` once, then keeps the page's mode
/// attribute, the editor's read-only state and its layout current.
#[hook]
pub fn use_classroom(state: &UseReducerHandle<AppState>, editor: &EditorRef) {
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let search = interop::location_search();
            let flag = |name: &str| {
                search
                    .trim_start_matches('?')
                    .split('&')
                    .any(|p| p == format!("{name}=1") || p == name)
            };
            if flag("present") {
                dispatcher.dispatch(Action::SetPresent(true));
            }
            if flag("embed") {
                dispatcher.dispatch(Action::SetEmbed(true));
            }
        });
    }
    let editor = editor.clone();
    use_effect_with((state.present, state.embed), move |&(present, embed)| {
        let mode = match (present, embed) {
            (true, _) => "present",
            (_, true) => "embed",
            _ => "normal",
        };
        interop::set_root_attribute("data-mode", mode);
        editor.with(|e| {
            e.set_read_only(embed);
            e.refresh_layout();
        });
        // Presentation is keyboard-driven: the timeline takes the keys.
        if present {
            interop::focus_element("timeline");
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct TimelinePanelProps {
    pub state: UseReducerHandle<AppState>,
}

#[component]
pub fn TimelinePanel(props: &TimelinePanelProps) -> Html {
    let state = &props.state;
    let speed = use_state(|| 1usize);
    // Playback: a plain interval while playing; the reducer stops at the end.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((state.playing, *speed), move |&(playing, speed)| {
            let interval = playing.then(|| {
                let ms = (BASE_STEP_MS / SPEEDS[speed]) as u32;
                Interval::new(ms, move || dispatcher.dispatch(Action::StepBy(1)))
            });
            move || drop(interval)
        });
    }
    // Borrowed, not cloned: a long witness is large and this renders every step.
    let Some(finding) = state.shown_finding() else {
        return html! {};
    };
    let timeline = &finding.witness;
    let count = timeline.steps.len();
    if count == 0 {
        return html! {};
    }
    let step = state.step.map_or(0, |s| (s as usize).min(count - 1));
    let leak = ends_in_leak(finding);
    let lanes = stepview::lanes(timeline, step, leak);
    let current = &timeline.steps[step];
    let output_len = (current.output_len as usize).min(timeline.output.len());
    let output = timeline
        .output
        .get(..output_len)
        .unwrap_or(&timeline.output);

    let dispatch = |action: fn() -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action()))
    };
    let last = (count - 1) as u32;
    let to_last = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetStep(Some(last))))
    };
    let play = {
        let (dispatcher, playing) = (state.dispatcher(), state.playing);
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Play(!playing)))
    };
    let scrub = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(value) = input.value().parse::<u32>() {
                dispatcher.dispatch(Action::Play(false));
                dispatcher.dispatch(Action::SetStep(Some(value)));
            }
        })
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Ok(index) = select.value().parse::<usize>() {
                speed.set(index.min(SPEEDS.len() - 1));
            }
        })
    };
    let on_key = {
        let (dispatcher, playing) = (state.dispatcher(), state.playing);
        Callback::from(move |event: KeyboardEvent| {
            // Keys typed into the speed menu or a button keep their meaning.
            let target: Option<web_sys::Element> = event.target_dyn_into();
            if target.is_some_and(|t| t.tag_name() == "SELECT") {
                return;
            }
            let action = match event.key().as_str() {
                "ArrowLeft" => Action::StepBy(-1),
                "ArrowRight" => Action::StepBy(1),
                "Home" => Action::SetStep(Some(0)),
                "End" => Action::SetStep(Some(last)),
                " " | "Spacebar" => Action::Play(!playing),
                _ => return,
            };
            event.prevent_default();
            if !matches!(action, Action::Play(_)) {
                dispatcher.dispatch(Action::Play(false));
            }
            dispatcher.dispatch(action);
        })
    };
    let export = {
        let (analysis, index) = (state.analysis.clone(), state.finding.unwrap_or(0));
        Callback::from(move |_: MouseEvent| {
            let Some(finding) = analysis
                .as_ref()
                .and_then(|a| a.analysis.findings.get(index))
            else {
                return;
            };
            let svg = stepview::step_svg(&finding.witness, step, ends_in_leak(finding));
            interop::download_text(
                &format!("leakscope-{}-step-{}.svg", finding.rule, step + 1),
                &svg,
                "image/svg+xml",
            );
        })
    };
    let present = {
        let (dispatcher, present) = (state.dispatcher(), state.present);
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetPresent(!present)))
    };
    let marks = stepview::blocking_steps(timeline);

    html! {
        <section class="timeline" id="timeline" tabindex="0" aria-labelledby="timeline-title"
            onkeydown={on_key} data-step={step.to_string()} data-steps={count.to_string()}>
            <header class="timeline-head">
                <h2 id="timeline-title">
                    { "Timeline: " }{ &finding.rule_name }
                    <span class="timeline-entry">{ format!(" in {}", finding.entry) }</span>
                </h2>
                <div class="timeline-head-buttons">
                    <button type="button" class="button" id="timeline-export" onclick={export}
                        title="Download this step as an SVG image">{ "Export SVG" }</button>
                    <button type="button" class="button" id="present-toggle" onclick={present}
                        aria-pressed={state.present.to_string()}>
                        { if state.present { "Leave presentation" } else { "Present" } }
                    </button>
                </div>
            </header>
            <div class="timeline-controls" role="group" aria-label="Step controls">
                <button type="button" class="button icon" id="step-first" onclick={dispatch(|| Action::SetStep(Some(0)))}
                    title="First step (Home)" aria-label="First step">{ "|◀" }</button>
                <button type="button" class="button icon" id="step-back" onclick={dispatch(|| Action::StepBy(-1))}
                    title="Back (Left arrow)" aria-label="Back one step">{ "◀" }</button>
                <button type="button" class="button icon" id="step-play" onclick={play}
                    title="Play or pause (Space)" aria-label={if state.playing { "Pause" } else { "Play" }}
                    aria-pressed={state.playing.to_string()}>
                    { if state.playing { "Pause" } else { "Play" } }
                </button>
                <button type="button" class="button icon" id="step-forward" onclick={dispatch(|| Action::StepBy(1))}
                    title="Forward (Right arrow)" aria-label="Forward one step">{ "▶" }</button>
                <button type="button" class="button icon" id="step-last" onclick={to_last.clone()}
                    title="Last step (End)" aria-label="Last step">{ "▶|" }</button>
                <label class="timeline-speed">
                    { "Speed " }
                    <select id="step-speed" onchange={on_speed}>
                        { for SPEED_LABELS.iter().enumerate().map(|(i, label)| html! {
                            <option value={i.to_string()} selected={i == *speed}>{ *label }</option>
                        }) }
                    </select>
                </label>
                if leak {
                    <button type="button" class="button button-primary" id="jump-to-leak" onclick={to_last}>
                        { "Jump to the leak" }
                    </button>
                }
                <span class="timeline-position" aria-live="polite">
                    { format!("Step {} of {}", step + 1, count) }
                </span>
                <span class="timeline-clock" title="Virtual clock">
                    { format!("clock {}", stepview::clock_text(current.clock_ns)) }
                </span>
            </div>
            <div class="scrubber">
                <input type="range" id="step-scrubber" min="0" max={(count - 1).to_string()}
                    value={step.to_string()} oninput={scrub} aria-label="Step" />
                <div class="scrubber-marks" aria-hidden="true">
                    { for marks.iter().map(|&i| html! {
                        <span class={classes!("scrubber-mark", (leak && i + 1 == count).then_some("final"))}
                            style={format!("left: {}%", stepview::position_percent(i, count))} title={format!("step {}: a goroutine blocks", i + 1)}></span>
                    }) }
                </div>
            </div>
            <p class="timeline-event" id="step-event">{ &current.event }</p>
            <div class="timeline-body">
                <ol class="lanes" aria-label="Goroutines">
                    { for lanes.iter().map(|lane| lane_view(lane, current.actor)) }
                </ol>
                <div class="timeline-side">
                    if !current.channels.is_empty() {
                        <ul class="channels" aria-label="Channels">
                            { for current.channels.iter().map(channel_view) }
                        </ul>
                    }
                    if !current.locks.is_empty() {
                        <ul class="locks" aria-label="Locks">
                            { for current.locks.iter().map(lock_view) }
                        </ul>
                    }
                    <div class="timeline-output">
                        <h3>{ "Output so far" }</h3>
                        <pre id="step-output">{ output }</pre>
                    </div>
                </div>
            </div>
        </section>
    }
}

fn lane_view(lane: &Lane, actor: u32) -> Html {
    let started = match lane.started_at {
        Some(line) => format!("started at line {line}"),
        None => "the entry".to_string(),
    };
    html! {
        <li class={classes!("lane", format!("lane-{}", lane.color), format!("status-{}", lane.status),
                (lane.id == actor).then_some("actor"))}
            data-goroutine={lane.id.to_string()} data-status={lane.status}>
            <span class="lane-swatch" aria-hidden="true"></span>
            <span class="lane-name">
                <strong>{ format!("g{}", lane.id) }</strong>{ " " }
                <code>{ &lane.function }</code>
                <span class="lane-start">{ started }</span>
            </span>
            <span class="lane-status">{ &lane.status_text }</span>
            if let Some(line) = lane.line.filter(|_| lane.status != "not-started") {
                <span class="lane-line">{ format!("line {line}") }</span>
            }
        </li>
    }
}

fn goroutine_list(ids: &[u32]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.iter()
            .map(|g| format!("g{g}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn channel_view(channel: &ChannelState) -> Html {
    let slots = (0..channel.capacity as usize).map(|i| {
        let value = channel.buffer.get(i);
        html! {
            <span class={classes!("slot", value.is_some().then_some("full"))}>
                { value.cloned().unwrap_or_default() }
            </span>
        }
    });
    html! {
        <li class={classes!("channel", channel.closed.then_some("closed"))} data-channel={channel.id.to_string()}>
            <div class="channel-head">
                <strong>{ format!("chan #{}", channel.id) }</strong>
                { format!(" made at line {}", channel.make_range.start.line) }
                { if channel.capacity == 0 { " · unbuffered".to_string() } else { format!(" · capacity {}", channel.capacity) } }
                if channel.closed { <span class="badge channel-closed">{ "closed" }</span> }
            </div>
            if channel.capacity > 0 {
                <div class="slots">{ for slots }</div>
            }
            <div class="channel-waiting">
                <span>{ format!("senders waiting: {}", goroutine_list(&channel.senders)) }</span>
                <span>{ format!("receivers waiting: {}", goroutine_list(&channel.receivers)) }</span>
            </div>
        </li>
    }
}

fn lock_view(lock: &LockState) -> Html {
    html! {
        <li class="lock">
            <strong>{ format!("lock #{}", lock.id) }</strong>
            { if lock.locked { " locked" } else { " unlocked" } }
            { if lock.readers > 0 { format!(" · {} readers", lock.readers) } else { String::new() } }
            { format!(" · waiting: {}", goroutine_list(&lock.waiters)) }
        </li>
    }
}
