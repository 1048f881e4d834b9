//! Reliability on inputs a gate meets in the wild (issue 12): very long lines, long threads,
//! documents over the size limit, large documents linted in sections, a BOM, and a closed stdout.

use std::io::Read;
use std::process::Stdio;

use serde_json::Value;

use crate::{concise_rules, replylint, run, write};

/// A draft whose one line is about `cols` characters long, with a misspelling at its end, and
/// the column of that misspelling.
fn long_line(cols: usize) -> (String, usize) {
    let filler = "We have checked the parcel with the courier today. ";
    let line = filler.repeat(cols / filler.len() + 1);
    let column = line.len() + " It will ".len() + 1;
    (format!("{line} It will arive on Friday.\n"), column)
}

#[test]
fn a_finding_past_column_65535_is_shown_with_a_window_of_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (text, column) = long_line(70_000);
    assert!(column > 65_535);
    let file = write(dir.path(), "wall.txt", text);
    let r = run(replylint()
        .args(["check", "--isolated", "--select", "spelling.typo"])
        .arg(&file));
    assert_eq!(r.code, 0, "a warning: {}", r.stderr);
    assert_eq!(r.stderr, "");
    assert!(
        r.stdout.contains(&format!("wall.txt:1:{column}\n")),
        "the column is the real one:\n{}",
        &r.stdout[..r.stdout.len().min(2000)]
    );
    assert!(r.stdout.contains(" ^^^^^\n"), "a caret under the word: {}", r.stdout);
    // One finding and a summary: a bounded snippet, not the 70,000-character line.
    assert!(r.stdout.len() < 1_500, "{} bytes of output", r.stdout.len());
    assert!(r.stdout.contains('…'), "the cut is marked: {}", r.stdout);
}

#[test]
fn long_lines_print_a_bounded_snippet_for_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Thanks, we recieved it. ".repeat(2_000);
    let file = write(dir.path(), "repeat.txt", format!("{line}\n"));
    let r = run(replylint()
        .args(["check", "--isolated", "--select", "spelling"])
        .arg(&file));
    assert_eq!(r.code, 0, "warnings only: {}", r.stderr);
    let findings = r.stdout.matches("spelling.typo").count();
    assert_eq!(findings, 2_000);
    let longest = r.stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 140, "no output line is longer than the window: {longest}");
}

#[test]
fn a_50k_message_thread_is_linted() {
    let mut thread = Vec::new();
    for i in 0..50_000 {
        let (role, text) = if i % 2 == 0 {
            ("customer", format!("Where is my order #{:05}?", i % 99_991))
        } else {
            ("business", "We are checking with the courier.".to_owned())
        };
        thread.push(serde_json::json!({"role": role, "text": text, "at": format!("2026-01-01T{:02}:{:02}:{:02}Z", (i / 3600) % 24, (i / 60) % 60, i % 60)}));
    }
    let envelope = serde_json::json!({
        "draft": "Thanks for waiting! Your order left our warehouse today.",
        "channel": "chat",
        "now": "2026-01-02T00:00:00Z",
        "thread": thread,
    });
    let r = run(replylint()
        .args(["check", "--isolated", "--format", "json", "--envelope", "-"])
        .write_stdin(envelope.to_string()));
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["summary"]["documents"], 1);
}

