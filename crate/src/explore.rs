//! The schedule explorer: depth-first search over the choice points of an
//! entry with partial-order reduction (DPOR-style backtrack sets from races
//! between transitions that touch the same object) and state hashing, then
//! seeded random runs when the space is too large. All bounds live in
//! [`ExploreConfig`]; the result says whether the search was exhaustive and
//! which bound stopped it.
//!
//! "Exhaustive" means: every schedule up to the reduction (sends that only
//! enqueue commute, operations on different objects commute, revisited states
//! are cut) within the modelled semantics.

use crate::engine::symmetry::Symmetry;
use crate::engine::value::{GoId, ObjId};
use crate::engine::{
    replay, Access, AccessKind, Bound, ChoiceKind, ChoicePoint, Limits, Machine, Mode, State,
};
use crate::model::FuncId;
use crate::syntax::Span;
use crate::verdict::{classify, EntryKind, Verdict, Witness};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Every bound of an exploration, with documented defaults.
#[derive(Clone, Debug, Serialize)]
pub struct ExploreConfig {
    /// Instructions executed per run (all goroutines). Infinite loops stop here.
    pub max_steps_per_run: u64,
    /// Runs (schedules), depth-first and random together. Depth-first runs
    /// cut short at a revisited state count too: they cost as much.
    pub max_schedules: u32,
    /// Wall-clock budget in milliseconds, read through the injected clock.
    pub max_wall_time_ms: f64,
    /// How long the search's first run may go on when that is longer than
    /// `max_wall_time_ms` (milliseconds): a search cut inside its first run
    /// has seen no run to its end and has nothing to say, and starting
    /// 10,000 goroutines takes longer than a keystroke's budget. The search
    /// still stops, bounded by time, right after that run.
    pub first_run_ms: f64,
    /// Seed of the random phase: the same seed gives the same result.
    pub random_seed: u64,
    /// Choice points per run that may branch; later ones take the default.
    pub max_choices_per_run: u32,
    /// Distinct states remembered for pruning.
    pub max_visited_states: usize,
    /// Heap objects held by the saved states of the depth-first stack, all
    /// together (memory bound of the search).
    pub max_saved_objects: usize,
    /// Share of `max_schedules` spent depth-first before random runs.
    pub dfs_share: f64,
    /// Call depth per goroutine.
    pub max_frames: usize,
    pub max_goroutines: usize,
    /// Heap objects per run.
    pub max_heap: usize,
    /// Build witnesses with per-step snapshots (a replay per verdict).
    pub witnesses: bool,
    /// The brute-force oracle: every interleaving, no partial-order
    /// reduction, no state cut, no early enqueue. Slow; tests compare the
    /// reduced search against it.
    pub brute_force: bool,
}

impl ExploreConfig {
    /// The value of `bound` in a search with this configuration, in the
    /// bound's own unit (goroutines, steps or choices per run, schedules,
    /// milliseconds of search, seconds of virtual time); `None` for a bound
    /// that is no number.
    pub fn limit_of(&self, bound: Bound) -> Option<u64> {
        Some(match bound {
            Bound::Goroutines => self.max_goroutines as u64,
            Bound::Steps => self.max_steps_per_run,
            Bound::Schedules => u64::from(self.max_schedules),
            Bound::Time => self.max_wall_time_ms.round() as u64,
            Bound::Depth => u64::from(self.max_choices_per_run),
            Bound::VirtualTime => (self.limits().max_virtual_time_ns / 1_000_000_000) as u64,
            Bound::Memory | Bound::BlockingCallback => return None,
        })
    }

    /// For a keystroke in the browser: about 50-100 ms.
    pub fn browser() -> ExploreConfig {
        ExploreConfig {
            max_steps_per_run: 500_000,
            max_schedules: 400,
            max_wall_time_ms: 60.0,
            first_run_ms: 400.0,
            random_seed: 1,
            max_choices_per_run: 200,
            max_visited_states: 20_000,
            max_saved_objects: 2_000_000,
            dfs_share: 0.75,
            max_frames: 256,
            max_goroutines: 20_000,
            max_heap: 100_000,
            witnesses: true,
            brute_force: false,
        }
    }

    /// For the command line and CI: seconds, not milliseconds.
    pub fn cli() -> ExploreConfig {
        ExploreConfig {
            // A loop of 100,000 channel operations is about 2 M steps; Go runs
            // it in milliseconds, so the command line follows it to the end.
            max_steps_per_run: 50_000_000,
            max_schedules: 20_000,
            max_wall_time_ms: 10_000.0,
            first_run_ms: 0.0,
            random_seed: 1,
            max_choices_per_run: 10_000,
            max_visited_states: 1_000_000,
            max_saved_objects: 4_000_000,
            dfs_share: 0.8,
            max_frames: 1_000,
            max_goroutines: 100_000,
            max_heap: 1_000_000,
            witnesses: true,
            brute_force: false,
        }
    }

    pub fn limits(&self) -> Limits {
        Limits {
            max_steps: self.max_steps_per_run,
            max_frames: self.max_frames,
            max_goroutines: self.max_goroutines,
            max_heap: self.max_heap,
            no_reduction: self.brute_force,
            ..Limits::default()
        }
    }
}

impl Default for ExploreConfig {
    fn default() -> ExploreConfig {
        ExploreConfig::cli()
    }
}

/// What an exploration found.
#[derive(Clone, Debug, Serialize)]
pub struct ExploreResult {
    pub schedules: u32,
    /// Runs cut short because they reached a state already explored.
    pub pruned: u32,
    pub states: usize,
    pub exhaustive: bool,
    pub bounded_by: Option<Bound>,
    /// One verdict per (kind, span), each with its shortest schedule.
    pub verdicts: Vec<Verdict>,
    /// Nondeterminism the default schedule resolved silently.
    pub notes: Vec<String>,
    /// Complete runs that ended with at least one verdict (a leak, deadlock,
    /// panic...), and runs that ended cleanly. Runs cut at an explored state
    /// or stopped by a per-run bound are in neither.
    pub faulty_schedules: u32,
    pub clean_schedules: u32,
    /// The shortest clean run, when some other run was faulty: the page lets
    /// a person compare the two and see where they part.
    pub clean_witness: Option<Witness>,
    /// What the program printed in the runs whose entry ended normally (no
    /// panic, fatal error or deadlock; leaks allowed), each text once, sorted.
    /// Fix verification compares them: a Safe fix keeps them.
    #[serde(skip)]
    pub normal_outputs: Vec<String>,
    /// More distinct outputs were seen than [`MAX_OUTPUTS`] keeps.
    #[serde(skip)]
    pub outputs_overflow: bool,
    /// Runs in which a test entry failed (`t.Error`, `t.Fatal`...).
    #[serde(skip)]
    pub failed_test_runs: u32,
}

/// Distinct outputs of normal runs kept per exploration.
pub const MAX_OUTPUTS: usize = 64;

/// Every this many nodes keep a copy of the state; the others are rebuilt by
/// replaying the path from the nearest copy. Cloning the whole state at every
/// choice point was most of the cost of a run, and most nodes are never
/// backtracked to.
const CHECKPOINT_EVERY: usize = 8;

struct Node {
    /// The state before the choice, kept at checkpoints only.
    state: Option<State>,
    cp: ChoicePoint,
    /// Option indexes still to explore, and those done.
    backtrack: OptionSet,
    done: OptionSet,
    trace_pos: usize,
    chosen: u32,
    path_len: usize,
    /// The state's fingerprint: a run that comes back to a state on its
    /// own path is going round a loop (see the cut).
    fingerprint: u64,
    /// Its interchangeable options, found when first backtracked to.
    classes: Option<Classes>,
}

impl Node {
    /// Schedules goroutine `p` here, or every option when `p` is not one
    /// (it was not runnable then: any order may lead to it).
    fn let_go_first(&mut self, p: GoId) {
        match self.cp.options.iter().position(|o| *o == p.number()) {
            Some(i) => self.backtrack.insert(i),
            None => self.backtrack.insert_all(self.cp.options.len()),
        }
    }
}

