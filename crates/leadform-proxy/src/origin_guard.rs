//! Only pages on a form's allowed origins may use it. Browsers always send `Origin` on
//! cross-origin fetches and on every POST; a definition GET without one (curl) is let through
//! because the definition is public anyway.

use axum::extract::{Path, Query, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::RequestError;
use crate::state::AppState;

/// Middleware for `/v1/forms/{form_id}…` routes: 404 for unknown forms, 403 for other origins.
pub async fn require_allowed_origin(
    State(state): State<AppState>,
    Path(form_id): Path<String>,
    request: Request,
    next: Next,
) -> Response {
    // The loader asks for the form in the page's languages; a refusal answers in them too.
    let wanted = Query::<Wanted>::try_from_uri(request.uri())
        .map(|query| query.0.locale)
        .unwrap_or_default();
    let refuse = |error: RequestError| {
        if wanted.is_empty() {
            error.into_response()
        } else {
            error.into_response_in(&wanted)
        }
    };
    let form = match state.form(&form_id) {
        Ok(form) => form,
        Err(error) => return refuse(error),
    };
    match request
        .headers()
        .get(header::ORIGIN)
        .map(|value| value.to_str().unwrap_or_default())
    {
        Some(origin) if form.trusted.allows_origin(origin) => next.run(request).await,
        Some(origin) => refuse(RequestError::OriginNotAllowed {
            form: form_id,
            origin: origin.chars().take(200).collect(),
        }),
        None if request.method() == Method::GET => next.run(request).await,
        None => refuse(RequestError::OriginMissing(form_id)),
    }
}

/// The languages a request asks for (`?locale=de,en`).
#[derive(Default, Deserialize)]
struct Wanted {
    #[serde(default)]
    locale: String,
}
