//! The serde types of a rule pack file. No logic: `load` validates and compiles them.
//!
//! Keys are kebab-case. Every table denies unknown keys, so a typo is an error at its line.
//!
//! The same types read the built-in packs' compact form (MessagePack, written by `build.rs`),
//! which carries no text and so no spans: see [`At`].

use serde::Deserialize;

pub(crate) use crate::spec::At;

pub(crate) use crate::checks::{CheckDef, KINDS};
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
    pub(crate) id: At<String>,
    /// Former ids of a renamed rule: selections and settings that name them keep working.
    #[serde(default)]
    pub(crate) aliases: Vec<At<String>>,
    pub(crate) severity: Severity,
    pub(crate) summary: String,
    pub(crate) message: At<String>,
    #[serde(default)]
    pub(crate) help: Option<String>,
    #[serde(default)]
    pub(crate) docs: String,
    #[serde(default = "default_true")]
    pub(crate) default: bool,
    #[serde(default)]
    pub(crate) etiquette: Option<At<u8>>,
    #[serde(default)]
    pub(crate) applies_to: Vec<DocKind>,
    #[serde(default)]
    pub(crate) channels: Vec<At<String>>,
    #[serde(default)]
    pub(crate) authors: Vec<At<String>>,
    #[serde(default)]
    pub(crate) purposes: Vec<At<String>>,
    #[serde(default)]
    pub(crate) visibility: Vec<At<String>>,
    #[serde(default)]
    pub(crate) position: Vec<At<String>>,
    #[serde(default)]
    pub(crate) languages: Vec<String>,
    #[serde(default)]
    pub(crate) from: Option<At<String>>,
    #[serde(default)]
    pub(crate) until: Option<At<String>>,
    #[serde(default)]
    pub(crate) examples: ExamplesDef,
    pub(crate) check: At<CheckDef>,
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
