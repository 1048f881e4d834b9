//! `repetition`: flags the same word twice in a row ("the the"), with a safe fix.
//!
//! Keys: `allow` (words that may repeat, e.g. "had", "that"), `fix` (default `safe`).
//! Only words separated by white space count; numbers never do.

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
    fix: FixLevel,
}

#[derive(Debug)]
pub(crate) struct Repetition {
    allow: Vec<String>,
    fix: Applicability,
}

impl Repetition {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        Ok(Self {
            allow: spec.allow.iter().map(|w| w.to_lowercase()).collect(),
            fix: spec.fix.unwrap_or(Applicability::Safe),
        })
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        for pair in doc.words().windows(2) {
            let [a, b] = [pair[0], pair[1]];
            let (wa, wb) = (doc.slice(a), doc.slice(b));
            let between = text.get(a.end..b.start).unwrap_or("x");
            if between.is_empty() || !between.chars().all(|c| c == ' ' || c == '\t') {
                continue;
            }
            if !wa.eq_ignore_ascii_case(wb) && wa.to_lowercase() != wb.to_lowercase() {
                continue;
            }
            if wa.chars().any(|c| c.is_ascii_digit()) || !wa.chars().any(char::is_alphabetic) {
                continue;
            }
            if self.allow.iter().any(|w| *w == wa.to_lowercase()) {
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
