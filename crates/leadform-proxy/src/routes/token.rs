//! `GET /v1/forms/{form_id}/token`: a new fill token, which the loader asks for as the form
//! loads and sends with the submission. Never cached: each visitor's is their own.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;

use crate::error::RequestError;
use crate::outbox::now_millis;
use crate::state::AppState;

/// The token, with what the loader must know to use it: how long to wait before sending
/// (`wait`) and how long it is good for (`life`), in milliseconds from now.
#[derive(Serialize)]
struct FillToken {
    token: String,
    wait: u128,
    life: u128,
}

pub async fn get_token(
    State(state): State<AppState>,
    Path(form_id): Path<String>,
) -> Result<impl IntoResponse, RequestError> {
    let form = state.form(&form_id)?;
    let tokens = state.fill_tokens();
    let settings = tokens.settings();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(FillToken {
            token: tokens.issue(&form.definition.id, now_millis()),
            wait: settings.min_fill.as_millis(),
            life: settings.lifetime.as_millis(),
        }),
    ))
}
