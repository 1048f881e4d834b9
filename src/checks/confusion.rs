//! `confusion`: a real word used for another one ("sorry to her that", "you're order", "more
//! then"), or a word missing ("looking forward help you"), decided by the words right around it.
//! A dictionary cannot see these: every word is spelled right.
//!
//! Each entry names the `wrong` word and the context that makes the slip near-certain; precision
//! comes first, so an entry without `before` or `after` flags the word everywhere and is only
//! for non-words (`lets's`).
//!
//! Keys of `[rules.check.confusion]`:
//! - `entries` (required): a list of strings, one entry each, in a compact form (a pack holds
//!   hundreds of them, and a string is much cheaper to load than a table):
//!   `"WRONG -> RIGHT; before: PHRASE | PHRASE; after: PHRASE; unless-before: …; unless-after: …"`
//!   - `WRONG`: the word, one word as the text has it (`her`, `you're`, `lets's`);
//!   - `-> RIGHT`: what it should be (`hear`; `forward to` for a missing word); without it the
//!     finding has no fix;
//!   - `before` / `after`: phrases (separated by `|`) one of which must come right before /
//!     right after the word (whole words, only white space between; case and apostrophe style
//!     do not matter). `<start>` stands for the start of a sentence, `<end>` for the end of a
//!     sentence or clause (punctuation or the end of the text). Both must match when both are
//!     given;
//!   - `unless-before` / `unless-after`: phrases that rule the entry out.
//! - `fix` (default `safe`): the applicability of the fixes.
//!
//! Message arguments: `matched` (the word as written), `replacement` (`right`, capitalised like
//! the word), `phrase` (the word with its context, as written).
//!
//! ```toml
//! [rules.check.confusion]
//! entries = [
//!   "her -> hear; before: sorry to | glad to; unless-after: back | up",
//!   "then -> than; before: more | better",
//!   "lets's -> let's",
//! ]
//! ```

use std::sync::OnceLock;

use foldhash::HashMap;
use serde::Deserialize;

use crate::checks::{Finding, FixLevel, SpecError};
use crate::diagnostic::{Applicability, Fix};
use crate::document::{Document, fold, word_hash};
use crate::matcher::PatternCheck;
use crate::spec::At;

/// One entry, parsed from its string.
#[derive(Debug, Default)]
pub(crate) struct EntrySpec {
    right: Option<String>,
    before: Vec<String>,
    after: Vec<String>,
    unless_before: Vec<String>,
    unless_after: Vec<String>,
}

impl EntrySpec {
    /// The `WRONG` and `RIGHT` of an entry, read without parsing the rest.
    fn head(text: &str) -> (&str, Option<&str>) {
        let head = text.split(';').next().unwrap_or("").trim();
        match head.split_once("->") {
            Some((w, r)) => (w.trim(), Some(r.trim())),
            None => (head, None),
        }
    }

    /// `WRONG -> RIGHT; before: A | B; after: C; unless-before: D; unless-after: E`.
    fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.split(';');
        parts.next();
        let (wrong, right) = Self::head(text);
        if wrong.is_empty() || wrong.split_whitespace().count() != 1 {
            return Err(format!(
                "`{wrong}`: an entry starts with exactly one word (then `-> replacement`); put the words around it in `before:` and `after:`"
            ));
        }
        if right.is_some_and(str::is_empty) {
            return Err(format!("`{wrong} ->` needs a replacement after the arrow"));
        }
        let mut entry = Self {
            right: right.map(str::to_owned),
            ..Self::default()
        };
        for part in parts.map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, list)) = part.split_once(':') else {
                return Err(format!(
                    "`{part}`: expected `before:`, `after:`, `unless-before:` or `unless-after:` and phrases"
                ));
            };
            let phrases: Vec<String> = list.split('|').map(|p| p.trim().to_owned()).collect();
            let slot = match key.trim() {
                "before" => &mut entry.before,
                "after" => &mut entry.after,
                "unless-before" => &mut entry.unless_before,
                "unless-after" => &mut entry.unless_after,
                other => {
                    return Err(format!(
                        "unknown part `{other}`; expected `before`, `after`, `unless-before` or `unless-after`"
                    ));
                }
            };
            slot.extend(phrases);
        }
        Ok(entry)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    entries: Vec<At<String>>,
    #[serde(default)]
    fix: FixLevel,
}

