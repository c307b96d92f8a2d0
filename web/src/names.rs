//! Objects named as the code names them, for the timeline: a channel by the
//! variable or field its `make` goes into (`results`), a mutex, WaitGroup or
//! cond by the expression the code calls its methods on (`s.mu`, `wg`), with
//! the line that declares that variable or field.
//!
//! The engine allocates a mutex where its zero value is made (a `var`, a
//! struct literal, `new`), which has no name of its own when it is a field;
//! the calls that use it do: `s.mu.Lock()`. A run's snapshots say which
//! goroutine waits on which lock, and a hand-off says which object woke which
//! goroutine, so the call a woken or waiting goroutine is blocked at names
//! the object.

use crate::protocol::{GoroutineState, HandoffKind, NamedObject, TimelineStep};
use crate::text::Utf16Offsets;
use leakscope::engine::BlockReason;
use leakscope::rules::code::channel_code;
use leakscope::rules::edits::{enclosing, node_covering, text};
use leakscope::syntax::{ParsedFile, Span};
use std::cell::RefCell;
use std::collections::HashMap;
use tree_sitter::Node;

/// Block reasons whose call's receiver is a mutex, a WaitGroup or a cond.
const SYNC_REASONS: [BlockReason; 4] = [
    BlockReason::MutexLock,
    BlockReason::RLock,
    BlockReason::WaitGroupWait,
    BlockReason::CondWait,
];

/// Hand-off kinds through a mutex, a WaitGroup or a cond.
const SYNC_HANDOFFS: [HandoffKind; 3] =
    [HandoffKind::Unlock, HandoffKind::Done, HandoffKind::Signal];

/// The expression a method is called on (`s.mu`), and the span of the
/// declaration of that variable or field.
type Receiver = (String, Option<Span>);

/// The names of one file's objects, each looked up once: a channel or a
/// lock is in every step of a witness.
pub struct CodeNames<'f> {
    file: &'f ParsedFile,
    /// By the span of a channel's `make` or of a method call (one map type:
    /// each map type adds its own code to the worker's download).
    known: RefCell<HashMap<(Span, bool), Option<Receiver>>>,
}

