//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) on stable, through the same
//! bodies the cargo-fuzz targets run (`fuzz/common/mod.rs`), so `cargo test` keeps every input
//! the fuzzer found interesting, and every crash it found, passing without nightly.
//! `scripts/fuzz.sh SECONDS` fuzzes and grows the corpus.
// The bodies assert properties and report a failing input by panicking, as a fuzz target does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "../fuzz/common/mod.rs"]
mod common;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Run `target`'s body on every file of its corpus; fail naming each input that fails, and fail
/// when there is nothing to replay.
fn replay(target: &str) {
    let (_, body) = common::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no fuzz body named `{target}` in fuzz/common/mod.rs"));
    let dir = fuzz_dir().join("corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run `scripts/fuzz.sh 60` to seed and grow the corpus",
                dir.display()
            )
        })
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} is empty: a replay of nothing proves nothing",
        dir.display()
    );
    let mut failed = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} `{target}` inputs fail (the panic messages are above):\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn pack() {
    replay("pack");
}

#[test]
fn envelope() {
    replay("envelope");
}

#[test]
fn engine() {
    replay("engine");
}

#[test]
fn fix() {
    replay("fix");
}

#[test]
fn export() {
    replay("export");
}

/// Every target in `fuzz/fuzz_targets/` has a body in `common::TARGETS`, and the other way round.
#[test]
fn every_target_is_replayed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut bodies: Vec<String> = common::TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    bodies.sort();
    assert_eq!(on_disk, bodies, "fuzz/fuzz_targets/*.rs and common::TARGETS disagree");
}
