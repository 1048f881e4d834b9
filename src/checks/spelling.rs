//! `spelling`: misspelled words, in two tiers of one rule family.
//!
//! Keys:
//! - `tier` (required): `rejected` (words the project's `[spelling] reject` list forbids), `known` (a list of known misspellings with their corrections; a single
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
//! A text most of whose lowercase words are unknown (at least 3, and 40 %) is taken to be in
//! another language and left alone.
//!
//! Capitalised words are treated cautiously, since names and brands are capitalised:
//! - in mid-sentence, the `dictionary` tier leaves them alone, and the `known` tier flags one
//!   only when its correction is itself a name (`Febuary` → `February`, not `Mor` → `More`);
//! - at the start of a sentence, the `dictionary` tier flags one only when it is a likely slip
//!   of a common word (`Thnaks`, `Im`), not a name it has never seen (`Moonfall`).

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;

use crate::checks::{CheckContext, Finding, FixLevel, SpecError};
use crate::conversation::Role;
use crate::diagnostic::{Applicability, Fix};
use crate::document::{Document, fold};
use crate::span::Span;
use crate::spell::{self, Dialect, Dictionary};

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Tier {
    Known,
    Dictionary,
    Rejected,
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

/// A folded word, then its forms without a possessive or plural ending (`customers'` →
/// `customers`, `customer`), so that an accepted word covers them. No allocation.
fn stem_forms(lower: &str) -> impl Iterator<Item = &str> {
    std::iter::once(lower).chain(
        ["'s", "s'", "'", "es", "s"]
            .into_iter()
            .filter_map(move |suffix| lower.strip_suffix(suffix).filter(|stem| !stem.is_empty())),
    )
}

/// Whether most lowercase words of the text are unknown: a reply in another language that the
/// language detector let through (short or mixed text). A real English reply with typos stays
/// far below: two slips in twenty words is 10 %. `accepted` words count as known.
fn reads_as_another_language(text: &str, words: &Words, accepted: impl Fn(usize) -> bool) -> bool {
    let (mut counted, mut unknown) = (0usize, 0usize);
    for (i, &(s, e)) in words.spans.iter().enumerate() {
        let w = text.get(s..e).unwrap_or("");
        if w.chars().nth(1).is_none() || is_capitalised(w) {
            continue;
        }
        counted += 1;
        if !words.known[i] && !accepted(i) {
            unknown += 1;
        }
    }
    unknown >= 3 && unknown * 5 >= counted * 2
}

/// A document's checkable words, found once for all the spelling rules: their spans, folded
/// forms and the dictionary's answer, asked once per distinct word.
pub(crate) struct Words {
    spans: Vec<(usize, usize)>,
    /// Every folded word, one after another; word `i` ends at `ends[i]`.
    folded: String,
    ends: Vec<usize>,
    known: Vec<bool>,
}

impl Words {
    fn of(text: &str, dict: &Dictionary, dialect: Dialect) -> Self {
        /// The most words the table of answers makes room for up front: a long reply's.
        const ANSWERS_CAPACITY: usize = 512;
        let spans = spell::checkable_words(text);
        let mut folded = String::with_capacity(spans.iter().map(|(s, e)| e - s).sum());
        let mut ends = Vec::with_capacity(spans.len());
        let mut known = Vec::with_capacity(spans.len());
        // A reply repeats its words, a library far more: each distinct word is looked up once.
        // Sized for a reply's words up front, so a short record never grows its table.
        let mut answers: HashMap<&str, bool> = HashMap::with_capacity(spans.len().min(ANSWERS_CAPACITY));
        for &(s, e) in &spans {
            let word = text.get(s..e).unwrap_or("");
            folded.push_str(&fold(word));
            ends.push(folded.len());
            known.push(
                *answers
                    .entry(word)
                    .or_insert_with(|| dict.is_known_cached(word, dialect)),
            );
        }
        Self {
            spans,
            folded,
            ends,
            known,
        }
    }

    /// Word `i`, folded.
    fn folded(&self, i: usize) -> &str {
        let start = i.checked_sub(1).and_then(|j| self.ends.get(j)).copied().unwrap_or(0);
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.folded.get(start..end).unwrap_or("")
    }
}

/// Whether `word` is two common words of four letters or more written together (each among
/// roughly the 12,000 most frequent): `moonfall`, `metascore`. Rare halves (`curt` + `ions`)
/// do not count, so `curtions` is still checked.
fn is_closed_compound(dict: &Dictionary, word: &str, dialect: Dialect) -> bool {
    let lower = word.to_lowercase();
    if !lower.chars().all(|c| c.is_ascii_lowercase()) || lower.len() < 8 {
        return false;
    }
    (4..=lower.len() - 4).any(|i| {
        let (a, b) = lower.split_at(i);
        dict.is_known(a, dialect)
            && dict.is_known(b, dialect)
            && dict.frequency(a).is_some_and(|f| f >= 30)
            && dict.frequency(b).is_some_and(|f| f >= 30)
    })
}

/// Endings of playful coinages brands make from a known word: `pugtastic`, `spooktacular`,
/// `snackilicious`, `boo-rrific`.
const COINAGE_ENDINGS: [&str; 8] = [
    "tastic", "tacular", "ilicious", "alicious", "licious", "errific", "rific", "tabulous",
];

/// Whether `word` is a known word (three letters or more) with a coinage ending: `pugtastic`.
fn is_coinage(dict: &Dictionary, word: &str, dialect: Dialect) -> bool {
    let lower = word.to_lowercase();
    COINAGE_ENDINGS.iter().any(|ending| {
        lower.strip_suffix(ending).is_some_and(|stem| {
            let stem = stem.trim_end_matches('-');
            stem.chars().count() >= 3
                && (dict.is_known(stem, dialect)
                    || stem
                        .strip_suffix(|c: char| "aeiouy".contains(c))
                        .is_some_and(|s| dict.is_known(s, dialect)))
        })
    })
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Words of the conversation a reply may repeat without being flagged.
#[derive(Default)]
pub(crate) struct Accepted {
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
        let accepted = || cx.shared.thread_words.get_or_init(|| Accepted::from_context(cx));
        if self.tier == Tier::Rejected && vocab.reject.is_empty() {
            return; // nothing is rejected
        }
        let text = doc.text();
        let words = cx.shared.spell_words.get_or_init(|| Words::of(text, dict, dialect));
        let listed = |f: &str| self.words.contains(f) || vocab.accept.contains(f);
        let vocabulary_word = |i: usize| stem_forms(words.folded(i)).any(|f| listed(f) || accepted().any.contains(f));
        if reads_as_another_language(text, words, vocabulary_word) {
            return;
        }
        let signature_block = crate::signature::signature_block_start(text);
        for (i, &(s, e)) in words.spans.iter().enumerate() {
            let span = Span::new(s, e);
            let word = doc.slice(span);
            if s >= signature_block && signature_block > 0 && is_capitalised(word) {
                continue;
            }
            let known = words.known.get(i).copied().unwrap_or(true);
            if known && self.tier != Tier::Rejected {
                continue; // what the other tiers report is never a known word
            }
            let lower = words.folded(i);
            let rejected = vocab.reject.contains(lower);
            if !rejected && stem_forms(lower).any(listed) {
                continue;
            }
            let capitalised = is_capitalised(word);
            match self.tier {
                Tier::Rejected => {
                    if rejected {
                        out.push(Finding::new(span).arg("matched", word));
                    }
                }
                Tier::Known => {
                    if rejected {
                        continue; // the `rejected` tier reports it
                    }
                    if known || stem_forms(lower).any(|f| accepted().capitalised.contains(f)) {
                        continue;
                    }
                    let Some(corrections) = dict.correction(word) else {
                        continue;
                    };
                    // `Mor range` mid-sentence is a product; `Febuary` is still a month.
                    if capitalised
                        && !doc.capital_opens_sentence(span.start)
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
                        || known
                        || stem_forms(lower).any(|f| accepted().any.contains(f))
                        || dict.correction(word).is_some()
                    {
                        continue;
                    }
                    if capitalised
                        && (!doc.capital_opens_sentence(span.start) || !dict.likely_misspelling(word, dialect))
                    {
                        continue; // a name or a brand, most likely
                    }
                    let next_word_capitalised = text
                        .get(span.end..)
                        .and_then(|t| t.strip_prefix(' '))
                        .and_then(|t| t.chars().next())
                        .is_some_and(char::is_uppercase);
                    if capitalised && next_word_capitalised {
                        continue; // the start of a multi-word name or title (`Kung Fu Panda`)
                    }
                    if !capitalised && dict.is_known(&crate::checks::casing::capitalise(word), dialect) {
                        continue; // a name written in lowercase (`london`): casing, not spelling
                    }
                    let hyphen_part = text.get(..span.start).is_some_and(|t| t.ends_with('-'))
                        || text.get(span.end..).is_some_and(|t| t.starts_with('-'));
                    if hyphen_part && !dict.likely_misspelling(word, dialect) {
                        continue; // part of a coined compound (`Brew-tiful`, `lickety-split`)
                    }
                    if is_closed_compound(dict, word, dialect) && !dict.likely_misspelling(word, dialect) {
                        continue; // two known words run together: a coined name (`moonfall`, `metascore`)
                    }
                    if is_coinage(dict, word, dialect) {
                        continue; // a playful coinage of a known word (`pugtastic`, `spooktacular`)
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
        let hint = if best.is_empty() {
            String::new()
        } else {
            format!("; did you mean “{best}”?")
        };
        let fix = (!best.is_empty())
            .then(|| Fix::replace(applicability, format!("Replace with “{best}”"), span, best.clone()));
        let mut f = Finding::new(span)
            .arg("matched", word)
            .arg("suggestion", best)
            .arg("suggestions", suggestions.join(", "))
            .arg("hint", hint)
            .with_fix(fix);
        f.suggestions = suggestions;
        f
    }
}

#[cfg(test)]
mod tests {
    use super::{Spec, Spelling, Tier};
    use crate::checks::{CheckContext, Finding};
    use crate::conversation::{Conversation, Message, Role};
    use crate::document::Document;
    use crate::rules::DocKind;
    use crate::spell::Dialect;
    use crate::spell::Vocabulary;

    fn check(tier: Tier, text: &str, convo: &Conversation, vocab: &Vocabulary) -> Vec<String> {
        let spec = Spec {
            tier,
            words: vec!["Lumen".to_owned()],
            max_suggestions: None,
            fix: None,
        };
        let Ok(check) = Spelling::compile(spec) else {
            return vec!["<compile error>".to_owned()];
        };
        let doc = Document::new(text, DocKind::Draft);
        let position = crate::position::Position::of(text, convo);
        let cx = CheckContext {
            conversation: convo,
            position: &position,
            vocabulary: vocab,
            channel: &crate::conversation::ChannelSettings::default(),
            shared: &crate::checks::Shared::default(),
        };
        let mut out: Vec<Finding> = Vec::new();
        check.run(&doc, &cx, &mut out);
        out.iter().map(|f| text[f.span.start..f.span.end].to_owned()).collect()
    }

    fn both(text: &str) -> (Vec<String>, Vec<String>) {
        let (c, v) = (Conversation::now(), Vocabulary::default());
        (check(Tier::Known, text, &c, &v), check(Tier::Dictionary, text, &c, &v))
    }

    #[test]
    fn playful_coinages_of_known_words_pass() {
        let (_, dictionary) = both("What a pugtastic day, and a spooktacular party!");
        assert!(dictionary.is_empty(), "{dictionary:?}");
        let (_, dictionary) = both("What a pugtastik day!");
        assert_eq!(dictionary, ["pugtastik"]);
        let (_, dictionary) = both("A zxqtastic day!");
        assert_eq!(dictionary, ["zxqtastic"], "the stem must be a word");
    }

    #[test]
    fn tiers_split_the_work() {
        let (known, dictionary) = both("We will recieve the parcell tomorrow.");
        assert_eq!(known, ["recieve"]);
        assert_eq!(dictionary, ["parcell"]);
    }

    #[test]
    fn clean_replies_are_silent() {
        for text in [
            "Hi Dana, thanks for reaching out! Order #48213 ships today via FedEx. Anything else?",
            "Ok, I've refunded it to your PayPal, it's on its way :) ^AG",
            "Please DM us your e-mail at help@example.com or see https://example.com/faq -Sabi",
            "Your {{product_name}} is back in stock at [Store Name]. Sooo sorry for the wait!",
            "The Lumen Home app needs a reboot after the update.",
        ] {
            assert_eq!(both(text), (vec![], vec![]), "{text}");
        }
    }

    #[test]
    fn capitalised_words_are_treated_cautiously() {
        // Mid-sentence names and brands pass; a title at the start of a sentence too.
        assert_eq!(
            both("We loved our Mor range and Moonfall. Moonfall starts at 7."),
            (vec![], vec![])
        );
        // But a capitalised slip of a common word at the start of a sentence is caught.
        assert_eq!(
            both("Thnaks for waiting. Im on it.").1.len() + both("Thnaks for waiting. Im on it.").0.len(),
            2
        );
        // And a misspelt month mid-sentence is still a misspelling.
        assert_eq!(both("It ships on 3 Febuary.").0, ["Febuary"]);
    }

    #[test]
    fn conversation_words_and_vocabulary_are_accepted() {
        let convo = Conversation {
            customer_name: Some("Priyanka Szczepanski".to_owned()),
            thread: Some(vec![Message {
                role: Role::Customer,
                text: "my Brightleaf grindr is broken, recieve it yet?".to_owned(),
                at: None,
            }]),
            ..Conversation::now()
        };
        let vocab = Vocabulary::default();
        let text = "Hi Priyanka Szczepanski, sorry your Brightleaf grindr broke. Did you recieve it?";
        assert_eq!(check(Tier::Dictionary, text, &convo, &vocab), Vec::<String>::new());
        // The customer's lowercase typo does not make the reply's typo right.
        assert_eq!(check(Tier::Known, text, &convo, &vocab), ["recieve"]);

        let mut vocab = Vocabulary::default();
        vocab.accept.insert("zorblet".to_owned());
        vocab.reject.insert("alot".to_owned());
        let text = "Your zorblets and the zorblet's case help alot.";
        assert_eq!(
            check(Tier::Dictionary, text, &Conversation::now(), &vocab),
            Vec::<String>::new()
        );
        assert_eq!(check(Tier::Rejected, text, &Conversation::now(), &vocab), ["alot"]);
        assert_eq!(
            check(Tier::Known, text, &Conversation::now(), &vocab),
            Vec::<String>::new()
        );
    }

    #[test]
    fn common_words_run_together_are_a_coinage_not_a_typo() {
        let none = Vocabulary::default();
        let convo = Conversation::now();
        assert_eq!(
            check(Tier::Dictionary, "We loved the moonfall showing.", &convo, &none),
            Vec::<String>::new()
        );
        assert_eq!(
            check(Tier::Dictionary, "The new curtions arrived.", &convo, &none),
            ["curtions"]
        );
    }

    #[test]
    fn dialect_setting_prefers_one_spelling() {
        let vocab = Vocabulary {
            dialect: Dialect::Us,
            ..Vocabulary::default()
        };
        let convo = Conversation::now();
        assert_eq!(
            check(Tier::Dictionary, "What colour is it?", &convo, &vocab),
            ["colour"]
        );
        assert_eq!(
            check(Tier::Dictionary, "What color is it?", &convo, &Vocabulary::default()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn another_language_is_left_alone() {
        let text = "¡Oh, no! Definitivamente esto no debería ser así. Dinos, ¿qué es lo que está pasando?";
        assert_eq!(both(text), (vec![], vec![]));
    }
}
