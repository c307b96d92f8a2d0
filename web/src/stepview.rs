//! What the timeline shows at one step of a witness, computed without a DOM:
//! the goroutine lanes with their status words and colours, the hand-offs
//! between them, where a leaking run and a clean run of the same program
//! part, and the step as an SVG image for slides. The page renders the same
//! [`Lane`]s and [`HandoffView`]s as HTML, so the picture and the page never
//! disagree.

use crate::protocol::{
    FindingKind, GoStatus, GoroutineState, Handoff, HandoffKind, Timeline, TimelineStep,
};
use std::fmt::Write;

/// How many lane colours there are (`lane-0` … `lane-7` in the page's CSS,
/// [`LANE_COLORS`] in the SVG).
pub const LANE_COLORS: [&str; 8] = [
    "#2563eb", "#a21caf", "#047857", "#b45309", "#7c3aed", "#0e7490", "#be123c", "#4d7c0f",
];

/// One goroutine's row at the current step.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub id: u32,
    /// The function it runs.
    pub function: String,
    /// Line of the `go` statement that started it (none for the entry).
    pub started_at: Option<u32>,
    /// `running`, `runnable`, `blocked`, `sleeping`, `done`, `panicked`,
    /// `leaked`, or `not-started` (it exists only at later steps).
    pub status: &'static str,
    /// The status in words: "blocked: chan send", "leaked: chan send", ...
    pub status_text: String,
    /// Where it is (1-based line), when it exists at this step.
    pub line: Option<u32>,
    /// Colour index (into [`LANE_COLORS`]).
    pub color: usize,
    /// Its snapshot at this step.
    pub state: Option<GoroutineState>,
}

/// Every goroutine that exists at some step, in order of id, with its state
/// at `step`. `leak`: the witness ends in a leak, so goroutines still blocked
/// at the last step are named `leaked` there.
pub fn lanes(timeline: &Timeline, step: usize, leak: bool) -> Vec<Lane> {
    // Linear in the witness's size: a few hundred steps of a hundred
    // goroutines are rendered at every step of the animation.
    // Kept sorted by id with a binary search per goroutine: a BTreeMap here
    // linked B-tree insertion code into the page (1.5 KB gzip).
    let mut ids: Vec<(u32, u32, Option<u32>)> = Vec::new();
    for s in &timeline.steps {
        for g in &s.goroutines {
            if let Err(at) = ids.binary_search_by_key(&g.id, |e| e.0) {
                ids.insert(at, (g.id, g.function, g.go_range.map(|r| r.start.line)));
            }
        }
    }
    let current = timeline.steps.get(step);
    let last = step + 1 == timeline.steps.len();
    let waits = current.map(waits_of).unwrap_or_default();
    // The step's goroutines by id, looked up by binary search: a search
    // through the list for each of 10,000 lanes was quadratic.
    let mut at_step: Vec<&GoroutineState> = current
        .map(|s| s.goroutines.iter().collect())
        .unwrap_or_default();
    at_step.sort_by_key(|g| g.id);
    ids.iter()
        .enumerate()
        .map(|(index, &(id, function, started_at))| {
            let state = at_step
                .binary_search_by_key(&id, |g| g.id)
                .ok()
                .map(|i| at_step[i]);
            let (status, mut status_text) = match state {
                None => ("not-started", "not started yet".to_string()),
                Some(g) => status_of(g, leak && last),
            };
            // The channel it waits on, named as the code names it.
            // The mutex, WaitGroup or cond it waits on, likewise.
            if let Some(name) = state
                .filter(|g| g.status == GoStatus::Blocked)
                .and_then(|g| waited_channel(current?, &waits, g.id).or(g.waits_on.as_deref()))
            {
                status_text = match status_text.strip_suffix(" forever") {
                    Some(head) => format!("{head} (`{name}`) forever"),
                    None => format!("{status_text} (`{name}`)"),
                };
            }
            Lane {
                id,
                function: timeline
                    .functions
                    .get(function as usize)
                    .cloned()
                    .unwrap_or_else(|| format!("goroutine {id}")),
                started_at,
                status,
                status_text,
                line: state.map(|g| g.range.start.line),
                color: index % LANE_COLORS.len(),
                state: state.cloned(),
            }
        })
        .collect()
}

