//! Names the pattern of a verdict from what the witness shows (which operation
//! is blocked, on what channel, how many goroutines wait there, which paths ran)
//! and what the code around it says (who else uses the channel, which path the
//! parent took). Each rule file then words the finding and builds its fixes.

use super::code::{self, channel_code, enclosing_function, enclosing_loop, ChannelCode, Use};
use super::edits::{enclosing, node_covering, text};
use super::{rule, FindingKind, RuleInfo};
use crate::api::{GoroutineOut, VerdictOut};
use crate::findings::Label;
use crate::fix::Fix;
use crate::syntax::{ParsedFile, Span};
use crate::verdict::VerdictKind;
use tree_sitter::Node;

/// Everything a rule needs to word a finding and build its fixes.
pub struct LeakContext<'a> {
    pub file: &'a ParsedFile,
    pub verdict: &'a VerdictOut,
    /// The goroutines blocked forever (empty for resource leaks and panics).
    pub blocked: &'a [GoroutineOut],
    /// The channel the first blocked goroutine waits on, as the code shows it.
    pub channel: Option<ChannelCode<'a>>,
    /// The blocked operation's node.
    pub operation: Option<Node<'a>>,
    /// The `go` statement that started the first blocked goroutine.
    pub go_statement: Option<Node<'a>>,
    /// Spans of the operations the witness executed, in order.
    pub executed: Vec<Span>,
}

