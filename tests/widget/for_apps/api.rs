//! `leadform::api` against a stub of the proxy at the page's `fetch`: each test scripts the
//! proxy's answers and reads back the requests the module made (addresses, headers, bodies).

use std::time::Duration;

use leadform::api::{self, ApiError};
use leadform_core::{ReceiptStatus, RefusalCode, Submission, SubmittedValue};

use super::stub_proxy::BASE;

use super::stub_proxy::StubProxy;
use crate::*;

fn lead() -> Submission {
    let mut submission = Submission {
        direction: Some(FormDirection::Send),
        ..Submission::default()
    };
    submission.values.insert(
        "email".into(),
        SubmittedValue::Text("ada@globex.example".into()),
    );
    submission
}

#[wasm_bindgen_test]
async fn the_definition_comes_in_the_language_asked_for_without_credentials() {
    let proxy = StubProxy::answering(
        r#"[{"status":200,"body":{"locale":"de","definition":{"id":"acme-referral","fields":[]},
            "html":"<form class=\"lf-form\"></form>","texts":{"submit":"Senden"},"test":true}}]"#,
    );
    let answer = api::definition(BASE, "acme-referral", "de-CH,de")
        .await
        .expect("the form");
    assert_eq!(answer.locale, "de");
    assert!(answer.html.contains("lf-form") && answer.test);
    assert_eq!(answer.redirect, None);
    let words = js_sys::Reflect::get(&answer.texts, &"submit".into()).expect("words");
    assert_eq!(words.as_string().as_deref(), Some("Senden"));
    let id = js_sys::Reflect::get(&answer.definition, &"id".into()).expect("definition");
    assert_eq!(id.as_string().as_deref(), Some("acme-referral"));
    let request = &proxy.requests()[0];
    assert_eq!(
        request["url"],
        "https://forms.example/v1/forms/acme-referral/embed?locale=de-CH%2Cde"
    );
    assert_eq!(request["credentials"], "omit");
}

#[wasm_bindgen_test]
async fn a_fill_token_reads_its_wait_and_life() {
    let _proxy = StubProxy::answering(
        r#"[{"status":200,"body":{"token":"k1.2.3.mac","wait":3000,"life":7200000}}]"#,
    );
    let token = api::token(BASE, "acme-referral").await.expect("a token");
    assert_eq!(
        (token.token.as_str(), token.wait, token.life),
        ("k1.2.3.mac", 3000, 7_200_000)
    );
}

#[wasm_bindgen_test]
async fn a_submission_goes_with_its_key_and_token_and_reads_the_receipt() {
    let proxy = StubProxy::answering(
        r#"[{"status":201,"body":{"submission_id":"s-1","status":"delivered","id":42}},
            {"status":202,"body":{"submission_id":"s-2","status":"queued"}}]"#,
    );
    let delivered = api::submit(BASE, "acme-referral", &lead(), "key-1", "tok-1")
        .await
        .expect("delivered");
    assert_eq!(
        (delivered.status, delivered.id),
        (ReceiptStatus::Delivered, Some(42))
    );
    let queued = api::submit(BASE, "acme-referral", &lead(), "key-2", "tok-2")
        .await
        .expect("queued");
    assert_eq!(queued.status, ReceiptStatus::Queued);
    let request = &proxy.requests()[0];
    assert_eq!(
        request["url"],
        "https://forms.example/v1/forms/acme-referral/submissions"
    );
    assert_eq!(
        (&request["method"], &request["key"], &request["token"]),
        (&"POST".into(), &"key-1".into(), &"tok-1".into())
    );
    assert_eq!(request["type"], "application/json");
    let body: serde_json::Value =
        serde_json::from_str(request["body"].as_str().expect("a body")).expect("JSON");
    assert_eq!(body["values"]["email"], "ada@globex.example");
    assert_eq!(body["direction"], "send");
}

#[wasm_bindgen_test]
async fn a_refusal_names_each_refused_answer() {
    let _proxy = StubProxy::answering(
        r#"[{"status":400,"body":{"error":{"code":"invalid_submission","message":"Bitte prüfen",
            "fields":[{"field":"email","code":"invalid_email"}]}}}]"#,
    );
    let refused = api::submit(BASE, "acme-referral", &lead(), "key-1", "tok-1").await;
    let Err(ApiError::Refused {
        status,
        code,
        message,
        fields,
    }) = refused
    else {
        panic!("a refusal: {refused:?}");
    };
    assert_eq!(
        (status, code, message.as_str()),
        (400, RefusalCode::InvalidSubmission, "Bitte prüfen")
    );
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field, "email");
}

#[wasm_bindgen_test]
async fn retry_after_is_waited_out_and_the_same_key_is_sent_again() {
    let proxy = StubProxy::answering(
        r#"[{"status":429,"headers":{"Retry-After":"1"},"body":{"error":{"code":"rate_limited","message":"later"}}},
            {"status":201,"body":{"submission_id":"s-1","status":"delivered"}}]"#,
    );
    let receipt = api::submit(BASE, "acme-referral", &lead(), "key-1", "tok-1")
        .await
        .expect("delivered on the second try");
    assert_eq!(receipt.submission_id, "s-1");
    let requests = proxy.requests();
    assert_eq!(requests.as_array().map(Vec::len), Some(2));
    assert_eq!(
        (&requests[0]["key"], &requests[1]["key"]),
        (&"key-1".into(), &"key-1".into())
    );
    assert_eq!(requests[1]["token"], "tok-1");
    let waited =
        requests[1]["at"].as_f64().unwrap_or(0.0) - requests[0]["at"].as_f64().unwrap_or(0.0);
    assert!(waited >= 900.0, "waited {waited} ms of Retry-After: 1");
}

#[wasm_bindgen_test]
async fn a_wait_too_long_or_unsaid_is_handed_to_the_caller() {
    let proxy = StubProxy::answering(
        r#"[{"status":429,"headers":{"Retry-After":"120"},"body":{"error":{"code":"rate_limited","message":"later"}}},
            {"status":503,"body":{"error":{"code":"overloaded","message":"busy"}}}]"#,
    );
    let long = api::submit(BASE, "acme-referral", &lead(), "key-1", "tok-1").await;
    assert_eq!(
        long,
        Err(ApiError::Busy {
            retry_after: Some(Duration::from_secs(120))
        })
    );
    let unsaid = api::submit(BASE, "acme-referral", &lead(), "key-1", "tok-1").await;
    assert_eq!(unsaid, Err(ApiError::Busy { retry_after: None }));
    assert_eq!(
        proxy.requests().as_array().map(Vec::len),
        Some(2),
        "no retry of either"
    );
}

#[wasm_bindgen_test]
async fn no_answer_is_a_network_error() {
    let _proxy = StubProxy::answering(r#"[{"network":true},{"network":true},{"network":true}]"#);
    assert!(matches!(
        api::submit(BASE, "acme-referral", &lead(), "key-1", "tok-1").await,
        Err(ApiError::Network(_))
    ));
    assert!(matches!(
        api::definition(BASE, "acme-referral", "en").await,
        Err(ApiError::Network(_))
    ));
    assert!(matches!(
        api::token(BASE, "acme-referral").await,
        Err(ApiError::Network(_))
    ));
}
