//! `cargo xtask demo` runs this: the partner page on http://127.0.0.1:8788 (origin A)
//! embeds the form served by the proxy on http://127.0.0.1:8787 (origin B); leads go to the
//! built-in sandbox and are printed here as it stored them, with their delivery state.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use leadform_demo::{FORMS_FILE, serve_partner_page, start_proxy};
use leadform_proxy::outbox::{DeliveryState, ListFilter};
use leadform_proxy::{ApiKey, ProxyConfig, StartupError};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// The leadform demo.
#[derive(Parser)]
struct Args {
    /// The widget bundle built by trunk.
    #[arg(long, default_value = "dist")]
    bundle_dir: PathBuf,
    /// The forms file.
    #[arg(long, default_value = FORMS_FILE)]
    config: PathBuf,
    /// Where the proxy listens (origin B).
    #[arg(long, default_value = "127.0.0.1:8787")]
    proxy: SocketAddr,
    /// Where the partner page is served (origin A).
    #[arg(long, default_value = "127.0.0.1:8788")]
    partner: SocketAddr,
}

async fn listen(addr: SocketAddr) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr).await.map_err(|error| {
        StartupError::Config(format!(
            "cannot listen on {addr}: {error} (is another demo running?)"
        ))
    })
}

#[tokio::main]
async fn main() -> Result<(), StartupError> {
    // Problems only: the leads themselves are printed below.
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()))
        .init();
    let args = Args::parse();
    let config = ProxyConfig::load(&args.config)?;
    let demo = start_proxy(
        config,
        &args.bundle_dir,
        listen(args.proxy).await?,
        &ApiKey::new(sandbox_key()),
    )
    .await?;
    serve_partner_page(listen(args.partner).await?, &demo);

    println!("\n  leadform demo");
    println!(
        "  Open http://{}/ : a partner page (origin A) with the embedded form.",
        args.partner
    );
    println!(
        "  The form is served by the proxy at {} (origin B);",
        demo.proxy_url
    );
    println!(
        "  leads go to the built-in JourneyBee sandbox and are printed below. Ctrl-C stops.\n"
    );

    let mut shown: HashMap<String, DeliveryState> = HashMap::new();
    let recent = ListFilter {
        test_only: false,
        limit: 50,
        ..ListFilter::default()
    };
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                demo.stop().await;
                return Ok(());
            }
            _ = tokio::time::sleep(Duration::from_millis(500)) => {
                let records = demo.outbox.list(&recent).await.unwrap_or_default();
                let leads = demo.sandbox.leads();
                for record in records.iter().rev() {
                    if shown.get(&record.id) == Some(&record.state) {
                        continue;
                    }
                    shown.insert(record.id.clone(), record.state);
                    println!("  submission {}: {}", record.id, record.state);
                    let stored = record
                        .lead
                        .as_ref()
                        .and_then(|lead| leads.iter().find(|stored| stored.id == lead.id));
                    if let Some(lead) = stored {
                        let json = serde_json::to_string_pretty(&lead.request).unwrap_or_default();
                        println!("  sandbox stored lead #{} ({}):\n{json}\n", lead.id, lead.uuid);
                    }
                }
            }
        }
    }
}

/// The sandbox accepts only this run's key, as JourneyBee accepts only real ones.
fn sandbox_key() -> String {
    format!(
        "sandbox-{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    )
}
