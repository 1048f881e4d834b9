//! Arbitrary bytes as a help-desk export or a JSON/JSONL/CSV library (the first byte picks the
//! format): reading never panics, source maps stay in the file, records lint cleanly.
//! The body is `common::export`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

// Each target uses one body of the shared module.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::export(data));
