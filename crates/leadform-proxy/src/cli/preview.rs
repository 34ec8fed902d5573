//! `leadform-proxy preview --config forms.toml`: see `leadform_proxy::preview`.

use std::net::SocketAddr;

use leadform_proxy::{StartupError, preview};
use tokio::net::TcpListener;

use super::args::PreviewArgs;

pub async fn run(args: PreviewArgs) -> Result<bool, StartupError> {
    let bind = |address: SocketAddr| async move {
        TcpListener::bind(address)
            .await
            .map_err(|error| StartupError::Listen {
                address: address.to_string(),
                error,
            })
    };
    let page = bind(args.listen).await?;
    let proxy = bind(SocketAddr::new(args.listen.ip(), 0)).await?;
    let (stopped, stop) = tokio::sync::oneshot::channel::<()>();
    let running = preview::start(
        &args.config,
        args.bundle_dir.as_deref(),
        page,
        proxy,
        async {
            let _ = stop.await;
        },
    )
    .await?;
    println!(
        "leadform preview of {}: {} (the proxy on {}, leads to the built-in sandbox; Ctrl-C stops it)",
        args.config.display(),
        running.page_url,
        running.proxy_url
    );
    leadform_proxy::server::shutdown_signal().await;
    let _ = stopped.send(());
    Ok(true)
}