/// The interchangeable options of a node (issue 16; docs/ENGINE.md,
/// "Symmetry"): options whose goroutines are interchangeable
/// (`engine::symmetry`) lead to subtrees that are renamings of each other.
/// What else the explorer needs to skip one soundly: where each goroutine
/// last acted before the node and who started it.
struct Classes {
    /// Per option: the first option interchangeable with it (itself when
    /// none comes earlier); `None` for an option that is never skipped.
    class: Vec<Option<usize>>,
    /// Per class (indexed by its first option): an option of the class that
    /// was explored, not skipped.
    rep: Vec<Option<usize>>,
    who: Vec<GoId>,
    /// Per goroutine (by index): its last transition before the node; its
    /// parent and the parent's transition after the `go`
    /// (`Search::spawned`); whether it started goroutines. Vectors, not
    /// hash maps: each map type costs the worker's download its code.
    last: Vec<Option<usize>>,
    spawned: Vec<Option<(GoId, usize)>>,
    parents: Vec<bool>,
}

impl Classes {
    fn of(st: &State, node: &Node, trace: &[(GoId, Vec<Access>)]) -> Classes {
        let cp = &node.cp;
        let who: Vec<GoId> = match cp.kind {
            ChoiceKind::Goroutine => cp.options.iter().map(|&o| GoId::new(o)).collect(),
            ChoiceKind::Waiter if cp.who.len() == cp.options.len() => cp.who.clone(),
            _ => Vec::new(),
        };
        let mut class = vec![None; cp.options.len()];
        // Options sorted by key; within a key, each class by its first
        // option.
        let view = Symmetry::new(st);
        let mut keyed: Vec<(u64, usize)> = Vec::new();
        for (k, &g) in who.iter().enumerate() {
            if let Some(key) = view.key(g) {
                keyed.push((key, k));
            }
        }
        // Through `order`: one shared sort, not a copy per type.
        crate::order::sort_by_key(&mut keyed, |&k| k);
        for same in keyed.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
            let mut firsts: Vec<usize> = Vec::new();
            for &(_, k) in same {
                let first = firsts
                    .iter()
                    .copied()
                    .find(|&f| view.interchangeable(who[f], who[k]));
                class[k] = Some(first.unwrap_or(k));
                if first.is_none() {
                    firsts.push(k);
                }
            }
        }
        let mut rep = vec![None; cp.options.len()];
        for k in node.done.iter() {
            if let Some(Some(c)) = class.get(k) {
                rep[*c].get_or_insert(k);
            }
        }
        let n = st.sched.gs.len();
        let mut last = vec![None; n];
        for (pos, (g, _)) in trace[..node.trace_pos.min(trace.len())].iter().enumerate() {
            if let Some(l) = (*g != GoId::RUNTIME)
                .then(|| last.get_mut(g.index()))
                .flatten()
            {
                *l = Some(pos);
            }
        }
        let (mut spawned, mut parents) = (vec![None; n], vec![false; n]);
        for &(child, parent, at) in &st.search.spawned {
            if let Some(s) = spawned.get_mut(child.index()) {
                *s = Some((parent, at));
            }
            if let Some(p) = (parent != GoId::RUNTIME)
                .then(|| parents.get_mut(parent.index()))
                .flatten()
            {
                *p = true;
            }
        }
        Classes {
            class,
            rep,
            who,
            last,
            spawned,
            parents,
        }
    }

    /// Option `i` is being explored.
    fn explored(&mut self, i: usize) {
        if let Some(Some(c)) = self.class.get(i) {
            self.rep[*c].get_or_insert(i);
        }
    }

    /// The explored option that option `i` may be skipped for, and the
    /// position in the trace up to which the two goroutines' pasts differ
    /// (`None`: they do not), when they had the same parent and started no
    /// goroutine themselves. Their pasts differ up to the last transition
    /// of either; and up to the start of the explored one when it started
    /// after the skipped one (what its parent did before starting it is no
    /// race with it, `Search::spawned_after`, so the skipped one would race
    /// with more of the parent's past, not less).
    fn twin(&self, i: usize) -> Option<(usize, Option<usize>)> {
        let r = self.rep[(*self.class.get(i)?)?]?;
        let (a, b) = (self.who[i], self.who[r]);
        if self.parents[a.index()] || self.parents[b.index()] {
            return None;
        }
        let (pa, at_a) = (*self.spawned.get(a.index())?)?;
        let (pb, at_b) = (*self.spawned.get(b.index())?)?;
        if pa != pb {
            return None;
        }
        let last = |g: GoId| self.last[g.index()];
        let started_later = (at_b > at_a).then_some(at_b);
        Some((r, last(a).max(last(b)).max(started_later)))
    }
}

/// Skips option `i` of the last node when its goroutine is interchangeable
/// with that of an option already explored there, and doing so loses
/// nothing the partial-order reduction needs (docs/ENGINE.md, "Symmetry"):
/// the skipped subtree is a renaming of the explored one, so every race it
/// would have found is a race found there with the two goroutines swapped.
/// Such a race adds backtracking at earlier nodes; where the two
/// goroutines' pasts differ (up to `since`) the swap is no renaming, so
/// every earlier goroutine choice there must already be open to every
/// option; after it, each goroutine the explored subtree let go first is
/// mirrored by its twin. What the explored goroutine did stands for its
/// twin at later cuts, and the other way round.
fn skip_interchangeable(nodes: &mut [Node], i: usize, accesses_seen: &mut AccessesSeen) -> bool {
    let Some((last, above)) = nodes.split_last_mut() else {
        return false;
    };
    let Some((r, since)) = last.classes.as_ref().and_then(|c| c.twin(i)) else {
        return false;
    };
    let full = |n: &Node| (0..n.cp.options.len()).all(|k| n.backtrack.contains(k));
    if above.iter().any(|n| {
        n.cp.kind == ChoiceKind::Goroutine && since.is_some_and(|s| n.trace_pos <= s) && !full(n)
    }) {
        return false;
    }
    let classes = last.classes.as_ref().expect("classes");
    let (a, b) = (classes.who[i], classes.who[r]);
    for n in above
        .iter_mut()
        .filter(|n| n.cp.kind == ChoiceKind::Goroutine)
    {
        let has = |g: GoId, n: &Node| {
            n.cp.options
                .iter()
                .position(|o| *o == g.number())
                .is_some_and(|k| n.backtrack.contains(k))
        };
        let (has_a, has_b) = (has(a, n), has(b, n));
        if has_b {
            n.let_go_first(a);
        }
        if has_a {
            n.let_go_first(b);
        }
    }
    let mut union: Vec<Access> = Vec::new();
    for g in [a, b] {
        if let Some(seen) = accesses_seen.of(g) {
            for x in seen {
                if !union.contains(x) {
                    union.push(*x);
                }
            }
        }
    }
    if !union.is_empty() {
        for g in [a, b] {
            accesses_seen.set(g, union.clone());
        }
    }
    last.done.insert(i);
    true
}

/// A set of numbers that are hashes already (state fingerprints) or
/// packed keys: hashed by the state's word-at-a-time hasher, not by SipHash,
/// which cost the browser 40 ms for the 30,000 accesses of 10,000
/// goroutines.
type NumberSet = HashSet<u64, std::hash::BuildHasherDefault<crate::engine::Fnv>>;

#[derive(Default)]
struct AccessesSeen {
    /// Indexed by goroutine number (0: the runtime's timers): a vector,
    /// not a map, so the worker's download links no map type for it.
    by_goroutine: Vec<Vec<Access>>,
    /// (goroutine, access) packed in one number: the set type of the
    /// visited states, so the worker's download links no other.
    keys: NumberSet,
}

impl AccessesSeen {
    fn key(g: GoId, a: Access) -> u64 {
        u64::from(g.number()) << 36 | (a.kind as u64) << 32 | u64::from(a.obj)
    }

    fn of(&self, g: GoId) -> Option<&Vec<Access>> {
        self.by_goroutine.get(g.number() as usize)
    }

    fn slot(&mut self, g: GoId) -> &mut Vec<Access> {
        let i = g.number() as usize;
        if self.by_goroutine.len() <= i {
            self.by_goroutine.resize_with(i + 1, Vec::new);
        }
        &mut self.by_goroutine[i]
    }

    fn add(&mut self, g: GoId, a: Access) {
        if self.keys.insert(Self::key(g, a)) {
            self.slot(g).push(a);
        }
    }

