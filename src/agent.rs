//! The agent result: one draft in, a decision out. [`Linter`] holds rules loaded once and
//! checks many drafts (or envelopes); each [`AgentResult`] carries a [`Verdict`] (send, revise
//! or block), the located diagnostics, the draft with its safe fixes applied, and a short
//! plain-language summary an LLM can act on.
//!
//! The JSON shape is versioned ([`AGENT_VERSION`]) and described by
//! `docs/agent-result.schema.json`; `replylint check --format agent`, `replylint serve --stdio`
//! and `replylint mcp` all return it.
//!
//! ```
//! use replylint::{Conversation, Linter, Verdict};
//!
//! let linter = Linter::builtin().unwrap();
//! let now = jiff::Timestamp::UNIX_EPOCH;
//! let result = linter.check("Yeah, right. The courier tried three times.", &Conversation::at(now));
//! assert_eq!(result.verdict, Verdict::Revise);
//! assert!(result.summary.contains("sarcas"), "{}", result.summary);
//!
//! let result = linter.check("Thanks for waiting, Dana. Your parcel left today.", &Conversation::at(now));
//! assert_eq!(result.verdict, Verdict::Send);
//! assert_eq!(result.fixed, "Thanks for waiting, Dana. Your parcel left today.");
//! ```

use serde::Serialize;

use crate::conversation::Conversation;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::{Engine, Selection};
use crate::fix::fix_from;
use crate::line_index::{ColumnUnit, LineIndex};
use crate::located::InputError;
use crate::rules::{DocKind, LoadOptions, RuleError, Severity, load_rules};
use crate::spell::Vocabulary;

/// The version of the agent result's shape; it changes only when a field changes meaning or
/// goes away.
pub const AGENT_VERSION: u32 = 1;

/// What the agent should do with its draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing a support lead would object to: send it (the `fixed` text).
    Send,
    /// Problems to fix before sending.
    Revise,
    /// Must not be sent as it is (outside the messaging window, a placeholder left, …).
    Block,
}

impl Verdict {
    /// The verdict's name, as the JSON has it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Send => "send",
            Self::Revise => "revise",
            Self::Block => "block",
        }
    }
}

/// The severities that decide a verdict: a finding at or above `block` blocks, one at or
/// above `revise` asks for a revision. By default errors block and warnings ask for a revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// The least severity that blocks.
    pub block: Severity,
    /// The least severity that asks for a revision.
    pub revise: Severity,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            block: Severity::Error,
            revise: Severity::Warning,
        }
    }
}

impl Thresholds {
    /// The verdict on a text with `diagnostics`.
    pub fn verdict(&self, diagnostics: &[Diagnostic]) -> Verdict {
        let worst = diagnostics.iter().map(|d| d.severity).max();
        match worst {
            Some(s) if s >= self.block => Verdict::Block,
            Some(s) if s >= self.revise => Verdict::Revise,
            _ => Verdict::Send,
        }
    }
}

/// One finding in the draft, located.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgentDiagnostic {
    /// The rule id (`tone.sarcasm`).
    pub rule: String,
    /// Its category (`tone`).
    pub category: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to resolve it.
    pub help: Option<String>,
    /// Byte offsets of the span in the draft.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in the result's `column_unit`.
    pub column: usize,
    /// 1-based line of `end`.
    pub end_line: usize,
    /// 1-based column of `end`.
    pub end_column: usize,
    /// The rule's fix, when it has one: its edits are byte offsets into the draft.
    pub fix: Option<AgentFix>,
}

/// A fix of one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgentFix {
    /// `safe` (applied in `fixed`) or `unsafe` (left for the agent to decide).
    pub applicability: Applicability,
    /// What it does.
    pub title: String,
    /// Replacements of byte ranges of the draft, in order, not overlapping.
    pub edits: Vec<AgentEdit>,
}

/// One replacement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgentEdit {
    /// Start byte offset in the draft.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// What an agent gets back for one draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgentResult {
    /// [`AGENT_VERSION`].
    pub version: u32,
    /// Send, revise or block: decided on what is left in `fixed`.
    pub verdict: Verdict,
    /// The problems in a sentence or two, for an LLM to act on.
    pub summary: String,
    /// The unit of every `column` and `end_column`.
    pub column_unit: ColumnUnit,
    /// The draft's findings, in text order.
    pub diagnostics: Vec<AgentDiagnostic>,
    /// The draft with its safe fixes applied (the draft itself when there are none).
    pub fixed: String,
    /// How many fixes `fixed` applied.
    pub fixes_applied: usize,
    /// How many findings are left in `fixed`: what the verdict is about.
    pub remaining: usize,
}

/// Check `draft` with `engine`: its diagnostics, its safe fixes applied until nothing changes,
/// and the verdict on what remains.
pub fn check_draft(
    engine: &Engine,
    draft: &str,
    convo: &Conversation,
    thresholds: Thresholds,
    unit: ColumnUnit,
) -> AgentResult {
    let lint = |t: &str| engine.lint(t, DocKind::Draft, convo);
    let diagnostics = lint(draft);
    // Each text is linted once: a draft without fixes, once in all.
    let (fixed, fixes_applied, left) = fix_from(draft, diagnostics.clone(), Applicability::Safe, &mut |t| lint(t));
    let verdict = thresholds.verdict(&left);
    let index = LineIndex::new(draft);
    let located = diagnostics
        .iter()
        .map(|d| {
            let start = index.location(draft, d.span.start, unit);
            let end = index.location(draft, d.span.end, unit);
            AgentDiagnostic {
                rule: d.rule.as_str().to_owned(),
                category: d.rule.category().to_owned(),
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.clone(),
                start: d.span.start,
                end: d.span.end,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                fix: d.fix.as_ref().map(|f| AgentFix {
                    applicability: f.applicability,
                    title: f.title.clone(),
                    edits: f
                        .edits
                        .iter()
                        .map(|e| AgentEdit {
                            start: e.span.start,
                            end: e.span.end,
                            replacement: e.replacement.clone(),
                        })
                        .collect(),
                }),
            }
        })
        .collect();
    AgentResult {
        version: AGENT_VERSION,
        verdict,
        summary: summary(&diagnostics, fixes_applied, &left, verdict),
        column_unit: unit,
        diagnostics: located,
        fixed,
        fixes_applied,
        remaining: left.len(),
    }
}

