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
//!       "start": 0, "end": 8,              // byte offsets into the linted text (authoritative)
//!       "line": 1, "column": 1, "end_line": 1, "end_column": 9,
//!       "fix": null | {"applicability": "safe" | "unsafe" | "display-only", "title": "…",
//!                      "edits": [{"start": 0, "end": 3, "replacement": "…"}]},
//!       "suggestions": ["…"]               // ranked alternatives, best first (may be empty)
//!     }]
//!   }],
//!   "errors": [{"path": "…", "line": 3 | null, "column": 7 | null, "message": "…"}],
//!   "summary": {"documents": 1, "errors": 0, "warnings": 1, "infos": 0, "fixable": 0}
//! }
//! ```
//!
//! Changing this shape means bumping `version`.

use std::io::Write;

use serde_json::{Value, json};

use crate::emit::{DocumentReport, Emitter, Summary};
use crate::line_index::{ColumnUnit, LineIndex};

pub(crate) struct Json {
    unit: ColumnUnit,
    files: Vec<Value>,
}

impl Json {
    pub(crate) fn new(unit: ColumnUnit) -> Self {
        Self {
            unit,
            files: Vec::new(),
        }
    }
}

impl Emitter for Json {
    fn document(&mut self, _out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()> {
        let index = LineIndex::new(doc.text);
        let diagnostics: Vec<Value> = doc
            .diagnostics
            .iter()
            .map(|d| {
                let (start, end) = doc.locate(&index, d, self.unit);
                json!({
                    "rule": d.rule.as_str(),
                    "category": d.rule.category(),
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "help": d.help,
                    "start": d.span.start,
                    "end": d.span.end,
                    "line": start.line,
                    "column": start.column,
                    "end_line": end.line,
                    "end_column": end.column,
                    "fix": d.fix.as_ref().map(|f| json!({
                        "applicability": f.applicability.as_str(),
                        "title": f.title,
                        "edits": f.edits.iter().map(|e| json!({"start": e.span.start, "end": e.span.end, "replacement": e.replacement})).collect::<Vec<_>>(),
                    })),
                    "suggestions": d.suggestions,
                })
            })
            .collect();
        self.files
            .push(json!({"path": doc.origin.path, "record": doc.origin.record, "diagnostics": diagnostics}));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        let errors: Vec<Value> = summary
            .input_errors
            .iter()
            .map(|e| json!({"path": e.path, "line": e.line, "column": e.column, "message": e.message}))
            .collect();
        let doc = json!({
            "version": 1,
            "tool": {"name": "replylint", "version": env!("CARGO_PKG_VERSION")},
            "column_unit": self.unit,
            "files": std::mem::take(&mut self.files),
            "errors": errors,
            "summary": {"documents": summary.documents, "errors": summary.errors, "warnings": summary.warnings, "infos": summary.infos, "fixable": summary.fixable},
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
