//! `LineIndex`: byte offset to 1-based line and column, computed once per document at the edge.
//!
//! Line breaks are `\n`, `\r\n` (counted once) and a lone `\r`. Columns are counted in an explicit
//! [`ColumnUnit`]; an all-ASCII text takes a fast path where every unit is one byte.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// What a column counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnUnit {
    /// UTF-8 bytes (Rust, Go).
    Byte,
    /// Unicode scalar values (Python, SARIF `unicodeCodePoints`).
    #[default]
    Codepoint,
    /// UTF-16 code units (JavaScript, LSP).
    Utf16,
    /// User-perceived characters, as a reader counts them.
    Grapheme,
}

impl ColumnUnit {
    /// How many units `s` holds.
    pub fn count(self, s: &str) -> usize {
        match self {
            Self::Byte => s.len(),
            Self::Codepoint => s.chars().count(),
            Self::Utf16 => s.encode_utf16().count(),
            Self::Grapheme => graphemes(s),
        }
    }
}

/// `s.graphemes(true).count()`, with ASCII runs counted bytewise: between two ASCII characters
/// there is always a boundary except inside `\r\n` (no ASCII character is `Extend`, `ZWJ`,
/// `SpacingMark`, `Prepend`, a regional indicator or Hangul), and the segmenter may restart at the
/// start of any all-ASCII cluster, since the rules that look back (emoji ZWJ sequences, regional
/// indicator pairs) never reach across an ASCII character. Long lines in a library are mostly
/// ASCII; the segmenter costs some fifty instructions a byte.
fn graphemes(mut s: &str) -> usize {
    let ascii_units = |run: &str| run.len() - run.matches("\r\n").count();
    let mut n = 0;
    loop {
        let Some(first) = s.bytes().position(|b| !b.is_ascii()) else {
            return n + ascii_units(s);
        };
        // The ASCII character just before the first non-ASCII one may join it (`#` + U+FE0F, a
        // letter + a combining mark), and a `\r` the `\n` after it: they go with the rest.
        let mut split = first.saturating_sub(1);
        if split > 0 && s.as_bytes().get(split - 1) == Some(&b'\r') {
            split -= 1;
        }
        let (head, rest) = s.split_at(split);
        n += ascii_units(head);
        // Clusters up to the first all-ASCII one after the non-ASCII text; restart there.
        let mut restart = rest.len();
        for (at, g) in rest.grapheme_indices(true) {
            if at > 0 && g.is_ascii() {
                restart = at;
                break;
            }
            n += 1;
        }
        s = rest.get(restart..).unwrap_or("");
        if s.is_empty() {
            return n;
        }
    }
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in the unit the index was asked for.
    pub column: usize,
}

/// Sorted line starts of one text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    ascii: bool,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Self {
            line_starts,
            ascii: text.is_ascii(),
        }
    }

    /// The location of byte `offset` (clamped to the text; moved back to a char boundary).
    pub fn location(&self, text: &str, offset: usize, unit: ColumnUnit) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let before = text.get(start..offset).unwrap_or("");
        let column = if self.ascii { before.len() } else { unit.count(before) };
        Location {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The byte range of 1-based `line`, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let mut end = self.line_starts.get(line).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        (start, end)
    }

    /// The byte offset of a 1-based location, the inverse of [`LineIndex::location`]: `None`
    /// when the line or column does not exist, or (for graphemes) falls inside a character.
    /// Linear in the line.
    pub fn offset(&self, text: &str, location: Location, unit: ColumnUnit) -> Option<usize> {
        let (start, end) = self.line_span(text, location.line);
        let line = text.get(start..end)?;
        let before = location.column.checked_sub(1)?;
        if before == 0 {
            return Some(start);
        }
        if self.ascii {
            return (before <= line.len()).then_some(start + before);
        }
        let mut seen = 0;
        let mut step = |at: usize, piece: &str, units: usize| -> Option<Option<usize>> {
            seen += units;
            match seen.cmp(&before) {
                std::cmp::Ordering::Less => None,
                std::cmp::Ordering::Equal => Some(Some(start + at + piece.len())),
                std::cmp::Ordering::Greater => Some(None),
            }
        };
        if unit == ColumnUnit::Grapheme {
            line.grapheme_indices(true).find_map(|(i, g)| step(i, g, 1)).flatten()
        } else {
            line.char_indices()
                .find_map(|(i, c)| {
                    let units = match unit {
                        ColumnUnit::Byte => c.len_utf8(),
                        ColumnUnit::Utf16 => c.len_utf16(),
                        ColumnUnit::Codepoint | ColumnUnit::Grapheme => 1,
                    };
                    step(i, &line[i..i + c.len_utf8()], units)
                })
                .flatten()
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::{ColumnUnit, LineIndex, Location, graphemes};

    /// Texts mixing ASCII with every kind of character that joins clusters.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-z #0-9]{0,6}",
            1 => Just("\r\n".to_owned()),
            1 => Just("\r".to_owned()),
            1 => Just("\n".to_owned()),
            1 => prop::sample::select(vec![
                "\u{301}", "\u{FE0F}", "\u{20E3}", "\u{200D}", "\u{1F44D}", "\u{1F3FD}",
                "\u{1F1EB}", "\u{1F1EE}", "\u{600}", "\u{903}", "\u{1100}", "\u{1161}",
                "\u{AC00}", "\u{11A8}", "é", "\u{2764}", "\u{E0061}",
            ])
            .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn grapheme_count_is_the_segmenters(s in text()) {
            prop_assert_eq!(graphemes(&s), s.graphemes(true).count());
        }
    }

    #[test]
    fn crlf_counts_once_and_lone_cr_breaks() {
        let text = "ab\r\ncd\ref\ngh";
        let idx = LineIndex::new(text);
        assert_eq!(idx.location(text, 4, ColumnUnit::Byte), Location { line: 2, column: 1 });
        assert_eq!(idx.location(text, 7, ColumnUnit::Byte), Location { line: 3, column: 1 });
        assert_eq!(
            idx.location(text, 11, ColumnUnit::Byte),
            Location { line: 4, column: 2 }
        );
    }

    #[test]
    fn units_differ_on_emoji() {
        let text = "👍🏽 ok";
        let idx = LineIndex::new(text);
        let at = text.find("ok").unwrap();
        assert_eq!(idx.location(text, at, ColumnUnit::Grapheme).column, 3);
        assert_eq!(idx.location(text, at, ColumnUnit::Codepoint).column, 4);
        assert_eq!(idx.location(text, at, ColumnUnit::Utf16).column, 6);
        assert_eq!(idx.location(text, at, ColumnUnit::Byte).column, 10);
    }
}
