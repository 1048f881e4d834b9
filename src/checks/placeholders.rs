//! `placeholders`: template slots left in text that is about to be sent, malformed slots, slots
//! naming unknown variables, name slots without a fallback, and slots in another help desk's
//! syntax.
//!
//! Keys:
//! - `syntaxes`: which placeholder syntaxes to report (names from `placeholder::SYNTAXES`);
//!   default all but data masks such as `__email__`.
//! - `mode` (default `"unfilled"`): what to report.
//!   - `"unfilled"`: every placeholder of `syntaxes` (for drafts).
//!   - `"malformed"`: unbalanced delimiters: an opener never closed (`{{name}`, `{{ name`,
//!     `{% x`, `{!Contact.Name`, `*|FNAME`) and a closer never opened (`{name}}`, `name}}`).
//!     `malformed = true` is the older spelling of this mode.
//!   - `"unknown-variable"`: placeholders whose variable is not in `variables` (entries may end in
//!     `*`: `ticket.ticket_field_*`). Only variables starting with one of `namespaces` are judged
//!     (default: all). Needs `variables`.
//!   - `"no-fallback"`: name variables (first name, name, full name) of the customer with no
//!     fallback, in a syntax where the help desk supports one: Help Scout `,fallback=`, Intercom
//!     `default="…"` and, in Intercom exports, `| fallback:`, Marketo `:default=`.
//!   - `"foreign-syntax"`: in an export of a known help desk, placeholders in a syntax that help
//!     desk does not render (`{%customer.firstName%}` in a Zendesk macro); in any other template,
//!     help-desk syntaxes (mustache only with a dotted variable) that no one help desk renders
//!     together.
//!
//! Placeholders are masked in templates, and this is the only kind whose findings may fall
//! inside a mask.

use serde::Deserialize;

use crate::checks::{CheckContext, Finding, SpecError};
use crate::document::Document;
use crate::placeholder::{DATA_MASKS, Placeholder, SYNTAXES, rendered_by, variable};
use crate::span::Span;
use crate::spec::At;

/// What a `placeholders` rule reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Mode {
    #[default]
    Unfilled,
    Malformed,
    UnknownVariable,
    NoFallback,
    ForeignSyntax,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(default)]
    syntaxes: Option<Vec<At<String>>>,
    #[serde(default)]
    malformed: bool,
    #[serde(default)]
    mode: Option<Mode>,
    #[serde(default)]
    variables: Option<Vec<String>>,
    #[serde(default)]
    namespaces: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Placeholders {
    syntaxes: Vec<&'static str>,
    mode: Mode,
    variables: Vec<String>,
    namespaces: Vec<String>,
}

