//! The JSON lint-request envelope (ETIQUETTE.md) → draft text + `Conversation`.
//!
//! Every field but `draft` is optional. Unknown fields are ignored, so senders can add their own
//! (an id, a label). Bad values are errors that name the field, and the line and column where
//! JSON syntax breaks.

use serde::Deserialize;

use crate::conversation::{Author, CHANNELS, Conversation, Message, Purpose, Role, Visibility};
use crate::located::InputError;

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

/// The latest moment replylint can compute with: `jiff::Timestamp::MAX`, to the second.
const LATEST: &str = "9999-12-30T22:00:00Z";

/// Parse an RFC 3339 timestamp, or say in the sender's words why it is not one.
fn timestamp(value: &str) -> Result<jiff::Timestamp, String> {
    if let Ok(t) = value.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let why = match jiff::fmt::temporal::Pieces::parse(value) {
        Err(_) => format!("`{value}` is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z)"),
        Ok(p) if p.time().is_none() => format!(
            "`{value}` is a date without a time; an RFC 3339 timestamp has both, e.g. {}T12:00:00Z",
            p.date()
        ),
        Ok(p) if p.offset().is_none() => format!(
            "`{value}` has no UTC offset, so the moment it names depends on where it was written; add `Z` for UTC or an offset such as `+01:00`"
        ),
        // A valid RFC 3339 timestamp that jiff cannot represent (its range ends a day early).
        Ok(_) => format!("`{value}` is out of the range replylint can compute with, which ends at {LATEST}"),
    };
    Err(why)
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

/// The fields of `customer`.
const CUSTOMER_FIELDS: [&str; 1] = ["name"];

/// The fields of a message in `thread`.
const MESSAGE_FIELDS: [&str; 3] = ["role", "text", "at"];

/// Fields of an envelope that replylint does not know, each with a did-you-mean when a known
/// field is close ("thred" -> "thread", "customer.nam" -> "customer.name"). They are ignored, so
/// senders can add their own; the CLI warns about them, since a misspelt field silently changes
/// the result. A field unknown in several messages of the thread is named once, at the first.
pub fn unknown_fields(text: &str) -> Vec<(String, Option<String>)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let near = |key: &str, known: &[&str], prefix: &str| suggest(key, known).map(|n| format!("{prefix}{n}"));
    let mut out: Vec<(String, Option<String>)> = map
        .keys()
        .filter(|k| !FIELDS.contains(&k.as_str()))
        .map(|k| (k.clone(), near(k, &FIELDS, "")))
        .collect();
    if let Some(serde_json::Value::Object(customer)) = map.get("customer") {
        for k in customer.keys().filter(|k| !CUSTOMER_FIELDS.contains(&k.as_str())) {
            out.push((format!("customer.{k}"), near(k, &CUSTOMER_FIELDS, "customer.")));
        }
    }
    if let Some(serde_json::Value::Array(messages)) = map.get("thread") {
        let mut named: Vec<&str> = Vec::new();
        for (i, m) in messages.iter().enumerate() {
            let Some(m) = m.as_object() else { continue };
            for k in m.keys().filter(|k| !MESSAGE_FIELDS.contains(&k.as_str())) {
                if !named.contains(&k.as_str()) {
                    named.push(k);
                    let prefix = format!("thread[{i}].");
                    out.push((format!("{prefix}{k}"), near(k, &MESSAGE_FIELDS, &prefix)));
                }
            }
        }
    }
    out
}

/// The known name closest to `input`, if it is close. A name that would be mostly new letters
/// ("fax" -> "x", "id" -> "at") is no help, so short names need a near match.
fn suggest(input: &str, known: &[&str]) -> Option<String> {
    crate::similar::closest(input, known.iter().copied(), 1)
        .into_iter()
        .find(|n| crate::similar::distance(input, n) < n.len())
}

