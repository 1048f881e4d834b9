//! The English spelling dictionary: two tiers compiled into `fst` files by `build.rs`.
//!
//! * **Tier 1** maps known misspellings to their corrections (the `typos-dict` list, used only
//!   at build time). A tier-1 hit is trusted only when tier 2 also rejects the word, so a real
//!   word is never "corrected".
//! * **Tier 2** is the English dictionary (SCOWL/Hunspell `en_US`, SCOWL `en_GB`, harper's
//!   curated list, first names and a support-chat allow-list), keyed by the lowercased form.
//!   Each entry carries a 6-bit log frequency (the `SymSpell` list) and flags saying whether a
//!   lowercase or only a capitalised form exists, in US and in GB English.
//!
//! Nothing is parsed at start-up: [`Dictionary::builtin`] wraps the embedded bytes, which costs
//! a few microseconds. Suggestions come from a Levenshtein automaton (distance ≤ 2, adjacent
//! transpositions count as one edit) streamed over the fst, ranked by a weighted edit cost
//! (QWERTY neighbours, doubled letters and vowel swaps cost less) against word frequency.
//!
//! [`checkable_words`] finds the words of a text worth checking and leaves out everything that
//! is not a word: URLs, e-mail addresses, handles, ids, placeholders, acronyms and so on.
//!
//! The data files and their licences are listed in `rules/data/README.md`.

mod automaton;
mod suggest;
mod tokenize;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use fst::{IntoStreamer, Map, Set, Streamer};

pub(crate) use tokenize::checkable_words;

/// Tier 2: lowercased word → frequency and acceptance flags (layout shared with `build.rs`).
static WORDS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/spell-words.fst"));
/// `lowercase \0 Cased` for the words that exist only with capitals.
static CASED_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/spell-cased.fst"));
/// Tier 1: misspelling → `offset << 16 | len` into [`TYPOS_BLOB`].
static TYPOS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/spell-typos.fst"));
/// Comma-separated corrections, deduplicated.
static TYPOS_BLOB: &str = include_str!(concat!(env!("OUT_DIR"), "/spell-typos.txt"));

/// Bits 0..6: log frequency, 0 when the word is not in the frequency list, else 1..=63.
const FREQ_MASK: u64 = 0x3f;
const LOWER_US: u64 = 1 << 6;
const LOWER_GB: u64 = 1 << 7;
const CAP_US: u64 = 1 << 8;
const CAP_GB: u64 = 1 << 9;

/// Which national spelling the dictionary accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// Both US and GB spellings (the default).
    #[default]
    Any,
    /// US spellings only: `color`, `organize`, `theater`.
    Us,
    /// GB spellings only: `colour`, `organise` (Oxford `organize` too), `theatre`.
    Gb,
}

impl Dialect {
    /// The flag bits a lowercase form, and a capitalised form, must carry in this dialect.
    const fn masks(self) -> (u64, u64) {
        match self {
            Self::Any => (LOWER_US | LOWER_GB, CAP_US | CAP_GB),
            Self::Us => (LOWER_US, CAP_US),
            Self::Gb => (LOWER_GB, CAP_GB),
        }
    }
}

/// The case pattern of a word as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// `theatre`
    Lower,
    /// `Theatre`
    Capitalised,
    /// `THEATRE`
    Upper,
    /// `iPhone`, `McDonald`
    Mixed,
}

