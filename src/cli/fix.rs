//! `--fix` and `--diff`: apply fixes pass after pass until nothing changes, write a changed file
//! atomically (BOM, line endings and permissions kept), render unified diffs, and carry the
//! edits of an export record's text back into the export file, re-encoded in its syntax.
//!
//! What is linted and reported is the pipeline's business; this module only turns diagnostics
//! into new text and new text into files.

use std::io::Write;
use std::path::Path;

use replylint::error::Error;
use replylint::input::SourceMap;
use replylint::{Applicability, Diagnostic, Fix};
use replylint::{apply_fixes, select_fixes};

use super::args::CheckArgs;

// Each pass re-lints and applies what does not overlap (ruff iterates the same way); fixes that
// keep undoing each other stop at the last pass.
pub(crate) use replylint::{MAX_PASSES, fix_until_stable as fix_text};

/// What a fix run does with the fixed text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FixMode {
    /// The least safe fixes applied: `Safe`, or `Unsafe` with `--unsafe-fixes`.
    pub(crate) threshold: Applicability,
    /// `--diff`: show a unified diff, write nothing.
    pub(crate) diff: bool,
}

impl FixMode {
    /// The fix mode `check`'s flags ask for, or `None` without `--fix` and `--diff`.
    pub(crate) fn from_args(a: &CheckArgs) -> Result<Option<Self>, Error> {
        if !a.fix && !a.diff {
            return Ok(None);
        }
        if a.envelope.is_some() {
            return Err(Error::Usage(
                "--fix and --diff rewrite files and stdin, not an envelope's draft: lint the envelope without them"
                    .to_owned(),
            ));
        }
        Ok(Some(Self {
            threshold: if a.unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            diff: a.diff,
        }))
    }

    /// Whether the findings are reported on stderr: `--fix -` prints the fixed text on stdout.
    pub(crate) fn reports_on_stderr(self, a: &CheckArgs) -> bool {
        !self.diff && a.paths.iter().any(|p| p.as_os_str() == "-")
    }
}

/// The last line of a `--fix` run: `3 fixed, 1 remaining`.
pub(crate) fn fixed_line(fixed: usize, remaining: usize) -> String {
    format!("{fixed} fixed, {remaining} remaining")
}

/// What `--diff` says on stderr at the end: `would apply 3 fixes` (or that there is none).
pub(crate) fn would_line(fixed: usize) -> String {
    match fixed {
        0 => "no fixes to apply".to_owned(),
        1 => "would apply 1 fix".to_owned(),
        n => format!("would apply {n} fixes"),
    }
}

/// Replace the file at `path` with `text` (after a BOM when `bom`): written to a temporary file
/// in the same directory, given the file's permissions, then renamed over it, so that a reader
/// sees the old file or the new one, never a part. A read-only file is refused. On error the
/// file is left as it was and the reason is returned.
pub(crate) fn write_atomic(path: &Path, bom: bool, text: &str) -> Result<(), String> {
    let reason = |what: &str, e: &std::io::Error| format!("{what}: {}", replylint::error::io_reason(e));
    // Through a symbolic link, the file it points to is replaced, not the link.
    let target = std::fs::canonicalize(path).map_err(|e| reason("cannot write the fixes", &e))?;
    let meta = std::fs::metadata(&target).map_err(|e| reason("cannot write the fixes", &e))?;
    if meta.permissions().readonly() {
        return Err("the file is read-only; the fixes were not written".to_owned());
    }
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return Err("cannot write the fixes: the path names no file".to_owned());
    };
    let name = name.to_string_lossy();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.replylint-{}-{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(reason("cannot write the fixes next to the file", &e)),
        }
    };
    let written = (|| {
        if bom {
            file.write_all(b"\xEF\xBB\xBF")?;
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, &target)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        reason("cannot write the fixes", &e)
    })
}

/// A unified diff (three lines of context) from `before` to `after`, both named `name`.
pub(crate) fn unified_diff(name: &str, before: &str, after: &str) -> String {
    let diff = similar::TextDiff::from_lines(before, after);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .missing_newline_hint(true)
        .to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// How an export writes its string values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// JSON strings (a JSON list, JSON Lines).
    Json,
    /// CSV fields.
    Csv,
}

/// One change to an export file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileEdit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) replacement: String,
}

/// A fix of a record that could not be carried into the export file.
#[derive(Clone, Debug)]
pub(crate) struct Refused {
    /// Where the fix starts in the file.
    pub(crate) at: usize,
    /// The fix's title.
    pub(crate) title: String,
    /// Why.
    pub(crate) why: &'static str,
}

