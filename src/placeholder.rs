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
    /// Which syntax it is written in: `mustache`, `liquid`, … (the names `placeholders` rules take).
    pub syntax: &'static str,
    /// Whether it has a fallback text (`| fallback: 'there'`, `,fallback=there`, `default="…"`).
    pub has_fallback: bool,
}

/// Syntax names with the pattern that finds each; tried in this order at each position.
pub(crate) const SYNTAXES: [(&str, &str); 15] = [
    ("hubspot-missing", r"\[\[MISSING TOKEN[^\]]*\]\]"),
    (
        "liquid-tag",
        r"\{%-?\s*(?:if|elsif|else|endif|unless|endunless|for|endfor|case|when|endcase|assign|capture|endcapture)(?-u:\b)[^%]*-?%\}",
    ),
    ("helpscout", r"\{%\s*[A-Za-z]+\.[A-Za-z]+\s*(?:,\s*fallback=[^%]*)?%\}"),
    (
        "marketo",
        r"\{\{[A-Za-z]+\.[A-Za-z0-9_ ]{1,60}:default=[^{}\n]{0,60}\}\}",
    ),
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

/// The catalogue as one regex, with the capture group of each syntax (by index: looking a
/// group up by name costs a string built and compared per syntax and placeholder).
type Catalogue = (Regex, Vec<(usize, &'static str)>);

fn regex() -> Option<&'static Catalogue> {
    static RE: OnceLock<Option<Catalogue>> = OnceLock::new();
    RE.get_or_init(|| {
        let group = |name: &str| name.replace('-', "_");
        let body: Vec<String> = SYNTAXES
            .iter()
            .map(|(name, p)| format!("(?P<{}>{p})", group(name)))
            .collect();
        let re = Regex::new(&body.join("|")).ok()?;
        let groups = SYNTAXES
            .iter()
            .filter_map(|(name, _)| {
                let wanted = group(name);
                let at = re.capture_names().position(|n| n == Some(wanted.as_str()))?;
                Some((at, *name))
            })
            .collect();
        Some((re, groups))
    })
    .as_ref()
}

fn has_fallback(syntax: &str, text: &str) -> bool {
    let after = |key: &str| {
        let lower = text.to_ascii_lowercase();
        lower.find(key).map(|i| {
            text.get(i + key.len()..)
                .unwrap_or("")
                .trim_start_matches([':', '=', ' ', '('])
                .to_owned()
        })
    };
    // A fallback counts when it has a value: `fallback: ''` or `fallback=%` still renders "Hi ,".
    let valued = |rest: Option<String>| {
        rest.is_some_and(|r| {
            let value = r.trim_end_matches(['}', '%', '/', '>', ')', ' ']);
            !value.trim_matches(['\'', '"', ' ']).is_empty()
        })
    };
    match syntax {
        "mustache" => {
            valued(after("fallback"))
                || valued(after("default"))
                || valued(text.find("||").map(|i| text[i + 2..].to_owned()))
        }
        "helpscout" => valued(after("fallback=")),
        "intercom-xml" => valued(after("default=")),
        "marketo" => valued(after(":default=")),
        _ => false,
    }
}

/// The variable a placeholder names (`ticket.requester.first_name`, `customer.firstName`,
/// `FNAME`), without delimiters, filters or fallback; `None` for hints and fill-ins.
pub(crate) fn variable<'t>(p: &Placeholder, text: &'t str) -> Option<&'t str> {
    let s = p.span.text(text)?;
    let inner = match p.syntax {
        "mustache" | "wa-positional" => s.get(2..s.len() - 2)?,
        "marketo" => s.get(2..s.len() - 2)?.split(":default=").next()?,
        "helpscout" => s.get(2..s.len() - 2)?.split(',').next()?,
        "salesforce" => s.get(2..s.len() - 1)?,
        "mailchimp" => s.get(2..s.len() - 2)?,
        "single-brace" => s.trim_start_matches('$').get(1..)?.strip_suffix('}')?,
        "percent" => s.get(1..s.len() - 1)?,
        "intercom-xml" => {
            let from = s.find("key=\"")? + 5;
            let rest = s.get(from..)?;
            rest.get(..rest.find('"')?)?
        }
        _ => return None,
    };
    // Liquid filters (`| default: …`), Intercom `| fallback:`, Chatwoot `|| 'there'`.
    let name = inner
        .split('|')
        .next()?
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim();
    (!name.is_empty()).then_some(name)
}

