//! Which language a draft is written in, so English-only rules run only on English text.
//!
//! Short texts are too short to tell; they count as English unless the detector is sure.
//! Handles, links and signatures are removed before detection.

/// ISO 639-1 code of the language of `text` (`"en"` when unsure).
pub(crate) fn detect(text: &str) -> &'static str {
    let cleaned: String = text
        .split_whitespace()
        .filter(|w| {
            !w.starts_with('@')
                && !w.starts_with('^')
                && !w.starts_with('#')
                && !w.contains("://")
                && !w.contains(".co/")
                && !w.starts_with("www.")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let letters = cleaned.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return "en";
    }
    let kana = cleaned.chars().filter(|c| matches!(*c as u32, 0x3040..=0x30FF)).count();
    let han = cleaned.chars().filter(|c| matches!(*c as u32, 0x4E00..=0x9FFF)).count();
    if (kana + han) * 3 > letters {
        return if kana > 0 { "ja" } else { "zh" };
    }
    if letters < 12 {
        return "en";
    }
    // Plainly English text (a fifth of its words are common English function words) never
    // reaches the trigram detector: the answer would be the same, and it is the costly step.
    if english_share(&cleaned) >= 0.2 {
        return "en";
    }
    let Some(info) = whatlang::detect(&cleaned) else {
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

/// The share of words that are common English function words.
fn english_share(text: &str) -> f64 {
    const COMMON: [&str; 40] = [
        "the", "and", "to", "you", "your", "we", "i", "is", "it", "for", "of", "a", "in", "that", "this", "be", "are",
        "with", "on", "can", "have", "our", "will", "please", "thanks", "thank", "us", "me", "my", "not", "if", "let",
        "know", "help", "hi", "hello", "sorry", "what", "how", "do",
    ];
    // No allocation per word: this runs on every paragraph of every document.
    let (mut words, mut common) = (0usize, 0usize);
    for w in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 6 && COMMON.iter().any(|c| c.eq_ignore_ascii_case(w)) {
            common += 1;
        }
    }
    if words == 0 {
        return 1.0;
    }
    #[allow(clippy::cast_precision_loss)] // word counts are small
    let share = common as f64 / words as f64;
    share
}

#[cfg(test)]
mod tests {
    use super::detect;

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
