//! UAX #29 sentence and word boundaries, with a fast path for the characters replies use.
//!
//! `unicode-segmentation` looks every character up in its property tables (a binary search
//! each), which made segmentation a tenth of all the work on a large library. Both kinds of
//! boundary always fall after a line feed (UAX #29 rules `SB4` and `WB3a`), and no rule looks across
//! one, so text is segmented line by line: a line of ASCII, Latin-1 letters, typographic
//! quotes, dashes and ellipses, `£`, `€` and common emoji by the rules written out below for
//! those characters' categories, any other line (other scripts, combining marks, emoji
//! sequences) by the crate. The results are the crate's, boundary for boundary (property and
//! per-character tests compare them).

use unicode_segmentation::UnicodeSegmentation;

use crate::span::Span;

/// Lines with their line feed: the units segmented independently.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0usize, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

/// A line's characters by category, for the rules written out below: the category of each
/// character and its byte offset in the line (`offsets` stays empty for an ASCII line, where
/// they are the indices). Buffers are reused from line to line.
struct Classes<C> {
    cats: Vec<C>,
    offsets: Vec<usize>,
}

impl<C: Copy> Classes<C> {
    fn new() -> Self {
        Self {
            cats: Vec::new(),
            offsets: Vec::new(),
        }
    }

    /// Fills the buffers for `line`; `ascii` gives an ASCII byte's category, `other` a
    /// known non-ASCII character's. False when the line holds a character the table does not
    /// know, for the crate to segment.
    fn classify(&mut self, line: &str, ascii: fn(u8) -> C, other: fn(char) -> Option<C>) -> bool {
        self.cats.clear();
        self.offsets.clear();
        if line.is_ascii() {
            self.cats.extend(line.bytes().map(ascii));
            return true;
        }
        for (i, c) in line.char_indices() {
            let cat = if c.is_ascii() { Some(ascii(c as u8)) } else { other(c) };
            let Some(cat) = cat else {
                return false;
            };
            self.cats.push(cat);
            self.offsets.push(i);
        }
        true
    }

    /// The byte offset of character `k` of the line (`len` for the end).
    fn offset(&self, k: usize, len: usize) -> usize {
        if self.offsets.is_empty() {
            k
        } else {
            self.offsets.get(k).copied().unwrap_or(len)
        }
    }

    /// The segments of the classified line under `break_before`, as byte ranges covering it.
    fn segments(&self, len: usize, break_before: impl Fn(&[C], usize) -> bool, mut each: impl FnMut(usize, usize)) {
        let mut from = 0;
        for k in 1..self.cats.len() {
            if break_before(&self.cats, k) {
                let at = self.offset(k, len);
                each(from, at);
                from = at;
            }
        }
        if len > 0 {
            each(from, len);
        }
    }
}

/// Sentence segments of `text`, covering it: what `split_sentence_bound_indices` gives.
pub(crate) fn sentence_bounds(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut classes = Classes::new();
    for (start, line) in lines(text) {
        if classes.classify(line, sb, sb_other) {
            classes.segments(line.len(), sentence_break_before, |from, to| {
                out.push((start + from, &line[from..to]));
            });
        } else {
            out.extend(line.split_sentence_bound_indices().map(|(i, s)| (start + i, s)));
        }
    }
    out
}

/// Words of `text` (segments holding a letter or digit): what `unicode_word_indices` gives,
/// as byte spans.
pub(crate) fn word_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut classes = Classes::new();
    for (start, line) in lines(text) {
        if classes.classify(line, wb, wb_other) {
            let ascii = classes.offsets.is_empty();
            classes.segments(line.len(), word_break_before, |from, to| {
                let piece = &line[from..to];
                let wordy = if ascii {
                    piece.bytes().any(|b| b.is_ascii_alphanumeric())
                } else {
                    piece.chars().any(char::is_alphanumeric)
                };
                if wordy {
                    out.push(Span::new(start + from, start + to));
                }
            });
        } else {
            out.extend(
                line.unicode_word_indices()
                    .map(|(i, w)| Span::new(start + i, start + i + w.len())),
            );
        }
    }
    out
}

/// Latin-1 letters (not `ª`, `º`, `×`, `÷`): capital or not.
fn latin1_letter(c: char) -> Option<bool> {
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xDE => Some(true),
        0xDF..=0xF6 | 0xF8..=0xFF => Some(false),
        _ => None,
    }
}

/// Pictographs of the emoji blocks, which fall in no category the rules tell apart (the skin
/// tone modifiers, which extend the character before them, excepted; a joiner or a variation
/// selector after one sends its line to the crate).
fn is_plain_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1F3FA | 0x1F400..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF | 0x1FA70..=0x1FAFF)
}

