//! `replylint check`: inputs (stdin, files, directories, envelopes), exit codes and `--fail-on`.

use crate::{CLEAN, SARCASTIC, concise_rules, replylint, run, write};

#[test]
fn clean_draft_on_stdin_exits_0_and_says_so() {
    let r = run(replylint().args(["check", "-", "--isolated"]).write_stdin(CLEAN));
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("no problems found"), "{}", r.stdout);
    assert_eq!(r.stderr, "");

    let r = run(replylint()
        .args(["check", "-", "--isolated", "--format", "concise"])
        .write_stdin(CLEAN));
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "a clean draft has no diagnostics");
}

#[test]
fn warnings_do_not_fail_by_default() {
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--format", "concise"])
        .write_stdin(SARCASTIC));
    assert_eq!(r.code, 0, "the default --fail-on is error; stdout: {}", r.stdout);
    assert_eq!(concise_rules(&r.stdout), ["tone.sarcasm"]);
}

#[test]
fn sarcastic_draft_exits_1_with_fail_on_warning() {
    let r = run(replylint()
        .args([
            "check",
            "-",
            "--isolated",
            "--format",
            "concise",
            "--fail-on",
            "warning",
        ])
        .write_stdin(SARCASTIC));
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert_eq!(concise_rules(&r.stdout), ["tone.sarcasm"]);
    assert_eq!(r.stderr, "");
}

#[test]
fn fail_on_info_counts_infos_and_fail_on_error_ignores_warnings() {
    // A bot's first message that does not say it is automated: an info, off by default.
    let envelope = r#"{"draft": "Hello! How can I help you today?", "author": "bot", "thread": [{"role": "customer", "text": "hi"}]}"#;
    let base = [
        "check",
        "--envelope",
        "-",
        "--isolated",
        "--format",
        "concise",
        "--select",
        "handoff.undisclosed-bot",
    ];
    let r = run(replylint().args(base).write_stdin(envelope));
    assert_eq!(
        (r.code, concise_rules(&r.stdout)),
        (0, vec!["handoff.undisclosed-bot".to_owned()])
    );
    assert!(r.stdout.contains(": info[handoff.undisclosed-bot]"), "{}", r.stdout);
    let r = run(replylint().args(base).args(["--fail-on", "info"]).write_stdin(envelope));
    assert_eq!(r.code, 1, "an info fails a run with --fail-on info");
    let r = run(replylint()
        .args(base)
        .args(["--fail-on", "warning"])
        .write_stdin(envelope));
    assert_eq!(r.code, 0, "an info does not fail a run with --fail-on warning");
}

#[test]
fn an_error_finding_exits_1_by_default() {
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--format", "concise"])
        .write_stdin("Hi {{first_name}}, your order has shipped. Have a great day!"));
    assert_eq!(r.code, 1, "stdout: {}", r.stdout);
    assert_eq!(
        r.stdout,
        "-:1:4: error[context.unfilled-placeholder] “{{first_name}}” is an unfilled placeholder\n"
    );
}

#[test]
fn files_are_templates_and_stdin_is_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Hi {{first_name}}, order #{{order_number}} has shipped. Have a great day!\n";
    write(dir.path(), "shipped.txt", text);
    let r =
        run(replylint()
            .current_dir(dir.path())
            .args(["check", "shipped.txt", "--isolated", "--format", "concise"]));
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "", ""),
        "placeholders are expected in templates"
    );

    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--isolated", "--format", "concise"])
        .write_stdin(text));
    assert_eq!(r.code, 1);
    assert_eq!(
        concise_rules(&r.stdout),
        ["context.unfilled-placeholder", "context.unfilled-placeholder"]
    );
}

