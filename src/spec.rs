//! `SpecError`: a rule's check spec that cannot be compiled, located in the pack when known,
//! and `At`, a spec value with the place it was written at. Below the matcher and the check
//! kinds, so that both can report one.

use std::ops::Range;

use serde::{Deserialize, Deserializer};

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

    pub(crate) fn at(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Self {
            message: message.into(),
            span,
        }
    }
}

/// A value and, read from TOML, the byte range it was written at (for errors).
///
/// The compact built-in packs are read with a binary deserializer, which says so through
/// serde's `is_human_readable`: there the value is read plain and has no span. Text formats go
/// through [`toml::Spanned`], which asks the TOML deserializer for the span.
#[derive(Debug)]
pub(crate) struct At<T> {
    value: T,
    span: Option<Range<usize>>,
}

impl<T> At<T> {
    pub(crate) fn new(span: Option<Range<usize>>, value: T) -> Self {
        Self { value, span }
    }

    pub(crate) fn get_ref(&self) -> &T {
        &self.value
    }

    pub(crate) fn into_inner(self) -> T {
        self.value
    }

    /// Where the value was written; `None` in a pack read from its compact form.
    pub(crate) fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
            let span = Some(spanned.span());
            Ok(Self {
                value: spanned.into_inner(),
                span,
            })
        } else {
            Ok(Self {
                value: T::deserialize(deserializer)?,
                span: None,
            })
        }
    }
}
