//! Shared fixtures: a form, a fake widget bundle, stores, a scriptable upstream, and a
//! proxy wired to them with settings fast enough for tests.

#![allow(dead_code)]

pub mod served;
pub mod stores;
pub mod upstream;

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use leadform_proxy::abuse::fill_token::{self, FillTokenSettings, FillTokens, TokenKeys};
use leadform_proxy::journeybee::sandbox::SANDBOX_USER_ID;
use leadform_proxy::outbox::{DeliveryState, ListFilter, Outbox, OutboxRecord, now_millis};
use leadform_proxy::{
    ApiKey, AppState, Delivery, DeliverySettings, DoubtPolicy, JourneyBeeClient, ProxyConfig,
    Sandbox, SubmissionLimits, WidgetBundle, Worker, app,
};
use stores::{Store, TestStore};
use tower::ServiceExt;

pub const ALLOWED_ORIGIN: &str = "https://partner.example";
pub const OTHER_ORIGIN: &str = "https://evil.example";
pub const API_KEY: &str = "jb_api_secret_1234567890abcdef";

pub const FORMS: &str = r#"
[[form]]
[form.definition]
id = "acme-referral"
title = "Refer a client"
directions = ["send", "claim"]

[[form.definition.fields]]
field = "company_name"
label = "Company"
required = true

[[form.definition.fields]]
field = "email"
label = "Email"
required = true

[[form.definition.fields]]
field = { custom = { id = 5, type = "number" } }
label = "Deal size"

[form.trusted]
allowed_origins = ["https://partner.example"]
association_type = "reseller"
partnership_id = 456
partners_company_id = 234
company_partnerships_id = 789
partners_company_name = "Partner Corp"
tags = [10]
"#;

/// The fake bundle's stylesheet, with the characters that need escaping in a JS string.
pub const FAKE_STYLESHEET: &str = ".lf-root { font-family: \"Test Sans\"; }\n/* \\ */\n";

/// A stand-in for `cargo xtask build`'s output: the proxy needs the two file names, the
/// stylesheet and the loader. Written once per test process: tests run in parallel, and one
/// writing the files while another reads them would hand it half a loader.
pub fn fake_bundle() -> PathBuf {
    static WRITTEN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    WRITTEN.get_or_init(write_fake_bundle).clone()
}

fn write_fake_bundle() -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("leadform-proxy-test-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bundle dir");
    std::fs::write(
        dir.join("leadform-abc123.js"),
        "export default function init() {}",
    )
    .expect("js");
    std::fs::write(dir.join("leadform-abc123_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    // Stands in for the build's brotli copy (served as it is, never decoded here).
    std::fs::write(
        dir.join("leadform-abc123_bg.wasm.br"),
        b"brotli of the wasm",
    )
    .expect("wasm.br");
    std::fs::write(dir.join("leadform.css"), FAKE_STYLESHEET).expect("css");
    // A stand-in for the built loader: its module that holds the placeholders the proxy fills
    // in (no browser runs it here).
    std::fs::write(
        dir.join("embed.min.js"),
        include_str!("../../../../../embed/src/bundle.js"),
    )
    .expect("loader");
    dir
}

/// Serves `router` on a loopback port; returns its base URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serves") });
    format!("http://{addr}")
}

/// Delivery settings for tests: the documented rules, on a timescale of milliseconds.
pub fn fast_settings() -> DeliverySettings {
    DeliverySettings {
        upstream_timeout: Duration::from_millis(300),
        clock_skew: Duration::from_millis(100),
        rate_per_minute: 60_000,
        retry_base: Duration::from_millis(20),
        retry_max: Duration::from_millis(200),
        poll_interval: Duration::from_millis(20),
        ..DeliverySettings::new(DoubtPolicy::CheckGetLeads {
            user_id: SANDBOX_USER_ID,
        })
    }
}

/// A proxy on a real store, sending to `api_url` with `key`, its worker running.
pub struct TestProxy {
    pub router: Router,
    /// Where test submissions (from a form's test origins) go.
    pub test_sandbox: Sandbox,
    /// The router's state: what a test changes here, the router serves.
    pub state: AppState,
    pub outbox: Outbox,
    worker: Option<Worker>,
    _store: TestStore,
}

impl TestProxy {
    pub async fn start(store: Store, api_url: &str, key: &str) -> Self {
        Self::with_settings(store, api_url, key, fast_settings()).await
    }

    pub async fn with_settings(
        store: Store,
        api_url: &str,
        key: &str,
        settings: DeliverySettings,
    ) -> Self {
        Self::on_store(TestStore::new(store).await, api_url, key, settings).await
    }

    /// A proxy on an existing store (for restarts).
    pub async fn on_store(
        store: TestStore,
        api_url: &str,
        key: &str,
        settings: DeliverySettings,
    ) -> Self {
        Self::serving(FORMS, store, api_url, key, settings).await
    }

    /// A proxy serving the forms file `forms`.
    pub async fn serving(
        forms: &str,
        store: TestStore,
        api_url: &str,
        key: &str,
        settings: DeliverySettings,
    ) -> Self {
        Self::serving_under(
            forms,
            store,
            api_url,
            key,
            settings,
            &SubmissionLimits::default(),
        )
        .await
    }