    /// `g`'s list becomes `all`, which holds every access it had.
    fn set(&mut self, g: GoId, all: Vec<Access>) {
        for &a in &all {
            self.keys.insert(Self::key(g, a));
        }
        *self.slot(g) = all;
    }
}

/// A run came back to a state on its own path: it is going round a loop
/// (a goroutine polling with `select { default: }`) and the subtree below
/// that state is the one being explored, not one explored before, so the
/// cut's stand-in for it (what each goroutine did elsewhere) may lack an
/// operation that only a goroutine that has not run yet would do, one that
/// breaks the loop (closing the channel polled). Any goroutine may run at
/// any choice of the loop, as Go's scheduler lets it: let them all.
fn let_every_goroutine_break_a_loop(nodes: &mut [Node], fingerprint: u64) {
    if let Some(start) = nodes.iter().rposition(|n| n.fingerprint == fingerprint) {
        for n in &mut nodes[start..] {
            if n.cp.kind == ChoiceKind::Goroutine {
                n.backtrack.insert_all(n.cp.options.len());
            }
        }
    }
}

/// The last goroutine choice taken before transition `pos` ran (at or
/// before it): where an order in which something else runs first begins.
fn last_goroutine_choice_before(nodes: &mut [Node], pos: usize) -> Option<&mut Node> {
    let at = nodes.partition_point(|n| n.trace_pos <= pos);
    nodes[..at]
        .iter_mut()
        .rev()
        .find(|n| n.cp.kind == ChoiceKind::Goroutine)
}

/// A set of a choice point's option indexes (there are a few): one flag per
/// index, iterated in ascending order. Smaller in the worker's WebAssembly
/// than a `BTreeSet<usize>`, which linked its own B-tree code.
#[derive(Clone, Default)]
struct OptionSet(Vec<bool>);

impl OptionSet {
    fn insert(&mut self, i: usize) {
        if self.0.len() <= i {
            self.0.resize(i + 1, false);
        }
        self.0[i] = true;
    }

    /// Adds `0..n`.
    fn insert_all(&mut self, n: usize) {
        if self.0.len() < n {
            self.0.resize(n, false);
        }
        self.0[..n].fill(true);
    }

    fn contains(&self, i: usize) -> bool {
        self.0.get(i).copied().unwrap_or(false)
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, &b)| b)
            .map(|(i, _)| i)
    }
}

#[derive(Default)]
struct Collector {
    /// Each verdict with its shortest schedule and how many runs had it.
    found: Vec<(Verdict, Vec<u32>, u32)>,
    faulty: u32,
    clean: u32,
    /// The shortest clean schedule seen.
    clean_schedule: Option<Vec<u32>>,
    /// Distinct outputs of runs that ended normally.
    outputs: Vec<String>,
    outputs_overflow: bool,
    failed_tests: u32,
}

impl Collector {
    fn add(&mut self, verdicts: Vec<Verdict>, schedule: &[u32]) {
        if verdicts.is_empty() {
            self.clean += 1;
            if self
                .clean_schedule
                .as_ref()
                .is_none_or(|s| schedule.len() < s.len())
            {
                self.clean_schedule = Some(schedule.to_vec());
            }
        } else {
            self.faulty += 1;
        }
        for v in verdicts {
            match self
                .found
                .iter_mut()
                .find(|(f, _, _)| f.kind == v.kind && f.span() == v.span())
            {
                Some((f, s, runs)) => {
                    *runs += 1;
                    if schedule.len() < s.len() {
                        *f = v;
                        *s = schedule.to_vec();
                    }
                }
                None => self.found.push((v, schedule.to_vec(), 1)),
            }
        }
    }
}