/// One side of the context: a phrase of lowercased words, or a sentence boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Context {
    Boundary,
    Words(Vec<String>),
}

#[derive(Debug)]
struct Entry {
    right: Option<String>,
    before: Vec<Context>,
    after: Vec<Context>,
    unless_before: Vec<Context>,
    unless_after: Vec<Context>,
}

#[derive(Debug)]
pub(crate) struct Confusion {
    /// The entries as written: checked at load time (but for the built-in packs, which a test
    /// checks), parsed and indexed on first use (a process that lints one draft should not pay
    /// for building what it may never look up).
    entries: Vec<String>,
    /// Indices into `entries` by their lowercased `wrong` word, built on first use.
    index: OnceLock<Index>,
    /// Each entry's contexts, built the first time its word appears in a document.
    built: Vec<OnceLock<Option<Entry>>>,
    fix: Applicability,
}

/// The entries by their folded first word.
#[derive(Debug, Default)]
struct Index {
    heads: HashMap<String, Vec<usize>>,
    /// A bit per head, chosen by its [`word_hash`] ([`Index::bit`]): a word whose bit is clear
    /// is no head, which most words are told by one test, before any lookup.
    bloom: [u64; BLOOM_WORDS],
}

/// Bits in [`Index::bloom`], a power of two: a few dozen heads leave most of them clear.
const BLOOM_WORDS: usize = 16;

impl Index {
    /// The word and bit of [`Self::bloom`] for a word's hash: its top bits, which the hash
    /// mixes best.
    fn bit(hash: u64) -> (usize, u64) {
        // The top bits (ten), which fit any `usize`.
        let at = usize::try_from(hash >> (64 - (BLOOM_WORDS * 64).trailing_zeros())).unwrap_or(0);
        (at / 64, 1 << (at % 64))
    }

    /// Index entry `i` under its folded first word.
    fn add(&mut self, head: String, i: usize) {
        let (word, bit) = Self::bit(word_hash(&head));
        if let Some(w) = self.bloom.get_mut(word) {
            *w |= bit;
        }
        self.heads.entry(head).or_default().push(i);
    }

    fn may_hold(&self, hash: u64) -> bool {
        let (word, bit) = Self::bit(hash);
        self.bloom.get(word).is_some_and(|w| w & bit != 0)
    }
}

/// Lowercase, with typographic apostrophes made straight.
fn normalise(word: &str) -> String {
    fold(word).into_owned()
}

/// Check a context list without building it.
fn check_contexts(list: &[String], boundary: &str, key: &str) -> Result<(), SpecError> {
    for p in list {
        let p = p.trim();
        if p.starts_with('<') && p != boundary {
            return Err(SpecError::new(format!(
                "`{key}`: `{p}` is not a boundary here; use `{boundary}`"
            )));
        }
        if p.is_empty() {
            return Err(SpecError::new(format!("`{key}` holds an empty phrase")));
        }
    }
    Ok(())
}

fn contexts(list: &[String], boundary: &str) -> Vec<Context> {
    list.iter()
        .map(|p| {
            let p = p.trim();
            if p == boundary {
                Context::Boundary
            } else {
                Context::Words(p.split_whitespace().map(normalise).collect())
            }
        })
        .collect()
}

/// Whether only white space lies between two byte offsets.
fn blank(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_some_and(|s| s.chars().all(char::is_whitespace))
}

