//! Tests of the spelling dictionary and the word tokenizer.
//!
//! The accuracy tests use a hand-written list committed in `tests/fixtures/spelling/`. Norvig's
//! test set and the Taskmaster agent turns live outside the repository (`../shared/data/`);
//! the tests that use them are skipped quietly when the files are absent.

use std::path::PathBuf;

use super::{Dialect, Dictionary, checkable_words};

fn dict() -> &'static Dictionary {
    Dictionary::builtin()
}

fn known(word: &str) -> bool {
    dict().is_known(word, Dialect::Any)
}

fn words(text: &str) -> Vec<&str> {
    checkable_words(text).into_iter().map(|(s, e)| &text[s..e]).collect()
}

// ---- the dictionary ----

#[test]
fn builtin_loads_all_tiers() {
    let d = dict();
    assert!(d.len() > 100_000, "{d:?}");
    assert!(d.typos.as_ref().is_some_and(|t| t.len() > 50_000), "{d:?}");
    assert!(d.cased.is_some());
}

#[test]
fn common_words_and_case_rules() {
    for w in [
        "the",
        "The",
        "THE",
        "receive",
        "customer",
        "apologise",
        "apologize",
        "refund",
        "ok",
        "Ok",
        "OK",
    ] {
        assert!(known(w), "{w}");
    }
    // A lowercase word may be capitalised; a name must be.
    assert!(known("Theatre"));
    assert!(known("Monday") && !known("monday"));
    assert!(known("London") && !known("london"));
    assert!(known("Sarah") && !known("sarah"));
    // Non-words.
    for w in ["recieve", "teh", "custmer", "isssue"] {
        assert!(!known(w), "{w}");
    }
}

#[test]
fn words_without_letters_are_known() {
    for w in ["", "'", "--", "123", "\u{1f600}"] {
        assert!(known(w), "{w:?}");
    }
}

#[test]
fn contractions_and_possessives() {
    for w in [
        "don't",
        "don\u{2019}t",
        "we're",
        "we\u{2019}ll",
        "customer's",
        "customer\u{2019}s",
        "customers'",
        "it's",
        "shouldn't've",
        "Sarah's",
        "can't",
        "won't",
    ] {
        assert!(known(w), "{w}");
    }
    assert!(!known("custmer's"));
    assert!(!known("dont"));
}

#[test]
fn expressive_lengthening_is_not_a_typo() {
    for w in ["sooo", "Hmmm", "awwww", "yesss", "Sooooo"] {
        assert!(known(w), "{w}");
    }
    // A tripled letter inside a word is a slip of the keyboard.
    assert!(!known("isssue"));
}

#[test]
fn dialects() {
    let d = dict();
    for (us, gb) in [
        ("color", "colour"),
        ("theater", "theatre"),
        ("center", "centre"),
        ("canceled", "cancelled"),
    ] {
        assert!(
            d.is_known(us, Dialect::Any) && d.is_known(gb, Dialect::Any),
            "{us}/{gb}"
        );
        assert!(d.is_known(us, Dialect::Us), "{us}");
        assert!(d.is_known(gb, Dialect::Gb), "{gb}");
    }
    assert!(!d.is_known("colour", Dialect::Us));
    assert!(!d.is_known("color", Dialect::Gb));
    assert!(!d.is_known("organise", Dialect::Us));
    // Oxford spelling is British too.
    assert!(d.is_known("organize", Dialect::Gb) && d.is_known("organise", Dialect::Gb));
    assert_eq!(d.suggest("colour", 1, Dialect::Us), ["color"]);
    assert_eq!(d.suggest("color", 1, Dialect::Gb), ["colour"]);
}

#[test]
fn correction_restores_case_and_spares_real_words() {
    let d = dict();
    assert_eq!(d.correction("teh").as_deref(), Some(&["the".to_owned()][..]));
    assert_eq!(d.correction("Teh").as_deref(), Some(&["The".to_owned()][..]));
    assert_eq!(d.correction("TEH").as_deref(), Some(&["THE".to_owned()][..]));
    assert_eq!(d.correction("recieve").as_deref(), Some(&["receive".to_owned()][..]));
    assert_eq!(
        d.correction("febuary").and_then(|c| c.first().cloned()).as_deref(),
        Some("February")
    );
    // Real words are never corrected, even if the code-oriented list has them.
    for w in ["the", "Damon", "receive", "color"] {
        assert_eq!(d.correction(w), None, "{w}");
    }
}

