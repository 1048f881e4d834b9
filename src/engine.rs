//! `Engine`: the loaded rules, selected and configured once, linting many documents.
//!
//! Per document: choose the active rules (selection, document kind, channel, author, purpose,
//! language, dates in force), run their checks, drop findings inside masked placeholders, render
//! messages, and sort. The engine is `Sync` and never prints.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::checks::{CheckContext, Finding};
use crate::conversation::{ChannelSettings, Conversation};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::position::Position;
use crate::rules::{DocKind, Rule, RuleSet, Severity};
use crate::span::Span;

use crate::spell::Vocabulary;

/// Which rules run and how severe they are.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Ids or category prefixes to enable; empty means the default rules.
    pub select: Vec<String>,
    /// Ids or category prefixes to disable (applied after `select`).
    pub ignore: Vec<String>,
    /// Per-rule severity overrides.
    pub severity: BTreeMap<String, Severity>,
    /// Per-rule on/off overrides.
    pub enabled: BTreeMap<String, bool>,
    /// Ids or categories selected on the command line: they win over `ignore` and `enabled`
    /// from a file (and replace its `select`).
    pub force_select: Vec<String>,
    /// Ids or categories ignored on the command line, applied last.
    pub force_ignore: Vec<String>,
    /// Refinements applied in order after the above and before the command line (a config
    /// file's `[[overrides]]`): in each, `select` switches rules on, `ignore` off, and its
    /// `enabled` and `severity` entries win over earlier ones. Their own layers are unused.
    pub layers: Vec<Selection>,
}

impl Selection {
    /// Whether `rule` runs and how severe its findings are: `select` (or the rule's default),
    /// then `ignore`, then the most specific `enabled` entry, then the command line's
    /// `force_select` and `force_ignore`; the severity is the most specific `severity` entry's.
    pub fn resolve(&self, rule: &Rule) -> (bool, Severity) {
        let matches = |list: &[String]| list.iter().any(|s| rule.matches_selector(s));
        let mut on = if !self.force_select.is_empty() {
            matches(&self.force_select)
        } else if self.select.is_empty() {
            rule.default
        } else {
            matches(&self.select)
        };
        if matches(&self.ignore) {
            on = false;
        }
        if let Some(k) = most_specific(&self.enabled, rule) {
            on = self.enabled.get(&k).copied().unwrap_or(on);
        }
        let mut severity = most_specific(&self.severity, rule)
            .and_then(|k| self.severity.get(&k).copied())
            .unwrap_or(rule.severity);
        for layer in &self.layers {
            (on, severity) = layer.refine(rule, on, severity);
        }
        if matches(&self.force_select) {
            on = true;
        }
        if matches(&self.force_ignore) {
            on = false;
        }
        (on, severity)
    }

    /// One layer's refinement of what earlier ones decided.
    fn refine(&self, rule: &Rule, mut on: bool, severity: Severity) -> (bool, Severity) {
        if self.select.iter().any(|s| rule.matches_selector(s)) {
            on = true;
        }
        if self.ignore.iter().any(|s| rule.matches_selector(s)) {
            on = false;
        }
        if let Some(k) = most_specific(&self.enabled, rule) {
            on = self.enabled.get(&k).copied().unwrap_or(on);
        }
        let severity = most_specific(&self.severity, rule)
            .and_then(|k| self.severity.get(&k).copied())
            .unwrap_or(severity);
        (on, severity)
    }

    /// Every selector and rule id named, layers included: what `Engine::new` checks.
    fn selectors(&self) -> impl Iterator<Item = &String> {
        let own = self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(&self.force_select)
            .chain(&self.force_ignore)
            .chain(self.severity.keys())
            .chain(self.enabled.keys());
        own.chain(self.layers.iter().flat_map(|l| {
            l.select
                .iter()
                .chain(&l.ignore)
                .chain(l.severity.keys())
                .chain(l.enabled.keys())
        }))
    }
}

/// An unknown selector or rule id in the selection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule or category `{selector}`{}; run `replylint rules` to list rule ids", did_you_mean(.suggestions))]
pub struct SelectionError {
    /// What the user typed.
    pub selector: String,
    /// Close known ids.
    pub suggestions: Vec<String>,
}

