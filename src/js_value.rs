//! Reading values the browser's `JSON.parse` made, by key, without serde: for the parts of
//! what the proxy sends whose serde readers would cost the wasm more than these few lines.

use wasm_bindgen::{JsCast, JsValue};

/// `value[key]`, when it is there.
pub fn at(value: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .filter(|found| !found.is_undefined() && !found.is_null())
}

/// `value[key]` as a string, when it is one.
pub fn string_at(value: &JsValue, key: &str) -> Option<String> {
    at(value, key)?.as_string()
}

/// `value[key]` as an array, when it is one.
pub fn array_at(value: &JsValue, key: &str) -> Option<js_sys::Array> {
    at(value, key)?.dyn_into::<js_sys::Array>().ok()
}
