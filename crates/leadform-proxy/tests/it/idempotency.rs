//! Repeats as a visitor, a browser and an operator make them, through the HTTP surface, on
//! both stores: one lead per submission and the same answer each time.

use leadform_core::RefusalCode;

use std::time::Duration;

use crate::common::stores::{Store, on_both_stores};
use crate::common::upstream::{Fault, Upstream};
use crate::common::*;
use axum::http::StatusCode;
use leadform_proxy::DeliverySettings;
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;
use leadform_proxy::outbox::{DeliveryState, OperatorChange, now_millis};

on_both_stores!(
    a_double_click_makes_one_lead_and_the_same_answer_twice,
    a_retry_after_a_lost_answer_gets_the_first_outcome,
    the_same_key_with_other_answers_is_refused,
    without_a_key_the_same_answers_within_the_window_are_one_submission,
    the_answer_is_the_same_after_a_restart,
    too_old_to_retry_is_dead_until_an_operator_retries_it,
);

async fn post(proxy: &TestProxy, body: &str, key: Option<&str>) -> (StatusCode, String, bool) {
    let (response, text) = proxy
        .send(keyed_submission(Some(ALLOWED_ORIGIN), body, key))
        .await;
    let replayed = header(&response, "idempotent-replayed") == Some("true");
    (response.status(), text, replayed)
}

async fn a_double_click_makes_one_lead_and_the_same_answer_twice(store: Store) {
    // The first attempt is still under way when the second click arrives.
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    upstream.script([Fault::SlowAfterStoring(Duration::from_millis(150))]);
    let settings = DeliverySettings {
        upstream_timeout: Duration::from_secs(2),
        ..fast_settings()
    };
    let proxy = TestProxy::with_settings(store, &upstream.url, API_KEY, settings).await;
    let body = lead_submission(1);
    let (first, second) = tokio::join!(
        post(&proxy, &body, Some("click-1")),
        post(&proxy, &body, Some("click-1"))
    );
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.1);
    assert_eq!(
        (first.0, &first.1),
        (second.0, &second.1),
        "the same answer"
    );
    assert!(first.2 ^ second.2, "exactly one of them is the repeat");
    assert_eq!(upstream.leads().len(), 1);
    assert_eq!(proxy.records().await.len(), 1);
}

async fn a_retry_after_a_lost_answer_gets_the_first_outcome(store: Store) {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    upstream.go_down().await;
    let proxy = TestProxy::start(store, &upstream.url, API_KEY).await;
    let body = lead_submission(2);
    let (status, queued, replayed) = post(&proxy, &body, Some("visit-2")).await;
    assert_eq!(
        (status, replayed),
        (StatusCode::ACCEPTED, false),
        "{queued}"
    );
    upstream.come_back().await;
    let records = proxy.settled().await;
    // The browser never saw that answer and sends again: same submission, now delivered.
    let (status, delivered, replayed) = post(&proxy, &body, Some("visit-2")).await;
    assert_eq!(
        (status, replayed),
        (StatusCode::CREATED, true),
        "{delivered}"
    );
    let receipt: serde_json::Value = serde_json::from_str(&delivered).unwrap();
    let first: serde_json::Value = serde_json::from_str(&queued).unwrap();
    assert_eq!(receipt["submission_id"], first["submission_id"]);
    assert_eq!(receipt["id"], records[0].lead.as_ref().unwrap().id);
    assert_eq!(upstream.leads().len(), 1);
}

