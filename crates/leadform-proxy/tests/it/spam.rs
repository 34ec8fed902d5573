//! Bots, as the proxy meets them: a submission without a fill token is refused with a clear
//! code; one whose token is forged, expired, too young or already used for other answers is
//! thanked like a person's and never reaches JourneyBee. People, on both stores, get through.

use leadform_core::RefusalCode;

use std::time::Duration;

use crate::common::stores::{Store, on_both_stores};
use crate::common::upstream::{Fault, Upstream};
use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use leadform_proxy::abuse::fill_token::{self, FillTokenSettings, FillTokens, TokenKeys};
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;
use leadform_proxy::outbox::now_millis;

on_both_stores!(
    every_kind_of_bot_is_thanked_and_none_reaches_journeybee,
    a_token_is_one_submission_but_its_repeats_are_that_submission,
    a_token_whose_lead_journeybee_refused_may_send_corrected_answers,
);

async fn proxy(store: Store) -> (TestProxy, Upstream) {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let proxy = TestProxy::start(store, &upstream.url, API_KEY).await;
    (proxy, upstream)
}

/// Sends `body` with `token` (and `key`); returns the status and the answer.
async fn send_with(
    proxy: &TestProxy,
    body: &str,
    token: &str,
    key: Option<&str>,
) -> (StatusCode, String, bool) {
    let mut request = keyed_submission(Some(ALLOWED_ORIGIN), body, key);
    request
        .headers_mut()
        .insert(fill_token::HEADER, token.parse().expect("a header value"));
    let (response, text) = proxy.send(request).await;
    let replayed = header(&response, "idempotent-replayed") == Some("true");
    (response.status(), text, replayed)
}

#[track_caller]
fn assert_thanked(status: StatusCode, body: &str) {
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(receipt_status(body), "queued", "{body}");
}

