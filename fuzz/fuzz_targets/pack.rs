//! Arbitrary bytes as a rule pack: loading never panics; a pack that loads is run on fixed drafts.
//! The body is `common::pack`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

// Each target uses one body of the shared module.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::pack(data));