/// Explores `entry`. `clock` returns milliseconds (any origin).
pub fn explore(
    machine: &Machine,
    entry: FuncId,
    kind: EntryKind,
    cfg: &ExploreConfig,
    clock: &mut dyn FnMut() -> f64,
) -> ExploreResult {
    let t0 = clock();
    let mut visited = NumberSet::default();
    let mut collector = Collector::default();
    let mut schedules = 0u32;
    let mut pruned = 0u32;
    let mut bounded_by: Option<Bound> = None;
    let dfs_budget = ((cfg.max_schedules as f64) * cfg.dfs_share).max(1.0) as u32;
    let mut notes: Vec<String> = Vec::new();

    let mut nodes: Vec<Node> = Vec::new();
    let mut st = machine.start(entry, Mode::EXPLORE);
    let mut path: Vec<u32> = Vec::new();
    // The transitions of the current path (kept out of the state so clones
    // stay small), and how many were checked for races.
    let mut trace: Vec<(GoId, Vec<Access>)> = Vec::new();
    let mut checked = 0usize;
    let mut races = RaceIndex::default();
    let mut choices_since_clock = 0u32;
    let mut exhaustive = false;
    let mut tree_done = false;
    let mut saved_objects = 0usize;
    // Every access each goroutine made anywhere in the search, for races at
    // a cut; and how much of the current trace has been added to it.
    let mut accesses_seen = AccessesSeen::default();
    let mut seen_upto = 0usize;
    // Open choices below a bounded run were given up (see below).
    let mut gave_up_subtrees = false;
    // Some run had a goroutine act after the entry returned (see below).
    let mut post_exit_seen = false;
    'dfs: loop {
        // Run forward to the end (or a revisited state).
        let mut cut = false;
        let budget = if schedules + pruned == 0 {
            cfg.max_wall_time_ms.max(cfg.first_run_ms)
        } else {
            cfg.max_wall_time_ms
        };
        loop {
            let next = machine.advance_within(&mut st, &mut || clock() - t0 > budget);
            trace.append(&mut st.search.trace);
            match next {
                None => break,
                Some(cp) => {
                    process_races(&trace, &mut checked, &mut races, &mut nodes, &st.search);
                    // A single run can be long (a loop on an opaque
                    // condition): read the clock inside it too.
                    choices_since_clock += 1;
                    if choices_since_clock >= 256 {
                        choices_since_clock = 0;
                        if clock() - t0 > budget {
                            bounded_by = Some(Bound::Time);
                            break 'dfs;
                        }
                    }
                    if nodes.len() as u32 >= cfg.max_choices_per_run {
                        bounded_by.get_or_insert(Bound::Depth);
                        let d = default_option(&cp, &st);
                        path.push(d as u32);
                        machine.choose(&mut st, d);
                        continue;
                    }
                    let h = st.fingerprint();
                    if cfg.brute_force {
                        // No state is ever cut.
                    } else if visited.len() < cfg.max_visited_states {
                        if !visited.insert(h) {
                            let_every_goroutine_break_a_loop(&mut nodes, h);
                            cut = true;
                            break;
                        }
                    } else if visited.contains(&h) {
                        let_every_goroutine_break_a_loop(&mut nodes, h);
                        cut = true;
                        break;
                    }
                    let keep = nodes.len().is_multiple_of(CHECKPOINT_EVERY);
                    if keep && saved_objects + weight(&st) > cfg.max_saved_objects {
                        bounded_by.get_or_insert(Bound::Memory);
                        let d = default_option(&cp, &st);
                        path.push(d as u32);
                        machine.choose(&mut st, d);
                        continue;
                    }
                    if keep {
                        saved_objects += weight(&st);
                    }
                    let d = default_option(&cp, &st);
                    let mut backtrack = OptionSet::default();
                    if cp.kind == ChoiceKind::Goroutine && !cfg.brute_force {
                        backtrack.insert(d);
                    } else {
                        backtrack.insert_all(cp.options.len());
                    }
                    let mut done = OptionSet::default();
                    done.insert(d);
                    let chosen = cp.options[d];
                    let state = keep.then(|| st.clone());
                    nodes.push(Node {
                        state,
                        trace_pos: trace.len(),
                        chosen,
                        cp,
                        backtrack,
                        done,
                        path_len: path.len(),
                        fingerprint: h,
                        classes: None,
                    });
                    path.push(d as u32);
                    machine.choose(&mut st, d);
                }
            }
        }
        process_races(&trace, &mut checked, &mut races, &mut nodes, &st.search);
        for (g, fp) in &trace[seen_upto.min(trace.len())..] {
            for a in fp {
                accesses_seen.add(*g, *a);
            }
        }
        seen_upto = trace.len();
        if matches!(
            st.outcome,
            Some(crate::engine::Outcome::Bounded { bound: Bound::Time })
        ) {
            // The budget ran out inside the run: it has no end to classify.
            bounded_by = Some(Bound::Time);
            break 'dfs;
        }
        let early = !cut && ended_early(&st);
        // At a cut, the entry's return may be on the path or in the subtree
        // below, with other goroutines still to act, and what they do after
        // it is unseen (Go has exited). Once the search has met such a run, a
        // cut with another goroutine alive lets every goroutine go first at
        // the last choice before the return (or the path's last choice) (the
        // differential test found a panic hidden this way behind a state
        // explored before).
        if cut && post_exit_seen {
            use crate::engine::Status;
            let alive = |g: &crate::engine::Goroutine| {
                !g.runtime && !matches!(g.status, Status::Done | Status::Panicked)
            };
            if st.sched.gs.iter().skip(1).any(alive) {
                // Before the return when it is on the path, else at the end.
                let pos = match st.search.exit_transition {
                    Some(exit) if st.entry_done => exit.saturating_sub(1),
                    _ => trace.len(),
                };
                if let Some(n) = last_goroutine_choice_before(&mut nodes, pos) {
                    n.backtrack.insert_all(n.cp.options.len());
                }
            }
        }
        if cut || early {
            // The goroutines still runnable never ran their next operation
            // (the program stopped, or the run was cut at a state explored
            // before, whose subtree this path's races never met): race them
            // against the trace as if they ran now, so the orders where they
            // act earlier are explored too.
            let len = trace.len();
            for g in (0..st.sched.gs.len()).map(GoId::of_index) {
                if let Some(fp) = machine.next_footprint(&st, g) {
                    trace.push((g, fp));
                }
                // At a cut, the explored subtree below the state: what each
                // goroutine still alive has done anywhere in the search so
                // far stands for what it may do there (an over-approximation
                // of the subtree's transitions; equal states have equal ids).
                let alive = !matches!(
                    st.sched.gs[g.index()].status,
                    crate::engine::Status::Done | crate::engine::Status::Panicked
                );
                if cut && alive {
                    if let Some(seen) = accesses_seen.of(g) {
                        trace.extend(seen.iter().map(|a| (g, vec![*a])));
                    }
                }
            }
            process_races(&trace, &mut checked, &mut races, &mut nodes, &st.search);
            trace.truncate(len);
            checked = len;
            races.truncate(len);
        }
        if early {
            // The transition that ended the program conflicts with every
            // later operation of every other goroutine, which the run never
            // saw: let each of them go first at the last scheduling point.
            let last = trace.len().saturating_sub(1);
            if let Some(n) = last_goroutine_choice_before(&mut nodes, last) {
                n.backtrack.insert_all(n.cp.options.len());
            }
        }
        if !cut {
            post_exit_seen |= race_failures_after_exit(&st, &trace, &mut nodes);
        }
        if cut {
            pruned += 1;
        } else {
            schedules += 1;
            finish_run(
                machine,
                &st,
                kind,
                &path,
                &mut collector,
                &mut bounded_by,
                &mut notes,
            );
        }
        // A run cut by a per-run bound (a loop that never ends, memory): the
        // search cannot be exhaustive any more, and depth-first would spend
        // its budget permuting the tail of such long runs while an early
        // choice that matters (the caller's error path) waits. Go on from
        // the shallowest open choice instead, giving up the deeper ones.
        if !cut && matches!(st.outcome, Some(crate::engine::Outcome::Bounded { .. })) {
            let open = |n: &Node| n.backtrack.iter().any(|i| !n.done.contains(i));
            if let Some(j) = nodes.iter().position(open) {
                while nodes.len() > j + 1 {
                    if let Some(Some(state)) = nodes.pop().map(|n| n.state) {
                        saved_objects = saved_objects.saturating_sub(weight(&state));
                    }
                }
                gave_up_subtrees = true;
            }
        }
        if schedules + pruned >= dfs_budget {
            bounded_by.get_or_insert(Bound::Schedules);
            break 'dfs;
        }
        // Out of time, the search stops at the next option to explore; if
        // none is left (the rest was skipped as interchangeable, say) it
        // was exhaustive all the same.
        let out_of_time = clock() - t0 > cfg.max_wall_time_ms;
        // Backtrack to the deepest node with an unexplored option.
        loop {
            let depth = nodes.len();
            // A node between checkpoints gets its state replayed from the
            // nearest one each time it is backtracked to, and not kept:
            // keeping it would grow memory past the saved-objects budget.
            let mut rebuilt = None;
            if depth > 0 && nodes[depth - 1].state.is_none() {
                let has_next = {
                    let node = &nodes[depth - 1];
                    node.backtrack.iter().any(|i| !node.done.contains(i))
                };
                if has_next {
                    rebuilt = Some(rebuild_state(machine, &nodes, &path));
                }
            }
            // Interchangeable options are found once per node, when it
            // has another option to explore.
            if depth > 0 && !cfg.brute_force && nodes[depth - 1].classes.is_none() {
                let n = &nodes[depth - 1];
                let has_next = n.backtrack.iter().any(|i| !n.done.contains(i));
                if let Some(s) = rebuilt.as_ref().or(n.state.as_ref()).filter(|_| has_next) {
                    let c = Classes::of(s, n, &trace);
                    nodes[depth - 1].classes = Some(c);
                }
            }
            let open: Vec<usize> = nodes
                .last()
                .map(|n| {
                    n.backtrack
                        .iter()
                        .filter(|&i| !n.done.contains(i))
                        .collect()
                })
                .unwrap_or_default();
            let next = open
                .into_iter()
                .find(|&i| !skip_interchangeable(&mut nodes, i, &mut accesses_seen));
            let Some(node) = nodes.last_mut() else {
                exhaustive = !gave_up_subtrees;
                tree_done = !gave_up_subtrees;
                break 'dfs;
            };
            match next {
                Some(_) if out_of_time => {
                    bounded_by = Some(Bound::Time);
                    break 'dfs;
                }
                Some(i) => {
                    if let Some(c) = node.classes.as_mut() {
                        c.explored(i);
                    }
                    node.done.insert(i);
                    st = match rebuilt.take() {
                        Some(state) => state,
                        None => node.state.clone().expect("state kept or rebuilt"),
                    };
                    path.truncate(node.path_len);
                    trace.truncate(node.trace_pos);
                    seen_upto = seen_upto.min(node.trace_pos);
                    checked = checked.min(node.trace_pos);
                    races.truncate(checked);
                    path.push(i as u32);
                    node.chosen = node.cp.options[i];
                    machine.choose(&mut st, i);
                    break;
                }
                None => {
                    if let Some(Some(state)) = nodes.pop().map(|n| n.state) {
                        saved_objects = saved_objects.saturating_sub(weight(&state));
                    }
                }
            }
        }
    }
    if exhaustive && bounded_by == Some(Bound::Depth) {
        exhaustive = false;
    }
    if schedules == 0 {
        // Every run was cut (each went round a loop back to a state on its
        // own path): nothing was seen to its end.
        exhaustive = false;
    }
    if exhaustive && bounded_by.is_some() && bounded_by != Some(Bound::Depth) {
        // A run hit a per-run bound (steps, memory...): not everything was seen.
        exhaustive = false;
    }
    // Random phase.
    if !tree_done && bounded_by != Some(Bound::Time) {
        let mut rng = cfg.random_seed.max(1);
        while schedules + pruned < cfg.max_schedules {
            if clock() - t0 > cfg.max_wall_time_ms {
                bounded_by = Some(Bound::Time);
                break;
            }
            random_run(
                machine,
                entry,
                kind,
                &mut rng,
                &mut collector,
                &mut bounded_by,
                &mut notes,
                &mut || clock() - t0 > cfg.max_wall_time_ms,
            );
            schedules += 1;
        }
        if schedules + pruned >= cfg.max_schedules {
            bounded_by.get_or_insert(Bound::Schedules);
        }
    }
    // The default schedule (Go's run queue with one P) is one more run and a
    // cheap one: what it shows is real even where the search's reduction or
    // budget missed it (`run` once found leaks that `explore` did not).
    // It gets a fifth of the budget past the search's own, however much of
    // that the search used.
    let default_deadline = clock().max(t0 + cfg.max_wall_time_ms) + cfg.max_wall_time_ms / 5.0;
    let default_run =
        crate::engine::run_default_within(machine, entry, &mut || clock() > default_deadline);
    let default_cut = matches!(
        default_run.outcome,
        Some(crate::engine::Outcome::Bounded { bound: Bound::Time })
    );
    if default_cut {
        // Cut, it has no end to classify (and its witness would replay it
        // without a budget).
        bounded_by.get_or_insert(Bound::Time);
    }
    let default_verdicts = if default_cut {
        Vec::new()
    } else {
        classify(machine, &default_run, kind)
    };
    let from_default: Vec<Verdict> = default_verdicts
        .into_iter()
        .filter(|v| {
            !collector
                .found
                .iter()
                .any(|(f, _, _)| f.kind == v.kind && f.span() == v.span())
        })
        .collect();
    let clean_witness = match (&collector.clean_schedule, collector.faulty) {
        (Some(schedule), 1..) if cfg.witnesses => Some(witness(machine, entry, schedule, true)),
        _ => None,
    };
    let (faulty_schedules, clean_schedules) = (collector.faulty, collector.clean);
    let mut normal_outputs = std::mem::take(&mut collector.outputs);
    crate::order::sort_by(&mut normal_outputs, |a, b| a.cmp(b));
    let mut verdicts: Vec<Verdict> = Vec::new();
    // (verdict, schedule, runs, whether the schedule is the explorer's).
    let mut found: Vec<(Verdict, Vec<u32>, u32, bool)> = collector
        .found
        .into_iter()
        .map(|(v, s, runs)| (v, s, runs, true))
        .chain(from_default.into_iter().map(|v| (v, Vec::new(), 1, false)))
        .collect();
    crate::order::sort_by_key(&mut found, |a| (a.0.kind, a.0.range.span.start));
    for (mut v, schedule, runs, explored) in found {
        v.runs = runs;
        v.witness = if cfg.witnesses {
            witness(machine, entry, &schedule, explored)
        } else {
            Witness {
                schedule,
                explored,
                ..Witness::default()
            }
        };
        verdicts.push(v);
    }
    ExploreResult {
        schedules,
        pruned,
        states: visited.len(),
        exhaustive,
        bounded_by: if exhaustive { None } else { bounded_by },
        verdicts,
        notes,
        faulty_schedules,
        clean_schedules,
        clean_witness,
        normal_outputs,
        outputs_overflow: collector.outputs_overflow,
        failed_test_runs: collector.failed_tests,
    }
}

