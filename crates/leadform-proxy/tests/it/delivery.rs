//! Every accepted submission reaches JourneyBee exactly once, whatever the upstream does for
//! a while: each scenario runs on SQLite and PostgreSQL, against an upstream that honours
//! `Idempotency-Key` and one that ignores it (there, the Get Leads check is what prevents the
//! duplicate). Duplicates are allowed by the stub, so a second send shows as a second lead.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::common::stores::Store;
use crate::common::upstream::{Fault, Upstream};
use crate::common::*;
use axum::http::StatusCode;
use leadform_proxy::journeybee::sandbox::{DuplicateLeads, IdempotencyKeys, SandboxOptions};
use leadform_proxy::outbox::{DeliveryState, Lease, now_millis};
use leadform_proxy::{DeliverySettings, DoubtPolicy};

/// Runs each scenario on both stores against both kinds of upstream.
macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        mod sqlite_upstream_honours_keys {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Sqlite, super::IdempotencyKeys::Honour).await })*
        }
        mod sqlite_upstream_ignores_keys {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Sqlite, super::IdempotencyKeys::Ignore).await })*
        }
        mod postgres_upstream_honours_keys {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Postgres, super::IdempotencyKeys::Honour).await })*
        }
        mod postgres_upstream_ignores_keys {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Postgres, super::IdempotencyKeys::Ignore).await })*
        }
    };
}

scenarios!(
    server_errors_for_a_while,
    rate_limited_with_retry_after,
    an_upstream_limit_per_minute_is_never_exceeded,
    answers_slower_than_the_timeout,
    the_connection_closes_after_the_lead_was_stored,
    a_lead_created_by_a_later_attempt_is_found,
    a_garbage_201,
    connection_refused_until_the_upstream_comes_back,
    a_redirect_is_never_followed,
);

/// Submits leads `0..n`, four visitors at a time, each with an `Idempotency-Key` of its own.
async fn submit(proxy: &TestProxy, leads: std::ops::Range<usize>) -> Vec<(StatusCode, String)> {
    let mut answers = Vec::new();
    let leads: Vec<usize> = leads.collect();
    for batch in leads.chunks(4) {
        let sends = batch.iter().map(|&n| async move {
            let key = format!("visitor-{n}");
            let (response, body) = proxy
                .send(keyed_submission(
                    Some(ALLOWED_ORIGIN),
                    &lead_submission(n),
                    Some(&key),
                ))
                .await;
            (response.status(), body)
        });
        answers.extend(futures_util::future::join_all(sends).await);
    }
    for (status, body) in &answers {
        assert!(
            matches!(*status, StatusCode::CREATED | StatusCode::ACCEPTED),
            "accepted: {status} {body}"
        );
    }
    answers
}

