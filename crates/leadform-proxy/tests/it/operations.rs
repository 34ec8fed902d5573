//! What an operator sees: health and readiness (metrics are tests/metrics.rs, a binary of
//! their own).

use leadform_core::RefusalCode;

use crate::common::stores::Store;
use crate::common::upstream::Upstream;
use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
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
