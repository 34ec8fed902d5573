//! The words the widget shows that the form's definition does not supply, in the visitor's
//! language. None are compiled in: `locales/<lang>.json` holds one table per language, the
//! proxy sends the chosen one with the form, and the rest of the widget deals in keys and in
//! codes with parameters.

use leadform_core::{ErrorCode, FiniteNumber, FormDirection, InputKind};

use wasm_bindgen::JsCast;

use crate::submit::SubmitError;

/// One locale's table: key → words, where `{name}` stands for a parameter. Plain Rust
/// strings, so it can live in the reactive system like any other value.
#[derive(Clone, Default)]
pub struct Texts(std::sync::Arc<Vec<(String, String)>>);

impl Texts {
    /// The loader's table, a plain object of strings.
    pub fn from_js(table: wasm_bindgen::JsValue) -> Self {
        let entries = match table.dyn_into::<js_sys::Object>() {
            Ok(object) => js_sys::Object::entries(&object)
                .iter()
                .filter_map(|entry| {
                    let entry = js_sys::Array::from(&entry);
                    Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        Self(std::sync::Arc::new(entries))
    }

    /// A table read from `locales/` and the form's own overrides.
    pub fn from_map(table: std::collections::BTreeMap<String, String>) -> Self {
        Self(std::sync::Arc::new(table.into_iter().collect()))
    }

    /// The words for `key`, if the table has them.
    pub fn lookup(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(known, _)| known == key)
            .map(|(_, words)| words.clone())
    }

    /// The words for `key`; the key itself when missing, so a gap shows and a test finds it.
    pub fn get(&self, key: &str) -> String {
        self.lookup(key).unwrap_or_else(|| key.to_owned())
    }

    /// The words for `key` with its one `{parameter}` replaced by `value`. Every message has
    /// at most one, so a split does, without compiling in a substring search.
    fn with(&self, key: &str, value: &str) -> String {
        let words = self.get(key);
        match around_parameter(&words) {
            Some((before, after)) => format!("{before}{value}{after}"),
            None => words,
        }
    }

    /// The words for `key` with each `{name}` replaced by its value in `values` (an
    /// unknown name stays as written). Read character by character: a substring search
    /// would compile in a searcher.
    pub fn with_all(&self, key: &str, values: &[(&str, &str)]) -> String {
        let words = self.get(key);
        let mut out = String::with_capacity(words.len());
        let mut rest = words.as_str();
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            let Some((name, tail)) = after.split_once('}') else {
                out.push('{');
                rest = after;
                continue;
            };
            match values.iter().find(|(known, _)| *known == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = tail;
        }
        out.push_str(rest);
        out
    }

    /// The words for `key` before and after its one `{parameter}`, for a message with
    /// something other than text in the middle (a button).
    pub fn around(&self, key: &str) -> (String, String) {
        let words = self.get(key);
        match around_parameter(&words) {
            Some((before, after)) => (before.to_owned(), after.to_owned()),
            None => (words, String::new()),
        }
    }

    /// A direction's title and explanation.
    pub fn direction(&self, direction: FormDirection) -> (String, String) {
        let key = format!("direction.{}", direction.as_str());
        (self.get(&key), self.get(&format!("{key}.help")))
    }

    /// Why an answer was refused, for a question of this kind.
    pub fn field_error(&self, code: ErrorCode, kind: Option<InputKind>) -> String {
        match code {
            ErrorCode::Required if kind == Some(InputKind::MultiSelect) => {
                self.get("error.required_choice")
            }
            ErrorCode::TooLong { max } => self.with("error.too_long", &max.to_string()),
            ErrorCode::BelowMinimum { min } => self.with("error.below_minimum", &number(min)),
            ErrorCode::AboveMaximum { max } => self.with("error.above_maximum", &number(max)),
            ErrorCode::DirectionNotAllowed { direction } => {
                self.with("error.direction_not_allowed", &self.direction(direction).0)
            }
            other => self.get(&format!("error.{}", other.name())),
        }
    }

    /// Why a submission did not go through; the answers are always kept.
    pub fn submit_error(&self, error: &SubmitError) -> String {
        match error {
            SubmitError::Network => self.get("error.network"),
            SubmitError::Server => self.get("error.server"),
            SubmitError::Offline => self.get("offline"),
            // A code this table does not know yet still gets the proxy's own words.
            SubmitError::Refused { code, message, .. } => self
                .lookup(&format!("refusal.{code}"))
                .unwrap_or_else(|| message.clone()),
        }
    }
}

/// The words before and after the one `{parameter}` of `words`, if it has one.
/// Split rather than sliced by index: a slice compiles in the formatting of its panic.
fn around_parameter(words: &str) -> Option<(&str, &str)> {
    let (before, rest) = words.split_once('{')?;
    let (_, after) = rest.split_once('}')?;
    Some((before, after))
}

/// A number as the browser writes it (`1500`, `12.5`), so no float formatting is compiled in.
fn number(value: FiniteNumber) -> String {
    js_sys::Number::from(value.get())
        .to_string_with_radix(10)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// The form's words, shared by every component under the widget's root. A `Copy` handle, so
/// reactive closures can hold it.
pub type SharedTexts = leptos::prelude::StoredValue<Texts>;

/// Makes `texts` the words of every component below.
pub fn provide_texts(texts: Texts) {
    leptos::prelude::provide_context::<SharedTexts>(leptos::prelude::StoredValue::new(texts));
}

/// The words provided by the widget's root; an empty table outside one.
pub fn use_texts() -> SharedTexts {
    leptos::prelude::use_context::<SharedTexts>()
        .unwrap_or_else(|| leptos::prelude::StoredValue::new(Texts::default()))
}