/// A goroutine that panicked after the entry returned did so in a run where
/// Go had already exited, so it is no finding there; but its failing
/// operation races with the entry's return. Schedule it before the entry's
/// last transition, so the run where it fails first is explored.
fn race_failures_after_exit(st: &State, trace: &[(GoId, Vec<Access>)], nodes: &mut [Node]) -> bool {
    use crate::engine::Status;
    let failed: Vec<GoId> = st
        .sched
        .gs
        .iter()
        .filter(|g| g.status == Status::Panicked)
        .map(|g| g.id)
        .collect();
    if !st.entry_done {
        return false;
    }
    // Goroutines that acted after the entry returned did so unseen (Go had
    // exited): in another order they act before the return, and whatever
    // they do then (a panic, a wake-up that leads to one) counts. The
    // return conflicts with all of it: every goroutine may go first at the
    // last choice before it.
    let acted_after = st.search.exit_transition.is_some_and(|exit| {
        trace.iter().skip(exit).any(|(g, _)| {
            *g != GoId::ENTRY && st.sched.gs.get(g.index()).is_some_and(|g| !g.runtime)
        })
    });
    // The entry's last transition: its return may be recorded only after
    // another goroutine's transition that ran while the entry finished its
    // local code (the differential test's seed 6774, twins: a select was
    // main's last operation), so the choice before that transition is where
    // the others must go first too.
    let last_of_entry = trace.iter().rposition(|(g, _)| *g == GoId::ENTRY);
    if acted_after {
        let exit = st.search.exit_transition.unwrap_or(0).saturating_sub(1);
        for pos in [Some(exit), last_of_entry].into_iter().flatten() {
            if let Some(n) = last_goroutine_choice_before(nodes, pos) {
                n.backtrack.insert_all(n.cp.options.len());
            }
        }
    }
    if failed.is_empty() {
        return acted_after;
    }
    // Where the entry returned: after its last transition, or later (a
    // goroutine it waited for may have woken it, and the return itself is
    // no transition). The last choice before that point is where the
    // failing goroutine must go first.
    let Some(exit) = st
        .search
        .exit_transition
        .map(|n| n.saturating_sub(1))
        .max(last_of_entry)
    else {
        return acted_after;
    };
    for pos in [Some(exit), last_of_entry].into_iter().flatten() {
        if let Some(n) = last_goroutine_choice_before(nodes, pos) {
            for &p in &failed {
                n.let_go_first(p);
            }
        }
    }
    acted_after
}

/// One run with every choice drawn from `rng` (xorshift: the same seed gives
/// the same runs on every platform).
#[allow(clippy::too_many_arguments)]
fn random_run(
    machine: &Machine,
    entry: FuncId,
    kind: EntryKind,
    rng: &mut u64,
    collector: &mut Collector,
    bounded_by: &mut Option<Bound>,
    notes: &mut Vec<String>,
    out_of_time: &mut dyn FnMut() -> bool,
) {
    let mut st = machine.start(entry, Mode::EXPLORE);
    let mut path = Vec::new();
    while let Some(cp) = machine.advance_within(&mut st, out_of_time) {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        let i = (*rng % cp.options.len().max(1) as u64) as usize;
        path.push(i as u32);
        machine.choose(&mut st, i);
    }
    if matches!(
        st.outcome,
        Some(crate::engine::Outcome::Bounded { bound: Bound::Time })
    ) {
        *bounded_by = Some(Bound::Time);
        return;
    }
    finish_run(machine, &st, kind, &path, collector, bounded_by, notes);
}

/// Whether a run ended while other goroutines could still act: a panic, a
/// fatal error or `os.Exit` stops the program mid-way.
fn ended_early(st: &State) -> bool {
    use crate::engine::Outcome;
    matches!(
        st.outcome,
        Some(Outcome::Panic { .. } | Outcome::Fatal { .. } | Outcome::Exit { .. })
    )
}

/// What a kept state costs in the saved-objects budget: its objects and the
/// array elements the run allocated. Counting objects alone let a loop that
/// makes a 32 KB buffer per iteration keep thousands of states of 1 M
/// elements each (a fuzz case grew past 20 GB).
fn weight(st: &State) -> usize {
    st.heap.len().saturating_add(st.cells as usize)
}

/// The state at the last node, replayed from the nearest kept state along
/// the current path (the run is deterministic given its choices).
fn rebuild_state(machine: &Machine, nodes: &[Node], path: &[u32]) -> State {
    let last = nodes.len() - 1;
    let from = (0..=last)
        .rev()
        .find(|&j| nodes[j].state.is_some())
        .expect("the first node keeps its state");
    let mut st = nodes[from].state.clone().expect("kept state");
    for &answer in &path[nodes[from].path_len..nodes[last].path_len] {
        machine.choose(&mut st, answer as usize);
        let next = machine.advance(&mut st);
        st.search.trace.clear();
        if next.is_none() {
            break;
        }
    }
    st
}

fn finish_run(
    machine: &Machine,
    st: &State,
    kind: EntryKind,
    path: &[u32],
    collector: &mut Collector,
    bounded_by: &mut Option<Bound>,
    notes: &mut Vec<String>,
) {
    let ended = match &st.outcome {
        Some(crate::engine::Outcome::Bounded { bound }) => {
            bounded_by.get_or_insert(*bound);
            false
        }
        _ => true,
    };
    for n in &st.facts.notes {
        if !notes.contains(n) {
            notes.push(n.clone());
        }
    }
    let (verdicts, dropped) = crate::verdict::classify_counting_dropped(machine, st, kind);
    for n in dropped {
        if !notes.iter().any(|m| m == n) {
            notes.push(n.to_string());
        }
    }
    if ended {
        if st.test_failed() {
            collector.failed_tests += 1;
        }
        if matches!(st.outcome, None | Some(crate::engine::Outcome::Finished)) {
            let output = match st.out.stdout_at_exit {
                Some(n) => &st.out.stdout[..n],
                None => st.out.stdout.as_str(),
            };
            if !collector.outputs.iter().any(|o| o == output) {
                if collector.outputs.len() < MAX_OUTPUTS {
                    collector.outputs.push(output.to_string());
                } else {
                    collector.outputs_overflow = true;
                }
            }
        }
    }
    // Blocked-at-exit in one schedule and a leak in another are both kept:
    // the rules layer decides how to present them. A run stopped by a bound
    // did not end, so it counts as clean only if it ended.
    if ended || !verdicts.is_empty() {
        collector.add(verdicts, path);
    }
}

