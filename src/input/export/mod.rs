//! Help-desk exports as input: files that hold many canned replies (a JSON list, JSON Lines, a
//! CSV file), each linted as its own template, every position reported in the export file.
//!
//! A [`Record`] is one reply: its id, an optional title, the text to lint and a [`SourceMap`]
//! from that text into the export file (JSON escapes, CSV quotes, HTML tags and entities
//! accounted for), and what the export says about it (channel, visibility, purpose, author).
//!
//! Which shape a file has is detected (see [`detect`]) or named with `--input-format`. Generic
//! libraries use the `id` and `text` fields (`[input] id-field`, `text-field`); the help desks
//! of `PLATFORMS.md` §2 have their own shapes (see `shapes.rs`).

mod csv;
mod html;
mod json;
mod shapes;
pub(crate) mod stream;

use std::path::Path;

use serde_json::value::RawValue;

use crate::conversation::{Author, CHANNELS, Purpose, Visibility};
use crate::error::InputError;
use crate::input::{SourceFile, SourceMap};
use crate::line_index::{ColumnUnit, LineIndex};

/// The most records one export may hold when nothing else is set.
pub const DEFAULT_MAX_RECORDS: usize = 1_000_000;

/// The `--input-format` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// By extension and shape: `.json`, `.jsonl`/`.ndjson`, `.csv` holding records are exports;
    /// anything else is one template.
    #[default]
    Auto,
    /// One template, whatever the file holds.
    Text,
    /// A JSON list of records (or an object with one under a known key).
    Json,
    /// JSON Lines: one record per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// Zendesk macros.
    Zendesk,
    /// Freshdesk canned responses.
    Freshdesk,
    /// Intercom macros.
    Intercom,
    /// Front message templates.
    Front,
    /// Help Scout saved replies.
    Helpscout,
    /// Gorgias macros.
    Gorgias,
    /// Salesforce Quick Text (CSV or JSON).
    Salesforce,
}

/// Whose records a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// A generic library: `id` and `text` fields (configurable).
    Generic,
    /// Zendesk macros.
    Zendesk,
    /// Freshdesk canned responses.
    Freshdesk,
    /// Intercom macros.
    Intercom,
    /// Front message templates.
    Front,
    /// Help Scout saved replies.
    HelpScout,
    /// Gorgias macros.
    Gorgias,
    /// Salesforce Quick Text.
    Salesforce,
}

/// How the records are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// A JSON list, or an object holding one.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header.
    Csv,
}

/// The shape of an export file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// How records are written.
    pub container: Container,
    /// `None`: decided per file from the first record's fields.
    pub platform: Option<Platform>,
}

/// How exports are read (from `[input]` and the flags).
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// `--input-format`.
    pub format: InputFormat,
    /// The id field of generic libraries.
    pub id_field: String,
    /// The text field of generic libraries.
    pub text_field: String,
    /// The most records one file may hold.
    pub max_records: usize,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            format: InputFormat::Auto,
            id_field: "id".to_owned(),
            text_field: "text".to_owned(),
            max_records: DEFAULT_MAX_RECORDS,
        }
    }
}

/// One reply of an export.
#[derive(Clone, Debug)]
pub struct Record {
    /// Its id in the export (or its 1-based position when it has none).
    pub id: String,
    /// Its title or name.
    pub title: Option<String>,
    /// The text to lint.
    pub text: String,
    /// Where each byte of `text` came from in the export file.
    pub map: SourceMap,
    /// Channel, one of [`CHANNELS`], when the export says.
    pub channel: Option<String>,
    /// Visibility, when the export says.
    pub visibility: Option<Visibility>,
    /// Purpose, when the export says.
    pub purpose: Option<Purpose>,
    /// Author, when the export says.
    pub author: Option<Author>,
    /// The help desk whose export this is (`None` for a generic library).
    pub help_desk: Option<&'static str>,
}

