//! Refusals: [`RequestError`] answers one request with a short, stable body,
//! `{"error":{"code","message"}}`, worded in the request's language, while the detail goes to
//! the log (see `request_log`), never into the body. The framework's own refusals and the
//! answers made below the application get the same body.

use std::sync::Arc;

use axum::Json;
use axum::extract::Request;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leadform_core::{Refusal, RefusalCode, RefusalDetail, ValidationErrors};

use super::refusal_words;
use crate::outbox::StoreError;

/// Why one request was not served as asked.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("no form {0:?}")]
    FormNotFound(String),
    #[error("origin {origin:?} may not use form {form:?}")]
    OriginNotAllowed { form: String, origin: String },
    #[error("request for form {0:?} sent no Origin header")]
    OriginMissing(String),
    #[error("unreadable submission: {0}")]
    UnreadableSubmission(String),
    #[error("submission sent as {0:?}, not application/json")]
    NotJson(String),
    #[error("the body is over the limit")]
    BodyTooLarge,
    #[error("too many submissions; the next in {0:?}")]
    RateLimited(std::time::Duration),
    #[error("the body did not arrive in time")]
    BodyTimeout,
    #[error("submission refused: {0}")]
    Invalid(ValidationErrors),
    #[error("Idempotency-Key must be 1 to 255 of A-Z, a-z, 0-9, '_' and '-'")]
    InvalidIdempotencyKey,
    #[error("submission to form {0:?} sent without a fill token (Leadform-Token)")]
    TokenMissing(String),
    #[error("Idempotency-Key already used for a different submission to form {0:?}")]
    IdempotencyKeyReused(String),
    #[error("the outbox could not take the submission: {0}")]
    Store(#[from] StoreError),
    #[error("JourneyBee refused submission {submission} with {status}")]
    LeadRefused { submission: String, status: u16 },
    #[error("submission {0} was not delivered and will not be retried")]
    NotDelivered(String),
    #[error("a route that takes the guarded form is served without the origin guard")]
    Unguarded,
}

/// How loud a request error is in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Severity {
    /// Not the proxy's fault (the client's mistake, a refused origin, a lead JourneyBee
    /// refused, which the delivery log reports): a flood of them must not flood the log.
    Client,
    /// Ours to fix.
    Fault,
}

/// What the logging middleware needs from an error response.
#[derive(Debug, Clone)]
pub(super) struct ErrorReport {
    pub(super) code: RefusalCode,
    pub(super) severity: Severity,
    pub(super) detail: Arc<str>,
}

impl RequestError {
    /// Status and stable code; the words for the code are in every locale's table.
    fn public_parts(&self) -> (StatusCode, RefusalCode) {
        match self {
            RequestError::FormNotFound(_) => (StatusCode::NOT_FOUND, RefusalCode::FormNotFound),
            RequestError::OriginNotAllowed { .. } => {
                (StatusCode::FORBIDDEN, RefusalCode::OriginNotAllowed)
            }
            RequestError::OriginMissing(_) => (StatusCode::FORBIDDEN, RefusalCode::OriginRequired),
            RequestError::UnreadableSubmission(_) => {
                (StatusCode::BAD_REQUEST, RefusalCode::UnreadableSubmission)
            }
            RequestError::NotJson(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                RefusalCode::UnsupportedMediaType,
            ),
            RequestError::BodyTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, RefusalCode::BodyTooLarge)
            }
            RequestError::RateLimited(_) => {
                (StatusCode::TOO_MANY_REQUESTS, RefusalCode::RateLimited)
            }
            RequestError::BodyTimeout => (StatusCode::REQUEST_TIMEOUT, RefusalCode::RequestTimeout),
            RequestError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                RefusalCode::InvalidSubmission,
            ),
            RequestError::InvalidIdempotencyKey => {
                (StatusCode::BAD_REQUEST, RefusalCode::InvalidIdempotencyKey)
            }
            RequestError::TokenMissing(_) => (StatusCode::BAD_REQUEST, RefusalCode::TokenMissing),
            RequestError::IdempotencyKeyReused(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                RefusalCode::IdempotencyKeyReused,
            ),
            RequestError::Store(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                RefusalCode::StoreUnavailable,
            ),
            RequestError::LeadRefused { status: 409, .. } => {
                (StatusCode::CONFLICT, RefusalCode::DuplicateLead)
            }
            RequestError::LeadRefused { status: 406, .. } => {
                (StatusCode::BAD_GATEWAY, RefusalCode::FormMisconfigured)
            }
            RequestError::LeadRefused { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, RefusalCode::LeadRejected)
            }
            RequestError::NotDelivered(_) => (StatusCode::BAD_GATEWAY, RefusalCode::NotDelivered),
            RequestError::Unguarded => (StatusCode::INTERNAL_SERVER_ERROR, RefusalCode::Internal),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            RequestError::FormNotFound(_)
            | RequestError::UnreadableSubmission(_)
            | RequestError::NotJson(_)
            | RequestError::BodyTooLarge
            | RequestError::BodyTimeout
            | RequestError::RateLimited(_)
            | RequestError::Invalid(_)
            | RequestError::InvalidIdempotencyKey
            | RequestError::TokenMissing(_)
            | RequestError::IdempotencyKeyReused(_)
            | RequestError::OriginNotAllowed { .. }
            | RequestError::OriginMissing(_)
            | RequestError::LeadRefused { .. }
            | RequestError::NotDelivered(_) => Severity::Client,
            RequestError::Store(_) | RequestError::Unguarded => Severity::Fault,
        }
    }
}

