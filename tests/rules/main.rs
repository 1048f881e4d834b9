//! Rule tests through the library: every built-in rule's inline examples, the pack meta-checks,
//! and the labelled envelope corpus with its recall and false-alarm targets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

mod properties;

use replylint::{
    Applicability, Conversation, DocKind, Engine, LoadOptions, Selection, Vocabulary, apply_fixes, input, load_rules,
};

/// Every default built-in rule.
pub(crate) fn all_rules() -> Engine {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    Engine::new(rules, &Selection::default(), Vocabulary::default()).unwrap()
}

fn engine_for(id: &str) -> Engine {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    let selection = Selection {
        select: vec![id.to_owned()],
        ..Selection::default()
    };
    Engine::new(rules, &selection, Vocabulary::default()).unwrap()
}

/// Lint an example: envelopes (starting with `{`) carry their conversation; plain text is a draft
/// with no known thread.
fn lint(engine: &Engine, example: &str) -> Vec<replylint::Diagnostic> {
    if example.trim_start().starts_with('{') {
        let (draft, convo) =
            input::envelope::parse("example", example).unwrap_or_else(|e| panic!("bad example envelope: {e}"));
        engine.lint(&draft, DocKind::Draft, &convo)
    } else {
        let mut all = engine.lint(example, DocKind::Draft, &Conversation::now());
        // Template-only rules (placeholder checks) run on plain examples as templates too: a bad
        // example must fire as one kind or the other, a good one as neither.
        all.extend(engine.lint(example, DocKind::Template, &Conversation::now()));
        all
    }
}

