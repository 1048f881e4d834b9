//! Expanding path arguments: files as given, directories recursively (hidden entries skipped),
//! keeping files with the configured extensions, in sorted order.

use std::path::{Path, PathBuf};

use crate::error::InputError;

/// Files under `path` with one of `extensions`; `path` itself if it is a file.
pub fn expand(path: &Path, extensions: &[String]) -> Result<Vec<PathBuf>, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "no such file or directory".to_owned()
        } else {
            e.to_string()
        };
        InputError::new(path.display().to_string(), why)
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| InputError::new(dir.display().to_string(), format!("cannot read directory: {e}")))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
            {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}
