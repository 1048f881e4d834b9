//! `required`: the message must open or close with one of a list of phrases.
//!
//! Keys:
//! - `position`: `start`, `end` or `anywhere` (required).
//! - `within` (default 1): how many sentences at the start or end form the window.
//! - `any-of` (phrases) and/or `patterns` (regexes): what satisfies the rule.
//! - `or-question` (default `false`): a question anywhere in the message also satisfies it (a
//!   reply that asks something moves the conversation on).
//! - `or-signature` (default `false`): a closing signature line (`^AG`, `- Ben D`, `*TMC`) also
//!   satisfies it.
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
use crate::matcher::Matcher;
use crate::span::Span;

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
    patterns: Vec<toml::Spanned<String>>,
    #[serde(default)]
    or_question: bool,
    #[serde(default)]
    or_signature: bool,
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
    first_reply_only: bool,
    customer_name: bool,
    min_words: usize,
}

/// Whether `line` looks like a closing signature: `^AG`, `*TMC`, `- Ben D`, `-KM`, `~Sam`.
pub(crate) fn is_signature(line: &str) -> bool {
    let t = line.trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    if !matches!(first, '^' | '*' | '-' | '~' | '\u{2013}' | '\u{2014}') {
        return false;
    }
    let rest = t.trim_start_matches(['^', '*', '-', '~', '\u{2013}', '\u{2014}', ' ']);
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '.')
        })
}

/// Whether the text ends with a signature, after any trailing links, `2/2` thread markers,
/// emoji and @handles: "Please check your inbox. -GH", "Thanks! *TSL" followed by a link,
/// "TY - Eilish", "*ABN 3/3".
pub(crate) fn ends_with_signature(text: &str) -> bool {
    let mut tokens: Vec<&str> = text.split_whitespace().collect();
    while let Some(t) = tokens.last() {
        let core = t.trim_matches(['(', ')', '[', ']', '.', ',']);
        let is_link = t.contains("://") || t.starts_with("www.") || t.contains(".co/") || t.contains(".ly/");
        let is_marker = core.split_once('/').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        });
        if is_link
            || is_marker
            || !t.chars().any(char::is_alphanumeric) && !t.starts_with(['^', '*', '-', '~'])
            || t.starts_with('@')
        {
            tokens.pop();
        } else {
            break;
        }
    }
    (1..=3).any(|k| {
        tokens.len() >= k
            && tokens
                .get(tokens.len() - k..)
                .is_some_and(|tail| is_signature(&tail.join(" ")))
    })
}

/// Where the trailing block of short lines (at most four words, no question or exclamation,
/// after a line break) begins; the text's end when there is none.
fn signature_block_start(text: &str) -> usize {
    let body = text.trim_end();
    let mut start = body.len();
    let mut lines = 0;
    while let Some(nl) = body.get(..start).and_then(|b| b.trim_end().rfind('\n')) {
        let line = body.get(nl + 1..start).unwrap_or("").trim();
        let words = line.split_whitespace().count();
        let short =
            words <= 4 && !line.ends_with(['?', '!']) && (words == 1 || !line.ends_with('.')) && !line.is_empty();
        if !short || lines == 3 {
            break;
        }
        start = nl + 1;
        lines += 1;
    }
    start
}

/// Whether a sentence at the end is part of a signature block rather than the message.
fn is_trailer(doc: &Document<'_>, s: Span) -> bool {
    let t = doc.slice(s);
    if is_signature(t) || t.starts_with('@') || !t.chars().any(char::is_alphabetic) {
        return true;
    }
    let before = doc.text().get(..s.start).unwrap_or("");
    let own_line = before.trim_end_matches([' ', '\t']).ends_with('\n');
    own_line
        && t.split_whitespace().count() <= 4
        && !t.ends_with(['?', '!'])
        && (t.split_whitespace().count() == 1 || !t.ends_with('.'))
        && !t.contains(['{', '['])
        || own_line
            && crate::placeholder::find_all(t)
                .first()
                .is_some_and(|p| p.span.len() == t.len())
}

