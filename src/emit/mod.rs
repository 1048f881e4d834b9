//! Output formats behind one trait. Emitters write to the writer they are given; they never
//! decide exit codes.

mod concise;
mod human;
mod json;

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::error::InputError;
use crate::input::SourceMap;
use crate::line_index::{ColumnUnit, LineIndex, Location};
use crate::rules::Severity;

/// Where a document came from: a path (or `-`), and a record id inside an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file, or `-` for standard input.
    pub path: String,
    /// The record inside an export, when the file holds many documents.
    pub record: Option<String>,
}

/// One linted document, or one section of a large one, with its diagnostics.
///
/// A large document is linted in sections and reported in several calls, in order: the first
/// has `first` set, the last `last`; a document in one piece has both. Every call carries the
/// whole source and its line index, so locations are the document's own.
///
/// Positions are reported in `source`, the input as the user has it: for a plain file that is
/// the linted text itself; for a record of an export it is the export file, and `map` says
/// where each byte of the record's linted text came from in it.
#[derive(Debug)]
pub struct DocumentReport<'a> {
    /// Where it came from.
    pub origin: &'a Origin,
    /// The text positions are reported in (without a BOM).
    pub source: &'a str,
    /// The line index of `source`, built once per document.
    pub index: &'a LineIndex,
    /// Where the linted text's bytes lie in `source`; `None` when the linted text is `source`.
    pub map: Option<&'a SourceMap>,
    /// Where `source` starts in the input as it is on disk: 3 after a UTF-8 BOM, else 0. Byte
    /// offsets in machine output add it, so that they point into the file; lines and columns
    /// are the same either way.
    pub base: usize,
    /// The diagnostics of this section, sorted, with spans into the linted text.
    pub diagnostics: &'a [Diagnostic],
    /// The first report of this document.
    pub first: bool,
    /// The last report of this document.
    pub last: bool,
}

impl DocumentReport<'_> {
    /// The offset in `source` of an offset in the linted text.
    pub(crate) fn in_source(&self, offset: usize) -> usize {
        self.map.map_or(offset, |m| m.to_file(offset))
    }

    /// The byte offset in the input as it is on disk (BOM included) of an offset in the linted
    /// text: what machine formats report.
    pub(crate) fn on_disk(&self, offset: usize) -> usize {
        self.base + self.in_source(offset)
    }

    /// Start and end locations of a diagnostic, in `source`.
    pub(crate) fn locate(&self, d: &Diagnostic, unit: ColumnUnit) -> (Location, Location) {
        (
            self.index.location(self.source, self.in_source(d.span.start), unit),
            self.index.location(self.source, self.in_source(d.span.end), unit),
        )
    }
}

/// Counts for the end of a run.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Documents linted.
    pub documents: usize,
    /// Diagnostics of each severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Diagnostics with a safe fix.
    pub fixable: usize,
    /// Inputs that could not be read or understood.
    pub input_errors: Vec<InputError>,
}

impl Summary {
    /// Count diagnostics (of a document, or a section of one); documents are counted apart.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            if d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
            {
                self.fixable += 1;
            }
        }
    }

    /// All diagnostics counted.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// Writes reports in one format.
pub trait Emitter {
    /// Called once per linted document (or section of one, see [`DocumentReport`]), in input
    /// order.
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()>;
    /// Called once at the end; buffering formats write here.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()>;
}

/// The `--format` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// rustc-style snippets with carets, for people.
    #[default]
    Human,
    /// One line per diagnostic: `path:line:col: severity[rule] message`.
    Concise,
    /// One versioned JSON document, for agents and tools.
    Json,
}

impl OutputFormat {
    /// The emitter for this format.
    pub fn emitter(self, color: bool, unit: ColumnUnit) -> Box<dyn Emitter> {
        match self {
            Self::Human => Box::new(human::Human::new(color)),
            Self::Concise => Box::new(concise::Concise::new(color)),
            Self::Json => Box::new(json::Json::new(unit)),
        }
    }
}

/// Paint `s` when colour is on.
pub(crate) fn paint(s: &str, color: bool, f: fn(colored::ColoredString) -> colored::ColoredString) -> String {
    use colored::Colorize;
    if color { f(s.normal()).to_string() } else { s.to_owned() }
}

pub(crate) fn severity_painted(sev: Severity, color: bool) -> String {
    use colored::Colorize;
    match sev {
        Severity::Error => paint("error", color, |s| s.red().bold()),
        Severity::Warning => paint("warning", color, |s| s.yellow().bold()),
        Severity::Info => paint("info", color, |s| s.cyan().bold()),
    }
}

pub(crate) fn display_path(origin: &Origin) -> String {
    match &origin.record {
        Some(r) => format!("{}#{r}", origin.path),
        None => origin.path.clone(),
    }
}