/// The sentence categories of the non-ASCII characters common in replies.
fn sb_other(c: char) -> Option<Sb> {
    if let Some(upper) = latin1_letter(c) {
        return Some(if upper { Sb::Upper } else { Sb::Lower });
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' => Some(Sb::Close),
        '\u{2013}' | '\u{2014}' => Some(Sb::SContinue),
        '\u{2026}' | '\u{a3}' | '\u{20ac}' => Some(Sb::Other),
        c if is_plain_emoji(c) => Some(Sb::Other),
        _ => None,
    }
}

/// The word categories of the non-ASCII characters common in replies.
fn wb_other(c: char) -> Option<Wb> {
    if latin1_letter(c).is_some() {
        return Some(Wb::Letter);
    }
    match c {
        '\u{2018}' | '\u{2019}' => Some(Wb::MidNumLetQ),
        '\u{201c}' | '\u{201d}' | '\u{2013}' | '\u{2014}' | '\u{2026}' | '\u{a3}' | '\u{20ac}' => Some(Wb::Other),
        c if is_plain_emoji(c) => Some(Wb::Other),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sb {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

fn sb(b: u8) -> Sb {
    match b {
        b'\r' => Sb::Cr,
        b'\n' => Sb::Lf,
        b'\t' | 0x0B | 0x0C | b' ' => Sb::Sp,
        b'a'..=b'z' => Sb::Lower,
        b'A'..=b'Z' => Sb::Upper,
        b'0'..=b'9' => Sb::Numeric,
        b'.' => Sb::ATerm,
        b'!' | b'?' => Sb::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Sb::Close,
        b',' | b'-' | b':' | b';' => Sb::SContinue,
        _ => Sb::Other,
    }
}

/// Whether UAX #29 puts a sentence boundary between `c[i - 1]` and `c[i]`.
fn sentence_break_before(c: &[Sb], i: usize) -> bool {
    let (prev, cur) = (c[i - 1], c[i]);
    // Every boundary follows a paragraph separator (SB4) or `SATerm Close* Sp*` (SB11): after
    // anything else there is none (SB998), which settles most positions at once.
    if !matches!(prev, Sb::Cr | Sb::Lf | Sb::ATerm | Sb::STerm | Sb::Close | Sb::Sp) {
        return false;
    }
    let para_sep = |x: Sb| matches!(x, Sb::Cr | Sb::Lf);
    let sa_term = |x: Sb| matches!(x, Sb::ATerm | Sb::STerm);
    if prev == Sb::Cr && cur == Sb::Lf {
        return false; // SB3
    }
    if para_sep(prev) {
        return true; // SB4
    }
    if prev == Sb::ATerm && cur == Sb::Numeric {
        return false; // SB6
    }
    if prev == Sb::ATerm && cur == Sb::Upper && i >= 2 && matches!(c[i - 2], Sb::Upper | Sb::Lower) {
        return false; // SB7
    }
    // SATerm Close* Sp* before the candidate boundary?
    let mut j = i;
    while j > 0 && c[j - 1] == Sb::Sp {
        j -= 1;
    }
    let spaces = j < i;
    while j > 0 && c[j - 1] == Sb::Close {
        j -= 1;
    }
    if j == 0 || !sa_term(c[j - 1]) {
        return false; // SB998
    }
    let term = c[j - 1];
    if term == Sb::ATerm {
        // SB8: ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower
        let next = c[i..]
            .iter()
            .find(|&&x| matches!(x, Sb::Upper | Sb::Lower | Sb::Cr | Sb::Lf | Sb::ATerm | Sb::STerm));
        if next == Some(&Sb::Lower) {
            return false;
        }
    }
    if matches!(cur, Sb::SContinue) || sa_term(cur) {
        return false; // SB8a
    }
    if !spaces && matches!(cur, Sb::Close | Sb::Sp | Sb::Cr | Sb::Lf) {
        return false; // SB9
    }
    if matches!(cur, Sb::Sp | Sb::Cr | Sb::Lf) {
        return false; // SB10
    }
    true // SB11
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    /// `.` (`MidNumLet`) and `'` (`Single_Quote`): `MidNumLetQ`.
    MidNumLetQ,
    Other,
}

fn wb(b: u8) -> Wb {
    match b {
        b'\r' => Wb::Cr,
        b'\n' => Wb::Lf,
        0x0B | 0x0C => Wb::Newline,
        b' ' => Wb::Space,
        b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
        b'0'..=b'9' => Wb::Numeric,
        b'_' => Wb::ExtendNumLet,
        b':' => Wb::MidLetter,
        b',' | b';' => Wb::MidNum,
        b'.' | b'\'' => Wb::MidNumLetQ,
        _ => Wb::Other,
    }
}

/// Whether UAX #29 puts a word boundary between `c[i - 1]` and `c[i]`.
fn word_break_before(c: &[Wb], i: usize) -> bool {
    let (prev, cur) = (c[i - 1], c[i]);
    let at = |k: usize| c.get(k).copied();
    let mid_letter = |x: Option<Wb>| matches!(x, Some(Wb::MidLetter | Wb::MidNumLetQ));
    let mid_num = |x: Option<Wb>| matches!(x, Some(Wb::MidNum | Wb::MidNumLetQ));
    match (prev, cur) {
        (Wb::Cr, Wb::Lf) => false,                                                          // WB3
        (Wb::Cr | Wb::Lf | Wb::Newline, _) | (_, Wb::Cr | Wb::Lf | Wb::Newline) => true,    // WB3a, WB3b
        (Wb::Space, Wb::Space) => false,                                                    // WB3d
        (Wb::Letter, Wb::Letter) => false,                                                  // WB5
        (Wb::Letter, _) if mid_letter(Some(cur)) && at(i + 1) == Some(Wb::Letter) => false, // WB6
        (_, Wb::Letter) if mid_letter(Some(prev)) && i >= 2 && at(i - 2) == Some(Wb::Letter) => false, // WB7
        (Wb::Numeric | Wb::Letter, Wb::Numeric) | (Wb::Numeric, Wb::Letter) => false,       // WB8, WB9, WB10
        (_, Wb::Numeric) if mid_num(Some(prev)) && i >= 2 && at(i - 2) == Some(Wb::Numeric) => false, // WB11
        (Wb::Numeric, _) if mid_num(Some(cur)) && at(i + 1) == Some(Wb::Numeric) => false,  // WB12
        (Wb::Letter | Wb::Numeric | Wb::ExtendNumLet, Wb::ExtendNumLet) => false,           // WB13a
        (Wb::ExtendNumLet, Wb::Letter | Wb::Numeric) => false,                              // WB13b
        _ => true,                                                                          // WB999
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// Characters of every ASCII category the rules tell apart, and a few non-ASCII ones (so
    /// that lines take both paths).
    const ALPHABET: &[&str] = &[
        "a",
        "z",
        "A",
        "Q",
        "0",
        "7",
        ".",
        "!",
        "?",
        "\"",
        "'",
        "(",
        ")",
        "[",
        "}",
        " ",
        " ",
        "\t",
        "\u{b}",
        "\u{c}",
        ",",
        ";",
        ":",
        "-",
        "_",
        "\n",
        "\r",
        "#",
        "/",
        "@",
        "etc",
        "Mr",
        "U.S.",
        "e.g.",
        "\u{2019}",
        "\u{201c}",
        "é",
        "\u{2014}",
        "🙂",
        "\u{2026}",
        "\u{2018}",
        "\u{201d}",
        "\u{2013}",
        "À",
        "Ö",
        "×",
        "ß",
        "ÿ",
        "÷",
        "ª",
        "\u{a0}",
        "\u{301}",
        "£",
        "€",
        "👋",
        "\u{1f3fb}",
        "\u{200d}",
        "\u{fe0f}",
        "📦",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(ALPHABET), 0..40).prop_map(|v| v.concat())
    }

    fn check(t: &str) {
        let ours: Vec<(usize, &str)> = super::sentence_bounds(t);
        let theirs: Vec<(usize, &str)> = t.split_sentence_bound_indices().collect();
        assert_eq!(ours, theirs, "sentences of {t:?}");
        let ours: Vec<(usize, &str)> = super::word_spans(t)
            .iter()
            .map(|s| (s.start, &t[s.start..s.end]))
            .collect();
        let theirs: Vec<(usize, &str)> = t.unicode_word_indices().collect();
        assert_eq!(ours, theirs, "words of {t:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn same_boundaries_as_unicode_segmentation(t in text()) {
            check(&t);
        }
    }

    /// Every character the table classifies, in contexts where its category decides a
    /// boundary.
    #[test]
    fn same_boundaries_for_every_classified_character() {
        let classified = (0x80u32..0x2_0000)
            .filter_map(char::from_u32)
            .filter(|&c| super::sb_other(c).is_some() || super::wb_other(c).is_some());
        for c in classified {
            for t in [
                format!("a{c}b"),
                format!("1{c}2"),
                format!("Done.{c} Next"),
                format!("Done. {c}next"),
                format!("it{c}s ok. {c}Yes"),
                format!("{c}{c}. A"),
            ] {
                check(&t);
            }
        }
    }

    #[test]
    fn same_boundaries_on_reply_shaped_text() {
        for t in [
            "",
            "Hi Dana,\nYour order ships today. Anything else?  ",
            "It costs $4.50 (incl. tax). See e.g. the U.S. site... ok?! \"Yes.\" Next one.\r\nDone",
            "Mr. Smith said: 'no.' then left.\n\n- item one\n- item two",
            "wait... what?? no!!! 3.14 is pi. a.b.c isn't d. Call 555-1234; ext. 9.",
            "Thanks, Zoë! We\u{2019}re on it \u{2014} “soon”.\nBest,\nSam",
        ] {
            check(t);
        }
    }
}