    /// A proxy serving the forms file `forms` under `limits` on submissions.
    pub async fn serving_under(
        forms: &str,
        store: TestStore,
        api_url: &str,
        key: &str,
        settings: DeliverySettings,
        limits: &SubmissionLimits,
    ) -> Self {
        let outbox = store.open().await;
        let client = JourneyBeeClient::new(api_url, &ApiKey::new(key), settings.upstream_timeout)
            .expect("client");
        let delivery = Delivery::new(outbox.clone(), client, settings);
        let test_sandbox = Sandbox::new(ApiKey::new(API_KEY));
        delivery.deliver_tests_to(
            test_sandbox
                .client_on_loopback(std::time::Duration::from_secs(5))
                .await
                .expect("the test sandbox serves"),
        );
        let config = ProxyConfig::from_toml(forms).expect("forms parse");
        let state = AppState::new(
            config,
            delivery.clone(),
            WidgetBundle::load(&fake_bundle()).expect("bundle"),
        )
        .with_submission_limits(limits)
        .with_fill_tokens(test_tokens());
        Self {
            test_sandbox,
            router: app(state.clone()),
            state,
            outbox,
            worker: Some(delivery.start_worker()),
            _store: store,
        }
    }

    /// Stops the worker and closes the outbox, keeping the store for a restart.
    pub async fn stop(mut self) -> TestStore {
        if let Some(worker) = self.worker.take() {
            worker.stop().await;
        }
        self._store
    }

    pub async fn send(&self, request: Request<Body>) -> (Response<Body>, String) {
        send(&self.router, request).await
    }

    /// Every record, newest first.
    pub async fn records(&self) -> Vec<OutboxRecord> {
        let filter = ListFilter {
            test_only: false,
            limit: 10_000,
            ..ListFilter::default()
        };
        self.outbox.list(&filter).await.expect("the outbox lists")
    }

    /// Waits until no record is queued any more; returns them all.
    pub async fn settled(&self) -> Vec<OutboxRecord> {
        eventually("every submission settled", || async {
            let records = self.records().await;
            records
                .iter()
                .all(|record| record.state != DeliveryState::Queued)
                .then_some(records)
        })
        .await
    }
}

/// Polls until `probe` yields something, for up to 30 seconds.
pub async fn eventually<T, Fut: Future<Output = Option<T>>>(
    what: &str,
    mut probe: impl FnMut() -> Fut,
) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends a request through the router; returns the response and its body as text.
pub async fn send(router: &Router, request: Request<Body>) -> (Response<Body>, String) {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    (
        Response::from_parts(parts, Body::empty()),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// The fill tokens of every test proxy: a known key, and no minimum time, so a test may
/// send at once (the spam tests set their own).
pub fn test_tokens() -> FillTokens {
    FillTokens::new(
        TokenKeys::parse(&"5e".repeat(32)).expect("a key"),
        FillTokenSettings {
            min_fill: Duration::ZERO,
            ..FillTokenSettings::default()
        },
    )
}

/// A new fill token for the test form, as the loader would have fetched it.
pub fn fill_token() -> String {
    test_tokens().issue("acme-referral", now_millis())
}

/// A submission to the test form with a new fill token.
/// `GET path` from a page on `origin`.
pub fn get_from(path: impl AsRef<str>, origin: &str) -> Request<Body> {
    Request::get(path.as_ref())
        .header("origin", origin)
        .body(Body::empty())
        .expect("request")
}

pub fn submission_request(origin: Option<&str>, body: &str) -> Request<Body> {
    keyed_submission(origin, body, None)
}

pub fn keyed_submission(origin: Option<&str>, body: &str, key: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/v1/forms/acme-referral/submissions")
        .header("content-type", "application/json");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request = request.header(fill_token::HEADER, fill_token());
    request.body(Body::from(body.to_owned())).expect("request")
}

pub const VALID_SUBMISSION: &str = r#"{"direction":"claim","values":{"company_name":"Globex","email":"ada@globex.example","custom_5":"25000"}}"#;

/// A valid submission for the lead `n`, with an email of its own.
pub fn lead_submission(n: usize) -> String {
    format!(
        r#"{{"direction":"send","values":{{"company_name":"Company {n}","email":"lead{n}@example.com"}}}}"#
    )
}

pub fn header<'a>(response: &'a Response<Body>, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Asserts the proxy refused with `status` and the stable error `code`.
#[track_caller]
pub fn assert_refused(
    response: &Response<Body>,
    body: &str,
    status: axum::http::StatusCode,
    code: &str,
) {
    assert_eq!(
        (response.status(), error_code(body).as_str()),
        (status, code),
        "{body}"
    );
}

pub fn error_code(body: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON error body, got {body}"));
    json["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("an error code in {body}"))
        .to_owned()
}

/// The `status` of a 201/202 receipt.
pub fn receipt_status(body: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON receipt, got {body}"));
    json["status"]
        .as_str()
        .unwrap_or_else(|| panic!("a status in {body}"))
        .to_owned()
}

/// Runs the proxy binary's command `args` as an operator would, with `env` set and no
/// JourneyBee key or user from the test's own environment: whether it succeeded, its
/// stdout and its stderr.
pub fn run_proxy(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
        .args(args)
        .env_remove("JOURNEYBEE_API_KEY")
        .env_remove("JOURNEYBEE_USER_ID")
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
