//! `length`: flags a message, paragraph or sentence that is too long (or too short).
//!
//! Keys:
//! - `unit` (sentences count only those of two words or more): `characters` (Unicode scalar values), `graphemes`, `bytes`, `utf16`, `words`,
//!   `sentences`, `sms-segments` (GSM-7: 160 single / 153 per part; any character outside
//!   GSM-7, such as an emoji or a curly quote, makes the message UCS-2: 70 / 67), `x-characters`
//!   (what X counts against a post's limit: a link is 23, an emoji 2, CJK and other wide
//!   scripts 2 a character, the rest 1), or `parts` (how many posts a reply is split into, from
//!   its `1/3` marker; message scope only).
//! - `max-setting`: the name of a `[channels.<name>]` setting in `replylint.toml` that replaces
//!   `max` when a project sets it (`post-limit`, for accounts whose posts hold more).
//! - `scope`: `message` (default), `paragraph` or `sentence`.
//! - `max` and/or `min` (at least one; `min <= max`; neither zero).
//! - `source`: where the limit comes from, shown by `replylint rule` (platform facts are dated).
//!
//! ```toml
//! [rules.check.length]
//! unit = "characters"
//! max = 2000
//! source = "Messenger Send API: text must be UTF-8 and has a 2000 character limit"
//! ```

use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::checks::{CheckContext, Finding, SpecError};
use crate::document::Document;
use crate::span::Span;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Unit {
    Characters,
    Graphemes,
    Bytes,
    Utf16,
    Words,
    Sentences,
    SmsSegments,
    XCharacters,
    Parts,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Self::Characters => "characters",
            Self::Graphemes => "graphemes",
            Self::Bytes => "bytes",
            Self::Utf16 => "UTF-16 units",
            Self::Words => "words",
            Self::Sentences => "sentences",
            Self::SmsSegments => "SMS segments",
            Self::XCharacters => "characters",
            Self::Parts => "posts",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    #[default]
    Message,
    Paragraph,
    Sentence,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    unit: Unit,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    max: Option<usize>,
    #[serde(default)]
    min: Option<usize>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    max_setting: Option<String>,
}

/// `[channels.<name>]` settings a length rule may take its `max` from.
const SETTINGS: [&str; 1] = ["post-limit"];

#[derive(Debug)]
pub(crate) struct Length {
    pub(crate) source: Option<String>,
    unit: Unit,
    scope: Scope,
    max: Option<usize>,
    min: Option<usize>,
    max_setting: Option<String>,
}

/// The weight X gives a character: 1 in the ranges twitter-text weighs 100, 2 elsewhere.
fn x_weight(c: char) -> usize {
    match u32::from(c) {
        0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => 1,
        _ => 2,
    }
}

/// How X counts `text` against a post's limit: every link is 23 characters (t.co), an emoji
/// 2 (however many code points it is made of), other characters by `x_weight`.
pub(crate) fn x_characters(text: &str) -> usize {
    let mut total = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let core = word.trim_end();
        let lower = core.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
            total += 23 + (word.len() - core.len());
            continue;
        }
        for g in word.graphemes(true) {
            let first = g.chars().next().map_or(0, u32::from);
            let emoji = g
                .chars()
                .any(|c| matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F));
            total += if emoji && first > 0xFF {
                2
            } else {
                g.chars().map(x_weight).sum()
            };
        }
    }
    total
}

/// Characters of the GSM 03.38 basic table; the extension table costs two septets.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// How many SMS parts `text` needs.
pub(crate) fn sms_segments(text: &str) -> usize {
    let mut septets: usize = 0;
    let mut gsm = true;
    for c in text.chars() {
        if GSM7_BASIC.contains(c) {
            septets += 1;
        } else if GSM7_EXTENSION.contains(c) {
            septets += 2;
        } else {
            gsm = false;
            break;
        }
    }
    if gsm {
        if septets <= 160 { 1 } else { septets.div_ceil(153) }
    } else {
        let units = text.encode_utf16().count();
        if units <= 70 { 1 } else { units.div_ceil(67) }
    }
}

/// A sentence counts when it holds at least two words with letters.
fn is_counted_sentence(sentence: &str) -> bool {
    sentence
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .nth(1)
        .is_some()
}

/// The white-space separated words of `text` that hold a letter or digit.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return count_words_by_chars(text);
    }
    // ASCII in one pass over the bytes; the white space is `char::is_whitespace`'s.
    let (mut words, mut in_word, mut alnum) = (0, false, false);
    for &b in text.as_bytes() {
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            words += usize::from(in_word && alnum);
            (in_word, alnum) = (false, false);
        } else {
            in_word = true;
            alnum |= b.is_ascii_alphanumeric();
        }
    }
    words + usize::from(in_word && alnum)
}