#[test]
fn suggestions_are_ranked_and_cased() {
    let d = dict();
    let first = |w: &str| d.suggest(w, 3, Dialect::Any).into_iter().next().unwrap_or_default();
    assert_eq!(first("custmer"), "customer");
    assert_eq!(first("Custmer"), "Customer");
    assert_eq!(first("refnud"), "refund");
    assert_eq!(first("monday"), "Monday");
    assert_eq!(first("pacakge"), "package");
    assert_eq!(first("delviery"), "delivery");
    assert!(d.suggest("recieve", 5, Dialect::Any).len() <= 5);
    assert!(d.suggest("recieve", 0, Dialect::Any).is_empty());
    // Tier-2 suggestions alone.
    assert_eq!(d.suggest_dictionary("custmer", 1, Dialect::Any), ["customer"]);
}

#[test]
fn odd_input_does_not_panic() {
    let d = dict();
    let long = "a".repeat(500);
    for w in [
        "",
        "'",
        "’",
        "-",
        "ß",
        "ǅ",
        "\u{1f600}",
        "a\u{301}",
        &long,
        "x'y'z",
        "İstanbul",
        "ﬁ",
    ] {
        let _ = d.is_known(w, Dialect::Gb);
        let _ = d.correction(w);
        let _ = d.suggest(w, 3, Dialect::Us);
    }
}

// ---- the tokenizer ----

#[test]
fn tokenizer_keeps_plain_words() {
    assert_eq!(
        words("Hi Sarah, your refund is on its way!"),
        ["Hi", "Sarah", "your", "refund", "is", "on", "its", "way"]
    );
    assert_eq!(words("we don’t know"), ["we", "don’t", "know"]);
}

#[test]
fn tokenizer_skips_links_addresses_and_handles() {
    let text = "See https://example.com/a?b=c and www.example.org or t.co/AbC12 bit.ly/xyz amzn.to/3Gx \
                example.com, mail help@example.co.uk, ping @AcmeHelp or #AcmeFail now";
    assert_eq!(words(text), ["See", "and", "or", "mail", "ping", "or", "now"]);
}

#[test]
fn tokenizer_skips_ids_numbers_and_dates() {
    let text = "Order A12-99 (#48213) ships 2/2 at 10am on the 3rd, $25.99, 12/05/2024, 1st-class";
    assert_eq!(words(text), ["Order", "ships", "at", "on", "the"]);
}

#[test]
fn tokenizer_skips_acronyms_and_inner_capitals() {
    assert_eq!(
        words("Check the FAQ and FAQs, your iPhone, PayPal, McDonald and eBay"),
        ["Check", "the", "and", "your", "and"]
    );
}

#[test]
fn tokenizer_skips_signatures() {
    assert_eq!(words("Happy to help ^AG"), ["Happy", "to", "help"]);
    assert_eq!(words("Thanks *TMC"), ["Thanks"]);
    assert_eq!(words("Thanks -KM"), ["Thanks"]);
    assert_eq!(words("Thanks ~jp"), ["Thanks"]);
    assert_eq!(words("Glad to help! \u{1f600}-Sabi"), ["Glad", "to", "help"]);
    assert_eq!(words("Glad to help. - Sabi Lee :)"), ["Glad", "to", "help"]);
    // A hyphenated word at the end is not a signature.
    assert_eq!(words("It is well-Knwon"), ["It", "is", "well", "Knwon"]);
}

#[test]
fn tokenizer_skips_placeholders() {
    let text = "Hi {{first_name}}, {{ customer name }} {% if vip %} {!Case.Owner} {name} ${agent} \
                [Customer Name] <NAME> %FIRST NAME% *|FNAME|* __email__ thanks";
    assert_eq!(words(text), ["Hi", "thanks"]);
}

#[test]
fn tokenizer_skips_code_and_json() {
    let text = r#"Run `sudo apt-get instal` then {"name": "find_showtimes", "args": {"num": 2}} done"#;
    assert_eq!(words(text), ["Run", "then", "done"]);
}

