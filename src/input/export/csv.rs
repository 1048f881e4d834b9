//! CSV exports (a Salesforce Quick Text Data Loader export, a spreadsheet of replies): one record
//! per row after the header.
//!
//! The `csv` crate parses; each row's `Position` gives the byte where the row starts. Fields are
//! then located by walking the row's raw bytes, quoted fields and doubled quotes (`""`) included,
//! and checked against what `csv` read, so the map is never wrong by more than a fall-back to the
//! field's start.

use csv::ByteRecord;

use super::json::Located;
use crate::input::SourceMap;

/// A CSV file: its header and its rows, read one at a time; or the rows of a part of one.
pub(crate) struct Rows<'a> {
    file: &'a str,
    reader: csv::Reader<&'a [u8]>,
    /// The column names (empty for a part).
    pub(crate) header: Vec<String>,
    /// Where the reader starts in `file`, and the lines before that.
    from: usize,
    lines_skipped: u64,
    /// For a part: the fields every row must have (the header's).
    width: Option<usize>,
}

/// A CSV error with the 1-based line it is on, when known.
#[derive(Debug)]
pub(crate) struct RowError {
    pub(crate) line: Option<u64>,
    pub(crate) message: String,
}

impl From<csv::Error> for RowError {
    fn from(e: csv::Error) -> Self {
        let line = e.position().map(csv::Position::line);
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("the row has {len} fields, but the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in a field".to_owned(),
            _ => e.to_string(),
        };
        Self { line, message }
    }
}

/// One row: where it starts and its fields.
pub(crate) struct Row {
    pub(crate) start: usize,
    pub(crate) fields: ByteRecord,
}

impl<'a> Rows<'a> {
    pub(crate) fn new(file: &'a str) -> Result<Self, RowError> {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(file.as_bytes());
        let header = reader.headers()?.iter().map(|h| h.trim().to_owned()).collect();
        Ok(Self {
            file,
            reader,
            header,
            from: 0,
            lines_skipped: 0,
            width: None,
        })
    }

    /// The rows of `file` from byte `from` on (a part of a CSV file after its header), each of
    /// which must have `width` fields.
    pub(crate) fn part(file: &'a str, from: usize, width: usize) -> Self {
        let rows = file.as_bytes().get(from..).unwrap_or_default();
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(rows);
        Self {
            file,
            reader,
            header: Vec::new(),
            from,
            lines_skipped: file.get(..from).map_or(0, |s| s.matches('\n').count() as u64),
            width: Some(width),
        }
    }

    /// The column named `name` (exactly, else ignoring case).
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .or_else(|| self.header.iter().position(|h| h.eq_ignore_ascii_case(name)))
    }

    /// The next row, `None` at the end.
    pub(crate) fn next_row(&mut self) -> Option<Result<Row, RowError>> {
        let mut fields = ByteRecord::new();
        match self.reader.read_byte_record(&mut fields) {
            Ok(false) => None,
            Ok(true) => {
                let pos = fields.position().cloned().unwrap_or_else(csv::Position::new);
                match self.width {
                    Some(width) if fields.len() != width => {
                        return Some(Err(RowError {
                            line: Some(pos.line() + self.lines_skipped),
                            message: format!("the row has {} fields, but the header has {width}", fields.len()),
                        }));
                    }
                    _ => {}
                }
                let start = usize::try_from(pos.byte()).map_or(usize::MAX, |b| b.saturating_add(self.from));
                Some(Ok(Row { start, fields }))
            }
            Err(e) => {
                let mut e = RowError::from(e);
                e.line = e.line.map(|l| l + self.lines_skipped);
                Some(Err(e))
            }
        }
    }

    /// Field `index` of `row`, decoded, with its map into the file.
    pub(crate) fn field(&self, row: &Row, index: usize) -> Option<Located> {
        let value = std::str::from_utf8(row.fields.get(index)?).ok()?;
        let located = locate(self.file, row.start, index);
        Some(match located {
            Some(l) if l.text == value => l,
            // Not where the walk expected (an unusual quoting): the whole field maps to its row.
            _ => Located {
                text: value.to_owned(),
                map: SourceMap::verbatim(row.start.min(self.file.len())),
            },
        })
    }
}

/// Walk the raw row starting at `start` to field `index`, and decode it with its map.
fn locate(file: &str, start: usize, index: usize) -> Option<Located> {
    let b = file.as_bytes();
    // A row after a CR LF may be said to start at its LF.
    let mut i = start;
    while matches!(b.get(i), Some(b'\r' | b'\n')) {
        i += 1;
    }
    for _ in 0..index {
        i = skip_field(b, i)?;
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
    if b.get(i) == Some(&b'"') {
        let mut text = String::new();
        let mut map = SourceMap::verbatim(i + 1);
        let mut j = i + 1;
        loop {
            let rel = file.get(j..)?.find('"')?;
            text.push_str(file.get(j..j + rel)?);
            j += rel;
            if b.get(j + 1) == Some(&b'"') {
                // `""` is one quote: it maps to the first, the text goes on after the second.
                map.push(text.len(), j);
                text.push('"');
                j += 2;
                map.push(text.len(), j);
            } else {
                return Some(Located { text, map });
            }
        }
    }
    let end = file.get(i..)?.find([',', '\r', '\n']).map_or(file.len(), |n| i + n);
    Some(Located {
        text: file.get(i..end)?.to_owned(),
        map: SourceMap::verbatim(i),
    })
}

/// The index just past the field at `i`.
fn skip_field(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'"') {
        i += 1;
        loop {
            match *b.get(i)? {
                b'"' if b.get(i + 1) == Some(&b'"') => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
    }
    while b.get(i).is_some_and(|c| !matches!(c, b',' | b'\r' | b'\n')) {
        i += 1;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::Rows;

    #[test]
    fn fields_are_located_with_doubled_quotes_and_line_breaks() {
        let file =
            "Id,Name,Message\r\n1,Plain,Hello there\r\n2,\"Quoted, yes\",\"She said \"\"hi\"\"\nWe recieved it\"\n";
        let mut rows = Rows::new(file).unwrap();
        assert_eq!(rows.column("message"), Some(2));
        let mut all = Vec::new();
        while let Some(row) = rows.next_row() {
            let row = row.unwrap();
            for k in 0..3 {
                let f = rows.field(&row, k).unwrap();
                for (i, c) in f.text.char_indices() {
                    assert!(file[f.map.to_file(i)..].starts_with(c), "{c:?} in {:?}", f.text);
                }
                all.push(f.text);
            }
        }
        assert_eq!(all[5], "She said \"hi\"\nWe recieved it");
        let f = {
            let mut rows = Rows::new(file).unwrap();
            rows.next_row();
            let row = rows.next_row().unwrap().unwrap();
            rows.field(&row, 2).unwrap()
        };
        let word = f.text.find("recieved").unwrap();
        assert_eq!(&file[f.map.to_file(word)..][..8], "recieved");
    }
}
