//! A catalogue of bad input: text that is not UTF-8, envelopes of the wrong shape, timestamps,
//! broken rule packs and config files, and command lines that cannot work.
//!
//! Each case pins the exact exit code, the whole of stderr (temp paths written as `{dir}`) and
//! the whole of stdout, so that a change of wording is a deliberate update here. Every case also
//! checks that nothing panicked. A run that fails before linting anything writes nothing to
//! stdout: that is the default expectation of an exit-2 case.
//!
//! A case marked `#[ignore]` states the behaviour the binary should have, and names the file
//! where the fix belongs.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::{CLEAN, SARCASTIC, replylint, write};

/// One bad-input case: files written into a fresh directory (the working directory of the run),
/// the arguments, what goes to stdin, and the exact exit code, stderr and stdout expected.
struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    symlinks: Vec<(&'static str, &'static str)>,
    args: Vec<String>,
    stdin: Vec<u8>,
    code: i32,
    stderr: String,
    stdout: String,
    isolated: bool,
}

/// A case: `files` are `(path, contents)`; `args` follow `replylint` (`--isolated` is added,
/// see `Case::discover`); `stderr` is the whole of it, with `{dir}` for the run's directory.
/// Stdout is expected empty unless `Case::stdout` says otherwise.
fn case<C: AsRef<[u8]>>(
    name: &'static str,
    files: impl IntoIterator<Item = (&'static str, C)>,
    args: &[&str],
    code: i32,
    stderr: &str,
) -> Case {
    Case {
        name,
        files: files
            .into_iter()
            .map(|(p, c)| (p.to_owned(), c.as_ref().to_vec()))
            .collect(),
        symlinks: Vec::new(),
        args: args.iter().map(|&a| a.to_owned()).collect(),
        stdin: Vec::new(),
        code,
        stderr: stderr.to_owned(),
        stdout: String::new(),
        isolated: true,
    }
}

/// No files.
const NO_FILES: [(&str, &str); 0] = [];

impl Case {
    fn stdin(mut self, input: impl AsRef<[u8]>) -> Self {
        self.stdin = input.as_ref().to_vec();
        self
    }

    fn stdout(mut self, expected: &str) -> Self {
        expected.clone_into(&mut self.stdout);
        self
    }

    /// Config discovery is the point: run without `--isolated`.
    fn discover(mut self) -> Self {
        self.isolated = false;
        self
    }

    /// A symbolic link `name` -> `target`, made in the run's directory.
    fn symlink(mut self, name: &'static str, target: &'static str) -> Self {
        self.symlinks.push((name, target));
        self
    }
}

/// Run one case; `Err` says every way it differs from what is expected.
fn run_case(c: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in &c.files {
        write(dir.path(), path, contents);
    }
    for (name, target) in &c.symlinks {
        make_symlink(Path::new(target), &dir.path().join(name));
    }
    let mut cmd = replylint();
    cmd.current_dir(dir.path())
        .args(&c.args)
        .timeout(Duration::from_secs(60))
        .write_stdin(c.stdin.clone());
    if c.isolated {
        cmd.arg("--isolated");
    }
    let out = cmd.output().map_err(|e| format!("cannot run replylint: {e}"))?;
    let shown = |bytes: &[u8]| {
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        for d in [dir.path().to_path_buf(), dir.path().canonicalize().unwrap()] {
            text = text.replace(&d.display().to_string(), "{dir}");
        }
        text
    };
    let (stdout, stderr) = (shown(&out.stdout), shown(&out.stderr));
    let mut problems = String::new();
    match out.status.code() {
        None => problems.push_str("  killed by a signal (a stack overflow or an abort)\n"),
        Some(code @ (101 | 134)) => writeln!(problems, "  exit code {code}: a panic or an abort").unwrap(),
        Some(code) if code != c.code => writeln!(problems, "  exit code {code}, expected {}", c.code).unwrap(),
        Some(_) => {}
    }
    if stderr.contains("panicked") {
        problems.push_str("  a panic on stderr\n");
    }
    if stderr != c.stderr {
        writeln!(
            problems,
            "  stderr:\n    got      {stderr:?}\n    expected {:?}",
            c.stderr
        )
        .unwrap();
    }
    if stdout != c.stdout {
        writeln!(
            problems,
            "  stdout:\n    got      {stdout:?}\n    expected {:?}",
            c.stdout
        )
        .unwrap();
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

#[cfg(unix)]
fn make_symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(not(unix))]
fn make_symlink(target: &Path, link: &Path) {
    std::os::windows::fs::symlink_file(target, link).unwrap();
}

/// Run every case and report all the failing ones at once.
fn check_all(cases: Vec<Case>) {
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_case(c).err().map(|why| format!("{}:\n{why}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The human format's line for one clean document.
const OK: &str = "ok: 1 document checked, no problems found\n";

/// `check` an envelope on stdin, concise output.
const ENVELOPE: [&str; 5] = ["check", "--envelope", "-", "--format", "concise"];

/// A lint request whose draft no rule flags: it greets, answers and closes.
fn envelope(fields: &str) -> String {
    format!(r#"{{"draft": "Hi Sam, your parcel left our warehouse this morning. Have a great day!"{fields}}}"#)
}

// ---------------------------------------------------------------------------------------------
// Text: encodings, NUL bytes, empty input.

#[test]
fn text_that_is_not_utf8_is_refused_with_its_place() {
    check_all(vec![
        case(
            "invalid UTF-8 names the line and column of the first bad byte",
            [("latin1.txt", b"Hi Dana,\nthe caf\xe9 order shipped.\n".as_slice())],
            &["check", "latin1.txt", "--format", "concise"],
            2,
            "error: latin1.txt:2:8: invalid UTF-8; save the file as UTF-8\n",
        ),
        case(
            "invalid UTF-8 on stdin",
            NO_FILES,
            &["check", "-", "--format", "concise"],
            2,
            "error: -:3:5: invalid UTF-8; save the file as UTF-8\n",
        )
        .stdin(b"Hi Dana,\nthanks\nfor \xc3\x28 it\n".as_slice()),
        case(
            "invalid UTF-8 in an envelope file",
            [("request.json", b"{\"draft\": \"caf\xe9\"}".as_slice())],
            &["check", "--envelope", "request.json", "--format", "concise"],
            2,
            "error: request.json:1:15: invalid UTF-8; save the file as UTF-8\n",
        ),
        case(
            "NUL bytes mark a binary file",
            [("notes.txt", b"Hi Dana,\x00\x00 your order\n".as_slice())],
            &["check", "notes.txt", "--format", "concise"],
            2,
            "error: notes.txt: looks like a binary file (it holds NUL bytes); skipped\n",
        ),
        case(
            "a bad file does not stop the good one after it",
            [("a.txt", b"caf\xe9\n".as_slice()), ("b.txt", SARCASTIC.as_bytes())],
            &["check", "a.txt", "b.txt", "--format", "concise"],
            2,
            "error: a.txt:1:4: invalid UTF-8; save the file as UTF-8\n",
        )
        .stdout("b.txt:1:10: warning[tone.sarcasm] “yeah, right” reads as sarcasm in writing\n"),
    ]);
}

#[test]

fn utf16_little_endian_with_a_bom_is_named_as_such() {
    check_all(vec![case(
        "UTF-16 LE with a BOM",
        [("reply.txt", b"\xff\xfeH\x00i\x00\n\x00".as_slice())],
        &["check", "reply.txt", "--format", "concise"],
        2,
        "error: reply.txt: the file is UTF-16 (little-endian, it starts with a byte-order mark); save it as UTF-8\n",
    )]);
}

#[test]

fn utf16_big_endian_with_a_bom_is_named_as_such() {
    check_all(vec![case(
        "UTF-16 BE with a BOM",
        [("reply.txt", b"\xfe\xff\x00H\x00i\x00\n".as_slice())],
        &["check", "reply.txt", "--format", "concise"],
        2,
        "error: reply.txt: the file is UTF-16 (big-endian, it starts with a byte-order mark); save it as UTF-8\n",
    )]);
}

#[test]
fn empty_input_is_a_clean_lint() {
    check_all(vec![
        case("an empty file", [("empty.txt", "")], &["check", "empty.txt"], 0, "").stdout(OK),
        case("empty stdin", NO_FILES, &["check", "-"], 0, "").stdout(OK),
        case("stdin of white space only", NO_FILES, &["check", "-"], 0, "")
            .stdin(" \n\t\n")
            .stdout(OK),
        case(
            "a file that is only a UTF-8 BOM",
            [("bom.txt", b"\xef\xbb\xbf".as_slice())],
            &["check", "bom.txt"],
            0,
            "",
        )
        .stdout(OK),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Envelopes: every field with a value of the wrong type, located at the value.

#[test]
fn every_envelope_field_of_the_wrong_type_is_named_and_located() {
    let wrong = |name: &'static str, fields: &str, stderr: &str| {
        case(name, NO_FILES, &ENVELOPE, 2, stderr).stdin(envelope(fields))
    };
    check_all(vec![
        case(
            "draft is a number",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:11: envelope field `draft` must be a string; it is a number\n",
        )
        .stdin(r#"{"draft": 7}"#),
        case(
            "draft is a list",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:2:12: envelope field `draft` must be a string; it is a list\n",
        )
        .stdin("{\n  \"draft\": [\"Hi Sam\"]\n}"),
        wrong(
            "channel is a number",
            r#", "channel": 7"#,
            "error: -:1:96: envelope field `channel` must be a string such as \"messenger\"; it is a number\n",
        ),
        wrong(
            "visibility is true",
            r#", "visibility": true"#,
            "error: -:1:99: envelope field `visibility` must be \"private\" or \"public\"; it is true or false\n",
        ),
        wrong(
            "author is an object",
            r#", "author": {"name": "Al"}"#,
            "error: -:1:95: envelope field `author` must be \"agent\" or \"bot\"; it is an object\n",
        ),
        wrong(
            "purpose is a number",
            r#", "purpose": 1.5"#,
            "error: -:1:96: envelope field `purpose` must be \"reply\", \"instant-reply\" or \"away-message\"; it is a number\n",
        ),
        wrong(
            "tag is a list",
            r#", "tag": ["HUMAN_AGENT"]"#,
            "error: -:1:92: envelope field `tag` must be a string such as \"HUMAN_AGENT\"; it is a list\n",
        ),
        wrong(
            "now is a number (a Unix time)",
            r#", "now": 1767225600"#,
            "error: -:1:92: envelope field `now` must be an RFC 3339 timestamp string, e.g. \"2026-11-24T12:00:00Z\"; it is a number\n",
        ),
        wrong(
            "customer is a string",
            r#", "customer": "Sam""#,
            "error: -:1:97: envelope field `customer` must be an object, {\"name\": \"Dana\"}; it is a string\n",
        ),
        wrong(
            "customer.name is a list",
            r#", "customer": {"name": ["Sam"]}"#,
            "error: -:1:106: envelope field `customer.name` must be a string; it is a list\n",
        ),
        wrong(
            "language is a number",
            r#", "language": 3"#,
            "error: -:1:97: envelope field `language` must be an ISO 639-1 code such as \"en\"; it is a number\n",
        ),
        wrong(
            "thread is an object",
            r#", "thread": {"role": "customer"}"#,
            "error: -:1:95: envelope field `thread` must be a list of messages, [{\"role\": \"customer\", \"text\": \"…\", \"at\": \"…\"}]; it is an object\n",
        ),
        wrong(
            "a message is a list",
            r#", "thread": [["customer", "hi"]]"#,
            "error: -:1:96: envelope field `thread[0]` must be a message, {\"role\": \"customer\", \"text\": \"…\", \"at\": \"…\"}; it is a list\n",
        ),
        wrong(
            "a message's role is null",
            r#", "thread": [{"role": null, "text": "hi"}]"#,
            "error: -:1:105: envelope field `thread[0].role` must be \"customer\" or \"business\"; it is null\n",
        ),
        wrong(
            "a message's text is a number",
            r#", "thread": [{"role": "customer", "text": 5}]"#,
            "error: -:1:125: envelope field `thread[0].text` must be a string; it is a number\n",
        ),
        wrong(
            "a message's at is a number",
            r#", "thread": [{"role": "customer", "text": "hi", "at": 5}]"#,
            "error: -:1:137: envelope field `thread[0].at` must be an RFC 3339 timestamp string; it is a number\n",
        ),
        wrong(
            "a message without a role",
            r#", "thread": [{"role": "customer", "text": "hi"}, {"text": "still there?"}]"#,
            "error: -:1:132: envelope field `thread[1]` has no `role`: give \"customer\" or \"business\"\n",
        ),
        wrong(
            "the first wrong field in the text is the one reported",
            r#", "now": 5, "channel": 7"#,
            "error: -:1:92: envelope field `now` must be an RFC 3339 timestamp string, e.g. \"2026-11-24T12:00:00Z\"; it is a number\n",
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Envelopes: JSON syntax, nesting, unknown values and fields.

#[test]
fn malformed_envelopes_are_located() {
    check_all(vec![
        case(
            "a stray comma",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:2:22: malformed envelope: expected a field name in double quotes here (is there a stray comma, or a name without quotes?)\n",
        )
        .stdin("{\n  \"draft\": \"Hi Dana\",,\n  \"channel\": \"messenger\"\n}\n"),
        case(
            "a trailing comma",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:16: malformed envelope: trailing comma\n",
        )
        .stdin(r#"{"draft": "Hi",}"#),
        case(
            "the closing brace is missing",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:14: malformed envelope: the text ends before the envelope's object is closed: a `}` is missing\n",
        )
        .stdin(r#"{"draft": "Hi""#),
        case(
            "text after the envelope",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:17: malformed envelope: there is more text after the envelope's closing `}`\n",
        )
        .stdin(r#"{"draft": "Hi"} {"draft": "Ho"}"#),
        case(
            "a raw line break inside the draft",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:2:1: malformed envelope: a raw control character (a line break or a tab) inside a string; write it as \\n or \\t\n",
        )
        .stdin("{\"draft\": \"Hi Sam,\nthanks\"}"),
        case(
            "a field given twice",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:23: malformed envelope: duplicate field `draft`\n",
        )
        .stdin(r#"{"draft": "Hi", "draft": "Ho"}"#),
        case(
            "an empty envelope",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -: the envelope is empty: send a JSON object, {\"draft\": \"…\"}\n",
        ),
        case(
            "an envelope that is a list",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:2:3: malformed envelope: it must be a JSON object, {\"draft\": \"…\"}\n",
        )
        .stdin("\n  [{\"draft\": \"Hi\"}]"),
        case(
            "an envelope without a draft",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -: the envelope has no `draft`: send {\"draft\": \"…\"}\n",
        )
        .stdin(r#"{"channel": "sms"}"#),
    ]);
}

#[test]
fn deeply_nested_envelopes_are_refused_without_overflowing_the_stack() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let too_deep = "malformed envelope: lists and objects are nested more than 64 levels deep; an envelope needs 3 (the envelope, its thread, a message)";
    check_all(vec![
        case(
            "10,000 nested lists as the thread",
            [("deep.json", format!(r#"{{"draft": "Hi", "thread": {}}}"#, deep(10_000)))],
            &["check", "--envelope", "deep.json", "--format", "concise"],
            2,
            &format!("error: deep.json:1:90: {too_deep}\n"),
        ),
        case(
            "10,000 nested lists in a field replylint does not read",
            [(
                "deep.json",
                format!(r#"{{"draft": "Hi", "x-trace": {}}}"#, deep(10_000)),
            )],
            &["check", "--envelope", "deep.json", "--format", "concise"],
            2,
            &format!("error: deep.json:1:91: {too_deep}\n"),
        ),
        case(
            "10,000 nested objects",
            NO_FILES,
            &ENVELOPE,
            2,
            &format!("error: -:1:{}: {too_deep}\n", 1 + 6 * 64),
        )
        .stdin(format!("{}{}", r#"{"a": "#.repeat(10_000), "}".repeat(10_000))),
        case(
            "10,000 nested lists as the whole envelope",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:1: malformed envelope: it must be a JSON object, {\"draft\": \"…\"}\n",
        )
        .stdin(deep(10_000)),
        case(
            "brackets inside strings do not count",
            NO_FILES,
            &ENVELOPE,
            0,
            "warning: -: envelope field `x-note` is not one replylint reads; it is ignored\n",
        )
        .stdin(envelope(&format!(r#", "x-note": "{}""#, deep(1000)))),
    ]);
}

#[test]
fn unknown_envelope_values_are_named_and_located() {
    let bad = |name: &'static str, fields: &str, stderr: &str| {
        case(name, NO_FILES, &ENVELOPE, 2, stderr).stdin(envelope(fields))
    };
    check_all(vec![
        bad(
            "an unknown channel, with a did-you-mean",
            r#", "channel": "whatsap""#,
            "error: -:1:96: envelope field `channel`: unknown channel `whatsap` (did you mean `whatsapp`?); expected one of: messenger, instagram, whatsapp, sms, email, chat, x, apple\n",
        ),
        bad(
            "an unknown channel",
            r#", "channel": "fax""#,
            "error: -:1:96: envelope field `channel`: unknown channel `fax`; expected one of: messenger, instagram, whatsapp, sms, email, chat, x, apple\n",
        ),
        bad(
            "an unknown visibility",
            r#", "visibility": "everyone""#,
            "error: -:1:99: envelope field `visibility`: unknown visibility `everyone`; expected `private` or `public`\n",
        ),
        bad(
            "an unknown purpose",
            r#", "purpose": "marketing""#,
            "error: -:1:96: envelope field `purpose`: unknown purpose `marketing`; expected `reply`, `instant-reply` or `away-message`\n",
        ),
        bad(
            "an unknown author",
            r#", "author": "robot""#,
            "error: -:1:95: envelope field `author`: unknown author `robot`; expected `agent` or `bot`\n",
        ),
        bad(
            "an unknown role",
            r#", "thread": [{"role": "customer", "text": "hi"}, {"role": "robot", "text": "x"}]"#,
            "error: -:1:141: envelope field `thread[1].role`: unknown role `robot`; expected `customer` or `business`\n",
        ),
        case(
            "unknown fields, nested ones too, are warned about and ignored",
            NO_FILES,
            &ENVELOPE,
            0,
            "warning: -: envelope field `thred` is not one replylint reads (did you mean `thread`?); it is ignored\n\
             warning: -: envelope field `customer.nam` is not one replylint reads (did you mean `customer.name`?); it is ignored\n\
             warning: -: envelope field `thread[0].rol` is not one replylint reads (did you mean `thread[0].role`?); it is ignored\n",
        )
        .stdin(envelope(
            r#", "thred": [], "customer": {"nam": "Sam"}, "thread": [{"role": "customer", "text": "Where is it?", "rol": "x"}]"#,
        )),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Envelopes: timestamps.

#[test]
fn timestamps_that_are_not_rfc3339_say_why() {
    let now = |name: &'static str, value: &str, column: usize, why: &str| {
        case(
            name,
            NO_FILES,
            &ENVELOPE,
            2,
            &format!("error: -:1:{column}: envelope field `now`: {why}\n"),
        )
        .stdin(envelope(&format!(r#", "now": "{value}""#)))
    };
    check_all(vec![
        now(
            "month 13",
            "2026-13-01",
            92,
            "`2026-13-01` is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z)",
        ),
        now(
            "a word",
            "yesterday",
            92,
            "`yesterday` is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z)",
        ),
        now(
            "February 30th",
            "2026-02-30T10:00:00Z",
            92,
            "`2026-02-30T10:00:00Z` is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z)",
        ),
        now(
            "a date without a time",
            "2026-03-01",
            92,
            "`2026-03-01` is a date without a time; an RFC 3339 timestamp has both, e.g. 2026-03-01T12:00:00Z",
        ),
        now(
            "a time without a zone",
            "2026-03-01T10:00:00",
            92,
            "`2026-03-01T10:00:00` has no UTC offset, so the moment it names depends on where it was written; add `Z` for UTC or an offset such as `+01:00`",
        ),
        now(
            "the last second of year 9999 is valid RFC 3339 but out of range",
            "9999-12-31T23:59:59Z",
            92,
            "`9999-12-31T23:59:59Z` is out of the range replylint can compute with, which ends at 9999-12-30T22:00:00Z",
        ),
        case(
            "a message's time is checked the same way",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:137: envelope field `thread[0].at`: `2026-03-01` is a date without a time; an RFC 3339 timestamp has both, e.g. 2026-03-01T12:00:00Z\n",
        )
        .stdin(envelope(
            r#", "thread": [{"role": "customer", "text": "hi", "at": "2026-03-01"}]"#,
        )),
        case(
            "a message later than now",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:168: envelope field `thread[0].at`: 2026-01-01T10:00:00Z is later than `now` (2026-01-01T00:00:00Z); a reply cannot answer a message from the future\n",
        )
        .stdin(envelope(
            r#", "now": "2026-01-01T00:00:00Z", "thread": [{"role": "customer", "text": "hi", "at": "2026-01-01T10:00:00Z"}]"#,
        )),
        case(
            "a thread out of order",
            NO_FILES,
            &ENVELOPE,
            2,
            "error: -:1:232: envelope field `thread[1].at`: 2026-01-01T09:00:00Z is earlier than `thread[0].at` (2026-01-01T10:00:00Z); list the thread oldest first\n",
        )
        .stdin(envelope(
            r#", "now": "2026-01-02T00:00:00Z", "thread": [{"role": "customer", "text": "a", "at": "2026-01-01T10:00:00Z"}, {"role": "customer", "text": "b", "at": "2026-01-01T09:00:00Z"}]"#,
        )),
    ]);
}

#[test]
fn extreme_but_valid_timestamps_lint_cleanly() {
    check_all(vec![
        case("now in year 1", NO_FILES, &ENVELOPE, 0, "")
            .stdin(envelope(r#", "now": "0001-01-01T00:00:00Z""#)),
        case("now and the thread in year 1", NO_FILES, &ENVELOPE, 0, "").stdin(envelope(
            r#", "now": "0001-01-01T00:00:00Z", "thread": [{"role": "customer", "text": "Where is it?", "at": "0001-01-01T00:00:00Z"}]"#,
        )),
        case("the latest moment replylint handles", NO_FILES, &ENVELOPE, 0, "").stdin(envelope(
            r#", "now": "9999-12-30T22:00:00Z", "thread": [{"role": "customer", "text": "Where is it?", "at": "9999-12-30T21:59:00Z"}]"#,
        )),
        case(
            "a message from year 1 answered today: a wait of 739,000 days",
            NO_FILES,
            &["check", "--envelope", "-", "--format", "concise", "--select", "timing"],
            1,
            "",
        )
        .stdin(envelope(
            r#", "now": "2026-01-01T00:00:00Z", "thread": [{"role": "customer", "text": "Where is it?", "at": "0001-01-01T00:00:00Z"}]"#,
        ))
        .stdout(
            "-:1:1: error[timing.outside-window] the customer's last message was 739616 days ago: the 24 hours messaging window has closed\n\
             -:1:1: warning[timing.unacknowledged-wait] the customer has waited 739616 days for an answer (more than 60 minutes on this channel); acknowledge the wait\n",
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Rule packs.

/// A rule's head: every required key but `check`.
const HEAD: &str = "[[rules]]\nid = \"acme.rule\"\nseverity = \"warning\"\nsummary = \"s\"\nmessage = \"m\"\n";

/// A case that loads `pack` as `pack.toml` and lints `Hi` from stdin.
fn pack(name: &'static str, pack: &str, stderr: &str) -> Case {
    case(
        name,
        [("pack.toml", pack.to_owned())],
        &["check", "-", "--rules", "pack.toml", "--format", "concise"],
        2,
        stderr,
    )
    .stdin("Hi")
}

#[test]
fn broken_rule_packs_are_located_in_the_authors_words() {
    check_all(vec![
        pack(
            "a TOML syntax error",
            &format!("{HEAD}\n[rules.check.phrases\nphrases = [\"a\"]\n"),
            "error: invalid rule pack\n  pack.toml:7:21: unclosed table, expected `]` (rule `acme.rule`)\n    | [rules.check.phrases\n    |                     ^\n",
        ),
        pack(
            "an unknown key in a rule, with a did-you-mean",
            "[[rules]]\nid = \"acme.rule\"\nsevrity = \"warning\"\nsummary = \"s\"\nmessage = \"m\"\n[rules.check.phrases]\nphrases = [\"a\"]\n",
            "error: invalid rule pack\n  pack.toml:3:1: unknown key `sevrity` (did you mean `severity`?) (rule `acme.rule`)\n    | sevrity = \"warning\"\n    | ^\n",
        ),
        pack(
            "an unknown key in a check, with a did-you-mean",
            &format!("{HEAD}[rules.check.phrases]\nphrases = [\"a\"]\ncase-sensitve = true\n"),
            "error: invalid rule pack\n  pack.toml:8:1: unknown key `case-sensitve` (did you mean `case-sensitive`?) (rule `acme.rule`)\n    | case-sensitve = true\n    | ^\n",
        ),
        pack(
            "an unknown key with nothing close",
            &format!("{HEAD}[rules.check.length]\nunit = \"words\"\nmax = 5\nflavour = \"x\"\n"),
            "error: invalid rule pack\n  pack.toml:9:1: unknown key `flavour`; expected one of `unit`, `scope`, `max`, `min`, `source`, `max-setting` (rule `acme.rule`)\n    | flavour = \"x\"\n    | ^\n",
        ),
        pack(
            "an unknown key at the top of a pack",
            &format!("rule = []\n{HEAD}[rules.check.phrases]\nphrases = [\"a\"]\n"),
            "error: invalid rule pack\n  pack.toml:1:1: unknown key `rule` (did you mean `rules`?); a pack holds `[[rules]]` tables and an optional `description`\n    | rule = []\n    | ^\n",
        ),
        pack(
            "duplicate rule ids",
            &format!("{HEAD}[rules.check.phrases]\nphrases = [\"a\"]\n\n{HEAD}[rules.check.phrases]\nphrases = [\"b\"]\n"),
            "error: invalid rule pack\n  pack.toml:10:6: duplicate rule id; it is already defined at line 2 (rule `acme.rule`)\n    | id = \"acme.rule\"\n    |      ^\n",
        ),
        pack(
            "an invalid regex",
            &format!("{HEAD}[rules.check.pattern]\nregex = '(order #\\d+'\n"),
            "error: invalid rule pack\n  pack.toml:7:9: invalid regex: unclosed group (rule `acme.rule`)\n    | regex = '(order #\\d+'\n    |         ^\n",
        ),
        pack(
            "a regex too big to compile",
            &format!("{HEAD}[rules.check.pattern]\nregex = '\\w{{1000}}{{1000}}'\n"),
            "error: invalid rule pack\n  pack.toml:7:9: regex cannot be compiled: Compiled regex exceeds size limit of 10485760 bytes; make it smaller or split it (rule `acme.rule`)\n    | regex = '\\w{1000}{1000}'\n    |         ^\n",
        ),
        pack(
            "an empty phrase list",
            &format!("{HEAD}[rules.check.phrases]\nphrases = []\n"),
            "error: invalid rule pack\n  pack.toml:7:1: `phrases` is empty: list at least one phrase (rule `acme.rule`)\n    | phrases = []\n    | ^\n",
        ),
        pack(
            "a length rule with min above max",
            &format!("{HEAD}[rules.check.length]\nunit = \"words\"\nmin = 10\nmax = 5\n"),
            "error: invalid rule pack\n  pack.toml:8:1: `min = 10` is greater than `max = 5` (rule `acme.rule`)\n    | min = 10\n    | ^\n",
        ),
        pack(
            "a length rule with max = 0",
            &format!("{HEAD}[rules.check.length]\nunit = \"words\"\nmax = 0\n"),
            "error: invalid rule pack\n  pack.toml:8:1: `max = 0` would flag every message (rule `acme.rule`)\n    | max = 0\n    | ^\n",
        ),
        pack(
            "a length rule with a limit that is a string",
            &format!("{HEAD}[rules.check.length]\nunit = \"words\"\nmax = \"10\"\n"),
            "error: invalid rule pack\n  pack.toml:8:7: `max` must be a whole number (0 or more); it is the string \"10\" (rule `acme.rule`)\n    | max = \"10\"\n    |       ^\n",
        ),
        pack(
            "a length rule with a negative limit",
            &format!("{HEAD}[rules.check.length]\nunit = \"words\"\nmax = -1\n"),
            "error: invalid rule pack\n  pack.toml:8:7: `max` must be a whole number (0 or more); it is -1 (rule `acme.rule`)\n    | max = -1\n    |       ^\n",
        ),
        pack(
            "an unknown unit, with a did-you-mean",
            &format!("{HEAD}[rules.check.length]\nunit = \"word\"\nmax = 5\n"),
            "error: invalid rule pack\n  pack.toml:7:8: `word` is not a valid value for `unit` (did you mean `words`?) (rule `acme.rule`)\n    | unit = \"word\"\n    |        ^\n",
        ),
        pack(
            "a phrase that is not a string",
            &format!("{HEAD}[rules.check.phrases]\nphrases = [\"a\", 1]\n"),
            "error: invalid rule pack\n  pack.toml:7:17: each item of `phrases` must be a string; it is 1 (rule `acme.rule`)\n    | phrases = [\"a\", 1]\n    |                 ^\n",
        ),
        pack(
            "check = \"phrases\" as a string",
            &format!("{HEAD}check = \"phrases\"\n"),
            "error: invalid rule pack\n  pack.toml:6:9: `check` must be a table that names the check kind, `[rules.check.phrases]`, with the kind's keys inside it; it is the string \"phrases\" (rule `acme.rule`)\n    | check = \"phrases\"\n    |         ^\n",
        ),
        pack(
            "check is a number",
            &format!("{HEAD}check = 5\n"),
            "error: invalid rule pack\n  pack.toml:6:9: `check` must be a table that names one check kind, such as `[rules.check.phrases]`; it is a number (rule `acme.rule`)\n    | check = 5\n    |         ^\n",
        ),
        pack(
            "a rule with two check kinds",
            &format!("{HEAD}[rules.check.phrases]\nphrases = [\"a\"]\n[rules.check.pattern]\nregex = \"a\"\n"),
            "error: invalid rule pack\n  pack.toml:8:14: a rule has exactly one check kind, and this one has `phrases` and `pattern`: split it into one rule per kind (rule `acme.rule`)\n    | [rules.check.pattern]\n    |              ^\n",
        ),
        pack(
            "a check table that names no kind",
            &format!("{HEAD}[rules.check]\n"),
            "error: invalid rule pack\n  pack.toml:6:8: `[rules.check]` names no check kind: add one table such as `[rules.check.phrases]`; the kinds are: phrases, pattern, length, required, spelling, repetition, casing, placeholders, reference, timing, conditional, confusion (rule `acme.rule`)\n    | [rules.check]\n    |        ^\n",
        ),
        pack(
            "an unknown check kind, with a did-you-mean",
            &format!("{HEAD}[rules.check.phrasez]\nphrases = [\"a\"]\n"),
            "error: invalid rule pack\n  pack.toml:6:14: unknown check kind `phrasez` (did you mean `phrases`?) (rule `acme.rule`)\n    | [rules.check.phrasez]\n    |              ^\n",
        ),
        pack(
            "a message slot the check kind does not provide",
            "[[rules]]\nid = \"acme.rule\"\nseverity = \"warning\"\nsummary = \"s\"\nmessage = \"over {limit} words\"\n[rules.check.phrases]\nphrases = [\"a\"]\n",
            "error: invalid rule pack\n  pack.toml:5:11: the message uses `{limit}`, which the `phrases` kind does not provide; it provides: matched, replacement (rule `acme.rule`)\n    | message = \"over {limit} words\"\n    |           ^\n",
        ),
        pack(
            "a severity that is a number",
            "[[rules]]\nid = \"acme.rule\"\nseverity = 3\nsummary = \"s\"\nmessage = \"m\"\n[rules.check.phrases]\nphrases = [\"a\"]\n",
            "error: invalid rule pack\n  pack.toml:3:12: `severity` must be a string naming one of its values; it is 3 (rule `acme.rule`)\n    | severity = 3\n    |            ^\n",
        ),
        pack(
            "an unknown severity, with a did-you-mean",
            "[[rules]]\nid = \"acme.rule\"\nseverity = \"warn\"\nsummary = \"s\"\nmessage = \"m\"\n[rules.check.phrases]\nphrases = [\"a\"]\n",
            "error: invalid rule pack\n  pack.toml:3:12: `warn` is not a valid value for `severity` (did you mean `warning`?) (rule `acme.rule`)\n    | severity = \"warn\"\n    |            ^\n",
        ),
        pack(
            "a rule without a check",
            HEAD,
            "error: invalid rule pack\n  pack.toml:1:1: missing key `check` (rule `acme.rule`)\n    | [[rules]]\n    | ^\n",
        ),
        case(
            "a pack that is not UTF-8",
            [("pack.toml", b"# caf\xe9\n[[rules]]\n".as_slice())],
            &["check", "-", "--rules", "pack.toml"],
            2,
            "error: invalid rule pack\n  pack.toml:1:6: the rule pack is not valid UTF-8; save it as UTF-8\n    | # caf\n    |      ^\n",
        )
        .stdin("Hi"),
        case(
            "--rules naming a missing file",
            NO_FILES,
            &["check", "-", "--rules", "missing.toml"],
            2,
            "error: invalid rule pack\n  missing.toml: no such rule pack file or directory\n",
        )
        .stdin("Hi"),
    ]);
}

// ---------------------------------------------------------------------------------------------
// replylint.toml.

#[test]
fn broken_config_files_are_located() {
    check_all(vec![
        case(
            "a TOML syntax error in replylint.toml",
            [("replylint.toml", "select = [\"tone\"\n")],
            &["check", "-"],
            2,
            "error: replylint.toml:1:17: unclosed array, expected `]`\n",
        )
        .discover()
        .stdin(CLEAN),
        case(
            "--config naming a missing file",
            NO_FILES,
            &["check", "-", "--config", "missing.toml"],
            2,
            "error: missing.toml: cannot read the config file: no such file or directory\n",
        )
        .discover()
        .stdin(CLEAN),
    ]);
}

#[test]

fn unknown_config_keys_get_a_did_you_mean() {
    check_all(vec![
        case(
            "an unknown top-level key",
            [("replylint.toml", "fail_on = \"warning\"\n")],
            &["check", "-"],
            2,
            "error: replylint.toml:1:1: unknown key `fail_on` (did you mean `fail-on`?)\n",
        )
        .discover()
        .stdin(CLEAN),
        case(
            "an unknown key in [spelling]",
            [("replylint.toml", "[spelling]\naccpt = [\"Acme\"]\n")],
            &["check", "-"],
            2,
            "error: replylint.toml:2:1: unknown key `accpt` (did you mean `accept`?)\n",
        )
        .discover()
        .stdin(CLEAN),
        case(
            "a value of the wrong type",
            [("replylint.toml", "select = \"tone\"\n")],
            &["check", "-"],
            2,
            "error: replylint.toml:1:10: `select` must be a list; it is the string \"tone\"\n",
        )
        .discover()
        .stdin(CLEAN),
    ]);
}

// ---------------------------------------------------------------------------------------------
// The command line.

#[test]
fn bad_command_lines_exit_2_before_linting() {
    check_all(vec![
        case(
            "an unknown --select rule, with a did-you-mean",
            NO_FILES,
            &["check", "-", "--select", "tone.sarcsm"],
            2,
            "error: unknown rule or category `tone.sarcsm` (did you mean `tone.sarcasm`?); run `replylint rules` to list rule ids\n",
        )
        .stdin(CLEAN),
        case(
            "an unknown --ignore category, with a did-you-mean",
            NO_FILES,
            &["check", "-", "--ignore", "spellng"],
            2,
            "error: unknown rule or category `spellng` (did you mean `spelling`?); run `replylint rules` to list rule ids\n",
        )
        .stdin(CLEAN),
        case(
            "--format with an unknown value",
            NO_FILES,
            &["check", "-", "--format", "xml"],
            2,
            "error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: human, concise, json, jsonl, sarif, github, agent]\n\nFor more information, try '--help'.\n",
        )
        .stdin(CLEAN),
        case(
            "--fail-on with an unknown value",
            NO_FILES,
            &["check", "-", "--fail-on", "warn"],
            2,
            "error: invalid value 'warn' for '--fail-on <FAIL_ON>'\n  [possible values: info, warning, error]\n\n  tip: a similar value exists: 'warning'\n\nFor more information, try '--help'.\n",
        )
        .stdin(CLEAN),
        case(
            "`-` given twice",
            NO_FILES,
            &["check", "-", "-"],
            2,
            "error: standard input can be read only once: give `-` once\n",
        )
        .stdin(CLEAN),
        case(
            "`-` and `--envelope -`",
            NO_FILES,
            &["check", "-", "--envelope", "-"],
            2,
            "error: standard input can be read only once: use `-` or `--envelope -`, not both\n",
        )
        .stdin(CLEAN),
        case(
            "nothing to lint",
            NO_FILES,
            &["check"],
            2,
            "error: nothing to lint: give files or directories, `-` to read a draft from stdin, or `--envelope FILE`\n",
        ),
        case(
            "an unknown --channel",
            NO_FILES,
            &["check", "-", "--channel", "fax"],
            2,
            "error: unknown channel `fax`; expected one of: messenger, instagram, whatsapp, sms, email, chat, x, apple\n",
        )
        .stdin(CLEAN),
    ]);
}

#[test]
fn unreadable_paths_are_errors_and_the_good_ones_are_still_linted() {
    check_all(vec![
        case(
            "a missing path among good ones",
            [("a.txt", SARCASTIC), ("c.txt", SARCASTIC)],
            &["check", "a.txt", "b-missing.txt", "c.txt", "--format", "concise"],
            2,
            "error: b-missing.txt: no such file or directory\n",
        )
        .stdout(
            "a.txt:1:10: warning[tone.sarcasm] “yeah, right” reads as sarcasm in writing\n\
             c.txt:1:10: warning[tone.sarcasm] “yeah, right” reads as sarcasm in writing\n",
        ),
        case(
            "a path whose parent is a regular file",
            [("notes.txt", CLEAN)],
            &["check", "notes.txt/child.txt", "--format", "concise"],
            2,
            "error: notes.txt/child.txt: a part of the path is a file, not a directory\n",
        ),
        case(
            "a dangling symbolic link named on the command line",
            [("good.txt", SARCASTIC)],
            &["check", "dangling.txt", "good.txt", "--format", "concise"],
            2,
            "error: dangling.txt: no such file or directory\n",
        )
        .symlink("dangling.txt", "gone.txt")
        .stdout("good.txt:1:10: warning[tone.sarcasm] “yeah, right” reads as sarcasm in writing\n"),
        case(
            "a directory given to --envelope",
            [("replies/a.txt", CLEAN)],
            &["check", "--envelope", "replies", "--format", "concise"],
            2,
            "error: replies: is a directory, not a file\n",
        ),
        case(
            "--envelope naming a missing file",
            NO_FILES,
            &["check", "--envelope", "request.json", "--format", "concise"],
            2,
            "error: request.json: no such file or directory\n",
        ),
    ]);
}

#[test]
fn selections_and_rule_directories_that_name_nothing() {
    check_all(vec![
        case(
            "a stray comma in --select",
            NO_FILES,
            &["check", "-", "--select", "tone,"],
            2,
            "error: invalid value '' for '--select <SELECT>': an empty rule id or category (a stray comma?)\n\nFor more information, try '--help'.\n",
        )
        .stdin(CLEAN),
        case(
            "--rules naming a directory without packs",
            [("packs/README.md", "no packs here\n")],
            &["check", "-", "--rules", "packs"],
            2,
            "error: invalid rule pack\n  packs: the rules directory holds no `.toml` rule packs; name a pack file, or a directory of them\n",
        )
        .stdin(CLEAN),
        case(
            "extensions written with a dot still select the files",
            [("replylint.toml", "[input]\nextensions = [\".txt\"]\n"), ("replies/a.txt", SARCASTIC)],
            &["check", "replies", "--format", "concise"],
            0,
            "",
        )
        .discover()
        .stdout("replies/a.txt:1:10: warning[tone.sarcasm] “yeah, right” reads as sarcasm in writing\n"),
    ]);
}
