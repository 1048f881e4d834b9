//! Properties over generated text: mixed ASCII, emoji with skin tones, combining marks, CJK,
//! right-to-left text, CRLF, lone CR, tabs and placeholders.

use proptest::prelude::*;
use replylint::{Applicability, ColumnUnit, Conversation, DocKind, LineIndex, apply_fixes};

use crate::all_rules;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ,.!?']{0,12}",
        Just("👍🏽".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("日本語".to_owned()),
        Just("שלום".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\t".to_owned()),
        Just("{{first_name}}".to_owned()),
        Just("[Customer Name]".to_owned()),
        Just("{{ticket.requester.frist_name}}".to_owned()),
        Just("{{ user.naem | fallback: 'there' }}".to_owned()),
        Just("{{contact.frist_name || 'there'}}".to_owned()),
        Just("{{lead.Frist Name:default=there}}".to_owned()),
        Just("{% if ticket.requester.frist_name %}".to_owned()),
        Just("{%customer.firstNmae,fallback=there%}".to_owned()),
        Just("{{1}}".to_owned()),
        Just("{!Contact.FristName}".to_owned()),
        Just("<attribute key=\"user.frist_name\" default=\"thier\"/>".to_owned()),
        Just("[[MISSING TOKEN - FRIST NAME]]".to_owned()),
        Just("*|FNAEM|*".to_owned()),
        Just("${frist_name}".to_owned()),
        Just("%FRIST_NAME%".to_owned()),
        Just("<order_nubmer>".to_owned()),
        Just("__emial__".to_owned()),
        Just("the the".to_owned()),
        Just(" i ".to_owned()),
        Just("OH GREAT!!!".to_owned()),
        Just("recieve".to_owned()),
        Just("  ".to_owned()),
        Just(" ,".to_owned()),
        Just("’".to_owned()),
        Just("@dana ".to_owned()),
        Just(" 1/2".to_owned()),
        Just("...".to_owned()),
        Just(" -Sabi".to_owned()),
        Just(" ^bc".to_owned()),
        Just("sorry to her".to_owned()),
        Just(" you're order".to_owned()),
        Just("Kind regards,\nSam".to_owned()),
        Just("worst!!".to_owned()),
    ]
}

/// A thread of generated messages, in order, with times around `NOW`.
fn thread() -> impl Strategy<Value = Vec<replylint::Message>> {
    proptest::collection::vec((any::<bool>(), text(), 0i64..400_000), 0..6).prop_map(|msgs| {
        let now: jiff::Timestamp = NOW.parse().unwrap();
        let mut ago: Vec<_> = msgs;
        ago.sort_by_key(|m| std::cmp::Reverse(m.2));
        ago.into_iter()
            .map(|(customer, text, secs)| replylint::Message {
                role: if customer {
                    replylint::Role::Customer
                } else {
                    replylint::Role::Business
                },
                text,
                at: now.checked_sub(jiff::SignedDuration::from_secs(secs)).ok(),
            })
            .collect()
    })
}

