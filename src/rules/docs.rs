//! `docs/rules.md`: every built-in rule's reference page, rendered from the packs. A test keeps
//! the committed file equal to this rendering (`UPDATE_DOCS=1 cargo test` rewrites it).

use std::fmt::Write as _;

use crate::rules::{CATEGORIES, RuleSet};

/// The rule reference as Markdown, grouped by category in ETIQUETTE.md order.
pub fn render_markdown(rules: &RuleSet) -> String {
    let mut out = String::from(
        "# replylint rules\n\nGenerated from `rules/*.toml` by `UPDATE_DOCS=1 cargo test`; do not edit by hand.\n\
         `replylint rule ID` prints the same page for one rule.\n",
    );
    for category in CATEGORIES {
        let in_category: Vec<_> = rules.iter().filter(|r| r.id.category() == category).collect();
        if in_category.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n## {category}\n\n| rule | severity | fixable | summary |\n|---|---|---|---|\n"
        );
        for r in &in_category {
            let off = if r.default { "" } else { " (off by default)" };
            let _ = writeln!(
                out,
                "| [`{id}`](#{anchor}) | {sev}{off} | {fix} | {summary} |",
                id = r.id,
                anchor = r.id.as_str().replace('.', ""),
                sev = r.severity.as_str(),
                fix = if r.is_fixable() { "yes" } else { "no" },
                summary = r.summary,
            );
        }
        for r in in_category {
            let _ = write!(out, "\n### {}\n\n{}\n\n", r.id, r.summary);
            let _ = writeln!(out, "- check kind: `{}`", r.kind());
            if let Some(n) = r.etiquette {
                let _ = writeln!(out, "- etiquette mistake: {n}");
            }
            let _ = writeln!(out, "- message: {}", r.message);
            if let Some(h) = &r.help {
                let _ = writeln!(out, "- help: {h}");
            }
            if let Some(src) = r.fact_source() {
                let _ = writeln!(out, "- limit source: {src}");
            }
            if !r.docs.trim().is_empty() {
                // Demote the rule's own `##` sections below this page's `###` heading.
                let docs = r.docs.trim().replace("\n## ", "\n#### ");
                let docs = docs.strip_prefix("## ").map_or(docs.clone(), |d| format!("#### {d}"));
                let _ = write!(out, "\n{docs}\n");
            }
            if !r.examples.bad.is_empty() || !r.examples.good.is_empty() {
                out.push_str("\n#### Examples\n\n");
                for b in &r.examples.bad {
                    let _ = writeln!(out, "- flagged: `{}`", b.replace('`', "'").replace('\n', "\\n"));
                }
                for g in &r.examples.good {
                    let _ = writeln!(out, "- not flagged: `{}`", g.replace('`', "'").replace('\n', "\\n"));
                }
            }
        }
    }
    out
}
