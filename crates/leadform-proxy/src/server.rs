//! Running the proxy: serve until told to stop, then stop in order. New connections are
//! refused first, requests in flight finish (their fast-path attempts included), the
//! worker's current attempts end, and the outbox commits what it holds. Nothing accepted is
//! lost at any point in between: it is in the outbox before the visitor hears about it.

use std::future::{Future, IntoFuture};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::routes::app;
use crate::state::AppState;

/// How long requests in flight get to finish once stopping has begun.
const GRACE: Duration = Duration::from_secs(30);

/// Serves `state` on `listener`, delivering in the background, until `stop` completes.
pub async fn serve(listener: TcpListener, state: AppState, stop: impl Future<Output = ()>) {
    let worker = state.delivery().start_worker();
    let stopping = CancellationToken::new();
    let server = axum::serve(listener, app(state))
        .with_graceful_shutdown(stopping.clone().cancelled_owned())
        .into_future();
    let mut serving = tokio::spawn(server);
    tokio::select! {
        () = stop => {}
        finished = &mut serving => {
            tracing::error!(?finished, "the server stopped by itself");
        }
    }
    stopping.cancel();
    tracing::info!("stopping: no new connections; letting requests in flight finish");
    if !serving.is_finished() && tokio::time::timeout(GRACE, &mut serving).await.is_err() {
        tracing::warn!("requests still open after {GRACE:?}; closing them");
        serving.abort();
    }
    worker.stop().await;
    tracing::info!("stopped");
}

/// Completes on SIGTERM or Ctrl-C (SIGINT).
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
