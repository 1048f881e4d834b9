//! `Document`: one draft or template to lint, with lazily computed segmentation and masks.
//!
//! Segmentation (words, sentences, paragraphs) is computed on first use and shared by every
//! check. Placeholders are found once; in templates they are masked, so findings inside them are
//! dropped centrally by the engine.

use std::borrow::Cow;
use std::cell::OnceCell;

use serde::{Deserialize, Serialize};

use crate::placeholder::{self, Placeholder};
use crate::span::Span;

/// The kinds of document a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// About to be sent: placeholders are errors.
    Draft,
    /// A canned reply: placeholders are masked.
    Template,
}

/// One document to lint. Borrows its text.
#[derive(Debug)]
pub struct Document<'a> {
    text: &'a str,
    kind: DocKind,
    placeholders: OnceCell<Vec<Placeholder>>,
    sentences: OnceCell<Vec<Span>>,
    words: OnceCell<Vec<Span>>,
    folded: OnceCell<FoldedWords<'a>>,
    paragraphs: OnceCell<Vec<Span>>,
}

impl<'a> Document<'a> {
    /// A document over `text`.
    pub fn new(text: &'a str, kind: DocKind) -> Self {
        Self {
            text,
            kind,
            placeholders: OnceCell::new(),
            sentences: OnceCell::new(),
            words: OnceCell::new(),
            folded: OnceCell::new(),
            paragraphs: OnceCell::new(),
        }
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Draft or template.
    pub fn kind(&self) -> DocKind {
        self.kind
    }

    /// The text of `span`, or `""` if it does not fit.
    pub fn slice(&self, span: Span) -> &'a str {
        span.text(self.text).unwrap_or("")
    }

    /// Every placeholder in the text, in order.
    pub fn placeholders(&self) -> &[Placeholder] {
        self.placeholders.get_or_init(|| placeholder::find_all(self.text))
    }

    /// Whether a finding at `span` is about placeholder text rather than prose: it lies inside
    /// a placeholder, or cuts into one without covering it. Findings that cover whole
    /// placeholders (a long message) are not masked.
    pub fn is_masked(&self, span: Span) -> bool {
        // Placeholders are sorted and disjoint: only those ending at or after `span` starts and
        // starting at or before it ends can touch it, found by binary search.
        let all = self.placeholders();
        let from = all.partition_point(|p| p.span.end < span.start);
        all[from..].iter().take_while(|p| p.span.start <= span.end).any(|p| {
            (p.span.contains(span) && (!span.is_empty() || p.span.start < span.start))
                || (p.span.overlaps(span) && !span.contains(p.span))
        })
    }

    /// Sentences, trimmed of surrounding white space. Line breaks always end a sentence.
    pub fn sentences(&self) -> &[Span] {
        self.sentences.get_or_init(|| segment_sentences(self.text))
    }

    /// Words (Unicode word boundaries, UAX #29), including numbers.
    pub fn words(&self) -> &[Span] {
        self.words.get_or_init(|| crate::segment::word_spans(self.text))
    }

