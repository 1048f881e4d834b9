//! Settings: a config file and the command line's flags merged into what one lint needs, once
//! per config file. Each input is linted under the `replylint.toml` nearest to it (as ruff and
//! typos do); `--config FILE` and `--isolated` give every input the same settings. A file's
//! `[[overrides]]` refine its settings for the paths (and records) they match: one `Settings`
//! is built per config file and set of matching overrides, so most files share one engine, and
//! a record's own settings come from a small lookup on its file's ([`Settings::for_record`]).
//! Flags win over every file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use replylint::Vocabulary;
use replylint::config::{self, CONFIG_NAMES, Config, OverrideOptions};
use replylint::error::Error;
use replylint::input::export::{DEFAULT_MAX_RECORDS, ExportOptions, InputFormat};
use replylint::{Author, CHANNELS, ChannelSettings, Conversation, Purpose, Visibility};
use replylint::{Engine, Selection};
use replylint::{LoadOptions, RuleSet, Severity, load_rules};

use super::args::{CheckArgs, RuleOptions};

/// One document's size limit when neither the command line nor the config sets one: large
/// enough for any export a help desk writes, small enough that a stray binary or log cannot
/// exhaust memory.
pub(crate) const DEFAULT_MAX_DOCUMENT_SIZE: u64 = 64 * 1024 * 1024;

/// The most messages an envelope's thread may hold when nothing else is set. Every check is
/// linear in the thread; this bounds what one untrusted envelope can cost.
pub(crate) const DEFAULT_MAX_THREAD_MESSAGES: usize = 100_000;

/// Limits on untrusted input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Bytes one document (file, stdin, envelope) may hold.
    pub(crate) max_document_size: u64,
    /// Messages an envelope's thread may hold.
    pub(crate) max_thread_messages: usize,
}

/// Everything a lint needs that the configuration decides.
pub(crate) struct Settings {
    /// The rules, selection and vocabulary.
    pub(crate) engine: Engine,
    /// The conversation of inputs without an envelope (channel, visibility, …).
    pub(crate) base: Conversation,
    /// The lowest severity that fails the run.
    pub(crate) fail_on: Severity,
    /// Extensions of the files a directory walk keeps.
    pub(crate) extensions: Vec<String>,
    /// Input limits.
    pub(crate) limits: Limits,
    /// How export files are read.
    pub(crate) export: ExportOptions,
    /// The config file these settings come from.
    pub(crate) config: Option<PathBuf>,
    /// The config file's `baseline`, resolved against it.
    pub(crate) baseline: Option<PathBuf>,
    /// Settings for records that `[[overrides]]` with `records` select.
    pub(crate) records: Option<RecordLookup>,
}

/// The command line's flags that settings depend on, owned, so that the settings of a record
/// can be built while the run goes on.
struct Flags {
    rule_options: RuleOptions,
    select: Vec<String>,
    ignore: Vec<String>,
    fail_on: Option<Severity>,
    channel: Option<String>,
    visibility: Option<String>,
    max_document_size: Option<u64>,
    input_format: Option<InputFormat>,
    id_field: Option<String>,
    text_field: Option<String>,
}

impl Flags {
    fn new(a: &CheckArgs) -> Self {
        Self {
            rule_options: a.rule_options.clone(),
            select: a.select.clone(),
            ignore: a.ignore.clone(),
            fail_on: a.fail_on,
            channel: a.channel.clone(),
            visibility: a.visibility.clone(),
            max_document_size: a.max_document_size,
            input_format: a.input_format,
            id_field: a.id_field.clone(),
            text_field: a.text_field.clone(),
        }
    }
}

/// One `[[overrides]]` table's patterns, compiled.
struct Matcher {
    paths: Option<GlobSet>,
    records: Option<GlobSet>,
}

/// A config file, loaded once, with its overrides' patterns.
struct Loaded {
    config: Config,
    /// The config file's directory, canonical: paths are matched relative to it.
    dir: PathBuf,
    matchers: Vec<Matcher>,
}

impl Loaded {
    fn new(flags: &Flags, path: &Path) -> Result<Self, Error> {
        let config = config::load(path)?;
        let matchers = compile_overrides(&config)?;
        if !matchers.is_empty() {
            // Check every override's selectors and values now, once, whether or not an input
            // matches it: a typo must not wait for the file that would show it.
            let all: Vec<usize> = (0..matchers.len()).collect();
            build(flags, Some(&config), &all)?;
        }
        let dir = config.path.parent().unwrap_or(Path::new("."));
        let dir = std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .unwrap_or_else(|_| dir.to_path_buf());
        Ok(Self { config, dir, matchers })
    }

