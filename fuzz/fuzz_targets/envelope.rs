//! Arbitrary bytes as a lint-request envelope: parsing never panics; a draft that parses is linted.
//! The body is `common::envelope`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

// Each target uses one body of the shared module.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::envelope(data));