/// At most this many problems are named in a summary.
const NAMED: usize = 5;

/// "2 problems: sarcasm …; the customer waited …. 1 fixed in `fixed`; revise before sending."
fn summary(found: &[Diagnostic], fixed: usize, left: &[Diagnostic], verdict: Verdict) -> String {
    if found.is_empty() {
        return "No problems found: send as written.".to_owned();
    }
    let n = found.len();
    let mut out = format!("{n} problem{}: ", if n == 1 { "" } else { "s" });
    let named: Vec<&str> = found
        .iter()
        .take(NAMED)
        .map(|d| d.message.trim_end_matches('.'))
        .collect();
    out.push_str(&named.join("; "));
    if n > NAMED {
        out.push_str(&format!("; and {} more", n - NAMED));
    }
    out.push('.');
    if fixed > 0 {
        out.push_str(&format!(
            " {fixed} fixed safely in `fixed`{}.",
            if left.is_empty() { ", nothing left" } else { "" }
        ));
    }
    out.push_str(match verdict {
        Verdict::Send => " Send the fixed text.",
        Verdict::Revise => " Revise before sending.",
        Verdict::Block => " Do not send it as it is.",
    });
    out
}

/// Rules loaded once, checking many drafts: the library API an agent's host calls.
#[derive(Clone, Debug)]
pub struct Linter {
    engine: Engine,
    thresholds: Thresholds,
    unit: ColumnUnit,
}

impl Linter {
    /// A linter over `engine`, with the default thresholds and code-point columns.
    pub fn new(engine: Engine) -> Self {
        Self {
            engine,
            thresholds: Thresholds::default(),
            unit: ColumnUnit::Codepoint,
        }
    }

    /// The built-in rules, default selection.
    pub fn builtin() -> Result<Self, Vec<RuleError>> {
        Self::load(&LoadOptions {
            builtin: true,
            lean: true,
            ..LoadOptions::default()
        })
    }

    /// The rules `options` loads (built-in packs, packs from disk or from memory), default
    /// selection. An agent can ship its own pack as a string:
    ///
    /// ```
    /// use replylint::{Conversation, LoadOptions, Linter, PackText, Verdict};
    ///
    /// let pack = r#"
    /// [[rules]]
    /// id = "house.competitor"
    /// severity = "warning"
    /// summary = "A reply names a competitor"
    /// message = "“{matched}” is a competitor; do not recommend other shops"
    ///
    /// [rules.check.phrases]
    /// phrases = ["Globex"]
    /// "#;
    /// let linter = Linter::load(&LoadOptions {
    ///     builtin: true,
    ///     lean: true,
    ///     texts: vec![PackText { origin: "house.toml".into(), text: pack.into() }],
    ///     ..LoadOptions::default()
    /// })
    /// .unwrap();
    /// let now = jiff::Timestamp::UNIX_EPOCH;
    /// let result = linter.check("Globex might still have it in stock.", &Conversation::at(now));
    /// assert_eq!(result.verdict, Verdict::Revise);
    /// assert_eq!(result.diagnostics[0].rule, "house.competitor");
    /// ```
    pub fn load(options: &LoadOptions) -> Result<Self, Vec<RuleError>> {
        let rules = load_rules(options)?;
        // The default selection names no rule, so it cannot be refused.
        let engine = Engine::new(rules, &Selection::default(), Vocabulary::default()).map_err(|e| {
            vec![RuleError {
                origin: "selection".to_owned(),
                line: 0,
                column: 0,
                rule: None,
                message: e.to_string(),
                source_line: None,
            }]
        })?;
        Ok(Self::new(engine))
    }

    /// Decide verdicts with `thresholds`.
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Self {
        self.thresholds = thresholds;
        self
    }

    /// Count columns in `unit`.
    pub fn with_column_unit(mut self, unit: ColumnUnit) -> Self {
        self.unit = unit;
        self
    }

    /// The engine, for the raw diagnostics.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The same linter under another selection (the loaded rules are shared, not reloaded).
    pub fn reselect(&self, selection: &Selection) -> Result<Self, crate::engine::SelectionError> {
        Ok(Self {
            engine: self.engine.reselect(selection)?,
            ..self.clone()
        })
    }

    /// Check one draft with what is known of its conversation.
    pub fn check(&self, draft: &str, convo: &Conversation) -> AgentResult {
        check_draft(&self.engine, draft, convo, self.thresholds, self.unit)
    }

    /// Check the draft of a JSON envelope (`draft`, `channel`, `thread`, …; see the README).
    /// `name` names it in errors.
    pub fn check_envelope(&self, name: &str, json: &str) -> Result<AgentResult, InputError> {
        let (draft, convo) = crate::input::envelope::parse(name, json)?;
        Ok(self.check(&draft, &convo))
    }
}
