//! `human`: rustc-style diagnostics with the source line, a caret underline and help.

use std::io::Write;

use crate::emit::{DocumentReport, Emitter, Summary, display_path, paint, severity_painted};
use crate::line_index::ColumnUnit;
use crate::snippet::Snippet;

pub(crate) struct Human {
    color: bool,
}

impl Human {
    pub(crate) fn new(color: bool) -> Self {
        Self { color }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Emitter for Human {
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()> {
        if doc.diagnostics.is_empty() {
            return Ok(());
        }
        let c = self.color;
        let path = display_path(doc.origin);
        for d in doc.diagnostics {
            let (start, end) = doc.locate(d, ColumnUnit::Grapheme);
            let sev = severity_painted(d.severity, c);
            writeln!(
                out,
                "{sev}[{}]: {}",
                paint(d.rule.as_str(), c, colored::Colorize::bold),
                paint(&d.message, c, colored::Colorize::bold)
            )?;
            let gutter = start.line.to_string().len();
            let bar = paint("|", c, colored::Colorize::blue);
            writeln!(
                out,
                "{:gutter$}{} {path}:{}:{}",
                "",
                paint("-->", c, colored::Colorize::blue),
                start.line,
                start.column
            )?;
            let (ls, le) = doc.line_span(start.line);
            let line = doc.source.get(ls..le).unwrap_or("");
            let span_start = doc.in_source(d.span.start);
            let span_end = if end.line == start.line {
                doc.in_source(d.span.end)
            } else {
                le
            };
            let snippet = Snippet::new(line, span_start.saturating_sub(ls), span_end.saturating_sub(ls));
            writeln!(out, "{:gutter$} {bar}", "")?;
            writeln!(
                out,
                "{} {bar} {}",
                paint(&start.line.to_string(), c, colored::Colorize::blue),
                snippet.text
            )?;
            let style: fn(colored::ColoredString) -> colored::ColoredString = match d.severity {
                crate::rules::Severity::Error => colored::Colorize::red,
                crate::rules::Severity::Warning => colored::Colorize::yellow,
                crate::rules::Severity::Info => colored::Colorize::cyan,
            };
            let carets = paint(&"^".repeat(snippet.width), c, style);
            writeln!(out, "{:gutter$} {bar} {}{carets}", "", " ".repeat(snippet.pad))?;
            if let Some(help) = &d.help {
                writeln!(
                    out,
                    "{:gutter$} = {}: {help}",
                    "",
                    paint("help", c, colored::Colorize::bold)
                )?;
            }
            match (&d.fix, d.suggestions.len()) {
                (_, n) if n > 1 => writeln!(
                    out,
                    "{:gutter$} = {}: {}",
                    "",
                    paint("suggestions", c, colored::Colorize::bold),
                    d.suggestions.join(", ")
                )?,
                (Some(fix), _) => writeln!(
                    out,
                    "{:gutter$} = {} ({}): {}",
                    "",
                    paint("fix", c, colored::Colorize::bold),
                    fix.applicability.as_str(),
                    fix.title
                )?,
                _ => {}
            }
            writeln!(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        let c = self.color;
        if summary.total() == 0 {
            if summary.input_errors.is_empty() {
                writeln!(
                    out,
                    "{} {} checked, no problems found{}",
                    paint("ok:", c, colored::Colorize::green),
                    plural(summary.documents, "document"),
                    baselined(summary)
                )?;
            }
            return Ok(());
        }
        let mut parts = Vec::new();
        for (n, w) in [
            (summary.errors, "error"),
            (summary.warnings, "warning"),
            (summary.infos, "info"),
        ] {
            if n > 0 {
                parts.push(plural(n, w));
            }
        }
        write!(
            out,
            "{}: {} in {}",
            paint("summary", c, colored::Colorize::bold),
            parts.join(", "),
            plural(summary.documents, "document")
        )?;
        if summary.fixable > 0 {
            write!(out, " ({} with a safe fix)", summary.fixable)?;
        }
        writeln!(out, "{}", baselined(summary))
    }
}

/// ` (3 baselined)` when a baseline held findings back.
fn baselined(summary: &Summary) -> String {
    if summary.baselined == 0 {
        String::new()
    } else {
        format!(" ({} baselined)", summary.baselined)
    }
}