impl Placeholders {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        let syntaxes = match spec.syntaxes {
            None => SYNTAXES
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| !DATA_MASKS.contains(n))
                .collect(),
            Some(list) => {
                let mut out = Vec::new();
                for s in list {
                    let Some((name, _)) = SYNTAXES.iter().find(|(n, _)| *n == s.get_ref()) else {
                        let known: Vec<&str> = SYNTAXES.iter().map(|(n, _)| *n).collect();
                        return Err(SpecError::at(
                            format!(
                                "unknown placeholder syntax `{}`; expected one of: {}",
                                s.get_ref(),
                                known.join(", ")
                            ),
                            s.span(),
                        ));
                    };
                    out.push(*name);
                }
                out
            }
        };
        let mode = match (spec.mode, spec.malformed) {
            (None, true) => Mode::Malformed,
            (Some(m), false) => m,
            (Some(m), true) if m == Mode::Malformed => m,
            (Some(_), true) => {
                return Err(SpecError::new(
                    "`malformed = true` and `mode` disagree; keep only `mode`",
                ));
            }
            (None, false) => Mode::Unfilled,
        };
        if mode == Mode::UnknownVariable && spec.variables.as_ref().is_none_or(Vec::is_empty) {
            return Err(SpecError::new(
                "`mode = \"unknown-variable\"` needs `variables`, the variable names templates may use",
            ));
        }
        Ok(Self {
            syntaxes,
            mode,
            variables: spec.variables.unwrap_or_default(),
            namespaces: spec.namespaces,
        })
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let help_desk = cx.conversation.help_desk.as_deref();
        let ours = |p: &&Placeholder| self.syntaxes.contains(&p.syntax);
        let found = |p: &Placeholder| {
            Finding::new(p.span)
                .arg("matched", doc.slice(p.span))
                .arg("syntax", p.syntax)
        };
        match self.mode {
            Mode::Malformed => malformed(doc, out),
            Mode::Unfilled => out.extend(doc.placeholders().iter().filter(ours).map(found)),
            Mode::UnknownVariable => {
                for p in doc.placeholders().iter().filter(ours) {
                    let Some(name) = variable(p, doc.text()) else { continue };
                    if !self.namespaces.is_empty() && !self.namespaces.iter().any(|n| name.starts_with(n.as_str())) {
                        continue;
                    }
                    if self.variables.iter().any(|v| allows(v, name)) {
                        continue;
                    }
                    let near = crate::similar::closest(
                        name,
                        self.variables.iter().map(String::as_str).filter(|v| !v.ends_with('*')),
                        1,
                    );
                    let hint = near
                        .first()
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default();
                    out.push(found(p).arg("variable", name).arg("hint", hint));
                }
            }
            Mode::NoFallback => {
                for p in doc.placeholders().iter().filter(ours) {
                    let Some(name) = variable(p, doc.text()) else { continue };
                    let supported = match p.syntax {
                        "helpscout" | "intercom-xml" | "marketo" => true,
                        "mustache" => help_desk == Some("intercom"),
                        _ => false,
                    };
                    if supported && !p.has_fallback && is_customer_name(p.syntax, name, help_desk) {
                        out.push(found(p).arg("variable", name));
                    }
                }
            }
            Mode::ForeignSyntax => foreign(doc, help_desk, &self.syntaxes, out),
        }
    }
}

/// Whether allowed entry `allowed` (exact, or a prefix ending in `*`) admits `name`.
fn allows(allowed: &str, name: &str) -> bool {
    match allowed.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => allowed == name,
    }
}

/// Whether `name` is the customer's first, full or plain name (not the agent's, not a company's).
fn is_customer_name(syntax: &str, name: &str, help_desk: Option<&str>) -> bool {
    let lower = name.to_ascii_lowercase();
    let (scope, leaf) = lower.rsplit_once('.').unwrap_or(("", lower.as_str()));
    let leaf: String = leaf.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if !matches!(leaf.as_str(), "firstname" | "name" | "fullname" | "fname") {
        return false;
    }
    // The agent: Help Scout and Front call the agent `user`, Intercom calls the customer `user`.
    let agent_user = syntax == "helpscout" || help_desk == Some("front") || help_desk == Some("helpscout");
    let agent = matches!(
        scope,
        "current_user" | "agent" | "ticket.agent" | "ticket.assignee" | "mailbox"
    ) || scope.starts_with("user.company")
        || scope.starts_with("company")
        || (scope == "user" && agent_user);
    !agent
}

