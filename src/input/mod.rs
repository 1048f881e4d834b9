//! Reading inputs: files, directories, stdin; UTF-8 with located errors; the JSON envelope.

pub mod envelope;
pub mod walk;

use std::io::Read;
use std::path::Path;

use crate::error::InputError;
use crate::line_index::{ColumnUnit, LineIndex};

/// Text read from one input, with its BOM removed (and remembered).
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The text without a BOM.
    pub text: String,
    /// Whether the input started with a UTF-8 BOM.
    pub had_bom: bool,
}

/// Decode bytes as UTF-8, naming the line and column of the first invalid byte.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceText, InputError> {
    let (had_bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest.to_vec()),
        None => (false, bytes),
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            if text.contains('\0') {
                return Err(InputError::new(
                    name,
                    "looks like a binary file (it holds NUL bytes); skipped",
                ));
            }
            Ok(SourceText { text, had_bom })
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or(&[])).into_owned();
            let loc = LineIndex::new(&prefix).location(&prefix, prefix.len(), ColumnUnit::Codepoint);
            Err(InputError::at(
                name,
                loc.line,
                loc.column,
                "invalid UTF-8; save the file as UTF-8",
            ))
        }
    }
}

/// Read and decode a file.
pub fn read_file(path: &Path) -> Result<SourceText, InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        InputError::new(name.clone(), why)
    })?;
    decode(&name, bytes)
}

/// Read and decode standard input.
pub fn read_stdin() -> Result<SourceText, InputError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new("-", format!("cannot read standard input: {e}")))?;
    decode("-", bytes)
}
