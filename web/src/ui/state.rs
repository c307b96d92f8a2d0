//! The page's state: one reducer ([`AppState::apply`]), one `Action` enum.
//! Plain Rust, so the reducer is tested natively (`cargo test --workspace`);
//! in the browser Yew's `use_reducer` runs it through `yew::Reducible`.
//!
//! The editor's text is not in here: the editor owns it, and the page reads
//! it when it needs it (to analyze, to save, to share). What is here is the
//! document *version*, bumped by every edit, which is what the analysis,
//! autosave and permalink effects key on.

use crate::protocol::{
    AnalysisOptions, AnalysisResponse, EditorFinding, EntryInfo, RuleDoc, Timeline,
};
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn key(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn from_key(key: &str) -> Option<ThemeChoice> {
        [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark]
            .into_iter()
            .find(|t| t.key() == key)
    }

    /// The next choice for the toggle button.
    pub fn next(self) -> ThemeChoice {
        match self {
            ThemeChoice::System => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::System,
        }
    }
}

pub const MIN_FONT_SIZE: u32 = 10;
pub const MAX_FONT_SIZE: u32 = 40;
pub const DEFAULT_FONT_SIZE: u32 = 15;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Error,
    Info,
    /// The worker hung and was restarted (shown as an error; it goes away
    /// by itself with the next analysis).
    WorkerRestarted,
}

/// What the page says when the watchdog stopped an analysis.
pub fn stopped_text(after_ms: u32) -> String {
    let tenths = (after_ms + 50) / 100;
    let seconds = if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    format!("Analysis stopped after {seconds} s; the worker was restarted")
}

/// A message above the editor, until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    /// Offer to bring back the text a link replaced.
    pub offer_restore: bool,
}

/// The open diff preview of a fix: which finding, which of its fixes, for
/// which analysis (a preview belongs to the analysis it was opened on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixPreview {
    pub finding: usize,
    pub fix: usize,
    pub version: u64,
    /// Apply was asked for while the text was newer than the analysis.
    pub wait: bool,
}

/// The dialog over the page: one at a time (the confirmation to replace
/// edited text is shown over the gallery it was asked from).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Gallery,
    /// Replacing edited text with this example, asked over the gallery.
    ConfirmReplace(&'static str),
    /// The keyboard shortcuts.
    Help,
    /// A pattern's documentation page, by rule id.
    Rule(String),
}

/// What a student answered in predict mode: a goroutine (its lane) or a
/// line of the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Goroutine(u32),
    Line(u32),
}

/// Predict, then reveal: the findings are hidden and the timeline stops at
/// `pause` until the answer is revealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predict {
    /// The teacher's question; none: the page's own.
    pub question: Option<String>,
    /// The step the timeline is paused at (0-based).
    pub pause: u32,
    pub answer: Option<Answer>,
    pub revealed: bool,
}

/// The question the page asks when a link brings none.
pub const DEFAULT_QUESTION: &str = "Which goroutine is stuck, and where?";

/// The leaking run and the fixed program's run of the same schedule, played
/// side by side after a fix (or from its preview).
#[derive(Clone, Debug, PartialEq)]
pub struct Compare {
    /// The fix's title ("Buffer the channel").
    pub fix: String,
    pub rule_name: String,
    /// The finding's witness ends in a leak (its blocked goroutines are leaked).
    pub leak: bool,
    pub leaking: Timeline,
    pub fixed: Timeline,
    /// Opened by its own button, so it takes the keys; after a fix is
    /// applied the focus stays in the editor.
    pub take_focus: bool,
}

