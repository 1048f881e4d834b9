//! Tier-2 suggestions: candidates from a Levenshtein automaton over the dictionary fst, ranked
//! by a noisy-channel score, `weighted edit cost × COST_WEIGHT − log frequency`.
//!
//! The edit cost is a Damerau (optimal string alignment) distance whose operations are cheaper
//! when they are the usual slips of a typist: hitting a QWERTY neighbour, doubling or undoubling
//! a letter, confusing two vowels, swapping two adjacent letters. Frequency is the 6-bit log
//! value stored in the fst (each step is a factor of about 1.26 in corpus count).

use std::sync::OnceLock;

use fst::{IntoStreamer, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};

use super::automaton::Osa;
use super::{Dialect, Dictionary, FREQ_MASK, LOWER_GB, LOWER_US};

/// One unit of edit cost is worth this many frequency steps (a factor of about 1.26^N).
const COST_WEIGHT: f32 = 30.0;
/// Extra cost of proposing a capitalised-only word (a name) for a lowercase word.
const PROPER_PENALTY: f32 = 0.6;
/// Words this short only get distance-1 candidates; at distance 2 nearly anything matches.
const MIN_LEN_FOR_TWO: usize = 4;
/// At most this many automaton matches are scored (a guard for pathological inputs).
const MAX_CANDIDATES: usize = 5_000;

fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if distance <= 1 { &ONE } else { &TWO };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(distance.min(2), true))
}

/// A scored candidate: lower is better.
struct Scored {
    key: String,
    score: f32,
    freq: u64,
}

/// Up to `limit` dictionary keys close to `lower` (a lowercased word), best first.
///
/// `named` says the word was written with a capital, so names are fair candidates.
pub(super) fn rank(dict: &Dictionary, lower: &str, named: bool, dialect: Dialect, limit: usize) -> Vec<String> {
    let Some(words) = dict.words.as_ref() else {
        return Vec::new();
    };
    let len = lower.chars().count();
    if len == 0 || len > 40 {
        return Vec::new();
    }
    let (lower_mask, cap_mask) = dialect.masks();
    let query: Vec<char> = lower.chars().collect();
    let mut scored: Vec<Scored> = Vec::new();
    let mut consider = |key: &[u8], value: u64| {
        let Ok(key) = std::str::from_utf8(key) else {
            return;
        };
        let has_lower = value & lower_mask != 0;
        if !has_lower && value & cap_mask == 0 {
            return; // not accepted in this dialect
        }
        if key == lower && has_lower {
            return; // the word itself (only possible when called on a known word)
        }
        let score = score(&query, key, value, named || has_lower);
        let freq = value & FREQ_MASK;
        scored.push(Scored {
            key: key.to_owned(),
            score,
            freq,
        });
    };
    // Most slips keep the first letter: two edits are searched among the words that share it
    // (the range prunes the automaton walk about eightfold), one edit among all words.
    let first_len = query.first().map_or(0, |c| c.len_utf8());
    let prefix = &lower.as_bytes()[..first_len];
    let mut upper = prefix.to_vec();
    if let Some(last) = upper.last_mut() {
        *last = last.saturating_add(1);
    }
    let mut seen = 0usize;
    let two = len >= MIN_LEN_FOR_TWO;
    if lower.is_ascii() {
        // The byte automaton: nothing to build, so a one-draft process pays no set-up.
        if two {
            let aut = Osa::new(lower.as_bytes(), 2);
            let mut stream = words.search(&aut).ge(prefix).lt(&upper).into_stream();
            while let Some((key, value)) = stream.next() {
                seen += 1;
                if seen > MAX_CANDIDATES {
                    break;
                }
                consider(key, value);
            }
        }
        let aut = Osa::new(lower.as_bytes(), 1);
        let mut stream = words.search(&aut).into_stream();
        while let Some((key, value)) = stream.next() {
            seen += 1;
            if seen > MAX_CANDIDATES {
                break;
            }
            if !(two && key.starts_with(prefix)) {
                consider(key, value);
            }
        }
    } else {
        if two {
            let dfa = builder(2).build_dfa(lower);
            let mut stream = words.search_with_state(&dfa).ge(prefix).lt(&upper).into_stream();
            while let Some((key, value, state)) = stream.next() {
                seen += 1;
                if seen > MAX_CANDIDATES {
                    break;
                }
                if let Distance::Exact(_) = dfa.distance(state) {
                    consider(key, value);
                }
            }
        }
        let dfa = builder(1).build_dfa(lower);
        let mut stream = words.search_with_state(&dfa).into_stream();
        while let Some((key, value, state)) = stream.next() {
            seen += 1;
            if seen > MAX_CANDIDATES {
                break;
            }
            if two && key.starts_with(prefix) {
                continue; // already found by the two-edit search
            }
            if let Distance::Exact(_) = dfa.distance(state) {
                consider(key, value);
            }
        }
    }
    scored.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then(b.freq.cmp(&a.freq))
            .then_with(|| a.key.cmp(&b.key))
    });
    scored.into_iter().take(limit).map(|s| s.key).collect()
}

