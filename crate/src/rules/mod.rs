//! The pattern catalogue: one file per rule, each starting with its documentation.

pub mod classify;
pub mod code;
pub mod deadlock;
pub mod edits;
pub mod facts;
pub mod forgotten_cancel;
pub mod full_buffer;
pub mod lock_leak;
pub mod ncast_leak;
pub mod nil_channel;
pub mod orphan_receive;
pub mod panic;
pub mod premature_return;
pub mod range_without_close;
pub mod retained_global;
pub mod send_after_reader_left;
pub mod timeout_leak;
pub mod unclosed_resource;
pub mod waitgroup_misuse;

use crate::diagnostics::Label;
use crate::fix::Fix;
use serde::Serialize;

pub use crate::diagnostics::FindingKind;

/// A rule's identity: the one list of ids, matched exhaustively (no string
/// ids, no fall-through).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    PrematureReturn,
    TimeoutLeak,
    NcastLeak,
    RangeWithoutClose,
    OrphanReceive,
    SendAfterReaderLeft,
    FullBuffer,
    ForgottenCancel,
    UnclosedResource,
    RetainedGlobal,
    LockLeak,
    WaitgroupMisuse,
    NilChannel,
    Deadlock,
    Panic,
}

impl RuleId {
    /// The id used everywhere outside the library: CLI, JSON, SARIF, the
    /// playground, docs.
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleId::PrematureReturn => "premature-return",
            RuleId::TimeoutLeak => "timeout-leak",
            RuleId::NcastLeak => "ncast-leak",
            RuleId::RangeWithoutClose => "range-without-close",
            RuleId::OrphanReceive => "orphan-receive",
            RuleId::SendAfterReaderLeft => "send-after-reader-left",
            RuleId::FullBuffer => "full-buffer",
            RuleId::ForgottenCancel => "forgotten-cancel",
            RuleId::UnclosedResource => "unclosed-resource",
            RuleId::RetainedGlobal => "retained-global",
            RuleId::LockLeak => "lock-leak",
            RuleId::WaitgroupMisuse => "waitgroup-misuse",
            RuleId::NilChannel => "nil-channel",
            RuleId::Deadlock => "deadlock",
            RuleId::Panic => "panic",
        }
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A rule's identity and documentation.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleInfo {
    /// The id used everywhere: CLI, JSON, SARIF, the playground, docs.
    pub id: RuleId,
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

/// A finding as a rule words it: its message, its labels, its candidate fixes.
pub type Worded = (String, Vec<Label>, Vec<Fix>);

/// A rule, as its file exports it: its documentation, the matcher that says
/// whether a verdict is this pattern (on the facts, never on source text),
/// and the function that words the finding and builds its fixes.
#[derive(Clone, Copy)]
pub struct Rule {
    pub info: RuleInfo,
    pub matches: fn(&classify::LeakContext<'_>) -> bool,
    pub diagnose: fn(&classify::LeakContext<'_>) -> Worded,
}

/// Every rule, in matching order: a verdict is named by the first rule whose
/// matcher accepts it, so the general patterns come after the specific ones
/// (`premature-return` after every other send, `orphan-receive` last). This is
/// the one list of rules: adding a rule is its file and one line here.
pub const REGISTRY: &[Rule] = &[
    panic::RULE,
    range_without_close::RULE,
    lock_leak::RULE,
    waitgroup_misuse::RULE,
    nil_channel::RULE,
    deadlock::RULE,
    retained_global::RULE,
    forgotten_cancel::RULE,
    unclosed_resource::RULE,
    ncast_leak::RULE,
    full_buffer::RULE,
    send_after_reader_left::RULE,
    timeout_leak::RULE,
    premature_return::RULE,
    orphan_receive::RULE,
];

/// Every rule's documentation, in catalogue order: the order of [`RuleId`]
/// (the blog's four patterns first, the way the docs and the playground list
/// them). Made from [`REGISTRY`], so there is one list to add a rule to.
pub static RULES: std::sync::LazyLock<Vec<RuleInfo>> = std::sync::LazyLock::new(|| {
    let mut rules: Vec<RuleInfo> = REGISTRY.iter().map(|r| r.info).collect();
    crate::sort::sort_by_key(&mut rules, |r| r.id);
    rules
});

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id.as_str() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(ids
            .iter()
            .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }

    #[test]
    fn every_rule_of_the_registry_is_there_once_and_found_by_its_id() {
        let mut ids: Vec<RuleId> = REGISTRY.iter().map(|r| r.info.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), REGISTRY.len());
        for r in REGISTRY {
            assert_eq!(rule(r.info.id.as_str()).map(|i| i.id), Some(r.info.id));
        }
        // The catalogue lists them in `RuleId` order, the blog's four first.
        let names: Vec<&str> = RULES.iter().take(4).map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "Premature return",
                "Timeout leak",
                "NCast leak",
                "Channel iteration misuse"
            ]
        );
    }

    #[test]
    fn every_rule_but_deadlock_and_panic_has_an_example() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
        for r in RULES
            .iter()
            .filter(|r| !matches!(r.id, RuleId::Deadlock | RuleId::Panic))
        {
            assert!(
                dir.join(format!("{}.go", r.id)).exists(),
                "missing example for {}",
                r.id
            );
        }
    }
}
