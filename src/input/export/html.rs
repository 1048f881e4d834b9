//! HTML bodies reduced to text, with a map back to the HTML's bytes.
//!
//! `html5gum` tokenizes (WHATWG tokenizer: entities, unquoted attributes, stray `<` are its
//! business, not ours). Tags are removed; block tags and `<br>` become line breaks; runs of white
//! space become one space, as a browser shows them; text inside `<script>` and `<style>` is
//! dropped. An Intercom `<attribute key="first_name" default="there"/>` becomes
//! `{{first_name | fallback: "there"}}`, a placeholder the engine masks in templates, mapped to
//! the attribute tag.
//!
//! The tokenizer gives each text run its span in the HTML and its decoded text; within a run the
//! two are aligned here, so that a char after `&amp;` maps to its own byte.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::input::SourceMap;

/// Tags that end a line.
const LINE_TAGS: [&[u8]; 4] = [b"br", b"li", b"tr", b"hr"];

/// Tags that end a paragraph.
const BLOCK_TAGS: [&[u8]; 14] = [
    b"p",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"blockquote",
    b"ul",
    b"ol",
    b"table",
    b"pre",
    b"section",
];

/// The text an HTML body shows, and where each of its bytes came from in `html`.
pub(crate) fn to_text(html: &str) -> (String, SourceMap) {
    let mut out = Out::default();
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut hidden = false;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                if name == b"attribute" {
                    let get = |k: &[u8]| {
                        tag.attributes
                            .get(k)
                            .map(|v| String::from_utf8_lossy(&v.value).replace(['{', '}', '"', '\n'], ""))
                    };
                    if let Some(key) = get(b"key").filter(|k| !k.trim().is_empty()) {
                        let slot = match get(b"default").filter(|d| !d.is_empty()) {
                            Some(d) => format!("{{{{{} | fallback: \"{d}\"}}}}", key.trim()),
                            None => format!("{{{{{}}}}}", key.trim()),
                        };
                        out.push_str(&slot, tag.span.start);
                    }
                } else if name == b"script" || name == b"style" {
                    hidden = true;
                } else if BLOCK_TAGS.contains(&name) || LINE_TAGS.contains(&name) {
                    out.line_break(tag.span.start, 1);
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.as_slice();
                if name == b"script" || name == b"style" {
                    hidden = false;
                } else if BLOCK_TAGS.contains(&name) {
                    out.line_break(tag.span.start, 2);
                } else if LINE_TAGS.contains(&name) {
                    out.line_break(tag.span.start, 1);
                }
            }
            Token::String(s) if !hidden => {
                let raw = html.get(s.span.start..s.span.end).unwrap_or("");
                out.text(raw, &String::from_utf8_lossy(&s.value), s.span.start);
            }
            _ => {}
        }
    }
    let Out { mut text, map, .. } = out;
    text.truncate(text.trim_end().len());
    (text, map)
}

/// The text being built, and its map.
#[derive(Default)]
struct Out {
    text: String,
    map: SourceMap,
    /// `file offset - text offset` of the current run, once one is started.
    delta: Option<isize>,
}

impl Out {
    /// Append `c`, which came from byte `from` of the HTML.
    fn push(&mut self, c: char, from: usize) {
        self.start_run(from);
        self.text.push(c);
    }

    /// Append `s`, all of it mapped to the bytes from `from` on.
    fn push_str(&mut self, s: &str, from: usize) {
        self.start_run(from);
        self.text.push_str(s);
        self.delta = None;
    }

    fn start_run(&mut self, from: usize) {
        #[allow(clippy::cast_possible_wrap)] // offsets of a document below isize::MAX
        let delta = from as isize - self.text.len() as isize;
        if self.delta != Some(delta) {
            self.map.push(self.text.len(), from);
            self.delta = Some(delta);
        }
    }

    /// End the line (`n` = 1) or the paragraph (`n` = 2) at a tag at `from`, unless the text
    /// is empty or already ends so.
    fn line_break(&mut self, from: usize, n: usize) {
        if self.text.is_empty() {
            return;
        }
        let kept = self.text.trim_end_matches(' ').len();
        self.text.truncate(kept);
        let have = self.text.len() - self.text.trim_end_matches('\n').len();
        for _ in have..n {
            self.push('\n', from);
        }
        self.delta = None;
    }

