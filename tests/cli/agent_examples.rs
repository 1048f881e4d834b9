//! `examples/agents/`: the Python and Node.js programs agent authors copy run against the binary
//! under test and act on its verdicts as `examples/agents/README.md` says, and the MCP snippets
//! are the JSON the hosts read. Python 3 and Node.js are required: a missing interpreter fails
//! the test rather than skipping it, so the examples cannot rot unnoticed.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::{Run, replylint, repo};

const SARCASTIC: &str =
    "Hi Dana, yeah, right, the courier tried to deliver it three times. Is there anything else I can help with?";
const CLEAN: &str = "Thanks for waiting, Dana. Your parcel left the warehouse today and should arrive on Friday.";
/// A typo the safe fixes correct: `send`, and the text to send is the corrected one.
const TYPO: &str = "Hi Dana, we recieved it and it left today. Have a great day!";
/// An error no fix removes.
const PLACEHOLDER: &str = "Hi {{first_name}}, your parcel left today. Is there anything else I can help with?";

/// Run `interpreter examples/agents/<script> <args>` with `REPLYLINT` set to the binary under test.
fn example(interpreter: &str, script: &str, args: &[&str]) -> Run {
    example_with(interpreter, script, args, replylint().get_program())
}

fn example_with(interpreter: &str, script: &str, args: &[&str], binary: impl AsRef<std::ffi::OsStr>) -> Run {
    // A scratch working directory: replylint discovers replylint.toml from there, and the
    // repository's own (examples/replylint.toml) or one above the checkout must not apply.
    let scratch = tempfile::tempdir().unwrap();
    let out = Command::new(interpreter)
        .arg(repo().join("examples/agents").join(script))
        .args(args)
        .env("REPLYLINT", binary.as_ref())
        // The findings quote with “ ”: the output must not depend on the machine's locale.
        .env("PYTHONUTF8", "1")
        .current_dir(scratch.path())
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap_or_else(|e| {
            // Fail, not skip: a machine without the interpreter would otherwise pass silently.
            assert!(
                e.kind() != std::io::ErrorKind::NotFound,
                "`{interpreter}` is not on PATH: examples/agents/{script} needs it; install it to run these tests"
            );
            panic!("could not run `{interpreter} {script}`: {e}")
        });
    Run {
        code: out
            .status
            .code()
            .unwrap_or_else(|| panic!("{script} was killed (a 30 s timeout?)")),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn last_line(r: &Run) -> &str {
    r.stdout.lines().last().unwrap_or("")
}

fn ctx(interpreter: &str, script: &str, r: &Run) -> String {
    format!("{interpreter} {script}: exit {}\n{}{}", r.code, r.stdout, r.stderr)
}

/// `check_draft.py` and `check_draft.mjs` behave the same: one case per verdict.
fn check_draft_verdicts(interpreter: &str, script: &str) {
    let ctx = |r: &Run| ctx(interpreter, script, r);

    let r = example(interpreter, script, &[SARCASTIC]);
    assert_eq!((r.code, last_line(&r)), (1, "verdict: revise"), "{}", ctx(&r));
    assert!(
        r.stdout
            .contains("- warning tone.sarcasm at 1:10: “yeah, right” reads as sarcasm"),
        "the feedback locates each finding: {}",
        ctx(&r)
    );

    let r = example(interpreter, script, &[]);
    assert_eq!(
        (r.code, last_line(&r)),
        (1, "verdict: revise"),
        "the built-in draft is sarcastic: {}",
        ctx(&r)
    );

    let r = example(interpreter, script, &[CLEAN]);
    assert_eq!((r.code, last_line(&r)), (0, "verdict: send"), "{}", ctx(&r));
    assert_eq!(r.stdout, format!("Sending:\n{CLEAN}\nverdict: send\n"));
    assert_eq!(r.stderr, "");

    let r = example(interpreter, script, &[TYPO]);
    assert_eq!((r.code, last_line(&r)), (0, "verdict: send"), "{}", ctx(&r));
    assert!(
        r.stdout.contains("we received it"),
        "what is sent is `fixed`, not the draft: {}",
        ctx(&r)
    );

    let r = example(interpreter, script, &[PLACEHOLDER]);
    assert_eq!((r.code, last_line(&r)), (1, "verdict: block"), "{}", ctx(&r));
    assert!(r.stdout.contains("error context.unfilled-placeholder"), "{}", ctx(&r));
}

/// The two ways a draft cannot be checked: replylint refuses the envelope (exit 2), or it is
/// not there. Either way nothing is on stdout and the reason is on stderr.
fn check_draft_failures(interpreter: &str, script: &str) {
    let ctx = |r: &Run| ctx(interpreter, script, r);

    let r = example(interpreter, script, &[CLEAN, "fax"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{}", ctx(&r));
    assert!(r.stderr.contains("unknown channel `fax`"), "{}", ctx(&r));

    let missing = repo().join("no-such-dir/replylint");
    let r = example_with(interpreter, script, &[CLEAN], &missing);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{}", ctx(&r));
    assert!(
        r.stderr.contains("not found: install replylint or set REPLYLINT"),
        "{}",
        ctx(&r)
    );
}

#[test]
fn check_draft_py_acts_on_each_verdict() {
    check_draft_verdicts("python3", "check_draft.py");
}

#[test]
fn check_draft_py_reports_what_it_cannot_check() {
    check_draft_failures("python3", "check_draft.py");
}

#[test]
fn check_draft_mjs_acts_on_each_verdict() {
    check_draft_verdicts("node", "check_draft.mjs");
}

#[test]
fn check_draft_mjs_reports_what_it_cannot_check() {
    check_draft_failures("node", "check_draft.mjs");
}

/// One warm server answers every request, in order; the malformed line gets an error and the
/// stream goes on; the request with its own `select` hears only from the spelling rules.
#[test]
fn serve_client_answers_each_request_in_order() {
    let r = example("python3", "serve_client.py", &[]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let finals = &lines[lines.len().saturating_sub(5)..];
    assert_eq!(
        finals,
        [
            "id clean: send",
            "id sarcastic: revise",
            "id placeholder: block",
            "id broken: error",
            "id spelling-only: send",
        ],
        "{}",
        r.stdout
    );
    let detail = |id: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{id}: ")))
            .unwrap_or_else(|| panic!("no line for {id}: {}", r.stdout))
    };
    assert!(
        detail("broken").starts_with("broken: error at line 4, column "),
        "the error names the line: {}",
        r.stdout
    );
    assert!(
        detail("spelling-only").starts_with("spelling-only: send (spelling.typo)"),
        "select applies to its request: {}",
        r.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("warm server: ") && l.ends_with(" ms per draft (50 drafts)")),
        "{}",
        r.stdout
    );
}

/// The MCP snippets are valid JSON, in the `mcpServers` shape, and start `replylint mcp`.
#[test]
fn mcp_configs_start_replylint_mcp() {
    for file in ["claude_desktop_config.json", "mcp.json"] {
        let path = repo().join("examples/agents/mcp").join(file);
        let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        let server = &config["mcpServers"]["replylint"];
        assert_eq!(server["command"], "replylint", "{file}");
        assert_eq!(server["args"][0], "mcp", "{file}");
    }
}

/// The README describes every file, with the command that runs it.
#[test]
fn the_agents_readme_covers_every_file() {
    let readme = std::fs::read_to_string(repo().join("examples/agents/README.md")).unwrap();
    for file in [
        "check_draft.py",
        "check_draft.mjs",
        "serve_client.py",
        "mcp/claude_desktop_config.json",
        "mcp/mcp.json",
    ] {
        assert!(
            readme.contains(&format!("`{file}`")),
            "examples/agents/README.md: {file}"
        );
    }
    for command in [
        "python3 examples/agents/check_draft.py",
        "node examples/agents/check_draft.mjs",
        "python3 examples/agents/serve_client.py",
    ] {
        assert!(readme.contains(command), "examples/agents/README.md: {command}");
    }
    for tool in ["lint_reply", "list_rules", "explain_rule"] {
        assert!(readme.contains(tool), "examples/agents/README.md: {tool}");
    }
}
