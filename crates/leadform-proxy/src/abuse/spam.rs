//! Spam the proxy catches without a third-party script: a submission that filled in the
//! honeypot is answered exactly like one accepted (so a bot learns nothing), but it is never
//! stored or sent on. It is counted (`leadform_spam_total`) and marked in the request's log
//! line, so the operator sees it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leadform_core::{Receipt, ReceiptStatus};

/// Why a submission was taken for spam: the request's log line names it.
#[derive(Debug, Clone, Copy)]
pub struct SpamCaught(pub &'static str);

/// The answer a caught submission gets: the same `202` a queued one gets, with an id that
/// leads nowhere.
pub fn answer_as_accepted(form: &str, reason: &'static str) -> Response {
    metrics::counter!("leadform_spam_total", "form" => form.to_owned(), "reason" => reason)
        .increment(1);
    let receipt = Receipt {
        submission_id: uuid::Uuid::now_v7().to_string(),
        status: ReceiptStatus::Queued,
        id: None,
        uuid: None,
        partnership_lead_id: None,
    };
    let mut response = (StatusCode::ACCEPTED, Json(receipt)).into_response();
    response.extensions_mut().insert(SpamCaught(reason));
    response
}