/// The default answer: keep running the goroutine that ran last (as Go does
/// until it blocks), else the first option.
fn default_option(cp: &ChoicePoint, st: &State) -> usize {
    if cp.kind == ChoiceKind::Goroutine {
        let first = if cp.goroutine == GoId::RUNTIME {
            st.sched.last_runner
        } else {
            cp.goroutine
        };
        if let Some(i) = cp.options.iter().position(|g| *g == first.number()) {
            return i;
        }
    }
    0
}

/// The latest touch of an object with one access kind, and the latest by
/// a goroutine other than that one's (a transition's own goroutine never
/// races with itself).
#[derive(Clone, Copy, Default)]
struct Latest {
    last: Option<(usize, GoId)>,
    other: Option<(usize, GoId)>,
}

impl Latest {
    fn by_other_than(&self, goroutine: GoId) -> Option<usize> {
        match self.last {
            Some((pos, g)) if g != goroutine => Some(pos),
            _ => self.other.map(|(pos, _)| pos),
        }
    }
}

const KINDS: [AccessKind; 8] = [
    AccessKind::Strong,
    AccessKind::SendEnqueue,
    AccessKind::RecvEnqueue,
    AccessKind::Append,
    AccessKind::TakeFront,
    AccessKind::CounterAboveZero,
    AccessKind::Observe,
    AccessKind::Guarded,
];

fn kind_index(kind: AccessKind) -> usize {
    KINDS
        .iter()
        .position(|k| *k == kind)
        .expect("every kind listed")
}

/// What the race check knows of one object: per access kind the latest
/// touches, and every append (a send that finds the buffer full races with
/// each of them).
#[derive(Default)]
struct ObjTouches {
    latest: [Latest; 8],
    appends: Vec<(usize, GoId)>,
}

/// The trace's accesses grouped by object and kind, so the race check of a
/// new transition costs a few lookups, not a scan. Scanning the whole trace
/// made every run quadratic in its length (a loop receiving ticks scanned
/// every earlier tick), and walking an object's commuting touches made
/// 10,000 senders on one channel quadratic too.
#[derive(Default)]
struct RaceIndex {
    by_obj: HashMap<ObjId, ObjTouches>,
    /// What each added touch replaced, to undo it: (trace position, object,
    /// kind index, the previous latest touches).
    log: Vec<(usize, ObjId, usize, Latest)>,
}

impl RaceIndex {
    fn add(&mut self, pos: usize, goroutine: GoId, access: &Access) {
        let touches = self.by_obj.entry(access.obj).or_default();
        let k = kind_index(access.kind);
        let before = touches.latest[k];
        self.log.push((pos, access.obj, k, before));
        let latest = &mut touches.latest[k];
        match latest.last {
            Some((_, g)) if g == goroutine => {}
            previous => latest.other = previous,
        }
        latest.last = Some((pos, goroutine));
        if access.kind == AccessKind::Append {
            touches.appends.push((pos, goroutine));
        }
    }

    /// Forgets the touches of transitions at `len` and after.
    fn truncate(&mut self, len: usize) {
        while let Some(&(pos, obj, k, before)) = self.log.last() {
            if pos < len {
                break;
            }
            self.log.pop();
            let touches = self.by_obj.get_mut(&obj).expect("logged object");
            touches.latest[k] = before;
            if KINDS[k] == AccessKind::Append {
                touches.appends.pop();
            }
        }
    }

