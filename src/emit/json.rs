//! `json`: one JSON document for agents and tools. Schema version 1:
//!
//! ```text
//! {
//!   "version": 1,
//!   "tool": {"name": "replylint", "version": "0.1.0"},
//!   "column_unit": "codepoint",            // unit of every `column` (--column-unit)
//!   "files": [{
//!     "path": "drafts/a.txt",              // "-" for stdin
//!     "record": null,                      // record id inside an export, when there is one
//!     "diagnostics": [{
//!       "rule": "tone.sarcasm", "category": "tone", "severity": "warning",
//!       "message": "…", "help": "…" | null,
//!       "start": 0, "end": 8,              // byte offsets into the input file as on disk (see below)
//!       "line": 1, "column": 1, "end_line": 1, "end_column": 9,
//!       "fix": null | {"applicability": "safe" | "unsafe" | "display-only", "title": "…",
//!                      "edits": [{"start": 0, "end": 3, "replacement": "…"}]},
//!       "suggestions": ["…"]               // ranked alternatives, best first (may be empty)
//!     }]
//!   }],
//!   "errors": [{"path": "…", "line": 3 | null, "column": 7 | null, "message": "…"}],
//!   "summary": {"documents": 1, "errors": 0, "warnings": 1, "infos": 0, "fixable": 0, "baselined": 0, "fixed": 0}
//! }
//! ```
//!
//! Byte offsets (`start`, `end` and each edit's) are into the input as it is on disk: after a
//! UTF-8 BOM they count its 3 bytes, so an edit applied to the file's bytes covers the right
//! ones. For an envelope they are into its `draft` string. For a record of an export, offsets,
//! lines and columns are all in the export file (the record's text is mapped back through its
//! source map). Lines and columns ignore the BOM.
//!
//! The document is written as it goes, one file at a time (a file's diagnostics as soon as they
//! are known): memory does not grow with the findings of a run. Input errors and the summary
//! come at the end.
//!
//! Changing this shape means bumping `version`.

use std::io::Write;

use crate::emit::wire::{WireDiagnostic, WireError, WireSummary};
use crate::emit::{DocumentReport, Emitter, Summary};
use crate::line_index::ColumnUnit;

pub(crate) struct Json {
    unit: ColumnUnit,
    /// Whether the opening of the document (and of its `files` list) is written.
    started: bool,
    /// Files written so far.
    files: usize,
    /// Diagnostics written in the current file.
    in_file: usize,
}

impl Json {
    pub(crate) fn new(unit: ColumnUnit) -> Self {
        Self {
            unit,
            started: false,
            files: 0,
            in_file: 0,
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                out,
                "{{\n  \"version\": 1,\n  \"tool\": {{\"name\": \"replylint\", \"version\": \"{}\"}},\n  \"column_unit\": ",
                env!("CARGO_PKG_VERSION")
            )?;
            serde_json::to_writer(&mut *out, &self.unit)?;
            write!(out, ",\n  \"files\": [")?;
        }
        Ok(())
    }
}

impl Emitter for Json {
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()> {
        self.start(out)?;
        if doc.first {
            if self.files > 0 {
                write!(out, ",")?;
            }
            self.files += 1;
            self.in_file = 0;
            write!(out, "\n    {{\"path\": ")?;
            serde_json::to_writer(&mut *out, &doc.origin.path)?;
            write!(out, ", \"record\": ")?;
            serde_json::to_writer(&mut *out, &doc.origin.record)?;
            write!(out, ", \"diagnostics\": [")?;
        }
        for d in doc.diagnostics {
            write!(out, "{}\n      ", if self.in_file > 0 { "," } else { "" })?;
            serde_json::to_writer(&mut *out, &WireDiagnostic::new(doc, d, self.unit))?;
            self.in_file += 1;
        }
        if doc.last {
            write!(out, "{}]}}", if self.in_file > 0 { "\n    " } else { "" })?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        self.start(out)?;
        write!(out, "{}],\n  \"errors\": [", if self.files > 0 { "\n  " } else { "" })?;
        for (i, e) in summary.input_errors.iter().enumerate() {
            write!(out, "{}\n    ", if i > 0 { "," } else { "" })?;
            serde_json::to_writer(&mut *out, &WireError::new(e))?;
        }
        if !summary.input_errors.is_empty() {
            write!(out, "\n  ")?;
        }
        write!(out, "],\n  \"summary\": ")?;
        serde_json::to_writer(&mut *out, &WireSummary::new(summary))?;
        writeln!(out, "\n}}")
    }
}