    /// For a file: the overrides that apply to all of it, and those that apply to some of its
    /// records.
    fn matching(&self, file: &Path) -> (Vec<usize>, Vec<usize>) {
        let rel = absolute(file).and_then(|abs| abs.strip_prefix(&self.dir).ok().map(Path::to_path_buf));
        let (mut whole, mut records) = (Vec::new(), Vec::new());
        for (i, m) in self.matchers.iter().enumerate() {
            let path_ok = match (&m.paths, &rel) {
                (None, _) => true,
                (Some(g), Some(r)) => g.is_match(r),
                (Some(_), None) => false,
            };
            if path_ok {
                if m.records.is_some() {
                    records.push(i);
                } else {
                    whole.push(i);
                }
            }
        }
        (whole, records)
    }
}

/// Where `file` is, symbolic links resolved; for a path that does not exist (a draft on stdin
/// named with `--stdin-filename`), where it would be: its nearest existing directory resolved,
/// the rest as written.
fn absolute(file: &Path) -> Option<PathBuf> {
    if let Ok(abs) = std::fs::canonicalize(file) {
        return Some(abs);
    }
    let mut rest = Vec::new();
    let mut dir = file;
    loop {
        rest.push(dir.file_name()?);
        dir = dir.parent()?;
        let base = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(abs) = std::fs::canonicalize(base) {
            return Some(rest.iter().rev().fold(abs, |p, c| p.join(c)));
        }
    }
}

/// The overrides of a file whose records some `records` patterns select: the settings of each
/// combination that matches, built when a record first needs it.
pub(crate) struct RecordLookup {
    flags: Arc<Flags>,
    loaded: Arc<Loaded>,
    /// Overrides that apply to the whole file.
    whole: Vec<usize>,
    /// Overrides that apply to the records they match.
    candidates: Vec<usize>,
    built: Mutex<HashMap<Vec<usize>, Arc<Settings>>>,
}

impl Settings {
    /// The settings of the record `id` of an export linted under these: `None` when no
    /// `[[overrides]]` with `records` matches it, and these apply.
    pub(crate) fn for_record(&self, id: &str) -> Option<Arc<Settings>> {
        let r = self.records.as_ref()?;
        let mut set = r.whole.clone();
        let before = set.len();
        set.extend(r.candidates.iter().copied().filter(|&i| {
            r.loaded
                .matchers
                .get(i)
                .and_then(|m| m.records.as_ref())
                .is_some_and(|g| g.is_match(id))
        }));
        if set.len() == before {
            return None;
        }
        set.sort_unstable();
        r.settings(set)
    }

    /// The settings each record override gives a record (with the file's own overrides):
    /// what a report that lists the rules a run can report must also look at.
    pub(crate) fn record_variants(&self) -> Vec<Arc<Settings>> {
        let Some(r) = &self.records else {
            return Vec::new();
        };
        r.candidates
            .iter()
            .filter_map(|&c| {
                let mut set = r.whole.clone();
                set.push(c);
                set.sort_unstable();
                set.dedup();
                r.settings(set)
            })
            .collect()
    }
}

impl RecordLookup {
    /// The settings of the overrides `set` (sorted), built once.
    fn settings(&self, set: Vec<usize>) -> Option<Arc<Settings>> {
        let mut built = self.built.lock().ok()?;
        if let Some(s) = built.get(&set) {
            return Some(Arc::clone(s));
        }
        // Every override was checked when the config was loaded, so this cannot fail but on
        // a file that changed during the run (a vocabulary); the file's settings apply then.
        let s = Arc::new(build(&self.flags, Some(&self.loaded.config), &set).ok()?);
        built.insert(set, Arc::clone(&s));
        Some(s)
    }
}

/// Finds the settings for each input, loading each config file once, remembering for each
/// directory which config file is nearest, and building one `Settings` per config file and set
/// of `[[overrides]]` that match, so that most files share one engine.
pub(crate) struct Resolver {
    flags: Arc<Flags>,
    isolated: bool,
    /// `--config FILE`: the config of every input.
    forced: Option<PathBuf>,
    configs: HashMap<PathBuf, Arc<Loaded>>,
    built: HashMap<(PathBuf, Vec<usize>, Vec<usize>), Arc<Settings>>,
    unconfigured: Option<Arc<Settings>>,
    nearest: HashMap<PathBuf, Option<PathBuf>>,
}