/// The noisy-channel score of dictionary key `key` (with tier-2 `value`) as the intended word
/// for the typed `query`: lower is better. `names_ok` says a capitalised-only word (a name) is a
/// fair candidate (the word was written with a capital, or the key also has a lowercase form).
pub(super) fn score(query: &[char], key: &str, value: u64, names_ok: bool) -> f32 {
    let cand: Vec<char> = key.chars().collect();
    let mut cost = edit_cost(query, &cand);
    if !names_ok && value & (LOWER_US | LOWER_GB) == 0 && cand != query {
        cost += PROPER_PENALTY;
    }
    #[allow(clippy::cast_precision_loss)]
    let freq = (value & FREQ_MASK) as f32;
    cost * COST_WEIGHT - freq
}

/// The QWERTY neighbours of each letter `a..=z` (same row and the rows above and below).
const NEIGHBOURS: [&[u8]; 26] = [
    b"qwsz", b"vghn", b"xdfv", b"erfsxc", b"wrsd", b"rtdgcv", b"tyfhvb", b"yugjbn", b"uojk", b"uihknm", b"iojlm",
    b"opk", b"njk", b"bhjm", b"ipkl", b"ol", b"wa", b"etdf", b"weadzx", b"ryfg", b"yihj", b"cfgb", b"qeas", b"zsdc",
    b"tugh", b"asx",
];

/// Whether two letters are neighbours on a QWERTY keyboard.
fn adjacent(a: char, b: char) -> bool {
    if !a.is_ascii_lowercase() || !b.is_ascii_lowercase() {
        return false;
    }
    NEIGHBOURS[usize::from(a as u8 - b'a')].contains(&(b as u8))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Cost of writing `typed` where `meant` was intended.
fn sub_cost(meant: char, typed: char) -> f32 {
    if meant == typed {
        0.0
    } else if is_vowel(meant) && is_vowel(typed) {
        0.7
    } else if adjacent(meant, typed) {
        0.75
    } else if similar_sound(meant, typed) {
        0.8
    } else {
        1.0
    }
}

/// Consonants often confused by sound: c/k/s, s/z, f/v, m/n, d/t, g/j.
fn similar_sound(a: char, b: char) -> bool {
    const PAIRS: &[(char, char)] = &[
        ('c', 'k'),
        ('c', 's'),
        ('s', 'z'),
        ('f', 'v'),
        ('m', 'n'),
        ('d', 't'),
        ('g', 'j'),
        ('b', 'p'),
    ];
    PAIRS.iter().any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// Cost of leaving out `c` (meant at position `i` of `meant`).
fn del_cost(meant: &[char], i: usize) -> f32 {
    let c = meant[i];
    let doubled = (i > 0 && meant[i - 1] == c) || meant.get(i + 1) == Some(&c);
    if doubled {
        0.5
    } else if is_vowel(c) {
        0.8
    } else {
        1.0
    }
}

/// Cost of typing an extra `c` (at position `j` of `typed`).
fn ins_cost(typed: &[char], j: usize) -> f32 {
    let c = typed[j];
    let doubled = (j > 0 && typed[j - 1] == c) || typed.get(j + 1) == Some(&c);
    let slip = (j > 0 && adjacent(typed[j - 1], c)) || typed.get(j + 1).is_some_and(|&n| adjacent(n, c));
    if doubled {
        0.5
    } else if slip {
        0.75
    } else if is_vowel(c) {
        0.8
    } else {
        1.0
    }
}

/// Weighted optimal-string-alignment distance from `meant` (the candidate) to `typed`.
pub(super) fn edit_cost(typed: &[char], meant: &[char]) -> f32 {
    let (n, m) = (meant.len(), typed.len());
    let w = m + 1;
    let mut d = vec![0.0f32; (n + 1) * w];
    for i in 1..=n {
        d[i * w] = d[(i - 1) * w] + del_cost(meant, i - 1);
    }
    for j in 1..=m {
        d[j] = d[j - 1] + ins_cost(typed, j - 1);
    }
    for i in 1..=n {
        for j in 1..=m {
            let mut best = (d[(i - 1) * w + j] + del_cost(meant, i - 1))
                .min(d[i * w + j - 1] + ins_cost(typed, j - 1))
                .min(d[(i - 1) * w + j - 1] + sub_cost(meant[i - 1], typed[j - 1]));
            if i > 1 && j > 1 && meant[i - 1] == typed[j - 2] && meant[i - 2] == typed[j - 1] {
                best = best.min(d[(i - 2) * w + j - 2] + 0.7);
            }
            d[i * w + j] = best;
        }
    }
    d[n * w + m]
}

#[cfg(test)]
mod tests {
    use super::{adjacent, edit_cost};

    fn cost(typed: &str, meant: &str) -> f32 {
        edit_cost(&typed.chars().collect::<Vec<_>>(), &meant.chars().collect::<Vec<_>>())
    }

    #[test]
    fn keyboard_neighbours_are_symmetric() {
        for a in 'a'..='z' {
            for b in 'a'..='z' {
                assert_eq!(adjacent(a, b), adjacent(b, a), "{a}{b}");
            }
        }
        assert!(adjacent('q', 'w') && adjacent('g', 'b') && !adjacent('q', 'p'));
    }

    #[test]
    fn typist_slips_cost_less() {
        assert!(cost("cat", "cat") < f32::EPSILON);
        assert!(cost("teh", "the") < cost("tha", "the") + 0.01);
        assert!(cost("begining", "beginning") < cost("begining", "begging"));
        assert!(cost("thr", "the") < cost("thp", "the"), "r is next to e");
        assert!(cost("adress", "address") < 1.0);
    }
}
