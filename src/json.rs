//! The submission as JSON, written with the browser's own `JSON.stringify`: no JSON writer,
//! float formatter or serde serializer is compiled into the wasm. It is the JSON serde writes
//! for a [`Submission`] (a widget test compares the two), which the proxy reads with serde.

use leadform_core::{Submission, SubmittedValue};
use wasm_bindgen::JsValue;

/// `{"direction"?, "values": {id: text or [option ids]}, "consent"}`.
pub fn submission(submission: &Submission) -> Option<String> {
    let set = |target: &JsValue, key: &str, value: &JsValue| {
        js_sys::Reflect::set(target, &JsValue::from_str(key), value).is_ok()
    };
    let body: JsValue = js_sys::Object::new().into();
    if let Some(direction) = submission.direction {
        set(&body, "direction", &JsValue::from_str(direction.as_str()));
    }
    let values: JsValue = js_sys::Object::new().into();
    for (id, value) in &submission.values {
        let value: JsValue = match value {
            SubmittedValue::Text(text) => JsValue::from_str(text),
            SubmittedValue::List(ids) => ids
                .iter()
                .map(|id| JsValue::from_str(id))
                .collect::<js_sys::Array>()
                .into(),
        };
        set(&values, id, &value);
    }
    set(&body, "values", &values);
    set(&body, "consent", &JsValue::from_bool(submission.consent));
    js_sys::JSON::stringify(&body).ok()?.as_string()
}
