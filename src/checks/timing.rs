//! `timing`: when a message is sent, against the thread and the platform's dated policy.
//! Skips without an envelope. Every duration is measured to the envelope's `now`.
//!
//! Keys:
//! - `mode` (required):
//!   - `window`: a message more than `hours` after the customer's last message, with no tag or
//!     with a tag that does not lift the window (with `tags`, only those do; an unknown tag never
//!     does).
//!   - `tag-in`: the message is sent with one of `tags` (pair with the rule's `from`/`until`
//!     dates: a tag retired on a date is data, not code).
//!   - `tag-not-in`: the message is sent with a tag that is none of `tags` (a typo, or a tag the
//!     platform never had).
//!   - `tag-author`: a message with one of `tags` whose author is not in `authors`
//!     (`HUMAN_AGENT` is for people only).
//!   - `tag-age`: a message with one of `tags` more than `max-days` after the customer's last
//!     message.
//!   - `promo-in-tag`: a tagged message that holds one of `phrases` (promotions, survey prompts).
//!   - `slow-reply`: the customer has waited longer than the channel's threshold for an answer
//!     and the draft does not acknowledge the wait with one of `phrases`. The wait runs from the
//!     customer message the draft answers (the customer's latest message after the business's
//!     latest one; see `Position`) to `now`. A message that only acknowledges ("thanks!", "ok",
//!     or one of `ignore-messages`) leaves nothing to answer.
//!     The threshold is data: `minutes` (the default), `channel-minutes` (per channel, e.g.
//!     `{ chat = 15, email = 1440 }`) and `public-minutes` (public replies on any channel); a
//!     project's `[channels.<name>] wait-minutes` / `public-wait-minutes` replace them.
//!   - `flooding`: the thread already ends with `max-in-a-row` business messages or more, with no
//!     customer reply, and this draft adds another.
//! - `hours`, `tags`, `authors`, `max-days`, `minutes`, `max-in-a-row`, `phrases`: as above.

use serde::Deserialize;

use crate::checks::{CheckContext, Finding, SpecError};
use crate::conversation::Role;
use crate::document::Document;
use crate::matcher::{Matcher, PatternCheck};
use crate::span::Span;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Mode {
    Window,
    TagIn,
    TagNotIn,
    TagAuthor,
    TagAge,
    PromoInTag,
    SlowReply,
    Flooding,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    mode: Mode,
    #[serde(default)]
    hours: Option<u32>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    max_days: Option<u32>,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default)]
    channel_minutes: std::collections::BTreeMap<String, u32>,
    #[serde(default)]
    public_minutes: Option<u32>,
    #[serde(default)]
    max_in_a_row: Option<usize>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    ignore_messages: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Timing {
    mode: Mode,
    seconds: i64,
    channel_minutes: std::collections::BTreeMap<String, u32>,
    public_minutes: Option<u32>,
    tags: Vec<String>,
    authors: Vec<String>,
    max_in_a_row: usize,
    phrases: Matcher,
    ignore: Matcher,
}

fn human(seconds: i64) -> String {
    let minutes = seconds / 60;
    if minutes < 120 {
        format!("{minutes} minutes")
    } else if minutes < 10 * 60 && minutes % 60 != 0 {
        format!("{} hours {} minutes", minutes / 60, minutes % 60)
    } else if minutes < 48 * 60 {
        format!("{} hours", minutes / 60)
    } else {
        format!("{} days", minutes / (24 * 60))
    }
}

