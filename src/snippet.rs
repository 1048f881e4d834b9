//! A bounded window of one source line around a span, for people to read.
//!
//! A line can be megabytes long (a minified export, a pack regex). Diagnostics for people show at
//! most [`Snippet::WIDTH`] display columns of it, cut with `…` where the line goes on, so output
//! stays proportional to the number of findings, never to the length of the line. The work is
//! proportional to the window too: the line is walked outwards from the span, not from its start.

use unicode_width::UnicodeWidthChar;

/// What to print for one span of one line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Snippet {
    /// The window of the line, with tabs and control characters made printable.
    pub(crate) text: String,
    /// Display columns before the span's first character.
    pub(crate) pad: usize,
    /// Display columns under the span (at least 1, so that an empty span gets a caret).
    pub(crate) width: usize,
}

impl Snippet {
    /// The widest window shown, in display columns (ellipses included).
    pub(crate) const WIDTH: usize = 120;

    /// The window of `line` around the bytes `start..end` (offsets into `line`; clamped to it and
    /// moved to character boundaries).
    pub(crate) fn new(line: &str, start: usize, end: usize) -> Self {
        Self::with_width(line, start, end, Self::WIDTH)
    }

    fn with_width(line: &str, start: usize, end: usize, max: usize) -> Self {
        let start = floor_boundary(line, start.min(line.len()));
        let end = floor_boundary(line, end.clamp(start, line.len()));
        // Room for an ellipsis on each side.
        let budget = max.saturating_sub(2).max(8);

        // The span itself, cut at half the budget.
        let (span_to, span_w) = walk_forward(line, start, end, budget / 2);
        let span_cut = span_to < end;
        let rest = budget - span_w;
        // Context on the right first (it is often short: the end of a sentence), then give the
        // left what the right does not use, then the right what the left does not use.
        let (left_from, left_w, right_to) = if span_cut {
            let (from, w) = walk_backward(line, start, rest);
            (from, w, span_to)
        } else {
            let (_, right_w) = walk_forward(line, span_to, line.len(), rest);
            let (from, left_w) = walk_backward(line, start, rest - right_w.min(rest / 2));
            let (to, _) = walk_forward(line, span_to, line.len(), rest - left_w);
            (from, left_w, to)
        };

        let mut text = String::new();
        let lead = left_from > 0;
        if lead {
            text.push('…');
        }
        push_printable(&mut text, &line[left_from..right_to]);
        if right_to < line.len() {
            text.push('…');
        }
        Self {
            text,
            pad: left_w + usize::from(lead),
            width: (span_w + usize::from(span_cut)).max(1),
        }
    }
}

/// Display width of one character as printed (tabs and controls become one column).
fn width(ch: char) -> usize {
    if ch.is_control() { 1 } else { ch.width().unwrap_or(0) }
}

/// Walk from `from` towards `limit` while the display width stays within `budget`; returns where
/// it stopped and the width covered. Zero-width characters also count against a character limit,
/// so a line of combining marks cannot make the walk long.
fn walk_forward(line: &str, from: usize, limit: usize, budget: usize) -> (usize, usize) {
    let mut at = from;
    let mut w = 0;
    for (n, ch) in line[from..limit].chars().enumerate() {
        let cw = width(ch);
        if w + cw > budget || n >= budget * 4 {
            break;
        }
        w += cw;
        at += ch.len_utf8();
    }
    (at, w)
}

/// Walk back from `from` towards the line's start within `budget` display columns.
fn walk_backward(line: &str, from: usize, budget: usize) -> (usize, usize) {
    let mut at = from;
    let mut w = 0;
    for (n, ch) in line[..from].chars().rev().enumerate() {
        let cw = width(ch);
        if w + cw > budget || n >= budget * 4 {
            break;
        }
        w += cw;
        at -= ch.len_utf8();
    }
    (at, w)
}

/// Tabs print as a space and other control characters as `�`, so that a line cannot move the
/// cursor or colour the terminal.
fn push_printable(out: &mut String, s: &str) {
    out.extend(s.chars().map(|ch| match ch {
        '\t' => ' ',
        c if c.is_control() => '\u{FFFD}',
        c => c,
    }));
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::Snippet;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_short_line_is_shown_whole() {
        let s = Snippet::new("Thanks for waiting, teh order shipped.", 20, 23);
        assert_eq!(s.text, "Thanks for waiting, teh order shipped.");
        assert_eq!((s.pad, s.width), (20, 3));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}teh{}", "a ".repeat(50_000), "b ".repeat(50_000));
        let s = Snippet::new(&line, 100_000, 100_003);
        assert!(s.text.width() <= Snippet::WIDTH, "{}", s.text.width());
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        let under: String = s.text.chars().skip(s.pad).take(s.width).collect();
        assert_eq!(under, "teh");
    }

    #[test]
    fn a_span_at_the_end_gets_the_room_on_the_left() {
        let line = format!("{}teh", "a".repeat(1000));
        let s = Snippet::new(&line, 1000, 1003);
        assert!(s.text.ends_with("teh") && s.text.starts_with('…'));
        assert_eq!(s.text.width(), Snippet::WIDTH - 1);
        assert_eq!(s.pad + s.width, s.text.width());
    }

    #[test]
    fn a_long_span_is_cut_too() {
        let line = "x".repeat(10_000);
        let s = Snippet::new(&line, 0, 10_000);
        assert!(s.text.width() <= Snippet::WIDTH);
        assert_eq!(s.pad, 0);
        assert_eq!(s.width, s.text.width());
    }

    #[test]
    fn wide_characters_tabs_and_controls() {
        let s = Snippet::new("\t日本\u{1b}[31mX", 12, 13);
        assert_eq!(s.text, " 日本\u{FFFD}[31mX");
        assert_eq!((s.pad, s.width), (10, 1));
        // A span that is not on a character boundary is moved to one.
        let s = Snippet::new("日本", 1, 4);
        assert_eq!((s.pad, s.width), (0, 2));
    }

    #[test]
    fn an_empty_span_gets_one_caret() {
        let s = Snippet::new("abc", 3, 3);
        assert_eq!((s.text.as_str(), s.pad, s.width), ("abc", 3, 1));
    }
}
