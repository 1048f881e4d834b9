//! `replylint.toml`: discovery upward from the linted path, `--config`, `--isolated`, and keys.

use std::path::Path;

use crate::{SARCASTIC, concise_rules, replylint, run, write};

/// Sarcasm (a warning) and a typo (a warning), so selection and severities are visible.
const DRAFT: &str = "Hi Mark, yeah, right. I have recieved the photos. Is there anything else I can help with?\n";

fn check(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let r = run(replylint()
        .current_dir(dir)
        .args(["check", "--format", "concise"])
        .args(args)
        .write_stdin(DRAFT));
    let rules = concise_rules(&r.stdout);
    (r.code, rules, r.stderr)
}

/// A project: `replylint.toml` at the top that ignores tone, and a reply two levels down.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replylint.toml", "ignore = [\"tone\"]\n");
    write(dir.path(), "replies/chat/reply.txt", DRAFT);
    dir
}

#[test]
fn config_is_discovered_upward_from_the_linted_path() {
    let dir = project();
    let (code, rules, stderr) = check(dir.path(), &["replies/chat/reply.txt"]);
    assert_eq!((code, rules), (0, vec!["spelling.typo".to_owned()]), "{stderr}");
    let (_, rules, _) = check(dir.path(), &["replies"]);
    assert_eq!(rules, ["spelling.typo"], "from a directory argument too");
}

#[test]
fn config_is_discovered_from_a_subdirectory_as_working_directory() {
    let dir = project();
    let sub = dir.path().join("replies/chat");
    let (_, rules, _) = check(&sub, &["reply.txt"]);
    assert_eq!(rules, ["spelling.typo"], "a file argument in the working directory");
    let (_, rules, _) = check(&sub, &["-"]);
    assert_eq!(
        rules,
        ["spelling.typo"],
        "stdin starts discovery at the working directory"
    );
}

#[test]
fn isolated_ignores_the_discovered_config() {
    let dir = project();
    let (_, rules, _) = check(dir.path(), &["replies/chat/reply.txt", "--isolated"]);
    assert_eq!(rules, ["tone.sarcasm", "spelling.typo"]);
    let (_, rules, _) = check(&dir.path().join("replies"), &["-", "--isolated"]);
    assert_eq!(rules, ["tone.sarcasm", "spelling.typo"]);
}

#[test]
fn the_nearest_config_wins_without_merging() {
    let dir = project();
    write(dir.path(), "replies/.replylint.toml", "ignore = [\"spelling\"]\n");
    let (_, rules, _) = check(dir.path(), &["replies/chat/reply.txt"]);
    assert_eq!(
        rules,
        ["tone.sarcasm"],
        "the parent's `ignore = [\"tone\"]` is not merged in"
    );
}

#[test]
fn explicit_config_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ci/strict.toml",
        "select = [\"spelling\"]\nfail-on = \"warning\"\n",
    );
    let (code, rules, stderr) = check(dir.path(), &["-", "--config", "ci/strict.toml"]);
    assert_eq!((code, rules), (1, vec!["spelling.typo".to_owned()]), "{stderr}");
    let r = run(replylint()
        .args(["check", "-", "--config", "x.toml", "--isolated"])
        .write_stdin(DRAFT));
    assert_eq!(r.code, 2, "--config and --isolated conflict");
}

#[test]
fn command_line_wins_over_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "replylint.toml",
        "fail-on = \"warning\"\nselect = [\"spelling\"]\n",
    );
    assert_eq!(check(dir.path(), &["-"]).0, 1, "fail-on from the file");
    assert_eq!(check(dir.path(), &["-", "--fail-on", "error"]).0, 0, "--fail-on wins");
    let (_, rules, _) = check(dir.path(), &["-", "--select", "tone"]);
    assert_eq!(rules, ["tone.sarcasm"], "--select replaces the file's select");
}

#[test]
fn per_rule_severity_and_enabled() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "replylint.toml",
        "[rules.\"tone.sarcasm\"]\nseverity = \"error\"\n\n[rules.\"spelling.typo\"]\nenabled = false\n",
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--format", "concise"])
        .write_stdin(DRAFT));
    assert_eq!(r.code, 1, "the override makes sarcasm an error: {}", r.stdout);
    assert_eq!(
        r.stdout,
        "-:1:10: error[tone.sarcasm] “yeah, right” reads as sarcasm in writing\n"
    );
}

