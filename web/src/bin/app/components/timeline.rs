//! The timeline: the selected finding's witness, step by step. One lane per
//! goroutine, channels as boxes, the virtual clock, the output so far and the
//! step's sentence; controls, a scrubber and keys; the editor follows the
//! step (a marker per live goroutine, the blocked operation highlighted).
//! Hand-offs between goroutines are arrows beside the lanes. When the finding
//! depends on the schedule, the entry's clean run can be shown instead, with
//! the step where the two runs part. Also the classroom modes (presentation,
//! embed) and the SVG and PNG export.

use super::findings::{with_code, EditorRef};
use crate::interop;
use crate::state::{Action, Answer, AppState, Compare, DEFAULT_QUESTION};
use gloo_timers::callback::Interval;
use leakscope_web::protocol::{
    ChannelState, EditorFinding, FindingKind, HandoffKind, LockState, Timeline,
};
use leakscope_web::stepview::{self, HandoffView, Lane, LaneGroup};
use leakscope_web::ui::editor::ends_in_leak;
use leakscope_web::ui::predict;
use yew::prelude::*;

/// Milliseconds per step at speed 1×.
const BASE_STEP_MS: f64 = 700.0;
const SPEEDS: [f64; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];
/// The menu's words for [`SPEEDS`] (written out: no float printing in the page).
const SPEED_LABELS: [&str; 5] = ["0.5×", "1×", "2×", "4×", "8×"];

/// How the run with the finding is named next to the clean one.
fn faulty_run_word(finding: &EditorFinding) -> (&'static str, &'static str) {
    match finding.kind {
        FindingKind::Leak | FindingKind::BlockedAtExit => ("Run with the leak", "leaking"),
        FindingKind::Deadlock => ("Run with the deadlock", "deadlocking"),
        FindingKind::Panic => ("Run with the panic", "panicking"),
        FindingKind::Livelock => ("Run with the livelock", "spinning"),
        FindingKind::ResourceLeak => ("Run with the resource leak", "leaking"),
    }
}

/// The file name of an exported step.
fn export_name(finding: &EditorFinding, clean: bool, step: usize, extension: &str) -> String {
    let run = if clean { "-clean-run" } else { "" };
    format!(
        "leakscope-{}{run}-step-{}.{extension}",
        finding.rule,
        step + 1
    )
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
    pub editor: EditorRef,
    /// Makes a predict link of this step with the teacher's question.
    pub on_lesson: Callback<String>,
}

/// Past this many goroutines alike ones are grouped into one row unless the
/// person says otherwise.
const GROUP_ABOVE: usize = 8;