impl Platform {
    /// The help desk's name, as `Conversation::help_desk` holds it; `None` for generic libraries.
    pub fn help_desk(self) -> Option<&'static str> {
        Some(match self {
            Self::Generic => return None,
            Self::Zendesk => "zendesk",
            Self::Freshdesk => "freshdesk",
            Self::Intercom => "intercom",
            Self::Front => "front",
            Self::HelpScout => "helpscout",
            Self::Gorgias => "gorgias",
            Self::Salesforce => "salesforce",
        })
    }
}

/// The shape of the file at `path` starting with `text` (the whole file when `whole`), or
/// `None` when it is one template.
pub fn detect(path: &Path, text: &str, whole: bool, format: InputFormat) -> Option<Shape> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let by_content = || {
        let first = text.trim_start().as_bytes().first().copied();
        match ext.as_str() {
            "csv" => Container::Csv,
            "jsonl" | "ndjson" => Container::Jsonl,
            _ if first == Some(b'{') && is_jsonl(text) => Container::Jsonl,
            _ if first == Some(b'[') || first == Some(b'{') => Container::Json,
            _ => Container::Csv,
        }
    };
    let platform = |p| {
        Some(Shape {
            container: by_content(),
            platform: Some(p),
        })
    };
    let container = |c| {
        Some(Shape {
            container: c,
            platform: None,
        })
    };
    match format {
        InputFormat::Text => None,
        InputFormat::Json => container(Container::Json),
        InputFormat::Jsonl => container(Container::Jsonl),
        InputFormat::Csv => container(Container::Csv),
        InputFormat::Zendesk => platform(Platform::Zendesk),
        InputFormat::Freshdesk => platform(Platform::Freshdesk),
        InputFormat::Intercom => platform(Platform::Intercom),
        InputFormat::Front => platform(Platform::Front),
        InputFormat::Helpscout => platform(Platform::HelpScout),
        InputFormat::Gorgias => platform(Platform::Gorgias),
        InputFormat::Salesforce => platform(Platform::Salesforce),
        InputFormat::Auto => match ext.as_str() {
            "jsonl" | "ndjson" => container(Container::Jsonl),
            "csv" => container(Container::Csv),
            // A `.json` file is an export when it is a list, or an object holding a list of
            // records (one that does not parse is reported as a broken export); any other JSON
            // (an envelope, a config) is one template, as before. An object too large to look
            // at whole is taken for an export.
            "json" => match text.trim_start().as_bytes().first() {
                Some(b'[') => container(Container::Json),
                Some(b'{') if !whole => container(Container::Json),
                Some(b'{') => match serde_json::from_str::<&RawValue>(text) {
                    Ok(root) => json::records(root).and_then(|_| container(Container::Json)),
                    Err(_) => container(Container::Json),
                },
                _ => None,
            },
            _ => None,
        },
    }
}

/// Whether `text` reads as JSON Lines: its first line is a whole object, and more follows.
fn is_jsonl(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    lines
        .next()
        .is_some_and(|l| serde_json::from_str::<&RawValue>(l).is_ok())
        && lines.next().is_some()
}

/// Where errors are reported: the file's name, and the part of it being read.
pub(crate) struct Place<'a> {
    pub(crate) name: &'a str,
    /// The text of the part (whole lines of the file).
    pub(crate) file: &'a str,
    pub(crate) index: &'a LineIndex,
    /// Lines of the file before the part.
    pub(crate) lines_before: usize,
}

impl Place<'_> {
    /// An error at byte `offset` of the part.
    pub(crate) fn at(&self, offset: usize, message: String) -> InputError {
        let loc = self.index.location(self.file, offset, ColumnUnit::Codepoint);
        InputError::at(self.name, loc.line + self.lines_before, loc.column, message)
    }

    /// An error on line `line` of the part (1-based), at `column`.
    fn on_line(&self, line: usize, column: usize, message: String) -> InputError {
        InputError::at(self.name, line + self.lines_before, column, message)
    }
}

/// How a record is named in an error: its position, and its id when it has one.
pub(crate) fn record_name(n: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("record {n} (id `{id}`)"),
        None => format!("record {n}"),
    }
}

/// A part of an export file (whole lines of it) and the records it holds, in file order: a
/// record, or an error about one record (the others are still read).
#[derive(Debug)]
pub struct Chunk {
    /// The part's text, where the records' maps point.
    pub file: SourceFile,
    /// Whether the file starts with a UTF-8 BOM (before the first part).
    pub had_bom: bool,
    /// Its records.
    pub records: Vec<Result<Record, InputError>>,
}

