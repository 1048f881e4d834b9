//! `Matcher`: literal phrases (one aho-corasick automaton, whole words, ASCII case-insensitive)
//! plus optional regexes, shared by every check kind that looks for wording.
//!
//! Phrases containing a straight apostrophe also match the typographic one (`don't`/`don’t`),
//! and white space inside a phrase is a single space. Regexes should use ASCII classes and
//! `(?-u:\b)`: Unicode word boundaries make the regex DFA give up on non-ASCII text.
//!
//! Everything is checked at load time (so pack errors are located) but built on first use: a
//! process that lints one draft pays only for the automata and regexes that draft needs.
//! A `prefilter` (phrases at least one of which every regex match contains) lets a regex be
//! skipped, and never compiled, for texts that cannot match.

mod needles;
mod precompiled;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::dfa::Automaton;
use regex_automata::meta::{self, Regex};
use regex_automata::util::iter::Searcher;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchError};

use self::precompiled::{Dfa, Precompiled};

use crate::span::Span;
use crate::spec::{At, SpecError};

/// Whether a pack's regexes are checked when it loads (parsed as the compiler will see them, and
/// compiled once to find the ones too big), so that an error names the pack's line, not a
/// failure at lint time. Packs from disk or memory are; the built-in packs, which a test checks
/// in full, are trusted, to keep start-up fast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatternCheck {
    /// Check every regex at load.
    Full,
    /// Trust the regexes (the built-in packs).
    Trusted,
}

/// Above this many `text bytes × phrases`, phrase lists are matched with an automaton.
const NAIVE_SCAN_BUDGET: usize = 400_000;

/// Above this many `text bytes × phrases` scanned phrase by phrase over a process's life (a
/// library of short records, or one list asked about many sentences), the list builds its
/// automaton: from then on it costs less than the scans it replaces.
const NAIVE_LIFETIME_BUDGET: usize = 4 * NAIVE_SCAN_BUDGET;

/// Phrases, compiled into an automaton on first use.
#[derive(Debug, Default)]
struct Phrases {
    /// The search forms of the phrases ([`push_variants`]), lowercased when matching ignores
    /// case. Made from the phrases as they were loaded, which are moved in, not copied.
    list: Vec<String>,
    case_sensitive: bool,
    automata: TwoSpeed,
    /// `text bytes × phrases` scanned phrase by phrase so far (see [`NAIVE_LIFETIME_BUDGET`]).
    naive_work: AtomicUsize,
}

/// An automaton in two kinds, each built on first use: one that builds in microseconds, for
/// short texts (a draft), and a DFA that costs more to build and searches several times
/// faster, for long texts and once the first has searched a library's worth of short ones.
/// Both find the same matches.
#[derive(Debug, Default)]
struct TwoSpeed {
    quick: OnceLock<Option<AhoCorasick>>,
    fast: OnceLock<Option<AhoCorasick>>,
    /// Bytes searched with `quick` so far (see [`FAST_LIFETIME_BYTES`]).
    searched: AtomicUsize,
}

impl TwoSpeed {
    /// Whether either kind is built.
    fn is_built(&self) -> bool {
        self.quick.get().is_some() || self.fast.get().is_some()
    }

    /// The automaton for a text of `len` bytes; `build` makes one of a kind (`None`: there is
    /// none to make).
    fn get(&self, len: usize, build: impl FnOnce(AhoCorasickKind) -> Option<AhoCorasick>) -> Option<&AhoCorasick> {
        let long = len >= FAST_SEARCH_BYTES
            || self.fast.get().is_some()
            || self.searched.fetch_add(len, Ordering::Relaxed) > FAST_LIFETIME_BYTES;
        let (cell, kind) = if long {
            (&self.fast, AhoCorasickKind::DFA)
        } else {
            (&self.quick, AhoCorasickKind::NoncontiguousNFA)
        };
        cell.get_or_init(|| build(kind)).as_ref()
    }
}

/// From this many bytes of text on, phrases are searched with the faster automaton.
const FAST_SEARCH_BYTES: usize = 16 << 10;

/// Once an automaton has searched this many bytes over a process's life (a library of short
/// records), the faster one is built: the search is what costs from then on. The overlapping
/// search of the quick kind costs several times the DFA's a byte, so building the DFA (under a
/// millisecond for the longest built-in list) pays for itself within some tens of kilobytes.
const FAST_LIFETIME_BYTES: usize = 1 << 16;

impl Phrases {
    fn new(phrases: Vec<String>, case_sensitive: bool) -> Result<Self, SpecError> {
        if !phrases.is_empty() && phrases.iter().all(|p| p.trim().is_empty()) {
            return Err(SpecError::new("a phrase list holds only empty phrases"));
        }
        let mut list = Vec::with_capacity(phrases.len());
        for phrase in phrases {
            push_variants(phrase, &mut list);
        }
        Ok(Self::of_forms(list, case_sensitive))
    }

