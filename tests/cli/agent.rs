//! Agents (issue 14): `check --format agent` and `serve --stdio` return the versioned agent
//! result — a verdict, the located findings, the draft with its safe fixes applied and a
//! summary — and every result here is validated against `docs/agent-result.schema.json`.

use serde_json::Value;

use crate::{SARCASTIC, replylint, repo, run};

const CLEAN: &str = "Thanks for waiting, Dana. Your parcel left today. Is there anything else I can help with?";

/// A draft with two safe fixes and a sarcastic phrase no fix removes.
const MESSY: &str = "Hi Sam, yeah, right. We recieved the the parcel. Is there anything else I can help with?\n";

/// Validate `result` against the agent result's schema (which must itself bite).
fn valid(result: &Value) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("docs/agent-result.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&serde_json::json!({"version": 1, "verdict": "maybe"})));
    let errors: Vec<String> = validator
        .iter_errors(result)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not a valid agent result:\n{}\n{result:#}",
        errors.join("\n")
    );
}

/// `check --format agent` on `draft` (stdin): exit code and result.
fn agent(draft: &str, extra: &[&str]) -> (i32, Value) {
    let r = run(replylint()
        .args(["check", "--isolated", "--format", "agent"])
        .args(extra)
        .arg("-")
        .write_stdin(draft));
    assert_eq!(r.stdout.lines().count(), 1, "one line: {}", r.stdout);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    valid(&v);
    (r.code, v)
}

#[test]
fn a_sarcastic_draft_is_revise_and_a_clean_one_is_send() {
    let (code, v) = agent(SARCASTIC, &[]);
    assert_eq!((code, v["verdict"].as_str()), (1, Some("revise")));
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"tone.sarcasm"), "{rules:?}");
    let summary = v["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("1 problem: ") && summary.contains("yeah, right"),
        "{summary}"
    );

    let (code, v) = agent(CLEAN, &[]);
    assert_eq!((code, v["verdict"].as_str()), (0, Some("send")), "{v:#}");
    assert_eq!(v["fixed"], CLEAN);
    assert_eq!(v["diagnostics"], serde_json::json!([]));
}

/// `fixed` is what `check --fix -` prints for the same draft; the verdict is about what is
/// left in it (the sarcasm), and the findings are located in the draft as given.
#[test]
fn fixed_is_what_fix_prints_on_stdin() {
    let (code, v) = agent(MESSY, &[]);
    assert_eq!(code, 1);
    let printed = run(replylint()
        .args(["check", "--isolated", "--fix", "-"])
        .write_stdin(MESSY));
    assert_eq!(v["fixed"].as_str(), Some(printed.stdout.as_str()));
    assert_eq!(v["fixes_applied"], 2);
    assert_eq!(v["remaining"], 1);
    assert_eq!(v["verdict"], "revise");
    let typo = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "spelling.typo")
        .unwrap();
    let (start, end) = (
        usize::try_from(typo["start"].as_u64().unwrap()).unwrap(),
        usize::try_from(typo["end"].as_u64().unwrap()).unwrap(),
    );
    assert_eq!(&MESSY[start..end], "recieved");
    assert_eq!((typo["line"].as_u64(), typo["column"].as_u64()), (Some(1), Some(25)));
    assert_eq!(typo["fix"]["applicability"], "safe");
}

/// An error blocks; the thresholds move with --block-on and --revise-on.
#[test]
fn errors_block_and_the_thresholds_are_configurable() {
    let draft = "Hi {{first_name}}, your parcel left today. Is there anything else I can help with?";
    let (code, v) = agent(draft, &[]);
    assert_eq!((code, v["verdict"].as_str()), (1, Some("block")), "{v:#}");
    assert!(
        v["summary"].as_str().unwrap().ends_with("Do not send it as it is."),
        "{v}"
    );
    let (_, v) = agent(draft, &["--block-on", "error", "--revise-on", "error"]);
    assert_eq!(v["verdict"], "block");
    let (code, v) = agent(SARCASTIC, &["--revise-on", "error"]);
    assert_eq!(
        (code, v["verdict"].as_str()),
        (0, Some("send")),
        "a warning does not ask for a revision then"
    );
}

