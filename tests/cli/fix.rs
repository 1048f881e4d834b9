//! `check --fix`, `--unsafe-fixes` and `--diff` (issue 13, item 5): files are rewritten
//! atomically and only when they change, stdin gets the fixed text on stdout, `--diff` writes
//! nothing, and exports change only inside the fixed string values.

use std::path::Path;
use std::time::{Duration, SystemTime};

use replylint::{Applicability, Conversation, DocKind, Engine, LoadOptions, Selection, Vocabulary, apply_fixes};

use crate::{replylint, run, write};

/// A CRLF draft with safe fixes (double space, typo, repeated word, lowercase i, "dont") and one
/// unsafe one ("!!!!"), some overlapping (the double space and the typo), so it takes passes.
const MESSY: &str = "Hi Sam, we  recieved the the parcel and i will check it!!!! dont worry.\r\nThanks, Ann\r\n";
/// `MESSY` after the safe fixes.
const MESSY_SAFE: &str = "Hi Sam, we received the parcel and I will check it!!!! Don't worry.\r\nThanks, Ann\r\n";

/// `replylint check --isolated --color never ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> crate::Run {
    let mut cmd = replylint();
    cmd.current_dir(dir)
        .args(["check", "--isolated", "--color", "never"])
        .args(args);
    run(&mut cmd)
}

fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

/// Set a file's modification time far in the past, so that a rewrite shows.
fn age(path: &Path) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(long_ago())
        .unwrap();
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn fix_rewrites_changed_files_only_keeping_bom_line_endings_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", MESSY);
    let b = write(dir.path(), "b.txt", "\u{feff}Hi Sam, we recieved it.\n");
    let clean = write(dir.path(), "c.txt", "Hi Sam, thanks for waiting.\n");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    for p in [&a, &b, &clean] {
        age(p);
    }
    let r = check(dir.path(), &["--fix", "a.txt", "b.txt", "c.txt"]);
    assert_eq!(r.code, 0, "one warning remains, below --fail-on: {}", r.stderr);
    assert_eq!(r.stderr, "");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), MESSY_SAFE);
    assert_eq!(
        std::fs::read(&b).unwrap(),
        "\u{feff}Hi Sam, we received it.\n".as_bytes()
    );
    assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o640);
    assert_ne!(mtime(&a), long_ago(), "a.txt was rewritten");
    assert_eq!(mtime(&clean), long_ago(), "an unchanged file is not touched");
    // The report is on the fixed text: only the unsafe fix's finding is left.
    assert!(r.stdout.contains("tone.exclamations"), "{}", r.stdout);
    assert!(!r.stdout.contains("spelling.typo"), "{}", r.stdout);
    assert!(r.stdout.ends_with("7 fixed, 1 remaining\n"), "{}", r.stdout);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");

    // A second run changes nothing and touches nothing.
    for p in [&a, &b, &clean] {
        age(p);
    }
    let again = check(dir.path(), &["--fix", "a.txt", "b.txt", "c.txt"]);
    assert_eq!(again.code, 0);
    assert!(again.stdout.ends_with("0 fixed, 1 remaining\n"), "{}", again.stdout);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), MESSY_SAFE);
    for p in [&a, &b, &clean] {
        assert_eq!(mtime(p), long_ago(), "{}", p.display());
    }
}

#[test]
fn unsafe_fixes_widen_the_fix_and_the_exit_code_counts_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", MESSY);
    let r = check(
        dir.path(),
        &["--fix", "--unsafe-fixes", "--fail-on", "warning", "a.txt"],
    );
    assert_eq!(r.code, 0, "nothing remains: {}", r.stdout);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), MESSY_SAFE.replace("!!!!", "!"));
    assert!(r.stdout.ends_with("7 fixed, 0 remaining\n"), "{}", r.stdout);
    // Safe fixes only: the unsafe finding remains and fails a `--fail-on warning` run.
    write(dir.path(), "a.txt", MESSY);
    let r = check(dir.path(), &["--fix", "--fail-on", "warning", "a.txt"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn diff_shows_the_change_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", MESSY);
    write(dir.path(), "c.txt", "Hi Sam, thanks for waiting.\n");
    age(&a);
    let r = check(dir.path(), &["--diff", "a.txt", "c.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n-Hi Sam, we  recieved the the parcel and i will check it!!!! dont worry.\r\n+Hi Sam, we received the parcel and I will check it!!!! Don't worry.\r\n Thanks, Ann\r\n"
    );
    assert_eq!(r.stderr, "would apply 6 fixes\n");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), MESSY, "--diff writes nothing");
    assert_eq!(mtime(&a), long_ago());
    // Nothing to change: no diff, exit 0.
    let r = check(dir.path(), &["--diff", "c.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

#[test]
fn stdin_prints_the_fixed_text_and_reports_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--color", "never", "--fix", "-"])
        .write_stdin(MESSY));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, MESSY_SAFE);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(
        lines[0].starts_with("-:1:51: warning[tone.exclamations]"),
        "{}",
        r.stderr
    );
    assert_eq!(lines[1], "6 fixed, 1 remaining");
    // --quiet: the fixed text only. A clean draft comes back as it was.
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--fix", "--quiet", "-"])
        .write_stdin(MESSY));
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), (MESSY_SAFE, ""));
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--fix", "-q", "-"])
        .write_stdin(crate::CLEAN));
    assert_eq!((r.code, r.stdout.as_str()), (0, crate::CLEAN));
    // --diff on stdin names it `-`.
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--diff", "-"])
        .write_stdin("Hi Sam, we recieved it.\n"));
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("--- -\n+++ -\n"), "{}", r.stdout);
}

