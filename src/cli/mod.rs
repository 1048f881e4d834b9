//! The command line: turn arguments and configuration into settings, run the engine over the
//! inputs in order, hand reports to the emitter, and compute the exit status.

mod agent;
pub(crate) mod args;
mod baseline;
mod fix;
mod mcp;
mod pipeline;
mod progress;
mod rule_info;
mod serve;
mod settings;
mod work;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Parser;

use replylint::config::Config;
use replylint::emit::{DocumentReport, EmitContext, OutputFormat, RuleMeta, Summary};
use replylint::error::{Error, ExitStatus};
use replylint::input;
use replylint::{RuleSet, Severity};

use args::{Args, CheckArgs, ColorChoice, Command, RuleArgs, RuleOptions, RulesArgs};
use pipeline::{Event, Job, Source};
use settings::{Resolver, find_config, load, selection};

/// Parse `argv` and run. Usage errors are printed by clap (exit 2).
pub(crate) fn main_with(
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
pub(crate) fn run(args: &Args, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitStatus, Error> {
    match &args.command {
        Command::Check(a) => check(a, Mode::Check, stdout, stderr),
        Command::Baseline(b) => check(&b.check, Mode::Record(b.output.as_deref()), stdout, stderr),
        Command::Rules(a) => list_rules(a, stdout),
        Command::Rule(a) => show_rule(a, stdout),
        Command::Serve(a) => serve::run(a, stdout, stderr),
        Command::Mcp(a) => mcp::run(a, stderr),
    }
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

/// What a lint run is for.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// `check`: report findings (not those of a baseline).
    Check,
    /// `baseline`: record findings in a baseline file (`--output`, when given).
    Record(Option<&'a Path>),
}

fn check(a: &CheckArgs, mode: Mode<'_>, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitStatus, Error> {
    if a.paths.is_empty() && a.envelope.is_none() {
        return Err(Error::Usage(
            "nothing to lint: give files or directories, `-` to read a draft from stdin, or `--envelope FILE`"
                .to_owned(),
        ));
    }
    let stdin_uses = a.paths.iter().filter(|p| p.as_os_str() == "-").count()
        + usize::from(a.envelope.as_deref().is_some_and(|p| p.as_os_str() == "-"));
    if stdin_uses > 1 {
        let how = if a.envelope.as_deref().is_some_and(|p| p.as_os_str() == "-") {
            "use `-` or `--envelope -`, not both"
        } else {
            "give `-` once"
        };
        return Err(Error::Usage(format!("standard input can be read only once: {how}")));
    }
    // Each input is linted under the config nearest to it; each config is loaded once.
    let mut resolver = Resolver::new(a)?;
    let mut jobs = Vec::new();
    let mut summary = Summary::default();
    let mut searched = Vec::new();
    if let Some(env) = &a.envelope {
        let settings = if env.as_os_str() == "-" {
            resolver.for_stdin(a.stdin_filename.as_deref())?
        } else {
            resolver.for_path(env)?
        };
        jobs.push(Job {
            source: Source::Envelope(env.clone()),
            settings,
        });
    }
    for p in &a.paths {
        if p.as_os_str() == "-" {
            jobs.push(Job {
                source: Source::Stdin,
                settings: resolver.for_stdin(a.stdin_filename.as_deref())?,
            });
            continue;
        }
        // The config nearest the path decides which extensions a walk keeps.
        let root = resolver.for_path(p)?;
        searched.push((p, root.extensions.clone()));
        match input::walk::expand(p, &root.extensions) {
            Ok(expanded) => {
                for note in &expanded.skipped {
                    let _ = writeln!(stderr, "warning: {note}");
                }
                for file in expanded.files {
                    jobs.push(Job {
                        settings: resolver.for_file(&file)?,
                        source: Source::File(file),
                    });
                }
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                summary.input_errors.push(e);
            }
        }
    }
    // One run per process: the loaded rules live until it exits, and freeing them (4% of one
    // draft's instructions) is left to the operating system. The jobs share the settings.
    std::mem::forget(resolver);
    // A gate that lints nothing must not pass (issue 12): say so, unless the user allows it.
    if !a.allow_empty {
        if jobs.is_empty() && summary.input_errors.is_empty() {
            return Err(Error::Usage(nothing_found(&searched)));
        }
        if jobs.iter().any(|j| j.settings.engine.rules().next().is_none()) {
            return Err(Error::Usage(
                "no rules are selected: check --select, --ignore, the config file and --no-builtin-rules, or pass --allow-empty to accept an empty run"
                    .to_owned(),
            ));
        }
    }
    if a.format == OutputFormat::Agent && matches!(mode, Mode::Check) {
        return agent::run(a, &jobs, stdout, stderr);
    }
    let stdin_name = a.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
    let mut gate = match mode {
        Mode::Check => baseline::Gate::for_check(a.baseline.as_deref(), &jobs, &stdin_name)?,
        Mode::Record(_) if a.baseline.is_some() => {
            return Err(Error::Usage(
                "`replylint baseline` writes a baseline; name the file with --output, not --baseline".to_owned(),
            ));
        }
        Mode::Record(output) => baseline::Gate::for_record(output, &jobs),
    };
    let fixing = fix::FixMode::from_args(a)?;
    if fixing.is_some() && matches!(mode, Mode::Record(_)) {
        return Err(Error::Usage(
            "`replylint baseline` records findings; it does not take --fix or --diff".to_owned(),
        ));
    }
    // `--fix -` prints the fixed text on stdout, so the findings go to stderr, concise.
    let on_stderr = fixing.is_some_and(|m| m.reports_on_stderr(a));
    let format = if on_stderr { OutputFormat::Concise } else { a.format };
    // `--diff` shows only the diff; `--quiet` no findings.
    let silent = a.quiet || fixing.is_some_and(|m| m.diff);
    let (mut fixed, mut changed) = (0, false);
    let color = color_on(a.color);
    // `colored` also checks whether stdout is a terminal on its own; the user's choice wins.
    // This is the process edge (one run per process), so the global switch is safe here.
    colored::control::set_override(color);
    let cx = EmitContext {
        color,
        unit: a.column_unit,
        rules: if format.needs_rules() {
            rule_meta(&jobs)?
        } else {
            Vec::new()
        },
    };
    let mut emitter = format.emitter(cx).map_err(|e| Error::Usage(e.0))?;
    let mut failed = false;
    let opts = pipeline::RunOptions {
        stdin_name: &stdin_name,
        section_size: a.section_size.unwrap_or(pipeline::DEFAULT_SECTION_SIZE),
        part_size: a.part_size.unwrap_or(pipeline::DEFAULT_PART_SIZE),
        fix: fixing,
        threads: a.threads,
    };
    let mut progress = progress::Progress::new(
        jobs.len(),
        matches!(format, OutputFormat::Human | OutputFormat::Concise) && !on_stderr && !gate.is_recording(),
    );
    let written = pipeline::run(jobs, &opts, &mut |event| {
        match event {
            Event::Warning(w) => {
                let _ = writeln!(stderr, "warning: {w}");
            }
            Event::Error(e) => {
                let _ = writeln!(stderr, "error: {e}");
                summary.input_errors.push(e);
            }
            Event::Section {
                doc,
                mut diagnostics,
                first,
                last,
            } => {
                summary.baselined += gate.apply(&doc.origin, doc.text(), &mut diagnostics);
                summary.add(&diagnostics);
                summary.documents += usize::from(last);
                failed |= diagnostics.iter().any(|d| d.severity >= doc.fail_on);
                let report = DocumentReport {
                    origin: &doc.origin,
                    source: &doc.file.text,
                    index: &doc.file.index,
                    map: doc.map(),
                    base: doc.base + doc.file.start,
                    lines_before: doc.file.lines_before,
                    diagnostics: &diagnostics,
                    first,
                    last,
                };
                if gate.is_recording() || silent {
                } else if on_stderr {
                    emitter.document(stderr, &report)?;
                } else if progress.is_shown() && !report.diagnostics.is_empty() {
                    // The bar steps aside, and the findings are on the screen before it is drawn
                    // again.
                    progress.around(|| emitter.document(stdout, &report).and_then(|()| stdout.flush()))?;
                } else {
                    emitter.document(stdout, &report)?;
                }
            }
            Event::Fixed { fixed: n, diff, print } => {
                fixed += n;
                changed |= diff.is_some();
                for text in [diff, print].into_iter().flatten() {
                    stdout.write_all(text.as_bytes())?;
                }
            }
            Event::Done => progress.done_one(),
        }
        Ok(())
    });
    progress.finish();
    if let baseline::Gate::Record(recorder) = gate {
        written?;
        if !summary.input_errors.is_empty() {
            let _ = writeln!(
                stderr,
                "error: the baseline was not written, as some inputs could not be read"
            );
            return Ok(ExitStatus::Error);
        }
        let path = recorder.path.clone();
        let n = recorder.write()?;
        writeln!(
            stdout,
            "wrote {n} finding{} of {} document{} to {}",
            if n == 1 { "" } else { "s" },
            summary.documents,
            if summary.documents == 1 { "" } else { "s" },
            path.display()
        )?;
        return Ok(ExitStatus::Clean);
    }
    summary.fixed = fixed;
    let result = written
        .and_then(|()| match fixing {
            _ if a.quiet => Ok(()),
            Some(m) if m.diff => writeln!(stderr, "{}", fix::would_line(fixed)),
            Some(_) if on_stderr => writeln!(stderr, "{}", fix::fixed_line(fixed, summary.total())),
            Some(_) => emitter.finish(stdout, &summary).and_then(|()| match format {
                OutputFormat::Human => writeln!(stdout, "{}", fix::fixed_line(fixed, summary.total())),
                _ => Ok(()),
            }),
            None => emitter.finish(stdout, &summary),
        })
        .and_then(|()| stdout.flush());
    let over_budget = a.max_warnings.is_some_and(|n| summary.warnings > n);
    if over_budget {
        let _ = writeln!(
            stderr,
            "error: {} warnings, more than the --max-warnings budget of {}",
            summary.warnings,
            a.max_warnings.unwrap_or_default()
        );
    }
    let status = match fixing {
        // `--diff` fails when there is something to change (ruff).
        Some(m) if m.diff => status(&summary, changed),
        _ => status(&summary, failed || over_budget),
    };
    match result {
        Ok(()) => Ok(status),
        // A closed stdout (`| head`) ends the run early; what was written stands.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(Error::Io(e)),
    }
}

/// The rules the run can report, for formats that list them: the union of the rules each
/// settings selects (a file's, and each of its record overrides'), with the docs that `check`'s lean load skips read from the full built-in
/// packs (only for built-in rules: a disk pack's rules carry their own).
fn rule_meta(jobs: &[Job]) -> Result<Vec<RuleMeta>, Error> {
    let mut seen: Vec<*const settings::Settings> = Vec::new();
    let mut by_id: std::collections::BTreeMap<String, (RuleMeta, bool)> = std::collections::BTreeMap::new();
    let all = jobs
        .iter()
        .flat_map(|job| std::iter::once(std::sync::Arc::clone(&job.settings)).chain(job.settings.record_variants()));
    for settings in all {
        let ptr = std::sync::Arc::as_ptr(&settings);
        if seen.contains(&ptr) {
            continue;
        }
        seen.push(ptr);
        for (r, _) in settings.engine.rules() {
            by_id.entry(r.id.as_str().to_owned()).or_insert_with(|| {
                let builtin = matches!(r.source, replylint::RuleSource::Builtin { .. });
                (RuleMeta::from(r), builtin)
            });
        }
    }
    if by_id.values().any(|(m, builtin)| *builtin && m.docs.is_empty()) {
        let full = replylint::load_rules(&replylint::LoadOptions {
            builtin: true,
            ..Default::default()
        })
        .map_err(Error::Rules)?;
        for (meta, builtin) in by_id.values_mut() {
            if let Some(r) = full.get(meta.id.as_str()).filter(|_| *builtin && meta.docs.is_empty()) {
                meta.docs.clone_from(&r.docs);
            }
        }
    }
    Ok(by_id.into_values().map(|(m, _)| m).collect())
}

/// Why a run found nothing to lint, naming the paths and the extensions looked for.
fn nothing_found(searched: &[(&PathBuf, Vec<String>)]) -> String {
    let paths: Vec<String> = searched.iter().map(|(p, _)| format!("`{}`", p.display())).collect();
    let mut extensions: Vec<String> = searched
        .iter()
        .flat_map(|(_, e)| e.iter().map(|e| format!(".{e}")))
        .collect();
    extensions.dedup();
    format!(
        "nothing to lint: {} hold{} no files ending in {}; set `[input] extensions` in replylint.toml, or pass --allow-empty to accept an empty run",
        paths.join(", "),
        if paths.len() == 1 { "s" } else { "" },
        extensions.join(", ")
    )
}

fn status(summary: &Summary, failed: bool) -> ExitStatus {
    if !summary.input_errors.is_empty() {
        ExitStatus::Error
    } else if failed {
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

fn list_rules(a: &RulesArgs, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let (rules, cfg) = rules_for(&a.rule_options)?;
    // Show the severity and on/off state the configuration gives, as `check` would use them.
    let sel = selection(&[], &[], cfg.as_ref());
    let effective = |r: &replylint::Rule| -> (Severity, bool) {
        let (on, severity) = sel.resolve(r);
        (severity, on)
    };
    if a.format == OutputFormat::Json {
        let list: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                let (severity, on) = effective(r);
                rule_info::summary_json(r, severity, on)
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
                rule_info::shown_path(&r.source),
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
        return Err(Error::Usage(rule_info::unknown(&rules, &a.id)));
    };
    write!(out, "{}", rule_info::markdown(r))?;
    Ok(ExitStatus::Clean)
}
