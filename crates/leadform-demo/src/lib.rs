//! The demo, and the end-to-end tests' fixture: a partner page on one origin embeds the form
//! from the proxy on another, with the sandbox standing in for JourneyBee and the outbox in
//! a temporary data directory.

use std::path::Path;

use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use leadform_proxy::config::form_template::{NewForm, form_section};
use leadform_proxy::delivery::conversion::{Period, figures, table};
use leadform_proxy::journeybee::sandbox::Catalogue;
use leadform_proxy::outbox::{ListFilter, Millis, Outbox, hour_of, now_millis};
use leadform_proxy::sandboxed::SandboxedProxy;
use leadform_proxy::{ApiKey, ProxyConfig, Sandbox, StartupError, server};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The partner page, with `{{PROXY}}` where the proxy's URL goes.
pub const PARTNER_PAGE: &str = include_str!("../partner.html");
/// The demo's forms file.
pub const FORMS_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/forms.toml");

/// A running demo proxy.
pub struct Demo {
    /// The proxy's URL (origin B).
    pub proxy_url: String,
    /// The sandbox the proxy sends leads to.
    pub sandbox: Sandbox,
    /// The proxy's outbox.
    pub outbox: Outbox,
    stop: oneshot::Sender<()>,
    serving: JoinHandle<()>,
    _data_dir: tempfile::TempDir,
}

impl Demo {
    /// Stops the proxy the way SIGTERM does, and removes its data directory.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.serving.await;
    }
}

/// The partner page as served, embedding the form from `proxy_url`.
pub fn partner_page(proxy_url: &str) -> String {
    PARTNER_PAGE.replace("{{PROXY}}", proxy_url)
}

/// The demo's forms, served only to pages on `allowed_origin`: the end-to-end tests' and
/// the widget benchmark's proxy, on `proxy`.
pub async fn start_demo_form_proxy(
    allowed_origin: &str,
    bundle_dir: &Path,
    proxy: TcpListener,
    api_key: &ApiKey,
) -> Result<Demo, StartupError> {
    let mut config = ProxyConfig::load(FORMS_FILE.as_ref())?;
    let origin = leadform_core::AllowedOrigin::parse(allowed_origin)
        .map_err(|error| StartupError::Config(format!("{allowed_origin}: {error}")))?;
    for form in &mut config.forms {
        form.trusted.allowed_origins = vec![origin.clone()];
    }
    start_proxy(config, bundle_dir, proxy, api_key).await
}

/// Starts the sandbox (accepting `api_key`) and the proxy on `proxy` (sending with
/// `api_key`), its outbox in a new temporary directory.
pub async fn start_proxy(
    config: ProxyConfig,
    bundle_dir: &Path,
    proxy: TcpListener,
    api_key: &ApiKey,
) -> Result<Demo, StartupError> {
    let SandboxedProxy {
        state,
        sandbox,
        outbox,
        data_dir,
    } = SandboxedProxy::new(config, Some(bundle_dir), api_key, "leadform-demo-").await?;
    let proxy_url = format!(
        "http://{}",
        proxy
            .local_addr()
            .map_err(|error| StartupError::Config(error.to_string()))?
    );
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = tokio::spawn(server::serve(proxy, state, async {
        let _ = stopped.await;
    }));
    Ok(Demo {
        proxy_url,
        sandbox,
        outbox,
        stop,
        serving,
        _data_dir: data_dir,
    })
}

/// The partner page with the demo's form in three steps (`demo-qualified`) in place of the
/// referral form.
pub fn qualified_page(proxy_url: &str) -> String {
    partner_page(proxy_url).replace(
        "embed.js?form=demo-referral",
        "embed.js?form=demo-qualified",
    )
}

/// Serves the partner page on `partner` (the form in steps on `/qualified`), plus
/// `/demo-state` for its panel.
pub fn serve_partner_page(partner: TcpListener, demo: &Demo) {
    let page = partner_page(&demo.proxy_url);
    let qualified = qualified_page(&demo.proxy_url);
    let router = Router::new()
        .route("/", get(move || async move { Html(page) }))
        .route("/qualified", get(move || async move { Html(qualified) }))
        .route("/demo-state", get(demo_state))
        .route("/demo-commands", get(demo_commands))
        .with_state((demo.outbox.clone(), demo.sandbox.clone()));
    tokio::spawn(async move {
        if let Err(error) = axum::serve(partner, router).await {
            tracing::error!(%error, "partner page stopped");
        }
    });
}

/// Each submission, newest first: where its delivery stands, beside the lead as the
/// sandbox stored it once delivered.
async fn demo_state(
    State((outbox, sandbox)): State<(Outbox, Sandbox)>,
) -> Json<Vec<serde_json::Value>> {
    let filter = ListFilter {
        test_only: false,
        limit: 20,
        ..ListFilter::default()
    };
    let records = outbox.list(&filter).await.unwrap_or_default();
    let leads = sandbox.leads();
    Json(
        records
            .iter()
            .map(|record| {
                let stored = record.lead.as_ref().and_then(|lead| {
                    leads
                        .iter()
                        .find(|stored| stored.id == lead.id)
                        .and_then(|stored| serde_json::to_value(&stored.request).ok())
                });
                json!({
                    "submission": record.id,
                    "state": record.state.as_str(),
                    "attempts": record.attempts,
                    "lead_id": record.lead.as_ref().map(|lead| lead.id),
                    "stored_by_sandbox": stored,
                })
            })
            .collect(),
    )
}

/// The operator's three commands with their output, for the demo page: `forms new` for the
/// sandbox's referral partnership (what the command prints against `--sandbox`), `preview`,
/// and `stats` on this demo's own outbox, so its figures move as the form is used.
async fn demo_commands(State((outbox, _)): State<(Outbox, Sandbox)>) -> Json<serde_json::Value> {
    let catalogue = Catalogue::default();
    let forms_new = catalogue
        .partnerships
        .iter()
        .find(|partnership| partnership.listing.partnership.id == 456)
        .map(|partnership| {
            let fields: Vec<_> = catalogue
                .fields_of(partnership.listing.partnership.partner_type.as_deref())
                .into_iter()
                .cloned()
                .collect();
            form_section(&NewForm {
                id: None,
                partnership: &partnership.listing,
                users: &partnership.users,
                fields: &fields,
                tags: &catalogue.tags,
                directions: &[],
                origins: &[],
                locales: &["de".to_owned()],
            })
            .unwrap_or_else(|error| error)
        })
        .unwrap_or_default();
    let week: Millis = 7 * 24 * 3_600_000;
    let since = hour_of(now_millis().saturating_sub(week));
    let stats = match outbox.counts(None, since).await {
        Ok(counts) => table(&figures(&counts, Period::Total), since),
        Err(error) => error.to_string(),
    };
    Json(json!({
        "forms_new": format!("$ leadform-proxy forms new --sandbox --partnership 456 --locale de\n{forms_new}"),
        "preview": "$ leadform-proxy preview --config forms.toml\nleadform preview of forms.toml: http://127.0.0.1:8790 (the proxy on http://127.0.0.1:…, leads to the built-in sandbox; Ctrl-C stops it)\n\n(every form of the file in each of its languages, light and dark, each submission's Create Lead body beside it; the page follows edits of the file)",
        "stats": format!("$ leadform-proxy stats\n{stats}"),
    }))
}
