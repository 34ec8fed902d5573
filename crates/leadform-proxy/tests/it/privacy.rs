//! Personal data kept no longer than needed: a record's answers, contact fields, lead request
//! and consent text go after the retention time or on `outbox forget`, from the rows and (on
//! SQLite) from the database files, while what is nobody's keeps repeats, `show` and stats
//! working; `outbox export` gives one person exactly their own records.

use std::time::Duration;

use axum::http::StatusCode;
use leadform_proxy::delivery::consent::ConsentRecord;
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;
use leadform_proxy::outbox::{DeliveryState, OutboxRecord, StoreLocation};

use crate::common::stores::{Store, TestStore, on_both_stores};
use crate::common::upstream::Upstream;
use crate::common::*;

const CONTACT_FORM: &str = r#"
[[form]]
[form.definition]
id = "acme-referral"
title = "Refer a client"
directions = ["send"]
consent_text = "The contact agreed that I may share their details."
phone_region = "DE"

[[form.definition.fields]]
field = "email"
label = "Email"
required = true

[[form.definition.fields]]
field = "first_name"
label = "First name"

[[form.definition.fields]]
field = "last_name"
label = "Last name"

[[form.definition.fields]]
field = "phone_number"
label = "Phone"

[[form.definition.fields]]
field = { custom = { id = 21, type = "textarea" } }
label = "Anything else?"

[form.trusted]
allowed_origins = ["https://partner.example"]
association_type = "referral"
partnership_id = 456
partners_company_id = 234
company_partnerships_id = 789
"#;

/// One person's answers, each unlikely to appear anywhere by chance.
struct Person {
    email: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    /// As typed; stored in E.164.
    phone: &'static str,
    phone_stored: &'static str,
    note: &'static str,
}

const ADA: Person = Person {
    email: "ada.quixotic@globex.example",
    first_name: "Adalinde",
    last_name: "Zwirnmeister",
    phone: "030 98765432",
    phone_stored: "+493098765432",
    note: "Call Adalinde after lunch about the Zwirnmeister account",
};

const BOB: Person = Person {
    email: "bob.verity@initech.example",
    first_name: "Bartholomew",
    last_name: "Quellwasser",
    phone: "040 1234567",
    phone_stored: "+49401234567",
    note: "Bartholomew prefers email",
};

impl Person {
    /// What must leave the store when this person's records are erased.
    fn traces(&self) -> [&'static str; 5] {
        [
            self.email,
            self.first_name,
            self.last_name,
            self.phone_stored,
            self.note,
        ]
    }

    fn submission(&self, note_suffix: &str) -> String {
        format!(
            r#"{{"direction":"send","consent":true,"values":{{"email":"{}","first_name":"{}","last_name":"{}","phone_number":"{}","custom_21":"{}{note_suffix}"}}}}"#,
            self.email, self.first_name, self.last_name, self.phone, self.note
        )
    }
}

async fn proxy_on(
    store: Store,
    settings: leadform_proxy::DeliverySettings,
) -> (TestProxy, Upstream, StoreLocation) {
    let upstream = Upstream::start(IdempotencyKeys::Honour).await;
    let store = TestStore::new(store).await;
    let location = store.location.clone();
    let proxy = TestProxy::serving(CONTACT_FORM, store, &upstream.url, API_KEY, settings).await;
    (proxy, upstream, location)
}

/// Sends `person`'s answers with `key`; returns the receipt's status.
async fn submit(proxy: &TestProxy, person: &Person, key: &str, note_suffix: &str) -> String {
    let (response, body) = proxy
        .send(keyed_submission(
            Some(ALLOWED_ORIGIN),
            &person.submission(note_suffix),
            Some(key),
        ))
        .await;
    assert!(
        matches!(
            response.status(),
            StatusCode::CREATED | StatusCode::ACCEPTED
        ),
        "{body}"
    );
    receipt_status(&body)
}

/// Everything the store holds, as text: the SQLite files byte for byte (main file and
/// WAL), or every PostgreSQL row of the outbox's tables.
async fn stored_text(location: &StoreLocation) -> String {
    match location {
        StoreLocation::Sqlite(dir) => {
            let mut text = String::new();
            for name in ["outbox.sqlite3", "outbox.sqlite3-wal"] {
                if let Ok(bytes) = std::fs::read(dir.join(name)) {
                    text.push_str(&String::from_utf8_lossy(&bytes));
                }
            }
            text
        }
        StoreLocation::Postgres(url) => {
            use sqlx::Connection;
            let mut connection = sqlx::PgConnection::connect(url).await.expect("connects");
            let mut text = String::new();
            for table in ["submissions", "delivery_events", "idempotency_keys"] {
                let statement =
                    format!("SELECT COALESCE(string_agg(t::text, ' '), '') FROM {table} t");
                let rows: String = sqlx::query_scalar(&statement)
                    .fetch_one(&mut connection)
                    .await
                    .expect("rows read");
                text.push_str(&rows);
            }
            let _ = connection.close().await;
            text
        }
    }
}

