//! Output formats: JSON schema for agents, the concise line format, the human snippet, colour.

use serde_json::Value;

use crate::{SARCASTIC, replylint, run, write};

/// A draft with the conversation it answers; the customer gave an order number the draft ignores,
/// 25 hours ago.
const ENVELOPE: &str = r#"{
  "draft": "Hi Dana, could you send me your order number so I can check?",
  "channel": "messenger",
  "now": "2026-03-03T11:00:00Z",
  "customer": {"name": "Dana"},
  "thread": [
    {"role": "customer", "text": "Where is my order #48213? It was due yesterday.", "at": "2026-03-02T10:00:00Z"}
  ]
}"#;

const DRAFT: &str = "Hi Dana, could you send me your order number so I can check?";

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{stdout}"))
}

#[test]
fn envelope_on_stdin_gives_versioned_json_with_located_diagnostics() {
    let r = run(replylint()
        .args(["check", "--envelope", "-", "--format", "json", "--isolated"])
        .write_stdin(ENVELOPE));
    assert_eq!(
        r.code, 1,
        "an error-level finding (outside the window); stderr: {}",
        r.stderr
    );
    assert_eq!(r.stderr, "", "machine formats keep stderr for errors");
    let doc = json(&r.stdout);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "replylint");
    assert_eq!(doc["errors"].as_array().map(Vec::len), Some(0));
    assert_eq!(doc["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc["files"][0]["path"], "-");

    let diagnostics = doc["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics is an array");
    let rules: Vec<&str> = diagnostics.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"timing.outside-window"), "{rules:?}");
    assert!(rules.contains(&"context.asked-again"), "{rules:?}");
    for d in diagnostics {
        for key in ["rule", "severity", "message", "start", "end", "line", "column"] {
            assert!(d.get(key).is_some_and(|v| !v.is_null()), "`{key}` missing in {d}");
        }
        assert!(
            d.get("fix").is_some(),
            "`fix` is always present (null without a fix): {d}"
        );
        assert!(
            ["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()),
            "{d}"
        );
        let rule = d["rule"].as_str().unwrap();
        assert_eq!(d["category"].as_str(), rule.split('.').next(), "{d}");
        let (start, end) = (
            usize::try_from(d["start"].as_u64().unwrap()).unwrap(),
            usize::try_from(d["end"].as_u64().unwrap()).unwrap(),
        );
        assert!(start <= end && end <= DRAFT.len(), "byte span inside the draft: {d}");
        assert!(DRAFT.is_char_boundary(start) && DRAFT.is_char_boundary(end));
        // One line of ASCII: column is start + 1.
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(1), Some(u64::try_from(start).unwrap() + 1)),
            "{d}"
        );
    }
    let ignored = diagnostics.iter().find(|d| d["rule"] == "context.asked-again").unwrap();
    assert_eq!(ignored["severity"], "warning");
    assert!(ignored["message"].as_str().unwrap().contains("48213"), "{ignored}");

    let summary = &doc["summary"];
    assert_eq!(summary["documents"], 1);
    let count = |sev: &str| diagnostics.iter().filter(|d| d["severity"] == sev).count() as u64;
    assert_eq!(summary["errors"].as_u64(), Some(count("error")));
    assert_eq!(summary["warnings"].as_u64(), Some(count("warning")));
}

#[test]
fn json_columns_follow_the_column_unit() {
    let draft = "Hi Sam, café ☕ yeah, right.";
    let column = |unit: &str| {
        let r = run(replylint()
            .args([
                "check",
                "-",
                "--format",
                "json",
                "--isolated",
                "--select",
                "tone.sarcasm",
                "--column-unit",
                unit,
            ])
            .write_stdin(draft));
        let doc = json(&r.stdout);
        let d = &doc["files"][0]["diagnostics"][0];
        assert_eq!(d["rule"], "tone.sarcasm", "{doc}");
        assert_eq!(
            d["start"].as_u64(),
            Some(draft.find("yeah").unwrap() as u64),
            "start is always a byte offset"
        );
        d["column"].as_u64().unwrap()
    };
    assert_eq!(column("byte"), 19);
    assert_eq!(column("codepoint"), 16);
    assert_eq!(column("utf16"), 16);
}

#[test]
fn json_reports_input_errors_in_errors_array() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", SARCASTIC);
    let r = run(replylint().current_dir(dir.path()).args([
        "check",
        "missing.txt",
        "ok.txt",
        "--format",
        "json",
        "--isolated",
    ]));
    assert_eq!(r.code, 2);
    let doc = json(&r.stdout);
    assert_eq!(doc["errors"][0]["path"], "missing.txt", "{doc}");
    assert_eq!(doc["files"][0]["path"], "ok.txt");
    assert_eq!(doc["files"][0]["diagnostics"][0]["rule"], "tone.sarcasm");
    assert!(r.stderr.contains("missing.txt"), "{}", r.stderr);
}

