//! A Damerau–Levenshtein automaton (optimal string alignment: insertions, deletions,
//! substitutions and adjacent transpositions) over bytes, for `fst` searches.
//!
//! It runs the edit-distance table one row per input byte, keeping only the band of cells that
//! can still be within the maximum distance, so a state is a small `Copy` value and nothing is
//! built up front. The `levenshtein_automata` builder for distance 2 costs about 0.3 ms to create
//! and its DFA 0.1–0.2 ms per word, which a one-draft process would pay on its first unknown
//! word; this automaton costs nothing to create. It measures bytes, so it is used for ASCII
//! words; others go through `levenshtein_automata`.

/// The largest supported distance.
pub(super) const MAX_DISTANCE: u8 = 2;
/// Cells in the band around the diagonal: `2 × MAX_DISTANCE + 1`.
const WIDTH: usize = 2 * MAX_DISTANCE as usize + 1;
/// The value of a cell that is out of reach.
const FAR: u8 = MAX_DISTANCE + 1;

/// An automaton matching the byte strings within `max` edits of `query`.
pub(super) struct Osa<'q> {
    query: &'q [u8],
    max: u8,
}

/// One row of the band: cell `c` holds the distance between the input so far (`depth` bytes) and
/// the first `depth - MAX_DISTANCE + c` bytes of the query.
#[derive(Clone, Copy, Debug)]
pub(super) struct Row {
    depth: usize,
    cells: [u8; WIDTH],
    /// The previous row, for transpositions.
    prev: [u8; WIDTH],
    /// The last input byte.
    last: u8,
}

impl<'q> Osa<'q> {
    /// An automaton for `query`; `max` is clamped to [`MAX_DISTANCE`].
    pub(super) fn new(query: &'q [u8], max: u8) -> Self {
        Self {
            query,
            max: max.min(MAX_DISTANCE),
        }
    }

    /// The query position (0..=len) of cell `c` at `depth`, if it exists.
    fn column(&self, depth: usize, c: usize) -> Option<usize> {
        (depth + c)
            .checked_sub(usize::from(MAX_DISTANCE))
            .filter(|&j| j <= self.query.len())
    }

    /// The edit distance between the input read so far and the whole query, if within reach.
    pub(super) fn distance(&self, row: &Row) -> Option<u8> {
        let c = (self.query.len() + usize::from(MAX_DISTANCE)).checked_sub(row.depth)?;
        row.cells.get(c).copied().filter(|&d| d <= self.max)
    }
}

impl fst::Automaton for Osa<'_> {
    type State = Row;

    fn start(&self) -> Row {
        let mut cells = [FAR; WIDTH];
        for (c, cell) in cells.iter_mut().enumerate() {
            if let Some(j) = self.column(0, c) {
                *cell = u8::try_from(j).unwrap_or(FAR).min(FAR);
            }
        }
        Row {
            depth: 0,
            cells,
            prev: [FAR; WIDTH],
            last: 0,
        }
    }

    fn is_match(&self, row: &Row) -> bool {
        self.distance(row).is_some()
    }

    fn can_match(&self, row: &Row) -> bool {
        row.cells.iter().any(|&d| d <= self.max)
    }

    fn accept(&self, row: &Row, byte: u8) -> Row {
        let depth = row.depth + 1;
        let n = self.query.len();
        // Cell c at `depth` is query column `depth - MAX_DISTANCE + c`; in the row above, the same
        // column is cell c + 1 and the column before it cell c; two rows up, column - 2 is cell c.
        let shift = usize::from(MAX_DISTANCE);
        let mut cells = [FAR; WIDTH];
        let mut left = FAR;
        for (c, cell) in cells.iter_mut().enumerate() {
            let value = match (depth + c).checked_sub(shift) {
                None => FAR,
                Some(j) if j > n => FAR,
                Some(0) => u8::try_from(depth).map_or(FAR, |d| d.min(FAR)),
                Some(j) => {
                    let above = if c + 1 < WIDTH { row.cells[c + 1] } else { FAR };
                    let q = self.query[j - 1];
                    let mut best = (above + 1).min(left + 1).min(row.cells[c] + u8::from(q != byte));
                    if j >= 2 && q != byte && q == row.last && self.query[j - 2] == byte && row.depth >= 1 {
                        best = best.min(row.prev[c] + 1);
                    }
                    best.min(FAR)
                }
            };
            *cell = value;
            left = value;
        }
        Row {
            depth,
            cells,
            prev: row.cells,
            last: byte,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Osa;
    use fst::Automaton;

    fn distance(query: &str, text: &str) -> Option<u8> {
        let aut = Osa::new(query.as_bytes(), 2);
        let mut state = aut.start();
        for &b in text.as_bytes() {
            state = aut.accept(&state, b);
        }
        aut.distance(&state)
    }

    /// Plain optimal-string-alignment distance, for comparison.
    fn osa(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn matches_the_reference_distance() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "the",
            "teh",
            "hte",
            "recieve",
            "receive",
            "begining",
            "beginning",
            "abc",
            "acb",
            "cab",
            "abcd",
            "badc",
            "xyz",
            "customer",
            "custmer",
            "costumer",
            "aa",
            "aaa",
            "abab",
            "baba",
        ];
        for q in words {
            for t in words {
                let want = osa(q.as_bytes(), t.as_bytes());
                let got = distance(q, t);
                if want <= 2 {
                    assert_eq!(got, Some(u8::try_from(want).unwrap_or(9)), "{q} {t}");
                } else {
                    assert_eq!(got, None, "{q} {t}");
                }
            }
        }
    }

    #[test]
    fn prunes_hopeless_prefixes() {
        let aut = Osa::new(b"cat", 1);
        let mut state = aut.start();
        for &b in b"xyz" {
            state = aut.accept(&state, b);
        }
        assert!(!aut.can_match(&state));
    }
}
