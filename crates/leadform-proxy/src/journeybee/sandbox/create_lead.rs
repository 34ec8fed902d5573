//! `POST /api/v1/leads`, with the reference's status codes: 401 bad key, 406 missing or
//! invalid `associationType`, 400 bad field values, 409 duplicate email per partnership, 201;
//! and, as the options say, 429 past a rate limit and the newer generation's
//! `Idempotency-Key` (the first answer replayed, 422 for the same key with another body).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leadform_core::journeybee::email::is_valid_email;
use leadform_core::{AssociationType, CreateLeadRequest, CreateLeadResponse};

use super::store::{Created, Refused};
use super::{Sandbox, refusal, unauthorized};

const BAD_FIELDS: &str = "Invalid field values or missing required association";

pub(super) async fn create_lead(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(api_key) = sandbox.authorized_key(&headers) else {
        return unauthorized();
    };
    if let Err(wait) = sandbox.inner.store.admit(&sandbox.inner.options) {
        return rate_limited(wait);
    }
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return refusal(StatusCode::BAD_REQUEST, BAD_FIELDS);
    };
    let association = json
        .get("associationType")
        .cloned()
        .and_then(|value| serde_json::from_value::<AssociationType>(value).ok());
    let Some(association) = association else {
        return refusal(
            StatusCode::NOT_ACCEPTABLE,
            "Missing required fields or invalid association type",
        );
    };
    let request: CreateLeadRequest = match serde_json::from_value(json) {
        Ok(request) => request,
        Err(error) => {
            // serde's message can quote the value, which may be personal data.
            tracing::debug!(%error, "sandbox refused a lead");
            return refusal(StatusCode::BAD_REQUEST, BAD_FIELDS);
        }
    };
    let needs_partnership = matches!(
        association,
        AssociationType::Referral | AssociationType::Reseller
    );
    let bad_email = request
        .email
        .as_deref()
        .is_some_and(|email| !is_valid_email(email));
    let bad_campaign =
        association == AssociationType::Campaigns && request.company_campaign_id.is_none();
    if (needs_partnership && request.partnership_lead.is_none()) || bad_email || bad_campaign {
        return refusal(StatusCode::BAD_REQUEST, BAD_FIELDS);
    }
    let idempotency_key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok());
    let body = String::from_utf8_lossy(&body);
    let options = &sandbox.inner.options;
    match sandbox
        .inner
        .store
        .create(request, &body, api_key, idempotency_key, options)
    {
        Ok(Created::New(lead) | Created::Replayed(lead)) => {
            tracing::debug!(lead_id = lead.id, "sandbox stored a lead");
            let response = CreateLeadResponse {
                id: lead.id,
                uuid: lead.uuid,
                partnership_lead_id: lead.partnership_lead_id,
            };
            (StatusCode::CREATED, Json(response)).into_response()
        }
        Err(Refused::DuplicateEmail) => refusal(
            StatusCode::CONFLICT,
            "Duplicate lead or unique constraint violation",
        ),
        Err(Refused::KeyReused) => refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Idempotency-Key was already used with a different request body",
        ),
    }
}

/// `429` with `Retry-After` in whole seconds, rounded up.
pub(super) fn rate_limited(wait: std::time::Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = refusal(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded");
    if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
