//! `SpecError`: a rule's check spec that cannot be compiled, located in the pack when known.
//! Below the matcher and the check kinds, so that both can report one.

use std::ops::Range;

/// A spec that cannot be compiled; `span` points into the pack source when known.
#[derive(Debug)]
pub(crate) struct SpecError {
    pub(crate) message: String,
    pub(crate) span: Option<Range<usize>>,
}

impl SpecError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            span: None,
        }
    }

    pub(crate) fn at(message: impl Into<String>, span: Range<usize>) -> Self {
        Self {
            message: message.into(),
            span: Some(span),
        }
    }
}
