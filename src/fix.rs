//! Applying fixes: keep those at or above a threshold, in order, skipping overlaps.

use crate::diagnostic::{Applicability, Diagnostic};

/// The text after applying every fix of `diagnostics` at or above `threshold`, and how many
/// fixes were applied. Fixes that overlap an earlier one are skipped (a later pass gets them).
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], threshold: Applicability) -> (String, usize) {
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability >= threshold && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| (e.span.start, e.span.end)));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for fix in fixes {
        let fits = fix.edits.windows(2).all(|w| w[0].span.end <= w[1].span.start)
            && fix.edits.first().is_some_and(|e| e.span.start >= cursor)
            && fix.edits.iter().all(|e| text.get(e.span.start..e.span.end).is_some());
        if !fits {
            continue;
        }
        for e in &fix.edits {
            out.push_str(text.get(cursor..e.span.start).unwrap_or(""));
            out.push_str(&e.replacement);
            cursor = e.span.end;
        }
        applied += 1;
    }
    out.push_str(text.get(cursor..).unwrap_or(""));
    (out, applied)
}
