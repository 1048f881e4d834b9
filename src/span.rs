//! `Span`: the only position type inside the engine, a half-open byte range.
//!
//! Line and column are computed once, at the edge, by [`crate::line_index::LineIndex`].

use serde::Serialize;

/// A half-open byte range `start..end` into a document's text.
///
/// Invariant: both ends lie on UTF-8 char boundaries of that text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; a reversed pair is swapped rather than trusted.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        if start <= end {
            Self { start, end }
        } else {
            Self { start: end, end: start }
        }
    }

    /// An empty span at `offset`, used for insertions and whole-message findings.
    pub fn empty(offset: usize) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The covered text, or `None` if the span does not fit `source`.
    pub fn text(self, source: &str) -> Option<&str> {
        source.get(self.start..self.end)
    }

    /// The same span moved `by` bytes to the right.
    pub fn shift(self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Span;

    #[test]
    fn overlap_and_containment() {
        let a = Span::new(2, 6);
        assert!(a.overlaps(Span::new(5, 9)));
        assert!(!a.overlaps(Span::new(6, 9)));
        assert!(a.contains(Span::new(3, 6)));
        assert!(!a.contains(Span::new(1, 3)));
        assert_eq!(Span::new(2, 4).text("héllo"), None, "2 is inside é");
        assert_eq!(Span::new(1, 3).text("héllo"), Some("é"));
    }
}
