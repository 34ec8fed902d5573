//! The proxy's HTTP surface: the router and its layers in order, the shared state, the
//! refusal bodies and the request log, the origin guard that finds each form once, and the
//! routes.

pub mod idempotency;
mod load_shedding;
pub mod origin_guard;
pub mod refusal;
mod refusal_words;
pub mod request_log;
mod routes;
pub mod state;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

use self::origin_guard::require_allowed_origin;
use self::refusal::uniform_error_bodies;
use self::request_log::log_requests;
use self::routes::{assets, definition, health, submission, token, views};
use self::state::AppState;
use crate::abuse::fill_token;

/// Largest submission body accepted; a full form is a few KB.
const MAX_SUBMISSION_BYTES: usize = 64 * 1024;
/// Chromium caps preflight caching at two hours.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(7200);

/// The whole proxy as a router, so tests can drive it with `oneshot`.
pub fn app(state: AppState) -> Router {
    let limits = state.limits();
    // A refused origin may read the refusal, so the form can say why it is not shown.
    let definition = Router::new()
        .route("/v1/forms/{form_id}", get(definition::get_definition))
        .route("/v1/forms/{form_id}/embed", get(definition::get_embed))
        .route("/v1/forms/{form_id}/token", get(token::get_token))
        .route_layer(from_fn_with_state(state.clone(), require_allowed_origin))
        // Guards each form it names itself.
        .route("/v1/embed", get(definition::get_embed_batch))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET]),
        )
        // On the loader's critical path, and HTML compresses to a fifth.
        .layer(CompressionLayer::new());

    // Preflights from other origins are refused before CORS headers are ever written.
    let submissions = Router::new()
        .route("/v1/forms/{form_id}/submissions", post(submission::submit))
        .layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::mirror_request())
                .allow_methods([Method::POST])
                .allow_headers([
                    header::CONTENT_TYPE,
                    HeaderName::from_static(idempotency::HEADER),
                    HeaderName::from_static(fill_token::HEADER),
                ])
                .max_age(PREFLIGHT_MAX_AGE),
        )
        .route_layer(from_fn_with_state(state.clone(), require_allowed_origin))
        .layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES));

    // Beacons are plain-text POSTs (no preflight); the answer is never read.
    let views = Router::new()
        .route("/v1/forms/{form_id}/views", post(views::post_view))
        .route_layer(from_fn_with_state(state.clone(), require_allowed_origin))
        .layer(DefaultBodyLimit::max(views::MAX_VIEW_BYTES));

    let operations = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics));

    Router::new()
        .merge(definition)
        .merge(submissions)
        .merge(views)
        .merge(operations)
        .merge(assets::routes())
        .layer(RequestBodyTimeoutLayer::new(limits.body_read_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(from_fn_with_state(state.clone(), load_shedding::shed_load))
        .layer(from_fn(uniform_error_bodies))
        .layer(from_fn(log_requests))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
