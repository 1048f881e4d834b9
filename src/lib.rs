//! replylint: a fast, rule-driven linter for the replies a business sends its customers.
//!
//! The engine is a library: load rules once ([`load_rules`]), build an [`Engine`], and call
//! [`Engine::lint`] for every draft or template, with what is known of its [`Conversation`].
//! An agent's host uses [`Linter`]: one call per draft, a [`Verdict`] (send, revise, block),
//! the located findings and the draft with its safe fixes applied ([`AgentResult`]).
//! Positions are byte [`Span`]s; line and column are computed at the edge by [`LineIndex`].
//! The `replylint` command line is built on this public API alone: it is a module of the
//! binary, not of this library, so the compiler holds it to that.
//!
//! ```
//! use replylint::{Conversation, DocKind, Engine, LoadOptions, Selection, Vocabulary, load_rules};
//!
//! let rules = load_rules(&LoadOptions { builtin: true, ..LoadOptions::default() }).unwrap();
//! let engine = Engine::new(rules, &Selection::default(), Vocabulary::default()).unwrap();
//! let diagnostics = engine.lint("Yeah, right. The courier tried to deliver it.", DocKind::Draft, &Conversation::now());
//! assert!(diagnostics.iter().any(|d| d.rule.as_str() == "tone.sarcasm"));
//! ```
#![warn(missing_docs)]

mod agent;
mod checks;
pub mod config;
mod conversation;
mod diagnostic;
mod document;
pub mod emit;
mod engine;
pub mod error;
mod fix;
pub mod input;
mod lang;
mod line_index;
mod located;
mod matcher;
mod placeholder;
mod position;
mod rules;
mod segment;
mod signature;
mod similar;
mod snippet;
mod span;
mod spec;
mod spell;

pub use agent::{
    AGENT_VERSION, AgentDiagnostic, AgentEdit, AgentFix, AgentResult, Linter, Thresholds, Verdict, check_draft,
};
pub use conversation::{Author, CHANNELS, ChannelSettings, Conversation, Message, Purpose, Role, Visibility};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix};
pub use document::Document;
pub use engine::{Engine, Selection, SelectionError};
pub use fix::{MAX_PASSES, apply_fixes, fix_until_stable, select_fixes};
pub use line_index::{ColumnUnit, LineIndex, Location};
pub use placeholder::{Placeholder, find_all as find_placeholders};
pub use position::{Part, Position};
pub use rules::{
    CATEGORIES, DocKind, Examples, LoadOptions, PackText, Rule, RuleError, RuleId, RuleSet, RuleSource, Severity,
    load_rules, render_markdown as render_rules_markdown,
};
pub use span::Span;
pub use spell::{Dialect, Vocabulary};
