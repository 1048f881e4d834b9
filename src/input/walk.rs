//! Expanding path arguments: files as given, directories recursively (hidden entries skipped),
//! keeping regular files with the configured extensions, in sorted order.
//!
//! Symbolic links are followed, but every directory is walked once (a link back up the tree is
//! a loop, reported and skipped) and every file listed once. Inside a directory only regular
//! files are read: a FIFO, a socket or a device there would block or never end, so it is
//! skipped with a note. A path named on the command line is read whatever it is (a FIFO named
//! explicitly is read like standard input).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::located::InputError;

/// What a path argument expands to.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The files to lint, sorted, each once.
    pub files: Vec<PathBuf>,
    /// Entries left out, each with why (a symlink loop, a FIFO), for a note on stderr.
    pub skipped: Vec<String>,
}

/// Files under `path` with one of `extensions`; `path` itself if it is not a directory.
pub fn expand(path: &Path, extensions: &[String]) -> Result<Expanded, InputError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| InputError::new(path.display().to_string(), crate::located::io_reason(&e)))?;
    let mut out = Expanded::default();
    if !meta.is_dir() {
        out.files.push(path.to_path_buf());
        return Ok(out);
    }
    let mut visited: BTreeSet<PathBuf> = BTreeSet::new();
    let mut seen_files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let real = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !visited.insert(real.clone()) {
            out.skipped.push(format!(
                "{}: a symbolic link loop (it leads back to {}); skipped",
                dir.display(),
                real.display()
            ));
            continue;
        }
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            InputError::new(
                dir.display().to_string(),
                format!("cannot read the directory: {}", crate::located::io_reason(&e)),
            )
        })?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
            {
                continue;
            }
            // Follow links; an entry whose target is gone is skipped with a note.
            let Ok(meta) = std::fs::metadata(&p) else {
                out.skipped
                    .push(format!("{}: a broken symbolic link; skipped", p.display()));
                continue;
            };
            if meta.is_dir() {
                stack.push(p);
                continue;
            }
            let wanted = p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
            if !wanted {
                continue;
            }
            if !meta.is_file() {
                out.skipped.push(format!(
                    "{}: not a regular file (a FIFO, socket or device); skipped",
                    p.display()
                ));
                continue;
            }
            let real = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if seen_files.insert(real) {
                out.files.push(p);
            }
        }
    }
    out.files.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/reply.txt"), "Hi").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        let out = expand(dir.path(), &["txt".to_owned()]).unwrap();
        assert_eq!(out.files.len(), 1, "{out:?}");
        #[cfg(unix)]
        assert!(out.skipped.iter().any(|s| s.contains("symbolic link loop")), "{out:?}");
    }
}
