//! `required`: the message must open or close with one of a list of phrases.
//!
//! Keys:
//! - `position`: `start`, `end` or `anywhere` (required).
//! - `within` (default 1): how many sentences at the start or end form the window.
//! - `any-of` (phrases) and/or `patterns` (regexes): what satisfies the rule.
//! - `or-question` (default `false`): a question anywhere in the message also satisfies it (a
//!   reply that asks something moves the conversation on).
//! - `or-signature` (default `false`): a closing signature line (`^AG`, `- Ben D`, `*TMC`) also
//!   satisfies it. (With `position = "end"` the window always looks through a trailing
//!   signature block, links, emoji and `2/2` markers; this key makes the signature alone enough.)
//! - `or-anywhere` / `or-anywhere-patterns`: phrases and regexes that satisfy the rule wherever
//!   they occur in the message (a call to action, a promise of what happens next), while `any-of`
//!   must be in the window.
//! - `needs-signature` (default `false`): besides the phrase, the message must end with a
//!   signature: a short last line after a line break (`Sam`, `The Acme team`, `{{agent.name}}`),
//!   or initials or a name after the close on the same line (`Best, Sam`, `Thanks! ^AG`).
//! - `first-reply-only` (default `false`): only the business's first reply in a thread must comply;
//!   skipped when no envelope says what the thread holds.
//! - `customer-name` (default `false`): the window must also name the customer (envelope
//!   `customer.name`); skipped when the name is unknown or when nothing in `any-of` greets.
//! - `min-words` (default 0): shorter messages are exempt.
//!
//! Leading @handles (`@AcmeHelp`) are not part of the first sentence.

use serde::Deserialize;

use crate::checks::{CheckContext, Finding, SpecError};
use crate::document::Document;
use crate::matcher::{Matcher, PatternCheck};
use crate::signature::{ends_with_signature, is_name_line, is_signature, signature_block_start};
use crate::span::Span;
use crate::spec::At;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Position {
    Start,
    End,
    Anywhere,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    position: Position,
    #[serde(default)]
    within: Option<usize>,
    #[serde(default)]
    any_of: Vec<String>,
    #[serde(default)]
    patterns: Vec<At<String>>,
    #[serde(default)]
    or_question: bool,
    #[serde(default)]
    or_signature: bool,
    #[serde(default)]
    or_anywhere: Vec<String>,
    #[serde(default)]
    or_anywhere_patterns: Vec<At<String>>,
    #[serde(default)]
    needs_signature: bool,
    #[serde(default)]
    first_reply_only: bool,
    #[serde(default)]
    customer_name: bool,
    #[serde(default)]
    min_words: usize,
}

#[derive(Debug)]
pub(crate) struct Required {
    position: Position,
    within: usize,
    matcher: Matcher,
    or_question: bool,
    or_signature: bool,
    anywhere: Matcher,
    needs_signature: bool,
    first_reply_only: bool,
    customer_name: bool,
    min_words: usize,
}

/// Whether a sentence at the end is part of a signature block rather than the message.
fn is_trailer(doc: &Document<'_>, s: Span) -> bool {
    let t = doc.slice(s);
    if is_signature(t) || t.starts_with('@') || !t.chars().any(char::is_alphabetic) {
        return true;
    }
    let before = doc.text().get(..s.start).unwrap_or("");
    let own_line = before.trim_end_matches([' ', '\t']).ends_with('\n');
    own_line && is_name_line(t)
        || own_line
            && t.split_whitespace().count() <= 4
            && !t.ends_with(['?', '!'])
            && (t.split_whitespace().count() == 1 || !t.ends_with('.'))
            && !t.contains(['{', '['])
        || own_line
            && crate::placeholder::find_all(t)
                .first()
                .is_some_and(|p| p.span.len() == t.len())
}

/// Whether the text ends with a signature: a short last line after a line break (a name, a team,
/// a placeholder), or a signature after the close on the last line.
fn has_signature(doc: &Document<'_>) -> bool {
    let text = doc.text().trim_end();
    if ends_with_signature(text) {
        return true;
    }
    let Some((before, last)) = text.rsplit_once('\n') else {
        // One line: "Best, Sam" or "Thanks, The Acme team".
        return text.rsplit_once(',').is_some_and(|(_, name)| is_name_line(name));
    };
    !before.trim().is_empty() && is_name_line(last)
}

