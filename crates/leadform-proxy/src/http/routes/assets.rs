//! The embed loader and the widget bundle.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::bundle::BundleFile;
use crate::http::origin_guard::guard;
use crate::http::state::AppState;

/// `/embed.js` is short-lived so a new bundle reaches pages quickly; the bundle's file names
/// carry a content hash, so they are cached for a year. Module scripts and wasm are fetched
/// with CORS from the partner's origin, hence `Access-Control-Allow-Origin: *`; and the
/// partner's own performance tools may see their sizes and timings (`Timing-Allow-Origin`).
pub fn routes() -> Router<AppState> {
    Router::new()
        // The loader carries the stylesheet and sits on the critical path: compressed.
        .route("/embed.js", get(embed_js).layer(CompressionLayer::new()))
        .route(
            "/bundle/{file}",
            get(bundle_file).layer(
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
                    )),
            ),
        )
}

/// One file of the widget, in the smallest encoding the browser takes (brotli and gzip are
/// compressed once, by the build, at their highest levels).
async fn bundle_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(found) = state.bundle().file(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (encoding, bytes) = smallest_taken(found, &headers);
    let mut response = Response::new(Body::from(Bytes::from_owner(bytes)));
    let sent = response.headers_mut();
    sent.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(found.content_type),
    );
    sent.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        sent.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// The encoding to send `file` in: brotli, then gzip, as far as `Accept-Encoding` takes them
/// (a `q=0` refuses one), else the file as it is.
fn smallest_taken(
    file: &BundleFile,
    headers: &HeaderMap,
) -> (Option<&'static str>, std::sync::Arc<[u8]>) {
    let accepted = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim().to_ascii_lowercase();
            let refused = parts.any(|parameter| {
                parameter
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(name)
        })
        .collect::<Vec<_>>();
    let takes = |name: &str| accepted.iter().any(|taken| taken == name);
    match (&file.brotli, &file.gzip) {
        (Some(brotli), _) if takes("br") => (Some("br"), brotli.clone()),
        (_, Some(gzip)) if takes("gzip") => (Some("gzip"), gzip.clone()),
        _ => (None, file.identity.clone()),
    }
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
