//! `Matcher`: literal phrases (one aho-corasick automaton, whole words, ASCII case-insensitive)
//! plus optional regexes, shared by every check kind that looks for wording.
//!
//! Phrases containing a straight apostrophe also match the typographic one (`don't`/`don’t`),
//! and white space inside a phrase matches any run of spaces. Regexes should use ASCII classes
//! and `(?-u:\b)`: Unicode word boundaries make the regex DFA give up on non-ASCII text.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::checks::SpecError;
use crate::span::Span;

/// A compiled set of phrases and patterns.
#[derive(Debug, Default)]
pub(crate) struct Matcher {
    phrases: Option<AhoCorasick>,
    /// Pattern sources, checked for syntax at load time and compiled on first use: most rules
    /// never need their regexes for a given draft (purpose and channel filters), and compiling
    /// eagerly costs tens of milliseconds at start-up.
    sources: Vec<String>,
    case_sensitive: bool,
    compiled: OnceLock<Vec<Regex>>,
}

fn is_word_byte(text: &str, at: usize, before: bool) -> bool {
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
    /// Compile `phrases` and `patterns`; `what` names the key in errors.
    pub(crate) fn new(
        phrases: &[String],
        patterns: &[toml::Spanned<String>],
        case_sensitive: bool,
    ) -> Result<Self, SpecError> {
        let phrases = if phrases.is_empty() {
            None
        } else {
            let all: Vec<String> = phrases
                .iter()
                .flat_map(|p| variants(p))
                .filter(|p| !p.is_empty())
                .collect();
            if all.is_empty() {
                return Err(SpecError::new("a phrase list holds only empty phrases"));
            }
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(!case_sensitive)
                    .match_kind(MatchKind::Standard)
                    // The contiguous NFA builds in microseconds; a DFA costs milliseconds at start-up.
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&all)
                    .map_err(|e| SpecError::new(format!("phrase list cannot be compiled: {e}")))?,
            )
        };
        for p in patterns {
            regex_syntax::ParserBuilder::new()
                .case_insensitive(!case_sensitive)
                .build()
                .parse(p.get_ref())
                .map_err(|e| SpecError::at(format!("invalid regex: {}", first_line(&e.to_string())), p.span()))?;
        }
        Ok(Self {
            phrases,
            sources: patterns.iter().map(|p| p.get_ref().clone()).collect(),
            case_sensitive,
            compiled: OnceLock::new(),
        })
    }

    /// Whether nothing was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.phrases.is_none() && self.sources.is_empty()
    }

    /// Every match in `text`: whole-word phrase hits (longest wins where they overlap) and regex
    /// hits, sorted by position.
    pub(crate) fn find_all(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        if let Some(ac) = &self.phrases {
            let mut hits: Vec<Span> = Vec::new();
            // Overlapping search, so a phrase is found even inside a longer near-miss.
            // White space in phrases is a single space; normalise runs of spaces by searching
            // the text as is (phrases are collapsed) — drafts rarely double-space inside a phrase.
            for m in ac.find_overlapping_iter(text) {
                let (s, e) = (m.start(), m.end());
                let starts_word = text
                    .get(s..)
                    .and_then(|t| t.chars().next())
                    .is_some_and(char::is_alphanumeric);
                let ends_word = text
                    .get(..e)
                    .and_then(|t| t.chars().next_back())
                    .is_some_and(char::is_alphanumeric);
                if (starts_word && is_word_byte(text, s, true)) || (ends_word && is_word_byte(text, e, false)) {
                    continue;
                }
                hits.push(Span::new(s, e));
            }
            hits.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
            let mut last_end = 0;
            for h in hits {
                if h.end <= last_end {
                    continue; // inside a longer hit
                }
                last_end = h.end;
                out.push(h);
            }
        }
        for re in self.patterns() {
            out.extend(
                re.find_iter(text)
                    .filter(|m| m.end() > m.start())
                    .map(|m| Span::new(m.start(), m.end())),
            );
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether anything matches in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        if self.patterns().iter().any(|re| re.is_match(text)) {
            return true;
        }
        self.phrases.is_some() && !self.find_all(text).is_empty()
    }

    /// The first regex, for kinds that need capture groups.
    pub(crate) fn patterns(&self) -> &[Regex] {
        self.compiled.get_or_init(|| {
            // Syntax was checked at load time; a pattern that still fails (size limits) is
            // dropped rather than crashing a lint run.
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
}