    /// Phrases searched for exactly as `list` has them, but for ASCII case when matching
    /// ignores it.
    fn of_forms(mut list: Vec<String>, case_sensitive: bool) -> Self {
        if !case_sensitive {
            for p in &mut list {
                p.make_ascii_lowercase();
            }
        }
        Self {
            list,
            case_sensitive,
            automata: TwoSpeed::default(),
            naive_work: AtomicUsize::new(0),
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Whether any phrase occurs anywhere in `text` (no word-boundary check). Stops at the
    /// first occurrence: on a long text, listing them all is most of the cost.
    fn occurs_in(&self, text: &str) -> bool {
        let list = &self.list;
        if list.is_empty() {
            return false;
        }
        if self.use_automaton(text, list.len()) {
            return self.automaton(text.len()).is_some_and(|ac| ac.is_match(text));
        }
        if self.case_sensitive {
            list.iter().any(|needle| text.contains(needle.as_str()))
        } else {
            let folded = text.to_ascii_lowercase();
            list.iter().any(|needle| folded.contains(needle.as_str()))
        }
    }

    /// Whether `text` is searched with the automaton rather than phrase by phrase: when the
    /// text is long for the list, when the automaton is already built, or when this list has
    /// already scanned enough text one phrase at a time that building it pays.
    fn use_automaton(&self, text: &str, phrases: usize) -> bool {
        let work = text.len().saturating_mul(phrases);
        work > NAIVE_SCAN_BUDGET
            || self.automata.is_built()
            || self.naive_work.fetch_add(work, Ordering::Relaxed) > NAIVE_LIFETIME_BUDGET
    }

    /// The automaton for a text of `len` bytes ([`TwoSpeed`]).
    fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        let list = &self.list;
        if list.is_empty() {
            return None;
        }
        self.automata.get(len, |kind| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(!self.case_sensitive)
                .match_kind(MatchKind::Standard)
                .kind(Some(kind))
                .build(list)
                .ok()
        })
    }

    /// Every occurrence of every phrase, overlapping, as byte ranges. Short texts are scanned
    /// phrase by phrase (cheaper than building the automaton for one draft); long texts use the
    /// automaton. Both find exactly the same occurrences.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize)> {
        let list = &self.list;
        if list.is_empty() {
            return Vec::new();
        }
        if self.use_automaton(text, list.len()) {
            return self
                .automaton(text.len())
                .map(|ac| ac.find_overlapping_iter(text).map(|m| (m.start(), m.end())).collect())
                .unwrap_or_default();
        }
        self.scan(text, list)
    }

    /// [`Self::occurrences`] phrase by phrase.
    fn scan(&self, text: &str, list: &[String]) -> Vec<(usize, usize)> {
        let folded;
        let haystack = if self.case_sensitive {
            text
        } else {
            folded = text.to_ascii_lowercase();
            folded.as_str()
        };
        let mut out = Vec::new();
        for needle in list {
            // Most phrases are absent. `contains` answers that with a vectorised search and no
            // set-up, where `find` first builds a two-way searcher for the needle.
            if !haystack.contains(needle.as_str()) {
                continue;
            }
            let mut from = 0;
            while let Some(i) = haystack.get(from..).and_then(|h| h.find(needle.as_str())) {
                let start = from + i;
                out.push((start, start + needle.len()));
                // Step one character, so overlapping occurrences are found too.
                from = start
                    + haystack
                        .get(start..)
                        .and_then(|h| h.chars().next())
                        .map_or(1, char::len_utf8);
            }
        }
        out
    }

    /// Whole-word hits, longest first where they overlap.
    fn find_all(&self, text: &str) -> Vec<Span> {
        let mut hits: Vec<Span> = Vec::new();
        for (s, e) in self.occurrences(text) {
            let starts_word = text
                .get(s..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_alphanumeric);
            let ends_word = text
                .get(..e)
                .and_then(|t| t.chars().next_back())
                .is_some_and(char::is_alphanumeric);
            if (starts_word && is_word_char(text, s, true)) || (ends_word && is_word_char(text, e, false)) {
                continue;
            }
            hits.push(Span::new(s, e));
        }
        hits.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut out = Vec::with_capacity(hits.len());
        let mut last_end = 0;
        for h in hits {
            if h.end > last_end {
                last_end = h.end;
                out.push(h);
            }
        }
        out
    }
}

/// One regex, compiled on first use. Before that, its needles (strings one of which every match
/// contains, read off its syntax tree: a fraction of the cost of compiling it) rule out texts
/// that cannot match, so a draft pays only for the regexes it could trigger.
struct Pattern {
    source: String,
    case_sensitive: bool,
    /// Needles found in its syntax tree when it was parsed at load time (a pack from disk); the
    /// built-in patterns' were found by `build.rs` and are embedded.
    needles: Option<Vec<String>>,
    /// The needles, searched for as a phrase list is (one by one in short texts, with an
    /// automaton in long ones). `None` inside: no needles known (the pattern may match the
    /// empty string, or text made only of wide classes such as `\w+`).
    prefilter: OnceLock<Option<Phrases>>,
    /// The forward DFA built for it at build time (`None` inside: it has none, see
    /// [`precompiled`]): whether it matches. Searches use the DFAs when they can; [`Self::regex`]
    /// is compiled only for what they cannot do (capture groups), and only once they have found
    /// a match.
    /// Boxed, as [`Self::dfa`] is: a DFA is large inline (768 bytes) and most patterns never
    /// load theirs for a given draft.
    forward: OnceLock<Option<Box<Dfa>>>,
    /// The forward and reverse DFAs together: where its matches start and end.
    dfa: OnceLock<Option<Box<Precompiled>>>,
    /// `None` inside: the pattern failed to compile (checked at load time for packs from disk).
    regex: OnceLock<Option<Regex>>,
}

