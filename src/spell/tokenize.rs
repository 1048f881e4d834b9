//! Finds the words of a reply worth spell-checking, and leaves out what is not a word.
//!
//! The text is cut into whitespace-separated chunks. A chunk that is a URL (`https://…`,
//! `www.…`, bare short links such as `t.co/abc`, `bit.ly/x`, `amzn.to/…`, `example.com`), an
//! e-mail address, an `@handle`, a `#hashtag` or an agent's initials (`^AG`, `*TMC`, `-KM`,
//! `~JP`, `*tmc`) is skipped whole. Placeholders (`{{x}}`, `{%x%}`, `{!x}`, `{x}`, `${x}`,
//! `[Customer Name]`, `<NAME>`, `%NAME%`, `*|FNAME|*`, `__email__`) are masked first, since
//! they may contain spaces. Inside a chunk a token is a run of letters and digits joined by
//! inner apostrophes, hyphens and dots; it is skipped when it holds a digit or `_` (order ids,
//! `10am`, `3rd`, `2/2`), when it is an HTML entity (`&amp;`), an abbreviation with dots
//! (`e.g.`, `a.m.`) or a file name (`invoice.pdf`). A hyphenated compound is checked per part,
//! leaving out bound prefixes (`co-`, `re-`, `e-`). A part is skipped when it is in capitals
//! (`FAQ`, `FAQs`), has inner capitals (`iPhone`, `PayPal`, `McDonald`), or has letters of
//! another script than Latin. A possessive `'s` is left out of the span, so the stem is checked.
//! Curly apostrophes work like straight ones.

use super::{Dialect, Dictionary};
use crate::span::{Span, SpanSet};

/// Letters a word may have and still be spell-checked. The longest words of English
/// dictionaries have 45; a longer run of letters is a hash, an encoded blob or a keyboard mash,
/// and looking it up (every split of it, every suggestion) would cost time quadratic in it.
pub(crate) const MAX_WORD_CHARS: usize = 45;

/// Byte spans of the words in `text` that should be spell-checked, in order.
pub(crate) fn checkable_words(text: &str) -> Vec<(usize, usize)> {
    let mut masks = placeholder_masks(text);
    if let Some(start) = signature_start(text) {
        masks.push((start, text.len()));
    }
    let masks = SpanSet::new(masks.into_iter().map(|(s, e)| Span::new(s, e)).collect());
    let mut out = Vec::new();
    let mut chars = Vec::new();
    let mut pos = 0;
    for chunk in text.split(|c: char| c.is_whitespace()) {
        let start = pos;
        pos += chunk.len();
        // Every separator is one whitespace character; step over it.
        if let Some(c) = text.get(pos..).and_then(|rest| rest.chars().next()) {
            pos += c.len_utf8();
        }
        if chunk.is_empty() || skip_chunk(chunk) {
            continue;
        }
        if chunk.is_ascii() {
            scan_ascii_chunk(start, chunk, &masks, &mut out);
        } else {
            scan_chunk_by_chars(start, chunk, &masks, &mut chars, &mut out);
        }
    }
    out.retain(|&(s, e)| {
        e - s <= MAX_WORD_CHARS || text.get(s..e).is_some_and(|w| w.chars().count() <= MAX_WORD_CHARS)
    });
    out
}

/// Where a signed-off agent name starts at the end of a reply: `-Sabi`, `– Jo M`, `~Kim`,
/// `^Dana`, `*Alex` (one or two capitalised words after a sigil, with only emoji, punctuation or
/// whitespace after them).
fn signature_start(text: &str) -> Option<usize> {
    let body = text.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mut start = body.len();
    for word in 0..2 {
        let before = &body[..start];
        let trimmed = if word == 0 {
            before
        } else {
            before.trim_end_matches(' ')
        };
        let letters = trimmed.len() - trimmed.trim_end_matches(char::is_alphabetic).len();
        if letters == 0 {
            break;
        }
        let name_start = trimmed.len() - letters;
        if !trimmed[name_start..].starts_with(char::is_uppercase) {
            break;
        }
        start = name_start;
        let rest = body[..start].trim_end_matches(' ');
        if let Some(sigil) = rest.chars().next_back()
            && matches!(sigil, '-' | '\u{2013}' | '\u{2014}' | '~' | '^' | '*')
        {
            let before_sigil = rest[..rest.len() - sigil.len_utf8()].chars().next_back();
            if before_sigil.is_none_or(|c| !c.is_alphanumeric()) {
                return Some(start);
            }
        }
    }
    None
}

