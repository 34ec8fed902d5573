//! How each form converts: the loader's beacons about views (`POST …/views`) and the
//! proxy's own counts of submissions and deliveries, per form and hour in the outbox store,
//! read back by `leadform-proxy stats`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use leadform_proxy::delivery::conversion::{Period, figures};
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;
use leadform_proxy::outbox::StoreLocation;

use crate::common::stores::{Store, TestStore};
use crate::common::upstream::Upstream;
use crate::common::*;

/// The test form in two steps.
fn forms() -> String {
    FORMS.replace(
        "[form.trusted]",
        "[[form.definition.steps]]\ntitle = \"One\"\nquestions = [\"company_name\", \"email\"]\n\n\
         [[form.definition.steps]]\ntitle = \"Two\"\nquestions = [\"custom_5\"]\n\n[form.trusted]\n\
         test_origins = [\"https://staging.partner.example\"]",
    )
}

fn view(origin: &str, body: &str) -> Request<Body> {
    Request::post("/v1/forms/acme-referral/views")
        .header("origin", origin)
        .header("content-type", "text/plain;charset=UTF-8")
        .body(Body::from(body.to_owned()))
        .expect("request")
}

async fn beacon(proxy: &TestProxy, origin: &str, body: &str) {
    let (response, answer) = proxy.send(view(origin, body)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "{answer}");
}

async fn proxy_on(store: TestStore, upstream: &Upstream) -> TestProxy {
    TestProxy::serving(&forms(), store, &upstream.url, API_KEY, fast_settings()).await
}

