//! The answers a form starts with: what the visitor typed into the server-rendered form
//! before the wasm took it over, a restored draft or a prefill. Keyed by the control's
//! element id, as the loader hands them over.

use wasm_bindgen::JsValue;

/// Element id → value: a string for what was typed or picked, a boolean for a tick. Empty
/// when the form starts blank, which is always the case where it is rendered to HTML.
#[derive(Clone, Default)]
pub struct InitialAnswers(Option<JsValue>);

impl InitialAnswers {
    /// Reads the loader's object; anything else starts the form blank.
    pub fn from_js(values: JsValue) -> Self {
        Self(Some(values))
    }

    /// The value for control `id`; none when the loader gave no object (`Reflect.get`
    /// throws on `undefined` and `null`, which then read as blank).
    fn get(&self, id: &str) -> Option<JsValue> {
        crate::js_value::at(self.0.as_ref()?, id)
    }

    /// What was typed into the control `id`.
    pub fn text(&self, id: &str) -> Option<String> {
        self.get(id)?.as_string()
    }

    /// Whether the checkbox or radio button `id` was ticked.
    pub fn ticked(&self, id: &str) -> bool {
        self.get(id).and_then(|value| value.as_bool()) == Some(true)
    }
}
