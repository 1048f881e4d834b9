//! Arbitrary text linted and fixed at every threshold: only the applied edits change bytes; safe fixes do not cycle.
//! The body is `common::fix`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

// Each target uses one body of the shared module.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::fix(data));
