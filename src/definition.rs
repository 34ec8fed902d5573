//! Turns the loader's definition response (status and body) into a form, or a reason to show.

use leadform_core::{FormDefinition, Refusal};

use crate::json;

/// The answer to `GET /v1/forms/{id}` as the widget reads it.
pub fn read_definition(status: u16, body: &str) -> Result<FormDefinition, String> {
    match status {
        200 => json::parse(body)
            .ok_or_else(|| "This form could not be read. Please try again later.".to_owned()),
        0 => Err(
            "This form could not be loaded. Check your connection and reload the page.".to_owned(),
        ),
        _ => Err(error_message(body).unwrap_or_else(|| {
            "This form could not be loaded right now. Please try again later.".to_owned()
        })),
    }
}

/// The visitor-facing message of a proxy error body.
fn error_message(body: &str) -> Option<String> {
    json::parse::<Refusal>(body).map(|refusal| refusal.error.message)
}
