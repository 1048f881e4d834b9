//! Output formats behind one trait. Emitters write to the writer they are given; they never
//! decide exit codes.

mod concise;
mod github;
mod human;
mod json;
mod jsonl;
mod sarif;
mod wire;

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::input::SourceMap;
use crate::line_index::{ColumnUnit, LineIndex, Location};
use crate::located::InputError;
use crate::rules::{Rule, RuleId, Severity};

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
    /// Where `source` starts in the input as it is on disk: 3 after a UTF-8 BOM, plus, for a
    /// part of a large export, the bytes before the part. Byte offsets in machine output add
    /// it, so that they point into the file.
    pub base: usize,
    /// Lines of the file before `source` (a part of a large export, which begins at a line
    /// start): reported lines add it; columns are the same either way.
    pub lines_before: usize,
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

    /// Start and end locations of a diagnostic, in the file.
    pub(crate) fn locate(&self, d: &Diagnostic, unit: ColumnUnit) -> (Location, Location) {
        let at = |offset| {
            let mut loc = self.index.location(self.source, self.in_source(offset), unit);
            loc.line += self.lines_before;
            loc
        };
        (at(d.span.start), at(d.span.end))
    }

    /// The line of the file numbered `line` (from [`Self::locate`]): its span in `source`.
    pub(crate) fn line_span(&self, line: usize) -> (usize, usize) {
        self.index
            .line_span(self.source, line.saturating_sub(self.lines_before))
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
    /// Findings a baseline holds, neither reported nor counted above.
    pub baselined: usize,
    /// Fixes applied (`--fix`) or that would be (`--diff`).
    pub fixed: usize,
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

/// The output formats; `--format` in the CLI names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// rustc-style snippets with carets, for people.
    #[default]
    Human,
    /// One line per diagnostic: `path:line:col: severity[rule] message`.
    Concise,
    /// One versioned JSON document, for agents and tools.
    Json,
    /// One JSON object per line (diagnostic, error, summary), streamed.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// The agent result of one draft ([`crate::AgentResult`]): written by the caller, not by
    /// an emitter.
    Agent,
}

/// What an emitter knows about one rule: the texts a format like SARIF lists up front.
#[derive(Clone, Debug)]
pub struct RuleMeta {
    /// The rule id.
    pub id: RuleId,
    /// One line.
    pub summary: String,
    /// How to resolve a finding.
    pub help: Option<String>,
    /// Markdown documentation (empty when the rules were loaded without docs).
    pub docs: String,
    /// The rule's default severity.
    pub severity: Severity,
    /// The mistake of `ETIQUETTE.md` the rule enforces.
    pub etiquette: Option<u8>,
}

impl From<&Rule> for RuleMeta {
    fn from(r: &Rule) -> Self {
        Self {
            id: r.id.clone(),
            summary: r.summary.clone(),
            help: r.help.clone(),
            docs: r.docs.clone(),
            severity: r.severity,
            etiquette: r.etiquette,
        }
    }
}

/// What an emitter is built with.
#[derive(Clone, Debug, Default)]
pub struct EmitContext {
    /// Whether to colour (human formats).
    pub color: bool,
    /// Column unit of machine formats.
    pub unit: ColumnUnit,
    /// The rules the run can report, with their docs, for formats whose
    /// [`OutputFormat::needs_rules`] is true; empty otherwise.
    pub rules: Vec<RuleMeta>,
}

/// Why an emitter cannot be built: a usage error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(pub String);

impl OutputFormat {
    /// Whether the emitter lists rule metadata (with docs): only then does the caller need to
    /// load it.
    pub fn needs_rules(self) -> bool {
        self == Self::Sarif
    }

