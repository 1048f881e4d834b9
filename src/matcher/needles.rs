//! Needles: short strings at least one of which every match of a regex contains, read off its
//! syntax tree, for a prefilter that rules a text out before the regex runs.
//!
//! A pattern's literal *prefixes* are a weak filter when its first part is a short common word
//! or optional (`\b(?:I|we)…`, `(?:the\s+)?(?:courier|carrier…)`): the prefilter passes nearly
//! every text and the DFA is loaded and run anyway. Like ripgrep's inner literals, this looks
//! anywhere in the pattern for the most selective set: in a concatenation the longest run of
//! parts with a small finite set of spellings, in an alternation the union of its branches'.
//!
//! The needles are compared ignoring ASCII case (the prefilter is an ASCII-case-insensitive
//! automaton), so they are returned lowercased. A class of case variants (`[Tt]` under `(?i)`)
//! counts as one letter; the two non-ASCII letters that fold to ASCII ones (the Kelvin sign, the
//! long s) count as `k` and `s`, which the prefilter makes up for by letting any text with them
//! through.
//!
//! Shared by `build.rs` (which embeds the built-in patterns' needles) and the crate's tests.

use regex_syntax::hir::{Class, Hir, HirKind};

/// At most this many spellings a part may have and still extend a run of literal text.
const MAX_EXACT: usize = 64;

/// At most this many needles make a prefilter.
const MAX_NEEDLES: usize = 200;

/// A class with at most this many distinct letters (ASCII case folded) counts as literal text.
const MAX_CLASS: usize = 4;

/// A class range wider than this is not looked into: it holds more than [`MAX_CLASS`] letters even
/// with case folded.
const MAX_RANGE: u8 = 8;

/// What is known of a part of a pattern.
#[derive(Clone, Debug, Default)]
struct Lits {
    /// Every string the part can match, when there are few (`None`: many, or unbounded).
    exact: Option<Vec<String>>,
    /// Strings at least one of which every match of the part contains (`None`: none known).
    required: Option<Vec<String>>,
}

impl Lits {
    fn exact(set: Vec<String>) -> Self {
        Self {
            required: Some(set.clone()),
            exact: Some(set),
        }
    }
}

/// The needles of `hir`: lowercase strings at least one of which occurs (ignoring ASCII case,
/// and with the Kelvin sign and the long s read as `k` and `s`) in every match, or `None` when
/// no useful set is known (some match may be empty or contain none of few short strings).
pub(crate) fn needles(hir: &Hir) -> Option<Vec<String>> {
    let set = lits(hir).required?;
    // White space is in nearly every text: a needle of it would let nearly every text through.
    if set.iter().any(|n| n.trim().is_empty()) {
        return None;
    }
    let kept = without_superstrings(set);
    (kept.len() <= MAX_NEEDLES).then_some(kept)
}

/// `set` sorted, without repeats and without the needles that hold another: wherever such a
/// needle occurs, so does the shorter one, so it adds nothing to a prefilter.
pub(crate) fn without_superstrings(mut set: Vec<String>) -> Vec<String> {
    set.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    set.dedup();
    let mut kept: Vec<String> = Vec::with_capacity(set.len());
    for needle in set {
        if !kept.iter().any(|k| needle.contains(k.as_str())) {
            kept.push(needle);
        }
    }
    kept.sort();
    kept
}

fn lits(hir: &Hir) -> Lits {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Lits::exact(vec![String::new()]),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Lits::exact(vec![fold(s)]),
            Err(_) => Lits::default(),
        },
        HirKind::Class(class) => class_chars(class).map_or_else(Lits::default, Lits::exact),
        HirKind::Capture(cap) => lits(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = lits(&rep.sub);
            match (rep.min, rep.max) {
                (0, Some(1)) => Lits {
                    exact: sub.exact.map(|mut e| {
                        e.push(String::new());
                        e
                    }),
                    required: None,
                },
                (0, _) => Lits::default(),
                (1, Some(1)) => sub,
                // Each match holds at least one match of the part.
                _ => Lits {
                    exact: None,
                    required: sub.required,
                },
            }
        }
        HirKind::Alternation(branches) => {
            let all: Vec<Lits> = branches.iter().map(lits).collect();
            let exact = union(all.iter().map(|l| l.exact.as_deref()), MAX_EXACT);
            let required = union(all.iter().map(|l| l.required.as_deref()), MAX_NEEDLES);
            Lits {
                required: better(required, exact.clone()),
                exact,
            }
        }
        HirKind::Concat(parts) => concat(parts),
    }
}