/// Once everything settled: every submission delivered, one lead per submission upstream,
/// and each record names the lead with its own email.
async fn assert_each_delivered_once(proxy: &TestProxy, upstream: &Upstream, n: usize) {
    let records = proxy.settled().await;
    assert_eq!(records.len(), n, "one record per submission");
    let leads = upstream.leads();
    let mut per_email: HashMap<String, usize> = HashMap::new();
    for lead in &leads {
        *per_email
            .entry(lead.request.email.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let duplicated: Vec<_> = per_email.iter().filter(|(_, count)| **count > 1).collect();
    assert!(duplicated.is_empty(), "sent twice: {duplicated:?}");
    assert_eq!(leads.len(), n, "every accepted submission became a lead");
    for record in &records {
        assert_eq!(
            record.state,
            DeliveryState::Delivered,
            "{}: {:?}",
            record.id,
            record.last_error
        );
        let lead_id = record.lead.as_ref().expect("a delivered lead").id;
        let lead = leads
            .iter()
            .find(|lead| lead.id == lead_id)
            .expect("the recorded lead exists upstream");
        assert!(
            record
                .request
                .contains(lead.request.email.as_deref().unwrap_or("?")),
            "record {} names the lead of another submission",
            record.id
        );
    }
}

async fn setup(store: Store, keys: IdempotencyKeys) -> (TestProxy, Upstream) {
    let upstream = Upstream::start(keys).await;
    let proxy = TestProxy::start(store, &upstream.url, API_KEY).await;
    (proxy, upstream)
}

async fn server_errors_for_a_while(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    // Twice as many failures as first attempts: on a loaded machine the worker's retries
    // (fast backoff) also take some while the six are still being submitted.
    upstream.script(
        [503, 503, 500, 502, 503, 504, 500, 503]
            .repeat(2)
            .into_iter()
            .map(Fault::Status),
    );
    let answers = submit(&proxy, 0..6).await;
    assert!(
        answers
            .iter()
            .all(|(status, _)| *status == StatusCode::ACCEPTED),
        "nothing was delivered at once: {answers:?}"
    );
    assert_each_delivered_once(&proxy, &upstream, 6).await;
    assert_eq!(upstream.faults_left(), 0);
}

async fn rate_limited_with_retry_after(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    upstream.script([Fault::RateLimited(1), Fault::RateLimited(1)]);
    let refused_at = time::OffsetDateTime::now_utc();
    submit(&proxy, 0..2).await;
    submit(&proxy, 2..6).await;
    assert_each_delivered_once(&proxy, &upstream, 6).await;
    let first_lead = upstream.leads().iter().map(|lead| lead.created_at).min();
    let waited = first_lead.expect("leads") - refused_at;
    assert!(
        waited >= time::Duration::milliseconds(900),
        "Retry-After: 1 held back every submission, yet a lead came {waited} after the 429"
    );
}

async fn an_upstream_limit_per_minute_is_never_exceeded(store: Store, keys: IdempotencyKeys) {
    let upstream = Upstream::with_options(SandboxOptions {
        idempotency_keys: keys,
        duplicate_leads: DuplicateLeads::Allow,
        rate_limit_per_minute: Some(300),
        ..SandboxOptions::default()
    })
    .await;
    let settings = DeliverySettings {
        rate_per_minute: 300,
        ..fast_settings()
    };
    let proxy = TestProxy::with_settings(store, &upstream.url, API_KEY, settings).await;
    let started = Instant::now();
    submit(&proxy, 0..16).await;
    assert_each_delivered_once(&proxy, &upstream, 16).await;
    assert_eq!(
        upstream.rate_limited(),
        0,
        "the proxy kept within the limit"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "16 leads at 300 a minute (5 at once, then 5 a second) take over 2 s, took {:?}",
        started.elapsed()
    );
}

async fn answers_slower_than_the_timeout(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    upstream.script([Fault::SlowAfterStoring(Duration::from_millis(700)); 3]);
    submit(&proxy, 0..5).await;
    assert_each_delivered_once(&proxy, &upstream, 5).await;
    let found = proxy
        .records()
        .await
        .into_iter()
        .filter(|record| record.found_by_check)
        .count();
    assert_eq!(
        found, 3,
        "the three timed-out leads were found by Get Leads"
    );
}

async fn the_connection_closes_after_the_lead_was_stored(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    upstream.script([Fault::CloseAfterStoring; 3]);
    submit(&proxy, 0..5).await;
    assert_each_delivered_once(&proxy, &upstream, 5).await;
    let records = proxy.records().await;
    assert_eq!(
        records
            .iter()
            .filter(|record| record.found_by_check)
            .count(),
        3
    );
    let checked = &records.iter().find(|record| record.found_by_check).unwrap();
    let history = proxy.outbox.events(&checked.id).await.unwrap();
    assert!(
        history
            .iter()
            .any(|event| event.kind == "check" && event.detail.starts_with("Get Leads found lead")),
        "what the check found is recorded: {history:?}"
    );
}

async fn a_lead_created_by_a_later_attempt_is_found(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    // The first attempt is refused before anything is done; the second stores the lead, but
    // its answer comes after the timeout. Get Leads looks from the first attempt on.
    upstream.script([
        Fault::Status(503),
        Fault::SlowAfterStoring(Duration::from_millis(700)),
    ]);
    submit(&proxy, 0..1).await;
    assert_each_delivered_once(&proxy, &upstream, 1).await;
    let record = &proxy.records().await[0];
    assert!(record.found_by_check, "found, not sent a third time");
    assert_eq!(upstream.create_requests(), 2);
}

async fn a_garbage_201(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    upstream.script([Fault::GarbageAfterStoring; 3]);
    submit(&proxy, 0..5).await;
    assert_each_delivered_once(&proxy, &upstream, 5).await;
}

async fn connection_refused_until_the_upstream_comes_back(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    upstream.go_down().await;
    let answers = submit(&proxy, 0..5).await;
    assert!(
        answers
            .iter()
            .all(|(status, body)| *status == StatusCode::ACCEPTED
                && receipt_status(body) == "queued")
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(upstream.leads().is_empty());
    upstream.come_back().await;
    assert_each_delivered_once(&proxy, &upstream, 5).await;
}

async fn a_redirect_is_never_followed(store: Store, keys: IdempotencyKeys) {
    let (proxy, upstream) = setup(store, keys).await;
    upstream.script([Fault::Redirect; 3]);
    submit(&proxy, 0..5).await;
    assert_each_delivered_once(&proxy, &upstream, 5).await;
    assert_eq!(
        upstream.redirect_target.hits(),
        0,
        "nothing, and no personal data, went to the redirect's host"
    );
}

/// The control experiment: without the Get Leads check, an upstream that ignores the key
/// does get a second lead. This is what the check prevents above.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trusting_the_key_where_it_is_ignored_sends_twice() {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let settings = DeliverySettings {
        doubt: DoubtPolicy::TrustIdempotencyKey,
        ..fast_settings()
    };
    let proxy = TestProxy::with_settings(Store::Sqlite, &upstream.url, API_KEY, settings).await;
    upstream.script([Fault::CloseAfterStoring]);
    submit(&proxy, 0..1).await;
    proxy.settled().await;
    assert_eq!(upstream.leads().len(), 2, "the lead was created twice");
}

/// The lease of a record in doubt runs out while its holder, after asking Get Leads, waits
/// for the rate limit (20 a minute: a token every 3 s, longer than the 2.4 s lease). The
/// holder extends its lease before sending, unless another has taken the record meanwhile:
/// then it sends nothing, so the two never both send.
async fn a_lease_runs_out_while_its_holder_waits(store: Store, taken_over: bool) {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let settings = DeliverySettings {
        rate_per_minute: 20,
        ..fast_settings()
    };
    let proxy = TestProxy::with_settings(store, &upstream.url, API_KEY, settings).await;
    // Failed in a way that may have created the lead: the next attempt checks first.
    upstream.script([Fault::Status(500)]);
    submit(&proxy, 0..1).await;
    let id = proxy.records().await[0].id.clone();
    eventually("the holder's lease ran out while it waits", || async {
        let record = proxy.outbox.get(&id).await.ok()??;
        (record.in_doubt
            && record.lease_owner.is_some()
            && record.lease_until.is_some_and(|until| until < now_millis()))
        .then_some(())
    })
    .await;
    if !taken_over {
        let records = proxy.settled().await;
        assert_eq!(records[0].state, DeliveryState::Delivered);
        assert_eq!(upstream.leads().len(), 1);
        assert_eq!(upstream.create_requests(), 2);
        return;
    }
    let thief = Lease {
        owner: "another-replica".into(),
        until: now_millis() + 60_000,
    };
    proxy
        .outbox
        .claim_due(&thief, now_millis())
        .await
        .unwrap()
        .expect("a record whose lease ran out may be taken");
    // The old holder's token comes within 3.2 s of the last.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(upstream.create_requests(), 1, "the old holder sent nothing");
    let record = proxy.outbox.get(&id).await.unwrap().unwrap();
    assert_eq!(
        (record.state, record.lease_owner.as_deref()),
        (DeliveryState::Queued, Some("another-replica"))
    );
}

mod a_lease_runs_out_while_its_holder_waits {
    use super::{Store, a_lease_runs_out_while_its_holder_waits as scenario};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_still_held_extended() {
        scenario(Store::Sqlite, false).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_taken_over_sends_nothing() {
        scenario(Store::Sqlite, true).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_still_held_extended() {
        scenario(Store::Postgres, false).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_taken_over_sends_nothing() {
        scenario(Store::Postgres, true).await;
    }
}