#[test]
fn a_document_over_the_size_limit_is_refused_and_the_others_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", "Thanks for waiting. ".repeat(100));
    let small = write(dir.path(), "small.txt", "Yeah, right. We checked it.\n");
    let r = run(replylint()
        .args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "--max-document-size",
            "1KiB",
        ])
        .args([&big, &small]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: {}: is 2 KiB, larger than the 1 KiB limit for one document; raise it with --max-document-size or `[input] max-document-size` in replylint.toml\n",
            big.display()
        )
    );
    assert_eq!(concise_rules(&r.stdout), ["tone.sarcasm"], "small.txt is still linted");

    // On standard input the size is not known in advance: the read stops at the limit.
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--max-document-size", "100"])
        .write_stdin("Thanks for waiting. ".repeat(10)));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: -: holds more than the 100 B limit for one document; raise it with --max-document-size or `[input] max-document-size` in replylint.toml\n"
    );
    assert_eq!(r.stdout, "");

    // The same limit from the config file.
    write(dir.path(), "replylint.toml", "[input]\nmax-document-size = \"1KiB\"\n");
    let r = run(replylint().args(["check", "--format", "concise"]).arg(&big));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("larger than the 1 KiB limit"), "{}", r.stderr);

    let r = run(replylint().args(["check", "-", "--isolated", "--max-document-size", "lots"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`lots` is not a size; write bytes, or a number with KiB, MiB or GiB"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_thread_over_the_message_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replylint.toml", "[input]\nmax-thread-messages = 3\n");
    let thread: Vec<Value> = (0..5)
        .map(|i| serde_json::json!({"role": "customer", "text": format!("hello {i}")}))
        .collect();
    let env = write(
        dir.path(),
        "env.json",
        serde_json::json!({"draft": "Thanks for waiting!", "thread": thread}).to_string(),
    );
    let r = run(replylint().args(["check", "--envelope"]).arg(&env));
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert_eq!(
        r.stderr,
        format!(
            "error: {}: the thread holds 5 messages, more than the 3 allowed; raise `[input] max-thread-messages` in replylint.toml\n",
            env.display()
        )
    );
}

#[test]
fn a_large_document_is_linted_in_sections_with_its_own_lines_and_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..60 {
        text.push_str(&format!(
            "Paragraph {i}: thanks for waiting, the parcel is on its way.\n\n"
        ));
    }
    text.push_str("It will arive on Friday.\n");
    let file = write(dir.path(), "long.txt", &text);
    let lint = |extra: &[&str]| {
        let r = run(replylint()
            .args(["check", "--isolated", "--select", "spelling.typo", "--format", "json"])
            .args(extra)
            .arg(&file));
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str::<Value>(&r.stdout).unwrap()
    };
    let whole = lint(&[]);
    let cut = lint(&["--section-size", "300"]);
    assert_eq!(cut["files"].as_array().map(Vec::len), Some(1), "one file entry: {cut}");
    assert_eq!(cut["files"], whole["files"], "sections report what the whole does");
    let d = &cut["files"][0]["diagnostics"][0];
    assert_eq!(d["line"], 121);
    let start = usize::try_from(d["start"].as_u64().unwrap()).unwrap();
    assert_eq!(&text[start..start + 5], "arive");
}

#[test]
fn one_thread_or_several_report_the_same_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        write(
            dir.path(),
            &format!("t{i:02}.txt"),
            format!("Hi Sam, order {i} will arive tomorow. Yeah, right.\n"),
        );
    }
    let mut big = String::new();
    for i in 0..40 {
        big.push_str(&format!("Paragraph {i}: the parcel will arive on Friday.\n\n"));
    }
    write(dir.path(), "big.txt", &big);
    let lint = |threads: &str| {
        let r = run(replylint()
            .args([
                "check",
                "--isolated",
                "--format",
                "concise",
                "--section-size",
                "200",
                "--threads",
                threads,
            ])
            .arg(dir.path()));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let one = lint("1");
    assert!(one.lines().count() > 50, "{one}");
    assert_eq!(lint("2"), one);
    assert_eq!(lint("0"), one, "0 means one thread per core");
    let r = run(replylint()
        .args(["check", "--isolated", "-j", "many", "-"])
        .write_stdin("Hi"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'many'"), "{}", r.stderr);
}

#[test]
fn offsets_count_a_utf8_bom_so_they_point_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"\xEF\xBB\xBFWe will send it tomorow.\n".to_vec();
    let file = write(dir.path(), "bom.txt", &bytes);
    let r = run(replylint()
        .args(["check", "--isolated", "--select", "spelling.typo", "--format", "json"])
        .arg(&file));
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let d = &doc["files"][0]["diagnostics"][0];
    let (start, end) = (
        usize::try_from(d["start"].as_u64().unwrap()).unwrap(),
        usize::try_from(d["end"].as_u64().unwrap()).unwrap(),
    );
    assert_eq!(&bytes[start..end], b"tomorow", "{d}");
    let edit = &d["fix"]["edits"][0];
    assert_eq!(
        (edit["start"].as_u64(), edit["end"].as_u64()),
        (Some(start as u64), Some(end as u64))
    );
    // Lines and columns are the text's own: the BOM is not a character of the line.
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(1), Some(17)), "{d}");
}