#[test]
fn rule_paths_are_relative_to_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "team/replylint.toml",
        "rule-paths = [\"packs/house.toml\"]\n",
    );
    write(
        dir.path(),
        "team/packs/house.toml",
        "[[rules]]\nid = \"house.no-sorry-for-inconvenience\"\nseverity = \"warning\"\nsummary = \"Canned apology\"\nmessage = \"“{matched}” sounds canned\"\n\n[rules.check.phrases]\nphrases = [\"sorry for any inconvenience\"]\n",
    );
    write(
        dir.path(),
        "team/replies/r.txt",
        "Sorry for any inconvenience. Is there anything else I can help with?\n",
    );
    let (_, rules, stderr) = check(dir.path(), &["team/replies/r.txt"]);
    assert_eq!(rules, ["house.no-sorry-for-inconvenience"], "{stderr}");
}

#[test]
fn spelling_accept_words() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "r.txt",
        "Our kettlor filters fit every kettle. Is there anything else I can help with?\n",
    );
    let (_, rules, _) = check(dir.path(), &["r.txt", "--isolated", "--select", "spelling"]);
    assert_eq!(
        rules,
        ["spelling.unknown-word"],
        "control: the product name is unknown without config"
    );
    write(
        dir.path(),
        "replylint.toml",
        "select = [\"spelling\"]\n\n[spelling]\naccept = [\"Kettlor\"]\n",
    );
    let (_, rules, _) = check(dir.path(), &["r.txt"]);
    assert!(rules.is_empty(), "{rules:?}");
}

#[test]
fn input_extensions_from_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replies/a.txt", SARCASTIC);
    write(dir.path(), "replies/b.md", SARCASTIC);
    write(dir.path(), "replies/c.reply", SARCASTIC);
    write(dir.path(), "replylint.toml", "[input]\nextensions = [\"reply\"]\n");
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "replies", "--format", "concise"]));
    let files: Vec<&str> = r.stdout.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(files, [Path::new("replies").join("c.reply").display().to_string()]);
}

#[test]
fn bad_config_is_located_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "replylint.toml",
        "select = [\"tone\"]\nfail_on = \"warning\"\n",
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-"])
        .write_stdin(SARCASTIC));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("replylint.toml:2:1"), "{}", r.stderr);
    assert!(r.stderr.contains("fail_on"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn unknown_rule_in_config_gets_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replylint.toml", "ignore = [\"tone.sarcsm\"]\n");
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-"])
        .write_stdin(SARCASTIC));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `tone.sarcasm`"), "{}", r.stderr);
}

#[test]
fn envelope_files_start_discovery_at_their_own_directory() {
    let dir = project();
    let envelope = serde_json::json!({ "draft": DRAFT, "thread": [] }).to_string();
    write(dir.path(), "replies/chat/request.json", &envelope);
    let elsewhere = tempfile::tempdir().unwrap();
    let path = dir.path().join("replies/chat/request.json");
    let r = run(replylint()
        .current_dir(elsewhere.path())
        .args(["check", "--format", "concise", "--envelope"])
        .arg(&path));
    let rules = concise_rules(&r.stdout);
    assert!(
        !rules.iter().any(|r| r.starts_with("tone.")),
        "the project's config ignores tone: {rules:?}"
    );
    assert!(rules.iter().any(|r| r == "spelling.typo"), "{rules:?}");
}

#[test]
fn spelling_reject_words_get_their_own_rule_and_message() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "replylint.toml",
        "[spelling]\nreject = [\"irregardless\"]\n",
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--format", "concise", "--select", "spelling"])
        .write_stdin("Irregardless, it ships today. Anything else?\n"));
    assert_eq!(concise_rules(&r.stdout), ["spelling.rejected-word"], "{}", r.stdout);
    assert!(
        r.stdout.contains("“Irregardless” is on this project's reject list"),
        "{}",
        r.stdout
    );
}

