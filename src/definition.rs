//! Turns the loader's definition response (status and body) into a form, or a reason to show.

use leadform_core::{FormDefinition, Refusal};

use crate::json;

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

/// The answer to `GET /v1/forms/{id}` as the widget reads it.
pub fn read_definition(status: u16, body: &str) -> Result<FormDefinition, DefinitionError> {
    match status {
        200 => json::parse(body).ok_or(DefinitionError::Unreadable),
        0 => Err(DefinitionError::Offline),
        _ => Err(json::parse::<Refusal>(body)
            .map(|refusal| DefinitionError::Refused {
                message: refusal.error.message,
            })
            .unwrap_or(DefinitionError::Unavailable)),
    }
}
