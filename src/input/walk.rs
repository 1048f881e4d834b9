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
    // Each directory to read with where it really is, when that is known without asking the
    // file system (a directory entry that is not a link sits inside its parent's real path).
    let mut stack: Vec<(PathBuf, Option<PathBuf>)> = vec![(path.to_path_buf(), None)];
    while let Some((dir, real)) = stack.pop() {
        let real = real.unwrap_or_else(|| std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone()));
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
            // The listing tells an entry's type; only a link (or an entry whose type the file
            // system does not say) needs a look at where it leads, and where it really is only
            // `canonicalize` resolves. Anything else really is inside `real`.
            let listed = entry.file_type().ok().filter(|t| !t.is_symlink());
            let known = listed.is_some().then(|| real.join(entry.file_name()));
            let (is_dir, is_file) = match listed {
                Some(t) => (t.is_dir(), t.is_file()),
                // Follow links; an entry whose target is gone is skipped with a note.
                None => match std::fs::metadata(&p) {
                    Ok(meta) => (meta.is_dir(), meta.is_file()),
                    Err(_) => {
                        out.skipped
                            .push(format!("{}: a broken symbolic link; skipped", p.display()));
                        continue;
                    }
                },
            };
            if is_dir {
                stack.push((p, known));
                continue;
            }
            let wanted = p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
            if !wanted {
                continue;
            }
            if !is_file {
                out.skipped.push(format!(
                    "{}: not a regular file (a FIFO, socket or device); skipped",
                    p.display()
                ));
                continue;
            }
            let real = known.unwrap_or_else(|| std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone()));
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

    /// The walk resolves only links, and knows every other entry's real path from its
    /// directory's: a file reached through a link to it, or through a linked directory, is
    /// still linted once, and a link that leads nowhere is skipped with a note.
    #[cfg(unix)]
    #[test]
    fn a_file_reached_through_links_is_linted_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/reply.txt"), "Hi").unwrap();
        symlink(root.join("a/b/reply.txt"), root.join("alias.txt")).unwrap();
        symlink(root.join("a/b"), root.join("linked")).unwrap();
        symlink(root.join("gone.txt"), root.join("broken.txt")).unwrap();
        // The root itself named through a link.
        symlink(&root, dir.path().join("via")).unwrap();
        let out = expand(&dir.path().join("via"), &["txt".to_owned()]).unwrap();
        assert_eq!(out.files.len(), 1, "{out:?}");
        assert!(
            out.skipped
                .iter()
                .any(|s| s.contains("broken.txt") && s.contains("broken symbolic link")),
            "{out:?}"
        );
    }
}