/// One step of a path into the envelope: an object's field or a list's element.
#[derive(Clone, Copy, Debug)]
enum Step {
    Field(&'static str),
    Index(usize),
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

/// The first envelope field (in `text`) whose value has the wrong shape, described for the
/// sender, with the path to the value.
fn wrong_shape(v: &serde_json::Value, text: &str) -> Option<(Vec<Step>, String)> {
    let obj = v.as_object()?;
    let mut found: Vec<(Vec<Step>, String)> = Vec::new();
    for (name, expected) in [
        ("channel", "a string such as \"messenger\""),
        ("visibility", "\"private\" or \"public\""),
        ("author", "\"agent\" or \"bot\""),
        ("purpose", "\"reply\", \"instant-reply\" or \"away-message\""),
        ("now", "an RFC 3339 timestamp string, e.g. \"2026-11-24T12:00:00Z\""),
        ("language", "an ISO 639-1 code such as \"en\""),
    ] {
        if let Some(got) = obj.get(name).filter(|g| !g.is_string() && !g.is_null()) {
            found.push((
                vec![Step::Field(name)],
                format!("envelope field `{name}` must be {expected}; it is {}", kind_of(got)),
            ));
        }
    }
    match obj.get("customer") {
        Some(serde_json::Value::Object(c)) => {
            if let Some(n) = c.get("name").filter(|n| !n.is_string() && !n.is_null()) {
                found.push((
                    vec![Step::Field("customer"), Step::Field("name")],
                    format!("envelope field `customer.name` must be a string; it is {}", kind_of(n)),
                ));
            }
        }
        Some(serde_json::Value::Null) | None => {}
        Some(other) => found.push((
            vec![Step::Field("customer")],
            format!(
                "envelope field `customer` must be an object, {{\"name\": \"Dana\"}}; it is {}",
                kind_of(other)
            ),
        )),
    }
    match obj.get("thread") {
        Some(serde_json::Value::Array(messages)) => {
            if let Some(problem) = messages.iter().enumerate().find_map(|(i, m)| wrong_message(i, m)) {
                found.push(problem);
            }
        }
        Some(serde_json::Value::Null) | None => {}
        Some(other) => found.push((
            vec![Step::Field("thread")],
            format!(
                "envelope field `thread` must be a list of messages, [{{\"role\": \"customer\", \"text\": \"…\", \"at\": \"…\"}}]; it is {}",
                kind_of(other)
            ),
        )),
    }
    // Report the problem that comes first in the text, as serde would: the map's keys are sorted,
    // not in document order.
    let rank = |path: &[Step]| locate(text, path).unwrap_or(usize::MAX);
    found.into_iter().min_by_key(|(path, _)| rank(path))
}

/// What is wrong with message `i` of the thread, if anything.
fn wrong_message(i: usize, m: &serde_json::Value) -> Option<(Vec<Step>, String)> {
    let here = vec![Step::Field("thread"), Step::Index(i)];
    let Some(obj) = m.as_object() else {
        return Some((
            here,
            format!(
                "envelope field `thread[{i}]` must be a message, {{\"role\": \"customer\", \"text\": \"…\", \"at\": \"…\"}}; it is {}",
                kind_of(m)
            ),
        ));
    };
    for (key, expected) in [
        ("role", "\"customer\" or \"business\""),
        ("text", "a string"),
        ("at", "an RFC 3339 timestamp string"),
    ] {
        if let Some(got) = obj.get(key).filter(|g| !(g.is_string() || g.is_null() && key == "at")) {
            let mut path = here;
            path.push(Step::Field(key));
            return Some((
                path,
                format!(
                    "envelope field `thread[{i}].{key}` must be {expected}; it is {}",
                    kind_of(got)
                ),
            ));
        }
    }
    (!obj.contains_key("role")).then(|| {
        (
            here,
            format!("envelope field `thread[{i}]` has no `role`: give \"customer\" or \"business\""),
        )
    })
}

/// How deeply lists and objects may nest. An envelope needs three levels (the envelope, the
/// thread, a message); the limit stays below `serde_json`'s own (128), so that a too-deep envelope
/// gets this clear error instead of a parse that fails halfway or silently skips a field.
const MAX_DEPTH: usize = 64;

/// The byte offset of the first `[` or `{` nested deeper than `MAX_DEPTH`, if any.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in text.as_bytes().iter().enumerate() {
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
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The index just past the JSON string that starts at `i` (a `"`).
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The index just past the JSON value that starts at `i`.
fn skip_value(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match *b.get(i)? {
            b'"' => i = skip_string(b, i)?,
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            _ if depth == 0 => {
                while b
                    .get(i)
                    .is_some_and(|c| !matches!(c, b',' | b']' | b'}') && !c.is_ascii_whitespace())
                {
                    i += 1;
                }
                return Some(i);
            }
            _ => i += 1,
        }
        if depth == 0 {
            return Some(i);
        }
    }
}

/// The byte offset where the value at `path` starts: `serde_json` reports no spans for values, so
/// the text is scanned. `None` when the path is not there.
fn locate(text: &str, path: &[Step]) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    for step in path {
        match (*step, *b.get(i)?) {
            (Step::Field(field), b'{') => {
                i += 1;
                loop {
                    i = skip_ws(b, i);
                    if *b.get(i)? != b'"' {
                        return None;
                    }
                    let key_end = skip_string(b, i)?;
                    let key = text.get(i + 1..key_end - 1)?;
                    i = skip_ws(b, key_end);
                    if *b.get(i)? != b':' {
                        return None;
                    }
                    i = skip_ws(b, i + 1);
                    if key == field {
                        break;
                    }
                    i = skip_ws(b, skip_value(b, i)?);
                    if *b.get(i)? != b',' {
                        return None;
                    }
                    i += 1;
                }
            }
            (Step::Index(n), b'[') => {
                i = skip_ws(b, i + 1);
                for _ in 0..n {
                    i = skip_ws(b, skip_value(b, i)?);
                    if *b.get(i)? != b',' {
                        return None;
                    }
                    i = skip_ws(b, i + 1);
                }
                if *b.get(i)? == b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(i)
}

/// `serde_json`'s syntax messages, in the sender's words where they are terse.
fn syntax_message(e: &serde_json::Error) -> String {
    let what = e.to_string();
    let what = what.split(" at line ").next().unwrap_or(&what);
    let plain = match what {
        "EOF while parsing an object" => "the text ends before the envelope's object is closed: a `}` is missing",
        "EOF while parsing a list" => "the text ends before a list is closed: a `]` is missing",
        "EOF while parsing a string" => "the text ends inside a string: a closing `\"` is missing",
        "EOF while parsing a value" => "the text ends where a value should be",
        "trailing characters" => "there is more text after the envelope's closing `}`",
        "key must be a string" => {
            "expected a field name in double quotes here (is there a stray comma, or a name without quotes?)"
        }
        "expected value" => "expected a value here: a string, a number, a list, an object, true, false or null",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a raw control character (a line break or a tab) inside a string; write it as \\n or \\t"
        }
        other => other,
    };
    format!("malformed envelope: {plain}")
}

/// Parse an envelope. Returns the draft and its conversation.
pub fn parse(name: &str, text: &str) -> Result<(String, Conversation), InputError> {
    let index = std::cell::OnceCell::new();
    let at_offset = |offset: usize, message: String| {
        let index = index.get_or_init(|| crate::line_index::LineIndex::new(text));
        let loc = index.location(text, offset, crate::line_index::ColumnUnit::Codepoint);
        InputError::at(name, loc.line, loc.column, message)
    };
    // An error about one field, at its value when the value can be found.
    let at = |path: &[Step], message: String| match locate(text, path) {
        Some(offset) => at_offset(offset, message),
        None => InputError::new(name, message),
    };
    let Some(first) = text.trim_start().chars().next() else {
        return Err(InputError::new(
            name,
            "the envelope is empty: send a JSON object, {\"draft\": \"…\"}",
        ));
    };
    if first != '{' {
        return Err(at_offset(
            text.len() - text.trim_start().len(),
            "malformed envelope: it must be a JSON object, {\"draft\": \"…\"}".to_owned(),
        ));
    }
    if let Some(offset) = too_deep(text) {
        return Err(at_offset(
            offset,
            format!(
                "malformed envelope: lists and objects are nested more than {MAX_DEPTH} levels deep; an envelope needs 3 (the envelope, its thread, a message)"
            ),
        ));
    }
    let raw: Raw = serde_json::from_str(text).map_err(|e| {
        // A value of the wrong type: say which field and what it should be, in the envelope's
        // own words, rather than serde's ("expected struct RawMessage"), at the value.
        if e.is_data()
            && let Some((path, what)) = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| wrong_shape(&v, text))
        {
            return at(&path, what);
        }
        let what = if e.is_data() {
            let what = e.to_string();
            format!(
                "malformed envelope: {}",
                what.split(" at line ").next().unwrap_or(&what)
            )
        } else {
            syntax_message(&e)
        };
        InputError::at(name, e.line().max(1), e.column().max(1), what)
    })?;
    let draft = match raw.draft {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => {
            return Err(InputError::new(
                name,
                "the envelope has no `draft`: send {\"draft\": \"…\"}",
            ));
        }
        Some(other) => {
            return Err(at(
                &[Step::Field("draft")],
                format!("envelope field `draft` must be a string; it is {}", kind_of(&other)),
            ));
        }
    };
    let mut convo = Conversation {
        thread: Some(Vec::new()),
        ..Conversation::now()
    };
    if let Some(c) = raw.channel {
        let c = c.to_ascii_lowercase();
        if !CHANNELS.contains(&c.as_str()) {
            let near = suggest(&c, &CHANNELS)
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            return Err(at(
                &[Step::Field("channel")],
                format!(
                    "envelope field `channel`: unknown channel `{c}`{near}; expected one of: {}",
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
                return Err(at(
                    &[Step::Field("visibility")],
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
                return Err(at(
                    &[Step::Field("author")],
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
                return Err(at(
                    &[Step::Field("purpose")],
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
        Some(other) => {
            return Err(at(
                &[Step::Field("tag")],
                format!(
                    "envelope field `tag` must be a string such as \"HUMAN_AGENT\"; it is {}",
                    kind_of(&other)
                ),
            ));
        }
    };
    let now_given = raw.now.is_some();
    if let Some(now) = raw.now {
        convo.now = timestamp(&now).map_err(|why| at(&[Step::Field("now")], format!("envelope field `now`: {why}")))?;
    }
    convo.customer_name = raw.customer.and_then(|c| c.name).filter(|n| !n.trim().is_empty());
    convo.language = raw.language.map(|l| l.to_ascii_lowercase());
    // No `thread` says nothing of the conversation, as a plain draft does; `[]` says the draft
    // opens it.
    let thread_given = raw.thread.is_some();
    let mut thread = Vec::new();
    for (i, m) in raw.thread.unwrap_or_default().into_iter().enumerate() {
        let role = match m.role.to_ascii_lowercase().as_str() {
            "customer" | "user" | "client" => Role::Customer,
            "business" | "agent" | "bot" | "brand" | "page" | "assistant" => Role::Business,
            other => {
                return Err(at(
                    &[Step::Field("thread"), Step::Index(i), Step::Field("role")],
                    format!(
                        "envelope field `thread[{i}].role`: unknown role `{other}`; expected `customer` or `business`"
                    ),
                ));
            }
        };
        let at_field = [Step::Field("thread"), Step::Index(i), Step::Field("at")];
        let when = match m.at {
            Some(when) => {
                Some(timestamp(&when).map_err(|why| at(&at_field, format!("envelope field `thread[{i}].at`: {why}")))?)
            }
            None => None,
        };
        thread.push(Message {
            role,
            text: m.text,
            at: when,
        });
    }
    check_times(&thread, convo.now, now_given).map_err(|(i, why)| {
        at(
            &[Step::Field("thread"), Step::Index(i), Step::Field("at")],
            format!("envelope field `thread[{i}].at`: {why}"),
        )
    })?;
    convo.thread = thread_given.then_some(thread);
    Ok((draft, convo))
}

/// How much later than `now` a message may be dated (clocks drift) before it is an error.
const CLOCK_SKEW_SECONDS: i64 = 300;

/// The thread is oldest first and no message is later than `now`: otherwise waits and windows
/// would read two ways at once ("last message 2 days ago" beside "waited 60 minutes"). An error
/// names the message and what is wrong with its time.
fn check_times(thread: &[Message], now: jiff::Timestamp, now_given: bool) -> Result<(), (usize, String)> {
    let mut previous: Option<(usize, jiff::Timestamp)> = None;
    for (i, m) in thread.iter().enumerate() {
        let Some(at) = m.at else { continue };
        if let Some((j, before)) = previous
            && at < before
        {
            return Err((
                i,
                format!("{at} is earlier than `thread[{j}].at` ({before}); list the thread oldest first"),
            ));
        }
        if at.as_second() - now.as_second() > CLOCK_SKEW_SECONDS {
            let whose = if now_given {
                format!("`now` ({now})")
            } else {
                format!("the current time ({now}), which `now` defaults to")
            };
            return Err((
                i,
                format!("{at} is later than {whose}; a reply cannot answer a message from the future"),
            ));
        }
        previous = Some((i, at));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Step, locate, parse, timestamp, too_deep};

    #[test]
    fn values_are_located_by_their_path() {
        let text = r#"{"a": {"b": [1, "x,]}", {"c": true}]}, "d" : null}"#;
        let at = |path: &[Step]| locate(text, path).map(|i| &text[i..]);
        assert!(at(&[Step::Field("d")]).unwrap().starts_with("null"));
        assert!(
            at(&[Step::Field("a"), Step::Field("b"), Step::Index(2), Step::Field("c")])
                .unwrap()
                .starts_with("true")
        );
        assert!(
            at(&[Step::Field("a"), Step::Field("b"), Step::Index(1)])
                .unwrap()
                .starts_with("\"x,]}\"")
        );
        assert_eq!(at(&[Step::Field("a"), Step::Field("b"), Step::Index(3)]), None);
        assert_eq!(at(&[Step::Field("e")]), None);
        assert_eq!(at(&[Step::Field("d"), Step::Field("x")]), None);
    }

    #[test]
    fn nesting_is_limited_outside_strings_only() {
        assert_eq!(too_deep(&"[".repeat(64)), None);
        assert_eq!(too_deep(&"[".repeat(65)), Some(64));
        assert_eq!(
            too_deep(&format!(r#"{{"a": "{}\"{}"}}"#, "[".repeat(100), "{".repeat(100))),
            None
        );
        // 10,000 levels: an error, not a stack overflow.
        let deep = format!(
            r#"{{"draft": "a", "thread": {}{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = parse("x.json", &deep).unwrap_err();
        assert!(e.message.contains("nested more than 64 levels"), "{}", e.message);
    }

    #[test]
    fn timestamps_say_why_they_are_not_rfc3339() {
        for (value, why) in [
            ("yesterday", "is not an RFC 3339 timestamp"),
            ("2026-13-01", "is not an RFC 3339 timestamp"),
            ("2026-03-01", "is a date without a time"),
            ("2026-03-01T10:00:00", "has no UTC offset"),
            ("9999-12-31T23:59:59Z", "is out of the range"),
        ] {
            let e = timestamp(value).unwrap_err();
            assert!(e.contains(why), "{value}: {e}");
        }
        assert!(timestamp("0001-01-01T00:00:00Z").is_ok());
        assert!(timestamp("2026-03-01T10:00:00+01:00").is_ok());
    }

    #[test]
    fn unknown_nested_fields_are_named_once() {
        let fields = super::unknown_fields(
            r#"{"draft": "a", "customer": {"nam": "x"}, "thread": [{"role": "customer", "id": 1}, {"role": "customer", "id": 2}]}"#,
        );
        assert_eq!(
            fields,
            [
                ("customer.nam".to_owned(), Some("customer.name".to_owned())),
                ("thread[0].id".to_owned(), None),
            ]
        );
    }

    #[test]
    fn field_errors_are_located_at_the_value() {
        let e = parse("x.json", "{\"draft\": \"a\",\n \"now\": \"soon\"}").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(9)));
        let e = parse("x.json", r#"{"now": 5, "draft": "a", "channel": 7}"#).unwrap_err();
        assert!(e.message.contains("`now`"), "the first in the text: {}", e.message);
        assert_eq!(e.column, Some(9));
    }

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
