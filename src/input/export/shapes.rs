//! The record shapes of generic libraries and of each help desk (`PLATFORMS.md` §2): which
//! fields hold the id, the title and the body, and whether the body is HTML.
//!
//! Where a record has both an HTML and a plain body of the same reply (Freshdesk `content_html`
//! and `content`, Intercom `body` and `body_text`), the HTML one is linted: it is what customers
//! see. A help-desk record without a body (a Zendesk macro that only sets a status) is skipped; a
//! generic record without its text field is an error.

use serde_json::value::RawValue;

use super::csv::{Row, Rows};
use super::json::{self, Located, Object};
use super::{ExportOptions, Place, Platform, Record, channel, record_name};
use crate::conversation::{Author, Purpose, Visibility};
use crate::error::InputError;

/// The platform of a file, from the fields of its first record.
pub(crate) fn guess(first: Option<&Object<'_>>, opts: &ExportOptions) -> Platform {
    let Some(obj) = first else { return Platform::Generic };
    let has = |k: &str| obj.contains_key(k);
    let actions = obj.get("actions").and_then(|a| json::list(a)).unwrap_or_default();
    let action_has = |k: &str| {
        actions
            .iter()
            .any(|a| json::object(a).is_some_and(|o| o.contains_key(k)))
    };
    if has(&opts.text_field) && has(&opts.id_field) && !has("chatText") {
        Platform::Generic
    } else if action_has("field") {
        Platform::Zendesk
    } else if action_has("arguments") {
        Platform::Gorgias
    } else if has("content_html") || has("content") {
        Platform::Freshdesk
    } else if has("body_text") || obj.get("type").and_then(|t| json::scalar(t)).as_deref() == Some("macro") {
        Platform::Intercom
    } else if has("body") {
        Platform::Front
    } else if has("chatText") || has("chatPreview") {
        Platform::HelpScout
    } else if has("Message") {
        Platform::Salesforce
    } else {
        Platform::Generic
    }
}

/// A body field: where it is, and whether it is HTML.
struct Body<'a> {
    field: String,
    raw: &'a RawValue,
    html: bool,
    /// Appended to the record id when one record has several bodies (`:chat`).
    suffix: &'static str,
    channel: Option<&'static str>,
}

/// The records (usually one) of the JSON value `raw`, record number `n` of its file.
pub(crate) fn records(
    place: &Place<'_>,
    n: usize,
    raw: &RawValue,
    platform: Platform,
    opts: &ExportOptions,
) -> Vec<Result<Record, InputError>> {
    let at = |raw: &RawValue, message: String| place.at(json::offset(place.file, raw), message);
    let Some(obj) = json::object(raw) else {
        return vec![Err(at(
            raw,
            format!(
                "{}: expected an object, found {}",
                record_name(n, None),
                json::kind(raw)
            ),
        ))];
    };
    let field = |k: &str| obj.get(k).copied().filter(|v| v.get() != "null");
    let (id_key, title_keys): (&str, &[&str]) = match platform {
        Platform::Generic => (&opts.id_field, &["title", "name"]),
        Platform::Zendesk | Platform::Freshdesk => ("id", &["title"]),
        Platform::Salesforce => ("Id", &["Name"]),
        _ => ("id", &["name", "title"]),
    };
    let id = field(id_key).and_then(json::scalar);
    let who = record_name(n, id.as_deref());
    let title = title_keys.iter().find_map(|k| field(k).and_then(json::scalar));
    let mut bodies: Vec<Body<'_>> = Vec::new();
    let mut pick = |names: &[(&str, bool)], suffix: &'static str, ch: Option<&'static str>| {
        if let Some((k, html, raw)) = names.iter().find_map(|&(k, html)| field(k).map(|v| (k, html, v))) {
            bodies.push(Body {
                field: k.to_owned(),
                raw,
                html,
                suffix,
                channel: ch,
            });
        }
    };
    match platform {
        Platform::Generic => pick(&[(opts.text_field.as_str(), false)], "", None),
        Platform::Freshdesk => pick(&[("content_html", true), ("content", false)], "", None),
        Platform::Intercom => pick(&[("body", true), ("body_text", false)], "", None),
        Platform::Front => pick(&[("body", true)], "", None),
        Platform::HelpScout => {
            pick(&[("text", true)], "", Some("email"));
            pick(&[("chatText", false)], ":chat", Some("chat"));
        }
        Platform::Salesforce => pick(&[("Message", false)], "", None),
        Platform::Zendesk | Platform::Gorgias => {}
    }
    if let Some(actions) = field("actions") {
        match platform {
            Platform::Zendesk => {
                if let Some(b) = zendesk_body(actions) {
                    bodies.push(b);
                }
            }
            Platform::Gorgias => {
                if let Some(b) = gorgias_body(actions) {
                    bodies.push(b);
                }
            }
            _ => {}
        }
    }
    if bodies.is_empty() {
        if platform == Platform::Generic {
            return vec![Err(at(
                raw,
                format!(
                    "{who}: no `{}` field; name the text field with --text-field or `[input] text-field`",
                    opts.text_field
                ),
            ))];
        }
        return Vec::new();
    }
    let id = id.unwrap_or_else(|| n.to_string());
    let meta = Meta::of(&obj, platform);
    bodies
        .into_iter()
        .map(|b| {
            let Some(Located { text, map }) = json::string(place.file, b.raw) else {
                return Err(at(
                    b.raw,
                    format!(
                        "{who}: field `{}` must be a string; it is {}",
                        b.field,
                        json::kind(b.raw)
                    ),
                ));
            };
            let (text, map) = if b.html {
                let (t, m) = super::html::to_text(&text);
                (t, m.then(&map))
            } else {
                (text, map)
            };
            Ok(Record {
                id: format!("{id}{}", b.suffix),
                title: title.clone(),
                text,
                map,
                channel: b.channel.map(str::to_owned).or_else(|| meta.channel.clone()),
                visibility: meta.visibility,
                purpose: meta.purpose,
                author: meta.author,
                help_desk: platform.help_desk(),
            })
        })
        .collect()
}

