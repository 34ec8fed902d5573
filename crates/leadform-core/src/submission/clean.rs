//! Characters an answer has no use for, and the one spelling of each text. Control
//! characters (ANSI escapes, NUL), bidirectional overrides and isolates (which make
//! `moc.elgoog@` read as a familiar address) and invisible characters are refused, not
//! removed: the visitor sees why and nothing is changed behind their back.

use std::borrow::Cow;

/// How much an answer may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// Several lines: newlines and tabs are fine, and so are zero-width characters.
    Lines,
    /// One line of words (names, companies, one-line custom fields, campaign values).
    Line,
    /// An email address: nothing invisible at all.
    Email,
}

/// Whether `text` holds a character that has no place in this kind of answer.
pub(crate) fn has_forbidden_character(text: &str, kind: TextKind) -> bool {
    text.chars().any(|c| is_forbidden(c, kind))
}

fn is_forbidden(c: char, kind: TextKind) -> bool {
    // C0, DEL and C1: the Unicode category Cc.
    let control = c.is_control();
    let line_break_or_tab = matches!(c, '\n' | '\r' | '\t');
    let bidi_control = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    // Zero-width space, word joiner, byte order mark: invisible, and in no word of any
    // script. The zero-width (non-)joiners are: Persian and Indic names, emoji.
    let invisible = matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}');
    let joiner_or_mark = matches!(c, '\u{200C}'..='\u{200F}');
    match kind {
        TextKind::Lines => (control && !line_break_or_tab) || bidi_control,
        TextKind::Line => control || bidi_control || invisible,
        TextKind::Email => control || bidi_control || invisible || joiner_or_mark,
    }
}

/// `text` in Unicode NFC, so that "é" typed as one character or as "e" and a combining
/// accent is stored, compared and counted alike. The proxy normalises what it keeps; the
/// widget only checks, and leaves out the normalisation tables (tens of KB of wasm).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn normalized(text: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn normalized(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_refuses_what_it_has_no_use_for() {
        let refused = |text: &str| {
            [TextKind::Lines, TextKind::Line, TextKind::Email]
                .map(|kind| has_forbidden_character(text, kind))
        };
        assert_eq!(refused("Ada Lovelace"), [false, false, false]);
        assert_eq!(refused("Zoë Ñúñez 山田 محمد"), [false, false, false]);
        assert_eq!(refused("line\nline\ttab"), [false, true, true]);
        assert_eq!(refused("nul\0"), [true, true, true]);
        assert_eq!(refused("\u{1b}[31mred"), [true, true, true], "ANSI escape");
        assert_eq!(refused("next\u{85}line"), [true, true, true], "C1 control");
        assert_eq!(refused("del\u{7f}"), [true, true, true]);
        assert_eq!(
            refused("abc\u{202E}moc.elgoog"),
            [true, true, true],
            "right-to-left override"
        );
        assert_eq!(refused("\u{2067}isolate\u{2069}"), [true, true, true]);
        assert_eq!(refused("zero\u{200B}width"), [false, true, true]);
        assert_eq!(refused("\u{FEFF}bom"), [false, true, true]);
        assert_eq!(
            refused("می\u{200C}خواهم"),
            [false, false, true],
            "Persian needs the non-joiner"
        );
        assert_eq!(
            refused("👩\u{200D}💻"),
            [false, false, true],
            "emoji need the joiner"
        );
    }

    #[test]
    fn text_is_stored_in_one_spelling() {
        assert_eq!(normalized("Zoe\u{308}"), "Zoë");
        assert!(matches!(normalized("Zoë"), Cow::Borrowed(_)));
        assert_eq!(
            normalized("Ａｃｍｅ"),
            "Ａｃｍｅ",
            "NFC keeps full-width letters"
        );
    }
}
