//! `SourceMap`: where each byte of a text derived from a file came from in that file. A record
//! of an export is linted as its decoded text (JSON escapes resolved, HTML reduced to text), but
//! every position is reported in the export file itself: a diagnostic's span is mapped through
//! the record's `SourceMap` before line and column are computed.

/// Runs of a derived text that copy their file byte for byte, each from its start.
///
/// A text offset inside a run maps to the same distance into the file; a text offset that
/// came from an escape or an entity (`\n`, `&amp;`) maps to where that escape starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(text offset, file offset)` at the start of each run, sorted by text offset.
    runs: Vec<(usize, usize)>,
}

impl SourceMap {
    /// A text that is a verbatim copy of the file's bytes from `file_offset` on.
    pub fn verbatim(file_offset: usize) -> Self {
        Self {
            runs: vec![(0, file_offset)],
        }
    }

    /// Start a run: text byte `text_offset` (and those after it, until the next run) came from
    /// file byte `file_offset` on. Runs are pushed in text order; a run at the same text offset
    /// as the last one replaces it.
    pub fn push(&mut self, text_offset: usize, file_offset: usize) {
        match self.runs.last_mut() {
            Some(last) if last.0 == text_offset => last.1 = file_offset,
            Some(last) if last.0 > text_offset => {}
            _ => self.runs.push((text_offset, file_offset)),
        }
    }

    /// This map (text -> middle) followed by `outer` (middle -> file): the map of a text
    /// derived in two steps, such as an HTML body (tags removed, entities decoded) inside a
    /// JSON string (escapes resolved).
    pub fn then(&self, outer: &Self) -> Self {
        let mut out = Self::default();
        for (k, &(t, m)) in self.runs.iter().enumerate() {
            // The middle bytes this run copies: up to the next run, or on to the end.
            let len = self.runs.get(k + 1).map_or(usize::MAX, |&(next, _)| next - t);
            out.push(t, outer.to_file(m));
            let first = outer.runs.partition_point(|&(mid, _)| mid <= m);
            for &(mid, file) in outer.runs.iter().skip(first) {
                if mid - m >= len {
                    break;
                }
                out.push(t + (mid - m), file);
            }
        }
        out
    }

    /// The file offset of text offset `offset`.
    pub fn to_file(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|&(t, _)| t <= offset);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(t, f)) => f + (offset - t),
            None => self.runs.first().map_or(offset, |&(_, f)| f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SourceMap;

    #[test]
    fn offsets_map_through_runs_and_escapes() {
        // File: `{"text": "Hi\nthere"}`; text: "Hi" + newline + "there".
        let file = r#"{"text": "Hi\nthere"}"#;
        let mut map = SourceMap::verbatim(10);
        map.push(2, 12); // the newline came from `\n` at 12..14
        map.push(3, 14); // "there" is verbatim again
        assert_eq!(map.to_file(0), 10);
        assert_eq!(&file[map.to_file(0)..map.to_file(2)], "Hi");
        assert_eq!(map.to_file(2), 12);
        assert_eq!(&file[map.to_file(3)..map.to_file(8)], "there");
        assert_eq!(SourceMap::default().to_file(7), 7);

        // Two steps: text "a&b" from HTML `a&amp;b` (middle), itself at file offset 100 with
        // an escape at middle 2..4 taking 6 file bytes.
        let mut inner = SourceMap::verbatim(0);
        inner.push(1, 1); // `&` from `&amp;` at 1..6
        inner.push(2, 6);
        let mut outer = SourceMap::verbatim(100);
        outer.push(2, 102);
        outer.push(3, 108);
        let both = inner.then(&outer);
        assert_eq!(both.to_file(0), 100);
        assert_eq!(both.to_file(1), 101);
        assert_eq!(both.to_file(2), outer.to_file(6));
        assert_eq!(both.to_file(3), outer.to_file(7));
    }
}