    /// Each of [`Self::words`], folded (see [`fold`]): computed once for every rule that looks
    /// words up, with the [`word_hash`] of each.
    pub(crate) fn folded_words(&self) -> &FoldedWords<'a> {
        self.folded.get_or_init(|| {
            let words: Vec<Cow<'a, str>> = self.words().iter().map(|w| fold(self.slice(*w))).collect();
            let hashes = words.iter().map(|w| word_hash(w)).collect();
            FoldedWords { words, hashes }
        })
    }

    /// Paragraphs: runs of non-blank lines.
    pub fn paragraphs(&self) -> &[Span] {
        self.paragraphs.get_or_init(|| segment_paragraphs(self.text))
    }

    /// The sentence containing byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<Span> {
        let sentences = self.sentences();
        // Sentences are sorted and disjoint: the candidate is the last one starting at or before.
        let i = sentences.partition_point(|s| s.start <= offset).checked_sub(1)?;
        sentences.get(i).copied().filter(|s| offset < s.end.max(s.start + 1))
    }

    /// Whether nothing alphanumeric comes before `offset` in its sentence, where `offset` is
    /// the start of a word that begins with a capital letter.
    ///
    /// Unless the document's sentences are already known, this looks at the offset's line
    /// alone. A line joins the sentence before it only when it starts with a lowercase letter
    /// (see [`segment_sentences`]). So at a capital, the line's own sentences give the same
    /// answer (a test pins this), and a spelling-only run does not segment the whole document.
    pub(crate) fn capital_opens_sentence(&self, offset: usize) -> bool {
        let no_alnum = |from: usize| {
            !self
                .text
                .get(from..offset)
                .unwrap_or("")
                .chars()
                .any(char::is_alphanumeric)
        };
        if self.sentences.get().is_some() {
            return self.sentence_at(offset).is_none_or(|s| no_alnum(s.start));
        }
        let text = self.text;
        let line_start = text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
        let line_end = text
            .get(offset..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| offset + i + 1);
        let line = text.get(line_start..line_end).unwrap_or("");
        crate::segment::sentence_bounds(line)
            .into_iter()
            .filter_map(|(start, piece)| trimmed(line_start + start, piece))
            .find(|s| s.start <= offset && offset < s.end)
            .is_none_or(|s| no_alnum(s.start))
    }

    /// The sentences inside `span`, found by binary search. For the whole text or one of
    /// [`Self::paragraphs`] they are what segmenting that text alone gives (a test pins this),
    /// so a rule that counts sentences per paragraph need not segment again.
    pub fn sentences_in(&self, span: Span) -> &[Span] {
        let sentences = self.sentences();
        let from = sentences.partition_point(|s| s.start < span.start);
        let to = sentences.partition_point(|s| s.end <= span.end).max(from);
        sentences.get(from..to).unwrap_or(&[])
    }

    /// The words inside `span`, found by binary search.
    pub fn words_in(&self, span: Span) -> &[Span] {
        let words = self.words();
        let from = words.partition_point(|w| w.start < span.start);
        let to = words.partition_point(|w| w.end <= span.end).max(from);
        words.get(from..to).unwrap_or(&[])
    }
}

/// A document's words, folded, each with its [`word_hash`]: hashed once for every rule that
/// looks words up, so that each rule can rule most words out by a bit test.
#[derive(Debug)]
pub(crate) struct FoldedWords<'a> {
    pub(crate) words: Vec<Cow<'a, str>>,
    pub(crate) hashes: Vec<u64>,
}

/// The hash of a folded word, the same in every process (a fixed seed).
pub(crate) fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(word)
}

/// A word lowercased, with typographic apostrophes made straight: borrowed when it is already
/// so (ASCII without capitals), as most words are.
pub(crate) fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else {
        let lower = word.to_lowercase();
        Cow::Owned(if lower.contains('\u{2019}') {
            lower.replace('\u{2019}', "'")
        } else {
            lower
        })
    }
}

fn trimmed(start: usize, piece: &str) -> Option<Span> {
    let lead = piece.len() - piece.trim_start().len();
    let body = piece.trim();
    (!body.is_empty()).then(|| Span::new(start + lead, start + lead + body.len()))
}

/// Sentence spans: UAX #29 sentences, further split at line breaks, trimmed.
///
/// A line break ends a sentence, except in hard-wrapped prose: when the line does not end in
/// punctuation and the next line starts with a lowercase letter, the two lines are one sentence.
pub(crate) fn segment_sentences(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    // Whether the last piece pushed ended at a line break (and so may continue on the next line).
    let mut open_line = false;
    for (start, sentence) in crate::segment::sentence_bounds(text) {
        let mut offset = start;
        for line in sentence.split_inclusive('\n') {
            let Some(span) = trimmed(offset, line) else {
                offset += line.len();
                if line.contains('\n') {
                    open_line = false; // a blank line ends any sentence
                }
                continue;
            };
            let starts_lower = text
                .get(span.start..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_lowercase);
            let joined = open_line
                && starts_lower
                && out.last_mut().is_some_and(|prev| {
                    let prev_text = text.get(prev.start..prev.end).unwrap_or("");
                    let wraps = prev_text.ends_with(|c: char| c.is_alphanumeric() || c == ')' || c == '\'');
                    if wraps {
                        *prev = Span::new(prev.start, span.end);
                    }
                    wraps
                });
            if !joined {
                out.push(span);
            }
            open_line = line.ends_with('\n');
            offset += line.len();
        }
    }
    out
}

