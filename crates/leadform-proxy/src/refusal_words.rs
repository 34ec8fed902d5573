//! The proxy's refusals in the widget's languages. The words are the widget's own
//! (`refusal.<code>` in locales/*.json), read once.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use leadform::locales::LOCALES;

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

/// The message for the refusal `code` in `locale`, if that language has one.
pub fn message(locale: &str, code: &str) -> Option<&'static str> {
    REFUSALS
        .iter()
        .find(|(found, _)| *found == locale)
        .and_then(|(_, refusals)| refusals.get(code).map(String::as_str))
}