/// A concatenation: the best of each part's required set and of each run of consecutive parts
/// with few spellings, joined.
fn concat(parts: &[Hir]) -> Lits {
    let mut best: Option<Vec<String>> = None;
    // The spellings of the current run of exact parts; `None` before the first.
    let mut run: Option<Vec<String>> = Some(vec![String::new()]);
    let mut whole = true;
    for part in parts {
        let part = lits(part);
        best = better(best, part.required.clone());
        match (run.take(), part.exact) {
            (Some(prefix), Some(exact)) if prefix.len() * exact.len() <= MAX_EXACT => {
                run = Some(product(&prefix, &exact));
            }
            (prefix, Some(exact)) => {
                // Too many spellings together: the run so far is a candidate, a new one starts.
                whole = false;
                best = better(best, prefix);
                run = Some(exact);
            }
            (prefix, None) => {
                whole = false;
                best = better(best, prefix);
                run = Some(vec![String::new()]);
            }
        }
    }
    let exact = if whole { run.clone() } else { None };
    best = better(best, run);
    Lits { exact, required: best }
}

/// Every `a + b`.
fn product(prefix: &[String], suffix: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(prefix.len() * suffix.len());
    for a in prefix {
        for b in suffix {
            out.push(format!("{a}{b}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The union of sets, if every one is known and together they are at most `max`.
fn union<'a>(sets: impl Iterator<Item = Option<&'a [String]>>, max: usize) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for set in sets {
        out.extend_from_slice(set?);
        if out.len() > max {
            return None;
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The more selective of two needle sets: the one whose shortest needle is longer, then the
/// smaller one. A set holding the empty string selects nothing.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    let score = |s: &Option<Vec<String>>| {
        s.as_ref().map(|set| {
            let shortest = set.iter().map(|n| n.chars().count()).min().unwrap_or(0);
            (shortest.min(8), std::cmp::Reverse(set.len()))
        })
    };
    if score(&b) > score(&a) { b } else { a }
}

/// A class's members as one-letter strings, ASCII case folded, when there are few.
fn class_chars(class: &Class) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |c: char| {
        let s = fold(&c.to_string());
        if !out.contains(&s) {
            out.push(s);
        }
        out.len() <= MAX_CLASS
    };
    match class {
        Class::Unicode(u) => {
            for r in u.ranges() {
                if u32::from(r.end()) - u32::from(r.start()) > u32::from(MAX_RANGE) {
                    return None;
                }
                for c in r.start()..=r.end() {
                    if !add(c) {
                        return None;
                    }
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.ranges() {
                if r.end() - r.start() > MAX_RANGE {
                    return None;
                }
                for byte in r.start()..=r.end() {
                    if !byte.is_ascii() || !add(char::from(byte)) {
                        return None;
                    }
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `s` as the prefilter compares it: ASCII lowercase, the Kelvin sign as `k`, the long s as `s`.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{212A}' => 'k',
            '\u{17F}' => 's',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    fn needles(pattern: &str, case_insensitive: bool) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .build()
            .parse(pattern)
            .unwrap();
        super::needles(&hir)
    }

    fn set(words: &[&str]) -> Option<Vec<String>> {
        let mut v: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        v.sort();
        Some(v)
    }

    #[test]
    fn an_optional_or_short_start_gives_way_to_a_longer_part() {
        assert_eq!(
            needles(r"(?:the\s+)?(?:courier|carrier)\s+has", true),
            set(&["carrier", "courier"])
        );
        assert_eq!(
            needles(r"\b(?:I|we)\s+(?:forwarded|passed)\b", true),
            set(&["forwarded", "passed"])
        );
    }

    #[test]
    fn runs_of_few_spellings_are_joined() {
        assert_eq!(
            needles(r"\bthat(?:'s|’s| is) (?:odd|strange)", true),
            set(&[
                "that is odd",
                "that is strange",
                "that's odd",
                "that's strange",
                "that’s odd",
                "that’s strange"
            ])
        );
        assert_eq!(needles(r"[Oo]rder ?#", false), set(&["order #", "order#"]));
        assert_eq!(needles(r"refunds?", true), set(&["refund"]));
    }

    #[test]
    fn alternation_needs_every_branch() {
        assert_eq!(
            needles(r"no worries|of course", true),
            set(&["no worries", "of course"])
        );
        assert_eq!(needles(r"no worries|[0-9]+", true), None, "a branch without literals");
        assert_eq!(needles(r"(?:sorry)?", true), None, "may match the empty string");
        assert_eq!(needles(r"[a-z]+ [a-z]+", true), None, "a space is in nearly every text");
    }

    #[test]
    fn case_variants_and_folding_letters_count_as_one_letter() {
        // Under (?i) `k` and `s` are classes with the Kelvin sign and the long s.
        assert_eq!(needles("kiss", true), set(&["kiss"]));
        // Other letters' case variants are needles of their own.
        assert_eq!(needles("CAFÉ", true), set(&["cafÉ", "café"]));
    }

    #[test]
    fn wide_classes_break_a_run() {
        assert_eq!(needles(r"[a-z]+ing", false), set(&["ing"]));
        assert_eq!(needles(r"\w+", false), None);
    }
}