/// The file edits that apply the fixes of one export record (`text`, mapped into `file` by
/// `map`), chosen as [`apply_fixes`] chooses them, and how many fixes they make. A fix whose
/// edits do not each map to a contiguous, verbatim run of the file is refused, and noted in
/// `refused`.
pub(crate) fn record_edits(
    file: &str,
    text: &str,
    map: &SourceMap,
    syntax: Syntax,
    diagnostics: &[Diagnostic],
    threshold: Applicability,
    refused: &mut Vec<Refused>,
) -> (Vec<FileEdit>, usize) {
    let start = map.to_file(0);
    let quoted = syntax == Syntax::Csv && start > 0 && file.as_bytes().get(start - 1) == Some(&b'"');
    let mut refuse = |fix: &Fix, why: &'static str| {
        refused.push(Refused {
            at: fix.edits.first().map_or(start, |e| map.to_file(e.span.start)),
            title: fix.title.clone(),
            why,
        });
    };
    if syntax == Syntax::Csv && !quoted && file.get(start..start + text.len()) == Some(text) {
        // An unquoted field is the file's bytes as they are: fix it as text, then write the
        // whole field back, quoted if it now needs quotes.
        let fixes = select_fixes(text, diagnostics, threshold, &mut |f| match markup_free(f) {
            Ok(()) => true,
            Err(why) => {
                refuse(f, why);
                false
            }
        });
        if fixes.is_empty() {
            return (Vec::new(), 0);
        }
        let chosen: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| fixes.iter().any(|c| std::ptr::eq(*c, f)))
            })
            .cloned()
            .collect();
        let (new, applied) = apply_fixes(text, &chosen, threshold);
        let replacement = if new.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", new.replace('"', "\"\""))
        } else {
            new
        };
        let edit = FileEdit {
            start,
            end: start + text.len(),
            replacement,
        };
        return (vec![edit], applied);
    }
    let mut edits = Vec::new();
    let fixes = select_fixes(text, diagnostics, threshold, &mut |f| match markup_free(f)
        .and_then(|()| map_fix(file, text, map, syntax, quoted, f))
    {
        Ok(mapped) => {
            edits.extend(mapped);
            true
        }
        Err(why) => {
            refuse(f, why);
            false
        }
    });
    (edits, fixes.len())
}

/// An export's text may be an HTML body: a replacement that adds markup characters would
/// change what the body shows, so such a fix is not carried into the file.
fn markup_free(fix: &Fix) -> Result<(), &'static str> {
    if fix.edits.iter().any(|e| e.replacement.contains(['<', '>', '&'])) {
        Err("its replacement holds `<`, `>` or `&`, which an HTML body reads as markup")
    } else {
        Ok(())
    }
}

/// The file edits of one fix of a record, each replacement encoded in the file's syntax.
fn map_fix(
    file: &str,
    text: &str,
    map: &SourceMap,
    syntax: Syntax,
    quoted: bool,
    fix: &Fix,
) -> Result<Vec<FileEdit>, &'static str> {
    const CROSSES: &str = "its span does not map to one run of the file (it crosses an escape, an entity or a tag)";
    let verbatim = |a: usize, b: usize| {
        let (fa, fb) = (map.to_file(a), map.to_file(b));
        fa <= fb && file.get(fa..fb).is_some_and(|f| text.get(a..b) == Some(f))
    };
    let mut out = Vec::with_capacity(fix.edits.len());
    for e in &fix.edits {
        let (s, t) = (e.span.start, e.span.end);
        let at = map.to_file(s);
        let ok = if s == t {
            // An insertion lands next to a character that is itself in the file: the one
            // before it or the one after it (between two tags, either side would do).
            let before = text
                .get(..s)
                .and_then(|p| p.chars().next_back())
                .map(|c| s - c.len_utf8());
            let after = text.get(s..).and_then(|r| r.chars().next()).map(|c| s + c.len_utf8());
            text.is_empty()
                || before.is_some_and(|b| verbatim(b, s) && map.to_file(b) + (s - b) == at)
                || after.is_some_and(|a| verbatim(s, a))
        } else {
            verbatim(s, t)
        };
        if !ok {
            return Err(CROSSES);
        }
        let replacement = match syntax {
            Syntax::Json => json_escape(&e.replacement),
            Syntax::Csv if quoted => e.replacement.replace('"', "\"\""),
            Syntax::Csv if e.replacement.contains([',', '"', '\n', '\r']) => {
                return Err("the field would need quotes");
            }
            Syntax::Csv => e.replacement.clone(),
        };
        let end = if s == t { at } else { map.to_file(t) };
        out.push(FileEdit {
            start: at,
            end,
            replacement,
        });
    }
    Ok(out)
}