/// A late reply on live chat: the customer wrote 40 minutes before `now`.
const LATE_CHAT: &str = r#"{"draft": "Your order ships today. Anything else?", "channel": "chat", "now": "2026-11-24T12:00:00Z", "thread": [{"role": "customer", "text": "Status?", "at": "2026-11-24T11:20:00Z"}]}"#;

fn check_envelope(dir: &Path, envelope: &str) -> (i32, Vec<String>, String) {
    let r = run(replylint()
        .current_dir(dir)
        .args(["check", "--format", "concise", "--select", "timing", "--envelope", "-"])
        .write_stdin(envelope));
    (r.code, concise_rules(&r.stdout), r.stderr)
}

#[test]
fn channel_wait_thresholds_come_from_the_packs_and_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    // Live chat: 15 minutes by default, so 40 minutes is late.
    let (_, rules, stderr) = check_envelope(dir.path(), LATE_CHAT);
    assert_eq!(rules, ["timing.unacknowledged-wait"], "{stderr}");
    write(dir.path(), "replylint.toml", "[channels.chat]\nwait-minutes = 60\n");
    let (_, rules, stderr) = check_envelope(dir.path(), LATE_CHAT);
    assert!(
        rules.is_empty(),
        "the project allows an hour on chat: {rules:?} {stderr}"
    );
    // The same wait on a public reply: 3 hours by default, 30 minutes for this project.
    let public = LATE_CHAT.replace(r#""channel": "chat""#, r#""channel": "x", "visibility": "public""#);
    let (_, rules, _) = check_envelope(dir.path(), &public);
    assert!(rules.is_empty(), "{rules:?}");
    write(dir.path(), "replylint.toml", "[channels.x]\npublic-wait-minutes = 30\n");
    let (_, rules, _) = check_envelope(dir.path(), &public);
    assert_eq!(rules, ["timing.unacknowledged-wait"]);
}

#[test]
fn an_unknown_channel_in_the_config_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replylint.toml", "[channels.fax]\nwait-minutes = 60\n");
    let (code, _, stderr) = check_envelope(dir.path(), LATE_CHAT);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("replylint.toml") && stderr.contains("unknown channel `fax`") && stderr.contains("messenger"),
        "{stderr}"
    );
    write(dir.path(), "replylint.toml", "[channels.chat]\nwait-minutes = 0\n");
    let (code, _, stderr) = check_envelope(dir.path(), LATE_CHAT);
    assert_eq!(code, 2);
    assert!(stderr.contains("wait-minutes must be at least 1"), "{stderr}");
}

#[test]
fn the_x_post_limit_is_a_channel_setting() {
    let dir = tempfile::tempdir().unwrap();
    let long = "We checked with the warehouse and your parcel is on the van. ".repeat(5);
    let envelope = format!(r#"{{"draft": "@dana {long}^AG", "channel": "x", "visibility": "public"}}"#);
    let check = |dir: &Path| {
        let r = run(replylint()
            .current_dir(dir)
            .args([
                "check",
                "--format",
                "concise",
                "--select",
                "length.x-post",
                "--envelope",
                "-",
            ])
            .write_stdin(envelope.clone()));
        (r.code, r.stdout)
    };
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "an error by default: {out}");
    assert!(out.contains("as X counts them: a post holds 280"), "{out}");
    write(dir.path(), "replylint.toml", "[channels.x]\npost-limit = 4000\n");
    let (code, out) = check(dir.path());
    assert_eq!((code, out.contains("length.x-post")), (0, false), "{out}");
}

/// Issue 12: command-line flags win over the file, as the README promises.
#[test]
fn a_selected_rule_runs_even_when_the_config_ignores_or_disables_it() {
    let dir = project(); // replylint.toml: ignore = ["tone"]
    let (_, rules, stderr) = check(dir.path(), &["-", "--select", "tone.sarcasm"]);
    assert_eq!(rules, ["tone.sarcasm"], "{stderr}");
    write(
        dir.path(),
        "replylint.toml",
        "[rules.\"tone.sarcasm\"]\nenabled = false\n",
    );
    let (_, rules, _) = check(dir.path(), &["-", "--select", "tone,spelling"]);
    assert_eq!(rules, ["tone.sarcasm", "spelling.typo"]);
    let (_, rules, _) = check(dir.path(), &["-", "--select", "tone,spelling", "--ignore", "tone"]);
    assert_eq!(rules, ["spelling.typo"], "--ignore on the command line is applied last");
    let (_, rules, _) = check(dir.path(), &["-"]);
    assert_eq!(rules, ["spelling.typo"], "without the flag the file decides");
}