/// The link the Share button made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareLink {
    pub url: String,
    pub copied: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// Bumped by every change of the editor's text.
    pub version: u64,
    /// The newest analysis whose version was current when it arrived.
    pub analysis: Option<Rc<AnalysisResponse>>,
    /// Index into the findings list (`EditorAnalysis::items`).
    pub selected: Option<usize>,
    /// The example the text came from, for links.
    pub example: Option<String>,
    /// The animation step, carried by links for the timeline.
    pub step: Option<u32>,
    pub options: AnalysisOptions,
    pub theme: ThemeChoice,
    pub system_dark: bool,
    pub font_size: u32,
    pub notice: Option<Notice>,
    pub share: Option<ShareLink>,
    /// The dialog over the page, if one is open.
    pub overlay: Option<Overlay>,
    /// Bumped when the selection moves by keyboard, so the editor follows it.
    pub jump: u64,
    // ---- Findings, timeline and classroom (components/findings.rs, timeline.rs)
    /// The selected finding (index into `EditorAnalysis::findings`); links carry it.
    pub finding: Option<usize>,
    /// The timeline is playing.
    pub playing: bool,
    /// Presentation mode: large font, only the editor and the timeline.
    pub present: bool,
    /// Embed mode: compact and read-only.
    pub embed: bool,
    /// The watchdog stopped the analysis of this version after this many
    /// milliseconds (the worker was restarted).
    pub stopped: Option<(u64, u32)>,
    /// The fix whose diff is shown (opened from the panel, a hover or the
    /// keyboard).
    pub preview: Option<FixPreview>,
    /// The pattern catalogue's pages, from the worker.
    pub rules: Rc<Vec<RuleDoc>>,
    /// The timeline shows the entry's clean run rather than the finding's
    /// witness; links carry it.
    pub clean_run: bool,
    /// The version the person asked to search longer ("Search longer"),
    /// until the longer answer arrives.
    pub deep_asked: Option<u64>,
    /// Predict, then reveal (from a link).
    pub predict: Option<Predict>,
    /// The leaking and the fixed run, side by side.
    pub compare: Option<Rc<Compare>>,
}

/// The run the timeline shows, with what it is compared to.
pub struct ShownRun<'a> {
    pub finding: &'a EditorFinding,
    /// The finding's witness, or its entry's clean run.
    pub timeline: &'a Timeline,
    /// The clean run is the one shown.
    pub clean: bool,
    /// The entry's shortest clean run, when the finding depends on the
    /// schedule (another run of the same entry ended without one).
    pub clean_timeline: Option<&'a Timeline>,
    pub entry: Option<&'a EntryInfo>,
}

impl Default for AppState {
    fn default() -> AppState {
        AppState {
            version: 0,
            analysis: None,
            selected: None,
            example: None,
            step: None,
            options: AnalysisOptions::default(),
            theme: ThemeChoice::System,
            system_dark: false,
            font_size: DEFAULT_FONT_SIZE,
            notice: None,
            share: None,
            overlay: None,
            jump: 0,
            finding: None,
            playing: false,
            present: false,
            embed: false,
            clean_run: false,
            stopped: None,
            preview: None,
            rules: Rc::default(),
            deep_asked: None,
            predict: None,
            compare: None,
        }
    }
}

impl AppState {
    pub fn dark(&self) -> bool {
        match self.theme {
            ThemeChoice::System => self.system_dark,
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }

    /// The gallery is open (alone or under the confirmation).
    pub fn gallery_open(&self) -> bool {
        matches!(
            self.overlay,
            Some(Overlay::Gallery | Overlay::ConfirmReplace(_))
        )
    }

    /// The example waiting for the person to confirm replacing edited text.
    pub fn confirm_example(&self) -> Option<&'static str> {
        match self.overlay {
            Some(Overlay::ConfirmReplace(id)) => Some(id),
            _ => None,
        }
    }

    pub fn help_open(&self) -> bool {
        self.overlay == Some(Overlay::Help)
    }

    /// The rule whose documentation page is open.
    pub fn rule_page(&self) -> Option<&str> {
        match &self.overlay {
            Some(Overlay::Rule(id)) => Some(id),
            _ => None,
        }
    }

    /// How long the analysis of the current text ran before the watchdog
    /// stopped it, if it did.
    pub fn stopped_after(&self) -> Option<u32> {
        self.stopped
            .filter(|(version, _)| *version == self.version)
            .map(|(_, ms)| ms)
    }

    /// The open preview, if it belongs to the shown analysis.
    pub fn open_preview(&self) -> Option<FixPreview> {
        let version = self.analysis.as_ref()?.version;
        self.preview.filter(|p| p.version == version)
    }

    /// Whether the shown analysis is older than the text.
    pub fn analyzing(&self) -> bool {
        self.analysis
            .as_ref()
            .is_none_or(|a| a.version != self.version)
    }

    /// The finding the timeline shows: the selected one, else the first.
    pub fn shown_finding(&self) -> Option<&EditorFinding> {
        let findings = &self.analysis.as_ref()?.analysis.findings;
        findings.get(self.finding.unwrap_or(0))
    }