/// How large the parts of an export are.
#[derive(Clone, Copy, Debug)]
pub struct ChunkSize {
    /// The size aimed at: a part ends at the first record end past it.
    pub target: usize,
    /// The most one part may hold: a record larger than this is an error.
    pub limit: usize,
}

impl ChunkSize {
    /// The whole file as one part (a file already in memory).
    pub const WHOLE: Self = Self {
        target: usize::MAX,
        limit: usize::MAX,
    };
}

/// Read the export in `reader` (named `name`) in `shape`, part by part, handing each part and
/// its records to `each` as it is read; `each` returns false to stop. Memory is that of one
/// part, however large the file. An error that ends the file (malformed JSON, too many
/// records) is returned, after the parts before it.
pub fn read(
    name: &str,
    reader: impl std::io::Read,
    shape: Shape,
    opts: &ExportOptions,
    size: ChunkSize,
    each: &mut dyn FnMut(Chunk) -> bool,
) -> Result<(), InputError> {
    let mut blocks = stream::Blocks::new(name, reader, shape.container, size.target, size.limit);
    let mut platform = shape.platform;
    let mut columns: Option<shapes::CsvColumns> = None;
    let mut n = 0usize;
    let mut count = 0usize;
    while let Some(block) = blocks.next_block() {
        let block = block?;
        if shape.container == Container::Csv && columns.is_none() {
            columns = Some(csv_columns(name, blocks.csv_header(), shape, opts)?);
        }
        let file = SourceFile::part(block.text, block.start, block.line.saturating_sub(1));
        let place = Place {
            name,
            file: &file.text,
            index: &file.index,
            lines_before: file.lines_before,
        };
        let mut records = Vec::new();
        // Past the record limit, the records before it are still handed on, then the error.
        let mut over = None;
        let mut push = |item: Result<Record, InputError>| -> bool {
            count += 1;
            if count > opts.max_records {
                over = Some(InputError::new(
                    name,
                    format!(
                        "the export holds more than {} records; raise `[input] max-records` in replylint.toml",
                        opts.max_records
                    ),
                ));
                return false;
            }
            records.push(item);
            true
        };
        match (shape.container, &columns) {
            (Container::Csv, Some(cols)) => {
                let from = block.records.first().map_or(file.text.len(), |r| r.start);
                let mut rows = csv::Rows::part(&file.text, from, cols.width());
                while let Some(row) = rows.next_row() {
                    n += 1;
                    let item = match row {
                        Ok(row) => cols.record(&rows, &row, n),
                        Err(e) => Err(csv_error(&place, &e)),
                    };
                    if let Some(item) = item.transpose()
                        && !push(item.map_err(|e| prefix(e, n)))
                    {
                        break;
                    }
                }
            }
            _ => {
                'records: for range in block.records {
                    n += 1;
                    let text = file.text.get(range.clone()).unwrap_or_default();
                    // `text` is a slice of the part, and so is `raw`: offsets stay the part's.
                    let raw = match serde_json::from_str::<&RawValue>(text) {
                        Ok(raw) => raw,
                        Err(e) => {
                            if !push(Err(record_syntax(&place, range.start, n, shape.container, &e))) {
                                break;
                            }
                            continue;
                        }
                    };
                    let p = *platform.get_or_insert_with(|| shapes::guess(json::object(raw).as_ref(), opts));
                    for item in shapes::records(&place, n, raw, p, opts) {
                        if !push(item) {
                            break 'records;
                        }
                    }
                }
            }
        }
        let chunk = Chunk {
            file,
            had_bom: blocks.had_bom(),
            records,
        };
        if !each(chunk) {
            return Ok(());
        }
        if let Some(e) = over {
            return Err(e);
        }
    }
    if shape.container == Container::Csv && columns.is_none() {
        // A header and no rows: the header is still checked.
        csv_columns(name, blocks.csv_header(), shape, opts)?;
    }
    Ok(())
}

