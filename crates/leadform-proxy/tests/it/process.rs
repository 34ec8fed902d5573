//! The real `leadform-proxy` binary, as an operator runs it: killed with SIGKILL in the
//! middle of a burst and started again, stopped with SIGTERM, and two replicas sharing one
//! PostgreSQL outbox under one upstream rate limit. Visitors behave like the widget: on a
//! network error they send again with the same `Idempotency-Key`.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::stores::new_database;
use crate::common::upstream::Upstream;
use crate::common::*;
use leadform_proxy::journeybee::sandbox::{DuplicateLeads, IdempotencyKeys, SandboxOptions};
use leadform_proxy::outbox::{self, DeliveryState, ListFilter, OutboxRecord, Role, StoreLocation};

/// A proxy process on a fixed port, killed when dropped.
struct ProxyProcess {
    child: Child,
    url: String,
    log: PathBuf,
}

impl ProxyProcess {
    fn spawn(dir: &Path, port: u16, store: &[String], upstream: &str, rate: u32) -> Self {
        let forms = dir.join("forms.toml");
        std::fs::write(&forms, FORMS).expect("forms file");
        let log = dir.join(format!(
            "proxy-{port}-{}.log",
            uuid::Uuid::new_v4().simple()
        ));
        let child = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
            .args(["--config".as_ref(), forms.as_os_str()])
            .args(["--bundle-dir".as_ref(), fake_bundle().as_os_str()])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(store)
            .args(["--journeybee-url", upstream, "--journeybee-user-id", "1"])
            .args(["--upstream-rate-per-minute", &rate.to_string()])
            .args(["--upstream-timeout", "2s", "--retry-base", "50ms"])
            .args(["--retry-max", "500ms", "--poll-interval", "50ms"])
            // The bursts come from one address, faster than any visitor.
            .args(["--submissions-per-client-per-minute", "1000000"])
            .args(["--submissions-per-form-per-minute", "1000000"])
            .args(["--tokens-per-client-per-minute", "1000000"])
            // Faster than any person, too.
            .args(["--min-fill-time", "0s"])
            // Replicas sign alike; a lone proxy makes its key file in its data directory.
            .env(
                "LEADFORM_TOKEN_KEYS",
                if store.iter().any(|arg| arg == "--database-url") {
                    "ab".repeat(32)
                } else {
                    String::new()
                },
            )
            .env("JOURNEYBEE_API_KEY", API_KEY)
            .env("RUST_LOG", "info")
            .env("LEADFORM_LOG_FORMAT", "json")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("the proxy binary starts");
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    async fn ready(&mut self) {
        let client = http_client();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = client.get(format!("{}/readyz", self.url)).send().await;
            if ready.is_ok_and(|response| response.status().is_success()) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the proxy exited with {status}: {}", self.log_text());
            }
            assert!(Instant::now() < deadline, "not ready: {}", self.log_text());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn kill_9(&mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }

    async fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|status| status.success()), "SIGTERM sent");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "still running 20 s after SIGTERM: {}",
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// This process's name on the leases it takes (from its start-up log line).
    fn owner(&self) -> String {
        self.log_text()
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .find(|entry| entry["message"] == "leadform proxy listening")
            .and_then(|entry| entry["owner"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no owner in the start-up line: {}", self.log_text()))
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client for the test's visitors (reqwest is built with ring as its TLS provider).
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Visitors sending `leads` to the proxies at `urls` (round robin), `concurrency`
/// at a time; each keeps sending its lead, with the same key, until it is accepted, to the
/// next proxy after a failure (as a load balancer would). Returns how many sends failed on
/// the way (connection refused or broken, or a 5xx).
async fn burst(urls: Vec<String>, leads: Range<usize>, concurrency: usize) -> usize {
    let client = http_client();
    let failures = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(leads.start));
    let total = leads.end;
    let urls = Arc::new(urls);
    let visitors = (0..concurrency).map(|_| {
        let (client, failures, next, urls) =
            (client.clone(), failures.clone(), next.clone(), urls.clone());
        tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= total {
                    return;
                }
                let mut token = None;
                for tries in n.. {
                    let url = &urls[tries % urls.len()];
                    // The token comes from another replica than the one sent to, where there
                    // are two: they sign with the same keys.
                    let token_from = &urls[(tries + 1) % urls.len()];
                    if token.is_none() {
                        token = fetch_token(&client, token_from).await;
                    }
                    let Some(fill_token) = &token else {
                        failures.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    };
                    let sent = client
                        .post(format!("{url}/v1/forms/acme-referral/submissions"))
                        .header("origin", ALLOWED_ORIGIN)
                        .header("content-type", "application/json")
                        .header("idempotency-key", format!("visitor-{n}"))
                        .header("leadform-token", fill_token)
                        .body(lead_submission(n))
                        .send()
                        .await;
                    match sent {
                        Ok(response) if matches!(response.status().as_u16(), 201 | 202) => break,
                        Ok(response) if response.status().is_server_error() => {}
                        Ok(response) => panic!("lead {n} refused: {}", response.status()),
                        Err(_) => {}
                    }
                    failures.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        })
    });
    for visitor in visitors.collect::<Vec<_>>() {
        visitor.await.expect("visitor");
    }
    failures.load(Ordering::SeqCst)
}

/// A fill token from the proxy at `url`, as the loader gets one; `None` when it is down.
async fn fetch_token(client: &reqwest::Client, url: &str) -> Option<String> {
    let answer = client
        .get(format!("{url}/v1/forms/acme-referral/token"))
        .header("origin", ALLOWED_ORIGIN)
        .send()
        .await
        .ok()?;
    let json: serde_json::Value = answer.json().await.ok()?;
    json["token"].as_str().map(str::to_owned)
}

/// Waits until the outbox holds `total` records, none queued; returns them.
/// A proxy process on a SQLite data directory, against an upstream that ignores
/// idempotency keys and answers after 40 ms.
struct SqliteProxy {
    upstream: Upstream,
    data_dir: PathBuf,
    port: u16,
    proxy: ProxyProcess,
}

impl SqliteProxy {
    async fn start(dir: &Path) -> Self {
        let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
        upstream.set_latency(Duration::from_millis(40));
        let (data_dir, port) = (dir.join("data"), free_port());
        let proxy = Self::spawn(dir, port, &data_dir, &upstream).await;
        Self {
            upstream,
            data_dir,
            port,
            proxy,
        }
    }

    /// A proxy on `port` serving from `data_dir`, ready: also a restart of an earlier one.
    async fn spawn(dir: &Path, port: u16, data_dir: &Path, upstream: &Upstream) -> ProxyProcess {
        let store = ["--data-dir".to_owned(), data_dir.display().to_string()];
        let mut proxy = ProxyProcess::spawn(dir, port, &store, &upstream.url, 100_000);
        proxy.ready().await;
        proxy
    }
}

async fn settled(location: &StoreLocation, total: usize) -> Vec<OutboxRecord> {
    let outbox = outbox::open(location, Role::Operator)
        .await
        .expect("the operator opens the outbox");
    let filter = ListFilter {
        test_only: false,
        limit: 100_000,
        ..ListFilter::default()
    };
    let records = eventually("every submission settled", || async {
        let records = outbox.list(&filter).await.ok()?;
        (records.len() == total && records.iter().all(|r| r.state != DeliveryState::Queued))
            .then_some(records)
    })
    .await;
    outbox.close().await;
    records
}

/// How the leads came out, counted from the outbox and from what reached JourneyBee.
struct Tally {
    /// Records not delivered: `(id, state, last error)`.
    undelivered: Vec<(String, DeliveryState, Option<String>)>,
    /// Submissions of which JourneyBee has no lead.
    lost: usize,
    /// Emails JourneyBee has more than one lead for.
    duplicated: Vec<(String, usize)>,
    /// Leads an interrupted attempt had created, found by Get Leads instead of sent again.
    found_by_check: usize,
}

impl Tally {
    fn of(records: &[OutboxRecord], upstream: &Upstream, total: usize) -> Self {
        let mut per_email: HashMap<String, usize> = HashMap::new();
        for lead in upstream.leads() {
            *per_email
                .entry(lead.request.email.unwrap_or_default())
                .or_default() += 1;
        }
        Self {
            undelivered: records
                .iter()
                .filter(|record| record.state != DeliveryState::Delivered)
                .map(|record| (record.id.clone(), record.state, record.last_error.clone()))
                .collect(),
            lost: total.saturating_sub(per_email.len()),
            duplicated: per_email.into_iter().filter(|(_, n)| *n > 1).collect(),
            found_by_check: records
                .iter()
                .filter(|record| record.found_by_check)
                .count(),
        }
    }

    /// Prints what a kill test saw (`in_flight`: at each kill, how many Create Leads
    /// JourneyBee was working on and how many attempts the killed process had open), then
    /// asserts that every kill caught attempts in flight and that each lead arrived once.
    fn report_kills(&self, what: &str, in_flight: &[(usize, usize)], failed_sends: usize) {
        println!(
            "{what}: in flight at each kill (JourneyBee working on, attempts open in the \
             outbox) {in_flight:?}; {failed_sends} sends failed and were repeated; {} lost, {} \
             duplicated, {} found by Get Leads instead of sent again",
            self.lost,
            self.duplicated.len(),
            self.found_by_check
        );
        self.assert_exactly_once();
        assert!(
            in_flight
                .iter()
                .all(|&(working, open)| working > 0 && open > 0),
            "every kill left attempts in flight: {in_flight:?}"
        );
    }

    /// Every record delivered, one lead per email upstream, nothing more.
    fn assert_exactly_once(&self) {
        assert!(
            self.undelivered.is_empty(),
            "not delivered: {:?}",
            self.undelivered
        );
        assert!(
            self.duplicated.is_empty(),
            "sent twice: {:?}",
            self.duplicated
        );
        assert_eq!(self.lost, 0, "lost");
    }
}

/// Every record delivered, one lead per email upstream, nothing more.
fn assert_exactly_once(records: &[OutboxRecord], upstream: &Upstream, total: usize) {
    Tally::of(records, upstream, total).assert_exactly_once();
}

/// A JourneyBee stand-in like the one the duplicates were first seen with: it ignores
/// `Idempotency-Key`, works 300 ms on each Create Lead before the lead exists, and finishes
/// that work when the proxy that asked is gone.
async fn slow_upstream() -> Upstream {
    let upstream = Upstream::start(IdempotencyKeys::Ignore).await;
    upstream.set_processing_time(Duration::from_millis(300));
    upstream
}

/// Waits until JourneyBee has received `requests` Create Leads and is working on at least
/// `working` of them: the moment to kill a proxy in the middle of delivering.
async fn mid_delivery(upstream: &Upstream, requests: usize, working: usize) {
    eventually("attempts in flight", || async {
        (upstream.create_requests() >= requests && upstream.processing_now() >= working)
            .then_some(())
    })
    .await;
}

/// The queued records on which `owner` has an attempt open: after a kill, the attempts whose
/// outcome nobody knows.
async fn open_attempts(location: &StoreLocation, owner: &str) -> Vec<String> {
    let outbox = outbox::open(location, Role::Operator)
        .await
        .expect("the operator opens the outbox");
    let filter = ListFilter {
        test_only: false,
        state: Some(DeliveryState::Queued),
        limit: 100_000,
        ..ListFilter::default()
    };
    let records = outbox.list(&filter).await.expect("the outbox lists");
    outbox.close().await;
    records
        .into_iter()
        .filter(|record| record.attempt_open && record.lease_owner.as_deref() == Some(owner))
        .map(|record| record.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_with_attempts_in_flight_loses_nothing_and_sends_nothing_twice() {
    const TOTAL: usize = 600;
    const KILLS: usize = 5;
    let dir = tempfile::tempdir().unwrap();
    let upstream = slow_upstream().await;
    let (data_dir, port) = (dir.path().join("data"), free_port());
    let location = StoreLocation::Sqlite(data_dir.clone());
    let mut proxy = SqliteProxy::spawn(dir.path(), port, &data_dir, &upstream).await;

    let visitors = tokio::spawn(burst(vec![proxy.url.clone()], 0..TOTAL, 24));
    // (JourneyBee working on, attempts open in the outbox) at each kill.
    let mut in_flight = Vec::new();
    for kill in 1..=KILLS {
        mid_delivery(&upstream, kill * TOTAL / (KILLS + 2), 10).await;
        let owner = proxy.owner();
        let working = upstream.processing_now();
        proxy.kill_9();
        in_flight.push((working, open_attempts(&location, &owner).await.len()));
        // At once, on the same data directory, while JourneyBee still works on the dead
        // process's attempts.
        proxy = SqliteProxy::spawn(dir.path(), port, &data_dir, &upstream).await;
    }
    let failed_sends = visitors.await.expect("visitors");

    let records = settled(&location, TOTAL).await;
    Tally::of(&records, &upstream, TOTAL).report_kills(
        &format!("SQLite, {KILLS} × kill -9 and an immediate restart during a burst of {TOTAL}"),
        &in_flight,
        failed_sends,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_what_is_in_flight_and_exits_cleanly() {
    const TOTAL: usize = 60;
    let dir = tempfile::tempdir().unwrap();
    let SqliteProxy {
        upstream,
        data_dir,
        port,
        mut proxy,
    } = SqliteProxy::start(dir.path()).await;
    let visitors = tokio::spawn(burst(vec![proxy.url.clone()], 0..TOTAL, 8));
    eventually("some leads delivered", || async {
        (upstream.leads().len() >= 10).then_some(())
    })
    .await;
    let status = proxy.terminate().await;
    assert!(
        status.success(),
        "exit status {status}: {}",
        proxy.log_text()
    );
    let log = proxy.log_text();
    assert!(log.contains("stopping") && log.contains("stopped"), "{log}");
    // --log-format json: one object per line, one line per request, nothing personal.
    let entries: Vec<serde_json::Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let submissions = entries
        .iter()
        .filter(|entry| {
            entry["message"] == "request" && entry["path"] == "/v1/forms/acme-referral/submissions"
        })
        .count();
    assert!(
        submissions >= 10,
        "one line per submission answered: {submissions}"
    );
    assert!(
        !log.contains("@example.com") && !log.contains(API_KEY),
        "{log}"
    );

    let _restarted = SqliteProxy::spawn(dir.path(), port, &data_dir, &upstream).await;
    visitors.await.expect("visitors");
    let records = settled(&StoreLocation::Sqlite(data_dir), TOTAL).await;
    assert_exactly_once(&records, &upstream, TOTAL);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_one_postgres_deliver_each_lead_once_within_one_rate_limit() {
    const TOTAL: usize = 90;
    const PER_MINUTE: u32 = 600;
    let dir = tempfile::tempdir().unwrap();
    let upstream = Upstream::with_options(SandboxOptions {
        idempotency_keys: IdempotencyKeys::Ignore,
        duplicate_leads: DuplicateLeads::Allow,
        rate_limit_per_minute: Some(PER_MINUTE),
        ..SandboxOptions::default()
    })
    .await;
    let database = new_database().await;
    let store = vec!["--database-url".to_owned(), database.clone()];
    let mut first = ProxyProcess::spawn(dir.path(), free_port(), &store, &upstream.url, PER_MINUTE);
    let mut second =
        ProxyProcess::spawn(dir.path(), free_port(), &store, &upstream.url, PER_MINUTE);
    first.ready().await;
    second.ready().await;

    let started = Instant::now();
    burst(vec![first.url.clone(), second.url.clone()], 0..TOTAL, 12).await;
    let records = settled(&StoreLocation::Postgres(database), TOTAL).await;
    let took = started.elapsed();
    assert_exactly_once(&records, &upstream, TOTAL);
    assert_eq!(
        upstream.rate_limited(),
        0,
        "together the replicas stayed within {PER_MINUTE} a minute"
    );
    // A burst of 10, then under 10 a second: 90 leads cannot take less than 8 s.
    assert!(took >= Duration::from_secs(7), "took only {took:?}");
    let client = http_client();
    for replica in [&first, &second] {
        let metrics = client
            .get(format!("{}/metrics", replica.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let delivered = metrics
            .lines()
            .find(|line| line.starts_with("leadform_submissions_delivered_total"))
            .and_then(|line| line.rsplit(' ').next())
            .and_then(|value| value.parse::<f64>().ok())
            .unwrap_or(0.0);
        assert!(delivered > 0.0, "{} delivered nothing", replica.url);
    }
    println!("two replicas delivered {TOTAL} leads at {PER_MINUTE}/min in {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_mid_delivery_is_taken_over_by_the_other_without_a_second_lead() {
    const ROUNDS: usize = 4;
    const PER_ROUND: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let upstream = slow_upstream().await;
    let database = new_database().await;
    let location = StoreLocation::Postgres(database.clone());
    let store = vec!["--database-url".to_owned(), database];
    let ports = [free_port(), free_port()];
    let spawn = |port: u16| ProxyProcess::spawn(dir.path(), port, &store, &upstream.url, 100_000);
    let mut replicas = [spawn(ports[0]), spawn(ports[1])];
    for replica in &mut replicas {
        replica.ready().await;
    }
    let urls: Vec<String> = replicas.iter().map(|replica| replica.url.clone()).collect();

    // (JourneyBee working on, attempts the dead replica left open) at each kill.
    let mut in_flight = Vec::new();
    let mut failed_sends = 0;
    for round in 0..ROUNDS {
        let leads = round * PER_ROUND..(round + 1) * PER_ROUND;
        let visitors = tokio::spawn(burst(urls.clone(), leads.clone(), 24));
        let (victim, survivor) = (round % 2, 1 - round % 2);
        mid_delivery(&upstream, leads.start + PER_ROUND / 3, 10).await;
        let owner = replicas[victim].owner();
        let working = upstream.processing_now();
        replicas[victim].kill_9();
        let orphans = open_attempts(&location, &owner).await;
        in_flight.push((working, orphans.len()));
        // The victim stays down: its records are the survivor's to take over, once their
        // lease has run out.
        eventually(
            "the survivor took the dead replica's records over",
            || async {
                open_attempts(&location, &owner)
                    .await
                    .is_empty()
                    .then_some(())
            },
        )
        .await;
        let survivor_owner = replicas[survivor].owner();
        failed_sends += visitors.await.expect("visitors");
        replicas[victim] = spawn(ports[victim]);
        replicas[victim].ready().await;
        assert_ne!(replicas[victim].owner(), survivor_owner);
    }

    let total = ROUNDS * PER_ROUND;
    let records = settled(&location, total).await;
    Tally::of(&records, &upstream, total).report_kills(
        &format!(
            "PostgreSQL, two replicas, {ROUNDS} × one killed with kill -9 during a burst and \
             the other taking over"
        ),
        &in_flight,
        failed_sends,
    );
}

#[tokio::test]
async fn without_a_key_or_shared_token_keys_the_proxy_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms.toml");
    std::fs::write(&forms, FORMS).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
        .args(["--config".as_ref(), forms.as_os_str()])
        .args(["--bundle-dir".as_ref(), fake_bundle().as_os_str()])
        .args(["--data-dir".as_ref(), dir.path().join("data").as_os_str()])
        .env_remove("JOURNEYBEE_API_KEY")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("leadform-proxy: configuration: JOURNEYBEE_API_KEY is not set")
            && last.contains("--sandbox"),
        "{stderr}"
    );

    // The key as systemd hands it over (`LoadCredential=journeybee-api-key:…`) is a key.
    let credentials = dir.path().join("credentials");
    std::fs::create_dir_all(&credentials).unwrap();
    std::fs::write(
        credentials.join("journeybee-api-key"),
        format!("{API_KEY}\n"),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
        .args(["--config".as_ref(), forms.as_os_str()])
        .args(["--bundle-dir".as_ref(), fake_bundle().as_os_str()])
        .args(["--data-dir".as_ref(), dir.path().join("data").as_os_str()])
        .arg("--sandbox")
        .env_remove("JOURNEYBEE_API_KEY")
        .env("CREDENTIALS_DIRECTORY", &credentials)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.code() == Some(2)
            && stderr.contains("the journeybee-api-key credential) and --sandbox is given"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(API_KEY),
        "the key is never logged: {stderr}"
    );

    // Replicas sharing a database must sign fill tokens alike: without keys given, no start.
    let output = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
        .args(["--config".as_ref(), forms.as_os_str()])
        .args(["--bundle-dir".as_ref(), fake_bundle().as_os_str()])
        .args([
            "--database-url",
            "postgres://nobody@127.0.0.1:9/none",
            "--sandbox",
        ])
        .env_remove("JOURNEYBEE_API_KEY")
        .env_remove("LEADFORM_TOKEN_KEYS")
        .env_remove("LEADFORM_TOKEN_KEY_FILE")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("every replica must sign fill tokens with the same keys")
            && stderr.contains("LEADFORM_TOKEN_KEYS"),
        "{stderr}"
    );
}

#[test]
fn an_upstream_timeout_no_lease_could_outlast_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms.toml");
    std::fs::write(&forms, FORMS).unwrap();
    for (timeout, skew) in [("0s", "5s"), ("25h", "5s"), ("15s", "2days")] {
        let output = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
            .args(["--config".as_ref(), forms.as_os_str()])
            .args(["--bundle-dir".as_ref(), fake_bundle().as_os_str()])
            .args(["--data-dir".as_ref(), dir.path().join("data").as_os_str()])
            .args([
                "--sandbox",
                "--upstream-timeout",
                timeout,
                "--clock-skew",
                skew,
            ])
            .env_remove("JOURNEYBEE_API_KEY")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{timeout} {skew}: {stderr}");
        assert!(
            stderr.contains("leadform-proxy: configuration: --upstream-timeout")
                || stderr.contains("leadform-proxy: configuration: --clock-skew"),
            "{stderr}"
        );
        assert!(
            !dir.path().join("data").join("outbox.sqlite3").exists(),
            "refused before the outbox was touched"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_serves_the_edited_forms_file_and_a_broken_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let SqliteProxy { proxy, .. } = SqliteProxy::start(dir.path()).await;
    let client = http_client();
    let status = |path: &'static str| {
        let (client, url) = (client.clone(), proxy.url.clone());
        async move {
            client
                .get(format!("{url}{path}"))
                .send()
                .await
                .map_or(0, |response| response.status().as_u16())
        }
    };
    let hangup = || {
        let sent = Command::new("kill")
            .args(["-HUP", &proxy.child.id().to_string()])
            .status();
        assert!(sent.is_ok_and(|status| status.success()), "SIGHUP sent");
    };
    assert_eq!(status("/v1/forms/second").await, 404);

    let forms = dir.path().join("forms.toml");
    let second = FORMS.replace(r#"id = "acme-referral""#, r#"id = "second""#);
    std::fs::write(&forms, format!("{FORMS}\n{second}")).unwrap();
    hangup();
    eventually("the second form served", || async {
        (status("/v1/forms/second").await == 200).then_some(())
    })
    .await;

    std::fs::write(&forms, "[[form]]\nthis is not toml").unwrap();
    hangup();
    eventually("the broken file refused", || async {
        proxy
            .log_text()
            .contains("forms file refused on reload")
            .then_some(())
    })
    .await;
    assert_eq!(
        status("/v1/forms/second").await,
        200,
        "the running forms stay"
    );
    assert_eq!(status("/v1/forms/acme-referral").await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_keys_rotated_on_disk_sign_after_sighup_and_forms_already_shown_still_send() {
    let dir = tempfile::tempdir().unwrap();
    let SqliteProxy {
        proxy,
        data_dir,
        upstream,
        ..
    } = SqliteProxy::start(dir.path()).await;
    let client = http_client();
    let key_id = |token: &str| token.split('.').next().unwrap_or_default().to_owned();
    let shown_before = fetch_token(&client, &proxy.url).await.expect("a token");
    let keys = std::fs::read_to_string(data_dir.join("token-keys")).expect("made at first start");
    assert!(
        !keys.contains(&shown_before),
        "the file holds keys, not tokens"
    );

    let rotated = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
        .args(["token-keys", "rotate", "--data-dir"])
        .arg(&data_dir)
        .output()
        .expect("the binary runs");
    let said = String::from_utf8_lossy(&rotated.stdout);
    assert!(rotated.status.success(), "{said}");
    assert!(
        said.contains(&format!("still accepted: {}", key_id(&shown_before))),
        "{said}"
    );
    let sent = Command::new("kill")
        .args(["-HUP", &proxy.child.id().to_string()])
        .status();
    assert!(sent.is_ok_and(|status| status.success()), "SIGHUP sent");
    let shown_after = eventually("tokens signed with the new key", || async {
        let token = fetch_token(&client, &proxy.url).await?;
        (key_id(&token) != key_id(&shown_before)).then_some(token)
    })
    .await;
    assert!(said.contains(&key_id(&shown_after)), "{said}");

    for (n, token) in [shown_before, shown_after].iter().enumerate() {
        let answer = client
            .post(format!("{}/v1/forms/acme-referral/submissions", proxy.url))
            .header("origin", ALLOWED_ORIGIN)
            .header("content-type", "application/json")
            .header("leadform-token", token)
            .body(lead_submission(n))
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status().as_u16(), 201, "token {n}");
    }
    assert_eq!(upstream.leads().len(), 2, "both reached JourneyBee");
}
