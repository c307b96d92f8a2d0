//! The pattern catalogue: one file per rule, each starting with its documentation.

pub mod classify;
pub mod code;
pub mod edits;
pub mod facts;
pub mod remedies;

use crate::diagnostics::Label;
use crate::fix::Fix;
use serde::Serialize;

pub use crate::diagnostics::FindingKind;

/// The one list of rules, in catalogue order (the blog's four patterns first,
/// the way the docs and the playground list them). A line is a rule: its
/// file, its [`RuleId`] and the id used everywhere outside the library (CLI,
/// JSON, SARIF, the playground), and where its matcher is tried: a verdict is
/// named by the first rule whose matcher accepts it, so the general patterns
/// are tried after the specific ones (`premature-return` takes the sends no
/// other rule took, `orphan-receive` every goroutine left). Adding a rule is
/// its file and one line here.
macro_rules! rules {
    ($($module:ident: $variant:ident = $id:literal, tried $tried:literal;)*) => {
        $(pub mod $module;)*

        /// A rule's identity, matched exhaustively: no string ids, no
        /// fall-through. Ordered as the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $($variant,)*
        }

        impl RuleId {
            /// The id used everywhere outside the library.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }

            /// Where the rule's matcher is tried (see [`REGISTRY`]).
            pub const fn tried(self) -> u8 {
                match self {
                    $(RuleId::$variant => $tried,)*
                }
            }
        }

        /// Every rule, in catalogue order.
        const CATALOGUE: &[Rule] = &[$($module::RULE,)*];
    };
}

rules! {
    premature_return: PrematureReturn = "premature-return", tried 14;
    timeout_leak: TimeoutLeak = "timeout-leak", tried 13;
    ncast_leak: NcastLeak = "ncast-leak", tried 10;
    range_without_close: RangeWithoutClose = "range-without-close", tried 2;
    orphan_receive: OrphanReceive = "orphan-receive", tried 16;
    send_after_reader_left: SendAfterReaderLeft = "send-after-reader-left", tried 12;
    full_buffer: FullBuffer = "full-buffer", tried 11;
    forgotten_cancel: ForgottenCancel = "forgotten-cancel", tried 8;
    unclosed_resource: UnclosedResource = "unclosed-resource", tried 9;
    retained_global: RetainedGlobal = "retained-global", tried 7;
    lock_leak: LockLeak = "lock-leak", tried 3;
    waitgroup_misuse: WaitgroupMisuse = "waitgroup-misuse", tried 1;
    nil_channel: NilChannel = "nil-channel", tried 5;
    deadlock: Deadlock = "deadlock", tried 6;
    panic: Panic = "panic", tried 4;
    empty_select: EmptySelect = "empty-select", tried 0;
    livelock: Livelock = "livelock", tried 15;
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

/// Every rule, in the order their matchers are tried (`tried` in the list
/// above): the specific patterns first, the general ones last.
pub static REGISTRY: std::sync::LazyLock<Vec<Rule>> = std::sync::LazyLock::new(|| {
    let mut rules = CATALOGUE.to_vec();
    crate::order::sort_by_key(&mut rules, |r| r.info.id.tried());
    rules
});

/// Every rule's documentation, in catalogue order.
pub static RULES: std::sync::LazyLock<Vec<RuleInfo>> =
    std::sync::LazyLock::new(|| CATALOGUE.iter().map(|r| r.info).collect());

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
        // Each rule is in its own line's place, and is tried at its own turn.
        for (i, r) in CATALOGUE.iter().enumerate() {
            assert_eq!(r.info.id as usize, i, "{}", r.info.id);
        }
        let mut tried: Vec<u8> = REGISTRY.iter().map(|r| r.info.id.tried()).collect();
        tried.dedup();
        assert_eq!(tried.len(), REGISTRY.len());
        // The last rule tried accepts every goroutine leak left.
        assert_eq!(REGISTRY[REGISTRY.len() - 1].info.id, RuleId::OrphanReceive);
        for r in REGISTRY.iter() {
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
