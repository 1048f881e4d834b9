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

// ---- Machine formats: jsonl, sarif, github (issue 13) ----

/// A pack whose messages hold every character a workflow command must escape.
const PROMO_PACK: &str = r#"
[[rules]]
id = "promo.discount"
severity = "error"
summary = "Promises a discount"
message = "100% off: no, never\npromise “{matched}”"
help = "Say: a, b"
[rules.check.phrases]
phrases = ["discount"]

[[rules]]
id = "promo.sale"
severity = "warning"
summary = "Says sale"
message = "“{matched}”, again"
[rules.check.phrases]
phrases = ["sale"]

[[rules]]
id = "promo.free"
severity = "info"
summary = "Says free"
message = "“{matched}” is a 50%, maybe"
[rules.check.phrases]
phrases = ["free"]
"#;

/// A file name that needs escaping in a property and encoding in a URI.
const PROMO_FILE: &str = "sale, 100%: now.txt";

/// A temp dir holding `pack.toml` (the promo pack) and `PROMO_FILE`.
fn promo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pack.toml", PROMO_PACK);
    write(dir.path(), PROMO_FILE, "We offer a discount.\r\nIt is free, on sale.\n");
    dir
}

fn promo(dir: &tempfile::TempDir, format: &str, extra: &[&str]) -> crate::Run {
    run(replylint().current_dir(dir.path()).args(
        [
            "check",
            "--isolated",
            "--no-builtin-rules",
            "--rules",
            "pack.toml",
            "--format",
            format,
            PROMO_FILE,
        ]
        .iter()
        .chain(extra),
    ))
}

#[test]
fn github_escapes_data_and_properties_exactly() {
    let dir = promo_dir();
    let r = promo(&dir, "github", &["missing.txt"]);
    assert_eq!(r.code, 2, "an input error wins over findings: {}", r.stderr);
    let expected = [
        "::error file=sale%2C 100%25%3A now.txt,line=1,col=12,endLine=1,endColumn=20,title=promo.discount::100%25 off: no, never%0Apromise “discount”%0Ahelp: Say: a, b",
        "::notice file=sale%2C 100%25%3A now.txt,line=2,col=7,endLine=2,endColumn=11,title=promo.free::“free” is a 50%25, maybe",
        "::warning file=sale%2C 100%25%3A now.txt,line=2,col=16,endLine=2,endColumn=20,title=promo.sale::“sale”, again",
        "::error file=missing.txt,title=input error::no such file or directory",
    ];
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines, expected, "one command per diagnostic, then input errors");
}

#[test]
fn jsonl_is_typed_lines_with_the_json_diagnostic_fields() {
    let dir = promo_dir();
    write(dir.path(), "b.txt", "Only free things.\n");
    let r = promo(&dir, "jsonl", &["missing.txt", "b.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {l}")))
        .collect();
    let types: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "diagnostic",
            "diagnostic",
            "diagnostic",
            "diagnostic",
            "error",
            "summary"
        ],
        "diagnostics in input order, then errors, then the summary: {}",
        r.stdout
    );
    let paths: Vec<&str> = lines[..4].iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(paths, [PROMO_FILE, PROMO_FILE, PROMO_FILE, "b.txt"]);
    assert!(lines[..4].iter().all(|l| l["record"].is_null()));
    assert_eq!(lines[4]["path"], "missing.txt");
    assert_eq!(lines[5]["documents"], 2);
    assert_eq!(lines[5]["errors"], 1);
    assert_eq!(lines[5]["infos"], 2);

    // The same fields as `json`'s diagnostics, value for value.
    let j = json(&promo(&dir, "json", &["missing.txt", "b.txt"]).stdout);
    let from_json: Vec<Value> = j["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .collect();
    let from_jsonl: Vec<Value> = lines[..4]
        .iter()
        .map(|l| {
            let mut l = l.clone();
            let o = l.as_object_mut().unwrap();
            for key in ["type", "path", "record"] {
                o.remove(key);
            }
            l
        })
        .collect();
    assert_eq!(from_jsonl, from_json);
}

/// Parse SARIF output and validate it against the vendored OASIS schema.
fn valid_sarif(stdout: &str) -> Value {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::repo().join("tests/fixtures/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // The validator bites: a log of another version, or a result without a message, fails.
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.0.0", "runs": []})));
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [
        {"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}
    ]})));
    let log: Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{stdout}"));
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}\n{stdout}",
        errors.join("\n")
    );
    log
}