/// [`count_words`] for any text.
fn count_words_by_chars(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// `unit`s in `text`, the (trimmed) text of `span` in `doc`.
fn measure(unit: Unit, doc: &Document<'_>, span: Span, text: &str, cx: &CheckContext<'_>) -> usize {
    match unit {
        Unit::Characters => text.chars().count(),
        Unit::Graphemes => text.graphemes(true).count(),
        Unit::Bytes => text.len(),
        Unit::Utf16 => text.encode_utf16().count(),
        Unit::Words => count_words(text),
        // The document's own sentences: the same as segmenting the message or the paragraph
        // again (`Document::sentences_in`).
        Unit::Sentences => doc
            .sentences_in(span)
            .iter()
            .filter(|s| is_counted_sentence(doc.slice(**s)))
            .count(),
        Unit::SmsSegments => {
            if text.is_empty() {
                0
            } else {
                sms_segments(text)
            }
        }
        Unit::XCharacters => x_characters(text),
        Unit::Parts => cx
            .position
            .part
            .map_or(1, |p| usize::try_from(p.total).unwrap_or(usize::MAX)),
    }
}

impl Length {
    pub(crate) fn compile(spec: Spec) -> Result<Self, SpecError> {
        match (spec.min, spec.max) {
            (None, None) => return Err(SpecError::new("set `max`, `min` or both")),
            (_, Some(0)) => return Err(SpecError::new("`max = 0` would flag every message")),
            (Some(min), Some(max)) if min > max => {
                return Err(SpecError::new(format!("`min = {min}` is greater than `max = {max}`")));
            }
            _ => {}
        }
        if let Some(name) = &spec.max_setting
            && !SETTINGS.contains(&name.as_str())
        {
            return Err(SpecError::new(format!(
                "unknown `max-setting` `{name}`; expected one of: {}",
                SETTINGS.join(", ")
            )));
        }
        if spec.unit == Unit::Parts && spec.scope != Scope::Message {
            return Err(SpecError::new("`unit = \"parts\"` needs `scope = \"message\"`"));
        }
        if spec.unit == Unit::Sentences && spec.scope == Scope::Sentence {
            return Err(SpecError::new(
                "`unit = \"sentences\"` needs `scope = \"message\"` or `\"paragraph\"`",
            ));
        }
        Ok(Self {
            source: spec.source,
            unit: spec.unit,
            scope: spec.scope,
            max: spec.max,
            min: spec.min,
            max_setting: spec.max_setting,
        })
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let whole = [Span::new(0, doc.text().len())];
        let spans: &[Span] = match self.scope {
            Scope::Message => &whole,
            Scope::Paragraph => doc.paragraphs(),
            Scope::Sentence => doc.sentences(),
        };
        for &span in spans {
            let text = doc.slice(span);
            let text = if self.scope == Scope::Message {
                text.trim_end()
            } else {
                text
            };
            if text.trim().is_empty() {
                continue;
            }
            let actual = measure(self.unit, doc, span, text, cx);
            let max = match self.max_setting.as_deref() {
                Some("post-limit") => cx.channel.post_limit.or(self.max),
                _ => self.max,
            };
            let limit = match (max, self.min) {
                (Some(max), _) if actual > max => max,
                (_, Some(min)) if actual < min => min,
                _ => continue,
            };
            let shown = if self.scope == Scope::Message {
                Span::new(span.start, span.start + text.len())
            } else {
                span
            };
            out.push(
                Finding::new(shown)
                    .arg("actual", actual.to_string())
                    .arg("limit", limit.to_string())
                    .arg("unit", self.unit.name())
                    .arg("channel", cx.conversation.channel.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sms_segments;

    #[test]
    fn sms_segments_follow_gsm7_and_ucs2() {
        assert_eq!(sms_segments(&"a".repeat(160)), 1);
        assert_eq!(sms_segments(&"a".repeat(161)), 2);
        assert_eq!(sms_segments(&format!("{}🙂", "a".repeat(60))), 1);
        assert_eq!(sms_segments(&format!("{}🙂", "a".repeat(69))), 2);
        assert_eq!(sms_segments(&"€".repeat(80)), 1);
        assert_eq!(sms_segments(&"€".repeat(81)), 2);
    }

    proptest::proptest! {
        #[test]
        fn ascii_word_counts_agree_with_the_general_count(t in "[a-c1.,!\\- \t\n\x0b\x0c\r\x1c]{0,24}") {
            proptest::prop_assert_eq!(super::count_words(&t), super::count_words_by_chars(&t));
        }
    }

    #[test]
    fn x_counts_links_as_23_and_emoji_as_2() {
        use super::x_characters;
        assert_eq!(x_characters("hello"), 5);
        assert_eq!(
            x_characters("see https://example.com/a/very/long/path/indeed ok"),
            4 + 23 + 3
        );
        assert_eq!(x_characters("🙂"), 2);
        assert_eq!(x_characters("👍🏽"), 2);
        assert_eq!(x_characters("日本"), 4);
        assert_eq!(x_characters("café"), 4);
    }
}
