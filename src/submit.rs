//! Posting a submission to the proxy, with an `Idempotency-Key` so that sending the same
//! answers again (after a network failure, a double click) never makes a second lead.

use leadform_core::{FieldError, Receipt, ReceiptStatus, Refusal, Submission};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCredentials, RequestInit, Response};

use crate::json;

/// Why a submission did not create a lead; the visitor's answers stay in the form.
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitError {
    /// No answer from the proxy.
    Network,
    /// An answer the widget cannot read.
    Server,
    /// The proxy refused: its message, and per-question codes for `invalid_submission`.
    Refused {
        message: String,
        fields: Vec<FieldError>,
    },
}

impl SubmitError {
    /// The per-question refusals, if any.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            SubmitError::Refused { fields, .. } => fields,
            _ => &[],
        }
    }
}

/// A fresh idempotency key: 128 random bits from the browser's CSPRNG, as hex. `None` if the
/// browser offers none; the proxy then recognises a repeat by its answers alone.
pub fn new_idempotency_key() -> Option<String> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    let mut key = String::with_capacity(32);
    for byte in bytes {
        key.push(char::from(HEX[usize::from(byte >> 4)]));
        key.push(char::from(HEX[usize::from(byte & 15)]));
    }
    Some(key)
}

/// POSTs the submission as JSON, without cookies or credentials. Any 2xx means the proxy
/// has stored it durably: delivered (`201`) or queued (`202`).
pub async fn send_submission(
    api_base: &str,
    form_id: &str,
    submission: &Submission,
    idempotency_key: Option<&str>,
) -> Result<ReceiptStatus, SubmitError> {
    let url = format!("{api_base}/v1/forms/{form_id}/submissions");
    let body = json::stringify(submission).ok_or(SubmitError::Server)?;
    let (status, body) = post_json(&url, &body, idempotency_key)
        .await
        .map_err(|_| SubmitError::Network)?;
    if (200..300).contains(&status) {
        return Ok(json::parse::<Receipt>(&body)
            .map(|receipt| receipt.status)
            .unwrap_or(ReceiptStatus::Queued));
    }
    match json::parse::<Refusal>(&body) {
        Some(Refusal { error }) => Err(SubmitError::Refused {
            message: error.message,
            fields: error.fields,
        }),
        None => Err(SubmitError::Server),
    }
}

/// POSTs `body` with the browser's `fetch` (no cookies); the answer's status and text. An
/// unreadable body reads as empty: the status alone still says whether the lead was stored.
async fn post_json(
    url: &str,
    body: &str,
    idempotency_key: Option<&str>,
) -> Result<(u16, String), JsValue> {
    let headers = Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    if let Some(key) = idempotency_key {
        headers.set("Idempotency-Key", key)?;
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_credentials(RequestCredentials::Omit);
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|text| text.as_string()),
        Err(_) => None,
    };
    Ok((response.status(), text.unwrap_or_default()))
}
