//! `sarif`: a SARIF 2.1.0 log with one run, for code-scanning tools.
//!
//! - `tool.driver.rules` lists every rule the run could report (summary, help and docs), written
//!   up front; a result names its rule by `ruleId` and `ruleIndex`.
//! - A result's `level` is `error`, `warning` or `note` (for `info`). Its region has 1-based
//!   lines and columns in `run.columnKind` (`--column-unit codepoint` gives
//!   `unicodeCodePoints`, `utf16` gives `utf16CodeUnits`; SARIF knows no other unit, so `byte`
//!   and `grapheme` are refused) and `byteOffset`/`byteLength` into the input as it is on disk,
//!   the same bytes as the `json` format's `start` and `end`.
//! - `artifactLocation.uri` is the path as given, percent-encoded (`-` is standard input; an
//!   absolute path becomes a `file://` URI).
//! - Safe and unsafe fixes are `fixes` with byte-region replacements; the applicability is in
//!   the fix's property bag.
//! - A record of an export is the result's logical location (and `properties.record`); its
//!   region is in the export file.
//! - Input errors are `invocations[0].toolExecutionNotifications`, and make
//!   `executionSuccessful` false.
//!
//! Results are written as they come: memory does not grow with the findings of a run.

use std::fmt::Write as _;
use std::io::Write;

use serde_json::{Value, json};

use crate::diagnostic::{Applicability, Diagnostic};
use crate::emit::{DocumentReport, Emitter, RuleMeta, Summary};
use crate::line_index::ColumnUnit;
use crate::rules::Severity;

/// The schema a log names.
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub(crate) struct Sarif {
    unit: ColumnUnit,
    column_kind: &'static str,
    /// Sorted by id.
    rules: Vec<RuleMeta>,
    started: bool,
    results: usize,
}

impl Sarif {
    /// `None` when SARIF cannot express the column unit.
    pub(crate) fn new(unit: ColumnUnit, mut rules: Vec<RuleMeta>) -> Option<Self> {
        let column_kind = match unit {
            ColumnUnit::Codepoint => "unicodeCodePoints",
            ColumnUnit::Utf16 => "utf16CodeUnits",
            ColumnUnit::Byte | ColumnUnit::Grapheme => return None,
        };
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules.dedup_by(|a, b| a.id == b.id);
        Some(Self {
            unit,
            column_kind,
            rules,
            started: false,
            results: 0,
        })
    }

    fn start(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let mut driver = json!({
            "name": "replylint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": self.rules.iter().map(rule).collect::<Vec<_>>(),
        });
        // Cargo sets both, empty when the manifest has none.
        let info = [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
            .into_iter()
            .find(|u| !u.is_empty());
        if let Some(info) = info {
            driver["informationUri"] = json!(info);
        }
        write!(
            out,
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {{\"driver\": "
        )?;
        serde_json::to_writer(&mut *out, &driver)?;
        write!(
            out,
            "}},\n    \"columnKind\": \"{}\",\n    \"results\": [",
            self.column_kind
        )
    }

    fn result(&self, doc: &DocumentReport<'_>, d: &Diagnostic) -> Value {
        let uri = uri(&doc.origin.path);
        let (start, end) = doc.locate(d, self.unit);
        let from = doc.on_disk(d.span.start);
        let mut location = json!({
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                    "byteOffset": from,
                    "byteLength": doc.on_disk(d.span.end) - from,
                },
            },
        });
        let mut properties = json!({"category": d.rule.category()});
        if let Some(record) = &doc.origin.record {
            location["logicalLocations"] = json!([{
                "name": record,
                "fullyQualifiedName": format!("{}#{record}", doc.origin.path),
                "kind": "object",
            }]);
            properties["record"] = json!(record);
        }
        if !d.suggestions.is_empty() {
            properties["suggestions"] = json!(d.suggestions);
        }
        let mut text = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(text, "\nhelp: {help}");
        }
        let mut result = json!({
            "ruleId": d.rule.as_str(),
            "level": level(d.severity),
            "message": {"text": text},
            "locations": [location],
            "properties": properties,
        });
        if let Ok(i) = self.rules.binary_search_by(|r| r.id.as_str().cmp(d.rule.as_str())) {
            result["ruleIndex"] = json!(i);
        }
        if let Some(fix) = d.fix.as_ref().filter(|f| f.applicability >= Applicability::Unsafe) {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    let from = doc.on_disk(e.span.start);
                    json!({
                        "deletedRegion": {"byteOffset": from, "byteLength": doc.on_disk(e.span.end) - from},
                        "insertedContent": {"text": e.replacement},
                    })
                })
                .collect();
            result["fixes"] = json!([{
                "description": {"text": fix.title},
                "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
                "properties": {"applicability": fix.applicability.as_str()},
            }]);
        }
        result
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A `reportingDescriptor` for one rule.
fn rule(r: &RuleMeta) -> Value {
    let docs = r.docs.trim();
    let help_text = r.help.as_deref().unwrap_or(&r.summary);
    let mut help_markdown = help_text.to_owned();
    if !docs.is_empty() {
        help_markdown.push_str("\n\n");
        help_markdown.push_str(docs);
    }
    let mut properties = json!({"category": r.id.category(), "tags": [r.id.category()]});
    if let Some(n) = r.etiquette {
        properties["etiquette"] = json!(n);
    }
    let mut v = json!({
        "id": r.id.as_str(),
        "shortDescription": {"text": r.summary},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": properties,
    });
    if !docs.is_empty() {
        v["fullDescription"] = json!({"text": docs, "markdown": docs});
    }
    v
}

/// A path as a URI reference: relative paths stay relative, absolute ones become `file://`
/// URIs; everything but unreserved characters and `/` is percent-encoded.
pub(crate) fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

impl Emitter for Sarif {
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport<'_>) -> std::io::Result<()> {
        self.start(out)?;
        for d in doc.diagnostics {
            write!(out, "{}\n      ", if self.results > 0 { "," } else { "" })?;
            serde_json::to_writer(&mut *out, &self.result(doc, d))?;
            self.results += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        self.start(out)?;
        let notifications: Vec<Value> = summary
            .input_errors
            .iter()
            .map(|e| {
                let mut region = json!({});
                if let Some(line) = e.line {
                    region["startLine"] = json!(line);
                    if let Some(col) = e.column {
                        region["startColumn"] = json!(col);
                    }
                }
                let mut physical = json!({"artifactLocation": {"uri": uri(&e.path)}});
                if e.line.is_some() {
                    physical["region"] = region;
                }
                json!({
                    "level": "error",
                    "message": {"text": e.message},
                    "locations": [{"physicalLocation": physical}],
                })
            })
            .collect();
        let invocation = json!({
            "executionSuccessful": summary.input_errors.is_empty(),
            "toolExecutionNotifications": notifications,
            "properties": {"fixed": summary.fixed},
        });
        write!(
            out,
            "{}],\n    \"invocations\": [",
            if self.results > 0 { "\n    " } else { "" }
        )?;
        serde_json::to_writer(&mut *out, &invocation)?;
        writeln!(out, "]\n  }}]\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("drafts/a b.txt"), "drafts/a%20b.txt");
        assert_eq!(uri("-"), "-");
        assert_eq!(uri("/tmp/x#1.txt"), "file:///tmp/x%231.txt");
        assert_eq!(uri("café:1.txt"), "caf%C3%A9%3A1.txt");
    }
}
