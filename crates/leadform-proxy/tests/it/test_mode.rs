//! Test mode: a form's `test_origins` (a partner's staging site, its browser tests) get the
//! same form with a "Test" badge, and their leads are validated, stored and answered like any
//! other but delivered to the built-in sandbox, never to JourneyBee.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use leadform_proxy::ProxyConfig;
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;
use leadform_proxy::outbox::ListFilter;

use crate::common::stores::{Store, TestStore};
use crate::common::upstream::Upstream;
use crate::common::*;

const STAGING: &str = "https://staging.partner.example";

fn forms() -> String {
    FORMS.replace(
        r#"allowed_origins = ["https://partner.example"]"#,
        &format!("allowed_origins = [\"https://partner.example\"]\ntest_origins = [\"{STAGING}\"]"),
    )
}

fn embed(origin: &str) -> Request<Body> {
    get_from("/v1/forms/acme-referral/embed", origin)
}

#[tokio::test]
async fn a_test_origins_lead_reaches_the_sandbox_and_a_real_origins_reaches_journeybee() {
    assert!(
        forms().contains(STAGING),
        "the test form names a test origin"
    );
    for store in [Store::Sqlite, Store::Postgres] {
        let upstream = Upstream::start(IdempotencyKeys::Honour).await;
        let proxy = TestProxy::serving(
            &forms(),
            TestStore::new(store).await,
            &upstream.url,
            API_KEY,
            fast_settings(),
        )
        .await;

        // The same form, marked as a test.
        let (response, body) = proxy.send(embed(STAGING)).await;
        assert_eq!(response.status(), StatusCode::OK, "{body}");
        let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(answer["test"], true);
        assert!(
            answer["html"]
                .as_str()
                .is_some_and(|html| html.contains("<form"))
        );
        assert_eq!(header(&response, "vary"), Some("Origin"));
        assert_eq!(
            header(&response, "cache-control"),
            Some("no-store"),
            "a staging site sees an edit at once"
        );
        let (_, real) = proxy.send(embed(ALLOWED_ORIGIN)).await;
        let real: serde_json::Value = serde_json::from_str(&real).expect("JSON");
        assert_eq!(real["test"], serde_json::Value::Null);
        assert_eq!(real["definition"], answer["definition"]);

        // Refused like any other when invalid; accepted and answered like any other when not.
        let (response, body) = proxy
            .send(submission_request(
                Some(STAGING),
                r#"{"direction":"send","values":{}}"#,
            ))
            .await;
        assert_refused(
            &response,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_submission",
        );
        let (response, body) = proxy
            .send(submission_request(Some(STAGING), &lead_submission(1)))
            .await;
        assert!(response.status().is_success(), "{body}");
        let (response, body) = proxy
            .send(submission_request(
                Some(ALLOWED_ORIGIN),
                &lead_submission(2),
            ))
            .await;
        assert!(response.status().is_success(), "{body}");

        let records = proxy.settled().await;
        assert_eq!(records.len(), 2);
        let test = records
            .iter()
            .find(|record| record.test)
            .expect("a test record");
        assert!(test.request.contains("lead1@example.com"));
        assert!(
            records
                .iter()
                .any(|record| !record.test && record.request.contains("lead2@"))
        );
        let leads = |sandbox: &leadform_proxy::Sandbox| {
            sandbox
                .leads()
                .iter()
                .map(|lead| lead.request.email.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            leads(&upstream.sandbox),
            ["lead2@example.com"],
            "JourneyBee"
        );
        assert_eq!(
            leads(&proxy.test_sandbox),
            ["lead1@example.com"],
            "the sandbox"
        );

        let listed = proxy
            .outbox
            .list(&ListFilter {
                test_only: true,
                limit: 10,
                ..ListFilter::default()
            })
            .await
            .expect("listed");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, test.id);
        proxy.stop().await;
    }
}

#[test]
fn an_origin_cannot_be_both_allowed_and_test() {
    let both = FORMS.replace(
        r#"allowed_origins = ["https://partner.example"]"#,
        "allowed_origins = [\"https://partner.example\"]\ntest_origins = [\"https://PARTNER.example\"]",
    );
    assert_ne!(both, FORMS);
    let Err(error) = ProxyConfig::from_toml(&both) else {
        panic!("an origin both allowed and test is accepted");
    };
    let error = error.to_string();
    assert!(
        error.contains("both an allowed and a test origin"),
        "{error}"
    );
}