/// The columns of a CSV export, from its header line.
fn csv_columns(
    name: &str,
    header: Option<&str>,
    shape: Shape,
    opts: &ExportOptions,
) -> Result<shapes::CsvColumns, InputError> {
    let header = header.unwrap_or("");
    let rows =
        csv::Rows::new(header).map_err(|e| InputError::at(name, 1, 1, format!("malformed CSV: {}", e.message)))?;
    shapes::CsvColumns::new(&rows, shape.platform, opts).map_err(|m| InputError::at(name, 1, 1, m))
}

/// A record that is not JSON, located in the file.
fn record_syntax(place: &Place<'_>, start: usize, n: usize, container: Container, e: &serde_json::Error) -> InputError {
    let what = e.to_string();
    let what = what.split(" at line ").next().unwrap_or(&what);
    let kind = match container {
        Container::Jsonl => "malformed JSON line",
        _ => "malformed JSON",
    };
    // `serde_json` counts lines and (byte) columns from the record's start.
    let text = place.file.get(start..).unwrap_or_default();
    let mut at = start;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        if k + 1 == e.line().max(1) {
            let col = e.column().saturating_sub(1).min(line.len());
            let mut col = col;
            while !line.is_char_boundary(col) {
                col -= 1;
            }
            at += col;
            break;
        }
        at += line.len();
    }
    let loc = place
        .index
        .location(place.file, at.min(place.file.len()), ColumnUnit::Codepoint);
    place.on_line(loc.line, loc.column, format!("record {n}: {kind}: {what}"))
}

fn prefix(mut e: InputError, n: usize) -> InputError {
    if !e.message.starts_with("record ") {
        e.message = format!("record {n}: {}", e.message);
    }
    e
}

fn csv_error(place: &Place<'_>, e: &csv::RowError) -> InputError {
    let msg = format!("malformed CSV: {}", e.message);
    match e.line {
        Some(line) => place.on_line(usize::try_from(line).unwrap_or(usize::MAX), 1, msg),
        None => InputError::new(place.name, msg),
    }
}

