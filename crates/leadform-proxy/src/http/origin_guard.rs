//! Only pages on a form's allowed origins (or its test origins, in test mode) may use it. Browsers always send `Origin` on
//! cross-origin fetches and on every POST; a definition GET without one (curl) is let through
//! because the definition is public anyway. The guard finds the form once; the handlers
//! behind it take that one ([`GuardedForm`]), so a request deals with one version of the
//! forms file from start to end.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::http::refusal::RequestError;
use crate::http::state::{AppState, PublishedForm};

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
    let origin = origin_of(request.headers());
    let guarded = match guard(&state, &form_id, origin, request.method() == Method::GET) {
        Ok(guarded) => guarded,
        Err(error) => return refuse(error),
    };
    let mut request = request;
    request.extensions_mut().insert(guarded);
    next.run(request).await
}

/// The request's `Origin` header, if it sent one (an unreadable one as empty, which no form
/// allows).
pub fn origin_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ORIGIN)
        .map(|value| value.to_str().unwrap_or_default())
}

/// Form `form_id` for a request from `origin` (its `Origin` header; `read_only` for a GET,
/// which may come without one), or why that request may not have it.
pub fn guard(
    state: &AppState,
    form_id: &str,
    origin: Option<&str>,
    read_only: bool,
) -> Result<GuardedForm, RequestError> {
    let form = state.form(form_id)?;
    let test = match origin {
        Some(origin) if form.trusted.allows_origin(origin) => false,
        Some(origin) if form.trusted.is_test_origin(origin) => true,
        Some(origin) => {
            return Err(RequestError::OriginNotAllowed {
                form: form_id.to_owned(),
                origin: origin.chars().take(200).collect(),
            });
        }
        None if read_only => false,
        None => return Err(RequestError::OriginMissing(form_id.to_owned())),
    };
    Ok(GuardedForm { form, test })
}

/// The form the request's path names, as the origin guard found it, and whether the request
/// comes from one of its test origins (its leads go to the sandbox, the form shows a "Test"
/// badge).
#[derive(Clone)]
pub struct GuardedForm {
    pub form: Arc<PublishedForm>,
    pub test: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for GuardedForm {
    type Rejection = RequestError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<GuardedForm>()
            .cloned()
            .ok_or(RequestError::Unguarded)
    }
}

/// The languages a request asks for (`?locale=de,en`).
#[derive(Default, Deserialize)]
struct Wanted {
    #[serde(default)]
    locale: String,
}
