//! The proxy as a browser and JourneyBee see it, driven through `app(state)` with `oneshot`.

use leadform_core::RefusalCode;

use std::net::SocketAddr;

use crate::common::stores::Store;
use crate::common::*;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use leadform_core::{AssociationType, FormDirection, LeadSource};
use leadform_proxy::outbox::DeliveryState;
use leadform_proxy::{ApiKey, Sandbox};

/// The proxy (SQLite outbox) sending with `proxy_key` to a sandbox that accepts `API_KEY`.
async fn proxy_with_sandbox(proxy_key: &str) -> (TestProxy, Sandbox) {
    let sandbox = Sandbox::new(ApiKey::new(API_KEY));
    let url = sandbox
        .serve(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("sandbox serves");
    (
        TestProxy::start(Store::Sqlite, &url, proxy_key).await,
        sandbox,
    )
}

/// The CORS preflight a browser sends before posting JSON from `origin`.
fn preflight(origin: &str) -> Request<Body> {
    Request::options("/v1/forms/acme-referral/submissions")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn the_definition_is_public_and_carries_nothing_trusted() {
    let (proxy, _) = proxy_with_sandbox(API_KEY).await;
    let request = get_from("/v1/forms/acme-referral", ALLOWED_ORIGIN);
    let (response, body) = proxy.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin"), Some("*"));
    let definition: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(definition["title"], "Refer a client");
    assert_eq!(definition["fields"].as_array().map(Vec::len), Some(3));
    for secret in [
        "456",
        "234",
        "789",
        "partner.example",
        "Partner Corp",
        "reseller",
        "trusted",
        "partnership",
    ] {
        assert!(!body.contains(secret), "{secret:?} leaked into {body}");
    }
}

#[tokio::test]
async fn the_loader_gets_the_definition_with_the_form_rendered_to_html() {
    let (proxy, _) = proxy_with_sandbox(API_KEY).await;
    let (response, body) = proxy
        .send(get_from("/v1/forms/acme-referral/embed", ALLOWED_ORIGIN))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin"), Some("*"));
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    let embed: serde_json::Value = serde_json::from_str(&body).unwrap();
    let (_, definition) = proxy
        .send(get_from("/v1/forms/acme-referral", ALLOWED_ORIGIN))
        .await;
    assert_eq!(
        embed["definition"],
        serde_json::from_str::<serde_json::Value>(&definition).unwrap(),
        "the same definition as the public endpoint"
    );
    let html = embed["html"].as_str().expect("the form as HTML");
    for part in [
        r#"<h2 class="lf-title">Refer a client</h2>"#,
        // `dialog`: a Send pressed before any script neither navigates nor fills the URL.
        r#"<form method="dialog" novalidate class="lf-form">"#,
        r#"<label for="lf-company_name" class="lf-label">Company"#,
        r#"id="lf-email""#,
        r#"id="lf-direction-claim""#,
        r#"inputmode="decimal" id="lf-custom_5""#,
        r#"<button type="submit""#,
    ] {
        assert!(html.contains(part), "{part} is rendered: {html}");
    }
    for forbidden in [
        "<script",
        " style=",
        "<!>",
        "456",
        "reseller",
        "Partner Corp",
    ] {
        assert!(!html.contains(forbidden), "{forbidden:?} in {html}");
    }

    let (response, body) = proxy
        .send(get_from("/v1/forms/acme-referral/embed", OTHER_ORIGIN))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), RefusalCode::OriginNotAllowed.as_str());
    let (response, body) = proxy
        .send(get_from("/v1/forms/nope/embed", ALLOWED_ORIGIN))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), RefusalCode::FormNotFound.as_str());
}

#[test]
fn the_rendered_form_escapes_every_text_of_the_forms_file() {
    let definition: leadform_core::FormDefinition = serde_json::from_str(
        r#"{
            "id": "x", "title": "<script>alert(1)</script>", "description": "a & b",
            "directions": ["send"], "consent_text": "<img src=x onerror=alert(2)>",
            "submit_label": "</button><b>",
            "fields": [
                { "field": "company_name", "label": "\"><i>", "help": "<u>",
                  "placeholder": "\" autofocus onfocus=\"alert(3)" },
                { "field": { "custom": { "id": 7, "type": "select" } }, "label": "P",
                  "options": [{ "id": 1, "label": "</option><script>" }] }
            ]
        }"#,
    )
    .unwrap();
    let html = leadform::prerender(&definition, &leadform::texts::Texts::default());
    for raw in ["<script", "<img", "<b>", "<i>", "<u>", "\" autofocus"] {
        assert!(!html.contains(raw), "{raw:?} is escaped: {html}");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("a &amp; b"), "{html}");
}

