//! Rules: `replylint rules`, `replylint rule ID`, `--select` / `--ignore`, and custom packs,
//! including the located errors of a broken pack.

use crate::{SARCASTIC, concise_rules, replylint, run, write};

/// A draft with findings in three categories: tone, spelling and style.
const MIXED: &str = "Hi Mark, yeah, right. I have recieved the the photos. Is there anything else I can help with?\n";

fn check_mixed(extra: &[&str]) -> Vec<String> {
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--format", "concise"])
        .args(extra)
        .write_stdin(MIXED));
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    concise_rules(&r.stdout)
}

#[test]
fn select_a_category_runs_only_its_rules() {
    let all = check_mixed(&[]);
    assert!(
        all.iter().any(|r| !r.starts_with("tone.")),
        "control: other categories fire without --select: {all:?}"
    );
    let tone = check_mixed(&["--select", "tone"]);
    assert_eq!(tone, ["tone.sarcasm"]);
    let two = check_mixed(&["--select", "tone,spelling"]);
    assert_eq!(two, ["tone.sarcasm", "spelling.typo"]);
    let repeated = check_mixed(&["--select", "tone", "--select", "style.repeated-word"]);
    assert_eq!(repeated, ["tone.sarcasm", "style.repeated-word"]);
}

#[test]
fn ignore_removes_rules_and_categories() {
    let all = check_mixed(&[]);
    assert!(
        all.contains(&"tone.sarcasm".to_owned()) && all.contains(&"spelling.typo".to_owned()),
        "{all:?}"
    );
    let without = check_mixed(&["--ignore", "tone.sarcasm"]);
    assert!(!without.contains(&"tone.sarcasm".to_owned()), "{without:?}");
    assert!(
        without.contains(&"spelling.typo".to_owned()),
        "only the ignored rule goes: {without:?}"
    );
    let no_spelling = check_mixed(&["--ignore", "spelling,style"]);
    assert_eq!(no_spelling, ["tone.sarcasm"]);
    let both = check_mixed(&["--select", "tone,spelling", "--ignore", "tone"]);
    assert_eq!(both, ["spelling.typo"], "ignore applies after select");
}

#[test]
fn unknown_selector_gets_did_you_mean_and_exits_2() {
    for flag in ["--select", "--ignore"] {
        let r = run(replylint()
            .args(["check", "-", "--isolated", flag, "tone.sarcsm"])
            .write_stdin(SARCASTIC));
        assert_eq!(r.code, 2, "{flag}");
        assert!(r.stderr.contains("`tone.sarcsm`"), "{flag}: {}", r.stderr);
        assert!(r.stderr.contains("did you mean `tone.sarcasm`"), "{flag}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{flag}: nothing is linted");
    }
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--select", "nonsense"])
        .write_stdin(SARCASTIC));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown rule or category `nonsense`"), "{}", r.stderr);
}

