//! For operators and orchestrators: `/healthz` (the process answers), `/readyz` (the outbox
//! takes writes, so submissions can be accepted) and `/metrics` (Prometheus text format).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http::state::AppState;

pub async fn healthz() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let outbox = state.delivery().outbox();
    match outbox.check_writable().await {
        Ok(()) => Json(json!({ "status": "ready", "store": outbox.kind() })).into_response(),
        Err(error) => {
            tracing::error!(%error, "not ready: the outbox takes no writes");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": { "code": "not_ready", "message": "The outbox takes no writes." } })),
            )
                .into_response()
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(state.delivery().outbox()).await,
    )
        .into_response()
}
