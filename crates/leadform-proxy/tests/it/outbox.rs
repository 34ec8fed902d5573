//! The outbox's promises, checked the same way on SQLite and on a real PostgreSQL server:
//! accepted means stored, a key stands for one submission, a due record is claimed by one
//! claimer only, a lease that runs out hands the record on (in doubt), and the rate limit
//! is one bucket for everyone sharing the store.

use std::collections::HashSet;
use std::time::Duration;

use crate::common::stores::{Store, TestStore, on_both_stores};
use leadform_proxy::journeybee::upstream_rate::BucketSettings;
use leadform_proxy::outbox::{
    Acceptance, DeliveredLead, DeliveryState, Finish, IdempotencyClaim, Lease, ListFilter, Millis,
    NewSubmission, OperatorChange, Outbox, OutboxRecord, Outcome, PermitGrant, now_millis,
};

on_both_stores!(
    a_key_stands_for_one_submission_and_one_body,
    a_keyless_fingerprint_expires_with_its_window,
    concurrent_claims_take_each_due_record_once,
    an_expired_lease_hands_the_record_on_in_doubt,
    a_lost_lease_cannot_write_an_outcome,
    only_the_holder_extends_a_lease,
    operators_retry_and_discard_within_the_rules,
    a_retry_after_a_discard_still_checks_an_open_attempt,
    records_and_keys_outlive_a_restart,
    everyone_sharing_the_store_draws_from_one_bucket,
);

const HOUR: Millis = 3_600_000;

fn new_submission(key: &str, fingerprint: &str, lease: Option<Lease>) -> NewSubmission {
    NewSubmission {
        id: uuid::Uuid::now_v7().to_string(),
        form_id: "acme-referral".into(),
        request: r#"{"associationType":"referral","email":"a@b.example"}"#.into(),
        idempotency: IdempotencyClaim {
            key: key.into(),
            fingerprint: fingerprint.into(),
            expires_at: now_millis() + HOUR,
        },
        token: None,
        give_up_at: now_millis() + HOUR,
        consent: None,
        test: false,
        lease,
    }
}

fn lease(owner: &str, millis: Millis) -> Lease {
    Lease {
        owner: owner.into(),
        until: now_millis() + millis,
    }
}

fn delivered(id: u64) -> Finish {
    Finish {
        outcome: Outcome::Delivered {
            lead: DeliveredLead {
                id,
                uuid: format!("lead-{id}"),
                partnership_lead_id: None,
            },
            found_by_check: false,
        },
        events: vec![("attempt".into(), format!("created lead {id}"))],
    }
}

/// The record an operator's change left; `why` says why it must have been allowed.
#[track_caller]
fn done(change: OperatorChange, why: &str) -> OutboxRecord {
    match change {
        OperatorChange::Done(record) => *record,
        other => panic!("{why}: {other:?}"),
    }
}

async fn accept(outbox: &Outbox, new: NewSubmission) -> Acceptance {
    outbox
        .accept(new, now_millis())
        .await
        .expect("the outbox accepts")
}

/// Accepts a submission that must be new; `why` says why it must.
async fn accept_new(outbox: &Outbox, new: NewSubmission, why: &str) -> OutboxRecord {
    match accept(outbox, new).await {
        Acceptance::New(record) => record,
        other => panic!("{why}: {other:?}"),
    }
}