#[cfg(test)]
thread_local! {
    /// What [`Pattern::new`] sees on this thread inside [`patterns_seen`].
    static SEEN: std::cell::RefCell<Option<Vec<(String, bool)>>> = const { std::cell::RefCell::new(None) };
}

/// Every `(source, case_sensitive)` a pattern is made with on this thread while `f` runs, in
/// order: how a test lists the built-in packs' regexes without knowing which fields hold them.
#[cfg(test)]
pub(crate) fn patterns_seen(f: impl FnOnce()) -> Vec<(String, bool)> {
    SEEN.with(|s| *s.borrow_mut() = Some(Vec::new()));
    f();
    SEEN.with(|s| s.borrow_mut().take()).unwrap_or_default()
}

/// Every pattern that has DFAs built in, with whether it has them: `(source, case_sensitive,
/// has_dfas)`.
#[cfg(test)]
pub(crate) fn precompiled_patterns() -> Vec<(&'static str, bool, bool)> {
    precompiled::listed().collect()
}

/// At most this many distinct prefixes make a prefilter; more, and the regex is run as is.
const MAX_PREFIXES: usize = 200;

/// How many characters of each prefix are kept: enough to rule most texts out.
const PREFIX_LEN: usize = 3;

/// The literal prefixes every match of `source` starts with (after zero-width assertions such
/// as `\b`), read off the pattern text for the shapes rule packs use: a literal, or a group of
/// alternatives that each start with a literal (`(?i)(?-u:\b)(?:refund|return)s?`). `None` when
/// some match may start otherwise (a class, a repetition, an escape class), so that the
/// prefilter never rules out a text the regex would match. Much cheaper than parsing the
/// pattern, which is most of what compiling it costs.
fn literal_prefixes(source: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    alternatives(&chars, 0, chars.len(), &mut out)?;
    Some(out)
}