#[test]
fn a_closed_stdout_stops_the_work_not_only_the_output() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3_000 {
        write(
            dir.path(),
            &format!("d/{i:05}.txt"),
            "Yeah, right. The courier tried three times.\n",
        );
    }
    // Linted last, if the run got that far: its error would show on stderr.
    write(dir.path(), "d/zzzzz.txt", b"caf\xE9\n");
    let mut child = std::process::Command::new(replylint().get_program())
        .args(["check", "--isolated", "--format", "concise"])
        .arg(dir.path().join("d"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0_u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the pipe is closed.
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "warnings only, and a closed pipe is not an error: {stderr}"
    );
    assert!(
        !stderr.contains("zzzzz.txt"),
        "the run stopped before the last file: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_etiquette_a_rule_cites_can_be_looked_up_in_the_docs() {
    let r = run(replylint().args(["rule", "tone.sarcasm", "--isolated"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("- etiquette mistake: 4 (docs/ETIQUETTE.md)\n"),
        "{}",
        r.stdout
    );
    let etiquette = std::fs::read_to_string(crate::repo().join("docs/ETIQUETTE.md")).unwrap();
    let row = etiquette
        .lines()
        .find(|l| l.starts_with("| 4 |"))
        .expect("mistake 4 has a row");
    assert!(row.contains("Sarcasm") && row.ends_with("| `tone` |"), "{row}");
    // Every document the examples and the packs cite is in the repository.
    let examples = std::fs::read_to_string(crate::repo().join("examples/README.md")).unwrap();
    assert!(examples.contains("(../docs/ETIQUETTE.md)"));
    assert!(
        crate::repo().join("docs/PLATFORMS.md").is_file(),
        "the packs cite PLATFORMS.md"
    );
}

/// Many findings in one document: the JSON is written as it goes, so the run fits in a data
/// limit that building the whole document first (as replylint once did) does not.
#[test]
fn many_findings_stream_in_bounded_memory() {
    if std::process::Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("skipped: prlimit (util-linux) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "Hi {{first_name}}, yeah right, we recieved your order and teh refund will be proccessed soon.\n\n";
    let file = write(dir.path(), "many.txt", paragraph.repeat(500_000 / paragraph.len()));
    let out = std::process::Command::new("prlimit")
        .arg("--data=60000000")
        .arg(replylint().get_program())
        .args(["check", "--isolated", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    // Exit 1: the text is far over Messenger's limit (an error), and the run finished.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["files"][0]["diagnostics"].as_array().map_or(0, Vec::len);
    assert!(findings > 20_000, "{findings}");
}

/// A FIFO named on the command line is read like standard input: until its writer closes it.
#[test]
fn a_fifo_named_on_the_command_line_is_read_like_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("draft.txt");
    if !std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: mkfifo failed");
        return;
    }
    let child = std::process::Command::new(replylint().get_program())
        .args(["check", "--isolated", "--format", "concise"])
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::fs::write(&fifo, "Yeah, right. The courier tried three times.\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(concise_rules(&String::from_utf8_lossy(&out.stdout)), ["tone.sarcasm"]);
}

#[test]
fn a_rule_pack_over_16_mib_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(dir.path(), "huge.toml", format!("# {}\n", "x".repeat(16 << 20)));
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--rules"])
        .arg(&pack)
        .write_stdin("Thanks!\n"));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(&format!(
            "{}: the rule pack is 16777219 bytes, more than the 16777216 a pack may hold; split it into several packs",
            pack.display()
        )),
        "{}",
        r.stderr
    );
}

/// A plain file of several parts is linted as it is read (in bounded memory): every format
/// reports it exactly as when it is read whole, whatever its line breaks, a BOM, lines longer
/// than a section, or text that is not ASCII; and a file that cannot be decoded is refused
/// before anything of it is reported, with the same error.
#[test]
fn a_large_text_file_streams_and_reports_as_if_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("\u{feff}");
    let endings = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n"];
    for i in 0..400 {
        let ending = endings[i % endings.len()];
        let line = match i % 7 {
            // A line far longer than a section: cut inside it, at white space.
            0 => "Your refund is on its way and will arive tomorow. ".repeat(20),
            1 => format!("Hi Zoë, order #{i} ships from Malmö today ✅ — sorry for the wait"),
            2 => "REALLY SORRY about that, it's a known isue!!!".to_owned(),
            _ => format!("Thanks for your patience, the parcel {i} will arive on Friday."),
        };
        text.push_str(&line);
        text.push_str(ending);
    }
    write(dir.path(), "big.txt", &text);
    let mut bad = text.clone().into_bytes();
    bad.splice(30_000..30_000, [0xff]);
    std::fs::write(dir.path().join("bad.txt"), bad).unwrap();
    let lint = |file: &str, format: &str, part_size: &str| {
        run(replylint()
            .args(["check", "--isolated", "--format", format, "--section-size", "300"])
            .args(["--part-size", part_size])
            .arg(dir.path().join(file)))
    };
    for format in ["concise", "json", "human", "sarif", "github"] {
        let whole = lint("big.txt", format, "100000000");
        let streamed = lint("big.txt", format, "1024");
        assert_eq!(whole.code, 0, "{}", whole.stderr);
        assert!(whole.stdout.lines().count() > 100, "{format}: {}", whole.stdout);
        assert_eq!(streamed.code, whole.code, "{format}");
        assert_eq!(streamed.stdout, whole.stdout, "{format}");
        assert_eq!(streamed.stderr, whole.stderr, "{format}");
    }
    let whole = lint("bad.txt", "concise", "100000000");
    let streamed = lint("bad.txt", "concise", "1024");
    assert_eq!(whole.code, 2);
    assert!(whole.stderr.contains("invalid UTF-8"), "{}", whole.stderr);
    assert_eq!(
        (streamed.code, &streamed.stdout, &streamed.stderr),
        (2, &whole.stdout, &whole.stderr)
    );
}
