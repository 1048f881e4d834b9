//! Parse, validate and compile rule packs; merge built-in and disk packs.
//!
//! Every error names the pack, line and column, and the rule id when one is known. All errors of
//! a file are collected before stopping, so a user fixes them in one pass.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::checks::{Check, LazyCheck};
use crate::conversation::CHANNELS;
use crate::line_index::{ColumnUnit, LineIndex};
use crate::matcher::PatternCheck;
use crate::rules::builtin::{BUILTIN_PACKS, BuiltinPack};
use serde::Deserialize;

use crate::located::in_user_words_at;
use crate::rules::schema::{At, KINDS, PackFile, RuleDef};
use crate::rules::{Examples, Filters, PositionCondition, Rule, RuleId, RuleSet, RuleSource};

/// A rule pack that cannot be loaded, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The pack: a path, or `builtin:<name>`.
    pub origin: String,
    /// 1-based line, 0 when the file itself could not be read.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The rule the error belongs to, when known.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The offending source line, for display.
    pub source_line: Option<String>,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.origin, self.message)?;
        } else {
            write!(f, "{}:{}:{}: {}", self.origin, self.line, self.column, self.message)?;
        }
        if let Some(rule) = &self.rule {
            write!(f, " (rule `{rule}`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleError {}

/// Where to load rules from.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Start with the built-in packs.
    pub builtin: bool,
    /// Pack files or directories of `*.toml` packs, loaded in order; later ids replace earlier.
    pub paths: Vec<PathBuf>,
    /// Skip the built-in rules' `docs` and `examples`: a run that only lints never shows them.
    /// The built-in packs are then read from the compact form `build.rs` made of them, several
    /// times faster than their TOML.
    pub lean: bool,
    /// Packs held in memory (an agent that ships its own pack as a string), loaded after
    /// `paths`; errors name each pack by its `origin`.
    pub texts: Vec<PackText>,
}

/// A rule pack's TOML text held in memory, with the name its errors are reported under.
#[derive(Clone, Debug, Default)]
pub struct PackText {
    /// Shown in errors in place of a file name, e.g. `agent-pack.toml`.
    pub origin: String,
    /// The pack's TOML text.
    pub text: String,
}

struct Located<'a> {
    origin: String,
    source: &'a str,
    /// Built on the first error: a pack that loads cleanly never needs it.
    index: std::cell::OnceCell<LineIndex>,
}

impl Located<'_> {
    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.source))
    }

    fn error(&self, span: Option<Range<usize>>, rule: Option<&str>, message: impl Into<String>) -> RuleError {
        let offset = span.map_or(0, |s| s.start);
        let index = self.index();
        let loc = index.location(self.source, offset, ColumnUnit::Codepoint);
        let (ls, le) = index.line_span(self.source, loc.line);
        RuleError {
            origin: self.origin.clone(),
            line: loc.line,
            column: loc.column,
            rule: rule.map(str::to_owned),
            message: message.into(),
            source_line: self.source.get(ls..le).map(str::to_owned),
        }
    }

    /// A serde or TOML error at `span`, in the pack author's words (`error::in_user_words`).
    fn serde_error(&self, span: Option<Range<usize>>, rule: Option<&str>, message: &str) -> RuleError {
        let words = unknown_kind(message).unwrap_or_else(|| in_user_words_at(self.source, span.as_ref(), message));
        self.error(span, rule, words)
    }

    /// Where `key = …` is written in the check table that starts at `check`: the table's lines up
    /// to the next table header, or the inline table on its first line.
    fn key_in_check(&self, check: &Range<usize>, key: &str) -> Option<Range<usize>> {
        let rest = self.source.get(check.start..)?;
        let mut offset = check.start;
        for (n, line) in rest.split_inclusive('\n').enumerate() {
            if n > 0 && line.trim_start().starts_with('[') {
                break;
            }
            let mut from = 0;
            while let Some(found) = line.get(from..).and_then(|l| l.find(key)) {
                let start = from + found;
                let end = start + key.len();
                let before = line.get(..start).and_then(|b| b.chars().next_back());
                let after = line.get(end..).map(str::trim_start);
                let word_start = before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
                if word_start && after.is_some_and(|a| a.starts_with('=')) {
                    return Some(offset + start..offset + end);
                }
                from = end;
            }
            offset += line.len();
        }
        None
    }

    /// The id of the `[[rules]]` table that holds `offset`, found by scanning the text (serde
    /// errors do not say which table they are in).
    fn rule_at(&self, offset: usize) -> Option<String> {
        let before = self.source.get(..offset)?;
        let header = before.rfind("[[rules]]")?;
        let after = self.source.get(header..)?;
        let end = after
            .get(9..)
            .and_then(|a| a.find("[[rules]]"))
            .map_or(after.len(), |e| e + 9);
        after.get(..end)?.lines().find_map(|line| {
            let rest = line
                .trim_start()
                .strip_prefix("id")?
                .trim_start()
                .strip_prefix('=')?
                .trim();
            Some(rest.trim_matches(|c| c == '"' || c == '\'').to_owned())
        })
    }
}

