//! The fixed program run "with the same schedule" by meaning, not by choice
//! index: after a fix the two programs differ (a buffer added, a `select`
//! gained a case, a goroutine fewer), so the k-th answer of the leaking run
//! may pick another goroutine, or another case, in the fixed one.
//!
//! Here each step of the leaking run is named by who took it (the function
//! a goroutine runs and which of that function's goroutines it is, in the
//! order they were started) and what it did (the code of its operation).
//! At each choice of who runs next, the fixed run gives the turn to the
//! goroutine of the leaking run's next step, about to run the same code,
//! where it still exists and can run (else to that goroutine alone, else to
//! the default order); the fixed run's own steps move it along the leaking
//! run's, skipping what the fix removed. A `select`'s case and the other
//! choices take the leaking run's answer for the same goroutine's next
//! choice of that kind.

use leakscope::engine::value::GoId;
use leakscope::engine::witness::Snapshot;
use leakscope::engine::{ChoiceKind, Machine, Mode, State};
use leakscope::model::FuncId;
use leakscope::syntax::Span;
use leakscope::verdict::Witness;

/// Who acted: a function's name and the goroutine's place among the
/// goroutines running that function (0 for the first started).
type Who = (String, u32);

/// How far ahead of where the fixed run has got the leaking run's steps
/// and choices are searched.
const LOOK_AHEAD: usize = 8;

/// Each goroutine's [`Who`], from `(id, function name)` pairs.
fn places<'a>(goroutines: impl Iterator<Item = (GoId, &'a str)>) -> Vec<(GoId, Who)> {
    // By id (ids are small and dense: slot i holds id i + 1), without a sort.
    let mut by_id: Vec<Option<(GoId, &str)>> = Vec::new();
    for (id, name) in goroutines {
        let at = id.number() as usize;
        if by_id.len() <= at {
            by_id.resize(at + 1, None);
        }
        by_id[at].get_or_insert((id, name));
    }
    let mut seen: Vec<(&str, u32)> = Vec::new();
    by_id
        .into_iter()
        .flatten()
        .map(|(id, name)| {
            let place = match seen.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => {
                    *count += 1;
                    *count - 1
                }
                None => {
                    seen.push((name, 1));
                    0
                }
            };
            (id, (name.to_string(), place))
        })
        .collect()
}

fn who(ids: &[(GoId, Who)], id: GoId) -> Option<Who> {
    ids.iter().find(|(g, _)| *g == id).map(|(_, w)| w.clone())
}

