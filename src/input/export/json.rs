//! JSON exports: the records of a JSON array (or of a list under a known key of an object) and
//! of JSON Lines, with every string value located in the file.
//!
//! `serde_json` parses; its `RawValue` keeps each value as a slice of the file, so a value's
//! byte offset is where that slice starts. A located string is then decoded here, escape by
//! escape, to build its [`SourceMap`]: `serde_json` resolves escapes but does not say where
//! they were.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use crate::input::SourceMap;

/// A record's fields, each as the raw JSON of its value.
pub(crate) type Object<'a> = BTreeMap<String, &'a RawValue>;

/// Keys under which an object holds its list of records (Zendesk `macros`, Front `_results`,
/// Salesforce `records`, …).
pub(crate) const LIST_KEYS: [&str; 10] = [
    "macros",
    "canned_responses",
    "responses",
    "message_templates",
    "saved_replies",
    "templates",
    "records",
    "data",
    "items",
    "_results",
];

/// A text taken from the file, and where each of its bytes came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Located {
    pub(crate) text: String,
    pub(crate) map: SourceMap,
}

/// Where `raw` starts in `file`; `raw` must be a slice of `file`.
pub(crate) fn offset(file: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(file.as_ptr() as usize)
}

/// What kind of value `raw` is, in words for an error message.
pub(crate) fn kind(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// The elements of a JSON list, or `None` when `raw` is not one.
pub(crate) fn list(raw: &RawValue) -> Option<Vec<&RawValue>> {
    serde_json::from_str(raw.get()).ok()
}

/// The fields of a JSON object, or `None` when `raw` is not one.
pub(crate) fn object(raw: &RawValue) -> Option<Object<'_>> {
    serde_json::from_str(raw.get()).ok()
}

/// A scalar as text: a string decoded, a number as written; `None` for anything else.
pub(crate) fn scalar(raw: &RawValue) -> Option<String> {
    let s = raw.get();
    match s.as_bytes().first()? {
        b'"' => serde_json::from_str(s).ok(),
        b'-' | b'0'..=b'9' => Some(s.to_owned()),
        b't' | b'f' => Some(s.to_owned()),
        _ => None,
    }
}

/// A string value decoded, with its map into `file`; `None` when `raw` is not a string.
pub(crate) fn string(file: &str, raw: &RawValue) -> Option<Located> {
    let lit = raw.get();
    let start = offset(file, raw);
    let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
    let b = inner.as_bytes();
    let base = start + 1;
    let mut text = String::with_capacity(inner.len());
    let mut map = SourceMap::verbatim(base);
    let mut i = 0;
    while i < b.len() {
        let Some(rel) = inner[i..].find('\\') else {
            text.push_str(&inner[i..]);
            break;
        };
        text.push_str(&inner[i..i + rel]);
        i += rel;
        let escape_at = base + i;
        let (c, len) = match b.get(i + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => unicode_escape(inner, i)?,
            _ => return None,
        };
        map.push(text.len(), escape_at);
        text.push(c);
        i += len;
        map.push(text.len(), base + i);
    }
    Some(Located { text, map })
}

/// The char of the `\uXXXX` escape at `i` (a surrogate pair is two escapes) and its length.
fn unicode_escape(s: &str, i: usize) -> Option<(char, usize)> {
    let hex = |at: usize| s.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
    let high = hex(i + 2)?;
    if (0xD800..0xDC00).contains(&high) {
        if s.get(i + 6..i + 8) == Some("\\u") {
            let low = hex(i + 8)?;
            if (0xDC00..0xE000).contains(&low) {
                let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
                return Some((c, 12));
            }
        }
        // A lone surrogate: serde_json refuses it too.
        return None;
    }
    Some((char::from_u32(high)?, 6))
}

/// Where the records of a JSON document are: the document itself when it is a list, else the
/// list under the first of [`LIST_KEYS`] it has. `None` when there is no such list.
pub(crate) fn records(root: &RawValue) -> Option<Vec<&RawValue>> {
    match root.get().as_bytes().first()? {
        b'[' => list(root),
        b'{' => {
            let obj = object(root)?;
            LIST_KEYS.iter().find_map(|k| obj.get(*k).and_then(|v| list(v)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{records, string};
    use serde_json::value::RawValue;

    /// Every string value of `file`, decoded by us and by `serde_json`, mapped back.
    fn check(file: &str) {
        let root: &RawValue = serde_json::from_str(file).unwrap();
        for rec in records(root).unwrap() {
            let obj = super::object(rec).unwrap();
            for raw in obj.values() {
                let Some(loc) = string(file, raw) else { continue };
                let expected: String = serde_json::from_str(raw.get()).unwrap();
                assert_eq!(loc.text, expected);
                // Each char maps to bytes of the file that are it, or an escape of it.
                for (i, c) in loc.text.char_indices() {
                    let at = loc.map.to_file(i);
                    let rest = &file[at..];
                    assert!(rest.starts_with(c) || rest.starts_with('\\'), "{c:?} at {at}: {rest:?}");
                }
            }
        }
    }

    #[test]
    fn strings_decode_and_map_back() {
        check(r#"[{"id": "a", "text": "Hi \"Sam\",\nwe r\u00e9ceived it \ud83d\ude00 ok\\done/"}]"#);
        check(r#"{"macros": [{"id": 1, "title": "Plain", "x": 2}, {"id": 2, "text": "é and \t tab"}]}"#);
    }

    #[test]
    fn a_word_after_an_escape_maps_to_its_file_column() {
        let file = r#"[{"text": "Line one\nWe recieved it"}]"#;
        let root: &RawValue = serde_json::from_str(file).unwrap();
        let rec = &records(root).unwrap()[0];
        let loc = string(file, super::object(rec).unwrap()["text"]).unwrap();
        let word = loc.text.find("recieved").unwrap();
        assert_eq!(&file[loc.map.to_file(word)..][..8], "recieved");
    }
}
