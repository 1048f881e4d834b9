//! `reference`: conversation-aware checks of what the draft refers to. Skips without an envelope.
//!
//! Keys:
//! - `mode` (required):
//!   - `identifiers`: identifiers the customer gave (order numbers, ticket ids) must not be
//!     ignored. Fires when the draft asks for one again (`ask-again`), or when it neither repeats
//!     an identifier nor mentions what it identifies (`nouns`). Identifiers a business message
//!     already echoed are settled.
//!   - `phantom`: phrases that lean on earlier messages ("as mentioned above") fire in a first
//!     reply, where there is nothing to refer to.
//! - `patterns`: (identifiers) regexes that find identifiers in customer messages; the first
//!   capture group, if any, is the identifier. Identifiers contain a digit.
//! - `nouns`: (identifiers) words that show the draft talks about the identified thing, which
//!   then need not repeat it; without `nouns` the identifier must be repeated.
//! - `ask-again`: (identifiers) regexes or phrases of a request for the identifier.
//! - `phrases` and `phrase-patterns`: (phantom) the phrases, and regexes for the same;
//!   `prefilter`: phrases every `phrase-patterns` match contains (a speed-up).

use serde::Deserialize;

use crate::checks::{CheckContext, Finding, SpecError};
use crate::conversation::Role;
use crate::document::Document;
use crate::matcher::Matcher;
use crate::span::Span;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Mode {
    Identifiers,
    Phantom,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    mode: Mode,
    #[serde(default)]
    patterns: Vec<toml::Spanned<String>>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    ask_again: Vec<toml::Spanned<String>>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    phrase_patterns: Vec<toml::Spanned<String>>,
    #[serde(default)]
    prefilter: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Reference {
    mode: Mode,
    identifiers: Matcher,
    nouns: Matcher,
    ask_again: Matcher,
    phrases: Matcher,
}

fn digits(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

impl Reference {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        let this = Self {
            mode: spec.mode,
            // Every identifier holds a digit: messages without one never compile the patterns.
            identifiers: Matcher::new(&[], &spec.patterns, true)?
                .with_prefilter(&(0..10).map(|d| d.to_string()).collect::<Vec<_>>())?,
            nouns: Matcher::new(&spec.nouns, &[], false)?,
            ask_again: Matcher::new(&[], &spec.ask_again, false)?,
            phrases: Matcher::new(&spec.phrases, &spec.phrase_patterns, false)?.with_prefilter(&spec.prefilter)?,
        };
        match this.mode {
            Mode::Identifiers if this.identifiers.is_empty() => {
                Err(SpecError::new("`mode = \"identifiers\"` needs `patterns`"))
            }
            Mode::Phantom if this.phrases.is_empty() => Err(SpecError::new("`mode = \"phantom\"` needs `phrases`")),
            _ => Ok(this),
        }
    }

    fn ids_in(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for re in self.identifiers.patterns_for(text) {
            for caps in re.captures_iter(text) {
                if let Some(m) = caps.get(1).or_else(|| caps.get(0)) {
                    out.push(m.as_str().to_owned());
                }
            }
        }
        out
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let convo = cx.conversation;
        if !convo.is_known() {
            return;
        }
        match self.mode {
            Mode::Phantom => {
                if !cx.position.first_reply {
                    return;
                }
                for hit in self.phrases.find_all(doc.text()) {
                    out.push(Finding::new(hit).arg("matched", doc.slice(hit)));
                }
            }
            Mode::Identifiers => self.identifiers(doc, cx, out),
        }
    }

    fn identifiers(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let mut given: Vec<String> = Vec::new();
        let mut echoed: Vec<String> = Vec::new();
        for m in cx.conversation.messages() {
            let ids = self.ids_in(&m.text).into_iter().map(|id| (digits(&id), id));
            match m.role {
                Role::Customer if cx.position.is_customers(m) => given.extend(ids.map(|(_, id)| id)),
                Role::Customer => {}
                Role::Business => echoed.extend(ids.map(|(d, _)| d)),
            }
        }
        // Anything the business already answered about is settled.
        given.retain(|id| !echoed.contains(&digits(id)));
        given.dedup();
        let Some(first) = given.first() else { return };
        let draft = doc.text();
        let draft_norm = digits(draft);
        if given.iter().any(|id| draft_norm.contains(&digits(id))) {
            return;
        }
        let whole = Span::new(0, draft.trim_end().len());
        if let Some(ask) = self.ask_again.find_all(draft).first() {
            out.push(
                Finding::new(*ask)
                    .arg("matched", doc.slice(*ask))
                    .arg("identifier", first.clone()),
            );
            return;
        }
        // Without `nouns`, the identifier itself must be repeated.
        if self.nouns.is_empty() || !self.nouns.is_match(draft) {
            out.push(
                Finding::new(whole)
                    .arg("matched", doc.slice(whole))
                    .arg("identifier", first.clone()),
            );
        }
    }
}
