//! How often one client and one form may submit, and who the client is: the TCP peer,
//! unless the peer is a reverse proxy the operator trusts.

use leadform_core::RefusalCode;

use std::net::SocketAddr;

use crate::common::stores::{Store, TestStore};
use crate::common::*;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use leadform_proxy::SubmissionLimits;

async fn proxy(limits: SubmissionLimits) -> TestProxy {
    TestProxy::serving_under(
        FORMS,
        TestStore::new(Store::Sqlite).await,
        "http://127.0.0.1:9",
        API_KEY,
        fast_settings(),
        &limits,
    )
    .await
}

/// Submission `n` (an email of its own) from the TCP peer `peer`, forwarded for `forwarded`.
fn submission(n: usize, peer: &str, forwarded: Option<&str>) -> Request<Body> {
    let mut request = submission_request(Some(ALLOWED_ORIGIN), &lead_submission(n));
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40_000)));
    if let Some(chain) = forwarded {
        request
            .headers_mut()
            .insert("x-forwarded-for", chain.parse().unwrap());
    }
    request
}

/// The statuses of `requests`, in order.
async fn statuses(proxy: &TestProxy, requests: Vec<Request<Body>>) -> Vec<u16> {
    let mut statuses = Vec::new();
    for request in requests {
        let (response, body) = proxy.send(request).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let refusal: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(
                refusal["error"]["code"],
                RefusalCode::RateLimited.as_str(),
                "{body}"
            );
            let wait: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=61).contains(&wait), "Retry-After: {wait}");
        }
        statuses.push(response.status().as_u16());
    }
    statuses
}

fn limits(per_client: u32, per_form: u32, trusted: &[&str]) -> SubmissionLimits {
    SubmissionLimits {
        per_client_per_minute: per_client,
        per_form_per_minute: per_form,
        trusted_proxies: trusted.iter().map(|net| net.parse().unwrap()).collect(),
        ..SubmissionLimits::default()
    }
}

#[tokio::test]
async fn one_client_gets_its_allowance_and_then_429_while_others_are_served() {
    let proxy = proxy(limits(3, 1000, &[])).await;
    let first = (0..4).map(|n| submission(n, "203.0.113.1", None)).collect();
    assert_eq!(statuses(&proxy, first).await, [202, 202, 202, 429]);
    let other = vec![submission(10, "203.0.113.2", None)];
    assert_eq!(statuses(&proxy, other).await, [202], "another client");
    assert_eq!(
        proxy.records().await.len(),
        4,
        "the refused one was not stored"
    );
}

#[tokio::test]
async fn a_forged_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    let proxy = proxy(limits(3, 1000, &[])).await;
    let forged = (0..5)
        .map(|n| submission(n, "203.0.113.1", Some(&format!("198.51.100.{n}"))))
        .collect();
    assert_eq!(statuses(&proxy, forged).await, [202, 202, 202, 429, 429]);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance() {
    let proxy = proxy(limits(2, 1000, &["10.0.0.0/8"])).await;
    let behind = |n: usize, chain: &str| submission(n, "10.0.0.2", Some(chain));
    let requests = vec![
        behind(0, "198.51.100.7"),
        behind(1, "198.51.100.7"),
        behind(2, "198.51.100.7"),
        behind(3, "198.51.100.8"),
        // Whatever the client writes before the address our proxy saw is ignored.
        behind(4, "1.1.1.1, 198.51.100.7"),
        behind(5, "2.2.2.2, 198.51.100.7, 10.0.0.9"),
    ];
    assert_eq!(
        statuses(&proxy, requests).await,
        [202, 202, 429, 202, 429, 429]
    );
}

#[tokio::test]
async fn one_form_takes_no_more_than_its_allowance_from_everyone_together() {
    let proxy = proxy(limits(100, 3, &[])).await;
    let many = (0..5)
        .map(|n| submission(n, &format!("203.0.113.{n}"), None))
        .collect();
    assert_eq!(statuses(&proxy, many).await, [202, 202, 202, 429, 429]);
}

#[tokio::test]
async fn one_client_takes_its_fill_tokens_and_then_429_while_others_get_theirs() {
    let proxy = proxy(SubmissionLimits {
        tokens_per_client_per_minute: 2,
        ..SubmissionLimits::default()
    })
    .await;
    let token = |peer: &str| {
        let mut request = get_from("/v1/forms/acme-referral/token", ALLOWED_ORIGIN);
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40_000)));
        request
    };
    let first = (0..3).map(|_| token("203.0.113.1")).collect();
    assert_eq!(statuses(&proxy, first).await, [200, 200, 429]);
    assert_eq!(statuses(&proxy, vec![token("203.0.113.2")]).await, [200]);
}
