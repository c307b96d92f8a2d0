//! The witness of every verdict replays to the same verdict (issue 12): for
//! each program under `testdata/engine/`, `testdata/rules/` and
//! `testdata/programs/` (the Go oracle's corpus), each entry is explored, and each
//! verdict's schedule is run again on a fresh machine and classified; the
//! verdict (kind and span) must be among the replayed run's verdicts.

use leakscope::engine::{compile, replay, Machine, Mode};
use leakscope::explore::{explore, ExploreConfig};
use leakscope::{api, model, syntax, verdict};
use std::path::Path;

#[test]
fn every_witness_replays_to_its_verdict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut files: Vec<_> = ["engine", "rules", "programs"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    files.sort();
    let mut config = ExploreConfig::cli();
    config.max_wall_time_ms = 5_000.0;
    config.max_steps_per_run = 200_000;
    config.witnesses = false;
    let mut replayed = 0;
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap();
        let parsed = syntax::parse(&src);
        let program = model::lower(&parsed);
        let entries = api::entries(&program, None, 32, false);
        let machine = Machine::new(compile(program), config.limits()).with_source(&src);
        for (name, entry, kind) in entries {
            let mut clock = {
                let start = std::time::Instant::now();
                move || start.elapsed().as_secs_f64() * 1000.0
            };
            let result = explore(&machine, entry, kind, &config, &mut clock);
            for v in &result.verdicts {
                let st = replay(
                    &machine,
                    entry,
                    &v.witness.schedule,
                    Mode::new(v.witness.explored),
                );
                let again = verdict::classify(&machine, &st, kind);
                replayed += 1;
                if !again
                    .iter()
                    .any(|a| a.kind == v.kind && a.span() == v.span())
                {
                    failures.push(format!(
                        "{} {name}: {:?} at {:?} (schedule {:?}) replays to {:?}",
                        path.display(),
                        v.kind,
                        v.span(),
                        v.witness.schedule,
                        again.iter().map(|a| (a.kind, a.span())).collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    println!("{replayed} witnesses replayed to their verdicts");
    assert!(replayed >= 100, "only {replayed} verdicts replayed");
    assert!(
        failures.is_empty(),
        "{} of {replayed} witnesses do not replay:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