    /// The run the timeline shows: the shown finding's witness, or its
    /// entry's clean run when that is chosen and there is one.
    pub fn shown_run(&self) -> Option<ShownRun<'_>> {
        let analysis = &self.analysis.as_ref()?.analysis;
        let finding = self.shown_finding()?;
        let entry = analysis
            .entries
            .iter()
            .find(|e| e.search.name == finding.entry);
        let clean_timeline = entry
            .and_then(|e| e.clean_timeline.as_ref())
            .filter(|t| !t.steps.is_empty());
        let (timeline, clean) = match clean_timeline {
            Some(t) if self.clean_run => (t, true),
            _ => (&finding.witness, false),
        };
        Some(ShownRun {
            finding,
            timeline,
            clean,
            clean_timeline,
            entry,
        })
    }

    /// In predict mode, before the reveal: the findings are hidden and the
    /// timeline stops at the pause.
    pub fn hiding(&self) -> bool {
        self.predict.as_ref().is_some_and(|p| !p.revealed)
    }

    /// How many steps may be shown: all of the run, or up to the pause
    /// while predicting.
    pub fn step_limit(&self) -> u32 {
        let count = self.step_count();
        match &self.predict {
            Some(p) if !p.revealed => count.min(p.pause + 1),
            _ => count,
        }
    }

    /// How many steps the shown run has.
    pub fn step_count(&self) -> u32 {
        self.shown_run()
            .map_or(0, |r| r.timeline.steps.len() as u32)
    }

    fn item_count(&self) -> usize {
        self.analysis
            .as_ref()
            .map_or(0, |a| a.analysis.items().count())
    }
}

pub enum Action {
    /// The editor's text changed.
    Edited,
    /// The worker answered; dropped unless it is about the current version.
    Analyzed(Rc<AnalysisResponse>),
    /// The watchdog stopped the analysis of `version` after `after_ms` and
    /// restarted the worker.
    AnalysisStopped {
        version: u64,
        after_ms: u32,
    },
    /// New text came from an example or a link, with what else it restores.
    Loaded {
        example: Option<String>,
        selected: Option<usize>,
        step: Option<u32>,
        options: AnalysisOptions,
        /// The selected finding (from a link).
        finding: Option<usize>,
        /// Show the entry's clean run (from a link).
        clean_run: bool,
        /// Predict, then reveal, with the teacher's question (from a link).
        predict: Option<Option<String>>,
    },
    Select(Option<usize>),
    /// Moves the selection by this many places in the findings list.
    SelectNext(isize),
    SetTheme(ThemeChoice),
    SystemDark(bool),
    SetFontSize(u32),
    ShowNotice(Notice),
    DismissNotice,
    Shared(ShareLink),
    CloseShare,
    OpenGallery(bool),
    AskToReplace(&'static str),
    CancelReplace,
    ToggleHelp(bool),
    /// Selects a finding for the timeline (and resets its step).
    SelectFinding(usize),
    /// The worker sent the pattern catalogue.
    Rules(Rc<Vec<RuleDoc>>),
    /// Shows the diff of a fix (and selects its finding).
    PreviewFix {
        finding: usize,
        fix: usize,
    },
    /// Apply was asked for, but the text changed since the analysis.
    WaitToApply,
    ClosePreview,
    /// Moves the timeline to this step (`None`: not stepping).
    SetStep(Option<u32>),
    /// Moves the timeline by this many steps, clamped; stops playing at the end.
    StepBy(i64),
    Play(bool),
    SetPresent(bool),
    SetEmbed(bool),
    ShowRule(Option<String>),
    /// Shows the entry's clean run (true) or the finding's witness (false),
    /// at the same step where it has one.
    ShowCleanRun(bool),
    /// The current text is being searched again with larger bounds.
    SearchLonger,
    /// A student's answer in predict mode (ignored once revealed).
    Answer(Answer),
    /// Shows the answer: the findings, and the run to its end.
    Reveal,
    /// Leaves predict mode.
    LeavePredict,
    /// Plays the leaking and the fixed run side by side (`None`: stops).
    Compare(Option<Rc<Compare>>),
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.apply(action)
    }
}

