//! Streaming reads of help-desk exports: the file is read through [`Read`] in 64 KiB chunks and
//! handed out as [`Block`]s, runs of whole lines that hold whole records, so that a large export
//! can be parsed and linted one block at a time, with memory bounded by the block size rather
//! than the file's.
//!
//! A byte-level scanner per [`Container`] finds where each record starts and ends (JSON: depth,
//! strings and escapes; JSON Lines: lines; CSV: rows, honouring quotes) and which line ends fall
//! between records: a block is only ever cut there. The scanner does not parse records (`serde_json`
//! and `csv` do that later, on each record's slice); of a JSON file it checks only what it needs to
//! find them: the root, the balance of brackets and strings, and the commas between records.
//!
//! Offsets, lines and columns are those of the whole-file reader: offsets into the file's text
//! with its BOM removed, lines broken at `\n`, `\r\n` and a lone `\r` (as [`LineIndex`] has them),
//! columns in Unicode scalar values.
//!
//! [`LineIndex`]: crate::line_index::LineIndex

use std::io::Read;
use std::ops::Range;

use super::Container;
use super::json::LIST_KEYS;
use crate::located::InputError;

/// How many bytes one `read` call asks for.
const CHUNK: usize = 64 * 1024;

/// A run of whole lines of an export file holding whole records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// Valid UTF-8 text; begins at the start of a line of the file (for the first block: after
    /// the BOM).
    pub(crate) text: String,
    /// Byte offset of `text` in the file's decoded text (the BOM, when there is one, is not
    /// counted: offsets are those of the file with its BOM removed, as the whole-file reader has
    /// them).
    pub(crate) start: usize,
    /// 1-based line number of the first line of `text`.
    pub(crate) line: usize,
    /// Byte ranges in `text` of each record it holds, in file order:
    /// JSON: the raw JSON value of each element of the records list (from its first byte to its
    /// last, no surrounding whitespace or comma);
    /// JSONL: each non-blank line without its line ending ("\n" or "\r\n");
    /// CSV: each data row (after the header) without its line ending; a row may span lines
    /// inside a quoted field.
    pub(crate) records: Vec<Range<usize>>,
}

/// The blocks of one export file, read as they are asked for.
pub(crate) struct Blocks<R: Read> {
    name: String,
    reader: R,
    /// The reusable buffer each `read` fills.
    chunk: Vec<u8>,
    target: usize,
    limit: usize,
    core: Core,
    scanner: Scanner,
    /// The start of the file (byte-order marks) has been looked at.
    started: bool,
    /// The reader has no more bytes.
    eof: bool,
    /// The last block was handed out.
    finished: bool,
    /// `next_block` returns `None` from now on.
    done: bool,
    had_bom: bool,
}

/// The bytes read and not yet handed out, and what is known of them. Positions are indices
/// into `buf`; `buf[base..]` is the pending block, `buf[..base]` was handed out and is dropped
/// before the next read.
#[derive(Default)]
struct Core {
    buf: Vec<u8>,
    /// Where the pending block starts: always at the start of a line.
    base: usize,
    /// How far the scanner has read.
    scan: usize,
    /// The records of the pending block seen whole so far.
    records: Vec<Range<usize>>,
    /// Records seen whole in the file so far.
    total: usize,
    /// The last line end between records in the pending block (the index just past the `\n`).
    last_safe: Option<usize>,
    /// The line of `buf[base]`.
    line: usize,
    /// The offset in the file's text of `buf[base]`.
    offset: usize,
}

/// A problem found by a scanner, located in the pending bytes.
struct Fault {
    /// The bytes up to here are checked for invalid UTF-8 first: that error comes first in the
    /// file, as the whole-file reader reports it.
    upto: usize,
    at: At,
    message: String,
}

/// Where a [`Fault`] is reported.
enum At {
    /// At this byte.
    Pos(usize),
    /// At column 1 of the line holding this byte.
    LineOf(usize),
    /// At this line and column.
    Loc(usize, usize),
}

/// What is in progress at the scanner's position, for a block that outgrows its limit.
enum Open {
    /// A record starting here.
    Record(usize),
    /// The CSV header, starting here.
    Header(usize),
    /// Bytes between records.
    Nothing,
}

enum Scanner {
    Json(JsonScan),
    Jsonl(JsonlScan),
    Csv(CsvScan),
}

impl<R: Read> Blocks<R> {
    /// `name` is used in errors. `target` is the block size to aim for (a block ends at the
    /// first record end past it, at a line end); `limit` is the most bytes one block may hold
    /// (one record or one line bigger than that is an error).
    pub(crate) fn new(name: &str, reader: R, container: Container, target: usize, limit: usize) -> Self {
        let scanner = match container {
            Container::Json => Scanner::Json(JsonScan::default()),
            Container::Jsonl => Scanner::Jsonl(JsonlScan::default()),
            Container::Csv => Scanner::Csv(CsvScan::default()),
        };
        Self {
            name: name.to_owned(),
            reader,
            chunk: vec![0; CHUNK],
            target,
            limit,
            core: Core {
                line: 1,
                ..Core::default()
            },
            scanner,
            started: false,
            eof: false,
            finished: false,
            done: false,
            had_bom: false,
        }
    }

    /// Whether the file started with a UTF-8 BOM (known once the first block was read).
    pub(crate) fn had_bom(&self) -> bool {
        self.had_bom
    }

    /// CSV only: the header line's text (without line ending), once the first block was read.
    pub(crate) fn csv_header(&self) -> Option<&str> {
        match &self.scanner {
            Scanner::Csv(csv) => csv.header.as_deref(),
            Scanner::Json(_) | Scanner::Jsonl(_) => None,
        }
    }

    /// The next block; `None` at the end. After an error, the next call returns `None`.
    pub(crate) fn next_block(&mut self) -> Option<Result<Block, InputError>> {
        if self.done {
            return None;
        }
        let next = self.advance();
        if !matches!(next, Ok(Some(_))) {
            self.done = true;
        }
        next.transpose()
    }

    fn advance(&mut self) -> Result<Option<Block>, InputError> {
        if self.finished {
            return Ok(None);
        }
        if !self.started {
            self.start()?;
        }
        loop {
            let end = self.core.buf.len().min(self.core.base.saturating_add(self.limit));
            if self.core.scan < end {
                let safe = self.scanner.scan(&mut self.core, end).map_err(|f| self.fail(f))?;
                if let Some(q) = safe {
                    self.core.last_safe = Some(q);
                    if q.saturating_sub(self.core.base) >= self.target
                        && let Some(block) = self.cut(q)?
                    {
                        return Ok(Some(block));
                    }
                }
                continue;
            }
            if end < self.core.buf.len() {
                // The pending block would outgrow the limit: end it at the last line end
                // between records, if it has one.
                let Some(q) = self.core.last_safe else {
                    return Err(self.too_large());
                };
                if let Some(block) = self.cut(q)? {
                    return Ok(Some(block));
                }
                continue;
            }
            if self.eof {
                self.finished = true;
                self.scanner.finish(&mut self.core).map_err(|f| self.fail(f))?;
                let q = self.core.buf.len();
                return self.cut(q);
            }
            self.fill()?;
        }
    }