impl Resolver {
    pub(crate) fn new(args: &CheckArgs) -> Result<Self, Error> {
        let opts = &args.rule_options;
        let mut resolver = Self {
            flags: Arc::new(Flags::new(args)),
            isolated: opts.isolated,
            forced: if opts.isolated { None } else { opts.config.clone() },
            configs: HashMap::new(),
            built: HashMap::new(),
            unconfigured: None,
            nearest: HashMap::new(),
        };
        // A bad `--config` file is an error before anything else.
        if let Some(path) = resolver.forced.clone() {
            resolver.loaded(&path)?;
        }
        Ok(resolver)
    }

    /// The settings for a path named on the command line: a file, or a directory (for the
    /// files inside it).
    pub(crate) fn for_path(&mut self, path: &Path) -> Result<Arc<Settings>, Error> {
        if path.is_dir() {
            self.for_dir(path)
        } else {
            self.for_file(path)
        }
    }

    /// The settings for a file: its config's, refined by the overrides its path matches.
    pub(crate) fn for_file(&mut self, path: &Path) -> Result<Arc<Settings>, Error> {
        let Some(cfg) = self.config_for(path.parent().unwrap_or(Path::new(""))) else {
            return self.unconfigured();
        };
        let loaded = self.loaded(&cfg)?;
        let (whole, candidates) = loaded.matching(path);
        self.settings(cfg, &loaded, whole, candidates)
    }

    /// The settings of a directory: its config's top level.
    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, Error> {
        let Some(cfg) = self.config_for(dir) else {
            return self.unconfigured();
        };
        let loaded = self.loaded(&cfg)?;
        self.settings(cfg, &loaded, Vec::new(), Vec::new())
    }

    /// The settings for standard input: with `--stdin-filename`, those of a file at that path
    /// (its nearest config and the overrides its path matches), else the config nearest the
    /// working directory.
    pub(crate) fn for_stdin(&mut self, name: Option<&str>) -> Result<Arc<Settings>, Error> {
        match name {
            Some(name) => self.for_file(Path::new(name)),
            None => self.for_dir(Path::new(".")),
        }
    }

    fn settings(
        &mut self,
        cfg: PathBuf,
        loaded: &Arc<Loaded>,
        whole: Vec<usize>,
        candidates: Vec<usize>,
    ) -> Result<Arc<Settings>, Error> {
        let key = (cfg, whole, candidates);
        if let Some(s) = self.built.get(&key) {
            return Ok(Arc::clone(s));
        }
        let mut s = build(&self.flags, Some(&loaded.config), &key.1)?;
        if !key.2.is_empty() {
            s.records = Some(RecordLookup {
                flags: Arc::clone(&self.flags),
                loaded: Arc::clone(loaded),
                whole: key.1.clone(),
                candidates: key.2.clone(),
                built: Mutex::new(HashMap::new()),
            });
        }
        let s = Arc::new(s);
        self.built.insert(key, Arc::clone(&s));
        Ok(s)
    }

    fn unconfigured(&mut self) -> Result<Arc<Settings>, Error> {
        if let Some(s) = &self.unconfigured {
            return Ok(Arc::clone(s));
        }
        let s = Arc::new(build(&self.flags, None, &[])?);
        self.unconfigured = Some(Arc::clone(&s));
        Ok(s)
    }

    fn loaded(&mut self, path: &Path) -> Result<Arc<Loaded>, Error> {
        if let Some(l) = self.configs.get(path) {
            return Ok(Arc::clone(l));
        }
        let l = Arc::new(Loaded::new(&self.flags, path)?);
        self.configs.insert(path.to_path_buf(), Arc::clone(&l));
        Ok(l)
    }

    /// The config file that applies in `dir`: none with `--isolated`, the one `--config` names,
    /// or the nearest.
    fn config_for(&mut self, dir: &Path) -> Option<PathBuf> {
        if self.isolated {
            None
        } else if let Some(p) = &self.forced {
            Some(p.clone())
        } else {
            self.nearest_config(dir)
        }
    }