#[test]
fn an_envelope_is_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.json", r#"{"draft": "Hi, we recieved it."}"#);
    let r = check(dir.path(), &["--fix", "--envelope", "e.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not an envelope's draft"), "{}", r.stderr);
}

#[test]
fn a_read_only_file_is_reported_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", MESSY);
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
    age(&a);
    let r = check(dir.path(), &["--fix", "a.txt"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("error: a.txt: the file is read-only"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), MESSY);
    assert_eq!(mtime(&a), long_ago());
    // The findings are those of the file as it is, and nothing counts as fixed.
    assert!(r.stdout.contains("spelling.typo"), "{}", r.stdout);
    assert!(r.stdout.ends_with("0 fixed, 7 remaining\n"), "{}", r.stdout);
}

#[test]
fn a_read_only_directory_is_reported_and_the_file_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    let a = write(&sub, "a.txt", MESSY);
    // Root writes into a directory without write permission; an immutable one stops root too.
    let immutable = std::process::Command::new("chattr").arg("+i").arg(&sub).status();
    if !immutable.is_ok_and(|s| s.success()) {
        eprintln!("skipped: `chattr +i` is not available here, and root ignores a read-only mode");
        return;
    }
    let r = check(dir.path(), &["--fix", "ro/a.txt"]);
    let _ = std::process::Command::new("chattr").arg("-i").arg(&sub).status();
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("error: ro/a.txt: cannot write the fixes next to the file"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), MESSY);
    assert_eq!(std::fs::read_dir(&sub).unwrap().count(), 1);
}

#[test]
fn a_document_linted_in_sections_is_fixed_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let para = "Hi Sam, we recieved the the parcel.\n\n";
    let a = write(dir.path(), "a.txt", para.repeat(12));
    let r = check(dir.path(), &["--fix", "--section-size", "80", "a.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        "Hi Sam, we received the parcel.\n\n".repeat(12)
    );
    assert!(r.stdout.contains("24 fixed, "), "{}", r.stdout);
}

/// Property-style: on generated texts, `--fix` gives what `apply_fixes` iterated to a fixpoint
/// gives, and every byte outside the fixed spans is the input's.
#[test]
fn fix_equals_apply_fixes_to_a_fixpoint_on_generated_texts() {
    const PIECES: [&str; 14] = [
        "Hi Sam, ",
        "we  have it",
        "recieved ",
        "the the ",
        "and i think ",
        "dont ",
        "ok ,then ",
        "your parcel.",
        "\r\n",
        "\n\n",
        "Thanks!!!! ",
        "é ",
        "{{first_name}} ",
        "Kind regards,\nAnn",
    ];
    let rules = replylint::load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    let selection = Selection {
        select: vec!["style".to_owned(), "spelling".to_owned()],
        ..Selection::default()
    };
    let engine = Engine::new(rules, &selection, Vocabulary::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for case in 0..12 {
        let mut text = String::new();
        for _ in 0..(4 + case % 7) {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(PIECES[usize::try_from(seed >> 33).unwrap() % PIECES.len()]);
        }
        let mut expected = text.clone();
        for _ in 0..10 {
            let diagnostics = engine.lint(&expected, DocKind::Template, &Conversation::now());
            let (next, applied) = apply_fixes(&expected, &diagnostics, Applicability::Safe);
            if applied == 0 || next == expected {
                break;
            }
            expected = next;
        }
        let path = write(dir.path(), "g.txt", &text);
        let r = check(dir.path(), &["--fix", "--select", "style,spelling", "g.txt"]);
        assert_ne!(r.code, 2, "{}", r.stderr);
        let got = std::fs::read_to_string(&path).unwrap();
        assert_eq!(got, expected, "case {case}: {text:?}");
        // Outside the changed middle, the bytes are the input's.
        let prefix = text.bytes().zip(got.bytes()).take_while(|(a, b)| a == b).count();
        let suffix = text
            .bytes()
            .rev()
            .zip(got.bytes().rev())
            .take_while(|(a, b)| a == b)
            .count();
        assert!(
            prefix + suffix >= text.len().min(got.len()) || got != text,
            "case {case}"
        );
        if got == text {
            continue;
        }
        let diagnostics = engine.lint(&text, DocKind::Template, &Conversation::now());
        let first_fix = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.applicability == Applicability::Safe)
            .filter_map(|f| f.edits.first())
            .map(|e| e.span.start)
            .min()
            .unwrap();
        assert!(
            prefix >= first_fix,
            "case {case}: a byte before the first fix changed: {text:?}"
        );
    }
}

