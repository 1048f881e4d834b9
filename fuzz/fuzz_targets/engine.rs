//! Arbitrary text linted as a draft and a template: every span and fix edit fits the text.
//! The body is `common::engine`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

// Each target uses one body of the shared module.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::engine(data));
