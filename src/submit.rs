//! Handing a submission to the loader, which posts it with an `Idempotency-Key` (the same
//! answers keep their key), keeps it on the device when the network is down and tells the
//! page what happened. The widget only says what the answer means to the visitor.

use leadform_core::{FieldError, ReceiptStatus, Submission};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::js_value::{array_at, at, string_at};
use crate::json;

/// Why a submission did not create a lead; the visitor's answers stay in the form.
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitError {
    /// No answer from the proxy, and nowhere on the device to keep the submission.
    Network,
    /// No network: the loader kept the submission on the device and sends it once the
    /// browser is back online, or on the next Send.
    Offline,
    /// An answer the widget cannot read.
    Server,
    /// The proxy refused: its stable code and words, and per-question codes for
    /// `invalid_submission`.
    Refused {
        code: String,
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

/// The property of the form's container that holds the loader's `send`.
const SEND: &str = "leadformSend";

/// The loader's `send(body)`: a promise of `{status, text}` (embed/src/widget.d.ts), status
/// 0 when no answer came and text `"kept"` when the submission was then kept on the device.
#[derive(Clone, Default)]
pub struct Sender(Option<js_sys::Function>);

impl Sender {
    /// The loader's function; anything else cannot send.
    pub fn from_js(send: JsValue) -> Self {
        Self(send.dyn_into().ok())
    }

    /// Keeps the loader's `send` on the form's container, where [`Sender::of_form`] finds
    /// it: the function stays a JS value on a DOM node, not in the reactive system.
    pub fn attach(container: &web_sys::Element, send: &JsValue) {
        let _ = js_sys::Reflect::set(container, &JsValue::from_str(SEND), send);
    }

    /// The sender attached to the container of `form`.
    pub fn of_form(form: &web_sys::Element) -> Self {
        form.closest(".lf-root")
            .ok()
            .flatten()
            .and_then(|container| js_sys::Reflect::get(&container, &JsValue::from_str(SEND)).ok())
            .map(Self::from_js)
            .unwrap_or_default()
    }

    /// Sends the answers as JSON. Any 2xx means the proxy has stored them durably:
    /// delivered (`201`) or queued (`202`).
    pub async fn send(&self, submission: &Submission) -> Result<ReceiptStatus, SubmitError> {
        let body = json::submission(submission).ok_or(SubmitError::Server)?;
        let (status, text) = self.call(&body).await.ok_or(SubmitError::Network)?;
        // Read with the browser's JSON parser and by hand: serde's readers for the receipt
        // and the refusals would be 2.5 KB brotli of every widget.
        let answer = js_sys::JSON::parse(&text).unwrap_or(JsValue::UNDEFINED);
        if (200..300).contains(&status) {
            return Ok(string_at(&answer, "status")
                .and_then(|name| ReceiptStatus::from_name(&name))
                .unwrap_or(ReceiptStatus::Queued));
        }
        if status == 0 {
            return Err(if text == "kept" {
                SubmitError::Offline
            } else {
                SubmitError::Network
            });
        }
        Err(refusal(&answer).unwrap_or(SubmitError::Server))
    }

    async fn call(&self, body: &str) -> Option<(u16, String)> {
        let promise = self
            .0
            .as_ref()?
            .call1(&JsValue::NULL, &JsValue::from_str(body))
            .ok()?;
        let answer = JsFuture::from(js_sys::Promise::from(promise)).await.ok()?;
        let status = at(&answer, "status")?.as_f64()? as u16;
        Some((status, string_at(&answer, "text").unwrap_or_default()))
    }
}

/// The proxy's refusal, `{"error":{"code","message","fields":[…]}}`; a per-question refusal
/// this version cannot read is left out (the banner still says what the code means).
fn refusal(answer: &JsValue) -> Option<SubmitError> {
    let error = at(answer, "error")?;
    let fields = array_at(&error, "fields")
        .map(|fields| {
            fields
                .iter()
                .filter_map(|field| {
                    FieldError::from_wire_parts(
                        string_at(&field, "field")?,
                        &string_at(&field, "code")?,
                        at(&field, "min").and_then(|min| min.as_f64()),
                        at(&field, "max").and_then(|max| max.as_f64()),
                        string_at(&field, "direction").as_deref(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Some(SubmitError::Refused {
        code: string_at(&error, "code")?,
        message: string_at(&error, "message").unwrap_or_default(),
        fields,
    })
}
