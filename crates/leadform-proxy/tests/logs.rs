//! The logs an operator reads: never the API key, never an upstream answer verbatim, and no
//! personal data at INFO or above. A test binary of its own: it captures the logs with a
//! subscriber for its thread, and `tracing` caches per call site, process-wide, whether
//! anyone listens, so another test logging first on another thread can leave a call site
//! switched off for it.

#[path = "it/common/mod.rs"]
mod common;

use leadform_core::RefusalCode;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::stores::Store;
use common::*;

/// A log sink the test can read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// A JourneyBee that echoes the request, key and all, into its error answers.
async fn echoing_upstream() -> String {
    let echo = |headers: HeaderMap, body: String| async move {
        let authorization = headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let message = format!("bad request {authorization} {body}");
        (
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "error": message }).to_string(),
        )
    };
    let router = Router::new().route("/api/v1/leads", post(echo));
    format!("{}/api/v1", serve(router).await)
}

/// One thread, so every task logs into this test's subscriber.
#[tokio::test]
async fn neither_the_key_nor_upstream_echoes_reach_the_logs_and_no_personal_data_at_info() {
    let everything = Captured::default();
    let info_and_above = Captured::default();
    let subscriber = {
        use tracing_subscriber::Layer;
        use tracing_subscriber::layer::SubscriberExt;
        let (all, info) = (everything.clone(), info_and_above.clone());
        tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(move || all.clone())
                    .with_filter(tracing_subscriber::filter::LevelFilter::TRACE),
            )
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(move || info.clone())
                    .with_filter(tracing_subscriber::filter::LevelFilter::INFO),
            )
    };
    let _guard = tracing::subscriber::set_default(subscriber);

    let proxy = TestProxy::start(Store::Sqlite, &echoing_upstream().await, API_KEY).await;
    let (response, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
        .await;
    assert_refused(
        &response,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        RefusalCode::LeadRejected.as_str(),
    );
    let invalid = r#"{"values":{"email":"secret-person@private.example","company_name":"Secret Company","phone_number":"+49 30 5550199"}}"#;
    proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), invalid))
        .await;
    for path in ["/healthz", "/v1/forms/acme-referral"] {
        let request = axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let (response, _) = proxy.send(request).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let record = &proxy.settled().await[0];
    let kept = record.last_error.as_deref().unwrap_or_default();
    assert!(
        kept.contains("<redacted>") && !kept.contains(API_KEY),
        "the outbox keeps the answer with the key blanked: {kept}"
    );

    let all = everything.text();
    assert!(all.contains("JourneyBee rejected the lead"), "{all}");
    assert!(!all.contains(API_KEY), "the key reached the log:\n{all}");
    let info = info_and_above.text();
    let served: Vec<&str> = info
        .lines()
        .filter(|line| line.contains(" request "))
        .collect();
    assert_eq!(served.len(), 2, "one INFO line per request served:\n{info}");
    assert!(
        served[0].contains("path=\"/healthz\"") && served[0].contains("status=200"),
        "{info}"
    );
    assert!(
        all.matches("request refused").count() == 2 && !info.contains("request refused"),
        "the two refusals at DEBUG only:\n{all}"
    );
    for personal in [
        "ada@globex.example",
        "Globex",
        "secret-person",
        "Secret Company",
        "5550199",
    ] {
        assert!(
            !info.contains(personal),
            "{personal} logged at INFO or above:\n{info}"
        );
    }
}
