//! The JSON lint-request envelope (ETIQUETTE.md) → draft text + `Conversation`.
//!
//! Every field but `draft` is optional. Unknown fields are ignored, so senders can add their own
//! (an id, a label). Bad values are errors that name the field, and the line and column where
//! JSON syntax breaks.

use serde::Deserialize;

use crate::conversation::{Author, CHANNELS, Conversation, Message, Purpose, Role, Visibility};
use crate::error::InputError;

#[derive(Deserialize)]
struct Raw {
    draft: Option<serde_json::Value>,
    channel: Option<String>,
    visibility: Option<String>,
    author: Option<String>,
    purpose: Option<String>,
    tag: Option<serde_json::Value>,
    now: Option<String>,
    customer: Option<RawCustomer>,
    language: Option<String>,
    thread: Option<Vec<RawMessage>>,
}

#[derive(Deserialize)]
struct RawCustomer {
    name: Option<String>,
}

#[derive(Deserialize)]
struct RawMessage {
    role: String,
    #[serde(default)]
    text: String,
    at: Option<String>,
}

fn timestamp(name: &str, field: &str, value: &str) -> Result<jiff::Timestamp, InputError> {
    value.parse::<jiff::Timestamp>().map_err(|_| {
        InputError::new(
            name,
            format!("envelope field `{field}`: `{value}` is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z)"),
        )
    })
}

/// The top-level fields an envelope may have.
pub const FIELDS: [&str; 10] = [
    "draft",
    "channel",
    "visibility",
    "author",
    "purpose",
    "tag",
    "now",
    "customer",
    "language",
    "thread",
];

/// Top-level fields of an envelope that replylint does not know, each with a did-you-mean when a
/// known field is close ("thred" -> "thread"). They are ignored, so senders can add their own;
/// the CLI warns about them, since a misspelt field silently changes the result.
pub fn unknown_fields(text: &str) -> Vec<(String, Option<String>)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    map.keys()
        .filter(|k| !FIELDS.contains(&k.as_str()))
        .map(|k| {
            (
                k.clone(),
                crate::similar::closest(k, FIELDS.iter().copied(), 1).into_iter().next(),
            )
        })
        .collect()
}

/// What a JSON value is, in words.
fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The first envelope field whose value has the wrong shape, described for the sender.
fn wrong_shape(v: &serde_json::Value) -> Option<String> {
    let obj = v.as_object()?;
    let field = |name: &str, expected: &str| {
        let got = obj.get(name)?;
        (!got.is_string() && !got.is_null())
            .then(|| format!("envelope field `{name}` must be {expected}; it is {}", kind_of(got)))
    };
    for (name, expected) in [
        ("channel", "a string such as \"messenger\""),
        ("visibility", "\"private\" or \"public\""),
        ("author", "\"agent\" or \"bot\""),
        ("purpose", "\"reply\", \"instant-reply\" or \"away-message\""),
        ("now", "an RFC 3339 timestamp string, e.g. \"2026-11-24T12:00:00Z\""),
        ("language", "an ISO 639-1 code such as \"en\""),
    ] {
        if let Some(message) = field(name, expected) {
            return Some(message);
        }
    }
    if let Some(customer) = obj.get("customer") {
        match customer {
            serde_json::Value::Object(c) => {
                if let Some(n) = c.get("name").filter(|n| !n.is_string() && !n.is_null()) {
                    return Some(format!(
                        "envelope field `customer.name` must be a string; it is {}",
                        kind_of(n)
                    ));
                }
            }
            serde_json::Value::Null => {}
            other => {
                return Some(format!(
                    "envelope field `customer` must be an object, {{\"name\": \"Dana\"}}; it is {}",
                    kind_of(other)
                ));
            }
        }
    }
    match obj.get("thread") {
        Some(serde_json::Value::Array(messages)) => {
            for (i, m) in messages.iter().enumerate() {
                let Some(m) = m.as_object() else {
                    return Some(format!(
                        "envelope field `thread[{i}]` must be a message, {{\"role\": \"customer\", \"text\": \"…\", \"at\": \"…\"}}; it is {}",
                        kind_of(m)
                    ));
                };
                for (key, expected) in [
                    ("role", "\"customer\" or \"business\""),
                    ("text", "a string"),
                    ("at", "an RFC 3339 timestamp string"),
                ] {
                    if let Some(got) = m.get(key).filter(|g| !(g.is_string() || g.is_null() && key == "at")) {
                        return Some(format!(
                            "envelope field `thread[{i}].{key}` must be {expected}; it is {}",
                            kind_of(got)
                        ));
                    }
                }
                if !m.contains_key("role") {
                    return Some(format!(
                        "envelope field `thread[{i}]` has no `role`: give \"customer\" or \"business\""
                    ));
                }
            }
            None
        }
        Some(serde_json::Value::Null) | None => None,
        Some(other) => Some(format!(
            "envelope field `thread` must be a list of messages, [{{\"role\": \"customer\", \"text\": \"…\", \"at\": \"…\"}}]; it is {}",
            kind_of(other)
        )),
    }
}