impl<'a> LeakContext<'a> {
    pub fn new(file: &'a ParsedFile, verdict: &'a VerdictOut) -> LeakContext<'a> {
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
        LeakContext {
            file,
            verdict,
            blocked,
            channel,
            operation,
            go_statement,
            executed,
        }
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
        match self.blocked.len() {
            0 | 1 => format!("the goroutine running `{}`", self.goroutine_function()),
            n => format!("{n} goroutines running `{}`", self.goroutine_function()),
        }
    }

    /// [`who`](Self::who) with its verb agreeing: "the goroutine running `f`
    /// blocks", "3 goroutines running `f` block".
    pub fn who_does(&self, one: &str, many: &str) -> String {
        let verb = if self.blocked.len() > 1 { many } else { one };
        format!("{} {verb}", self.who())
    }

    /// The name of the function that made the channel.
    pub fn maker_name(&self) -> Option<String> {
        let f = self.channel.as_ref()?.function?;
        Some(code::function_name(self.file, f))
    }

    /// Whether the blocked select's cases are all plain channel operations
    /// (no timer or context case, whose channels the runtime owns).
    pub fn select_has_only_channel_cases(&self) -> bool {
        let Some(select) = self
            .operation
            .and_then(|op| enclosing(op, &["select_statement"]))
        else {
            return false;
        };
        let mut cursor = select.walk();
        let cases: Vec<_> = select
            .named_children(&mut cursor)
            .filter_map(|c| c.child_by_field_name("communication"))
            .collect();
        !cases.is_empty()
            && cases
                .iter()
                .all(|c| !code::is_timeout_or_cancel(self.file, *c))
    }

    /// Whether a step of the witness ran this code: an executed operation's
    /// span overlaps it (a select's step covers its cases).
    pub fn was_executed(&self, node: Node<'_>) -> bool {
        let (start, end) = (node.start_byte() as u32, node.end_byte() as u32);
        self.executed.iter().any(|s| s.start < end && start < s.end)
    }

    /// Another goroutine, not among this finding's, that is blocked forever at
    /// the end of the witness and whose function's text satisfies `does`
    /// (it would receive from this channel, unlock this mutex...): when the
    /// partner is stuck itself, that is the cause to name. Its function name
    /// and the line it is blocked at.
    /// `does` gets the function's text and the blocked operation's text,
    /// both without spaces.
    pub fn stuck_partner(&self, does: impl Fn(&str, &str) -> bool) -> Option<(String, u32)> {
        let last = self.verdict.witness.steps.last()?;
        let mine: Vec<u32> = self.blocked.iter().map(|g| g.id).collect();
        last.goroutines
            .iter()
            .filter(|g| {
                g.status == crate::engine::witness::GoStatus::Blocked && !mine.contains(&g.id)
            })
            .find_map(|g| {
                let function = node_covering(self.file, g.span).and_then(enclosing_function)?;
                // The function it is blocked in, and the one it was started
                // with (a lock may be held by an outer frame).
                let started = g
                    .go_span
                    .and_then(|s| self.file.text.get(s.start as usize..s.end as usize))
                    .unwrap_or_default();
                let body = format!("{}\n{started}", text(self.file, function)).replace(' ', "");
                let at = self
                    .file
                    .text
                    .get(g.span.start as usize..g.span.end as usize)
                    .unwrap_or_default()
                    .replace(' ', "");
                if !does(&body, &at) {
                    return None;
                }
                let name = self
                    .verdict
                    .witness
                    .functions
                    .get(g.function as usize)
                    .cloned()
                    .unwrap_or_else(|| code::function_name(self.file, function));
                Some((name, self.file.lines.line_col(g.span.start).line))
            })
    }

    /// A receiver of this finding's channel that is stuck itself.
    pub fn stuck_receiver(&self) -> Option<(String, u32)> {
        let channel = self.channel.as_ref()?;
        let name = channel.name.trim_start_matches('.').to_string();
        let names_it = |rest: &str| {
            let expr: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            expr == name || expr.ends_with(&format!(".{name}"))
        };
        self.stuck_partner(|body, _| {
            body.lines().any(|l| {
                l.split("<-").skip(1).any(names_it) || l.split("range").skip(1).any(names_it)
            })
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
                Some(cap) if c.is_buffered(self.file) => {
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
    }
}

/// The rule a verdict belongs to.
pub fn rule_id(cx: &LeakContext<'_>) -> &'static str {
    match cx.verdict.kind {
        VerdictKind::Panic => return "panic",
        VerdictKind::Deadlock => return "deadlock",
        VerdictKind::ResourceLeak => {
            let resource = cx.verdict.resource.as_deref().unwrap_or("");
            if resource.starts_with("package-level") {
                return "retained-global";
            }
            if resource.starts_with("mutex") {
                return "lock-leak";
            }
            return if resource.contains("cancel") {
                "forgotten-cancel"
            } else {
                "unclosed-resource"
            };
        }
        VerdictKind::Leak | VerdictKind::BlockedAtExit => {}
    }
    let reason = cx
        .blocked
        .first()
        .and_then(|g| g.reason.as_deref())
        .unwrap_or("");
    if reason.contains("nil chan") {
        return "nil-channel";
    }
    // A select blocked on no channel object at all: every case's channel is nil.
    if reason == "select"
        && cx.blocked.iter().all(|g| g.channel_make.is_none())
        && cx.select_has_only_channel_cases()
    {
        return "nil-channel";
    }
    match reason {
        "sync.Mutex.Lock" | "sync.RWMutex.RLock" | "sync.RWMutex.Lock" | "sync.Cond.Wait" => {
            "lock-leak"
        }
        "sync.WaitGroup.Wait" => "waitgroup-misuse",
        "chan send" => classify_send(cx),
        "select" => classify_select(cx),
        _ => classify_receive(cx),
    }
}

fn classify_send(cx: &LeakContext<'_>) -> &'static str {
    // Several goroutines share the channel: more than one is stuck on it, or the
    // `go` statement runs in a loop that does not also make a channel per goroutine.
    let make_start = cx.channel.as_ref().map(|c| c.make.start_byte());
    let several = cx.blocked.len() > 1
        || cx
            .go_statement
            .and_then(enclosing_loop)
            .is_some_and(|l| make_start.is_none_or(|m| !(l.start_byte() <= m && m < l.end_byte())));
    let Some(channel) = &cx.channel else {
        return if several {
            "ncast-leak"
        } else {
            "premature-return"
        };
    };
    if channel.is_buffered(cx.file) && !several {
        return "full-buffer";
    }
    if several {
        return "ncast-leak";
    }
    // The sender has more to send and the reader, which read in a loop, left.
    let send_in_loop = cx.operation.is_some_and(|op| enclosing_loop(op).is_some());
    let reader_loops = channel.uses_of(Use::Range).next().is_some()
        || channel
            .uses_of(Use::Receive)
            .any(|r| enclosing_loop(r).is_some() && cx.was_executed(r));
    if send_in_loop && reader_loops {
        return "send-after-reader-left";
    }
    // A receive of this channel inside a select that also waits on a timer or a
    // cancellation: the caller gave up on the worker.
    if timeout_select(cx, channel).is_some() {
        return "timeout-leak";
    }
    // A generator: the maker returns the channel and never receives from it;
    // its caller's reader is the one that stopped reading.
    if channel.uses_of(Use::Receive).next().is_none() && returned_by_maker(cx, channel) {
        return "send-after-reader-left";
    }
    "premature-return"
}

/// The function that makes the channel returns it (`return c`).
fn returned_by_maker(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> bool {
    let Some(function) = channel.function else {
        return false;
    };
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.kind() {
            // Returns of nested literals are theirs, not the maker's.
            "func_literal" => continue,
            "return_statement" => {
                let mut cursor = n.walk();
                let returns_it = n.named_children(&mut cursor).any(|list| {
                    let mut c = list.walk();
                    let mut items: Vec<Node<'_>> = list.named_children(&mut c).collect();
                    if items.is_empty() {
                        items.push(list);
                    }
                    items
                        .iter()
                        .any(|e| e.kind() == "identifier" && text(cx.file, *e) == channel.name)
                });
                if returns_it {
                    return true;
                }
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

fn classify_receive(cx: &LeakContext<'_>) -> &'static str {
    let ranging = cx.operation.is_some_and(|op| {
        op.kind() == "for_statement"
            || op.kind() == "range_clause"
            || enclosing(op, &["range_clause"]).is_some()
    });
    if ranging {
        return "range-without-close";
    }
    if cx.blocked.len() > 1
        && cx
            .channel
            .as_ref()
            .is_some_and(|c| c.uses_of(Use::Send).next().is_some())
    {
        return "ncast-leak";
    }
    "orphan-receive"
}

fn classify_select(cx: &LeakContext<'_>) -> &'static str {
    // A select whose every case waits forever: name it by what its cases do.
    let Some(select) = cx
        .operation
        .and_then(|op| enclosing(op, &["select_statement"]))
    else {
        return "orphan-receive";
    };
    let has_send = {
        let mut cursor = select.walk();
        let found = select.named_children(&mut cursor).any(|case| {
            case.child_by_field_name("communication")
                .is_some_and(|c| c.kind() == "send_statement")
        });
        found
    };
    if has_send {
        "send-after-reader-left"
    } else {
        "orphan-receive"
    }
}

/// The select (in the function that made the channel) that receives from it
/// next to a timeout or cancellation case, when the witness ran that select.
pub fn timeout_select<'t>(
    cx: &LeakContext<'t>,
    channel: &ChannelCode<'t>,
) -> Option<(Node<'t>, Node<'t>)> {
    for receive in channel.uses_of(Use::Receive) {
        let Some(select) = enclosing(receive, &["select_statement"]) else {
            continue;
        };
        let mut cursor = select.walk();
        for case in select.named_children(&mut cursor) {
            let Some(comm) = case.child_by_field_name("communication") else {
                continue;
            };
            if code::is_timeout_or_cancel(cx.file, comm)
                && !text(cx.file, comm).contains(channel.display_name())
            {
                return Some((select, case));
            }
        }
    }
    None
}

/// Words the finding for a verdict and proposes fixes.
pub fn diagnose(file: &ParsedFile, verdict: &VerdictOut) -> Diagnosis {
    let cx = LeakContext::new(file, verdict);
    let id = rule_id(&cx);
    let info = rule(id).expect("classify only returns ids of the catalogue");
    let (message, labels, fixes) = match id {
        "premature-return" => super::premature_return::diagnose(&cx),
        "timeout-leak" => super::timeout_leak::diagnose(&cx),
        "ncast-leak" => super::ncast_leak::diagnose(&cx),
        "range-without-close" => super::range_without_close::diagnose(&cx),
        "orphan-receive" => super::orphan_receive::diagnose(&cx),
        "send-after-reader-left" => super::send_after_reader_left::diagnose(&cx),
        "full-buffer" => super::full_buffer::diagnose(&cx),
        "forgotten-cancel" => super::forgotten_cancel::diagnose(&cx),
        "unclosed-resource" => super::unclosed_resource::diagnose(&cx),
        "lock-leak" => super::lock_leak::diagnose(&cx),
        "waitgroup-misuse" => super::waitgroup_misuse::diagnose(&cx),
        "nil-channel" => super::nil_channel::diagnose(&cx),
        "retained-global" => super::retained_global::diagnose(&cx),
        "deadlock" => super::deadlock::diagnose(&cx),
        _ => super::panic::diagnose(&cx),
    };
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
        labels,
        fixes,
    }
}

/// The function that contains a node, by Go's name.
pub fn function_of(file: &ParsedFile, node: Node<'_>) -> Option<String> {
    enclosing_function(node).map(|f| code::function_name(file, f))
}
