//! `phrases`: flags any of a list of literal phrases, whole words, case-insensitive.
//!
//! Keys:
//! - `phrases` (required): the phrases to flag.
//! - `case-sensitive` (default `false`).
//! - `allow`: phrases that excuse a hit they overlap ("thanks a lot for your patience").
//! - `unless-any`: a hit is ignored when its sentence also holds one of these.
//! - `with-any` / `with-patterns`: a hit counts only when its sentence also holds one of these
//!   (marker combinations: a positive word next to a negative situation).
//! - `min-hits` (default 1): the rule fires only when the message has at least this many hits
//!   (for weak markers that mean something only together).
//! - `replace` + `fix` (`unsafe` by default): a suggested replacement.
//!
//! ```toml
//! [rules.check.phrases]
//! phrases = ["oh great", "yeah, right"]
//! allow = ["oh great news"]
//! ```

use serde::Deserialize;

use crate::checks::{Finding, FixLevel, SpecError};
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;
use crate::matcher::{Matcher, PatternCheck};
use crate::span::{Span, SpanSet};
use crate::spec::At;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    phrases: Vec<String>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    unless_any: Vec<String>,
    #[serde(default)]
    with_any: Vec<String>,
    #[serde(default)]
    with_patterns: Vec<At<String>>,
    #[serde(default)]
    min_hits: Option<usize>,
    #[serde(default)]
    replace: Option<String>,
    #[serde(default)]
    fix: FixLevel,
}

#[derive(Debug)]
pub(crate) struct Phrases {
    list: Matcher,
    allow: Matcher,
    unless: Matcher,
    with: Matcher,
    min_hits: usize,
    replace: Option<(String, Applicability)>,
}

/// Whether `m` matches inside the sentence that holds `hit` (or anywhere, without sentences).
pub(crate) fn in_sentence(doc: &Document<'_>, m: &Matcher, hit: Span) -> bool {
    let sentence = doc.sentence_at(hit.start).unwrap_or(Span::new(0, doc.text().len()));
    m.is_match(doc.slice(sentence))
}

impl Phrases {
    pub(crate) fn compile(spec: Spec, check: PatternCheck) -> Result<Self, SpecError> {
        if spec.phrases.is_empty() {
            return Err(SpecError::new("`phrases` is empty: list at least one phrase"));
        }
        if spec.min_hits == Some(0) {
            return Err(SpecError::new("`min-hits` must be at least 1"));
        }
        let cs = spec.case_sensitive;
        Ok(Self {
            list: Matcher::new(check, spec.phrases, &[], cs)?,
            allow: Matcher::new(check, spec.allow, &[], cs)?,
            unless: Matcher::new(check, spec.unless_any, &[], cs)?,
            with: Matcher::new(check, spec.with_any, &spec.with_patterns, cs)?,
            min_hits: spec.min_hits.unwrap_or(1),
            replace: spec.replace.map(|r| (r, spec.fix.unwrap_or(Applicability::Unsafe))),
        })
    }

    pub(crate) fn is_fixable(&self) -> bool {
        self.replace
            .as_ref()
            .is_some_and(|(_, a)| *a > Applicability::DisplayOnly)
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        let found = self.list.find_all(text);
        // Most texts hold no hit: the allowed phrases are looked for only in those that do.
        let allowed = if self.allow.is_empty() || found.is_empty() {
            SpanSet::default()
        } else {
            SpanSet::new(self.allow.find_all(text))
        };
        let hits: Vec<Span> = found
            .into_iter()
            .filter(|h| !allowed.overlaps(*h))
            .filter(|h| self.unless.is_empty() || !in_sentence(doc, &self.unless, *h))
            .filter(|h| self.with.is_empty() || in_sentence(doc, &self.with, *h))
            .collect();
        if hits.len() < self.min_hits {
            return;
        }
        for hit in hits {
            let matched = doc.slice(hit);
            let mut finding = Finding::new(hit).arg("matched", matched);
            if let Some((replacement, applicability)) = &self.replace {
                finding = finding
                    .arg("replacement", replacement.clone())
                    .with_fix(Some(Fix::replace(
                        *applicability,
                        format!("Replace with “{replacement}”"),
                        hit,
                        replacement.clone(),
                    )));
            }
            out.push(finding);
        }
    }
}