impl From<BytesRejection> for RequestError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return RequestError::BodyTooLarge;
        }
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&rejection);
        while let Some(error) = cause {
            if error.is::<tower_http::timeout::TimeoutError>() {
                return RequestError::BodyTimeout;
            }
            cause = error.source();
        }
        RequestError::UnreadableSubmission(rejection.body_text())
    }
}

impl RequestError {
    /// The answer with its message in the first of `wanted` (comma-separated language tags)
    /// the widget speaks: for the loader, which shows it before any of the widget's words
    /// have arrived.
    pub fn into_response_in(self, wanted: &str) -> Response {
        let locale = leadform::locales::negotiate(wanted.split(','));
        self.respond(locale)
    }

    /// The status and the refusal body in the first of `wanted` languages the widget
    /// speaks, for an answer that carries several (the loader's batch of forms).
    pub fn refusal_in(&self, wanted: &str) -> (StatusCode, Refusal) {
        self.refusal(leadform::locales::negotiate(wanted.split(',')))
    }

    fn refusal(&self, locale: &str) -> (StatusCode, Refusal) {
        let (status, code) = self.public_parts();
        let fields = match self {
            RequestError::Invalid(errors) => errors.errors.clone(),
            _ => Vec::new(),
        };
        let body = Refusal {
            error: RefusalDetail {
                code,
                message: refusal_words::message(locale, code).to_owned(),
                fields,
            },
        };
        (status, body)
    }

    fn respond(self, locale: &str) -> Response {
        let (status, body) = self.refusal(locale);
        let code = body.error.code;
        let mut response = (status, Json(body)).into_response();
        let retry_after = match &self {
            RequestError::Store(_) => Some(5),
            // Whole seconds, rounded up: a client that waits that long gets through.
            RequestError::RateLimited(wait) => Some(wait.as_secs() + 1),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(ErrorReport {
            code,
            severity: self.severity(),
            detail: self.to_string().into(),
        });
        response
    }
}

impl IntoResponse for RequestError {
    fn into_response(self) -> Response {
        self.respond(refusal_words::ENGLISH)
    }
}

/// Every answer that is not a success speaks the API's language. The framework's own (an
/// unknown path, a wrong method, a body over the limit, a request that timed out or was
/// shed under load) get the same `{"error":{"code","message"}}` as the proxy's, with their
/// status and headers (`Allow`, `Retry-After`, CORS) kept.
pub async fn uniform_error_bodies(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let failed = status.is_client_error() || status.is_server_error();
    let already_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !failed || already_json || response.extensions().get::<ErrorReport>().is_some() {
        return response;
    }
    let (code, json) = framework_refusal_json(status);
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.extensions.insert(ErrorReport {
        code,
        severity: if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
            Severity::Fault
        } else {
            Severity::Client
        },
        detail: Arc::from(status.as_str()),
    });
    Response::from_parts(parts, axum::body::Body::from(json))
}

/// The stable code, and the refusal body in English, for a status the framework answered
/// with.
pub(crate) fn framework_refusal_json(status: StatusCode) -> (RefusalCode, Vec<u8>) {
    let code = framework_refusal(status);
    let body = Refusal {
        error: RefusalDetail {
            code,
            message: refusal_words::message(refusal_words::ENGLISH, code).to_owned(),
            fields: Vec::new(),
        },
    };
    (code, serde_json::to_vec(&body).unwrap_or_default())
}

/// A whole HTTP/1.1 answer, head and refusal body, for the answers made below the
/// application (a connection over the limits, a request hyper could not parse); the
/// connection is closed after it.
pub(crate) fn raw_refusal(status: StatusCode, headers: &[(&str, &str)]) -> Vec<u8> {
    let (_, body) = framework_refusal_json(status);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default(),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut answer = head.into_bytes();
    answer.extend_from_slice(&body);
    answer
}

/// The stable code for a status the framework answered with.
fn framework_refusal(status: StatusCode) -> RefusalCode {
    match status {
        StatusCode::NOT_FOUND => RefusalCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => RefusalCode::MethodNotAllowed,
        StatusCode::REQUEST_TIMEOUT => RefusalCode::RequestTimeout,
        StatusCode::PAYLOAD_TOO_LARGE => RefusalCode::BodyTooLarge,
        StatusCode::URI_TOO_LONG => RefusalCode::UriTooLong,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => RefusalCode::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => RefusalCode::RateLimited,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => RefusalCode::HeadersTooLarge,
        StatusCode::SERVICE_UNAVAILABLE => RefusalCode::Overloaded,
        status if status.is_server_error() => RefusalCode::Internal,
        _ => RefusalCode::BadRequest,
    }
}