impl AppState {
    /// The state after an action; the same `Rc` when nothing changed (an
    /// answer about an older version, stepping an empty timeline), so the
    /// page does not render again.
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edited => {
                next.version += 1;
                next.share = None;
            }
            Action::Analyzed(response) => {
                if response.version != self.version {
                    return self;
                }
                if response.deep && !response.partial {
                    next.deep_asked = None;
                }
                // The findings before their runs: the step, the pause and
                // the clean run chosen wait for the runs (the whole answer
                // right after), not clamped to empty runs.
                let partial = response.partial;
                next.analysis = Some(response);
                if next
                    .notice
                    .as_ref()
                    .is_some_and(|n| n.kind == NoticeKind::WorkerRestarted)
                {
                    next.notice = None;
                }
                let count = next.item_count();
                next.selected = next.selected.filter(|&i| i < count);
                let findings = next
                    .analysis
                    .as_ref()
                    .map_or(0, |a| a.analysis.findings.len());
                next.finding = next.finding.filter(|&i| i < findings);
                if partial {
                    return Rc::new(next);
                }
                if let Some(p) = next.predict.as_mut().filter(|p| !p.revealed) {
                    // A link's pause past the run's end pauses at its end.
                    let steps = next
                        .analysis
                        .as_ref()
                        .and_then(|a| a.analysis.findings.get(next.finding.unwrap_or(0)))
                        .map_or(0, |f| f.witness.steps.len() as u32);
                    if steps > 0 && p.pause >= steps {
                        p.pause = steps - 1;
                    }
                }
                // A clean run chosen before is kept while there still is one.
                next.clean_run = next.shown_run().is_some_and(|r| r.clean);
                if next.step.is_some_and(|s| s >= next.step_count()) {
                    next.step = next.step_count().checked_sub(1);
                }
            }
            Action::AnalysisStopped { version, after_ms } => {
                next.stopped = Some((version, after_ms));
                if version == self.version {
                    next.notice = Some(Notice {
                        kind: NoticeKind::WorkerRestarted,
                        text: format!(
                            "{}. Your code is kept; the next edit is analyzed again.",
                            stopped_text(after_ms)
                        ),
                        offer_restore: false,
                    });
                }
            }
            Action::Loaded {
                example,
                selected,
                step,
                options,
                finding,
                clean_run,
                predict,
            } => {
                next.compare = None;
                next.predict = predict.map(|question| Predict {
                    question,
                    pause: step.unwrap_or(0),
                    answer: None,
                    revealed: false,
                });
                let step = if next.predict.is_some() {
                    Some(step.unwrap_or(0))
                } else {
                    step
                };
                next.finding = finding;
                next.clean_run = clean_run;
                next.playing = false;
                next.example = example;
                next.selected = selected;
                next.step = step;
                next.options = options;
                if next.gallery_open() {
                    next.overlay = None;
                }
            }
            Action::Select(selected) => next.selected = selected,
            Action::SelectNext(delta) => {
                let count = next.item_count() as isize;
                if count > 0 {
                    let current = next
                        .selected
                        .map_or(if delta > 0 { -1 } else { 0 }, |i| i as isize);
                    next.selected = Some((current + delta).rem_euclid(count) as usize);
                    next.jump += 1;
                }
            }
            Action::SetTheme(theme) => next.theme = theme,
            Action::SystemDark(dark) => next.system_dark = dark,
            Action::SetFontSize(size) => next.font_size = size.clamp(MIN_FONT_SIZE, MAX_FONT_SIZE),
            Action::ShowNotice(notice) => next.notice = Some(notice),
            Action::DismissNotice => next.notice = None,
            Action::Shared(link) => next.share = Some(link),
            Action::CloseShare => next.share = None,
            Action::OpenGallery(open) => {
                if open {
                    next.overlay = Some(Overlay::Gallery);
                } else if next.gallery_open() {
                    next.overlay = None;
                }
            }
            Action::AskToReplace(id) => next.overlay = Some(Overlay::ConfirmReplace(id)),
            Action::CancelReplace => {
                if next.confirm_example().is_some() {
                    next.overlay = Some(Overlay::Gallery);
                }
            }
            Action::ToggleHelp(open) => {
                if open {
                    next.overlay = Some(Overlay::Help);
                } else if next.help_open() {
                    next.overlay = None;
                }
            }
            Action::SelectFinding(index) => {
                if next.finding != Some(index) {
                    next.step = None;
                    next.playing = false;
                    next.clean_run = false;
                }
                next.finding = Some(index);
            }
            Action::PreviewFix { finding, fix } => {
                let Some(version) = self.analysis.as_ref().map(|a| a.version) else {
                    return self;
                };
                if next.finding != Some(finding) {
                    next.step = None;
                    next.playing = false;
                }
                next.finding = Some(finding);
                next.preview = Some(FixPreview {
                    finding,
                    fix,
                    version,
                    wait: false,
                });
            }
            Action::Rules(rules) => next.rules = rules,
            Action::WaitToApply => {
                if let Some(preview) = next.preview.as_mut() {
                    preview.wait = true;
                }
            }
            Action::ClosePreview => next.preview = None,
            Action::SetStep(step) => {
                next.step = step.map(|s| s.min(next.step_limit().saturating_sub(1)));
            }
            Action::StepBy(delta) => {
                let count = next.step_limit() as i64;
                if count == 0 {
                    return self;
                }
                let current = next.step.map_or(-1, i64::from);
                let target = (current + delta).clamp(0, count - 1);
                next.step = Some(target as u32);
                if target == count - 1 {
                    next.playing = false;
                }
            }
            Action::Play(playing) => {
                next.playing = playing && next.step_limit() > 0;
                // Playing from the end starts over.
                if next.playing && next.step.is_some_and(|s| s + 1 >= next.step_limit()) {
                    next.step = Some(0);
                }
            }
            Action::SetPresent(present) => next.present = present,
            Action::SetEmbed(embed) => next.embed = embed,
            Action::ShowRule(Some(rule)) => next.overlay = Some(Overlay::Rule(rule)),
            Action::ShowRule(None) => {
                if next.rule_page().is_some() {
                    next.overlay = None;
                }
            }
            Action::SearchLonger => next.deep_asked = Some(self.version),
            Action::Answer(answer) => match next.predict.as_mut() {
                Some(p) if !p.revealed => p.answer = Some(answer),
                _ => return self,
            },
            Action::Reveal => {
                let Some(p) = next.predict.as_mut() else {
                    return self;
                };
                p.revealed = true;
                next.playing = false;
                next.clean_run = false;
                // The witness to its end: where the stuck goroutines stay.
                next.step = next.step_count().checked_sub(1);
            }
            Action::LeavePredict => next.predict = None,
            Action::Compare(compare) => {
                next.compare = compare;
                next.playing = false;
            }
            Action::ShowCleanRun(clean) => {
                next.clean_run = clean;
                next.playing = false;
                let count = next.step_count();
                next.step = next.step.map(|s| s.min(count.saturating_sub(1)));
            }
        }
        Rc::new(next)
    }
}