/// The index just past the group that opens at `open` (a `(`), or `None` when unbalanced.
fn group_end(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    let mut in_class = false;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Prefixes of the alternation in `chars[from..to]`, pushed to `out`.
fn alternatives(chars: &[char], from: usize, to: usize, out: &mut Vec<String>) -> Option<()> {
    // Split at top-level `|`.
    let mut start = from;
    let mut i = from;
    while i < to {
        match chars.get(i)? {
            '\\' => i += 1,
            '[' => {
                while i < to && chars.get(i) != Some(&']') {
                    i += if chars.get(i) == Some(&'\\') { 2 } else { 1 };
                }
            }
            '(' => i = group_end(chars, i)? - 1,
            '|' => {
                prefix(chars, start, i, out)?;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    prefix(chars, start, to, out)
}

/// The literal prefix of one alternative `chars[from..to]`.
fn prefix(chars: &[char], mut i: usize, to: usize, out: &mut Vec<String>) -> Option<()> {
    let quantified = |at: usize| matches!(chars.get(at), Some('?' | '*' | '{'));
    // Zero-width assertions and flag groups first.
    loop {
        let rest: String = chars.get(i..to)?.iter().take(12).collect();
        if rest.starts_with("\\b") || rest.starts_with("\\A") {
            i += 2;
        } else if rest.starts_with('^') {
            i += 1;
        } else if rest.starts_with("(?") {
            let end = group_end(chars, i)?;
            let inner: String = chars.get(i + 2..end - 1)?.iter().collect();
            if let Some((flags, body)) = inner.split_once(':') {
                if flags.contains('x') {
                    return None;
                }
                if body == "\\b" || body == "\\B" {
                    i = end; // `(?-u:\b)`
                } else {
                    // A group `(?:a|b)` or `(?i:a|b)` at the start: its alternatives.
                    if quantified(end) {
                        return None;
                    }
                    return alternatives(chars, i + 2 + flags.chars().count() + 1, end - 1, out);
                }
            } else if inner.chars().all(|c| c.is_ascii_alphabetic() || c == '-') && !inner.contains('x') {
                i = end; // `(?i)`, `(?i-u)`
            } else {
                return None;
            }
        } else if rest.starts_with('(') {
            let end = group_end(chars, i)?;
            if quantified(end) {
                return None;
            }
            return alternatives(chars, i + 1, end - 1, out);
        } else {
            break;
        }
    }
    let mut literal = String::new();
    while i < to && literal.chars().count() < PREFIX_LEN {
        let c = *chars.get(i)?;
        let (ch, width) = match c {
            '\\' => match chars.get(i + 1)? {
                c @ ('.' | '-' | '#' | '/' | '?' | '!' | '(' | ')' | '[' | ']' | '{' | '}' | '*' | '+' | '|' | '^'
                | '$' | '\\' | ' ') => (*c, 2),
                't' => ('\t', 2),
                _ => break,
            },
            '.' | '[' | '(' | ')' | '|' | '*' | '+' | '?' | '{' | '^' | '$' => break,
            c => (c, 1),
        };
        // A character made optional by what follows it is not part of every match; one that may
        // repeat is, but nothing after it can be relied on.
        if quantified(i + width) {
            break;
        }
        literal.push(ch);
        if chars.get(i + width) == Some(&'+') {
            break;
        }
        i += width;
    }
    if literal.is_empty() {
        return None;
    }
    out.push(literal);
    Some(())
}

/// What the pattern is, not what it has cached: a pattern read from a pack on disk and the same
/// built-in one read from its compact form are the same pattern.
impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field("case_sensitive", &self.case_sensitive)
            .finish_non_exhaustive()
    }
}

impl Pattern {
    fn new(source: &str, case_sensitive: bool) -> Self {
        #[cfg(test)]
        SEEN.with(|s| {
            if let Some(seen) = s.borrow_mut().as_mut() {
                seen.push((source.to_owned(), case_sensitive));
            }
        });
        Self {
            source: source.to_owned(),
            case_sensitive,
            needles: None,
            prefilter: OnceLock::new(),
            forward: OnceLock::new(),
            dfa: OnceLock::new(),
            regex: OnceLock::new(),
        }
    }

    /// The built-in forward DFA, if this pattern has one.
    fn forward(&self) -> Option<&Dfa> {
        self.forward
            .get_or_init(|| precompiled::forward(&self.source, self.case_sensitive).map(Box::new))
            .as_deref()
    }

    /// The built-in DFAs, if this pattern has them.
    fn dfa(&self) -> Option<&Precompiled> {
        self.dfa
            .get_or_init(|| {
                let forward = self.forward()?.clone();
                precompiled::with_reverse(&self.source, self.case_sensitive, forward).map(Box::new)
            })
            .as_deref()
    }

    /// Whether searching would first compile the regex: it has no embedded DFA and was not
    /// compiled yet.
    fn compiles_to_search(&self) -> bool {
        self.regex.get().is_none() && !precompiled::is_embedded(&self.source, self.case_sensitive)
    }

    /// Whether the pattern matches in `text` (which has passed [`Self::may_match`]).
    fn is_match(&self, text: &str) -> bool {
        if let Some(dfa) = self.forward() {
            // These DFAs have no quit bytes, so they cannot fail; if one did, the regex decides.
            if let Ok(found) = dfa.try_search_fwd(&Input::new(text).earliest(true)) {
                return found.is_some();
            }
        }
        self.regex().is_some_and(|re| re.is_match(text))
    }

    /// Every non-empty match in `text`, leftmost-first as [`Regex::find_iter`] finds them.
    fn find_all(&self, text: &str, out: &mut Vec<Span>) {
        let mut add = |start: usize, end: usize| {
            if end > start {
                out.push(Span::new(start, end));
            }
        };
        // Most texts hold no match, which the forward DFA alone can tell: the reverse one is
        // loaded (validated, a cost that grows with its size) only for a text that has one.
        if self.forward().is_some() && !self.is_match(text) {
            return;
        }
        if let Some(dfa) = self.dfa() {
            let mut found = Vec::new();
            let all: Result<(), MatchError> = Searcher::new(Input::new(text))
                .into_matches_iter(|input| dfa.try_search(input))
                .try_for_each(|m| {
                    let m = m?;
                    found.push((m.start(), m.end()));
                    Ok(())
                });
            if all.is_ok() {
                for (s, e) in found {
                    add(s, e);
                }
                return;
            }
        }
        if let Some(re) = self.regex() {
            re.find_iter(text).for_each(|m| add(m.start(), m.end()));
        }
    }

    /// The same pattern with the needles its parsed syntax tree gave.
    fn with_needles(mut self, needles: Option<Vec<String>>) -> Self {
        self.needles = needles;
        self
    }

    /// Strings one of which every match contains, lowercase: the needles found in the syntax
    /// tree (at build time for the built-in patterns), else the literal prefixes.
    fn needle_list(&self) -> Option<Vec<String>> {
        if let Some(list) = &self.needles {
            return Some(list.clone());
        }
        if let Some(list) = precompiled::needles(&self.source, self.case_sensitive).filter(|list| !list.is_empty()) {
            return Some(list.iter().map(|n| (*n).to_owned()).collect());
        }
        Some(
            literal_prefixes(&self.source)?
                .into_iter()
                .map(|p| p.to_ascii_lowercase())
                .collect(),
        )
    }

    /// Whether `text` could hold a match: it contains one of the pattern's needles (ignoring
    /// ASCII case), or the pattern has none.
    fn may_match(&self, text: &str) -> bool {
        let prefilter = self.prefilter.get_or_init(|| {
            let mut list = self.needle_list()?;
            list.sort();
            list.dedup();
            if list.is_empty() || list.iter().any(String::is_empty) || list.len() > MAX_PREFIXES {
                return None;
            }
            Some(Phrases::of_forms(list, false))
        });
        // The two non-ASCII letters that case-fold to ASCII ones (the Kelvin sign, the long s)
        // would slip past an ASCII-case-insensitive prefilter; a case-sensitive pattern may
        // ignore case in a group (`(?i:your)`), so this holds for every pattern.
        if holds_ascii_folding_letter(text) {
            return true;
        }
        prefilter.as_ref().is_none_or(|needles| needles.occurs_in(text))
    }

    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| {
                // Syntax was checked at load time; a pattern that still fails (size limits) is
                // dropped rather than crashing a lint run.
                build_regex(&self.source, self.case_sensitive).ok()
            })
            .as_ref()
    }
}

/// The most memory one compiled pattern may take (the regex crate's own default, stated here
/// because a pack from disk is untrusted input): a pattern over it is a load error.
pub(crate) const REGEX_SIZE_LIMIT: usize = 10 * (1 << 20);

/// The most memory one pattern's lazy DFA may cache while searching; past it the search goes on
/// more slowly, never with more memory.
pub(crate) const REGEX_DFA_SIZE_LIMIT: usize = 2 * (1 << 20);

