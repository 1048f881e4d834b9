//! `replylint.toml` / `.replylint.toml`: discovery upward from the linted path, and the raw
//! `Options` (every field optional, unknown keys rejected) that the CLI merges into settings.
//!
//! ```toml
//! select = ["tone", "spelling"]
//! ignore = ["style.double-space"]
//! fail-on = "warning"
//! rule-paths = ["rules/acme.toml"]     # relative to this file
//! builtin-rules = true
//! baseline = "replylint-baseline.json"  # findings not reported (`replylint baseline` writes it)
//!
//! [rules."length.sentence"]
//! severity = "error"                   # or enabled = false
//!
//! [spelling]
//! accept = ["Acme", "SuperWidget"]
//! reject = ["irregardless"]
//! vocabulary = ["words.txt"]            # one word per line, relative to this file
//! dialect = "gb"                        # any (default), us, gb
//!
//! [input]
//! extensions = ["txt", "md"]
//! max-document-size = "64MiB"           # larger files are refused (exit 2), others still linted
//! max-thread-messages = 100000          # longer envelope threads are refused
//! id-field = "id"                       # a generic export's record id field (or CSV column)
//! text-field = "text"                   # … and the field holding the reply
//! max-records = 1000000                 # larger exports are refused (exit 2)
//!
//! [defaults]                            # for drafts and templates without an envelope
//! channel = "messenger"
//! visibility = "private"                # or "public": replies everyone can read
//!
//! [channels.chat]                       # per-channel settings; each replaces the packs' default
//! wait-minutes = 10                     # acknowledge a wait longer than this (chat: 15)
//! [channels.x]
//! public-wait-minutes = 120             # public replies (default 180)
//! post-limit = 4000                     # characters a public post holds (X: 280)
//!
//! [[overrides]]                         # refine the above for some inputs; later ones win
//! paths = ["macros/legacy/**", "*.csv"] # globs relative to this file (no `/`: at any depth)
//! records = ["T-1*"]                    # and/or record ids (or globs of them) inside exports
//! select = ["style"]                    # switched on here
//! ignore = ["tone.sarcasm"]             # switched off here
//! channel = "email"                     # [defaults] channel and visibility here
//! visibility = "public"
//! [overrides.rules."length.sentence"]
//! severity = "info"                     # or enabled = false
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::line_index::{ColumnUnit, LineIndex};
use crate::located::ConfigError;
use crate::rules::Severity;
use crate::spell::Dialect;

/// The names a config file may have, in the order they are looked for.
pub const CONFIG_NAMES: [&str; 2] = ["replylint.toml", ".replylint.toml"];

/// Raw options from a config file.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Options {
    /// Rule ids or categories to enable.
    pub select: Option<Vec<String>>,
    /// Rule ids or categories to disable.
    pub ignore: Option<Vec<String>>,
    /// The lowest severity that fails the run.
    pub fail_on: Option<Severity>,
    /// Extra rule packs, relative to the config file.
    pub rule_paths: Option<Vec<PathBuf>>,
    /// Whether to load the built-in packs.
    pub builtin_rules: Option<bool>,
    /// A baseline file (relative to the config file) whose findings are not reported.
    pub baseline: Option<PathBuf>,
    /// Per-rule settings.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleOptions>,
    /// Spelling vocabulary.
    #[serde(default)]
    pub spelling: SpellingOptions,
    /// Which files to read.
    #[serde(default)]
    pub input: InputOptions,
    /// Conversation defaults for inputs without an envelope.
    #[serde(default)]
    pub defaults: DefaultsOptions,
    /// Per-channel settings, `[channels.<name>]`.
    #[serde(default)]
    pub channels: BTreeMap<String, ChannelOptions>,
    /// `[[overrides]]`: refinements for some paths or records, in order.
    #[serde(default)]
    pub overrides: Vec<OverrideOptions>,
}

/// `[[overrides]]`: settings for the inputs whose path (relative to the config file) matches
/// one of `paths` and whose record id matches one of `records`; an absent list matches all.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OverrideOptions {
    /// Glob patterns of paths, relative to the config file.
    pub paths: Option<Vec<String>>,
    /// Record ids, or glob patterns of them.
    pub records: Option<Vec<String>>,
    /// Rule ids or categories switched on.
    pub select: Option<Vec<String>>,
    /// Rule ids or categories switched off.
    pub ignore: Option<Vec<String>>,
    /// Per-rule settings.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleOptions>,
    /// Channel of the matching inputs without an envelope.
    pub channel: Option<String>,
    /// Visibility of the matching inputs without an envelope.
    pub visibility: Option<String>,
}

/// `[channels.<name>]`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ChannelOptions {
    /// Minutes before a private reply should acknowledge the wait.
    pub wait_minutes: Option<u32>,
    /// Minutes before a public reply should acknowledge the wait.
    pub public_wait_minutes: Option<u32>,
    /// Characters a public post holds.
    pub post_limit: Option<usize>,
}