    /// Look at the file's first bytes: a UTF-16 byte-order mark is an error, a UTF-8 one is
    /// dropped (and remembered).
    fn start(&mut self) -> Result<(), InputError> {
        while self.core.buf.len() < 3 && !self.eof {
            self.fill()?;
        }
        self.started = true;
        let head = &self.core.buf;
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            let bom = head.get(..2).unwrap_or_default().to_vec();
            // `decode` words the error; it refuses these two bytes whatever follows them.
            let error = crate::input::decode(&self.name, bom).err();
            return Err(
                error.unwrap_or_else(|| InputError::new(self.name.as_str(), "the file is UTF-16; save it as UTF-8"))
            );
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            self.had_bom = true;
            self.core.buf.drain(..3);
        }
        Ok(())
    }

    /// Read one chunk, after dropping the bytes already handed out.
    fn fill(&mut self) -> Result<(), InputError> {
        let d = self.core.base;
        if d > 0 {
            self.core.buf.drain(..d);
            self.core.base = 0;
            self.core.scan = self.core.scan.saturating_sub(d);
            self.core.last_safe = self.core.last_safe.map(|q| q.saturating_sub(d));
            for r in &mut self.core.records {
                *r = r.start.saturating_sub(d)..r.end.saturating_sub(d);
            }
            self.scanner.shift(d);
        }
        loop {
            match self.reader.read(&mut self.chunk) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.core.buf.extend_from_slice(self.chunk.get(..n).unwrap_or_default());
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(InputError::new(self.name.as_str(), crate::located::io_reason(&e))),
            }
        }
    }

    /// End the pending block at `q` (a line end between records, or the end of the file): the
    /// block, or `None` when it holds no records (its bytes are still checked).
    fn cut(&mut self, q: usize) -> Result<Option<Block>, InputError> {
        let core = &mut self.core;
        let base = core.base;
        let bytes = core.buf.get(base..q).unwrap_or_default();
        let (line, start) = (core.line, core.offset);
        let whole = core.records.partition_point(|r| r.end <= q);
        let records: Vec<Range<usize>> = core
            .records
            .drain(..whole)
            .map(|r| r.start.saturating_sub(base)..r.end.saturating_sub(base))
            .collect();
        core.base = q;
        core.offset += bytes.len();
        core.line += breaks(bytes);
        core.last_safe = None;
        if records.is_empty() {
            return match invalid(&self.name, bytes, line) {
                Some(e) => Err(e),
                None => Ok(None),
            };
        }
        let text = match String::from_utf8(bytes.to_vec()) {
            Ok(text) if !text.as_bytes().contains(&0) => text,
            Ok(text) => return Err(invalid(&self.name, text.as_bytes(), line).unwrap_or_else(|| self.unreadable())),
            Err(e) => return Err(invalid(&self.name, e.as_bytes(), line).unwrap_or_else(|| self.unreadable())),
        };
        Ok(Some(Block {
            text,
            start,
            line,
            records,
        }))
    }

    /// Not reached (`invalid` finds what `from_utf8` or the NUL test found); a plain error
    /// rather than a panic.
    fn unreadable(&self) -> InputError {
        InputError::new(self.name.as_str(), "invalid UTF-8; save the file as UTF-8")
    }

    /// A scanner's fault as an error, unless the bytes before it are not valid UTF-8.
    fn fail(&self, f: Fault) -> InputError {
        let core = &self.core;
        let before = core.buf.get(core.base..f.upto).unwrap_or_default();
        if let Some(e) = invalid(&self.name, before, core.line) {
            return e;
        }
        let (line, column) = match f.at {
            At::Pos(p) => core.location(p),
            At::LineOf(p) => (core.location(p).0, 1),
            At::Loc(line, column) => (line, column),
        };
        InputError::at(self.name.as_str(), line, column, f.message)
    }

    /// The pending block has outgrown the limit without a line end between records.
    fn too_large(&self) -> InputError {
        let limit = crate::input::human_size(u64::try_from(self.limit).unwrap_or(u64::MAX));
        let raise = "raise it with --max-document-size or `[input] max-document-size` in replylint.toml";
        let n = self.core.total + 1;
        let (what, at) = match self.scanner.open() {
            Open::Record(p) => (format!("record {n}"), p),
            Open::Header(p) => ("the CSV header".to_owned(), p),
            Open::Nothing => (format!("record {n}"), self.core.base),
        };
        self.fail(Fault {
            upto: at,
            at: At::LineOf(at),
            message: format!("{what} is larger than the {limit} limit for one document; {raise}"),
        })
    }
}

impl Core {
    /// Record `range` as one whole record.
    fn push(&mut self, range: Range<usize>) {
        self.records.push(range);
        self.total += 1;
    }

    /// The line and column (in Unicode scalar values) of the pending byte `p`.
    fn location(&self, p: usize) -> (usize, usize) {
        let before = self.buf.get(self.base..p).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |i| i + 1);
        let chars = before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        (self.line + breaks(before), chars + 1)
    }
}

/// How many line breaks `bytes` holds: `\n`, `\r\n` (once) and a lone `\r`, as `LineIndex`
/// counts them.
#[allow(
    clippy::naive_bytecount,
    reason = "LLVM vectorizes this loop; `bytecount` is not a dependency"
)]
pub(crate) fn breaks(bytes: &[u8]) -> usize {
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    if !bytes.contains(&b'\r') {
        return lf;
    }
    let lone_cr = bytes
        .windows(2)
        .filter(|w| matches!(w, [b'\r', next] if *next != b'\n'))
        .count();
    lf + lone_cr + usize::from(bytes.last() == Some(&b'\r'))
}

/// The error `input::decode` gives for `bytes`, a run of whole lines of the file starting at
/// line `line`, when they are not valid UTF-8 or hold a NUL byte.
fn invalid(name: &str, bytes: &[u8], line: usize) -> Option<InputError> {
    if std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0) {
        return None;
    }
    // A line break first: `decode` takes byte-order marks at the start of what it is given,
    // which only the start of the file may have (looked at there), so a later line must not
    // start its input. Its line 2 is then `line`.
    let mut shifted = Vec::with_capacity(bytes.len() + 1);
    shifted.push(b'\n');
    shifted.extend_from_slice(bytes);
    let mut e = crate::input::decode(name, shifted).err()?;
    e.line = e.line.map(|l| (l + line).saturating_sub(2));
    Some(e)
}

