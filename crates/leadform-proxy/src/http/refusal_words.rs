//! The proxy's refusals in words: the widget's own (`refusal.<code>` in locales/*.json), read
//! once. English is the language of a refusal whose request named none it speaks.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use leadform::locales::LOCALES;
use leadform_core::RefusalCode;

/// The language a refusal is worded in when the request asks for none (the tables' first).
pub const ENGLISH: &str = LOCALES[0].0;

/// Each language's refusal messages by code.
static REFUSALS: LazyLock<Vec<(&'static str, BTreeMap<String, String>)>> = LazyLock::new(|| {
    LOCALES
        .iter()
        .map(|(locale, table)| {
            // The tables are checked by the widget's and this crate's tests.
            let words: BTreeMap<String, String> = serde_json::from_str(table).unwrap_or_default();
            let refusals = words
                .into_iter()
                .filter_map(|(key, message)| {
                    let code = key.strip_prefix("refusal.")?.to_owned();
                    Some((code, message))
                })
                .collect();
            (*locale, refusals)
        })
        .collect()
});

/// The words for `code` in `locale`, else in English (a test checks that every code has
/// words in every language, so the code itself is never what a visitor reads).
pub fn message(locale: &str, code: RefusalCode) -> &'static str {
    let lookup = |locale: &str| {
        REFUSALS
            .iter()
            .find(|(found, _)| *found == locale)
            .and_then(|(_, refusals)| refusals.get(code.as_str()).map(String::as_str))
    };
    lookup(locale)
        .or_else(|| lookup(ENGLISH))
        .unwrap_or(code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_code_has_words_in_every_language_and_no_words_lack_a_code() {
        for (locale, table) in LOCALES {
            let words: BTreeMap<String, String> = serde_json::from_str(table).expect(locale);
            for code in RefusalCode::ALL {
                let key = format!("refusal.{code}");
                assert!(
                    words.get(&key).is_some_and(|words| words.len() > 10),
                    "{locale} has no words for {key}"
                );
            }
            for key in words.keys().filter_map(|key| key.strip_prefix("refusal.")) {
                assert!(
                    RefusalCode::from_name(key).is_some(),
                    "{locale} has words for refusal.{key}, which is no code"
                );
            }
        }
    }
}