/// Two trees with their own config files: each file is linted under its own, in either order
/// of the paths, with the fail-on and extensions of its own file.
#[test]
fn each_file_is_linted_under_the_config_nearest_to_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/replylint.toml", "ignore = [\"tone\"]\n");
    write(
        dir.path(),
        "b/replylint.toml",
        "ignore = [\"spelling\"]\nfail-on = \"warning\"\n",
    );
    write(dir.path(), "a/reply.txt", DRAFT);
    write(dir.path(), "b/reply.txt", DRAFT);
    let lint = |paths: &[&str]| {
        let r = run(replylint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"])
            .args(paths));
        (r.code, r.stdout, r.stderr)
    };
    let (code, stdout, stderr) = lint(&["a", "b"]);
    assert_eq!(
        stdout
            .lines()
            .map(|l| l.split(": ").next().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["a/reply.txt:1:30", "b/reply.txt:1:10"],
        "a ignores tone, b ignores spelling: {stdout}{stderr}"
    );
    assert_eq!(code, 1, "b's fail-on = warning fails the run on its sarcasm");
    let (code, swapped, _) = lint(&["b/reply.txt", "a/reply.txt"]);
    assert_eq!(code, 1);
    let mut lines: Vec<&str> = swapped.lines().collect();
    lines.reverse();
    assert_eq!(
        lines,
        stdout.lines().collect::<Vec<_>>(),
        "the order of the paths changes only the order"
    );

    // Only a's config asks for `.reply` files: a walk of each tree keeps its own extensions.
    write(
        dir.path(),
        "a/replylint.toml",
        "ignore = [\"tone\"]\n[input]\nextensions = [\"reply\"]\n",
    );
    write(dir.path(), "a/more.reply", DRAFT);
    write(dir.path(), "b/more.reply", DRAFT);
    let (_, stdout, _) = lint(&["a", "b"]);
    let files: Vec<&str> = stdout.lines().map(|l| l.split(':').next().unwrap_or("")).collect();
    assert_eq!(files, ["a/more.reply", "b/reply.txt"], "{stdout}");
}

/// `[[overrides]]` (issue 13): a tree whose `legacy/` drops tone rules, whose Markdown files
/// make typos errors, with an export whose `T-` records drop spelling and go public.
fn overridden() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["new/reply.txt", "new/reply.md", "legacy/old/reply.txt"] {
        write(dir.path(), f, DRAFT);
    }
    let records = [
        ("T-1", DRAFT.trim_end()),
        ("X-1", DRAFT.trim_end()),
        (
            "T-2",
            "So sorry, Dana! Can you comment your full address so we can resend it?",
        ),
    ];
    let export: String = records
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect();
    write(dir.path(), "export/macros.jsonl", export);
    write(
        dir.path(),
        "replylint.toml",
        r#"[input]
extensions = ["txt", "md", "jsonl"]

[[overrides]]
paths = ["legacy/**"]
ignore = ["tone"]

[[overrides]]
paths = ["*.md"]
[overrides.rules."spelling.typo"]
severity = "error"

[[overrides]]
paths = ["export/*.jsonl"]
records = ["T-*"]
ignore = ["spelling"]
visibility = "public"
"#,
    );
    dir
}

/// `path[#record]: severity[rule]` for each concise line.
fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let r = run(replylint()
        .current_dir(dir)
        .args(["check", "--format", "concise"])
        .args(args));
    let lines = r
        .stdout
        .lines()
        .map(|l| {
            let (path, rest) = l.split_once(':').unwrap();
            let diag = rest.split_whitespace().nth(1).unwrap();
            format!("{path}: {diag}")
        })
        .collect();
    (r.code, lines, r.stderr)
}