fn did_you_mean(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" (did you mean `{}`?)", s.join("`, `"))
    }
}

/// Loaded, selected rules ready to lint documents.
///
/// The rules are shared: [`Engine::reselect`] gives the same rules under another selection
/// without loading a pack again, which is what a server answering requests with their own
/// selections needs.
#[derive(Clone)]
pub struct Engine {
    rules: Arc<RuleSet>,
    /// The rules that run (indices into `rules`, in id order) and their severities.
    active: Vec<(usize, Severity)>,
    vocabulary: Arc<Vocabulary>,
    channels: Arc<BTreeMap<String, ChannelSettings>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("rules", &self.active.len())
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Select and configure rules from `rules`.
    pub fn new(rules: RuleSet, selection: &Selection, vocabulary: Vocabulary) -> Result<Self, SelectionError> {
        Self::shared(Arc::new(rules), selection, Arc::new(vocabulary))
    }

    /// Select and configure rules from `rules`, shared with other engines.
    pub fn shared(
        rules: Arc<RuleSet>,
        selection: &Selection,
        vocabulary: Arc<Vocabulary>,
    ) -> Result<Self, SelectionError> {
        let mut ids: Vec<String> = rules.iter().map(|r| r.id.as_str().to_owned()).collect();
        // Categories are selectors too, so they are did-you-mean candidates.
        let categories: std::collections::BTreeSet<String> = rules.iter().map(|r| r.id.category().to_owned()).collect();
        ids.extend(categories);
        let known = |sel: &str| sel == "ALL" || rules.iter().any(|r| r.matches_selector(sel));
        for sel in selection.selectors() {
            if !known(sel) {
                return Err(SelectionError {
                    selector: sel.clone(),
                    suggestions: crate::similar::closest(sel, ids.iter().map(String::as_str), 3),
                });
            }
        }
        let active = rules
            .iter()
            .enumerate()
            .filter_map(|(i, rule)| {
                let (on, severity) = selection.resolve(rule);
                on.then_some((i, severity))
            })
            .collect();
        Ok(Self {
            rules,
            active,
            vocabulary,
            channels: Arc::new(BTreeMap::new()),
        })
    }

    /// The same rules, vocabulary and channel settings under another selection: no pack is
    /// loaded or compiled again.
    pub fn reselect(&self, selection: &Selection) -> Result<Self, SelectionError> {
        let mut engine = Self::shared(Arc::clone(&self.rules), selection, Arc::clone(&self.vocabulary))?;
        engine.channels = Arc::clone(&self.channels);
        Ok(engine)
    }

    /// Use a project's per-channel settings (`[channels.<name>]`): waiting thresholds and post
    /// limits that replace the packs' defaults.
    pub fn with_channels(mut self, channels: BTreeMap<String, ChannelSettings>) -> Self {
        self.channels = Arc::new(channels);
        self
    }

    /// The per-channel settings in force ([`Engine::with_channels`]).
    pub fn channels(&self) -> &BTreeMap<String, ChannelSettings> {
        &self.channels
    }

    /// The active rules, in id order.
    pub fn rules(&self) -> impl Iterator<Item = (&Rule, Severity)> {
        self.active
            .iter()
            .filter_map(|&(i, severity)| self.rules.rules.get(i).map(|r| (r, severity)))
    }

