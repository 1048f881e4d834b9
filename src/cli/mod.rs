//! The command line: turn arguments and configuration into settings, run the engine over the
//! inputs in order, hand reports to the emitter, and compute the exit status.

pub mod args;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::config::{self, Config};
use crate::conversation::{Author, CHANNELS, ChannelSettings, Conversation, Purpose, Visibility};
use crate::emit::{DocumentReport, Origin, OutputFormat, Summary};
use crate::engine::{Engine, Selection, Vocabulary};
use crate::error::{ConfigError, Error, ExitStatus, InputError};
use crate::input;
use crate::rules::{DocKind, LoadOptions, RuleSet, Severity, load_rules};

use args::{Args, CheckArgs, ColorChoice, Command, RuleArgs, RuleOptions, RulesArgs};

/// Parse `argv` and run. Usage errors are printed by clap (exit 2).
pub fn main_with(
    argv: impl IntoIterator<Item = std::ffi::OsString>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> ExitStatus {
    let args = match Args::try_parse_from(argv) {
        Ok(a) => a,
        Err(e) => {
            // --help and --version are not errors: they go to stdout, once.
            return if e.use_stderr() {
                let _ = write!(stderr, "{}", e.render());
                ExitStatus::Error
            } else {
                let _ = write!(stdout, "{}", e.render());
                ExitStatus::Clean
            };
        }
    };
    match run(&args, stdout, stderr) {
        Ok(status) => status,
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Clean,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            ExitStatus::Error
        }
    }
}

