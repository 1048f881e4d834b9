//! Baselines: today's findings as fingerprints, so that a legacy library can adopt replylint and
//! fail only on what is new (issue 13).
//!
//! `replylint baseline` writes `replylint-baseline.json`; `check --baseline FILE` (or
//! `baseline = "FILE"` in `replylint.toml`) drops every finding the file holds and counts it as
//! baselined. A fingerprint is the rule id, the path (relative to the baseline file), the record
//! id inside an export, and hashes of the flagged text and of its sentence, whitespace
//! collapsed. It holds no line number or offset, so a finding keeps its fingerprint when lines
//! move or records are reordered; two identical findings in one document are two entries, and
//! each entry absorbs one finding.
//!
//! ```json
//! {"version":1,"findings":[{"rule":"tone.sarcasm","path":"replies/late.txt","text":"…","context":"…"}]}
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use replylint::Diagnostic;
use replylint::emit::Origin;
use replylint::error::{ConfigError, Error};

use super::pipeline::{Job, Source};

/// The file `replylint baseline` writes when `--output` does not name one.
pub(crate) const BASELINE_NAME: &str = "replylint-baseline.json";

/// The format version written, and the only one read.
const VERSION: u32 = 1;

/// One baselined finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    /// The rule id.
    rule: String,
    /// The file, relative to the baseline's directory, with `/` separators.
    path: String,
    /// The record inside an export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<String>,
    /// Hash of the flagged text.
    text: String,
    /// Hash of the sentence (or line) holding it.
    context: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// Computes fingerprints relative to one directory, resolving each document's path once.
pub(crate) struct Fingerprinter {
    /// The baseline file's directory, canonical when it exists.
    dir: PathBuf,
    paths: HashMap<String, String>,
}

impl Fingerprinter {
    /// Fingerprints for a baseline file at `file`.
    pub(crate) fn new(file: &Path) -> Self {
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Self {
            dir: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
            paths: HashMap::new(),
        }
    }

    /// The fingerprint of `d`, a diagnostic of the document `text` from `origin`.
    pub(crate) fn entry(&mut self, origin: &Origin, text: &str, d: &Diagnostic) -> Entry {
        let dir = &self.dir;
        let path = self
            .paths
            .entry(origin.path.clone())
            .or_insert_with(|| relative(dir, &origin.path))
            .clone();
        let flagged = text.get(d.span.start..d.span.end).unwrap_or("");
        Entry {
            rule: d.rule.as_str().to_owned(),
            path,
            record: origin.record.clone(),
            text: hash(&normalise(flagged)),
            context: hash(&normalise(context(text, d.span.start, d.span.end))),
        }
    }
}

/// `path` relative to `dir` (with `..` where it lies outside it), with `/` separators; as given
/// when it does not exist (standard input).
fn relative(dir: &Path, path: &str) -> String {
    let Ok(abs) = std::fs::canonicalize(path) else {
        return path.replace('\\', "/");
    };
    let (mut a, mut d) = (abs.components().peekable(), dir.components().peekable());
    while let (Some(x), Some(y)) = (a.peek(), d.peek()) {
        if x != y {
            break;
        }
        a.next();
        d.next();
    }
    let parts: Vec<String> = d
        .map(|_| "..".to_owned())
        .chain(a.map(|c| c.as_os_str().to_string_lossy().into_owned()))
        .collect();
    parts.join("/")
}

/// The sentence (or line) around `start..end`: from after the last sentence end or line break
/// before `start` to the first one at or after `end`.
fn context(text: &str, start: usize, end: usize) -> &str {
    let end = end.clamp(start, text.len());
    let before = text.get(..start).unwrap_or("");
    let from = before
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            c == '\n'
                || (is_stop(c)
                    && before
                        .get(i + c.len_utf8()..)
                        .is_some_and(|r| r.starts_with(char::is_whitespace)))
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let after = text.get(end..).unwrap_or("");
    let to = after
        .char_indices()
        .find(|&(_, c)| c == '\n' || is_stop(c))
        .map_or(text.len(), |(i, c)| end + i + c.len_utf8());
    text.get(from..to).unwrap_or("").trim()
}

fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// Whitespace runs collapsed to one space, ends trimmed.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stable 64-bit hash (FNV-1a) in hex: the same on every platform and Rust version, unlike
/// `std`'s hasher, so a baseline written on one machine matches on another.
fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A loaded baseline: how many findings of each fingerprint it still absorbs.
pub(crate) struct Baseline {
    fingerprints: Fingerprinter,
    remaining: BTreeMap<Entry, usize>,
}

impl Baseline {
    /// Read a baseline file; a missing or malformed file is an error naming it.
    pub(crate) fn load(path: &Path) -> Result<Self, Error> {
        let err = |location, message: String| ConfigError {
            path: path.to_path_buf(),
            location,
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            err(
                None,
                format!(
                    "cannot read the baseline file: {}; run `replylint baseline` to write one",
                    replylint::error::io_reason(&e)
                ),
            )
        })?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            // serde_json ends its message with the location, which the error shows up front.
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            err(
                Some((e.line(), e.column().max(1))),
                format!("not a replylint baseline: {message}; run `replylint baseline` to write it anew"),
            )
        })?;
        if file.version != VERSION {
            return Err(err(
                None,
                format!(
                    "baseline version {} is not supported (this replylint reads version {VERSION}); run `replylint baseline` to write it anew",
                    file.version
                ),
            )
            .into());
        }
        let mut remaining = BTreeMap::new();
        for e in file.findings {
            *remaining.entry(e).or_insert(0) += 1;
        }
        Ok(Self {
            fingerprints: Fingerprinter::new(path),
            remaining,
        })
    }

    /// Drop the diagnostics the baseline holds (each entry absorbs one); return how many.
    pub(crate) fn filter(&mut self, origin: &Origin, text: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let entry = self.fingerprints.entry(origin, text, d);
            match self.remaining.get_mut(&entry) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.len()
    }
}

/// A baseline being recorded by `replylint baseline`.
pub(crate) struct Recorder {
    /// Where it is written.
    pub(crate) path: PathBuf,
    fingerprints: Fingerprinter,
    entries: Vec<Entry>,
}

impl Recorder {
    /// Record fingerprints for a file to be written at `path`.
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            fingerprints: Fingerprinter::new(&path),
            path,
            entries: Vec::new(),
        }
    }

    /// Record the diagnostics of one document (or section of one).
    pub(crate) fn record(&mut self, origin: &Origin, text: &str, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            let e = self.fingerprints.entry(origin, text, d);
            self.entries.push(e);
        }
    }

    /// Write the file, sorted, one entry per line; return how many entries it holds.
    pub(crate) fn write(mut self) -> Result<usize, Error> {
        self.entries.sort();
        let mut out = Vec::new();
        writeln!(out, "{{\"version\": {VERSION}, \"findings\": [")?;
        for (i, e) in self.entries.iter().enumerate() {
            let sep = if i + 1 == self.entries.len() { "" } else { "," };
            let line = serde_json::to_string(e).map_err(std::io::Error::from)?;
            writeln!(out, "  {line}{sep}")?;
        }
        writeln!(out, "]}}")?;
        std::fs::write(&self.path, out).map_err(|e| ConfigError {
            path: self.path.clone(),
            location: None,
            message: format!("cannot write the baseline file: {}", replylint::error::io_reason(&e)),
        })?;
        Ok(self.entries.len())
    }
}

/// What a run does with its findings before they are counted and emitted.
pub(crate) enum Gate {
    /// Report everything.
    Off,
    /// Drop what a baseline holds: `--baseline` for every input, else each input's config
    /// file's `baseline`.
    Filter {
        /// `--baseline`.
        all: Option<Baseline>,
        /// The baseline file of each input with one, by the path its reports carry.
        by_origin: HashMap<String, PathBuf>,
        /// Each baseline file named by a config, loaded once.
        loaded: BTreeMap<PathBuf, Baseline>,
    },
    /// `replylint baseline`: record everything, report nothing.
    Record(Recorder),
}