#[test]
fn every_builtin_rule_passes_its_examples() {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    let mut failures = Vec::new();
    for rule in rules.iter() {
        let id = rule.id.as_str();
        let engine = engine_for(id);
        for bad in &rule.examples.bad {
            if !lint(&engine, bad).iter().any(|d| d.rule.as_str() == id) {
                failures.push(format!("{id}: should fire on {bad:?}"));
            }
        }
        for good in &rule.examples.good {
            let hits: Vec<String> = lint(&engine, good)
                .iter()
                .filter(|d| d.rule.as_str() == id)
                .map(|d| d.message.clone())
                .collect();
            if !hits.is_empty() {
                failures.push(format!("{id}: should not fire on {good:?}: {hits:?}"));
            }
        }
        for (before, after) in &rule.examples.fixes {
            let diagnostics = lint(&engine, before);
            let (fixed, _) = apply_fixes(before, &diagnostics, Applicability::Unsafe);
            if fixed != *after {
                failures.push(format!("{id}: fixing {before:?} gave {fixed:?}, expected {after:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The compact packs a linting run loads (`lean`) find exactly what the TOML packs find, on every
/// example of every rule and every envelope of the labelled corpora: this holds the compact
/// form, and the needles that rule a document out before its check is decoded, to the full rules.
#[test]
fn lean_rules_find_what_the_full_rules_find() {
    let load = |lean: bool| {
        let rules = load_rules(&LoadOptions {
            builtin: true,
            lean,
            ..LoadOptions::default()
        })
        .unwrap();
        Engine::new(rules, &Selection::default(), Vocabulary::default()).unwrap()
    };
    let (lean, full) = (load(true), load(false));
    let mut texts: Vec<String> = Vec::new();
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    for rule in rules.iter() {
        texts.extend(rule.examples.bad.iter().cloned());
        texts.extend(rule.examples.good.iter().cloned());
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        for line in std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            texts.push(case["envelope"].to_string());
        }
    }
    assert!(texts.len() > 500, "only {} texts", texts.len());
    for text in &texts {
        let shown = |e: &Engine| format!("{:?}", lint(e, text));
        assert_eq!(shown(&lean), shown(&full), "on {text:?}");
    }
}

#[test]
fn builtin_rules_are_documented() {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    assert!(
        rules.len() >= 40,
        "expected the ten packs to hold at least 40 rules, got {}",
        rules.len()
    );
    for rule in rules.iter() {
        let id = rule.id.as_str();
        assert!(
            replylint::CATEGORIES.contains(&rule.id.category()),
            "{id}: category not in ETIQUETTE.md"
        );
        assert!(
            !rule.summary.trim().is_empty() && !rule.message.trim().is_empty(),
            "{id}: summary and message"
        );
        assert!(
            rule.docs.contains("## Why this matters") && rule.docs.contains("## Fix safety"),
            "{id}: docs sections"
        );
        assert!(rule.etiquette.is_some(), "{id}: etiquette reference");
        if rule.is_fixable() {
            assert!(
                !rule.examples.fixes.is_empty(),
                "{id}: a fixable rule shows a fix example"
            );
        }
    }
    for category in replylint::CATEGORIES {
        assert!(
            rules.iter().any(|r| r.id.category() == category),
            "no rule in category {category}"
        );
    }
}

#[test]
fn examples_exist_for_rules_that_can_fire_on_short_text() {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    // Hard channel limits and template-only rules are exercised by fixtures and unit tests.
    let exempt = [
        "length.",
        "context.malformed-placeholder",
        "context.missing-token",
        "spelling.rejected-word",
    ];
    for rule in rules.iter() {
        if exempt.iter().any(|e| rule.id.as_str().starts_with(e)) {
            continue;
        }
        assert!(
            !rule.examples.bad.is_empty() && !rule.examples.good.is_empty(),
            "{}: needs bad and good examples",
            rule.id
        );
    }
}

#[test]
fn channel_limits_fire_past_the_limit_only() {
    let engine = engine_for("length");
    let convo = |channel: &str| Conversation {
        channel: channel.to_owned(),
        ..Conversation::now()
    };
    let long = "Thanks for writing. ".repeat(101); // 2,020 characters
    let hits = |text: &str, channel: &str| -> Vec<String> {
        engine
            .lint(text, DocKind::Draft, &convo(channel))
            .into_iter()
            .map(|d| d.rule.to_string())
            .collect()
    };
    assert!(hits(&long, "messenger").contains(&"length.messenger-limit".to_owned()));
    assert!(!hits(&long, "email").iter().any(|r| r.ends_with("-limit")));
    let bytes = "é".repeat(501); // 1,002 bytes, 501 characters
    assert!(hits(&bytes, "instagram").contains(&"length.instagram-limit".to_owned()));
    assert!(!hits(&"é".repeat(500), "instagram").contains(&"length.instagram-limit".to_owned()));
}

#[test]
fn templates_mask_placeholders_and_check_their_syntax() {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    let engine = Engine::new(rules, &Selection::default(), Vocabulary::default()).unwrap();
    let text = "Hi {{ticket.requester.first_name}}, your order {{ticket.id}} ships today. Anything else?";
    let as_template = engine.lint(text, DocKind::Template, &Conversation::now());
    assert!(as_template.is_empty(), "{as_template:?}");
    let as_draft = engine.lint(text, DocKind::Draft, &Conversation::now());
    assert_eq!(
        as_draft
            .iter()
            .filter(|d| d.rule.as_str() == "context.unfilled-placeholder")
            .count(),
        2
    );
    let broken = engine.lint(
        "Hi {{first_name}, thanks! Anything else?",
        DocKind::Template,
        &Conversation::now(),
    );
    assert!(
        broken
            .iter()
            .any(|d| d.rule.as_str() == "context.malformed-placeholder"),
        "{broken:?}"
    );
    let hubspot = engine.lint(
        "Hi [[MISSING TOKEN - FIRST NAME]], thanks! Anything else?",
        DocKind::Template,
        &Conversation::now(),
    );
    assert!(
        hubspot.iter().any(|d| d.rule.as_str() == "context.missing-token"),
        "{hubspot:?}"
    );
}

/// The labelled corpora (tests/corpus), five sets by different writers: over all of them, the
/// categories that must fire are caught at least 95% of the time and the categories that must
/// stay silent fire at most 1% of the time (issue 11's targets); no single set falls below 90%.
#[test]
fn labelled_corpus_meets_the_targets() {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    let engine = Engine::new(rules, &Selection::default(), Vocabulary::default()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let files = [
        "envelopes.jsonl",
        "independent-b.jsonl",
        "independent-c.jsonl",
        "independent-d.jsonl",
        "independent-e.jsonl",
    ];
    let (mut expected, mut caught, mut silent, mut alarms) = (0, 0, 0, 0);
    let mut report = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let (mut file_expected, mut file_caught) = (0, 0);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            let (draft, convo) = input::envelope::parse("corpus", &case["envelope"].to_string()).unwrap();
            let fired: Vec<String> = engine
                .lint(&draft, DocKind::Draft, &convo)
                .iter()
                .map(|d| d.rule.category().to_owned())
                .collect();
            let id = case["id"].as_str().unwrap_or("?");
            for c in case["expect_fire"].as_array().unwrap() {
                file_expected += 1;
                if fired.iter().any(|f| f == c.as_str().unwrap()) {
                    file_caught += 1;
                } else {
                    report.push(format!("{file}: missed {c} in {id}"));
                }
            }
            for c in case["expect_silent"].as_array().unwrap() {
                silent += 1;
                if fired.iter().any(|f| f == c.as_str().unwrap()) {
                    alarms += 1;
                    report.push(format!("{file}: false alarm {c} in {id}"));
                }
            }
        }
        let file_recall = f64::from(file_caught) / f64::from(file_expected.max(1));
        assert!(
            file_recall >= 0.90,
            "{file}: recall {file_recall:.3}\n{}",
            report.join("\n")
        );
        expected += file_expected;
        caught += file_caught;
    }
    let recall = f64::from(caught) / f64::from(expected);
    let false_alarms = f64::from(alarms) / f64::from(silent);
    assert!(
        expected > 500 && silent > 7000,
        "the corpus shrank: {expected} expected, {silent} silent"
    );
    assert!(
        recall >= 0.95 && false_alarms <= 0.01,
        "recall {recall:.3}, false alarms {false_alarms:.4}\n{}",
        report.join("\n")
    );
}

/// `docs/rules.md` is rendered from the packs; `UPDATE_DOCS=1 cargo test` rewrites it.
#[test]
fn rules_reference_is_current() {
    let rules = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .unwrap();
    let rendered = replylint::render_rules_markdown(&rules);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &rendered).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == rendered,
        "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test --test rules`"
    );
}

/// A pack held in memory loads beside the built-in ones, and its errors carry its name.
#[test]
fn a_pack_in_memory_loads_and_names_its_errors() {
    let pack = |text: &str| LoadOptions {
        texts: vec![replylint::PackText {
            origin: "agent-pack.toml".to_owned(),
            text: text.to_owned(),
        }],
        ..LoadOptions::default()
    };
    let good = r#"
[[rules]]
id = "house.no-asap"
severity = "warning"
summary = "Say when, not ASAP"
message = "“{matched}” promises nothing the customer can plan on"
[rules.check.phrases]
phrases = ["asap"]
"#;
    let rules = load_rules(&pack(good)).unwrap();
    let engine = Engine::new(rules, &Selection::default(), Vocabulary::default()).unwrap();
    let found = engine.lint("We will fix it ASAP.", DocKind::Draft, &Conversation::now());
    assert_eq!(
        found.iter().map(|d| d.rule.as_str()).collect::<Vec<_>>(),
        ["house.no-asap"]
    );

    let errors = load_rules(&pack(&good.replace("phrases = [\"asap\"]", "phrases = []"))).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().starts_with("agent-pack.toml:"), "{}", errors[0]);
}