    /// Every loaded rule, active or not, in id order.
    pub fn all_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// The document's language for rule selection, and the paragraphs written in another
    /// language than that (a Spanish paragraph in an English reply), whose findings English-only
    /// rules do not report.
    fn languages(doc: &Document<'_>, convo: &Conversation) -> (&'static str, Vec<(Span, &'static str)>) {
        if let Some(l) = convo.language.as_deref() {
            return (if l.starts_with("en") { "en" } else { "other" }, Vec::new());
        }
        let paragraphs = doc.paragraphs();
        if paragraphs.len() < 2 {
            return (crate::lang::detect(doc.text()), Vec::new());
        }
        // A library repeats its paragraphs (sign-offs, disclaimers): each text is told once.
        let mut told: HashMap<&str, &'static str> = HashMap::new();
        let langs: Vec<(Span, &'static str)> = paragraphs
            .iter()
            .map(|p| {
                let text = doc.slice(*p);
                (*p, *told.entry(text).or_insert_with(|| crate::lang::detect(text)))
            })
            .collect();
        if langs.iter().all(|(_, l)| *l != "en") {
            return (crate::lang::detect(doc.text()), Vec::new());
        }
        ("en", langs.into_iter().filter(|(_, l)| *l != "en").collect())
    }

    fn applies(rule: &Rule, kind: DocKind, convo: &Conversation, position: &Position, language: &str) -> bool {
        let f = &rule.filters;
        let date = convo.now.to_zoned(jiff::tz::TimeZone::UTC).date();
        (f.applies_to.is_empty() || f.applies_to.contains(&kind))
            && (f.channels.is_empty() || f.channels.contains(&convo.channel))
            && (f.visibility.is_empty() || f.visibility.iter().any(|v| v == convo.visibility.as_str()))
            && f.position.iter().all(|c| c.holds(position))
            && (f.authors.is_empty() || f.authors.iter().any(|a| a == convo.author.as_str()))
            && (f.purposes.is_empty() || f.purposes.iter().any(|p| p == convo.purpose.as_str()))
            && (f.languages.is_empty() || f.languages.iter().any(|l| l == language))
            && f.from.is_none_or(|d| date >= d)
            && f.until.is_none_or(|d| date <= d)
    }

    /// Lint one document with what is known of its conversation.
    pub fn lint(&self, text: &str, kind: DocKind, convo: &Conversation) -> Vec<Diagnostic> {
        let doc = Document::new(text, kind);
        let (language, foreign) = Self::languages(&doc, convo);
        let position = Position::of(text, convo);
        let no_settings = ChannelSettings::default();
        let shared = crate::checks::Shared::default();
        let cx = CheckContext {
            shared: &shared,
            channel: self.channels.get(&convo.channel).unwrap_or(&no_settings),
            conversation: convo,
            position: &position,
            vocabulary: &self.vocabulary,
        };
        let mut findings: Vec<Finding> = Vec::new();
        let mut out = Vec::new();
        for (rule, severity) in self.rules() {
            if !Self::applies(rule, kind, convo, &position, language) {
                continue;
            }
            findings.clear();
            rule.check.run(&doc, &cx, &mut findings);
            let sees_placeholders = rule.kind() == "placeholders";
            let languages = &rule.filters.languages;
            for f in findings.drain(..) {
                if !sees_placeholders && doc.is_masked(f.span) {
                    continue;
                }
                // A finding of a language-bound rule inside a paragraph in another language.
                // Paragraphs are sorted and disjoint: the candidate is the last one starting at
                // or before the finding.
                if !languages.is_empty()
                    && foreign[..foreign.partition_point(|(p, _)| p.start <= f.span.start)]
                        .last()
                        .is_some_and(|(p, l)| p.contains(f.span) && !languages.iter().any(|x| x == l))
                {
                    continue;
                }
                out.push(Diagnostic {
                    rule: rule.id.clone(),
                    severity,
                    message: render(&rule.message, &f.args),
                    help: rule.help.as_ref().map(|h| render(h, &f.args)),
                    span: f.span,
                    fix: f.fix,
                    suggestions: f.suggestions,
                });
            }
        }
        out.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
        out
    }
}

/// The longest key of `map` that selects `rule`.
fn most_specific<V>(map: &BTreeMap<String, V>, rule: &Rule) -> Option<String> {
    map.keys()
        .filter(|k| rule.matches_selector(k))
        .max_by_key(|k| k.len())
        .cloned()
}

/// Fill `{name}` slots of a message template.
pub(crate) fn render(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                let name = after.get(..close).unwrap_or("");
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_slots() {
        assert_eq!(
            render("“{matched}” twice {x}", &[("matched", "the".into())]),
            "“the” twice {x}"
        );
    }
}
