//! Names the pattern of a verdict. [`LeakContext`] holds what a rule matches
//! on: the verdict's typed data (its kind, the engine's [`BlockReason`], the
//! [`ResourceKind`]) and the [`Facts`] of the program joined with the witness
//! (which operation is blocked, on what channel, how many goroutines wait
//! there, which operations and selects ran, how many values the channel
//! delivered). Each rule file's matcher asks these questions; the first rule of
//! the registry whose matcher accepts the verdict words the finding and builds
//! its fixes. The tree-sitter nodes kept here are for wording and edits only.

use super::code::{self, channel_code, enclosing_function, ChannelCode};
use super::edits::{enclosing, node_covering, text};
use super::facts::{CaseKind, ChanOp, ChannelFacts, ChannelIndex, Facts, OpKind, SelectFacts};
use super::{FindingKind, RuleInfo, REGISTRY};
use crate::diagnostics::Label;
use crate::engine::BlockReason;
use crate::fix::Fix;
use crate::model::FuncId;
use crate::syntax::{ParsedFile, Span};
use crate::verdict::{GoroutineReport, Verdict};
use crate::verdict::{ResourceKind, VerdictKind};
use tree_sitter::Node;

/// Everything a rule needs to word a finding and build its fixes.
pub struct LeakContext<'a> {
    pub file: &'a ParsedFile,
    pub verdict: &'a Verdict,
    /// The goroutines blocked forever (empty for resource leaks and panics).
    pub blocked: &'a [GoroutineReport],
    /// The channel the first blocked goroutine waits on, as the code shows it.
    pub channel: Option<ChannelCode<'a>>,
    /// The blocked operation's node.
    pub operation: Option<Node<'a>>,
    /// The `go` statement that started the first blocked goroutine.
    pub go_statement: Option<Node<'a>>,
    /// Spans of the operations the witness executed, in order.
    pub executed: Vec<Span>,
    /// The program's facts joined with this verdict's witness.
    pub facts: Facts,
    /// The channel the first blocked goroutine waits on, among the facts.
    pub chan: Option<ChannelIndex>,
}

