//! Turns the loader's definition response (status and parsed body) into a form, or a reason
//! to show.

use leadform_core::{FormDefinition, Refusal};
use wasm_bindgen::JsValue;

use crate::js_deserializer;

/// Why the form cannot be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum DefinitionError {
    /// The request never got an answer.
    Offline,
    /// The answer was not a form.
    Unreadable,
    /// The proxy failed without saying why.
    Unavailable,
    /// The proxy refused, with a message for the visitor (e.g. a website it does not serve).
    Refused { message: String },
}

/// The answer to `GET /v1/forms/{id}/embed` as the widget reads it: on 200 `answer` is the
/// definition, otherwise the proxy's refusal; `undefined` when the body was not JSON.
pub fn read_definition(status: u16, answer: JsValue) -> Result<FormDefinition, DefinitionError> {
    match status {
        200 => js_deserializer::from_value(answer).map_err(|_| DefinitionError::Unreadable),
        0 => Err(DefinitionError::Offline),
        _ => Err(js_deserializer::from_value::<Refusal>(answer)
            .map(|refusal| DefinitionError::Refused {
                message: refusal.error.message,
            })
            .unwrap_or(DefinitionError::Unavailable)),
    }
}