/// Zendesk: the `comment_value_html` action, else `comment_value` (a string, or
/// `["channel:all", text]`).
fn zendesk_body(actions: &RawValue) -> Option<Body<'_>> {
    let actions = json::list(actions)?;
    let find = |name: &str| {
        actions.iter().find_map(|a| {
            let o = json::object(a)?;
            (json::scalar(o.get("field")?)?.as_str() == name).then(|| o.get("value").copied())?
        })
    };
    if let Some(v) = find("comment_value_html") {
        return Some(Body {
            field: "actions[].value (comment_value_html)".to_owned(),
            raw: v,
            html: true,
            suffix: "",
            channel: None,
        });
    }
    let v = find("comment_value")?;
    let v = match json::list(v) {
        Some(pair) => *pair.last()?,
        None => v,
    };
    Some(Body {
        field: "actions[].value (comment_value)".to_owned(),
        raw: v,
        html: false,
        suffix: "",
        channel: None,
    })
}

/// Gorgias: the first action with `arguments.body_html` (else `body_text`).
fn gorgias_body(actions: &RawValue) -> Option<Body<'_>> {
    json::list(actions)?.into_iter().find_map(|a| {
        let args = json::object(json::object(a)?.get("arguments")?)?;
        let (field, html) = if args.contains_key("body_html") {
            ("body_html", true)
        } else {
            ("body_text", false)
        };
        Some(Body {
            field: format!("actions[].arguments.{field}"),
            raw: args.get(field).copied().filter(|v| v.get() != "null")?,
            html,
            suffix: "",
            channel: None,
        })
    })
}

/// What a record says about its conversation.
#[derive(Default)]
struct Meta {
    channel: Option<String>,
    visibility: Option<Visibility>,
    purpose: Option<Purpose>,
    author: Option<Author>,
}

impl Meta {
    fn of(obj: &Object<'_>, platform: Platform) -> Self {
        let get = |k: &str| obj.get(k).and_then(|v| json::scalar(v));
        let channel_key = if platform == Platform::Salesforce {
            "Channel"
        } else {
            "channel"
        };
        Self {
            channel: get(channel_key).and_then(|c| channel(&c)),
            visibility: get("visibility").and_then(|v| visibility(&v)),
            purpose: get("purpose").and_then(|p| purpose(&p)),
            author: get("author").and_then(|a| author(&a)),
        }
    }
}

fn visibility(v: &str) -> Option<Visibility> {
    match v.to_ascii_lowercase().as_str() {
        "private" => Some(Visibility::Private),
        "public" => Some(Visibility::Public),
        _ => None,
    }
}

fn purpose(p: &str) -> Option<Purpose> {
    match p.to_ascii_lowercase().replace('_', "-").as_str() {
        "reply" => Some(Purpose::Reply),
        "instant-reply" => Some(Purpose::InstantReply),
        "away-message" => Some(Purpose::AwayMessage),
        _ => None,
    }
}

fn author(a: &str) -> Option<Author> {
    match a.to_ascii_lowercase().as_str() {
        "agent" | "human" => Some(Author::Agent),
        "bot" | "automated" => Some(Author::Bot),
        _ => None,
    }
}

/// The columns of a CSV export.
pub(crate) struct CsvColumns {
    /// How many columns the header has.
    width: usize,
    help_desk: Option<&'static str>,
    id: Option<usize>,
    text: usize,
    title: Option<usize>,
    channel: Option<usize>,
}

impl CsvColumns {
    pub(crate) fn new(rows: &Rows<'_>, platform: Option<Platform>, opts: &ExportOptions) -> Result<Self, String> {
        let salesforce = platform == Some(Platform::Salesforce)
            || (platform.is_none() && rows.column(&opts.text_field).is_none() && rows.column("Message").is_some());
        let (id, text, title) = if salesforce {
            ("Id", "Message", "Name")
        } else {
            (opts.id_field.as_str(), opts.text_field.as_str(), "title")
        };
        let Some(text_col) = rows.column(text) else {
            return Err(format!(
                "the CSV header has no `{text}` column (it has: {}); name the text column with --text-field or `[input] text-field`",
                rows.header.join(", ")
            ));
        };
        Ok(Self {
            width: rows.header.len(),
            help_desk: if salesforce {
                Platform::Salesforce.help_desk()
            } else {
                platform.and_then(Platform::help_desk)
            },
            id: rows.column(id),
            text: text_col,
            title: rows.column(title).or_else(|| rows.column("name")),
            channel: rows.column("channel"),
        })
    }

    /// How many fields every row must have.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// The record of `row` (number `n`), `None` for an empty text.
    pub(crate) fn record(&self, rows: &Rows<'_>, row: &Row, n: usize) -> Result<Option<Record>, InputError> {
        let get = |c: Option<usize>| {
            c.and_then(|c| rows.field(row, c))
                .map(|l| l.text)
                .filter(|t| !t.is_empty())
        };
        let Some(Located { text, map }) = rows.field(row, self.text) else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: get(self.id).unwrap_or_else(|| n.to_string()),
            title: get(self.title),
            text,
            map,
            channel: get(self.channel).and_then(|c| channel(&c)),
            visibility: None,
            purpose: None,
            author: None,
            help_desk: self.help_desk,
        }))
    }
}