impl Shape {
    fn of(word: &str) -> Self {
        let mut chars = word.chars().filter(|c| c.is_alphabetic());
        let Some(first) = chars.next() else {
            return Self::Lower;
        };
        let (mut upper, mut lower) = (0usize, 0usize);
        for c in chars {
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
        match (first.is_uppercase(), upper, lower) {
            (false, 0, _) => Self::Lower,
            (true, 0, _) => Self::Capitalised,
            (true, _, 0) => Self::Upper,
            _ => Self::Mixed,
        }
    }

    /// Writes `word` (as found in the dictionary) in this case pattern.
    fn apply(self, word: &str) -> String {
        match self {
            Self::Lower | Self::Mixed => word.to_owned(),
            Self::Capitalised => capitalise(word),
            Self::Upper => word.to_uppercase(),
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Straight apostrophes for curly ones, so `don’t` and `don't` are one word.
fn normalise(word: &str) -> std::borrow::Cow<'_, str> {
    if word.contains('\u{2019}') {
        std::borrow::Cow::Owned(word.replace('\u{2019}', "'"))
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// Whether `word` stretches a letter for emphasis: four or more in a row anywhere, or three or
/// more at the end.
fn is_lengthened(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        let run = j - i;
        if chars[i].is_alphabetic() && (run >= 4 || (run >= 3 && j == chars.len())) {
            return true;
        }
        i = j;
    }
    false
}

/// `word` with its Latin accents removed (`Chloé` → `Chloe`), or `None` when it has none.
fn fold_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let base = match c {
            'à'..='å' => 'a',
            'À'..='Å' => 'A',
            'ç' => 'c',
            'Ç' => 'C',
            'è'..='ë' => 'e',
            'È'..='Ë' => 'E',
            'ì'..='ï' => 'i',
            'Ì'..='Ï' => 'I',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ò'..='ö' | 'ø' => 'o',
            'Ò'..='Ö' | 'Ø' => 'O',
            'ù'..='ü' => 'u',
            'Ù'..='Ü' => 'U',
            'ý' | 'ÿ' => 'y',
            'Ý' => 'Y',
            '\u{0300}'..='\u{036f}' => continue,
            c => c,
        };
        out.push(base);
    }
    (out != word).then_some(out)
}

/// `word` with every run of three or more equal letters cut to `keep` letters.
fn squeeze(word: &str, keep: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        let take = if j - i >= 3 { keep } else { j - i };
        out.extend(std::iter::repeat_n(chars[i], take));
        i = j;
    }
    out
}

/// Words a project accepts or rejects, and the preferred English dialect.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Lowercased words never flagged by spelling rules.
    pub accept: std::collections::BTreeSet<String>,
    /// Lowercased words always flagged by `spelling.typo`.
    pub reject: std::collections::BTreeSet<String>,
    /// Which spellings the dictionary accepts.
    pub dialect: Dialect,
}

/// Clitics checked by their stem when the whole form is not listed: `customer's` → `customer`,
/// `we're` → `we`, `shouldn't've` → `shouldn't` → `should`.
const CLITICS: &[&str] = &["'s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"];

/// The embedded English dictionary. Cheap to share: every method takes `&self`.
pub(crate) struct Dictionary {
    /// `None` only if the embedded data were corrupt; the dictionary then knows every word.
    words: Option<Map<&'static [u8]>>,
    cased: Option<Set<&'static [u8]>>,
    typos: Option<Map<&'static [u8]>>,
    typos_blob: &'static str,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("words", &self.words.as_ref().map(Map::len))
            .field("typos", &self.typos.as_ref().map(Map::len))
            .finish_non_exhaustive()
    }
}

/// How many spelling answers a thread remembers ([`Dictionary::is_known_cached`]): a few
/// megabytes at most.
const KNOWN_CACHE_WORDS: usize = 1 << 16;

