//! `pattern`: flags matches of one regular expression.
//!
//! Keys:
//! - `regex` (required): Rust `regex` syntax. Prefer ASCII classes and `(?-u:\b)`.
//! - `case-sensitive` (default `true`; write `(?i)` or set `false`).
//! - `prefilter`: phrases at least one of which every match contains; texts without any of
//!   them skip the regex (it is not even compiled). Only a speed-up: results do not change.
//! - `group` (default 0): the capture group whose span is reported.
//! - `allow`: phrases that excuse a hit they overlap.
//! - `unless-any`: a hit is ignored when its sentence also holds one of these.
//! - `replace` (may use `$1`, `${name}`) + `fix` (`unsafe` by default) + `fix-title`.
//!
//! ```toml
//! [rules.check.pattern]
//! regex = '[!?]{3,}'
//! replace = "!"
//! fix = "safe"
//! ```

use serde::Deserialize;

use crate::checks::phrases::in_sentence;
use crate::checks::{Finding, FixLevel, SpecError};
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;
use crate::matcher::{Matcher, PatternCheck};
use crate::span::{Span, SpanSet};
use crate::spec::At;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    regex: At<String>,
    #[serde(default = "yes")]
    case_sensitive: bool,
    #[serde(default)]
    prefilter: Vec<String>,
    #[serde(default)]
    group: usize,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    unless_any: Vec<String>,
    #[serde(default)]
    replace: Option<String>,
    #[serde(default)]
    fix: FixLevel,
    #[serde(default)]
    fix_title: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
pub(crate) struct Pattern {
    matcher: Matcher,
    group: usize,
    allow: Matcher,
    unless: Matcher,
    replace: Option<(String, Applicability, String)>,
}

impl Pattern {
    pub(crate) fn compile(spec: Spec, check: PatternCheck) -> Result<Self, SpecError> {
        let span = spec.regex.span();
        let matcher = Matcher::new(
            check,
            Vec::new(),
            std::slice::from_ref(&spec.regex),
            spec.case_sensitive,
        )?
        .with_prefilter(spec.prefilter)?;
        let groups = if check == PatternCheck::Full {
            capture_groups(spec.regex.get_ref()) + 1
        } else {
            usize::MAX
        };
        if spec.group >= groups {
            return Err(SpecError::at(
                format!(
                    "`group = {}` but the regex has {} capture group(s)",
                    spec.group,
                    groups - 1
                ),
                span,
            ));
        }
        Ok(Self {
            matcher,
            group: spec.group,
            allow: Matcher::new(check, spec.allow, &[], false)?,
            unless: Matcher::new(check, spec.unless_any, &[], false)?,
            replace: spec.replace.map(|r| {
                let title = spec.fix_title.unwrap_or_else(|| format!("Replace with “{r}”"));
                (r, spec.fix.unwrap_or(Applicability::Unsafe), title)
            }),
        })
    }

    pub(crate) fn is_fixable(&self) -> bool {
        self.replace
            .as_ref()
            .is_some_and(|(_, a, _)| *a > Applicability::DisplayOnly)
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let Some(re) = self.matcher.patterns_for(doc.text()).first().copied() else {
            return;
        };
        let text = doc.text();
        let allowed = if self.allow.is_empty() {
            SpanSet::default()
        } else {
            SpanSet::new(self.allow.find_all(text))
        };
        for caps in re.captures_iter(text) {
            let (Some(whole), Some(m)) = (caps.get_group(0), caps.get_group(self.group)) else {
                continue;
            };
            let span = Span::new(m.start, m.end);
            if whole.is_empty() || allowed.overlaps(span) {
                continue;
            }
            if !self.unless.is_empty() && in_sentence(doc, &self.unless, span) {
                continue;
            }
            let mut finding = Finding::new(span).arg("matched", text.get(m.range()).unwrap_or_default());
            if let Some((template, applicability, title)) = &self.replace {
                let mut replacement = String::new();
                caps.interpolate_string_into(text, template, &mut replacement);
                // The replacement applies to the whole match, whatever group is reported.
                finding = finding
                    .arg("replacement", replacement.clone())
                    .with_fix(Some(Fix::replace(
                        *applicability,
                        title.clone(),
                        Span::new(whole.start, whole.end),
                        replacement,
                    )));
            }
            out.push(finding);
        }
    }
}

/// How many capture groups a (syntactically valid) pattern has, from its AST.
fn capture_groups(pattern: &str) -> usize {
    struct Count(usize);
    impl regex_syntax::ast::Visitor for Count {
        type Output = usize;
        type Err = ();
        fn finish(self) -> Result<usize, ()> {
            Ok(self.0)
        }
        fn visit_pre(&mut self, ast: &regex_syntax::ast::Ast) -> Result<(), ()> {
            if let regex_syntax::ast::Ast::Group(g) = ast
                && g.capture_index().is_some()
            {
                self.0 += 1;
            }
            Ok(())
        }
    }
    regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .ok()
        .and_then(|ast| regex_syntax::ast::visit(&ast, Count(0)).ok())
        .unwrap_or(0)
}
