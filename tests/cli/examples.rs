//! `examples/` and the README: the first command a newcomer runs stays meaningful, and every
//! example file does what `examples/README.md` says.

use serde_json::Value;

use crate::{concise_rules, replylint, repo, run};

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let first_block = readme.split("```").nth(1).expect("a code block");
    let commands: Vec<&str> = first_block.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(commands, ["cargo run --release -- check examples/", "cargo test"]);
    let before: Vec<&str> = readme
        .split("```")
        .next()
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        before,
        ["# replylint"],
        "nothing but the title comes before the commands"
    );
}

#[test]
fn check_examples_snapshot() {
    let r =
        run(replylint()
            .current_dir(repo())
            .args(["check", "examples/", "--format", "concise", "--color", "never"]));
    assert_eq!(r.code, 0, "examples/README.md promises exit 0; stderr: {}", r.stderr);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!("check_examples_concise", r.stdout);
}

#[test]
fn check_examples_human_summary_and_fail_on() {
    let r = run(replylint()
        .current_dir(repo())
        .args(["check", "examples/", "--color", "never"]));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .ends_with("summary: 12 warnings, 1 info in 14 documents (3 with a safe fix)\n"),
        "examples/README.md quotes this line:\n{}",
        r.stdout.lines().last().unwrap_or("")
    );
    let r = run(replylint()
        .current_dir(repo())
        .args(["check", "examples/", "--fail-on", "warning"]));
    assert_eq!(r.code, 1, "examples/README.md: --fail-on warning exits 1");
}

#[test]
fn findings_are_only_in_bad_files() {
    let r = run(replylint()
        .current_dir(repo())
        .args(["check", "examples/", "--format", "concise"]));
    assert!(!r.stdout.is_empty());
    for line in r.stdout.lines() {
        let file = line.split(':').next().unwrap();
        let name = file.rsplit(['/', '\\']).next().unwrap();
        assert!(
            name.starts_with("bad-"),
            "a finding in a file that is not bad-*: {line}"
        );
    }
}

#[test]
fn the_custom_pack_adds_a_rule_and_overrides_a_built_in() {
    let sources = |r: &crate::Run| {
        assert_eq!(r.code, 0, "{}", r.stderr);
        let line = |id: &str| {
            r.stdout
                .lines()
                .find(|l| l.starts_with(&format!("{id} ")))
                .unwrap_or_else(|| panic!("{id} missing"))
                .to_owned()
        };
        (
            line("acme.competitor-mention"),
            line("length.sentence"),
            line("length.paragraph"),
        )
    };
    let from_root = run(replylint()
        .current_dir(repo())
        .args(["rules", "--config", "examples/replylint.toml"]));
    let inside = run(replylint().current_dir(repo().join("examples")).arg("rules"));
    for r in [&from_root, &inside] {
        let (added, overridden, untouched) = sources(r);
        assert!(added.contains("acme.toml"), "{added}");
        assert!(
            overridden.contains("acme.toml"),
            "the override's source is the acme pack: {overridden}"
        );
        assert!(untouched.contains("builtin:length"), "{untouched}");
    }
    let r = run(replylint().current_dir(repo()).args(["rules", "--isolated"]));
    assert!(!r.stdout.contains("acme."), "without the config there is no acme rule");
}

/// The table of `examples/README.md`: each envelope, the rules it must draw, and its exit code.
const ENVELOPES: [(&str, &[&str], i32); 13] = [
    ("good-first-reply.json", &[], 0),
    ("bad-outside-window.json", &["timing.outside-window"], 1),
    ("good-tag-before-cutoff.json", &[], 0),
    ("bad-retired-tag.json", &["timing.retired-tag"], 1),
    ("bad-bot-dead-end.json", &["handoff.dead-end"], 1),
    ("good-bot-handoff.json", &[], 0),
    (
        "bad-forwarded-without-permission.json",
        &["privacy.forwarded-without-permission"],
        1,
    ),
    ("good-forwarded-with-permission.json", &[], 0),
    ("bad-ignored-order-number.json", &["context.asked-again"], 0),
    ("bad-instant-reply-no-expectation.json", &["greeting.no-expectation"], 0),
    ("good-instant-reply.json", &[], 0),
    ("good-public-reply.json", &[], 0),
    (
        "bad-public-asks-email.json",
        &[
            "greeting.cold",
            "timing.unacknowledged-wait",
            "privacy.public-personal-data",
        ],
        0,
    ),
];

