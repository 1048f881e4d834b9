//! A large plain-text file read part by part, in bounded memory, and cut into the sections
//! [`super::sections`] cuts the whole text into. Each section comes in a [`TextPart`] that holds
//! its whole lines, so that line numbers and columns computed in the part are the file's own.
//!
//! The file is expected to have been checked first ([`super::Opened::check_text`]): a read that
//! does not decode (the file changed since) ends the parts with an error.

use std::io::Read;
use std::ops::Range;

use super::SourceFile;
use super::export::stream::breaks;
use crate::located::InputError;

/// How many bytes one `read` call asks for.
const CHUNK: usize = 64 << 10;

/// One section of the file, in the whole lines that hold it.
#[derive(Debug)]
pub struct TextPart {
    /// The lines, with where they start in the file's text (its BOM not counted) and the line
    /// breaks before them.
    pub file: SourceFile,
    /// The section, as a range of `file.text`.
    pub section: Range<usize>,
}

/// The parts of one file, read as they are asked for.
pub struct TextParts<R: Read> {
    name: String,
    reader: R,
    target: usize,
    chunk: Vec<u8>,
    /// Decoded text not yet passed, from `text_off` in the file's text: always a line start.
    text: String,
    text_off: usize,
    /// Line breaks before `text_off`.
    lines_at: usize,
    /// The bytes of a character the last read cut in two.
    raw: Vec<u8>,
    /// The file's text starts after a BOM, still to be skipped.
    skip_bom: bool,
    ended: bool,
    /// Where the next section starts in the file's text.
    start: usize,
    /// A part has been handed out: an empty rest is then the end (an empty file is one empty
    /// section, as [`super::sections`] has it).
    started: bool,
    done: bool,
}

/// The line start at or before byte `pos` of `text`, which begins at a line start. Line breaks
/// are those of [`crate::line_index::LineIndex`]: `\n`, `\r\n` and a lone `\r`.
fn line_start_before(text: &[u8], pos: usize) -> usize {
    (0..pos)
        .rev()
        .find(|&i| match text.get(i) {
            Some(b'\n') => true,
            Some(b'\r') => text.get(i + 1) != Some(&b'\n'),
            _ => false,
        })
        .map_or(0, |i| i + 1)
}

/// The end of the line holding byte `pos - 1` of `text` (just past its line break), or `pos`
/// when a line starts there; `None` when more text must be read to tell (`ended`: there is none).
fn line_end_from(text: &[u8], pos: usize, ended: bool) -> Option<usize> {
    for j in pos.saturating_sub(1)..text.len() {
        match text.get(j) {
            Some(b'\n') => return Some(j + 1),
            Some(b'\r') => match text.get(j + 1) {
                Some(b'\n') => return Some(j + 2),
                Some(_) => return Some(j + 1),
                None => return ended.then_some(j + 1),
            },
            _ => {}
        }
    }
    ended.then_some(text.len())
}

impl<R: Read> TextParts<R> {
    /// The parts of the text `reader` gives, named `name` in errors, in sections of about
    /// `target` bytes; `had_bom`: it starts with a UTF-8 BOM, which is not part of the text.
    pub fn new(name: &str, reader: R, had_bom: bool, target: usize) -> Self {
        Self {
            name: name.to_owned(),
            reader,
            target,
            chunk: vec![0; CHUNK],
            text: String::new(),
            text_off: 0,
            lines_at: 0,
            raw: Vec::new(),
            skip_bom: had_bom,
            ended: false,
            start: 0,
            started: false,
            done: false,
        }
    }

    fn changed(&self) -> InputError {
        InputError::new(self.name.clone(), "changed while it was read; run again")
    }