/// Characters stripped from the ends of a chunk before classifying it.
fn is_wrapping(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{2026}'
            | '\u{00ab}'
            | '\u{00bb}'
    )
}

/// Top-level domains that mark a bare `name.tld` (without a path) as a link.
const TLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "edu",
    "gov",
    "io",
    "co",
    "uk",
    "us",
    "ca",
    "au",
    "de",
    "fr",
    "es",
    "ie",
    "nz",
    "info",
    "biz",
    "app",
    "ai",
    "tv",
    "ly",
    "gl",
    "me",
    "ms",
    "gg",
    "fm",
    "in",
    "jp",
    "br",
    "mx",
    // Reserved for examples and tests (RFC 2606), common in help-desk templates.
    "example",
    "test",
    "invalid",
    "localhost",
];

/// File extensions that make `name.ext` a file name rather than two words.
const EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "csv", "txt", "jpg", "jpeg", "png", "gif", "heic", "zip", "html", "htm",
    "mp3", "mp4", "mov", "apk", "exe", "dmg", "json", "xml", "ics", "ppt", "pptx",
];

/// Whether a whole chunk is something other than words.
fn skip_chunk(chunk: &str) -> bool {
    let lead = chunk.trim_start_matches(is_wrapping);
    let trimmed = lead.trim_end_matches(is_wrapping);
    // Every test below needs one of these characters; most chunks are plain words.
    // A byte search: the two dashes are the only non-ASCII characters and start with 0xE2.
    let marked = trimmed
        .bytes()
        .any(|b| matches!(b, b'.' | b':' | b'@' | b'#' | b'^' | b'~' | b'*' | b'-' | b'/' | 0xE2));
    if !marked || !trimmed.contains(['.', ':', '@', '#', '^', '~', '*', '-', '/', '\u{2013}', '\u{2014}']) {
        return false;
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:") {
        return true;
    }
    if trimmed.starts_with(['@', '#', '^']) {
        return true;
    }
    if let Some((local, domain)) = trimmed.split_once('@')
        && !local.is_empty()
        && domain.contains('.')
    {
        return true; // e-mail address
    }
    if is_initials(trimmed) || is_shortcode(trimmed) {
        return true;
    }
    looks_like_link(&lower)
}

/// `*TMC`, `-KM`, `~jp`, `/AB`: an agent's initials after a sigil.
fn is_initials(s: &str) -> bool {
    let Some(sigil) = s.chars().next() else {
        return false;
    };
    let rest = &s[sigil.len_utf8()..];
    let letters = rest.chars().count();
    if !(1..=4).contains(&letters) || !rest.chars().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    match sigil {
        '~' => true,
        // `*TMC`, and the lowercase `*tmc` some teams sign with (two or three letters).
        '*' => rest.chars().all(|c| c.is_ascii_uppercase()) || (2..=3).contains(&letters),
        '-' | '/' | '\u{2013}' | '\u{2014}' => rest.chars().all(|c| c.is_ascii_uppercase()),
        _ => false,
    }
}

/// `:smile:`, an emoji shortcode.
fn is_shortcode(s: &str) -> bool {
    s.len() > 2
        && s.starts_with(':')
        && s.ends_with(':')
        && s[1..s.len() - 1]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '+' | '-'))
}