#[test]
fn rule_shows_the_docs() {
    let r = run(replylint().args(["rule", "tone.sarcasm", "--isolated"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("# tone.sarcasm: "), "{}", r.stdout);
    for needle in [
        "- severity: warning",
        "- check kind: phrases",
        "- source: builtin:tone",
        "## Why this matters",
        "## Examples",
    ] {
        assert!(r.stdout.contains(needle), "{needle}: {}", r.stdout);
    }
}

#[test]
fn unknown_rule_gets_did_you_mean_and_exits_2() {
    let r = run(replylint().args(["rule", "tone.sarcsm", "--isolated"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown rule `tone.sarcsm`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `tone.sarcasm`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("replylint rules"),
        "says what to do next: {}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn rules_lists_every_category_with_its_source() {
    let r = run(replylint().args(["rules", "--isolated"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    let header = lines.next().unwrap();
    for column in ["ID", "SEVERITY", "FIXABLE", "SOURCE", "SUMMARY"] {
        assert!(header.contains(column), "{header}");
    }
    let ids: Vec<&str> = lines.clone().map(|l| l.split_whitespace().next().unwrap()).collect();
    for category in [
        "greeting", "timing", "context", "tone", "spelling", "style", "length", "handoff", "privacy", "signoff",
    ] {
        assert!(
            ids.iter().any(|id| id.starts_with(&format!("{category}."))),
            "no {category} rule in {ids:?}"
        );
    }
    for line in lines {
        let id = line.split_whitespace().next().unwrap();
        let category = id.split('.').next().unwrap();
        assert!(line.contains(&format!("builtin:{category}")), "{line}");
    }
}

#[test]
fn rules_as_json() {
    let r = run(replylint().args(["rules", "--isolated", "--format", "json"]));
    assert_eq!(r.code, 0);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let sarcasm = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "tone.sarcasm")
        .expect("tone.sarcasm is listed");
    assert_eq!(sarcasm["severity"], "warning");
    assert_eq!(sarcasm["kind"], "phrases");
    assert_eq!(sarcasm["source"], "builtin:tone");
}

const GOOD_PACK: &str = r#"
[[rules]]
id = "acme.competitor-mention"
severity = "error"
summary = "Names a competitor"
message = "“{matched}” is a competitor"
examples.bad = ["Try Globex."]
examples.good = ["We can price-match."]

[rules.check.phrases]
phrases = ["Globex"]

[[rules]]
id = "tone.sarcasm"
severity = "info"
summary = "House sarcasm list"
message = "“{matched}” is on our list"

[rules.check.phrases]
phrases = ["oh sure"]
"#;

#[test]
fn a_pack_adds_rules_and_overrides_built_ins() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "acme.toml", GOOD_PACK);
    let r = run(replylint()
        .current_dir(dir.path())
        .args([
            "check",
            "-",
            "--isolated",
            "--format",
            "concise",
            "--rules",
            "acme.toml",
        ])
        .write_stdin("Oh sure, yeah, right. Globex has it. Is there anything else I can help with?"));
    assert_eq!(r.code, 1, "the new rule is an error: {}", r.stdout);
    assert_eq!(
        r.stdout,
        "-:1:1: info[tone.sarcasm] “Oh sure” is on our list\n\
         -:1:23: error[acme.competitor-mention] “Globex” is a competitor\n",
        "“yeah, right” is no longer flagged: the built-in tone.sarcasm was replaced"
    );

    let r = run(replylint()
        .current_dir(dir.path())
        .args(["rules", "--isolated", "--rules", "acme.toml"]));
    let line = |id: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} not listed:\n{}", r.stdout))
            .to_owned()
    };
    assert!(line("acme.competitor-mention").contains("acme.toml"));
    assert!(line("tone.sarcasm").contains("acme.toml"), "{}", line("tone.sarcasm"));
    assert!(line("tone.condescension").contains("builtin:tone"));
}

#[test]
fn no_builtin_rules_leaves_only_the_packs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "packs/acme.toml", GOOD_PACK);
    let r = run(replylint().current_dir(dir.path()).args([
        "rules",
        "--isolated",
        "--no-builtin-rules",
        "--rules",
        "packs",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ids: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["acme.competitor-mention", "tone.sarcasm"]);
}

/// Run `check` with one broken pack and assert the error names `file:line:col` and the rule id.
fn assert_pack_error(pack: &str, location: &str, rule: &str, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.toml", pack);
    write(dir.path(), "reply.txt", SARCASTIC);
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "reply.txt", "--isolated", "--rules", "bad.toml"]));
    assert_eq!(r.code, 2, "{what}: stderr {}", r.stderr);
    assert_eq!(r.stdout, "", "{what}: nothing on stdout");
    assert!(
        r.stderr.contains(&format!("bad.toml:{location}:")),
        "{what}: expected bad.toml:{location}: in\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("`{rule}`")),
        "{what}: expected the rule id `{rule}` in\n{}",
        r.stderr
    );

    // The same pack named in a config file is the same error.
    write(dir.path(), "replylint.toml", "rule-paths = [\"bad.toml\"]\n");
    let r = run(replylint().current_dir(dir.path()).args(["check", "reply.txt"]));
    assert_eq!(r.code, 2, "{what} via rule-paths");
    assert!(
        r.stderr.contains(&format!(":{location}:")) && r.stderr.contains(&format!("`{rule}`")),
        "{what}: {}",
        r.stderr
    );
    assert_eq!(r.stdout, "");

    let r = run(replylint()
        .current_dir(dir.path())
        .args(["rules", "--isolated", "--rules", "bad.toml"]));
    assert_eq!(r.code, 2, "{what}: `rules` fails too");
    assert_eq!(r.stdout, "");
}