#[tokio::test]
async fn unknown_forms_are_404() {
    let (proxy, _) = proxy_with_sandbox(API_KEY).await;
    let (response, body) = proxy
        .send(Request::get("/v1/forms/nope").body(Body::empty()).unwrap())
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), RefusalCode::FormNotFound.as_str());
}

#[tokio::test]
async fn another_origin_reads_a_clear_refusal_and_cannot_submit() {
    let (proxy, sandbox) = proxy_with_sandbox(API_KEY).await;
    let get = get_from("/v1/forms/acme-referral", OTHER_ORIGIN);
    let (response, body) = proxy.send(get).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), RefusalCode::OriginNotAllowed.as_str());
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some("*"),
        "the page may read why"
    );

    let (response, body) = proxy.send(preflight(OTHER_ORIGIN)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), RefusalCode::OriginNotAllowed.as_str());
    assert_eq!(header(&response, "access-control-allow-origin"), None);

    let (response, body) = proxy
        .send(submission_request(Some(OTHER_ORIGIN), VALID_SUBMISSION))
        .await;
    assert_refused(
        &response,
        &body,
        StatusCode::FORBIDDEN,
        RefusalCode::OriginNotAllowed.as_str(),
    );
    let (response, body) = proxy.send(submission_request(None, VALID_SUBMISSION)).await;
    assert_refused(
        &response,
        &body,
        StatusCode::FORBIDDEN,
        RefusalCode::OriginRequired.as_str(),
    );
    assert!(sandbox.leads().is_empty());
}

#[tokio::test]
async fn an_allowed_origin_passes_the_preflight() {
    let (proxy, _) = proxy_with_sandbox(API_KEY).await;
    let (response, _) = proxy.send(preflight(ALLOWED_ORIGIN)).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    assert!(
        header(&response, "access-control-allow-methods")
            .is_some_and(|methods| methods.contains("POST"))
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials"),
        None,
        "no cookies, ever"
    );
}

#[tokio::test]
async fn a_valid_submission_becomes_a_lead_built_from_the_trusted_settings() {
    let (proxy, sandbox) = proxy_with_sandbox(API_KEY).await;
    let (response, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    let created: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(created["id"], 1);
    assert!(
        created["uuid"]
            .as_str()
            .is_some_and(|uuid| !uuid.is_empty())
    );

    let leads = sandbox.leads();
    assert_eq!(leads.len(), 1);
    let request = &leads[0].request;
    assert_eq!(leads[0].api_key, API_KEY);
    assert_eq!(request.source, Some(LeadSource::LeadSubmissionForm));
    assert_eq!(request.association_type, AssociationType::Reseller);
    assert_eq!(request.tags, Some(vec![10]));
    let partnership = request.partnership_lead.as_ref().unwrap();
    assert_eq!(
        (
            partnership.partnership_id,
            partnership.partners_company_id,
            partnership.company_partnerships_id
        ),
        (456, 234, 789)
    );
    assert_eq!(
        (partnership.form_submission_lead, partnership.form_direction),
        (Some(true), Some(FormDirection::Claim))
    );
}

#[tokio::test]
async fn the_browser_cannot_smuggle_trusted_fields() {
    let (proxy, sandbox) = proxy_with_sandbox(API_KEY).await;
    let smuggled = r#"{"direction":"send","values":{"company_name":"Globex","email":"ada@globex.example"},"partnership_id":1,"tags":[666]}"#;
    let (response, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), smuggled))
        .await;
    assert_refused(
        &response,
        &body,
        StatusCode::BAD_REQUEST,
        RefusalCode::UnreadableSubmission.as_str(),
    );
    assert!(sandbox.leads().is_empty());
}