impl<'a> LeakContext<'a> {
    pub fn new(file: &'a ParsedFile, verdict: &'a Verdict) -> LeakContext<'a> {
        let blocked = verdict.goroutines.as_slice();
        let first = blocked.first();
        let channel = first
            .and_then(|g| g.channel_make.as_ref())
            .and_then(|m| channel_code(file, m.span));
        let operation = node_covering(file, verdict.range.span);
        let go_statement = first
            .and_then(|g| g.go_statement.as_ref())
            .and_then(|r| node_covering(file, r.span))
            .and_then(|n| enclosing(n, &["go_statement"]));
        let executed = verdict
            .witness
            .steps
            .iter()
            .filter_map(|s| s.span)
            .collect();
        let facts = Facts::of_verdict(&crate::model::lower(file), verdict);
        let chan = first
            .and_then(|g| g.channel_make.as_ref())
            .and_then(|m| facts.channel_made_at(m.span));
        LeakContext {
            file,
            verdict,
            blocked,
            channel,
            operation,
            go_statement,
            executed,
            facts,
            chan,
        }
    }

    /// The context of another goroutine of the same witness, blocked on
    /// `send`: for a finding whose cause is that goroutine (a `Wait` whose
    /// `Done` callers are stuck sending), so the sender's remedies can be
    /// offered for it.
    pub fn for_stuck_send(&self, send: Node<'a>) -> Option<LeakContext<'a>> {
        let at = Span::of(send);
        let chan = self
            .facts
            .channels
            .iter()
            .position(|c| c.ops.iter().any(|o| o.kind == OpKind::Send && o.span == at))?;
        let channel = channel_code(self.file, self.facts.channels[chan].make)?;
        Some(LeakContext {
            file: self.file,
            verdict: self.verdict,
            blocked: &[],
            channel: Some(channel),
            operation: Some(send),
            go_statement: enclosing(send, &["go_statement"]),
            executed: self.executed.clone(),
            facts: self.facts.clone(),
            chan: Some(chan),
        })
    }

    /// The engine's reason the first blocked goroutine waits.
    pub fn reason(&self) -> Option<BlockReason> {
        self.blocked.first().and_then(|g| g.reason)
    }

    /// What a resource leak holds on to.
    pub fn resource(&self) -> Option<ResourceKind> {
        self.verdict.resource_kind
    }

    /// A goroutine blocked forever (or at main's exit), not a resource or panic.
    pub fn is_goroutine_leak(&self) -> bool {
        matches!(
            self.verdict.kind,
            VerdictKind::Leak | VerdictKind::BlockedAtExit
        )
    }

    /// Blocked forever: a goroutine leak, or a function entry (not `main`,
    /// whose Go's runtime reports as a deadlock) stuck itself, which is its
    /// caller's goroutine leaking.
    pub fn is_blocked_forever(&self) -> bool {
        self.is_goroutine_leak()
            || self.verdict.kind == VerdictKind::Deadlock
                && self.blocked.first().is_some_and(|g| g.function != "main")
    }

    /// Blocked sending on a channel that is not nil.
    pub fn is_blocked_sending(&self) -> bool {
        self.is_goroutine_leak() && self.reason() == Some(BlockReason::ChanSend)
    }

    /// The blocked channel's facts.
    pub fn channel_facts(&self) -> Option<&ChannelFacts> {
        self.chan.and_then(|c| self.facts.channels.get(c))
    }

    /// The blocked operation among the channel's facts.
    pub fn blocked_op(&self) -> Option<&ChanOp> {
        self.facts.op_at(self.chan?, self.verdict.range.span)
    }

    /// Several goroutines share the channel: more than one is stuck on it, or
    /// the `go` statement runs in a loop that does not also make a channel per
    /// goroutine.
    pub fn several_goroutines(&self) -> bool {
        if self.blocked.len() > 1 {
            return true;
        }
        let make = self.channel_facts().map(|c| c.make);
        self.blocked
            .first()
            .and_then(|g| g.go_statement.as_ref())
            .and_then(|r| self.facts.go_at(r.span))
            .and_then(|g| g.inside_loop)
            .is_some_and(|l| make.is_none_or(|m| !(l.start <= m.start && m.end <= l.end)))
    }

    /// The select the blocked goroutine waits in.
    pub fn blocked_select(&self) -> Option<&SelectFacts> {
        let at = self.facts.select_at(self.verdict.range.span)?;
        self.facts.selects.get(at)
    }

    /// A select that gave up on the blocked channel: it receives from it next
    /// to another case (a timer, a context, a quit channel, an unknown
    /// method's channel), and the witness shows it passed without taking the
    /// value. The select and that other case.
    pub fn select_that_gave_up(&self) -> Option<(&SelectFacts, usize)> {
        let chan = self.chan?;
        self.facts.selects.iter().find_map(|s| {
            let waits_here = s
                .cases
                .iter()
                .any(|c| c.kind == CaseKind::Receive && c.channel == Some(chan));
            let gives_up = |c: &super::facts::CaseFacts| {
                c.kind != CaseKind::Default && c.channel != Some(chan)
            };
            // The case the witness shows firing, else the first that could.
            let other = s
                .fired
                .filter(|&i| s.cases.get(i).is_some_and(gives_up))
                .or_else(|| s.cases.iter().position(gives_up))?;
            (waits_here && s.passed()).then_some((s, other))
        })
    }

    /// The blocked channel's reader took some values and stopped reading
    /// while the sender had more to send.
    pub fn reader_left_early(&self) -> bool {
        let Some(channel) = self.channel_facts() else {
            return false;
        };
        let sender_had_more = self.blocked_op().is_some_and(|op| op.inside_loop.is_some())
            || channel.ops_of(OpKind::Send).any(|op| {
                op.completed > 0 && self.blocked.iter().any(|g| op.goroutines.contains(&g.id))
            });
        if !sender_had_more {
            return false;
        }
        // The channel this goroutine waits on (one per iteration when made
        // in a loop) delivered values before; or a generator's reader, not
        // in the file, stopped reading.
        let first = self.blocked.first().map(|g| g.id);
        let delivered = channel
            .objects
            .iter()
            .find(|o| first.is_some_and(|g| o.senders.contains(&g)))
            .is_some_and(|o| o.values_received > 0);
        delivered || channel.returned && channel.reads().next().is_none()
    }

    /// Every case of the blocked select waits on a channel variable (none is
    /// a call's channel, none is a default): with no channel object behind
    /// any of them, they are all nil.
    pub fn select_on_nil_channels(&self) -> bool {
        self.reason() == Some(BlockReason::Select)
            && self.blocked.iter().all(|g| g.channel_make.is_none())
            && self.blocked_select().is_some_and(|s| {
                !s.cases.is_empty()
                    && s.cases
                        .iter()
                        .all(|c| c.kind != CaseKind::Default && !c.operand_is_call)
            })
    }

    /// The channel's name in backticks, or "the channel".
    pub fn channel_name(&self) -> String {
        match &self.channel {
            Some(c) => format!("`{}`", c.display_name()),
            None => "the channel".to_string(),
        }
    }

    /// Go's name of the first blocked goroutine's function.
    pub fn goroutine_function(&self) -> String {
        self.blocked
            .first()
            .map(|g| g.function.clone())
            .unwrap_or_else(|| "the goroutine".to_string())
    }

    /// "goroutine `f`" or "3 goroutines running `f`".
    pub fn who(&self) -> String {
        // A function entry stuck itself: whichever goroutine calls it.
        if self.verdict.kind == VerdictKind::Deadlock {
            return format!("a goroutine calling `{}`", self.goroutine_function());
        }
        match self.blocked.len() {
            0 | 1 => format!("the goroutine running `{}`", self.goroutine_function()),
            n => format!("{n} goroutines running `{}`", self.goroutine_function()),
        }
    }

    /// [`who`](Self::who) with its verb agreeing: "the goroutine running `f`
    /// blocks", "3 goroutines running `f` block".
    pub fn who_does(&self, one: &str, many: &str) -> String {
        // A deadlocked entry is named alone ("a goroutine calling `f`").
        let several = self.blocked.len() > 1 && self.verdict.kind != VerdictKind::Deadlock;
        let verb = if several { many } else { one };
        format!("{} {verb}", self.who())
    }

    /// The name of the function that made the channel.
    pub fn maker_name(&self) -> Option<String> {
        let maker = self.channel_facts()?.maker?;
        let name = &self.facts.funcs.get(maker as usize)?.name;
        Some(name.clone())
    }

    /// Whether a step of the witness ran this code: an executed operation's
    /// span overlaps it (a select's step covers its cases).
    pub fn was_executed(&self, node: Node<'_>) -> bool {
        let (start, end) = (node.start_byte() as u32, node.end_byte() as u32);
        self.executed.iter().any(|s| s.start < end && start < s.end)
    }

    /// Another goroutine, not among this finding's, that is blocked forever at
    /// the end of the witness and for which `does` holds (it would receive
    /// from this channel, unlock this mutex...): when the partner is stuck
    /// itself, that is the cause to name. Its function name and the line it
    /// is blocked at. `does` gets the functions the partner runs (the one it
    /// is blocked in and the one its `go` statement started) and where it is
    /// blocked.
    pub fn stuck_partner(&self, does: impl Fn(&[FuncId], Span) -> bool) -> Option<(String, u32)> {
        self.stuck_partner_at(does)
            .map(|(name, span)| (name, self.file.lines.line_col(span.start).line))
    }

    /// [`LeakContext::stuck_partner`], with where the partner is blocked.
    pub fn stuck_partner_at(
        &self,
        does: impl Fn(&[FuncId], Span) -> bool,
    ) -> Option<(String, Span)> {
        let last = self.verdict.witness.steps.last()?;
        let mine: Vec<_> = self.blocked.iter().map(|g| g.id).collect();
        last.goroutines
            .iter()
            .filter(|g| {
                g.status == crate::engine::witness::GoStatus::Blocked && !mine.contains(&g.id)
            })
            .find_map(|g| {
                let functions = self.facts.functions_of_goroutine(g.span, g.go_span);
                if functions.is_empty() || !does(&functions, g.span) {
                    return None;
                }
                let name = self
                    .verdict
                    .witness
                    .functions
                    .get(g.function as usize)
                    .cloned()
                    .or_else(|| {
                        let f = node_covering(self.file, g.span).and_then(enclosing_function)?;
                        Some(code::function_name(self.file, f))
                    })?;
                Some((name, g.span))
            })
    }

    /// Whether one of `functions` (or a literal inside one) satisfies `has`.
    pub fn runs_code(&self, functions: &[FuncId], has: FuncId) -> bool {
        functions.iter().any(|f| self.facts.is_within(has, *f))
    }

    /// A receiver of this finding's channel that is stuck itself.
    pub fn stuck_receiver(&self) -> Option<(String, u32)> {
        let channel = self.channel_facts()?;
        self.stuck_partner(|functions, _| {
            channel
                .reads()
                .any(|op| self.runs_code(functions, op.function))
        })
    }

    /// The standard labels: the `go` statement and the channel's `make`.
    pub fn standard_labels(&self) -> Vec<Label> {
        let mut labels = Vec::new();
        if let Some(g) = self.blocked.first().and_then(|g| g.go_statement.as_ref()) {
            let message = if self.blocked.len() > 1 {
                format!("{} goroutines started here", self.blocked.len())
            } else {
                "goroutine started here".to_string()
            };
            labels.push(Label {
                span: g.span,
                message,
            });
        }
        if let Some(c) = &self.channel {
            let kind = match c.capacity {
                Some(cap) if self.channel_facts().is_some_and(|f| f.is_buffered()) => {
                    format!("with a buffer of {}", text(self.file, cap))
                }
                _ => "unbuffered".to_string(),
            };
            labels.push(Label {
                span: Span::of(c.make),
                message: format!("channel `{}` made here, {kind}", c.display_name()),
            });
        }
        labels
    }
}