/// The operator's command line for this store.
fn outbox_command<'a>(location: &'a StoreLocation, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["outbox"];
    match location {
        StoreLocation::Sqlite(dir) => {
            args.extend(["--data-dir", dir.to_str().expect("a UTF-8 path")]);
        }
        StoreLocation::Postgres(url) => args.extend(["--database-url", url.as_str()]),
    }
    args.extend_from_slice(rest);
    args
}

/// Runs `leadform-proxy outbox …` on a blocking thread (the proxy under test keeps serving).
async fn operator(location: &StoreLocation, rest: &[&str]) -> (bool, String, String) {
    let args: Vec<String> = outbox_command(location, rest)
        .into_iter()
        .map(str::to_owned)
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_proxy(&args, &[])
    })
    .await
    .expect("the command ran")
}

#[track_caller]
fn assert_holds_none(text: &str, person: &Person, what: &str) {
    for trace in person.traces() {
        assert!(!text.contains(trace), "{what} still holds {trace:?}");
    }
}

#[track_caller]
fn assert_holds_all(text: &str, person: &Person, what: &str) {
    for trace in person.traces() {
        assert!(text.contains(trace), "{what} lost {trace:?}");
    }
}

fn delivered_record(records: &[OutboxRecord]) -> OutboxRecord {
    records
        .iter()
        .find(|record| record.state == DeliveryState::Delivered)
        .cloned()
        .expect("a delivered record")
}

async fn retention_erases_a_delivered_lead_s_personal_data_and_keeps_the_rest(store: Store) {
    let settings = leadform_proxy::DeliverySettings {
        retain_personal_data: Duration::from_secs(2),
        retention_check: Duration::from_millis(50),
        ..fast_settings()
    };
    let (proxy, upstream, location) = proxy_on(store, settings).await;
    submit(&proxy, &ADA, "ada-1", "").await;
    let record = delivered_record(&proxy.settled().await);
    // Delivered and still within the retention time: everything is there.
    assert!(record.erased_at.is_none());
    assert_holds_all(&record.request, &ADA, "the fresh record");
    assert_holds_all(&stored_text(&location).await, &ADA, "the fresh store");

    let erased = eventually("the record's personal data erased", || async {
        let record = proxy.outbox.get(&record.id).await.expect("reads")?;
        record.erased_at.is_some().then_some(record)
    })
    .await;
    let finished = record.finished_at.expect("finished");
    let erased_at = erased.erased_at.expect("erased");
    assert!(
        erased_at >= finished + 2_000,
        "erased {} ms after it was delivered, before the retention time",
        erased_at - finished
    );
    // What is nobody's stays: the state, the lead, the times, the attempts.
    assert_eq!(erased.state, DeliveryState::Delivered);
    assert_eq!(erased.lead, record.lead);
    assert_eq!(
        (erased.created_at, erased.attempts, erased.finished_at),
        (record.created_at, record.attempts, record.finished_at)
    );
    assert_eq!(erased.request, "");
    let consent: ConsentRecord =
        serde_json::from_str(erased.consent.as_deref().expect("the consent record stays"))
            .expect("a consent record");
    let kept: ConsentRecord =
        serde_json::from_str(record.consent.as_deref().expect("consent")).expect("consent");
    assert_eq!(
        (consent.text.as_str(), &consent.version),
        ("", &kept.version)
    );

    assert_holds_none(&stored_text(&location).await, &ADA, "the store");
    let (ok, shown, _) = operator(&location, &["show", &record.id]).await;
    assert!(ok && shown.contains("personal data: erased"), "{shown}");
    assert!(
        shown.contains("delivered")
            && shown.contains(&record.lead.as_ref().expect("lead").id.to_string())
    );
    assert_holds_none(&shown, &ADA, "`outbox show`");
    // The visitor's browser sends the same submission again: still delivered, once.
    assert_eq!(submit(&proxy, &ADA, "ada-1", "").await, "delivered");
    assert_eq!(upstream.leads().len(), 1);
    assert_eq!(proxy.records().await.len(), 1);
    // Nothing left for a purge to do.
    let (ok, planned, _) = operator(
        &location,
        &["purge", "--dry-run", "--retain-personal-data", "1s"],
    )
    .await;
    assert!(ok && planned.contains("0 record(s) would"), "{planned}");
    proxy.stop().await;
}

