//! Parsing. It never fails: a source always gives a tree plus the syntax errors
//! found in it, so broken code is analyzed as far as it parses.
//!
//! Positions are byte offsets into the source; [`LineIndex`] converts them to
//! 1-based lines and columns (bytes, or UTF-16 code units for the browser).

use serde::Serialize;

/// A half-open byte range `[start, end)` in the source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn of(node: tree_sitter::Node<'_>) -> Span {
        Span::new(node.start_byte(), node.end_byte())
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A syntax error: where the parser gave up or inserted a missing token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// A parsed Go source file.
pub struct ParsedFile {
    pub text: String,
    pub tree: tree_sitter::Tree,
    pub errors: Vec<SyntaxError>,
    pub lines: LineIndex,
}

impl ParsedFile {
    pub fn root(&self) -> tree_sitter::Node<'_> {
        self.tree.root_node()
    }

    /// The source text of a node.
    pub fn text_of(&self, node: tree_sitter::Node<'_>) -> &str {
        &self.text[node.byte_range()]
    }
}

/// The most syntax errors reported for one file; past this a file is noise.
pub const MAX_SYNTAX_ERRORS: usize = 100;

/// Parses Go source. Never fails and never panics, whatever the bytes.
///
/// A text with txtar file markers (`-- name.go --` lines) is several files
/// of one package: it is parsed as [`crate::package::from_txtar`] prepares
/// it (markers as comments, other files and extra package clauses blanked),
/// which keeps every offset, so [`ParsedFile::text`] has the same length and
/// lines as `text`. A single snippet is parsed as it is.
pub fn parse(text: &str) -> ParsedFile {
    match crate::package::from_txtar(text) {
        Some(package) => parse_go(&package.text),
        None => parse_go(text),
    }
}

/// Parses one Go text as it is.
fn parse_go(text: &str) -> ParsedFile {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .expect("the Go grammar matches the tree-sitter version");
    let tree = parser
        .parse(text, None)
        .expect("a parser with a language and no cancellation always returns a tree");
    let mut errors = Vec::new();
    collect_errors(text, tree.root_node(), &mut errors);
    ParsedFile {
        text: text.to_string(),
        lines: LineIndex::new(text),
        tree,
        errors,
    }
}

fn collect_errors(text: &str, root: tree_sitter::Node<'_>, out: &mut Vec<SyntaxError>) {
    if !root.has_error() {
        return;
    }
    // An explicit stack: deeply nested input must not overflow the call stack.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if out.len() >= MAX_SYNTAX_ERRORS {
            return;
        }
        if node.is_missing() {
            out.push(SyntaxError {
                span: Span::new(node.start_byte(), node.start_byte()),
                message: format!("expected {}", describe_kind(node.kind())),
            });
            continue;
        }
        if node.is_error() {
            let span = Span::of(node);
            let snippet: String = text[node.byte_range()]
                .chars()
                .take(24)
                .collect::<String>()
                .split('\n')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            let message = if snippet.is_empty() {
                "syntax error".to_string()
            } else {
                format!("syntax error near `{snippet}`")
            };
            out.push(SyntaxError { span, message });
            continue;
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<_> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    crate::sort::sort_by_key(out, |e| e.span.start);
}

fn describe_kind(kind: &str) -> String {
    if kind.chars().all(|c| c.is_ascii_punctuation()) {
        format!("`{kind}`")
    } else {
        kind.replace('_', " ")
    }
}

/// Converts byte offsets to lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
    /// For each line, whether it is pure ASCII (then UTF-16 columns equal byte columns).
    ascii_lines: Vec<bool>,
    text_len: u32,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0u32];
        let mut ascii_lines = Vec::new();
        let mut ascii = true;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
                ascii_lines.push(ascii);
                ascii = true;
            } else if b >= 0x80 {
                ascii = false;
            }
        }
        ascii_lines.push(ascii);
        LineIndex {
            line_starts,
            ascii_lines,
            text_len: text.len() as u32,
        }
    }

    fn line_of(&self, offset: u32) -> usize {
        let offset = offset.min(self.text_len);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// 1-based line and 1-based byte column.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let column = offset.min(self.text_len) - self.line_starts[line] + 1;
        LineCol {
            line: line as u32 + 1,
            column,
        }
    }

    /// 1-based line and 1-based column in UTF-16 code units (what browsers count).
    pub fn line_col_utf16(&self, text: &str, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let end = (offset.min(self.text_len)) as usize;
        let column = if self.ascii_lines[line] {
            (end - start) as u32
        } else {
            let mut end = end;
            while end > start && !text.is_char_boundary(end) {
                end -= 1;
            }
            text[start..end].encode_utf16().count() as u32
        };
        LineCol {
            line: line as u32 + 1,
            column: column + 1,
        }
    }

    /// Byte offset of a 1-based line's start, if the line exists.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line.checked_sub(1)? as usize).copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_source_has_no_errors() {
        let file = parse("package main\n\nfunc main() {}\n");
        assert!(file.errors.is_empty());
        assert_eq!(file.root().kind(), "source_file");
    }

    #[test]
    fn broken_source_still_parses_with_errors() {
        let file = parse("package main\nfunc main() {\n\tx := \n}\n");
        assert!(!file.errors.is_empty());
    }

    #[test]
    fn line_columns_in_bytes_and_utf16() {
        let text = "ab\n\u{e9}x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(3), LineCol { line: 2, column: 1 });
        // 'x' is after a 2-byte character: byte column 3, UTF-16 column 2.
        assert_eq!(idx.line_col(5), LineCol { line: 2, column: 3 });
        assert_eq!(idx.line_col_utf16(text, 5), LineCol { line: 2, column: 2 });
    }
}
