//! `github`: GitHub Actions workflow commands, one line per diagnostic, which the runner turns
//! into annotations on the pull request:
//!
//! ```text
//! ::warning file=drafts/a.txt,line=1,col=10,endLine=1,endColumn=21,title=tone.sarcasm::“yeah, right” reads as sarcasm in writing%0Ahelp: Say it plainly …
//! ```
//!
//! `error`, `warning` and `notice` follow the severities `error`, `warning` and `info`. Columns
//! are in `--column-unit` (code points by default). The message carries the help on a second
//! line. A record of an export names its id in the title (`tone.sarcasm (record 42)`); its
//! lines and columns are in the export file. Input errors are `::error` commands after the
//! diagnostics.
//!
//! Escaping follows the runner's: in the message `%`, CR and LF become `%25`, `%0D`, `%0A`; in
//! property values `:` and `,` also become `%3A` and `%2C`.

use std::fmt::Write as _;
use std::io::Write;

use crate::emit::{DocumentReport, Emitter, Summary};
use crate::line_index::ColumnUnit;
use crate::rules::Severity;

pub(crate) struct Github {
    unit: ColumnUnit,
}

impl Github {
    pub(crate) fn new(unit: ColumnUnit) -> Self {
        Self { unit }
    }
}

/// A workflow command's message (its data).
pub(crate) fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A workflow command's property value.
pub(crate) fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Emitter for Github {
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()> {
        let file = escape_property(&doc.origin.path);
        for d in doc.diagnostics {
            let (start, end) = doc.locate(d, self.unit);
            let mut title = d.rule.as_str().to_owned();
            if let Some(record) = &doc.origin.record {
                let _ = write!(title, " (record {record})");
            }
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                let _ = write!(message, "\nhelp: {help}");
            }
            writeln!(
                out,
                "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                command(d.severity),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&title),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        for e in &summary.input_errors {
            write!(out, "::error file={}", escape_property(&e.path))?;
            if let Some(line) = e.line {
                write!(out, ",line={line}")?;
                if let Some(col) = e.column {
                    write!(out, ",col={col}")?;
                }
            }
            writeln!(out, ",title=input error::{}", escape_data(&e.message))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{escape_data, escape_property};

    #[test]
    fn escapes_data_and_properties_as_the_runner_reads_them() {
        assert_eq!(escape_data("50% off: a, b\r\nc"), "50%25 off: a, b%0D%0Ac");
        assert_eq!(escape_property("50% off: a, b\r\nc"), "50%25 off%3A a%2C b%0D%0Ac");
    }
}
