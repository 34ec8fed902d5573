//! What an operator sees: health, readiness and metrics. Its own test binary, because the
//! metrics recorder is one per process: only these tests may count here.

mod common;

use leadform_core::RefusalCode;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::stores::Store;
use common::upstream::{Fault, Upstream};
use common::*;
use leadform_proxy::sandbox::IdempotencyKeys;

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

/// The value of a sample line `name{labels} value` in Prometheus text.
fn sample(metrics: &str, line_start: &str) -> f64 {
    metrics
        .lines()
        .find(|line| line.starts_with(line_start))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no {line_start} in\n{metrics}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_what_happened_to_each_submission() {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let proxy = TestProxy::start(Store::Sqlite, &upstream.url, API_KEY).await;
    upstream.script([Fault::Status(503)]);
    for n in 0..3 {
        proxy
            .send(keyed_submission(
                Some(ALLOWED_ORIGIN),
                &lead_submission(n),
                Some(&format!("m-{n}")),
            ))
            .await;
    }
    proxy
        .send(keyed_submission(
            Some(ALLOWED_ORIGIN),
            &lead_submission(0),
            Some("m-0"),
        ))
        .await;
    proxy.settled().await;
    let (response, metrics) = proxy.send(get("/metrics")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        header(&response, "content-type").is_some_and(|kind| kind.starts_with("text/plain")),
        "Prometheus text format"
    );
    let form = r#"{form="acme-referral"}"#;
    assert_eq!(
        sample(
            &metrics,
            &format!("leadform_submissions_accepted_total{form}")
        ),
        3.0
    );
    assert_eq!(
        sample(
            &metrics,
            &format!("leadform_submissions_repeated_total{form}")
        ),
        1.0
    );
    assert_eq!(
        sample(
            &metrics,
            &format!("leadform_submissions_delivered_total{form}")
        ),
        3.0
    );
    assert_eq!(
        sample(&metrics, &format!("leadform_delivery_retries_total{form}")),
        1.0
    );
    assert_eq!(sample(&metrics, "leadform_outbox_queued "), 0.0);
    assert_eq!(
        sample(&metrics, "leadform_outbox_oldest_queued_age_seconds "),
        0.0
    );
    assert_eq!(
        sample(
            &metrics,
            r#"leadform_upstream_request_duration_seconds_count{call="create_lead"}"#
        ),
        4.0
    );
    assert!(metrics.contains("leadform_upstream_request_duration_seconds_bucket"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_says_alive_and_readiness_says_whether_the_outbox_takes_writes() {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    for store in [Store::Sqlite, Store::Postgres] {
        let proxy = TestProxy::start(store, &upstream.url, API_KEY).await;
        let (response, _) = proxy.send(get("/healthz")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let (response, body) = proxy.send(get("/readyz")).await;
        assert_eq!(response.status(), StatusCode::OK, "{body}");
        let expected = if store == Store::Sqlite {
            "sqlite"
        } else {
            "postgres"
        };
        assert!(body.contains(expected), "{body}");

        proxy.outbox.close().await;
        let (response, body) = proxy.send(get("/readyz")).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(error_code(&body), "not_ready");
        let (response, body) = proxy
            .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
            .await;
        assert_refused(
            &response,
            &body,
            StatusCode::SERVICE_UNAVAILABLE,
            RefusalCode::StoreUnavailable.as_str(),
        );
        assert!(
            header(&response, "retry-after").is_some(),
            "the visitor may try again"
        );
    }
}
