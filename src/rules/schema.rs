//! The serde types of a rule pack file. No logic: `load` validates and compiles them.
//!
//! Keys are kebab-case. Every table denies unknown keys, so a typo is an error at its line.

use serde::Deserialize;

pub(crate) use crate::checks::{CheckSpec, KINDS};
use crate::rules::{DocKind, Severity};

/// A pack file: `[[rules]]` tables and an optional description.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct PackFile {
    #[serde(default)]
    #[allow(dead_code)] // shown to readers of the file
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) rules: Vec<RuleDef>,
}

/// One `[[rules]]` table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RuleDef {
    pub(crate) id: toml::Spanned<String>,
    /// Former ids of a renamed rule: selections and settings that name them keep working.
    #[serde(default)]
    pub(crate) aliases: Vec<toml::Spanned<String>>,
    pub(crate) severity: Severity,
    pub(crate) summary: String,
    pub(crate) message: toml::Spanned<String>,
    #[serde(default)]
    pub(crate) help: Option<String>,
    #[serde(default)]
    pub(crate) docs: String,
    #[serde(default = "default_true")]
    pub(crate) default: bool,
    #[serde(default)]
    pub(crate) etiquette: Option<toml::Spanned<u8>>,
    #[serde(default)]
    pub(crate) applies_to: Vec<DocKind>,
    #[serde(default)]
    pub(crate) channels: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) authors: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) purposes: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) visibility: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) position: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) languages: Vec<String>,
    #[serde(default)]
    pub(crate) from: Option<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) until: Option<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) examples: ExamplesDef,
    pub(crate) check: toml::Spanned<CheckSpec>,
}

fn default_true() -> bool {
    true
}

/// `examples.bad`, `examples.good`, `examples.fixes`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct ExamplesDef {
    #[serde(default)]
    pub(crate) bad: Vec<String>,
    #[serde(default)]
    pub(crate) good: Vec<String>,
    #[serde(default)]
    pub(crate) fixes: Vec<FixExample>,
}

/// A before/after pair.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct FixExample {
    pub(crate) before: String,
    pub(crate) after: String,
}
