//! `placeholders`: template slots left in text that is about to be sent, or malformed slots in
//! templates.
//!
//! Keys:
//! - `syntaxes`: which placeholder syntaxes to report (names from `placeholder::SYNTAXES`);
//!   default all but data masks such as `__email__`.
//! - `malformed` (default `false`): instead, report unbalanced delimiters (`{{name}`, `{% x`),
//!   for template libraries.
//!
//! Placeholders are masked in templates, and this is the only kind whose findings may fall
//! inside a mask.

use serde::Deserialize;

use crate::checks::{Finding, SpecError};
use crate::document::Document;
use crate::placeholder::{DATA_MASKS, SYNTAXES};
use crate::span::Span;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(default)]
    syntaxes: Option<Vec<toml::Spanned<String>>>,
    #[serde(default)]
    malformed: bool,
}

#[derive(Debug)]
pub(crate) struct Placeholders {
    syntaxes: Vec<&'static str>,
    malformed: bool,
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
        Ok(Self {
            syntaxes,
            malformed: spec.malformed,
        })
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        if self.malformed {
            malformed(doc, out);
            return;
        }
        for p in doc.placeholders() {
            if self.syntaxes.contains(&p.syntax) {
                out.push(
                    Finding::new(p.span)
                        .arg("matched", doc.slice(p.span))
                        .arg("syntax", p.syntax),
                );
            }
        }
    }
}

fn malformed(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let text = doc.text();
    let pairs = [("{{", "}}"), ("{%", "%}")];
    for (open, close) in pairs {
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| t.find(open)) {
            let start = from + i;
            let rest = text.get(start + open.len()..).unwrap_or("");
            let line_end = rest.find('\n').unwrap_or(rest.len());
            let next_open = rest.find(open).unwrap_or(usize::MAX);
            match rest.find(close) {
                Some(j) if j <= line_end && j < next_open => from = start + open.len() + j + close.len(),
                _ => {
                    let end = start
                        + open.len()
                        + rest
                            .get(..line_end)
                            .map_or(0, |l| l.find(char::is_whitespace).unwrap_or(l.len()));
                    let span = Span::new(start, end);
                    out.push(Finding::new(span).arg("matched", doc.slice(span)).arg("syntax", open));
                    from = start + open.len();
                }
            }
        }
    }
}