#[test]
fn bad_regex_is_located() {
    let pack = "[[rules]]\nid = \"acme.order-ref\"\nseverity = \"warning\"\nsummary = \"x\"\nmessage = \"x\"\n\n[rules.check.pattern]\nregex = \"(order #\\\\d+\"\n";
    assert_pack_error(pack, "8:9", "acme.order-ref", "bad regex");
}

#[test]
fn unknown_check_kind_is_located() {
    let pack = "[[rules]]\nid = \"acme.kind\"\nseverity = \"warning\"\nsummary = \"x\"\nmessage = \"x\"\n\n[rules.check.phrasez]\nphrases = [\"a\"]\n";
    assert_pack_error(pack, "7:14", "acme.kind", "unknown kind");
}

#[test]
fn duplicate_id_is_located() {
    let rule = |summary: &str| {
        format!(
            "[[rules]]\nid = \"acme.dup\"\nseverity = \"warning\"\nsummary = \"{summary}\"\nmessage = \"x\"\n\n[rules.check.phrases]\nphrases = [\"a\"]\n"
        )
    };
    let pack = format!("{}\n{}", rule("one"), rule("two"));
    assert_pack_error(&pack, "11:6", "acme.dup", "duplicate id");
}

#[test]
fn typoed_key_is_located() {
    let pack = "[[rules]]\nid = \"acme.typo\"\nseverty = \"warning\"\nsummary = \"x\"\nmessage = \"x\"\n\n[rules.check.phrases]\nphrases = [\"a\"]\n";
    assert_pack_error(pack, "3:1", "acme.typo", "typo'd key");
}

#[test]
fn unknown_message_slot_is_located() {
    let pack = "[[rules]]\nid = \"acme.slot\"\nseverity = \"warning\"\nsummary = \"x\"\nmessage = \"{limit} words\"\n\n[rules.check.phrases]\nphrases = [\"a\"]\n";
    assert_pack_error(pack, "5", "acme.slot", "slot the kind does not provide");
}

#[test]
fn a_missing_pack_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["rules", "--isolated", "--rules", "nope.toml"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.toml"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn a_mistyped_category_gets_did_you_mean() {
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--select", "spellng"])
        .write_stdin(SARCASTIC));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `spelling`"), "{}", r.stderr);
}