async fn a_key_stands_for_one_submission_and_one_body(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    let first = accept_new(
        &outbox,
        new_submission("key:k1", "aaa", None),
        "a new key makes a new submission",
    )
    .await;
    assert_eq!((first.state, first.attempts), (DeliveryState::Queued, 0));
    match accept(&outbox, new_submission("key:k1", "aaa", None)).await {
        Acceptance::Existing(again) => assert_eq!(again.id, first.id),
        other => panic!("the same key and body are the same submission: {other:?}"),
    }
    assert!(matches!(
        accept(&outbox, new_submission("key:k1", "bbb", None)).await,
        Acceptance::KeyReused
    ));
    let leased = accept_new(
        &outbox,
        new_submission("key:k2", "aaa", Some(lease("me", 60_000))),
        "another key is another submission",
    )
    .await;
    assert_eq!(
        (
            leased.attempts,
            leased.attempt_open,
            leased.lease_owner.as_deref()
        ),
        (1, true, Some("me")),
        "accepted for an attempt right away"
    );
    let all = outbox
        .list(&ListFilter {
            test_only: false,
            limit: 10,
            ..ListFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    outbox.close().await;
}

async fn a_keyless_fingerprint_expires_with_its_window(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    let mut short = new_submission("body:fff", "fff", None);
    short.idempotency.expires_at = now_millis() + 150;
    let first = accept_new(&outbox, short.clone(), "new").await;
    let mut repeat = short.clone();
    repeat.id = uuid::Uuid::now_v7().to_string();
    assert!(
        matches!(accept(&outbox, repeat.clone()).await, Acceptance::Existing(ref r) if r.id == first.id)
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    repeat.idempotency.expires_at = now_millis() + 150;
    match accept(&outbox, repeat).await {
        Acceptance::New(second) => assert_ne!(second.id, first.id),
        other => panic!("after the window the same body is a new submission: {other:?}"),
    }
    outbox.close().await;
}

async fn concurrent_claims_take_each_due_record_once(store: Store) {
    const RECORDS: usize = 150;
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    for n in 0..RECORDS {
        accept(&outbox, new_submission(&format!("key:{n}"), "x", None)).await;
    }
    // Sixteen claimers, as if on several replicas, race for the same records.
    let claimers = (0..16).map(|claimer| {
        let outbox = outbox.clone();
        tokio::spawn(async move {
            let mut claimed = Vec::new();
            let owner = format!("claimer-{claimer}");
            while let Some(record) = outbox
                .claim_due(&lease(&owner, 60_000), now_millis())
                .await
                .expect("claims")
            {
                assert_eq!(record.lease_owner.as_deref(), Some(owner.as_str()));
                claimed.push(record.id);
            }
            claimed
        })
    });
    let mut all = Vec::new();
    for claimer in claimers {
        all.extend(claimer.await.expect("claimer ran"));
    }
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(
        (all.len(), unique.len()),
        (RECORDS, RECORDS),
        "each record claimed exactly once"
    );
    assert_eq!(
        outbox
            .next_due(now_millis())
            .await
            .unwrap()
            .map(|due| due > now_millis()),
        Some(true)
    );
    outbox.close().await;
}

async fn an_expired_lease_hands_the_record_on_in_doubt(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    accept(&outbox, new_submission("key:a", "x", None)).await;
    let first = outbox
        .claim_due(&lease("dies", 100), now_millis())
        .await
        .unwrap()
        .expect("due");
    assert!(!first.in_doubt, "nothing was attempted before");
    assert!(
        outbox
            .claim_due(&lease("other", 60_000), now_millis())
            .await
            .unwrap()
            .is_none(),
        "leased: nobody else may take it"
    );
    tokio::time::sleep(Duration::from_millis(150)).await;
    let second = outbox
        .claim_due(&lease("other", 60_000), now_millis())
        .await
        .unwrap()
        .expect("the lease ran out");
    assert_eq!(second.id, first.id);
    assert!(second.in_doubt, "its first attempt never wrote an outcome");
    assert_eq!(second.attempts, 2);
    outbox.close().await;
}

async fn a_lost_lease_cannot_write_an_outcome(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    accept(&outbox, new_submission("key:a", "x", None)).await;
    let first = outbox
        .claim_due(&lease("slow", 50), now_millis())
        .await
        .unwrap()
        .expect("due");
    tokio::time::sleep(Duration::from_millis(100)).await;
    outbox
        .claim_due(&lease("quick", 60_000), now_millis())
        .await
        .unwrap()
        .expect("taken over");
    let late = outbox
        .finish(&first.id, "slow", delivered(1), now_millis())
        .await
        .unwrap();
    assert!(late.is_none(), "the old holder's outcome is not written");
    let done = outbox
        .finish(&first.id, "quick", delivered(2), now_millis())
        .await
        .unwrap()
        .expect("the holder writes");
    assert_eq!(
        (done.state, done.lead.map(|lead| lead.id), done.lease_owner),
        (DeliveryState::Delivered, Some(2), None)
    );
    assert!(outbox.lead_recorded(2).await.unwrap());
    assert!(!outbox.lead_recorded(1).await.unwrap());
    let events = outbox.events(&first.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].detail, "created lead 2");
    outbox.close().await;
}

async fn only_the_holder_extends_a_lease(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    accept(&outbox, new_submission("key:a", "x", None)).await;
    let record = outbox
        .claim_due(&lease("me", 100), now_millis())
        .await
        .unwrap()
        .expect("due");
    let until = now_millis() + 60_000;
    assert!(
        !outbox
            .extend_lease(&record.id, "other", until)
            .await
            .unwrap()
    );
    assert!(outbox.extend_lease(&record.id, "me", until).await.unwrap());
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(
        outbox
            .claim_due(&lease("other", 60_000), now_millis())
            .await
            .unwrap()
            .is_none(),
        "the extended lease still holds after the first one would have run out"
    );
    let held = outbox.get(&record.id).await.unwrap().unwrap();
    assert_eq!(
        (held.lease_owner.as_deref(), held.lease_until),
        (Some("me"), Some(until))
    );

    // Once another has the record (here: the holder's lease ran out unextended), the old
    // holder cannot extend it any more.
    assert!(
        outbox
            .extend_lease(&record.id, "me", now_millis() + 50)
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    outbox
        .claim_due(&lease("other", 60_000), now_millis())
        .await
        .unwrap()
        .expect("taken over");
    assert!(!outbox.extend_lease(&record.id, "me", until).await.unwrap());
    outbox.close().await;
}

async fn a_retry_after_a_discard_still_checks_an_open_attempt(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    // Accepted with its first attempt open, by a process that never wrote how it ended.
    let record = accept_new(
        &outbox,
        new_submission("key:a", "x", Some(lease("dies", 50))),
        "new",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let retry = |force: bool| {
        let (outbox, id) = (outbox.clone(), record.id.clone());
        async move {
            let discarded = outbox.discard(&id, now_millis()).await.unwrap();
            done(discarded, "a record whose lease ran out may be discarded");
            let retried = outbox.retry(&id, now_millis(), now_millis() + HOUR, force);
            done(retried.await.unwrap(), "a discarded record may be retried")
        }
    };
    assert!(
        retry(false).await.in_doubt,
        "the open attempt may have created the lead: Get Leads is asked first"
    );
    assert!(!retry(true).await.in_doubt, "--force sends without asking");
    outbox.close().await;
}

/// SQLite serves one proxy, so a proxy that starts knows the leases it finds are a dead
/// process's: it keeps each as the time before which nobody touches the record (its
/// attempt may still land until then), and forgets only the owner.
#[tokio::test]
async fn a_restart_on_sqlite_keeps_a_dead_process_s_leases_until_they_run_out() {
    let store = TestStore::new(Store::Sqlite).await;
    let outbox = store.open().await;
    let record = accept_new(
        &outbox,
        new_submission("key:a", "x", Some(lease("killed", 1_500))),
        "new",
    )
    .await;
    outbox.close().await;
    drop(outbox);

    let restarted = store.open().await;
    let found = restarted.get(&record.id).await.unwrap().unwrap();
    assert_eq!(
        (found.lease_owner, found.lease_until, found.attempt_open),
        (None, record.lease_until, true)
    );
    assert!(
        restarted
            .claim_due(&lease("new", 60_000), now_millis())
            .await
            .unwrap()
            .is_none(),
        "not while the killed process's attempt may still land"
    );
    assert_eq!(
        restarted.next_due(now_millis()).await.unwrap(),
        record.lease_until,
        "the worker wakes when it runs out"
    );
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    let claimed = restarted
        .claim_due(&lease("new", 60_000), now_millis())
        .await
        .unwrap()
        .expect("due once the lease ran out");
    assert!(claimed.in_doubt, "asked about before it is sent again");
    restarted.close().await;
}

async fn operators_retry_and_discard_within_the_rules(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    let record = accept_new(
        &outbox,
        new_submission("key:a", "x", Some(lease("me", 60_000))),
        "new",
    )
    .await;
    assert!(
        matches!(
            outbox.discard(&record.id, now_millis()).await.unwrap(),
            OperatorChange::NotAllowed(DeliveryState::Queued)
        ),
        "not while an attempt is under way"
    );
    let dead = Finish {
        outcome: Outcome::Dead {
            error: "too old".into(),
        },
        events: Vec::new(),
    };
    outbox
        .finish(&record.id, "me", dead, now_millis())
        .await
        .unwrap()
        .expect("finished");
    let retried = done(
        outbox
            .retry(&record.id, now_millis(), now_millis() + HOUR, false)
            .await
            .unwrap(),
        "a dead record may be retried",
    );
    assert_eq!(
        (retried.state, retried.finished_at),
        (DeliveryState::Queued, None)
    );
    let discarded = done(
        outbox.discard(&record.id, now_millis()).await.unwrap(),
        "a queued record not in flight may be discarded",
    );
    assert_eq!(discarded.state, DeliveryState::Discarded);
    assert!(matches!(
        outbox
            .retry("nope", now_millis(), now_millis(), false)
            .await
            .unwrap(),
        OperatorChange::NotFound
    ));
    let kinds: Vec<String> = outbox
        .events(&record.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, ["retry", "discard"]);
    let listed = outbox
        .list(&ListFilter {
            test_only: false,
            state: Some(DeliveryState::Discarded),
            form_id: Some("acme-referral".into()),
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let none = outbox
        .list(&ListFilter {
            test_only: false,
            state: None,
            form_id: Some("other-form".into()),
            limit: 10,
        })
        .await
        .unwrap();
    assert!(none.is_empty());
    outbox.close().await;
}

async fn records_and_keys_outlive_a_restart(store: Store) {
    let store = TestStore::new(store).await;
    let outbox = store.open().await;
    let record = accept_new(
        &outbox,
        new_submission("key:a", "x", Some(lease("me", 60_000))),
        "new",
    )
    .await;
    outbox
        .finish(&record.id, "me", delivered(7), now_millis())
        .await
        .unwrap();
    outbox.close().await;
    drop(outbox);

    let reopened = store.open().await;
    match accept(&reopened, new_submission("key:a", "x", None)).await {
        Acceptance::Existing(again) => {
            assert_eq!(
                (again.id, again.lead.map(|lead| lead.id)),
                (record.id, Some(7))
            );
        }
        other => panic!("the key still stands for the delivered submission: {other:?}"),
    }
    assert_eq!(reopened.stats().await.unwrap().queued, 0);
    reopened.close().await;
}

async fn everyone_sharing_the_store_draws_from_one_bucket(store: Store) {
    let store = TestStore::new(store).await;
    // On PostgreSQL two replicas share the bucket; SQLite serves one proxy, so one handle.
    let (a, b) = match store.location {
        leadform_proxy::outbox::StoreLocation::Postgres(_) => {
            (store.open().await, store.open().await)
        }
        leadform_proxy::outbox::StoreLocation::Sqlite(_) => {
            let only = store.open().await;
            (only.clone(), only)
        }
    };
    let bucket = BucketSettings::per_minute(600);
    let now = now_millis();
    let mut granted = 0;
    for round in 0..20 {
        let outbox = if round % 2 == 0 { &a } else { &b };
        if outbox.take_permit(&bucket, now).await.unwrap() == PermitGrant::Granted {
            granted += 1;
        }
    }
    assert_eq!(
        granted, 10,
        "600 a minute allows a burst of 10, for all together"
    );
    a.return_permit(&bucket, now).await.unwrap();
    assert_eq!(
        b.take_permit(&bucket, now).await.unwrap(),
        PermitGrant::Granted
    );
    b.pause_upstream(&bucket, now + 5_000, now).await.unwrap();
    assert_eq!(
        a.take_permit(&bucket, now + 1_000).await.unwrap(),
        PermitGrant::Wait(4_000)
    );
    a.close().await;
    b.close().await;
}
