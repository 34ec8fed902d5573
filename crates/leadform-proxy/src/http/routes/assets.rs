//! The embed loader and the widget bundle.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::http::state::AppState;

/// `/embed.js` is short-lived so a new bundle reaches pages quickly; the bundle's file names
/// carry a content hash, so they are cached for a year. Module scripts and wasm are fetched
/// with CORS from the partner's origin, hence `Access-Control-Allow-Origin: *`; and the
/// partner's own performance tools may see their sizes and timings (`Timing-Allow-Origin`).
pub fn routes(state: &AppState) -> Router<AppState> {
    let bundle = ServeDir::new(state.bundle().dir())
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        // The loader carries the stylesheet and sits on the critical path: compressed.
        .route("/embed.js", get(embed_js).layer(CompressionLayer::new()))
        .nest_service(
            "/bundle",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::HeaderName::from_static("timing-allow-origin"),
                    HeaderValue::from_static("*"),
                ))
                .service(bundle),
        )
}

async fn embed_js(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::HeaderName::from_static("timing-allow-origin"), "*"),
        ],
        state.bundle().embed_js().to_owned(),
    )
}