/// `t.co/abc`, `bit.ly/x`, `amzn.to/…`, `example.com`, `help.example.co.uk/faq`.
fn looks_like_link(lower: &str) -> bool {
    let (host, path) = match lower.split_once('/') {
        Some((host, path)) => (host, Some(path)),
        None => (lower, None),
    };
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return false;
    }
    let tld = labels.last().copied().unwrap_or_default();
    let tld_ok = tld.len() >= 2 && tld.len() <= 6 && tld.chars().all(|c| c.is_ascii_alphabetic());
    match path {
        Some(_) => tld_ok && labels[0].len() >= 2 || TLDS.contains(&tld),
        None => TLDS.contains(&tld) && labels[..labels.len() - 1].iter().any(|l| l.len() >= 2),
    }
}

/// Characters that make up a token; other characters separate tokens.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

/// Combining marks (accents written as separate code points).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Characters that join two word characters into one token.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '.')
}

/// Whether `c` is a letter of the Latin script (with its diacritics) or a combining mark.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || is_mark(c)
        || matches!(c as u32, 0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F | 0x1E00..=0x1EFF)
}

/// Bound prefixes written with a hyphen; the part after them is checked alone.
const PREFIXES: &[&str] = &[
    "anti", "bi", "co", "cross", "de", "e", "eco", "ex", "extra", "hyper", "inter", "intra", "micro", "mid", "mini",
    "multi", "neo", "non", "over", "post", "pre", "pro", "re", "self", "semi", "sub", "super", "trans", "tri", "ultra",
    "un", "under", "x",
];

/// Scans one ASCII chunk (at byte `base` of `text`) for tokens, byte by byte: the tokens
/// [`scan_chunk_by_chars`] finds, with the character classes written out for ASCII (no
/// combining marks, no typographic apostrophe or hyphen).
fn scan_ascii_chunk(base: usize, chunk: &str, masks: &SpanSet, out: &mut Vec<(usize, usize)>) {
    let b = chunk.as_bytes();
    let word = |k: usize| b.get(k).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_');
    let mut i = 0;
    while i < b.len() {
        if !word(i) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while let Some(&c) = b.get(j) {
            if c.is_ascii_alphanumeric() || c == b'_' {
                last = j;
                j += 1;
            } else if matches!(c, b'\'' | b'-' | b'.') && word(j + 1) {
                j += 1;
            } else {
                break;
            }
        }
        i = last + 1;
        let before = first.checked_sub(1).and_then(|k| b.get(k)).copied();
        let after = b.get(last + 1).copied();
        // handles, tags, variables and escapes; `&amp;` entities
        if matches!(before, Some(b'@' | b'#' | b'$' | b'\\' | b'=')) || (before == Some(b'&') && after == Some(b';')) {
            continue;
        }
        let token = &chunk[first..=last];
        if token.bytes().any(|c| c.is_ascii_digit() || c == b'_') {
            continue;
        }
        if masks.overlaps(Span::new(base + first, base + last + 1)) {
            continue;
        }
        token_words(token, base + first, out);
    }
}

/// Scans one chunk (at byte `base` of `text`) for tokens, character by character; `chars` is
/// scratch space, reused from chunk to chunk.
fn scan_chunk_by_chars(
    base: usize,
    chunk: &str,
    masks: &SpanSet,
    chars: &mut Vec<(usize, char)>,
    out: &mut Vec<(usize, usize)>,
) {
    chars.clear();
    chars.extend(chunk.char_indices());
    let len = chars.len();
    let at = |k: usize| -> Option<(usize, char)> { chars.get(k).copied() };
    let char_at = |k: usize| at(k).map(|(_, c)| c);
    let mut i = 0;
    while i < len {
        if !char_at(i).is_some_and(is_word_char) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while let Some(c) = char_at(j) {
            if is_word_char(c) {
                last = j;
                j += 1;
            } else if is_joiner(c) && char_at(j + 1).is_some_and(is_word_char) {
                j += 1;
            } else {
                break;
            }
        }
        i = last + 1;
        let (Some((start, _)), Some((last_at, last_char))) = (at(first), at(last)) else {
            continue;
        };
        let end = last_at + last_char.len_utf8();
        let before = first.checked_sub(1).and_then(char_at);
        let after = char_at(last + 1);
        // handles, tags, variables and escapes; `&amp;` entities
        if matches!(before, Some('@' | '#' | '$' | '\\' | '=')) || (before == Some('&') && after == Some(';')) {
            continue;
        }
        let token = &chunk[start..end];
        if token.chars().any(|c| c.is_numeric() || c == '_') {
            continue;
        }
        if masks.overlaps(Span::new(base + start, base + end)) {
            continue;
        }
        token_words(token, base + start, out);
    }
}

