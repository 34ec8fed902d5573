//! The proxy on a real loopback socket, through the same connection loop as the binary
//! (`server::serve`): for what only a socket shows, hyper's own parsing and the limits.

use std::net::SocketAddr;
use std::time::Duration;

use leadform_proxy::{
    ApiKey, AppState, Delivery, JourneyBeeClient, ProxyConfig, ServerLimits, WidgetBundle, server,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;

use super::stores::{Store, TestStore};
use super::{API_KEY, FORMS, fake_bundle, fast_settings};

/// A proxy serving on a loopback port under `limits`, until dropped.
pub struct Served {
    pub address: SocketAddr,
    _stop: oneshot::Sender<()>,
    _store: TestStore,
}

pub async fn serve_with(limits: ServerLimits) -> Served {
    let store = TestStore::new(Store::Sqlite).await;
    let outbox = store.open().await;
    let settings = fast_settings();
    let client = JourneyBeeClient::new(
        "http://127.0.0.1:9",
        &ApiKey::new(API_KEY),
        settings.upstream_timeout,
    )
    .expect("client");
    let state = AppState::new(
        ProxyConfig::from_toml(FORMS).expect("forms"),
        Delivery::new(outbox, client, settings),
        WidgetBundle::load(&fake_bundle()).expect("bundle"),
    )
    .with_limits(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Served {
        address,
        _stop: stop,
        _store: store,
    }
}

/// A connection to `to` from the loopback address `from` (127.0.0.x: another client).
pub async fn connect(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind(format!("{from}:0").parse().expect("address"))
        .expect("bind");
    socket.connect(to).await.expect("connect")
}

/// Everything the proxy sends until it closes the connection (or 10 s pass).
pub async fn read_all(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// Writes `request` as it is on a new connection from `from` and reads the answer until the
/// proxy closes the connection. A proxy that stops reading half-way (a head over its limit)
/// is answered all the same: the rest of the request is not needed.
pub async fn raw_exchange(from: &str, to: SocketAddr, request: &[u8]) -> String {
    let mut stream = connect(from, to).await;
    let _ = stream.write_all(request).await;
    read_all(&mut stream).await
}

/// Whether the proxy closed `stream` within 5 s, and what it sent before.
pub async fn closed_within_5s(stream: &mut TcpStream) -> Option<String> {
    let mut answer = Vec::new();
    match tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await {
        Ok(_) => Some(String::from_utf8_lossy(&answer).into_owned()),
        Err(_) => None,
    }
}