/// Whether a line (without its `\n`) is blank, white space as `str::trim` has it.
fn blank(line: &[u8]) -> bool {
    match line.iter().find(|&&b| !matches!(b, b' ' | b'\t'..=b'\r')) {
        None => true,
        Some(&b) if b.is_ascii() => false,
        Some(_) => std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty()),
    }
}

/// The end of a line's content that ends just before `nl` (its `\n`, or the end of the file):
/// before a `\r` that precedes it, when that is on the line.
fn content_end(buf: &[u8], line_start: usize, nl: usize) -> usize {
    if nl > line_start && buf.get(nl - 1) == Some(&b'\r') {
        nl - 1
    } else {
        nl
    }
}

impl Scanner {
    /// Scan `core.buf[core.scan..end]`, stopping just past the first line end between records:
    /// `Some` of where the scan stopped, `None` when it reached `end`.
    fn scan(&mut self, core: &mut Core, end: usize) -> Result<Option<usize>, Fault> {
        match self {
            Self::Json(json) => json.scan(core, end),
            Self::Jsonl(jsonl) => Ok(jsonl.scan(core, end)),
            Self::Csv(csv) => Ok(csv.scan(core, end)),
        }
    }

    /// The end of the file, all of it scanned.
    fn finish(&mut self, core: &mut Core) -> Result<(), Fault> {
        match self {
            Self::Json(json) => json.finish(core),
            Self::Jsonl(jsonl) => {
                jsonl.finish(core);
                Ok(())
            }
            Self::Csv(csv) => csv.finish(core),
        }
    }

    /// The bytes before `d` were dropped.
    fn shift(&mut self, d: usize) {
        match self {
            Self::Json(json) => {
                json.string_start = json.string_start.saturating_sub(d);
                if let Some(r) = &mut json.record {
                    r.start = r.start.saturating_sub(d);
                }
            }
            Self::Jsonl(jsonl) => jsonl.line_start = jsonl.line_start.saturating_sub(d),
            Self::Csv(csv) => csv.row_start = csv.row_start.saturating_sub(d),
        }
    }

    fn open(&self) -> Open {
        match self {
            Self::Json(json) => json.record.as_ref().map_or(Open::Nothing, |r| Open::Record(r.start)),
            Self::Jsonl(jsonl) => Open::Record(jsonl.line_start),
            Self::Csv(csv) if csv.header_seen => Open::Record(csv.row_start),
            Self::Csv(csv) => Open::Header(csv.row_start),
        }
    }
}

/// JSON Lines: every line end is between records; each non-blank line is one.
#[derive(Default)]
struct JsonlScan {
    line_start: usize,
}

impl JsonlScan {
    fn scan(&mut self, core: &mut Core, end: usize) -> Option<usize> {
        let from = core.scan;
        let found = core
            .buf
            .get(from..end)
            .unwrap_or_default()
            .iter()
            .position(|&b| b == b'\n');
        let Some(k) = found else {
            core.scan = end;
            return None;
        };
        let nl = from + k;
        self.line(core, nl);
        self.line_start = nl + 1;
        core.scan = nl + 1;
        Some(nl + 1)
    }

    fn finish(&mut self, core: &mut Core) {
        let end = core.buf.len();
        self.line(core, end);
        self.line_start = end;
    }

    /// The line ending at `nl`.
    fn line(&self, core: &mut Core, nl: usize) {
        let stop = content_end(&core.buf, self.line_start, nl);
        if !blank(core.buf.get(self.line_start..stop).unwrap_or_default()) {
            core.push(self.line_start..stop);
        }
    }
}

/// CSV: a line end is a row end outside a quoted field. As the `csv` crate reads it, a quote
/// opens a quoted field only as the first byte of a field (`12" pizza` is plain text); inside
/// one, `""` is a quote and a lone `"` closes it. The first row is the header.
#[derive(Default)]
struct CsvScan {
    row_start: usize,
    /// Inside a quoted field.
    quoted: bool,
    /// Inside a quoted field, just after a `"`: a second one is a quote, anything else closes.
    quote_seen: bool,
    /// Somewhere after the first byte of a field.
    in_field: bool,
    header_seen: bool,
    header: Option<String>,
}

impl CsvScan {
    fn scan(&mut self, core: &mut Core, end: usize) -> Option<usize> {
        let mut i = core.scan;
        while let Some(&b) = core.buf.get(i).filter(|_| i < end) {
            if self.quoted {
                if !self.quote_seen {
                    let window = core.buf.get(i..end).unwrap_or_default();
                    let Some(k) = window.iter().position(|&b| b == b'"') else {
                        i = end;
                        break;
                    };
                    i += k + 1;
                    self.quote_seen = true;
                    continue;
                }
                self.quote_seen = false;
                if b == b'"' {
                    i += 1;
                    continue;
                }
                // The quoted field closed; `b` is read as outside it.
                self.quoted = false;
            }
            match b {
                b'"' if !self.in_field => {
                    self.quoted = true;
                    self.in_field = true;
                }
                b',' => self.in_field = false,
                b'\n' => {
                    self.in_field = false;
                    self.row(core, i);
                    self.row_start = i + 1;
                    core.scan = i + 1;
                    return Some(i + 1);
                }
                b'\r' => {}
                _ => self.in_field = true,
            }
            i += 1;
        }
        core.scan = i;
        None
    }

    fn finish(&mut self, core: &mut Core) -> Result<(), Fault> {
        let end = core.buf.len();
        if self.quoted && !self.quote_seen {
            return Err(Fault {
                upto: end,
                at: At::LineOf(self.row_start),
                message: "malformed CSV: a quoted field is not closed before the end of the file \
                          (a `\"` inside a quoted field is written `\"\"`)"
                    .to_owned(),
            });
        }
        self.row(core, end);
        self.row_start = end;
        Ok(())
    }

    /// The row ending at `nl`: the header, a record, or a blank line.
    fn row(&mut self, core: &mut Core, nl: usize) {
        let stop = content_end(&core.buf, self.row_start, nl);
        if stop == self.row_start {
            return;
        }
        if self.header_seen {
            core.push(self.row_start..stop);
        } else {
            self.header_seen = true;
            // Invalid UTF-8 is reported with the block that holds the header.
            let header = core.buf.get(self.row_start..stop).unwrap_or_default();
            self.header = std::str::from_utf8(header).ok().map(str::to_owned);
        }
    }
}

/// Where a JSON scan is, relative to the root value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Phase {
    /// White space before the root.
    #[default]
    Before,
    /// Inside the root.
    Inside,
    /// After the root closed: only white space may follow.
    After,
}

/// What the records list expects next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Expect {
    /// Just opened: a record or its end.
    #[default]
    First,
    /// After a comma: a record.
    Record,
    /// After a record: a comma or the end.
    Comma,
}

