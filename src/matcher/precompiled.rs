//! The built-in packs' regexes, compiled to DFAs at build time.
//!
//! Compiling a regex when a draft first needs it (parse, translate, build the NFA) costs about
//! 1.6M instructions a pattern: most of what one draft's start-up costs. `build.rs` reads the
//! list in `rules/data/builtin-patterns.txt` (kept equal to the packs by a test), builds each
//! pattern's forward and reverse dense DFAs with the syntax [`super::build_regex`] uses, and
//! embeds them; here they are only validated (linear in their size, so each direction is
//! loaded when a search first needs it) and wrapped. A pattern that is not in the list (a pack
//! from disk, a list gone stale) or whose DFA was too big to embed is compiled at run time as
//! before: the list only decides what is fast, never what matches.

use regex_automata::dfa::{dense, regex::Regex};

/// A DFA over the embedded bytes.
pub(crate) type Dfa = dense::DFA<&'static [u32]>;

/// A built-in regex, ready to search: forward DFA for the end of a match, reverse for its start.
pub(crate) type Precompiled = Regex<Dfa>;

/// The embedded bytes, aligned as the DFAs' `u32` transition tables need.
#[repr(C, align(8))]
struct Aligned<T: ?Sized> {
    bytes: T,
}

static BLOB: &Aligned<[u8]> = &Aligned {
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/patterns.dfa")),
};

/// One listed pattern: its source and case flag, and where its forward and reverse DFAs are in
/// [`BLOB`] (`(offset, length)`; both lengths 0 when it was too big to embed). Sorted by
/// `(source, case_sensitive)`.
struct Entry {
    source: &'static str,
    case_sensitive: bool,
    forward: (usize, usize),
    reverse: (usize, usize),
    /// Its prefilter's needles (see [`super::needles`]), `None` when none are known.
    needles: Option<&'static [&'static str]>,
}

#[allow(clippy::unreadable_literal)] // generated offsets
static INDEX: &[Entry] = &include!(concat!(env!("OUT_DIR"), "/patterns-index.rs"));

/// The embedded forward DFA of `source` compiled with `case_sensitive`, if it has one: enough to
/// tell whether it matches, and where a match ends.
pub(crate) fn forward(source: &str, case_sensitive: bool) -> Option<Dfa> {
    load(find(source, case_sensitive)?.forward)
}

/// Both embedded DFAs of `source` as a regex that finds where matches start and end. `forward`
/// is the one [`forward`] returned (a cheap copy: it borrows the embedded bytes).
pub(crate) fn with_reverse(source: &str, case_sensitive: bool, forward: Dfa) -> Option<Precompiled> {
    let reverse = load(find(source, case_sensitive)?.reverse)?;
    Some(Regex::builder().build_from_dfas(forward, reverse))
}

/// Whether `source` compiled with `case_sensitive` has an embedded forward DFA (found in the
/// index; nothing is loaded).
pub(crate) fn is_embedded(source: &str, case_sensitive: bool) -> bool {
    find(source, case_sensitive).is_some_and(|e| e.forward.1 > 0)
}

/// The needles `build.rs` found for `source` compiled with `case_sensitive`: `None` when it is
/// not listed, an empty list when it is but none are known.
pub(crate) fn needles(source: &str, case_sensitive: bool) -> Option<&'static [&'static str]> {
    find(source, case_sensitive).map(|e| e.needles.unwrap_or(&[]))
}

fn find(source: &str, case_sensitive: bool) -> Option<&'static Entry> {
    let at = INDEX
        .binary_search_by(|e| (e.source, e.case_sensitive).cmp(&(source, case_sensitive)))
        .ok()?;
    INDEX.get(at)
}

/// The DFA at `(offset, len)` of [`BLOB`]. Validating it is linear in its size (about three
/// instructions a byte), which is why each direction is loaded only when a search needs it.
fn load((offset, len): (usize, usize)) -> Option<Dfa> {
    if len == 0 {
        return None;
    }
    let bytes = BLOB.bytes.get(offset..offset.checked_add(len)?)?;
    dense::DFA::from_bytes(bytes).ok().map(|(dfa, _)| dfa)
}

/// Every listed `(source, case_sensitive)` and whether it has DFAs, in index order.
#[cfg(test)]
pub(crate) fn listed() -> impl Iterator<Item = (&'static str, bool, bool)> {
    INDEX.iter().map(|e| (e.source, e.case_sensitive, e.forward.1 > 0))
}
