//! The languages the widget speaks: one table of words per language in `locales/`, sent by
//! the proxy with the form. The proxy and the widget's tests use the tables; the widget
//! itself never refers to them, so no word reaches its wasm.

/// Each language's tag and its table as JSON, English first: it is the fallback.
pub const LOCALES: [(&str, &str); 5] = [
    ("en", include_str!("../locales/en.json")),
    ("de", include_str!("../locales/de.json")),
    ("fr", include_str!("../locales/fr.json")),
    ("es", include_str!("../locales/es.json")),
    ("nl", include_str!("../locales/nl.json")),
];

/// The first of `wanted` (language tags in order of preference, e.g. `de-AT`, `fr`) this
/// widget speaks, by primary subtag; English when none is.
pub fn negotiate<'a>(wanted: impl IntoIterator<Item = &'a str>) -> &'static str {
    wanted
        .into_iter()
        .filter_map(|tag| {
            let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
            LOCALES.iter().find(|(locale, _)| *locale == primary)
        })
        .map(|(locale, _)| *locale)
        .next()
        .unwrap_or(LOCALES[0].0)
}