/// A finding as a rule words it, before its fixes are verified.
pub struct Diagnosis {
    pub rule: &'static RuleInfo,
    pub kind: FindingKind,
    pub message: String,
    pub why: String,
    /// The rule's advice, in the code's names ([`help_in_code_names`]).
    pub help: String,
    pub labels: Vec<Label>,
    /// Candidate fixes in the order a reviewer would pick them; unverified.
    pub fixes: Vec<Fix>,
}

fn finding_kind(kind: VerdictKind) -> FindingKind {
    match kind {
        VerdictKind::Leak => FindingKind::Leak,
        VerdictKind::Deadlock => FindingKind::Deadlock,
        VerdictKind::BlockedAtExit => FindingKind::BlockedAtExit,
        VerdictKind::ResourceLeak => FindingKind::ResourceLeak,
        VerdictKind::Panic => FindingKind::Panic,
        VerdictKind::Livelock => FindingKind::Livelock,
    }
}

/// The rule that names a verdict: the first of the registry whose matcher
/// accepts it. The last rules accept every verdict of their kind, so one
/// always does.
pub fn rule_of(cx: &LeakContext<'_>) -> &'static super::Rule {
    REGISTRY
        .iter()
        .find(|r| (r.matches)(cx))
        .unwrap_or(&REGISTRY[REGISTRY.len() - 1])
}

/// Words the finding for a verdict and proposes fixes.
pub fn diagnose(file: &ParsedFile, verdict: &Verdict) -> Diagnosis {
    let cx = LeakContext::new(file, verdict);
    let rule = rule_of(&cx);
    let info = &rule.info;
    let (message, labels, fixes) = (rule.diagnose)(&cx);
    let help = help_in_code_names(info.fix, &cx);
    let kind = finding_kind(verdict.kind);
    let why = if kind == FindingKind::BlockedAtExit {
        format!(
            "{} Here the goroutine is still blocked when main returns; in a long-lived process (a server, a test binary) it would stay blocked forever.",
            info.why
        )
    } else {
        info.why.to_string()
    };
    Diagnosis {
        rule: info,
        kind,
        message,
        why,
        help,
        labels,
        fixes,
    }
}

/// The rule's advice with its example code in the code's own names:
/// `chan T` becomes the channel's type as made (`chan result`), and
/// `len(items)` the number of senders the code's loop gives (`len(urls)`).
/// What the code does not say stays as written.
fn help_in_code_names(fix: &str, cx: &LeakContext<'_>) -> String {
    let mut help = fix.to_string();
    if let Some(channel) = &cx.channel {
        if let Some(chan_type) = channel
            .make
            .child_by_field_name("arguments")
            .and_then(|a| a.named_child(0))
            .filter(|t| t.kind() == "channel_type")
        {
            help = help.replace("chan T", text(cx.file, chan_type));
        }
        if let Some(count) = cx
            .go_statement
            .and_then(code::enclosing_loop)
            .and_then(|l| code::loop_count(cx.file, l))
        {
            help = help.replace("len(items)", &count);
        }
    }
    help
}

/// The function that contains a node, by Go's name.
pub fn function_of(file: &ParsedFile, node: Node<'_>) -> Option<String> {
    enclosing_function(node).map(|f| code::function_name(file, f))
}
