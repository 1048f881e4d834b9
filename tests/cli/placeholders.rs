//! Placeholders through the CLI: every syntax of `PLATFORMS.md` §2.10 is masked in templates
//! (no spelling or style finding inside one, even with a misspelt variable name), is an error
//! in drafts, and broken or foreign slots are reported.

use crate::{concise_rules, replylint, run, write};

/// One slot of each syntax, each with a misspelling-like variable name.
const SLOTS: [&str; 15] = [
    "{{ticket.requester.frist_name}}",
    "{{ user.frist_name | fallback: 'thier' }}",
    "{{contact.frist_name || 'thier'}}",
    "{{lead.Frist Name:default=thier}}",
    "{% if ticket.requester.frist_name %}",
    "{%customer.firstNmae,fallback=thier%}",
    "{{1}}",
    "{!Contact.FristName}",
    "<attribute key=\"user.frist_name\" default=\"thier\"/>",
    "[[MISSING TOKEN - FRIST NAME]]",
    "*|FRISTNAME|*",
    "${frist_name}",
    "%FRIST_NAME%",
    "[Customer Naem]",
    "<order_nubmer>",
];

fn check(path: &std::path::Path, extra: &[&str]) -> Vec<String> {
    let out = run(replylint()
        .args(["check", "--isolated", "--format", "concise"])
        .args(extra)
        .arg(path));
    assert!(out.code <= 1, "{}", out.stderr);
    concise_rules(&out.stdout)
}

#[test]
fn every_syntax_is_masked_in_a_template() {
    let dir = tempfile::tempdir().unwrap();
    for (i, slot) in SLOTS.iter().enumerate() {
        let text = format!("Hi {slot}, your parcel left our warehouse this morning. Have a great weekend!\n");
        let path = write(dir.path(), &format!("t{i}.txt"), &text);
        let rules = check(&path, &[]);
        let prose: Vec<&String> = rules
            .iter()
            .filter(|r| r.starts_with("spelling.") || r.starts_with("style."))
            .collect();
        assert!(prose.is_empty(), "{slot}: {rules:?}");
    }
}

#[test]
fn every_syntax_is_an_error_in_a_draft() {
    for slot in SLOTS {
        let text = format!("Hi {slot}, your parcel left our warehouse this morning. Have a great weekend!\n");
        let out = run(replylint()
            .args(["check", "--isolated", "--format", "concise", "-"])
            .write_stdin(text));
        let rules = concise_rules(&out.stdout);
        assert!(
            rules.iter().any(|r| r == "context.unfilled-placeholder"),
            "{slot}: {rules:?}"
        );
        assert!(rules.iter().all(|r| !r.starts_with("spelling.")), "{slot}: {rules:?}");
        assert_eq!(out.code, 1);
    }
}

#[test]
fn broken_slots_are_reported_in_templates_and_drafts() {
    let dir = tempfile::tempdir().unwrap();
    for broken in ["{{first_name}", "{first_name}}", "{{ first_name"] {
        let text = format!("Hi {broken}, thanks for writing!\n");
        let path = write(dir.path(), "broken.txt", &text);
        assert!(
            check(&path, &[]).iter().any(|r| r == "context.malformed-placeholder"),
            "template {broken}"
        );
        let out = run(replylint()
            .args(["check", "--isolated", "--format", "concise", "-"])
            .write_stdin(text.clone()));
        assert!(
            concise_rules(&out.stdout)
                .iter()
                .any(|r| r == "context.malformed-placeholder"),
            "draft {broken}: {}",
            out.stdout
        );
    }
}

#[test]
fn ordinary_prose_has_no_placeholder_finding() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Hi Dana, it said \"recieved\" [sic]. Details {see below} <3. It costs $5, we're 100% sure, \
                and 50% off applies: see [the guide](https://example.com/a_b) :-) *important* ;)\n";
    let path = write(dir.path(), "prose.txt", text);
    let rules = check(&path, &[]);
    assert!(rules.iter().all(|r| !r.starts_with("context.")), "{rules:?}");
    let out = run(replylint()
        .args(["check", "--isolated", "--format", "concise", "-"])
        .write_stdin(text));
    let rules = concise_rules(&out.stdout);
    assert!(rules.iter().all(|r| !r.starts_with("context.")), "{rules:?}");
}

#[test]
fn a_slot_in_another_help_desks_syntax_is_reported_in_its_export() {
    let dir = tempfile::tempdir().unwrap();
    let zendesk = r#"{"macros": [{"id": 7, "title": "Hello", "actions": [
        {"field": "comment_value", "value": "Hi {%customer.firstName%}, ticket {{ticket.id}} is solved."}]}]}"#;
    let path = write(dir.path(), "zendesk.json", zendesk);
    let rules = check(&path, &[]);
    assert_eq!(
        rules.iter().filter(|r| *r == "context.foreign-placeholder").count(),
        1,
        "{rules:?}"
    );
    let helpscout =
        r#"[{"id": 3, "name": "Hi", "text": "<p>Hi {{ticket.requester.first_name}}, I'm {%user.firstName%}.</p>"}]"#;
    let path = write(dir.path(), "hs.json", helpscout);
    let rules = check(&path, &["--input-format", "helpscout"]);
    assert_eq!(
        rules.iter().filter(|r| *r == "context.foreign-placeholder").count(),
        1,
        "{rules:?}"
    );
}

#[test]
fn unknown_variables_and_missing_fallbacks_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "t.txt",
        "Hi {{ticket.requester.frist_name}}, thanks for writing!\n",
    );
    let out = run(replylint()
        .args(["check", "--isolated", "--format", "concise"])
        .arg(&path));
    assert!(
        out.stdout.contains("did you mean `ticket.requester.first_name`"),
        "{}",
        out.stdout
    );
    let path = write(
        dir.path(),
        "h.txt",
        "Hi {%customer.firstName,fallback=%}, thanks for writing!\n",
    );
    assert!(
        check(&path, &[])
            .iter()
            .any(|r| r == "context.placeholder-without-fallback")
    );
}

#[test]
fn the_example_templates_and_exports_have_no_placeholder_finding() {
    let root = crate::repo();
    for dir in ["examples/templates", "examples/exports"] {
        let out = run(replylint()
            .args(["check", "--isolated", "--format", "concise"])
            .arg(root.join(dir)));
        let rules = concise_rules(&out.stdout);
        assert!(rules.iter().all(|r| !r.starts_with("context.")), "{dir}: {rules:?}");
    }
}
