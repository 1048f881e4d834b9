//! The checks each fuzz target runs on one input, shared by the cargo-fuzz targets in
//! `fuzz/fuzz_targets/` and the stable replay test `tests/fuzz_corpus.rs`, so the corpus replayed
//! by `cargo test` is checked exactly as the fuzzer checked it.
//!
//! Every body takes arbitrary bytes and panics only when replylint breaks a property: a panic
//! inside the library, a span outside the text or off a char boundary, a fix that touches bytes
//! it does not claim, or safe fixes that cycle.

use std::sync::OnceLock;

use replylint::input::envelope;
use replylint::input::export::{self, InputFormat};
use replylint::{
    Applicability, ColumnUnit, Conversation, Diagnostic, DocKind, Engine, LineIndex, LoadOptions, PackText, Selection,
    Vocabulary, load_rules,
};

/// The checks of one target on one input.
pub(crate) type Body = fn(&[u8]);

/// Every target: its name (a file in `fuzz/fuzz_targets/` and a folder in `fuzz/corpus/`) and
/// its body.
pub(crate) const TARGETS: &[(&str, Body)] = &[
    ("pack", pack),
    ("envelope", envelope),
    ("engine", engine),
    ("fix", fix),
    ("export", export),
];

/// When every fixed conversation is sent, so a replay does not depend on the clock.
const NOW: &str = "2026-06-01T12:00:00Z";

/// Drafts a fuzzed pack's rules are run on: greeting, sign-off, placeholders, a typo, a long
/// sentence, CRLF, combining marks, emoji and right-to-left text.
const DRAFTS: &[&str] = &[
    "Hi Dana, thanks for your patience! Order #48213 has shipped and should arrive on Thursday.\n\nKind regards,\nSam",
    "Oh great, the the parcel is late again. PLEASE CALM DOWN!!! I recieve your email at dana@example.com.",
    "Hello {{first_name}}, your refund for [Order Number] is on its way.\r\nBest,\r\n<AGENT>",
    "Cafe\u{301} 👍🏽 日本語 שלום\r\tok… “quoted” – i think so ,really?",
    "",
];

/// A conversation with a thread, so context and timing rules have something to check.
fn conversation() -> Conversation {
    let thread = r#"{"draft": "", "channel": "messenger", "now": "2026-06-01T12:00:00Z",
        "customer": {"name": "Dana Lee"},
        "thread": [
            {"role": "customer", "text": "Where is order #48213? It was due on Monday.", "at": "2026-05-31T09:00:00Z"},
            {"role": "business", "text": "Hi Dana, I'm checking with the courier now.", "at": "2026-05-31T09:05:00Z"},
            {"role": "customer", "text": "Still nothing. Can you call me on 555-0134?", "at": "2026-06-01T11:40:00Z"}
        ]}"#;
    envelope::parse("fixed.json", thread)
        .map(|(_, convo)| convo)
        .expect("the fixed envelope parses")
}

/// A conversation without an envelope, at a fixed time.
fn no_envelope() -> Conversation {
    Conversation {
        now: NOW.parse().expect("NOW is a timestamp"),
        ..Conversation::now()
    }
}

/// Every rule, default or not: a selection that leaves rules out leaves their code unfuzzed.
fn select_all() -> Selection {
    Selection {
        select: vec!["ALL".to_owned()],
        ..Selection::default()
    }
}

/// The built-in rules, loaded once per process.
fn builtin() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = load_rules(&LoadOptions {
            builtin: true,
            ..LoadOptions::default()
        })
        .expect("the built-in rules load");
        Engine::new(rules, &select_all(), Vocabulary::default()).expect("`ALL` selects")
    })
}

/// `pack`: bytes as a rule pack. Loading never panics and every error renders; when the pack
/// loads, its rules run on the fixed drafts and on the pack's own examples.
pub(crate) fn pack(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = LoadOptions {
        texts: vec![PackText {
            origin: "fuzz.toml".to_owned(),
            text: text.to_owned(),
        }],
        ..LoadOptions::default()
    };
    let rules = match load_rules(&options) {
        Ok(rules) => rules,
        Err(errors) => {
            assert!(!errors.is_empty(), "a pack failed to load without an error");
            for error in &errors {
                let _ = error.to_string();
            }
            return;
        }
    };
    let mut samples: Vec<String> = DRAFTS.iter().map(|d| (*d).to_owned()).collect();
    for rule in rules.iter() {
        let examples = &rule.examples;
        samples.extend(examples.bad.iter().chain(&examples.good).cloned());
        samples.extend(examples.fixes.iter().map(|(before, _)| before.clone()));
    }
    let Ok(engine) = Engine::new(rules, &select_all(), Vocabulary::default()) else {
        return;
    };
    let convo = conversation();
    let bare = no_envelope();
    for sample in &samples {
        check_diagnostics(sample, &engine.lint(sample, DocKind::Draft, &convo));
        check_diagnostics(sample, &engine.lint(sample, DocKind::Template, &bare));
    }
}