    /// The config file nearest `dir` (a path as the user gave it, possibly relative). Each
    /// directory is looked at once: files in one tree share the answers of their parents.
    fn nearest_config(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.nearest.get(dir) {
            return found.clone();
        }
        // `replylint.toml`, not `./replylint.toml`, for the working directory.
        let here = CONFIG_NAMES
            .iter()
            .map(|n| {
                if dir == Path::new(".") {
                    PathBuf::from(n)
                } else {
                    dir.join(n)
                }
            })
            .find(|p| p.is_file());
        let found = match here {
            Some(p) => Some(p),
            // Up the path as given, so that files of one tree share the answers of their
            // parents, as far as it has names (not past `.`, `..` or a root) ...
            None if dir.file_name().is_some() => self.nearest_config(dir.parent().unwrap_or(Path::new(""))),
            // ... and from there up the real directories.
            None => config::discover(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }),
        };
        self.nearest.insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// Compile each `[[overrides]]` table's patterns. A path pattern without a `/` matches at any
/// depth (`*.csv`), as in `.gitignore`; `*` does not cross a `/`, `**` does.
fn compile_overrides(c: &Config) -> Result<Vec<Matcher>, Error> {
    let bad = |message: String| -> Error { c.error(message).into() };
    let mut out = Vec::new();
    for (n, o) in c.options.overrides.iter().enumerate().map(|(i, o)| (i + 1, o)) {
        if o.paths.is_none() && o.records.is_none() {
            return Err(bad(format!(
                "[[overrides]] number {n} has neither `paths` nor `records`; give one, or move its settings to the top level"
            )));
        }
        let set = |key: &str, list: &Option<Vec<String>>, is_path: bool| -> Result<Option<GlobSet>, Error> {
            let Some(list) = list else { return Ok(None) };
            let mut b = GlobSetBuilder::new();
            for p in list {
                let pattern = match p.strip_prefix("./") {
                    Some(rest) => rest.to_owned(),
                    None if is_path && !p.contains('/') => format!("**/{p}"),
                    None => p.clone(),
                };
                let glob = GlobBuilder::new(&pattern)
                    .literal_separator(is_path)
                    .build()
                    .map_err(|e| {
                        bad(format!(
                            "[[overrides]] number {n}: `{p}` in `{key}` is not a glob: {}",
                            e.kind()
                        ))
                    })?;
                b.add(glob);
            }
            b.build()
                .map(Some)
                .map_err(|e| bad(format!("[[overrides]] number {n}: `{key}`: {e}")))
        };
        out.push(Matcher {
            paths: set("paths", &o.paths, true)?,
            records: set("records", &o.records, false)?,
        });
        for (what, value, allowed) in [
            ("channel", &o.channel, &CHANNELS[..]),
            ("visibility", &o.visibility, &["private", "public"][..]),
        ] {
            if let Some(v) = value.as_deref().map(str::to_ascii_lowercase)
                && !allowed.contains(&v.as_str())
            {
                return Err(bad(format!(
                    "[[overrides]] number {n}: unknown {what} `{v}`; expected one of: {}",
                    allowed.join(", ")
                )));
            }
        }
    }
    Ok(out)
}

/// Settings from one config file (or none), the `[[overrides]]` of it numbered `layers` (in
/// order), and the flags.
fn build(flags: &Flags, cfg: Option<&Config>, layers: &[usize]) -> Result<Settings, Error> {
    let layers: Vec<&OverrideOptions> = cfg
        .map(|c| layers.iter().filter_map(|&i| c.options.overrides.get(i)).collect())
        .unwrap_or_default();
    let rules = load(&flags.rule_options, cfg, true)?;
    let mut sel = selection(&flags.select, &flags.ignore, cfg);
    sel.layers = layers.iter().map(|o| layer(o)).collect();
    let engine = Engine::new(rules, &sel, vocabulary(cfg)?)?.with_channels(channel_settings(cfg)?);
    let input = cfg.map(|c| &c.options.input);
    Ok(Settings {
        engine,
        base: defaults(flags, cfg, &layers)?,
        fail_on: flags
            .fail_on
            .or_else(|| cfg.and_then(|c| c.options.fail_on))
            .unwrap_or(Severity::Error),
        // `.txt` and `txt` mean the same.
        extensions: input.and_then(|i| i.extensions.as_ref()).map_or_else(
            || vec!["txt".to_owned(), "md".to_owned()],
            |list| list.iter().map(|e| e.trim_start_matches('.').to_owned()).collect(),
        ),
        limits: Limits {
            max_document_size: flags
                .max_document_size
                .or_else(|| input.and_then(|i| i.max_document_size.map(|s| s.0)))
                .unwrap_or(DEFAULT_MAX_DOCUMENT_SIZE),
            max_thread_messages: input
                .and_then(|i| i.max_thread_messages)
                .unwrap_or(DEFAULT_MAX_THREAD_MESSAGES),
        },
        export: ExportOptions {
            format: flags.input_format.unwrap_or_default(),
            id_field: flags
                .id_field
                .clone()
                .or_else(|| input.and_then(|i| i.id_field.clone()))
                .unwrap_or_else(|| "id".to_owned()),
            text_field: flags
                .text_field
                .clone()
                .or_else(|| input.and_then(|i| i.text_field.clone()))
                .unwrap_or_else(|| "text".to_owned()),
            max_records: input.and_then(|i| i.max_records).unwrap_or(DEFAULT_MAX_RECORDS),
        },
        config: cfg.map(|c| c.path.clone()),
        baseline: cfg.and_then(|c| c.options.baseline.as_ref().map(|p| c.resolve(p))),
        records: None,
    })
}

/// One override's selection, a layer over the file's.
fn layer(o: &OverrideOptions) -> Selection {
    let mut sel = Selection {
        select: o.select.clone().unwrap_or_default(),
        ignore: o.ignore.clone().unwrap_or_default(),
        ..Selection::default()
    };
    for (id, r) in &o.rules {
        if let Some(s) = r.severity {
            sel.severity.insert(id.clone(), s);
        }
        if let Some(e) = r.enabled {
            sel.enabled.insert(id.clone(), e);
        }
    }
    sel
}

/// The config file `replylint rules` and `replylint rule` use: the one named, or the one
/// nearest `start`.
pub(crate) fn find_config(opts: &RuleOptions, start: &Path) -> Result<Option<Config>, Error> {
    if opts.isolated {
        return Ok(None);
    }
    let path = match &opts.config {
        Some(p) => Some(p.clone()),
        None => config::discover(start),
    };
    Ok(match path {
        Some(p) => Some(config::load(&p)?),
        None => None,
    })
}

/// Load the rules; `lean` (for `check`) skips the built-in packs' docs and examples.
pub(crate) fn load(opts: &RuleOptions, cfg: Option<&Config>, lean: bool) -> Result<RuleSet, Error> {
    let mut paths: Vec<PathBuf> = cfg
        .map(|c| c.options.rule_paths.iter().flatten().map(|p| c.resolve(p)).collect())
        .unwrap_or_default();
    paths.extend(opts.rules.iter().cloned());
    let builtin = !opts.no_builtin_rules && cfg.and_then(|c| c.options.builtin_rules).unwrap_or(true);
    load_rules(&LoadOptions {
        builtin,
        paths,
        lean,
        texts: Vec::new(),
    })
    .map_err(Error::Rules)
}

fn vocabulary(cfg: Option<&Config>) -> Result<Vocabulary, Error> {
    let mut v = Vocabulary::default();
    let Some(c) = cfg else { return Ok(v) };
    let s = &c.options.spelling;
    v.accept.extend(s.accept.iter().map(|w| w.to_lowercase()));
    v.reject.extend(s.reject.iter().map(|w| w.to_lowercase()));
    v.dialect = s.dialect.unwrap_or_default();
    for file in &s.vocabulary {
        let path = c.resolve(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            c.error(format!(
                "cannot read vocabulary file {}: {}",
                path.display(),
                replylint::error::io_reason(&e)
            ))
        })?;
        v.accept.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase),
        );
    }
    Ok(v)
}

