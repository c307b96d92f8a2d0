//! What the schedule search covered, in words a student understands.
//!
//! A search that a bound cut short has not shown that a program is free of
//! leaks, so the page never says "no leaks found" after one: it says what
//! was searched and what stopped it ([`cut_short`]), and offers a longer
//! search. Code (function names) is quoted in backticks, which the page
//! shows in code style.

use crate::protocol::{EditorAnalysis, EntryInfo};
use leakscope_data::Bound;

/// Whether any bound cut the search of this analysis short: an entry not
/// searched to the end, functions left out, or no search at all.
pub fn search_cut_short(analysis: &EditorAnalysis) -> bool {
    analysis.search_skipped
        || analysis.entries_skipped > 0
        || analysis.entries.iter().any(|e| !e.search.exhaustive)
}

/// What stopped the search of one entry, as a sentence; `None` when it
/// explored every schedule.
pub fn cut_short(entry: &EntryInfo) -> Option<String> {
    if entry.search.exhaustive {
        return None;
    }
    let name = &entry.search.name;
    let runs = thousands(u64::from(entry.search.schedules));
    let orders = if entry.search.schedules == 1 {
        "order"
    } else {
        "orders"
    };
    let limit = entry.search.limit.map(thousands);
    let text = match (entry.search.bounded_by, limit) {
        (Some(Bound::Goroutines), Some(limit)) => format!(
            "`{name}` starts more than {limit} goroutines; leakscope followed the first {limit} of them."
        ),
        (Some(Bound::Steps), Some(limit)) => format!(
            "A run of `{name}` went on for more than {limit} steps (a loop that may never end); \
             leakscope stopped it there."
        ),
        (Some(Bound::Schedules), _) => format!(
            "The goroutines of `{name}` can take turns in more orders than leakscope tried: \
             it explored {runs} {orders}, not all of them."
        ),
        (Some(Bound::Time), Some(limit)) => format!(
            "leakscope had {limit} ms to search `{name}` and tried {runs} {orders} of its \
             goroutines in that time, not all of them."
        ),
        (Some(Bound::Depth), Some(limit)) => format!(
            "The runs of `{name}` make more scheduling choices than leakscope follows \
             ({limit} per run); after that it took Go's usual order."
        ),
        (Some(Bound::VirtualTime), Some(limit)) => format!(
            "`{name}` keeps running on its clock (a ticker or a sleep loop that never ends); \
             leakscope stopped its runs after {limit} seconds of program time."
        ),
        (Some(Bound::BlockingCallback), _) => format!(
            "In a run of `{name}`, a method that the standard library calls for it (a `String` \
             or `Error` method that `fmt` calls, a sort's less function) had to wait; \
             leakscope cannot pause inside such a call, so it stopped that run there. \
             It tried {runs} {orders}."
        ),
        (Some(Bound::Memory), _) => format!(
            "Searching `{name}` needed more memory than leakscope may use in the browser; \
             it tried {runs} {orders} of its goroutines."
        ),
        // Every run went round a loop back to a state on its own path
        // (goroutines polling each other): no run came to an end.
        (None, _) if entry.search.schedules == 0 => format!(
            "Every run of `{name}` that leakscope tried came back round a loop to where it had \
             been (goroutines that may spin for ever), so none was followed to its end."
        ),
        _ => format!("The search of `{name}` was cut short after {runs} {orders}."),
    };
    Some(text)
}

/// Every sentence about what cut the search short, entries first.
pub fn cut_short_sentences(analysis: &EditorAnalysis) -> Vec<String> {
    let mut out: Vec<String> = analysis.entries.iter().filter_map(cut_short).collect();
    if analysis.search_skipped {
        out.push(
            "This text is so large that reading it used half of leakscope's time; \
             it was not searched for leaks."
                .to_string(),
        );
    }
    let n = analysis.entries_skipped;
    if n > 0 {
        out.push(format!(
            "{} more {} not searched (leakscope searches a limited number of functions at a time).",
            thousands(u64::from(n)),
            if n == 1 {
                "function was"
            } else {
                "functions were"
            }
        ));
    }
    out
}

