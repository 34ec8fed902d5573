//! The limits as a client meets them on a real socket (loopback only): headers or a body
//! that never finish, too many connections, too many requests at once. Each is refused or
//! cut off, and a request from someone else is still answered at once.

use leadform_core::RefusalCode;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::common::served::{closed_within_5s, connect, raw_exchange, read_all, serve_with};
use crate::common::*;
use leadform_proxy::ServerLimits;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// Starts a submission from `from` whose body never finishes: its headers, and `body_start`
/// of the 200 bytes it promises. The request stays under way until the body timeout.
async fn unfinished_submission(from: &str, to: SocketAddr, body_start: &str) -> TcpStream {
    let mut stream = connect(from, to).await;
    stream
        .write_all(
            format!(
                "POST /v1/forms/acme-referral/submissions HTTP/1.1\r\nhost: proxy\r\norigin: {ALLOWED_ORIGIN}\r\n\
                 content-type: application/json\r\nleadform-token: t\r\ncontent-length: 200\r\n\r\n{body_start}"
            )
            .as_bytes(),
        )
        .await
        .expect("write");
    stream
}

/// `GET /healthz` from `from`: the answer's status line, and how long it took.
async fn health(from: &str, to: SocketAddr) -> (String, Duration) {
    let started = Instant::now();
    let answer = raw_exchange(
        from,
        to,
        b"GET /healthz HTTP/1.1\r\nhost: proxy\r\nconnection: close\r\n\r\n",
    )
    .await;
    let status = answer.lines().next().unwrap_or_default().to_owned();
    (status, started.elapsed())
}

fn limits() -> ServerLimits {
    ServerLimits {
        header_read_timeout: Duration::from_millis(300),
        body_read_timeout: Duration::from_millis(300),
        ..ServerLimits::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_that_never_finish_lose_their_connection() {
    let served = serve_with(limits()).await;
    let mut slow = connect("127.0.0.1", served.address).await;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nhost: proxy\r\n")
        .await
        .expect("write");
    let started = Instant::now();
    let answer = read_all(&mut slow).await;
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(3),
        "closed after {waited:?}: {answer:?}"
    );
    assert!(!answer.contains("200 OK"), "{answer}");
    let (status, took) = health("127.0.0.2", served.address).await;
    assert_eq!(status, "HTTP/1.1 200 OK", "others are served ({took:?})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_finishes_is_answered_408() {
    let served = serve_with(limits()).await;
    let mut slow = unfinished_submission("127.0.0.1", served.address, r#"{"values":"#).await;
    let answer = read_all(&mut slow).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains(&format!(r#""code":"{}""#, RefusalCode::RequestTimeout)),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_limits_are_refused_or_make_room_and_other_clients_are_served() {
    let served = serve_with(ServerLimits {
        max_connections: 6,
        max_connections_per_ip: 3,
        ..ServerLimits::default()
    })
    .await;
    // One client holds its three connections, doing nothing.
    let mut first_client = Vec::new();
    for _ in 0..3 {
        first_client.push(connect("127.0.0.1", served.address).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, _) = health("127.0.0.1", served.address).await;
    assert_eq!(
        status, "HTTP/1.1 503 Service Unavailable",
        "a fourth from the same address"
    );
    let (status, took) = health("127.0.0.2", served.address).await;
    assert_eq!(status, "HTTP/1.1 200 OK", "another address");
    assert!(took < Duration::from_secs(1), "at once: {took:?}");

    // Three more from a second client fill the proxy. A third client is still served at
    // once: the connection that has waited longest for a request makes room.
    let mut second_client = Vec::new();
    for _ in 0..3 {
        second_client.push(connect("127.0.0.2", served.address).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, took) = health("127.0.0.3", served.address).await;
    assert_eq!(status, "HTTP/1.1 200 OK", "room was made");
    assert!(took < Duration::from_secs(1), "at once: {took:?}");
    let closed = closed_within_5s(&mut first_client[0]).await;
    assert_eq!(
        closed.as_deref(),
        Some(""),
        "the oldest silent connection was closed, without a word"
    );

    // When every place has a request under way, nothing is closed for a newcomer: it is
    // told 503 with Retry-After.
    let mut busy = Vec::new();
    for from in [
        "127.0.0.4",
        "127.0.0.4",
        "127.0.0.5",
        "127.0.0.5",
        "127.0.0.6",
        "127.0.0.6",
    ] {
        busy.push(unfinished_submission(from, served.address, "{").await);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut refused = connect("127.0.0.7", served.address).await;
    let answer = read_all(&mut refused).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("retry-after: 1"), "{answer}");
    assert!(
        answer.contains(&format!(r#""code":"{}""#, RefusalCode::Overloaded)),
        "{answer}"
    );

    // Once a connection closes, its place is free again.
    drop(busy.pop());
    eventually("a free place", || async {
        let (status, _) = health("127.0.0.7", served.address).await;
        (status == "HTTP/1.1 200 OK").then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_over_the_in_flight_limit_are_shed_with_retry_after() {
    let served = serve_with(ServerLimits {
        max_in_flight: 1,
        body_read_timeout: Duration::from_secs(5),
        ..ServerLimits::default()
    })
    .await;
    // A request waiting for its body holds the one place.
    let waiting = unfinished_submission("127.0.0.1", served.address, "{").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut shed = connect("127.0.0.2", served.address).await;
    shed.write_all(b"GET /healthz HTTP/1.1\r\nhost: proxy\r\nconnection: close\r\n\r\n")
        .await
        .expect("write");
    let answer = read_all(&mut shed).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("retry-after: 1"), "{answer}");
    assert!(
        answer.contains(&format!(r#""code":"{}""#, RefusalCode::Overloaded)),
        "{answer}"
    );
    drop(waiting);
    eventually("the place freed", || async {
        let (status, _) = health("127.0.0.2", served.address).await;
        (status == "HTTP/1.1 200 OK").then_some(())
    })
    .await;
}