/// The help desks of `PLATFORMS.md` §2 that render a placeholder syntax (names as in
/// [`HELP_DESKS`]); `None` for syntaxes that are not a help desk's (hints, fill-ins, masks).
pub(crate) fn rendered_by(syntax: &str) -> Option<&'static [&'static str]> {
    Some(match syntax {
        "mustache" => &["zendesk", "freshdesk", "intercom", "front", "gorgias"],
        "liquid-tag" => &["zendesk", "freshdesk", "gorgias"],
        "helpscout" => &["helpscout"],
        "salesforce" => &["salesforce"],
        "intercom-xml" => &["intercom"],
        // Other tools' merge tags, and hand-written slots no help desk renders.
        "marketo" | "mailchimp" | "wa-positional" | "single-brace" | "percent" => &[],
        _ => return None,
    })
}

/// The help desks whose exports replylint reads, as records name them.
pub(crate) const HELP_DESKS: [&str; 7] = [
    "zendesk",
    "freshdesk",
    "intercom",
    "front",
    "helpscout",
    "gorgias",
    "salesforce",
];

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
    let Some((re, groups)) = regex() else { return Vec::new() };
    let mut out = Vec::new();
    for caps in re.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let syntax = groups
            .iter()
            .find(|(at, _)| caps.get(*at).is_some())
            .map_or("mustache", |(_, name)| *name);
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
        // `{first_name}` inside `{{first_name}` or `{first_name}}` is half of a broken slot, which
        // the malformed-placeholder rule reports whole.
        let bytes = text.as_bytes();
        if syntax == "single-brace"
            && (whole.start().checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b'{')
                || bytes.get(whole.end()) == Some(&b'}'))
        {
            continue;
        }
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

    #[test]
    fn every_syntax_has_its_capture_group() {
        let (_, groups) = super::regex().expect("the catalogue compiles");
        let names: Vec<&str> = groups.iter().map(|(_, name)| *name).collect();
        let all: Vec<&str> = super::SYNTAXES.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, all);
    }

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
    fn finds_the_rest_of_the_catalogue() {
        assert_eq!(syntaxes("Hi {{lead.First Name:default=there}}"), ["marketo"]);
        assert_eq!(syntaxes("Hi {{ contact.first_name || 'there' }}"), ["mustache"]);
        assert_eq!(
            syntaxes(r#"Hi <attribute key="user.name" default="there"/>"#),
            ["intercom-xml"]
        );
        assert_eq!(
            syntaxes("{% if ticket.requester.first_name %}x{% endif %}"),
            ["liquid-tag", "liquid-tag"]
        );
        assert_eq!(syntaxes("Hi ${name} and __email__"), ["single-brace", "dataset-mask"]);
        // Half of a broken slot is not a slot: the malformed rule reports it whole.
        assert!(syntaxes("Hi {{first_name}, {first_name}}").is_empty());
    }

    #[test]
    fn fallbacks_need_a_value() {
        let fb = |t: &str| find_all(t).first().map(|p| p.has_fallback);
        assert_eq!(fb("{{user.name|fallback:\"there\"}}"), Some(true));
        assert_eq!(fb("{{ contact.first_name || 'there' }}"), Some(true));
        assert_eq!(fb("{{ first_name | default: 'there' }}"), Some(true));
        assert_eq!(fb("{{ user.name | fallback: '' }}"), Some(false));
        assert_eq!(fb("{%customer.firstName,fallback=%}"), Some(false));
        assert_eq!(fb(r#"<attribute key="user.name" default=""/>"#), Some(false));
        assert_eq!(fb("{{lead.First Name:default=there}}"), Some(true));
    }

    #[test]
    fn variables_are_named_without_delimiters_or_fallbacks() {
        let text = r#"{{ user.name | fallback: 'x' }} {%customer.firstName,fallback=y%} {!Case.CaseNumber} <attribute key="user.email"/> *|FNAME|* ${a_b} {{lead.First Name:default=z}} [Name]"#;
        let names: Vec<Option<&str>> = find_all(text).iter().map(|p| super::variable(p, text)).collect();
        assert_eq!(
            names,
            [
                Some("user.name"),
                Some("customer.firstName"),
                Some("Case.CaseNumber"),
                Some("user.email"),
                Some("FNAME"),
                Some("a_b"),
                Some("lead.First Name"),
                None
            ]
        );
    }

    #[test]
    fn ordinary_text_has_none() {
        assert!(
            syntaxes(
                "It's great [sic], see {see below} <3 for $5, 100% sure, 50% off, [a](https://x.io/a_b) *important* :-)"
            )
            .is_empty()
        );
        assert!(syntaxes("Hi Dana, 20% off is not a slot. See <b>this</b> and [1] or (a) {} FAQ.").is_empty());
        assert!(find_all("Hi {{user.name | fallback: 'there'}}")[0].has_fallback);
    }
}
