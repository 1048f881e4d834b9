//! Help-desk exports as input (issue 13): each record of a JSON list, JSON Lines or CSV export is
//! linted as its own template and reported as `path#id`, at the line and column of the export
//! file. The examples in `examples/exports/` plant one problem each; these tests pin where.

use crate::{replylint, repo, run, write};

/// `--format concise` lines for `args` (run from the repository root, isolated).
fn concise(args: &[&str]) -> crate::Run {
    let mut cmd = replylint();
    cmd.current_dir(repo())
        .args(["check", "--isolated", "--format", "concise", "--color", "never"])
        .args(args);
    run(&mut cmd)
}

/// The one finding of each example export: `path#id:line:col: …[rule]`.
#[test]
fn each_help_desk_export_reports_its_planted_problem_at_the_file_position() {
    let cases = [
        ("zendesk-macros.json", "#360001:8:130", "spelling.typo"),
        ("freshdesk-canned-responses.json", "#43000102:15:107", "tone.sarcasm"),
        ("intercom-macros.json", "#1002:17:203", "spelling.typo"),
        ("front-message-templates.json", "#rsp_3c4d:16:107", "tone.sarcasm"),
        ("helpscout-saved-replies.json", "#502:chat:12:149", "spelling.typo"),
        ("gorgias-macros.json", "#7001:11:271", "tone.sarcasm-contrast"),
        (
            "salesforce-quick-text.csv",
            "#0QT5g000000AbCeEAF:3:160",
            "spelling.typo",
        ),
        ("replies.jsonl", "#no-stock:3:124", "tone.sarcasm"),
    ];
    for (file, at, rule) in cases {
        let path = format!("examples/exports/{file}");
        let r = concise(&[&path]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{file}");
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "{file}: one planted problem, and clean records stay clean:\n{}",
            r.stdout
        );
        assert!(
            lines[0].starts_with(&format!("{path}{at}: warning[{rule}]")),
            "{file}: {}",
            lines[0]
        );
    }
}

/// The column of a planted problem is where its word is in the file, after escapes, entities,
/// tags and doubled CSV quotes.
#[test]
fn positions_point_at_the_word_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // JSON escapes before the word: `\"`, `\n`, `\u00e9` (columns count code points).
        (
            "escapes.jsonl",
            "{\"id\": \"e1\", \"text\": \"Hi \\\"Sam\\\", caf\\u00e9 ok.\\nWe recieved it.\"}\n",
            "#e1:1:53",
        ),
        // HTML entities and tags before the word.
        (
            "entities.json",
            "[{\"id\": 7, \"body\": \"<p>Hi &amp; hello &quot;you&quot;,</p><p><b>yeah, right</b>.</p>\", \"name\": \"x\"}]",
            "#7:1:65",
        ),
        // CSV: a quoted field with doubled quotes and a line break inside.
        (
            "quoted.csv",
            "id,text\nq1,\"She said \"\"hi\"\"\nand we recieved it\"\n",
            "#q1:3:8",
        ),
    ];
    for (name, contents, at) in cases {
        let path = write(dir.path(), name, contents);
        let r = run(replylint().current_dir(dir.path()).args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "--color",
            "never",
            name,
        ]));
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let line = r.stdout.lines().next().unwrap_or_default().to_owned();
        assert!(line.starts_with(&format!("{name}{at}: ")), "{name}: {line}");
        // The column names the word itself.
        let (l, c): (usize, usize) = {
            let mut parts = at.rsplit(':');
            let c = parts.next().unwrap().parse().unwrap();
            (parts.next().unwrap().parse().unwrap(), c)
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let word: String = text.lines().nth(l - 1).unwrap().chars().skip(c - 1).take(4).collect();
        assert!(["reci", "yeah"].contains(&word.as_str()), "{name}: {word:?}");
    }
}

/// Placeholders of every syntax a help desk writes are masked in records: no spelling or style
/// finding on them.
#[test]
fn placeholders_in_each_syntax_produce_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "Hi {{ticket.requester.first_name}}, your order is on its way. Thanks!",
        "Hi {{ user.name | fallback: 'there' }}, your order is on its way. Thanks!",
        "Hi {%customer.firstName,fallback=there%}, your order is on its way. Thanks!",
        "Hi {!Contact.FirstName}, your case {!Case.CaseNumber} is open. Thanks!",
        "Hi [Customer Name], your order is on its way. Thanks!",
        "Hi *|FNAME|*, your order is on its way. Thanks!",
        "Hi {first_name}, your order {order_id} is on its way. Thanks!",
    ];
    let mut jsonl = String::new();
    for (i, t) in texts.iter().enumerate() {
        jsonl.push_str(&serde_json::json!({"id": format!("p{i}"), "text": t}).to_string());
        jsonl.push('\n');
    }
    write(dir.path(), "placeholders.jsonl", &jsonl);
    write(
        dir.path(),
        "intercom.json",
        r#"[{"type": "macro", "id": "9", "name": "Hi", "body": "<p>Hi <attribute key=\"user.first_name\" default=\"there\"/>, your order is on its way. Thanks!</p>"}]"#,
    );
    let r = run(replylint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "placeholders.jsonl",
        "intercom.json",
    ]));
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