/// The text after any leading @handles and white space.
fn skip_handles(text: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = text.get(at..).unwrap_or("");
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with('@') {
            at += trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        } else {
            return at;
        }
    }
}

impl Required {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        if spec.within == Some(0) {
            return Err(SpecError::new("`within` must be at least 1 sentence"));
        }
        let matcher = Matcher::new(&spec.any_of, &spec.patterns, false)?;
        if matcher.is_empty() && !spec.or_question && !spec.or_signature {
            return Err(SpecError::new(
                "nothing can satisfy this rule: set `any-of`, `patterns`, `or-question` or `or-signature`",
            ));
        }
        Ok(Self {
            position: spec.position,
            within: spec.within.unwrap_or(1),
            matcher,
            or_question: spec.or_question,
            or_signature: spec.or_signature,
            first_reply_only: spec.first_reply_only,
            customer_name: spec.customer_name,
            min_words: spec.min_words,
        })
    }

    fn window(&self, doc: &Document<'_>) -> Option<Span> {
        let text = doc.text();
        let body_start = skip_handles(text);
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
                let mut end_sentences = sentences;
                if self.or_signature {
                    // Whole short lines at the end ("Dr. Lowe's practice") form a signature block
                    // even when an abbreviation splits them into several sentences.
                    let block = signature_block_start(text);
                    while end_sentences.len() > 1 && end_sentences.last().is_some_and(|s| s.start >= block) {
                        end_sentences.pop();
                    }
                    // Look through a signature block: initials, a name, a team name, an emoji,
                    // a `(2/2)` marker. The window still reaches the end of the text.
                    while end_sentences.len() > 1 && end_sentences.last().is_some_and(|s| is_trailer(doc, *s)) {
                        end_sentences.pop();
                    }
                }
                let first = *end_sentences.get(end_sentences.len().saturating_sub(self.within))?;
                Some(Span::new(first.start, text.trim_end().len().max(first.start)))
            }
        }
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let convo = cx.conversation;
        if self.first_reply_only && (!convo.is_known() || convo.business_has_written()) {
            return;
        }
        if doc.text().split_whitespace().count() < self.min_words {
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
        if self.matcher.is_match(window_text) {
            return;
        }
        // A question anywhere moves the conversation on: the customer has something to answer.
        if self.or_question && doc.text().contains(['?', '？', '¿']) {
            return;
        }
        if self.or_signature
            && (doc.sentences().last().is_some_and(|s| is_signature(doc.slice(*s))) || ends_with_signature(doc.text()))
        {
            return;
        }
        let expected = match self.position {
            Position::Start => "an opening",
            Position::End => "a closing",
            Position::Anywhere => "a required phrase",
        };
        out.push(Finding::new(window).arg("expected", expected));
    }
}

#[cfg(test)]
mod tests {
    use super::is_signature;

    #[test]
    fn signatures_at_the_end_of_a_line() {
        for s in [
            "Please check your inbox. -GH",
            "Thanks! *TSL https://t.co/6iDG",
            "TY - Eilish",
            "It changed. *ABN 3/3",
            "DM us - Mike 2/2",
            "See you! -S.D.",
        ] {
            assert!(super::ends_with_signature(s), "{s}");
        }
        for s in [
            "Your refund was processed.",
            "It is well - done",
            "Call us at 555-1234",
            "Thanks 2/2",
        ] {
            assert!(!super::ends_with_signature(s), "{s}");
        }
    }

    #[test]
    fn signatures() {
        for s in ["^AG", "- Ben D", "*TMC", "-KM", "~Sam", "– Chloe"] {
            assert!(is_signature(s), "{s}");
        }
        for s in ["- see our FAQ for details", "Thanks!", "* note", "^"] {
            assert!(!is_signature(s), "{s}");
        }
    }
}
