//! `concise`: `path:line:col: severity[rule] message`, one line per diagnostic (grapheme columns).

use std::io::Write;

use crate::emit::{DocumentReport, Emitter, Summary, display_path, paint, severity_painted};
use crate::line_index::ColumnUnit;

pub(crate) struct Concise {
    color: bool,
}

impl Concise {
    pub(crate) fn new(color: bool) -> Self {
        Self { color }
    }
}

impl Emitter for Concise {
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()> {
        if doc.diagnostics.is_empty() {
            return Ok(());
        }
        let path = display_path(doc.origin);
        for d in doc.diagnostics {
            let (start, _) = doc.locate(d, ColumnUnit::Grapheme);
            let rule = paint(d.rule.as_str(), self.color, colored::Colorize::bold);
            writeln!(
                out,
                "{path}:{}:{}: {}[{rule}] {}",
                start.line,
                start.column,
                severity_painted(d.severity, self.color),
                d.message
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}
