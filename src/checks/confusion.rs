//! `confusion`: a real word used for another one ("sorry to her that", "you're order", "more
//! then"), or a word missing ("looking forward help you"), decided by the words right around it.
//! A dictionary cannot see these: every word is spelled right.
//!
//! Each entry names the `wrong` word and the context that makes the slip near-certain; precision
//! comes first, so an entry without `before` or `after` flags the word everywhere and is only
//! for non-words (`lets's`).
//!
//! Keys of `[rules.check.confusion]`:
//! - `entries` (required): a list of tables, each with
//!   - `wrong`: the word, one word as the text has it (`her`, `you're`, `lets's`);
//!   - `right`: what it should be (`hear`; `forward to` for a missing word); without it the
//!     finding has no fix;
//!   - `before` / `after`: phrases one of which must come right before / right after the word
//!     (whole words, only white space between; case and apostrophe style do not matter).
//!     `<start>` stands for the start of a sentence, `<end>` for the end of a sentence or
//!     clause (punctuation or the end of the text). Both lists must match when both are given;
//!   - `unless-before` / `unless-after`: phrases that rule the entry out.
//! - `fix` (default `safe`): the applicability of the fixes.
//!
//! Message arguments: `matched` (the word as written), `replacement` (`right`, capitalised like
//! the word), `phrase` (the word with its context, as written).
//!
//! ```toml
//! [rules.check.confusion]
//! entries = [
//!   { wrong = "her", right = "hear", before = ["sorry to", "glad to"] },
//!   { wrong = "then", right = "than", before = ["more", "better"] },
//! ]
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::checks::{Finding, FixLevel, SpecError};
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct EntrySpec {
    wrong: String,
    #[serde(default)]
    right: Option<String>,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    unless_before: Vec<String>,
    #[serde(default)]
    unless_after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    entries: Vec<EntrySpec>,
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
    /// Entries by their lowercased `wrong` word.
    entries: BTreeMap<String, Vec<Entry>>,
    fix: Applicability,
}

/// Lowercase, with typographic apostrophes made straight.
fn normalise(word: &str) -> String {
    word.to_lowercase().replace('\u{2019}', "'")
}

fn contexts(list: &[String], boundary: &str, key: &str) -> Result<Vec<Context>, SpecError> {
    list.iter()
        .map(|p| {
            let p = p.trim();
            if p == boundary {
                Ok(Context::Boundary)
            } else if p.starts_with('<') {
                Err(SpecError::new(format!(
                    "`{key}`: `{p}` is not a boundary here; use `{boundary}`"
                )))
            } else if p.is_empty() {
                Err(SpecError::new(format!("`{key}` holds an empty phrase")))
            } else {
                Ok(Context::Words(p.split_whitespace().map(normalise).collect()))
            }
        })
        .collect()
}

/// Whether only white space lies between two byte offsets.
fn blank(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_some_and(|s| s.chars().all(char::is_whitespace))
}

impl Confusion {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        if spec.entries.is_empty() {
            return Err(SpecError::new("`entries` is empty: list at least one word"));
        }
        let mut entries: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        for e in spec.entries {
            let wrong = normalise(e.wrong.trim());
            if wrong.is_empty() || wrong.split_whitespace().count() != 1 {
                return Err(SpecError::new(format!(
                    "`wrong = \"{}\"`: give exactly one word; put the words around it in `before` and `after`",
                    e.wrong
                )));
            }
            entries.entry(wrong).or_default().push(Entry {
                right: e.right.filter(|r| !r.trim().is_empty()),
                before: contexts(&e.before, "<start>", "before")?,
                after: contexts(&e.after, "<end>", "after")?,
                unless_before: contexts(&e.unless_before, "<start>", "unless-before")?,
                unless_after: contexts(&e.unless_after, "<end>", "unless-after")?,
            });
        }
        Ok(Self {
            entries,
            fix: spec.fix.unwrap_or(Applicability::Safe),
        })
    }

    pub(crate) fn is_fixable(&self) -> bool {
        self.fix > Applicability::DisplayOnly && self.entries.values().flatten().any(|e| e.right.is_some())
    }

    pub(crate) fn run(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text();
        let words = doc.words();
        let mut lower: Vec<Option<String>> = vec![None; words.len()];
        let mut word_at = |i: usize| -> String {
            lower
                .get_mut(i)
                .map(|slot| slot.get_or_insert_with(|| normalise(doc.slice(words[i]))).clone())
                .unwrap_or_default()
        };
        for (i, span) in words.iter().enumerate() {
            let Some(candidates) = self.entries.get(&normalise(doc.slice(*span))) else {
                continue;
            };
            // The context on each side, as far as phrases reach: adjacent words only.
            let mut left: Vec<String> = Vec::new();
            let mut j = i;
            while j > 0 && left.len() < 4 && blank(text, words[j - 1].end, words[j].start) {
                j -= 1;
                left.insert(0, word_at(j));
            }
            let mut right: Vec<String> = Vec::new();
            let mut k = i;
            while k + 1 < words.len() && right.len() < 4 && blank(text, words[k].end, words[k + 1].start) {
                k += 1;
                right.push(word_at(k));
            }
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
                Context::Words(p) => left.len() >= p.len() && left[left.len() - p.len()..] == p[..],
            };
            let after_holds = |c: &Context| match c {
                Context::Boundary => at_end,
                Context::Words(p) => right.len() >= p.len() && right[..p.len()] == p[..],
            };
            let Some(entry) = candidates.iter().find(|e| {
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
        let check = Confusion::compile(spec).unwrap();
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
        { wrong = "her", right = "hear", before = ["sorry to", "glad to"] },
        { wrong = "too", right = "to", before = ["referring"], after = ["<end>"] },
        { wrong = "lets", right = "let's", before = ["<start>"], after = ["get", "go"] },
        { wrong = "then", right = "than", before = ["more"], unless-after = ["we"] },
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
