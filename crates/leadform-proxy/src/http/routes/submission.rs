//! `POST /v1/forms/{form_id}/submissions`: validate with leadform-core, build the lead from
//! the trusted settings, commit it to the outbox, try to deliver it at once, and say which
//! happened: `201` delivered, `202` queued, or JourneyBee's final refusal. A submission
//! without a fill token is refused; one a bot sent (the honeypot filled, a token that is
//! forged, expired, too young or already used for other answers) is answered like a queued
//! one and goes nowhere.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leadform_core::{
    CustomFieldEntry, CustomFieldValue, Receipt, ReceiptStatus, Submission, build_create_lead,
    from_json, validate,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::abuse::fill_token;
use crate::abuse::spam;
use crate::delivery::consent::ConsentRecord;
use crate::delivery::{Answer, Intake};
use crate::http::idempotency;
use crate::http::origin_guard::GuardedForm;
use crate::http::refusal::RequestError;
use crate::http::state::AppState;
use crate::outbox::now_millis;

pub async fn submit(
    State(state): State<AppState>,
    GuardedForm { form, test }: GuardedForm,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let form_id = form.definition.id.clone();
    // Counted before anything is read, so a flood of bad submissions is held back too.
    let limiter = state.submission_limiter();
    let client = peer.map(|Extension(ConnectInfo(peer))| limiter.client(peer.ip(), &headers));
    limiter
        .check(client, &form_id)
        .map_err(RequestError::RateLimited)?;
    // JSON only: a text/plain or form-encoded POST is a "simple" request that browsers send
    // without a preflight, so it would reach this handler without CORS ever being asked.
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(RequestError::NotJson(
            content_type.chars().take(100).collect(),
        ));
    }
    let key = idempotency::key_from_headers(&headers)?;
    let token = headers
        .get(fill_token::HEADER)
        .map(|value| value.to_str().unwrap_or_default().to_owned())
        .ok_or_else(|| RequestError::TokenMissing(form_id.clone()))?;
    let body = body.map_err(RequestError::from)?;
    let text = std::str::from_utf8(&body)
        .map_err(|error| RequestError::UnreadableSubmission(error.to_string()))?;
    // serde reads a struct from an array too (`[]` would be an empty submission).
    if !text.trim_start().starts_with('{') {
        return Err(RequestError::UnreadableSubmission(
            "the body is not a JSON object".into(),
        ));
    }
    let submission: Submission =
        from_json(text).map_err(|error| RequestError::UnreadableSubmission(error.to_string()))?;
    // Before the answers are checked, so a bot that filled everything learns nothing.
    if !submission.website.is_empty() {
        return Ok(spam::answer_as_accepted(&form_id, "honeypot"));
    }
    let token = match state.fill_tokens().check(&form_id, &token, now_millis()) {
        Ok(claim) => claim,
        Err(fault) => return Ok(spam::answer_as_accepted(&form_id, fault.reason())),
    };
    let valid = validate(&form.definition, &submission).map_err(RequestError::Invalid)?;
    let submitted_at = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default();
    let mut request = build_create_lead(&form.trusted, &valid, &submitted_at);
    // Validation made sure the box was ticked where the form asks for consent.
    let consent = form
        .consent_text(submission.locale.as_deref())
        .map(|(text, locale)| ConsentRecord::new(text, locale, &submitted_at));
    if let (Some(record), Some(field)) = (&consent, form.trusted.consent_record_field) {
        request
            .custom_fields
            .get_or_insert_with(Vec::new)
            .push(CustomFieldEntry {
                custom_field_id: field,
                value: CustomFieldValue::Text(record.field_value()),
            });
    }
    let intake = Intake {
        consent: consent
            .as_ref()
            .and_then(|record| serde_json::to_string(record).ok()),
        form_id: form_id.clone(),
        request: serde_json::to_string(&request)
            .map_err(|error| RequestError::UnreadableSubmission(error.to_string()))?,
        fingerprint: idempotency::fingerprint(&submission),
        key,
        token,
        test,
    };
    let (answer, repeated) = state.delivery().submit(intake).await?;
    let mut response = match answer {
        Answer::Delivered {
            submission_id,
            lead,
        } => receipt(
            StatusCode::CREATED,
            Receipt {
                submission_id,
                status: ReceiptStatus::Delivered,
                id: Some(lead.id),
                uuid: Some(lead.uuid),
                partnership_lead_id: lead.partnership_lead_id,
            },
        ),
        Answer::Queued { submission_id } => receipt(
            StatusCode::ACCEPTED,
            Receipt {
                submission_id,
                status: ReceiptStatus::Queued,
                id: None,
                uuid: None,
                partnership_lead_id: None,
            },
        ),
        Answer::Refused {
            submission_id,
            status,
        } => RequestError::LeadRefused {
            submission: submission_id,
            status,
        }
        .into_response(),
        Answer::NotDelivered { submission_id } => {
            RequestError::NotDelivered(submission_id).into_response()
        }
        Answer::KeyReused => return Err(RequestError::IdempotencyKeyReused(form_id)),
        Answer::TokenReused => return Ok(spam::answer_as_accepted(&form_id, "token_reused")),
    };
    if repeated {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

fn receipt(status: StatusCode, receipt: Receipt) -> Response {
    (status, Json(receipt)).into_response()
}