/// How deeply a pattern's groups and repetitions may nest.
pub(crate) const REGEX_NEST_LIMIT: u32 = 100;

/// Whether `text` holds the Kelvin sign or the long s, the two non-ASCII letters that case-fold
/// to ASCII ones. Asked of every text by every case-insensitive pattern: an ASCII text is told
/// by one vectorised test, and any other by two substring searches, where `str::contains` of
/// the two characters decodes the text character by character.
fn holds_ascii_folding_letter(text: &str) -> bool {
    !text.is_ascii()
        && ["\u{212A}", "\u{17F}"]
            .iter()
            .any(|c| memchr::memmem::find(text.as_bytes(), c.as_bytes()).is_some())
}

/// Every pattern is built with the same limits, and the same syntax as the `regex` crate's
/// defaults. Without the engine's own literal prefilter: extracting it is most of what compiling a
/// big case-insensitive alternation costs (half of one draft's start-up), and each pattern is only
/// run on texts that already passed its literal prefixes (`Pattern::may_match`).
pub(crate) fn build_regex(source: &str, case_sensitive: bool) -> Result<Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .auto_prefilter(false)
                .utf8_empty(true)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(REGEX_DFA_SIZE_LIMIT),
        )
        .syntax(
            syntax::Config::new()
                .case_insensitive(!case_sensitive)
                .nest_limit(REGEX_NEST_LIMIT),
        )
        .build(source)
        .map_err(Box::new)
}

/// A compiled set of phrases and patterns.
#[derive(Debug, Default)]
pub(crate) struct Matcher {
    phrases: Phrases,
    /// Patterns, checked for syntax at load time and compiled on first use, one by one.
    patterns: Vec<Pattern>,
    /// Literals at least one of which every regex match contains (case-insensitive).
    prefilter: Phrases,
}

fn is_word_char(text: &str, at: usize, before: bool) -> bool {
    let c = if before {
        text.get(..at).and_then(|s| s.chars().next_back())
    } else {
        text.get(at..).and_then(|s| s.chars().next())
    };
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Push the search forms of a phrase: its words one space apart, and with a typographic
/// apostrophe for each straight one. Lists hold thousands of phrases and one draft builds them
/// all, so a phrase already written so is moved, not split and joined. A blank phrase has none.
fn push_variants(phrase: String, out: &mut Vec<String>) {
    let (spaced, apostrophe) = shape(&phrase);
    let collapsed = if spaced {
        phrase
    } else {
        phrase.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if collapsed.is_empty() {
        return;
    }
    let curly = apostrophe.then(|| collapsed.replace('\'', "\u{2019}"));
    out.push(collapsed);
    out.extend(curly);
}

/// Whether `phrase` is already spaced as it is searched for (words apart by one space, no other
/// white space, none at the ends), and whether it holds a straight apostrophe. One byte pass
/// for an ASCII phrase (nearly all of them): a pack's phrase lists hold thousands, and a draft's
/// start-up compiles the lists of every rule it reaches.
fn shape(phrase: &str) -> (bool, bool) {
    let bytes = phrase.as_bytes();
    if !bytes.is_ascii() {
        let spaced = !phrase.starts_with(' ')
            && !phrase.ends_with(' ')
            && !phrase.contains("  ")
            && phrase.chars().all(|c| c == ' ' || !c.is_whitespace());
        return (spaced, phrase.contains('\''));
    }
    let mut spaced = bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ');
    let mut apostrophe = false;
    let mut after_space = false;
    for &b in bytes {
        let space = b == b' ';
        // The ASCII white space `char::is_whitespace` knows, but for the space itself.
        if (space && after_space) || matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            spaced = false;
        }
        apostrophe |= b == b'\'';
        after_space = space;
    }
    (spaced, apostrophe)
}

impl Matcher {
    /// Check `phrases` and `patterns`; they are compiled on first use.
    pub(crate) fn new(
        check: PatternCheck,
        phrases: Vec<String>,
        patterns: &[At<String>],
        case_sensitive: bool,
    ) -> Result<Self, SpecError> {
        let mut found = Vec::with_capacity(patterns.len());
        for p in patterns {
            let invalid = |e: &dyn std::fmt::Display| {
                SpecError::at(format!("invalid regex: {}", first_line(&e.to_string())), p.span())
            };
            if check == PatternCheck::Full {
                let hir = regex_syntax::ParserBuilder::new()
                    .nest_limit(REGEX_NEST_LIMIT)
                    .case_insensitive(!case_sensitive)
                    .build()
                    .parse(p.get_ref())
                    .map_err(|e| invalid(&e))?;
                found.push(needles::needles(&hir));
                // A pattern can parse and still be too big to compile (`\w{1000}{1000}`): find out
                // now, where the error can name the line, not silently at lint time.
                if let Err(e) = build_regex(p.get_ref(), case_sensitive) {
                    // The builder's own words for a size limit are only "error building NFA".
                    let why = match e.size_limit() {
                        Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes"),
                        None => first_line(&e.to_string()).trim_end_matches('.').to_owned(),
                    };
                    return Err(SpecError::at(
                        format!("regex cannot be compiled: {why}; make it smaller or split it"),
                        p.span(),
                    ));
                }
            }
        }
        Ok(Self {
            phrases: Phrases::new(phrases, case_sensitive)?,
            patterns: patterns
                .iter()
                .zip(found.into_iter().map(Some).chain(std::iter::repeat(None)))
                .map(|(p, needles)| Pattern::new(p.get_ref(), case_sensitive).with_needles(needles.flatten()))
                .collect(),
            prefilter: Phrases::default(),
        })
    }

    /// Skip the regexes for texts that hold none of `literals` (matched anywhere, ignoring
    /// ASCII case). Every match of every pattern must contain one of them.
    pub(crate) fn with_prefilter(mut self, literals: Vec<String>) -> Result<Self, SpecError> {
        if literals.iter().any(String::is_empty) {
            return Err(SpecError::new(
                "`prefilter` holds an empty string, which would match everything",
            ));
        }
        // Literals as written but for ASCII case, which they are matched ignoring: white space
        // matters here (`"  "` finds double spaces).
        self.prefilter = Phrases::of_forms(literals, false);
        Ok(self)
    }

    /// Whether a search could compile a regex first (see [`Pattern::compiles_to_search`]), which
    /// costs more than most other questions a check asks about one draft.
    pub(crate) fn compiles_to_search(&self) -> bool {
        self.patterns.iter().any(Pattern::compiles_to_search)
    }

    /// Whether nothing was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.phrases.is_empty() && self.patterns.is_empty()
    }

    /// Whether the regexes could match `text` at all, by the `prefilter` literals.
    pub(crate) fn may_match(&self, text: &str) -> bool {
        self.prefilter.is_empty() || self.prefilter.occurs_in(text)
    }

    /// Every match in `text`: whole-word phrase hits (longest wins where they overlap) and regex
    /// hits, sorted by position.
    pub(crate) fn find_all(&self, text: &str) -> Vec<Span> {
        let mut out = self.phrases.find_all(text);
        if !self.patterns.is_empty() && self.may_match(text) {
            for p in self.patterns.iter().filter(|p| p.may_match(text)) {
                p.find_all(text, &mut out);
            }
            out.sort();
            out.dedup();
        }
        out
    }

    /// Whether anything matches in `text`. Phrases are tried first, then the regexes in order,
    /// each compiled only when the ones before it did not settle it.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        !self.phrases.find_all(text).is_empty()
            || (!self.patterns.is_empty()
                && self.may_match(text)
                && self.patterns.iter().any(|p| p.may_match(text) && p.is_match(text)))
    }

    /// The compiled regexes that match in `text` (for kinds that need capture groups); the
    /// others are not compiled.
    pub(crate) fn patterns_for(&self, text: &str) -> Vec<&Regex> {
        if !self.may_match(text) {
            return Vec::new();
        }
        self.patterns
            .iter()
            .filter(|p| p.may_match(text) && p.is_match(text))
            .filter_map(Pattern::regex)
            .collect()
    }
}

