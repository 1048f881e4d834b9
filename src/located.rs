//! Located errors in what the user gave: an input (`InputError`) or a config file
//! (`ConfigError`) that cannot be read or understood, and the helpers that put serde's, TOML's
//! and the OS's messages in the user's words. Below everything that reads input, so that each
//! reader can report one; the run's own error type is in [`crate::error`].

use std::fmt;
use std::path::PathBuf;

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

/// A serde or TOML message in the words of the file's author. serde speaks of "fields",
/// "variants", "sequences" and `usize`; a pack or config author wrote keys, values, lists and
/// numbers. `key` is the key whose value is at fault, when known (`phrases[]` for an item of the
/// list `phrases`); `value` is that value's text in the file. Unknown keys and values get a
/// did-you-mean. A message of another shape is returned unchanged (on one line).
///
/// ```text
/// unknown field `sevrity`, expected one of `id`, `severity`, …  ->  unknown key `sevrity` (did you mean `severity`?)
/// invalid type: string "10", expected usize                     ->  `max` must be a whole number (0 or more); it is the string "10"
/// ```
pub(crate) fn in_user_words(message: &str, key: Option<&str>, value: Option<&str>) -> String {
    let message = message.trim().replace('\n', " ");
    // `phrases[]`: the value is an item of the list `phrases`.
    let (key, subject) = match key {
        Some(k) => match k.strip_suffix("[]") {
            Some(list) => (Some(list), Some(format!("each item of `{list}`"))),
            None => (Some(k), Some(format!("`{k}`"))),
        },
        None => (None, None),
    };
    let quoted = ticked(&message);
    let expected = |after: &str| -> Vec<&str> {
        message
            .split_once(after)
            .map(|(_, rest)| ticked(rest))
            .unwrap_or_default()
    };
    let listed = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let near = |input: &str, names: &[&str]| {
        crate::similar::closest(input, names.iter().copied(), 1)
            .into_iter()
            .next()
            .map(|n| format!(" (did you mean `{n}`?)"))
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let Some(&got) = quoted.first() else { return message };
        let names = if rest.contains("there are no fields") {
            Vec::new()
        } else {
            expected(", expected ")
        };
        return match near(got, &names) {
            Some(hint) => format!("unknown key `{got}`{hint}"),
            None if names.is_empty() => format!("unknown key `{got}`; this table takes no keys"),
            None => format!("unknown key `{got}`; expected one of {}", listed(&names)),
        };
    }
    if message.starts_with("unknown variant ") {
        let Some(&got) = quoted.first() else { return message };
        let names = expected(", expected ");
        let what = key.map_or_else(
            || format!("unknown value `{got}`"),
            |k| format!("`{got}` is not a valid value for `{k}`"),
        );
        return match near(got, &names) {
            Some(hint) => format!("{what}{hint}"),
            None => format!("{what}; expected one of {}", listed(&names)),
        };
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("missing key {field}");
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some((found, wanted)) = message.strip_prefix(prefix).and_then(|r| r.rsplit_once(", expected ")) {
            let found = found_in_words(found, value);
            let wanted = wanted_in_words(wanted);
            return match &subject {
                Some(k) => format!("{k} must be {wanted}; it is {found}"),
                None => format!("expected {wanted}; found {found}"),
            };
        }
    }
    if message == "wanted string or table" {
        let found = value.map(|v| format!("; it is {v}")).unwrap_or_default();
        return match &subject {
            Some(k) => format!("{k} must be a string naming one of its values{found}"),
            None => format!("expected a string naming one of the allowed values{found}"),
        };
    }
    if message.starts_with("wanted exactly 1 element") {
        return match &subject {
            Some(k) => format!("{k} must hold exactly one key, the choice it names"),
            None => "this table must hold exactly one key, the choice it names".to_owned(),
        };
    }
    message
}

/// `in_user_words` for an error at `span` of a TOML `source`: the key and the value's text are
/// read from the source. For rule packs and config files alike.
pub(crate) fn in_user_words_at(source: &str, span: Option<&std::ops::Range<usize>>, message: &str) -> String {
    let key = span.and_then(|s| key_before(source, s.start));
    let value = span
        .and_then(|s| source.get(s.clone()))
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.contains('\n'));
    in_user_words(message, key.as_deref(), value)
}

/// The key of the `key = value` whose value starts at `offset`, read from its line: `max` in
/// `max = "10"`, `max` in `{ unit = "words", max = -1 }`. A value inside a list gets `[]` after
/// the key: `phrases[]` in `phrases = ["a", 1]`.
pub(crate) fn key_before(source: &str, offset: usize) -> Option<String> {
    let line = source.get(..offset)?.rsplit('\n').next()?;
    let (lhs, rhs) = line.rsplit_once('=')?;
    let item = if rhs.contains('[') { "[]" } else { "" };
    let key = lhs
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '{' | ',' | '.'))
        .next()?
        .trim_matches(|c| c == '"' || c == '\'');
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plain.then(|| format!("{key}{item}"))
}

