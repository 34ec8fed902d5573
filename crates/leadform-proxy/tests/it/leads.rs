//! `leadform-proxy leads`, the binary as an operator runs it, against the sandbox: every
//! filter of get-leads.md, pages followed by the cursor, a table and JSON, and `--form`
//! joined with the outbox.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::common::stores::{Store, TestStore};
use crate::common::upstream::Upstream;
use crate::common::*;
use axum::http::StatusCode;
use leadform_proxy::journeybee::sandbox::{IdempotencyKeys, SANDBOX_USER_ID};
use leadform_proxy::outbox::StoreLocation;
use leadform_proxy::{ApiKey, JourneyBeeClient};

/// Leads sent through the proxy's form (reseller, tag 10), and leads made in the account
/// another way (referral, no tags): more than two sandbox pages of 20 together.
const THROUGH_THE_FORM: usize = 41;
const OTHERWISE: usize = 4;

struct Account {
    upstream: Upstream,
    data_dir: PathBuf,
    _store: TestStore,
}

async fn account() -> Account {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    let store = TestStore::new(Store::Sqlite).await;
    let StoreLocation::Sqlite(data_dir) = store.location.clone() else {
        unreachable!("a SQLite store")
    };
    let proxy = TestProxy::on_store(store, &upstream.url, API_KEY, fast_settings()).await;
    for n in 0..THROUGH_THE_FORM - 1 {
        let (response, body) = proxy
            .send(submission_request(
                Some(ALLOWED_ORIGIN),
                &lead_submission(n),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    }
    // One with a custom field: a deal size of 25000.
    let (response, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let client =
        JourneyBeeClient::new(&upstream.url, &ApiKey::new(API_KEY), Duration::from_secs(5))
            .expect("client");
    for n in 0..OTHERWISE {
        let body = format!(
            r#"{{"associationType":"referral","email":"direct{n}@example.com","company_name":"Direct {n}","partnershipLead":{{"partnership_id":7,"partners_company_id":8,"company_partnerships_id":9,"sendToPartner":true}}}}"#
        );
        let _ = client.create_lead(&body, &format!("direct-{n}")).await;
    }
    assert_eq!(upstream.leads().len(), THROUGH_THE_FORM + OTHERWISE);
    let store = proxy.stop().await;
    Account {
        upstream,
        data_dir,
        _store: store,
    }
}

impl Account {
    /// Runs `leadform-proxy leads` with `args`; its exit code and what it printed.
    async fn leads(&self, args: &[&str]) -> (i32, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"));
        command
            .arg("leads")
            .args(["--journeybee-url", &self.upstream.url])
            .args(["--journeybee-user-id", &SANDBOX_USER_ID.to_string()])
            .args(["--data-dir".as_ref(), self.data_dir.as_os_str()])
            .args(args)
            .env("JOURNEYBEE_API_KEY", API_KEY);
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .expect("joined")
            .expect("the binary runs");
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.code().unwrap_or(-1), text)
    }

    /// `leads --json` with `args`: the lead emails, newest first, and the next cursor.
    async fn emails(&self, args: &[&str]) -> (Vec<String>, Option<String>) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let (code, out) = self.leads(&all).await;
        assert_eq!(code, 0, "{out}");
        let json: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}"));
        let emails = json["leads"]
            .as_array()
            .expect("leads")
            .iter()
            .map(|lead| lead["email"].as_str().unwrap_or_default().to_owned())
            .collect();
        (emails, json["next_cursor"].as_str().map(str::to_owned))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leads_pages_through_the_account_by_cursor() {
    let account = account().await;
    let total = THROUGH_THE_FORM + OTHERWISE;
    let (first, cursor) = account.emails(&[]).await;
    assert_eq!(first.len(), 20, "one sandbox page");
    assert_eq!(
        first[0],
        format!("direct{}@example.com", OTHERWISE - 1),
        "newest first"
    );
    let cursor = cursor.expect("a cursor to the next page");
    let (second, _) = account.emails(&["--cursor", &cursor]).await;
    assert_eq!(second.len(), 20);
    assert!(
        second.iter().all(|email| !first.contains(email)),
        "the next page, not the same"
    );
    let (all, none) = account.emails(&["--all"]).await;
    assert_eq!(all.len(), total, "three pages followed");
    assert_eq!(none, None);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), total, "no lead twice");
    assert_eq!(&all[..20], &first[..]);
    assert_eq!(&all[20..40], &second[..]);

    let (code, table) = account.leads(&[]).await;
    assert_eq!(code, 0, "{table}");
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("      ID  CREATED"), "{table}");
    assert!(
        lines[1].contains("Direct 3") && lines[1].contains("direct3@example.com"),
        "{table}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.contains("lead39@example.com") && line.ends_with("Partner lead")),
        "tags by label: {table}"
    );
    assert!(
        lines[21].starts_with("20 lead(s); more with --all or --cursor "),
        "{table}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_filter_reaches_get_leads() {
    let account = account().await;
    let count = |args: &'static [&'static str]| {
        let account = &account;
        async move {
            let mut all = vec!["--all"];
            all.extend_from_slice(args);
            account.emails(&all).await.0.len()
        }
    };
    assert_eq!(
        account.emails(&["--search", "LEAD17@"]).await.0,
        ["lead17@example.com"]
    );
    assert_eq!(count(&["--search", "direct"]).await, OTHERWISE);
    assert_eq!(count(&["--view", "reseller"]).await, THROUGH_THE_FORM);
    assert_eq!(count(&["--view", "received"]).await, THROUGH_THE_FORM);
    assert_eq!(count(&["--tags", "10"]).await, THROUGH_THE_FORM);
    assert_eq!(count(&["--tags", "11,12"]).await, 0);
    assert_eq!(
        account
            .emails(&["--custom-field", r#"5={"number":25000}"#])
            .await
            .0,
        ["ada@globex.example"]
    );
    assert_eq!(count(&["--custom-field", r#"5={"number":1}"#]).await, 0);
    assert_eq!(
        count(&["--status", "new,contacted"]).await,
        THROUGH_THE_FORM + OTHERWISE
    );
    assert_eq!(count(&["--status", "lost"]).await, 0);
    assert_eq!(
        count(&["--users", "3"]).await,
        0,
        "sandbox leads are assigned to no one"
    );
    assert_eq!(count(&["--assigned"]).await, 0);
    assert_eq!(count(&["--unassigned"]).await, THROUGH_THE_FORM + OTHERWISE);
    assert_eq!(
        count(&[
            "--sort",
            "status:desc",
            "--view",
            "reseller",
            "--tags",
            "10"
        ])
        .await,
        THROUGH_THE_FORM
    );

    let (code, out) = account.leads(&["--view", "everything"]).await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("not one of the documented values"), "{out}");
    let (code, out) = account.leads(&["--custom-field", "5=25000"]).await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("is not a value object"), "{out}");
    let mut wrong_key = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"));
    wrong_key
        .args(["leads", "--journeybee-url", &account.upstream.url])
        .args(["--journeybee-user-id", &SANDBOX_USER_ID.to_string()])
        .env("JOURNEYBEE_API_KEY", "not-the-key");
    let output = wrong_key.output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("Get Leads") && !said.contains("not-the-key"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leads_of_one_form_come_with_their_outbox_records() {
    let account = account().await;
    let (code, out) = account.leads(&["--form", "acme-referral", "--json"]).await;
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let leads = json["leads"].as_array().expect("leads");
    assert_eq!(
        leads.len(),
        THROUGH_THE_FORM,
        "all pages, the form's leads only"
    );
    for lead in leads {
        let outbox = &lead["outbox"];
        assert_eq!(outbox["state"], "delivered", "{lead}");
        assert_eq!(outbox["attempts"], 1, "{lead}");
        assert!(
            outbox["submission_id"]
                .as_str()
                .is_some_and(|id| id.len() == 36)
        );
        assert!(
            !lead["email"]
                .as_str()
                .unwrap_or_default()
                .starts_with("direct")
        );
    }
    let (code, table) = account.leads(&["--form", "acme-referral"]).await;
    assert_eq!(code, 0, "{table}");
    assert!(
        table
            .lines()
            .next()
            .is_some_and(|header| header
                .ends_with("SUBMISSION                            STATE      ATTEMPTS")),
        "{table}"
    );
    assert!(table.contains("  delivered  1\n"), "{table}");
    assert!(
        table.ends_with(&format!(
            "{THROUGH_THE_FORM} lead(s); the outbox has {THROUGH_THE_FORM} delivered for acme-referral\n"
        )),
        "{table}"
    );
    let (_, other) = account.leads(&["--form", "no-such-form", "--json"]).await;
    assert!(other.contains(r#""leads": []"#), "{other}");
}