    /// Read and decode one more chunk onto `text`.
    fn read_more(&mut self) -> Result<(), InputError> {
        let n = loop {
            match self.reader.read(&mut self.chunk) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(InputError::new(self.name.clone(), crate::located::io_reason(&e))),
            }
        };
        if n == 0 {
            self.ended = true;
            return if self.raw.is_empty() {
                Ok(())
            } else {
                Err(self.changed())
            };
        }
        self.raw.extend_from_slice(self.chunk.get(..n).unwrap_or_default());
        if std::mem::take(&mut self.skip_bom) {
            if !self.raw.starts_with(b"\xEF\xBB\xBF") {
                return Err(self.changed());
            }
            self.raw.drain(..3);
        }
        let valid = match std::str::from_utf8(&self.raw) {
            Ok(t) => t.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(self.changed()),
        };
        let decoded = std::str::from_utf8(self.raw.get(..valid).unwrap_or_default()).map_err(|_| self.changed())?;
        self.text.push_str(decoded);
        self.raw.drain(..valid);
        Ok(())
    }

    /// The next part, `None` after the last (or after an error).
    pub fn next_part(&mut self) -> Option<Result<TextPart, InputError>> {
        if self.done {
            return None;
        }
        let part = self.advance();
        if !matches!(part, Ok(Some(_))) {
            self.done = true;
        }
        part.transpose()
    }

    fn advance(&mut self) -> Result<Option<TextPart>, InputError> {
        // Enough text to cut the next section, or all that is left.
        while !self.ended && self.text.len() - (self.start - self.text_off) <= self.target.max(64) {
            self.read_more()?;
        }
        let rel = self.start - self.text_off;
        let rest = self.text.get(rel..).unwrap_or_default();
        if rest.is_empty() && self.started {
            return Ok(None);
        }
        self.started = true;
        let end = rel + super::section_cut(rest, self.target).unwrap_or(rest.len());
        // The part: from the line the section starts in (where `text` starts) to the end of
        // the line it ends in.
        let part_end = loop {
            if let Some(e) = line_end_from(self.text.as_bytes(), end, self.ended) {
                break e;
            }
            self.read_more()?;
        };
        let part = TextPart {
            file: SourceFile::part(
                self.text.get(..part_end).unwrap_or_default().to_owned(),
                self.text_off,
                self.lines_at,
            ),
            section: rel..end,
        };
        self.start = self.text_off + end;
        // Keep the text from the line the next section starts in.
        let keep = line_start_before(self.text.as_bytes(), end);
        self.lines_at += breaks(self.text.as_bytes().get(..keep).unwrap_or_default());
        self.text.drain(..keep);
        self.text_off += keep;
        if self.ended && self.start - self.text_off == self.text.len() {
            self.done = true;
        }
        Ok(Some(part))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::TextParts;
    use crate::line_index::LineIndex;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// The parts' sections are the whole text's, each inside whole lines of the file, with
        /// the file's line numbers, whatever the line breaks and however the reads fall.
        #[test]
        fn parts_are_the_whole_texts_sections_in_whole_lines(
            text in prop::collection::vec(
                prop::sample::select(vec![
                    "word ", "é ", "a", "\n", "\r\n", "\r", "\n\n", "  ", "✅", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                ]),
                0..200,
            )
            .prop_map(|v| v.concat()),
            target in 64usize..300,
        ) {
            let whole = LineIndex::new(&text);
            let expected = crate::input::sections(&text, target);
            let mut parts = TextParts::new("t", text.as_bytes(), false, target);
            let mut got = Vec::new();
            while let Some(part) = parts.next_part() {
                let part = part.unwrap();
                let file = part.file;
                prop_assert_eq!(&text[file.start..file.start + file.text.len()], file.text.as_str());
                let first = whole.location(&text, file.start, crate::line_index::ColumnUnit::Byte);
                prop_assert_eq!((first.line, first.column), (file.lines_before + 1, 1));
                let end = file.start + file.text.len();
                prop_assert!(end == text.len() || whole.location(&text, end, crate::line_index::ColumnUnit::Byte).column == 1);
                got.push(file.start + part.section.start..file.start + part.section.end);
            }
            prop_assert_eq!(got, expected);
        }
    }
}
