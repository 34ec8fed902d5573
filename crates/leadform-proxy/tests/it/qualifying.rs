//! Forms that qualify a lead, as JourneyBee sees them: an answer to a question hidden for
//! the submitted answers never reaches it, business-email rules and phone numbers are
//! checked by the proxy itself, numbers arrive in E.164, and the consent is recorded in the
//! outbox and, where the form says so, in a custom field.

use crate::common::stores::{Store, TestStore};
use crate::common::upstream::Upstream;
use crate::common::*;
use axum::body::Body;
use axum::http::{Response, StatusCode};
use leadform_core::{CustomFieldValue, RefusalCode};
use leadform_proxy::delivery::consent::ConsentRecord;
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;

const QUALIFYING: &str = r#"
[[form]]
[form.definition]
id = "acme-referral"
title = "Refer a client"
directions = ["send", "claim"]
consent_text = "The contact agreed that I may share their details."
phone_region = "DE"

[form.definition.email]
free_providers = "refuse"
blocked_domains = ["competitor.example"]

[[form.definition.fields]]
field = "email"
label = "Email"
required = true

[[form.definition.fields]]
field = "phone_number"
label = "Phone"

[[form.definition.fields]]
field = { custom = { id = 12, type = "select" } }
label = "Partner type"
options = [{ id = 1, label = "Referral" }, { id = 2, label = "Reseller" }]

[[form.definition.fields]]
field = { custom = { id = 13, type = "text" } }
label = "Reseller number"
required = true
show_if = { question = "custom_12", any_of = [2] }

[[form.definition.fields]]
field = "sent_by_email"
label = "Your email"
required = true
show_if = { direction = "claim" }

[form.trusted]
allowed_origins = ["https://partner.example"]
association_type = "referral"
partnership_id = 456
partners_company_id = 234
company_partnerships_id = 789
consent_record_field = 40

[form.locales.de]
consent_text = "Der Kontakt hat zugestimmt, dass ich seine Daten weitergebe."
"#;

async fn proxy() -> (TestProxy, Upstream) {
    let upstream = Upstream::start(IdempotencyKeys::Honour).await;
    let proxy = TestProxy::serving(
        QUALIFYING,
        TestStore::new(Store::Sqlite).await,
        &upstream.url,
        API_KEY,
        fast_settings(),
    )
    .await;
    (proxy, upstream)
}

/// Posts `values` (JSON) in `direction`, with consent, as shown in `locale`.
async fn post(
    proxy: &TestProxy,
    direction: &str,
    values: &str,
    locale: &str,
) -> (Response<Body>, String) {
    let body = format!(
        r#"{{"direction":"{direction}","values":{values},"consent":true,"locale":"{locale}"}}"#
    );
    proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), &body))
        .await
}

