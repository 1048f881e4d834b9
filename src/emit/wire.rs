//! The serde types the JSON formats (`json`, `jsonl`) share: one diagnostic, fix, input error
//! and summary on the wire. Changing a field changes both formats (and `json`'s `version`).

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::emit::{DocumentReport, Summary};
use crate::line_index::ColumnUnit;

/// A diagnostic on the wire.
#[derive(Serialize)]
pub(crate) struct WireDiagnostic<'a> {
    pub(crate) rule: &'a str,
    pub(crate) category: &'a str,
    pub(crate) severity: &'a str,
    pub(crate) message: &'a str,
    pub(crate) help: Option<&'a str>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) fix: Option<WireFix<'a>>,
    pub(crate) suggestions: &'a [String],
}

#[derive(Serialize)]
pub(crate) struct WireFix<'a> {
    pub(crate) applicability: &'a str,
    pub(crate) title: &'a str,
    pub(crate) edits: Vec<WireEdit<'a>>,
}

#[derive(Serialize)]
pub(crate) struct WireEdit<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) replacement: &'a str,
}

#[derive(Serialize)]
pub(crate) struct WireError<'a> {
    pub(crate) path: &'a str,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: &'a str,
}

#[derive(Serialize)]
pub(crate) struct WireSummary {
    pub(crate) documents: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    pub(crate) fixable: usize,
    pub(crate) baselined: usize,
    pub(crate) fixed: usize,
}

impl<'a> WireDiagnostic<'a> {
    pub(crate) fn new(doc: &DocumentReport<'_>, d: &'a Diagnostic, unit: ColumnUnit) -> Self {
        let (start, end) = doc.locate(d, unit);
        WireDiagnostic {
            rule: d.rule.as_str(),
            category: d.rule.category(),
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            start: doc.on_disk(d.span.start),
            end: doc.on_disk(d.span.end),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            fix: d.fix.as_ref().map(|f| WireFix {
                applicability: f.applicability.as_str(),
                title: &f.title,
                edits: f
                    .edits
                    .iter()
                    .map(|e| WireEdit {
                        start: doc.on_disk(e.span.start),
                        end: doc.on_disk(e.span.end),
                        replacement: &e.replacement,
                    })
                    .collect(),
            }),
            suggestions: &d.suggestions,
        }
    }
}

impl<'a> WireError<'a> {
    pub(crate) fn new(e: &'a crate::emit::InputError) -> Self {
        WireError {
            path: &e.path,
            line: e.line,
            column: e.column,
            message: &e.message,
        }
    }
}

impl WireSummary {
    pub(crate) fn new(s: &Summary) -> Self {
        WireSummary {
            documents: s.documents,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            fixable: s.fixable,
            baselined: s.baselined,
            fixed: s.fixed,
        }
    }
}
