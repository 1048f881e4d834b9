//! What `replylint rules`, `replylint rule ID` and the MCP tools `list_rules` and
//! `explain_rule` say about a rule: one description, in JSON and in Markdown.

use std::fmt::Write as _;

use serde_json::{Value, json};

use replylint::{Rule, RuleSet, RuleSource, Severity};

/// A path as the user would write it: relative to the working directory when it is below it.
pub(crate) fn shown_path(source: &RuleSource) -> String {
    match source {
        RuleSource::File { path } => {
            let cwd = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            cwd.and_then(|d| abs.strip_prefix(d).ok().map(|p| p.display().to_string()))
                .unwrap_or_else(|| path.display().to_string())
        }
        builtin @ RuleSource::Builtin { .. } => builtin.to_string(),
    }
}

/// One line of the rule list: id, category, the severity and on/off state the configuration
/// gives (`default`), check kind, whether it has a fix, where it comes from, and its summary.
pub(crate) fn summary_json(r: &Rule, severity: Severity, on: bool) -> Value {
    json!({
        "id": r.id.as_str(),
        "category": r.id.category(),
        "severity": severity.as_str(),
        "default": on,
        "kind": r.kind(),
        "fixable": r.is_fixable(),
        "source": shown_path(&r.source),
        "summary": r.summary,
    })
}

/// Everything the rule's documentation says: the summary's fields, plus its message, help,
/// the etiquette mistake it enforces, the source of its limits, its docs and its examples.
pub(crate) fn explain_json(r: &Rule, severity: Severity, on: bool) -> Value {
    let mut v = summary_json(r, severity, on);
    v["message"] = json!(r.message);
    v["help"] = json!(r.help);
    v["etiquette"] = json!(r.etiquette);
    v["limit_source"] = json!(r.fact_source());
    v["docs"] = json!(r.docs.trim());
    v["examples"] = json!({"flagged": r.examples.bad, "not_flagged": r.examples.good});
    v
}

/// The rule's documentation as Markdown, as `replylint rule ID` prints it.
pub(crate) fn markdown(r: &Rule) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_markdown(r, &mut out);
    out
}

fn write_markdown(r: &Rule, out: &mut String) -> std::fmt::Result {
    writeln!(out, "# {}: {}\n", r.id, r.summary)?;
    writeln!(
        out,
        "- severity: {}{}",
        r.severity.as_str(),
        if r.default { "" } else { " (off by default)" }
    )?;
    writeln!(out, "- check kind: {}", r.kind())?;
    writeln!(out, "- fixable: {}", if r.is_fixable() { "yes" } else { "no" })?;
    writeln!(out, "- source: {}", r.source)?;
    if let Some(n) = r.etiquette {
        writeln!(out, "- etiquette mistake: {n} (docs/ETIQUETTE.md)")?;
    }
    writeln!(out, "- message: {}", r.message)?;
    if let Some(h) = &r.help {
        writeln!(out, "- help: {h}")?;
    }
    if let Some(src) = r.fact_source() {
        writeln!(out, "- limit source: {src}")?;
    }
    if !r.docs.trim().is_empty() {
        writeln!(out, "\n{}", r.docs.trim_end())?;
    }
    if !r.examples.bad.is_empty() || !r.examples.good.is_empty() {
        writeln!(out, "\n## Examples\n")?;
        for b in &r.examples.bad {
            writeln!(out, "Flagged:     {b}")?;
        }
        for g in &r.examples.good {
            writeln!(out, "Not flagged: {g}")?;
        }
    }
    Ok(())
}

/// The error for an id that names no loaded rule, with the ids it may have meant.
pub(crate) fn unknown(rules: &RuleSet, id: &str) -> String {
    let near = rules.similar_ids(id);
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!(" (did you mean `{}`?)", near.join("`, `"))
    };
    format!("unknown rule `{id}`{hint}; run `replylint rules` to list rule ids")
}