#[component]
pub fn TimelinePanel(props: &TimelinePanelProps) -> Html {
    let state = &props.state;
    let speed = use_state(|| 1usize);
    // None: group alike goroutines when there are many.
    let grouping = use_state(|| None::<bool>);
    let question = use_state(|| DEFAULT_QUESTION.to_string());
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
    let Some(run) = state.shown_run() else {
        return html! {};
    };
    let finding = run.finding;
    let timeline = run.timeline;
    let count = timeline.steps.len();
    if count == 0 {
        // The findings came before their long runs; the runs follow.
        return if state.analysis.as_ref().is_some_and(|a| a.partial) {
            html! { <p class="timeline-loading" role="status">{ "Loading the run…" }</p> }
        } else {
            html! {}
        };
    }
    let hiding = state.hiding();
    // While a class predicts, the run stops at the pause.
    let limit = (state.step_limit() as usize).clamp(1, count);
    let step = state.step.map_or(0, |s| (s as usize).min(limit - 1));
    let leak = ends_in_leak(finding) && !run.clean && !hiding;
    let lanes = stepview::lanes(timeline, step, leak);
    let arrows = stepview::handoffs(timeline, step, &lanes);
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
    let go_to = |target: usize| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::Play(false));
            dispatcher.dispatch(Action::SetStep(Some(target as u32)));
        })
    };
    let last = (limit - 1) as u32;
    let to_last = go_to(limit - 1);
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
    // The exports read the shown run when clicked, from the state's analysis.
    let export = |png: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(run) = state.shown_run() else {
                return;
            };
            let leak = ends_in_leak(run.finding) && !run.clean;
            let svg = stepview::step_svg(run.timeline, step, leak);
            if png {
                let name = export_name(run.finding, run.clean, step, "png");
                interop::download_svg_as_png(&name, &svg, PNG_SCALE);
            } else {
                let name = export_name(run.finding, run.clean, step, "svg");
                interop::download_text(&name, &svg, "image/svg+xml");
            }
        })
    };
    let present = {
        let (dispatcher, present) = (state.dispatcher(), state.present);
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetPresent(!present)))
    };
    let mut marks = stepview::blocking_steps(timeline);
    marks.retain(|&i| i < limit);
    let runs = if hiding {
        html! {}
    } else {
        runs_view(state, &run, step, &go_to)
    };
    let group = (*grouping).unwrap_or(lanes.len() > GROUP_ABOVE);
    let toggle_grouping = {
        let grouping = grouping.clone();
        Callback::from(move |_: MouseEvent| grouping.set(Some(!group)))
    };
    let pick = hiding.then(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |id: u32| dispatcher.dispatch(Action::Answer(Answer::Goroutine(id))))
    });
    let predict_view = predict_view(state, &props.editor, finding);
    let lesson = (state.predict.is_none() && !state.embed && !run.clean).then(|| {
        let on_input = {
            let question = question.clone();
            Callback::from(move |event: InputEvent| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                question.set(input.value());
            })
        };
        let make = {
            let (on_lesson, question) = (props.on_lesson.clone(), question.clone());
            Callback::from(move |_: MouseEvent| on_lesson.emit((*question).clone()))
        };
        html! {
            <div class="lesson" role="group" aria-label="Lesson">
                <label class="lesson-question">
                    { "Question for the class " }
                    <input type="text" id="lesson-question" value={(*question).clone()} oninput={on_input}
                        maxlength={leakscope_web::permalink::MAX_QUESTION_CHARS.to_string()} />
                </label>
                <button type="button" class="button" id="lesson-link" onclick={make}
                    title="Copy a link that opens this example paused at this step, findings hidden, with the question">
                    { format!("Copy a predict link for step {}", step + 1) }
                </button>
            </div>
        }
    });
    let part = run
        .clean_timeline
        .and_then(|clean| stepview::parting_step(&finding.witness, clean))
        .filter(|&at| at < count);
    // A gallery example with a fixed version: its run of the same schedule.
    // (The runs are copied when clicked, not at every step's render.)
    let pair = (finding.paired_run.is_some() && !hiding && !run.clean).then(|| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(f) = state.shown_finding() else {
                return;
            };
            if let Some((title, fixed)) = &f.paired_run {
                state.dispatch(Action::Compare(Some(std::rc::Rc::new(Compare {
                    fix: title.clone(),
                    rule_name: f.rule_name.clone(),
                    leak: ends_in_leak(f),
                    leaking: f.witness.clone(),
                    fixed: fixed.clone(),
                    take_focus: true,
                }))));
            }
        })
    });
    let title = if hiding {
        html! { <>{ "Timeline: predict what happens" }<span class="timeline-entry">{ format!(" in {}", finding.entry) }</span></> }
    } else if run.clean {
        html! { <>{ "Timeline: a clean run" }<span class="timeline-entry">{ format!(" of {}", finding.entry) }</span></> }
    } else {
        html! { <>{ "Timeline: " }{ &finding.rule_name }<span class="timeline-entry">{ format!(" in {}", finding.entry) }</span></> }
    };

    html! {
        <section class={classes!("timeline", run.clean.then_some("clean-run"))} id="timeline" tabindex="0" aria-labelledby="timeline-title"
            onkeydown={on_key} data-step={step.to_string()} data-steps={count.to_string()}
            data-run={if run.clean { "clean" } else { "finding" }}>
            <header class="timeline-head">
                <h2 id="timeline-title">{ title }</h2>
                <div class="timeline-head-buttons">
                    if let Some(pair) = pair {
                        <button type="button" class="button" id="pair-compare" onclick={pair}
                            title="Play this run and the gallery's fixed version of the same schedule side by side">
                            { "Side by side with the fixed version" }
                        </button>
                    }
                    <button type="button" class="button" id="timeline-export" onclick={export(false)}
                        title="Download this step as an SVG image">{ "Export SVG" }</button>
                    <button type="button" class="button" id="timeline-export-png" onclick={export(true)}
                        title="Download this step as a PNG image">{ "Export PNG" }</button>
                    <button type="button" class="button" id="present-toggle" onclick={present}
                        aria-pressed={state.present.to_string()}>
                        { if state.present { "Leave presentation" } else { "Present" } }
                    </button>
                </div>
            </header>
            { runs }
            { predict_view }
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
                    { if hiding { format!("Step {} of {} (paused for the class)", step + 1, limit) } else { format!("Step {} of {}", step + 1, count) } }
                </span>
                <span class="timeline-clock" title="Virtual clock">
                    { format!("clock {}", stepview::clock_text(current.clock_ns)) }
                </span>
                if lanes.len() >= MIN_GROUPABLE {
                    <button type="button" class="button" id="lane-grouping" onclick={toggle_grouping}
                        aria-pressed={group.to_string()} title="Show goroutines that run the same code in the same state as one row">
                        { "Group alike" }
                    </button>
                }
            </div>
            <div class="scrubber">
                <input type="range" id="step-scrubber" min="0" max={(limit - 1).to_string()}
                    value={step.to_string()} oninput={scrub} aria-label="Step" />
                <div class="scrubber-marks" aria-hidden="true">
                    { for marks.iter().map(|&i| html! {
                        <span class={classes!("scrubber-mark", (leak && i + 1 == count).then_some("final"))}
                            style={format!("left: {}%", stepview::position_percent(i, limit))} title={format!("step {}: a goroutine blocks", i + 1)}></span>
                    }) }
                    if let Some(at) = part.filter(|_| !hiding) {
                        <span class="scrubber-mark part" data-step={at.to_string()}
                            style={format!("left: {}%", stepview::position_percent(at, count))} title={format!("step {}: the runs part", at + 1)}></span>
                    }
                </div>
            </div>
            <p class="timeline-event" id="step-event">{ with_code(&current.event) }</p>
            if !arrows.is_empty() {
                <ul class="handoffs" id="step-handoffs" aria-label="Hand-offs in this step">
                    { for arrows.iter().map(|a| html! {
                        <li class={classes!("handoff", format!("handoff-{}", a.handoff.kind.as_str()))}
                            data-from={a.handoff.from.to_string()} data-to={a.handoff.to.to_string()}>
                            { with_code(&a.sentence) }
                        </li>
                    }) }
                </ul>
            }
            <div class="timeline-body">
                { lanes_view(timeline, &lanes, &arrows, current.actor, group, pick.as_ref()) }
                <div class="timeline-side">
                    if !current.channels.is_empty() {
                        <ul class="channels" aria-label="Channels">
                            { for current.channels.iter().map(|c| channel_view(c, &arrows)) }
                        </ul>
                    }
                    if !current.locks.is_empty() {
                        <ul class="locks" aria-label="Locks">
                            { for current.locks.iter().map(|l| lock_view(timeline, l)) }
                        </ul>
                    }
                    <div class="timeline-output">
                        <h3>{ "Output so far" }</h3>
                        <pre id="step-output">{ output }</pre>
                    </div>
                </div>
            </div>
            { for lesson }
        </section>
    }
}

