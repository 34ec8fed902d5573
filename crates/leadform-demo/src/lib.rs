//! The demo, and the end-to-end tests' fixture: a partner page on one origin embeds the form
//! from the proxy on another, with the sandbox standing in for JourneyBee.

use std::path::Path;

use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use leadform_proxy::{ApiKey, AppState, ProxyConfig, ProxyError, Sandbox, WidgetBundle, app};
use tokio::net::TcpListener;

/// The partner page, with `{{PROXY}}` where the proxy's URL goes.
pub const PARTNER_PAGE: &str = include_str!("../partner.html");
/// The demo's forms file.
pub const FORMS_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/forms.toml");

/// A running demo.
pub struct Demo {
    /// The proxy's URL (origin B).
    pub proxy_url: String,
    /// The sandbox the proxy sends leads to.
    pub sandbox: Sandbox,
}

/// The partner page as served, embedding the form from `proxy_url`.
pub fn partner_page(proxy_url: &str) -> String {
    PARTNER_PAGE.replace("{{PROXY}}", proxy_url)
}

/// Starts the sandbox (accepting `api_key`) and the proxy on `proxy` (sending with `api_key`).
pub async fn start_proxy(
    config: ProxyConfig,
    bundle_dir: &Path,
    proxy: TcpListener,
    api_key: &ApiKey,
) -> Result<Demo, ProxyError> {
    let sandbox = Sandbox::new(api_key.clone());
    let journeybee = sandbox.client_on_loopback().await?;
    let state = AppState::new(config, journeybee, WidgetBundle::load(bundle_dir)?);
    let proxy_url = format!(
        "http://{}",
        proxy
            .local_addr()
            .map_err(|error| ProxyError::Config(error.to_string()))?
    );
    tokio::spawn(async move {
        if let Err(error) = axum::serve(proxy, app(state)).await {
            tracing::error!(%error, "proxy stopped");
        }
    });
    Ok(Demo { proxy_url, sandbox })
}

/// Serves the partner page on `partner`, plus `/sandbox-leads` for its demo panel.
pub fn serve_partner_page(partner: TcpListener, demo: &Demo) {
    let page = partner_page(&demo.proxy_url);
    let router = Router::new()
        .route("/", get(move || async move { Html(page) }))
        .route("/sandbox-leads", get(sandbox_leads))
        .with_state(demo.sandbox.clone());
    tokio::spawn(async move {
        if let Err(error) = axum::serve(partner, router).await {
            tracing::error!(%error, "partner page stopped");
        }
    });
}

async fn sandbox_leads(State(sandbox): State<Sandbox>) -> Json<Vec<serde_json::Value>> {
    Json(
        sandbox
            .leads()
            .iter()
            .map(|lead| serde_json::to_value(&lead.request).unwrap_or_default())
            .collect(),
    )
}
