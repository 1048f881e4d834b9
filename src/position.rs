//! `Position`: where a draft sits in its conversation, derived once per document and shared by
//! every rule (issue 11).
//!
//! It answers what greeting, timing, sign-off and context rules used to re-derive each on their
//! own: which customer message the draft answers, whether this is the business's first reply,
//! whether the draft is one part of a multi-part reply (`1/2`, `2/2`, a lowercase
//! continuation), whether it is a turn in a live back-and-forth, and whether it ends the
//! exchange. A plain draft with no envelope says nothing of its place: `known` is false and
//! every conversation-dependent answer is "no".
//!
//! Customer messages by another account do not count as the customer: in a public thread, a
//! message that addresses the customer's own @handle was written by someone else (a person does
//! not @-mention themselves); signed like an agent's (`^JAY`), it is the business's.

use std::sync::LazyLock;

use crate::conversation::{Conversation, Message, Role};

/// Customer messages that only acknowledge or close ("thanks!", "ok 👍", "bye"): nothing in them
/// waits for an answer. One phrase per line; data, shared by every rule.
const ACKNOWLEDGEMENTS: &str = include_str!("../rules/data/acknowledgements.txt");

/// Phrases that mark a customer message as a complaint or a problem report; data.
const COMPLAINTS: &str = include_str!("../rules/data/complaint-markers.txt");

static COMPLAINT_MARKERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    COMPLAINTS
        .lines()
        .map(str::trim)
        .filter(|l| !(l.is_empty() || l.starts_with("# ") || *l == "#"))
        .map(str::to_lowercase)
        .collect()
});

/// Whether `text` holds a complaint marker as a whole word (or an emoji or `!!` anywhere).
/// One short message per document: a scan per marker is cheaper than building an automaton.
pub(crate) fn is_complaint(text: &str) -> bool {
    let lower = text.to_lowercase();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    COMPLAINT_MARKERS.iter().any(|marker| {
        lower.match_indices(marker.as_str()).any(|(at, hit)| {
            let before = lower.get(..at).and_then(|t| t.chars().next_back());
            let after = lower.get(at + hit.len()..).and_then(|t| t.chars().next());
            (!hit.starts_with(char::is_alphanumeric) || !word(before))
                && (!hit.ends_with(char::is_alphanumeric) || !word(after))
        })
    })
}

static PHRASES: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    ACKNOWLEDGEMENTS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
        .collect()
});

/// One part of a reply split over several messages: `index` of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// 1-based.
    pub index: u32,
    /// At least 2.
    pub total: u32,
}

/// Where a draft sits in its conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// An envelope describes the thread; without one, nothing below is known.
    pub known: bool,
    /// The business has not replied in this thread before (in a public thread, its own post that
    /// the customer answered is not a reply).
    pub first_reply: bool,
    /// Index in the thread of the customer message the draft answers: the customer's latest
    /// message after the business's latest one.
    pub answers: Option<usize>,
    /// That message only acknowledges or says goodbye ("Thanks!", "ok"): the draft ends the
    /// exchange, and nothing waits for an answer.
    pub ends_exchange: bool,
    /// The message the draft answers complains or reports a problem ("worst", "still not
    /// working", "never arrived").
    pub complaint: bool,
    /// The message the draft answers asks something (a question mark).
    pub question: bool,
    /// The `k/n` marker of a multi-part reply, if the draft carries one.
    pub part: Option<Part>,
    /// The draft continues an earlier part: `2/2`, a leading ellipsis, or a first word in
    /// lowercase that does not start a sentence.
    pub continuation: bool,
    /// More parts follow (`1/2`): a close, if any, comes in the last one.
    pub more_parts: bool,
    /// A later turn in a live chat that the customer is not closing: it needs neither a
    /// greeting nor a goodbye.
    pub live: bool,
    /// The customer's @handle, when the draft addresses one.
    pub customer_handle: Option<String>,
}

