//! Check kinds: the closed set of generic checks a rule can use, one module each.
//!
//! A rule names one kind in `[rules.check.<kind>]`; the kind's `Spec` (serde) is compiled once at
//! load time into a `Check`, which runs on a `Document` and reports `Finding`s. Checks know
//! nothing of rule ids or severities.

pub(crate) mod casing;
pub(crate) mod conditional;
pub(crate) mod confusion;
pub(crate) mod length;
pub(crate) mod pattern;
pub(crate) mod phrases;
pub(crate) mod placeholders;
pub(crate) mod reference;
pub(crate) mod repetition;
pub(crate) mod required;
pub(crate) mod spelling;
pub(crate) mod timing;

use std::sync::OnceLock;

use crate::conversation::Conversation;
use crate::diagnostic::Fix;
use crate::document::Document;
use crate::matcher::{Matcher, PatternCheck};
use crate::span::Span;
pub(crate) use crate::spec::SpecError;

/// What a check reports: where, the message arguments, an optional fix. No rule id, no severity.
#[derive(Clone, Debug, Default)]
pub(crate) struct Finding {
    pub(crate) span: Span,
    pub(crate) args: Vec<(&'static str, String)>,
    pub(crate) fix: Option<Fix>,
    pub(crate) suggestions: Vec<String>,
}

impl Finding {
    pub(crate) fn new(span: Span) -> Self {
        Self {
            span,
            ..Self::default()
        }
    }

    pub(crate) fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub(crate) fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

/// What a check may consult besides the document.
pub(crate) struct CheckContext<'a> {
    pub(crate) conversation: &'a Conversation,
    /// Where the document sits in the conversation, derived once.
    pub(crate) position: &'a crate::position::Position,
    pub(crate) vocabulary: &'a crate::spell::Vocabulary,
    /// The project's settings for the document's channel.
    pub(crate) channel: &'a crate::conversation::ChannelSettings,
    /// Work on the conversation that several rules use, done once per lint on first use.
    pub(crate) shared: &'a Shared,
}

/// Per-lint results derived from the conversation, shared by every rule that asks for them and
/// computed only if one does (a long thread costs nothing to a draft with no unknown word).
#[derive(Default)]
pub(crate) struct Shared {
    /// Words of the thread that the spelling rules accept in the draft.
    pub(crate) thread_words: std::cell::OnceCell<spelling::Accepted>,
    /// The document's checkable words, folded and looked up once for all the spelling rules.
    pub(crate) spell_words: std::cell::OnceCell<spelling::Words>,
}

/// The TOML names of the check kinds, in `CheckSpec` order (a test keeps them in step).
pub(crate) const KINDS: [&str; 12] = [
    "phrases",
    "pattern",
    "length",
    "required",
    "spelling",
    "repetition",
    "casing",
    "placeholders",
    "reference",
    "timing",
    "conditional",
    "confusion",
];

/// One variant per module in `src/checks/`; the TOML key is the variant name.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum CheckSpec {
    Phrases(phrases::Spec),
    Pattern(pattern::Spec),
    Length(length::Spec),
    Required(required::Spec),
    Spelling(spelling::Spec),
    Repetition(repetition::Spec),
    Casing(casing::Spec),
    Placeholders(placeholders::Spec),
    Reference(reference::Spec),
    Timing(timing::Spec),
    Conditional(conditional::Spec),
    Confusion(confusion::Spec),
}

/// A compiled, runnable check.
// One per rule, built once and never moved in a hot loop: boxing the larger kinds would only add
// an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum Check {
    Phrases(phrases::Phrases),
    Pattern(pattern::Pattern),
    Length(length::Length),
    Required(required::Required),
    Spelling(spelling::Spelling),
    Repetition(repetition::Repetition),
    Casing(casing::Casing),
    Placeholders(placeholders::Placeholders),
    Reference(reference::Reference),
    Timing(timing::Timing),
    Conditional(conditional::Conditional),
    Confusion(confusion::Confusion),
}

/// A rule's `check` as a pack gives it: parsed (TOML), or, in the built-in packs' compact form,
/// its kind and its own MessagePack bytes, which `build.rs` writes so that a check is decoded
/// only when a document first reaches its rule (a draft reaches about 45 of the 73).
#[derive(Debug)]
pub(crate) enum CheckDef {
    /// Boxed, like the compiled check, so that a `Rule` stays small to move while packs load.
    Spec(Box<CheckSpec>),
    Compact {
        kind: String,
        bytes: Vec<u8>,
        /// For a `phrases` check: strings one of which every hit holds, lowercase, one a line
        /// (`build.rs` finds them).
        needles: Option<String>,
    },
}