/// Where a root object is in its current member (at depth 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Member {
    /// Expecting a key.
    #[default]
    Key,
    /// After a key; `list` when the key is one of `LIST_KEYS` and no list was found yet.
    Value { list: bool },
    /// In or after the value.
    Rest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An object or a list: ends when its closer brings the depth back.
    Nested,
    /// A string: ends at its closing quote.
    Str,
    /// A number or a literal: ends before the first byte that cannot be in it.
    Scalar,
}

/// The record being read.
#[derive(Clone, Copy, Debug)]
struct Rec {
    start: usize,
    kind: Kind,
}

/// JSON: a structural scan (depth, strings, escapes) that finds the records list and the
/// bounds of each of its elements.
#[derive(Default)]
struct JsonScan {
    phase: Phase,
    object_root: bool,
    /// The open brackets, innermost last.
    stack: Vec<u8>,
    in_string: bool,
    /// The byte after a backslash in a string is next.
    escape: bool,
    string_start: usize,
    /// The string is a key of the root object.
    key: bool,
    member: Member,
    /// While the records list is open: the depth of its elements (inside it).
    list: Option<usize>,
    found: bool,
    expect: Expect,
    record: Option<Rec>,
    /// Where a root object opens.
    root_at: (usize, usize),
}

/// A fault at byte `i`.
fn fault(i: usize, message: impl Into<String>) -> Fault {
    Fault {
        upto: i,
        at: At::Pos(i),
        message: message.into(),
    }
}

const NOT_A_ROOT: &str = "malformed JSON export: expected a list of records or an object";
const TRAILING: &str = "malformed JSON export: trailing characters after the end of the JSON value";

impl JsonScan {
    fn scan(&mut self, core: &mut Core, end: usize) -> Result<Option<usize>, Fault> {
        let mut i = core.scan;
        while i < end {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                    i += 1;
                    continue;
                }
                let window = core.buf.get(i..end).unwrap_or_default();
                let Some(k) = window.iter().position(|&b| b == b'"' || b == b'\\') else {
                    i = end;
                    break;
                };
                let at = i + k;
                if core.buf.get(at) == Some(&b'\\') {
                    self.escape = true;
                } else {
                    self.close_string(core, at);
                }
                i = at + 1;
                continue;
            }
            let Some(&b) = core.buf.get(i) else { break };
            if let Some(Rec {
                start,
                kind: Kind::Scalar,
            }) = self.record
            {
                if matches!(
                    b,
                    b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'"' | b'{' | b'['
                ) {
                    core.push(start..i);
                    self.record = None;
                } else {
                    i += 1;
                    continue;
                }
            }
            match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => {
                    if self.record.is_none() {
                        core.scan = i + 1;
                        return Ok(Some(i + 1));
                    }
                }
                b'"' => self.open_string(i)?,
                b'{' | b'[' => self.open(core, i, b)?,
                b'}' | b']' => self.close(core, i, b)?,
                b',' => self.comma(i)?,
                _ => self.other(i, b)?,
            }
            i += 1;
        }
        core.scan = i;
        Ok(None)
    }

    fn finish(&mut self, core: &mut Core) -> Result<(), Fault> {
        let end = core.buf.len();
        if self.in_string {
            return Err(Fault {
                upto: end,
                at: At::Pos(self.string_start),
                message: "malformed JSON export: this string is not closed before the end of the file".to_owned(),
            });
        }
        match self.phase {
            Phase::Before => Err(fault(end, NOT_A_ROOT)),
            Phase::Inside => Err(fault(
                end,
                match self.stack.last() {
                    Some(b'{') => "malformed JSON export: the file ends inside an object (a `}` is missing)",
                    _ => "malformed JSON export: the file ends inside a list (a `]` is missing)",
                },
            )),
            Phase::After => Ok(()),
        }
    }

    /// Whether byte `i` is where the phase allows a value or a structural byte; errors before
    /// and after the root.
    fn inside(&self, i: usize) -> Result<(), Fault> {
        match self.phase {
            Phase::Before => Err(fault(i, NOT_A_ROOT)),
            Phase::Inside => Ok(()),
            Phase::After => Err(fault(i, TRAILING)),
        }
    }

    /// Whether the scan is directly in the records list, between records.
    fn between_records(&self) -> bool {
        self.record.is_none() && self.list == Some(self.stack.len())
    }

    /// A record starts at `i`, of `kind`.
    fn start_record(&mut self, i: usize, kind: Kind) -> Result<(), Fault> {
        if self.expect == Expect::Comma {
            return Err(fault(i, "malformed JSON export: expected `,` or `]` after a record"));
        }
        self.expect = Expect::Comma;
        self.record = Some(Rec { start: i, kind });
        Ok(())
    }

    /// Whether the scan is at depth 1 of a root object.
    fn in_root_object(&self) -> bool {
        self.object_root && self.stack.len() == 1
    }

    fn open_string(&mut self, i: usize) -> Result<(), Fault> {
        self.inside(i)?;
        self.key = false;
        if self.between_records() {
            self.start_record(i, Kind::Str)?;
        } else if self.in_root_object() {
            match self.member {
                Member::Key => self.key = true,
                Member::Value { .. } => self.member = Member::Rest,
                Member::Rest => {}
            }
        }
        self.in_string = true;
        self.string_start = i;
        Ok(())
    }

    /// The string ends with the quote at `at`.
    fn close_string(&mut self, core: &mut Core, at: usize) {
        self.in_string = false;
        if self.key {
            self.key = false;
            let raw = core.buf.get(self.string_start..=at).unwrap_or_default();
            self.member = Member::Value {
                list: !self.found && is_list_key(raw),
            };
        }
        if let Some(Rec { start, kind: Kind::Str }) = self.record {
            core.push(start..at + 1);
            self.record = None;
        }
    }

    fn open(&mut self, core: &Core, i: usize, b: u8) -> Result<(), Fault> {
        if self.phase == Phase::Before {
            self.phase = Phase::Inside;
            self.stack.push(b);
            if b == b'[' {
                self.list = Some(1);
                self.found = true;
            } else {
                self.object_root = true;
                self.root_at = core.location(i);
            }
            return Ok(());
        }
        self.inside(i)?;
        if self.between_records() {
            self.start_record(i, Kind::Nested)?;
        } else if self.in_root_object()
            && let Member::Value { list } = self.member
        {
            if list && b == b'[' {
                self.list = Some(2);
                self.found = true;
                self.expect = Expect::First;
            }
            self.member = Member::Rest;
        }
        self.stack.push(b);
        Ok(())
    }

    fn close(&mut self, core: &mut Core, i: usize, b: u8) -> Result<(), Fault> {
        self.inside(i)?;
        let depth = self.stack.len();
        let open = self.stack.pop();
        match (open, b) {
            (Some(b'{'), b'}') | (Some(b'['), b']') => {}
            (Some(b'{'), _) => {
                return Err(fault(
                    i,
                    "malformed JSON export: found `]` where `}` should close an object",
                ));
            }
            _ => {
                return Err(fault(
                    i,
                    "malformed JSON export: found `}` where `]` should close a list",
                ));
            }
        }
        if self.list == Some(depth) {
            if self.expect == Expect::Record {
                return Err(fault(i, "malformed JSON export: a `,` after the last record"));
            }
            self.list = None;
        }
        if let Some(Rec {
            start,
            kind: Kind::Nested,
        }) = self.record
            && self.list == Some(depth - 1)
        {
            core.push(start..i + 1);
            self.record = None;
        }
        if self.stack.is_empty() {
            self.phase = Phase::After;
            if !self.found {
                let (line, column) = self.root_at;
                return Err(Fault {
                    upto: i,
                    at: At::Loc(line, column),
                    message: format!(
                        "not an export: expected a JSON list of records, or an object with one under `{}`",
                        LIST_KEYS.join("`, `")
                    ),
                });
            }
        }
        Ok(())
    }

    fn comma(&mut self, i: usize) -> Result<(), Fault> {
        self.inside(i)?;
        if self.between_records() {
            if self.expect != Expect::Comma {
                return Err(fault(i, "malformed JSON export: expected a record, found `,`"));
            }
            self.expect = Expect::Record;
        } else if self.in_root_object() {
            self.member = Member::Key;
        }
        Ok(())
    }

    /// Any other byte: a number, a literal, a colon (or something `serde_json` will refuse).
    fn other(&mut self, i: usize, b: u8) -> Result<(), Fault> {
        self.inside(i)?;
        if self.between_records() {
            self.start_record(i, Kind::Scalar)?;
        } else if self.in_root_object() && b != b':' && matches!(self.member, Member::Value { .. }) {
            self.member = Member::Rest;
        }
        Ok(())
    }
}