impl Position {
    /// The position of `draft` in `convo`.
    pub fn of(draft: &str, convo: &Conversation) -> Self {
        let handle = leading_handles(draft).first().map(|h| h.to_ascii_lowercase());
        let (part, continuation_marker) = parts(draft);
        let continuation = part.is_some_and(|p| p.index > 1) || continuation_marker;
        let more_parts = part.is_some_and(|p| p.index < p.total);
        let mut pos = Self {
            part,
            continuation,
            more_parts,
            customer_handle: handle.clone(),
            ..Self::default()
        };
        let Some(thread) = convo.thread.as_deref() else {
            return pos;
        };
        pos.known = true;
        let is_customer = |m: &Message| is_customer_message(m, handle.as_deref());
        // A message to the customer signed like an agent's (`^JAY`) is the business's, whatever
        // its role says: another of the brand's accounts answered.
        let is_business = |m: &Message| {
            m.role == Role::Business
                || by_another_account(m, handle.as_deref()) && crate::signature::ends_with_signature(&m.text)
        };
        let last_business = thread.iter().rposition(is_business);
        // In a public thread, the business's own post (before the customer wrote) is not a reply;
        // in a private one, an earlier business message (a bot's welcome, a notification) has
        // already opened the conversation.
        pos.first_reply = if convo.visibility == crate::conversation::Visibility::Public {
            let first_customer = thread.iter().position(is_customer);
            first_customer.is_none_or(|c| !thread.iter().skip(c).any(is_business))
        } else {
            last_business.is_none()
        };
        pos.answers = thread
            .iter()
            .enumerate()
            .skip(last_business.map_or(0, |i| i + 1))
            .rev()
            .find(|(_, m)| is_customer(m))
            .map(|(i, _)| i);
        let answered = pos.answers.and_then(|i| thread.get(i));
        pos.ends_exchange = answered.is_some_and(|m| is_acknowledgement(&m.text));
        pos.complaint = answered.is_some_and(|m| is_complaint(&m.text));
        pos.question = answered.is_some_and(|m| m.text.contains(['?', '\u{ff1f}']));
        // A turn in a live chat needs no goodbye, unless the customer is saying goodbye.
        pos.live = !pos.first_reply && !pos.ends_exchange && convo.channel == "chat";
        pos
    }

    /// The customer message the draft answers, if any.
    pub fn answered<'c>(&self, convo: &'c Conversation) -> Option<&'c Message> {
        self.answers.and_then(|i| convo.messages().get(i))
    }

    /// Whether a thread message was written by the customer the draft answers (not by the
    /// business, nor by another account).
    pub fn is_customers(&self, m: &Message) -> bool {
        is_customer_message(m, self.customer_handle.as_deref())
    }
}

/// The @handles a text opens with, without the `@`.
pub(crate) fn leading_handles(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let Some(h) = word.strip_prefix('@').or_else(|| word.strip_prefix(".@")) else {
            break;
        };
        let h = h.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
        if h.is_empty() {
            break;
        }
        out.push(h);
    }
    out
}

/// The text after any leading @handles and white space.
pub(crate) fn skip_handles(text: &str) -> usize {
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

/// Whether a message is the customer's own: customer-role, and not another account's.
fn is_customer_message(m: &Message, customer_handle: Option<&str>) -> bool {
    m.role == Role::Customer && !by_another_account(m, customer_handle)
}

/// Whether a customer-role message was written by another account: it addresses the customer's
/// own handle.
fn by_another_account(m: &Message, customer_handle: Option<&str>) -> bool {
    customer_handle.is_some_and(|h| leading_handles(&m.text).iter().any(|x| x.eq_ignore_ascii_case(h)))
}

/// Whether a message says nothing but acknowledgements: every word belongs to one of the
/// `ACKNOWLEDGEMENTS` phrases (handles, emoji and punctuation aside).
pub(crate) fn is_acknowledgement(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|w| !w.starts_with('@') && !w.contains("://"))
        .flat_map(|w| {
            w.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
                .filter(|p| p.chars().any(char::is_alphanumeric))
                .map(|p| p.to_lowercase().replace('\u{2019}', "'"))
                .collect::<Vec<_>>()
        })
        .collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    let phrases = &*PHRASES;
    let mut i = 0;
    while i < words.len() {
        // The longest phrase that starts here.
        let longest = phrases
            .iter()
            .filter(|p| {
                words
                    .get(i..i + p.len())
                    .is_some_and(|w| w.iter().zip(p.iter()).all(|(a, b)| a == b))
            })
            .map(Vec::len)
            .max();
        match longest {
            Some(n) if n > 0 => i += n,
            _ => return false,
        }
    }
    true
}

