//! Template slot syntaxes (`{{first_name}}`, `[Customer Name]`, `<NAME>`, …) and finding them.
//!
//! One catalogue serves two jobs: masking placeholders in templates so prose rules never fire on
//! them, and reporting placeholders left unfilled in drafts. The catalogue follows
//! `PLATFORMS.md` §2.10; the syntax names are what rule packs use in `syntaxes = [...]`.

use std::sync::OnceLock;

use regex::Regex;

use crate::span::Span;

/// A placeholder found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// Where it is.
    pub span: Span,
    /// Which syntax it is written in (a name from [`SYNTAXES`]).
    pub syntax: &'static str,
    /// Whether it has a fallback text (`| fallback: 'there'`, `,fallback=there`, `default="…"`).
    pub has_fallback: bool,
}

/// Syntax names with the pattern that finds each; tried in this order at each position.
pub(crate) const SYNTAXES: [(&str, &str); 14] = [
    ("hubspot-missing", r"\[\[MISSING TOKEN[^\]]*\]\]"),
    (
        "liquid-tag",
        r"\{%-?\s*(?:if|elsif|else|endif|unless|endunless|for|endfor|case|when|endcase|assign|capture|endcapture)(?-u:\b)[^%]*-?%\}",
    ),
    ("helpscout", r"\{%\s*[A-Za-z]+\.[A-Za-z]+\s*(?:,\s*fallback=[^%]*)?%\}"),
    ("mustache", r"\{\{[^{}\n]{1,80}\}\}"),
    ("salesforce", r"\{![A-Za-z_][A-Za-z0-9_.]*\}"),
    (
        "intercom-xml",
        r#"<attribute\s+key="[^"]+"(?:\s+default="[^"]*")?\s*/>"#,
    ),
    ("mailchimp", r"\*\|[A-Z0-9_]+\|\*"),
    ("single-brace", r"\$?\{[A-Za-z_][A-Za-z0-9_.]*\}"),
    ("percent", r"%[A-Za-z_][A-Za-z0-9_]*%"),
    (
        "bracket-hint",
        r"(?i)\[(?:insert|customer|client|first name|last name|full name|name|agent|order|link|date|your|tracking|ticket|company|product|amount|time|phone|email|address)[^\]\n]{0,30}\]",
    ),
    (
        "angle-hint",
        r"<(?:[A-Z][A-Z0-9_ ]{1,30}|[a-z]+_[a-z_]+|(?i:name|first name|customer name|agent name|order number|order id|link|date))>",
    ),
    (
        "fill-in",
        r"(?-u:\b)(?:X{3,}|TBD|FILLIN|TODO|NAME|FIRSTNAME|LASTNAME|FULLNAME|CUSTOMERNAME|AGENTNAME|[A-Z]{2,}(?:_[A-Z]{2,})+)(?-u:\b)",
    ),
    ("dataset-mask", r"__[a-z]+__"),
    ("wa-positional", r"\{\{\s*[0-9]+\s*\}\}"),
];

/// Syntaxes that are masks of real data (TWCS `__email__`), not slots anyone forgot to fill.
pub(crate) const DATA_MASKS: [&str; 1] = ["dataset-mask"];

fn regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let body: Vec<String> = SYNTAXES
            .iter()
            .map(|(name, p)| format!("(?P<{}>{p})", name.replace('-', "_")))
            .collect();
        Regex::new(&body.join("|")).ok()
    })
    .as_ref()
}

fn has_fallback(syntax: &str, text: &str) -> bool {
    match syntax {
        "mustache" => {
            let lower = text.to_ascii_lowercase();
            lower.contains("fallback") || lower.contains("default") || lower.contains("||")
        }
        "helpscout" => text.contains("fallback=") && !text.contains("fallback=%"),
        "intercom-xml" => text.contains("default=\"") && !text.contains("default=\"\""),
        _ => false,
    }
}

/// Every placeholder in `text`, in order, non-overlapping.
pub fn find_all(text: &str) -> Vec<Placeholder> {
    // Cheap prefilter, so ordinary text never compiles the catalogue: every syntax needs one of
    // these delimiters, or a fill-in word.
    let delimited = text
        .bytes()
        .any(|b| matches!(b, b'{' | b'[' | b'<' | b'*' | b'%' | b'$'))
        || text.contains("__");
    let fill_in = ["XXX", "TBD", "FILLIN", "TODO", "NAME"]
        .iter()
        .any(|w| text.contains(w))
        || text
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_uppercase() && w[1] == b'_' && w[2].is_ascii_uppercase());
    if !delimited && !fill_in {
        return Vec::new();
    }
    let Some(re) = regex() else { return Vec::new() };
    let mut out = Vec::new();
    for caps in re.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let syntax = SYNTAXES
            .iter()
            .map(|(name, _)| *name)
            .find(|name| caps.name(&name.replace('-', "_")).is_some())
            .unwrap_or("mustache");
        let syntax = if syntax == "mustache"
            && whole
                .as_str()
                .trim_matches(|c| c == '{' || c == '}' || c == ' ')
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            "wa-positional"
        } else {
            syntax
        };
        out.push(Placeholder {
            span: Span::new(whole.start(), whole.end()),
            syntax,
            has_fallback: has_fallback(syntax, whole.as_str()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::find_all;

    fn syntaxes(text: &str) -> Vec<&'static str> {
        find_all(text).into_iter().map(|p| p.syntax).collect()
    }

    #[test]
    fn finds_the_catalogue() {
        assert_eq!(syntaxes("Hi {{ticket.requester.first_name}},"), ["mustache"]);
        assert_eq!(syntaxes("Hi {{1}},"), ["wa-positional"]);
        assert_eq!(syntaxes("Hi {%customer.firstName,fallback=there%}"), ["helpscout"]);
        assert_eq!(syntaxes("Hi {!Contact.FirstName}"), ["salesforce"]);
        assert_eq!(syntaxes("Hi [[MISSING TOKEN - FIRST NAME]]"), ["hubspot-missing"]);
        assert_eq!(syntaxes("Hi *|FNAME|*"), ["mailchimp"]);
        assert_eq!(
            syntaxes("Hi [Customer Name], sent by [Your Name]"),
            ["bracket-hint", "bracket-hint"]
        );
        assert_eq!(syntaxes("Hi <NAME>, order <order_id>"), ["angle-hint", "angle-hint"]);
        assert_eq!(syntaxes("Hi %FIRST_NAME%"), ["percent"]);
        assert_eq!(syntaxes("Order ORDER_NUMBER ships XXXX"), ["fill-in", "fill-in"]);
        assert_eq!(syntaxes("Hi NAME, thanks"), ["fill-in"]);
    }

    #[test]
    fn ordinary_text_has_none() {
        assert!(syntaxes("Hi Dana, 20% off is not a slot. See <b>this</b> and [1] or (a) {} FAQ.").is_empty());
        assert!(find_all("Hi {{user.name | fallback: 'there'}}")[0].has_fallback);
    }
}
