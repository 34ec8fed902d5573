//! The embed loader and the widget bundle.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::http::origin_guard::guard;
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

/// `/embed.js?form=ID` (optionally `&locale=de`): the snippet that names its form.
#[derive(Deserialize)]
pub struct LoaderQuery {
    #[serde(default)]
    form: String,
    #[serde(default)]
    locale: String,
}

/// The loader; with `?form=`, carrying that form's answer (definition, HTML, words) in the
/// language `&locale=` or else `Accept-Language` picks, so the form is shown without another
/// request. Only for a page the form allows, known by the `Referer` a script request carries
/// (its origin, under browsers' default policy): a test origin, another one or none get the
/// plain loader, which asks `/embed` with an `Origin` as before.
async fn embed_js(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LoaderQuery>,
) -> Response {
    let bundle = state.bundle();
    let (max_age, vary, body) = if query.form.is_empty() {
        ("public, max-age=300", None, bundle.embed_js().to_owned())
    } else {
        let carried = referer_origin(&headers)
            .and_then(|origin| guard(&state, &query.form, Some(&origin), true).ok())
            .filter(|guarded| !guarded.test)
            .map(|guarded| {
                let wanted = if query.locale.is_empty() {
                    accept_language(&headers)
                } else {
                    query.locale
                };
                bundle.embed_js_with(&guarded.form.carried(&wanted))
            });
        // As short as the form's own answer: an edit of the forms file shows in a minute.
        (
            "public, max-age=60",
            Some(INLINE_VARY),
            carried.unwrap_or_else(|| bundle.embed_js().to_owned()),
        )
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, max_age),
            (header::HeaderName::from_static("timing-allow-origin"), "*"),
        ],
        body,
    )
        .into_response();
    if let Some(vary) = vary {
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static(vary));
    }
    response
}

/// What a loader carrying a form's answer depends on besides its URL.
const INLINE_VARY: &str = "Accept-Language, Referer";

/// The origin of the page that asked, from its `Referer` (`https://host[:port]`).
fn referer_origin(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let uri: Uri = referer.parse().ok()?;
    Some(format!(
        "{}://{}",
        uri.scheme_str()?,
        uri.authority()?.as_str()
    ))
}

/// `Accept-Language` as the comma-separated tags `/embed?locale=` takes, most wanted first
/// (browsers send them in that order; the weights are dropped).
fn accept_language(headers: &HeaderMap) -> String {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .split(',')
        .filter_map(|tag| tag.split(';').next())
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}