impl<'f> CodeNames<'f> {
    pub fn new(file: &'f ParsedFile) -> CodeNames<'f> {
        CodeNames {
            file,
            known: Default::default(),
        }
    }

    /// `results` for `results := make(chan result)`, `done` for a field
    /// `done: make(chan struct{})`; none for a `make` stored nowhere.
    pub fn channel(&self, make: Span) -> Option<String> {
        if let Some(name) = self.known.borrow().get(&(make, true)) {
            return name.as_ref().map(|(name, _)| name.clone());
        }
        let name = channel_code(self.file, make)
            .map(|c| c.display_name().to_string())
            .filter(|n| is_plain_name(n));
        let known = name.clone().map(|name| (name, None));
        self.known.borrow_mut().insert((make, true), known);
        name
    }

    /// For the method call at `call` (`s.mu.Lock()`): the expression it is
    /// called on (`s.mu`) and the span of that variable's or field's
    /// declaration, when the file has one in scope.
    pub fn receiver(&self, call: Span) -> Option<Receiver> {
        if let Some(known) = self.known.borrow().get(&(call, false)) {
            return known.clone();
        }
        let found = self.find_receiver(call);
        self.known.borrow_mut().insert((call, false), found.clone());
        found
    }

    /// The declaration of a receiver named `text` by [`Self::receiver`]
    /// before (the goroutine states keep the name only).
    fn declared(&self, text: &str) -> Option<Span> {
        self.known
            .borrow()
            .iter()
            .filter(|((_, channel), _)| !channel)
            .filter_map(|(_, known)| known.as_ref())
            .find(|(name, _)| name == text)
            .and_then(|(_, declared)| *declared)
    }

    fn find_receiver(&self, call: Span) -> Option<Receiver> {
        let file = self.file;
        let node = node_covering(file, call)?;
        let call = enclosing(node, &["call_expression"])?;
        let function = call.child_by_field_name("function")?;
        if function.kind() != "selector_expression" {
            return None;
        }
        let operand = function.child_by_field_name("operand")?;
        let name = text(file, operand);
        // Only a chain of names (`wg`, `s.mu`, `c.L`): not `(&mu)`,
        // `locks[i]` or a call's result.
        if !name.split('.').all(is_plain_name) {
            return None;
        }
        let declared = match operand.kind() {
            "identifier" => variable_declaration(file, operand),
            "selector_expression" => operand
                .child_by_field_name("field")
                .and_then(|field| field_declaration(file, text(file, field))),
            _ => None,
        };
        Some((name.to_string(), declared))
    }
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// The declaration of the variable `use_` names that is in scope there: the
/// nearest one before it in an enclosing block or function (its parameters
/// and receiver included), or at package level.
fn variable_declaration(file: &ParsedFile, use_: Node<'_>) -> Option<Span> {
    let name = text(file, use_);
    let mut best: Option<Node<'_>> = None;
    let mut scope = use_.parent();
    while let Some(s) = scope {
        if matches!(
            s.kind(),
            "block"
                | "statement_list"
                | "function_declaration"
                | "method_declaration"
                | "func_literal"
                | "source_file"
                | "for_statement"
                | "if_statement"
                | "type_switch_statement"
        ) {
            let mut cursor = s.walk();
            for child in s.children(&mut cursor) {
                if child.start_byte() >= use_.start_byte() && s.kind() != "source_file" {
                    break;
                }
                // Not inside another function's body: its variables are
                // not in scope here.
                if child.kind() == "block" || child.kind() == "func_literal" {
                    continue;
                }
                if let Some(found) = declares(file, child, name) {
                    if best.is_none_or(|b| found.start_byte() > b.start_byte()) {
                        best = Some(found);
                    }
                }
            }
            if best.is_some() {
                break;
            }
        }
        scope = s.parent();
    }
    best.map(|n| Span::new(n.start_byte(), n.end_byte()))
}

/// The identifier in `node` (a statement, a parameter list, a `var`
/// declaration) that declares `name`, without looking into nested blocks.
fn declares<'t>(file: &ParsedFile, node: Node<'t>, name: &str) -> Option<Node<'t>> {
    let names_it = |n: Node<'t>| n.kind() == "identifier" && text(file, n) == name;
    match node.kind() {
        "var_declaration" | "parameter_list" | "var_spec_list" => {
            let mut cursor = node.walk();
            let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
            children.into_iter().find_map(|c| declares(file, c, name))
        }
        "var_spec" | "parameter_declaration" | "variadic_parameter_declaration" => {
            let mut cursor = node.walk();
            let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
            names.into_iter().find(|&n| names_it(n))
        }
        "short_var_declaration" => {
            let left = node.child_by_field_name("left")?;
            let mut cursor = left.walk();
            let names: Vec<Node<'t>> = left.named_children(&mut cursor).collect();
            names.into_iter().find(|&n| names_it(n))
        }
        _ => None,
    }
}

/// The declaration of a struct field called `field` whose type is from
/// `sync` (a mutex, a WaitGroup, a cond, or a pointer to one); any field of
/// that name when none is.
fn field_declaration(file: &ParsedFile, field: &str) -> Option<Span> {
    let mut fields = Vec::new();
    collect_fields(file, file.root(), field, &mut fields);
    let is_sync = |n: &Node<'_>| {
        n.child_by_field_name("type")
            .is_some_and(|t| text(file, t).contains("sync."))
    };
    let chosen = fields
        .iter()
        .find(|n| is_sync(n))
        .or_else(|| (fields.len() == 1).then(|| &fields[0]))?;
    let mut cursor = chosen.walk();
    let name = chosen
        .children_by_field_name("name", &mut cursor)
        .find(|n| text(file, *n) == field)?;
    Some(Span::new(name.start_byte(), name.end_byte()))
}

fn collect_fields<'t>(file: &ParsedFile, node: Node<'t>, field: &str, out: &mut Vec<Node<'t>>) {
    if node.kind() == "field_declaration" {
        let mut cursor = node.walk();
        if node
            .children_by_field_name("name", &mut cursor)
            .any(|n| text(file, n) == field)
        {
            out.push(node);
        }
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        collect_fields(file, child, field, out);
    }
}

/// What a blocked goroutine waits on, as the code names it (for a mutex, a
/// WaitGroup or a cond).
pub fn waits_on(names: &CodeNames<'_>, reason: Option<BlockReason>, at: Span) -> Option<String> {
    reason
        .filter(|r| SYNC_REASONS.contains(r))
        .and_then(|_| names.receiver(at))
        .map(|(name, _)| name)
}

