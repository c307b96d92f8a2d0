//! What the timeline shows at one step of a witness, computed without a DOM:
//! the goroutine lanes with their status words and colours, and the step as
//! an SVG image for slides. The page renders the same [`Lane`]s as HTML, so
//! the picture and the page never disagree.

use crate::protocol::{GoroutineState, Timeline, TimelineStep};
use std::fmt::Write;

/// How many lane colours there are (`lane-0` … `lane-7` in the page's CSS,
/// [`LANE_COLORS`] in the SVG).
pub const LANE_COLORS: [&str; 8] = [
    "#2563eb", "#c026d3", "#059669", "#d97706", "#7c3aed", "#0891b2", "#be123c", "#4d7c0f",
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
    let mut seen = std::collections::BTreeMap::new();
    for s in &timeline.steps {
        for g in &s.goroutines {
            seen.entry(g.id)
                .or_insert((g.function, g.go_range.map(|r| r.start.line)));
        }
    }
    let ids: Vec<(u32, u32, Option<u32>)> = seen
        .into_iter()
        .map(|(id, (function, line))| (id, function, line))
        .collect();
    let current = timeline.steps.get(step);
    let last = step + 1 == timeline.steps.len();
    ids.iter()
        .enumerate()
        .map(|(index, &(id, function, started_at))| {
            let state = current.and_then(|s| s.goroutines.iter().find(|g| g.id == id));
            let (status, status_text) = match state {
                None => ("not-started", "not started yet".to_string()),
                Some(g) => status_of(g, leak && last),
            };
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

fn status_of(g: &GoroutineState, leaked_if_blocked: bool) -> (&'static str, String) {
    let reason = g.reason.clone().unwrap_or_default();
    match g.status.as_str() {
        "blocked" if leaked_if_blocked => {
            ("leaked", format!("leaked: blocked on {reason} forever"))
        }
        "blocked" => ("blocked", format!("blocked on {reason}")),
        "running" => ("running", "running".into()),
        "runnable" => ("runnable", "runnable".into()),
        "sleeping" => ("sleeping", "sleeping".into()),
        "done" => ("done", "done".into()),
        "panicked" => ("panicked", "panicked".into()),
        _ => ("unknown", g.status.clone()),
    }
}

/// The steps at which some goroutine becomes blocked (for the scrubber's marks).
pub fn blocking_steps(timeline: &Timeline) -> Vec<usize> {
    let blocked_ids = |s: &TimelineStep| -> std::collections::HashSet<u32> {
        s.goroutines
            .iter()
            .filter(|g| g.status == "blocked")
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
        "running" => "#16a34a",
        "runnable" => "#65a30d",
        "blocked" => "#d97706",
        "sleeping" => "#0284c7",
        "done" => "#9ca3af",
        "leaked" | "panicked" => "#dc2626",
        _ => "#e5e7eb",
    }
}

/// The step as a standalone SVG document: a title line with the step's
/// sentence and the clock, then one lane per goroutine (a coloured `<rect>`
/// and `<text>` labels), then the channels.
pub fn step_svg(timeline: &Timeline, step: usize, leak: bool) -> String {
    let lanes = lanes(timeline, step, leak);
    let current = timeline.steps.get(step);
    let channels = current.map_or(0, |s| s.channels.len());
    let width = 760;
    let lane_h = 34;
    let top = 58;
    let height = top + lanes.len() * lane_h + 16 + channels * 26 + 12;
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
    for (i, lane) in lanes.iter().enumerate() {
        let y = top + i * lane_h;
        let color = LANE_COLORS[lane.color];
        let label = match lane.started_at {
            Some(line) => format!("g{} {} (go at line {line})", lane.id, lane.function),
            None => format!("g{} {}", lane.id, lane.function),
        };
        let _ = write!(
            svg,
            r##"<g class="lane" data-goroutine="{id}"><rect x="8" y="{y}" width="6" height="{h}" fill="{color}"/><rect class="lane-status {status}" x="300" y="{y}" width="{w}" height="{h}" rx="4" fill="{fill}"/><text x="22" y="{ty}" fill="#111827">{label}</text><text x="310" y="{ty}" fill="#111827">{text}</text></g>"##,
            id = lane.id,
            h = lane_h - 6,
            w = width - 312,
            status = lane.status,
            fill = status_fill(lane.status),
            ty = y + 19,
            label = escape(&label),
            text = escape(&match lane.line {
                Some(line) => format!("{} · line {line}", lane.status_text),
                None => lane.status_text.clone(),
            }),
        );
    }
    if let Some(current) = current {
        let y0 = top + lanes.len() * lane_h + 16;
        for (i, c) in current.channels.iter().enumerate() {
            let y = y0 + i * 26;
            let waiting = |ids: &[u32]| {
                ids.iter()
                    .map(|g| format!("g{g}"))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let text = format!(
                "chan (make at line {}) cap {} [{}]{} senders: {} receivers: {}",
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
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    fn goroutine(id: u32, status: &str, reason: Option<&str>) -> GoroutineState {
        GoroutineState {
            id,
            function: id - 1,
            go_range: None,
            status: status.into(),
            reason: reason.map(str::to_string),
            range: TextRange::default(),
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
        };
        Timeline {
            schedule: vec![],
            functions: vec!["main".into(), "main.func1".into()],
            output: String::new(),
            steps: vec![
                step(vec![goroutine(1, "running", None)]),
                step(vec![
                    goroutine(1, "done", None),
                    goroutine(2, "blocked", Some("chan send")),
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
    }
}