    /// Earlier appends to `obj` by goroutines other than `goroutine`.
    fn appends_by_others(&self, goroutine: GoId, obj: ObjId) -> Vec<usize> {
        self.by_obj
            .get(&obj)
            .map(|t| {
                t.appends
                    .iter()
                    .filter(|(_, g)| *g != goroutine)
                    .map(|(pos, _)| *pos)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The latest earlier transition of another goroutine whose access to
    /// `access.obj` conflicts with `access`.
    fn latest_conflict(&self, goroutine: GoId, access: &Access) -> Option<usize> {
        let touches = self.by_obj.get(&access.obj)?;
        KINDS
            .iter()
            .zip(&touches.latest)
            .filter(|(kind, _)| !access.kind.commutes(**kind))
            .filter_map(|(_, latest)| latest.by_other_than(goroutine))
            .max()
    }
}

/// DPOR: for each new transition, find the latest earlier transition of
/// another goroutine that conflicts with it, and schedule the reverse order
/// at that transition's choice point.
fn process_races(
    trace: &[(GoId, Vec<Access>)],
    checked: &mut usize,
    races: &mut RaceIndex,
    nodes: &mut [Node],
    search: &crate::engine::Search,
) {
    for k in *checked..trace.len() {
        let (p, fp) = (trace[k].0, &trace[k].1);
        let latest = fp.iter().filter_map(|a| races.latest_conflict(p, a)).max();
        // Appends commute with each other, so no chain of conflicts orders
        // them; yet which sender finds the buffer full depends on their
        // order. A send that finds it full races with every earlier append
        // by another goroutine, not only the latest.
        let appends: Vec<usize> = fp
            .iter()
            .filter(|a| a.kind == AccessKind::SendEnqueue)
            .flat_map(|a| races.appends_by_others(p, a.obj))
            .filter(|&l| Some(l) != latest)
            .collect();
        for l in latest.into_iter().chain(appends) {
            let q = trace[l].0;
            if search.spawned_after(q, l, p) {
                // `q` started `p` (or its ancestor) after transition `l`:
                // ordered, no race.
                continue;
            }
            // Nodes are in trace order: look only at those taken right before
            // transition `l`.
            let from = nodes.partition_point(|n| n.trace_pos < l);
            let to = nodes.partition_point(|n| n.trace_pos <= l);
            if let Some(n) = nodes[from..to]
                .iter_mut()
                .rev()
                .find(|n| n.cp.kind == ChoiceKind::Goroutine && n.chosen == q.number())
            {
                n.let_go_first(p);
            } else if let Some(n) = from
                .checked_sub(1)
                .and_then(|before| last_goroutine_choice_before(nodes, nodes[before].trace_pos))
            {
                // Transition `l` ran without a choice of its own (an operation
                // that only enqueued its goroutine, or the entry's first
                // step): the reverse order can only start at an earlier
                // scheduling point. Dropping the race here let the search
                // call itself exhaustive with the other order never run.
                n.backtrack.insert_all(n.cp.options.len());
            }
        }
        for a in fp {
            races.add(k, p, a);
        }
    }
    *checked = trace.len();
}

/// Replays a schedule with recording on and packs the witness.
pub fn witness(machine: &Machine, entry: FuncId, schedule: &[u32], explored: bool) -> Witness {
    let mut st = replay(machine, entry, schedule, Mode::new(explored).recording());
    machine.finish_snapshots(&mut st);
    let output = match st.out.stdout_at_exit {
        Some(n) => st.out.stdout[..n].to_string(),
        None => st.out.stdout.clone(),
    };
    Witness {
        schedule: schedule.to_vec(),
        explored,
        functions: st.rec.snapshot_functions,
        output,
        steps: st.rec.snapshots,
    }
}

/// The result of the default schedule (`leakscope run`).
#[derive(Clone, Debug, Serialize)]
pub struct RunResult {
    /// Standard output up to the moment the program would have exited.
    pub stdout: String,
    pub stderr: String,
    pub outcome: Option<crate::engine::Outcome>,
    pub verdicts: Vec<Verdict>,
    pub notes: Vec<String>,
    pub steps: u64,
}

/// Runs `entry` on the default schedule (Go's run queue with one P) and
/// classifies the result.
pub fn run_default_schedule(
    machine: &Machine,
    entry: FuncId,
    kind: EntryKind,
    witnesses: bool,
) -> RunResult {
    let st = crate::engine::run_default(machine, entry);
    let stdout = match st.out.stdout_at_exit {
        Some(n) => st.out.stdout[..n].to_string(),
        None => st.out.stdout.clone(),
    };
    let mut verdicts = classify(machine, &st, kind);
    if witnesses {
        let w = witness(machine, entry, &[], false);
        for v in &mut verdicts {
            v.witness = w.clone();
        }
    }
    RunResult {
        stdout,
        stderr: st.out.stderr.clone(),
        outcome: st.outcome.clone(),
        verdicts,
        notes: st.facts.notes.clone(),
        steps: st.steps,
    }
}

/// Keeps `Span` in this module's public vocabulary for documentation links.
pub type SourceSpan = Span;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile;
    use crate::verdict::VerdictKind;
    use crate::{model, syntax};

    fn setup(src: &str) -> (Machine, FuncId) {
        let program = model::lower(&syntax::parse(src));
        let main = program.func_by_name("main").expect("main");
        (
            Machine::new(compile(program), ExploreConfig::cli().limits()),
            main,
        )
    }

    fn n_writers(n: usize) -> String {
        format!("package main\nfunc main() {{\n\tch := make(chan int)\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo func() {{\n\t\t\tch <- i\n\t\t}}()\n\t}}\n\t<-ch\n}}\n")
    }

    #[test]
    fn sixteen_writers_explore_quickly_and_exhaustively() {
        let (m, main) = setup(&n_writers(16));
        let mut cfg = ExploreConfig::cli();
        cfg.witnesses = false;
        let r = explore(&m, main, EntryKind::Main, &cfg, &mut || 0.0);
        assert!(r.exhaustive);
        assert!(r.schedules <= 64, "{} schedules", r.schedules);
        assert_eq!(r.verdicts.len(), 1);
        assert_eq!(r.verdicts[0].kind, VerdictKind::Leak);
        assert_eq!(r.verdicts[0].goroutines.len(), 15);
    }

    /// `n` senders that main waits for after taking one value: Go reports
    /// "all goroutines are asleep" at `wg.Wait()` (line 16). `value` is what
    /// each sends: `1` (interchangeable senders) or `i` (each its own).
    fn many_senders(n: usize, value: &str) -> String {
        format!("package main\n\nimport \"sync\"\n\nfunc main() {{\n\tch := make(chan int)\n\tvar wg sync.WaitGroup\n\tfor i := 0; i < {n}; i++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\tch <- {value}\n\t\t}}()\n\t}}\n\t<-ch\n\twg.Wait()\n}}\n")
    }

    fn explore_cli(src: &str) -> ExploreResult {
        let (m, main) = setup(src);
        let mut cfg = ExploreConfig::cli();
        cfg.witnesses = false;
        explore(&m, main, EntryKind::Main, &cfg, &mut || 0.0)
    }

    fn deadlock_line(r: &ExploreResult, src: &str) -> Option<usize> {
        let v = r
            .verdicts
            .iter()
            .find(|v| v.kind == VerdictKind::Deadlock)?;
        Some(src[..v.span().start as usize].lines().count())
    }

    /// Issue 16: identical senders are interchangeable, so main's receive
    /// wakes one of them, not each in turn; 3, 50 and 10,000 senders cost
    /// one schedule, and the search is still exhaustive (before: one
    /// schedule per sender, and 10,000 ran out of time).
    #[test]
    fn identical_senders_are_explored_as_one() {
        let mut counts = Vec::new();
        for n in [3, 50, 10_000] {
            let src = many_senders(n, "1");
            let r = explore_cli(&src);
            assert!(r.exhaustive, "{n} senders: {:?}", r.bounded_by);
            assert_eq!(deadlock_line(&r, &src), Some(16), "{n} senders");
            counts.push(r.schedules);
        }
        assert_eq!(counts, [1, 1, 1]);
    }

    /// `n` identical workers ranging over a jobs channel that gets `jobs`
    /// values, then closed; main waits for them.
    fn worker_pool(n: usize, jobs: usize) -> String {
        format!("package main\n\nimport \"sync\"\n\nfunc main() {{\n\tjobs := make(chan int)\n\tresults := make(chan int, 100)\n\tvar wg sync.WaitGroup\n\tfor w := 0; w < {n}; w++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\tfor j := range jobs {{\n\t\t\t\tresults <- j * 2\n\t\t\t}}\n\t\t}}()\n\t}}\n\tfor j := 0; j < {jobs}; j++ {{\n\t\tjobs <- j\n\t}}\n\tclose(jobs)\n\twg.Wait()\n}}\n")
    }

    /// Idle workers are interchangeable, so the pool's size does not
    /// multiply the schedules (before: 33 for 3 workers and one job, 4,132
    /// and not exhaustive for 50).
    #[test]
    fn the_size_of_a_pool_of_identical_workers_costs_no_schedules() {
        let count = |n, jobs| {
            let r = explore_cli(&worker_pool(n, jobs));
            assert!(r.exhaustive, "{n} workers, {jobs} jobs: {:?}", r.bounded_by);
            assert!(r.verdicts.is_empty(), "{n} workers, {jobs} jobs");
            r.schedules
        };
        assert_eq!(count(3, 1), count(50, 1));
        assert_eq!(count(4, 2), count(50, 2));
    }

    /// A function deferred while a panic unwinds runs its operations as
    /// any other. The explorer took it for part of the unwinding (no next
    /// operation), brought it to its first one again and again without
    /// running it, and reported a livelock (database/sql's
    /// `TestDriverPanic`: "loops forever without changing anything").
    #[test]
    fn a_function_deferred_while_panicking_runs_its_operations() {
        let src = "package main\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n\nvar mu sync.Mutex\n\nfunc release() {\n\tmu.Lock()\n\tmu.Unlock()\n}\n\nfunc f() {\n\tdefer func() {\n\t\trelease()\n\t}()\n\tpanic(\"driver\")\n}\n\nfunc main() {\n\tdefer func() { fmt.Println(\"recovered:\", recover()) }()\n\tf()\n}\n";
        let r = explore_cli(src);
        assert!(r.exhaustive, "{:?}", r.bounded_by);
        assert!(r.verdicts.is_empty(), "{:?}", r.verdicts);
    }

    /// Senders that send their own loop variable are not interchangeable
    /// (which one main takes is observable): every one is tried.
    #[test]
    fn senders_of_different_values_are_each_explored() {
        let src = many_senders(5, "i");
        let r = explore_cli(&src);
        assert!(r.exhaustive);
        assert_eq!(r.schedules, 5);
        assert_eq!(deadlock_line(&r, &src), Some(16));
    }

    /// What tells goroutines apart may be only a value they captured: the
    /// panic happens only when main takes the sender of 2 first, which a
    /// search that took the senders for interchangeable would miss.
    #[test]
    fn a_captured_value_that_decides_the_outcome_is_not_merged_away() {
        let src = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() {\n\t\t\tv := i\n\t\t\tch <- v\n\t\t}()\n\t}\n\tif <-ch == 2 {\n\t\tpanic(\"the last sender came first\")\n\t}\n}\n";
        let r = explore_cli(src);
        assert!(r.exhaustive);
        assert!(
            r.verdicts.iter().any(|v| v.kind == VerdictKind::Panic),
            "{:?}",
            r.verdicts.iter().map(|v| v.kind).collect::<Vec<_>>()
        );
    }

    /// Sixteen WaitGroup workers that read the variables they captured:
    /// reading what was set up before the `go` is no race, and a goroutine's
    /// first reads are no transitions of their own (with either, plain
    /// memory accesses made this 62 schedules, or 18,546 and not
    /// exhaustive, instead of 6).
    #[test]
    fn captured_variables_read_by_workers_are_no_races() {
        let src = "package main\nimport \"sync\"\nfunc main() {\n\tvar wg sync.WaitGroup\n\tres := make(chan int, 16)\n\tfor i := 0; i < 16; i++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tres <- i * i\n\t\t}()\n\t}\n\twg.Wait()\n\tclose(res)\n\tsum := 0\n\tfor v := range res {\n\t\tsum += v\n\t}\n\tprintln(sum)\n}\n";
        let (m, main) = setup(src);
        let mut cfg = ExploreConfig::cli();
        cfg.witnesses = false;
        let r = explore(&m, main, EntryKind::Main, &cfg, &mut || 0.0);
        assert!(r.exhaustive);
        assert!(r.schedules <= 6, "{} schedules", r.schedules);
        assert!(r.verdicts.is_empty());
    }

    #[test]
    fn same_source_and_config_give_the_same_result() {
        let src = include_str!("../testdata/engine/worker_pool_ok.go");
        let (m, main) = setup(src);
        let cfg = ExploreConfig::browser();
        let a = explore(&m, main, EntryKind::Main, &cfg, &mut || 0.0);
        let b = explore(&m, main, EntryKind::Main, &cfg, &mut || 0.0);
        assert_eq!(a.schedules, b.schedules);
        assert_eq!(a.states, b.states);
        assert_eq!(
            serde_json::to_string(&a.verdicts).unwrap(),
            serde_json::to_string(&b.verdicts).unwrap()
        );
    }

    #[test]
    fn a_witness_replays_to_the_same_verdict() {
        let src = include_str!("../testdata/engine/abba.go");
        let (m, main) = setup(src);
        let r = explore(
            &m,
            main,
            EntryKind::Main,
            &ExploreConfig::cli(),
            &mut || 0.0,
        );
        let v = r
            .verdicts
            .iter()
            .find(|v| v.kind == VerdictKind::Deadlock)
            .expect("AB-BA deadlock found");
        let st = replay(&m, main, &v.witness.schedule, Mode::EXPLORE);
        let again = classify(&m, &st, EntryKind::Main);
        assert!(again
            .iter()
            .any(|w| w.kind == VerdictKind::Deadlock && w.span() == v.span()));
        assert!(!v.witness.steps.is_empty());
        // Snapshots are compact: small ints and spans, names in one table.
        let json = serde_json::to_string(&v.witness).unwrap();
        assert!(json.len() < 20_000, "{} bytes", json.len());
    }

    #[test]
    fn the_timeout_leak_needs_exploration_of_an_opaque_call() {
        let src = include_str!("../testdata/engine/timeout_opaque_call.go");
        let (m, main) = setup(src);
        let default = run_default_schedule(&m, main, EntryKind::Main, false);
        assert!(
            default.verdicts.is_empty(),
            "the default schedule finishes the call at once"
        );
        let r = explore(
            &m,
            main,
            EntryKind::Main,
            &ExploreConfig::cli(),
            &mut || 0.0,
        );
        assert!(r.verdicts.iter().any(|v| v.kind == VerdictKind::Leak));
        assert!(r.exhaustive);
    }

    #[test]
    fn a_ticker_loop_left_running_after_main_stops_ticking_soon() {
        let src = "package main\nimport \"time\"\nfunc main() {\n\tgo func() {\n\t\tfor range time.Tick(time.Millisecond) {\n\t\t}\n\t}()\n\ttime.Sleep(time.Millisecond)\n}\n";
        let (m, main) = setup(src);
        // Before the post-exit cap the ticker fired until the one-hour
        // horizon (3.6 million ticks): the run ended at the step bound.
        let run = run_default_schedule(&m, main, EntryKind::Main, true);
        assert_eq!(run.outcome, Some(crate::engine::Outcome::Finished));
        assert!(run.steps < 2_000, "{} steps", run.steps);
        let mut cfg = ExploreConfig::cli();
        cfg.witnesses = true;
        let r = explore(&m, main, EntryKind::Main, &cfg, &mut || 0.0);
        assert!(r.exhaustive, "{:?}", r.bounded_by);
        for v in &r.verdicts {
            assert!(
                v.witness.steps.len() < 200,
                "{} steps",
                v.witness.steps.len()
            );
        }
    }

    /// A run that never asks a choice (one goroutine counting forever, never
    /// back in a state it was in) still stops at the wall-clock budget: the
    /// budget is read inside `advance`, not only between choices (a fuzz
    /// case once ran for over ten minutes inside one run). Before, this run
    /// went on to the step bound.
    #[test]
    fn the_wall_clock_bound_reaches_inside_a_run_without_choices() {
        let src = "package main\nfunc main() {\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n";
        let program = model::lower(&syntax::parse(src));
        let main = program.func_by_name("main").expect("main");
        let mut cfg = ExploreConfig::cli();
        cfg.max_wall_time_ms = 25.0;
        cfg.max_steps_per_run = 20_000_000;
        let m = Machine::new(compile(program), cfg.limits());
        let mut clock = ticking_clock(10.0);
        let r = explore(&m, main, EntryKind::Main, &cfg, &mut clock);
        assert!(!r.exhaustive);
        assert_eq!(r.bounded_by, Some(Bound::Time));
        assert_eq!(r.schedules, 0);
    }

    /// The fuzz case (a mangled corpus program) that ran for over ten
    /// minutes inside one explore run of a debug build: its run starts
    /// goroutines without end and asks no choice the explorer could read
    /// its clock at. Now cut by the budget after a few readings of a clock
    /// that moves 10 ms a reading.
    /// A clock that moves `step` ms at every reading.
    fn ticking_clock(step: f64) -> impl FnMut() -> f64 {
        let mut t = 0.0;
        move || {
            t += step;
            t
        }
    }

    #[test]
    fn the_fuzz_case_that_outlived_its_budget_stops_at_it() {
        let src = include_str!("../testdata/regressions/fuzz_one_run_past_the_budget.go");
        let program = model::lower(&syntax::parse(src));
        // The mangled file declares `main` twice; the second one spins.
        let main = program
            .funcs
            .iter()
            .rposition(|f| f.name.as_str() == "main" && f.receiver.is_none() && !f.is_literal)
            .expect("main") as FuncId;
        let m = Machine::new(compile(program), ExploreConfig::cli().limits());
        let mut clock = ticking_clock(10.0);
        let mut cfg = ExploreConfig::cli();
        cfg.max_wall_time_ms = 25.0;
        let r = explore(&m, main, EntryKind::Main, &cfg, &mut clock);
        assert!(!r.exhaustive);
        assert_eq!(r.bounded_by, Some(Bound::Time));
    }

    /// A search whose only run outlasts its budget had nothing to say: the
    /// run was cut and a cut run is not classified. With `first_run_ms`
    /// (the browser's keystroke search) that run goes on to its end and its
    /// deadlock is found; with the command line's config it is cut as before.
    #[test]
    fn a_first_run_longer_than_the_budget_is_classified_when_allowed() {
        let src = "package main\nfunc main() {\n\tn := 0\n\tfor i := 0; i < 300000; i++ {\n\t\tn++\n\t}\n\tch := make(chan int)\n\tch <- n\n}\n";
        let (m, main) = setup(src);
        let mut cfg = ExploreConfig::cli();
        cfg.max_wall_time_ms = 25.0;
        let cut = explore(&m, main, EntryKind::Main, &cfg, &mut ticking_clock(10.0));
        assert_eq!(cut.schedules, 0);
        assert!(cut.verdicts.is_empty());
        assert_eq!(cut.bounded_by, Some(Bound::Time));
        cfg.first_run_ms = 1e9;
        let whole = explore(&m, main, EntryKind::Main, &cfg, &mut ticking_clock(10.0));
        assert_eq!(whole.schedules, 1);
        // main, blocked forever sending.
        let deadlock = whole
            .verdicts
            .iter()
            .find(|v| v.kind == VerdictKind::Deadlock)
            .expect("the deadlock is found");
        assert_eq!(&src[deadlock.span().range()], "ch <- n");
    }

    #[test]
    fn the_wall_clock_bound_is_reported() {
        let src = include_str!("../testdata/engine/worker_pool_ok.go");
        let (m, main) = setup(src);
        let mut clock = ticking_clock(10.0);
        let mut cfg = ExploreConfig::cli();
        cfg.max_wall_time_ms = 25.0;
        let r = explore(&m, main, EntryKind::Main, &cfg, &mut clock);
        assert!(!r.exhaustive);
        assert_eq!(r.bounded_by, Some(Bound::Time));
    }
}