/// The texts between pairs of backticks.
fn ticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// serde's `Unexpected` ("string \"10\"", "integer `300`", "sequence"), as the file's author sees it.
fn found_in_words(found: &str, value: Option<&str>) -> String {
    let number = |s: &str| s.trim_matches('`').to_owned();
    if let Some(s) = found.strip_prefix("string ") {
        format!("the string {s}")
    } else if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        number(n)
    } else if let Some(b) = found.strip_prefix("boolean ") {
        number(b)
    } else {
        match found {
            "sequence" => "a list".to_owned(),
            "map" => "a table".to_owned(),
            // TOML hands a plain string to an enum as a unit variant.
            "unit variant" => value.map_or_else(|| "a string".to_owned(), |v| format!("the string {v}")),
            other => other.to_owned(),
        }
    }
}

/// serde's `Expected` ("usize", "a sequence"), as the file's author sees it.
fn wanted_in_words(wanted: &str) -> String {
    match wanted {
        "a sequence" => "a list",
        "a boolean" => "true or false",
        "usize" | "u16" | "u32" | "u64" => "a whole number (0 or more)",
        "u8" => "a whole number from 0 to 255",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a map" => "a table",
        "newtype variant" => "a table naming one choice",
        other if other.starts_with("struct ") => "a table",
        other => other,
    }
    .to_owned()
}

/// Why an I/O operation failed, in plain words and without the OS error number:
/// "no such file or directory", "a part of the path is not a directory".
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::NotADirectory => "a part of the path is a file, not a directory".to_owned(),
        ErrorKind::IsADirectory => "is a directory, not a file".to_owned(),
        _ => {
            let text = e.to_string();
            let plain = text.split(" (os error").next().unwrap_or(&text).to_owned();
            let mut chars = plain.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or(plain)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{in_user_words, key_before};

    #[test]
    fn the_key_of_a_value_is_read_from_its_line() {
        let at = |source: &str, value: &str| key_before(source, source.find(value).unwrap());
        assert_eq!(at("max = \"10\"", "\"10"), Some("max".to_owned()));
        assert_eq!(at("a = 1\nphrases = [\"a\", 1]", "1]"), Some("phrases[]".to_owned()));
        assert_eq!(
            at("check.length = { unit = \"words\", max = -1 }", "-1"),
            Some("max".to_owned())
        );
        assert_eq!(at("\"quoted-key\" = 3", "3"), Some("quoted-key".to_owned()));
        assert_eq!(at("phrases = [\"a=b\", 1]", "1]"), None, "an `=` inside a string");
        assert_eq!(at("[rules.check.phrasez]", "phrasez"), None);
    }

    #[test]
    fn serde_messages_in_the_authors_words() {
        for (message, key, value, words) in [
            (
                "unknown field `sevrity`, expected one of `id`, `severity`, `summary`",
                None,
                None,
                "unknown key `sevrity` (did you mean `severity`?)",
            ),
            (
                "unknown field `zzz`, expected `severity` or `enabled`",
                None,
                None,
                "unknown key `zzz`; expected one of `severity`, `enabled`",
            ),
            (
                "unknown field `zzz`, there are no fields",
                None,
                None,
                "unknown key `zzz`; this table takes no keys",
            ),
            (
                "unknown variant `warn`, expected one of `info`, `warning`, `error`",
                Some("severity"),
                None,
                "`warn` is not a valid value for `severity` (did you mean `warning`?)",
            ),
            (
                "unknown variant `loud`, expected one of `info`, `warning`, `error`",
                None,
                None,
                "unknown value `loud`; expected one of `info`, `warning`, `error`",
            ),
            (
                "invalid type: string \"10\", expected usize",
                Some("max"),
                Some("\"10\""),
                "`max` must be a whole number (0 or more); it is the string \"10\"",
            ),
            (
                "invalid value: integer `300`, expected u8",
                Some("etiquette"),
                None,
                "`etiquette` must be a whole number from 0 to 255; it is 300",
            ),
            (
                "invalid type: string \"sms\", expected a sequence",
                Some("channels"),
                None,
                "`channels` must be a list; it is the string \"sms\"",
            ),
            (
                "invalid type: integer `1`, expected a boolean",
                None,
                None,
                "expected true or false; found 1",
            ),
            ("missing field `unit`", None, None, "missing key `unit`"),
            (
                "invalid type: integer `1`, expected a string",
                Some("phrases[]"),
                None,
                "each item of `phrases` must be a string; it is 1",
            ),
            (
                "unknown variant `drafts`, expected `draft` or `template`",
                Some("applies-to[]"),
                None,
                "`drafts` is not a valid value for `applies-to` (did you mean `draft`?)",
            ),
            (
                "wanted string or table",
                Some("severity"),
                Some("3"),
                "`severity` must be a string naming one of its values; it is 3",
            ),
            (
                "unclosed table, expected `]`",
                None,
                None,
                "unclosed table, expected `]`",
            ),
        ] {
            assert_eq!(in_user_words(message, key, value), words, "{message}");
        }
    }
}