#[tokio::test]
async fn views_submissions_and_deliveries_are_counted_and_nothing_without_a_token() {
    for store in [Store::Sqlite, Store::Postgres] {
        let upstream = Upstream::start(IdempotencyKeys::Honour).await;
        let proxy = proxy_on(TestStore::new(store).await, &upstream).await;
        let token = fill_token();
        // Three views: one gone at the email, one that moved on to the deal size, one sent.
        beacon(
            &proxy,
            ALLOWED_ORIGIN,
            &format!(r#"{{"token":"{token}","shown":true}}"#),
        )
        .await;
        beacon(
            &proxy,
            ALLOWED_ORIGIN,
            &format!(r#"{{"token":"{token}","shown":true,"started":true,"left":"email"}}"#),
        )
        .await;
        beacon(
            &proxy,
            ALLOWED_ORIGIN,
            &format!(r#"{{"token":"{token}","shown":true,"started":true,"left":"email"}}"#),
        )
        .await;
        // The second came back, reached step 2 (index 1) and left at the deal size.
        beacon(
            &proxy,
            ALLOWED_ORIGIN,
            &format!(
                r#"{{"token":"{token}","steps":[1,1,7],"left":"custom_5","returned":"email"}}"#
            ),
        )
        .await;
        // None of these counts: no token, a forged one, unknown questions, a test origin,
        // not JSON.
        beacon(&proxy, ALLOWED_ORIGIN, r#"{"shown":true,"started":true}"#).await;
        beacon(
            &proxy,
            ALLOWED_ORIGIN,
            r#"{"token":"k.1.n.ff","shown":true}"#,
        )
        .await;
        beacon(
            &proxy,
            ALLOWED_ORIGIN,
            &format!(r#"{{"token":"{token}","left":"nickname"}}"#),
        )
        .await;
        beacon(
            &proxy,
            "https://staging.partner.example",
            &format!(r#"{{"token":"{token}","shown":true}}"#),
        )
        .await;
        beacon(&proxy, ALLOWED_ORIGIN, "shown").await;
        let (response, _) = proxy
            .send(view(
                OTHER_ORIGIN,
                &format!(r#"{{"token":"{token}","shown":true}}"#),
            ))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "another origin is refused"
        );

        // One lead sent and delivered; a test one counts for nothing.
        let (response, body) = proxy
            .send(submission_request(
                Some(ALLOWED_ORIGIN),
                &lead_submission(1),
            ))
            .await;
        assert!(response.status().is_success(), "{body}");
        let (response, body) = proxy
            .send(submission_request(
                Some("https://staging.partner.example"),
                &lead_submission(2),
            ))
            .await;
        assert!(response.status().is_success(), "{body}");
        proxy.settled().await;

        let counts = proxy.outbox.counts(None, 0).await.expect("counted");
        let forms = figures(&counts, Period::Total);
        assert_eq!(forms.len(), 1);
        let figures = &forms[0].total;
        assert_eq!(
            (
                figures.shown,
                figures.started,
                figures.submitted,
                figures.delivered
            ),
            (3, 2, 1, 1)
        );
        assert_eq!(figures.start_rate, Some(2.0 / 3.0));
        assert_eq!(figures.completion_rate, Some(0.5));
        assert_eq!(figures.steps.get("2"), Some(&1));
        assert_eq!(figures.steps.len(), 1, "step 8 does not exist");
        assert_eq!(figures.gave_up_at.get("email"), Some(&1));
        assert_eq!(figures.gave_up_at.get("custom_5"), Some(&1));
        assert_eq!(figures.gave_up_at.len(), 2);
        proxy.stop().await;
    }
}

#[tokio::test]
async fn two_replicas_on_one_postgresql_add_up_and_stats_prints_them() {
    let upstream = Upstream::start(IdempotencyKeys::Honour).await;
    let store = TestStore::new(Store::Postgres).await;
    let shared = store.shared();
    let StoreLocation::Postgres(url) = store.location.clone() else {
        unreachable!("a PostgreSQL store")
    };
    let one = proxy_on(store, &upstream).await;
    let two = proxy_on(shared, &upstream).await;
    let token = fill_token();
    for proxy in [&one, &two, &two] {
        beacon(
            proxy,
            ALLOWED_ORIGIN,
            &format!(r#"{{"token":"{token}","shown":true,"started":true}}"#),
        )
        .await;
    }
    let (response, body) = two
        .send(submission_request(
            Some(ALLOWED_ORIGIN),
            &lead_submission(3),
        ))
        .await;
    assert!(response.status().is_success(), "{body}");
    two.settled().await;

    let database = [("LEADFORM_DATABASE_URL", url.as_str())];
    let (ok, stdout, stderr) = run_proxy(
        &[
            "stats",
            "--form",
            "acme-referral",
            "--since",
            "1d",
            "--by",
            "hour",
            "--json",
        ],
        &database,
    );
    assert!(ok, "{stdout}{stderr}");
    let stats: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let form = &stats["forms"][0];
    assert_eq!(form["form"], "acme-referral");
    assert_eq!(
        (
            &form["shown"],
            &form["started"],
            &form["submitted"],
            &form["delivered"]
        ),
        (&3.into(), &3.into(), &1.into(), &1.into())
    );
    assert_eq!(form["completion_rate"].as_f64(), Some(1.0 / 3.0));
    assert!(
        form["periods"]
            .as_array()
            .is_some_and(|periods| !periods.is_empty())
    );

    let (ok, table, stderr) = run_proxy(&["stats"], &database);
    assert!(ok, "{table}{stderr}");
    assert!(table.contains("acme-referral"), "{table}");
    assert!(table.contains("100%"), "start rate: {table}");
    one.stop().await;
    two.stop().await;
}

#[tokio::test]
async fn counts_older_than_they_are_kept_are_forgotten() {
    use leadform_proxy::outbox::FormCount;
    const HOUR: i64 = 3_600_000;
    for store in [Store::Sqlite, Store::Postgres] {
        let store = TestStore::new(store).await;
        let outbox = store.open().await;
        let count = |hour: i64| FormCount {
            form_id: "acme-referral".into(),
            hour,
            metric: "shown".into(),
            count: 2,
        };
        outbox
            .count(vec![count(HOUR), count(5 * HOUR), count(5 * HOUR)])
            .await
            .expect("counted");
        outbox.forget_counts(2 * HOUR).await.expect("forgotten");
        let left = outbox.counts(None, 0).await.expect("read");
        assert_eq!(
            left,
            vec![FormCount {
                count: 4,
                ..count(5 * HOUR)
            }]
        );
        outbox.close().await;
    }
}
