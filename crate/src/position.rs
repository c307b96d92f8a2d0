//! Lines and columns of byte offsets (a leaf: the parser and the package
//! loader both use it).

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

/// A 1-based line and column, as the output formats give them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A span with its lines and columns: what every report carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
    /// Byte offsets `[start, end)`.
    pub span: Span,
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

    /// The lines and columns of `span` (byte columns).
    pub fn range(&self, span: Span) -> Range {
        let at = |offset| {
            let p = self.line_col(offset);
            Position {
                line: p.line,
                column: p.column,
            }
        };
        Range {
            start: at(span.start),
            end: at(span.end),
            span,
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