/// Everything but the byte range `start..end_from_back` is the same in `a` and `b`.
fn same_outside(a: &[u8], b: &[u8]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(a.len().min(b.len()) - prefix);
    (prefix, suffix)
}

#[test]
fn a_json_export_changes_only_inside_its_fixed_string_values() {
    let dir = tempfile::tempdir().unwrap();
    let before = "[\n  {\"id\": \"a\",  \"title\": \"Recieved\",\n   \"text\": \"Hi \\\"Sam\\\",\\nwe recieved it.\"},\n  {\"id\": \"b\", \"text\": \"Hi \\u00e9, all good.\"}\n]\n";
    let path = write(dir.path(), "m.json", before);
    let r = check(dir.path(), &["--fix", "m.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, before.replacen("we recieved", "we received", 1));
    // The JSON is still valid and says what the fixed text says.
    let v: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(v[0]["text"], "Hi \"Sam\",\nwe received it.");
    assert_eq!(v[0]["title"], "Recieved", "only the linted text is fixed");
    assert!(r.stdout.ends_with("1 fixed, 0 remaining\n"), "{}", r.stdout);
}

#[test]
fn a_fix_that_crosses_an_escape_is_refused_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    // `rec\u0069eved` is "recieved" with an escape inside the word.
    let before = "{\"id\": \"x\", \"text\": \"Hi Sam, we rec\\u0069eved it and i will check.\"}\n{\"id\": \"y\", \"text\": \"ok\"}\n";
    let path = write(dir.path(), "r.jsonl", before);
    let r = check(dir.path(), &["--fix", "r.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The lowercase i is fixed; the typo is not, and a note says why.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before.replace(" i will", " I will").replace(r#""ok""#, r#""Ok""#)
    );
    assert!(
        r.stderr.contains("warning: r.jsonl#x:1:33: fix not applied (") && r.stderr.contains("crosses an escape"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_csv_export_keeps_every_byte_outside_its_fixed_fields() {
    let dir = tempfile::tempdir().unwrap();
    let before = "id,text,note\r\nq1,\"She said \"\"hi\"\"\nand we recieved it\",x\r\nq2,we recieved it,\"a, b\"\r\nq3,all good,\"\"\r\n";
    let path = write(dir.path(), "q.csv", before);
    let r = check(dir.path(), &["--fix", "q.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = std::fs::read(&path).unwrap();
    let expected = before.replace("recieved", "received").replace("q2,we", "q2,We");
    assert_eq!(String::from_utf8(after.clone()).unwrap(), expected);
    let (prefix, suffix) = same_outside(before.as_bytes(), &after);
    assert_eq!(
        &before[..prefix],
        "id,text,note\r\nq1,\"She said \"\"hi\"\"\nand we rec"
    );
    assert!(before[before.len() - suffix..].starts_with("ved it,\"a, b\""));
}

#[test]
fn csv_fields_are_fixed_in_place_quoted_or_not() {
    let dir = tempfile::tempdir().unwrap();
    // A quoted field keeps its doubled quotes; an unquoted one stays unquoted when it needs no
    // quotes (a field that gains a comma or a quote is quoted: see the unit tests of
    // `src/cli/fix.rs`).
    let before = "id,text\n1,\"Hi \"\"Sam\"\", we dont know\"\n2,we dont know\n";
    let path = write(dir.path(), "q.csv", before);
    let r = check(dir.path(), &["--fix", "q.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, "id,text\n1,\"Hi \"\"Sam\"\", we don't know\"\n2,We don't know\n");
}

/// Machine formats say how many fixes were applied: `summary.fixed` in JSON, the invocation's
/// `properties.fixed` in SARIF.
#[test]
fn machine_summaries_count_the_fixes_applied() {
    let dir = tempfile::tempdir().unwrap();
    for (format, pointer) in [
        ("json", "/summary/fixed"),
        ("sarif", "/runs/0/invocations/0/properties/fixed"),
    ] {
        write(dir.path(), "messy.txt", MESSY);
        let r = check(dir.path(), &["--fix", "--format", format, "messy.txt"]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let fixed = out.pointer(pointer).and_then(serde_json::Value::as_u64);
        assert!(fixed.is_some_and(|n| n >= 5), "{format}: {fixed:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("messy.txt")).unwrap(),
            MESSY_SAFE
        );
        let r = check(dir.path(), &["--fix", "--format", format, "messy.txt"]);
        let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(
            out.pointer(pointer),
            Some(&serde_json::json!(0)),
            "{format}: a second run fixes nothing"
        );
    }
}