#[test]
fn json_carries_fixes() {
    let r = run(replylint()
        .args([
            "check",
            "-",
            "--format",
            "json",
            "--isolated",
            "--select",
            "spelling.typo",
        ])
        .write_stdin("We have recieved it."));
    let doc = json(&r.stdout);
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "spelling.typo", "{doc}");
    assert_eq!(d["fix"]["applicability"], "safe", "{d}");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "received", "{d}");
    assert_eq!(
        (
            d["fix"]["edits"][0]["start"].as_u64(),
            d["fix"]["edits"][0]["end"].as_u64()
        ),
        (Some(8), Some(16))
    );
}

#[test]
fn concise_is_one_line_per_diagnostic() {
    let r = run(replylint()
        .args([
            "check",
            "-",
            "--format",
            "concise",
            "--isolated",
            "--stdin-filename",
            "draft.txt",
        ])
        .write_stdin(
            "Hi Chris,\nas I already said, I have recieved your photos. Is there anything else I can help with?\n",
        ));
    assert_eq!(
        r.stdout,
        "draft.txt:2:1: warning[tone.condescension] “as I already said” sounds condescending\n\
         draft.txt:2:27: warning[spelling.typo] “recieved” is a misspelling of “received”\n"
    );
    for line in r.stdout.lines() {
        let (place, rest) = line.split_once(": ").unwrap();
        let parts: Vec<&str> = place.split(':').collect();
        assert_eq!(parts.len(), 3, "path:line:col in {line:?}");
        assert!(
            parts[1].parse::<u32>().is_ok() && parts[2].parse::<u32>().is_ok(),
            "{line:?}"
        );
        let (severity, tail) = rest.split_once('[').unwrap();
        assert!(["error", "warning", "info"].contains(&severity), "{line:?}");
        let (rule, message) = tail.split_once("] ").unwrap();
        assert!(rule.contains('.') && !message.is_empty(), "{line:?}");
    }
    assert!(!r.stdout.contains("summary"), "concise output has no summary line");
}

#[test]
fn human_shows_a_snippet_with_caret_and_help() {
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--color", "never"])
        .write_stdin(SARCASTIC));
    let expected_head =
        "warning[tone.sarcasm]: “yeah, right” reads as sarcasm in writing\n --> -:1:10\n  |\n1 | Hi Mark, yeah, right.";
    assert!(r.stdout.starts_with(expected_head), "{}", r.stdout);
    assert!(
        r.stdout.contains("\n  |          ^^^^^^^^^^^\n"),
        "caret under “yeah, right”:\n{}",
        r.stdout
    );
    assert!(r.stdout.contains("= help: "), "{}", r.stdout);
    assert!(r.stdout.contains("summary: 1 warning in 1 document"), "{}", r.stdout);
}

const ESC: char = '\u{1b}';

/// `colored` disables itself when stdout is not a terminal unless `CLICOLOR_FORCE` is set, so
/// every colour test forces it: only replylint's own choice can then turn colour off.
fn coloured(args: &[&str], envs: &[(&str, &str)]) -> String {
    let mut cmd = replylint();
    cmd.args(["check", "-", "--isolated"])
        .args(args)
        .env("CLICOLOR_FORCE", "1")
        .write_stdin(SARCASTIC);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("tone.sarcasm"), "{}", r.stdout);
    r.stdout
}

#[test]
fn color_always_paints_when_the_environment_allows_it() {
    // The control for the two tests below: with colour forced on, escapes do appear.
    assert!(coloured(&["--color", "always"], &[]).contains(ESC));
    assert!(coloured(&["--color", "always", "--format", "concise"], &[]).contains(ESC));
}

#[test]
fn color_never_has_no_ansi_escapes() {
    for format in ["human", "concise", "json"] {
        let out = coloured(&["--color", "never", "--format", format], &[]);
        assert!(!out.contains(ESC), "{format}: {out:?}");
    }
}

/// Test output is a pipe, so `--color auto` is off anyway; what this pins is that `NO_COLOR` (with
/// colour otherwise forced) never lets an escape through in the default mode.
#[test]
fn no_color_has_no_ansi_escapes() {
    for format in ["human", "concise"] {
        let out = coloured(&["--format", format], &[("NO_COLOR", "1")]);
        assert!(!out.contains(ESC), "{format}: {out:?}");
        let out = coloured(&["--format", format, "--color", "auto"], &[("NO_COLOR", "1")]);
        assert!(!out.contains(ESC), "{format}: {out:?}");
    }
}

#[test]
fn color_always_paints_into_a_pipe() {
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--color", "always"])
        .write_stdin(SARCASTIC));
    assert!(r.stdout.contains(ESC), "{:?}", r.stdout);
}