/// Who waits on which channel at `step`: (goroutine, index of the channel)
/// for every sender and receiver, sorted. Built once per step: ten thousand
/// senders on one channel made a per-goroutine search quadratic.
fn waits_of(step: &TimelineStep) -> Vec<(u32, usize)> {
    let mut waits: Vec<(u32, usize)> = step
        .channels
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.senders.iter().chain(&c.receivers).map(move |&g| (g, i)))
        .collect();
    waits.sort_unstable();
    waits.dedup();
    waits
}

/// The name of the channel goroutine `id` waits on at `step` (as a sender or
/// a receiver), when the code names it and it is the only one.
fn waited_channel<'s>(step: &'s TimelineStep, waits: &[(u32, usize)], id: u32) -> Option<&'s str> {
    let from = waits.partition_point(|&(g, _)| g < id);
    match waits.get(from..)? {
        [(g, channel), rest @ ..]
            if *g == id && rest.first().is_none_or(|(next, _)| *next != id) =>
        {
            step.channels.get(*channel)?.name.as_deref()
        }
        _ => None,
    }
}

/// Lanes shown as one row: goroutines that run the same function, started
/// by the same `go` statement, and are in the same state at the same line
/// ("g3–g12 (10×) blocked on chan send (`results`)").
#[derive(Clone, Debug, PartialEq)]
pub struct LaneGroup {
    /// Indices into the lanes, in order; one for a lane on its own.
    pub members: Vec<usize>,
}

