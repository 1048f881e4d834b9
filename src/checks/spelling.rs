//! `spelling`: misspelled words, in two tiers of one rule family.
//!
//! Keys:
//! - `tier` (required): `known` (a list of known misspellings with their corrections; a single
//!   correction is a safe fix) or `dictionary` (a word the English dictionary does not know,
//!   with ranked suggestions as display-only fixes).
//! - `words`: extra words to accept.
//! - `max-suggestions` (default 3).
//! - `fix`: lower the fix applicability.
//!
//! Never flagged: URLs, e-mail addresses, @handles, #hashtags, ids with digits, ALL-CAPS
//! acronyms, emoji, placeholders, agent initials (`^AG`); the customer's name and words the
//! customer used in the thread; words from the configured vocabulary (`accept`), which also
//! covers their plural and possessive. Capitalised words in mid-sentence (names, brands) are not
//! looked up in the dictionary tier. Words in `reject` are always flagged by the `known` tier.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::checks::{CheckContext, Finding, FixLevel, SpecError};
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;
use crate::span::Span;
use crate::spell::{self, Dictionary};

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Tier {
    Known,
    Dictionary,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    tier: Tier,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    max_suggestions: Option<usize>,
    #[serde(default)]
    fix: FixLevel,
}

#[derive(Debug)]
pub(crate) struct Spelling {
    tier: Tier,
    words: BTreeSet<String>,
    max_suggestions: usize,
    fix: Option<Applicability>,
}

/// The forms a vocabulary entry covers: itself, plural, possessive.
fn stem_forms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase().replace('\u{2019}', "'");
    let mut out = vec![lower.clone()];
    for suffix in ["'s", "s'", "'", "es", "s"] {
        if let Some(stem) = lower.strip_suffix(suffix) {
            if !stem.is_empty() {
                out.push(stem.to_owned());
            }
        }
    }
    out
}

fn at_sentence_start(doc: &Document<'_>, span: Span) -> bool {
    doc.sentence_at(span.start).is_none_or(|s| {
        let before = doc.text().get(s.start..span.start).unwrap_or("");
        !before.chars().any(char::is_alphanumeric)
    })
}

impl Spelling {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        if spec.max_suggestions == Some(0) {
            return Err(SpecError::new("`max-suggestions` must be at least 1"));
        }
        Ok(Self {
            tier: spec.tier,
            words: spec.words.iter().map(|w| w.to_lowercase()).collect(),
            max_suggestions: spec.max_suggestions.unwrap_or(3),
            fix: spec.fix,
        })
    }

    pub(crate) fn is_fixable(&self) -> bool {
        self.tier == Tier::Known && self.fix.is_none_or(|f| f > Applicability::DisplayOnly)
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let dict = Dictionary::builtin();
        let vocab = cx.vocabulary;
        let mut accepted: BTreeSet<String> = BTreeSet::new();
        if let Some(name) = cx.conversation.customer_name.as_deref() {
            accepted.extend(name.split_whitespace().map(str::to_lowercase));
        }
        for m in cx.conversation.messages() {
            for (s, e) in spell::checkable_words(&m.text) {
                if let Some(w) = m.text.get(s..e) {
                    accepted.insert(w.to_lowercase());
                }
            }
        }
        let text = doc.text();
        for (s, e) in spell::checkable_words(text) {
            let span = Span::new(s, e);
            let word = doc.slice(span);
            let forms = stem_forms(word);
            let rejected = vocab.reject.contains(&forms[0]);
            if !rejected
                && forms
                    .iter()
                    .any(|f| self.words.contains(f) || vocab.accept.contains(f) || accepted.contains(f))
            {
                continue;
            }
            match self.tier {
                Tier::Known => {
                    if rejected {
                        out.push(
                            Finding::new(span)
                                .arg("matched", word)
                                .arg("suggestion", "")
                                .arg("suggestions", ""),
                        );
                        continue;
                    }
                    if dict.is_known(word, vocab.dialect) {
                        continue;
                    }
                    let Some(corrections) = dict.correction(word) else {
                        continue;
                    };
                    let default = if corrections.len() == 1 {
                        Applicability::Safe
                    } else {
                        Applicability::DisplayOnly
                    };
                    out.push(self.finding(span, word, corrections, default));
                }
                Tier::Dictionary => {
                    if rejected || dict.is_known(word, vocab.dialect) || dict.correction(word).is_some() {
                        continue;
                    }
                    if word.chars().next().is_some_and(char::is_uppercase) && !at_sentence_start(doc, span) {
                        continue; // a name or a brand, most likely
                    }
                    let suggestions = dict.suggest(word, self.max_suggestions, vocab.dialect);
                    out.push(self.finding(span, word, suggestions, Applicability::DisplayOnly));
                }
            }
        }
    }

    fn finding(&self, span: Span, word: &str, suggestions: Vec<String>, default: Applicability) -> Finding {
        let applicability = self.fix.map_or(default, |f| f.min(default));
        let best = suggestions.first().cloned().unwrap_or_default();
        let fix = (!best.is_empty())
            .then(|| Fix::replace(applicability, format!("Replace with “{best}”"), span, best.clone()));
        let mut f = Finding::new(span)
            .arg("matched", word)
            .arg("suggestion", best)
            .arg("suggestions", suggestions.join(", "))
            .with_fix(fix);
        f.suggestions = suggestions;
        f
    }
}
