//! Shared fixtures: a form, a fake widget bundle, a proxy wired to a sandbox or a stub upstream.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use leadform_proxy::{ApiKey, AppState, JourneyBeeClient, ProxyConfig, Sandbox, WidgetBundle, app};
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

/// A stand-in for trunk's output: the proxy only needs the two file names to exist.
pub fn fake_bundle() -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("leadform-proxy-test-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bundle dir");
    std::fs::write(
        dir.join("leadform-abc123.js"),
        "export default function init() {}",
    )
    .expect("js");
    std::fs::write(dir.join("leadform-abc123_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
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

/// The proxy sending to a fresh sandbox that accepts `API_KEY`; the proxy uses `proxy_key`.
pub async fn proxy_with_sandbox(proxy_key: &str) -> (Router, Sandbox) {
    let sandbox = Sandbox::new(ApiKey::new(API_KEY));
    let url = sandbox
        .serve(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("sandbox serves");
    (proxy_to(&url, proxy_key), sandbox)
}

/// The proxy sending to the JourneyBee API at `api_url`.
pub fn proxy_to(api_url: &str, key: &str) -> Router {
    let config = ProxyConfig::from_toml(FORMS).expect("forms parse");
    let client = JourneyBeeClient::new(api_url, &ApiKey::new(key)).expect("client");
    app(AppState::new(
        config,
        client,
        WidgetBundle::load(&fake_bundle()).expect("bundle"),
    ))
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

pub fn submission_request(origin: Option<&str>, body: &str) -> Request<Body> {
    let mut request = Request::post("/v1/forms/acme-referral/submissions")
        .header("content-type", "application/json");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.body(Body::from(body.to_owned())).expect("request")
}

pub const VALID_SUBMISSION: &str = r#"{"direction":"claim","values":{"company_name":"Globex","email":"ada@globex.example","custom_5":"25000"}}"#;

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