impl CheckDef {
    /// The parsed spec, decoding the compact form.
    pub(crate) fn into_spec(self) -> Result<CheckSpec, String> {
        match self {
            Self::Spec(spec) => Ok(*spec),
            Self::Compact { bytes, .. } => rmp_serde::from_slice(&bytes).map_err(|e| e.to_string()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for CheckDef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return CheckSpec::deserialize(deserializer).map(|spec| Self::Spec(Box::new(spec)));
        }
        deserializer.deserialize_any(CheckDefVisitor)
    }
}

/// Reads a compact `[kind, bytes]` pair, or a check table as it is.
struct CheckDefVisitor;

impl<'de> serde::de::Visitor<'de> for CheckDefVisitor {
    type Value = CheckDef;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a check table, or a check kind and its MessagePack bytes")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<CheckDef, A::Error> {
        use serde::Deserialize;
        CheckSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(|spec| CheckDef::Spec(Box::new(spec)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<CheckDef, A::Error> {
        use serde::de::Error;
        let kind: String = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(0, &self))?;
        let Bytes(bytes) = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(1, &self))?;
        let needles: Option<String> = seq.next_element()?;
        Ok(CheckDef::Compact { kind, bytes, needles })
    }
}

/// MessagePack `bin` data.
struct Bytes(Vec<u8>);

impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        deserializer.deserialize_bytes(V)
    }
}

impl CheckSpec {
    /// The TOML name of the kind.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Phrases(_) => "phrases",
            Self::Pattern(_) => "pattern",
            Self::Length(_) => "length",
            Self::Required(_) => "required",
            Self::Spelling(_) => "spelling",
            Self::Repetition(_) => "repetition",
            Self::Casing(_) => "casing",
            Self::Placeholders(_) => "placeholders",
            Self::Reference(_) => "reference",
            Self::Timing(_) => "timing",
            Self::Conditional(_) => "conditional",
            Self::Confusion(_) => "confusion",
        }
    }
}

/// A rule's check, compiled at load time (a pack from disk, so that an error names its line) or
/// the first time a document reaches it (the built-in packs, whose checks a test compiles in
/// full): a draft pays only for the rules whose filters let it through.
pub(crate) struct LazyCheck {
    kind: &'static str,
    /// Rules a document out before the check is decoded: a built-in `phrases` check's needles.
    gate: Option<Gate>,
    spec: std::sync::Mutex<Option<CheckDef>>,
    /// Boxed: a compiled check is large (1.5 KB inline), and a rule is moved several times while
    /// the packs load and are sorted, which showed in one draft's page faults.
    check: OnceLock<Option<Box<Check>>>,
}

impl LazyCheck {
    /// A check compiled now from a spec of `kind`.
    pub(crate) fn ready(kind: &'static str, check: Check) -> Self {
        Self {
            kind,
            gate: None,
            spec: std::sync::Mutex::new(None),
            check: OnceLock::from(Some(Box::new(check))),
        }
    }

    /// A trusted spec, decoded if compact and compiled on first use; `None` for a compact one
    /// of an unknown kind.
    pub(crate) fn later(mut def: CheckDef) -> Option<Self> {
        let (kind, gate) = match &mut def {
            CheckDef::Spec(spec) => (spec.kind(), None),
            CheckDef::Compact { kind, needles, .. } => (
                KINDS.iter().copied().find(|k| k == kind)?,
                needles.take().map(Gate::new),
            ),
        };
        Some(Self {
            kind,
            gate,
            spec: std::sync::Mutex::new(Some(def)),
            check: OnceLock::new(),
        })
    }

    /// The compiled check; `None` only if a trusted spec failed to decode or compile, which the
    /// tests of the built-in packs rule out.
    fn get(&self) -> Option<&Check> {
        self.check
            .get_or_init(|| {
                let spec = self.spec.lock().ok()?.take()?.into_spec().ok()?;
                Check::compile(spec, PatternCheck::Trusted).ok().map(Box::new)
            })
            .as_deref()
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if self.check.get().is_none() && self.gate.as_ref().is_some_and(|g| g.rules_out(doc.text())) {
            return;
        }
        if let Some(check) = self.get() {
            check.run(doc, cx, out);
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        self.kind
    }

    /// Whether the check is still in its compact form, not decoded yet.
    #[cfg(test)]
    pub(crate) fn is_undecoded(&self) -> bool {
        self.spec
            .lock()
            .is_ok_and(|s| matches!(*s, Some(CheckDef::Compact { .. })))
    }

    pub(crate) fn source(&self) -> Option<&str> {
        self.get().and_then(Check::source)
    }

    pub(crate) fn is_fixable(&self) -> bool {
        self.get().is_some_and(Check::is_fixable)
    }
}

/// Strings one of which every finding of a check holds (ignoring ASCII case): a document with
/// none of them is ruled out before the check is decoded and compiled, which is most of what a
/// draft's start-up costs a rule. They are looked for as a pattern's `prefilter` is, by a
/// [`Matcher`] made on first use.
struct Gate {
    /// Lowercase, one a line.
    needles: String,
    matcher: OnceLock<Option<Matcher>>,
}

impl Gate {
    fn new(needles: String) -> Self {
        Self {
            needles,
            matcher: OnceLock::new(),
        }
    }