/// `envelope`: bytes as a lint-request envelope. Parsing never panics and every error renders;
/// when it parses, the draft is linted with every built-in rule in that conversation.
pub(crate) fn envelope(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (field, suggestion) in envelope::unknown_fields(text) {
        assert!(
            suggestion.as_deref() != Some(field.as_str()),
            "`{field}` suggested as its own correction"
        );
    }
    match envelope::parse("fuzz.json", text) {
        Ok((draft, convo)) => {
            let diagnostics = builtin().lint(&draft, DocKind::Draft, &convo);
            check_diagnostics(&draft, &diagnostics);
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
}

/// `engine`: UTF-8 text linted as a draft and as a template with every built-in rule; every
/// diagnostic must fit the text. (Drafts in a conversation are the `envelope` target's.)
pub(crate) fn engine(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let convo = no_envelope();
    for kind in [DocKind::Draft, DocKind::Template] {
        check_diagnostics(text, &builtin().lint(text, kind, &convo));
    }
}

/// How the `export` target reads its input: the first byte picks one (a file name for the
/// shape detection of `auto`, and the format).
const EXPORT_READS: &[(&str, InputFormat)] = &[
    ("library.json", InputFormat::Auto),
    ("library.jsonl", InputFormat::Auto),
    ("library.csv", InputFormat::Auto),
    ("macros.json", InputFormat::Zendesk),
    ("canned.json", InputFormat::Freshdesk),
    ("macros.json", InputFormat::Intercom),
    ("templates.json", InputFormat::Front),
    ("saved.json", InputFormat::Helpscout),
    ("macros.json", InputFormat::Gorgias),
    ("quicktext.csv", InputFormat::Salesforce),
    ("quicktext.json", InputFormat::Salesforce),
    ("x.json", InputFormat::Json),
    ("x.txt", InputFormat::Jsonl),
    ("x.txt", InputFormat::Csv),
];

/// `export`: bytes as a help-desk export or a JSON/JSONL/CSV library, read in parts of a size
/// the first byte also picks. Reading never panics; every part is whole lines of the file at
/// its stated place; every record's source map stays inside its part and lands on char
/// boundaries at the ends of the record, and every record lints as a template with spans
/// inside its text.
pub(crate) fn export(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(file) = std::str::from_utf8(rest) else { return };
    let (name, format) = EXPORT_READS[usize::from(pick) % EXPORT_READS.len()];
    let target = [usize::MAX, 1, 7, 64, 4096][usize::from(pick / 16) % 5];
    let Some(shape) = export::detect(std::path::Path::new(name), file, true, format) else {
        return;
    };
    let opts = export::ExportOptions {
        format,
        max_records: 200,
        ..export::ExportOptions::default()
    };
    let body = file.strip_prefix('\u{feff}').unwrap_or(file);
    let mut each = |chunk: export::Chunk| {
        let part = &chunk.file;
        assert_eq!(
            body.get(part.start..part.start + part.text.len()),
            Some(part.text.as_str()),
            "a part is the file's text at its place"
        );
        assert!(
            part.start == 0 || body[..part.start].ends_with('\n'),
            "a part starts a line"
        );
        assert_eq!(
            part.lines_before,
            LineIndex::new(body).location(body, part.start, ColumnUnit::Byte).line - 1
        );
        for record in chunk.records.into_iter().flatten() {
            for offset in [0, record.text.len()] {
                let at = record.map.to_file(offset);
                assert!(
                    at <= part.text.len(),
                    "record {:?}: text offset {offset} maps to {at}, past its part",
                    record.id
                );
            }
            for (offset, _) in record.text.char_indices() {
                assert!(record.map.to_file(offset) <= part.text.len(), "record {:?}", record.id);
            }
            let diagnostics = builtin().lint(&record.text, DocKind::Template, &no_envelope());
            check_diagnostics(&record.text, &diagnostics);
        }
        true
    };
    let size = export::ChunkSize { target, limit: 1 << 20 };
    let _ = export::read(name, file.as_bytes(), shape, &opts, size, &mut each);
}

/// `fix`: lint, apply fixes at each threshold and check the result against the edits the
/// documented algorithm picks; then apply safe fixes to the re-linted text for a few rounds,
/// which must not cycle.
pub(crate) fn fix(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let engine = builtin();
    let convo = no_envelope();
    let diagnostics = engine.lint(text, DocKind::Draft, &convo);
    check_diagnostics(text, &diagnostics);
    for threshold in [Applicability::Safe, Applicability::Unsafe, Applicability::DisplayOnly] {
        let (fixed, applied) = replylint::apply_fixes(text, &diagnostics, threshold);
        let (expected, picked) = expected_fixes(text, &diagnostics, threshold);
        assert_eq!(applied, picked, "fixes applied at {threshold:?}");
        assert!(
            fixed == expected,
            "applying fixes at {threshold:?} changed bytes outside the applied edits"
        );
    }
    // Safe fixes, re-linted: a later round picks up fixes an earlier one skipped as overlapping.
    let mut earlier: Vec<String> = Vec::new();
    let mut current = text.to_owned();
    let mut diagnostics = diagnostics;
    for _ in 0..4 {
        let (next, applied) = replylint::apply_fixes(&current, &diagnostics, Applicability::Safe);
        if applied == 0 || next == current {
            break;
        }
        assert!(
            !earlier.contains(&next),
            "safe fixes cycle: {next:?} came back after {} rounds",
            earlier.len() + 1
        );
        earlier.push(std::mem::replace(&mut current, next));
        diagnostics = engine.lint(&current, DocKind::Draft, &convo);
        check_diagnostics(&current, &diagnostics);
    }
}

/// The text after the fixes at or above `threshold` that `apply_fixes` documents it applies
/// (in order of their first edit, skipping any that overlaps one already taken), built from the
/// untouched stretches between those edits; and how many fixes that is.
fn expected_fixes(text: &str, diagnostics: &[Diagnostic], threshold: Applicability) -> (String, usize) {
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability >= threshold && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| (e.span.start, e.span.end)));
    let mut out = String::new();
    let mut cursor = 0;
    let mut picked = 0;
    for fix in fixes {
        if fix.edits.first().is_some_and(|e| e.span.start < cursor) {
            continue;
        }
        for edit in &fix.edits {
            out.push_str(&text[cursor..edit.span.start]);
            out.push_str(&edit.replacement);
            cursor = edit.span.end;
        }
        picked += 1;
    }
    out.push_str(&text[cursor..]);
    (out, picked)
}

