//! Reading inputs: files, directories, stdin; UTF-8 with located errors; the JSON envelope.

pub mod envelope;
pub mod export;
mod source_map;
mod text_stream;
pub mod walk;

pub use source_map::SourceMap;
pub use text_stream::{TextPart, TextParts};

use std::io::Read;
use std::path::Path;

use crate::line_index::{ColumnUnit, LineIndex};
use crate::located::InputError;

/// A file's text and its line index; or a part of a large file (whole lines of it), with
/// where it lies in the file.
#[derive(Debug)]
pub struct SourceFile {
    /// The text (without a BOM).
    pub text: String,
    /// Its line index, built once.
    pub index: LineIndex,
    /// Bytes of the file before `text` (a BOM not counted).
    pub start: usize,
    /// Lines of the file before `text`.
    pub lines_before: usize,
}

impl SourceFile {
    /// A whole file's text.
    pub fn new(text: String) -> Self {
        Self::part(text, 0, 0)
    }

    /// Whole lines of a file, `start` bytes and `lines_before` lines into it.
    pub fn part(text: String, start: usize, lines_before: usize) -> Self {
        Self {
            index: LineIndex::new(&text),
            text,
            start,
            lines_before,
        }
    }
}

/// Text read from one input, with its BOM removed (and remembered).
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The text without a BOM.
    pub text: String,
    /// Whether the input started with a UTF-8 BOM.
    pub had_bom: bool,
}

/// Decode bytes as UTF-8, naming the line and column of the first invalid byte.
pub fn decode(name: &str, mut bytes: Vec<u8>) -> Result<SourceText, InputError> {
    if let Some(e) = utf16(name, &bytes) {
        return Err(e);
    }
    let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if had_bom {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            if text.contains('\0') {
                return Err(binary_file(name));
            }
            Ok(SourceText { text, had_bom })
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or(&[])).into_owned();
            let loc = LineIndex::new(&prefix).location(&prefix, prefix.len(), ColumnUnit::Codepoint);
            Err(invalid_utf8(name, loc.line, loc.column))
        }
    }
}

/// The error for a file that starts with a UTF-16 byte-order mark.
fn utf16(name: &str, bytes: &[u8]) -> Option<InputError> {
    [(b"\xFF\xFE", "little-endian"), (b"\xFE\xFF", "big-endian")]
        .into_iter()
        .find(|(bom, _)| bytes.starts_with(*bom))
        .map(|(_, order)| {
            InputError::new(
                name,
                format!("the file is UTF-16 ({order}, it starts with a byte-order mark); save it as UTF-8"),
            )
        })
}

fn binary_file(name: &str) -> InputError {
    InputError::new(name, "looks like a binary file (it holds NUL bytes); skipped")
}

fn invalid_utf8(name: &str, line: usize, column: usize) -> InputError {
    InputError::at(name, line, column, "invalid UTF-8; save the file as UTF-8")
}

/// The line and column (in code points) just after valid UTF-8 text read piece by piece, as
/// [`LineIndex`] counts them: `\n`, `\r\n` and a lone `\r` each end a line.
#[derive(Default)]
struct TextPosition {
    /// Line breaks so far.
    breaks: usize,
    /// Code points since the last line start.
    column: usize,
    /// The last byte was a `\r`, whose line break is counted (a `\n` after it adds none).
    after_cr: bool,
}

impl TextPosition {
    fn advance(&mut self, text: &[u8]) {
        for &b in text {
            match b {
                b'\n' if self.after_cr => {}
                b'\n' | b'\r' => {
                    self.breaks += 1;
                    self.column = 0;
                }
                // A character is counted at its first byte.
                b if b & 0xC0 != 0x80 => self.column += 1,
                _ => {}
            }
            self.after_cr = b == b'\r';
        }
    }

    fn invalid_utf8(&self, name: &str) -> InputError {
        invalid_utf8(name, self.breaks + 1, self.column + 1)
    }
}

/// Read and decode a file of at most `limit` bytes.
pub fn read_file(path: &Path, limit: u64) -> Result<SourceText, InputError> {
    open(path)?.read_all(limit)
}

/// How much of a file [`open`] reads to tell what it holds.
const HEAD: usize = 1 << 20;

/// A file opened, with its first bytes read: enough to tell an export from a template, and
/// then read it whole or stream it.
pub struct Opened {
    name: String,
    file: std::fs::File,
    /// The size on disk, when the file system says it.
    size: Option<u64>,
    head: Vec<u8>,
    /// `head` is the whole file.
    whole: bool,
}