    /// The emitter for this format.
    pub fn emitter(self, cx: EmitContext) -> Result<Box<dyn Emitter>, FormatError> {
        Ok(match self {
            Self::Human => Box::new(human::Human::new(cx.color)),
            Self::Concise => Box::new(concise::Concise::new(cx.color)),
            Self::Json => Box::new(json::Json::new(cx.unit)),
            Self::Jsonl => Box::new(jsonl::Jsonl::new(cx.unit)),
            Self::Github => Box::new(github::Github::new(cx.unit)),
            Self::Agent => {
                return Err(FormatError(
                    "--format agent reports one draft: pass it on stdin (`-`) or with --envelope".to_owned(),
                ));
            }
            Self::Sarif => Box::new(sarif::Sarif::new(cx.unit, cx.rules).ok_or_else(|| {
                FormatError(
                    "--format sarif counts columns in code points or UTF-16 code units only: use --column-unit codepoint (the default) or utf16".to_owned(),
                )
            })?),
        })
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

#[cfg(test)]
mod tests {
    use super::{DocumentReport, EmitContext, Origin, OutputFormat, RuleMeta, Summary};
    use crate::diagnostic::{Applicability, Diagnostic, Fix};
    use crate::line_index::LineIndex;
    use crate::rules::{RuleId, Severity};
    use crate::span::Span;

    /// Render one report of a record inside an export (lines and offsets in the export file).
    fn render(format: OutputFormat) -> String {
        let source = "id,text\n42,\"Hi, the the parcel.\"\n";
        let origin = Origin {
            path: "exports/tickets.csv".to_owned(),
            record: Some("42".to_owned()),
        };
        let start = source.find("the the").unwrap();
        let diagnostic = Diagnostic {
            rule: RuleId::new("style.repeated-word"),
            severity: Severity::Warning,
            message: "“the” is repeated".to_owned(),
            help: None,
            span: Span::new(start, start + 7),
            fix: Some(Fix::replace(
                Applicability::Safe,
                "Remove the repeated word".to_owned(),
                Span::new(start + 3, start + 7),
                String::new(),
            )),
            suggestions: Vec::new(),
        };
        let index = LineIndex::new(source);
        let diagnostics = [diagnostic];
        let report = DocumentReport {
            origin: &origin,
            source,
            index: &index,
            map: None,
            base: 0,
            lines_before: 0,
            diagnostics: &diagnostics,
            first: true,
            last: true,
        };
        let cx = EmitContext {
            rules: vec![RuleMeta {
                id: RuleId::new("style.repeated-word"),
                summary: "A word is repeated".to_owned(),
                help: Some("Remove it".to_owned()),
                docs: "## Why\nIt reads as a slip.".to_owned(),
                severity: Severity::Warning,
                etiquette: Some(6),
            }],
            ..EmitContext::default()
        };
        let mut emitter = format.emitter(cx).unwrap();
        let mut out = Vec::new();
        let mut summary = Summary::default();
        summary.add(&diagnostics);
        summary.documents = 1;
        emitter.document(&mut out, &report).unwrap();
        emitter.finish(&mut out, &summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_record_is_named_in_every_machine_format() {
        let log: serde_json::Value = serde_json::from_str(&render(OutputFormat::Sarif)).unwrap();
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/sarif/sarif-schema-2.1.0.json")).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&log), "{log}");
        let result = &log["runs"][0]["results"][0];
        let location = &result["locations"][0];
        assert_eq!(location["logicalLocations"][0]["name"], "42");
        assert_eq!(
            location["logicalLocations"][0]["fullyQualifiedName"],
            "exports/tickets.csv#42"
        );
        assert_eq!(result["properties"]["record"], "42");
        assert_eq!(location["physicalLocation"]["region"]["startLine"], 2);
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["etiquette"],
            6
        );

        let github = render(OutputFormat::Github);
        assert_eq!(
            github,
            "::warning file=exports/tickets.csv,line=2,col=9,endLine=2,endColumn=16,title=style.repeated-word (record 42)::“the” is repeated\n"
        );

        let jsonl = render(OutputFormat::Jsonl);
        let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(first["type"], "diagnostic");
        assert_eq!(first["path"], "exports/tickets.csv");
        assert_eq!(first["record"], "42");
        assert_eq!(first["line"], 2);
    }
}