/// The selection a run uses: the config file's `select`, `ignore` and `[rules]`, with the command
/// line's `--select` and `--ignore` winning over them.
pub(crate) fn selection(cli_select: &[String], cli_ignore: &[String], cfg: Option<&Config>) -> Selection {
    let mut sel = Selection::default();
    if let Some(c) = cfg {
        sel.select = c.options.select.clone().unwrap_or_default();
        sel.ignore = c.options.ignore.clone().unwrap_or_default();
        for (id, r) in &c.options.rules {
            if let Some(s) = r.severity {
                sel.severity.insert(id.clone(), s);
            }
            if let Some(e) = r.enabled {
                sel.enabled.insert(id.clone(), e);
            }
        }
    }
    sel.force_select = cli_select.to_vec();
    sel.force_ignore = cli_ignore.to_vec();
    sel
}

fn defaults(a: &Flags, cfg: Option<&Config>, layers: &[&OverrideOptions]) -> Result<Conversation, Error> {
    let mut convo = Conversation::now();
    let d = cfg.map(|c| &c.options.defaults);
    let bad = |what: String| -> Error {
        match cfg {
            Some(c) => c.error(what).into(),
            None => Error::Usage(what),
        }
    };
    // The command line, then the last override that sets it, then `[defaults]`.
    let last = |f: fn(&OverrideOptions) -> &Option<String>| layers.iter().rev().find_map(|o| f(o).clone());
    if let Some(ch) = a
        .channel
        .clone()
        .or_else(|| last(|o| &o.channel))
        .or_else(|| d.and_then(|d| d.channel.clone()))
    {
        let ch = ch.to_ascii_lowercase();
        if !CHANNELS.contains(&ch.as_str()) {
            return Err(bad(format!(
                "unknown channel `{ch}`; expected one of: {}",
                CHANNELS.join(", ")
            )));
        }
        convo.channel = ch;
    }
    if let Some(author) = d.and_then(|d| d.author.as_deref()) {
        convo.author = match author {
            "agent" => Author::Agent,
            "bot" => Author::Bot,
            other => {
                return Err(bad(format!(
                    "[defaults] author: unknown author `{other}`; expected `agent` or `bot`"
                )));
            }
        };
    }
    if let Some(p) = d.and_then(|d| d.purpose.as_deref()) {
        convo.purpose = match p {
            "reply" => Purpose::Reply,
            "instant-reply" => Purpose::InstantReply,
            "away-message" => Purpose::AwayMessage,
            other => {
                return Err(bad(format!(
                    "[defaults] purpose: unknown purpose `{other}`; expected reply, instant-reply or away-message"
                )));
            }
        };
    }
    if let Some(v) = a
        .visibility
        .clone()
        .or_else(|| last(|o| &o.visibility))
        .or_else(|| d.and_then(|d| d.visibility.clone()))
    {
        convo.visibility = match v.to_ascii_lowercase().as_str() {
            "private" => Visibility::Private,
            "public" => Visibility::Public,
            other => {
                return Err(bad(format!(
                    "unknown visibility `{other}`; expected `private` or `public`"
                )));
            }
        };
    }
    convo.language = d.and_then(|d| d.language.clone());
    Ok(convo)
}