#[test]
fn agent_format_takes_one_draft() {
    let r = run(replylint()
        .current_dir(repo())
        .args(["check", "--isolated", "--format", "agent", "examples/"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --format agent checks one draft: pass it on stdin (`-`) or with --envelope\n"
    );
    let envelope = r#"{"draft": "Yeah, right.", "channel": "x", "visibility": "public"}"#;
    let r = run(replylint()
        .args(["check", "--isolated", "--format", "agent", "--envelope", "-"])
        .write_stdin(envelope));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    valid(&v);
    assert_eq!(v["verdict"], "revise");
}

/// `serve --stdio`: one answer per request, in order; a bad line gets an error naming it and
/// the stream goes on; ids are echoed; a request's `select` applies to it alone.
#[test]
fn serve_answers_each_line_in_order() {
    let requests = [
        serde_json::json!({"id": 1, "draft": SARCASTIC}).to_string(),
        "{\"draft\": ".to_owned(),
        String::new(),
        serde_json::json!({"id": "two", "draft": CLEAN}).to_string(),
        serde_json::json!({"id": 3, "draft": SARCASTIC, "select": ["spelling"]}).to_string(),
        serde_json::json!({"id": 4, "draft": CLEAN, "select": ["tone.sarcsm"]}).to_string(),
        serde_json::json!({"id": 5, "draft": SARCASTIC}).to_string(),
    ];
    let r = run(replylint()
        .args(["serve", "--stdio", "--isolated"])
        .write_stdin(requests.join("\n") + "\n"));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let answers: Vec<Value> = r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers.len(), 6, "one answer per non-blank line: {}", r.stdout);
    let verdicts: Vec<&str> = answers
        .iter()
        .map(|a| a["verdict"].as_str().unwrap_or("error"))
        .collect();
    assert_eq!(verdicts, ["revise", "error", "send", "send", "error", "revise"]);
    let ids: Vec<&Value> = answers.iter().map(|a| &a["id"]).collect();
    assert_eq!(
        ids,
        [
            &serde_json::json!(1),
            &Value::Null,
            &serde_json::json!("two"),
            &serde_json::json!(3),
            &serde_json::json!(4),
            &serde_json::json!(5)
        ]
    );
    assert_eq!(answers[1]["error"]["line"], 2);
    assert!(
        answers[4]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `tone.sarcasm`")
    );
    for a in answers.iter().filter(|a| a.get("error").is_none()) {
        valid(a);
    }
}

/// A request's `channels` replace the configured waiting threshold for that request only, and an
/// option of the wrong shape is an error, never a lint under settings the client did not ask for.
#[test]
fn serve_takes_channel_settings_and_refuses_bad_options() {
    // The customer waited 10 minutes in a live chat: within the default 15.
    let envelope = serde_json::json!({
        "draft": "Your refund was approved today.",
        "channel": "chat",
        "now": "2026-03-02T10:10:00Z",
        "thread": [{"role": "customer", "text": "Where is my refund?", "at": "2026-03-02T10:00:00Z"}],
    });
    let with = |extra: Value| {
        let mut e = envelope.clone();
        e.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        e.to_string()
    };
    let requests = [
        with(serde_json::json!({"id": 1})),
        with(serde_json::json!({"id": 2, "channels": {"chat": {"wait-minutes": 5}}})),
        with(serde_json::json!({"id": 3})),
        with(serde_json::json!({"id": 4, "select": "tone"})),
        with(serde_json::json!({"id": 5, "channels": {"fax": {"wait-minutes": 5}}})),
        with(serde_json::json!({"id": 6, "channels": {"chat": {"wait-minutes": 0}}})),
        with(serde_json::json!({"id": 7, "channels": {"chat": {"wait-mins": 5}}})),
    ];
    let r = run(replylint()
        .args(["serve", "--stdio", "--isolated"])
        .write_stdin(requests.join("\n") + "\n"));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let answers: Vec<Value> = r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let waits = |a: &Value| {
        a["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "timing.unacknowledged-wait")
    };
    assert!(!waits(&answers[0]), "{:#}", answers[0]);
    assert!(waits(&answers[1]), "{:#}", answers[1]);
    // The next request is back on the configured settings.
    assert!(!waits(&answers[2]), "{:#}", answers[2]);
    let message = |a: &Value| a["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(message(&answers[3]).contains("select"), "{:#}", answers[3]);
    assert!(
        message(&answers[4]).contains("unknown channel `fax`"),
        "{:#}",
        answers[4]
    );
    assert!(message(&answers[5]).contains("at least 1"), "{:#}", answers[5]);
    assert!(message(&answers[6]).contains("wait-mins"), "{:#}", answers[6]);
    for (i, a) in answers.iter().enumerate() {
        assert_eq!(a["id"], i + 1);
    }
}

/// A client that sends one request and waits gets its answer before it sends the next.
#[test]
fn serve_answers_a_request_before_the_next_arrives() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = std::process::Command::new(replylint().get_program())
        .args(["serve", "--stdio", "--isolated"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for (i, draft) in [SARCASTIC, CLEAN].into_iter().enumerate() {
        writeln!(stdin, "{}", serde_json::json!({"id": i, "draft": draft})).unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], i);
        valid(&v);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}
