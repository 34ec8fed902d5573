//! JSON through the browser's own `JSON.parse` / `JSON.stringify`, so no JSON parser or float
//! formatter is compiled into the wasm: values are read by [`crate::js_deserializer`] and
//! written by serde-wasm-bindgen.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::js_deserializer;

/// Reads `text` as a `T`; `None` when it is not JSON or not a `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    js_deserializer::from_value(value).ok()
}

/// Writes `value` as JSON, maps as plain objects (as serde_json would).
pub fn stringify<T: Serialize>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value: JsValue = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}