/// What is wrong with one channel's settings.
pub(crate) enum ChannelProblem {
    /// The name is not one of [`CHANNELS`].
    Unknown,
    /// This setting is 0.
    Zero(&'static str),
}

/// One channel's settings, from `[channels.<name>]` or a `serve` request, checked: the name is
/// a known channel (returned lowercased, as the engine keys it) and every setting is at least 1.
pub(crate) fn checked_channel(name: &str, settings: &ChannelSettings) -> Result<String, ChannelProblem> {
    let key = name.to_ascii_lowercase();
    if !CHANNELS.contains(&key.as_str()) {
        return Err(ChannelProblem::Unknown);
    }
    for (what, v) in [
        ("wait-minutes", settings.wait_minutes.map(|v| v as usize)),
        ("public-wait-minutes", settings.public_wait_minutes.map(|v| v as usize)),
        ("post-limit", settings.post_limit),
    ] {
        if v == Some(0) {
            return Err(ChannelProblem::Zero(what));
        }
    }
    Ok(key)
}

/// `[channels.<name>]` from the config file, checked against the known channels.
fn channel_settings(cfg: Option<&Config>) -> Result<BTreeMap<String, ChannelSettings>, Error> {
    let mut out = BTreeMap::new();
    let Some(c) = cfg else { return Ok(out) };
    for (name, o) in &c.options.channels {
        let settings = ChannelSettings {
            wait_minutes: o.wait_minutes,
            public_wait_minutes: o.public_wait_minutes,
            post_limit: o.post_limit,
        };
        let key = checked_channel(name, &settings).map_err(|problem| -> Error {
            c.error(match problem {
                ChannelProblem::Unknown => format!(
                    "[channels.{name}]: unknown channel `{name}`; expected one of: {}",
                    CHANNELS.join(", ")
                ),
                ChannelProblem::Zero(what) => format!("[channels.{name}] {what} must be at least 1"),
            })
            .into()
        })?;
        out.insert(key, settings);
    }
    Ok(out)
}