/// 10000 as "10,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Splits text at backticks: `(is_code, piece)` in order, without the
/// backticks; an unmatched backtick stays as text.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        let code = &rest[open + 1..open + 1 + len];
        if code.is_empty() {
            out.push((false, "``"));
        } else {
            out.push((true, code));
        }
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(bound: Option<Bound>, limit: Option<u64>, schedules: u32) -> EntryInfo {
        EntryInfo {
            search: leakscope_data::EntrySearch {
                name: "main".into(),
                schedules,
                exhaustive: bound.is_none(),
                bounded_by: bound,
                limit,
                ..Default::default()
            },
            ..EntryInfo::default()
        }
    }

    #[test]
    fn each_bound_in_plain_words() {
        assert_eq!(cut_short(&entry(None, None, 12)), None);
        assert_eq!(
            cut_short(&entry(Some(Bound::Goroutines), Some(500), 1)).unwrap(),
            "`main` starts more than 500 goroutines; leakscope followed the first 500 of them."
        );
        assert!(cut_short(&entry(Some(Bound::Goroutines), Some(5000), 1))
            .unwrap()
            .contains("first 5,000"));
        let time = cut_short(&entry(Some(Bound::Time), Some(60), 1234)).unwrap();
        assert!(
            time.contains("60 ms") && time.contains("1,234 orders"),
            "{time}"
        );
        let steps = cut_short(&entry(Some(Bound::Steps), Some(50_000), 3)).unwrap();
        assert!(steps.contains("more than 50,000 steps"), "{steps}");
        let schedules = cut_short(&entry(Some(Bound::Schedules), Some(400), 400)).unwrap();
        assert!(schedules.contains("explored 400 orders"), "{schedules}");
        let callback = cut_short(&entry(Some(Bound::BlockingCallback), None, 2)).unwrap();
        assert!(
            callback.contains("`String`") && callback.contains("2 orders"),
            "{callback}"
        );
        for bound in [
            Bound::Depth,
            Bound::VirtualTime,
            Bound::Memory,
            Bound::BlockingCallback,
        ] {
            let text = cut_short(&entry(Some(bound), Some(7), 1)).unwrap();
            assert!(text.contains("`main`") && text.ends_with('.'), "{text}");
        }
        // No bound, yet not exhaustive: every run went round a loop (the
        // explorer's cut at a state on the run's own path), or some other.
        let mut looped = entry(None, None, 0);
        looped.search.exhaustive = false;
        let text = cut_short(&looped).unwrap();
        assert!(text.contains("came back round a loop"), "{text}");
        looped.search.schedules = 3;
        let text = cut_short(&looped).unwrap();
        assert!(text.contains("cut short after 3 orders"), "{text}");
    }

    #[test]
    fn a_cut_search_is_never_a_clean_bill() {
        let mut analysis = EditorAnalysis {
            entries: vec![entry(None, None, 5)],
            ..EditorAnalysis::default()
        };
        assert!(!search_cut_short(&analysis));
        assert!(cut_short_sentences(&analysis).is_empty());
        analysis.entries_skipped = 2;
        assert!(search_cut_short(&analysis));
        assert_eq!(
            cut_short_sentences(&analysis),
            ["2 more functions were not searched (leakscope searches a limited number of functions at a time)."]
        );
        analysis.entries_skipped = 0;
        analysis.search_skipped = true;
        assert!(search_cut_short(&analysis));
        analysis.search_skipped = false;
        analysis
            .entries
            .push(entry(Some(Bound::Goroutines), Some(500), 1));
        assert!(search_cut_short(&analysis));
        assert_eq!(cut_short_sentences(&analysis).len(), 1);
    }

    #[test]
    fn backticks_are_code() {
        assert_eq!(
            code_spans("g2 blocks sending `results <- r` (line 7)"),
            [
                (false, "g2 blocks sending "),
                (true, "results <- r"),
                (false, " (line 7)")
            ]
        );
        assert_eq!(code_spans("`a``b`"), [(true, "a"), (true, "b")]);
        assert_eq!(code_spans("one ` only"), [(false, "one ` only")]);
        assert_eq!(code_spans("``"), [(false, "``")]);
        assert_eq!(code_spans(""), []);
    }
}
