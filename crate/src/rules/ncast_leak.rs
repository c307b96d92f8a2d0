//! # NCast leak (`ncast-leak`)
//!
//! The rule's documentation (what it is, why it leaks, how to fix it) is the text
//! of [`RULE`]: the CLI (`leakscope rules`) and the playground's pattern pages show it.
//! Its example is `crate/testdata/rules/ncast-leak.go`, with the fixed source in the
//! `.golden` file beside it; the rule-example test checks both.

use super::{FindingKind, RuleInfo};

pub const RULE: RuleInfo = RuleInfo {
    id: "ncast-leak",
    name: "NCast leak",
    kind: FindingKind::Leak,
    what: "Several goroutines send on one channel, but the receiver reads fewer values than there are senders (or one sender faces several receivers).",
    why: "Each unbuffered send needs its own receive. When the reader stops early, for example on the first error, the remaining senders wait forever.",
    fix: "Buffer the channel to the number of senders (`make(chan T, len(items))`) so every send completes; or keep receiving until every sender has reported.",
};
