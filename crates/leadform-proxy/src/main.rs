//! `leadform-proxy --config forms.toml`: serves the embed, the forms and their submissions.
//! With no `JOURNEYBEE_API_KEY` it starts the built-in sandbox and sends leads there.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use leadform_proxy::journeybee::DEFAULT_API_URL;
use leadform_proxy::{
    ApiKey, AppState, JourneyBeeClient, ProxyConfig, ProxyError, Sandbox, WidgetBundle, app,
};
use tracing_subscriber::EnvFilter;

/// The leadform proxy. The API key is read from the environment only (JOURNEYBEE_API_KEY),
/// so it never appears in a command line.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The forms file (TOML).
    #[arg(long, env = "LEADFORM_CONFIG")]
    config: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "LEADFORM_LISTEN", default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// The widget bundle built by trunk.
    #[arg(long, env = "LEADFORM_BUNDLE_DIR", default_value = "dist")]
    bundle_dir: PathBuf,
    /// JourneyBee's API base URL, used when JOURNEYBEE_API_KEY is set.
    #[arg(long, env = "JOURNEYBEE_API_URL", default_value = DEFAULT_API_URL)]
    journeybee_url: String,
}

#[tokio::main]
async fn main() -> Result<(), ProxyError> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = Args::parse();
    let config = ProxyConfig::load(&args.config)?;
    let bundle = WidgetBundle::load(&args.bundle_dir)?;

    let journeybee = match std::env::var("JOURNEYBEE_API_KEY")
        .ok()
        .filter(|key| !key.is_empty())
    {
        Some(key) => {
            tracing::info!(url = %args.journeybee_url, "sending leads to JourneyBee");
            JourneyBeeClient::new(&args.journeybee_url, &ApiKey::new(key))?
        }
        None => {
            let sandbox = Sandbox::new(ApiKey::new(uuid::Uuid::new_v4().to_string()));
            tracing::warn!("JOURNEYBEE_API_KEY is not set: leads go to the built-in sandbox");
            sandbox.client_on_loopback().await?
        }
    };

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|error| {
            ProxyError::Config(format!("cannot listen on {}: {error}", args.listen))
        })?;
    tracing::info!(address = %args.listen, forms = config.forms.len(), "leadform proxy listening");
    axum::serve(listener, app(AppState::new(config, journeybee, bundle)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|error| ProxyError::Config(format!("server stopped: {error}")))
}
