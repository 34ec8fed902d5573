//! The proxy's one error type. Clients get a short, stable body; logs get the detail.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leadform_core::{ApiError, Refusal, RefusalDetail, ValidationErrors};

/// Everything that can go wrong in the proxy.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("widget bundle: {0}")]
    Bundle(String),
    #[error("no form {0:?}")]
    FormNotFound(String),
    #[error("origin {origin:?} may not use form {form:?}")]
    OriginNotAllowed { form: String, origin: String },
    #[error("request for form {0:?} sent no Origin header")]
    OriginMissing(String),
    #[error("unreadable submission: {0}")]
    UnreadableSubmission(String),
    #[error("submission refused: {0}")]
    Invalid(ValidationErrors),
    #[error("{0}")]
    JourneyBee(ApiError),
    #[error("JourneyBee could not be reached: {0}")]
    JourneyBeeUnreachable(String),
    #[error("JourneyBee sent an answer we cannot read: {0}")]
    JourneyBeeUnreadable(String),
}

impl ProxyError {
    /// Status, stable code and visitor-facing message.
    fn public_parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ProxyError::Config(_) | ProxyError::Bundle(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side. Please try again later.",
            ),
            ProxyError::FormNotFound(_) => (
                StatusCode::NOT_FOUND,
                "form_not_found",
                "This form does not exist.",
            ),
            ProxyError::OriginNotAllowed { .. } => (
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                "This form is not enabled on this website.",
            ),
            ProxyError::OriginMissing(_) => (
                StatusCode::FORBIDDEN,
                "origin_required",
                "Send this form from a web page.",
            ),
            ProxyError::UnreadableSubmission(_) => (
                StatusCode::BAD_REQUEST,
                "unreadable_submission",
                "The form sent something we could not read.",
            ),
            ProxyError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_submission",
                "Some answers need another look.",
            ),
            ProxyError::JourneyBee(api) => match api.status {
                400 => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "lead_rejected",
                    "JourneyBee did not accept these details. Please check them.",
                ),
                401 | 403 => (
                    StatusCode::BAD_GATEWAY,
                    "not_authorized",
                    "This form is not connected properly. Please try again later.",
                ),
                406 => (
                    StatusCode::BAD_GATEWAY,
                    "form_misconfigured",
                    "This form is not set up properly. Please try again later.",
                ),
                409 => (
                    StatusCode::CONFLICT,
                    "duplicate_lead",
                    "This lead has already been submitted for this partner.",
                ),
                429 => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    "Too many submissions right now. Please try again in a minute.",
                ),
                _ => (
                    StatusCode::BAD_GATEWAY,
                    "upstream_error",
                    "JourneyBee could not take the lead right now. Please try again.",
                ),
            },
            ProxyError::JourneyBeeUnreachable(_) | ProxyError::JourneyBeeUnreadable(_) => (
                StatusCode::BAD_GATEWAY,
                "upstream_unavailable",
                "We could not reach JourneyBee. Please try again in a moment.",
            ),
        }
    }
}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.public_parts();
        match &self {
            ProxyError::Invalid(_)
            | ProxyError::FormNotFound(_)
            | ProxyError::UnreadableSubmission(_) => {
                tracing::info!(code, error = %self, "request refused")
            }
            ProxyError::OriginNotAllowed { .. } | ProxyError::OriginMissing(_) => {
                tracing::warn!(code, error = %self, "origin refused")
            }
            _ => tracing::error!(code, error = %self, "request failed"),
        }
        let fields = match &self {
            ProxyError::Invalid(errors) => errors.errors.clone(),
            _ => Vec::new(),
        };
        let body = Refusal {
            error: RefusalDetail {
                code: code.to_owned(),
                message: message.to_owned(),
                fields,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let ProxyError::JourneyBee(ApiError { status: 429, .. }) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        response
    }
}
