//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use replylint::ColumnUnit;
use replylint::Severity;
use replylint::emit::OutputFormat;
use replylint::input::export::InputFormat;

/// Lint the replies a business sends its customers.
#[derive(Debug, Parser)]
#[command(
    name = "replylint",
    version,
    about,
    max_term_width = 100,
    after_help = "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, \
                  2 usage, configuration, rule or input error."
)]
pub(crate) struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process; boxing buys nothing
pub(crate) enum Command {
    /// Lint drafts (stdin), templates (files and directories) or an envelope.
    Check(CheckArgs),
    /// List the loaded rules.
    Rules(RulesArgs),
    /// Show one rule's documentation.
    Rule(RuleArgs),
    /// Lint as `check` does and write today's findings to a baseline file, which later
    /// `check --baseline FILE` runs (or `baseline = "FILE"` in replylint.toml) do not report.
    Baseline(BaselineArgs),
    /// Answer lint requests with the rules loaded once: one JSON envelope per line on stdin,
    /// one agent result per line on stdout, in order.
    Serve(ServeArgs),
    /// Speak the Model Context Protocol on stdin and stdout: the tools `lint_reply`,
    /// `list_rules` and `explain_rule`, with the rules loaded once.
    Mcp(McpArgs),
}

/// When to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options shared by the commands that load rules.
#[derive(Debug, Clone, ClapArgs)]
pub(crate) struct RuleOptions {
    /// Extra rule pack (file or directory of *.toml); repeatable; same ids replace built-ins.
    #[arg(long = "rules", value_name = "PATH", help_heading = "Rules")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long, help_heading = "Rules")]
    pub no_builtin_rules: bool,
    /// Use this config file instead of discovering replylint.toml.
    #[arg(long, value_name = "FILE", help_heading = "Configuration")]
    pub config: Option<PathBuf>,
    /// Ignore any discovered config file.
    #[arg(long, conflicts_with = "config", help_heading = "Configuration")]
    pub isolated: bool,
}

