//! `replylint baseline` and `check --baseline` (issue 13): a legacy library adopts replylint
//! and fails only on what is new.

use std::path::Path;

use serde_json::Value;

use crate::{Run, replylint, run, write};

const CONFIG: &str = "fail-on = \"warning\"\n[input]\nextensions = [\"txt\", \"jsonl\"]\n";

/// A small library: two templates and an export of three records, with four findings: sarcasm
/// in `a.txt` and in record r1, a typo in `b.txt` and in record r3.
fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replylint.toml", CONFIG);
    write(
        dir.path(),
        "lib/a.txt",
        "Hi Mark, yeah, right. The courier tried to deliver it three times.\nIs there anything else I can help with?\n",
    );
    write(
        dir.path(),
        "lib/b.txt",
        "Hi Sam, I have recieved the photos. Is there anything else I can help with?\n",
    );
    write(dir.path(), "lib/export.jsonl", records(&["r1", "r2", "r3"], R2_CLEAN));
    dir
}

const R2_CLEAN: &str =
    "Hi Sam, your parcel left our warehouse this morning and should arrive on Friday. Have a great weekend!";

/// The export's records in `order`, with `r2` as given.
fn records(order: &[&str], r2: &str) -> String {
    let mut out = String::new();
    for id in order {
        let text = match *id {
            "r1" => "Hi Mark, yeah, right. Is there anything else I can help with?",
            "r2" => r2,
            _ => "Hi Jo, I have recieved it. Is there anything else I can help with?",
        };
        out.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        out.push('\n');
    }
    out
}

fn replylint_in(dir: &Path, args: &[&str]) -> Run {
    run(replylint().current_dir(dir).args(args))
}

fn baseline_file(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("replylint-baseline.json")).unwrap()).unwrap()
}

