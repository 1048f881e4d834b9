//! Every check is linear in the draft and in the thread: each built-in rule is timed alone on a
//! thread of N and 2N messages (with a fixed draft), and on a draft of N and 2N words (with a
//! fixed thread), and the ratio of the two times is printed. A linear check doubles (ratio near
//! 2); a quadratic one quadruples. Rules whose ratio passes 3 are marked `SUPERLINEAR` and the
//! bench exits 1.
//!
//! `cargo bench --bench scaling` (add `-- --quick` for smaller sizes). Times are the best of
//! several runs, in the same process, so the ratios hold on a noisy shared machine even when the
//! absolute times do not.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss
)]

use std::time::{Duration, Instant};

use replylint::{Conversation, DocKind, Engine, LoadOptions, Message, Role, Selection, Vocabulary, load_rules};

/// Customer and business turns of a support thread, cycled with varying numbers.
const CUSTOMER: [&str; 4] = [
    "Hi, my order #48{n} still has not arrived and the tracking says nothing. Can you help?",
    "I already sent my email jo.{n}@example.com twice, why is nobody answering???",
    "The parcel AB{n}CD was damaged, the box was crushed and the mug inside is broken.",
    "ok thanks, and what about the refund for order 77{n}?",
];
const BUSINESS: [&str; 3] = [
    "Sorry about that! We are checking order #48{n} with the courier now.",
    "Thanks for your patience, the refund for 77{n} was issued today.",
    "I have passed this to our warehouse team; they will reply by e-mail within a day.",
];
/// A draft paragraph with a little of everything the rules look at: a greeting, a placeholder,
/// a typo, a confused word, a repeated word, sarcasm, an identifier, a promise, a link, a
/// question and a close. Findings and placeholders grow with the draft, so a check that
/// compares each finding with every placeholder (or every allowed phrase) shows up here.
const PARAGRAPH: &str = "Hi {{first_name}}, thanks for waiting. Your order #48213 left our warehouse \
    yesterday and should arrive on Friday; if its late, teh courier page at \
    https://example.com/track will say why, yeah right. Could you confirm the the address? ";

fn thread(messages: usize) -> Vec<Message> {
    let start = jiff::Timestamp::from_second(1_767_225_600).unwrap(); // 2026-01-01
    (0..messages)
        .map(|i| {
            let (role, text) = if i % 2 == 0 {
                (Role::Customer, CUSTOMER[(i / 2) % CUSTOMER.len()])
            } else {
                (Role::Business, BUSINESS[(i / 2) % BUSINESS.len()])
            };
            Message {
                role,
                text: text.replace("{n}", &format!("{:04}", i % 9973)),
                at: Some(start + jiff::SignedDuration::from_secs(30 * i64::try_from(i).unwrap_or(i64::MAX / 60))),
            }
        })
        .collect()
}

fn conversation(messages: usize) -> Conversation {
    let thread = thread(messages);
    let last = thread.last().and_then(|m| m.at);
    Conversation {
        channel: "chat".to_owned(),
        now: last.map_or_else(jiff::Timestamp::now, |t| t + jiff::SignedDuration::from_secs(60)),
        customer_name: Some("Sam".to_owned()),
        thread: Some(thread),
        ..Conversation::now()
    }
}

fn draft(words: usize) -> String {
    let per = PARAGRAPH.split_whitespace().count();
    let mut out = String::new();
    for i in 0..words.div_ceil(per) {
        out.push_str(PARAGRAPH);
        if i % 4 == 3 {
            out.push_str("\n\n");
        }
    }
    out
}

/// Best time of `runs` lints.
fn best(engine: &Engine, text: &str, convo: &Conversation, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(engine.lint(text, DocKind::Draft, convo));
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (messages, words, runs) = if quick { (2_000, 2_000, 3) } else { (20_000, 20_000, 5) };
    let all = load_rules(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .expect("built-in rules load");
    let ids: Vec<String> = all.iter().map(|r| r.id.as_str().to_owned()).collect();

    let short_draft = draft(60);
    let long_draft = (draft(words), draft(2 * words));
    let small_thread = conversation(20);
    let threads = (conversation(messages), conversation(2 * messages));

    println!(
        "{:32} {:>10} {:>10} {:>6}   {:>10} {:>10} {:>6}",
        "rule", "thread N", "2N", "ratio", "draft N", "2N", "ratio"
    );
    let mut worst = ("", 0.0_f64);
    let mut over = 0;
    for id in &ids {
        let rules = load_rules(&LoadOptions {
            builtin: true,
            ..LoadOptions::default()
        })
        .expect("built-in rules load");
        let selection = Selection {
            force_select: vec![id.clone()],
            ..Selection::default()
        };
        let engine = Engine::new(rules, &selection, Vocabulary::default()).expect("rule exists");
        // Warm up: lazily compiled patterns, the dictionary.
        engine.lint(&short_draft, DocKind::Draft, &threads.0);
        let t1 = best(&engine, &short_draft, &threads.0, runs);
        let t2 = best(&engine, &short_draft, &threads.1, runs);
        let d1 = best(&engine, &long_draft.0, &small_thread, runs);
        let d2 = best(&engine, &long_draft.1, &small_thread, runs);
        let ratio = |a: Duration, b: Duration| {
            // Below 50 µs the ratio is noise: the check does not depend on the size at all.
            if b < Duration::from_micros(50) {
                1.0
            } else {
                b.as_secs_f64() / a.as_secs_f64().max(1e-9)
            }
        };
        let (rt, rd) = (ratio(t1, t2), ratio(d1, d2));
        let flag = if rt > 3.0 || rd > 3.0 {
            over += 1;
            "  SUPERLINEAR"
        } else {
            ""
        };
        if rt.max(rd) > worst.1 {
            worst = (id, rt.max(rd));
        }
        println!("{id:32} {t1:>10.2?} {t2:>10.2?} {rt:>6.2}   {d1:>10.2?} {d2:>10.2?} {rd:>6.2}{flag}");
    }
    println!(
        "\n{} rules; thread {messages} → {} messages, draft {words} → {} words; worst ratio {:.2} ({}); {over} superlinear",
        ids.len(),
        2 * messages,
        2 * words,
        worst.1,
        worst.0
    );
    if over > 0 {
        std::process::exit(1);
    }
}