impl Timing {
    pub(crate) fn compile(spec: Spec, check: PatternCheck) -> Result<Self, SpecError> {
        let need = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(SpecError::new(format!(
                    "`mode = \"{}\"` needs {what}",
                    mode_name(spec.mode)
                )))
            }
        };
        let seconds = match spec.mode {
            Mode::Window => {
                need(spec.hours.is_some_and(|h| h > 0), "`hours` (at least 1)")?;
                i64::from(spec.hours.unwrap_or(24)) * 3600
            }
            Mode::TagAge => {
                need(spec.max_days.is_some_and(|d| d > 0), "`max-days` (at least 1)")?;
                i64::from(spec.max_days.unwrap_or(7)) * 86_400
            }
            Mode::SlowReply => {
                need(spec.minutes.is_some_and(|m| m > 0), "`minutes` (at least 1)")?;
                i64::from(spec.minutes.unwrap_or(15)) * 60
            }
            _ => 0,
        };
        match spec.mode {
            Mode::TagIn | Mode::TagNotIn | Mode::TagAge => need(!spec.tags.is_empty(), "`tags`")?,
            Mode::TagAuthor => need(
                !spec.tags.is_empty() && !spec.authors.is_empty(),
                "`tags` and `authors`",
            )?,
            Mode::PromoInTag | Mode::SlowReply => need(!spec.phrases.is_empty(), "`phrases`")?,
            Mode::Flooding => need(spec.max_in_a_row.is_some_and(|n| n > 0), "`max-in-a-row` (at least 1)")?,
            Mode::Window => {}
        }
        for (channel, minutes) in &spec.channel_minutes {
            if !crate::conversation::CHANNELS.contains(&channel.as_str()) {
                return Err(SpecError::new(format!(
                    "`channel-minutes`: unknown channel `{channel}`; expected one of: {}",
                    crate::conversation::CHANNELS.join(", ")
                )));
            }
            if *minutes == 0 {
                return Err(SpecError::new(format!(
                    "`channel-minutes.{channel}` must be at least 1"
                )));
            }
        }
        if spec.public_minutes == Some(0) {
            return Err(SpecError::new("`public-minutes` must be at least 1"));
        }
        for a in &spec.authors {
            if a != "agent" && a != "bot" {
                return Err(SpecError::new(format!(
                    "unknown author `{a}`; expected `agent` or `bot`"
                )));
            }
        }
        Ok(Self {
            mode: spec.mode,
            seconds,
            channel_minutes: spec.channel_minutes,
            public_minutes: spec.public_minutes,
            tags: spec.tags.iter().map(|t| t.to_ascii_uppercase()).collect(),
            authors: spec.authors,
            max_in_a_row: spec.max_in_a_row.unwrap_or(0),
            phrases: Matcher::new(check, spec.phrases, &[], false)?,
            ignore: Matcher::new(check, spec.ignore_messages, &[], false)?,
        })
    }

    /// Seconds a customer may wait on this document's channel and visibility: the project's
    /// setting, else the pack's per-visibility or per-channel figure, else `minutes`.
    fn wait_limit(&self, cx: &CheckContext<'_>) -> i64 {
        let convo = cx.conversation;
        let minutes = if convo.visibility == crate::conversation::Visibility::Public {
            cx.channel.public_wait_minutes.or(self.public_minutes)
        } else {
            cx.channel.wait_minutes
        };
        minutes
            .or_else(|| self.channel_minutes.get(&convo.channel).copied())
            .map_or(self.seconds, |m| i64::from(m) * 60)
    }

    /// Whether a customer message only acknowledges ("Thanks!", "ok 👍"): nothing to answer.
    fn is_acknowledgement(&self, text: &str) -> bool {
        if self.ignore.is_empty() {
            return false;
        }
        let mut rest = String::with_capacity(text.len());
        let mut at = 0;
        for hit in self.ignore.find_all(text) {
            rest.push_str(text.get(at..hit.start).unwrap_or(""));
            at = hit.end.max(at);
        }
        rest.push_str(text.get(at..).unwrap_or(""));
        !rest.chars().any(char::is_alphanumeric)
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let convo = cx.conversation;
        if !convo.is_known() {
            return;
        }
        let whole = Span::new(0, doc.text().trim_end().len());
        let tag = convo.tag.as_deref().map(str::to_ascii_uppercase);
        let tag_listed = tag.as_ref().is_some_and(|t| self.tags.contains(t));
        let since_customer = convo
            .messages()
            .iter()
            .rev()
            .find(|m| cx.position.is_customers(m))
            .and_then(|m| m.at)
            .map(|at| convo.now.as_second() - at.as_second());
        let finding = || {
            Finding::new(whole)
                .arg("tag", tag.clone().unwrap_or_default())
                .arg("date", convo.now.strftime("%Y-%m-%d").to_string())
        };
        match self.mode {
            Mode::Window => {
                let lifted = tag
                    .as_ref()
                    .is_some_and(|t| self.tags.is_empty() || self.tags.contains(t));
                if !lifted && since_customer.is_some_and(|s| s > self.seconds) {
                    let elapsed = since_customer.unwrap_or(0);
                    out.push(
                        finding()
                            .arg("elapsed", human(elapsed))
                            .arg("limit", human(self.seconds)),
                    );
                }
            }
            Mode::TagIn => {
                if tag_listed {
                    out.push(finding());
                }
            }
            Mode::TagNotIn => {
                if tag.is_some() && !tag_listed {
                    out.push(finding().arg("tags", self.tags.join(", ")));
                }
            }
            Mode::TagAuthor => {
                if tag_listed && !self.authors.iter().any(|a| a == convo.author.as_str()) {
                    out.push(finding());
                }
            }
            Mode::TagAge => {
                if tag_listed && since_customer.is_some_and(|s| s > self.seconds) {
                    out.push(
                        finding()
                            .arg("elapsed", human(since_customer.unwrap_or(0)))
                            .arg("limit", human(self.seconds)),
                    );
                }
            }
            Mode::PromoInTag => {
                if tag.is_some() {
                    for hit in self.phrases.find_all(doc.text()) {
                        out.push(
                            Finding::new(hit)
                                .arg("matched", doc.slice(hit))
                                .arg("tag", tag.clone().unwrap_or_default()),
                        );
                    }
                }
            }
            Mode::SlowReply => {
                if cx.position.ends_exchange {
                    return;
                }
                let Some(waiting) = cx.position.answered(convo) else {
                    return;
                };
                if self.is_acknowledgement(&waiting.text) {
                    return;
                }
                let Some(at) = waiting.at else {
                    return;
                };
                let elapsed = convo.now.as_second() - at.as_second();
                let limit = self.wait_limit(cx);
                if elapsed > limit && !self.phrases.is_match(doc.text()) {
                    out.push(finding().arg("elapsed", human(elapsed)).arg("limit", human(limit)));
                }
            }
            Mode::Flooding => {
                let in_a_row = convo
                    .messages()
                    .iter()
                    .rev()
                    .take_while(|m| m.role == Role::Business)
                    .count();
                if in_a_row >= self.max_in_a_row {
                    out.push(finding().arg("count", (in_a_row + 1).to_string()));
                }
            }
        }
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Window => "window",
        Mode::TagIn => "tag-in",
        Mode::TagNotIn => "tag-not-in",
        Mode::TagAuthor => "tag-author",
        Mode::TagAge => "tag-age",
        Mode::PromoInTag => "promo-in-tag",
        Mode::SlowReply => "slow-reply",
        Mode::Flooding => "flooding",
    }
}
