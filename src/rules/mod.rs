//! Rules: ids, categories, severities, the loaded and compiled `Rule`, and selection by prefix.

pub(crate) mod builtin;
pub(crate) mod docs;
pub(crate) mod load;
pub(crate) mod schema;

use std::fmt;
use std::path::PathBuf;

use crate::checks::LazyCheck;

pub use crate::diagnostic::{RuleId, Severity};
pub use crate::document::DocKind;
pub use docs::render_markdown;
pub use load::{LoadOptions, PackText, RuleError, load_rules};

/// The ten categories of `ETIQUETTE.md`, the prefix of every built-in rule id.
pub const CATEGORIES: [&str; 10] = [
    "greeting", "timing", "context", "tone", "spelling", "style", "length", "handoff", "privacy", "signoff",
];

/// Where a rule was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSource {
    /// A pack embedded in the binary.
    Builtin {
        /// The pack name, e.g. `tone`.
        pack: &'static str,
    },
    /// A pack read from disk.
    File {
        /// The pack's path as given.
        path: PathBuf,
    },
}

impl fmt::Display for RuleSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Builtin { pack } => write!(f, "builtin:{pack}"),
            Self::File { path } => write!(f, "{}", path.display()),
        }
    }
}

/// Inline examples that run as tests.
#[derive(Clone, Debug, Default)]
pub struct Examples {
    /// Texts (or envelopes, when they start with `{`) on which the rule must fire.
    pub bad: Vec<String>,
    /// Texts (or envelopes) on which the rule must stay silent.
    pub good: Vec<String>,
    /// `before` turns into `after` once the rule's fixes are applied.
    pub fixes: Vec<(String, String)>,
}

/// Which documents a rule runs on; an empty list means all.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filters {
    pub(crate) applies_to: Vec<DocKind>,
    pub(crate) channels: Vec<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) purposes: Vec<String>,
    /// `private`, `public`; empty means both.
    pub(crate) visibility: Vec<String>,
    /// Conditions on the draft's place in its conversation, all of which must hold.
    pub(crate) position: Vec<PositionCondition>,
    pub(crate) languages: Vec<String>,
    /// The rule is in force from this date (inclusive), judged by the envelope's `now`.
    pub(crate) from: Option<jiff::civil::Date>,
    /// The rule is in force until this date (inclusive).
    pub(crate) until: Option<jiff::civil::Date>,
}

/// A condition on where the draft sits in its conversation (`position = [...]` in a pack).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PositionCondition {
    /// An envelope describes the thread.
    Known,
    /// The business's first reply in the thread.
    FirstReply,
    /// A reply after the business has written.
    LaterReply,
    /// Not a continuation part of a multi-part reply (also true when nothing is known).
    FirstPart,
    /// No more parts follow (`1/2` has one more).
    LastPart,
    /// Not a turn in a live back-and-forth.
    NotLive,
    /// A customer message waits for an answer (not only a "thanks!").
    Answering,
    /// The message the draft answers complains or reports a problem.
    Complaint,
    /// The message the draft answers asks something or complains: an issue is open.
    OpenIssue,
}

impl PositionCondition {
    /// The pack spellings, in order.
    pub(crate) const NAMES: [&'static str; 9] = [
        "known",
        "first-reply",
        "later-reply",
        "first-part",
        "last-part",
        "not-live",
        "answering",
        "complaint",
        "open-issue",
    ];

    pub(crate) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "known" => Self::Known,
            "first-reply" => Self::FirstReply,
            "later-reply" => Self::LaterReply,
            "first-part" => Self::FirstPart,
            "last-part" => Self::LastPart,
            "not-live" => Self::NotLive,
            "answering" => Self::Answering,
            "complaint" => Self::Complaint,
            "open-issue" => Self::OpenIssue,
            _ => return None,
        })
    }

    /// Whether `position` meets the condition.
    pub(crate) fn holds(self, p: &crate::position::Position) -> bool {
        match self {
            Self::Known => p.known,
            Self::FirstReply => p.known && p.first_reply,
            Self::LaterReply => p.known && !p.first_reply,
            Self::FirstPart => !p.continuation,
            Self::LastPart => !p.more_parts,
            Self::NotLive => !p.live,
            Self::Answering => p.answers.is_some() && !p.ends_exchange,
            Self::Complaint => p.complaint,
            Self::OpenIssue => !p.ends_exchange && (p.complaint || p.question),
        }
    }
}

/// A loaded, compiled rule.
pub struct Rule {
    /// `category.leaf`.
    pub id: RuleId,
    /// Former ids of a renamed rule, which selections and settings may still use.
    pub aliases: Vec<String>,
    /// Default severity (config may override).
    pub severity: Severity,
    /// One line for `replylint rules`.
    pub summary: String,
    /// Message template, with `{arg}` slots the check provides.
    pub message: String,
    /// How to resolve a finding.
    pub help: Option<String>,
    /// Markdown documentation.
    pub docs: String,
    /// Enabled unless selected away.
    pub default: bool,
    /// The mistake of `ETIQUETTE.md` this rule enforces (1 to 10).
    pub etiquette: Option<u8>,
    /// Where it was defined.
    pub source: RuleSource,
    /// Inline examples.
    pub examples: Examples,
    pub(crate) filters: Filters,
    pub(crate) check: LazyCheck,
}

impl Rule {
    /// Whether a selector names this rule: as [`RuleId::matches_selector`], or one of its former
    /// ids exactly.
    pub fn matches_selector(&self, selector: &str) -> bool {
        self.id.matches_selector(selector) || self.aliases.iter().any(|a| a == selector)
    }

    /// The check kind's TOML name.
    pub fn kind(&self) -> &'static str {
        self.check.kind()
    }

    /// Where the rule's platform fact comes from, if its pack names a source.
    pub fn fact_source(&self) -> Option<&str> {
        self.check.source()
    }

    /// Whether any finding of this rule can carry a fix.
    pub fn is_fixable(&self) -> bool {
        self.check.is_fixable()
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("kind", &self.kind())
            .finish_non_exhaustive()
    }
}

/// All loaded rules, ordered by id.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
}

impl RuleSet {
    /// Rules in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule with this id, or with this former id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.rules.get(i))
            .or_else(|| self.rules.iter().find(|r| r.aliases.iter().any(|a| a == id)))
    }

    /// Known ids closest to `id`, for did-you-mean messages.
    pub fn similar_ids(&self, id: &str) -> Vec<String> {
        crate::similar::closest(id, self.rules.iter().map(|r| r.id.as_str()), 3)
    }
}