impl Confusion {
    /// `check` is [`PatternCheck::Full`] for a pack from disk: every entry is checked now, so that
    /// an error names its place. The built-in packs' entries are checked by a test instead.
    pub(crate) fn compile(spec: Spec, check: PatternCheck) -> Result<Self, SpecError> {
        if spec.entries.is_empty() {
            return Err(SpecError::new("`entries` is empty: list at least one word"));
        }
        if check == PatternCheck::Full {
            for raw in &spec.entries {
                let at = |message: String| SpecError::at(message, raw.span());
                let e = EntrySpec::parse(raw.get_ref()).map_err(at)?;
                for (list, boundary, key) in [
                    (&e.before, "<start>", "before"),
                    (&e.after, "<end>", "after"),
                    (&e.unless_before, "<start>", "unless-before"),
                    (&e.unless_after, "<end>", "unless-after"),
                ] {
                    check_contexts(list, boundary, key).map_err(|err| SpecError::at(err.message, raw.span()))?;
                }
            }
        }
        let entries: Vec<String> = spec.entries.into_iter().map(At::into_inner).collect();
        Ok(Self {
            built: entries.iter().map(|_| OnceLock::new()).collect(),
            entries,
            index: OnceLock::new(),
            fix: spec.fix.unwrap_or(Applicability::Safe),
        })
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index::default();
            for (i, raw) in self.entries.iter().enumerate() {
                index.add(normalise(EntrySpec::head(raw).0), i);
            }
            index
        })
    }

    fn entry(&self, i: usize) -> Option<&Entry> {
        let raw = self.entries.get(i)?;
        self.built
            .get(i)?
            .get_or_init(|| {
                // Checked at load time (or, built in, by a test): `None` only for an entry that
                // would have been refused there.
                let e = EntrySpec::parse(raw).ok()?;
                Some(Entry {
                    right: e.right.filter(|r| !r.trim().is_empty()),
                    before: contexts(&e.before, "<start>"),
                    after: contexts(&e.after, "<end>"),
                    unless_before: contexts(&e.unless_before, "<start>"),
                    unless_after: contexts(&e.unless_after, "<end>"),
                })
            })
            .as_ref()
    }

    pub(crate) fn is_fixable(&self) -> bool {
        self.fix > Applicability::DisplayOnly
            && self
                .entries
                .iter()
                .any(|e| EntrySpec::head(e).1.is_some_and(|r| !r.is_empty()))
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        let words = doc.words();
        let index = self.index();
        // Folded once per document, for every confusion rule.
        let folded = doc.folded_words();
        let word_at = |i: usize| -> &str { folded.words.get(i).map_or("", |w| w.as_ref()) };
        for (i, span) in words.iter().enumerate() {
            // Most words are no entry's: their hash rules them out before any lookup.
            if !folded.hashes.get(i).is_some_and(|&h| index.may_hold(h)) {
                continue;
            }
            let Some(candidates) = index.heads.get(word_at(i)) else {
                continue;
            };
            // The context on each side, as far as phrases reach: up to four adjacent words, in
            // text order, without allocating.
            let mut left_buf = [""; 4];
            let mut n_left = 0;
            let mut j = i;
            while j > 0 && n_left < 4 && blank(text, words[j - 1].end, words[j].start) {
                j -= 1;
                left_buf[3 - n_left] = word_at(j);
                n_left += 1;
            }
            let left = &left_buf[4 - n_left..];
            let mut right_buf = [""; 4];
            let mut n_right = 0;
            let mut k = i;
            while k + 1 < words.len() && n_right < 4 && blank(text, words[k].end, words[k + 1].start) {
                k += 1;
                right_buf[n_right] = word_at(k);
                n_right += 1;
            }
            let right = &right_buf[..n_right];
            let at_start = {
                let from = if i == 0 { 0 } else { words[i - 1].end };
                i == 0
                    || text
                        .get(from..span.start)
                        .is_some_and(|g| g.contains(['.', '!', '?', '\n', '\u{2026}']))
            };
            let at_end = {
                let to = words.get(i + 1).map_or(text.len(), |w| w.start);
                i + 1 == words.len()
                    || text
                        .get(span.end..to)
                        .is_some_and(|g| g.contains(['.', '!', '?', ',', ';', ':', ')', '\n', '\u{2026}']))
            };
            let before_holds = |c: &Context| match c {
                Context::Boundary => at_start,
                Context::Words(p) => left.len() >= p.len() && left[left.len() - p.len()..].iter().eq(p.iter()),
            };
            let after_holds = |c: &Context| match c {
                Context::Boundary => at_end,
                Context::Words(p) => right.len() >= p.len() && right[..p.len()].iter().eq(p.iter()),
            };
            let Some(entry) = candidates.iter().filter_map(|&c| self.entry(c)).find(|e| {
                (e.before.is_empty() || e.before.iter().any(before_holds))
                    && (e.after.is_empty() || e.after.iter().any(after_holds))
                    && !e.unless_before.iter().any(before_holds)
                    && !e.unless_after.iter().any(after_holds)
            }) else {
                continue;
            };
            let matched = doc.slice(*span);
            // The longest phrase that matched on each side, for the message.
            let matched_len = |list: &[Context], holds: &dyn Fn(&Context) -> bool| {
                list.iter()
                    .filter(|c| holds(c))
                    .map(|c| match c {
                        Context::Words(p) => p.len(),
                        Context::Boundary => 0,
                    })
                    .max()
                    .unwrap_or(0)
            };
            let from = words[i - matched_len(&entry.before, &before_holds).min(i)].start;
            let to = words[(i + matched_len(&entry.after, &after_holds)).min(words.len() - 1)].end;
            let mut finding = Finding::new(*span)
                .arg("matched", matched)
                .arg("phrase", text.get(from..to).unwrap_or(matched));
            if let Some(right_word) = &entry.right {
                let replacement = same_case(matched, right_word);
                finding = finding
                    .arg("replacement", replacement.clone())
                    .with_fix(Some(Fix::replace(
                        self.fix,
                        format!("Replace with “{replacement}”"),
                        *span,
                        replacement,
                    )));
            }
            out.push(finding);
        }
    }
}

