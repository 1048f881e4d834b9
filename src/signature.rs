//! Signatures: how an agent signs a reply (`^AG`, `^bc`, `*TMC`, `- Ben D`, `--JV`, `=JJ`,
//! `Thanks-Sha`, `... this year. Marc`). Part of the text model: rules look through a signature
//! (it belongs to the close) and the conversation model reads one as the mark of an agent.

/// Characters that introduce a signature.
const SIGILS: [char; 8] = ['^', '*', '-', '~', '=', '/', '\u{2013}', '\u{2014}'];

/// Words that end a sentence and look like a name but are a close or a reply.
const NOT_NAMES: [&str; 24] = [
    "Thanks",
    "Thank",
    "Thx",
    "Cheers",
    "Regards",
    "Best",
    "Please",
    "Sorry",
    "Bye",
    "Goodbye",
    "Yes",
    "No",
    "Ok",
    "Okay",
    "Hi",
    "Hello",
    "Hey",
    "Welcome",
    "Enjoy",
    "Congrats",
    "Congratulations",
    "Apologies",
    "Done",
    "Great",
];

/// Whether `line` is a signature on its own: a sigil and one to three names or initials
/// (`^AG`, `^bc`, `*TMC`, `- Ben D`, `--JV`, `~Sam`, `– Chloe`, `=JJ`).
pub(crate) fn is_signature(line: &str) -> bool {
    let t = line.trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    if !SIGILS.contains(&first) {
        return false;
    }
    let rest = t.trim_start_matches(|c: char| SIGILS.contains(&c) || c == ' ');
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return false;
    }
    // `^bc`, `~jp`, `*tmc`: initials in lowercase after a caret, a tilde or an asterisk.
    let lowercase_initials = matches!(first, '^' | '~' | '*')
        && words.len() == 1
        && (if first == '*' { 2..=3 } else { 1..=3 }).contains(&rest.chars().count())
        && rest.chars().all(|c| c.is_ascii_lowercase());
    lowercase_initials
        || words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '.')
        })
}

/// Whether a token is part of a reply's trailing frame rather than its words: a link, a `2/2`
/// marker, an @handle, or something with no letters or digits (emoji, punctuation).
fn is_frame(token: &str) -> bool {
    let core = token.trim_matches(['(', ')', '[', ']', '.', ',']);
    let is_link =
        token.contains("://") || token.starts_with("www.") || token.contains(".co/") || token.contains(".ly/");
    let is_marker = core.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())
    });
    is_link
        || is_marker
        || token.starts_with('@')
        || !token.chars().any(char::is_alphanumeric) && !token.starts_with(SIGILS)
}

/// The end of a reply that is frame rather than message: a signature and the links, `2/2`
/// markers, emoji and @handles around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Trailer {
    /// Where the frame starts (the text's trimmed length when there is none).
    pub(crate) start: usize,
    /// Whether the frame holds a signature.
    pub(crate) signed: bool,
}

/// The trailing frame of `text`: "Please check your inbox. -GH", "Thanks! *TSL" and a link,
/// "TY - Eilish", "*ABN 3/3", "see you there!- Anwar", "Thanks-Sha", "this year. Marc".
pub(crate) fn trailer(text: &str) -> Trailer {
    let end = text.trim_end().len();
    let mut tokens: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for piece in text.split_whitespace() {
        let start = text.get(at..).and_then(|r| r.find(piece)).map_or(at, |i| at + i);
        tokens.push((start, piece));
        at = start + piece.len();
    }
    let token = |i: usize| tokens.get(i).map_or("", |(_, t)| *t);
    let skip_frame = |mut n: usize| {
        while n > 0 && is_frame(token(n - 1)) {
            n -= 1;
        }
        n
    };
    let mut n = skip_frame(tokens.len());
    let joined = |from: usize, to: usize| (from..to).map(token).collect::<Vec<_>>().join(" ");
    if let Some(k) = (1..=3).rev().find(|&k| n >= k && is_signature(&joined(n - k, n))) {
        n = skip_frame(n - k);
        return Trailer {
            start: tokens.get(n).map_or(end, |(s, _)| *s),
            signed: true,
        };
    }
    let Some(last_index) = n.checked_sub(1) else {
        return Trailer {
            start: 0,
            signed: false,
        };
    };
    let (last_at, last) = tokens.get(last_index).copied().unwrap_or((0, ""));
    // A name glued to the last word with a dash: "changes-Yana", "there!-Anwar".
    if let Some((before, name)) = last.rsplit_once(['-', '\u{2013}', '\u{2014}']) {
        let bare = name.trim_end_matches('.');
        if !before.is_empty()
            && bare.chars().next().is_some_and(char::is_uppercase)
            && bare.chars().all(char::is_alphabetic)
            && (2..=12).contains(&bare.chars().count())
            && !before.chars().next_back().is_some_and(char::is_uppercase)
        {
            return Trailer {
                start: last_at + before.len(),
                signed: true,
            };
        }
    }
    // A name after a dash glued to the last word: "see you there!- Anwar".
    if last_index > 0 {
        let (prev_at, prev) = tokens.get(last_index - 1).copied().unwrap_or((0, ""));
        let dash = prev.trim_end_matches(['-', '\u{2013}', '\u{2014}']);
        if dash.len() < prev.len()
            && !dash.is_empty()
            && last.chars().next().is_some_and(char::is_uppercase)
            && last.trim_end_matches('.').chars().all(char::is_alphabetic)
        {
            return Trailer {
                start: prev_at + dash.len(),
                signed: true,
            };
        }
    }
    // A first name after the last sentence: "... this year. Marc", "... on board. Phil."
    let name = last.trim_end_matches('.');
    let after_sentence = last_index > 0 && token(last_index - 1).ends_with(['.', '!', '?']);
    if after_sentence
        && (2..=12).contains(&name.chars().count())
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().skip(1).all(char::is_lowercase)
        && !NOT_NAMES.contains(&name)
    {
        return Trailer {
            start: tokens.get(skip_frame(last_index)).map_or(end, |(s, _)| *s),
            signed: true,
        };
    }
    Trailer {
        start: tokens.get(n).map_or(end, |(s, _)| *s),
        signed: false,
    }
}