#[test]
fn sarif_with_fixes_and_an_input_error_is_valid_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fix me.txt",
        "Hi Sam, the the parcel left today. yeah, right.\n",
    );
    let r = run(replylint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "sarif",
        "fix me.txt",
        "missing.txt",
    ]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let log = valid_sarif(&r.stdout);
    assert_eq!(log["version"], "2.1.0");
    let sarif_run = &log["runs"][0];
    let driver = &sarif_run["tool"]["driver"];
    assert_eq!(driver["name"], "replylint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let rules = driver["rules"].as_array().unwrap();
    let results = sarif_run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let index = usize::try_from(res["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], res["ruleId"], "ruleIndex points at the rule: {res}");
        assert_eq!(
            res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "fix%20me.txt"
        );
    }
    let repeated = results.iter().find(|r| r["ruleId"] == "style.repeated-word").unwrap();
    assert_eq!(repeated["level"], "warning");
    let region = &repeated["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(9))
    );
    assert_eq!(
        (region["byteOffset"].as_u64(), region["byteLength"].as_u64()),
        (Some(8), Some(7))
    );
    let replacement = &repeated["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["byteLength"], 4);
    assert_eq!(replacement["insertedContent"]["text"], "");

    // Rule metadata carries the docs the lean load of `check` skips.
    let sarcasm = rules.iter().find(|r| r["id"] == "tone.sarcasm").unwrap();
    assert!(!sarcasm["shortDescription"]["text"].as_str().unwrap().is_empty());
    assert!(
        sarcasm["fullDescription"]["markdown"].as_str().unwrap().contains("##"),
        "built-in docs are there: {sarcasm}"
    );
    assert_eq!(sarcasm["defaultConfiguration"]["level"], "warning");

    let invocation = &sarif_run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.txt"
    );
}

#[test]
fn sarif_from_stdin_envelope_and_custom_pack_is_valid() {
    let r = run(replylint()
        .args([
            "check",
            "-",
            "--format",
            "sarif",
            "--isolated",
            "--column-unit",
            "utf16",
        ])
        .write_stdin(SARCASTIC));
    assert_eq!(r.code, 0, "a warning does not fail by default: {}", r.stderr);
    let log = valid_sarif(&r.stdout);
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["columnKind"], "utf16CodeUnits");
    assert_eq!(sarif_run["invocations"][0]["executionSuccessful"], true);
    let res = &sarif_run["results"][0];
    assert_eq!(res["ruleId"], "tone.sarcasm");
    assert_eq!(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "-");

    let r = run(replylint()
        .args(["check", "--envelope", "-", "--format", "sarif", "--isolated"])
        .write_stdin(ENVELOPE));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let log = valid_sarif(&r.stdout);
    let levels: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(levels.contains(&"error"), "{levels:?}");

    let dir = promo_dir();
    let r = promo(&dir, "sarif", &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let log = valid_sarif(&r.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let levels: Vec<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert_eq!(levels, ["error", "note", "warning"]);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sale%2C%20100%25%3A%20now.txt"
    );
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["promo.discount", "promo.free", "promo.sale"]);
}

#[test]
fn sarif_refuses_columns_it_cannot_name() {
    for unit in ["byte", "grapheme"] {
        let r = run(replylint()
            .args(["check", "-", "--format", "sarif", "--isolated", "--column-unit", unit])
            .write_stdin(SARCASTIC));
        assert_eq!(r.code, 2, "{unit}");
        assert_eq!(r.stdout, "", "{unit}");
        assert!(r.stderr.contains("--column-unit codepoint"), "{unit}: {}", r.stderr);
    }
}

#[test]
fn exit_codes_do_not_depend_on_the_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean.txt", crate::CLEAN);
    write(dir.path(), "warn.txt", SARCASTIC);
    for format in ["human", "concise", "json", "jsonl", "sarif", "github"] {
        let code = |args: &[&str]| {
            run(replylint()
                .current_dir(dir.path())
                .args(["check", "--isolated", "--format", format])
                .args(args))
            .code
        };
        assert_eq!(code(&["clean.txt"]), 0, "{format}");
        assert_eq!(code(&["warn.txt"]), 0, "{format}");
        assert_eq!(code(&["warn.txt", "--fail-on", "warning"]), 1, "{format}");
        assert_eq!(code(&["warn.txt", "missing.txt"]), 2, "{format}");
    }
}

/// A rule only a record override selects is still listed in `tool.driver.rules`, so every
/// result's `ruleIndex` points at its rule.
#[test]
fn sarif_lists_the_rules_record_overrides_select() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib.jsonl",
        "{\"id\": \"a-1\", \"text\": \"We recieved it. Yeah, right.\"}\n{\"id\": \"b-1\", \"text\": \"We recieved it. Yeah, right.\"}\n",
    );
    write(
        dir.path(),
        "replylint.toml",
        "select = [\"spelling\"]\n\n[[overrides]]\npaths = [\"lib.jsonl\"]\nrecords = [\"b-*\"]\nselect = [\"spelling\", \"tone\"]\n",
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "lib.jsonl"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log = valid_sarif(&r.stdout);
    let sarif_run = &log["runs"][0];
    let rules = sarif_run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = sarif_run["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert!(ids.contains(&"tone.sarcasm"), "{ids:?}");
    for res in results {
        let index = usize::try_from(res["ruleIndex"].as_u64().expect("every result has its rule's index")).unwrap();
        assert_eq!(rules[index]["id"], res["ruleId"], "{res}");
    }
}
