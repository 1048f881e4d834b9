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

/// Spans for "does this overlap any of them?" questions, answered by binary search: a check
/// that asks this once per finding stays linear in the document, however many spans there are.
///
/// Spans that overlap are merged (touching ones are not, so an empty span at the seam of two
/// neighbours still overlaps neither, as with [`Span::overlaps`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SpanSet {
    merged: Vec<Span>,
}

impl SpanSet {
    /// The set of `spans`, in any order.
    pub(crate) fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_unstable();
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            match merged.last_mut() {
                Some(last) if s.start < last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        Self { merged }
    }

    /// Whether `span` lies inside the union of the spans (a word inside two overlapping
    /// phrases counts as inside).
    pub(crate) fn contains(&self, span: Span) -> bool {
        let i = self.merged.partition_point(|m| m.end <= span.start);
        self.merged.get(i).is_some_and(|m| m.contains(span))
    }

    /// Whether `span` shares at least one byte with one of the spans, as [`Span::overlaps`].
    pub(crate) fn overlaps(&self, span: Span) -> bool {
        // Merged spans are sorted and disjoint, so their ends are sorted too: the only candidate
        // is the first one ending after `span` starts.
        let i = self.merged.partition_point(|m| m.end <= span.start);
        self.merged.get(i).is_some_and(|m| m.overlaps(span))
    }
}

#[cfg(test)]
mod tests {
    use super::{Span, SpanSet};

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

    #[test]
    fn span_set_answers_like_a_scan() {
        let spans = vec![
            Span::new(10, 14),
            Span::new(2, 6),
            Span::new(5, 8),
            Span::new(20, 20),
            Span::new(14, 16),
        ];
        let set = SpanSet::new(spans.clone());
        for start in 0..24 {
            for end in start..24 {
                let q = Span::new(start, end);
                assert_eq!(set.overlaps(q), spans.iter().any(|s| s.overlaps(q)), "{q:?}");
                if !q.is_empty() && !set.contains(q) {
                    assert!(!spans.iter().any(|s| s.contains(q)), "{q:?}");
                }
            }
        }
        assert!(!SpanSet::new(Vec::new()).overlaps(Span::new(0, 1)));
    }
}