/// Placeholders in a syntax the document's help desk does not render; without a help desk,
/// help-desk syntaxes that no one help desk renders together (all but the most used one's).
fn foreign(doc: &Document<'_>, help_desk: Option<&str>, syntaxes: &[&str], out: &mut Vec<Finding>) {
    let judged: Vec<(&Placeholder, &[&str])> = doc
        .placeholders()
        .iter()
        .filter(|p| syntaxes.contains(&p.syntax))
        .filter_map(|p| rendered_by(p.syntax).map(|r| (p, r)))
        // Without a help desk, `{{refund_amount}}` may be a slot the agent fills by hand: only
        // dotted help-desk variables (`{{ticket.requester.first_name}}`) say whose syntax it is.
        .filter(|(p, _)| {
            help_desk.is_some() || p.syntax != "mustache" || variable(p, doc.text()).is_some_and(|v| v.contains('.'))
        })
        .collect();
    let desk: Option<&str> = match help_desk {
        Some(d) => Some(d),
        None => {
            // Only help-desk syntaxes decide; other tools' tags are not judged without a desk.
            let desks: Vec<&[&str]> = judged.iter().map(|(_, r)| *r).filter(|r| !r.is_empty()).collect();
            let common = crate::placeholder::HELP_DESKS
                .iter()
                .any(|d| desks.iter().all(|r| r.contains(d)));
            if desks.is_empty() || common {
                return;
            }
            // The desk rendering the most of them (the first listed on a tie).
            crate::placeholder::HELP_DESKS
                .iter()
                .copied()
                .max_by_key(|d| (desks.iter().filter(|r| r.contains(d)).count(), std::cmp::Reverse(*d)))
        }
    };
    let Some(desk) = desk else { return };
    for (p, renderers) in judged {
        if help_desk.is_none() && renderers.is_empty() {
            continue;
        }
        if !renderers.contains(&desk) {
            out.push(
                Finding::new(p.span)
                    .arg("matched", doc.slice(p.span))
                    .arg("syntax", p.syntax)
                    .arg("help_desk", desk),
            );
        }
    }
}

/// Where `needle` first occurs in `haystack`: `str::find` with a vectorised search, which the
/// malformed-slot scan makes several passes of over every document.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

fn malformed(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let text = doc.text();
    let mut spans: Vec<Span> = Vec::new();
    // Openers never closed on their line, before the next opener of the same kind.
    let pairs = [("{{", "}}"), ("{%", "%}"), ("{!", "}"), ("*|", "|*")];
    for (open, close) in pairs {
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| find(t, open)) {
            let start = from + i;
            let rest = text.get(start + open.len()..).unwrap_or("");
            let line_end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            let next_open = find(rest, open).unwrap_or(usize::MAX);
            // `{!` and `*|` are only slots when a name follows at once (`*|` in "a *| b" is not).
            let named = rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') || !matches!(open, "{!" | "*|");
            let closed = find(rest, close).filter(|&j| j <= line_end && j < next_open);
            match closed {
                Some(j) => from = start + open.len() + j + close.len(),
                None if !named => from = start + open.len(),
                None => {
                    let end = start
                        + open.len()
                        + rest.get(..line_end).map_or(0, |l| {
                            let body = l.trim_start();
                            let lead = l.len() - body.len();
                            lead + body.find(char::is_whitespace).unwrap_or(body.len())
                        });
                    spans.push(Span::new(start, end));
                    from = start + open.len();
                }
            }
        }
    }
    // Closers never opened: `}}` or `%}` not ending a slot (`{first_name}}`, `first_name}}`).
    let slots = doc.placeholders();
    for close in ["}}", "%}"] {
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| find(t, close)) {
            let at = from + i;
            from = at + close.len();
            let here = Span::new(at, at + close.len());
            // Slots come from one left-to-right scan, sorted and disjoint: only the last one
            // starting at or before the closer can hold it.
            let slot = slots[..slots.partition_point(|p| p.span.start <= here.start)].last();
            if slot.is_some_and(|p| p.span.contains(here)) || spans.iter().any(|s| s.overlaps(here)) {
                continue;
            }
            // Back to the word (and lone brace) it closes, on the same line.
            let before = text.get(..at).unwrap_or("");
            let word = before
                .rfind(|c: char| c.is_whitespace() || !(c.is_alphanumeric() || matches!(c, '_' | '.' | '{' | '%')))
                .map_or(0, |j| j + before[j..].chars().next().map_or(1, char::len_utf8));
            if word == at {
                continue; // `}}` alone, as in code or ASCII art
            }
            spans.push(Span::new(word, at + close.len()));
        }
    }
    spans.sort_unstable_by_key(|s| (s.start, s.end));
    spans.dedup();
    for span in spans {
        out.push(
            Finding::new(span)
                .arg("matched", doc.slice(span))
                .arg("syntax", "unbalanced"),
        );
    }
}