#[test]
fn tokenizer_handles_possessives_and_hyphens() {
    let text = "the customer's order, customers' orders, re-enter your e-mail, a well-knwon co-op";
    assert_eq!(
        words(text),
        [
            "the",
            "customer",
            "order",
            "customers",
            "orders",
            "enter",
            "your",
            "a",
            "well",
            "knwon",
            "op"
        ]
    );
}

#[test]
fn tokenizer_handles_abbreviations_files_and_entities() {
    assert_eq!(
        words("e.g. at 5 p.m. in the U.S. see invoice.pdf &amp; more"),
        ["at", "in", "the", "see", "more"]
    );
    // A missing space after a full stop still leaves two words.
    assert_eq!(words("thanks.Please"), ["thanks", "Please"]);
}

#[test]
fn tokenizer_skips_other_scripts_and_emoji() {
    assert_eq!(words("Спасибо 谢谢 thanks 😀 café"), ["thanks", "café"]);
}

#[test]
fn tokenizer_spans_are_char_boundaries() {
    for text in [
        "’’’",
        "a’",
        "’s",
        "-a-",
        "a--b",
        "x.’y",
        "é-é",
        "\u{301}a",
        "{{",
        "[[]",
        "<",
        "%%",
        "`",
    ] {
        for (s, e) in checkable_words(text) {
            assert!(
                s < e && text.is_char_boundary(s) && text.is_char_boundary(e),
                "{text:?} {s}..{e}"
            );
        }
    }
}

proptest::proptest! {
    #[test]
    fn tokenizer_never_panics(text in "\\PC{0,80}") {
        let spans = checkable_words(&text);
        let mut last = 0;
        for (s, e) in spans {
            proptest::prop_assert!(s >= last && s < e && e <= text.len());
            proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            last = e;
        }
    }

    #[test]
    fn dictionary_never_panics(word in "\\PC{0,24}") {
        let d = dict();
        let _ = d.is_known(&word, Dialect::Any);
        let _ = d.correction(&word);
        let _ = d.suggest(&word, 3, Dialect::Gb);
    }
}

// ---- accuracy ----

/// Detection, top-1 and top-3 over (misspelling, intended word) pairs. Case is ignored in the
/// comparison (`febuary` → `February` counts as right).
pub(super) fn score(pairs: &[(String, String)]) -> (f64, f64, f64) {
    let d = dict();
    let (mut detected, mut top1, mut top3) = (0u32, 0u32, 0u32);
    for (wrong, right) in pairs {
        if d.is_known(wrong, Dialect::Any) {
            continue;
        }
        detected += 1;
        let suggestions = d.suggest(wrong, 3, Dialect::Any);
        let right = right.to_lowercase();
        if suggestions.first().is_some_and(|s| s.to_lowercase() == right) {
            top1 += 1;
        }
        if suggestions.iter().any(|s| s.to_lowercase() == right) {
            top3 += 1;
        }
    }
    let n = f64::from(u32::try_from(pairs.len()).unwrap_or(u32::MAX).max(1));
    (f64::from(detected) / n, f64::from(top1) / n, f64::from(top3) / n)
}

fn manifest_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Pairs from `misspelling<TAB>correction` lines (`#` comments).
pub(super) fn read_tsv(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, r)| (w.trim().to_owned(), r.trim().to_owned()))
        .collect()
}

/// Pairs from Norvig's `right: wrong1 wrong2` lines.
pub(super) fn read_norvig(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for line in text.lines() {
        if let Some((right, wrongs)) = line.split_once(':') {
            for wrong in wrongs.split_whitespace() {
                pairs.push((wrong.to_owned(), right.trim().to_owned()));
            }
        }
    }
    pairs
}

#[test]
fn own_misspellings_are_caught_and_corrected() {
    let pairs = read_tsv(include_str!("../../tests/fixtures/spelling/misspellings.tsv"));
    assert!(pairs.len() >= 100);
    let (det, top1, top3) = score(&pairs);
    assert!(
        det >= 0.98 && top1 >= 0.95 && top3 >= 0.98,
        "det {det:.3} top1 {top1:.3} top3 {top3:.3}"
    );
}