/// Run parsed arguments.
pub fn run(args: &Args, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitStatus, Error> {
    match &args.command {
        Command::Check(a) => check(a, stdout, stderr),
        Command::Rules(a) => list_rules(a, stdout),
        Command::Rule(a) => show_rule(a, stdout),
    }
}

fn find_config(opts: &RuleOptions, start: &Path) -> Result<Option<Config>, Error> {
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
fn load(opts: &RuleOptions, cfg: Option<&Config>, lean: bool) -> Result<RuleSet, Error> {
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
            message: format!("cannot read vocabulary file {}: {e}", path.display()),
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
fn selection(cli_select: &[String], cli_ignore: &[String], cfg: Option<&Config>) -> Selection {
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
    for (name, o) in &c.options.channels {
        let key = name.to_ascii_lowercase();
        if !CHANNELS.contains(&key.as_str()) {
            return Err(ConfigError {
                path: c.path.clone(),
                location: None,
                message: format!(
                    "[channels.{name}]: unknown channel `{name}`; expected one of: {}",
                    CHANNELS.join(", ")
                ),
            }
            .into());
        }
        for (what, v) in [
            ("wait-minutes", o.wait_minutes),
            ("public-wait-minutes", o.public_wait_minutes),
        ] {
            if v == Some(0) {
                return Err(ConfigError {
                    path: c.path.clone(),
                    location: None,
                    message: format!("[channels.{name}] {what} must be at least 1"),
                }
                .into());
            }
        }
        if o.post_limit == Some(0) {
            return Err(ConfigError {
                path: c.path.clone(),
                location: None,
                message: format!("[channels.{name}] post-limit must be at least 1"),
            }
            .into());
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

enum Job {
    Stdin,
    Envelope(PathBuf),
    File(PathBuf),
}

fn color_on(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn check(a: &CheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitStatus, Error> {
    if a.paths.is_empty() && a.envelope.is_none() {
        return Err(Error::Usage(
            "nothing to lint: give files or directories, `-` to read a draft from stdin, or `--envelope FILE`"
                .to_owned(),
        ));
    }
    let stdin_uses = a.paths.iter().filter(|p| p.as_os_str() == "-").count()
        + usize::from(a.envelope.as_deref().is_some_and(|p| p.as_os_str() == "-"));
    if stdin_uses > 1 {
        return Err(Error::Usage(
            "standard input can be read only once: use `-` or `--envelope -`, not both".to_owned(),
        ));
    }
    // Discovery starts at the first path given (an envelope file counts), else here.
    let start = a
        .envelope
        .iter()
        .chain(&a.paths)
        .find(|p| p.as_os_str() != "-")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let cfg = find_config(&a.rule_options, &start)?;
    let rules = load(&a.rule_options, cfg.as_ref(), true)?;
    let engine = Engine::new(
        rules,
        &selection(&a.select, &a.ignore, cfg.as_ref()),
        vocabulary(cfg.as_ref())?,
    )?
    .with_channels(channel_settings(cfg.as_ref())?);
    let base = defaults(a, cfg.as_ref())?;
    let fail_on = a
        .fail_on
        .or_else(|| cfg.as_ref().and_then(|c| c.options.fail_on))
        .unwrap_or(Severity::Error);
    let extensions: Vec<String> = cfg
        .as_ref()
        .and_then(|c| c.options.input.extensions.clone())
        .unwrap_or_else(|| vec!["txt".to_owned(), "md".to_owned()]);

    let mut jobs = Vec::new();
    let mut summary = Summary::default();
    if let Some(env) = &a.envelope {
        jobs.push(Job::Envelope(env.clone()));
    }
    for p in &a.paths {
        if p.as_os_str() == "-" {
            jobs.push(Job::Stdin);
            continue;
        }
        match input::walk::expand(p, &extensions) {
            Ok(expanded) => {
                for note in &expanded.skipped {
                    let _ = writeln!(stderr, "warning: {note}");
                }
                jobs.extend(expanded.files.into_iter().map(Job::File));
            }
            Err(e) => summary.input_errors.push(e),
        }
    }
    // A gate that lints nothing must not pass (issue 12): say so, unless the user allows it.
    if !a.allow_empty {
        if jobs.is_empty() && summary.input_errors.is_empty() {
            let paths: Vec<String> = a.paths.iter().map(|p| format!("`{}`", p.display())).collect();
            return Err(Error::Usage(format!(
                "nothing to lint: {} hold{} no files ending in {}; set `[input] extensions` in replylint.toml, or pass --allow-empty to accept an empty run",
                paths.join(", "),
                if paths.len() == 1 { "s" } else { "" },
                extensions
                    .iter()
                    .map(|e| format!(".{e}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if engine.rules().next().is_none() {
            return Err(Error::Usage(
                "no rules are selected: check --select, --ignore, the config file and --no-builtin-rules, or pass --allow-empty to accept an empty run"
                    .to_owned(),
            ));
        }
    }
    let stdin_name = a.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
    let color = color_on(a.color);
    // `colored` also checks whether stdout is a terminal on its own; the user's choice wins.
    // This is the process edge (one run per process), so the global switch is safe here.
    colored::control::set_override(color);
    let mut emitter = a.format.emitter(color, a.column_unit);
    let mut worst: Option<Severity> = None;
    let report_error = |e: InputError, summary: &mut Summary, stderr: &mut dyn Write| {
        let _ = writeln!(stderr, "error: {e}");
        summary.input_errors.push(e);
    };
    for e in std::mem::take(&mut summary.input_errors) {
        report_error(e, &mut summary, stderr);
    }
    let warnings = std::sync::Mutex::new(Vec::<String>::new());
    let prepare = |job: Job| -> Result<Linted, InputError> {
        let (origin, text, kind, convo) = match job {
            Job::Stdin => {
                let s = input::read_stdin()?;
                let convo = Conversation {
                    now: jiff::Timestamp::now(),
                    ..base.clone()
                };
                (
                    Origin {
                        path: stdin_name.clone(),
                        record: None,
                    },
                    s.text,
                    DocKind::Draft,
                    convo,
                )
            }
            Job::Envelope(path) => {
                let stdin = path.as_os_str() == "-";
                let name = if stdin {
                    stdin_name.clone()
                } else {
                    path.display().to_string()
                };
                let read = if stdin {
                    input::read_stdin()?
                } else {
                    input::read_file(&path)?
                };
                let (draft, mut convo) = input::envelope::parse(&name, &read.text)?;
                for (field, near) in input::envelope::unknown_fields(&read.text) {
                    let hint = near.map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default();
                    warnings.lock().map(|mut w| w.push(format!("warning: {name}: envelope field `{field}` is not one replylint reads{hint}; it is ignored"))).ok();
                }
                if convo.language.is_none() {
                    convo.language.clone_from(&base.language);
                }
                (
                    Origin {
                        path: name,
                        record: None,
                    },
                    draft,
                    DocKind::Draft,
                    convo,
                )
            }
            Job::File(path) => {
                let s = input::read_file(&path)?;
                (
                    Origin {
                        path: path.display().to_string(),
                        record: None,
                    },
                    s.text,
                    DocKind::Template,
                    base.clone(),
                )
            }
        };
        let diagnostics = engine.lint(&text, kind, &convo);
        Ok(Linted {
            origin,
            text,
            diagnostics,
        })
    };
    let results = lint_in_parallel(jobs, &prepare);
    for w in warnings.into_inner().unwrap_or_default() {
        let _ = writeln!(stderr, "{w}");
    }
    for result in results {
        let linted = match result {
            Ok(l) => l,
            Err(e) => {
                report_error(e, &mut summary, stderr);
                continue;
            }
        };
        summary.add(&linted.diagnostics);
        worst = worst.max(linted.diagnostics.iter().map(|d| d.severity).max());
        let report = DocumentReport {
            origin: &linted.origin,
            text: &linted.text,
            diagnostics: &linted.diagnostics,
        };
        if let Err(e) = emitter.document(stdout, &report) {
            return broken_pipe_or(e, status(&summary, worst, fail_on));
        }
    }
    if let Err(e) = emitter.finish(stdout, &summary).and_then(|()| stdout.flush()) {
        return broken_pipe_or(e, status(&summary, worst, fail_on));
    }
    Ok(status(&summary, worst, fail_on))
}

/// One document, read and linted.
struct Linted {
    origin: Origin,
    text: String,
    diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// Run `work` over `jobs` on scoped worker threads (one per core; none for a single job) and
/// return the results in input order, so output is the same whatever the scheduling.
fn lint_in_parallel<T: Send>(jobs: Vec<Job>, work: &(dyn Fn(Job) -> T + Sync)) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len());
    if workers <= 1 {
        return jobs.into_iter().map(work).collect();
    }
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let next = queue.lock().map_or(None, |mut q| q.next());
                        let Some((i, job)) = next else { break };
                        out.push((i, work(job)));
                    }
                    out
                })
            })
            .collect();
        // A worker only fails by panicking, which aborts the process in release builds.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn broken_pipe_or(e: std::io::Error, status: ExitStatus) -> Result<ExitStatus, Error> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(status)
    } else {
        Err(Error::Io(e))
    }
}

fn status(summary: &Summary, worst: Option<Severity>, fail_on: Severity) -> ExitStatus {
    if !summary.input_errors.is_empty() {
        ExitStatus::Error
    } else if worst.is_some_and(|w| w >= fail_on) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

fn rules_for(opts: &RuleOptions) -> Result<(RuleSet, Option<Config>), Error> {
    let cfg = find_config(opts, Path::new("."))?;
    let rules = load(opts, cfg.as_ref(), false)?;
    Ok((rules, cfg))
}

/// A path as the user would write it: relative to the working directory when it is below it.
fn shown_path(source: &crate::rules::RuleSource) -> String {
    match source {
        crate::rules::RuleSource::File { path } => {
            let cwd = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            cwd.and_then(|d| abs.strip_prefix(d).ok().map(|p| p.display().to_string()))
                .unwrap_or_else(|| path.display().to_string())
        }
        builtin @ crate::rules::RuleSource::Builtin { .. } => builtin.to_string(),
    }
}

fn list_rules(a: &RulesArgs, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let (rules, cfg) = rules_for(&a.rule_options)?;
    // Show the severity and on/off state the configuration gives, as `check` would use them.
    let sel = selection(&[], &[], cfg.as_ref());
    let effective = |r: &crate::rules::Rule| -> (Severity, bool) {
        let (on, severity) = sel.resolve(r);
        (severity, on)
    };
    if a.format == OutputFormat::Json {
        let list: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                let (severity, on) = effective(r);
                serde_json::json!({"id": r.id.as_str(), "category": r.id.category(), "severity": severity.as_str(), "default": on, "kind": r.kind(), "fixable": r.is_fixable(), "source": shown_path(&r.source), "summary": r.summary})
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(ExitStatus::Clean);
    }
    let rows: Vec<(String, Severity, &str, String, &str)> = rules
        .iter()
        .map(|r| {
            let (severity, on) = effective(r);
            let id = if on {
                r.id.to_string()
            } else {
                format!("{} (off)", r.id)
            };
            (
                id,
                severity,
                if r.is_fixable() { "yes" } else { "no" },
                shown_path(&r.source),
                r.summary.as_str(),
            )
        })
        .collect();
    // Columns line up to a point; a longer id or path just pushes its row (and a format width
    // must stay far below `u16::MAX`).
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(2).clamp(2, 80);
    let swidth = rows.iter().map(|r| r.3.len()).max().unwrap_or(6).clamp(6, 200);
    writeln!(
        out,
        "{:width$}  {:8}  {:7}  {:swidth$}  SUMMARY",
        "ID", "SEVERITY", "FIXABLE", "SOURCE"
    )?;
    for (id, severity, fixable, source, summary) in rows {
        writeln!(
            out,
            "{id:width$}  {:8}  {fixable:7}  {source:swidth$}  {summary}",
            severity.as_str()
        )?;
    }
    Ok(ExitStatus::Clean)
}

fn show_rule(a: &RuleArgs, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let (rules, _) = rules_for(&a.rule_options)?;
    let Some(r) = rules.get(&a.id) else {
        let near = rules.similar_ids(&a.id);
        let hint = if near.is_empty() {
            String::new()
        } else {
            format!(" (did you mean `{}`?)", near.join("`, `"))
        };
        return Err(Error::Usage(format!(
            "unknown rule `{}`{hint}; run `replylint rules` to list rule ids",
            a.id
        )));
    };
    writeln!(out, "# {}: {}\n", r.id, r.summary)?;
    writeln!(
        out,
        "- severity: {}{}",
        r.severity.as_str(),
        if r.default { "" } else { " (off by default)" }
    )?;
    writeln!(out, "- check kind: {}", r.kind())?;
    writeln!(out, "- fixable: {}", if r.is_fixable() { "yes" } else { "no" })?;
    writeln!(out, "- source: {}", r.source)?;
    if let Some(n) = r.etiquette {
        writeln!(out, "- etiquette mistake: {n}")?;
    }
    writeln!(out, "- message: {}", r.message)?;
    if let Some(h) = &r.help {
        writeln!(out, "- help: {h}")?;
    }
    if let Some(src) = r.fact_source() {
        writeln!(out, "- limit source: {src}")?;
    }
    if !r.docs.trim().is_empty() {
        writeln!(out, "\n{}", r.docs.trim_end())?;
    }
    if !r.examples.bad.is_empty() || !r.examples.good.is_empty() {
        writeln!(out, "\n## Examples\n")?;
        for b in &r.examples.bad {
            writeln!(out, "Flagged:     {b}")?;
        }
        for g in &r.examples.good {
            writeln!(out, "Not flagged: {g}")?;
        }
    }
    Ok(ExitStatus::Clean)
}
