//! The app's server: each page rendered with the forms' first paint in it, under a strict
//! Content-Security-Policy whose nonce Leptos puts on its own scripts and `LeadForm` on the
//! forms' styles.

use std::path::PathBuf;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos::hydration::HydrationScripts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use tower_http::services::ServeDir;

use crate::app::{App, ProxyAddress};

/// What wasm-bindgen names the browser's half (`--out-name`), under `/pkg`.
pub const OUTPUT_NAME: &str = "leadform_example_ssr";

/// The app's own global CSS: the CSR example's, as heavy-handed.
const APP_CSS: &str = include_str!("../../leptos-app/style/app.css");

/// The app for the proxy at `proxy`, its browser half served from `pkg` (wasm-bindgen's
/// output). `/csp-report` is the app's to add: the tests collect reports there.
pub fn router(proxy: String, pkg: PathBuf) -> Router {
    // Resources run their futures on tokio (leptos_axum's `leptos_routes` does this for apps
    // with a router); a second call finds it done.
    let _ = any_spawner::Executor::init_tokio();
    let options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_pkg_dir("pkg")
        .build();
    let page = leptos_axum::render_app_to_stream_with_context(
        {
            let proxy = proxy.clone();
            move || provide_context(ProxyAddress(proxy.clone()))
        },
        move || shell(options.clone()),
    );
    Router::new()
        .route("/", get(page))
        .route(
            "/app.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], APP_CSS) }),
        )
        .nest_service("/pkg", ServeDir::new(pkg))
}

/// The whole document: the proxy's address for the browser, the app's stylesheet, the
/// hydration script under the response's nonce, and the CSP that allows exactly these.
fn shell(options: LeptosOptions) -> impl IntoView {
    let ProxyAddress(proxy) = expect_context::<ProxyAddress>();
    let nonce = leptos::nonce::use_nonce()
        .map(|nonce| nonce.to_string())
        .unwrap_or_default();
    let policy = format!(
        "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         connect-src 'self' {proxy}; style-src 'self' 'nonce-{nonce}'; img-src 'self'; \
         report-uri /csp-report"
    );
    if let (Some(response), Ok(policy)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&policy),
    ) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="leadform-proxy" content=proxy/>
                <title>"Acme partner portal"</title>
                <link rel="stylesheet" href="/app.css"/>
                <HydrationScripts options/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}