async fn the_same_key_with_other_answers_is_refused(store: Store) {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let proxy = TestProxy::start(store, &upstream.url, API_KEY).await;
    let (status, _, _) = post(&proxy, &lead_submission(3), Some("k-3")).await;
    assert_eq!(status, StatusCode::CREATED);
    let (response, body) = proxy
        .send(keyed_submission(
            Some(ALLOWED_ORIGIN),
            &lead_submission(4),
            Some("k-3"),
        ))
        .await;
    assert_refused(
        &response,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        RefusalCode::IdempotencyKeyReused.as_str(),
    );
    let (response, body) = proxy
        .send(keyed_submission(
            Some(ALLOWED_ORIGIN),
            &lead_submission(4),
            Some("no spaces allowed"),
        ))
        .await;
    assert_refused(
        &response,
        &body,
        StatusCode::BAD_REQUEST,
        RefusalCode::InvalidIdempotencyKey.as_str(),
    );
    assert_eq!(upstream.leads().len(), 1);
}

async fn without_a_key_the_same_answers_within_the_window_are_one_submission(store: Store) {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let settings = DeliverySettings {
        keyless_window: Duration::from_millis(600),
        ..fast_settings()
    };
    let proxy = TestProxy::with_settings(store, &upstream.url, API_KEY, settings).await;
    let body = lead_submission(5);
    let (first_status, first, first_replayed) = post(&proxy, &body, None).await;
    // The same JSON written differently is still the same answers.
    let respaced = body.replace(",", " , ");
    let (again_status, again, again_replayed) = post(&proxy, &respaced, None).await;
    assert_eq!(
        (first_status, first_replayed, again_status, again_replayed),
        (StatusCode::CREATED, false, StatusCode::CREATED, true)
    );
    assert_eq!(first, again);
    assert_eq!(upstream.leads().len(), 1);

    tokio::time::sleep(Duration::from_millis(700)).await;
    let (status, later, replayed) = post(&proxy, &body, None).await;
    assert_eq!((status, replayed), (StatusCode::CREATED, false), "{later}");
    assert_eq!(
        upstream.leads().len(),
        2,
        "after the window it is a new submission"
    );
}

async fn the_answer_is_the_same_after_a_restart(store: Store) {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let proxy = TestProxy::start(store, &upstream.url, API_KEY).await;
    let body = lead_submission(6);
    let (status, first, _) = post(&proxy, &body, Some("k-6")).await;
    assert_eq!(status, StatusCode::CREATED);
    let store = proxy.stop().await;
    let restarted = TestProxy::on_store(store, &upstream.url, API_KEY, fast_settings()).await;
    let (status, again, replayed) = post(&restarted, &body, Some("k-6")).await;
    assert_eq!((status, replayed), (StatusCode::CREATED, true));
    assert_eq!(first, again);
    assert_eq!(upstream.leads().len(), 1);
}

async fn too_old_to_retry_is_dead_until_an_operator_retries_it(store: Store) {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    upstream.go_down().await;
    let settings = DeliverySettings {
        max_age: Duration::from_millis(300),
        ..fast_settings()
    };
    let proxy = TestProxy::with_settings(store, &upstream.url, API_KEY, settings).await;
    let body = lead_submission(7);
    let (status, _, _) = post(&proxy, &body, Some("k-7")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let records = proxy.settled().await;
    let record = &records[0];
    assert_eq!(record.state, DeliveryState::Dead);
    assert!(
        record
            .last_error
            .as_deref()
            .is_some_and(|error| error.contains("connect")),
        "the last error is kept: {:?}",
        record.last_error
    );
    let (response, text) = proxy
        .send(keyed_submission(Some(ALLOWED_ORIGIN), &body, Some("k-7")))
        .await;
    assert_refused(
        &response,
        &text,
        StatusCode::BAD_GATEWAY,
        RefusalCode::NotDelivered.as_str(),
    );

    upstream.come_back().await;
    let OperatorChange::Done(_) = proxy
        .outbox
        .retry(&record.id, now_millis(), now_millis() + 60_000, false)
        .await
        .unwrap()
    else {
        panic!("a dead record can be retried");
    };
    let records = proxy.settled().await;
    assert_eq!(records[0].state, DeliveryState::Delivered);
    assert_eq!(upstream.leads().len(), 1);
}
