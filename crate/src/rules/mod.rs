//! The pattern catalogue: one file per rule, each starting with its documentation.

pub mod classify;
pub mod code;
pub mod deadlock;
pub mod edits;
pub mod forgotten_cancel;
pub mod full_buffer;
pub mod lock_leak;
pub mod ncast_leak;
pub mod nil_channel;
pub mod orphan_receive;
pub mod panic;
pub mod premature_return;
pub mod range_without_close;
pub mod remedies;
pub mod retained_global;
pub mod send_after_reader_left;
pub mod timeout_leak;
pub mod unclosed_resource;
pub mod waitgroup_misuse;

use serde::Serialize;

/// What kind of problem a finding reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A goroutine blocked forever on an object no running code can reach.
    Leak,
    /// The entry itself can never finish.
    Deadlock,
    /// In `main`, a goroutine still blocked when main returns.
    BlockedAtExit,
    /// A closable resource or cancel function not released on some path.
    ResourceLeak,
    /// A runtime panic.
    Panic,
}

impl FindingKind {
    /// The kind's name (the same as its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Leak => "leak",
            FindingKind::Deadlock => "deadlock",
            FindingKind::BlockedAtExit => "blocked-at-exit",
            FindingKind::ResourceLeak => "resource-leak",
            FindingKind::Panic => "panic",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleInfo {
    /// The id used everywhere: CLI, JSON, SARIF, the playground, docs.
    pub id: &'static str,
    pub name: &'static str,
    /// The kind of finding this rule reports.
    pub kind: FindingKind,
    /// What happens, in one or two sentences.
    pub what: &'static str,
    /// Why it leaks.
    pub why: &'static str,
    /// What to do about it.
    pub fix: &'static str,
}

/// Every rule, in catalogue order. This is the one list of rules.
pub const RULES: &[RuleInfo] = &[
    premature_return::RULE,
    timeout_leak::RULE,
    ncast_leak::RULE,
    range_without_close::RULE,
    orphan_receive::RULE,
    send_after_reader_left::RULE,
    full_buffer::RULE,
    forgotten_cancel::RULE,
    unclosed_resource::RULE,
    retained_global::RULE,
    lock_leak::RULE,
    waitgroup_misuse::RULE,
    nil_channel::RULE,
    deadlock::RULE,
    panic::RULE,
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(ids
            .iter()
            .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }

    #[test]
    fn every_rule_but_deadlock_and_panic_has_an_example() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
        for r in RULES
            .iter()
            .filter(|r| !matches!(r.id, "deadlock" | "panic"))
        {
            assert!(
                dir.join(format!("{}.go", r.id)).exists(),
                "missing example for {}",
                r.id
            );
        }
    }
}
