//! Applying fixes: keep those at or above a threshold, in order, skipping overlaps.

use crate::diagnostic::{Applicability, Diagnostic, Fix};

/// The text after applying every fix of `diagnostics` at or above `threshold`, and how many
/// fixes were applied. Fixes that overlap an earlier one are skipped (a later pass gets them).
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], threshold: Applicability) -> (String, usize) {
    let fixes = select_fixes(text, diagnostics, threshold, &mut |_| true);
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for fix in &fixes {
        for e in &fix.edits {
            out.push_str(text.get(cursor..e.span.start).unwrap_or(""));
            out.push_str(&e.replacement);
            cursor = e.span.end;
        }
    }
    out.push_str(text.get(cursor..).unwrap_or(""));
    (out, fixes.len())
}

/// How many times [`fix_until_stable`] lints and fixes at most: fixes that overlap wait for a
/// later pass, and a fix may make room for another, but a pass that changes nothing ends it.
pub const MAX_PASSES: usize = 10;

/// `text` with its fixes at or above `threshold` applied until a pass changes nothing (at most
/// [`MAX_PASSES`]), and how many fixes were applied in all. `lint` gives all of a text's
/// diagnostics.
///
/// ```
/// use replylint::{Applicability, Conversation, DocKind, Linter, fix_until_stable};
///
/// let linter = Linter::builtin().unwrap();
/// let convo = Conversation::at(jiff::Timestamp::UNIX_EPOCH);
/// let (fixed, n) = fix_until_stable("We recieved the the parcel.", Applicability::Safe, &mut |t| {
///     linter.engine().lint(t, DocKind::Draft, &convo)
/// });
/// assert_eq!(fixed, "We received the parcel.");
/// assert_eq!(n, 2);
/// ```
pub fn fix_until_stable(
    text: &str,
    threshold: Applicability,
    lint: &mut dyn FnMut(&str) -> Vec<Diagnostic>,
) -> (String, usize) {
    let first = lint(text);
    let (fixed, n, _) = fix_from(text, first, threshold, lint);
    (fixed, n)
}

/// [`fix_until_stable`] from `text`'s diagnostics `first`, already linted: the fixed text, how
/// many fixes were applied, and the fixed text's diagnostics (each text is linted once).
pub(crate) fn fix_from(
    text: &str,
    first: Vec<Diagnostic>,
    threshold: Applicability,
    lint: &mut dyn FnMut(&str) -> Vec<Diagnostic>,
) -> (String, usize, Vec<Diagnostic>) {
    let (mut current, mut fixed, mut diagnostics) = (text.to_owned(), 0, first);
    for _ in 0..MAX_PASSES {
        let (next, applied) = apply_fixes(&current, &diagnostics, threshold);
        if applied == 0 || next == current {
            break;
        }
        fixed += applied;
        diagnostics = lint(&next);
        current = next;
    }
    (current, fixed, diagnostics)
}

/// The fixes [`apply_fixes`] applies, in text order: at or above `threshold`, with sorted edits
/// inside `text`, not overlapping an earlier selected one, and accepted by `accept` (asked only
/// of fixes that would otherwise be selected; a refused fix does not block the ones after it).
pub fn select_fixes<'d>(
    text: &str,
    diagnostics: &'d [Diagnostic],
    threshold: Applicability,
    accept: &mut dyn FnMut(&Fix) -> bool,
) -> Vec<&'d Fix> {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability >= threshold && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| (e.span.start, e.span.end)));
    let mut cursor = 0;
    let mut selected = Vec::new();
    for fix in fixes {
        let fits = fix.edits.windows(2).all(|w| w[0].span.end <= w[1].span.start)
            && fix.edits.first().is_some_and(|e| e.span.start >= cursor)
            && fix.edits.iter().all(|e| text.get(e.span.start..e.span.end).is_some());
        if !fits || !accept(fix) {
            continue;
        }
        cursor = fix.edits.last().map_or(cursor, |e| e.span.end);
        selected.push(fix);
    }
    selected
}
