//! `leadform-proxy preview`: one's own forms file on a local page before it goes live. The
//! proxy runs against the built-in sandbox (no key). The page, on an origin of its own that
//! every form takes as a test origin (so each shows its "Test" badge), shows every form in
//! each of its languages, light and dark, rendered by the real loader; a submission's Create
//! Lead body appears beside its form. The page follows edits of the file: it reloads when the
//! file changes, and shows the error instead of the forms while the file is broken (the
//! proxy keeps serving the last good version meanwhile).

mod page;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use leadform_core::AllowedOrigin;
use tokio::net::TcpListener;

use crate::config::ProxyConfig;
use crate::error::StartupError;
use crate::http::state::AppState;
use crate::journeybee::ApiKey;
use crate::outbox::Outbox;
use crate::sandboxed::SandboxedProxy;

/// How often the forms file is looked at.
const WATCH_EVERY: Duration = Duration::from_millis(300);

/// What the page shows: the file's forms, or why it cannot be read; `version` changes with
/// every edit of the file, and the page reloads when it does.
#[derive(Debug, Clone, Default)]
struct Showing {
    version: u64,
    file: String,
    /// Each form's id and languages (the widget's first, then the file's translations).
    forms: Vec<(String, Vec<String>)>,
    error: Option<String>,
}

#[derive(Clone)]
struct Preview {
    showing: Arc<RwLock<Showing>>,
    outbox: Outbox,
    proxy_url: String,
}

/// A running preview.
pub struct Running {
    /// The page's address.
    pub page_url: String,
    /// The proxy's address.
    pub proxy_url: String,
    _data_dir: tempfile::TempDir,
}

/// Starts the preview of the forms file at `config`: the page on `page`, the proxy on
/// `proxy`, both until `stop` completes (spawned; the returned value keeps the outbox's
/// temporary directory).
pub async fn start(
    config: &Path,
    bundle_dir: Option<&Path>,
    page: TcpListener,
    proxy: TcpListener,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<Running, StartupError> {
    let address = |listener: &TcpListener| {
        listener
            .local_addr()
            .map(|address| format!("http://{address}"))
            .map_err(|error| StartupError::Config(error.to_string()))
    };
    let (page_url, proxy_url) = (address(&page)?, address(&proxy)?);
    let origin = AllowedOrigin::parse(&page_url).map_err(StartupError::Config)?;
    let mut showing = Showing {
        file: config.display().to_string(),
        ..Showing::default()
    };
    let first = load(config, &origin);
    let served = match &first {
        Ok(loaded) => loaded.clone(),
        Err(_) => ProxyConfig { forms: Vec::new() },
    };
    showing.apply(first);
    let SandboxedProxy {
        state,
        outbox,
        data_dir,
        ..
    } = SandboxedProxy::new(
        served,
        bundle_dir,
        &ApiKey::new(uuid::Uuid::new_v4().to_string()),
        "leadform-preview-",
    )
    .await?;
    let preview = Preview {
        showing: Arc::new(RwLock::new(showing)),
        outbox,
        proxy_url: proxy_url.clone(),
    };
    tokio::spawn(watch(
        config.to_owned(),
        origin,
        state.clone(),
        preview.showing.clone(),
    ));
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let router = Router::new()
        .route("/", get(show))
        .route("/preview/version", get(version))
        .route("/preview/submissions/{id}", get(submission))
        .with_state(preview);
    let mut page_stopped = stopped.clone();
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = page_stopped.wait_for(|stop| *stop).await;
        };
        if let Err(error) = axum::serve(page, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(%error, "the preview page stopped");
        }
    });
    let mut proxy_stopped = stopped;
    tokio::spawn(crate::server::serve(proxy, state, async move {
        let _ = proxy_stopped.wait_for(|stop| *stop).await;
    }));
    tokio::spawn(async move {
        stop.await;
        let _ = stopping.send(true);
    });
    Ok(Running {
        page_url,
        proxy_url,
        _data_dir: data_dir,
    })
}

/// The forms file, each form also taking the preview page's origin as a test origin.
fn load(path: &Path, origin: &AllowedOrigin) -> Result<ProxyConfig, String> {
    let mut config = ProxyConfig::load(path).map_err(|error| error.to_string())?;
    for form in &mut config.forms {
        if !form.trusted.allows_origin(origin.as_str()) {
            form.trusted.test_origins.push(origin.clone());
        }
    }
    Ok(config)
}

impl Showing {
    fn apply(&mut self, loaded: Result<ProxyConfig, String>) {
        self.version += 1;
        match loaded {
            Ok(config) => {
                self.forms = config
                    .forms
                    .iter()
                    .map(|form| {
                        let mut locales = vec![leadform::locales::LOCALES[0].0.to_owned()];
                        locales.extend(form.locales.keys().cloned());
                        (form.definition.id.clone(), locales)
                    })
                    .collect();
                self.error = None;
            }
            Err(error) => self.error = Some(error),
        }
    }
}

/// Looks at the file every [`WATCH_EVERY`]; on a change, serves the new version if it
/// loads, and tells the page either way.
async fn watch(
    path: PathBuf,
    origin: AllowedOrigin,
    state: AppState,
    showing: Arc<RwLock<Showing>>,
) {
    let stamp = |path: &Path| -> Option<(SystemTime, u64, Vec<u8>)> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.modified().ok()?, meta.len(), std::fs::read(path).ok()?))
    };
    let mut seen = stamp(&path);
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        let now = stamp(&path);
        if now == seen {
            continue;
        }
        seen = now;
        let loaded = load(&path, &origin);
        match &loaded {
            Ok(config) => {
                let forms = state.reload(config.clone());
                tracing::info!(forms, "preview: the forms file changed");
            }
            Err(error) => tracing::warn!(%error, "preview: the forms file is broken"),
        }
        if let Ok(mut showing) = showing.write() {
            showing.apply(loaded);
        }
    }
}

async fn show(State(preview): State<Preview>) -> Response {
    let showing = match preview.showing.read() {
        Ok(showing) => showing.clone(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    (
        [(header::CACHE_CONTROL, "no-store")],
        Html(page::render(&showing, &preview.proxy_url)),
    )
        .into_response()
}

async fn version(State(preview): State<Preview>) -> Response {
    let version = preview
        .showing
        .read()
        .map(|showing| showing.version)
        .unwrap_or_default();
    ([(header::CACHE_CONTROL, "no-store")], version.to_string()).into_response()
}

/// The Create Lead body stored for a submission.
async fn submission(State(preview): State<Preview>, UrlPath(id): UrlPath<String>) -> Response {
    match preview.outbox.get(&id).await {
        Ok(Some(record)) => {
            ([(header::CONTENT_TYPE, "application/json")], record.request).into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::warn!(%error, "preview: cannot read a submission");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
