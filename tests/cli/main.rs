#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic
//! Process-level tests: they run the `replylint` binary as a user or an agent would, and check
//! exit codes, what goes to stdout and stderr, and the shape of every output format.
//!
//! Every command runs with a scrubbed colour environment and, unless config discovery is under
//! test, with `--isolated`, so a stray `replylint.toml` above the checkout cannot change results.

mod agent;
mod agent_examples;
mod bad_input;
mod baseline;
mod check;
mod config;
mod examples;
mod exports;
mod fix;
mod formats;
mod mcp;
mod placeholders;
mod reliability;
mod rules;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;

/// A clean draft: greets, answers, closes courteously. No built-in rule fires on it.
pub(crate) const CLEAN: &str =
    "Hi Sam, your parcel left our warehouse this morning and should arrive on Friday. Have a great weekend!\n";

/// A sarcastic draft: only `tone.sarcasm` (a warning) fires on it.
pub(crate) const SARCASTIC: &str =
    "Hi Mark, yeah, right. The courier tried to deliver it three times. Is there anything else I can help with?\n";

/// The `replylint` binary with no colour variables from the environment of the test run.
pub(crate) fn replylint() -> Command {
    let mut cmd = cargo_bin_cmd!("replylint");
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
        cmd.env_remove(var);
    }
    cmd
}

/// The repository root (where `examples/` and `README.md` live).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Write `contents` to `dir/name`, creating parent directories.
pub(crate) fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, contents).unwrap();
    path
}

/// Captured output of one run.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run a command to completion and capture its exit code and output.
pub(crate) fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().expect("replylint was killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The rule ids in `--format concise` output, in order.
pub(crate) fn concise_rules(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|line| {
            let open = line.find('[').unwrap_or_else(|| panic!("not a concise line: {line:?}"));
            let close = line[open..]
                .find(']')
                .unwrap_or_else(|| panic!("not a concise line: {line:?}"))
                + open;
            line[open + 1..close].to_owned()
        })
        .collect()
}