#[test]
fn rule_shows_where_a_platform_limit_comes_from() {
    let r = run(replylint().args(["rule", "length.messenger-limit", "--isolated"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("- limit source: Messenger Send API"), "{}", r.stdout);
}

#[test]
fn rules_shows_the_configured_state_as_check_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "replylint.toml",
        "ignore = [\"tone.shouting\"]\n\n[rules.\"length.sentence\"]\nseverity = \"error\"\n",
    );
    let r = run(replylint().current_dir(dir.path()).args(["rules"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = |id: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("tone.shouting").starts_with("tone.shouting (off)"), "{}", r.stdout);
    assert!(line("length.sentence ").contains(" error "), "{}", r.stdout);
}

/// Issue 12: a regex that parses but is too big to compile is a load error, not a rule that
/// silently never fires.
#[test]
fn a_regex_too_big_to_compile_is_located() {
    let pack = "[[rules]]\nid = \"acme.big\"\nseverity = \"warning\"\nsummary = \"x\"\nmessage = \"x\"\n\n[rules.check.pattern]\nregex = '\\w{1000}{1000}'\n";
    assert_pack_error(pack, "8:9", "acme.big", "a regex over the size limit");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.toml", pack);
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--isolated", "--rules", "big.toml"])
        .write_stdin("Hi"));
    assert!(
        r.stderr
            .contains("regex cannot be compiled: Compiled regex exceeds size limit")
            && r.stderr.contains("make it smaller"),
        "{}",
        r.stderr
    );
}

/// Issue 12: a pack line of 800 KB with an error is shown as a window around the error.
#[test]
fn a_huge_pack_line_is_cut_around_the_error() {
    let pack = format!(
        "[[rules]]\nid = \"acme.long\"\nseverity = \"warning\"\nsummary = \"x\"\nmessage = \"x\"\n\n[rules.check.pattern]\nregex = '{}({}'\n",
        "a".repeat(400_000),
        "b".repeat(400_000)
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "long.toml", &pack);
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--isolated", "--rules", "long.toml"])
        .write_stdin("Hi"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.len() < 1000, "{} bytes of stderr", r.stderr.len());
    assert!(
        r.stderr.contains("long.toml:8:9: invalid regex") && r.stderr.contains('…'),
        "{}",
        r.stderr
    );
}

/// Issue 12: a missing field is blamed on the rule that lacks it, and every broken rule of a
/// pack is reported in one run, not one per run.
#[test]
fn every_broken_rule_of_a_pack_is_reported_with_its_own_id() {
    let rule = |id: &str, severity: &str, message: bool| {
        format!(
            "[[rules]]\nid = \"{id}\"\nseverity = \"{severity}\"\nsummary = \"x\"\n{}\n[rules.check.phrases]\nphrases = [\"foo\"]\n\n",
            if message { "message = \"m\"" } else { "" }
        )
    };
    let pack = format!(
        "{}{}{}",
        rule("acme.fine", "warning", true),
        rule("acme.no-message", "warning", false),
        rule("acme.loud", "loud", true)
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "two.toml", &pack);
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--isolated", "--rules", "two.toml"])
        .write_stdin("Hi"));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("2 errors"), "{}", r.stderr);
    assert!(
        r.stderr.contains("missing key `message` (rule `acme.no-message`)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("two.toml:19:12: `loud` is not a valid value for `severity`")
            && r.stderr.contains("(rule `acme.loud`)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("acme.fine"), "{}", r.stderr);

    // A key that is not part of a pack is named at its line.
    write(
        dir.path(),
        "extra.toml",
        format!("title = \"x\"\n{}", rule("acme.fine", "warning", true)),
    );
    let r = run(replylint()
        .current_dir(dir.path())
        .args(["check", "-", "--isolated", "--rules", "extra.toml"])
        .write_stdin("Hi"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("extra.toml:1:1: unknown key `title`"), "{}", r.stderr);
}

/// A renamed rule keeps its old id as an alias: selections, settings and `replylint rule` that
/// name the old id still work.
#[test]
fn a_renamed_rule_answers_to_its_former_id() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(
        dir.path(),
        "house.toml",
        r#"
[[rules]]
id = "house.no-asap"
aliases = ["house.asap"]
severity = "warning"
summary = "Say when, not ASAP"
message = "“{matched}” promises nothing the customer can plan on"
[rules.check.phrases]
phrases = ["asap"]
"#,
    );
    let lint = |args: &[&str]| {
        run(replylint()
            .args(["check", "-", "--isolated", "--format", "concise", "--rules"])
            .arg(&pack)
            .args(args)
            .write_stdin("We will fix it ASAP.\n"))
    };
    let r = lint(&["--select", "house.asap"]);
    assert_eq!(
        concise_rules(&r.stdout),
        ["house.no-asap"],
        "selected by its former id: {}",
        r.stderr
    );
    let r = lint(&["--select", "house,tone", "--ignore", "house.asap"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, ""),
        "ignored by its former id: {}",
        r.stderr
    );
    let r = run(replylint()
        .args(["rule", "house.asap", "--isolated", "--rules"])
        .arg(&pack));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("# house.no-asap: Say when, not ASAP"),
        "{}",
        r.stdout
    );

    let bad = write(
        dir.path(),
        "bad.toml",
        std::fs::read_to_string(&pack)
            .unwrap()
            .replace("house.asap", "House Asap"),
    );
    let r = run(replylint()
        .args(["check", "-", "--isolated", "--rules"])
        .arg(&bad)
        .write_stdin("Hi\n"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("an alias is a former id of this rule"),
        "{}",
        r.stderr
    );
}
