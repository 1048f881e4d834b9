//! Which language a draft is written in, so English-only rules run only on English text.
//!
//! Short texts are too short to tell; they count as English unless the detector is sure.
//! Handles, links and signatures are removed before detection.

/// The words of `text` that say something about its language: not handles, tags or links.
fn prose_words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter(|w| {
        !w.starts_with(['@', '^', '#'])
            // Both link marks hold a slash: most words are ruled out by one byte search.
            && !(w.contains('/') && (w.contains("://") || w.contains(".co/")))
            && !w.starts_with("www.")
    })
}

/// ISO 639-1 code of the language of `text` (`"en"` when unsure).
///
/// This runs on every paragraph of every document: the counts are taken word by word, and the
/// cleaned text is only built for the trigram detector, which most paragraphs never reach.
pub(crate) fn detect(text: &str) -> &'static str {
    let (mut letters, mut kana, mut han) = (0usize, 0usize, 0usize);
    let (mut words, mut common) = (0usize, 0usize);
    for w in prose_words(text) {
        if w.is_ascii() {
            letters += w.bytes().filter(u8::is_ascii_alphabetic).count();
        } else {
            for c in w.chars() {
                letters += usize::from(c.is_alphabetic());
                kana += usize::from(matches!(c as u32, 0x3040..=0x30FF));
                han += usize::from(matches!(c as u32, 0x4E00..=0x9FFF));
            }
        }
        let mut count = |part: &[u8]| {
            if !part.is_empty() {
                words += 1;
                common += usize::from(is_common_english(part));
            }
        };
        if w.is_ascii() {
            // The same parts without decoding characters: ASCII letters are the alphabetic ones.
            w.as_bytes()
                .split(|&b| !b.is_ascii_alphabetic() && b != b'\'')
                .for_each(&mut count);
        } else {
            w.split(|c: char| !c.is_alphabetic() && c != '\'')
                .for_each(|p| count(p.as_bytes()));
        }
    }
    if letters == 0 {
        return "en";
    }
    if (kana + han) * 3 > letters {
        return if kana > 0 { "ja" } else { "zh" };
    }
    if letters < 12 {
        return "en";
    }
    // Plainly English text (a fifth of its words are common English function words) never
    // reaches the trigram detector: the answer would be the same, and it is the costly step.
    if words == 0 || common * 5 >= words {
        return "en";
    }
    let cleaned = prose_words(text).collect::<Vec<_>>().join(" ");
    trigram_language(cleaned, letters)
}

/// How many trigram answers a thread remembers: short paragraphs (sign-offs, greetings with a
/// name) recur across a library's records, and each answer costs a trigram count over every
/// language the detector knows.
const TRIGRAM_CACHE_TEXTS: usize = 1 << 14;

/// The trigram detector's answer for `cleaned`, which holds `letters` letters; remembered per
/// thread.
fn trigram_language(cleaned: String, letters: usize) -> &'static str {
    thread_local! {
        static ANSWERS: std::cell::RefCell<foldhash::HashMap<String, &'static str>> =
            std::cell::RefCell::new(foldhash::HashMap::default());
    }
    if let Some(code) = ANSWERS.with_borrow(|a| a.get(&cleaned).copied()) {
        return code;
    }
    let code = detect_trigrams(&cleaned, letters);
    ANSWERS.with_borrow_mut(|a| {
        if a.len() < TRIGRAM_CACHE_TEXTS {
            a.insert(cleaned, code);
        }
    });
    code
}

fn detect_trigrams(cleaned: &str, letters: usize) -> &'static str {
    let Some(info) = whatlang::detect(cleaned) else {
        return "en";
    };
    let code = match info.lang() {
        whatlang::Lang::Eng => return "en",
        whatlang::Lang::Deu => "de",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Por => "pt",
        whatlang::Lang::Ita => "it",
        whatlang::Lang::Nld => "nl",
        whatlang::Lang::Jpn => "ja",
        _ => "other",
    };
    // Trigram detectors misjudge short English: demand confidence, and more of it for short text.
    let needed = if letters < 40 { 0.9 } else { 0.5 };
    if info.confidence() >= needed { code } else { "en" }
}

/// Whether `word` is one of the common English function words (any ASCII case).
fn is_common_english(word: &[u8]) -> bool {
    let mut lower = [0u8; 6];
    let Some(buf) = lower.get_mut(..word.len()) else {
        return false; // longer than any of them
    };
    for (b, w) in buf.iter_mut().zip(word) {
        *b = w.to_ascii_lowercase();
    }
    matches!(
        &*buf,
        b"the"
            | b"and"
            | b"to"
            | b"you"
            | b"your"
            | b"we"
            | b"i"
            | b"is"
            | b"it"
            | b"for"
            | b"of"
            | b"a"
            | b"in"
            | b"that"
            | b"this"
            | b"be"
            | b"are"
            | b"with"
            | b"on"
            | b"can"
            | b"have"
            | b"our"
            | b"will"
            | b"please"
            | b"thanks"
            | b"thank"
            | b"us"
            | b"me"
            | b"my"
            | b"not"
            | b"if"
            | b"let"
            | b"know"
            | b"help"
            | b"hi"
            | b"hello"
            | b"sorry"
            | b"what"
            | b"how"
            | b"do"
    )
}

#[cfg(test)]
mod tests {
    use super::{detect, is_common_english};

    #[test]
    fn common_words_in_any_ascii_case_only() {
        for w in ["the", "THE", "Please", "hello", "i", "Do"] {
            assert!(is_common_english(w.as_bytes()), "{w}");
        }
        for w in ["", "pleased", "thee", "hellos", "é", "théé", "xyz"] {
            assert!(!is_common_english(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn tells_common_reply_languages() {
        assert_eq!(
            detect("Hi Dana, your order ships today. Is there anything else I can help with?"),
            "en"
        );
        assert_eq!(
            detect("Hallo Anna, vielen Dank für Ihre Nachricht. Wir kümmern uns sofort darum und melden uns morgen."),
            "de"
        );
        assert_eq!(
            detect("Hola Marta, gracias por escribirnos. Tu pedido llegará mañana por la tarde. ¿Algo más?"),
            "es"
        );
        assert_eq!(detect("ご連絡ありがとうございます。確認いたします。"), "ja");
        assert_eq!(detect("@AcmeHelp Thanks! ^AG"), "en");
        assert_eq!(detect("Ok"), "en");
    }
}