const NOW: &str = "2026-06-01T12:00:00Z";

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn lint_never_panics_and_spans_fit(text in text(), template in any::<bool>()) {
        let engine = all_rules();
        let kind = if template { DocKind::Template } else { DocKind::Draft };
        for d in engine.lint(&text, kind, &Conversation::now()) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{:?}", d);
            if let Some(fix) = &d.fix {
                for e in &fix.edits {
                    prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
                }
            }
        }
    }

    #[test]
    fn lint_with_a_conversation_never_panics(text in text(), thread in thread(), public in any::<bool>(), channel in 0usize..8) {
        let engine = all_rules();
        let convo = Conversation {
            channel: replylint::CHANNELS[channel].to_owned(),
            visibility: if public { replylint::Visibility::Public } else { replylint::Visibility::Private },
            now: NOW.parse().unwrap(),
            customer_name: Some("Dana Lee".to_owned()),
            thread: Some(thread),
            ..Conversation::now()
        };
        for d in engine.lint(&text, DocKind::Draft, &convo) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{:?}", d);
        }
    }

    #[test]
    fn nothing_but_placeholder_rules_fires_inside_a_placeholder(text in text()) {
        let engine = all_rules();
        let slots = replylint::find_placeholders(&text);
        for d in engine.lint(&text, DocKind::Template, &Conversation::now()) {
            if d.rule.as_str().starts_with("context.") {
                continue; // the placeholder rules themselves
            }
            prop_assert!(!slots.iter().any(|p| p.span.contains(d.span) && !d.span.is_empty()), "{:?} inside a placeholder of {:?}", d, text);
        }
    }

    #[test]
    fn fixes_converge(text in text()) {
        let engine = all_rules();
        let mut current = text.clone();
        let mut rounds = 0;
        loop {
            let diagnostics = engine.lint(&current, DocKind::Draft, &Conversation::now());
            let (next, applied) = apply_fixes(&current, &diagnostics, Applicability::Safe);
            if applied == 0 {
                break;
            }
            // Idempotent: a fix, once applied, is not offered again as one that changes nothing.
            prop_assert_ne!(&next, &current, "a safe fix that changes nothing, on {:?}", text);
            current = next;
            rounds += 1;
            prop_assert!(rounds <= 10, "safe fixes did not converge on {text:?}");
        }
    }

    #[test]
    fn a_fix_changes_only_its_own_spans(text in text(), template in any::<bool>()) {
        let engine = all_rules();
        let kind = if template { DocKind::Template } else { DocKind::Draft };
        for d in engine.lint(&text, kind, &Conversation::now()) {
            let Some(fix) = &d.fix else { continue };
            // Edits are sorted, disjoint, inside the text and on char boundaries.
            for e in &fix.edits {
                prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len(), "{:?}", d);
                prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end), "{:?}", d);
            }
            for pair in fix.edits.windows(2) {
                prop_assert!(pair[0].span.end <= pair[1].span.start, "overlapping edits in {:?}", d);
            }
            // Applied alone, the fix is exactly its edits: every other byte is as it was.
            let mut expected = String::new();
            let mut cursor = 0;
            for e in &fix.edits {
                expected.push_str(&text[cursor..e.span.start]);
                expected.push_str(&e.replacement);
                cursor = e.span.end;
            }
            expected.push_str(&text[cursor..]);
            let (fixed, applied) = apply_fixes(&text, std::slice::from_ref(&d), Applicability::DisplayOnly);
            prop_assert_eq!(applied, usize::from(!fix.edits.is_empty()));
            if applied == 1 {
                prop_assert_eq!(fixed, expected, "{:?}", d);
            }
        }
    }

    #[test]
    fn fixes_applied_together_never_touch_the_same_bytes(text in text()) {
        let engine = all_rules();
        let diagnostics = engine.lint(&text, DocKind::Draft, &Conversation::now());
        let (fixed, applied) = apply_fixes(&text, &diagnostics, Applicability::Unsafe);
        // Whatever was applied, the text before the first edit and after the last is unchanged.
        let edits: Vec<_> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).flat_map(|f| &f.edits).collect();
        if applied > 0 {
            let first = edits.iter().map(|e| e.span.start).min().unwrap_or(0);
            let last = edits.iter().map(|e| e.span.end).max().unwrap_or(text.len());
            prop_assert!(fixed.starts_with(&text[..first]), "{:?} -> {:?}", text, fixed);
            prop_assert!(fixed.ends_with(&text[last..]), "{:?} -> {:?}", text, fixed);
        } else {
            prop_assert_eq!(fixed, text);
        }
    }

    #[test]
    fn grapheme_columns_round_trip_at_grapheme_boundaries(text in text()) {
        use unicode_segmentation::UnicodeSegmentation;
        let index = LineIndex::new(&text);
        for (offset, g) in text.grapheme_indices(true) {
            if g == "\n" && offset > 0 && text.as_bytes()[offset - 1] == b'\r' {
                continue;
            }
            let loc = index.location(&text, offset, ColumnUnit::Grapheme);
            prop_assert_eq!(index.offset(&text, loc, ColumnUnit::Grapheme), Some(offset), "at {} in {:?}", offset, text);
        }
    }

    #[test]
    fn line_index_round_trips(text in text()) {
        let index = LineIndex::new(&text);
        for unit in [ColumnUnit::Byte, ColumnUnit::Codepoint, ColumnUnit::Utf16] {
            for (offset, c) in text.char_indices() {
                if c == '\n' && offset > 0 && text.as_bytes()[offset - 1] == b'\r' {
                    continue; // inside a CRLF, which is one line break
                }
                let loc = index.location(&text, offset, unit);
                prop_assert_eq!(index.offset(&text, loc, unit), Some(offset), "unit {:?} at {} in {:?}", unit, offset, text);
            }
        }
    }
}
