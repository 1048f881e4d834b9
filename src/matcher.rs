//! `Matcher`: literal phrases (one aho-corasick automaton, whole words, ASCII case-insensitive)
//! plus optional regexes, shared by every check kind that looks for wording.
//!
//! Phrases containing a straight apostrophe also match the typographic one (`don't`/`don’t`),
//! and white space inside a phrase is a single space. Regexes should use ASCII classes and
//! `(?-u:\b)`: Unicode word boundaries make the regex DFA give up on non-ASCII text.
//!
//! Everything is checked at load time (so pack errors are located) but built on first use: a
//! process that lints one draft pays only for the automata and regexes that draft needs.
//! A `prefilter` (phrases at least one of which every regex match contains) lets a regex be
//! skipped, and never compiled, for texts that cannot match.

use std::cell::Cell;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::checks::SpecError;
use crate::span::Span;

thread_local! {
    /// Whether patterns are checked at load (translated, as the compiler will see them). Packs
    /// from disk are; the built-in packs, which a test checks in full, are not, to keep start-up
    /// fast.
    static FULL_CHECK: Cell<bool> = const { Cell::new(true) };
}

/// Whether patterns are checked at load (always, except inside [`trusting`]).
pub(crate) fn checks_patterns() -> bool {
    FULL_CHECK.get()
}

/// Run `f` without checking patterns at load: for the built-in packs, which a test checks.
pub(crate) fn trusting<T>(f: impl FnOnce() -> T) -> T {
    FULL_CHECK.set(false);
    let out = f();
    FULL_CHECK.set(true);
    out
}

/// Above this many `text bytes × phrases`, phrase lists are matched with an automaton.
const NAIVE_SCAN_BUDGET: usize = 400_000;

/// Phrases, compiled into an automaton on first use.
#[derive(Debug, Default)]
struct Phrases {
    /// The phrases as written; their search forms (`variants`) are made on first use.
    raw: Vec<String>,
    list: OnceLock<Vec<String>>,
    case_sensitive: bool,
    automaton: OnceLock<Option<AhoCorasick>>,
}

impl Phrases {
    fn new(phrases: &[String], case_sensitive: bool) -> Result<Self, SpecError> {
        if !phrases.is_empty() && phrases.iter().all(|p| p.trim().is_empty()) {
            return Err(SpecError::new("a phrase list holds only empty phrases"));
        }
        Ok(Self {
            raw: phrases.to_vec(),
            list: OnceLock::new(),
            case_sensitive,
            automaton: OnceLock::new(),
        })
    }

    fn list(&self) -> &[String] {
        self.list.get_or_init(|| {
            self.raw
                .iter()
                .flat_map(|p| variants(p))
                .filter(|p| !p.is_empty())
                .collect()
        })
    }

    fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Whether any phrase occurs anywhere in `text` (no word-boundary check).
    fn occurs_in(&self, text: &str) -> bool {
        !self.occurrences(text).is_empty()
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        let list = self.list();
        if list.is_empty() {
            return None;
        }
        self.automaton
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(!self.case_sensitive)
                    .match_kind(MatchKind::Standard)
                    // Builds in microseconds; a DFA would cost milliseconds per list.
                    .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                    .build(list)
                    .ok()
            })
            .as_ref()
    }

    /// Every occurrence of every phrase, overlapping, as byte ranges. Short texts are scanned
    /// phrase by phrase (cheaper than building the automaton for one draft); long texts use the
    /// automaton. Both find exactly the same occurrences.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize)> {
        let list = self.list();
        if list.is_empty() {
            return Vec::new();
        }
        if text.len().saturating_mul(list.len()) > NAIVE_SCAN_BUDGET || self.automaton.get().is_some() {
            return self
                .automaton()
                .map(|ac| ac.find_overlapping_iter(text).map(|m| (m.start(), m.end())).collect())
                .unwrap_or_default();
        }
        let folded;
        let haystack = if self.case_sensitive {
            text
        } else {
            folded = text.to_ascii_lowercase();
            folded.as_str()
        };
        let mut out = Vec::new();
        for phrase in list {
            let needle = if self.case_sensitive {
                phrase.clone()
            } else {
                phrase.to_ascii_lowercase()
            };
            let mut from = 0;
            while let Some(i) = haystack.get(from..).and_then(|h| h.find(needle.as_str())) {
                let start = from + i;
                out.push((start, start + needle.len()));
                // Step one character, so overlapping occurrences are found too.
                from = start
                    + haystack
                        .get(start..)
                        .and_then(|h| h.chars().next())
                        .map_or(1, char::len_utf8);
            }
        }
        out
    }

    /// Whole-word hits, longest first where they overlap.
    fn find_all(&self, text: &str) -> Vec<Span> {
        let mut hits: Vec<Span> = Vec::new();
        for (s, e) in self.occurrences(text) {
            let starts_word = text
                .get(s..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_alphanumeric);
            let ends_word = text
                .get(..e)
                .and_then(|t| t.chars().next_back())
                .is_some_and(char::is_alphanumeric);
            if (starts_word && is_word_char(text, s, true)) || (ends_word && is_word_char(text, e, false)) {
                continue;
            }
            hits.push(Span::new(s, e));
        }
        hits.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut out = Vec::with_capacity(hits.len());
        let mut last_end = 0;
        for h in hits {
            if h.end > last_end {
                last_end = h.end;
                out.push(h);
            }
        }
        out
    }
}

/// A compiled set of phrases and patterns.
#[derive(Debug, Default)]
pub(crate) struct Matcher {
    phrases: Phrases,
    /// Pattern sources, checked for syntax at load time and compiled on first use.
    sources: Vec<String>,
    case_sensitive: bool,
    compiled: OnceLock<Vec<Regex>>,
    /// Literals at least one of which every regex match contains (case-insensitive).
    prefilter: Phrases,
}