impl LaneGroup {
    /// "g3–g12" for consecutive ids, "g3, g5, g9" otherwise, "g3" alone.
    pub fn label(&self, lanes: &[Lane]) -> String {
        let ids: Vec<u32> = self.members.iter().map(|&i| lanes[i].id).collect();
        match ids.as_slice() {
            [] => String::new(),
            [one] => format!("g{one}"),
            [first, .., last] if ids.windows(2).all(|w| w[1] == w[0] + 1) => {
                format!("g{first}–g{last}")
            }
            _ => ids
                .iter()
                .map(|g| format!("g{g}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// At least this many alike goroutines make a group.
pub const MIN_GROUP: usize = 3;

/// The rows of the lanes: alike goroutines ([`LaneGroup`]) side by side in
/// the list share one row when there are at least [`MIN_GROUP`] of them; a
/// goroutine in `keep_alone` (the page passes those in a hand-off) in this step keeps a row
/// of its own, so its arrow and highlight stay its own.
pub fn group_lanes(lanes: &[Lane], keep_alone: &[u32]) -> Vec<LaneGroup> {
    let key = |l: &Lane| {
        (
            l.function.clone(),
            l.started_at,
            l.status,
            l.status_text.clone(),
            l.line,
        )
    };
    let mut groups: Vec<LaneGroup> = Vec::new();
    let mut i = 0;
    while i < lanes.len() {
        let alone = |l: &Lane| l.started_at.is_none() || keep_alone.contains(&l.id);
        let mut j = i + 1;
        if !alone(&lanes[i]) {
            while j < lanes.len() && !alone(&lanes[j]) && key(&lanes[j]) == key(&lanes[i]) {
                j += 1;
            }
        }
        if j - i >= MIN_GROUP {
            groups.push(LaneGroup {
                members: (i..j).collect(),
            });
        } else {
            groups.extend((i..j).map(|k| LaneGroup { members: vec![k] }));
        }
        i = j;
    }
    groups
}

fn status_of(g: &GoroutineState, leaked_if_blocked: bool) -> (&'static str, String) {
    let reason = g.reason.clone().unwrap_or_default();
    match g.status {
        GoStatus::Blocked if leaked_if_blocked => {
            ("leaked", format!("leaked: blocked on {reason} forever"))
        }
        GoStatus::Blocked => ("blocked", format!("blocked on {reason}")),
        GoStatus::Running => ("running", "running".into()),
        GoStatus::Runnable => ("runnable", "runnable".into()),
        GoStatus::Sleeping => (
            "sleeping",
            match g.wake_ns {
                Some(ns) => format!("sleeping until {}", clock_text(ns)),
                None => "sleeping".into(),
            },
        ),
        GoStatus::Done => ("done", "done".into()),
        GoStatus::Panicked => ("panicked", "panicked".into()),
    }
}

/// The steps at which some goroutine becomes blocked (for the scrubber's marks).
pub fn blocking_steps(timeline: &Timeline) -> Vec<usize> {
    let blocked_ids = |s: &TimelineStep| -> std::collections::HashSet<u32> {
        s.goroutines
            .iter()
            .filter(|g| g.status == GoStatus::Blocked)
            .map(|g| g.id)
            .collect()
    };
    let mut previous = std::collections::HashSet::new();
    let mut marks = Vec::new();
    for (i, step) in timeline.steps.iter().enumerate() {
        let now = blocked_ids(step);
        if now.iter().any(|id| !previous.contains(id)) {
            marks.push(i);
        }
        previous = now;
    }
    marks
}

/// At most this many arrow columns beside the lanes; further hand-offs of a
/// step share the last column (a close that wakes a hundred receivers is one
/// column anyway: same sender, same object).
pub const MAX_HANDOFF_COLUMNS: usize = 6;

/// One hand-off of the current step, ready to draw and to say.
#[derive(Clone, Debug, PartialEq)]
pub struct HandoffView {
    pub handoff: Handoff,
    /// Index into the lanes of the goroutine that acted (none: the runtime,
    /// drawn from the top edge).
    pub from_lane: Option<usize>,
    pub to_lane: Option<usize>,
    /// Which arrow column beside the lanes it takes.
    pub column: usize,
    /// The sender's lane colour (none: the runtime).
    pub color: Option<usize>,
    /// "chan #4 (made at line 9)", "mutex #6", "WaitGroup #7".
    pub object: String,
    /// What happened, in a sentence: "g1 hands a value to g2 through chan #4 (made at line 9)".
    pub sentence: String,
}

/// The hand-offs of `step`, placed against `lanes` (from [`lanes`] for the same step).
pub fn handoffs(timeline: &Timeline, step: usize, lanes: &[Lane]) -> Vec<HandoffView> {
    let Some(current) = timeline.steps.get(step) else {
        return Vec::new();
    };
    let lane_of = |id: u32| lanes.iter().position(|l| l.id == id);
    let mut columns: Vec<(u32, u32, HandoffKind)> = Vec::new();
    current
        .handoffs
        .iter()
        .map(|h| {
            let key = (h.from, h.object, h.kind);
            let column = match columns.iter().position(|c| *c == key) {
                Some(c) => c,
                None => {
                    columns.push(key);
                    columns.len() - 1
                }
            }
            .min(MAX_HANDOFF_COLUMNS - 1);
            let object = object_name(timeline, current, h);
            let from_lane = (h.from != 0).then(|| lane_of(h.from)).flatten();
            HandoffView {
                handoff: h.clone(),
                from_lane,
                to_lane: lane_of(h.to),
                column,
                color: from_lane.map(|i| lanes[i].color),
                sentence: handoff_sentence(h, &object),
                object,
            }
        })
        .collect()
}

/// How many arrow columns the busiest step of the run needs (0: no hand-off
/// at all), so the lanes keep one indentation while the run plays.
pub fn handoff_columns(timeline: &Timeline) -> usize {
    timeline
        .steps
        .iter()
        .map(|s| {
            let mut keys: Vec<(u32, u32, HandoffKind)> = Vec::new();
            for h in &s.handoffs {
                let key = (h.from, h.object, h.kind);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            keys.len().min(MAX_HANDOFF_COLUMNS)
        })
        .max()
        .unwrap_or(0)
}

fn object_name(timeline: &Timeline, step: &TimelineStep, h: &Handoff) -> String {
    if let Some(c) = step.channels.iter().find(|c| c.id == h.object) {
        return channel_name(c);
    }
    if let Some(named) = timeline.object(h.object) {
        return object_label(named);
    }
    match h.kind {
        HandoffKind::Unlock => format!("mutex #{}", h.object),
        HandoffKind::Done => format!("WaitGroup #{}", h.object),
        HandoffKind::Signal => format!("cond #{}", h.object),
        // Channels the runtime owns (time.After, a context's Done) are not
        // drawn as boxes.
        _ if h.from == 0 => "a timer's channel".to_string(),
        _ => format!("chan #{}", h.object),
    }
}

/// A mutex, WaitGroup or cond as the page names it: "`s.mu` (declared at
/// line 7)", or "`s.mu`" when the file does not declare it.
pub fn object_label(object: &crate::protocol::NamedObject) -> String {
    match object.declared_line {
        Some(line) => format!("`{}` (declared at line {line})", object.name),
        None => format!("`{}`", object.name),
    }
}

/// A channel as the page names it: "`results` (made at line 9)", or
/// "chan #4 (made at line 9)" when the code gives it no name.
pub fn channel_name(c: &crate::protocol::ChannelState) -> String {
    match &c.name {
        Some(name) => format!("`{name}` (made at line {})", c.make_range.start.line),
        None => format!("chan #{} (made at line {})", c.id, c.make_range.start.line),
    }
}

fn handoff_sentence(h: &Handoff, object: &str) -> String {
    let from = match h.from {
        0 => "the runtime".to_string(),
        g => format!("g{g}"),
    };
    let to = h.to;
    match h.kind {
        HandoffKind::Send => format!("{from} hands a value to g{to} through {object}"),
        HandoffKind::Receive => {
            format!("{from} takes g{to}'s value from {object}, so g{to}'s send completes")
        }
        HandoffKind::Close => format!("{from} closes {object}, which wakes g{to}"),
        HandoffKind::Unlock => format!("{from} unlocks {object} and hands it to g{to}"),
        HandoffKind::Done => format!("{from} brings {object} to zero, which releases g{to}"),
        HandoffKind::Signal => format!("{from} signals {object}, which wakes g{to}"),
    }
}

/// "Leaks in 1 of 2 explored runs": in how many of the explored runs that
/// ended this finding happened. `verb` says how (`Leaks`, `Deadlocks`...).
pub fn runs_text(verb: &str, with: u32, total: u32) -> String {
    let runs = if total == 1 { "run" } else { "runs" };
    format!("{verb} in {with} of {total} explored {runs}")
}

/// The verb of [`runs_text`] for a finding's kind.
pub fn runs_verb(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Leak | FindingKind::BlockedAtExit => "Leaks",
        FindingKind::Deadlock => "Deadlocks",
        FindingKind::Panic => "Panics",
        FindingKind::Livelock => "Spins forever",
        FindingKind::ResourceLeak => "Leaks a resource",
    }
}

/// The first step at which two runs of the same program differ: the acting
/// goroutine or what it did. When one run is the other's beginning, they
/// part where the shorter one ends; identical runs never part.
pub fn parting_step(a: &Timeline, b: &Timeline) -> Option<usize> {
    let common = a.steps.len().min(b.steps.len());
    (0..common)
        .find(|&i| a.steps[i].actor != b.steps[i].actor || a.steps[i].event != b.steps[i].event)
        .or_else(|| (a.steps.len() != b.steps.len()).then_some(common))
}

fn actor_name(timeline: &Timeline, step: &TimelineStep) -> String {
    if step.actor == 0 {
        return "the runtime".to_string();
    }
    let function = step
        .goroutines
        .iter()
        .find(|g| g.id == step.actor)
        .and_then(|g| timeline.functions.get(g.function as usize));
    match function {
        Some(f) => format!("g{} ({f})", step.actor),
        None => format!("g{}", step.actor),
    }
}

/// Where the shown run and the other part, in words: "The runs part at
/// step 2. Here g1 (main) goes before g2 (main.func1): g1 takes the select's
/// default case. In the clean run g2 goes first: g2 blocks sending …".
/// `other_name` names the other run ("clean", "leaking").
pub fn parting_sentence(shown: &Timeline, other: &Timeline, at: usize, other_name: &str) -> String {
    let head = format!("The runs part at step {}.", at + 1);
    match (shown.steps.get(at), other.steps.get(at)) {
        (Some(here), Some(there)) if here.actor != there.actor => format!(
            "{head} Here {} goes before {}: {}. In the {other_name} run {} goes first: {}.",
            actor_name(shown, here),
            actor_name(other, there),
            sentence_body(&here.event),
            actor_name(other, there),
            sentence_body(&there.event),
        ),
        (Some(here), Some(there)) => format!(
            "{head} Here {}: {}. In the {other_name} run: {}.",
            actor_name(shown, here),
            sentence_body(&here.event),
            sentence_body(&there.event),
        ),
        (Some(here), None) => format!(
            "{head} The {other_name} run has ended; here {} goes on: {}.",
            actor_name(shown, here),
            sentence_body(&here.event),
        ),
        (None, Some(there)) => format!(
            "{head} This run has ended; the {other_name} run goes on with {}: {}.",
            actor_name(other, there),
            sentence_body(&there.event),
        ),
        (None, None) => head,
    }
}

/// An event without its closing full stop, to sit inside a sentence.
fn sentence_body(event: &str) -> &str {
    let event = event.trim().trim_end_matches('.');
    if event.is_empty() {
        "nothing visible happens"
    } else {
        event
    }
}

/// The virtual clock in words: `0s`, `1.5ms`, `2s`. Integer arithmetic
/// only: formatting floats would link the float printer into the page.
pub fn clock_text(ns: i64) -> String {
    let magnitude = ns.unsigned_abs();
    let (divisor, unit) = match magnitude {
        n if n >= 1_000_000_000 => (1_000_000, "s"),
        n if n >= 1_000_000 => (1_000, "ms"),
        n if n >= 1_000 => (1, "µs"),
        _ => return format!("{ns}ns"),
    };
    // Thousandths of the unit, rounded half away from zero.
    let thousandths = (magnitude + divisor / 2) / divisor;
    let sign = if ns < 0 { "-" } else { "" };
    format!("{sign}{}{unit}", decimal(thousandths, 3))
}

/// `value / 10^digits` as a decimal without trailing zeros: `1500, 3` is `1.5`.
fn decimal(value: u64, digits: u32) -> String {
    let scale = 10u64.pow(digits);
    let (whole, fraction) = (value / scale, value % scale);
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:0width$}", width = digits as usize);
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// The middle of lane `index` of `count` equal lanes, in percent of their
/// height with up to three decimals (`50`, `16.667`): integers only, like
/// [`clock_text`].
pub fn lane_middle_percent(index: usize, count: usize) -> String {
    let count = count.max(1) as u64;
    let thousandths = ((2 * index as u64 + 1) * 50_000 + count / 2) / count;
    decimal(thousandths, 3)
}

/// Where step `index` of `count` sits on the scrubber, in percent with up to
/// three decimals (`0`, `33.333`, `100`).
pub fn position_percent(index: usize, count: usize) -> String {
    if count <= 1 {
        return "0".to_string();
    }
    let span = (count - 1) as u64;
    let thousandths = (index as u64 * 100_000 + span / 2) / span;
    decimal(thousandths, 3)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn status_fill(status: &str) -> &'static str {
    match status {
        "running" => "#15803d",
        "runnable" => "#4d7c0f",
        "blocked" => "#b45309",
        "sleeping" => "#0369a1",
        "done" => "#6b7280",
        "leaked" | "panicked" => "#b91c1c",
        _ => "#e5e7eb",
    }
}

/// The step as a standalone SVG document: a title line with the step's
/// sentence and the clock, then one lane per goroutine (a coloured `<rect>`
/// and `<text>` labels) with the step's hand-offs as arrows in a gutter on
/// their left, then the channels and the hand-offs in words.
pub fn step_svg(timeline: &Timeline, step: usize, leak: bool) -> String {
    let lanes = lanes(timeline, step, leak);
    let arrows = handoffs(timeline, step, &lanes);
    let current = timeline.steps.get(step);
    let channels = current.map_or(0, |s| s.channels.len());
    let width = 760;
    let lane_h = 34;
    let top = 58;
    let gutter = match handoff_columns(timeline) {
        0 => 0,
        n => 14 + 12 * n,
    };
    let left = 8 + gutter;
    let lanes_end = top + lanes.len() * lane_h;
    let channels_top = lanes_end + 16;
    let words_top = channels_top + channels * 26 + 6;
    let height = words_top + arrows.len() * 18 + 12;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">"#
    );
    let _ = write!(
        svg,
        r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let title = format!(
        "Step {} of {} · clock {}",
        step + 1,
        timeline.steps.len(),
        clock_text(current.map_or(0, |s| s.clock_ns))
    );
    let _ = write!(
        svg,
        r##"<text x="12" y="22" font-weight="bold" fill="#111827">{}</text>"##,
        escape(&title)
    );
    let _ = write!(
        svg,
        r##"<text x="12" y="42" fill="#374151">{}</text>"##,
        escape(current.map_or("", |s| s.event.as_str()))
    );
    let status_x = left + 292;
    for (i, lane) in lanes.iter().enumerate() {
        let y = top + i * lane_h;
        let color = LANE_COLORS[lane.color];
        let label = match lane.started_at {
            Some(line) => format!("g{} {} (go at line {line})", lane.id, lane.function),
            None => format!("g{} {}", lane.id, lane.function),
        };
        let _ = write!(
            svg,
            r##"<g class="lane" data-goroutine="{id}"><rect x="{left}" y="{y}" width="6" height="{h}" fill="{color}"/><rect class="lane-status {status}" x="{status_x}" y="{y}" width="{w}" height="{h}" rx="4" fill="{fill}"/><text x="{lx}" y="{ty}" fill="#111827">{label}</text><text x="{tx}" y="{ty}" fill="#111827">{text}</text></g>"##,
            id = lane.id,
            h = lane_h - 6,
            w = width - status_x - 12,
            lx = left + 14,
            tx = status_x + 10,
            status = lane.status,
            fill = status_fill(lane.status),
            ty = y + 19,
            label = escape(&label),
            text = escape(&match lane.line {
                Some(line) => format!("{} · line {line}", lane.status_text.replace('`', "")),
                None => lane.status_text.replace('`', ""),
            }),
        );
    }
    // An arrow leaves the sender's lane, runs down (or up) its column and
    // enters the woken lane; the runtime's arrows come from the top.
    let centre = |lane: usize| top + lane * lane_h + (lane_h - 6) / 2;
    for a in &arrows {
        let Some(to) = a.to_lane else { continue };
        let x = 8 + 8 + a.column * 12;
        let y1 = a.from_lane.map_or(top - 6, centre);
        let y2 = centre(to);
        let stroke = a.color.map_or("#6b7280", |c| LANE_COLORS[c]);
        let _ = write!(
            svg,
            r##"<g class="handoff" data-from="{from}" data-to="{to_id}"><title>{title}</title><path d="M{left},{y1} H{x} V{y2} H{end}" fill="none" stroke="{stroke}" stroke-width="2"/><path d="M{tip},{y2} l-7,-4 v8 z" fill="{stroke}"/></g>"##,
            from = a.handoff.from,
            to_id = a.handoff.to,
            title = escape(&a.sentence.replace('`', "")),
            end = left - 6,
            tip = left,
        );
    }
    if let Some(current) = current {
        for (i, c) in current.channels.iter().enumerate() {
            let y = channels_top + i * 26;
            let waiting = |ids: &[u32]| {
                ids.iter()
                    .map(|g| format!("g{g}"))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let text = format!(
                "chan {}(make at line {}) cap {} [{}]{} senders: {} receivers: {}",
                c.name
                    .as_deref()
                    .map(|n| format!("{n} "))
                    .unwrap_or_default(),
                c.make_range.start.line,
                c.capacity,
                c.buffer.join(", "),
                if c.closed { " closed" } else { "" },
                waiting(&c.senders),
                waiting(&c.receivers)
            );
            let _ = write!(
                svg,
                r##"<g class="channel"><rect x="8" y="{y}" width="{w}" height="22" rx="3" fill="none" stroke="#0369a1"/><text x="16" y="{ty}" fill="#0c4a6e">{}</text></g>"##,
                escape(&text),
                w = width - 16,
                ty = y + 15,
            );
        }
    }
    for (i, a) in arrows.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<text class="handoff-text" x="12" y="{y}" fill="#374151">→ {}</text>"##,
            escape(&a.sentence.replace('`', "")),
            y = words_top + i * 18 + 13,
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    fn goroutine(id: u32, status: GoStatus, reason: Option<&str>) -> GoroutineState {
        GoroutineState {
            id,
            function: id - 1,
            go_range: None,
            status,
            reason: reason.map(str::to_string),
            range: TextRange::default(),
            wake_ns: None,
            waits_on: None,
        }
    }

    fn timeline() -> Timeline {
        let step = |gs: Vec<GoroutineState>| TimelineStep {
            actor: 1,
            event: "g1 <starts> & \"more\"".into(),
            range: None,
            clock_ns: 1_500_000,
            goroutines: gs,
            channels: vec![],
            locks: vec![],
            output_len: 0,
            handoffs: vec![],
        };
        Timeline {
            schedule: vec![],
            functions: vec!["main".into(), "main.func1".into()],
            output: String::new(),
            objects: vec![],
            steps: vec![
                step(vec![goroutine(1, GoStatus::Running, None)]),
                step(vec![
                    goroutine(1, GoStatus::Done, None),
                    goroutine(2, GoStatus::Blocked, Some("chan send")),
                ]),
            ],
        }
    }

    #[test]
    fn the_last_blocked_goroutine_of_a_leak_is_leaked() {
        let t = timeline();
        let first = lanes(&t, 0, true);
        assert_eq!(first.len(), 2);
        assert_eq!(first[1].status, "not-started");
        let last = lanes(&t, 1, true);
        assert_eq!(last[1].status, "leaked");
        assert!(last[1].status_text.contains("chan send"));
        assert_eq!(lanes(&t, 1, false)[1].status, "blocked");
        assert_eq!(blocking_steps(&t), vec![1]);
    }

    #[test]
    fn the_svg_escapes_text_and_has_a_lane_per_goroutine() {
        let svg = step_svg(&timeline(), 1, true);
        assert!(svg.starts_with("<svg xmlns="));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches(r#"class="lane""#).count(), 2);
        assert!(svg.contains("&lt;starts&gt; &amp; &quot;more&quot;"));
        assert_eq!(clock_text(1_500_000), "1.5ms");
        assert_eq!(clock_text(0), "0ns");
    }

    /// The analysis the page gets for `source`.
    fn analyzed(source: &str) -> crate::protocol::EditorAnalysis {
        crate::analyze_for_editor(source, &crate::protocol::AnalysisOptions::default())
    }

    const SCHEDULE_DEPENDENT: &str =
        include_str!("../../crate/testdata/engine/schedule_dependent.go");

    #[test]
    fn a_schedule_dependent_leak_and_its_clean_run_part_where_the_sender_goes_first() {
        let analysis = analyzed(SCHEDULE_DEPENDENT);
        let finding = &analysis.findings[0];
        let entry = &analysis.entries[0];
        assert_eq!(
            (entry.search.faulty_schedules, entry.search.clean_schedules),
            (1, 1)
        );
        assert_eq!(
            runs_text(runs_verb(finding.kind), finding.runs, 2),
            "Leaks in 1 of 2 explored runs"
        );
        let clean = entry.clean_timeline.as_ref().expect("a clean run");
        let at = parting_step(&finding.witness, clean).expect("the runs differ");
        // Both start g2; then main takes the default in the leaking run,
        // while in the clean run g2 reaches its send first.
        assert_eq!(at, 1);
        assert_eq!(finding.witness.steps[0].event, clean.steps[0].event);
        let sentence = parting_sentence(&finding.witness, clean, at, "clean");
        assert!(
            sentence.starts_with("The runs part at step 2. Here g1 (main) goes before g2 (main.func1): g1 takes the select's default case"),
            "{sentence}"
        );
        assert!(
            sentence.contains("In the clean run g2 (main.func1) goes first: g2 blocks sending"),
            "{sentence}"
        );
        assert_eq!(parting_step(clean, clean), None);
    }

    #[test]
    fn hand_offs_are_placed_on_lanes_and_said_in_words() {
        let source = "package main\n\nimport \"time\"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() {\n\t\ttime.Sleep(1500 * time.Millisecond)\n\t\tch <- 1\n\t}()\n\t<-ch\n\tgo func() { ch <- 2 }()\n}\n";
        let analysis = analyzed(source);
        let timeline = &analysis.findings[0].witness;
        let (index, step) = timeline
            .steps
            .iter()
            .enumerate()
            .find(|(_, s)| !s.handoffs.is_empty())
            .expect("a step with a hand-off");
        let lanes = lanes(timeline, index, false);
        let views = handoffs(timeline, index, &lanes);
        assert_eq!(views.len(), 1);
        let view = &views[0];
        assert_eq!((view.handoff.from, view.handoff.to), (2, 1));
        assert_eq!(view.handoff.kind, HandoffKind::Send);
        assert_eq!((view.from_lane, view.to_lane), (Some(1), Some(0)));
        assert_eq!(view.color, Some(lanes[1].color));
        // The channel is named as the code names it.
        assert_eq!(step.channels[0].name.as_deref(), Some("ch"));
        assert_eq!(
            view.sentence,
            "g2 hands a value to g1 through `ch` (made at line 6)"
        );
        assert_eq!(handoff_columns(timeline), 1);
        // Before that the sender sleeps, until 1.5 s on the virtual clock.
        let sleeping = (0..index)
            .flat_map(|i| lanes_at(timeline, i))
            .find(|l| l.status == "sleeping")
            .expect("g2 sleeps");
        assert_eq!(sleeping.status_text, "sleeping until 1.5s");
        // The SVG draws the arrow and says it.
        let svg = step_svg(timeline, index, false);
        assert_eq!(svg.matches(r#"class="handoff""#).count(), 1);
        assert!(svg.contains(&escape(&view.sentence.replace('`', ""))));
    }

    #[test]
    fn a_channel_without_a_name_keeps_its_number() {
        let mut channel = crate::protocol::ChannelState {
            id: 7,
            name: None,
            make_range: TextRange::default(),
            capacity: 0,
            buffer: Vec::new(),
            closed: false,
            senders: Vec::new(),
            receivers: Vec::new(),
        };
        assert_eq!(channel_name(&channel), "chan #7 (made at line 0)");
        channel.name = Some("results".into());
        assert_eq!(channel_name(&channel), "`results` (made at line 0)");
    }

    #[test]
    fn alike_blocked_senders_share_a_row_named_by_their_ids() {
        let source = "package main\n\nfunc main() {\n\tresults := make(chan int)\n\tfor i := 0; i < 10; i++ {\n\t\tgo func() { results <- i }()\n\t}\n\t<-results\n}\n";
        let analysis = analyzed(source);
        let timeline = &analysis.findings[0].witness;
        let last = timeline.steps.len() - 1;
        let lanes = lanes(timeline, last, true);
        assert_eq!(lanes.len(), 11);
        let leaked: Vec<&Lane> = lanes.iter().filter(|l| l.status == "leaked").collect();
        assert_eq!(leaked.len(), 9);
        // Blocked lanes say which channel, by its name.
        assert!(
            leaked
                .iter()
                .all(|l| l.status_text == "leaked: blocked on chan send (`results`) forever"),
            "{:?}",
            leaked[0].status_text
        );
        let rows = group_lanes(&lanes, &[]);
        // main, the sender that got through, and the nine leaked senders
        // (alike: same function, line, state) in one row.
        let big = rows.iter().find(|r| r.members.len() > 1).expect("a group");
        assert_eq!(big.members.len(), 9);
        assert!(rows.iter().all(|r| r.members.len() == 1 || r == big));
        assert_eq!(rows.len(), lanes.len() - 8);
        let label = big.label(&lanes);
        let ids: Vec<u32> = big.members.iter().map(|&i| lanes[i].id).collect();
        if ids.windows(2).all(|w| w[1] == w[0] + 1) {
            assert_eq!(label, format!("g{}–g{}", ids[0], ids[8]));
        } else {
            assert!(label.contains(", "), "{label}");
        }
        // A goroutine kept alone (it acts, or hands off) breaks the run.
        let alone = lanes[big.members[4]].id;
        let split = group_lanes(&lanes, &[alone]);
        assert!(split.iter().any(|r| r.members == vec![big.members[4]]));
        assert!(split.iter().all(|r| r.members.len() < 9));
        // Two alike lanes are not a group.
        assert!(group_lanes(&lanes[..3], &[])
            .iter()
            .all(|r| r.members.len() == 1));
    }

    fn lanes_at(timeline: &Timeline, step: usize) -> Vec<Lane> {
        lanes(timeline, step, false)
    }

    #[test]
    fn clock_and_scrubber_texts_without_floats() {
        assert_eq!(clock_text(999), "999ns");
        assert_eq!(clock_text(1_000), "1µs");
        assert_eq!(clock_text(1_234), "1.234µs");
        assert_eq!(clock_text(2_000_000_000), "2s");
        assert_eq!(clock_text(1_250_400_000), "1.25s");
        assert_eq!(clock_text(999_999_999), "1000ms");
        assert_eq!(clock_text(-1_500_000), "-1.5ms");
        assert_eq!(position_percent(0, 1), "0");
        assert_eq!(position_percent(0, 4), "0");
        assert_eq!(position_percent(1, 4), "33.333");
        assert_eq!(position_percent(2, 4), "66.667");
        assert_eq!(position_percent(3, 4), "100");
        assert_eq!(position_percent(1, 9), "12.5");
        assert_eq!(lane_middle_percent(0, 1), "50");
        assert_eq!(lane_middle_percent(0, 3), "16.667");
        assert_eq!(lane_middle_percent(2, 3), "83.333");
        assert_eq!(lane_middle_percent(1, 4), "37.5");
    }
}