/// A bad record is an error naming the file, the record and the field, at its line and column
/// (exit 2); the other records are still linted.
#[test]
fn a_bad_record_is_located_and_the_others_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib.jsonl",
        "{\"id\": \"a\", \"text\": \"We recieved it.\"}\n{\"id\": \"b\", \"text\": 42}\n{\"id\": \"c\"}\nnot json\n{\"id\": \"d\", \"text\": \"Hi, yeah, right.\"}\n",
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "concise", "lib.jsonl"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: lib.jsonl:2:21: record 2 (id `b`): field `text` must be a string; it is a number\n\
         error: lib.jsonl:3:1: record 3 (id `c`): no `text` field; name the text field with --text-field or `[input] text-field`\n\
         error: lib.jsonl:4:2: record 4: malformed JSON line: expected ident\n"
    );
    let rules = crate::concise_rules(&r.stdout);
    assert_eq!(rules, ["spelling.typo", "tone.sarcasm"]);
    assert!(r.stdout.starts_with("lib.jsonl#a:1:25: "), "{}", r.stdout);
    assert!(r.stdout.contains("lib.jsonl#d:5:26: "), "{}", r.stdout);
}

/// A malformed record of a JSON export is named, with the line and column where the syntax
/// breaks; the other records and files are still linted.
#[test]
fn a_malformed_export_is_an_error_and_other_files_still_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.json",
        "[{\"id\": 1, \"text\": \"Hi\"},\n {\"id\": 2 \"text\": \"x\"}]",
    );
    write(dir.path(), "good.txt", crate::SARCASTIC);
    let r = run(replylint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--input-format",
        "auto",
        "broken.json",
        "good.txt",
    ]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: broken.json:2:11: record 2: malformed JSON: expected `,` or `}`\n"
    );
    assert_eq!(crate::concise_rules(&r.stdout), ["tone.sarcasm"]);
}

/// Generic libraries name their id and text fields with flags or `[input]` keys; the record
/// count is limited.
#[test]
fn fields_are_configurable_and_records_are_limited() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "snippets.json",
        r#"{"items": [{"key": "s1", "body_plain": "We recieved it."}, {"key": "s2", "body_plain": "Thanks!"}]}"#,
    );
    let r = run(replylint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--id-field",
        "key",
        "--text-field",
        "body_plain",
        "snippets.json",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("snippets.json#s1:1:44: warning[spelling.typo]"),
        "{}",
        r.stdout
    );

    write(
        dir.path(),
        "replylint.toml",
        "[input]\nid-field = \"key\"\ntext-field = \"body_plain\"\nmax-records = 1\n",
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "snippets.json"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: snippets.json: the export holds more than 1 records; raise `[input] max-records` in replylint.toml\n"
    );
    assert!(r.stdout.starts_with("snippets.json#s1:1:44: "), "{}", r.stdout);
}

