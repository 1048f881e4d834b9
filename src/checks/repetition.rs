//! `repetition`: flags the same word twice in a row ("the the"), with a safe fix.
//!
//! Keys:
//! - `allow`: words that may repeat ("had had", "that that").
//! - `allow-after`: words that may repeat after one of the given words, where grammar wants both
//!   (`{ is = ["it", "that", "what"] }`: "all it is is", "what that is is").
//! - `fix` (default `safe`).
//!
//! Only words separated by white space count; numbers never do. A capitalised pair inside a
//! sentence is a name or a title ("Duran Duran", "Talk Talk"), not a slip, unless the word is
//! a little word no name doubles ("The The" at a sentence start is still flagged).

use serde::Deserialize;

use crate::checks::{Finding, FixLevel, SpecError};
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;
use crate::span::Span;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    allow_after: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    fix: FixLevel,
}

#[derive(Debug)]
pub(crate) struct Repetition {
    allow: Vec<String>,
    allow_after: std::collections::BTreeMap<String, Vec<String>>,
    fix: Applicability,
}

/// Little words that a name or title does not double; a capitalised pair of them is a slip.
const LITTLE_WORDS: [&str; 24] = [
    "the", "a", "an", "and", "or", "to", "of", "in", "on", "at", "for", "with", "we", "i", "you", "it", "is", "are",
    "our", "your", "this", "that", "be", "will",
];

impl Repetition {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        Ok(Self {
            allow: spec.allow.iter().map(|w| w.to_lowercase()).collect(),
            allow_after: spec
                .allow_after
                .into_iter()
                .map(|(w, before)| (w.to_lowercase(), before.iter().map(|b| b.to_lowercase()).collect()))
                .collect(),
            fix: spec.fix.unwrap_or(Applicability::Safe),
        })
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        let words = doc.words();
        for (i, pair) in words.windows(2).enumerate() {
            let [a, b] = [pair[0], pair[1]];
            let (wa, wb) = (doc.slice(a), doc.slice(b));
            let between = text.get(a.end..b.start).unwrap_or("x");
            if between.is_empty() || !between.chars().all(|c| c == ' ' || c == '\t') {
                continue;
            }
            // Between ASCII words the ASCII comparison settles it, without lowercasing copies.
            let same = wa.eq_ignore_ascii_case(wb)
                || (!(wa.is_ascii() && wb.is_ascii()) && wa.to_lowercase() == wb.to_lowercase());
            if !same {
                continue;
            }
            if wa.chars().any(|c| c.is_ascii_digit()) || !wa.chars().any(char::is_alphabetic) {
                continue;
            }
            let lower = wa.to_lowercase();
            if self.allow.contains(&lower) {
                continue;
            }
            // "All it is is": the word before licenses the repetition.
            let before = i
                .checked_sub(1)
                .and_then(|j| words.get(j))
                .map(|w| doc.slice(*w).to_lowercase());
            if before.is_some_and(|p| self.allow_after.get(&lower).is_some_and(|l| l.contains(&p))) {
                continue;
            }
            // "Duran Duran", "Talk Talk": a capitalised pair inside a sentence is a name.
            let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
            let sentence_start = doc.sentence_at(a.start).is_none_or(|s| {
                text.get(s.start..a.start)
                    .is_some_and(|g| !g.chars().any(char::is_alphanumeric))
            });
            if capitalised(wa) && capitalised(wb) && !sentence_start && !LITTLE_WORDS.contains(&lower.as_str()) {
                continue;
            }
            let span = Span::new(a.start, b.end);
            out.push(
                Finding::new(span)
                    .arg("matched", wb)
                    .arg("replacement", wa)
                    .with_fix(Some(Fix::replace(
                        self.fix,
                        "Remove the repeated word".to_owned(),
                        Span::new(a.end, b.end),
                        String::new(),
                    ))),
            );
        }
    }
}