/// Predict, then reveal: the question, the student's answer (a lane's
/// button, or a click on a line of the code), and after the reveal whether
/// it was right, with who is stuck where.
fn predict_view(
    state: &UseReducerHandle<AppState>,
    editor: &EditorRef,
    finding: &EditorFinding,
) -> Html {
    let Some(p) = &state.predict else {
        return html! {};
    };
    let question = p.question.as_deref().unwrap_or(DEFAULT_QUESTION);
    let reveal = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Reveal))
    };
    let leave = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::LeavePredict))
    };
    let cursor_line = {
        let (dispatcher, editor) = (state.dispatcher(), editor.clone());
        Callback::from(move |_: MouseEvent| {
            editor.with(|e| dispatcher.dispatch(Action::Answer(Answer::Line(e.cursor_line()))))
        })
    };
    let answer = p.answer.map(|a| predict::answer_text(a, finding));
    let (right, said) = predict::reveal_text(p.answer, finding);
    html! {
        <div class={classes!("predict", p.revealed.then_some("revealed"))} id="predict" role="region" aria-label="Predict, then reveal">
            <p class="predict-question" id="predict-question"><strong>{ with_code(question) }</strong></p>
            if !p.revealed {
                <p class="predict-how">
                    { format!("The run is paused at step {}. Step back and forth, then answer: press ", p.pause + 1) }
                    <em>{ "Stuck?" }</em>{ " on a goroutine's lane, or click the line in the code." }
                </p>
                <div class="predict-buttons">
                    <button type="button" class="button" id="predict-cursor-line" onclick={cursor_line}
                        title="Answer with the line the cursor is on in the code">{ "Answer: the cursor's line" }</button>
                    <button type="button" class="button button-primary" id="predict-reveal" onclick={reveal}>{ "Reveal the answer" }</button>
                    <span class="predict-answer" id="predict-answer" aria-live="polite">
                        { match &answer { Some(a) => html! { <>{ "Your answer: " }{ with_code(a) }</> }, None => html! { "No answer yet." } } }
                    </span>
                </div>
            } else {
                <p class={classes!("predict-result", match right { Some(true) => "right", Some(false) => "wrong", None => "none" })}
                    id="predict-result" role="status">
                    { with_code(&said) }
                </p>
                <p class="predict-how">{ "The timeline now shows the whole run, to where they stay stuck; the findings explain why." }</p>
                <div class="predict-buttons">
                    <button type="button" class="button" id="predict-leave" onclick={leave}>{ "Leave predict mode" }</button>
                </div>
            }
        </div>
    }
}