/// Every diagnostic's span, and every edit of its fix, lies inside `text` on char boundaries;
/// a fix's edits are sorted and do not overlap; and the line and column of each span's ends
/// compute in every column unit, in order.
fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    let index = LineIndex::new(text);
    for d in diagnostics {
        let rule = d.rule.as_str();
        assert!(
            fits(text, d.span.start, d.span.end),
            "{rule}: span {:?} does not fit the text",
            d.span
        );
        for unit in [
            ColumnUnit::Byte,
            ColumnUnit::Codepoint,
            ColumnUnit::Utf16,
            ColumnUnit::Grapheme,
        ] {
            let start = index.location(text, d.span.start, unit);
            let end = index.location(text, d.span.end, unit);
            assert!(start.line >= 1 && start.column >= 1, "{rule}: {start:?} at {unit:?}");
            assert!(
                (start.line, start.column) <= (end.line, end.column),
                "{rule}: span {:?} starts at {start:?}, after its end {end:?} ({unit:?})",
                d.span
            );
            if unit != ColumnUnit::Grapheme && !inside_crlf(text, d.span.start) {
                assert_eq!(
                    index.offset(text, start, unit),
                    Some(d.span.start),
                    "{rule}: {start:?} ({unit:?}) does not map back to its offset"
                );
            }
        }
        let Some(fix) = &d.fix else { continue };
        for edit in &fix.edits {
            assert!(
                fits(text, edit.span.start, edit.span.end),
                "{rule}: edit {:?} does not fit the text",
                edit.span
            );
        }
        for pair in fix.edits.windows(2) {
            assert!(
                pair[0].span.end <= pair[1].span.start,
                "{rule}: edits {:?} and {:?} are unsorted or overlap",
                pair[0].span,
                pair[1].span
            );
        }
    }
}

/// Whether `start..end` is a range of `text` with both ends on char boundaries.
fn fits(text: &str, start: usize, end: usize) -> bool {
    start <= end && text.get(start..end).is_some()
}

/// Whether `offset` falls between the `\r` and the `\n` of a CRLF, where no column maps back.
fn inside_crlf(text: &str, offset: usize) -> bool {
    offset > 0 && text.as_bytes().get(offset - 1) == Some(&b'\r') && text.as_bytes().get(offset) == Some(&b'\n')
}