impl Gate {
    /// The gate of a `check` run over `jobs`: load every baseline it names, so that a missing
    /// or malformed one stops the run before any output.
    pub(crate) fn for_check(cli: Option<&Path>, jobs: &[Job], stdin_name: &str) -> Result<Self, Error> {
        if let Some(path) = cli {
            return Ok(Self::Filter {
                all: Some(Baseline::load(path)?),
                by_origin: HashMap::new(),
                loaded: BTreeMap::new(),
            });
        }
        let mut by_origin = HashMap::new();
        let mut loaded = BTreeMap::new();
        for job in jobs {
            let Some(path) = &job.settings.baseline else { continue };
            if !loaded.contains_key(path) {
                loaded.insert(path.clone(), Baseline::load(path)?);
            }
            by_origin.insert(origin_path(&job.source, stdin_name), path.clone());
        }
        Ok(if loaded.is_empty() {
            Self::Off
        } else {
            Self::Filter {
                all: None,
                by_origin,
                loaded,
            }
        })
    }

    /// The gate of a `baseline` run: the file is `output`, else the first input's config's
    /// `baseline`, else `replylint-baseline.json` next to that config, else in the working
    /// directory.
    pub(crate) fn for_record(output: Option<&Path>, jobs: &[Job]) -> Self {
        let settings = jobs.first().map(|j| &j.settings);
        let path = output.map_or_else(
            || {
                settings
                    .and_then(|s| {
                        s.baseline.clone().or_else(|| {
                            s.config
                                .as_ref()
                                .map(|c| c.parent().unwrap_or(Path::new("")).join(BASELINE_NAME))
                        })
                    })
                    .unwrap_or_else(|| PathBuf::from(BASELINE_NAME))
            },
            Path::to_path_buf,
        );
        Self::Record(Recorder::new(path))
    }

    /// Whether this run records a baseline instead of reporting.
    pub(crate) fn is_recording(&self) -> bool {
        matches!(self, Self::Record(_))
    }

    /// Take the diagnostics of one document (or section of one) from `origin` with the linted
    /// `text` that the gate holds back; return how many.
    pub(crate) fn apply(&mut self, origin: &Origin, text: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        match self {
            Self::Off => 0,
            Self::Filter { all, by_origin, loaded } => {
                let baseline = match all {
                    Some(b) => Some(b),
                    None => by_origin.get(&origin.path).and_then(|p| loaded.get_mut(p)),
                };
                baseline.map_or(0, |b| b.filter(origin, text, diagnostics))
            }
            Self::Record(r) => {
                r.record(origin, text, diagnostics);
                let n = diagnostics.len();
                diagnostics.clear();
                n
            }
        }
    }
}

/// The path the reports of a job's input carry (as `pipeline` names it).
fn origin_path(source: &Source, stdin_name: &str) -> String {
    match source {
        Source::Stdin => stdin_name.to_owned(),
        Source::Envelope(p) if p.as_os_str() == "-" => stdin_name.to_owned(),
        Source::Envelope(p) | Source::File(p) => p.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{context, hash, normalise};

    #[test]
    fn context_is_the_sentence_around_the_span() {
        let t = "Hi Sam. Oh great, it is late again! Bye.\nNext line";
        let at = t.find("Oh great").unwrap();
        assert_eq!(context(t, at, at + 8), "Oh great, it is late again!");
        assert_eq!(context(t, 0, 2), "Hi Sam.");
        let n = t.find("Next").unwrap();
        assert_eq!(context(t, n, n + 4), "Next line");
        // A decimal point is not a sentence end.
        let p = "It costs 3.50 now. Thanks";
        assert_eq!(context(p, 14, 17), "It costs 3.50 now.");
    }

    #[test]
    fn hashes_are_stable_and_ignore_whitespace_runs() {
        assert_eq!(hash(""), "cbf29ce484222325");
        assert_eq!(hash(&normalise("  a \n b ")), hash("a b"));
    }
}