/// The multi-part marker of a draft (`1/2`, `(2/3)`, `[2/2]`), found at its start (after
/// @handles) or at its end (before links, emoji and a signature), and whether the text reads as
/// a continuation (a leading ellipsis, or a lowercase first word).
fn parts(draft: &str) -> (Option<Part>, bool) {
    // The body: the draft after its leading handles. Only its first and last few words are
    // read, so a long document is not split into words here.
    let mut body = draft.trim_start();
    loop {
        let end = body.find(char::is_whitespace).unwrap_or(body.len());
        let word = &body[..end];
        if word.is_empty() || !(word.starts_with('@') || word.starts_with(".@")) {
            break;
        }
        body = body[end..].trim_start();
    }
    let mut part = body.split_whitespace().next().and_then(marker);
    if part.is_none() {
        // From the end: skip links, emoji and signature-like tokens, at most four of them.
        for w in body.split_whitespace().rev().take(5) {
            if let Some(p) = marker(w) {
                part = Some(p);
                break;
            }
            let trailer = w.contains("://")
                || w.starts_with(['^', '*', '-', '~', '\u{2013}', '\u{2014}'])
                || !w.chars().any(char::is_alphanumeric)
                || w.chars().next().is_some_and(char::is_uppercase) && w.len() <= 12;
            if !trailer {
                break;
            }
        }
    }
    let first = body.split_whitespace().find(|w| marker(w).is_none()).unwrap_or("");
    let ellipsis = first.starts_with("...") || first.starts_with('\u{2026}');
    let lowercase = first.chars().next().is_some_and(|c| c.is_lowercase())
        && !first.contains("://")
        && !first.starts_with("www.")
        && !SENTENCE_OPENERS.contains(
            &first
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        );
    (part, ellipsis || lowercase)
}

/// Lowercase first words that start a (sloppy) sentence rather than continue one.
const SENTENCE_OPENERS: [&str; 40] = [
    "i", "i'm", "i've", "i'll", "i'd", "im", "ok", "okay", "k", "hi", "hello", "hey", "yes", "yeah", "yep", "no",
    "nope", "sure", "thanks", "thank", "thx", "ty", "sorry", "please", "pls", "oh", "aw", "aww", "hmm", "great",
    "glad", "happy", "welcome", "we", "we're", "you", "your", "good", "wow", "lol",
];

/// `1/2`, `(1/2)`, `[2/3]`, `2/2.`: a part marker with 1 <= index <= total, 2 <= total <= 20.
fn marker(word: &str) -> Option<Part> {
    let core = word.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '.' | ',' | ':' | '-'));
    let (a, b) = core.split_once('/')?;
    if a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let index: u32 = a.parse().ok()?;
    let total: u32 = b.parse().ok()?;
    (index >= 1 && index <= total && (2..=20).contains(&total)).then_some(Part { index, total })
}

#[cfg(test)]
mod tests {
    use super::{Part, Position, is_acknowledgement};
    use crate::conversation::{Conversation, Message, Role};

    fn at(s: &str) -> Option<jiff::Timestamp> {
        Some(s.parse().unwrap())
    }