/// The first line of a multi-line error (regex errors draw their own carets).
pub(crate) fn first_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map_or_else(
            || s.lines().next().unwrap_or(s).to_owned(),
            |l| l.trim_start().trim_start_matches("error:").trim().to_owned(),
        )
}

#[cfg(test)]
mod tests {
    use super::{Matcher, PatternCheck};

    fn hits(phrases: &[&str], text: &str) -> Vec<String> {
        let phrases: Vec<String> = phrases.iter().map(|s| (*s).to_owned()).collect();
        let m = Matcher::new(PatternCheck::Full, phrases, &[], false).unwrap();
        m.find_all(text)
            .into_iter()
            .map(|s| s.text(text).unwrap().to_owned())
            .collect()
    }

    proptest::proptest! {
        /// The byte pass over an ASCII phrase says what the `char` rules say, for every ASCII
        /// control and white-space byte.
        #[test]
        fn ascii_shape_agrees_with_the_char_rules(phrase in "[ \t\n\x0b\x0c\r\x1c\x1f\x00a'b]{0,8}") {
            let spaced = !phrase.starts_with(' ')
                && !phrase.ends_with(' ')
                && !phrase.contains("  ")
                && phrase.chars().all(|c| c == ' ' || !c.is_whitespace());
            proptest::prop_assert_eq!(super::shape(&phrase), (spaced, phrase.contains('\'')));
        }
    }

