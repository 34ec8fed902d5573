//! `GET /v1/forms/{form_id}`: the public definition, nothing trusted.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;

use crate::error::RequestError;
use crate::state::AppState;

pub async fn get_definition(
    State(state): State<AppState>,
    Path(form_id): Path<String>,
) -> Result<impl IntoResponse, RequestError> {
    let form = state.form(&form_id)?;
    Ok((
        [
            (header::CACHE_CONTROL, "public, max-age=60"),
            (header::VARY, "Origin"),
        ],
        Json(form.definition.clone()),
    ))
}
