//! `POST /api/v1/leads`, with the reference's status codes: 401 bad key, 406 missing or
//! invalid `associationType`, 400 bad field values, 409 duplicate email per partnership, 201.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use leadform_core::journeybee::email::is_valid_email;
use leadform_core::{AssociationType, CreateLeadRequest, CreateLeadResponse};

use super::store::Conflict;
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
            tracing::info!(%error, "sandbox refused a lead");
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
    match sandbox.inner.store.insert(request, api_key) {
        Ok(lead) => {
            tracing::info!(
                lead_id = lead.id,
                lead = %serde_json::to_string(&lead.request).unwrap_or_default(),
                "sandbox stored a lead"
            );
            let response = CreateLeadResponse {
                id: lead.id,
                uuid: lead.uuid,
                partnership_lead_id: lead.partnership_lead_id,
            };
            (StatusCode::CREATED, Json(response)).into_response()
        }
        Err(Conflict::DuplicateEmail) => refusal(
            StatusCode::CONFLICT,
            "Duplicate lead or unique constraint violation",
        ),
    }
}
