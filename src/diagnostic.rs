//! `Diagnostic`, `Fix`, `Edit`, `Applicability`, `RuleId`, `Severity`: what the engine reports,
//! with fixes as data. Checks build `Fix`es; the engine adds the rule and severity.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// A rule id, `category.leaf`; cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RuleId(Arc<str>);

impl RuleId {
    /// Wrap an id; callers validate it first.
    pub fn new(id: &str) -> Self {
        Self(Arc::from(id))
    }

    /// The whole id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The category, the part before the first dot.
    pub fn category(&self) -> &str {
        self.0.split('.').next().unwrap_or(&self.0)
    }

    /// Whether a `--select`/`--ignore` selector names this rule: the whole id, or a prefix
    /// ending at a dot (`tone` selects `tone.sarcasm`, `tone.sar` selects nothing).
    pub fn matches_selector(&self, selector: &str) -> bool {
        let id = self.as_str();
        selector == "ALL"
            || id == selector
            || (id.len() > selector.len() && id.starts_with(selector) && id.as_bytes()[selector.len()] == b'.')
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint; never fails a run unless `--fail-on info`.
    Info,
    /// Worth fixing before sending.
    Warning,
    /// Must be fixed before sending.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// How safe it is to apply a fix without a human reading it. Ordered: a threshold of `Unsafe`
/// also admits `Safe` fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown as a suggestion only (several alternatives, or needs judgement).
    DisplayOnly,
    /// Changes wording or tone; applied only when the user opts in.
    Unsafe,
    /// Mechanical and meaning-preserving ("the the" -> "the").
    Safe,
}

impl Applicability {
    /// The spelling used in JSON output and TOML packs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DisplayOnly => "display-only",
            Self::Unsafe => "unsafe",
            Self::Safe => "safe",
        }
    }
}

/// One text change. An empty `replacement` deletes; an empty `span` inserts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// The text put in their place.
    pub replacement: String,
}

/// A suggested change made of sorted, non-overlapping edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// How safe it is to apply without review.
    pub applicability: Applicability,
    /// Imperative title shown as help, e.g. "Remove the repeated word".
    pub title: String,
    /// Sorted by start, non-overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that replaces one span.
    pub fn replace(applicability: Applicability, title: String, span: Span, replacement: String) -> Self {
        Self {
            applicability,
            title,
            edits: vec![Edit { span, replacement }],
        }
    }
}

/// A finding after the engine adds rule, severity and the rendered message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule that fired.
    pub rule: RuleId,
    /// Its effective severity.
    pub severity: Severity,
    /// The rendered message.
    pub message: String,
    /// How to resolve it.
    pub help: Option<String>,
    /// Where, as bytes of the linted text.
    pub span: Span,
    /// A suggested change, if the rule has one.
    pub fix: Option<Fix>,
    /// Ranked alternatives (spelling), best first.
    pub suggestions: Vec<String>,
}

impl Diagnostic {
    /// Move the diagnostic (its span and its fix's edits) `by` bytes to the right: for a finding
    /// in a section that starts `by` bytes into its document.
    pub fn shift(&mut self, by: usize) {
        self.span = self.span.shift(by);
        if let Some(fix) = &mut self.fix {
            for e in &mut fix.edits {
                e.span = e.span.shift(by);
            }
        }
    }
}
