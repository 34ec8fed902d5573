//! Requests over `--max-in-flight` are refused at once instead of queueing in memory.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::state::AppState;

/// Answers `503` with `Retry-After` at once when as many requests are being served as the
/// limits allow, rather than queueing them in memory.
pub async fn shed_load(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(_place) = state.admit_request() else {
        metrics::counter!("leadform_requests_shed_total").increment(1);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "1")],
        )
            .into_response();
    };
    next.run(request).await
}