/// Parse an envelope. Returns the draft and its conversation.
pub fn parse(name: &str, text: &str) -> Result<(String, Conversation), InputError> {
    let first = text.trim_start().chars().next();
    if first.is_some_and(|c| c != '{') {
        let at = text.len() - text.trim_start().len();
        let loc = crate::line_index::LineIndex::new(text).location(text, at, crate::line_index::ColumnUnit::Codepoint);
        return Err(InputError::at(
            name,
            loc.line,
            loc.column,
            "malformed envelope: it must be a JSON object, {\"draft\": \"…\"}",
        ));
    }
    let raw: Raw = serde_json::from_str(text).map_err(|e| {
        // A value of the wrong type: say which field and what it should be, in the envelope's
        // own words, rather than serde's ("expected struct RawMessage").
        let what = if e.is_data() {
            serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| wrong_shape(&v))
        } else {
            None
        };
        let what = what.unwrap_or_else(|| {
            let what = e.to_string();
            format!(
                "malformed envelope: {}",
                what.split(" at line ").next().unwrap_or(&what)
            )
        });
        InputError::at(name, e.line().max(1), e.column().max(1), what)
    })?;
    let draft = match raw.draft {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => {
            return Err(InputError::new(name, "envelope field `draft` must be a string"));
        }
        None => {
            return Err(InputError::new(
                name,
                "the envelope has no `draft`: send {\"draft\": \"…\"}",
            ));
        }
    };
    let mut convo = Conversation {
        thread: Some(Vec::new()),
        ..Conversation::default()
    };
    if let Some(c) = raw.channel {
        let c = c.to_ascii_lowercase();
        if !CHANNELS.contains(&c.as_str()) {
            return Err(InputError::new(
                name,
                format!(
                    "envelope field `channel`: unknown channel `{c}`; expected one of: {}",
                    CHANNELS.join(", ")
                ),
            ));
        }
        convo.channel = c;
    }
    if let Some(v) = raw.visibility {
        convo.visibility = match v.to_ascii_lowercase().as_str() {
            "private" => Visibility::Private,
            "public" => Visibility::Public,
            _ => {
                return Err(InputError::new(
                    name,
                    format!("envelope field `visibility`: unknown visibility `{v}`; expected `private` or `public`"),
                ));
            }
        };
    }
    if let Some(a) = raw.author {
        convo.author = match a.to_ascii_lowercase().as_str() {
            "agent" | "human" | "person" => Author::Agent,
            "bot" | "automated" | "ai" => Author::Bot,
            _ => {
                return Err(InputError::new(
                    name,
                    format!("envelope field `author`: unknown author `{a}`; expected `agent` or `bot`"),
                ));
            }
        };
    }
    if let Some(p) = raw.purpose {
        convo.purpose = match p.to_ascii_lowercase().replace('_', "-").as_str() {
            "reply" => Purpose::Reply,
            "instant-reply" => Purpose::InstantReply,
            "away-message" => Purpose::AwayMessage,
            _ => {
                return Err(InputError::new(
                    name,
                    format!(
                        "envelope field `purpose`: unknown purpose `{p}`; expected `reply`, `instant-reply` or `away-message`"
                    ),
                ));
            }
        };
    }
    convo.tag = match raw.tag {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(t)) if t.trim().is_empty() => None,
        Some(serde_json::Value::String(t)) => Some(t.trim().to_ascii_uppercase()),
        Some(_) => {
            return Err(InputError::new(
                name,
                "envelope field `tag` must be a string such as \"HUMAN_AGENT\"",
            ));
        }
    };
    let now_given = raw.now.is_some();
    if let Some(now) = raw.now {
        convo.now = timestamp(name, "now", &now)?;
    }
    convo.customer_name = raw.customer.and_then(|c| c.name).filter(|n| !n.trim().is_empty());
    convo.language = raw.language.map(|l| l.to_ascii_lowercase());
    let mut thread = Vec::new();
    for (i, m) in raw.thread.unwrap_or_default().into_iter().enumerate() {
        let role = match m.role.to_ascii_lowercase().as_str() {
            "customer" | "user" | "client" => Role::Customer,
            "business" | "agent" | "bot" | "brand" | "page" | "assistant" => Role::Business,
            other => {
                return Err(InputError::new(
                    name,
                    format!(
                        "envelope field `thread[{i}].role`: unknown role `{other}`; expected `customer` or `business`"
                    ),
                ));
            }
        };
        let at = match m.at {
            Some(at) => Some(timestamp(name, &format!("thread[{i}].at"), &at)?),
            None => None,
        };
        thread.push(Message { role, text: m.text, at });
    }
    check_times(name, &thread, convo.now, now_given)?;
    convo.thread = Some(thread);
    Ok((draft, convo))
}

/// How much later than `now` a message may be dated (clocks drift) before it is an error.
const CLOCK_SKEW_SECONDS: i64 = 300;