#[test]
fn a_malformed_slot_in_a_template_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.txt",
        "Hi {{first_name}, your order has shipped. Have a great day!\n",
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "broken.txt", "--isolated", "--format", "concise"]));
    assert_eq!(r.code, 1, "stdout: {}", r.stdout);
    assert_eq!(concise_rules(&r.stdout), ["context.malformed-placeholder"]);
    assert!(
        r.stdout
            .starts_with("broken.txt:1:4: error[context.malformed-placeholder]"),
        "{}",
        r.stdout
    );
}

#[test]
fn missing_file_exits_2_and_the_other_files_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-sarcastic.txt", SARCASTIC);
    write(dir.path(), "c-clean.txt", CLEAN);
    write(
        dir.path(),
        "d-typo.txt",
        "Hi Chris, I have recieved your photos. Is there anything else I can help with?\n",
    );
    let r = run(replylint().current_dir(dir.path()).args([
        "check",
        "a-sarcastic.txt",
        "b-missing.txt",
        "c-clean.txt",
        "d-typo.txt",
        "--isolated",
        "--format",
        "concise",
    ]));
    assert_eq!(
        r.code, 2,
        "an unreadable input makes the run exit 2, even with findings"
    );
    assert!(
        r.stderr.contains("b-missing.txt"),
        "the error names the file: {}",
        r.stderr
    );
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "a-sarcastic.txt:1:10: warning[tone.sarcasm] “yeah, right” reads as sarcasm in writing\n\
         d-typo.txt:1:18: warning[spelling.typo] “recieved” is a misspelling of “received”\n",
        "files before and after the missing one are linted"
    );
}

#[test]
fn invalid_utf8_names_path_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "latin1.txt", b"Hi Dana,\nthe caf\xe9 order shipped.\n");
    write(dir.path(), "ok.txt", SARCASTIC);
    let r = run(replylint().current_dir(dir.path()).args([
        "check",
        "latin1.txt",
        "ok.txt",
        "--isolated",
        "--format",
        "concise",
    ]));
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("latin1.txt:2:8"),
        "path:line:col of the first bad byte: {}",
        r.stderr
    );
    assert!(r.stderr.contains("invalid UTF-8"), "{}", r.stderr);
    assert_eq!(concise_rules(&r.stdout), ["tone.sarcasm"], "ok.txt is still linted");
}

#[test]
fn invalid_utf8_on_stdin_is_an_error_too() {
    let r = run(replylint()
        .args(["check", "-", "--isolated"])
        .write_stdin(b"ok\n\xff\n".as_slice()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("-:2:1"), "{}", r.stderr);
    assert!(r.stderr.contains("invalid UTF-8"), "{}", r.stderr);
}

#[test]
fn malformed_envelope_names_line_and_column_and_exits_2() {
    let broken = "{\n  \"draft\": \"Hi Dana\",,\n  \"channel\": \"messenger\"\n}\n";
    let r = run(replylint()
        .args(["check", "--envelope", "-", "--isolated"])
        .write_stdin(broken));
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert!(r.stderr.contains("-:2:22"), "line:col of the stray comma: {}", r.stderr);
    assert!(r.stderr.contains("malformed envelope"), "{}", r.stderr);
    assert_eq!(
        r.stdout.matches("no problems found").count(),
        0,
        "nothing was linted: {}",
        r.stdout
    );

    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "request.json", broken);
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--envelope", "request.json", "--isolated"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("request.json:2:22"),
        "the file name is the place: {}",
        r.stderr
    );
    assert!(path.exists());
}

