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
//! acronyms, emoji, placeholders, agent initials and signatures (`^AG`, `-Sabi`); the
//! customer's name; words from the configured vocabulary (`accept`), which also covers their
//! plural and possessive; words the customer used in the thread, and capitalised words (names,
//! products) the business used in it. A word in the `known` tier is never a word the dictionary
//! knows, so a real word is never "corrected". Words in `reject` are always flagged by the
//! `known` tier.
//!
//! Capitalised words are treated cautiously, since names and brands are capitalised:
//! - in mid-sentence, the `dictionary` tier leaves them alone, and the `known` tier flags one
//!   only when its correction is itself a name (`Febuary` → `February`, not `Mor` → `More`);
//! - at the start of a sentence, the `dictionary` tier flags one only when it is a likely slip
//!   of a common word (`Thnaks`, `Im`), not a name it has never seen (`Moonfall`).

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::checks::{CheckContext, Finding, FixLevel, SpecError};
use crate::conversation::Role;
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

/// The lowercased forms a word may be listed under: itself, and the stem of a plural or
/// possessive (`refunds`, `boxes`, `Dana's`, `customers'`).
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

/// Whether `span` opens its sentence (nothing alphanumeric before it in the sentence).
fn at_sentence_start(doc: &Document<'_>, span: Span) -> bool {
    doc.sentence_at(span.start).is_none_or(|s| {
        let before = doc.text().get(s.start..span.start).unwrap_or("");
        !before.chars().any(char::is_alphanumeric)
    })
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Words of the conversation a reply may repeat without being flagged.
#[derive(Default)]
struct Accepted {
    /// Lowercased: the customer's name, and any word the customer wrote.
    any: BTreeSet<String>,
    /// Lowercased: the subset written with a capital (names, products), which also passes the
    /// `known` tier (a customer's lowercase typo does not make the reply's typo right).
    capitalised: BTreeSet<String>,
}

impl Accepted {
    fn from_context(cx: &CheckContext<'_>) -> Self {
        let mut out = Self::default();
        if let Some(name) = cx.conversation.customer_name.as_deref() {
            for part in name.split(|c: char| c.is_whitespace() || c == '-') {
                let part = part.trim_matches(|c: char| !c.is_alphanumeric());
                if !part.is_empty() {
                    out.any.insert(part.to_lowercase());
                    out.capitalised.insert(part.to_lowercase());
                }
            }
        }
        for m in cx.conversation.messages() {
            for (s, e) in spell::checkable_words(&m.text) {
                let Some(w) = m.text.get(s..e) else { continue };
                let lower = w.to_lowercase();
                if is_capitalised(w) {
                    out.capitalised.insert(lower.clone());
                    out.any.insert(lower);
                } else if m.role == Role::Customer {
                    out.any.insert(lower);
                }
            }
        }
        out
    }
}

impl Spelling {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        if spec.max_suggestions == Some(0) {
            return Err(SpecError::new("`max-suggestions` must be at least 1"));
        }
        Ok(Self {
            tier: spec.tier,
            words: spec
                .words
                .iter()
                .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
                .collect(),
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
        let dialect = vocab.dialect;
        let accepted = Accepted::from_context(cx);
        let text = doc.text();
        for (s, e) in spell::checkable_words(text) {
            let span = Span::new(s, e);
            let word = doc.slice(span);
            let forms = stem_forms(word);
            let rejected = vocab.reject.contains(&forms[0]);
            if !rejected && forms.iter().any(|f| self.words.contains(f) || vocab.accept.contains(f)) {
                continue;
            }
            let capitalised = is_capitalised(word);
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
                    if forms.iter().any(|f| accepted.capitalised.contains(f)) || dict.is_known(word, dialect) {
                        continue;
                    }
                    let Some(corrections) = dict.correction(word) else {
                        continue;
                    };
                    // `Mor range` mid-sentence is a product; `Febuary` is still a month.
                    if capitalised
                        && !at_sentence_start(doc, span)
                        && corrections
                            .first()
                            .is_none_or(|c| dict.is_known(&c.to_lowercase(), dialect))
                    {
                        continue;
                    }
                    let default = if corrections.len() == 1 {
                        Applicability::Safe
                    } else {
                        Applicability::DisplayOnly
                    };
                    let mut corrections = corrections;
                    corrections.truncate(self.max_suggestions.max(1));
                    out.push(self.finding(span, word, corrections, default));
                }
                Tier::Dictionary => {
                    if rejected
                        || forms.iter().any(|f| accepted.any.contains(f))
                        || dict.is_known(word, dialect)
                        || dict.correction(word).is_some()
                    {
                        continue;
                    }
                    if capitalised && (!at_sentence_start(doc, span) || !dict.likely_misspelling(word, dialect)) {
                        continue; // a name or a brand, most likely
                    }
                    let suggestions = dict.suggest(word, self.max_suggestions, dialect);
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