    fn at_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with([' ', '\n'])
    }

    /// Append the decoded text `decoded` of the raw text run `raw`, which starts at `from`.
    fn text(&mut self, raw: &str, decoded: &str, from: usize) {
        let (mut i, mut j) = (0, 0);
        while let Some(c) = decoded.get(j..).and_then(|d| d.chars().next()) {
            let rest = raw.get(i..).unwrap_or("");
            let at = from + i.min(raw.len());
            j += c.len_utf8();
            if let Some(name) = rest.strip_prefix('&') {
                // A character reference (`&amp;`, `&#233;`, `&nbsp;`) unless the decoded text
                // has the same bytes (a literal `&`, as in `AT&T`).
                let mut len = 1 + name
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '#'))
                    .unwrap_or(name.len());
                if rest[len..].starts_with(';') {
                    len += 1;
                }
                let literal = decoded
                    .get(j - c.len_utf8()..)
                    .is_some_and(|d| d.starts_with(&rest[..len]));
                if len > 1 && !literal {
                    self.visible(c, at);
                    i += len;
                    continue;
                }
            }
            if rest.starts_with('\r') && c == '\n' {
                i += 1; // CR LF reads as LF
            }
            let rest = raw.get(i..).unwrap_or("");
            self.visible(c, from + i.min(raw.len()));
            // A char the tokenizer replaced (NUL) takes the raw char's length.
            i += if rest.starts_with(c) {
                c.len_utf8()
            } else {
                rest.chars().next().map_or(1, char::len_utf8)
            };
        }
    }

    /// Append a char that shows in the text, white space collapsed.
    fn visible(&mut self, c: char, from: usize) {
        if c.is_whitespace() {
            if !self.at_space() {
                self.push(' ', from);
            }
            return;
        }
        self.push(c, from);
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn tags_go_entities_decode_and_breaks_stay() {
        let html = "<p>Hi &amp; welcome,</p><p>we <b>recieved</b> it.<br>Thanks</p>";
        let (text, map) = to_text(html);
        assert_eq!(text, "Hi & welcome,\n\nwe recieved it.\nThanks");
        let word = text.find("recieved").unwrap();
        assert_eq!(&html[map.to_file(word)..][..8], "recieved");
        let amp = text.find('&').unwrap();
        assert!(html[map.to_file(amp)..].starts_with("&amp;"));
        let w = text.find("welcome").unwrap();
        assert_eq!(&html[map.to_file(w)..][..7], "welcome");
    }

    #[test]
    fn a_word_after_an_entity_maps_to_its_own_bytes() {
        let html = "Caf&eacute; &#233;t&eacute; &lt;3 yeah, right";
        let (text, map) = to_text(html);
        assert_eq!(text, "Café été <3 yeah, right");
        let y = text.find("yeah").unwrap();
        assert_eq!(&html[map.to_file(y)..][..4], "yeah");
        let e = text.find("été").unwrap();
        assert!(html[map.to_file(e)..].starts_with("&#233;"));
    }

    #[test]
    fn intercom_attributes_become_placeholders() {
        let html = r#"<p>Hi <attribute key="first_name" default="there"/>, thanks!</p>"#;
        let (text, map) = to_text(html);
        assert_eq!(text, r#"Hi {{first_name | fallback: "there"}}, thanks!"#);
        assert!(html[map.to_file(3)..].starts_with("<attribute"));
        let t = text.find("thanks").unwrap();
        assert_eq!(&html[map.to_file(t)..][..6], "thanks");
    }

    #[test]
    fn white_space_collapses_and_scripts_are_dropped() {
        let html = "<div>\n   Hello\n   there  </div><script>var x = 1;</script><style>p{}</style>";
        let (text, map) = to_text(html);
        assert_eq!(text, "Hello there");
        assert_eq!(&html[map.to_file(6)..][..5], "there");
    }
}