async fn forget_erases_one_person_everywhere_and_export_gives_them_only_their_own(store: Store) {
    let (proxy, upstream, location) = proxy_on(store, fast_settings()).await;
    submit(&proxy, &ADA, "ada-1", "").await;
    submit(&proxy, &ADA, "ada-2", " (second visit)").await;
    submit(&proxy, &BOB, "bob-1", "").await;
    proxy.settled().await;
    // One more of Ada's, not delivered yet.
    upstream.go_down().await;
    assert_eq!(
        submit(&proxy, &ADA, "ada-3", " (third visit)").await,
        "queued"
    );

    let (ok, exported, _) = operator(
        &location,
        &["export", "--email", "ADA.Quixotic@globex.example"],
    )
    .await;
    assert!(ok, "{exported}");
    let document: serde_json::Value = serde_json::from_str(&exported).expect("JSON");
    let records = document["records"].as_array().expect("records");
    assert_eq!(records.len(), 3, "{exported}");
    assert!(
        records
            .iter()
            .all(|record| record["lead_request"]["email"] == ADA.email)
    );
    assert_holds_all(&exported, &ADA, "the export");
    assert_holds_none(&exported, &BOB, "Ada's export");

    // Without --force, what is not delivered yet stays, and the operator is told.
    let (ok, told, _) = operator(&location, &["forget", "--email", ADA.email]).await;
    assert!(
        !ok && told.contains("--force") && told.contains("2 record(s) erased, 1 left"),
        "{told}"
    );
    let (ok, told, log) = eventually("the queued record discarded and erased", || async {
        let answer = operator(&location, &["forget", "--email", ADA.email, "--force"]).await;
        answer.0.then_some(answer)
    })
    .await;
    assert!(
        ok && told.contains("discarded, it will not be sent")
            && told.contains("1 record(s) erased, 0 left"),
        "{told}"
    );
    assert!(!log.contains(ADA.email), "the address is logged: {log}");

    let stored = stored_text(&location).await;
    assert_holds_none(&stored, &ADA, "the store");
    assert_holds_all(&stored, &BOB, "the store (Bob's record)");
    for record in proxy.records().await {
        let (_, shown, _) = operator(&location, &["show", &record.id]).await;
        assert_holds_none(&shown, &ADA, "`outbox show`");
    }
    let (_, exported, _) = operator(&location, &["export", "--email", ADA.email]).await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&exported).expect("JSON")["records"],
        serde_json::json!([])
    );
    // Ada's lost connection brings her first submission again: answered as delivered.
    upstream.come_back().await;
    assert_eq!(submit(&proxy, &ADA, "ada-1", "").await, "delivered");
    assert_eq!(
        upstream.leads().len(),
        3,
        "Ada's two and Bob's, the discarded one never"
    );
    proxy.stop().await;
}

on_both_stores!(
    retention_erases_a_delivered_lead_s_personal_data_and_keeps_the_rest,
    forget_erases_one_person_everywhere_and_export_gives_them_only_their_own,
);

#[tokio::test]
async fn purge_lists_then_erases_what_has_outlived_the_retention_time() {
    let (proxy, _upstream, location) = proxy_on(Store::Sqlite, fast_settings()).await;
    submit(&proxy, &ADA, "ada-1", "").await;
    let record = delivered_record(&proxy.settled().await);
    let (ok, planned, _) = operator(&location, &["purge", "--dry-run"]).await;
    assert!(
        ok && planned.contains("0 record(s) would"),
        "the default keeps 30 days: {planned}"
    );
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (ok, planned, _) = operator(
        &location,
        &["purge", "--dry-run", "--retain-personal-data", "1s"],
    )
    .await;
    assert!(
        ok && planned.contains(&record.id) && planned.contains("1 record(s) would"),
        "{planned}"
    );
    assert_holds_all(
        &stored_text(&location).await,
        &ADA,
        "the store after a dry run",
    );
    let (ok, purged, _) = operator(&location, &["purge", "--retain-personal-data", "1s"]).await;
    assert!(ok && purged.contains("1 record(s) erased"), "{purged}");
    assert_holds_none(&stored_text(&location).await, &ADA, "the store");
    proxy.stop().await;
}
