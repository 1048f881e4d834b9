//! `casing`: capitalisation problems.
//!
//! Keys:
//! - `mode` (required): `shouting` (a run of words in capitals), `lowercase-i` (the pronoun
//!   written "i"; safe fix) or `sentence-start` (a sentence that starts in lowercase; safe fix).
//! - `min-words` (shouting, default 3) and `min-letters` (shouting, default 12): how long a run of
//!   capitalised words must be. A whole sentence in capitals with at least two words also counts.
//! - `allow`: words that never count (acronyms such as `FAQ`, `USA`).
//! - `fix`: lower the fix applicability (`display-only`), or `unsafe`.
//!
//! ```toml
//! [rules.check.casing]
//! mode = "lowercase-i"
//! ```

use serde::Deserialize;

use crate::checks::{Finding, FixLevel, SpecError};
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;
use crate::span::Span;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Mode {
    Shouting,
    LowercaseI,
    SentenceStart,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    mode: Mode,
    #[serde(default)]
    min_words: Option<usize>,
    #[serde(default)]
    min_letters: Option<usize>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    fix: FixLevel,
}

#[derive(Debug)]
pub(crate) struct Casing {
    mode: Mode,
    min_words: usize,
    min_letters: usize,
    allow: Vec<String>,
    fix: Applicability,
}

fn is_caps_word(w: &str) -> bool {
    if w.is_ascii() {
        // One pass over the bytes, stopping at the first lowercase letter (most words): the
        // letters are the capitals, so two of them make a capitalised word.
        let mut capitals = 0;
        for b in w.bytes() {
            if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' {
                return false;
            }
            capitals += usize::from(b.is_ascii_uppercase());
        }
        return capitals >= 2;
    }
    is_caps_word_by_chars(w)
}

/// [`is_caps_word`] character by character, for any text.
fn is_caps_word_by_chars(w: &str) -> bool {
    // Times (`5:00PM`), codes (`AB12`) and identifiers (`NOT_PLAYING`) are not shouting.
    if w.chars().any(|c| c.is_ascii_digit() || c == '_') {
        return false;
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_uppercase)
}