#[test]
fn envelope_values_are_checked() {
    for (envelope, needle) in [
        (r#"{"channel": "messenger"}"#, "no `draft`"),
        (r#"{"draft": "Hi", "channel": "fax"}"#, "unknown channel `fax`"),
        (r#"{"draft": "Hi", "now": "yesterday"}"#, "`now`"),
        (
            r#"{"draft": "Hi", "thread": [["customer", "hi"]]}"#,
            r#"envelope field `thread[0]` must be a message, {"role": "customer", "text": "…", "at": "…"}; it is a list"#,
        ),
        (
            r#"{"draft": "Hi", "customer": {"name": 7}}"#,
            "envelope field `customer.name` must be a string; it is a number",
        ),
        (
            r#"{"draft": "Hi", "visibility": "everyone"}"#,
            "unknown visibility `everyone`; expected `private` or `public`",
        ),
        (
            r#"{"draft": "Hi", "now": "2026-01-02T00:00:00Z", "thread": [{"role": "customer", "text": "a", "at": "2026-01-01T10:00:00Z"}, {"role": "customer", "text": "b", "at": "2026-01-01T09:00:00Z"}]}"#,
            "envelope field `thread[1].at`: 2026-01-01T09:00:00Z is earlier than `thread[0].at` (2026-01-01T10:00:00Z); list the thread oldest first",
        ),
        (
            r#"{"draft": "Hi", "now": "2026-01-01T00:00:00Z", "thread": [{"role": "customer", "text": "a", "at": "2026-01-01T10:00:00Z"}]}"#,
            "envelope field `thread[0].at`: 2026-01-01T10:00:00Z is later than `now` (2026-01-01T00:00:00Z); a reply cannot answer a message from the future",
        ),
        (
            r#"{"draft": "Hi", "thread": [{"role": "robot", "text": "x"}]}"#,
            "thread[0].role",
        ),
    ] {
        let r = run(replylint()
            .args(["check", "--envelope", "-", "--isolated"])
            .write_stdin(envelope));
        assert_eq!(r.code, 2, "{envelope}");
        assert!(r.stderr.contains(needle), "{envelope}: {}", r.stderr);
    }
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "Please calm down, we are looking into it. Is there anything else I can help with?\n";
    write(dir.path(), "replies/b.txt", bad);
    write(dir.path(), "replies/a.md", bad);
    write(dir.path(), "replies/nested/c.txt", bad);
    write(dir.path(), "replies/ignored.json", bad);
    write(dir.path(), "replies/.hidden/d.txt", bad);
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "replies", "--isolated", "--format", "concise"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let paths: Vec<&str> = r.stdout.lines().map(|l| l.split(':').next().unwrap()).collect();
    let sep = std::path::MAIN_SEPARATOR;
    assert_eq!(
        paths,
        [
            format!("replies{sep}a.md"),
            format!("replies{sep}b.txt"),
            format!("replies{sep}nested{sep}c.txt")
        ]
    );
}

#[test]
fn stdin_can_be_named() {
    let r = run(replylint()
        .args([
            "check",
            "-",
            "--isolated",
            "--format",
            "concise",
            "--stdin-filename",
            "draft-42.txt",
        ])
        .write_stdin(SARCASTIC));
    assert!(
        r.stdout.starts_with("draft-42.txt:1:10: warning[tone.sarcasm]"),
        "{}",
        r.stdout
    );
}

#[test]
fn usage_errors_exit_2() {
    let r = run(replylint().args(["check", "--isolated"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nothing to lint"), "{}", r.stderr);

    let r = run(replylint()
        .args(["check", "-", "--envelope", "-", "--isolated"])
        .write_stdin(CLEAN));
    assert_eq!(r.code, 2, "stdin can be read once");
    assert!(r.stderr.contains("standard input"), "{}", r.stderr);

    let r = run(replylint().args(["check", "-", "--format", "xml"]).write_stdin(CLEAN));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("xml"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn help_and_version_exit_0() {
    let r = run(replylint().arg("--help"));
    assert_eq!(r.code, 0);
    for command in ["check", "rules", "rule"] {
        assert!(r.stdout.contains(&format!("  {command} ")), "{}", r.stdout);
    }
    let r = run(replylint().args(["check", "--help"]));
    assert_eq!(r.code, 0);
    for flag in [
        "--format",
        "--fail-on",
        "--select",
        "--ignore",
        "--envelope",
        "--config",
        "--isolated",
        "--color",
    ] {
        assert!(r.stdout.contains(flag), "{flag}: {}", r.stdout);
    }
    let r = run(replylint().arg("--version"));
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, format!("replylint {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_goes_to_stdout_only() {
    for flag in ["--help", "--version"] {
        let r = run(replylint().arg(flag));
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{flag}");
    }
}

#[test]
fn hard_wrapped_text_is_not_cut_into_sentences_at_each_line() {
    // Lines wrapped at 40 columns, one long sentence: the sentence-length rule sees it whole,
    // and the courteous close on the last line is still found.
    let wrapped = "Hi Sam, we checked with the warehouse and\nthe courier and your parcel was delayed by\nthe storm in the north of the country, so it\nwill now arrive on Friday or early next week\nat the latest depending on the route taken.\nHave a great day!\n";
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--format", "concise"])
        .write_stdin(wrapped));
    let rules = crate::concise_rules(&r.stdout);
    assert!(rules.contains(&"length.sentence".to_owned()), "{rules:?}");
    assert!(!rules.contains(&"signoff.missing".to_owned()), "{rules:?}");
}

#[test]
fn a_thanks_from_the_customer_leaves_nothing_waiting() {
    let envelope = serde_json::json!({
        "draft": "You're welcome, have a great day!",
        "now": "2026-11-24T12:00:00Z",
        "thread": [
            {"role": "customer", "text": "Status?", "at": "2026-11-24T09:00:00Z"},
            {"role": "business", "text": "It ships today.", "at": "2026-11-24T09:05:00Z"},
            {"role": "customer", "text": "Thanks so much!", "at": "2026-11-24T09:10:00Z"}
        ]
    });
    let r = run(replylint()
        .args(["check", "--isolated", "--format", "concise", "--envelope", "-"])
        .write_stdin(envelope.to_string()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("timing.unacknowledged-wait"), "{}", r.stdout);
}

#[test]
fn a_misspelt_envelope_field_is_warned_about_on_stderr() {
    let r = run(replylint()
        .args(["check", "--isolated", "--format", "json", "--envelope", "-"])
        .write_stdin(r#"{"draft": "Hi Sam, it ships today. Anything else?", "thred": []}"#));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("envelope field `thred`") && r.stderr.contains("did you mean `thread`?"),
        "{}",
        r.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("stdout stays pure JSON");
    assert_eq!(json["version"], 1);
}

/// A public reply needs no "Hi Dana," and no goodbye; the same text sent privately needs both.
#[test]
fn public_replies_follow_public_conventions() {
    let envelope = |visibility: &str| {
        format!(
            r#"{{"draft": "@dana Your refund was processed. ^AG", "channel": "x", "visibility": "{visibility}", "thread": [{{"role": "customer", "text": "@Acme where is my refund?"}}]}}"#
        )
    };
    let rules = |visibility: &str| {
        let r = run(replylint()
            .args(["check", "--envelope", "-", "--isolated", "--format", "concise"])
            .write_stdin(envelope(visibility)));
        assert_eq!(r.stderr, "", "a known field: no warning");
        crate::concise_rules(&r.stdout)
    };
    assert_eq!(rules("private"), ["greeting.missing", "signoff.missing"]);
    assert!(rules("public").is_empty());
}

#[test]
fn visibility_of_plain_drafts_is_a_flag() {
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--visibility", "loud"])
        .write_stdin("Hi"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown visibility `loud`"), "{}", r.stderr);
}

/// The wait runs from the customer's latest unanswered message, and the message says how long.
#[test]
fn the_wait_is_measured_from_the_latest_unanswered_message() {
    let envelope = r#"{"draft": "It ships today.", "channel": "whatsapp", "now": "2026-03-02T12:30:00Z",
        "thread": [{"role": "customer", "text": "Where is my order?", "at": "2026-02-25T09:00:00Z"},
                   {"role": "business", "text": "Checking now!", "at": "2026-02-25T09:05:00Z"},
                   {"role": "customer", "text": "Any news on it?", "at": "2026-03-02T10:00:00Z"}]}"#;
    let r = run(replylint()
        .args([
            "check",
            "--envelope",
            "-",
            "--isolated",
            "--format",
            "concise",
            "--select",
            "timing",
        ])
        .write_stdin(envelope));
    assert!(
        r.stdout.contains(
            "the customer has waited 2 hours 30 minutes for an answer (more than 60 minutes on this channel)"
        ),
        "{}",
        r.stdout
    );
}

/// Issue 12: a tag that Messenger does not have is a finding, and it does not switch the 24-hour
/// window off.
#[test]
fn an_unknown_tag_is_an_error_finding_and_lifts_no_window() {
    let envelope = r#"{"draft": "Hi Dana, your refund went through.", "tag": "FOO_BAR", "now": "2026-11-24T12:00:00Z",
        "thread": [{"role": "customer", "text": "Refund?", "at": "2026-11-22T09:00:00Z"}]}"#;
    let r = run(replylint()
        .args([
            "check",
            "--envelope",
            "-",
            "--isolated",
            "--format",
            "concise",
            "--select",
            "timing",
        ])
        .write_stdin(envelope));
    assert_eq!(r.code, 1);
    let rules = crate::concise_rules(&r.stdout);
    assert!(
        rules.contains(&"timing.unknown-tag".to_owned()) && rules.contains(&"timing.outside-window".to_owned()),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("“FOO_BAR” is not a Messenger message tag"),
        "{}",
        r.stdout
    );
}

/// Issue 12: a run that lints nothing fails, so a CI gate cannot pass without linting.
#[test]
fn an_empty_run_is_an_error_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.json", "{}");
    let r = run(replylint().current_dir(dir.path()).args(["check", ".", "--isolated"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("nothing to lint: `.` holds no files ending in .txt, .md")
            && r.stderr.contains("--allow-empty"),
        "{}",
        r.stderr
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", ".", "--isolated", "--allow-empty"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--isolated", "--no-builtin-rules"])
        .write_stdin("Hi"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no rules are selected"), "{}", r.stderr);
}

/// Issue 12: a symlink loop is walked once and reported; a FIFO inside a directory is skipped
/// with a note instead of blocking the run.
#[cfg(unix)]
#[test]
fn links_loops_and_fifos_in_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replies/a.txt", "Yeah, right. It ships today.\n");
    std::os::unix::fs::symlink(dir.path().join("replies"), dir.path().join("replies/again")).unwrap();
    let fifo = dir.path().join("replies/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let r = run(replylint()
        .current_dir(dir.path())
        .args([
            "check",
            "replies",
            "--isolated",
            "--format",
            "concise",
            "--select",
            "tone",
        ])
        .timeout(std::time::Duration::from_secs(10)));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.matches("tone.sarcasm").count(),
        1,
        "each file once: {}",
        r.stdout
    );
    assert!(r.stderr.contains("a symbolic link loop"), "{}", r.stderr);
    if made {
        assert!(r.stderr.contains("pipe.txt: not a regular file"), "{}", r.stderr);
    }
}

#[test]
fn a_warning_budget_fails_only_when_it_is_exceeded() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", SARCASTIC);
    write(dir.path(), "b.txt", SARCASTIC);
    let lint = |budget: &str| {
        run(replylint()
            .args(["check", "--isolated", "--format", "concise", "--max-warnings", budget])
            .arg(dir.path()))
    };
    let r = lint("2");
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "two warnings fit a budget of two");
    let r = lint("1");
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: 2 warnings, more than the --max-warnings budget of 1\n"
    );
    assert_eq!(
        concise_rules(&r.stdout),
        ["tone.sarcasm", "tone.sarcasm"],
        "findings are still reported"
    );
}