/// `replylint check`.
#[derive(Debug, ClapArgs)]
pub(crate) struct CheckArgs {
    /// Files or directories to lint as templates; `-` reads a draft from stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read a JSON lint-request envelope from FILE (`-` for stdin) and lint its draft.
    #[arg(long, value_name = "FILE")]
    pub envelope: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = output_format(&FORMAT_NAMES), default_value = "human", help_heading = "Output")]
    pub format: OutputFormat,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub color: ColorChoice,
    /// Column unit of machine output (json, jsonl, sarif, github).
    #[arg(long, value_parser = choice(&COLUMN_UNITS), default_value = "codepoint", help_heading = "Output")]
    pub column_unit: ColumnUnit,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_parser = choice(&SEVERITIES), help_heading = "Selection")]
    pub fail_on: Option<Severity>,
    /// `--format agent`: the verdict is `block` when a finding left after the safe fixes is at
    /// least this severe (default: error).
    #[arg(long, value_parser = choice(&SEVERITIES), value_name = "SEVERITY", help_heading = "Agent")]
    pub block_on: Option<Severity>,
    /// `--format agent`: the verdict is `revise` when a finding left is at least this severe
    /// (default: warning).
    #[arg(long, value_parser = choice(&SEVERITIES), value_name = "SEVERITY", help_heading = "Agent")]
    pub revise_on: Option<Severity>,
    /// A warning budget: exit 1 when the run has more than N warnings, even if --fail-on is
    /// `error` (a library adopts replylint by letting the count only go down).
    #[arg(long, value_name = "N", help_heading = "Selection")]
    pub max_warnings: Option<usize>,
    /// Rule ids or categories to enable (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_parser = selector, help_heading = "Selection")]
    pub select: Vec<String>,
    /// Rule ids or categories to disable (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_parser = selector, help_heading = "Selection")]
    pub ignore: Vec<String>,
    /// Channel of drafts and templates without an envelope.
    #[arg(long, help_heading = "Input")]
    pub channel: Option<String>,
    /// Visibility of drafts and templates without an envelope: `private` or `public`.
    #[arg(long, value_name = "VISIBILITY", help_heading = "Input")]
    pub visibility: Option<String>,
    /// Name shown for stdin in output.
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub stdin_filename: Option<String>,
    /// Refuse documents larger than this (bytes, or with a unit: 512KiB, 64MiB); default 64MiB.
    #[arg(long, value_name = "SIZE", value_parser = replylint::config::parse_size, help_heading = "Input")]
    pub max_document_size: Option<u64>,
    /// Lint documents larger than this many bytes in sections of about this size (default
    /// 256 KiB). Hidden: tests use it to cut small documents.
    #[arg(long, value_name = "BYTES", hide = true)]
    pub section_size: Option<usize>,
    /// Read exports in parts of about this many bytes (default 1 MiB). Hidden: tests use it to
    /// cut small exports.
    #[arg(long, value_name = "BYTES", hide = true)]
    pub part_size: Option<usize>,
    /// Lint on this many threads (default: one per core; 0 means the same).
    #[arg(short = 'j', long, value_name = "N", help_heading = "Input")]
    pub threads: Option<usize>,
    /// How to read files: `auto` detects exports (`.json` lists, `.jsonl`, `.csv`) by extension
    /// and shape; a help desk's name reads its export shape.
    #[arg(long, value_parser = choice(&INPUT_FORMATS), value_name = "FORMAT", help_heading = "Input")]
    pub input_format: Option<InputFormat>,
    /// The field (or CSV column) holding a record's id in a generic export (default `id`).
    #[arg(long, value_name = "FIELD", help_heading = "Input")]
    pub id_field: Option<String>,
    /// The field (or CSV column) holding a record's text in a generic export (default `text`).
    #[arg(long, value_name = "FIELD", help_heading = "Input")]
    pub text_field: Option<String>,
    /// Accept a run with nothing to lint (no matching files, or no rules selected) instead of
    /// failing with exit 2.
    #[arg(long, help_heading = "Input")]
    pub allow_empty: bool,
    /// Apply safe fixes and rewrite the files (atomically; only files that change); on stdin,
    /// print the fixed text to stdout and the remaining findings to stderr.
    #[arg(long, help_heading = "Fixes")]
    pub fix: bool,
    /// With --fix or --diff, apply unsafe fixes too (they change wording or tone).
    #[arg(long, help_heading = "Fixes")]
    pub unsafe_fixes: bool,
    /// Print what --fix would change as a unified diff, and write nothing; exit 1 when there is
    /// something to change.
    #[arg(long, help_heading = "Fixes")]
    pub diff: bool,
    /// Report no findings and no summary (errors still go to stderr); the exit code still
    /// counts them. With `--fix -`, stdout holds only the fixed text.
    #[arg(long, short, help_heading = "Output")]
    pub quiet: bool,
    /// Report and fail only on findings not in this baseline file (written by `replylint
    /// baseline`); replaces `baseline` in replylint.toml.
    #[arg(long, value_name = "FILE", help_heading = "Selection")]
    pub baseline: Option<PathBuf>,
    /// Rules and configuration.
    #[command(flatten)]
    pub rule_options: RuleOptions,
}