/// The search of this answer stopped at the time budget, was skipped for
/// it (a huge paste), left functions out for the entry limit, or left fixes
/// unverified for lack of time: a longer search can say more. The worker
/// client asks for one by itself in exactly these cases.
pub fn timed_out(response: &AnalysisResponse) -> bool {
    let analysis = &response.analysis;
    analysis.search_skipped
        || analysis.entries_skipped > 0
        || (analysis.unverified_for_time > 0
            || analysis
                .entries
                .iter()
                .any(|e| e.search.bounded_by == Some(leakscope_data::Bound::Time)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{
        Applicability, EditorAnalysis, EditorFix, FindingKind, OutlineItem, Severity, TimelineStep,
    };
    use crate::text::TextRange;

    fn step() -> TimelineStep {
        TimelineStep {
            actor: 1,
            event: "g1 runs".into(),
            range: None,
            clock_ns: 0,
            goroutines: Vec::new(),
            channels: Vec::new(),
            locks: Vec::new(),
            output_len: 0,
            handoffs: Vec::new(),
        }
    }

    fn finding(steps: usize) -> EditorFinding {
        EditorFinding {
            rule: "premature-return".into(),
            rule_name: "Premature return".into(),
            kind: FindingKind::Leak,
            severity: Severity::Error,
            entry: "main".into(),
            message: String::new(),
            why: String::new(),
            help: String::new(),
            range: TextRange::default(),
            labels: Vec::new(),
            fixes: vec![EditorFix {
                title: "Buffer it".into(),
                applicability: Applicability::Safe,
                why: "it only changes when the send completes".into(),
                fixed_run: None,
                verified: true,
                edits: Vec::new(),
                diff: String::new(),
            }],
            witness: Timeline {
                steps: (0..steps).map(|_| step()).collect(),
                ..Timeline::default()
            },
            runs: 1,
            paired_run: None,
        }
    }

    fn item() -> OutlineItem {
        OutlineItem {
            kind: crate::protocol::ItemKind::GoStatement,
            range: TextRange::default(),
            label: "go f()".into(),
        }
    }

    /// An answer about `version` with `findings` findings of `steps` steps
    /// and `items` go statements.
    fn answer(version: u64, findings: usize, steps: usize, items: usize) -> Rc<AnalysisResponse> {
        Rc::new(AnalysisResponse {
            version,
            analysis: EditorAnalysis {
                go_statements: (0..items).map(|_| item()).collect(),
                findings: (0..findings).map(|_| finding(steps)).collect(),
                ..EditorAnalysis::default()
            },
            elapsed_ms: 1.0,
            deep: false,
            partial: false,
        })
    }

    fn run(state: Rc<AppState>, actions: impl IntoIterator<Item = Action>) -> Rc<AppState> {
        actions.into_iter().fold(state, AppState::apply)
    }

    fn edited_to(version: u64) -> Rc<AppState> {
        run(Rc::default(), (0..version).map(|_| Action::Edited))
    }

    #[test]
    fn answers_about_older_text_are_dropped_unchanged() {
        let state = edited_to(2);
        let same = state.clone().apply(Action::Analyzed(answer(1, 1, 3, 0)));
        assert!(Rc::ptr_eq(&state, &same));
        assert!(same.analyzing());
        let current = state.apply(Action::Analyzed(answer(2, 1, 3, 0)));
        assert!(!current.analyzing());
        assert_eq!(current.step_count(), 3);
    }

    #[test]
    fn a_new_analysis_keeps_the_selection_only_where_it_still_points() {
        let state = run(
            edited_to(1),
            [
                Action::Analyzed(answer(1, 2, 5, 4)),
                Action::Select(Some(3)),
                Action::SelectFinding(1),
                Action::SetStep(Some(4)),
                Action::Edited,
            ],
        );
        assert_eq!(
            (state.selected, state.finding, state.step),
            (Some(3), Some(1), Some(4))
        );
        // Fewer items, one finding with a shorter witness.
        let state = state.apply(Action::Analyzed(answer(2, 1, 2, 2)));
        assert_eq!(
            (state.selected, state.finding, state.step),
            (None, None, Some(1))
        );
    }

    #[test]
    fn findings_before_their_runs_keep_the_step_for_the_runs() {
        // The step and finding a link asked for, then an edit: the next
        // answer comes in two parts, the findings first with empty runs.
        let state = run(
            edited_to(1),
            [
                Action::Analyzed(answer(1, 2, 5, 0)),
                Action::SelectFinding(1),
                Action::SetStep(Some(4)),
                Action::Edited,
            ],
        );
        let mut first = (*answer(2, 2, 0, 0)).clone();
        first.partial = true;
        let state = state.apply(Action::Analyzed(Rc::new(first)));
        assert!(state.analysis.as_ref().is_some_and(|a| a.partial));
        assert_eq!((state.finding, state.step), (Some(1), Some(4)));
        let state = state.apply(Action::Analyzed(answer(2, 2, 5, 0)));
        assert_eq!((state.finding, state.step), (Some(1), Some(4)));
        assert!(!state.analysis.as_ref().unwrap().partial);
    }

    #[test]
    fn stepping_is_clamped_and_playing_stops_at_the_end() {
        let state = run(
            edited_to(1),
            [Action::Analyzed(answer(1, 1, 3, 0)), Action::Play(true)],
        );
        assert!(state.playing);
        let state = run(state, [Action::StepBy(1), Action::StepBy(1)]);
        assert_eq!(state.step, Some(1));
        assert!(state.playing);
        let state = state.apply(Action::StepBy(5));
        assert_eq!(state.step, Some(2));
        assert!(!state.playing);
        // Playing from the end starts over.
        let state = state.apply(Action::Play(true));
        assert_eq!(state.step, Some(0));
        let state = state.apply(Action::StepBy(-9));
        assert_eq!(state.step, Some(0));
        assert_eq!(state.apply(Action::SetStep(Some(99))).step, Some(2));
        // Nothing to step: the same state.
        let empty = edited_to(1);
        assert!(Rc::ptr_eq(&empty, &empty.clone().apply(Action::StepBy(1))));
        assert!(!empty.apply(Action::Play(true)).playing);
    }

    #[test]
    fn f8_walks_the_outline_round_and_round() {
        let state = run(edited_to(1), [Action::Analyzed(answer(1, 0, 0, 3))]);
        let state = state.apply(Action::SelectNext(1));
        assert_eq!((state.selected, state.jump), (Some(0), 1));
        let state = run(
            state,
            [
                Action::SelectNext(1),
                Action::SelectNext(1),
                Action::SelectNext(1),
            ],
        );
        assert_eq!(state.selected, Some(0));
        assert_eq!(state.apply(Action::SelectNext(-1)).selected, Some(2));
        // Without items nothing moves.
        let none = edited_to(1).apply(Action::SelectNext(1));
        assert_eq!((none.selected, none.jump), (None, 0));
    }

    #[test]
    fn a_preview_belongs_to_the_analysis_it_was_opened_on() {
        let state = edited_to(1);
        assert!(Rc::ptr_eq(
            &state,
            &state
                .clone()
                .apply(Action::PreviewFix { finding: 0, fix: 0 })
        ));
        let state = run(
            state,
            [
                Action::Analyzed(answer(1, 2, 3, 0)),
                Action::PreviewFix { finding: 1, fix: 0 },
            ],
        );
        assert_eq!(state.finding, Some(1));
        assert_eq!(
            state.open_preview().map(|p| (p.finding, p.version)),
            Some((1, 1))
        );
        let state = state.apply(Action::WaitToApply);
        assert!(state.open_preview().unwrap().wait);
        let state = run(
            state,
            [Action::Edited, Action::Analyzed(answer(2, 2, 3, 0))],
        );
        assert_eq!(state.open_preview(), None);
    }

    #[test]
    fn searching_longer_is_remembered_until_the_longer_answer_comes() {
        let state = run(
            edited_to(1),
            [Action::Analyzed(answer(1, 0, 0, 0)), Action::SearchLonger],
        );
        assert_eq!(state.deep_asked, Some(1));
        let state = state.apply(Action::Analyzed(answer(1, 0, 0, 0)));
        assert_eq!(state.deep_asked, Some(1));
        let mut deep = (*answer(1, 1, 2, 0)).clone();
        deep.deep = true;
        let state = state.apply(Action::Analyzed(Rc::new(deep)));
        assert_eq!(state.deep_asked, None);
        assert_eq!(state.analysis.as_ref().unwrap().analysis.findings.len(), 1);
    }

    #[test]
    fn a_restarted_worker_is_said_until_the_next_answer() {
        let state = edited_to(3).apply(Action::AnalysisStopped {
            version: 3,
            after_ms: 20_000,
        });
        let notice = state.notice.clone().unwrap();
        assert_eq!(notice.kind, NoticeKind::WorkerRestarted);
        assert!(notice
            .text
            .starts_with("Analysis stopped after 20 s; the worker was restarted."));
        assert_eq!(state.stopped_after(), Some(20_000));
        let state = run(
            state,
            [Action::Edited, Action::Analyzed(answer(4, 0, 0, 0))],
        );
        assert_eq!(state.notice, None);
        assert_eq!(state.stopped_after(), None);
        // An older version's stop is remembered but not announced.
        let quiet = edited_to(3).apply(Action::AnalysisStopped {
            version: 2,
            after_ms: 1500,
        });
        assert_eq!(quiet.notice, None);
        assert_eq!(
            stopped_text(1500),
            "Analysis stopped after 1.5 s; the worker was restarted"
        );
    }

    #[test]
    fn a_longer_search_is_asked_for_exactly_when_time_cut_this_one() {
        let mut response = (*answer(1, 0, 0, 0)).clone();
        assert!(!timed_out(&response));
        response.analysis.entries.push(EntryInfo {
            search: leakscope_data::EntrySearch {
                name: "main".into(),
                bounded_by: Some(leakscope_data::Bound::Goroutines),
                ..Default::default()
            },
            ..EntryInfo::default()
        });
        assert!(!timed_out(&response));
        response.analysis.entries[0].search.bounded_by = Some(leakscope_data::Bound::Time);
        assert!(timed_out(&response));
        let mut skipped = (*answer(1, 0, 0, 0)).clone();
        skipped.analysis.search_skipped = true;
        assert!(timed_out(&skipped));
    }

    #[test]
    fn one_dialog_at_a_time_and_the_confirmation_over_the_gallery() {
        let state = run(
            Rc::default(),
            [Action::OpenGallery(true), Action::AskToReplace("poll-once")],
        );
        assert!(state.gallery_open());
        assert_eq!(state.confirm_example(), Some("poll-once"));
        // "Keep my code": back to the gallery.
        let state = state.apply(Action::CancelReplace);
        assert!(state.gallery_open());
        assert_eq!(state.confirm_example(), None);
        // Escape closes the gallery; closing help when it is not open does nothing.
        let state = run(
            state,
            [Action::ToggleHelp(false), Action::OpenGallery(false)],
        );
        assert_eq!(state.overlay, None);
        let state = run(
            state,
            [
                Action::ShowRule(Some("poll-once".into())),
                Action::ToggleHelp(true),
            ],
        );
        assert!(state.help_open());
        assert_eq!(state.rule_page(), None);
        // Loading an example closes the gallery, not the shortcuts.
        let state = state.apply(Action::Loaded {
            example: None,
            selected: None,
            step: None,
            options: AnalysisOptions::default(),
            finding: None,
            clean_run: false,
            predict: None,
        });
        assert!(state.help_open());
    }

    fn predicting(question: Option<&str>, step: u32) -> Rc<AppState> {
        edited_to(1).apply(Action::Loaded {
            example: None,
            selected: None,
            step: Some(step),
            options: AnalysisOptions::default(),
            finding: None,
            clean_run: false,
            predict: Some(question.map(str::to_string)),
        })
    }

    #[test]
    fn predicting_pauses_the_timeline_until_the_reveal() {
        let state = predicting(Some("Who waits?"), 2);
        assert!(state.hiding());
        let state = state.apply(Action::Analyzed(answer(1, 1, 6, 0)));
        assert_eq!((state.step, state.step_limit()), (Some(2), 3));
        // Stepping, playing and the last-step key stop at the pause.
        let state = run(state, [Action::StepBy(5)]);
        assert_eq!(state.step, Some(2));
        assert_eq!(state.clone().apply(Action::SetStep(Some(5))).step, Some(2));
        let back = state.clone().apply(Action::StepBy(-2));
        assert_eq!(back.step, Some(0));
        let state = state.apply(Action::Answer(Answer::Goroutine(3)));
        assert_eq!(
            state.predict.as_ref().unwrap().answer,
            Some(Answer::Goroutine(3))
        );
        let state = state.apply(Action::Reveal);
        assert!(!state.hiding());
        assert_eq!((state.step, state.step_limit()), (Some(5), 6));
        // An answer after the reveal changes nothing.
        assert!(Rc::ptr_eq(
            &state,
            &state.clone().apply(Action::Answer(Answer::Line(1)))
        ));
        let state = state.apply(Action::LeavePredict);
        assert_eq!(state.predict, None);
        // Without predict mode, the whole run.
        let plain = run(edited_to(1), [Action::Analyzed(answer(1, 1, 6, 0))]);
        assert_eq!(plain.step_limit(), 6);
        assert!(Rc::ptr_eq(&plain, &plain.clone().apply(Action::Reveal)));
    }

    #[test]
    fn a_pause_past_the_end_of_the_run_pauses_at_its_end() {
        let state = predicting(None, 40).apply(Action::Analyzed(answer(1, 1, 4, 0)));
        assert_eq!(state.predict.as_ref().unwrap().pause, 3);
        assert_eq!(state.step, Some(3));
        assert_eq!(state.step_limit(), 4);
    }

    #[test]
    fn the_theme_cycles_and_follows_the_system_when_asked() {
        let state = Rc::new(AppState::default());
        assert!(!state.dark());
        let state = state.apply(Action::SystemDark(true));
        assert!(state.dark());
        let state = state.apply(Action::SetTheme(ThemeChoice::System.next()));
        assert_eq!(state.theme, ThemeChoice::Light);
        assert!(!state.dark());
        assert_eq!(
            ThemeChoice::from_key(ThemeChoice::Dark.next().key()),
            Some(ThemeChoice::System)
        );
        assert_eq!(
            state.apply(Action::SetFontSize(99)).font_size,
            MAX_FONT_SIZE
        );
    }
}