/// `s` as the inside of a JSON string: quotes, backslashes and control characters escaped.
fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// `file` with `edits` applied, in order; an edit overlapping an earlier one is dropped (records
/// do not overlap, so this only guards against a mapping mistake).
pub(crate) fn apply_file_edits(file: &str, mut edits: Vec<FileEdit>) -> String {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(file.len());
    let mut cursor = 0;
    for e in &edits {
        if e.start < cursor || e.end < e.start {
            continue;
        }
        let (Some(keep), true) = (file.get(cursor..e.start), file.get(e.start..e.end).is_some()) else {
            continue;
        };
        out.push_str(keep);
        out.push_str(&e.replacement);
        cursor = e.end;
    }
    out.push_str(file.get(cursor..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::{FileEdit, apply_file_edits, json_escape, unified_diff};

    #[test]
    fn json_escaping_round_trips_through_serde() {
        let s = "say \"hi\"\\\n\ttab \u{1} é";
        let lit = format!("\"{}\"", json_escape(s));
        let back: String = serde_json::from_str(&lit).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn file_edits_apply_in_order_and_skip_overlaps() {
        let e = |start, end, r: &str| FileEdit {
            start,
            end,
            replacement: r.to_owned(),
        };
        let out = apply_file_edits("abcdef", vec![e(4, 5, "E"), e(0, 2, "AB"), e(1, 3, "x")]);
        assert_eq!(out, "ABcdEf");
    }

    /// A diagnostic whose safe fix replaces `start..end` with `with`.
    fn fixing(start: usize, end: usize, with: &str) -> replylint::Diagnostic {
        use replylint::{Applicability, Diagnostic, Fix, RuleId, Severity};
        let span = replylint::Span::new(start, end);
        Diagnostic {
            rule: RuleId::new("style.test"),
            severity: Severity::Warning,
            message: String::new(),
            help: None,
            span,
            fix: Some(Fix::replace(
                Applicability::Safe,
                "Test".to_owned(),
                span,
                with.to_owned(),
            )),
            suggestions: Vec::new(),
        }
    }

    #[test]
    fn a_csv_field_that_gains_a_comma_or_quote_is_quoted() {
        use super::{Syntax, record_edits};
        use replylint::Applicability;
        use replylint::input::SourceMap;
        let file = "id,text\n1,ab cd\n";
        let map = SourceMap::verbatim(10);
        let run = |diags: &[replylint::Diagnostic]| {
            let mut refused = Vec::new();
            let (edits, n) = record_edits(
                file,
                "ab cd",
                &map,
                Syntax::Csv,
                diags,
                Applicability::Safe,
                &mut refused,
            );
            (apply_file_edits(file, edits), n)
        };
        assert_eq!(run(&[fixing(2, 3, ", ")]), ("id,text\n1,\"ab, cd\"\n".to_owned(), 1));
        assert_eq!(
            run(&[fixing(0, 2, "\"ab\""), fixing(3, 5, "CD")]),
            ("id,text\n1,\"\"\"ab\"\" CD\"\n".to_owned(), 2)
        );
        assert_eq!(run(&[fixing(3, 5, "CD")]), ("id,text\n1,ab CD\n".to_owned(), 1));
        // A quoted field doubles the quotes of a replacement.
        let file = "id,text\n1,\"ab cd\"\n";
        let mut refused = Vec::new();
        let map = SourceMap::verbatim(11);
        let (edits, _) = record_edits(
            file,
            "ab cd",
            &map,
            Syntax::Csv,
            &[fixing(0, 2, "\"x\"")],
            Applicability::Safe,
            &mut refused,
        );
        assert_eq!(apply_file_edits(file, edits), "id,text\n1,\"\"\"x\"\" cd\"\n");
        // Markup in a replacement is refused: the text may be an HTML body.
        let (edits, n) = record_edits(
            file,
            "ab cd",
            &map,
            Syntax::Csv,
            &[fixing(0, 2, "<b>")],
            Applicability::Safe,
            &mut refused,
        );
        assert_eq!((edits.len(), n, refused.len()), (0, 0, 1));
    }

    #[test]
    fn a_diff_names_the_file_and_shows_the_change() {
        let d = unified_diff("a.txt", "one\ntwo\n", "one\n2\n");
        assert!(d.starts_with("--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n"), "{d}");
        assert!(d.contains("-two\n+2\n"), "{d}");
        assert_eq!(unified_diff("a", "same\n", "same\n"), "");
    }
}
