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
//!     `requests` are regexes of a request ("could you send", "what's", "DM us"), shared by all
//!     items. Each of `items` names `what` it is ("the e-mail address"), `given` (regexes that
//!     find it in the customer's messages; `given-prefilter`, literals one of which each match
//!     holds, skips them cheaply), `asked-any` and `asked` (phrases and regexes for the thing
//!     asked for, which count right after a request, within six words of it) and `asked-alone`
//!     (regexes that are a request
//!     for it by themselves: "which order is it?"). The request patterns are compiled only when
//!     the customer gave something.
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
use crate::matcher::{Matcher, PatternCheck};
use crate::span::{Span, SpanSet};
use crate::spec::At;

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
    given: Vec<At<String>>,
    #[serde(default)]
    given_prefilter: Vec<String>,
    #[serde(default)]
    asked: Vec<At<String>>,
    #[serde(default)]
    asked_any: Vec<String>,
    #[serde(default)]
    asked_alone: Vec<At<String>>,
}

#[derive(Debug)]
struct Item {
    what: String,
    given: Matcher,
    asked: Matcher,
    asked_alone: Matcher,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    mode: Mode,
    #[serde(default)]
    patterns: Vec<At<String>>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    ask_again: Vec<At<String>>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    phrase_patterns: Vec<At<String>>,
    #[serde(default)]
    prefilter: Vec<String>,
    #[serde(default)]
    not_identifiers: Vec<At<String>>,
    #[serde(default)]
    requests: Vec<At<String>>,
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
    requests: Matcher,
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
    pub(crate) fn compile(spec: Spec, check: PatternCheck) -> Result<Self, SpecError> {
        let this = Self {
            mode: spec.mode,
            // Every identifier holds a digit: messages without one never compile the patterns.
            identifiers: Matcher::new(check, Vec::new(), &spec.patterns, true)?
                .with_prefilter((0..10).map(|d| d.to_string()).collect())?,
            // Each must match a whole identifier.
            not_identifiers: Matcher::new(
                check,
                Vec::new(),
                &spec
                    .not_identifiers
                    .iter()
                    .map(|p| At::new(p.span(), format!("\\A(?:{})\\z", p.get_ref())))
                    .collect::<Vec<_>>(),
                true,
            )?,
            items: spec
                .items
                .into_iter()
                .map(|i| {
                    if i.given.is_empty() || (i.asked.is_empty() && i.asked_any.is_empty() && i.asked_alone.is_empty())
                    {
                        return Err(SpecError::new(format!(
                            "item `{}` needs `given`, and `asked`, `asked-any` or `asked-alone`",
                            i.what
                        )));
                    }
                    if !(i.asked.is_empty() && i.asked_any.is_empty()) && spec.requests.is_empty() {
                        return Err(SpecError::new(format!(
                            "item `{}` has `asked` patterns, which count after a request: set `requests`",
                            i.what
                        )));
                    }
                    let given = Matcher::new(check, Vec::new(), &i.given, false)?;
                    Ok(Item {
                        what: i.what,
                        given: if i.given_prefilter.is_empty() {
                            given
                        } else {
                            given.with_prefilter(i.given_prefilter)?
                        },
                        asked: Matcher::new(check, i.asked_any, &i.asked, false)?,
                        asked_alone: Matcher::new(check, Vec::new(), &i.asked_alone, false)?,
                    })
                })
                .collect::<Result<_, _>>()?,
            requests: Matcher::new(check, Vec::new(), &spec.requests, false)?,
            max_words: spec.max_words.unwrap_or(1),
            nouns: Matcher::new(check, spec.nouns, &[], false)?,
            ask_again: Matcher::new(check, Vec::new(), &spec.ask_again, false)?,
            phrases: Matcher::new(check, spec.phrases, &spec.phrase_patterns, false)?.with_prefilter(spec.prefilter)?,
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

    /// Identifier candidates in `text`, before `not-identifiers` rules any out.
    fn ids_in(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for re in self.identifiers.patterns_for(text) {
            for caps in re.captures_iter(text) {
                if let Some(m) = caps.get_group(1).or_else(|| caps.get_group(0)) {
                    out.push(text.get(m.range()).unwrap_or_default().to_owned());
                }
            }
        }
        out
    }

    fn is_identifier(&self, id: &str) -> bool {
        self.not_identifiers.is_empty() || !self.not_identifiers.is_match(id)
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
        let covered = SpanSet::new(covered);
        // The white-space-delimited token the current word is in, and where inside it a link
        // (`://`) ends: found once per token, so a long run without spaces stays linear.
        let (mut token_start, mut scanned, mut link_end) = (0, 0, None::<usize>);
        let mut content = 0;
        for w in doc.words() {
            if w.start >= frame || content > self.max_words {
                break;
            }
            let gap = text.get(scanned..w.start).unwrap_or("");
            if let Some((i, c)) = gap.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
                token_start = scanned + i + c.len_utf8();
                let token = text.get(token_start..).unwrap_or("");
                let token = &token[..token.find(char::is_whitespace).unwrap_or(token.len())];
                link_end = token.find("://").map(|i| token_start + i + 3);
            } else if scanned == 0 {
                let token = &text[..text.find(char::is_whitespace).unwrap_or(text.len())];
                link_end = token.find("://").map(|i| i + 3);
            }
            scanned = w.start;
            let prefix = text.get(token_start..w.start).unwrap_or("");
            let in_handle =
                prefix.starts_with('@') || prefix.starts_with("www.") || link_end.is_some_and(|e| e <= w.start);
            let word = doc.slice(*w);
            if in_handle
                || !word.chars().any(char::is_alphabetic)
                || covered.contains(*w)
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
        let text = doc.text();
        let mut requests: Option<Vec<Span>> = None;
        for item in &self.items {
            // Cheapest first: whether the customer could have given it (the item's literal
            // prefilter), what the draft asks for, whether the customer did give it, and only
            // then the request before it. When the draft's question would first compile a regex
            // (one too big to embed as a DFA), whether the customer gave it is asked before.
            if !customer.iter().any(|t| item.given.may_match(t)) {
                continue;
            }
            let given_by_customer = || {
                customer.iter().find_map(|t| {
                    let hit = item.given.find_all(t).into_iter().next()?;
                    hit.text(t).map(str::to_owned)
                })
            };
            let mut given = None;
            if item.asked_alone.compiles_to_search() {
                given = given_by_customer();
                if given.is_none() {
                    continue;
                }
            }
            let alone = item.asked_alone.find_all(text).first().copied();
            let nouns: Vec<Span> = if alone.is_none() && !item.asked.is_empty() {
                // "order #48213" names the thing itself; it does not ask for it.
                item.asked
                    .find_all(text)
                    .into_iter()
                    .filter(|n| {
                        !text
                            .get(n.end..)
                            .unwrap_or("")
                            .trim_start_matches([' ', '#', ':'])
                            .starts_with(|c: char| c.is_ascii_digit())
                    })
                    .collect()
            } else {
                Vec::new()
            };
            if alone.is_none() && nouns.is_empty() {
                continue;
            }
            let Some(given) = given.or_else(given_by_customer) else {
                continue;
            };
            // A reply that repeats what the customer gave is not asking for it.
            if digits(text).contains(&digits(&given)) {
                continue;
            }
            let mut ask = alone;
            if ask.is_none() {
                let requests = requests.get_or_insert_with(|| self.requests.find_all(text));
                // The thing asked for, right after a request: within six words of its end.
                ask = nouns.into_iter().find_map(|noun| {
                    requests
                        .iter()
                        .find(|r| {
                            r.end <= noun.start
                                && text.get(r.end..noun.start).is_some_and(|gap| {
                                    gap.split_whitespace().count() <= 6 && !gap.contains(['.', '?', '!', '\n'])
                                })
                        })
                        .map(|r| Span::new(r.start, noun.end))
                });
            }
            if let Some(ask) = ask {
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
        let mut echoed: std::collections::HashSet<String> = std::collections::HashSet::new();
        for m in cx.conversation.messages() {
            let ids = self.ids_in(&m.text).into_iter().map(|id| (digits(&id), id));
            match m.role {
                Role::Customer if cx.position.is_customers(m) => given.extend(ids.map(|(_, id)| id)),
                Role::Customer => {}
                Role::Business => echoed.extend(ids.map(|(d, _)| d)),
            }
        }
        // Anything the business already answered about is settled. Sets keep this linear in a
        // long thread.
        let mut seen = std::collections::HashSet::new();
        given.retain(|id| !echoed.contains(&digits(id)) && seen.insert(id.clone()));
        let draft = doc.text();
        let draft_norm = digits(draft);
        if given.iter().any(|id| draft_norm.contains(&digits(id))) {
            return;
        }
        given.retain(|id| self.is_identifier(id));
        let Some(first) = given.first() else { return };
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