    /// Whether `text` holds none of the needles.
    fn rules_out(&self, text: &str) -> bool {
        self.matcher
            .get_or_init(|| {
                let literals = self.needles.lines().map(str::to_owned).collect();
                Matcher::default().with_prefilter(literals).ok()
            })
            .as_ref()
            .is_some_and(|m| !m.may_match(text))
    }
}

impl std::fmt::Debug for LazyCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.get() {
            Some(check) => check.fmt(f),
            None => write!(f, "{} (failed to compile)", self.kind),
        }
    }
}

impl Check {
    pub(crate) fn compile(spec: CheckSpec, check: PatternCheck) -> Result<Self, SpecError> {
        Ok(match spec {
            CheckSpec::Phrases(s) => Self::Phrases(phrases::Phrases::compile(s, check)?),
            CheckSpec::Pattern(s) => Self::Pattern(pattern::Pattern::compile(s, check)?),
            CheckSpec::Length(s) => Self::Length(length::Length::compile(s)?),
            CheckSpec::Required(s) => Self::Required(required::Required::compile(s, check)?),
            CheckSpec::Spelling(s) => Self::Spelling(spelling::Spelling::compile(s)?),
            CheckSpec::Repetition(s) => Self::Repetition(repetition::Repetition::compile(s)?),
            CheckSpec::Casing(s) => Self::Casing(casing::Casing::compile(s)?),
            CheckSpec::Placeholders(s) => Self::Placeholders(placeholders::Placeholders::compile(s)?),
            CheckSpec::Reference(s) => Self::Reference(reference::Reference::compile(s, check)?),
            CheckSpec::Timing(s) => Self::Timing(timing::Timing::compile(s, check)?),
            CheckSpec::Conditional(s) => Self::Conditional(conditional::Conditional::compile(s, check)?),
            CheckSpec::Confusion(s) => Self::Confusion(confusion::Confusion::compile(s, check)?),
        })
    }

    pub(crate) fn run(&self, doc: &Document<'_>, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        match self {
            Self::Phrases(c) => c.run(doc, out),
            Self::Pattern(c) => c.run(doc, out),
            Self::Length(c) => c.run(doc, cx, out),
            Self::Required(c) => c.run(doc, cx, out),
            Self::Spelling(c) => c.run(doc, cx, out),
            Self::Repetition(c) => c.run(doc, out),
            Self::Casing(c) => c.run(doc, out),
            Self::Placeholders(c) => c.run(doc, cx, out),
            Self::Reference(c) => c.run(doc, cx, out),
            Self::Timing(c) => c.run(doc, cx, out),
            Self::Conditional(c) => c.run(doc, cx, out),
            Self::Confusion(c) => c.run(doc, out),
        }
    }

    /// The message arguments this kind provides, for validating `{arg}` slots at load time.
    pub(crate) fn args(&self) -> &'static [&'static str] {
        match self {
            Self::Phrases(_) | Self::Pattern(_) | Self::Conditional(_) => &["matched", "replacement"],
            Self::Length(_) => &["actual", "limit", "unit", "channel"],
            Self::Required(_) => &["expected", "name"],
            Self::Spelling(_) => &["matched", "suggestion", "suggestions", "hint"],
            Self::Repetition(_) | Self::Casing(_) => &["matched", "replacement"],
            Self::Placeholders(_) => &["matched", "syntax", "variable", "hint", "help_desk"],
            Self::Reference(_) => &["matched", "identifier", "given"],
            Self::Timing(_) => &["matched", "tag", "tags", "elapsed", "limit", "count", "date"],
            Self::Confusion(_) => &["matched", "replacement", "phrase"],
        }
    }

    /// Where the rule's fact comes from (a platform limit), if the pack says.
    pub(crate) fn source(&self) -> Option<&str> {
        match self {
            Self::Length(c) => c.source.as_deref(),
            _ => None,
        }
    }

    /// Whether findings can carry a fix.
    pub(crate) fn is_fixable(&self) -> bool {
        match self {
            Self::Phrases(c) => c.is_fixable(),
            Self::Pattern(c) => c.is_fixable(),
            Self::Spelling(c) => c.is_fixable(),
            Self::Repetition(_) => true,
            Self::Casing(c) => c.is_fixable(),
            Self::Confusion(c) => c.is_fixable(),
            _ => false,
        }
    }
}

/// `fix = "safe" | "unsafe" | "display-only"` in a spec; absent means the kind's default.
pub(crate) type FixLevel = Option<crate::diagnostic::Applicability>;