#[test]
fn overrides_refine_the_settings_of_matching_paths_and_records() {
    let dir = overridden();
    let (code, lines, stderr) = findings(dir.path(), &["legacy", "new", "export"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        lines,
        [
            "legacy/old/reply.txt: warning[spelling.typo]",
            "new/reply.md: warning[tone.sarcasm]",
            "new/reply.md: error[spelling.typo]",
            "new/reply.txt: warning[tone.sarcasm]",
            "new/reply.txt: warning[spelling.typo]",
            // T-1: no spelling; X-1: everything; T-2: public, so asking for an address in the
            // open is flagged.
            "export/macros.jsonl#T-1: warning[tone.sarcasm]",
            "export/macros.jsonl#X-1: warning[tone.sarcasm]",
            "export/macros.jsonl#X-1: warning[spelling.typo]",
            "export/macros.jsonl#T-2: warning[privacy.public-personal-data]",
        ],
        "{stderr}"
    );
    // The command line still wins over every override.
    let (_, lines, _) = findings(dir.path(), &["legacy", "--select", "tone"]);
    assert!(
        lines.contains(&"legacy/old/reply.txt: warning[tone.sarcasm]".to_owned()),
        "{lines:?}"
    );
}

/// A draft on stdin named with `--stdin-filename` is linted as a file at that path would be:
/// under the overrides the path matches (what an editor or a pre-commit hook relies on).
#[test]
fn stdin_filename_picks_the_overrides_of_its_path() {
    let dir = overridden();
    let on_stdin = |name: &str| {
        let r = run(replylint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise", "--stdin-filename", name, "-"])
            .write_stdin(DRAFT));
        let rules: Vec<String> = r
            .stdout
            .lines()
            .map(|l| l.split_whitespace().nth(1).unwrap_or("").to_owned())
            .collect();
        (
            r.stdout
                .lines()
                .next()
                .map(|l| l.split(':').next().unwrap_or("").to_owned()),
            rules,
        )
    };
    let (path, rules) = on_stdin("legacy/old/draft.txt");
    assert_eq!(path.as_deref(), Some("legacy/old/draft.txt"));
    assert_eq!(rules, ["warning[spelling.typo]"], "legacy/ drops tone");
    let (_, rules) = on_stdin("new/draft.md");
    assert_eq!(
        rules,
        ["warning[tone.sarcasm]", "error[spelling.typo]"],
        "*.md makes typos errors"
    );
}

#[test]
fn later_overrides_win_over_earlier_ones() {
    let dir = overridden();
    let cfg = std::fs::read_to_string(dir.path().join("replylint.toml")).unwrap();
    write(
        dir.path(),
        "replylint.toml",
        format!("{cfg}\n[[overrides]]\npaths = [\"legacy/old/*.txt\"]\nselect = [\"tone.sarcasm\"]\n"),
    );
    let (_, lines, stderr) = findings(dir.path(), &["legacy"]);
    assert_eq!(
        lines,
        [
            "legacy/old/reply.txt: warning[tone.sarcasm]",
            "legacy/old/reply.txt: warning[spelling.typo]"
        ],
        "{stderr}"
    );
}

#[test]
fn bad_overrides_are_errors_before_any_output() {
    for (body, expect) in [
        ("[[overrides]]\nignore = [\"tone\"]\n", "neither `paths` nor `records`"),
        ("[[overrides]]\npaths = [\"a/[b\"]\n", "is not a glob"),
        (
            "[[overrides]]\npaths = [\"nowhere/**\"]\nignore = [\"tone.sarcsm\"]\n",
            "did you mean `tone.sarcasm`",
        ),
        (
            "[[overrides]]\nrecords = [\"T-*\"]\nchannel = \"pigeon\"\n",
            "unknown channel `pigeon`",
        ),
        (
            "[[overrides]]\npaths = [\"*\"]\nseverity = \"error\"\n",
            "replylint.toml:3:1",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "replylint.toml", body);
        write(dir.path(), "reply.txt", DRAFT);
        let r = run(replylint().current_dir(dir.path()).args(["check", "reply.txt"]));
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{body}");
        assert!(r.stderr.contains(expect), "{body}: {}", r.stderr);
    }
}