/// `right`, capitalised when `like` is.
fn same_case(like: &str, right: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        crate::checks::casing::capitalise(right)
    } else {
        right.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{Confusion, Spec};
    use crate::document::Document;
    use crate::rules::DocKind;

    fn fixes(spec: &str, text: &str) -> Vec<String> {
        let spec: Spec = toml::from_str(spec).unwrap();
        let check = Confusion::compile(spec, crate::matcher::PatternCheck::Full).unwrap();
        let doc = Document::new(text, DocKind::Draft);
        let mut out = Vec::new();
        check.run(&doc, &mut out);
        out.iter()
            .map(|f| {
                let r = f
                    .args
                    .iter()
                    .find(|(k, _)| *k == "replacement")
                    .map_or("", |(_, v)| v.as_str());
                format!("{}>{r}", &text[f.span.start..f.span.end])
            })
            .collect()
    }

    const SPEC: &str = r#"entries = [
        "her -> hear; before: sorry to | glad to",
        "too -> to; before: referring; after: <end>",
        "lets -> let's; before: <start>; after: get | go",
        "then -> than; before: more; unless-after: we",
    ]"#;

    #[test]
    fn the_context_decides() {
        assert_eq!(fixes(SPEC, "So sorry to her that!"), ["her>hear"]);
        assert_eq!(fixes(SPEC, "Sorry to her, that was the wrong file."), ["her>hear"]);
        assert!(fixes(SPEC, "I gave the card to her yesterday.").is_empty());
        assert!(
            fixes(SPEC, "Sorry, to her it looked fine.").is_empty(),
            "punctuation breaks the context"
        );
        assert_eq!(fixes(SPEC, "Which app are you referring too?"), ["too>to"]);
        assert!(fixes(SPEC, "Are you referring too much?").is_empty());
        assert_eq!(fixes(SPEC, "Thanks. Lets get you sorted."), ["Lets>Let's"]);
        assert!(fixes(SPEC, "The app lets go of the lock.").is_empty());
        assert_eq!(fixes(SPEC, "It costs more then that."), ["then>than"]);
        assert!(fixes(SPEC, "Pay a bit more then we can ship.").is_empty());
        assert_eq!(
            fixes(SPEC, "We are glad to her from you. Sorry to her that"),
            ["her>hear", "her>hear"]
        );
        assert_eq!(
            fixes(SPEC, "sorry to her’s"),
            Vec::<String>::new(),
            "her’s is another word"
        );
    }
}