#[tokio::test]
async fn an_answer_to_a_hidden_question_never_reaches_journeybee() {
    let (proxy, upstream) = proxy().await;
    // The browser claims the reseller number was visible; the answers say it was not.
    let (response, body) = post(
        &proxy,
        "send",
        r#"{"email":"ada@globex.example","custom_12":"1","custom_13":"R-7781","sent_by_email":"me@partner.example"}"#,
        "en",
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let leads = upstream.leads();
    assert_eq!(leads.len(), 1);
    let sent = serde_json::to_string(&leads[0].request).expect("JSON");
    assert!(!sent.contains("R-7781"), "hidden answer sent: {sent}");
    assert!(
        !sent.contains("me@partner.example"),
        "claim-only answer sent: {sent}"
    );
    let stored = proxy.records().await;
    assert!(
        !stored[0].request.contains("R-7781"),
        "hidden answer stored"
    );

    // Visible for these answers and missing: refused like any required question.
    let (response, body) = post(
        &proxy,
        "claim",
        r#"{"email":"ada@globex.example","custom_12":"2"}"#,
        "en",
    )
    .await;
    assert_refused(
        &response,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        RefusalCode::InvalidSubmission.as_str(),
    );
    let refusal: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let fields: Vec<(&str, &str)> = refusal["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|field| {
            (
                field["field"].as_str().unwrap_or(""),
                field["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [("custom_13", "required"), ("sent_by_email", "required")]
    );
}

#[tokio::test]
async fn free_and_blocked_domains_are_refused_with_their_codes() {
    let (proxy, upstream) = proxy().await;
    for (address, code) in [
        ("someone@gmail.com", "free_email"),
        ("spy@eu.competitor.example", "email_domain_blocked"),
    ] {
        let values = format!(r#"{{"email":"{address}"}}"#);
        let (response, body) = post(&proxy, "send", &values, "en").await;
        assert_refused(
            &response,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        );
        assert!(
            body.contains(&format!(r#""code":"{code}""#)),
            "{address}: {body}"
        );
    }
    assert_eq!(upstream.create_requests(), 0);
}

#[tokio::test]
async fn phone_numbers_reach_journeybee_in_e164_and_impossible_ones_are_refused() {
    let (proxy, upstream) = proxy().await;
    for (n, typed) in ["030 1234567", "+49 30 1234567", "(030) 123-4567"]
        .iter()
        .enumerate()
    {
        let values = format!(r#"{{"email":"lead{n}@globex.example","phone_number":"{typed}"}}"#);
        let (response, body) = post(&proxy, "send", &values, "en").await;
        assert_eq!(response.status(), StatusCode::CREATED, "{typed}: {body}");
    }
    let numbers: Vec<Option<String>> = upstream
        .leads()
        .iter()
        .map(|lead| lead.request.phone_number.clone())
        .collect();
    assert_eq!(numbers, vec![Some("+49301234567".to_owned()); 3]);

    let (response, body) = post(
        &proxy,
        "send",
        r#"{"email":"x@globex.example","phone_number":"030 12"}"#,
        "en",
    )
    .await;
    assert_refused(
        &response,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        RefusalCode::InvalidSubmission.as_str(),
    );
    assert!(body.contains(r#""code":"invalid_phone""#), "{body}");
}

#[tokio::test]
async fn the_consent_is_recorded_in_the_visitors_language_and_routed_to_its_field() {
    let (proxy, upstream) = proxy().await;
    let (response, body) = post(&proxy, "send", r#"{"email":"ada@globex.example"}"#, "de").await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let record = proxy.records().await.remove(0);
    let consent: ConsentRecord =
        serde_json::from_str(record.consent.as_deref().expect("consent kept")).expect("JSON");
    assert_eq!(
        consent.text,
        "Der Kontakt hat zugestimmt, dass ich seine Daten weitergebe."
    );
    assert_eq!(consent.locale, "de");
    assert_eq!(
        consent.version,
        ConsentRecord::new(&consent.text, "de", "").version
    );

    let lead = upstream.leads().remove(0);
    let routed: Vec<String> = lead
        .request
        .custom_fields
        .iter()
        .flatten()
        .filter(|entry| entry.custom_field_id == 40)
        .filter_map(|entry| match &entry.value {
            CustomFieldValue::Text(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(routed, [consent.field_value()]);

    // A language the form has no words for keeps the text as written, in English.
    let (response, _) = post(&proxy, "send", r#"{"email":"bob@globex.example"}"#, "xx").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let records = proxy.records().await;
    let english = records
        .iter()
        .find_map(|record| {
            record
                .consent
                .as_deref()
                .filter(|consent| consent.contains("\"en\""))
        })
        .expect("an English record");
    assert!(english.contains("The contact agreed"), "{english}");
}

#[test]
fn a_consent_field_needs_consent_and_a_free_custom_field() {
    let without_consent = QUALIFYING.replace(
        "consent_text = \"The contact agreed that I may share their details.\"\n",
        "",
    )
    .replace("[form.locales.de]\nconsent_text = \"Der Kontakt hat zugestimmt, dass ich seine Daten weitergebe.\"\n", "");
    let error = leadform_proxy::ProxyConfig::from_toml(&without_consent)
        .expect_err("refused")
        .to_string();
    assert!(
        error.contains("consent_record_field 40") && error.contains("no consent_text"),
        "{error}"
    );
    let taken = QUALIFYING.replace("consent_record_field = 40", "consent_record_field = 13");
    let error = leadform_proxy::ProxyConfig::from_toml(&taken)
        .expect_err("refused")
        .to_string();
    assert!(error.contains("already fills"), "{error}");
}