/// `replylint baseline`.
#[derive(Debug, ClapArgs)]
pub(crate) struct BaselineArgs {
    /// Where to write the baseline: default `baseline` in replylint.toml, else
    /// `replylint-baseline.json` next to the config file in use, else in the working directory.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// What to lint, as for `check`.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// `replylint serve`.
#[derive(Debug, ClapArgs)]
pub(crate) struct ServeArgs {
    /// Read requests from stdin and write results to stdout, as JSON Lines (the one transport).
    #[arg(long)]
    pub stdio: bool,
    /// Rules, selection, configuration and verdict thresholds.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `replylint mcp`.
#[derive(Debug, ClapArgs)]
pub(crate) struct McpArgs {
    /// Rules, selection, configuration and verdict thresholds.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// What a long-running server takes: the rules and their configuration, the selection and the
/// verdict thresholds of every request (the requests themselves are the input).
#[derive(Debug, ClapArgs)]
pub(crate) struct ServiceArgs {
    /// Rule ids or categories to enable (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_parser = selector, help_heading = "Selection")]
    pub select: Vec<String>,
    /// Rule ids or categories to disable (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_parser = selector, help_heading = "Selection")]
    pub ignore: Vec<String>,
    /// The verdict is `block` when a finding left after the safe fixes is at least this severe
    /// (default: error).
    #[arg(long, value_parser = choice(&SEVERITIES), value_name = "SEVERITY", help_heading = "Agent")]
    pub block_on: Option<Severity>,
    /// The verdict is `revise` when a finding left is at least this severe (default: warning).
    #[arg(long, value_parser = choice(&SEVERITIES), value_name = "SEVERITY", help_heading = "Agent")]
    pub revise_on: Option<Severity>,
    /// Column unit of the results' columns.
    #[arg(long, value_parser = choice(&COLUMN_UNITS), default_value = "codepoint", help_heading = "Output")]
    pub column_unit: ColumnUnit,
    /// Check every request as a file at this path would be: with its nearest replylint.toml and
    /// the `[[overrides]]` its path matches.
    #[arg(long, value_name = "PATH", help_heading = "Input")]
    pub settings_path: Option<String>,
    /// Refuse drafts larger than this (bytes, or with a unit: 512KiB, 64MiB); default 64MiB.
    #[arg(long, value_name = "SIZE", value_parser = replylint::config::parse_size, help_heading = "Input")]
    pub max_document_size: Option<u64>,
    /// Rules and configuration.
    #[command(flatten)]
    pub rule_options: RuleOptions,
}

impl ServiceArgs {
    /// The `check` arguments that resolve the same settings: a check of one draft on stdin.
    pub(crate) fn as_check(&self) -> CheckArgs {
        CheckArgs {
            paths: Vec::new(),
            envelope: None,
            format: OutputFormat::Agent,
            color: ColorChoice::Never,
            column_unit: self.column_unit,
            fail_on: None,
            block_on: self.block_on,
            revise_on: self.revise_on,
            max_warnings: None,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            channel: None,
            visibility: None,
            stdin_filename: self.settings_path.clone(),
            max_document_size: self.max_document_size,
            section_size: None,
            part_size: None,
            threads: None,
            input_format: None,
            id_field: None,
            text_field: None,
            allow_empty: false,
            fix: false,
            unsafe_fixes: false,
            diff: false,
            quiet: true,
            baseline: None,
            rule_options: self.rule_options.clone(),
        }
    }
}

/// `replylint rules`.
#[derive(Debug, ClapArgs)]
pub(crate) struct RulesArgs {
    /// `human` prints a table; `json` prints the rules as JSON.
    #[arg(long, value_parser = output_format(&["human", "concise", "json"]), default_value = "human")]
    pub format: OutputFormat,
    /// Rules and configuration.
    #[command(flatten)]
    pub rule_options: RuleOptions,
}

/// `replylint rule ID`.
#[derive(Debug, ClapArgs)]
pub(crate) struct RuleArgs {
    /// The rule id, e.g. tone.sarcasm.
    pub id: String,
    /// Rules and configuration.
    #[command(flatten)]
    pub rule_options: RuleOptions,
}

/// A rule id or category from `--select` / `--ignore`; an empty one is a stray comma.
fn selector(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("an empty rule id or category (a stray comma?)".to_owned())
    } else {
        Ok(s.trim().to_owned())
    }
}

// The command line owns how core types are spelt on it: the engine's types know nothing of clap.

/// `--fail-on`, `--block-on`, `--revise-on`: the severities, with their help.
const SEVERITIES: [(&str, &str, Severity); 3] = [
    (
        "info",
        "A hint; never fails a run unless `--fail-on info`",
        Severity::Info,
    ),
    ("warning", "Worth fixing before sending", Severity::Warning),
    ("error", "Must be fixed before sending", Severity::Error),
];

/// `--column-unit`.
const COLUMN_UNITS: [(&str, &str, ColumnUnit); 4] = [
    ("byte", "UTF-8 bytes (Rust, Go)", ColumnUnit::Byte),
    (
        "codepoint",
        "Unicode scalar values (Python, SARIF `unicodeCodePoints`)",
        ColumnUnit::Codepoint,
    ),
    ("utf16", "UTF-16 code units (JavaScript, LSP)", ColumnUnit::Utf16),
    (
        "grapheme",
        "User-perceived characters, as a reader counts them",
        ColumnUnit::Grapheme,
    ),
];

/// `--input-format`.
const INPUT_FORMATS: [(&str, &str, InputFormat); 12] = [
    (
        "auto",
        "By extension and shape: `.json`, `.jsonl`/`.ndjson`, `.csv` holding records are exports; anything else is one template",
        InputFormat::Auto,
    ),
    ("text", "One template, whatever the file holds", InputFormat::Text),
    (
        "json",
        "A JSON list of records (or an object with one under a known key)",
        InputFormat::Json,
    ),
    ("jsonl", "JSON Lines: one record per line", InputFormat::Jsonl),
    ("csv", "CSV with a header row", InputFormat::Csv),
    ("zendesk", "Zendesk macros", InputFormat::Zendesk),
    ("freshdesk", "Freshdesk canned responses", InputFormat::Freshdesk),
    ("intercom", "Intercom macros", InputFormat::Intercom),
    ("front", "Front message templates", InputFormat::Front),
    ("helpscout", "Help Scout saved replies", InputFormat::Helpscout),
    ("gorgias", "Gorgias macros", InputFormat::Gorgias),
    (
        "salesforce",
        "Salesforce Quick Text (CSV or JSON)",
        InputFormat::Salesforce,
    ),
];

/// A parser for one of `table`'s values, each listed in `--help` with its help.
fn choice<T: Copy + Send + Sync + 'static>(
    table: &'static [(&'static str, &'static str, T)],
) -> impl TypedValueParser<Value = T> + use<T> {
    let values: Vec<PossibleValue> = table
        .iter()
        .map(|&(name, help, _)| PossibleValue::new(name).help(help))
        .collect();
    PossibleValuesParser::new(values).try_map(move |name: String| {
        table
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|&(.., value)| value)
            .ok_or_else(|| format!("unknown value `{name}`"))
    })
}

