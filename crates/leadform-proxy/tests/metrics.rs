//! What an operator sees in `/metrics`. A test binary of its own: the metrics recorder is one
//! per process, and the other tests (tests/it) would count into it too.

#[path = "it/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::stores::Store;
use common::upstream::{Fault, Upstream};
use common::*;
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;

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