impl Required {
    pub(crate) fn compile(spec: Spec, check: PatternCheck) -> Result<Self, SpecError> {
        if spec.within == Some(0) {
            return Err(SpecError::new("`within` must be at least 1 sentence"));
        }
        let matcher = Matcher::new(check, spec.any_of, &spec.patterns, false)?;
        let anywhere = Matcher::new(check, spec.or_anywhere, &spec.or_anywhere_patterns, false)?;
        if matcher.is_empty() && anywhere.is_empty() && !spec.or_question && !spec.or_signature {
            return Err(SpecError::new(
                "nothing can satisfy this rule: set `any-of`, `patterns`, `or-anywhere`, `or-question` or `or-signature`",
            ));
        }
        Ok(Self {
            position: spec.position,
            within: spec.within.unwrap_or(1),
            matcher,
            or_question: spec.or_question,
            or_signature: spec.or_signature,
            anywhere,
            needs_signature: spec.needs_signature,
            first_reply_only: spec.first_reply_only,
            customer_name: spec.customer_name,
            min_words: spec.min_words,
        })
    }

    fn window(&self, doc: &Document<'_>) -> Option<Span> {
        let text = doc.text();
        let body_start = crate::position::skip_handles(text);
        let sentences: Vec<Span> = doc
            .sentences()
            .iter()
            .copied()
            .filter(|s| s.end > body_start)
            .map(|s| Span::new(s.start.max(body_start), s.end))
            .collect();
        match self.position {
            Position::Anywhere => Some(Span::new(0, text.len())),
            Position::Start => {
                let first = *sentences.first()?;
                let mut last_index = self.within.min(sentences.len()) - 1;
                // "Dear Ms." or "Hi!" alone is cut short by an abbreviation or an exclamation:
                // a window of fewer than three words takes in the next sentence.
                while last_index + 1 < sentences.len()
                    && text
                        .get(first.start..sentences.get(last_index)?.end)?
                        .split_whitespace()
                        .count()
                        < 3
                {
                    last_index += 1;
                }
                let last = *sentences.get(last_index)?;
                Some(Span::new(first.start, last.end))
            }
            Position::End => {
                // Sentences that are all frame (a signature, links, emoji) are looked through.
                let cut = crate::signature::trailer(text).start;
                let mut end_sentences: Vec<Span> = sentences.iter().copied().filter(|s| s.start < cut).collect();
                if end_sentences.is_empty() {
                    end_sentences = sentences;
                }
                // Whole short lines at the end ("Dr. Lowe's practice") form a signature block even
                // when an abbreviation splits them into several sentences.
                let block = signature_block_start(text);
                while end_sentences.len() > 1 && end_sentences.last().is_some_and(|s| s.start >= block) {
                    end_sentences.pop();
                }
                // Look through a signature block: initials, a name, a team name, an emoji, a
                // `(2/2)` marker. The window still reaches the end of the text.
                while end_sentences.len() > 1 && end_sentences.last().is_some_and(|s| is_trailer(doc, *s)) {
                    end_sentences.pop();
                }
                let first = *end_sentences.get(end_sentences.len().saturating_sub(self.within))?;
                Some(Span::new(first.start, text.trim_end().len().max(first.start)))
            }
        }
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let convo = cx.conversation;
        if self.first_reply_only && !(cx.position.known && cx.position.first_reply) {
            return;
        }
        if doc.text().split_whitespace().take(self.min_words).count() < self.min_words {
            return;
        }
        let Some(window) = self.window(doc) else {
            return;
        };
        let window_text = doc.slice(window);
        if self.customer_name {
            let Some(name) = convo.customer_name.as_deref() else {
                return;
            };
            let first = name.split_whitespace().next().unwrap_or(name);
            if first.is_empty() || !self.matcher.is_match(window_text) {
                return;
            }
            // Any part of the name counts: "Hi Dana" and "Dear Ms. Lee" both greet Dana Lee.
            let lower = window_text.to_lowercase();
            if name
                .split_whitespace()
                .filter(|p| p.chars().count() >= 2)
                .any(|p| lower.contains(&p.to_lowercase()))
            {
                return;
            }
            out.push(Finding::new(window).arg("name", first).arg("expected", first));
            return;
        }
        let met = self.matcher.is_match(window_text)
            || (!self.anywhere.is_empty() && self.anywhere.is_match(doc.text()))
            // A question anywhere moves the conversation on: the customer has something to answer.
            || self.or_question && doc.text().contains(['?', '？', '¿'])
            || self.or_signature
                && (doc.sentences().last().is_some_and(|s| is_signature(doc.slice(*s)))
                    || ends_with_signature(doc.text()));
        let signed = !self.needs_signature || has_signature(doc);
        if met && signed {
            return;
        }
        let expected = match self.position {
            _ if self.needs_signature && met => "a signature",
            _ if self.needs_signature && signed => "a closing line",
            _ if self.needs_signature => "a closing line and a signature",
            Position::Start => "an opening",
            Position::End => "a closing",
            Position::Anywhere => "a required phrase",
        };
        out.push(Finding::new(window).arg("expected", expected));
    }
}