#[tokio::test]
async fn invalid_answers_come_back_per_field_with_codes() {
    let (proxy, sandbox) = proxy_with_sandbox(API_KEY).await;
    let invalid = r#"{"values":{"email":"not-an-email","custom_5":"lots"}}"#;
    let (response, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), invalid))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        json["error"]["code"],
        RefusalCode::InvalidSubmission.as_str()
    );
    let fields: Vec<(String, String)> = json["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| {
            (
                field["field"].as_str().unwrap().to_owned(),
                field["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("direction", "direction_required"),
        ("company_name", "required"),
        ("email", "invalid_email"),
        ("custom_5", "invalid_number"),
    ];
    assert_eq!(
        fields,
        expected.map(|(field, code)| (field.to_owned(), code.to_owned()))
    );
    assert!(sandbox.leads().is_empty());
}

#[tokio::test]
async fn a_duplicate_lead_is_refused_and_a_refused_key_leaves_the_lead_queued() {
    let (proxy, _) = proxy_with_sandbox(API_KEY).await;
    let (response, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let same_lead_other_answers = VALID_SUBMISSION.replace("25000", "30000");
    let (response, body) = proxy
        .send(submission_request(
            Some(ALLOWED_ORIGIN),
            &same_lead_other_answers,
        ))
        .await;
    assert_refused(
        &response,
        &body,
        StatusCode::CONFLICT,
        RefusalCode::DuplicateLead.as_str(),
    );
    let records = proxy.settled().await;
    assert_eq!(records[0].state, DeliveryState::Rejected);
    assert_eq!(records[0].upstream_status, Some(409));

    // A key JourneyBee refuses is the operator's to fix: the lead waits in the outbox.
    let (wrong_key_proxy, sandbox) = proxy_with_sandbox("not-the-key").await;
    let (response, body) = wrong_key_proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED, "{body}");
    assert_eq!(receipt_status(&body), "queued");
    assert!(sandbox.leads().is_empty());
    // The visitor is answered before the outcome is written: wait for it.
    let error = eventually("the refusal recorded", || async {
        let records = wrong_key_proxy.records().await;
        let record = records.first()?;
        (record.state == DeliveryState::Queued)
            .then(|| record.last_error.clone())
            .flatten()
    })
    .await;
    assert!(error.contains("401"), "{error}");
}

/// An upstream that answers every Create Lead with `status` and a JourneyBee error body.
async fn upstream_answering(status: u16) -> String {
    let router = Router::new().route(
        "/api/v1/leads",
        post(move || async move {
            (
                StatusCode::from_u16(status).unwrap(),
                r#"{"error":"upstream says no"}"#,
            )
        }),
    );
    format!("{}/api/v1", serve(router).await)
}

#[tokio::test]
async fn final_refusals_reach_the_visitor_and_everything_else_is_queued() {
    let refusals = [
        (
            400,
            StatusCode::UNPROCESSABLE_ENTITY,
            RefusalCode::LeadRejected.as_str(),
        ),
        (
            406,
            StatusCode::BAD_GATEWAY,
            RefusalCode::FormMisconfigured.as_str(),
        ),
        (
            409,
            StatusCode::CONFLICT,
            RefusalCode::DuplicateLead.as_str(),
        ),
        (
            422,
            StatusCode::UNPROCESSABLE_ENTITY,
            RefusalCode::LeadRejected.as_str(),
        ),
    ];
    for (upstream, expected_status, expected_code) in refusals {
        let proxy =
            TestProxy::start(Store::Sqlite, &upstream_answering(upstream).await, API_KEY).await;
        let (response, body) = proxy
            .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
            .await;
        assert_eq!(
            (response.status(), error_code(&body)),
            (expected_status, expected_code.to_owned()),
            "upstream {upstream}"
        );
        assert!(
            !body.contains("upstream says no"),
            "upstream detail stays in the outbox and the logs"
        );
        let record = &proxy.settled().await[0];
        assert_eq!(
            (record.state, record.upstream_status),
            (DeliveryState::Rejected, Some(upstream))
        );
        assert!(
            record
                .last_error
                .as_deref()
                .is_some_and(|error| error.contains("upstream says no")),
            "the outbox keeps JourneyBee's answer: {:?}",
            record.last_error
        );
    }
    for upstream in [401, 403, 404, 429, 500, 502, 503] {
        let proxy =
            TestProxy::start(Store::Sqlite, &upstream_answering(upstream).await, API_KEY).await;
        let (response, body) = proxy
            .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
            .await;
        assert_eq!(
            (response.status(), receipt_status(&body)),
            (StatusCode::ACCEPTED, "queued".to_owned()),
            "upstream {upstream}: {body}"
        );
        assert_eq!(proxy.records().await[0].state, DeliveryState::Queued);
    }
}

#[tokio::test]
async fn an_unreachable_journeybee_queues_the_lead() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/v1", closed.local_addr().unwrap());
    drop(closed);
    let proxy = TestProxy::start(Store::Sqlite, &url, API_KEY).await;
    let (response, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED, "{body}");
    let receipt: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(receipt["status"], "queued");
    let records = proxy.records().await;
    assert_eq!(receipt["submission_id"], records[0].id.as_str());
    assert_eq!(records[0].state, DeliveryState::Queued);
}

