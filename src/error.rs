//! Errors of a run, typed and located, and how they map to exit codes.

use crate::rules::RuleError;
use crate::snippet::Snippet;

pub use crate::located::{ConfigError, InputError, io_reason};

/// Anything that stops a run before linting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Rule packs that cannot be loaded.
    #[error("{}", render_rule_errors(.0))]
    Rules(Vec<RuleError>),
    /// A bad configuration file.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A bad `--select`, `--ignore` or per-rule setting.
    #[error(transparent)]
    Selection(#[from] crate::engine::SelectionError),
    /// A usage problem the argument parser cannot see.
    #[error("{0}")]
    Usage(String),
    /// Writing output failed.
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

fn render_rule_errors(errors: &[RuleError]) -> String {
    let mut out = match errors.len() {
        1 => "invalid rule pack".to_owned(),
        n => format!("invalid rule packs: {n} errors"),
    };
    for e in errors {
        out.push_str("\n  ");
        out.push_str(&e.to_string());
        if let Some(line) = &e.source_line {
            // The column counts characters; the snippet wants a byte offset.
            let at = line
                .char_indices()
                .nth(e.column.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i);
            let snippet = Snippet::new(line, at, at);
            out.push_str(&format!("\n    | {}\n    | {}^", snippet.text, " ".repeat(snippet.pad)));
        }
    }
    out
}

/// How a run ended, as the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Nothing at or above `--fail-on`.
    Clean = 0,
    /// Findings at or above `--fail-on`.
    Findings = 1,
    /// A usage, configuration, rule or input error.
    Error = 2,
}