    fn convo(thread: Vec<(Role, &str, &str)>, now: &str) -> Conversation {
        Conversation {
            now: now.parse().unwrap(),
            thread: Some(
                thread
                    .into_iter()
                    .map(|(role, text, t)| Message {
                        role,
                        text: text.to_owned(),
                        at: at(t),
                    })
                    .collect(),
            ),
            ..Conversation::now()
        }
    }

    #[test]
    fn answers_the_latest_unanswered_customer_message() {
        let c = convo(
            vec![
                (Role::Customer, "Where is my order?", "2026-01-01T09:00:00Z"),
                (Role::Business, "Let me check.", "2026-01-01T09:05:00Z"),
                (Role::Customer, "Any news?", "2026-01-01T11:00:00Z"),
                (Role::Customer, "Hello?", "2026-01-01T11:30:00Z"),
            ],
            "2026-01-01T11:40:00Z",
        );
        let p = Position::of("It ships today.", &c);
        assert!(p.known && !p.first_reply && !p.ends_exchange && !p.live);
        assert_eq!(p.answers, Some(3));
    }

    #[test]
    fn another_accounts_message_is_not_the_customer() {
        let c = convo(
            vec![
                (Role::Customer, "@Acme my router is down", "2026-01-01T09:00:00Z"),
                (Role::Customer, "@dana same here, all week", "2026-01-01T09:20:00Z"),
            ],
            "2026-01-01T09:30:00Z",
        );
        let p = Position::of("@dana Thanks, checking now.", &c);
        assert_eq!(p.answers, Some(0));
        assert!(p.first_reply);
        // Signed like an agent: another of the brand's accounts already answered.
        let c = convo(
            vec![
                (Role::Customer, "@Acme my router is down", "2026-01-01T09:00:00Z"),
                (Role::Customer, "@dana Is the light red? ^JAY", "2026-01-01T09:20:00Z"),
            ],
            "2026-01-01T09:30:00Z",
        );
        let p = Position::of("@dana Thanks, checking now.", &c);
        assert!(!p.first_reply);
        assert_eq!(p.answers, None);
    }

    #[test]
    fn parts_and_continuations() {
        let none = Conversation::now();
        let p = Position::of("@dana 1/2 We checked your order.", &none);
        assert_eq!(p.part, Some(Part { index: 1, total: 2 }));
        assert!(p.more_parts && !p.continuation && !p.known);
        let p = Position::of("@dana ...and it ships today. ^AG 2/2 https://t.co/x", &none);
        assert!(p.continuation && !p.more_parts);
        let p = Position::of("@dana store you bought it from, and I'll sort it.", &none);
        assert!(p.continuation);
        for s in [
            "@dana ok, i will check.",
            "Open 24/7 for you.",
            "We ship 3/4 of orders today.",
        ] {
            let p = Position::of(s, &none);
            assert!(!p.continuation && p.part.is_none(), "{s}");
        }
    }

    #[test]
    fn a_thank_you_ends_the_exchange() {
        let c = convo(
            vec![
                (Role::Customer, "Where is it?", "2026-01-01T09:00:00Z"),
                (Role::Business, "It ships today.", "2026-01-01T09:05:00Z"),
                (Role::Customer, "Great, thanks so much! 🙏", "2026-01-01T09:06:00Z"),
            ],
            "2026-01-01T09:08:00Z",
        );
        let p = Position::of("You're welcome!", &c);
        assert!(p.ends_exchange && !p.live && !p.complaint && !p.question);
        assert!(super::is_complaint("worst service EVER"));
        assert!(super::is_complaint("it's still not working 😡"));
        assert!(!super::is_complaint("the rudest? no: the best."));
        assert!(!super::is_complaint("that was superbly done"), "whole words only");
        assert!(is_acknowledgement("ok thank you"));
        assert!(!is_acknowledgement("thanks, but where is my refund?"));
    }
}