/// Splits a token on dots and hyphens and pushes the spans of the parts worth checking.
fn token_words(token: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    // A byte search first: the hyphen U+2010 starts with 0xE2.
    if !token.bytes().any(|b| matches!(b, b'.' | b'-' | 0xE2)) || !token.contains(['.', '-', '\u{2010}']) {
        // Most tokens: one word, nothing to split.
        if let Some(len) = checkable_len(token) {
            out.push((base, base + len));
        }
        return;
    }
    if token.contains('.') {
        let parts: Vec<&str> = token.split('.').collect();
        if parts.iter().all(|p| p.chars().count() <= 2) {
            return; // e.g, i.e, a.m, U.S, Ph.D
        }
        let ext = parts.last().map(|p| p.to_ascii_lowercase()).unwrap_or_default();
        if EXTENSIONS.contains(&ext.as_str()) {
            return; // invoice.pdf
        }
        let mut offset = 0;
        for part in parts {
            token_words(part, base + offset, out);
            offset += part.len() + 1;
        }
        return;
    }
    if token.contains(['-', '\u{2010}']) {
        // A compound the dictionary lists whole (`e-mail`, `sci-fi`) is known as it stands.
        let whole = token
            .trim_end_matches("'s")
            .trim_end_matches("\u{2019}s")
            .replace('\u{2010}', "-");
        if Dictionary::builtin().is_known(&whole, Dialect::Any) {
            return;
        }
    }
    let parts: Vec<&str> = token.split(['-', '\u{2010}']).collect();
    let count = parts.len();
    let mut offset = 0;
    for (k, part) in parts.into_iter().enumerate() {
        let start = base + offset;
        offset += part.len();
        // Step over the separator that follows (one character).
        offset += token
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        if k + 1 < count && PREFIXES.contains(&part.to_lowercase().as_str()) {
            continue;
        }
        if let Some(len) = checkable_len(part) {
            out.push((start, start + len));
        }
    }
}

/// The byte length of the checkable part of a word (a trailing possessive `'s` left out), or
/// `None` when the word is not to be checked.
fn checkable_len(word: &str) -> Option<usize> {
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .or_else(|| word.strip_suffix("'S"))
        .or_else(|| word.strip_suffix("\u{2019}S"))
        .unwrap_or(word);
    // One pass, no allocation: this runs on every word of every document.
    let (mut letters, mut upper, mut first, mut last, mut inner_capital) = (0usize, 0usize, None, None, false);
    for c in stem.chars() {
        if !(is_latin(c) || matches!(c, '\'' | '\u{2019}')) {
            return None;
        }
        if c.is_alphabetic() {
            let capital = c.is_uppercase();
            upper += usize::from(capital);
            inner_capital |= capital && first.is_some();
            first.get_or_insert(c);
            last = Some(c);
            letters += 1;
        }
    }
    let first = first?;
    if upper == 0 {
        return Some(stem.len());
    }
    // FAQ, FAQs, IDs, URLs: capitals with at most a plural `s`.
    let caps_len = if last == Some('s') { letters - 1 } else { letters };
    if upper >= caps_len && caps_len >= 2 {
        return None;
    }
    // iPhone, PayPal, McDonald, eBay: capitals after the first letter.
    if inner_capital || !first.is_uppercase() {
        return None;
    }
    Some(stem.len())
}

