//! The request log.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use super::refusal::{ErrorReport, Severity};

/// One line per request: at INFO what was asked and answered (method, path, status, time,
/// the refusal's code), never the query, a body or a header; refusals of the client's own
/// making at DEBUG, with their detail, so a flood of bad requests cannot flood the log; the
/// proxy's own faults at ERROR. Details may name fields, never values or the key.
pub async fn log_requests(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let latency_ms = started.elapsed().as_millis() as u64;
    let report = response.extensions().get::<ErrorReport>();
    let code = report.map(|report| report.code.as_str());
    let detail = report.map(|report| &*report.detail);
    let spam = response
        .extensions()
        .get::<crate::abuse::spam::SpamCaught>()
        .map(|caught| caught.0);
    match report.map(|report| report.severity) {
        Some(Severity::Fault) => {
            tracing::error!(%method, path, status, latency_ms, code, detail, "request failed")
        }
        _ if response.status().is_client_error() => {
            tracing::debug!(%method, path, status, latency_ms, code, detail, "request refused")
        }
        _ => tracing::info!(%method, path, status, latency_ms, code, spam, "request"),
    }
    response
}