/// `w` with its first letter in capitals.
pub(crate) fn capitalise(w: &str) -> String {
    let mut chars = w.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

impl Casing {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        if spec.mode != Mode::Shouting && (spec.min_words.is_some() || spec.min_letters.is_some()) {
            return Err(SpecError::new(
                "`min-words` and `min-letters` only apply to `mode = \"shouting\"`",
            ));
        }
        if spec.min_words == Some(0) {
            return Err(SpecError::new("`min-words` must be at least 1"));
        }
        Ok(Self {
            mode: spec.mode,
            min_words: spec.min_words.unwrap_or(3),
            min_letters: spec.min_letters.unwrap_or(12),
            allow: spec.allow,
            fix: spec.fix.unwrap_or(Applicability::Safe),
        })
    }

    pub(crate) fn is_fixable(&self) -> bool {
        self.mode != Mode::Shouting && self.fix > Applicability::DisplayOnly
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        match self.mode {
            Mode::Shouting => self.shouting(doc, out),
            Mode::LowercaseI => self.lowercase_i(doc, out),
            Mode::SentenceStart => self.sentence_start(doc, out),
        }
    }

    fn allowed(&self, w: &str) -> bool {
        self.allow.iter().any(|a| a == w)
    }

    fn shouting(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        let mut alpha: Vec<Span> = Vec::new();
        for &sentence in doc.sentences() {
            let words = doc.words_in(sentence);
            alpha.clear();
            alpha.extend(
                words
                    .iter()
                    .copied()
                    .filter(|w| doc.slice(*w).chars().any(char::is_alphabetic)),
            );
            let whole_caps = alpha.len() >= 2
                && alpha
                    .iter()
                    .all(|w| is_caps_word(doc.slice(*w)) || doc.slice(*w) == "I")
                && alpha.iter().filter(|w| is_caps_word(doc.slice(**w))).count() >= 2
                && alpha.iter().map(|w| w.len()).sum::<usize>() >= 8;
            if whole_caps && !alpha.iter().all(|w| self.allowed(doc.slice(*w))) {
                out.push(Finding::new(sentence).arg("matched", doc.slice(sentence)));
                continue;
            }
            // Runs of capitalised words separated only by spaces or light punctuation.
            let mut run: Vec<Span> = Vec::new();
            let flush = |run: &mut Vec<Span>, out: &mut Vec<Finding>| {
                let letters: usize = run
                    .iter()
                    .map(|w| doc.slice(*w).chars().filter(|c| c.is_alphabetic()).count())
                    .sum();
                if run.len() >= self.min_words
                    && letters >= self.min_letters
                    && let (Some(first), Some(last)) = (run.first(), run.last())
                {
                    let span = Span::new(first.start, last.end);
                    out.push(Finding::new(span).arg("matched", doc.slice(span)));
                }
                run.clear();
            };
            for &w in &alpha {
                let word = doc.slice(w);
                let joined = run.last().is_none_or(|prev| {
                    text.get(prev.end..w.start)
                        .is_some_and(|gap| gap.chars().all(|c| matches!(c, ' ' | ',' | '!' | '-')))
                });
                if !joined {
                    flush(&mut run, out);
                }
                if is_caps_word(word) && !self.allowed(word) {
                    run.push(w);
                } else {
                    flush(&mut run, out);
                }
            }
            flush(&mut run, out);
        }
    }

    fn lowercase_i(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        for &w in doc.words() {
            let word = doc.slice(w);
            let bytes = word.as_bytes();
            if bytes.first() != Some(&b'i') {
                continue;
            }
            let rest = word.get(1..).unwrap_or("");
            let is_pronoun = rest.is_empty()
                || [
                    "'m",
                    "'ve",
                    "'ll",
                    "'d",
                    "\u{2019}m",
                    "\u{2019}ve",
                    "\u{2019}ll",
                    "\u{2019}d",
                ]
                .contains(&rest);
            if !is_pronoun {
                continue;
            }
            let before = text.get(..w.start).and_then(|s| s.chars().next_back());
            let after = text.get(w.start + 1..).and_then(|s| s.chars().next());
            // "i.e.", "/i/", "i-th" and list markers like "i)" are not the pronoun.
            if before.is_some_and(|c| matches!(c, '.' | '/' | '-' | '_' | '@' | '#' | '(' | '['))
                || after.is_some_and(|c| matches!(c, '.' | '/' | '-' | '_' | ')' | ']')) && rest.is_empty()
            {
                continue;
            }
            out.push(self.capitalisation(Span::new(w.start, w.start + 1), word, "I".to_owned(), "Capitalise “I”"));
        }
    }

    fn sentence_start(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        let mut previous_end: Option<char> = None;
        let body_start = crate::position::skip_handles(text);
        for &sentence in doc.sentences() {
            // Leading @handles are the reply's frame: the sentence starts after them.
            let sentence = if sentence.start < body_start && body_start < sentence.end {
                Span::new(body_start, sentence.end)
            } else {
                sentence
            };
            let s = doc.slice(sentence);
            let ended = previous_end.is_none_or(|c| matches!(c, '.' | '!' | '?'));
            previous_end = s.trim_end_matches(['"', '\'', ')', '\u{201d}']).chars().next_back();
            if !ended {
                continue;
            }
            let first_word = s.split_whitespace().next().unwrap_or("");
            let Some(first) = first_word.chars().next() else {
                continue;
            };
            if !first.is_lowercase() || self.allowed(first_word.trim_end_matches(|c: char| !c.is_alphanumeric())) {
                continue;
            }
            // Not prose: links, handles, brand casing (iPhone, eBay), code, abbreviations (e.g.).
            let core = first_word.trim_end_matches(|c: char| !c.is_alphanumeric());
            if first_word.contains(['/', '@', '.', '_', '#']) && !first_word.ends_with('.')
                || core.chars().skip(1).any(char::is_uppercase)
                || core.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            if core == "i" {
                continue; // the lowercase-i rule owns this one
            }
            self.push_start(text, sentence.start, out);
        }
        // Sentence segmentation keeps "done. your order" together (a lowercase word after a
        // full stop may be an abbreviation), so look inside sentences too.
        for &sentence in doc.sentences() {
            let s = doc.slice(sentence);
            for (i, c) in s.char_indices() {
                if !matches!(c, '.' | '!' | '?') {
                    continue;
                }
                let before = s.get(..i).unwrap_or("");
                let word = before.rsplit(|ch: char| ch.is_whitespace()).next().unwrap_or("");
                if word.chars().filter(|ch| ch.is_alphabetic()).count() < 2
                    || word.contains('.')
                    || word.ends_with(['.', '!', '?'])
                {
                    continue; // "a.m.", "e.g.", initials, ellipses
                }
                if [
                    "etc", "vs", "approx", "incl", "dept", "est", "no", "st", "ave", "dr", "mr", "mrs", "ms", "ca",
                    "cf",
                ]
                .contains(&word.to_lowercase().as_str())
                {
                    continue;
                }
                let rest = s.get(i + 1..).unwrap_or("");
                let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                if gap == 0 {
                    continue;
                }
                let next = rest.get(gap..).unwrap_or("");
                let next_word = next.split_whitespace().next().unwrap_or("");
                let core = next_word.trim_end_matches(|ch: char| !ch.is_alphanumeric());
                if next_word.chars().next().is_some_and(char::is_lowercase)
                    && core.chars().all(char::is_lowercase)
                    && !next_word.contains(['/', '@', '.', '_'])
                    && core != "i"
                    && !self.allowed(core)
                {
                    self.push_start(text, sentence.start + i + 1 + gap, out);
                }
            }
        }
    }

    /// A finding that capitalises `span` (the first letter of `word`) with a fix.
    fn capitalisation(&self, span: Span, word: &str, upper: String, title: &str) -> Finding {
        Finding::new(span)
            .arg("matched", word)
            .arg("replacement", capitalise(word))
            .with_fix(Some(Fix::replace(self.fix, title.to_owned(), span, upper)))
    }

    fn push_start(&self, text: &str, at: usize, out: &mut Vec<Finding>) {
        let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
            return;
        };
        let word = text.get(at..).and_then(|t| t.split_whitespace().next()).unwrap_or("");
        let span = Span::new(at, at + c.len_utf8());
        out.push(self.capitalisation(span, word, c.to_uppercase().collect(), "Capitalise the first word"));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_ascii_path_agrees_with_the_general_one(w in "[A-Za-z0-9_'.:-]{0,8}") {
            prop_assert_eq!(super::is_caps_word(&w), super::is_caps_word_by_chars(&w));
        }
    }
}