    proptest::proptest! {
        /// A phrase's search forms: its words joined by one space, plus the curly-apostrophe
        /// form, however the phrase was spaced.
        #[test]
        fn variants_collapse_white_space(phrase in "[ a\t\n\u{a0}'b]{0,8}") {
            let collapsed = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut expected = Vec::new();
            if !collapsed.is_empty() {
                expected.push(collapsed.clone());
            }
            if collapsed.contains('\'') {
                expected.push(collapsed.replace('\'', "\u{2019}"));
            }
            let mut got = Vec::new();
            super::push_variants(phrase, &mut got);
            proptest::prop_assert_eq!(got, expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A list may search phrase by phrase, with the quick automaton or with the DFA, and
        /// switches as a process goes on: all three find the same occurrences.
        #[test]
        fn every_search_path_finds_the_same_occurrences(
            phrases in proptest::collection::vec("[aAbB’' é]{1,4}", 1..6),
            text in "[aAbB’' é\n]{0,40}",
            case_sensitive in proptest::prelude::any::<bool>(),
            literals in proptest::prelude::any::<bool>(),
        ) {
            let make = || -> Option<super::Phrases> {
                if literals {
                    Matcher::default().with_prefilter(phrases.clone()).ok().map(|m| m.prefilter)
                } else {
                    super::Phrases::new(phrases.clone(), case_sensitive).ok()
                }
            };
            let Some(naive) = make() else { return Ok(()) };
            let (quick, fast) = (make().unwrap(), make().unwrap());
            quick.automaton(0);
            fast.automaton(super::FAST_SEARCH_BYTES);
            let sorted = |p: &super::Phrases| {
                let mut v = p.occurrences(&text);
                v.sort_unstable();
                v
            };
            let expected = sorted(&naive);
            proptest::prop_assert_eq!(&sorted(&quick), &expected);
            proptest::prop_assert_eq!(&sorted(&fast), &expected);
            for p in [&naive, &quick, &fast] {
                proptest::prop_assert_eq!(p.occurs_in(&text), !expected.is_empty());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_letters_are_found_as_by_chars(text in "[a\u{212A}\u{17F}\u{2126}\u{17E}é\u{2129} ]{0,12}") {
            proptest::prop_assert_eq!(
                super::holds_ascii_folding_letter(&text),
                text.contains(['\u{212A}', '\u{17F}'])
            );
        }
    }

    #[test]
    fn whole_words_only_and_longest_wins() {
        assert_eq!(hits(&["oh great", "great"], "Oh great, again."), ["Oh great"]);
        assert!(hits(&["calm down"], "to calm downtown").is_empty());
        assert_eq!(hits(&["don't"], "I don’t know"), ["don’t"]);
        assert_eq!(hits(&["🙄"], "sure🙄"), ["🙄"]);
    }

    #[test]
    fn literal_prefixes_are_safe() {
        use super::literal_prefixes as p;
        let v = |x: &[&str]| Some(x.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(p(r"(?i)(?-u:\b)(?:refund|return)s?"), v(&["ref", "ret"]));
        assert_eq!(
            p(r"(?i-u)\bI(?:'ve| have)"),
            v(&["I"]),
            "a group after the literal ends it"
        );
        assert_eq!(p(r"ships?|arrives?"), v(&["shi", "arr"]));
        assert_eq!(p(r"ab?c"), v(&["a"]));
        assert_eq!(p(r"ab+c"), v(&["ab"]));
        assert_eq!(
            p(r"(?:(?-u:\b)(?:will|shall)|['’]ll)\s+"),
            None,
            "a class starts one alternative"
        );
        assert_eq!(p(r"[0-9]{4}"), None);
        assert_eq!(p(r"(?:a|b)?c"), None, "an optional group");
        assert_eq!(p(r"\.com|#[0-9]"), v(&[".co", "#"]));
        assert_eq!(p(r"(?x) a b"), None);
        // A regex never matches where its prefilter says it cannot.
        for (pattern, text) in [
            (r"(?i)(?-u:\b)(?:refund|return)s?", "REFUNDS"),
            (r"(?i)ab+c", "ABBBC"),
            (r"(?i)(?:well|will)\s+do", "Will do"),
        ] {
            let m = Matcher::new(
                PatternCheck::Full,
                Vec::new(),
                &[crate::spec::At::new(None, pattern.to_owned())],
                false,
            )
            .unwrap();
            assert!(m.is_match(text), "{pattern} on {text}");
        }
    }

    /// Every draft and thread message of the labelled corpora.
    fn corpus_texts(out: &mut Vec<String>) {
        for corpus in [
            include_str!("../../tests/corpus/envelopes.jsonl"),
            include_str!("../../tests/corpus/independent-d.jsonl"),
            include_str!("../../tests/corpus/independent-e.jsonl"),
        ] {
            for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
                let case: serde_json::Value = serde_json::from_str(line).unwrap();
                let envelope = &case["envelope"];
                out.push(envelope["draft"].as_str().unwrap_or("").to_owned());
                for message in envelope["thread"].as_array().into_iter().flatten() {
                    out.push(message["text"].as_str().unwrap_or("").to_owned());
                }
            }
        }
    }

    /// Every pattern of the built-in packs, on every draft and thread message of the labelled
    /// corpora: wherever the regex matches, its prefilter lets the text through.
    #[test]
    fn prefilters_never_rule_out_a_match_of_the_builtin_patterns() {
        let mut texts: Vec<String> = Vec::new();
        corpus_texts(&mut texts);
        let mut checked = 0;
        for pack in crate::rules::builtin::BUILTIN_PACKS {
            let value: toml::Value = toml::from_str(pack.source).unwrap();
            let mut all = Vec::new();
            strings(&value, &mut all);
            for source in all
                .iter()
                .filter(|s| regex::Regex::new(s).is_ok() && super::literal_prefixes(s).is_some())
            {
                // Ignoring case, a regex matches at least the texts it matches with case; the
                // prefilter is the same either way.
                let pattern = super::Pattern::new(source, false);
                let Some(re) = pattern.regex() else { continue };
                for t in &texts {
                    if re.is_match(t) {
                        assert!(pattern.may_match(t), "{source} matches {t:?} but its prefilter says no");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} matches checked");
    }

    /// A precompiled pattern beside the regex it stands for.
    struct Twins {
        pattern: super::Pattern,
        regex: regex_automata::meta::Regex,
    }

    /// Every pattern that has DFAs built in.
    fn twins() -> Vec<Twins> {
        super::precompiled_patterns()
            .into_iter()
            .filter(|p| p.2)
            .map(|(source, case_sensitive, _)| Twins {
                pattern: super::Pattern::new(source, case_sensitive),
                regex: super::build_regex(source, case_sensitive).unwrap(),
            })
            .collect()
    }

    impl Twins {
        /// Both find the same non-empty matches in `text`, and agree on whether there is one.
        fn agree(&self, text: &str) -> Result<(), String> {
            let source = &self.pattern.source;
            let dfa = self.pattern.dfa().ok_or("no DFA")?;
            let expected: Vec<(usize, usize)> = self
                .regex
                .find_iter(text)
                .filter(|m| m.end() > m.start())
                .map(|m| (m.start(), m.end()))
                .collect();
            let mut found = Vec::new();
            self.pattern.find_all(text, &mut found);
            let found: Vec<(usize, usize)> = found.iter().map(|s| (s.start, s.end)).collect();
            if found != expected {
                return Err(format!("{source:?} on {text:?}: DFA {found:?}, regex {expected:?}"));
            }
            let matches = self.regex.is_match(text);
            let any = dfa
                .try_search(&regex_automata::Input::new(text))
                .map_err(|e| e.to_string())?;
            if any.is_some() != matches || self.pattern.is_match(text) != matches {
                return Err(format!("{source:?} on {text:?}: is_match differs"));
            }
            if matches && !self.pattern.may_match(text) {
                return Err(format!("{source:?} matches {text:?} but its needles rule it out"));
            }
            Ok(())
        }
    }

    /// Texts that stress what DFAs and the regex engine could disagree on: non-ASCII letters that
    /// fold to ASCII (Kelvin sign, long s), no-break and other spaces, typographic quotes, emoji,
    /// combining marks, empty and one-byte texts.
    const EDGE_TEXTS: &[&str] = &[
        "",
        "a",
        "\u{212A}elvin and \u{17F}hip it",
        "order\u{a0}#12345 and ORDER #12-AB",
        "I\u{2019}ve forwarded it\u{2026} you\u{2019}ll hear soon \u{1F600}",
        "cafe\u{301} re\u{301}sume\u{301} na\u{308}ive",
        "Hi {{first_name}}, call 0800 123 4567 or +44 20 7946 0958!!!",
        "WHY?!?! This is UNACCEPTABLE...\n\nRegards,\n\u{2013} [AGENT NAME]",
        "\u{feff}\u{200b}hello\u{2028}there\r\n\tthanks",
    ];

    /// Every string in a TOML value (pack examples, docs, phrases), for test texts.
    fn strings(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }

    /// Every precompiled pattern finds exactly what its regex finds, and its needles let through
    /// every text it matches, on every string in the packs (examples included), every labelled
    /// draft and thread message and the edge texts.
    #[test]
    fn precompiled_dfas_find_what_the_regexes_find() {
        let mut texts: Vec<String> = EDGE_TEXTS.iter().map(|s| (*s).to_owned()).collect();
        for pack in crate::rules::builtin::BUILTIN_PACKS {
            strings(&toml::from_str(pack.source).unwrap(), &mut texts);
        }
        corpus_texts(&mut texts);
        let twins = twins();
        assert!(twins.len() > 20, "only {} patterns have DFAs", twins.len());
        for twin in &twins {
            for text in &texts {
                if let Err(e) = twin.agree(text) {
                    panic!("{e}");
                }
            }
        }
    }

    thread_local! {
        /// Built once for all the cases of the property test.
        static TWINS: std::rc::Rc<Vec<Twins>> = std::rc::Rc::new(twins());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The same on random text made of the characters the patterns care about.
        #[test]
        fn precompiled_dfas_agree_on_random_text(
            text in "[a-zA-Z0-9 #:.,!?'’\u{a0}\u{212A}\u{17F}\u{301}é😀\n-]{0,60}",
        ) {
            for twin in TWINS.with(|t| t.clone()).iter() {
                if let Err(e) = twin.agree(&text) {
                    proptest::prop_assert!(false, "{}", e);
                }
            }
        }
    }

    #[test]
    fn prefilter_skips_texts_that_cannot_match() {
        let pattern = crate::spec::At::new(None, "[0-9]{4} [0-9]{4}".to_owned());
        let m = Matcher::new(PatternCheck::Full, Vec::new(), &[pattern], true)
            .unwrap()
            .with_prefilter(vec!["card".to_owned()])
            .unwrap();
        assert_eq!(m.find_all("card 1234 5678").len(), 1);
        assert!(
            m.find_all("order 1234 5678").is_empty(),
            "no `card`, so the regex is not run"
        );
    }

    /// Checks ask the cheaper question first when a regex would have to be compiled: a pattern
    /// without an embedded DFA says so until its first search has compiled it; an embedded one
    /// never does.
    #[test]
    fn a_pattern_says_whether_a_search_compiles_it() {
        let at = |p: &str| crate::spec::At::new(None, p.to_owned());
        let fresh = Matcher::new(PatternCheck::Full, Vec::new(), &[at("zq[0-9]+x")], true).unwrap();
        assert!(fresh.compiles_to_search());
        assert!(fresh.is_match("a zq12x b"));
        assert!(!fresh.compiles_to_search(), "compiled by the first search");
        let (source, case_sensitive, _) = super::precompiled_patterns()
            .into_iter()
            .find(|(_, _, embedded)| *embedded)
            .expect("some built-in pattern is embedded");
        let embedded = Matcher::new(PatternCheck::Trusted, Vec::new(), &[at(source)], case_sensitive).unwrap();
        assert!(!embedded.compiles_to_search());
    }
}