/// A directory walk reads exports only when `[input] extensions` names their extensions; a
/// file named on the command line is read by its extension and shape.
#[test]
fn directory_walks_pick_up_exports_only_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib/replies.jsonl",
        "{\"id\": \"r1\", \"text\": \"We recieved it.\"}\n",
    );
    write(dir.path(), "lib/reply.txt", crate::CLEAN);
    let check = |args: &[&str]| {
        run(replylint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"])
            .args(args))
    };
    let r = check(&["--isolated", "lib"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let r = check(&["--isolated", "lib/replies.jsonl"]);
    assert!(r.stdout.starts_with("lib/replies.jsonl#r1:1:26: "), "{}", r.stdout);
    write(
        dir.path(),
        "replylint.toml",
        "[input]\nextensions = [\"txt\", \"jsonl\"]\n",
    );
    let r = check(&["lib"]);
    assert!(r.stdout.starts_with("lib/replies.jsonl#r1:1:26: "), "{}", r.stdout);
    // `--input-format text` reads the export as one template.
    let r = check(&["--isolated", "--input-format", "text", "lib/replies.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains('#'), "no records: {}", r.stdout);
}

/// JSON output names the record and gives byte offsets into the export file.
#[test]
fn json_output_names_the_record_and_file_offsets() {
    let r = concise(&["examples/exports/replies.jsonl"]);
    assert_eq!(r.code, 0);
    let mut cmd = replylint();
    cmd.current_dir(repo()).args([
        "check",
        "--isolated",
        "--format",
        "json",
        "examples/exports/replies.jsonl",
    ]);
    let r = run(&mut cmd);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let text = std::fs::read_to_string(repo().join("examples/exports/replies.jsonl")).unwrap();
    let s = v.to_string();
    assert!(s.contains("no-stock"), "{s}");
    let start = find_number(&v, "start").expect("a start offset");
    assert!(text[start..].starts_with("Yeah, right"), "{}", &text[start..start + 20]);
}

/// The first number under `key` anywhere in `v`.
fn find_number(v: &serde_json::Value, key: &str) -> Option<usize> {
    match v {
        serde_json::Value::Object(m) => m
            .get(key)
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .or_else(|| m.values().find_map(|x| find_number(x, key))),
        serde_json::Value::Array(a) => a.iter().find_map(|x| find_number(x, key)),
        _ => None,
    }
}

/// An export is read part by part: however small the parts, every finding (line, column and
/// byte offsets) is the one the whole file gives.
#[test]
fn reading_an_export_in_parts_changes_no_finding() {
    let dir = repo().join("examples/exports");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 8);
    for file in files {
        let path = file.to_str().unwrap();
        let json = |extra: &[&str]| {
            let mut cmd = replylint();
            cmd.args(["check", "--isolated", "--format", "json"])
                .args(extra)
                .arg(path);
            let r = run(&mut cmd);
            assert_eq!(r.code, 0, "{path}: {}", r.stderr);
            r.stdout
        };
        let whole = json(&[]);
        for size in ["1", "100", "4096"] {
            assert_eq!(json(&["--part-size", size]), whole, "{path} in parts of {size} bytes");
        }
    }
}

/// `--max-document-size` bounds one part of an export (a record larger than it is an error
/// naming the record and its line), not the file: a library larger than it is still read.
#[test]
fn an_export_larger_than_the_document_limit_is_read_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = String::new();
    for i in 0..60 {
        lib.push_str(&format!(
            "{{\"id\": \"r{i}\", \"text\": \"Thanks for waiting, we have sent the parcel today.\"}}\n"
        ));
    }
    lib.push_str("{\"id\": \"last\", \"text\": \"We recieved it.\"}\n");
    write(dir.path(), "lib.jsonl", &lib);
    assert!(lib.len() > 4096);
    let lint = || {
        run(replylint().current_dir(dir.path()).args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "--max-document-size",
            "1KiB",
            "lib.jsonl",
        ]))
    };
    let r = lint();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(r.stdout.starts_with("lib.jsonl#last:61:"), "{}", r.stdout);

    let big = format!("{{\"id\": \"big\", \"text\": \"{}\"}}\n", "Thanks. ".repeat(200));
    write(dir.path(), "lib.jsonl", format!("{lib}{big}"));
    let r = lint();
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: lib.jsonl:62:1: record 62 is larger than the 1 KiB limit for one document; raise it with --max-document-size or `[input] max-document-size` in replylint.toml\n"
    );
    assert!(r.stdout.starts_with("lib.jsonl#last:61:"), "{}", r.stdout);
}

/// A large export is read part by part: a 24 MB library fits in a data limit that holding the
/// file (as replylint once did) does not.
#[test]
fn a_large_export_is_read_in_bounded_memory() {
    if std::process::Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("skipped: prlimit (util-linux) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Records far apart (the blank lines between them are read, not linted, so the test is
    // quick).
    let gap = format!("{}\n", " ".repeat(999)).repeat(80);
    let mut lib = String::new();
    for i in 0..300 {
        lib.push_str(&format!(
            "{{\"id\": \"r{i}\", \"text\": \"We recieved your order {i}.\"}}\n{gap}"
        ));
    }
    let file = write(dir.path(), "lib.jsonl", &lib);
    assert!(lib.len() > 24_000_000);
    let out = std::process::Command::new("prlimit")
        .arg("--data=20000000")
        .arg(replylint().get_program())
        .args(["check", "--isolated", "--format", "concise"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().filter(|l| l.contains("[spelling.typo]")).count(), 300);
    assert!(
        stdout.contains("#r299:24220:"),
        "{}",
        stdout.lines().last().unwrap_or("")
    );
}