fn is_valid_id(id: &str) -> bool {
    let Some((cat, leaf)) = id.split_once('.') else {
        return false;
    };
    let ok = |s: &str, first_alpha: bool| {
        s.chars().next().is_some_and(|c| {
            if first_alpha {
                c.is_ascii_lowercase()
            } else {
                c.is_ascii_lowercase() || c.is_ascii_digit()
            }
        }) && s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    ok(cat, true) && ok(leaf, false)
}

fn message_slots(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else { break };
        let name = after.get(..close).unwrap_or("");
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '-') {
            out.push(name);
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out
}

fn parse_date(
    value: &At<String>,
    at: &Located<'_>,
    rule: &str,
    errors: &mut Vec<RuleError>,
) -> Option<jiff::civil::Date> {
    match value.get_ref().parse::<jiff::civil::Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(at.error(
                value.span(),
                Some(rule),
                format!("`{}` is not a date; write it as YYYY-MM-DD", value.get_ref()),
            ));
            None
        }
    }
}

fn check_names(
    list: &[At<String>],
    valid: &[&str],
    key: &str,
    at: &Located<'_>,
    rule: &str,
    errors: &mut Vec<RuleError>,
) -> Vec<String> {
    for v in list {
        if !valid.contains(&v.get_ref().as_str()) {
            errors.push(at.error(
                v.span(),
                Some(rule),
                format!("unknown {key} `{}`; expected one of: {}", v.get_ref(), valid.join(", ")),
            ));
        }
    }
    list.iter().map(|v| v.get_ref().clone()).collect()
}

/// serde's "unknown variant" for the check kind (`[rules.check.phrasez]`), said as such.
fn unknown_kind(message: &str) -> Option<String> {
    let rest = message.trim().strip_prefix("unknown variant `")?;
    let (got, expected) = rest.split_once('`')?;
    let mut names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    names.sort_unstable();
    let mut kinds = KINDS;
    kinds.sort_unstable();
    if names != kinds {
        return None;
    }
    Some(match crate::similar::closest(got, KINDS.iter().copied(), 1).first() {
        Some(near) => format!("unknown check kind `{got}` (did you mean `{near}`?)"),
        None => format!("unknown check kind `{got}`; the kinds are: {}", KINDS.join(", ")),
    })
}

