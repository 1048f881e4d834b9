//! Micro-benchmarks of the engine (issue 15), with divan: loading the built-in rules, one
//! draft with its conversation through every rule (the agent's cost once the process runs), and
//! each check kind alone on 1 MiB of reply text (throughput, in bytes per second).
//!
//! `cargo bench --bench engine` measures; `cargo test` runs each benchmark once, so they cannot
//! rot (no timing is asserted anywhere). Compare kinds and commits by the ratios in one run: the
//! absolute times on a shared 2-core machine are noisy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use replylint::{Conversation, DocKind, Engine, LoadOptions, Message, Role, Selection, Vocabulary, load_rules};

fn main() {
    divan::main();
}

/// Replies of the kinds a support team sends: ordinary answers with order numbers, dates and
/// links, a greeting with a placeholder, a typo, a confused word, sarcasm, a long paragraph.
const REPLIES: [&str; 8] = [
    "Hi Dana, thanks for waiting. Your order #48{n} left our warehouse yesterday and should arrive on Friday. You can follow it at https://example.com/track/48{n}.",
    "Hello {{first_name}}, I'm sorry the parcel arrived damaged. I've issued a refund of $24.{n} to your card; it shows within 3-5 business days.",
    "Thanks for getting in touch! We recieved your return on Monday and the replacement is on its way. Is there anything else I can help with?",
    "Yeah, right, the courier tried three times. As I already said, you need to be home between 9 and 5.",
    "I've checked order 77{n} with the courier: their is a delay at the depot, so it will be with you a day later than planned. Sorry for the wait!",
    "Good morning Sam, your account e-mail is now updated. Next time you sign in, use the new address and the same password.",
    "We understand how frustrating this is and we have passed your case to our warehouse team, who will look at the stock levels, check the pick list against the order, call the courier to find out where the parcel was last scanned, and then decide whether a replacement or a refund is the quickest way to put this right for you, which we expect to happen within the next two working days at the latest.",
    "Best,\nSam\nAcme Home Support",
];

/// About `bytes` of replies, one per paragraph, numbers varied so no two are the same.
fn text(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 512);
    let mut i = 0usize;
    while out.len() < bytes {
        out.push_str(&REPLIES[i % REPLIES.len()].replace("{n}", &format!("{:03}", i % 997)));
        out.push_str("\n\n");
        i += 1;
    }
    out
}

/// The built-in rules, loaded once for every benchmark that lints.
static RULES: LazyLock<std::sync::Arc<replylint::RuleSet>> = LazyLock::new(|| {
    std::sync::Arc::new(
        load_rules(&LoadOptions {
            builtin: true,
            lean: true,
            ..LoadOptions::default()
        })
        .unwrap(),
    )
});

fn engine(selection: &Selection) -> Engine {
    Engine::shared(RULES.clone(), selection, std::sync::Arc::new(Vocabulary::default())).unwrap()
}

/// The built-in packs parsed and compiled, as every process start pays.
#[divan::bench(sample_count = 20)]
fn load_builtin_rules() -> replylint::RuleSet {
    load_rules(&LoadOptions {
        builtin: true,
        lean: true,
        ..LoadOptions::default()
    })
    .unwrap()
}

/// One draft answering a four-message thread, through every default rule: what an agent pays
/// per draft once the rules are loaded.
#[divan::bench]
fn one_draft_with_its_thread(bencher: Bencher) {
    let engine = engine(&Selection::default());
    let at = |minute: i64| jiff::Timestamp::from_second(1_767_225_600 + minute * 60).unwrap();
    let message = |role, text: &str, minute| Message {
        role,
        text: text.to_owned(),
        at: Some(at(minute)),
    };
    let convo = Conversation {
        channel: "messenger".to_owned(),
        customer_name: Some("Dana".to_owned()),
        thread: Some(vec![
            message(Role::Customer, "Hi, where is my order #48213? It was due Monday.", 0),
            message(
                Role::Business,
                "Hi Dana, sorry about that! Checking with the courier now.",
                5,
            ),
            message(Role::Customer, "Thanks. I need it by Friday, it's a gift.", 7),
            message(Role::Customer, "Any news?", 95),
        ]),
        ..Conversation::at(at(100))
    };
    let draft = "Hi Dana, thanks for waiting. Your order #48213 left our warehouse yesterday and should arrive on Friday, in time for the gift. You can follow it at https://example.com/track/48213. Is there anything else I can help with?";
    bencher.bench(|| engine.lint(black_box(draft), DocKind::Draft, &convo));
}

/// Every check kind the built-in rules use, alone (its rules only) on 1 MiB of replies.
const KINDS: [&str; 12] = [
    "casing",
    "conditional",
    "confusion",
    "length",
    "pattern",
    "phrases",
    "placeholders",
    "reference",
    "repetition",
    "required",
    "spelling",
    "timing",
];

/// The bytes each kind's benchmark lints: 1 MiB under `cargo bench`; in the unoptimised build
/// `cargo test` runs once as a smoke test, 64 KiB.
const MIB: usize = if cfg!(debug_assertions) { 1 << 16 } else { 1 << 20 };

#[divan::bench(args = KINDS, sample_count = 10)]
fn check_kind_on_1_mib(bencher: Bencher, kind: &str) {
    let ids: Vec<String> = RULES
        .iter()
        .filter(|r| r.kind() == kind && r.default)
        .map(|r| r.id.as_str().to_owned())
        .collect();
    assert!(!ids.is_empty(), "no default rule of kind `{kind}`");
    let engine = engine(&Selection {
        select: ids,
        ..Selection::default()
    });
    let text = text(MIB);
    let convo = Conversation::at(jiff::Timestamp::from_second(1_767_225_600).unwrap());
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| engine.lint(black_box(&text), DocKind::Template, &convo));
}

/// All default rules on the same 1 MiB, for the sum against the kinds alone.
#[divan::bench(sample_count = 10)]
fn all_rules_on_1_mib(bencher: Bencher) {
    let engine = engine(&Selection::default());
    let text = text(MIB);
    let convo = Conversation::at(jiff::Timestamp::from_second(1_767_225_600).unwrap());
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| engine.lint(black_box(&text), DocKind::Template, &convo));
}