impl Dictionary {
    /// The dictionary compiled into the binary. The first call maps the embedded `fst` bytes
    /// (microseconds, no parsing, no allocation beyond the struct); later calls are free.
    pub(crate) fn builtin() -> &'static Dictionary {
        static DICT: OnceLock<Dictionary> = OnceLock::new();
        DICT.get_or_init(|| Dictionary {
            words: Map::new(WORDS_FST).ok(),
            cased: Set::new(CASED_FST).ok(),
            typos: Map::new(TYPOS_FST).ok(),
            typos_blob: TYPOS_BLOB,
        })
    }

    /// The number of word forms in tier 2 (lowercased keys).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.words.as_ref().map_or(0, Map::len)
    }

    /// The 6-bit log frequency (0 to 63) of a lowercase word, if the dictionary lists it.
    pub(crate) fn frequency(&self, lower: &str) -> Option<u8> {
        #[allow(clippy::cast_possible_truncation)] // masked to six bits
        self.value(lower).map(|v| (v & FREQ_MASK) as u8)
    }

    /// The raw tier-2 value of a lowercased key.
    fn value(&self, lower: &str) -> Option<u64> {
        self.words.as_ref()?.get(lower)
    }

    /// [`Self::is_known`] for the built-in dictionary, remembered per thread: a library asks
    /// about the same few thousand words in record after record, and each answer takes several
    /// lookups in the word list. At most [`KNOWN_CACHE_WORDS`] answers are kept per thread.
    pub(crate) fn is_known_cached(&self, word: &str, dialect: Dialect) -> bool {
        type Answers = Vec<(Dialect, foldhash::HashMap<Box<str>, bool>)>;
        thread_local! {
            static ANSWERS: std::cell::RefCell<Answers> = const { std::cell::RefCell::new(Vec::new()) };
        }
        if !std::ptr::eq(self, Self::builtin()) {
            return self.is_known(word, dialect);
        }
        let remembered = ANSWERS.with_borrow(|all| {
            all.iter()
                .find(|(d, _)| *d == dialect)
                .and_then(|(_, answers)| answers.get(word).copied())
        });
        if let Some(known) = remembered {
            return known;
        }
        let known = self.is_known(word, dialect);
        ANSWERS.with_borrow_mut(|all| {
            let i = all.iter().position(|(d, _)| *d == dialect).unwrap_or_else(|| {
                all.push((dialect, foldhash::HashMap::default()));
                all.len() - 1
            });
            if let Some((_, answers)) = all.get_mut(i)
                && answers.len() < KNOWN_CACHE_WORDS
            {
                answers.insert(word.into(), known);
            }
        });
        known
    }

    /// Whether `word` is correctly spelled English in `dialect`.
    ///
    /// Lookup is by the lowercased form. A word the dictionary lists only with capitals (a
    /// name, `Paris`, `PayPal`) must be written with a capital; a lowercase dictionary word may
    /// be written capitalised or in capitals (`Theatre`, `THEATRE`). A form not listed whole is
    /// checked by its stem when it ends in a possessive or contraction (`customer's`,
    /// `customers'`, `we're`). Curly apostrophes count as straight ones. An empty word, or
    /// one without letters, is known.
    pub(crate) fn is_known(&self, word: &str, dialect: Dialect) -> bool {
        if self.words.is_none() || !word.chars().any(char::is_alphabetic) {
            return true;
        }
        let word = normalise(word);
        let word = word.trim_start_matches('\'');
        if self.known_with_clitics(word, dialect) {
            return true;
        }
        // Expressive lengthening: `sooo`, `Hmmm`, `awwww` are `so`, `hmm`, `aww` (a tripled
        // letter inside a word, `isssue`, is a slip and stays unknown).
        if is_lengthened(word)
            && (self.known_with_clitics(&squeeze(word, 2), dialect)
                || self.known_with_clitics(&squeeze(word, 1), dialect))
        {
            return true;
        }
        // Accents are optional in names and loanwords: `Chloé`, `Zoë`, `José` (and a listed
        // accented form covers the plain one only through its own entry).
        if let Some(plain) = fold_diacritics(word)
            && self.known_with_clitics(&plain, dialect)
        {
            return true;
        }
        // A closed-up compound of a hyphenated entry: `Spiderman`, `doublecheck`, `ecommerce`.
        self.closed_compound(word, dialect)
    }

    /// Whether `word` is a listed hyphenated compound written without its hyphen.
    fn closed_compound(&self, word: &str, dialect: Dialect) -> bool {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() < 4 || chars.len() > 30 || !chars.iter().all(|&(_, c)| c.is_alphabetic()) {
            return false;
        }
        (1..chars.len()).any(|k| {
            let at = chars[k].0;
            let mut joined = String::with_capacity(word.len() + 1);
            joined.push_str(&word[..at]);
            joined.push('-');
            joined.push_str(&word[at..]);
            // `Spiderman` is `Spider-Man`: compare without regard to case after the hyphen.
            self.value(&joined.to_lowercase()).is_some_and(|v| {
                let (lower, cap) = dialect.masks();
                match Shape::of(word) {
                    Shape::Lower => v & lower != 0,
                    _ => v & (lower | cap) != 0,
                }
            })
        })
    }

    /// Whether a word the dictionary rejects is still likely a misspelling rather than a name:
    /// tier 1 lists it, or a frequent word (log frequency ≥ 30 of 63, roughly the 12,000 most
    /// common) is one cheap slip away (a transposition, a doubled letter, a QWERTY neighbour).
    /// For capitalised words at the start of a sentence, where a name or a title is as likely
    /// as a typo. `false` for a known word.
    #[allow(dead_code)] // used by the spelling check kind in progress
    pub(crate) fn likely_misspelling(&self, word: &str, dialect: Dialect) -> bool {
        if self.is_known(word, dialect) {
            return false;
        }
        if self.correction(word).is_some() {
            return true;
        }
        self.nearest(word, dialect)
            .is_some_and(|(_, cost, freq)| cost <= 0.75 && freq >= 30)
    }

    /// [`Self::form_known`], then the stem after up to two clitics (`shouldn't've`).
    fn known_with_clitics(&self, word: &str, dialect: Dialect) -> bool {
        let mut form = word;
        for _ in 0..3 {
            if self.form_known(form, dialect) {
                return true;
            }
            match CLITICS.iter().find_map(|c| form.strip_suffix(c)) {
                Some(stem) if stem.chars().any(char::is_alphabetic) => form = stem,
                _ => return false,
            }
        }
        false
    }

    /// Whether exactly this form (no clitic stripping) is accepted.
    fn form_known(&self, form: &str, dialect: Dialect) -> bool {
        let Some(value) = self.value(&form.to_lowercase()) else {
            return false;
        };
        let (lower, cap) = dialect.masks();
        match Shape::of(form) {
            Shape::Lower => value & lower != 0,
            _ => value & (lower | cap) != 0,
        }
    }

    /// Tier 1: the known corrections of a common misspelling, best first, in the case pattern
    /// of `word` (`Teh` → `The`; a name keeps its capitals: `febuary` → `February`). `None`
    /// when the word is not a listed misspelling, or when tier 2 knows it in any dialect (a real
    /// word is never corrected). Several corrections are ordered like tier-2 suggestions.
    pub(crate) fn correction(&self, word: &str) -> Option<Vec<String>> {
        let word = normalise(word);
        if self.is_known(&word, Dialect::Any) {
            return None;
        }
        let out = self.tier1(&word, Dialect::Any);
        (!out.is_empty()).then_some(out)
    }

    /// Tier-1 corrections of `word` accepted in `dialect`, ranked, in display case.
    fn tier1(&self, word: &str, dialect: Dialect) -> Vec<String> {
        let lower = word.to_lowercase();
        let Some(fixes) = self.typo_fixes(&lower) else {
            return Vec::new();
        };
        let shape = Shape::of(word);
        let query: Vec<char> = lower.chars().collect();
        let mut ranked: Vec<(f32, String)> = Vec::new();
        for (rank, fix) in fixes.split(',').enumerate() {
            let key = fix.to_lowercase();
            let score = match self.value(&key) {
                Some(value) => {
                    let (lower_mask, cap_mask) = dialect.masks();
                    if value & (lower_mask | cap_mask) == 0 {
                        continue; // another dialect's spelling
                    }
                    suggest::score(&query, &key, value, true)
                }
                // Not a dictionary key (`a lot`, a code word): keep the list's order, last.
                #[allow(clippy::cast_precision_loss)]
                None => 1_000.0 + rank as f32,
            };
            let shown = if fix.chars().any(char::is_uppercase) {
                fix.to_owned()
            } else {
                self.display_form(&key, shape)
            };
            if !ranked.iter().any(|(_, s)| *s == shown) {
                ranked.push((score, shown));
            }
        }
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
        ranked.into_iter().map(|(_, s)| s).collect()
    }

    /// The raw comma-separated corrections of a lowercased misspelling.
    fn typo_fixes(&self, lower: &str) -> Option<&'static str> {
        let packed = self.typos.as_ref()?.get(lower)?;
        let offset = usize::try_from(packed >> 16).ok()?;
        let len = usize::try_from(packed & 0xffff).ok()?;
        self.typos_blob.get(offset..offset.checked_add(len)?)
    }

    /// The ways `lower` is written when the dictionary has it only with capitals
    /// (`paypal` → `PayPal`); empty when a lowercase form exists or the key is unknown.
    fn cased_forms(&self, lower: &str) -> Vec<String> {
        let Some(cased) = &self.cased else {
            return Vec::new();
        };
        let mut start = lower.as_bytes().to_vec();
        start.push(0);
        let mut end = lower.as_bytes().to_vec();
        end.push(1);
        let mut stream = cased.range().ge(&start).lt(&end).into_stream();
        let mut out = Vec::new();
        while let Some(entry) = stream.next() {
            if let Some(form) = entry.get(start.len()..).and_then(|b| std::str::from_utf8(b).ok()) {
                out.push(form.to_owned());
            }
        }
        out
    }

    /// Ranked corrections for a word the dictionary does not know, best first, at most
    /// `limit`, in the case pattern of `word`.
    ///
    /// Tier-1 corrections come first. Then dictionary words within two edits (Damerau:
    /// insertion, deletion, substitution, adjacent transposition), ranked by a weighted edit
    /// cost (a QWERTY neighbour, a doubled letter or a vowel swap costs less than other edits)
    /// traded against word frequency. Only words accepted in `dialect` are offered.
    pub(crate) fn suggest(&self, word: &str, limit: usize, dialect: Dialect) -> Vec<String> {
        let word = normalise(word);
        let mut out: Vec<String> = if self.is_known(&word, Dialect::Any) {
            Vec::new()
        } else {
            self.tier1(&word, dialect)
        };
        if out.len() < limit {
            for candidate in self.suggest_dictionary(&word, limit, dialect) {
                if !out.iter().any(|o| o.to_lowercase() == candidate.to_lowercase()) {
                    out.push(candidate);
                }
            }
        }
        out.truncate(limit);
        out
    }

    /// Tier-2 suggestions only: ranked dictionary words within two edits of `word`, at most
    /// `limit`, in the case pattern of `word`.
    pub(crate) fn suggest_dictionary(&self, word: &str, limit: usize, dialect: Dialect) -> Vec<String> {
        if limit == 0 {
            return Vec::new();
        }
        let word = normalise(word);
        let shape = Shape::of(&word);
        let lower = word.to_lowercase();
        suggest::rank(self, &lower, shape != Shape::Lower, dialect, limit)
            .into_iter()
            .map(|key| self.display_form(&key, shape))
            .collect()
    }

    /// The best tier-2 candidate for `word` with its weighted edit cost (1.0 = one ordinary
    /// edit) and its 6-bit log frequency, or `None` when nothing is within reach.
    #[allow(dead_code)] // used by the spelling check kind in progress
    pub(crate) fn nearest(&self, word: &str, dialect: Dialect) -> Option<(String, f32, u8)> {
        let word = normalise(word);
        let lower = word.to_lowercase();
        let query: Vec<char> = lower.chars().collect();
        let key = suggest::rank(self, &lower, true, dialect, 1).into_iter().next()?;
        let value = self.value(&key)?;
        let cost = suggest::edit_cost(&query, &key.chars().collect::<Vec<_>>());
        #[allow(clippy::cast_possible_truncation)]
        let freq = (value & FREQ_MASK) as u8;
        Some((self.display_form(&key, Shape::of(&word)), cost, freq))
    }

    /// How a dictionary key is shown as a suggestion for a word written in `shape`.
    fn display_form(&self, key: &str, shape: Shape) -> String {
        let proper = self.value(key).is_some_and(|v| v & (LOWER_US | LOWER_GB) == 0);
        if proper && let Some(form) = self.cased_forms(key).into_iter().next() {
            return if shape == Shape::Upper {
                form.to_uppercase()
            } else {
                form
            };
        }
        shape.apply(key)
    }
}