async fn spam_counted(proxy: &TestProxy, reason: &str) -> u64 {
    let (_, metrics) = proxy
        .send(Request::get("/metrics").body(Body::empty()).unwrap())
        .await;
    let prefix = format!(r#"leadform_spam_total{{form="acme-referral",reason="{reason}"}} "#);
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map_or(0, |count| count.trim().parse().expect("a count"))
}

async fn every_kind_of_bot_is_thanked_and_none_reaches_journeybee(store: Store) {
    let (proxy, upstream) = proxy(store).await;
    let now = now_millis();
    let lifetime = FillTokenSettings::default().lifetime.as_millis() as i64;
    let other_key = FillTokens::new(TokenKeys::generate(), test_tokens().settings());
    let genuine = fill_token();
    let mut tampered = genuine.clone();
    tampered.replace_range(
        genuine.len() - 1..,
        if genuine.ends_with('0') { "1" } else { "0" },
    );
    let bots = [
        ("token_forged", "made up".to_owned()),
        ("token_forged", tampered),
        ("token_forged", other_key.issue("acme-referral", now)),
        ("token_forged", test_tokens().issue("another-form", now)),
        (
            "token_expired",
            test_tokens().issue("acme-referral", now - lifetime - 1_000),
        ),
    ];
    for (n, (reason, token)) in bots.iter().enumerate() {
        let before = spam_counted(&proxy, reason).await;
        let (status, body, _) = send_with(&proxy, &lead_submission(n), token, None).await;
        assert_thanked(status, &body);
        // At least: the other store's test counts into the same metrics.
        assert!(spam_counted(&proxy, reason).await > before, "{reason}");
    }

    // Sent at once, where the form must be shown for a minute first.
    proxy.state.clone().with_fill_tokens(FillTokens::new(
        TokenKeys::parse(&"5e".repeat(32)).expect("the test key"),
        FillTokenSettings {
            min_fill: Duration::from_secs(60),
            ..FillTokenSettings::default()
        },
    ));
    let before = spam_counted(&proxy, "too_fast").await;
    let (status, body, _) = send_with(&proxy, &lead_submission(10), &fill_token(), None).await;
    assert_thanked(status, &body);
    assert!(spam_counted(&proxy, "too_fast").await > before);
    // A person who took their time is a person.
    let shown_a_minute_ago = test_tokens().issue("acme-referral", now_millis() - 61_000);
    let (status, body, _) =
        send_with(&proxy, &lead_submission(11), &shown_a_minute_ago, None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let leads = upstream.leads();
    assert_eq!(leads.len(), 1, "only the person's lead: {leads:?}");
    assert_eq!(
        leads[0].request.email.as_deref(),
        Some("lead11@example.com")
    );
    assert_eq!(
        proxy.records().await.len(),
        1,
        "no bot's submission is stored"
    );
    assert_eq!(upstream.create_requests(), 1);
}

async fn a_token_is_one_submission_but_its_repeats_are_that_submission(store: Store) {
    let (proxy, upstream) = proxy(store).await;
    let token = fill_token();
    let (status, first, _) = send_with(&proxy, &lead_submission(1), &token, Some("k-1")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // A double click, or a retry after a lost answer: the same submission.
    let (status, again, replayed) =
        send_with(&proxy, &lead_submission(1), &token, Some("k-1")).await;
    assert_eq!((status, replayed), (StatusCode::CREATED, true), "{again}");
    // The same answers and token under another key are still that one submission.
    let (status, rekeyed, replayed) =
        send_with(&proxy, &lead_submission(1), &token, Some("k-2")).await;
    assert_eq!((status, replayed), (StatusCode::CREATED, true), "{rekeyed}");
    // The same token for other answers: a bot reusing it, thanked and dropped.
    let before = spam_counted(&proxy, "token_reused").await;
    let (status, reused, _) = send_with(&proxy, &lead_submission(2), &token, Some("k-3")).await;
    assert_thanked(status, &reused);
    let (status, reused, _) = send_with(&proxy, &lead_submission(3), &token, None).await;
    assert_thanked(status, &reused);
    assert!(spam_counted(&proxy, "token_reused").await >= before + 2);
    // Its key was not taken by the bot: a person may use it with their own token.
    let (status, person, _) =
        send_with(&proxy, &lead_submission(2), &fill_token(), Some("k-3")).await;
    assert_eq!(status, StatusCode::CREATED, "{person}");
    let emails: Vec<String> = upstream
        .leads()
        .iter()
        .filter_map(|lead| lead.request.email.clone())
        .collect();
    assert_eq!(emails, ["lead1@example.com", "lead2@example.com"]);
}

async fn a_token_whose_lead_journeybee_refused_may_send_corrected_answers(store: Store) {
    let (proxy, upstream) = proxy(store).await;
    upstream.script([Fault::Status(422)]);
    let token = fill_token();
    let (status, refused, _) = send_with(&proxy, &lead_submission(1), &token, Some("a")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(error_code(&refused), RefusalCode::LeadRejected.as_str());
    // The visitor hears the refusal while it is written down; a person reads it first.
    proxy.settled().await;
    let (status, corrected, _) = send_with(&proxy, &lead_submission(2), &token, Some("b")).await;
    assert_eq!(status, StatusCode::CREATED, "{corrected}");
    assert_eq!(upstream.leads().len(), 1);
}

#[tokio::test]
async fn the_token_route_gives_each_visitor_a_token_of_their_own() {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let proxy = TestProxy::start(Store::Sqlite, &upstream.url, API_KEY).await;
    let get = |origin: &str| get_from("/v1/forms/acme-referral/token", origin);
    let (response, first) = proxy.send(get(ALLOWED_ORIGIN)).await;
    assert_eq!(response.status(), StatusCode::OK, "{first}");
    assert_eq!(header(&response, "cache-control"), Some("no-store"));
    let (_, second) = proxy.send(get(ALLOWED_ORIGIN)).await;
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    let second: serde_json::Value = serde_json::from_str(&second).unwrap();
    assert_ne!(first["token"], second["token"]);
    assert_eq!(first["wait"], 0, "the test proxy's minimum time");
    assert_eq!(first["life"], 7_200_000);
    let token = first["token"].as_str().expect("a token");
    let (status, body, _) = send_with(&proxy, VALID_SUBMISSION, token, None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (refused, body) = proxy.send(get(OTHER_ORIGIN)).await;
    assert_refused(
        &refused,
        &body,
        StatusCode::FORBIDDEN,
        RefusalCode::OriginNotAllowed.as_str(),
    );
}