/// `[rules."<id>"]`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RuleOptions {
    /// Severity override.
    pub severity: Option<Severity>,
    /// On/off override.
    pub enabled: Option<bool>,
}

/// `[spelling]`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SpellingOptions {
    /// Words to accept (brand and product names).
    #[serde(default)]
    pub accept: Vec<String>,
    /// Words to always flag.
    #[serde(default)]
    pub reject: Vec<String>,
    /// Word-list files, one word per line, relative to the config file.
    #[serde(default)]
    pub vocabulary: Vec<PathBuf>,
    /// Preferred dialect.
    pub dialect: Option<Dialect>,
}

/// `[input]`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct InputOptions {
    /// File extensions linted when walking directories.
    pub extensions: Option<Vec<String>>,
    /// The largest document read, in bytes or with a unit (`"64MiB"`).
    pub max_document_size: Option<ByteSize>,
    /// The most messages an envelope's thread may hold.
    pub max_thread_messages: Option<usize>,
    /// The field (or CSV column) that holds a record's id in a generic export (`id`).
    pub id_field: Option<String>,
    /// The field (or CSV column) that holds a record's text in a generic export (`text`).
    pub text_field: Option<String>,
    /// The most records one export file may hold (1,000,000).
    pub max_records: Option<usize>,
}

/// A size in bytes, written as a number of bytes or with a unit: `1048576`, `"512KiB"`,
/// `"64MiB"`, `"1GiB"` (`KB`, `MB`, `GB` are 1000-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bytes(u64),
            Text(String),
        }
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom("expected a size: a number of bytes, or a string such as \"64MiB\"")
        })? {
            Raw::Bytes(n) => Ok(Self(n)),
            Raw::Text(t) => parse_size(&t).map(Self).map_err(serde::de::Error::custom),
        }
    }
}

/// Parse a size such as `1048576`, `512KiB`, `64MiB`, `1GiB`, `10MB`; at least one byte.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => {
            return Err(format!(
                "`{text}` is not a size; write bytes, or a number with KiB, MiB or GiB"
            ));
        }
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size; write bytes, or a number with KiB, MiB or GiB"))?;
    match n.checked_mul(scale) {
        Some(0) => Err("a size must be at least 1 byte".to_owned()),
        Some(v) => Ok(v),
        None => Err(format!("`{text}` is too large")),
    }
}

/// `[defaults]`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DefaultsOptions {
    /// Channel of drafts and templates without an envelope.
    pub channel: Option<String>,
    /// Author of drafts and templates without an envelope.
    pub author: Option<String>,
    /// Purpose of drafts and templates without an envelope.
    pub purpose: Option<String>,
    /// Visibility of drafts and templates without an envelope: `private` or `public`.
    pub visibility: Option<String>,
    /// Language of the texts (ISO 639-1), instead of detecting it.
    pub language: Option<String>,
}

/// A config file found and parsed.
#[derive(Debug)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// What it says.
    pub options: Options,
}

impl Config {
    /// An error about this config file as a whole (no line and column).
    pub fn error(&self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: self.path.clone(),
            location: None,
            message: message.into(),
        }
    }

    /// Resolve a path written in the config file.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.path.parent().unwrap_or(Path::new(".")).join(p)
        }
    }
}

/// Find the nearest config file at or above `start` (a file's directory, or a directory).
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let abs = std::fs::canonicalize(&start).unwrap_or(start);
    abs.ancestors()
        .flat_map(|dir| CONFIG_NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Read and parse a config file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let err = |location, message: String| ConfigError {
        path: path.to_path_buf(),
        location,
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        err(
            None,
            format!("cannot read the config file: {}", crate::located::io_reason(&e)),
        )
    })?;
    let options: Options = toml::from_str(&text).map_err(|e| {
        let location = e.span().map(|s| {
            let loc = LineIndex::new(&text).location(&text, s.start, ColumnUnit::Codepoint);
            (loc.line, loc.column)
        });
        err(
            location,
            crate::located::in_user_words_at(&text, e.span().as_ref(), e.message()),
        )
    })?;
    Ok(Config {
        path: path.to_path_buf(),
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::{load, parse_size};

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_size("1048576"), Ok(1_048_576));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("64 mib"), Ok(64 << 20));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("-5").is_err());
        assert!(parse_size("99999999999GiB").is_err());
    }

    #[test]
    fn unknown_keys_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("replylint.toml");
        std::fs::write(&p, "select = [\"tone\"]\nfail_on = \"warning\"\n").unwrap();
        let e = load(&p).unwrap_err();
        assert_eq!(e.location.map(|l| l.0), Some(2));
        assert!(e.message.contains("fail_on"), "{}", e.message);
    }
}