/// A rule's `check` that is not exactly one `[rules.check.<kind>]` table, said plainly: serde
/// would say "invalid type: unit variant, expected newtype variant" for `check = "phrases"`, and
/// "wanted exactly 1 element, more than 1 element" for two kinds.
fn check_shape(at: &Located<'_>, item: &toml::Spanned<toml::de::DeValue<'_>>, rule: Option<&str>) -> Option<RuleError> {
    let (key, value) = item.get_ref().as_table()?.get_key_value("check")?;
    match value.get_ref() {
        toml::de::DeValue::Table(kinds) => {
            let mut names: Vec<_> = kinds.keys().collect();
            names.sort_by_key(|k| k.span().start);
            match names.as_slice() {
                [_] => None,
                [] => Some(at.error(
                    Some(key.span()),
                    rule,
                    format!(
                        "`[rules.check]` names no check kind: add one table such as `[rules.check.phrases]`; the kinds are: {}",
                        KINDS.join(", ")
                    ),
                )),
                [_, second, ..] => Some(at.error(
                    Some(second.span()),
                    rule,
                    format!(
                        "a rule has exactly one check kind, and this one has {}: split it into one rule per kind",
                        names
                            .iter()
                            .map(|n| format!("`{}`", n.get_ref()))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                )),
            }
        }
        toml::de::DeValue::String(kind) => Some(at.error(
            Some(value.span()),
            rule,
            format!(
                "`check` must be a table that names the check kind, `[rules.check.{kind}]`, with the kind's keys inside it; it is the string \"{kind}\""
            ),
        )),
        other => Some(at.error(
            Some(value.span()),
            rule,
            format!(
                "`check` must be a table that names one check kind, such as `[rules.check.phrases]`; it is {}",
                match other.type_str() {
                    "integer" | "float" => "a number",
                    "boolean" => "true or false",
                    "array" => "a list",
                    "datetime" => "a date",
                    _ => "another kind of value",
                }
            ),
        )),
    }
}

/// The key a check's error is about, when its message starts with one: `min` in "`min = 10` is
/// greater than `max = 5`", `phrases` in "`phrases` is empty".
fn key_named(message: &str) -> Option<&str> {
    let rest = message.strip_prefix('`')?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    rest.get(..end).filter(|k| !k.is_empty())
}

fn compile_rule(
    def: RuleDef,
    at: &Located<'_>,
    source: &RuleSource,
    check: PatternCheck,
    errors: &mut Vec<RuleError>,
) -> Option<Rule> {
    let id = def.id.get_ref().clone();
    let before = errors.len();
    if !is_valid_id(&id) {
        errors.push(at.error(
            def.id.span(),
            Some(&id),
            "a rule id is `category.leaf` in lowercase kebab-case, e.g. `tone.sarcasm`",
        ));
    }
    if let RuleSource::Builtin { pack } = source
        && id.split('.').next() != Some(*pack)
    {
        errors.push(at.error(
            def.id.span(),
            Some(&id),
            format!("a rule in the `{pack}` pack must have an id starting with `{pack}.`"),
        ));
    }
    for alias in &def.aliases {
        if !is_valid_id(alias.get_ref()) || alias.get_ref() == &id {
            errors.push(at.error(
                alias.span(),
                Some(&id),
                "an alias is a former id of this rule, `category.leaf` in lowercase kebab-case, other than its id",
            ));
        }
    }
    if let Some(e) = &def.etiquette
        && !(1..=10).contains(e.get_ref())
    {
        errors.push(at.error(
            e.span(),
            Some(&id),
            "`etiquette` is the number of a mistake in docs/ETIQUETTE.md, 1 to 10",
        ));
    }
    let channels = check_names(&def.channels, &CHANNELS, "channel", at, &id, errors);
    let authors = check_names(&def.authors, &["agent", "bot"], "author", at, &id, errors);
    let purposes = check_names(
        &def.purposes,
        &["reply", "instant-reply", "away-message"],
        "purpose",
        at,
        &id,
        errors,
    );
    let visibility = check_names(&def.visibility, &["private", "public"], "visibility", at, &id, errors);
    let position = check_names(&def.position, &PositionCondition::NAMES, "position", at, &id, errors)
        .iter()
        .filter_map(|p| PositionCondition::parse(p))
        .collect();
    let from = def.from.as_ref().and_then(|d| parse_date(d, at, &id, errors));
    let until = def.until.as_ref().and_then(|d| parse_date(d, at, &id, errors));
    if let (Some(f), Some(u)) = (from, until)
        && f > u
    {
        errors.push(at.error(
            def.from.as_ref().and_then(At::span),
            Some(&id),
            format!("`from = {f}` is after `until = {u}`"),
        ));
    }
    let check = if check == PatternCheck::Trusted {
        // Built in: compiled when a document first reaches the rule. The tests compile every
        // built-in check in full, with the message-slot check below.
        let later = LazyCheck::later(def.check.into_inner());
        if later.is_none() {
            errors.push(at.error(None, Some(&id), "the built-in pack names an unknown check kind"));
        }
        later
    } else {
        let check_span = def.check.span();
        let spec = match def.check.into_inner().into_spec() {
            Ok(spec) => spec,
            Err(e) => {
                errors.push(at.error(check_span, Some(&id), format!("the check cannot be read: {e}")));
                return None;
            }
        };
        let kind = spec.kind();
        let compiled = match Check::compile(spec, check) {
            Ok(c) => Some(c),
            Err(e) => {
                // A check that names no place is placed at the key its message is about, when that
                // key is written in the check's table; else at the table.
                let span = e
                    .span
                    .or_else(|| {
                        let check_span = check_span.as_ref()?;
                        key_named(&e.message).and_then(|k| at.key_in_check(check_span, k))
                    })
                    .or(check_span);
                errors.push(at.error(span, Some(&id), e.message));
                None
            }
        };
        if let Some(check) = &compiled {
            for slot in message_slots(def.message.get_ref()) {
                if !check.args().contains(&slot) {
                    errors.push(at.error(
                        def.message.span(),
                        Some(&id),
                        format!(
                            "the message uses `{{{slot}}}`, which the `{}` kind does not provide; it provides: {}",
                            kind,
                            check.args().join(", ")
                        ),
                    ));
                }
            }
        }
        compiled.map(|c| LazyCheck::ready(kind, c))
    };
    if errors.len() > before {
        return None;
    }
    Some(Rule {
        id: RuleId::new(&id),
        aliases: def.aliases.into_iter().map(At::into_inner).collect(),
        severity: def.severity,
        summary: def.summary,
        message: def.message.into_inner(),
        help: def.help,
        docs: def.docs,
        default: def.default,
        etiquette: def.etiquette.map(At::into_inner),
        source: source.clone(),
        examples: Examples {
            bad: def.examples.bad,
            good: def.examples.good,
            fixes: def.examples.fixes.into_iter().map(|f| (f.before, f.after)).collect(),
        },
        filters: Filters {
            applies_to: def.applies_to,
            channels,
            authors,
            purposes,
            visibility,
            position,
            languages: def.languages,
            from,
            until,
        },
        check: check?,
    })
}

/// Deserialize each `[[rules]]` table of a pack that failed as a whole, collecting every error
/// with the id of the rule it belongs to.
fn deserialize_each_rule(at: &Located<'_>) -> (Vec<RuleDef>, Vec<RuleError>) {
    let doc = match toml::de::DeTable::parse(at.source) {
        Ok(d) => d,
        Err(e) => {
            let span = e.span();
            let rule = span.as_ref().and_then(|s| at.rule_at(s.start));
            return (Vec::new(), vec![at.serde_error(span, rule.as_deref(), e.message())]);
        }
    };
    let mut errors = Vec::new();
    let mut defs = Vec::new();
    for (key, value) in doc.into_inner() {
        match key.get_ref().as_ref() {
            "description" if value.get_ref().is_str() => {}
            "description" => errors.push(at.error(Some(value.span()), None, "`description` must be a string")),
            "rules" => {
                let span = value.span();
                let toml::de::DeValue::Array(items) = value.into_inner() else {
                    errors.push(at.error(Some(span), None, "`rules` must be `[[rules]]` tables"));
                    continue;
                };
                for item in items {
                    let id = item
                        .get_ref()
                        .as_table()
                        .and_then(|t| t.get("id"))
                        .and_then(|v| v.get_ref().as_str())
                        .map(str::to_owned);
                    if let Some(e) = check_shape(at, &item, id.as_deref()) {
                        errors.push(e);
                        continue;
                    }
                    let item_span = item.span();
                    match RuleDef::deserialize(toml::de::ValueDeserializer::from(item)) {
                        Ok(def) => defs.push(def),
                        Err(e) => {
                            errors.push(at.serde_error(e.span().or(Some(item_span)), id.as_deref(), e.message()));
                        }
                    }
                }
            }
            other => {
                let hint = crate::similar::closest(other, ["rules", "description"].into_iter(), 1)
                    .first()
                    .map(|near| format!(" (did you mean `{near}`?)"))
                    .unwrap_or_default();
                errors.push(at.error(
                    Some(key.span()),
                    None,
                    format!(
                        "unknown key `{other}`{hint}; a pack holds `[[rules]]` tables and an optional `description`"
                    ),
                ));
            }
        }
    }
    (defs, errors)
}

/// Parse and compile one pack; `check` says whether its regexes are checked now.
pub(crate) fn parse_pack(
    origin: &str,
    text: &str,
    source: &RuleSource,
    check: PatternCheck,
) -> Result<Vec<Rule>, Vec<RuleError>> {
    let at = Located {
        origin: origin.to_owned(),
        source: text,
        index: std::cell::OnceCell::new(),
    };
    // The common case, a pack that is well formed, is one pass of serde. Only a pack that fails
    // is parsed again rule by rule, so that every broken rule is reported with its own id.
    let (defs, errors) = match toml::from_str::<PackFile>(text) {
        Ok(pack) => (pack.rules, Vec::new()),
        Err(first) => {
            let (defs, errors) = deserialize_each_rule(&at);
            if errors.is_empty() {
                let span = first.span();
                let rule = span.as_ref().and_then(|s| at.rule_at(s.start));
                return Err(vec![at.serde_error(span, rule.as_deref(), first.message())]);
            }
            (defs, errors)
        }
    };
    compile_pack(defs, errors, &at, source, check)
}

/// Load a built-in pack from the compact form `build.rs` wrote (its rules without their docs and
/// examples, as MessagePack): a few times cheaper than parsing its TOML. `None` when the build
/// wrote none (the TOML did not parse) or it cannot be read, so that the TOML is parsed and its
/// errors are reported at their lines.
fn load_compact(pack: &BuiltinPack) -> Option<Result<Vec<Rule>, Vec<RuleError>>> {
    let file = decode_compact(pack).ok()?;
    let at = Located {
        origin: format!("builtin:{}", pack.name),
        source: pack.source,
        index: std::cell::OnceCell::new(),
    };
    let source = RuleSource::Builtin { pack: pack.name };
    Some(compile_pack(
        file.rules,
        Vec::new(),
        &at,
        &source,
        PatternCheck::Trusted,
    ))
}

fn decode_compact(pack: &BuiltinPack) -> Result<PackFile, rmp_serde::decode::Error> {
    rmp_serde::from_slice(pack.compact)
}

/// Check and compile a pack's rules, adding to the `errors` its parsing found.
fn compile_pack(
    defs: Vec<RuleDef>,
    mut errors: Vec<RuleError>,
    at: &Located<'_>,
    source: &RuleSource,
    check: PatternCheck,
) -> Result<Vec<Rule>, Vec<RuleError>> {
    let mut rules: Vec<Rule> = Vec::with_capacity(defs.len());
    let mut seen: Vec<(String, Option<Range<usize>>)> = Vec::new();
    for def in defs {
        let id = def.id.get_ref().clone();
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            let line = first
                .as_ref()
                .map(|f| {
                    format!(
                        " at line {}",
                        at.index().location(at.source, f.start, ColumnUnit::Codepoint).line
                    )
                })
                .unwrap_or_default();
            errors.push(at.error(
                def.id.span(),
                Some(&id),
                format!("duplicate rule id; it is already defined{line}"),
            ));
            continue;
        }
        seen.push((id, def.id.span()));
        if let Some(rule) = compile_rule(def, at, source, check, &mut errors) {
            rules.push(rule);
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        // In the order of the file, whatever order the tables were visited in.
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    }
}

fn pack_files(path: &Path) -> Result<Vec<PathBuf>, RuleError> {
    let err = |message: String| RuleError {
        origin: path.display().to_string(),
        line: 0,
        column: 0,
        rule: None,
        message,
        source_line: None,
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| {
                err(format!(
                    "cannot read the rules directory: {}",
                    crate::located::io_reason(&e)
                ))
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        if files.is_empty() {
            return Err(err(
                "the rules directory holds no `.toml` rule packs; name a pack file, or a directory of them".to_owned(),
            ));
        }
        files.sort();
        Ok(files)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(err("no such rule pack file or directory".to_owned()))
    }
}

/// A pack that is not UTF-8, located at its first invalid byte.
fn not_utf8(origin: String, e: &std::string::FromUtf8Error) -> RuleError {
    let bytes = e.as_bytes();
    let valid = bytes.get(..e.utf8_error().valid_up_to()).unwrap_or_default();
    let prefix = String::from_utf8_lossy(valid);
    let index = LineIndex::new(&prefix);
    let loc = index.location(&prefix, prefix.len(), ColumnUnit::Codepoint);
    let (start, end) = index.line_span(&prefix, loc.line);
    RuleError {
        origin,
        line: loc.line,
        column: loc.column,
        rule: None,
        message: "the rule pack is not valid UTF-8; save it as UTF-8".to_owned(),
        source_line: prefix.get(start..end).filter(|l| !l.is_empty()).map(str::to_owned),
    }
}

/// The most bytes one rule pack file may hold (16 MiB): the built-in packs together are far
/// smaller, and a pack from disk is untrusted input.
pub(crate) const MAX_PACK_SIZE: u64 = 16 << 20;

/// Load the built-in packs (unless disabled) and then every pack under `options.paths`.
/// A rule whose id is already loaded replaces it.
pub fn load_rules(options: &LoadOptions) -> Result<RuleSet, Vec<RuleError>> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    // Where each loaded id is in `rules`.
    let mut at: foldhash::HashMap<RuleId, usize> = foldhash::HashMap::default();
    let mut add = |new: Vec<Rule>, rules: &mut Vec<Rule>| {
        rules.reserve(new.len());
        for rule in new {
            match at.get(&rule.id) {
                Some(&i) => rules[i] = rule,
                None => {
                    at.insert(rule.id.clone(), rules.len());
                    rules.push(rule);
                }
            }
        }
    };
    if options.builtin {
        for pack in BUILTIN_PACKS {
            let compact = if options.lean { load_compact(pack) } else { None };
            let parsed = compact.unwrap_or_else(|| {
                parse_pack(
                    &format!("builtin:{}", pack.name),
                    pack.source,
                    &RuleSource::Builtin { pack: pack.name },
                    PatternCheck::Trusted,
                )
            });
            match parsed {
                Ok(r) => add(r, &mut rules),
                Err(e) => errors.extend(e),
            }
        }
    }
    for path in &options.paths {
        let files = match pack_files(path) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        for file in files {
            let origin = file.display().to_string();
            let size = std::fs::metadata(&file).map_or(0, |m| m.len());
            if size > MAX_PACK_SIZE {
                errors.push(RuleError {
                    origin,
                    line: 0,
                    column: 0,
                    rule: None,
                    message: format!(
                        "the rule pack is {size} bytes, more than the {MAX_PACK_SIZE} a pack may hold; split it into several packs"
                    ),
                    source_line: None,
                });
                continue;
            }
            let text = match std::fs::read(&file).map(String::from_utf8) {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => {
                    errors.push(not_utf8(origin, &e));
                    continue;
                }
                Err(e) => {
                    errors.push(RuleError {
                        origin,
                        line: 0,
                        column: 0,
                        rule: None,
                        message: format!("cannot read the rule pack: {}", crate::located::io_reason(&e)),
                        source_line: None,
                    });
                    continue;
                }
            };
            match parse_pack(
                &origin,
                &text,
                &RuleSource::File { path: file.clone() },
                PatternCheck::Full,
            ) {
                Ok(r) => add(r, &mut rules),
                Err(e) => errors.extend(e),
            }
        }
    }
    for pack in &options.texts {
        let source = RuleSource::File {
            path: PathBuf::from(&pack.origin),
        };
        match parse_pack(&pack.origin, &pack.text, &source, PatternCheck::Full) {
            Ok(r) => add(r, &mut rules),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Sorted by id through a list of positions: a `Rule` is large (its check is inline), and a
    // sort moves its elements many times over, which showed in one draft's start-up (4%).
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by(|&a, &b| rules[a].id.cmp(&rules[b].id));
    let mut slots: Vec<Option<Rule>> = rules.into_iter().map(Some).collect();
    let rules = order.into_iter().filter_map(|i| slots.get_mut(i)?.take()).collect();
    Ok(RuleSet { rules })
}

#[cfg(test)]
mod tests {
    use super::{PatternCheck, parse_pack};
    use crate::rules::RuleSource;
    use crate::rules::builtin::BUILTIN_PACKS;

    /// Built-in packs load without a pattern check; here every pattern gets the full check a
    /// pack from disk gets (translation, including "can match invalid UTF-8" in ASCII mode), and
    /// every confusion entry is parsed and its contexts checked.
    #[test]
    fn builtin_patterns_pass_the_full_check() {
        for pack in BUILTIN_PACKS {
            if let Err(e) = parse_pack(
                pack.name,
                pack.source,
                &RuleSource::Builtin { pack: pack.name },
                PatternCheck::Full,
            ) {
                panic!("{}: {e:?}", pack.name);
            }
        }
    }

    /// The compact packs hold the same rules, checks and messages as the TOML ones, without the
    /// docs and examples; each check is decoded only when first used.
    #[test]
    fn compact_packs_load_the_same_rules() {
        for pack in BUILTIN_PACKS {
            let source = RuleSource::Builtin { pack: pack.name };
            let full = parse_pack(pack.name, pack.source, &source, PatternCheck::Full).unwrap();
            if let Err(e) = super::decode_compact(pack) {
                panic!("{}: the compact form does not read: {e}", pack.name);
            }
            let compact = super::load_compact(pack).unwrap().unwrap();
            assert_eq!(full.len(), compact.len(), "{}", pack.name);
            for (f, l) in full.iter().zip(&compact) {
                assert_eq!(
                    (&f.id, &f.aliases, f.severity, &f.summary, &f.message, &f.help, f.kind()),
                    (&l.id, &l.aliases, l.severity, &l.summary, &l.message, &l.help, l.kind())
                );
                assert_eq!((f.default, f.etiquette, &f.source), (l.default, l.etiquette, &l.source));
                assert_eq!(format!("{:?}", f.filters), format!("{:?}", l.filters), "{}", f.id);
                assert!(l.check.is_undecoded(), "{}: decoded before a document reached it", f.id);
                // Formatting decodes and compiles the check.
                assert_eq!(format!("{:?}", f.check), format!("{:?}", l.check), "{}", f.id);
                assert!(
                    l.docs.is_empty() && l.examples.bad.is_empty() && l.examples.good.is_empty(),
                    "{}",
                    f.id
                );
            }
        }
    }

    /// A pack loaded later replaces a rule of the same id, built in or from an earlier pack,
    /// and adds the others.
    #[test]
    fn later_packs_replace_rules_of_the_same_id() {
        let pack = |message: &str, id: &str| super::PackText {
            origin: format!("{id} {message}"),
            text: format!(
                "[[rules]]\nid = \"{id}\"\nseverity = \"info\"\nsummary = \"s\"\nmessage = \"{message}\"\n\
                 [rules.check.phrases]\nphrases = [\"zzz\"]\n"
            ),
        };
        let builtin = super::load_rules(&super::LoadOptions {
            builtin: true,
            lean: true,
            ..Default::default()
        })
        .unwrap();
        let set = super::load_rules(&super::LoadOptions {
            builtin: true,
            lean: true,
            texts: vec![
                pack("first", "tone.sarcasm"),
                pack("second", "tone.sarcasm"),
                pack("new", "custom.zzz"),
            ],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(set.len(), builtin.len() + 1);
        assert_eq!(set.iter().filter(|r| r.id.as_str() == "tone.sarcasm").count(), 1);
        assert_eq!(set.get("tone.sarcasm").unwrap().message, "second");
        assert_eq!(set.get("custom.zzz").unwrap().message, "new");
    }

    /// `KINDS` names every variant of `CheckSpec`, in order: serde's own list says so.
    #[test]
    fn kinds_match_the_check_spec() {
        let e = toml::from_str::<crate::checks::CheckSpec>("zzz = {}").unwrap_err();
        let listed: Vec<&str> = e.message().split('`').skip(3).step_by(2).collect();
        assert_eq!(listed, crate::rules::schema::KINDS, "{}", e.message());
    }

    fn errors(pack: &str) -> Vec<(usize, usize, String)> {
        parse_pack(
            "p.toml",
            pack,
            &RuleSource::File { path: "p.toml".into() },
            PatternCheck::Full,
        )
        .unwrap_err()
        .into_iter()
        .map(|e| (e.line, e.column, e.message))
        .collect()
    }

    const HEAD: &str = "[[rules]]\nid = \"acme.x\"\nseverity = \"warning\"\nsummary = \"s\"\nmessage = \"m\"\n";

    /// A `check` that is not one kind's table is said plainly, at the place that is wrong.
    #[test]
    fn a_check_of_the_wrong_shape_is_said_plainly() {
        let e = errors(&format!("{HEAD}check = \"phrases\"\n"));
        assert_eq!((e[0].0, e[0].1), (6, 9));
        assert!(e[0].2.contains("`[rules.check.phrases]`"), "{e:?}");
        let e = errors(&format!(
            "{HEAD}[rules.check.pattern]\nregex = \"a\"\n[rules.check.casing]\nmin-words = 2\n"
        ));
        assert_eq!((e[0].0, e[0].1), (8, 14), "at the second kind: {e:?}");
        assert!(e[0].2.contains("`pattern` and `casing`"), "in the order written: {e:?}");
        let e = errors(&format!("{HEAD}[rules.check]\n"));
        assert!(e[0].2.starts_with("`[rules.check]` names no check kind"), "{e:?}");
        let e = errors(&format!("{HEAD}[rules.check.phrasez]\nphrases = [\"a\"]\n"));
        assert_eq!(e[0].2, "unknown check kind `phrasez` (did you mean `phrases`?)");
    }

    /// A check's error that names a key is placed at that key, in a table or an inline table.
    #[test]
    fn a_check_error_is_placed_at_the_key_it_names() {
        let e = errors(&format!(
            "{HEAD}[rules.check.length]\nunit = \"words\"\nmax = 5\nmin = 10\n"
        ));
        assert_eq!((e[0].0, e[0].1), (9, 1), "{e:?}");
        let e = errors(&format!(
            "{HEAD}check.length = {{ unit = \"words\", min = 10, max = 5 }}\n"
        ));
        assert_eq!((e[0].0, e[0].1), (6, 34), "{e:?}");
        // `max` is not written: the table it is missing from.
        let e = errors(&format!("{HEAD}[rules.check.length]\nunit = \"words\"\n"));
        assert_eq!((e[0].0, e[0].1, e[0].2.as_str()), (6, 8, "set `max`, `min` or both"));
        // A key of the next rule is not this rule's.
        let e = errors(&format!(
            "{HEAD}[rules.check.phrases]\nphrases = []\n\n[[rules]]\nid = \"acme.y\"\nseverity = \"info\"\nsummary = \"s\"\nmessage = \"m\"\n[rules.check.phrases]\nphrases = [\"a\"]\n"
        ));
        assert_eq!((e[0].0, e[0].1), (7, 1), "{e:?}");
    }

    /// Errors come in the order of the file, whatever order the tables are visited in.
    #[test]
    fn errors_are_in_file_order() {
        let e = errors(&format!(
            "rule = 1\ndescriptio = \"x\"\n{HEAD}[rules.check.phrases]\nphrases = [\"a\"]\n"
        ));
        let lines: Vec<usize> = e.iter().map(|e| e.0).collect();
        assert_eq!(lines, [1, 2], "{e:?}");
        assert!(
            e[0].2.starts_with("unknown key `rule` (did you mean `rules`?)"),
            "{e:?}"
        );
    }

    #[test]
    fn a_pack_that_is_not_utf8_is_located() {
        let e = String::from_utf8(b"# ok\n# caf\xe9\n".to_vec()).unwrap_err();
        let error = super::not_utf8("p.toml".to_owned(), &e);
        assert_eq!((error.line, error.column), (2, 6));
        assert_eq!(error.source_line.as_deref(), Some("# caf"));
    }

    #[test]
    fn a_pattern_that_can_match_invalid_utf8_is_located() {
        let pack = "[[rules]]\nid = \"x.y\"\nseverity = \"info\"\nsummary = \"s\"\nmessage = \"m\"\n[rules.check.pattern]\nregex = '(?-u)[^a]'\n";
        let errors = parse_pack("p.toml", pack, &RuleSource::Builtin { pack: "x" }, PatternCheck::Full).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.line == 7 && e.message.contains("invalid regex")),
            "{errors:?}"
        );
    }
}