/// The mutexes, WaitGroups and conds of a run, named: a lock by the call its
/// waiters are blocked at or by the `Lock`/`Unlock` call that took or freed
/// it, and any object of a hand-off by the call the goroutine it woke was
/// blocked at. `spans[i]` is the span of step `i`'s action; the goroutine
/// states already carry [`GoroutineState::waits_on`].
pub fn sync_objects(
    names: &CodeNames<'_>,
    offsets: &Utf16Offsets<'_>,
    steps: &[TimelineStep],
    spans: &[Option<Span>],
) -> Vec<NamedObject> {
    let mut found: Vec<(u32, String, Option<Span>)> = Vec::new();
    let mut name = |id: u32, named: Option<(String, Option<Span>)>| {
        if let Some((text, declared)) = named {
            if !found.iter().any(|(known, ..)| *known == id) {
                found.push((id, text, declared));
            }
        }
    };
    let waiting = |step: &TimelineStep, g: u32| -> Option<String> {
        step.goroutines
            .iter()
            .find(|s: &&GoroutineState| s.id == g)
            .and_then(|s| s.waits_on.clone())
    };
    for (i, step) in steps.iter().enumerate() {
        // The call the step's actor made, when it is a method call on a
        // lock that this step took or freed.
        let acted = spans
            .get(i)
            .copied()
            .flatten()
            .and_then(|s| names.receiver(s));
        let before = i.checked_sub(1).map(|p| &steps[p]);
        for lock in &step.locks {
            for &w in &lock.waiters {
                if let Some(text) = waiting(step, w) {
                    let declared = names.declared(&text);
                    name(lock.id, Some((text, declared)));
                }
            }
            let newly_held = before.is_none_or(|b| !b.locks.iter().any(|l| l.id == lock.id));
            if newly_held
                && acted_on_lock(
                    names,
                    spans.get(i).copied().flatten(),
                    &["Lock", "RLock", "TryLock", "TryRLock"],
                )
            {
                name(lock.id, acted.clone());
            }
        }
        if let Some(before) = before {
            for lock in &before.locks {
                let freed = !step.locks.iter().any(|l| l.id == lock.id);
                if freed
                    && acted_on_lock(
                        names,
                        spans.get(i).copied().flatten(),
                        &["Unlock", "RUnlock"],
                    )
                {
                    name(lock.id, acted.clone());
                }
            }
            for h in &step.handoffs {
                if SYNC_HANDOFFS.contains(&h.kind) {
                    if let Some(text) = waiting(before, h.to) {
                        let declared = names.declared(&text);
                        name(h.object, Some((text, declared)));
                    }
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(id, name, declared)| NamedObject {
            id,
            name,
            declared_line: declared.map(|s| offsets.range(s).start.line),
        })
        .collect()
}

/// Whether the call at `span` is `X.M()` for one of `methods`.
fn acted_on_lock(names: &CodeNames<'_>, span: Option<Span>, methods: &[&str]) -> bool {
    let Some(span) = span else {
        return false;
    };
    let file = names.file;
    node_covering(file, span)
        .and_then(|n| enclosing(n, &["call_expression"]))
        .and_then(|c| c.child_by_field_name("function"))
        .filter(|f| f.kind() == "selector_expression")
        .and_then(|f| f.child_by_field_name("field"))
        .is_some_and(|m| methods.contains(&text(file, m)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze_for_editor;
    use crate::protocol::{AnalysisOptions, Timeline};
    use leakscope::position::LineIndex;
    use leakscope::syntax::parse;

    fn witness(source: &str) -> Timeline {
        let analysis = analyze_for_editor(source, &AnalysisOptions::default());
        let finding = analysis.findings.first().expect("a finding");
        finding.witness.clone()
    }

    fn named(timeline: &Timeline) -> Vec<(String, Option<u32>)> {
        let mut names: Vec<_> = timeline
            .objects
            .iter()
            .map(|o| (o.name.clone(), o.declared_line))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_struct_fields_mutex_is_named_as_the_methods_call_it() {
        let timeline = witness(include_str!("../../crate/testdata/rules/lock-leak.go"));
        // `c.mu`, declared as the field `mu` at line 10.
        assert_eq!(named(&timeline), vec![("c.mu".to_string(), Some(10))]);
        let last = timeline.steps.last().unwrap();
        let lock = last.locks.first().expect("the lock is still held");
        assert_eq!(timeline.object(lock.id).unwrap().name, "c.mu");
        // The goroutine blocked at `c.mu.Lock()` says what it waits on.
        assert!(last
            .goroutines
            .iter()
            .any(|g| g.status == crate::protocol::GoStatus::Blocked
                && g.waits_on.as_deref() == Some("c.mu")));
    }

    #[test]
    fn a_waitgroup_and_a_local_mutex_are_named_with_their_declarations() {
        // Real Go: "all goroutines are asleep - deadlock!" (wg.Add(2), one Done).
        let source = "package main\n\nimport \"sync\"\n\nfunc main() {\n\tvar mu sync.Mutex\n\tvar wg sync.WaitGroup\n\twg.Add(2)\n\tmu.Lock()\n\tgo func() {\n\t\tmu.Lock()\n\t\tmu.Unlock()\n\t\twg.Done()\n\t}()\n\tmu.Unlock()\n\twg.Wait()\n}\n";
        let timeline = witness(source);
        assert_eq!(named(&timeline), vec![("mu".to_string(), Some(6))]);
        // Nobody wakes main from `wg.Wait()`: its lane names `wg`.
        let last = timeline.steps.last().unwrap();
        assert!(last
            .goroutines
            .iter()
            .any(|g| g.id == 1 && g.waits_on.as_deref() == Some("wg")));
        // The unlock that hands `mu` to the goroutine says so in its sentence.
        assert!(
            timeline
                .steps
                .iter()
                .any(|s| s.event.contains("unlocks `mu`")),
            "{:#?}",
            timeline.steps.iter().map(|s| &s.event).collect::<Vec<_>>()
        );
        assert!(timeline
            .steps
            .iter()
            .any(|s| s.event.contains("g1 locks `mu`")));
        assert!(!timeline
            .steps
            .iter()
            .any(|s| s.event.contains("locks the mutex")));
    }

    #[test]
    fn a_parameter_is_declared_where_the_function_takes_it() {
        let source = "package main\n\nimport \"sync\"\n\nfunc work(wg *sync.WaitGroup, ch chan int) {\n\tdefer wg.Done()\n\tch <- 1\n}\n\nfunc main() {\n\tch := make(chan int)\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo work(&wg, ch)\n\twg.Wait()\n}\n";
        let file = parse(source);
        let names = CodeNames::new(&file);
        let lines = LineIndex::new(source);
        let call = |code: &str| {
            let at = source.find(code).unwrap();
            Span::new(at, at + code.len())
        };
        let line = |found: Option<(String, Option<Span>)>| {
            let (name, declared) = found.unwrap();
            (name, declared.map(|d| lines.line_col(d.start).line))
        };
        assert_eq!(
            line(names.receiver(call("wg.Done()"))),
            ("wg".into(), Some(5))
        );
        assert_eq!(
            line(names.receiver(call("wg.Wait()"))),
            ("wg".into(), Some(12))
        );
        // Not a method call on a name: nothing.
        assert_eq!(names.receiver(call("make(chan int)")), None);
    }

    #[test]
    fn a_cond_is_named_by_the_goroutine_its_signal_wakes() {
        // main waits on `ready` until the goroutine signals it, then leaves
        // a sender stuck on `ch`.
        let source = "package main\n\nimport (\n\t\"sync\"\n\t\"time\"\n)\n\nfunc main() {\n\tvar mu sync.Mutex\n\tready := sync.NewCond(&mu)\n\tdone := false\n\tgo func() {\n\t\ttime.Sleep(time.Millisecond)\n\t\tmu.Lock()\n\t\tdone = true\n\t\tready.Signal()\n\t\tmu.Unlock()\n\t}()\n\tmu.Lock()\n\tfor !done {\n\t\tready.Wait()\n\t}\n\tmu.Unlock()\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n";
        let timeline = witness(source);
        let signal = timeline
            .steps
            .iter()
            .flat_map(|s| &s.handoffs)
            .find(|h| h.kind == crate::protocol::HandoffKind::Signal)
            .expect("the signal wakes main");
        let named = timeline.object(signal.object).expect("the cond is named");
        assert_eq!(
            (named.name.as_str(), named.declared_line),
            ("ready", Some(10))
        );
        // `ready.Wait()` unlocks and re-locks `mu`: never called `ready`.
        assert!(
            !timeline
                .steps
                .iter()
                .any(|s| s.event.contains("locks `ready`")),
            "{:#?}",
            timeline.steps.iter().map(|s| &s.event).collect::<Vec<_>>()
        );
        assert!(timeline
            .steps
            .iter()
            .any(|s| s.event.contains("g2 locks `mu`")));
    }
}
