//! A usable form after one request: `/embed.js?form=…` carries the form's answer for a page
//! the form allows, in the request's language; `/v1/embed?forms=a,b` answers several forms of
//! one page at once, each guarded and worded as on its own.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::common::stores::{Store, TestStore};
use crate::common::*;

const STAGING: &str = "https://staging.partner.example";

async fn proxy() -> TestProxy {
    let forms = FORMS.replace(
        r#"allowed_origins = ["https://partner.example"]"#,
        &format!("allowed_origins = [\"https://partner.example\"]\ntest_origins = [\"{STAGING}\"]"),
    );
    assert!(forms.contains(STAGING), "the test form names a test origin");
    TestProxy::serving(
        &forms,
        TestStore::new(Store::Sqlite).await,
        "http://127.0.0.1:9",
        API_KEY,
        fast_settings(),
    )
    .await
}

/// `GET path` as a script tag on `referer` asks for it, in `language`.
fn script(path: &str, referer: Option<&str>, language: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(referer) = referer {
        request = request.header("referer", referer);
    }
    if let Some(language) = language {
        request = request.header("accept-language", language);
    }
    request.body(Body::empty()).expect("request")
}

/// Every `Vary` of `response`, joined.
fn varies(response: &axum::http::Response<Body>) -> String {
    let values: Vec<&str> = response
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    values.join(", ")
}

/// The answer a loader carries, or None for the plain loader.
fn inline(body: &str) -> Option<serde_json::Value> {
    // The fake bundle is embed/src/bundle.js, whose `inline()` reads `const carried = …`:
    // null, or a string of JSON.
    let (_, rest) = body.split_once("const carried = ")?;
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
    match values.next()?.ok()? {
        serde_json::Value::String(json) => Some(serde_json::from_str(&json).expect("JSON")),
        _ => None,
    }
}

#[tokio::test]
async fn the_loader_for_one_form_carries_its_answer_in_the_visitors_language() {
    let proxy = proxy().await;
    let (response, body) = proxy
        .send(script(
            "/embed.js?form=acme-referral",
            Some("https://partner.example/pricing?x=1"),
            Some("de-AT,de;q=0.9,en;q=0.8"),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(varies(&response).contains("Accept-Language, Referer"));
    assert_eq!(
        header(&response, "cache-control"),
        Some("public, max-age=60")
    );
    assert!(!body.contains("__LEADFORM_"), "every placeholder is filled");
    let carried = inline(&body).expect("the form's answer is in the loader");
    assert_eq!(carried["form"], "acme-referral");
    assert_eq!(
        carried["speaks"],
        serde_json::json!(["en", "de", "fr", "es", "nl"])
    );
    let answer = &carried["answer"];
    assert_eq!(answer["locale"], "de");
    assert_eq!(answer["texts"]["submit"], "Senden");
    assert!(
        answer["html"]
            .as_str()
            .is_some_and(|html| html.contains("<form"))
    );
    assert!(answer.get("test").is_none());

    // It is the answer `/embed` gives the same page.
    let (_, own) = proxy
        .send(get_from(
            "/v1/forms/acme-referral/embed?locale=de-AT,de,en",
            ALLOWED_ORIGIN,
        ))
        .await;
    assert_eq!(
        *answer,
        serde_json::from_str::<serde_json::Value>(&own).unwrap()
    );

    // `&locale=` chooses over the browser's languages.
    let (_, french) = proxy
        .send(script(
            "/embed.js?form=acme-referral&locale=fr",
            Some("https://partner.example/"),
            Some("de"),
        ))
        .await;
    assert_eq!(inline(&french).unwrap()["answer"]["locale"], "fr");
    let (_, english) = proxy
        .send(script(
            "/embed.js?form=acme-referral",
            Some("https://partner.example/"),
            None,
        ))
        .await;
    assert_eq!(inline(&english).unwrap()["answer"]["locale"], "en");
}

#[tokio::test]
async fn a_page_the_form_does_not_allow_gets_the_plain_loader() {
    let proxy = proxy().await;
    for (referer, why) in [
        (Some("https://evil.example/page"), "another origin"),
        (None, "no referrer (the page's policy hides it)"),
        (
            Some(&*format!("{STAGING}/form")),
            "a test origin asks /embed with its Origin",
        ),
        (Some("not a url"), "an unreadable referrer"),
    ] {
        let (response, body) = proxy
            .send(script("/embed.js?form=acme-referral", referer, Some("de")))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{why}");
        assert!(inline(&body).is_none(), "{why}: {body}");
        assert!(body.contains("const carried = null"), "{why}");
        assert_eq!(
            header(&response, "vary"),
            Some("Accept-Language, Referer"),
            "{why}"
        );
    }
    let (_, unknown) = proxy
        .send(script(
            "/embed.js?form=nope",
            Some("https://partner.example/"),
            None,
        ))
        .await;
    assert!(
        inline(&unknown).is_none(),
        "an unknown form: the loader's own request says so"
    );
    let (plain, _) = proxy.send(script("/embed.js", None, None)).await;
    assert_eq!(header(&plain, "cache-control"), Some("public, max-age=300"));
    assert!(
        !varies(&plain).contains("Referer"),
        "the same loader for every page: {}",
        varies(&plain)
    );
}

async fn batch(
    proxy: &TestProxy,
    query: &str,
    origin: &str,
) -> (StatusCode, Option<String>, serde_json::Value) {
    let (response, body) = proxy
        .send(get_from(format!("/v1/embed?{query}"), origin))
        .await;
    let cache = header(&response, "cache-control").map(str::to_owned);
    (
        response.status(),
        cache,
        serde_json::from_str(&body).expect("JSON"),
    )
}

#[tokio::test]
async fn a_pages_forms_come_in_one_answer_each_guarded_and_worded_as_alone() {
    let proxy = proxy().await;
    let (status, cache, answers) = batch(
        &proxy,
        "forms=acme-referral,nope,acme-referral&locale=de",
        ALLOWED_ORIGIN,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache.as_deref(), Some("public, max-age=60"));
    assert_eq!(
        answers.as_object().unwrap().len(),
        2,
        "each form once: {answers}"
    );
    assert_eq!(answers["acme-referral"]["status"], 200);
    assert_eq!(answers["acme-referral"]["body"]["locale"], "de");
    assert!(answers["acme-referral"]["body"]["html"].is_string());
    assert_eq!(answers["nope"]["status"], 404);
    assert_eq!(answers["nope"]["body"]["error"]["code"], "form_not_found");
    let (_, alone) = proxy
        .send(get_from("/v1/forms/nope/embed?locale=de", ALLOWED_ORIGIN))
        .await;
    assert_eq!(
        answers["nope"]["body"],
        serde_json::from_str::<serde_json::Value>(&alone).unwrap(),
        "the refusal is the one the form's own address gives, in German"
    );

    let (_, _, refused) = batch(&proxy, "forms=acme-referral", OTHER_ORIGIN).await;
    assert_eq!(refused["acme-referral"]["status"], 403);
    assert_eq!(
        refused["acme-referral"]["body"]["error"]["code"],
        "origin_not_allowed"
    );

    let (_, cache, test) = batch(&proxy, "forms=acme-referral", STAGING).await;
    assert_eq!(test["acme-referral"]["body"]["test"], true);
    assert_eq!(
        cache.as_deref(),
        Some("no-store"),
        "a test origin sees edits at once"
    );

    let (status, _, empty) = batch(&proxy, "forms=", ALLOWED_ORIGIN).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(empty["error"]["code"], "form_not_found");
}
