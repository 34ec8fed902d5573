//! Posting a submission to the proxy, with an `Idempotency-Key` so that sending the same
//! answers again (after a network failure, a double click) never makes a second lead.

use gloo_net::http::Request;
use leadform_core::{FieldError, Receipt, ReceiptStatus, Refusal, Submission};
use web_sys::RequestCredentials;

use crate::json;

/// Why a submission did not create a lead.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitError {
    /// What to tell the visitor.
    pub message: String,
    /// Per-field refusals from the proxy's validation.
    pub fields: Vec<FieldError>,
}

const NETWORK_FAILURE: &str = "We could not send your details. Check your connection and try again; your answers are still here.";

/// A fresh idempotency key: 128 random bits from the browser's CSPRNG, as hex. `None` if the
/// browser offers none; the proxy then recognises a repeat by its answers alone.
pub fn new_idempotency_key() -> Option<String> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// POSTs the submission as JSON, without cookies or credentials. Any 2xx means the proxy
/// has stored it durably: delivered (`201`) or queued (`202`).
pub async fn send_submission(
    api_base: &str,
    form_id: &str,
    submission: &Submission,
    idempotency_key: Option<&str>,
) -> Result<ReceiptStatus, SubmitError> {
    let failure = |message: &str| SubmitError {
        message: message.to_owned(),
        fields: Vec::new(),
    };
    let url = format!("{api_base}/v1/forms/{form_id}/submissions");
    let mut request = Request::post(&url)
        .credentials(RequestCredentials::Omit)
        .header("Content-Type", "application/json");
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let body = json::stringify(submission).ok_or_else(|| failure(NETWORK_FAILURE))?;
    let request = request.body(body).map_err(|_| failure(NETWORK_FAILURE))?;
    let response = request.send().await.map_err(|_| failure(NETWORK_FAILURE))?;
    let body = response.text().await.unwrap_or_default();
    if response.ok() {
        return Ok(json::parse::<Receipt>(&body)
            .map(|receipt| receipt.status)
            .unwrap_or(ReceiptStatus::Queued));
    }
    match json::parse::<Refusal>(&body) {
        Some(Refusal { error }) => Err(SubmitError {
            message: error.message,
            fields: error.fields,
        }),
        None => Err(failure(
            "Something went wrong on our side. Please try again; your answers are still here.",
        )),
    }
}