/// Open the file at `path` and read its first bytes.
pub fn open(path: &Path) -> Result<Opened, InputError> {
    let name = path.display().to_string();
    let failed = |e: std::io::Error| InputError::new(name.clone(), crate::located::io_reason(&e));
    let file = std::fs::File::open(path).map_err(failed)?;
    let meta = file.metadata().ok();
    if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
        return Err(InputError::new(name, "is a directory, not a file"));
    }
    let size = meta.filter(std::fs::Metadata::is_file).map(|m| m.len());
    // Room for the whole head when the size is known (else for a draft): a bounded reader has no
    // size hint, and into an empty vector it reads 32 bytes, then 64, and so on, a system call
    // each.
    let room = size.map_or(READ_ROOM, |s| usize::try_from(s).map_or(HEAD, |s| s.min(HEAD)));
    let mut head = Vec::with_capacity(room + 1);
    (&file).take(HEAD as u64 + 1).read_to_end(&mut head).map_err(failed)?;
    let whole = head.len() <= HEAD;
    Ok(Opened {
        name,
        file,
        size,
        head,
        whole,
    })
}

impl Opened {
    /// The first bytes as text (the valid UTF-8 of them, after a BOM).
    pub fn head(&self) -> &str {
        let bytes = self.head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.head);
        match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or_default(),
        }
    }

    /// Whether [`Self::head`] is the whole file.
    pub fn is_whole(&self) -> bool {
        self.whole
    }

    /// The whole file decoded, when it is at most `limit` bytes.
    pub fn read_all(self, limit: u64) -> Result<SourceText, InputError> {
        let Self {
            name,
            file,
            size,
            mut head,
            whole,
        } = self;
        // The size on disk refuses a large file before reading the rest; the bounded read
        // below still holds for a file that grows, or a FIFO, whose size says nothing.
        if let Some(size) = size.filter(|&s| s > limit) {
            return Err(too_large(&name, Some(size), limit));
        }
        // A whole head ended at the end of the file: there is nothing more to read.
        if !whole {
            let left = (limit + 1).saturating_sub(head.len() as u64);
            file.take(left)
                .read_to_end(&mut head)
                .map_err(|e| InputError::new(name.clone(), crate::located::io_reason(&e)))?;
        }
        if head.len() as u64 > limit {
            return Err(too_large(&name, None, limit));
        }
        decode(&name, head)
    }

    /// The size on disk, when the file system says it.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// What [`Self::read_all`] would refuse the file for, found in bounded memory: the same
    /// errors in the same order (over `limit`, UTF-16, invalid UTF-8 at its line and column,
    /// NUL bytes). `Ok` says whether it starts with a UTF-8 BOM. For a file to be linted as it
    /// is read, so that a file refused whole is refused before any of it is reported.
    pub fn check_text(self, limit: u64) -> Result<bool, InputError> {
        let name = self.name.clone();
        if let Some(size) = self.size.filter(|&s| s > limit) {
            return Err(too_large(&name, Some(size), limit));
        }
        let failed = |e: std::io::Error| InputError::new(name.clone(), crate::located::io_reason(&e));
        let mut reader = self.into_reader();
        let mut chunk = vec![0u8; 64 << 10];
        // Bytes of a character cut by the end of the chunk before.
        let mut carry: Vec<u8> = Vec::new();
        let (mut first, mut had_bom, mut nul, mut total) = (true, false, false, 0u64);
        let mut at = TextPosition::default();
        loop {
            let n = match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(failed(e)),
            };
            total += n as u64;
            if total > limit {
                return Err(too_large(&name, None, limit));
            }
            let mut bytes = std::mem::take(&mut carry);
            bytes.extend_from_slice(chunk.get(..n).unwrap_or_default());
            if std::mem::take(&mut first) {
                if let Some(e) = utf16(&name, &bytes) {
                    return Err(e);
                }
                had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
                if had_bom {
                    bytes.drain(..3);
                }
            }
            let valid = match std::str::from_utf8(&bytes) {
                Ok(_) => bytes.len(),
                Err(e) => {
                    let valid = e.valid_up_to();
                    if e.error_len().is_some() {
                        at.advance(bytes.get(..valid).unwrap_or_default());
                        return Err(at.invalid_utf8(&name));
                    }
                    valid
                }
            };
            let text = bytes.get(..valid).unwrap_or_default();
            nul |= text.contains(&0);
            at.advance(text);
            carry = bytes.get(valid..).unwrap_or_default().to_vec();
        }
        if !carry.is_empty() {
            return Err(at.invalid_utf8(&name)); // the file ends inside a character
        }
        if nul {
            return Err(binary_file(&name));
        }
        Ok(had_bom)
    }

    /// The whole file as a stream of bytes, from its first.
    pub fn into_reader(self) -> impl Read {
        std::io::Cursor::new(self.head).chain(self.file)
    }
}