/// Byte ranges of template placeholders, which may contain spaces.
fn placeholder_masks(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b'{' if is_json_start(&bytes[i + 1..]) => json_end(bytes, i),
            b'`' => {
                if bytes[i..].starts_with(b"```") {
                    find_close(bytes, i + 3, b"```", usize::MAX, true)
                } else {
                    find_close(bytes, i + 1, b"`", 200, false)
                }
            }
            b'{' => {
                let close: &[u8] = match bytes.get(i + 1) {
                    Some(b'{') => b"}}",
                    Some(b'%') => b"%}",
                    _ => b"}",
                };
                find_close(bytes, i + 1, close, 80, false)
            }
            b'$' if bytes.get(i + 1) == Some(&b'{') => find_close(bytes, i + 2, b"}", 80, false),
            b'*' if bytes.get(i + 1) == Some(&b'|') => find_close(bytes, i + 2, b"|*", 60, false),
            b'[' => find_close(bytes, i + 1, b"]", 48, false).filter(|&end| bracket_placeholder(&text[i + 1..end - 1])),
            b'<' => find_close(bytes, i + 1, b">", 48, false).filter(|&end| angle_placeholder(&text[i + 1..end - 1])),
            b'%' => find_close(bytes, i + 1, b"%", 40, false).filter(|&end| percent_placeholder(&text[i + 1..end - 1])),
            _ => None,
        };
        if let Some(end) = found {
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The end (exclusive) of `close` searched from `from`, within `max` bytes, and on one line
/// unless `multiline`.
fn find_close(bytes: &[u8], from: usize, close: &[u8], max: usize, multiline: bool) -> Option<usize> {
    let limit = bytes.len().min(from.saturating_add(max));
    let mut k = from;
    while k < limit {
        if bytes[k] == b'\n' && !multiline {
            return None;
        }
        if bytes[k..].starts_with(close) {
            return Some(k + close.len());
        }
        k += 1;
    }
    None
}

/// Whether the bytes after a `{` open a JSON object: `{"key":`.
fn is_json_start(rest: &[u8]) -> bool {
    let rest = rest.trim_ascii_start();
    rest.first() == Some(&b'"')
        && rest.iter().skip(1).take(64).position(|&b| b == b'"').is_some_and(|k| {
            rest.get(k + 2..)
                .is_some_and(|after| after.trim_ascii_start().first() == Some(&b':'))
        })
}

/// The end (exclusive) of the JSON object opening at `start`: braces balanced outside strings.
fn json_end(bytes: &[u8], start: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (k, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// `[Customer Name]`, `[first_name]`, `[ORDER NUMBER]`: up to five words of letters.
fn bracket_placeholder(inner: &str) -> bool {
    let inner = inner.trim();
    !inner.is_empty()
        && inner.split_whitespace().count() <= 5
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | ':' | '/' | '#'))
}

/// `<NAME>`, `<first name>`, `<br/>`: a tag-like slot.
fn angle_placeholder(inner: &str) -> bool {
    inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
        && inner.split_whitespace().count() <= 5
}

/// `%NAME%`, `%first_name%`.
fn percent_placeholder(inner: &str) -> bool {
    inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && !inner.ends_with(' ')
        && inner.len() <= 30
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ' ' | '.' | '-'))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::span::{Span, SpanSet};

    proptest! {
        /// The byte path finds the tokens the character path does, masks included.
        #[test]
        fn ascii_chunks_scan_as_by_characters(
            chunk in "[a-zA-Z0-9_'.@#$=&;\\\\-]{0,16}",
            mask in proptest::option::of((0usize..16, 0usize..6)),
        ) {
            let masks = SpanSet::new(mask.map(|(s, n)| Span::new(100 + s, 100 + s + n)).into_iter().collect());
            let (mut bytes, mut chars) = (Vec::new(), Vec::new());
            super::scan_ascii_chunk(100, &chunk, &masks, &mut bytes);
            super::scan_chunk_by_chars(100, &chunk, &masks, &mut Vec::new(), &mut chars);
            prop_assert_eq!(bytes, chars);
        }
    }
}
