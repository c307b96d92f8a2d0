//! Positions as the browser counts them.
//!
//! The analyzer works in byte offsets into UTF-8; CodeMirror counts UTF-16
//! code units from the start of the document and treats every line break as
//! one unit (its documents only ever contain `\n`, which is also what the page
//! sends to the worker). [`Utf16Offsets`] converts between the two.

#[cfg(feature = "analyzer")]
use leakscope::syntax::Span;

/// A 1-based line and a 1-based column in UTF-16 code units.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A range of the document, both as line/column (for people) and as UTF-16
/// offsets from the start of the document (for the editor).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct TextRange {
    pub start: Position,
    pub end: Position,
    /// UTF-16 offset of the start, what CodeMirror calls `from`.
    pub from: u32,
    /// UTF-16 offset of the end (exclusive), what CodeMirror calls `to`.
    pub to: u32,
}

/// Converts byte offsets of one text to UTF-16 positions.
pub struct Utf16Offsets<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    line_starts: Vec<u32>,
    /// UTF-16 offset where each line starts.
    line_starts_utf16: Vec<u32>,
    /// Whether the whole text is ASCII (then every offset is its own UTF-16 offset).
    ascii: bool,
}

impl<'a> Utf16Offsets<'a> {
    pub fn new(text: &'a str) -> Utf16Offsets<'a> {
        let mut line_starts = vec![0];
        let mut line_starts_utf16 = vec![0];
        let mut utf16 = 0u32;
        for (i, c) in text.char_indices() {
            utf16 += c.len_utf16() as u32;
            if c == '\n' {
                line_starts.push(i as u32 + 1);
                line_starts_utf16.push(utf16);
            }
        }
        Utf16Offsets {
            text,
            line_starts,
            line_starts_utf16,
            ascii: text.is_ascii(),
        }
    }

    fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Clamps to the text and backs up to a character boundary.
    fn clamp(&self, offset: u32) -> u32 {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset as u32
    }

    /// The 1-based line and UTF-16 column of a byte offset.
    pub fn position(&self, offset: u32) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = if self.ascii {
            offset - start
        } else {
            self.text[start as usize..offset as usize]
                .encode_utf16()
                .count() as u32
        };
        Position {
            line: line as u32 + 1,
            column: column + 1,
        }
    }

    /// The UTF-16 offset of a byte offset.
    pub fn utf16(&self, offset: u32) -> u32 {
        if self.ascii {
            return self.clamp(offset);
        }
        let position = self.position(offset);
        self.line_starts_utf16[position.line as usize - 1] + position.column - 1
    }

    #[cfg(feature = "analyzer")]
    pub fn range(&self, span: Span) -> TextRange {
        let start = self.position(span.start);
        let end = self.position(span.end);
        let line_start = |p: Position| self.line_starts_utf16[p.line as usize - 1];
        TextRange {
            start,
            end,
            from: line_start(start) + start.column - 1,
            to: line_start(end) + end.column - 1,
        }
    }
}

/// The first line of a piece of code, trimmed and cut to `max_chars`, for a
/// one-line label in a list.
pub fn one_line(code: &str, max_chars: usize) -> String {
    let first = code.lines().next().unwrap_or("").trim();
    let mut out: String = first.chars().take(max_chars).collect();
    if first.chars().count() > max_chars || code.trim_end().contains('\n') {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_their_own_utf16_offsets() {
        let text = "ab\ncd\n";
        let map = Utf16Offsets::new(text);
        assert_eq!(map.utf16(4), 4);
        assert_eq!(map.position(4), Position { line: 2, column: 2 });
    }

    #[test]
    fn non_ascii_offsets_count_utf16_units() {
        // 'é' is 2 bytes and 1 unit; '😀' is 4 bytes and 2 units.
        let text = "é😀x\ny";
        let map = Utf16Offsets::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(map.position(x), Position { line: 1, column: 4 });
        assert_eq!(map.utf16(x), 3);
        let y = text.find('y').unwrap() as u32;
        assert_eq!(map.utf16(y), 5);
        let range = map.range(Span::new(x as usize, y as usize + 1));
        assert_eq!((range.from, range.to), (3, 6));
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "é";
        let map = Utf16Offsets::new(text);
        assert_eq!(map.utf16(1), 0);
        assert_eq!(map.utf16(99), 1);
    }

    #[test]
    fn one_line_labels() {
        assert_eq!(one_line("  go f()  ", 20), "go f()");
        assert_eq!(one_line("go func() {\n}()", 20), "go func() {…");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