#[test]
fn baseline_writes_sorted_fingerprints_without_positions() {
    let dir = library();
    let r = replylint_in(dir.path(), &["baseline", "lib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("wrote 4 findings"), "{}", r.stdout);
    let file = baseline_file(dir.path());
    assert_eq!(file["version"], 1);
    let findings = file["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4);
    let keys: Vec<(String, String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
                f["record"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "entries are sorted");
    assert!(keys.contains(&("tone.sarcasm".into(), "lib/export.jsonl".into(), "r1".into())));
    assert!(keys.contains(&("spelling.typo".into(), "lib/b.txt".into(), String::new())));
    for f in findings {
        let mut fields: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        fields.sort_unstable();
        fields.retain(|k| *k != "record");
        assert_eq!(
            fields,
            ["context", "path", "rule", "text"],
            "no line numbers or offsets"
        );
    }
    // Stable: a second run writes the same bytes.
    let first = std::fs::read(dir.path().join("replylint-baseline.json")).unwrap();
    replylint_in(dir.path(), &["baseline", "lib"]);
    assert_eq!(
        std::fs::read(dir.path().join("replylint-baseline.json")).unwrap(),
        first
    );
}

/// The acceptance check: take a baseline, then add one problem to one record, reorder
/// the records and move lines in a file; the next run fails on that one finding only.
#[test]
fn only_new_findings_are_reported_after_records_are_reordered_and_lines_move() {
    let dir = library();
    assert_eq!(replylint_in(dir.path(), &["baseline", "lib"]).code, 0);
    let r = replylint_in(
        dir.path(),
        &[
            "check",
            "lib",
            "--baseline",
            "replylint-baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);

    write(
        dir.path(),
        "lib/export.jsonl",
        records(
            &["r3", "r2", "r1"],
            "Hi Sam, your parcel left our warehouse this morning and should arrive on Friday. I have recieved your note. Have a great weekend!",
        ),
    );
    write(
        dir.path(),
        "lib/a.txt",
        "Is there anything else I can help with?\n\nHi Mark, yeah, right. The courier tried to deliver it three times.\n",
    );
    let r = replylint_in(
        dir.path(),
        &[
            "check",
            "lib",
            "--baseline",
            "replylint-baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(
        lines[0].starts_with("lib/export.jsonl#r2:") && lines[0].contains("spelling.typo"),
        "{}",
        r.stdout
    );
    // The exit follows --fail-on: the new finding is a warning.
    let r = replylint_in(
        dir.path(),
        &[
            "check",
            "lib",
            "--baseline",
            "replylint-baseline.json",
            "--fail-on",
            "error",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("(4 baselined)"), "{}", r.stdout);
}

#[test]
fn a_fixed_finding_disappears_and_the_summary_counts_the_baselined() {
    let dir = library();
    replylint_in(dir.path(), &["baseline", "lib"]);
    write(
        dir.path(),
        "lib/b.txt",
        "Hi Sam, I have received the photos. Is there anything else I can help with?\n",
    );
    let r = replylint_in(dir.path(), &["check", "lib", "--baseline", "replylint-baseline.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no problems found (3 baselined)"), "{}", r.stdout);
    let r = replylint_in(
        dir.path(),
        &[
            "check",
            "lib",
            "--baseline",
            "replylint-baseline.json",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let summary = &doc["summary"];
    assert_eq!(summary["baselined"], 3);
    for field in ["documents", "errors", "warnings", "infos", "fixable"] {
        assert!(summary[field].is_u64(), "existing field `{field}` kept: {summary}");
    }
    assert_eq!(summary["warnings"], 0, "baselined findings are not counted");
}

#[test]
fn identical_findings_are_counted_one_entry_each() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replylint.toml", CONFIG);
    let line = "I have recieved it.\n";
    write(dir.path(), "lib/twice.txt", line.repeat(2));
    let r = replylint_in(dir.path(), &["baseline", "lib", "--select", "spelling"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(baseline_file(dir.path())["findings"].as_array().unwrap().len(), 2);
    write(dir.path(), "lib/twice.txt", line.repeat(3));
    let r = replylint_in(
        dir.path(),
        &[
            "check",
            "lib",
            "--select",
            "spelling",
            "--baseline",
            "replylint-baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "the third copy is new: {}", r.stdout);
}

#[test]
fn the_config_names_the_baseline_relative_to_itself() {
    let dir = library();
    write(
        dir.path(),
        "replylint.toml",
        format!("baseline = \"ci/baseline.json\"\n{CONFIG}"),
    );
    std::fs::create_dir_all(dir.path().join("ci")).unwrap();
    // `baseline` writes where the config says, and paths are relative to that file.
    let r = replylint_in(&dir.path().join("lib"), &["baseline", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("ci/baseline.json")).unwrap();
    assert!(text.contains("\"path\":\"../lib/a.txt\""), "{text}");
    // From another working directory the same fingerprints match.
    let r = replylint_in(dir.path(), &["check", "lib"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("(4 baselined)"), "{}", r.stdout);
    let r = replylint_in(&dir.path().join("lib"), &["check", "."]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn output_names_the_file() {
    let dir = library();
    let r = replylint_in(dir.path(), &["baseline", "lib", "--output", "here.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("here.json").is_file());
    assert!(!dir.path().join("replylint-baseline.json").exists());
    let r = replylint_in(dir.path(), &["baseline", "lib", "--baseline", "here.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--output"), "{}", r.stderr);
}

#[test]
fn a_missing_or_malformed_baseline_is_a_located_error() {
    let dir = library();
    let r = replylint_in(dir.path(), &["check", "lib", "--baseline", "nope.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(
        r.stderr.contains("nope.json") && r.stderr.contains("replylint baseline"),
        "{}",
        r.stderr
    );
    write(dir.path(), "bad.json", "{\"version\": 1,\n \"findings\": [1]}\n");
    let r = replylint_in(dir.path(), &["check", "lib", "--baseline", "bad.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("bad.json:2:"), "{}", r.stderr);
    write(dir.path(), "v9.json", "{\"version\": 9, \"findings\": []}\n");
    let r = replylint_in(dir.path(), &["check", "lib", "--baseline", "v9.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("version 9"), "{}", r.stderr);
    // A config's `baseline` that is missing is an error too, not a silent pass.
    write(
        dir.path(),
        "replylint.toml",
        format!("baseline = \"gone.json\"\n{CONFIG}"),
    );
    let r = replylint_in(dir.path(), &["check", "lib"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("gone.json"), "{}", r.stderr);
}