#[test]
fn own_misspellings_tier2_alone() {
    // The dictionary ranking on its own, without the known-misspelling list.
    let pairs = read_tsv(include_str!("../../tests/fixtures/spelling/misspellings.tsv"));
    let d = dict();
    let right = pairs
        .iter()
        .filter(|(w, r)| {
            d.suggest_dictionary(w, 1, Dialect::Any)
                .first()
                .is_some_and(|s| s.eq_ignore_ascii_case(r))
        })
        .count();
    assert!(right * 100 >= pairs.len() * 90, "{right}/{}", pairs.len());
}

#[test]
fn norvig_set_if_present() {
    let Ok(text) = std::fs::read_to_string(manifest_path("../shared/data/spelling/norvig-testset1.txt")) else {
        return;
    };
    let pairs = read_norvig(&text);
    let (det, top1, top3) = score(&pairs);
    assert!(
        det >= 0.96 && top1 >= 0.80,
        "det {det:.3} top1 {top1:.3} top3 {top3:.3}"
    );
}

// ---- cost (run by benches/spelling.py) ----

/// Peak resident memory of this process in KiB (Linux), or 0.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Prints one JSON line of timings: dictionary load, a clean and a typo-laden draft checked
/// (tokenize + look up + suggest for unknown words), and the peak RSS. Build with `--release`.
#[test]
#[ignore = "a measurement, run by benches/spelling.py"]
#[allow(clippy::print_stdout)]
fn cost_report() {
    use std::time::Instant;
    let rss_before = peak_rss_kib();
    let t = Instant::now();
    let d = Dictionary::builtin();
    let load = t.elapsed();
    let clean = "Hi Dana, thanks for reaching out! I'm sorry your order hasn't arrived yet. I've checked with \
                 the courier and it's out for delivery today, so it should reach you before 6 pm. If it doesn't, \
                 just reply here and I'll send a replacement right away. Is there anything else I can help with?";
    // Three known misspellings (thansk, sory, replacment) and two others (parcell, delivry).
    let typos = "Hi Dana, thansk for reaching out! I'm sory your parcell hasn't arrived yet. I've checked with \
                 the courier and it's out for delivry today, so it should reach you before 6 pm. If it doesn't, \
                 just reply here and I'll send a replacment right away. Is there anything else I can help with?";
    // As the `spelling` rules do: a known misspelling gets its listed correction, any other
    // unknown word gets ranked dictionary suggestions.
    let check = |text: &str| {
        let mut flagged = 0;
        for (s, e) in checkable_words(text) {
            let w = &text[s..e];
            if !d.is_known(w, Dialect::Any) {
                flagged += 1;
                if d.correction(w).is_none() {
                    let _ = d.suggest(w, 3, Dialect::Any);
                }
            }
        }
        flagged
    };
    let first = Instant::now();
    let flagged = check(typos);
    let first_typos = first.elapsed();
    let t = Instant::now();
    let _ = d.suggest("custmer", 3, Dialect::Any);
    let one_suggest = t.elapsed();
    let runs = 200u32;
    let t = Instant::now();
    for _ in 0..runs {
        let _ = check(clean);
    }
    let clean_us = t.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    let t = Instant::now();
    for _ in 0..runs {
        let _ = check(typos);
    }
    let typos_us = t.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    println!(
        "{{\"load_us\": {:.1}, \"first_typo_draft_us\": {:.1}, \"clean_draft_us\": {clean_us:.1}, \
         \"typo_draft_us\": {typos_us:.1}, \"typos_flagged\": {flagged}, \"words\": {}, \
         \"peak_rss_kib\": {}, \"rss_before_kib\": {rss_before}, \"suggest_us\": {:.1}}}",
        load.as_secs_f64() * 1e6,
        first_typos.as_secs_f64() * 1e6,
        checkable_words(typos).len(),
        peak_rss_kib(),
        one_suggest.as_secs_f64() * 1e6,
    );
}

#[test]
fn runs_of_letters_longer_than_any_word_are_not_spell_checked() {
    let long = "x".repeat(20_000);
    let text = format!("Thanks {long}y tomorow pneumonoultramicroscopicsilicovolcanoconiosis");
    assert_eq!(
        words(&text),
        ["Thanks", "tomorow", "pneumonoultramicroscopicsilicovolcanoconiosis"]
    );
}