/// Whether `raw`, a JSON string, is one of [`LIST_KEYS`]: compared raw, or decoded when it has
/// escapes.
fn is_list_key(raw: &[u8]) -> bool {
    let inner = raw
        .strip_prefix(b"\"")
        .and_then(|r| r.strip_suffix(b"\""))
        .unwrap_or_default();
    if !inner.contains(&b'\\') {
        return LIST_KEYS.iter().any(|k| k.as_bytes() == inner);
    }
    std::str::from_utf8(raw)
        .ok()
        .and_then(|s| serde_json::from_str::<String>(s).ok())
        .is_some_and(|k| LIST_KEYS.contains(&k.as_str()))
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::ops::Range;

    use proptest::prelude::*;
    use serde_json::value::RawValue;

    use super::{Block, Blocks};
    use crate::input::export::{Container, json};
    use crate::line_index::{ColumnUnit, LineIndex};
    use crate::located::InputError;

    const TARGETS: [usize; 4] = [1, 7, 64, 1 << 20];
    const NO_LIMIT: usize = 1 << 30;

    /// A reader that hands out at most `step` bytes per `read`.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// What reading `bytes` gives: the blocks handed out, and the error that ended them.
    struct Read_ {
        blocks: Vec<Block>,
        error: Option<InputError>,
        header: Option<String>,
        had_bom: bool,
    }

    fn read(bytes: &[u8], container: Container, target: usize, step: usize, limit: usize) -> Read_ {
        let mut it = Blocks::new("f", Trickle { bytes, step }, container, target, limit);
        let (mut blocks, mut error) = (Vec::new(), None);
        while let Some(next) = it.next_block() {
            match next {
                Ok(b) => blocks.push(b),
                Err(e) => {
                    assert!(error.is_none(), "a second error: {e}");
                    error = Some(e);
                }
            }
        }
        assert!(it.next_block().is_none());
        Read_ {
            blocks,
            error,
            header: it.csv_header().map(str::to_owned),
            had_bom: it.had_bom(),
        }
    }

    /// The records of a JSON export, as `serde_json` finds them.
    fn json_records(text: &str) -> Vec<Range<usize>> {
        let root: &RawValue = serde_json::from_str(text).unwrap();
        json::records(root)
            .unwrap()
            .into_iter()
            .map(|r| {
                let start = json::offset(text, r);
                start..start + r.get().len()
            })
            .collect()
    }

    /// The non-blank lines of a JSON Lines file, without their line endings.
    fn jsonl_records(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            if !content.trim().is_empty() {
                out.push(at..at + content.len());
            }
            at += line.len();
        }
        out
    }

    /// The data rows of a CSV file, as the `csv` crate reads them, without their line endings.
    fn csv_records(text: &str) -> Vec<Range<usize>> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let mut row = ::csv::ByteRecord::new();
        let mut out = Vec::new();
        let b = text.as_bytes();
        while reader.read_byte_record(&mut row).unwrap() {
            let mut start = usize::try_from(row.position().unwrap().byte()).unwrap();
            let mut end = usize::try_from(reader.position().byte()).unwrap();
            while matches!(b.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            while end > start && matches!(b[end - 1], b'\r' | b'\n') {
                end -= 1;
            }
            out.push(start..end);
        }
        out
    }

    fn expected(text: &str, container: Container) -> Vec<Range<usize>> {
        match container {
            Container::Json => json_records(text),
            Container::Jsonl => jsonl_records(text),
            Container::Csv => csv_records(text),
        }
    }

    /// Every block is the file's text at its place, starts a line, and knows its line; their
    /// records, in file order, are the file's.
    fn holds(text: &str, blocks: &[Block]) -> Vec<Range<usize>> {
        let index = LineIndex::new(text);
        let mut all = Vec::new();
        let mut end = 0;
        for b in blocks {
            assert!(b.start >= end, "blocks overlap at {}", b.start);
            end = b.start + b.text.len();
            assert_eq!(text.get(b.start..end), Some(b.text.as_str()), "block at {}", b.start);
            assert!(
                b.start == 0 || text.as_bytes()[b.start - 1] == b'\n',
                "{} is not a line start",
                b.start
            );
            assert_eq!(b.line, index.location(text, b.start, ColumnUnit::Codepoint).line);
            assert!(!b.records.is_empty());
            for r in &b.records {
                assert!(r.start <= r.end && r.end <= b.text.len());
                all.push(b.start + r.start..b.start + r.end);
            }
        }
        all
    }

    /// `text` read whole-file and streamed agree, for every target and read size; with a BOM
    /// too. Returns how many blocks the smallest target gave.
    fn agrees(text: &str, container: Container) -> usize {
        let want = expected(text, container);
        assert!(!want.is_empty(), "the test file has records");
        let mut smallest = 0;
        for bom in [false, true] {
            let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            bytes.extend_from_slice(text.as_bytes());
            for target in TARGETS {
                for step in [3, 1 << 16] {
                    let got = read(&bytes, container, target, step, NO_LIMIT);
                    assert_eq!(got.error, None, "target {target}, step {step}");
                    assert_eq!(got.had_bom, bom);
                    assert_eq!(holds(text, &got.blocks), want, "target {target}, step {step}");
                    if target == 1 {
                        smallest = got.blocks.len();
                    }
                    if target == 1 << 20 {
                        assert_eq!(got.blocks.len(), 1);
                    }
                }
            }
        }
        smallest
    }

    const ZENDESK: &str = r#"{
  "macros": [
    {
      "id": 360001,
      "title": "Shipping delay ] }",
      "actions": [
        {
          "field": "comment_value",
          "value": "Hi {{ticket.requester.first_name}},\n\nYour order [#1] is late: \"soon\" \\\" ok } ]"
        }
      ],
      "restriction": null
    },
    {
      "id": 360002,
      "title": "Refund \\",
      "actions": [{"field": "comment_value", "value": "We r\u00e9funded {it} 😀"}],
      "active": true
    }
  ],
  "next_page": null,
  "count": 2
}
"#;

    const ARRAY: &str = "[\n  {\"id\": \"a\", \"text\": \"x ] y } z \\\" w \\\\\"},\n  \"a string record, with ] and }\",\n  -12.5e3 ,\n  null\n  ,\n  [1, [2, {\"k\": \"]\"}]],\n  {\"id\": \"b\",\n   \"text\": \"é 😀 \\u00e9 \\n\"}\n]\n";

    #[test]
    fn json_exports_stream_as_the_whole_file_reads_them() {
        assert!(agrees(ZENDESK, Container::Json) >= 2);
        assert!(agrees(ARRAY, Container::Json) >= 6);
        assert!(agrees(&ZENDESK.replace('\n', "\r\n"), Container::Json) >= 2);
        // Other members before the list, a key that names a list but holds none, `macros`
        // deeper down and inside a string; an escaped key.
        let others = "{\"meta\": {\"macros\": [1, 2], \"note\": \"\\\"macros\\\": [\"},\n \"records\": {\"x\": [3]},\n \"data\"\n :\n [\n {\"id\": 1},\n {\"id\": 2}\n ],\n \"tail\": [\"]\", {\"a\": []}]\n}";
        assert!(agrees(others, Container::Json) >= 2);
        assert!(agrees("{\"ma\\u0063ros\": [\n{\"id\": 1},\n{\"id\": 2}\n]}", Container::Json) >= 2);
        // Minified: one line, one block.
        let minified = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(ZENDESK).unwrap()).unwrap();
        assert_eq!(agrees(&minified, Container::Json), 1);
        // No line end at the end of the file; white space around the root.
        assert!(agrees("\n\n  [1,\n2]  \n\n", Container::Json) >= 2);
        assert!(agrees("[\"last\"]", Container::Json) == 1);
    }

    #[test]
    fn json_lines_stream_line_by_line() {
        let text = "{\"id\": 1, \"text\": \"a ] }\"}\r\n\r\n   \n{\"id\": 2, \"text\": \"b\\nc\"}\n\u{a0}\n{\"id\": 3}";
        assert_eq!(agrees(text, Container::Jsonl), 3);
        let examples = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/exports/replies.jsonl"),
        )
        .unwrap();
        agrees(&examples, Container::Jsonl);
    }

    #[test]
    fn csv_rows_stream_with_quoted_line_breaks() {
        let text = "Id,Name,Message\r\n1,Plain,Hello there\r\n2,\"Quoted, yes\",\"She said \"\"hi\"\"\nWe got it\"\r\n\r\n3,x,\"multi\r\nline, \"\"quoted\"\"\"\n4,\"\",\"\"\"\"\n";
        assert_eq!(agrees(text, Container::Csv), 4);
        // A quote inside an unquoted field is plain text, as the `csv` crate reads it.
        assert_eq!(
            agrees(
                "Id,Message\n1,Our 12\" pizza box\n2,\"ok\"\n3,a \"b\" c\n",
                Container::Csv
            ),
            3
        );
        let got = read(text.as_bytes(), Container::Csv, 1, 3, NO_LIMIT);
        assert_eq!(got.header.as_deref(), Some("Id,Name,Message"));
        // A header with a quoted line break; no line end at the end.
        let text = "\"Id\",\"The\nmessage\"\n1,\"a\"\n2,b";
        agrees(text, Container::Csv);
        let got = read(text.as_bytes(), Container::Csv, 7, 3, NO_LIMIT);
        assert_eq!(got.header.as_deref(), Some("\"Id\",\"The\nmessage\""));
        let examples = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/exports/salesforce-quick-text.csv"),
        )
        .unwrap();
        agrees(&examples, Container::Csv);
    }

    #[test]
    fn the_example_json_exports_stream_as_they_read() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/exports");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                agrees(text.strip_prefix('\u{feff}').unwrap_or(&text), Container::Json);
            }
        }
    }

    #[test]
    fn a_file_without_records_gives_no_blocks() {
        for (text, container) in [
            ("[]", Container::Json),
            ("{\"macros\": [], \"count\": 0}\n", Container::Json),
            ("\n\n", Container::Jsonl),
            ("", Container::Jsonl),
            ("Id,Text\r\n\r\n", Container::Csv),
            ("", Container::Csv),
        ] {
            for target in TARGETS {
                let got = read(text.as_bytes(), container, target, 3, NO_LIMIT);
                assert_eq!((got.blocks.len(), got.error), (0, None), "{text:?}");
            }
        }
    }

    /// The one error reading `text` gives, for every target and read size, as `line:col: message`.
    fn error(text: &[u8], container: Container) -> String {
        let mut seen = None;
        for target in TARGETS {
            for step in [1, 3, 1 << 16] {
                let got = read(text, container, target, step, NO_LIMIT);
                let e = got.error.expect("an error").to_string();
                if let Some(first) = &seen {
                    assert_eq!(&e, first, "target {target}, step {step}");
                }
                seen = Some(e);
            }
        }
        seen.unwrap()
    }

    #[test]
    fn malformed_json_is_located() {
        let json = |s: &str| error(s.as_bytes(), Container::Json);
        let not_root = "malformed JSON export: expected a list of records or an object";
        assert_eq!(json("\n  \"macros\""), format!("f:2:3: {not_root}"));
        assert_eq!(json(" \n "), format!("f:2:2: {not_root}"));
        assert_eq!(
            json("{\n  \"count\": 2,\n  \"data\": {\"macros\": [1]},\n  \"items\": 3\n}\n"),
            "f:1:1: not an export: expected a JSON list of records, or an object with one under \
             `macros`, `canned_responses`, `responses`, `message_templates`, `saved_replies`, \
             `templates`, `records`, `data`, `items`, `_results`"
        );
        assert_eq!(
            json("[\n {\"a\": \"é b}]\n"),
            "f:2:8: malformed JSON export: this string is not closed before the end of the file"
        );
        assert_eq!(
            json("{\"macros\": [\n {\"a\": 1}\n"),
            "f:3:1: malformed JSON export: the file ends inside a list (a `]` is missing)"
        );
        assert_eq!(
            json("[\n {\"a\": [1, 2}\n]"),
            "f:2:13: malformed JSON export: found `}` where `]` should close a list"
        );
        assert_eq!(
            json("[\n {\"é\": 1]\n]"),
            "f:2:9: malformed JSON export: found `]` where `}` should close an object"
        );
        assert_eq!(
            json("[1, 2]\n\n  x"),
            "f:3:3: malformed JSON export: trailing characters after the end of the JSON value"
        );
        assert_eq!(
            json("[\n {\"a\": 1}\n {\"b\": 2}\n]"),
            "f:3:2: malformed JSON export: expected `,` or `]` after a record"
        );
        assert_eq!(
            json("[\n {\"a\": 1},\n]"),
            "f:3:1: malformed JSON export: a `,` after the last record"
        );
        assert_eq!(
            json("[\n ,1]"),
            "f:2:2: malformed JSON export: expected a record, found `,`"
        );
    }

    #[test]
    fn an_unclosed_csv_quote_is_reported_where_its_row_starts() {
        assert_eq!(
            error(b"Id,Text\n1,\"ok\"\n2,\"Hi \"\"there\n\nand more\n", Container::Csv),
            "f:3:1: malformed CSV: a quoted field is not closed before the end of the file \
             (a `\"` inside a quoted field is written `\"\"`)"
        );
    }

    #[test]
    fn encoding_errors_are_the_whole_file_readers() {
        let whole = |bytes: &[u8]| crate::input::decode("f", bytes.to_vec()).unwrap_err().to_string();
        let cases: [(&[u8], Container); 7] = [
            (
                b"[\n{\"a\": \"ok\"},\n{\"a\": \"caf\xC3\xA9 \xFF\"}\n]\n",
                Container::Json,
            ),
            (b"{\"a\": 1}\n{\"b\": \"\xE9t\xE9\"}\n", Container::Jsonl),
            (b"Id,Text\r\n1,\"a\r\n\xC3\xA9\xC3\"\r\n", Container::Csv),
            (b"\xFF\xFE[\0]\0", Container::Json),
            (b"\xFE\xFF\0[\0]", Container::Jsonl),
            (b"[\n1,\n2\0]\n", Container::Json),
            (b"\xEF\xBB\xBFId\n1\n\xC3(\n", Container::Csv),
        ];
        for (bytes, container) in cases {
            assert_eq!(error(bytes, container), whole(bytes), "{bytes:?}");
        }
        // Invalid UTF-8 before a structural fault is reported first, as the whole file has it.
        let bytes = b"[\n\"\xFF\",\n{\"a\": 1]\n";
        assert_eq!(error(bytes, Container::Json), whole(bytes));
        assert_eq!(whole(bytes), "f:2:2: invalid UTF-8; save the file as UTF-8");
    }

    #[test]
    fn a_record_over_the_limit_is_an_error() {
        let big = "x".repeat(100);
        let text = format!("[\n{{\"a\": 1}},\n{{\"a\": 2}},\n{{\n\"a\": \"{big}\"}},\n{{\"a\": 4}}\n]\n");
        let message = "record 3 is larger than the 64 B limit for one document; raise it with \
                       --max-document-size or `[input] max-document-size` in replylint.toml";
        for target in TARGETS {
            for step in [3, 1 << 16] {
                let got = read(text.as_bytes(), Container::Json, target, step, 64);
                assert_eq!(got.error.unwrap().to_string(), format!("f:4:1: {message}"));
                // The records before it were handed out, each block within the limit.
                let records: usize = got.blocks.iter().map(|b| b.records.len()).sum();
                assert_eq!(records, 2, "target {target}");
                assert!(got.blocks.iter().all(|b| b.text.len() <= 64));
            }
        }
        // One line of minified JSON over the limit; the same file under it is one block.
        let minified = "[{\"a\": 1}, {\"a\": 2}]";
        let got = read(minified.as_bytes(), Container::Json, 1, 3, 10);
        assert_eq!(
            got.error.unwrap().to_string(),
            format!(
                "f:1:1: {}",
                message.replace("record 3", "record 2").replace("64 B", "10 B")
            )
        );
        let got = read(minified.as_bytes(), Container::Json, 1, 3, minified.len());
        assert_eq!((got.blocks.len(), got.error), (1, None));
        // A JSON line, a CSV row and a CSV header.
        let got = read(
            format!("{{}}\n\n{{\"a\": \"{big}\"}}\n").as_bytes(),
            Container::Jsonl,
            1,
            3,
            64,
        );
        assert!(
            got.error
                .unwrap()
                .to_string()
                .starts_with("f:3:1: record 2 is larger than the 64 B limit")
        );
        let got = read(
            format!("Id,Text\n1,\"a\n{big}\"\n").as_bytes(),
            Container::Csv,
            1,
            3,
            64,
        );
        assert!(
            got.error
                .unwrap()
                .to_string()
                .starts_with("f:2:1: record 1 is larger than the 64 B limit")
        );
        let got = read(format!("Id,{big}\n1,a\n").as_bytes(), Container::Csv, 1, 3, 64);
        assert!(
            got.error
                .unwrap()
                .to_string()
                .starts_with("f:1:1: the CSV header is larger than the 64 B limit")
        );
    }

    #[test]
    fn blocks_aim_for_the_target_and_keep_within_the_limit() {
        let record = "{\"id\": 1, \"text\": \"Thanks for waiting, your order is on its way.\"}";
        let text = format!("[\n{}\n]\n", vec![record; 2000].join(",\n"));
        let got = read(text.as_bytes(), Container::Json, 4096, 1 << 16, 8192);
        assert_eq!(got.error, None);
        assert!(got.blocks.len() > 20);
        for b in &got.blocks[..got.blocks.len() - 1] {
            assert!(
                (4096..4096 + 2 * record.len()).contains(&b.text.len()),
                "{}",
                b.text.len()
            );
        }
        assert_eq!(holds(&text, &got.blocks), json_records(&text));
        // A target over the limit: blocks end at the last line end that keeps them within it.
        let got = read(text.as_bytes(), Container::Json, 1 << 20, 3, 1000);
        assert_eq!(got.error, None);
        let (last, full) = got.blocks.split_last().unwrap();
        assert!(full.iter().all(|b| b.text.len() <= 1000 && b.text.len() > 900));
        assert!(last.text.len() <= 1000);
        assert_eq!(holds(&text, &got.blocks), json_records(&text));
    }

    #[test]
    fn read_errors_are_reported_and_end_the_blocks() {
        struct Broken(usize);
        impl Read for Broken {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "no"));
                }
                self.0 -= 1;
                out[..2].copy_from_slice(b"1\n");
                Ok(2)
            }
        }
        let mut it = Blocks::new("f", Broken(5), Container::Jsonl, 4, NO_LIMIT);
        let mut results = Vec::new();
        while let Some(next) = it.next_block() {
            results.push(next.map(|b| b.records.len()).map_err(|e| e.to_string()));
        }
        assert_eq!(results, [Ok(2), Ok(2), Err("f: permission denied".to_owned())]);
    }

    /// A JSON string of anything, escaped as `serde_json` writes it.
    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-zé😀 ,\"\\\\\n\r\t{}\\[\\]:\u{a0}\u{2028}]{0,24}").unwrap()
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            text().prop_map(serde_json::Value::from),
            any::<i32>().prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(text(), inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A JSON export: a list of records, pretty or not, bare or under `macros`.
    fn json_file() -> impl Strategy<Value = String> {
        let record = (json_value(), any::<bool>()).prop_map(|(v, pretty)| {
            if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            }
        });
        let sep = prop_oneof![Just(","), Just(",\n"), Just(" ,\n  "), Just("\n,"), Just(",\r\n\r\n")];
        (
            proptest::collection::vec((record, sep), 1..8),
            any::<bool>(),
            prop_oneof![Just(""), Just("\n"), Just(" \r\n")],
        )
            .prop_map(|(records, wrapped, ws)| {
                let mut list = format!("[{ws}");
                for (k, (r, sep)) in records.iter().enumerate() {
                    if k > 0 {
                        list.push_str(sep);
                    }
                    list.push_str(r);
                }
                list.push_str(ws);
                list.push(']');
                if wrapped {
                    format!("{{\"count\": {{\"a\": [1]}},{ws}\"macros\": {list},\n\"next\": null}}{ws}")
                } else {
                    format!("{ws}{list}{ws}")
                }
            })
    }

    fn jsonl_file() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            3 => json_value().prop_map(|v| serde_json::to_string(&v).unwrap()),
            1 => Just(String::new()),
            1 => Just(" \t".to_owned()),
        ];
        (
            proptest::collection::vec((line, prop_oneof![Just("\n"), Just("\r\n")]), 1..10),
            any::<bool>(),
        )
            .prop_map(|(lines, last_newline)| {
                let mut file = String::new();
                for (l, end) in &lines {
                    file.push_str(l);
                    file.push_str(end);
                }
                if !last_newline {
                    file.pop();
                    file = file.strip_suffix('\r').unwrap_or(&file).to_owned();
                }
                format!("{{\"id\": 0}}\n{file}")
            })
    }

    /// A CSV export: a header and rows of as many fields, quoted when they must be.
    fn csv_file() -> impl Strategy<Value = String> {
        let field = prop_oneof![
            proptest::string::string_regex("[a-zA-Z0-9 é😀]{0,8}").unwrap(),
            // A quote inside an unquoted field is plain text (`12" pizza`).
            proptest::string::string_regex("[a-z0-9 ]{1,3}\"[a-z \"]{0,4}").unwrap(),
            proptest::string::string_regex("[a-z ,\"\n\ré😀]{0,12}")
                .unwrap()
                .prop_map(|f| format!("\"{}\"", f.replace('"', "\"\""))),
        ];
        (1..4usize)
            .prop_flat_map(move |cols| {
                let row = proptest::collection::vec(field.clone(), cols).prop_map(|f| f.join(","));
                (
                    proptest::collection::vec(row, 0..8),
                    prop_oneof![Just("\n"), Just("\r\n")],
                    proptest::collection::vec(any::<bool>(), 8),
                    Just(cols),
                )
            })
            .prop_map(|(rows, end, blank, cols)| {
                let header: Vec<String> = (0..cols).map(|c| format!("col{c}")).collect();
                let mut file = format!("{}{end}", header.join(","));
                for (k, row) in rows.iter().enumerate() {
                    // A row of one empty field is a blank line, which the `csv` crate skips.
                    file.push_str(row);
                    file.push_str(end);
                    if blank[k] {
                        file.push_str(end);
                    }
                }
                file.push('1');
                file.push_str(&",x".repeat(cols - 1));
                file
            })
    }

    fn streams_as_read(text: &str, container: Container, target: usize, step: usize, bom: bool) {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        let got = read(&bytes, container, target, step, NO_LIMIT);
        assert_eq!(got.error, None);
        assert_eq!(holds(text, &got.blocks), expected(text, container));
    }

    proptest! {
        #[test]
        fn random_json_exports_stream_as_read(file in json_file(), target in 0..200usize, step in 1..40usize, bom: bool) {
            streams_as_read(&file, Container::Json, target, step, bom);
        }

        #[test]
        fn random_json_lines_stream_as_read(file in jsonl_file(), target in 0..200usize, step in 1..40usize, bom: bool) {
            streams_as_read(&file, Container::Jsonl, target, step, bom);
        }

        #[test]
        fn random_csv_exports_stream_as_read(file in csv_file(), target in 0..200usize, step in 1..40usize, bom: bool) {
            streams_as_read(&file, Container::Csv, target, step, bom);
        }

        /// Under any limit, blocks keep within it, and what they hold is a prefix of the records;
        /// an error is the limit's.
        #[test]
        fn blocks_keep_within_any_limit(file in json_file(), target in 0..200usize, limit in 0..400usize) {
            let got = read(file.as_bytes(), Container::Json, target, 7, limit);
            prop_assert!(got.blocks.iter().all(|b| b.text.len() <= limit));
            let held = holds(&file, &got.blocks);
            let want = json_records(&file);
            prop_assert_eq!(&want[..held.len()], &held[..]);
            match got.error {
                None => prop_assert_eq!(held.len(), want.len()),
                Some(e) => prop_assert!(e.message.contains("limit for one document"), "{}", e),
            }
            if limit >= file.len() {
                prop_assert_eq!(held.len(), want.len());
            }
        }

        /// Any bytes: no panic; each block handed out is the file's text at its place.
        #[test]
        fn any_bytes_are_read_without_panic(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'"'), Just(b'\\'), Just(b'['), Just(b']'), Just(b'{'), Just(b'}'),
                            Just(b','), Just(b'\n'), Just(b'\r'), Just(b' '), Just(b'a'), Just(0xC3), Just(0xA9), any::<u8>()],
                0..200),
            target in 0..50usize,
            step in 1..20usize,
            limit in 0..300usize,
        ) {
            for container in [Container::Json, Container::Jsonl, Container::Csv] {
                let got = read(&bytes, container, target, step, limit);
                let skip = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
                for b in &got.blocks {
                    prop_assert_eq!(&bytes[skip + b.start..][..b.text.len()], b.text.as_bytes());
                    prop_assert!(b.text.len() <= limit);
                    prop_assert!(b.records.iter().all(|r| r.start <= r.end && r.end <= b.text.len()));
                }
            }
        }
    }
}
