//! Running the proxy: serve until told to stop, then stop in order. New connections are
//! refused first, requests in flight finish (their fast-path attempts included), the
//! worker's current attempts end, and the outbox commits what it holds. Nothing accepted is
//! lost at any point in between: it is in the outbox before the visitor hears about it.

pub mod limits;
pub mod unparsed_requests;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tower::ServiceExt;

use self::limits::{ConnectionSlots, overloaded_response};
use self::unparsed_requests::JsonRefusals;
use crate::http::app;
use crate::http::state::AppState;

/// The most a request's head may take, and so what one connection's read buffer holds.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// How long requests in flight get to finish once stopping has begun.
const GRACE: Duration = Duration::from_secs(30);

/// Serves `state` on `listener`, delivering in the background, until `stop` completes.
/// A connection over its address's limit, or arriving when every place is busy, is told
/// `503` and closed at once; when every place is taken but some wait for a request, the
/// one to give up is closed instead (see [`ConnectionSlots`]); a connection that does not
/// send its headers in time is closed.
pub async fn serve(listener: TcpListener, state: AppState, stop: impl Future<Output = ()>) {
    let worker = state.delivery().start_worker();
    let limits = state.limits();
    let slots = ConnectionSlots::new(&limits);
    let router = app(state);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // Headers over this are refused (431): a connection holds at most this much.
        .max_buf_size(MAX_HEADER_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.header_read_timeout);
    let overloaded: std::sync::Arc<[u8]> = overloaded_response().into();
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (mut stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, most likely: give connections time to close.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(slot) = slots.admit(peer.ip()) else {
            metrics::counter!("leadform_connections_refused_total").increment(1);
            let overloaded = overloaded.clone();
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(&overloaded))
                    .await;
            });
            continue;
        };
        let slot = Arc::new(slot);
        let (router, on_this) = (router.clone(), slot.clone());
        let service = tower::service_fn(move |mut request: Request<Incoming>| {
            let (router, busy) = (router.clone(), on_this.busy());
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(peer));
            async move {
                let response = router.oneshot(request).await;
                drop(busy);
                response
            }
        });
        let connection = builder.serve_connection_with_upgrades(
            TokioIo::new(JsonRefusals::new(stream)),
            TowerToHyperService::new(service),
        );
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            // Closed at once when its place went to a newer connection: it was waiting
            // for a request, so nothing is cut short.
            tokio::select! {
                _ = connection => {}
                () = slot.evicted() => {}
            }
        });
    }
    drop(listener);
    tracing::info!("stopping: no new connections; letting requests in flight finish");
    if tokio::time::timeout(GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still open after {GRACE:?}; closing them");
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
