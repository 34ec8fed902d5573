//! `POST /v1/forms/{form_id}/submissions`: validate with leadform-core, build the lead from the
//! trusted settings, forward it to JourneyBee.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use leadform_core::{CreateLeadResponse, Submission, build_create_lead, from_json, validate};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::ProxyError;
use crate::state::AppState;

pub async fn submit(
    State(state): State<AppState>,
    Path(form_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<CreateLeadResponse>), ProxyError> {
    let form = state.form(&form_id)?;
    let text = std::str::from_utf8(&body)
        .map_err(|error| ProxyError::UnreadableSubmission(error.to_string()))?;
    let submission: Submission =
        from_json(text).map_err(|error| ProxyError::UnreadableSubmission(error.to_string()))?;
    let valid = validate(&form.definition, &submission).map_err(ProxyError::Invalid)?;
    let submitted_at = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default();
    let request = build_create_lead(&form.trusted, &valid, &submitted_at);
    let created = state.journeybee().create_lead(&request).await?;
    tracing::info!(form = %form_id, lead_id = created.id, direction = valid.direction().as_str(), "lead created");
    Ok((StatusCode::CREATED, Json(created)))
}