/// Scale of the PNG export against the SVG's size (sharp on slides).
const PNG_SCALE: f64 = 2.0;

/// When the finding depends on the schedule: how many runs went wrong, a
/// switch between the finding's run and the clean one, and where they part.
fn runs_view(
    state: &UseReducerHandle<AppState>,
    run: &crate::state::ShownRun<'_>,
    step: usize,
    go_to: &impl Fn(usize) -> Callback<MouseEvent>,
) -> Html {
    let (Some(clean), Some(entry)) = (run.clean_timeline, run.entry) else {
        return html! {};
    };
    let finding = run.finding;
    let verb = stepview::runs_verb(finding.kind);
    let (faulty_label, faulty_word) = faulty_run_word(finding);
    let show = |clean: bool| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::ShowCleanRun(clean)))
    };
    let (shown, other, other_word): (&Timeline, &Timeline, &str) = if run.clean {
        (clean, &finding.witness, faulty_word)
    } else {
        (&finding.witness, clean, "clean")
    };
    let part = stepview::parting_step(shown, other);
    html! {
        <div class="timeline-runs" role="group" aria-label="Explored runs">
            <span class="runs-count" id="runs-count">
                { stepview::runs_text(verb, finding.runs, entry.search.faulty_schedules + entry.search.clean_schedules) }
            </span>
            <button type="button" class="button" id="run-finding" onclick={show(false)}
                aria-pressed={(!run.clean).to_string()}>{ faulty_label }</button>
            <button type="button" class="button" id="run-clean" onclick={show(true)}
                aria-pressed={run.clean.to_string()}>{ "Clean run" }</button>
            if let Some(at) = part {
                <p class={classes!("runs-part", (at == step).then_some("here"))} id="runs-part" data-step={at.to_string()}>
                    { with_code(&stepview::parting_sentence(shown, other, at, other_word)) }
                    { " " }
                    if at != step && at < shown.steps.len() {
                        <button type="button" class="button" id="go-to-part" onclick={go_to(at)}>
                            { format!("Go to step {}", at + 1) }
                        </button>
                    }
                </p>
            }
        </div>
    }
}

