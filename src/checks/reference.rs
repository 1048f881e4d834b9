//! `reference`: conversation-aware checks of what the draft refers to. Skips without an envelope.
//!
//! Keys:
//! - `mode` (required):
//!   - `identifiers`: identifiers the customer gave (order numbers, ticket ids) must not be
//!     ignored. Fires when the draft neither repeats an identifier nor mentions what it
//!     identifies (`nouns`). A draft that asks for one again (`ask-again`) is left to an
//!     `asked-again` rule. Identifiers a business message already echoed are settled.
//!   - `empty`: the draft says nothing beyond pleasantries (`phrases`: thanks, apologies, "let
//!     us know if we can help") and asks nothing, while the customer message it answers asked
//!     something or raised a problem (pair it with `position = ["open-issue"]`). At most
//!     `max-words` other words (default 1) may remain; handles, links, signatures and the
//!     customer's name are not counted.
//!   - `asked-again`: the draft asks for something the customer already gave in the thread.
//!     Each of `items` names `what` it is ("your e-mail address"), `given` (regexes that find it
//!     in the customer's messages) and `asked` (regexes of a request for it in the draft).
//!   - `phantom`: phrases that lean on earlier messages ("as mentioned above") fire in a first
//!     reply, where there is nothing to refer to.
//! - `patterns`: (identifiers) regexes that find identifiers in customer messages; the first
//!   capture group, if any, is the identifier. Identifiers contain a digit.
//! - `not-identifiers`: (identifiers) regexes; a found identifier that matches one whole is
//!   dropped (colour codes, durations such as `30minutes`, times, prices).
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
    AskedAgain,
    Empty,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct ItemSpec {
    what: String,
    given: Vec<toml::Spanned<String>>,
    asked: Vec<toml::Spanned<String>>,
}

#[derive(Debug)]
struct Item {
    what: String,
    given: Matcher,
    asked: Matcher,
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
    #[serde(default)]
    not_identifiers: Vec<toml::Spanned<String>>,
    #[serde(default)]
    items: Vec<ItemSpec>,
    #[serde(default)]
    max_words: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Reference {
    mode: Mode,
    identifiers: Matcher,
    not_identifiers: Matcher,
    items: Vec<Item>,
    max_words: usize,
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
            // Each must match a whole identifier.
            not_identifiers: Matcher::new(
                &[],
                &spec
                    .not_identifiers
                    .iter()
                    .map(|p| toml::Spanned::new(p.span(), format!("\\A(?:{})\\z", p.get_ref())))
                    .collect::<Vec<_>>(),
                true,
            )?,
            items: spec
                .items
                .iter()
                .map(|i| {
                    if i.given.is_empty() || i.asked.is_empty() {
                        return Err(SpecError::new(format!(
                            "item `{}` needs `given` and `asked` patterns",
                            i.what
                        )));
                    }
                    Ok(Item {
                        what: i.what.clone(),
                        given: Matcher::new(&[], &i.given, false)?,
                        asked: Matcher::new(&[], &i.asked, false)?,
                    })
                })
                .collect::<Result<_, _>>()?,
            max_words: spec.max_words.unwrap_or(1),
            nouns: Matcher::new(&spec.nouns, &[], false)?,
            ask_again: Matcher::new(&[], &spec.ask_again, false)?,
            phrases: Matcher::new(&spec.phrases, &spec.phrase_patterns, false)?.with_prefilter(&spec.prefilter)?,
        };
        match this.mode {
            Mode::Identifiers if this.identifiers.is_empty() => {
                Err(SpecError::new("`mode = \"identifiers\"` needs `patterns`"))
            }
            Mode::Phantom if this.phrases.is_empty() => Err(SpecError::new("`mode = \"phantom\"` needs `phrases`")),
            Mode::AskedAgain if this.items.is_empty() => Err(SpecError::new("`mode = \"asked-again\"` needs `items`")),
            Mode::Empty if this.phrases.is_empty() => Err(SpecError::new("`mode = \"empty\"` needs `phrases`")),
            _ => Ok(this),
        }
    }

    fn ids_in(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for re in self.identifiers.patterns_for(text) {
            for caps in re.captures_iter(text) {
                if let Some(m) = caps.get(1).or_else(|| caps.get(0)) {
                    let id = m.as_str();
                    if self.not_identifiers.is_empty() || !self.not_identifiers.is_match(id) {
                        out.push(id.to_owned());
                    }
                }
            }
        }
        out
    }

    fn empty(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        // A question or a link takes something up; a reply with no pleasantry is not this case.
        if text.contains(['?', '\u{ff1f}']) || text.contains("://") || text.contains("www.") {
            return;
        }
        let frame = crate::signature::trailer(text).start;
        let covered = self.phrases.find_all(text);
        if covered.is_empty() {
            return;
        }
        let name: Vec<String> = cx
            .conversation
            .customer_name
            .iter()
            .flat_map(|n| n.split_whitespace())
            .map(str::to_lowercase)
            .collect();
        let mut content = 0;
        for w in doc.words() {
            let word = doc.slice(*w);
            let in_handle = text.get(..w.start).is_some_and(|b| {
                let token_start = b.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                b.get(token_start..)
                    .is_some_and(|t| t.starts_with('@') || t.contains("://") || t.starts_with("www."))
            });
            if w.start >= frame
                || in_handle
                || !word.chars().any(char::is_alphabetic)
                || covered.iter().any(|c| c.contains(*w))
                || name.contains(&word.to_lowercase())
            {
                continue;
            }
            content += 1;
        }
        if content <= self.max_words {
            let whole = Span::new(0, text.trim_end().len());
            out.push(Finding::new(whole).arg("matched", doc.slice(whole)));
        }
    }

    fn asked_again(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let customer: Vec<&str> = cx
            .conversation
            .messages()
            .iter()
            .filter(|m| cx.position.is_customers(m))
            .map(|m| m.text.as_str())
            .collect();
        if customer.is_empty() {
            return;
        }
        for item in &self.items {
            let Some(ask) = item.asked.find_all(doc.text()).first().copied() else {
                continue;
            };
            let given = customer.iter().find_map(|t| {
                let hit = item.given.find_all(t).into_iter().next()?;
                hit.text(t).map(str::to_owned)
            });
            if let Some(given) = given {
                out.push(
                    Finding::new(ask)
                        .arg("matched", doc.slice(ask))
                        .arg("identifier", item.what.clone())
                        .arg("given", given),
                );
            }
        }
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
            Mode::AskedAgain => self.asked_again(doc, cx, out),
            Mode::Empty => self.empty(doc, cx, out),
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
        // Asking for it again is an `asked-again` rule's finding.
        if !self.ask_again.is_empty() && self.ask_again.is_match(draft) {
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