#[tokio::test]
async fn the_api_key_is_never_in_a_response() {
    let (proxy, _) = proxy_with_sandbox(API_KEY).await;
    let (wrong_key_proxy, _) = proxy_with_sandbox(&format!("{API_KEY}-wrong")).await;
    let requests = || {
        vec![
            get_from("/v1/forms/acme-referral", ALLOWED_ORIGIN),
            Request::get("/embed.js").body(Body::empty()).unwrap(),
            submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION),
            submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION),
            submission_request(Some(ALLOWED_ORIGIN), "{not json"),
            submission_request(Some(OTHER_ORIGIN), VALID_SUBMISSION),
        ]
    };
    for proxy in [&proxy, &wrong_key_proxy] {
        for request in requests() {
            let (response, body) = proxy.send(request).await;
            assert!(!body.contains(API_KEY), "the key is in a body: {body}");
            for (name, value) in response.headers() {
                assert!(
                    !value.to_str().unwrap_or_default().contains(API_KEY),
                    "the key is in header {name}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_embed_loader_points_at_the_hashed_bundle_which_any_origin_may_load() {
    let (proxy, _) = proxy_with_sandbox(API_KEY).await;
    let (response, body) = proxy
        .send(Request::get("/embed.js").body(Body::empty()).unwrap())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        header(&response, "content-type").is_some_and(|kind| kind.starts_with("text/javascript"))
    );
    assert!(
        body.contains("/bundle/leadform-abc123.js")
            && body.contains("/bundle/leadform-abc123_bg.wasm"),
        "{body}"
    );
    assert!(!body.contains("__LEADFORM_"), "every placeholder is filled");
    let (compressed, _) = proxy
        .send(
            Request::get("/embed.js")
                .header("accept-encoding", "br, gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        header(&compressed, "content-encoding"),
        Some("br"),
        "the loader is on the critical path: it travels compressed"
    );
    let css_literal = serde_json::to_string(crate::common::FAKE_STYLESHEET).unwrap();
    assert!(
        body.contains(&css_literal),
        "the stylesheet travels inside the loader as a string literal: {body}"
    );

    let (response, _) = proxy
        .send(
            Request::get("/bundle/leadform-abc123_bg.wasm")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), Some("application/wasm"));
    assert_eq!(header(&response, "access-control-allow-origin"), Some("*"));
    assert!(header(&response, "cache-control").is_some_and(|cache| cache.contains("immutable")));

    // The build's brotli copy to a browser that takes brotli; the plain file to one that
    // refuses it; nothing of the build directory but the widget's own files.
    let wasm_in = |accept: &'static str| {
        Request::get("/bundle/leadform-abc123_bg.wasm")
            .header("accept-encoding", accept)
            .body(Body::empty())
            .unwrap()
    };
    let (response, body) = proxy.send(wasm_in("gzip, deflate, br, zstd")).await;
    assert_eq!(
        (header(&response, "content-encoding"), body.as_str()),
        (Some("br"), "brotli of the wasm")
    );
    assert_eq!(header(&response, "vary"), Some("accept-encoding"));
    let (response, body) = proxy.send(wasm_in("gzip, br;q=0")).await;
    assert_eq!(header(&response, "content-encoding"), None);
    assert!(body.starts_with("\0asm"), "{body:?}");
    for elsewhere in [
        "/bundle/embed.min.js",
        "/bundle/missing.wasm",
        "/bundle/..%2Fsecret",
    ] {
        let (response, _) = proxy
            .send(Request::get(elsewhere).body(Body::empty()).unwrap())
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{elsewhere}");
    }
}
