//! The one place where source becomes what the editor shows.
//!
//! Today that is the syntactic outline (go statements, channel operations,
//! syntax errors) and syntax colours. When the analyzer's `api::analyze`
//! lands, its findings join [`EditorAnalysis`] here, converted to UTF-16
//! ranges the same way, and nothing else in the page has to learn about the
//! analyzer's types.

use crate::clock;
use crate::highlight::highlight_tokens;
use crate::protocol::{
    AnalysisOptions, AnalysisRequest, AnalysisResponse, EditorAnalysis, ItemKind, OutlineItem,
};
use crate::text::{one_line, Utf16Offsets};
use leakscope::outline::{outline, ChannelOpKind};
use leakscope::syntax::{parse, Span};

/// The most items in one list of the panel; a generated file with thousands of
/// sends would only make the list useless and the message large.
pub const MAX_ITEMS_PER_LIST: usize = 2_000;

/// How many characters of a statement a list entry shows.
const LABEL_CHARS: usize = 80;

/// Analyzes one version of the editor's text. Never fails: broken code gives
/// syntax errors plus whatever parsed around them.
pub fn analyze_for_editor(source: &str, options: &AnalysisOptions) -> EditorAnalysis {
    // The options choose entries for the schedule explorer, which the outline
    // does not need yet.
    let _ = options;
    let file = parse(source);
    let offsets = Utf16Offsets::new(source);
    let found = outline(&file);
    let mut truncated = false;
    let item = |kind: ItemKind, span: Span, label: String| OutlineItem {
        kind,
        range: offsets.range(span),
        label,
    };
    let mut cut = |n: usize| {
        truncated |= n > MAX_ITEMS_PER_LIST;
        n.min(MAX_ITEMS_PER_LIST)
    };
    let syntax_errors = found.syntax_errors[..cut(found.syntax_errors.len())]
        .iter()
        .map(|e| item(ItemKind::SyntaxError, e.span, e.message.clone()))
        .collect();
    let go_statements = found.go_statements[..cut(found.go_statements.len())]
        .iter()
        .map(|&span| {
            item(
                ItemKind::GoStatement,
                span,
                one_line(&source[span.range()], LABEL_CHARS),
            )
        })
        .collect();
    let channel_ops = found.channel_ops[..cut(found.channel_ops.len())]
        .iter()
        .map(|op| {
            let kind = match op.kind {
                ChannelOpKind::Make => ItemKind::MakeChannel,
                ChannelOpKind::Send => ItemKind::Send,
                ChannelOpKind::Receive => ItemKind::Receive,
                ChannelOpKind::Close => ItemKind::Close,
                ChannelOpKind::Range => ItemKind::RangeOverChannel,
                ChannelOpKind::Select => ItemKind::Select,
            };
            item(
                kind,
                op.span,
                one_line(&source[op.span.range()], LABEL_CHARS),
            )
        })
        .collect();
    EditorAnalysis {
        syntax_errors,
        go_statements,
        channel_ops,
        truncated,
        tokens: highlight_tokens(&file, &offsets),
    }
}

/// Answers one worker request, timing it.
pub fn handle_request(request: AnalysisRequest) -> AnalysisResponse {
    let started = clock::now_ms();
    let analysis = analyze_for_editor(&request.source, &request.options);
    AnalysisResponse {
        version: request.version,
        analysis,
        elapsed_ms: clock::now_ms() - started,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Position;

    #[test]
    fn two_go_statements_and_a_syntax_error() {
        let source = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tgo work(ch)\n\tx := \n}\n";
        let analysis = analyze_for_editor(source, &AnalysisOptions::default());
        let lines: Vec<u32> = analysis
            .go_statements
            .iter()
            .map(|g| g.range.start.line)
            .collect();
        assert_eq!(lines, vec![5, 6]);
        assert_eq!(analysis.go_statements[1].label, "go work(ch)");
        assert_eq!(analysis.syntax_errors.len(), 1);
        assert_eq!(analysis.syntax_errors[0].kind, ItemKind::SyntaxError);
        let kinds: Vec<ItemKind> = analysis.channel_ops.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![ItemKind::MakeChannel, ItemKind::Send]);
        assert!(!analysis.tokens.is_empty());
    }

    #[test]
    fn positions_are_in_utf16_columns() {
        let source = "package main\nfunc main() { /* é😀 */ go f() }\n";
        let analysis = analyze_for_editor(source, &AnalysisOptions::default());
        let go = &analysis.go_statements[0];
        // "func main() { /* é😀 */ " is 24 UTF-16 units long.
        assert_eq!(
            go.range.start,
            Position {
                line: 2,
                column: 25
            }
        );
        assert_eq!(go.range.from, 13 + 24);
    }

    #[test]
    fn the_response_carries_the_request_version() {
        let response = handle_request(AnalysisRequest {
            version: 7,
            source: "package main".into(),
            options: AnalysisOptions::default(),
        });
        assert_eq!(response.version, 7);
        assert!(response.elapsed_ms >= 0.0);
    }
}