/// The `--format` values of `check`, in the order `--help` lists them.
const FORMAT_NAMES: [&str; 7] = ["human", "concise", "json", "jsonl", "sarif", "github", "agent"];

/// Each output format's name and the help `--help` shows for it. The emit layer knows nothing of
/// the command line; this table is the CLI's spelling of [`OutputFormat`].
const FORMATS: [(&str, &str, OutputFormat); 7] = [
    (
        "human",
        "rustc-style snippets with carets, for people",
        OutputFormat::Human,
    ),
    (
        "concise",
        "One line per diagnostic: `path:line:col: severity[rule] message`",
        OutputFormat::Concise,
    ),
    (
        "json",
        "One versioned JSON document, for agents and tools",
        OutputFormat::Json,
    ),
    (
        "jsonl",
        "One JSON object per line (diagnostic, error, summary), streamed",
        OutputFormat::Jsonl,
    ),
    ("sarif", "SARIF 2.1.0, for code-scanning tools", OutputFormat::Sarif),
    (
        "github",
        "GitHub Actions workflow commands: annotations on the pull request",
        OutputFormat::Github,
    ),
    (
        "agent",
        "For one draft (stdin or --envelope): a verdict (send, revise, block), the findings and the fixed draft",
        OutputFormat::Agent,
    ),
];

/// A parser for `--format` that accepts `names` (a subset of [`FORMATS`]).
fn output_format(names: &[&str]) -> impl TypedValueParser<Value = OutputFormat> + use<> {
    let values: Vec<PossibleValue> = FORMATS
        .iter()
        .filter(|(name, ..)| names.contains(name))
        .map(|&(name, help, _)| PossibleValue::new(name).help(help))
        .collect();
    PossibleValuesParser::new(values).map(|name: String| {
        FORMATS
            .iter()
            .find(|(n, ..)| *n == name)
            .map_or(OutputFormat::Human, |&(.., format)| format)
    })
}