/// The code at `span`, its whitespace folded (the two programs' spans
/// differ; the code of an operation the fix did not touch does not).
fn code(source: &str, span: Option<Span>) -> String {
    span.and_then(|s| source.get(s.range()))
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The steps of a run as (who acted, the code it ran), the runtime's left
/// out; `functions` is the run's function table.
fn steps(source: &str, snapshots: &[Snapshot], functions: &[String]) -> Vec<(Who, String)> {
    let ids = places(snapshots.iter().flat_map(|s| {
        s.goroutines.iter().map(|g| {
            let name = functions
                .get(g.function as usize)
                .map_or("", String::as_str);
            (g.id, name)
        })
    }));
    snapshots
        .iter()
        .filter_map(|s| Some((who(&ids, s.actor)?, code(source, s.span))))
        .collect()
}

/// The leaking run's choices other than who runs next: (kind, who asked,
/// the answer), by replaying its schedule.
fn answers(
    machine: &Machine,
    entry: FuncId,
    schedule: &[u32],
    explored: bool,
) -> Vec<(ChoiceKind, Option<Who>, u32)> {
    let mut st = machine.start(entry, Mode::new(explored));
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(point) = machine.advance(&mut st) {
        let answer = schedule.get(i).copied().unwrap_or(0);
        if point.kind != ChoiceKind::Goroutine {
            let ids = live(machine, &st);
            out.push((point.kind, who(&ids, point.goroutine), answer));
        }
        machine.choose(&mut st, answer as usize);
        i += 1;
    }
    out
}

/// The [`Who`] of every goroutine of a running state.
fn live(machine: &Machine, st: &State) -> Vec<(GoId, Who)> {
    places(
        st.sched
            .gs
            .iter()
            .map(|g| (g.id, machine.func_name(g.func))),
    )
}

/// Runs the fixed program `machine` (its text `source`), following the
/// leaking run of `leaking` (the leaking program's machine and text, and
/// its witness) step by step, and records it.
pub fn follow(
    leaking: (&Machine, &str, FuncId, &Witness),
    fixed: (&Machine, &str, FuncId),
) -> Witness {
    let (leak_machine, leak_source, leak_entry, witness) = leaking;
    let (machine, source, entry) = fixed;
    let wanted = steps(leak_source, &witness.steps, &witness.functions);
    let mut other = answers(
        leak_machine,
        leak_entry,
        &witness.schedule,
        witness.explored,
    );
    let mut st = machine.start(entry, Mode::new(witness.explored).recording());
    let mut schedule = Vec::new();
    let (mut next, mut seen) = (0, 0);
    while let Some(point) = machine.advance(&mut st) {
        let ids = live(machine, &st);
        // The fixed run's new steps move it along the leaking run's.
        for snapshot in &st.rec.snapshots[seen..] {
            let Some(acted) = who(&ids, snapshot.actor) else {
                continue;
            };
            let done = code(source, snapshot.span);
            let ahead = wanted.iter().skip(next).take(LOOK_AHEAD);
            if let Some(k) = ahead
                .into_iter()
                .position(|(w, c)| *w == acted && *c == done)
            {
                next += k + 1;
            }
        }
        seen = st.rec.snapshots.len();
        let answer = if point.kind == ChoiceKind::Goroutine {
            let ahead: Vec<&(Who, String)> = wanted.iter().skip(next).take(LOOK_AHEAD).collect();
            let doing = |g: GoId| {
                let span = st
                    .sched
                    .gs
                    .iter()
                    .find(|x| x.id == g)
                    .map(|x| machine.current_span(x));
                code(source, span)
            };
            // The nearest step it can take as the leaking run took it (the
            // same goroutine, the same code); the very next step also by
            // the same goroutine alone (the fix changed that code).
            ahead
                .iter()
                .enumerate()
                .find_map(|(k, (w, c))| {
                    let takes = |g: &u32, same_code: bool| {
                        let g = GoId::new(*g);
                        who(&ids, g).as_ref() == Some(w) && (!same_code || doing(g) == *c)
                    };
                    let options = &point.options;
                    options.iter().position(|g| takes(g, true)).or_else(|| {
                        (k == 0).then(|| options.iter().position(|g| takes(g, false)))?
                    })
                })
                .unwrap_or(0)
        } else {
            let asker = who(&ids, point.goroutine);
            let found = other
                .iter()
                .take(LOOK_AHEAD)
                .position(|(kind, w, _)| *kind == point.kind && *w == asker);
            match found {
                Some(k) => {
                    let (_, _, answer) = other[k].clone();
                    other.drain(..=k);
                    (answer as usize).min(point.options.len().saturating_sub(1))
                }
                None => 0,
            }
        };
        schedule.push(answer as u32);
        machine.choose(&mut st, answer);
    }
    machine.finish_snapshots(&mut st);
    let output = match st.out.stdout_at_exit {
        Some(n) => st.out.stdout[..n].to_string(),
        None => st.out.stdout.clone(),
    };
    Witness {
        schedule,
        explored: witness.explored,
        functions: std::mem::take(&mut st.rec.snapshot_functions),
        output,
        steps: std::mem::take(&mut st.rec.snapshots),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze_for_editor;
    use crate::protocol::{AnalysisOptions, ExamplePair, Timeline};

    /// The goroutines that acted, in order, leaving out the runtime.
    fn actors(timeline: &Timeline) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for step in &timeline.steps {
            if step.actor != 0 && out.last() != Some(&step.actor) {
                out.push(step.actor);
            }
        }
        out
    }

    fn pair(leaking: &str, fixed: &str) -> (Timeline, Timeline) {
        let options = AnalysisOptions {
            pair: Some(ExamplePair {
                leaking: leaking.to_string(),
                fixed: fixed.to_string(),
                title: "fixed".into(),
            }),
            ..AnalysisOptions::default()
        };
        let analysis = analyze_for_editor(leaking, &options);
        let finding = analysis.findings.first().expect("a finding");
        let (_, fixed) = finding.paired_run.clone().expect("a paired run");
        (finding.witness.clone(), fixed)
    }

    /// The code of each step's operation, as the step's sentence quotes it.
    fn quoted(timeline: &Timeline) -> Vec<(u32, String)> {
        timeline
            .steps
            .iter()
            .map(|s| (s.actor, s.event.split('`').nth(1).unwrap_or("").to_string()))
            .collect()
    }

    #[test]
    fn the_fixed_run_gives_each_turn_to_the_same_goroutine_doing_the_same_thing() {
        // Three senders, one receive; the fix buffers the channel. The
        // leaking run: main blocks receiving, g2 sends to it, g3 and g4
        // block; the fixed run: the same, but g3 and g4 fill the buffer.
        let leaking = "package main\n\nfunc main() {\n\tresults := make(chan int)\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { results <- i }()\n\t}\n\tprintln(<-results)\n}\n";
        let fixed = leaking.replace("make(chan int)", "make(chan int, 3)");
        let (leak, fix) = pair(leaking, &fixed);
        assert_eq!(actors(&leak), actors(&fix));
        assert_eq!(quoted(&leak), quoted(&fix));
        assert!(
            fix.steps[1].event.contains("g1 blocks receiving"),
            "{:?}",
            fix.steps[1].event
        );
        // main returns (a step of its own), and the other two senders fill
        // the buffer.
        assert!(
            fix.steps[3].event.contains("g1 returns from `main`"),
            "{:?}",
            fix.steps[3].event
        );
        assert!(
            fix.steps[4].event.contains("buffer"),
            "{:?}",
            fix.steps[4].event
        );
    }

    /// The fixed program replayed with the leaking run's choice indexes
    /// (what the side by side showed before).
    fn by_index(fixed: &str, schedule: &[u32]) -> Vec<(u32, String)> {
        let file = leakscope::syntax::parse(fixed);
        let program = leakscope::model::lower(&file);
        let (_, entry, _) = leakscope::api::entries(&program, Some("main"), 1, true)
            .into_iter()
            .next()
            .unwrap();
        let machine = leakscope::engine::Machine::new(
            leakscope::engine::compile(program),
            leakscope::explore::ExploreConfig::browser().limits(),
        )
        .with_source(fixed);
        let run = leakscope::explore::witness(&machine, entry, schedule, true);
        run.steps
            .iter()
            .map(|s| {
                (
                    s.actor.number(),
                    s.event.split('`').nth(1).unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn where_the_same_indexes_pick_other_goroutines_the_fixed_run_still_follows() {
        // The leak needs `done` closed before the sender runs (choices
        // [1, 1]). Buffering `results` changes the fixed program's choice
        // points: its first choice lists other goroutines, and index 1 there
        // ran the sender first, a different story. By meaning, the closer
        // runs first, then the sender, whose value now waits in the buffer.
        let leaking = "package main\n\nfunc main() {\n\tresults := make(chan int)\n\tdone := make(chan struct{})\n\tgo func() { results <- 1 }()\n\tgo func() { close(done) }()\n\tselect {\n\tcase v := <-results:\n\t\tprintln(v)\n\tcase <-done:\n\t}\n}\n";
        let fixed = leaking.replace("make(chan int)", "make(chan int, 1)");
        let (leak, fix) = pair(leaking, &fixed);
        assert_eq!(quoted(&leak), quoted(&fix));
        assert_ne!(by_index(&fixed, &leak.schedule), quoted(&leak));
        // It ends differently: nobody is stuck.
        let last = fix.steps.last().unwrap();
        assert!(
            last.goroutines
                .iter()
                .all(|g| g.status != crate::protocol::GoStatus::Blocked),
            "{last:?}"
        );
    }

    #[test]
    fn every_gallery_pair_starts_the_same_way() {
        for example in crate::examples::EXAMPLES {
            let Some(pair) = crate::examples::pair_of(Some(example.id)) else {
                continue;
            };
            let (leak, fix) = self::pair(&pair.leaking, &pair.fixed);
            // The gallery's fixes keep the goroutines: the fixed run takes
            // its first turns as the leaking one does.
            assert_eq!(
                leak.steps.first().map(|s| s.actor),
                fix.steps.first().map(|s| s.actor),
                "{}",
                example.id
            );
            assert_eq!(actors(&leak)[..2], actors(&fix)[..2], "{}", example.id);
        }
    }
}