fn segment_paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.extend(trimmed(s, text.get(s..end).unwrap_or("")));
            }
        } else {
            start.get_or_insert(offset);
            end = offset + line.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.extend(trimmed(s, text.get(s..end).unwrap_or("")));
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{DocKind, Document, segment_sentences};
    use crate::span::Span;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// What `Document::capital_opens_sentence` promises: at a capital, the line's own
        /// sentences answer as the document's do.
        #[test]
        fn a_capital_opens_a_sentence_by_its_line_alone(
            text in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "b", "We", "Sam", "it", " ", "  ", ".", "?", "!", ",", ")", "(", "\"", "'", "\n", "\n\n",
                    "\r\n", "\t", "1", "e.g.", "Mr. ", "\u{a0}", "\u{2026}", "É", "é", "\u{201d}", " \n ",
                ]),
                0..40,
            )
            .prop_map(|v| v.concat())
        ) {
            let capitals: Vec<usize> = text
                .char_indices()
                .filter(|&(i, c)| {
                    c.is_uppercase() && !text[..i].chars().next_back().is_some_and(char::is_alphanumeric)
                })
                .map(|(i, _)| i)
                .collect();
            let local = Document::new(&text, DocKind::Draft);
            let known = Document::new(&text, DocKind::Draft);
            known.sentences();
            for i in capitals {
                prop_assert_eq!(local.capital_opens_sentence(i), known.capital_opens_sentence(i), "at {}", i);
            }
        }

        /// What `Document::sentences_in` promises: a paragraph's (or the whole text's) sentences
        /// are those of segmenting it alone.
        #[test]
        fn a_paragraphs_sentences_are_its_own(
            text in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "b", "We", "it", " ", "  ", ".", "?", "!", ",", ")", "\"", "'", "\n", "\n\n", "\r\n",
                    "\r", "\t", "1", "e.g.", "Mr. ", "\u{a0}", "\u{2026}", "é", "\u{201d}", " \n ",
                ]),
                0..40,
            )
            .prop_map(|v| v.concat())
        ) {
            let doc = Document::new(&text, DocKind::Draft);
            let whole = Span::new(0, text.trim_end().len());
            let alone = |span: Span| -> Vec<Span> {
                segment_sentences(doc.slice(span))
                    .into_iter()
                    .map(|s| Span::new(s.start + span.start, s.end + span.start))
                    .collect()
            };
            prop_assert_eq!(doc.sentences_in(whole).to_vec(), alone(whole));
            for &p in doc.paragraphs() {
                prop_assert_eq!(doc.sentences_in(p).to_vec(), alone(p));
            }
        }
    }

    #[test]
    fn sentences_split_at_line_breaks_and_trim() {
        let doc = Document::new("Hi Dana,\nYour order ships today. Anything else?  ", DocKind::Draft);
        let texts: Vec<&str> = doc.sentences().iter().map(|s| doc.slice(*s)).collect();
        assert_eq!(texts, ["Hi Dana,", "Your order ships today.", "Anything else?"]);
    }

    #[test]
    fn hard_wrapped_lines_stay_one_sentence() {
        let doc = Document::new(
            "We checked the parcel and\nit ships today.\nKind regards,\nSam",
            DocKind::Draft,
        );
        let texts: Vec<&str> = doc.sentences().iter().map(|s| doc.slice(*s)).collect();
        assert_eq!(
            texts,
            ["We checked the parcel and\nit ships today.", "Kind regards,", "Sam"]
        );
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let doc = Document::new("One.\nTwo.\n\n\nThree.\n", DocKind::Draft);
        let texts: Vec<&str> = doc.paragraphs().iter().map(|s| doc.slice(*s)).collect();
        assert_eq!(texts, ["One.\nTwo.", "Three."]);
    }
}
