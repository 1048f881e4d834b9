//! Settings: a config file and the command line's flags merged into what one lint needs, once
//! per config file. Each input is linted under the `replylint.toml` nearest to it (as ruff and
//! typos do); `--config FILE` and `--isolated` give every input the same settings. Flags win
//! over every file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, CONFIG_NAMES, Config};
use crate::conversation::{Author, CHANNELS, ChannelSettings, Conversation, Purpose, Visibility};
use crate::engine::{Engine, Selection};
use crate::error::{ConfigError, Error};
use crate::input::export::{DEFAULT_MAX_RECORDS, ExportOptions};
use crate::rules::{LoadOptions, RuleSet, Severity, load_rules};
use crate::spell::Vocabulary;

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
}

/// Finds the settings for each input, loading each config file once and remembering, for each
/// directory, which config file is nearest.
pub(crate) struct Resolver<'a> {
    args: &'a CheckArgs,
    /// With `--config` or `--isolated`: the one set of settings for every input.
    fixed: Option<Arc<Settings>>,
    by_config: HashMap<PathBuf, Arc<Settings>>,
    unconfigured: Option<Arc<Settings>>,
    nearest: HashMap<PathBuf, Option<PathBuf>>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(args: &'a CheckArgs) -> Result<Self, Error> {
        let opts = &args.rule_options;
        let fixed = if opts.isolated {
            Some(Arc::new(build(args, None)?))
        } else if let Some(path) = &opts.config {
            Some(Arc::new(build(args, Some(&config::load(path)?))?))
        } else {
            None
        };
        Ok(Self {
            args,
            fixed,
            by_config: HashMap::new(),
            unconfigured: None,
            nearest: HashMap::new(),
        })
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

    /// The settings for a file.
    pub(crate) fn for_file(&mut self, path: &Path) -> Result<Arc<Settings>, Error> {
        self.for_dir(path.parent().unwrap_or(Path::new("")))
    }

    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, Error> {
        if let Some(s) = &self.fixed {
            return Ok(Arc::clone(s));
        }
        match self.nearest_config(dir) {
            Some(cfg) => {
                if let Some(s) = self.by_config.get(&cfg) {
                    return Ok(Arc::clone(s));
                }
                let s = Arc::new(build(self.args, Some(&config::load(&cfg)?))?);
                self.by_config.insert(cfg, Arc::clone(&s));
                Ok(s)
            }
            None => {
                if let Some(s) = &self.unconfigured {
                    return Ok(Arc::clone(s));
                }
                let s = Arc::new(build(self.args, None)?);
                self.unconfigured = Some(Arc::clone(&s));
                Ok(s)
            }
        }
    }

    /// The settings for standard input: the config nearest the working directory.
    pub(crate) fn for_stdin(&mut self) -> Result<Arc<Settings>, Error> {
        self.for_dir(Path::new("."))
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

/// Settings from one config file (or none) and the flags.
fn build(args: &CheckArgs, cfg: Option<&Config>) -> Result<Settings, Error> {
    let rules = load(&args.rule_options, cfg, true)?;
    let engine = Engine::new(rules, &selection(&args.select, &args.ignore, cfg), vocabulary(cfg)?)?
        .with_channels(channel_settings(cfg)?);
    let input = cfg.map(|c| &c.options.input);
    Ok(Settings {
        engine,
        base: defaults(args, cfg)?,
        fail_on: args
            .fail_on
            .or_else(|| cfg.and_then(|c| c.options.fail_on))
            .unwrap_or(Severity::Error),
        // `.txt` and `txt` mean the same.
        extensions: input.and_then(|i| i.extensions.as_ref()).map_or_else(
            || vec!["txt".to_owned(), "md".to_owned()],
            |list| list.iter().map(|e| e.trim_start_matches('.').to_owned()).collect(),
        ),
        limits: Limits {
            max_document_size: args
                .max_document_size
                .or_else(|| input.and_then(|i| i.max_document_size.map(|s| s.0)))
                .unwrap_or(DEFAULT_MAX_DOCUMENT_SIZE),
            max_thread_messages: input
                .and_then(|i| i.max_thread_messages)
                .unwrap_or(DEFAULT_MAX_THREAD_MESSAGES),
        },
        export: ExportOptions {
            format: args.input_format.unwrap_or_default(),
            id_field: args
                .id_field
                .clone()
                .or_else(|| input.and_then(|i| i.id_field.clone()))
                .unwrap_or_else(|| "id".to_owned()),
            text_field: args
                .text_field
                .clone()
                .or_else(|| input.and_then(|i| i.text_field.clone()))
                .unwrap_or_else(|| "text".to_owned()),
            max_records: input.and_then(|i| i.max_records).unwrap_or(DEFAULT_MAX_RECORDS),
        },
    })
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
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            path: c.path.clone(),
            location: None,
            message: format!(
                "cannot read vocabulary file {}: {}",
                path.display(),
                crate::located::io_reason(&e)
            ),
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

fn defaults(a: &CheckArgs, cfg: Option<&Config>) -> Result<Conversation, Error> {
    let mut convo = Conversation::default();
    let d = cfg.map(|c| &c.options.defaults);
    let bad = |what: String| -> Error {
        match cfg {
            Some(c) => ConfigError {
                path: c.path.clone(),
                location: None,
                message: what,
            }
            .into(),
            None => Error::Usage(what),
        }
    };
    if let Some(ch) = a.channel.clone().or_else(|| d.and_then(|d| d.channel.clone())) {
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
    if let Some(v) = a.visibility.clone().or_else(|| d.and_then(|d| d.visibility.clone())) {
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

/// `[channels.<name>]` from the config file, checked against the known channels.
fn channel_settings(cfg: Option<&Config>) -> Result<BTreeMap<String, ChannelSettings>, Error> {
    let mut out = BTreeMap::new();
    let Some(c) = cfg else { return Ok(out) };
    let bad = |message: String| -> Error {
        ConfigError {
            path: c.path.clone(),
            location: None,
            message,
        }
        .into()
    };
    for (name, o) in &c.options.channels {
        let key = name.to_ascii_lowercase();
        if !CHANNELS.contains(&key.as_str()) {
            return Err(bad(format!(
                "[channels.{name}]: unknown channel `{name}`; expected one of: {}",
                CHANNELS.join(", ")
            )));
        }
        for (what, v) in [
            ("wait-minutes", o.wait_minutes),
            ("public-wait-minutes", o.public_wait_minutes),
        ] {
            if v == Some(0) {
                return Err(bad(format!("[channels.{name}] {what} must be at least 1")));
            }
        }
        if o.post_limit == Some(0) {
            return Err(bad(format!("[channels.{name}] post-limit must be at least 1")));
        }
        out.insert(
            key,
            ChannelSettings {
                wait_minutes: o.wait_minutes,
                public_wait_minutes: o.public_wait_minutes,
                post_limit: o.post_limit,
            },
        );
    }
    Ok(out)
}
