//! Only pages on a form's allowed origins may use it. Browsers always send `Origin` on
//! cross-origin fetches and on every POST; a definition GET without one (curl) is let through
//! because the definition is public anyway.

use axum::extract::{Path, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::RequestError;
use crate::state::AppState;

/// Middleware for `/v1/forms/{form_id}…` routes: 404 for unknown forms, 403 for other origins.
pub async fn require_allowed_origin(
    State(state): State<AppState>,
    Path(form_id): Path<String>,
    request: Request,
    next: Next,
) -> Response {
    let form = match state.form(&form_id) {
        Ok(form) => form,
        Err(error) => return error.into_response(),
    };
    match request
        .headers()
        .get(header::ORIGIN)
        .map(|value| value.to_str().unwrap_or_default())
    {
        Some(origin) if form.trusted.allows_origin(origin) => next.run(request).await,
        Some(origin) => RequestError::OriginNotAllowed {
            form: form_id,
            origin: origin.chars().take(200).collect(),
        }
        .into_response(),
        None if request.method() == Method::GET => next.run(request).await,
        None => RequestError::OriginMissing(form_id).into_response(),
    }
}