/// Read and decode standard input, at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<SourceText, InputError> {
    let bytes = read_bounded(std::io::stdin().lock(), limit).map_err(|e| {
        InputError::new(
            "-",
            format!("cannot read standard input: {}", crate::located::io_reason(&e)),
        )
    })?;
    let Some(bytes) = bytes else {
        return Err(too_large("-", None, limit));
    };
    decode("-", bytes)
}

/// What [`read_bounded`] makes room for before it reads.
const READ_ROOM: usize = 16 << 10;

/// All of `reader`, or `None` when it holds more than `limit` bytes.
fn read_bounded(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    // Room for a draft or an envelope up front: read into an empty vector, a bounded reader (no
    // size hint) starts with 32-byte reads and grows from there, a system call each.
    let room = usize::try_from(limit.saturating_add(1))
        .unwrap_or(usize::MAX)
        .min(READ_ROOM);
    let mut bytes = Vec::with_capacity(room);
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// A document over the limit: `size` when the file system says it, `None` for a stream.
pub fn too_large(name: &str, size: Option<u64>, limit: u64) -> InputError {
    let what = match size {
        Some(n) => format!("is {}, larger than", human_size(n)),
        None => "holds more than".to_owned(),
    };
    InputError::new(
        name,
        format!(
            "{what} the {} limit for one document; raise it with --max-document-size or `[input] max-document-size` in replylint.toml",
            human_size(limit)
        ),
    )
}

/// A size as people write it: `512 B`, `12.5 KiB`, `64 MiB`.
pub(crate) fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    #[allow(clippy::cast_precision_loss)] // shown to one decimal
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    let shown = format!("{v:.1}");
    let shown = shown.strip_suffix(".0").unwrap_or(&shown);
    format!("{shown} {}", UNITS[unit])
}

/// Where to cut a large document into sections of about `target` bytes, so that each is linted
/// on its own and memory stays bounded: at a blank line (a paragraph break) when one lies in
/// the second half of the section, else at a line break, else at white space, else at a char
/// boundary. The ranges cover the text in order, without gaps; a text of at most `target` bytes
/// is one section.
pub fn sections(text: &str, target: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(cut) = text.get(start..).and_then(|rest| section_cut(rest, target)) {
        out.push(start..start + cut);
        start += cut;
    }
    out.push(start..text.len());
    out
}

/// Where the first section of `rest` ends (see [`sections`]), or `None` when `rest` is one
/// section. Only the first `target` bytes are read, so a stream can cut as it goes.
pub fn section_cut(rest: &str, target: usize) -> Option<usize> {
    let target = target.max(64);
    if rest.len() <= target {
        return None;
    }
    let mut limit = target;
    while !rest.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &rest[..limit];
    let half = window.len() / 2;
    let cut = window
        .rfind("\n\n")
        .filter(|&i| i >= half)
        .map(|i| i + 2)
        .or_else(|| window.rfind('\n').filter(|&i| i >= half).map(|i| i + 1))
        .or_else(|| {
            window
                .char_indices()
                .rev()
                .take_while(|&(i, _)| i >= half)
                .find(|(_, c)| c.is_whitespace())
                .map(|(i, c)| i + c.len_utf8())
        })
        .unwrap_or(window.len());
    Some(if cut == 0 { window.len().max(1) } else { cut })
}

#[cfg(test)]
mod tests {
    use super::{human_size, sections};

    #[test]
    fn sections_cover_the_text_and_cut_at_paragraphs() {
        let para = "Thanks for waiting, your order is on its way.\n\n";
        let text = para.repeat(100);
        let cut = sections(&text, 500);
        assert_eq!(cut.first().map(|r| r.start), Some(0));
        assert_eq!(cut.last().map(|r| r.end), Some(text.len()));
        for pair in cut.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for r in &cut[..cut.len() - 1] {
            assert!(text[..r.end].ends_with("\n\n"), "{r:?}");
            assert!(r.len() <= 500);
        }
        // No breaks at all: cut at char boundaries, nothing lost.
        let solid = "é".repeat(1000);
        let cut = sections(&solid, 101);
        assert!(
            cut.iter()
                .all(|r| solid.is_char_boundary(r.start) && solid.is_char_boundary(r.end))
        );
        assert_eq!(cut.iter().map(std::ops::Range::len).sum::<usize>(), solid.len());
        assert_eq!(sections("short", 1 << 20), vec![0..5]);
        assert_eq!(sections("", 1 << 20), vec![0..0]);
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(64 << 20), "64 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
    }
}
