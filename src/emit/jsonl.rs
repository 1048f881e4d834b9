//! `jsonl`: one JSON object per line, written and flushed as each document is linted, for tools
//! that read a stream. Every line has a `type`:
//!
//! ```text
//! {"type":"diagnostic","path":"a.txt","record":null,"rule":"tone.sarcasm",…}   // the `json` diagnostic fields
//! {"type":"error","path":"b.txt","line":null,"column":null,"message":"…"}     // an input error
//! {"type":"summary","documents":2,"errors":0,"warnings":1,"infos":0,"fixable":0,"baselined":0,"fixed":0}  // always last
//! ```
//!
//! A diagnostic line carries the same fields as a diagnostic of the `json` format (offsets,
//! lines and columns mean the same), plus `path` and `record`. Input errors come after the
//! diagnostics, before the summary.

use std::io::Write;

use serde::Serialize;

use crate::emit::wire::{WireDiagnostic, WireError, WireSummary};
use crate::emit::{DocumentReport, Emitter, Summary};
use crate::line_index::ColumnUnit;

/// One line: its `type` and the fields of that type.
#[derive(Serialize)]
struct Line<T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
struct Located<'a> {
    path: &'a str,
    record: Option<&'a str>,
    #[serde(flatten)]
    diagnostic: WireDiagnostic<'a>,
}

pub(crate) struct Jsonl {
    unit: ColumnUnit,
}

impl Jsonl {
    pub(crate) fn new(unit: ColumnUnit) -> Self {
        Self { unit }
    }
}

fn line<T: Serialize>(out: &mut dyn Write, kind: &'static str, body: T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &Line { kind, body })?;
    writeln!(out)
}

impl Emitter for Jsonl {
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()> {
        for d in doc.diagnostics {
            let body = Located {
                path: &doc.origin.path,
                record: doc.origin.record.as_deref(),
                diagnostic: WireDiagnostic::new(doc, d, self.unit),
            };
            line(out, "diagnostic", body)?;
        }
        if !doc.diagnostics.is_empty() {
            out.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        for e in &summary.input_errors {
            line(out, "error", WireError::new(e))?;
        }
        line(out, "summary", WireSummary::new(summary))
    }
}
