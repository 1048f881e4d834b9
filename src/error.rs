//! Errors of a run, typed and located, and how they map to exit codes.

use std::fmt;
use std::path::PathBuf;

use crate::rules::RuleError;
use crate::snippet::Snippet;

/// An input that could not be read or understood; the run goes on with the other inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The input: a path, or `-` for stdin.
    pub path: String,
    /// 1-based line, when the problem has a place.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// What is wrong, and what to do.
    pub message: String,
}

impl InputError {
    /// The same error, reported under another name (stdin's `--stdin-filename`).
    #[must_use]
    pub fn renamed(mut self, name: &str) -> Self {
        name.clone_into(&mut self.path);
        self
    }

    /// An error without a place inside the input.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error at a line and column.
    pub fn at(path: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// A configuration file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

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