fn is_word_char(text: &str, at: usize, before: bool) -> bool {
    let c = if before {
        text.get(..at).and_then(|s| s.chars().next_back())
    } else {
        text.get(at..).and_then(|s| s.chars().next())
    };
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn variants(phrase: &str) -> Vec<String> {
    let collapsed = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = vec![collapsed.clone()];
    if collapsed.contains('\'') {
        out.push(collapsed.replace('\'', "\u{2019}"));
    }
    out
}

impl Matcher {
    /// Check `phrases` and `patterns`; they are compiled on first use.
    pub(crate) fn new(
        phrases: &[String],
        patterns: &[toml::Spanned<String>],
        case_sensitive: bool,
    ) -> Result<Self, SpecError> {
        for p in patterns {
            let invalid = |e: &dyn std::fmt::Display| {
                SpecError::at(format!("invalid regex: {}", first_line(&e.to_string())), p.span())
            };
            if checks_patterns() {
                regex_syntax::ParserBuilder::new()
                    .case_insensitive(!case_sensitive)
                    .build()
                    .parse(p.get_ref())
                    .map_err(|e| invalid(&e))?;
            }
        }
        Ok(Self {
            phrases: Phrases::new(phrases, case_sensitive)?,
            sources: patterns.iter().map(|p| p.get_ref().clone()).collect(),
            case_sensitive,
            compiled: OnceLock::new(),
            prefilter: Phrases::default(),
        })
    }

    /// Skip the regexes for texts that hold none of `literals` (matched anywhere, ignoring
    /// ASCII case). Every match of every pattern must contain one of them.
    pub(crate) fn with_prefilter(mut self, literals: &[String]) -> Result<Self, SpecError> {
        if literals.iter().any(String::is_empty) {
            return Err(SpecError::new(
                "`prefilter` holds an empty string, which would match everything",
            ));
        }
        // Literals exactly as written: white space matters here (`"  "` finds double spaces).
        let list = OnceLock::new();
        let _ = list.set(literals.to_vec());
        self.prefilter = Phrases {
            raw: literals.to_vec(),
            list,
            case_sensitive: false,
            automaton: OnceLock::new(),
        };
        Ok(self)
    }

    /// Whether nothing was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.phrases.is_empty() && self.sources.is_empty()
    }

    /// Whether the regexes could match `text` at all.
    fn may_match(&self, text: &str) -> bool {
        self.prefilter.is_empty() || self.prefilter.occurs_in(text)
    }

    /// Every match in `text`: whole-word phrase hits (longest wins where they overlap) and regex
    /// hits, sorted by position.
    pub(crate) fn find_all(&self, text: &str) -> Vec<Span> {
        let mut out = self.phrases.find_all(text);
        if !self.sources.is_empty() && self.may_match(text) {
            for re in self.patterns() {
                out.extend(
                    re.find_iter(text)
                        .filter(|m| m.end() > m.start())
                        .map(|m| Span::new(m.start(), m.end())),
                );
            }
            out.sort();
            out.dedup();
        }
        out
    }

    /// Whether anything matches in `text`. Phrases are tried first, so the regexes are compiled
    /// only when no phrase settles it.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        !self.phrases.find_all(text).is_empty()
            || (!self.sources.is_empty() && self.may_match(text) && self.patterns().iter().any(|re| re.is_match(text)))
    }

    /// The compiled regexes, for kinds that need capture groups; empty when the prefilter rules
    /// `text` out.
    pub(crate) fn patterns_for(&self, text: &str) -> &[Regex] {
        if self.may_match(text) { self.patterns() } else { &[] }
    }

    /// The compiled regexes.
    pub(crate) fn patterns(&self) -> &[Regex] {
        self.compiled.get_or_init(|| {
            // Syntax was checked at load time; a pattern that still fails (an unknown Unicode
            // class, size limits) is dropped rather than crashing a lint run.
            self.sources
                .iter()
                .filter_map(|p| RegexBuilder::new(p).case_insensitive(!self.case_sensitive).build().ok())
                .collect()
        })
    }
}

/// The first line of a multi-line error (regex errors draw their own carets).
pub(crate) fn first_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map_or_else(
            || s.lines().next().unwrap_or(s).to_owned(),
            |l| l.trim_start().trim_start_matches("error:").trim().to_owned(),
        )
}

#[cfg(test)]
mod tests {
    use super::Matcher;

    fn hits(phrases: &[&str], text: &str) -> Vec<String> {
        let phrases: Vec<String> = phrases.iter().map(|s| (*s).to_owned()).collect();
        let m = Matcher::new(&phrases, &[], false).unwrap();
        m.find_all(text)
            .into_iter()
            .map(|s| s.text(text).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn whole_words_only_and_longest_wins() {
        assert_eq!(hits(&["oh great", "great"], "Oh great, again."), ["Oh great"]);
        assert!(hits(&["calm down"], "to calm downtown").is_empty());
        assert_eq!(hits(&["don't"], "I don’t know"), ["don’t"]);
        assert_eq!(hits(&["🙄"], "sure🙄"), ["🙄"]);
    }

    #[test]
    fn prefilter_skips_texts_that_cannot_match() {
        let pattern = toml::Spanned::new(0..0, "[0-9]{4} [0-9]{4}".to_owned());
        let m = Matcher::new(&[], &[pattern], true)
            .unwrap()
            .with_prefilter(&["card".to_owned()])
            .unwrap();
        assert_eq!(m.find_all("card 1234 5678").len(), 1);
        assert!(
            m.find_all("order 1234 5678").is_empty(),
            "no `card`, so the regex is not run"
        );
    }
}