#[test]
fn every_envelope_does_what_the_examples_readme_says() {
    let dir = repo().join("examples/envelopes");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = ENVELOPES.iter().map(|(f, _, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every envelope is described");

    for (file, expected, code) in ENVELOPES {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        // As an agent sends it: the envelope on stdin, JSON out.
        let r = run(replylint()
            .current_dir(repo())
            .args(["check", "--envelope", "-", "--format", "json"])
            .write_stdin(text));
        assert_eq!(r.code, code, "{file}: {}", r.stdout);
        let doc: Value = serde_json::from_str(&r.stdout).unwrap();
        let rules: Vec<&str> = doc["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        if expected.is_empty() {
            assert!(rules.is_empty(), "{file} is a good example but draws {rules:?}");
        } else {
            for rule in expected {
                assert!(rules.contains(rule), "{file}: expected {rule} in {rules:?}");
            }
        }
        assert!(
            file.starts_with(if expected.is_empty() { "good-" } else { "bad-" }),
            "{file}"
        );
    }
}

#[test]
fn drafts_linted_as_drafts() {
    let expected: [(&str, &[&str]); 10] = [
        ("good-order-update.txt", &[]),
        ("good-refund.txt", &[]),
        ("good-apology.txt", &[]),
        ("bad-sarcasm.txt", &["tone.sarcasm"]),
        ("bad-condescension.txt", &["tone.condescension"]),
        ("bad-typo.txt", &["spelling.typo"]),
        ("bad-shouting.txt", &["tone.shouting"]),
        ("bad-wall-of-text.txt", &["length.sentence", "length.message-words"]),
        ("bad-competitor.txt", &["acme.competitor-mention"]),
        ("bad-unfilled-placeholder.txt", &["context.unfilled-placeholder"]),
    ];
    let dir = repo().join("examples");
    assert_eq!(
        std::fs::read_dir(dir.join("drafts")).unwrap().count(),
        expected.len(),
        "every draft is listed here"
    );
    for (file, rules) in expected {
        let text = std::fs::read_to_string(dir.join("drafts").join(file)).unwrap();
        // Run inside examples/ so its replylint.toml (brand words, the acme pack) applies.
        let r = run(replylint()
            .current_dir(&dir)
            .args(["check", "-", "--format", "concise"])
            .write_stdin(text));
        let found = concise_rules(&r.stdout);
        if rules.is_empty() {
            assert!(found.is_empty(), "{file}: {found:?}");
            assert_eq!(r.code, 0);
        }
        for rule in rules {
            assert!(found.iter().any(|f| f == rule), "{file}: expected {rule} in {found:?}");
        }
    }
    let text = std::fs::read_to_string(dir.join("drafts/bad-unfilled-placeholder.txt")).unwrap();
    let r = run(replylint().current_dir(&dir).args(["check", "-"]).write_stdin(text));
    assert_eq!(r.code, 1, "an unfilled placeholder in a draft is an error");
}

#[test]
fn templates_with_placeholders_are_clean() {
    let r = run(replylint()
        .current_dir(repo())
        .args(["check", "examples/templates", "--format", "concise"]));
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    let count = std::fs::read_dir(repo().join("examples/templates")).unwrap().count();
    assert!(count >= 3, "several templates");
    let all = std::fs::read_dir(repo().join("examples/templates"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(
        all.contains("{{first_name}}") && all.contains("{%customer.firstName,fallback=there%}"),
        "the README's syntaxes"
    );
}

#[test]
fn examples_hold_no_rust_files() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { walk(&p, out) } else { out.push(p) }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("examples"), &mut files);
    let rust: Vec<_> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    assert!(rust.is_empty(), "Cargo would build these as example targets: {rust:?}");
}