/// Whether the text ends with a signature, after any trailing links, `2/2` thread markers,
/// emoji and @handles.
pub(crate) fn ends_with_signature(text: &str) -> bool {
    trailer(text).signed
}

/// Where the trailing block of short lines (at most four words, no question or exclamation,
/// after a line break) begins; the text's end when there is none.
pub(crate) fn signature_block_start(text: &str) -> usize {
    let body = text.trim_end();
    let mut start = body.len();
    let mut lines = 0;
    while let Some(nl) = body.get(..start).and_then(|b| b.trim_end().rfind('\n')) {
        let line = body.get(nl + 1..start).unwrap_or("").trim();
        let words = line.split_whitespace().count();
        let short = (words <= 4 && !line.ends_with(['?', '!']) && (words == 1 || !line.ends_with('.'))
            || is_name_line(line))
            && !line.is_empty();
        if !short || lines == 3 {
            break;
        }
        start = nl + 1;
        lines += 1;
    }
    start
}

/// A line that can sign a message: up to five words, each capitalised, an initial, a connector
/// ("the", "of", "at", "&") or a placeholder, with no sentence punctuation.
pub(crate) fn is_name_line(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches(['-', '\u{2013}', '\u{2014}', '~', '^', '*', ' ']);
    if t.is_empty() || t.ends_with(['?', '!', ':']) {
        return false;
    }
    if crate::placeholder::find_all(t)
        .first()
        .is_some_and(|p| p.span.len() == t.len())
    {
        return true;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '{' || c == '[' || c == '<')
                || matches!(
                    *w,
                    "the"
                        | "of"
                        | "at"
                        | "&"
                        | "and"
                        | "from"
                        | "team"
                        | "practice"
                        | "support"
                        | "care"
                        | "office"
                        | "desk"
                        | "service"
                        | "services"
                        | "crew"
                        | "staff"
                        | "clinic"
                        | "shop"
                        | "store"
                )
        })
}

#[cfg(test)]
mod tests {
    use super::{ends_with_signature, is_signature};

    #[test]
    fn signatures_at_the_end_of_a_line() {
        for s in [
            "Please check your inbox. -GH",
            "Thanks! *TSL https://t.co/6iDG",
            "TY - Eilish",
            "It changed. *ABN 3/3",
            "DM us - Mike 2/2",
            "See you! -S.D.",
            "Glad to help ^bc",
            "We are on it --JV",
            "Power is back. = JJ",
            "see you there!- Anwar",
            "Kindly check your mailbox. Thanks-Sha",
            "You can check our website for offers. Marc",
            "Where on board was it left? Phil.",
        ] {
            assert!(ends_with_signature(s), "{s}");
        }
        for s in [
            "Your refund was processed.",
            "It is well - done",
            "Call us at 555-1234",
            "Thanks 2/2",
            "Your order ships today. Thanks",
            "We fixed the log-in",
            "Ask for the T-Shirt",
        ] {
            assert!(!ends_with_signature(s), "{s}");
        }
    }

    #[test]
    fn the_trailer_is_cut_after_the_last_word() {
        let t = "Have a great week. 😊 *TBT";
        assert_eq!(&t[super::trailer(t).start..], "😊 *TBT");
        let t = "See you there!- Anwar";
        assert_eq!(&t[super::trailer(t).start..], "- Anwar");
        let t = "Your refund was processed.";
        assert_eq!(super::trailer(t).start, t.len());
        assert!(!super::trailer(t).signed);
    }

    #[test]
    fn signatures() {
        for s in [
            "^AG",
            "- Ben D",
            "*TMC",
            "-KM",
            "~Sam",
            "– Chloe",
            "^bc",
            "--JV",
            "=JJ",
            "*tmc",
        ] {
            assert!(is_signature(s), "{s}");
        }
        for s in ["- see our FAQ for details", "Thanks!", "* note", "^", "^hello"] {
            assert!(!is_signature(s), "{s}");
        }
    }
}