/// The thread is oldest first and no message is later than `now`: otherwise waits and windows
/// would read two ways at once ("last message 2 days ago" beside "waited 60 minutes").
fn check_times(name: &str, thread: &[Message], now: jiff::Timestamp, now_given: bool) -> Result<(), InputError> {
    let mut previous: Option<(usize, jiff::Timestamp)> = None;
    for (i, m) in thread.iter().enumerate() {
        let Some(at) = m.at else { continue };
        if let Some((j, before)) = previous {
            if at < before {
                return Err(InputError::new(
                    name,
                    format!(
                        "envelope field `thread[{i}].at`: {at} is earlier than `thread[{j}].at` ({before}); list the thread oldest first"
                    ),
                ));
            }
        }
        if at.as_second() - now.as_second() > CLOCK_SKEW_SECONDS {
            let whose = if now_given {
                format!("`now` ({now})")
            } else {
                format!("the current time ({now}), which `now` defaults to")
            };
            return Err(InputError::new(
                name,
                format!(
                    "envelope field `thread[{i}].at`: {at} is later than {whose}; a reply cannot answer a message from the future"
                ),
            ));
        }
        previous = Some((i, at));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_the_etiquette_example() {
        let (draft, c) = parse("-", r#"{"draft": "Hi Dana", "channel": "messenger", "tag": "POST_PURCHASE_UPDATE", "now": "2026-11-24T12:00:00Z", "customer": {"name": "Dana"}, "thread": [{"role": "customer", "text": "Where?", "at": "2026-11-24T11:50:00Z"}]}"#).unwrap();
        assert_eq!(draft, "Hi Dana");
        assert_eq!(c.tag.as_deref(), Some("POST_PURCHASE_UPDATE"));
        assert_eq!(c.messages().len(), 1);
    }

    #[test]
    fn unknown_fields_get_a_did_you_mean() {
        let fields = super::unknown_fields(r#"{"draft": "a", "thred": [], "ticket_id": 7}"#);
        assert_eq!(
            fields,
            [
                ("thred".to_owned(), Some("thread".to_owned())),
                ("ticket_id".to_owned(), None)
            ]
        );
    }

    #[test]
    fn errors_name_the_place() {
        let e = parse("x.json", "{\n  \"draft\": 3,,\n}").unwrap_err();
        assert_eq!((e.line, e.column.is_some()), (Some(2), true));
        let e = parse("x.json", "\n  [1, 2]").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        assert!(e.message.contains("must be a JSON object"), "{}", e.message);
        let e = parse("x.json", r#"{"draft": "a", "channel": "fax"}"#).unwrap_err();
        assert!(e.message.contains("unknown channel `fax`"));
        for (envelope, message) in [
            (
                r#"{"draft": "a", "thread": [["customer", "hi"]]}"#,
                "envelope field `thread[0]` must be a message",
            ),
            (
                r#"{"draft": "a", "thread": "hi"}"#,
                "envelope field `thread` must be a list of messages",
            ),
            (
                r#"{"draft": "a", "thread": [{"role": 1, "text": "x"}]}"#,
                "`thread[0].role` must be \"customer\" or \"business\"; it is a number",
            ),
            (
                r#"{"draft": "a", "thread": [{"text": "x"}]}"#,
                "`thread[0]` has no `role`",
            ),
            (r#"{"draft": "a", "customer": "Dana"}"#, "`customer` must be an object"),
            (
                r#"{"draft": "a", "now": 12}"#,
                "`now` must be an RFC 3339 timestamp string",
            ),
            (r#"{"draft": "a", "channel": ["x"]}"#, "`channel` must be a string"),
        ] {
            let e = parse("x.json", envelope).unwrap_err();
            assert!(e.message.contains(message), "{envelope}: {}", e.message);
            assert!(e.line.is_some(), "located: {envelope}");
        }
        let e = parse(
            "x.json",
            r#"{"draft": "a", "thread": [{"role": "customer", "text": "b", "at": "yesterday"}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("thread[0].at"));
        let e = parse(
            "x.json",
            r#"{"draft": "a", "now": "2026-01-02T00:00:00Z", "thread": [{"role": "customer", "text": "b", "at": "2026-01-01T10:00:00Z"}, {"role": "customer", "text": "c", "at": "2026-01-01T09:00:00Z"}]}"#,
        )
        .unwrap_err();
        assert!(
            e.message.contains("`thread[1].at`") && e.message.contains("oldest first"),
            "{}",
            e.message
        );
        let e = parse(
            "x.json",
            r#"{"draft": "a", "now": "2026-01-01T00:00:00Z", "thread": [{"role": "customer", "text": "b", "at": "2026-01-01T10:00:00Z"}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("later than `now`"), "{}", e.message);
        assert!(
            parse(
                "x.json",
                r#"{"draft": "a", "now": "2026-01-01T10:00:00Z", "thread": [{"role": "customer", "text": "b", "at": "2026-01-01T10:02:00Z"}]}"#,
            )
            .is_ok(),
            "two minutes of clock drift are fine"
        );
    }
}
