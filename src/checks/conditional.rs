//! `conditional`: if the draft says one thing, it (or the thread) must also say another.
//!
//! Keys:
//! - `if-any` / `if-patterns`: the trigger, found in the draft; each hit is a finding unless
//!   the requirement is met.
//! - `if-prefilter`: phrases at least one of which every `if-patterns` match contains (a
//!   speed-up: texts without them skip the regexes).
//! - `if-sentence-has`: groups of phrases; a trigger counts only when its sentence holds a phrase
//!   of every group (e.g. a third party, and the customer's details).
//! - `then-any` / `then-patterns`: what must also appear.
//! - `then-in`: `draft` (default), `thread` (an earlier business message, e.g. a permission
//!   question), or `draft-or-thread`.
//! - `granted-by`: phrases of an affirmative customer answer; with `then-in` including
//!   `thread`, an earlier business message only counts when a later customer message answers
//!   with one of them (and does not refuse: `refused-by`).
//! - `customer-any`: phrases a customer message may say that meet the requirement by
//!   themselves ("feel free to share my number with the courier").
//! - `or-customer-any`: the rule also triggers, on the whole draft, when the customer message the
//!   draft answers (see `Position`) says one of these ("a person please" to a bot).
//!
//! ```toml
//! [rules.check.conditional]
//! if-any = ["I can't help with that"]
//! then-any = ["a member of our team", "call us"]
//! ```

use serde::Deserialize;

use crate::checks::{CheckContext, Finding, SpecError};
use crate::conversation::Role;
use crate::document::Document;
use crate::matcher::{Matcher, PatternCheck};
use crate::span::Span;
use crate::spec::At;

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Where {
    #[default]
    Draft,
    Thread,
    DraftOrThread,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(default)]
    if_any: Vec<String>,
    #[serde(default)]
    if_patterns: Vec<At<String>>,
    #[serde(default)]
    if_prefilter: Vec<String>,
    #[serde(default)]
    if_sentence_has: Vec<Vec<String>>,
    #[serde(default)]
    then_any: Vec<String>,
    #[serde(default)]
    then_patterns: Vec<At<String>>,
    #[serde(default)]
    then_in: Where,
    #[serde(default)]
    granted_by: Vec<String>,
    #[serde(default)]
    refused_by: Vec<String>,
    #[serde(default)]
    customer_any: Vec<String>,
    #[serde(default)]
    or_customer_any: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Conditional {
    trigger: Matcher,
    sentence_has: Vec<Matcher>,
    then: Matcher,
    then_in: Where,
    granted: Matcher,
    refused: Matcher,
    customer: Matcher,
    or_customer: Matcher,
}

impl Conditional {
    pub(crate) fn compile(spec: Spec, check: PatternCheck) -> Result<Self, SpecError> {
        let trigger = Matcher::new(check, spec.if_any, &spec.if_patterns, false)?.with_prefilter(spec.if_prefilter)?;
        let then = Matcher::new(check, spec.then_any, &spec.then_patterns, false)?;
        if trigger.is_empty() {
            return Err(SpecError::new("set `if-any` or `if-patterns`: the trigger is empty"));
        }
        if then.is_empty() && spec.customer_any.is_empty() {
            return Err(SpecError::new(
                "set `then-any` or `then-patterns`: nothing can meet the requirement",
            ));
        }
        let mut sentence_has = Vec::new();
        for group in spec.if_sentence_has {
            if group.is_empty() {
                return Err(SpecError::new("a group in `if-sentence-has` is empty"));
            }
            sentence_has.push(Matcher::new(check, group, &[], false)?);
        }
        Ok(Self {
            trigger,
            sentence_has,
            then,
            then_in: spec.then_in,
            granted: Matcher::new(check, spec.granted_by, &[], false)?,
            refused: Matcher::new(check, spec.refused_by, &[], false)?,
            customer: Matcher::new(check, spec.customer_any, &[], false)?,
            or_customer: Matcher::new(check, spec.or_customer_any, &[], false)?,
        })
    }

    fn met_in_thread(&self, cx: &CheckContext<'_>) -> bool {
        let messages = cx.conversation.messages();
        for (i, m) in messages.iter().enumerate() {
            match m.role {
                Role::Customer if !cx.position.is_customers(m) => {}
                Role::Customer => {
                    if !self.customer.is_empty() && self.customer.is_match(&m.text) {
                        return true;
                    }
                }
                Role::Business => {
                    if self.then.is_empty() || !self.then.is_match(&m.text) {
                        continue;
                    }
                    if self.granted.is_empty() {
                        return true;
                    }
                    let answer = messages.iter().skip(i + 1).find(|r| r.role == Role::Customer);
                    if answer.is_some_and(|a| {
                        self.granted.is_match(&a.text) && (self.refused.is_empty() || !self.refused.is_match(&a.text))
                    }) {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Whether the requirement is met, in the draft or the thread as `then-in` says. It does
    /// not depend on where the trigger matched.
    fn met(&self, doc: &Document<'_>, cx: &CheckContext<'_>) -> bool {
        let in_draft = || !self.then.is_empty() && self.then.is_match(doc.text());
        match self.then_in {
            Where::Draft => in_draft(),
            Where::Thread => self.met_in_thread(cx),
            Where::DraftOrThread => in_draft() || self.met_in_thread(cx),
        }
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // A met requirement silences every hit. Finding the hits is usually the cheaper question,
        // but not when it would compile a regex (one too big to embed as a DFA: 0.3 to 1.1 ms,
        // most of a one-draft run): then the requirement is asked first.
        let met = std::cell::OnceCell::new();
        let is_met = || *met.get_or_init(|| self.met(doc, cx));
        if self.trigger.compiles_to_search() && is_met() {
            return;
        }
        let mut hits: Vec<_> = self
            .trigger
            .find_all(doc.text())
            .into_iter()
            .filter(|h| {
                self.sentence_has
                    .iter()
                    .all(|m| crate::checks::phrases::in_sentence(doc, m, *h))
            })
            .collect();
        if hits.is_empty()
            && !self.or_customer.is_empty()
            && cx
                .position
                .answered(cx.conversation)
                .is_some_and(|m| self.or_customer.is_match(&m.text))
        {
            hits.push(Span::new(0, doc.text().trim_end().len()));
        }
        if hits.is_empty() || is_met() {
            return;
        }
        for hit in hits {
            // Leading @handles are the reply's frame, not what the finding is about.
            let skip = crate::position::skip_handles(doc.slice(hit));
            let hit = Span::new(hit.start + skip.min(hit.len()), hit.end);
            out.push(Finding::new(hit).arg("matched", doc.slice(hit)));
        }
    }
}