/// The lanes, with the step's hand-offs as arrows in a gutter on their left:
/// out of the sender's lane, along a column, into the woken lane (the
/// runtime's come from the top). Rows are of equal height (CSS grid), so an
/// arrow's ends are at fractions of the list's height.
pub(super) fn lanes_view(
    timeline: &Timeline,
    lanes: &[Lane],
    arrows: &[HandoffView],
    actor: u32,
    group: bool,
    pick: Option<&Callback<u32>>,
) -> Html {
    let gutter = match stepview::handoff_columns(timeline) {
        0 => 0,
        n => 14 + 12 * n,
    };
    // Rows: one per lane, or alike goroutines together. A goroutine that
    // hands off in this step keeps its own row (and its arrow).
    let rows: Vec<LaneGroup> = if group {
        let mut involved: Vec<u32> = Vec::new();
        for a in arrows {
            involved.extend([a.handoff.from, a.handoff.to]);
        }
        stepview::group_lanes(lanes, &involved)
    } else {
        (0..lanes.len())
            .map(|i| LaneGroup { members: vec![i] })
            .collect()
    };
    let mut row_of = vec![0; lanes.len()];
    for (r, g) in rows.iter().enumerate() {
        for &m in &g.members {
            row_of[m] = r;
        }
    }
    let arrows: Vec<HandoffView> = arrows
        .iter()
        .map(|a| HandoffView {
            from_lane: a.from_lane.map(|i| row_of[i]),
            to_lane: a.to_lane.map(|i| row_of[i]),
            ..a.clone()
        })
        .collect();
    let arrows = &arrows[..];
    let n = rows.len().max(1);
    let y = |lane: Option<usize>| match lane {
        Some(i) => format!("{}%", stepview::lane_middle_percent(i, n)),
        None => "0%".to_string(),
    };
    let colours: Vec<Option<usize>> = {
        let mut seen = Vec::new();
        for a in arrows {
            if !seen.contains(&a.color) {
                seen.push(a.color);
            }
        }
        seen
    };
    let colour_class = |c: Option<usize>| c.map_or("runtime".to_string(), |c| format!("lane-{c}"));
    let head_id = |c: Option<usize>| format!("handoff-head-{}", colour_class(c));
    let arrow = |a: &HandoffView| {
        let Some(to) = a.to_lane else {
            return html! {};
        };
        let x = (8 + a.column * 12).to_string();
        let (y1, y2) = (y(a.from_lane), y(Some(to)));
        html! {
            <g class={classes!("handoff-arrow", colour_class(a.color))}
                data-from={a.handoff.from.to_string()} data-to={a.handoff.to.to_string()}>
                <title>{ a.sentence.replace('`', "") }</title>
                <line x1={gutter.to_string()} y1={y1.clone()} x2={x.clone()} y2={y1.clone()} />
                <line x1={x.clone()} y1={y1} x2={x.clone()} y2={y2.clone()} />
                <line x1={x} y1={y2.clone()} x2={(gutter - 3).to_string()} y2={y2}
                    marker-end={format!("url(#{})", head_id(a.color))} />
            </g>
        }
    };
    html! {
        <div class="lanes-wrap" style={format!("--handoff-gutter: {gutter}px")}>
            if gutter > 0 {
                <svg class="handoff-arrows" width={gutter.to_string()} aria-hidden="true">
                    <defs>
                        { for colours.iter().map(|&c| html! {
                            <marker id={head_id(c)} class={colour_class(c)} viewBox="0 0 10 10" refX="8" refY="5"
                                markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
                                <path d="M0,0 L10,5 L0,10 z" />
                            </marker>
                        }) }
                    </defs>
                    { for arrows.iter().map(arrow) }
                </svg>
            }
            <ol class={classes!("lanes", (lanes.len() > GROUP_ABOVE).then_some("compact"), pick.is_some().then_some("picking"))}
                aria-label="Goroutines">
                { for rows.iter().map(|row| match row.members.as_slice() {
                    [one] => lane_view(&lanes[*one], actor, arrows, pick),
                    members => group_view(row, lanes, members, pick),
                }) }
            </ol>
        </div>
    }
}

/// Fewer lanes than this are never grouped (the button is not shown).
const MIN_GROUPABLE: usize = stepview::MIN_GROUP;

/// The button that answers "this one is stuck" in predict mode.
fn pick_button(pick: Option<&Callback<u32>>, id: u32, name: &str) -> Html {
    let Some(pick) = pick else {
        return html! {};
    };
    let onclick = {
        let pick = pick.clone();
        Callback::from(move |_: MouseEvent| pick.emit(id))
    };
    html! {
        <button type="button" class="button lane-pick" data-goroutine={id.to_string()} onclick={onclick}
            aria-label={format!("Answer: {name} is stuck")}>{ "Stuck?" }</button>
    }
}

/// Alike goroutines in one row: "g3–g12 (10×) blocked on chan send (`results`)".
fn group_view(
    row: &LaneGroup,
    lanes: &[Lane],
    members: &[usize],
    pick: Option<&Callback<u32>>,
) -> Html {
    let first = &lanes[members[0]];
    let label = row.label(lanes);
    let ids: Vec<String> = members.iter().map(|&i| lanes[i].id.to_string()).collect();
    let started = first
        .started_at
        .map_or(String::new(), |line| format!("started at line {line}"));
    html! {
        <li class={classes!("lane", "lane-group", format!("lane-{}", first.color), format!("status-{}", first.status))}
            data-goroutine={first.id.to_string()} data-goroutines={ids.join(" ")} data-status={first.status}
            data-count={members.len().to_string()}>
            <span class="lane-swatch" aria-hidden="true"></span>
            <span class="lane-name">
                <strong>{ format!("{label} ({}×)", members.len()) }</strong>{ " " }
                <code>{ &first.function }</code>
                <span class="lane-start">{ started }</span>
            </span>
            <span class="lane-status">{ with_code(&first.status_text) }</span>
            if let Some(line) = first.line.filter(|_| first.status != "not-started") {
                <span class="lane-line">{ format!("line {line}") }</span>
            }
            { pick_button(pick, first.id, &label) }
        </li>
    }
}