/// A channel name from an export, when it is one replylint knows.
pub(crate) fn channel(name: &str) -> Option<String> {
    let lower = name.trim().to_ascii_lowercase();
    let mapped = match lower.as_str() {
        "live agent" | "live chat" | "messaging" | "web chat" | "inbox" => "chat",
        "e-mail" | "email publisher" => "email",
        other => other,
    };
    CHANNELS.contains(&mapped).then(|| mapped.to_owned())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{ChunkSize, Container, ExportOptions, InputFormat, Platform, Record, detect, read};

    fn records(name: &str, text: &str, format: InputFormat) -> (Vec<Record>, Vec<String>) {
        let shape = detect(Path::new(name), text, true, format).expect("an export");
        let (mut ok, mut errors) = (Vec::new(), Vec::new());
        let end = read(
            name,
            text.as_bytes(),
            shape,
            &ExportOptions::default(),
            ChunkSize::WHOLE,
            &mut |chunk| {
                for r in chunk.records {
                    match r {
                        Ok(r) => ok.push(r),
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                true
            },
        );
        if let Err(e) = end {
            errors.push(e.to_string());
        }
        (ok, errors)
    }

    /// Every char of a record's text maps to itself in the file, or to the escape, entity or
    /// tag it came from (white space to white space, as HTML collapses it).
    fn maps_back(file: &str, r: &Record) {
        // Inside a placeholder made from an Intercom attribute, bytes map into the tag.
        let slots = crate::placeholder::find_all(&r.text);
        let inside = |i: usize| slots.iter().any(|p| p.span.start < i && i < p.span.end);
        for (i, c) in r.text.char_indices().filter(|&(i, _)| !inside(i)) {
            let at = r.map.to_file(i);
            let rest = &file[at..];
            let ok = rest.starts_with(c)
                || rest.starts_with(['\\', '&', '<'])
                || (c.is_whitespace() && rest.starts_with(char::is_whitespace));
            assert!(
                ok,
                "record {}: {c:?} at {i} maps to {at}: {:?}",
                r.id,
                &rest[..rest.len().min(20)]
            );
        }
    }

    #[test]
    fn every_example_export_maps_back_to_its_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/exports");
        let expect: [(&str, &[&str]); 8] = [
            ("zendesk-macros.json", &["360001", "360002"]),
            ("freshdesk-canned-responses.json", &["43000101", "43000102"]),
            ("intercom-macros.json", &["1001", "1002"]),
            ("front-message-templates.json", &["rsp_1a2b", "rsp_3c4d"]),
            ("helpscout-saved-replies.json", &["501", "501:chat", "502", "502:chat"]),
            ("gorgias-macros.json", &["7001", "7002"]),
            (
                "salesforce-quick-text.csv",
                &["0QT5g000000AbCdEAF", "0QT5g000000AbCeEAF"],
            ),
            ("replies.jsonl", &["welcome", "follow-up", "no-stock"]),
        ];
        for (name, ids) in expect {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let (recs, errors) = records(name, &text, InputFormat::Auto);
            assert!(errors.is_empty(), "{name}: {errors:?}");
            let got: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(got, ids, "{name}");
            for r in &recs {
                assert!(!r.text.is_empty(), "{name}#{}", r.id);
                assert!(!r.text.contains('<'), "{name}#{}: tags left: {}", r.id, r.text);
                maps_back(&text, r);
            }
        }
    }

    #[test]
    fn shapes_are_detected_and_can_be_named() {
        let shape = |name: &str, text: &str, f| detect(Path::new(name), text, true, f);
        let zd = r#"{"macros": [{"id": 1, "actions": [{"field": "comment_value", "value": "Hi"}]}]}"#;
        assert_eq!(
            shape("a.json", zd, InputFormat::Auto).map(|s| s.container),
            Some(Container::Json)
        );
        // Any other JSON object (an envelope) is one template; so is a `.txt` file.
        assert_eq!(shape("a.json", r#"{"draft": "Hi"}"#, InputFormat::Auto), None);
        assert_eq!(shape("a.txt", "[1]", InputFormat::Auto), None);
        assert_eq!(shape("a.json", zd, InputFormat::Text), None);
        let named = shape("a.txt", zd, InputFormat::Zendesk).unwrap();
        assert_eq!(
            (named.container, named.platform),
            (Container::Json, Some(Platform::Zendesk))
        );
        let (recs, _) = records("a.json", zd, InputFormat::Auto);
        assert_eq!((recs[0].id.as_str(), recs[0].text.as_str()), ("1", "Hi"));
        let jsonl = "{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2, \"text\": \"b\"}\n";
        assert_eq!(
            shape("x.data", jsonl, InputFormat::Json).unwrap().container,
            Container::Json
        );
        let by_content = shape("x.data", jsonl, InputFormat::Zendesk).unwrap();
        assert_eq!(by_content.container, Container::Jsonl);
    }

    #[test]
    fn records_carry_channel_and_title() {
        let sf = "Id,Name,Message,Channel\n1,Hello,Hi there,Live Agent\n2,Mail,Hi,Email\n";
        let (recs, errors) = records("q.csv", sf, InputFormat::Auto);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(recs[0].title.as_deref(), Some("Hello"));
        assert_eq!(recs[0].channel.as_deref(), Some("chat"));
        assert_eq!(recs[1].channel.as_deref(), Some("email"));
        let generic = r#"[{"id": "a", "text": "Hi", "channel": "sms", "visibility": "public", "purpose": "away-message", "author": "bot"}]"#;
        let (recs, _) = records("g.json", generic, InputFormat::Auto);
        let r = &recs[0];
        assert_eq!(r.channel.as_deref(), Some("sms"));
        assert_eq!(r.visibility, Some(crate::conversation::Visibility::Public));
        assert_eq!(r.purpose, Some(crate::conversation::Purpose::AwayMessage));
        assert_eq!(r.author, Some(crate::conversation::Author::Bot));
    }

    #[test]
    fn a_missing_csv_text_column_is_an_error() {
        let (recs, errors) = records("q.csv", "key,body\n1,Hi\n", InputFormat::Auto);
        assert!(recs.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("no `text` column (it has: key, body)"), "{errors:?}");
    }
}