fn lane_view(
    lane: &Lane,
    actor: u32,
    arrows: &[HandoffView],
    pick: Option<&Callback<u32>>,
) -> Html {
    let started = match lane.started_at {
        Some(line) => format!("started at line {line}"),
        None => "the entry".to_string(),
    };
    // Who woke this goroutine in this step.
    let woken_by: Vec<String> = arrows
        .iter()
        .filter(|a| a.handoff.to == lane.id)
        .map(|a| a.handoff.from.to_string())
        .collect();
    html! {
        <li class={classes!("lane", format!("lane-{}", lane.color), format!("status-{}", lane.status),
                (lane.id == actor).then_some("actor"), (!woken_by.is_empty()).then_some("woken"))}
            data-goroutine={lane.id.to_string()} data-status={lane.status}
            data-woken-by={(!woken_by.is_empty()).then(|| woken_by.join(" "))}>
            <span class="lane-swatch" aria-hidden="true"></span>
            <span class="lane-name">
                <strong>{ format!("g{}", lane.id) }</strong>{ " " }
                <code>{ &lane.function }</code>
                <span class="lane-start">{ started }</span>
            </span>
            <span class="lane-status">{ with_code(&lane.status_text) }</span>
            if let Some(line) = lane.line.filter(|_| lane.status != "not-started") {
                <span class="lane-line">{ format!("line {line}") }</span>
            }
            if lane.status != "not-started" {
                { pick_button(pick, lane.id, &format!("g{}", lane.id)) }
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

fn channel_view(channel: &ChannelState, arrows: &[HandoffView]) -> Html {
    let through: Vec<String> = arrows
        .iter()
        .filter(|a| a.handoff.object == channel.id && a.handoff.kind != HandoffKind::Unlock)
        .map(|a| match a.handoff.from {
            0 => format!("runtime → g{}", a.handoff.to),
            from => format!("g{from} → g{}", a.handoff.to),
        })
        .collect();
    let slots = (0..channel.capacity as usize).map(|i| {
        let value = channel.buffer.get(i);
        html! {
            <span class={classes!("slot", value.is_some().then_some("full"))}>
                { value.cloned().unwrap_or_default() }
            </span>
        }
    });
    html! {
        <li class={classes!("channel", channel.closed.then_some("closed"), (!through.is_empty()).then_some("handoff"))}
            data-channel={channel.id.to_string()}>
            <div class="channel-head">
                <strong>
                    if let Some(name) = &channel.name {
                        <code>{ name }</code>
                    } else {
                        { format!("chan #{}", channel.id) }
                    }
                </strong>
                { format!(" made at line {}", channel.make_range.start.line) }
                { if channel.capacity == 0 { " · unbuffered".to_string() } else { format!(" · capacity {}", channel.capacity) } }
                if channel.closed { <span class="badge channel-closed">{ "closed" }</span> }
            </div>
            if channel.capacity > 0 {
                <div class="slots">{ for slots }</div>
            }
            if !through.is_empty() {
                <div class="channel-handoff">{ format!("hand-off: {}", through.join(", ")) }</div>
            }
            <div class="channel-waiting">
                <span>{ format!("senders waiting: {}", goroutine_list(&channel.senders)) }</span>
                <span>{ format!("receivers waiting: {}", goroutine_list(&channel.receivers)) }</span>
            </div>
        </li>
    }
}

fn lock_view(timeline: &Timeline, lock: &LockState) -> Html {
    let named = timeline.object(lock.id);
    html! {
        <li class="lock" data-lock={lock.id.to_string()}>
            <strong>
                if let Some(named) = named {
                    <code>{ &named.name }</code>
                } else {
                    { format!("lock #{}", lock.id) }
                }
            </strong>
            if let Some(line) = named.and_then(|n| n.declared_line) {
                { format!(" declared at line {line} ·") }
            }
            { if lock.locked { " locked" } else { " unlocked" } }
            { if lock.readers > 0 { format!(" · {} readers", lock.readers) } else { String::new() } }
            { format!(" · waiting: {}", goroutine_list(&lock.waiters)) }
        </li>
    }
}
