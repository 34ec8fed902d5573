//! `cargo xtask bench proxy`: the proxy's durable accepts against an upstream that answers
//! at once, and a long burst against a rate-limited one. Figures are printed, not asserted.
//!
//! The proxy is the real release binary in a process of its own (so its memory is its own);
//! the upstream and the load generator share this process. For the accept figures the
//! upstream is a stub answering 201 at once, behind the default rate limit (so the worker
//! delivers and visitors hear 202) and without one (each request delivers and hears 201);
//! for the burst it is the sandbox, rate-limited,
//! which keeps every lead so loss and duplicates can be counted. Everything shares
//! the machine's cores, so `GET /healthz` on the same server, measured the same way, is the
//! no-work baseline each figure is compared with.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use leadform_proxy::abuse::fill_token::{self, FillTokenSettings, FillTokens, TokenKeys};
use leadform_proxy::journeybee::sandbox::{DuplicateLeads, IdempotencyKeys, SandboxOptions};
use leadform_proxy::outbox::now_millis;
use leadform_proxy::{ApiKey, Sandbox};

const KEY: &str = "bench-key";
const ORIGIN: &str = "https://partner.example";
const MEASURE_FOR: Duration = Duration::from_secs(4);
const BURST: usize = 10_000;
const BURST_RATE_PER_MINUTE: u32 = 6_000;

const FORMS: &str = r#"
[[form]]
[form.definition]
id = "bench"
title = "Refer a client"
directions = ["send"]
[[form.definition.fields]]
field = "company_name"
label = "Company"
required = true
[[form.definition.fields]]
field = "email"
label = "Email"
required = true
[form.trusted]
allowed_origins = ["https://partner.example"]
association_type = "referral"
partnership_id = 456
partners_company_id = 234
company_partnerships_id = 789
"#;

struct Proxy {
    child: Child,
    url: String,
}

impl Proxy {
    /// The proxy with every limit on visitors lifted: one load generator on one address is
    /// not a visitor, so throughput is measured without them.
    fn start(dir: &Path, store: &[String], upstream: &str, rate: u32) -> Self {
        let unlimited = [
            "--submissions-per-client-per-minute",
            "1000000000",
            "--submissions-per-form-per-minute",
            "1000000000",
            "--tokens-per-client-per-minute",
            "1000000000",
            "--max-connections-per-ip",
            "100000",
            "--max-connections",
            "100000",
            "--max-in-flight",
            "100000",
            // Faster than any person: throughput is measured, not spam.
            "--min-fill-time",
            "0s",
        ];
        Self::start_with(dir, store, upstream, rate, &unlimited)
    }

    fn start_with(
        dir: &Path,
        store: &[String],
        upstream: &str,
        rate: u32,
        limits: &[&str],
    ) -> Self {
        Self::spawn(dir, store, upstream, rate, limits, None)
    }

    /// The proxy with `limits`; its log at INFO goes to `log`, else warnings to stderr.
    fn spawn(
        dir: &Path,
        store: &[String],
        upstream: &str,
        rate: u32,
        limits: &[&str],
        log: Option<&Path>,
    ) -> Self {
        std::fs::write(dir.join("forms.toml"), FORMS).expect("forms");
        let bundle = dir.join("bundle");
        std::fs::create_dir_all(&bundle).expect("bundle");
        std::fs::write(
            bundle.join("leadform-bench.js"),
            "export default function(){}",
        )
        .unwrap();
        std::fs::write(bundle.join("leadform-bench_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(bundle.join("leadform.css"), "").unwrap();
        std::fs::write(
            bundle.join("embed.min.js"),
            include_str!("../../../embed/src/bundle.js"),
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .expect("a port");
        let child = Command::new(env!("CARGO_BIN_EXE_leadform-proxy"))
            .args(["--config".as_ref(), dir.join("forms.toml").as_os_str()])
            .args(["--bundle-dir".as_ref(), bundle.as_os_str()])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(store)
            .args(["--journeybee-url", upstream, "--journeybee-user-id", "1"])
            .args(["--upstream-rate-per-minute", &rate.to_string()])
            .args(limits)
            // The load generator signs its own fill tokens with the proxy's key, so only the
            // submission is measured (a visitor's token costs one small GET more).
            .env("LEADFORM_TOKEN_KEYS", TOKEN_KEY)
            .env("JOURNEYBEE_API_KEY", KEY)
            .env("RUST_LOG", if log.is_some() { "info" } else { "warn" })
            .stdout(Stdio::null())
            .stderr(log.map_or_else(Stdio::inherit, |log| {
                Stdio::from(std::fs::File::create(log).expect("a log file"))
            }))
            .spawn()
            .expect("the proxy starts");
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn ready(&self, client: &reqwest::Client) {
        for _ in 0..600 {
            let answer = client.get(format!("{}/readyz", self.url)).send().await;
            if answer.is_ok_and(|response| response.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the proxy did not become ready");
    }

    /// Resident memory, MiB.
    fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(f64::NAN, |kib| kib / 1024.0)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The sandbox as an upstream that answers at once, counting the `429`s it gives.
async fn upstream(rate_limit: Option<u32>) -> (Sandbox, String, Arc<AtomicUsize>) {
    let sandbox = Sandbox::with_options(
        ApiKey::new(KEY),
        SandboxOptions {
            idempotency_keys: IdempotencyKeys::Ignore,
            duplicate_leads: DuplicateLeads::Allow,
            rate_limit_per_minute: rate_limit,
            ..SandboxOptions::default()
        },
    );
    let limited = Arc::new(AtomicUsize::new(0));
    let counted = limited.clone();
    let router = sandbox.router().layer(axum::middleware::from_fn(
        move |request: Request, next: Next| {
            let counted = counted.clone();
            async move {
                let response: Response = next.run(request).await;
                if response.status() == StatusCode::TOO_MANY_REQUESTS {
                    counted.fetch_add(1, Ordering::Relaxed);
                }
                response
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sandbox, url, limited)
}

#[derive(Default)]
struct Run {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    statuses: HashMap<u16, usize>,
}

static NEXT_LEAD: AtomicUsize = AtomicUsize::new(0);

/// The fill-token key every benchmarked proxy is given.
const TOKEN_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn fill_tokens() -> &'static FillTokens {
    static TOKENS: std::sync::OnceLock<FillTokens> = std::sync::OnceLock::new();
    TOKENS.get_or_init(|| {
        FillTokens::new(
            TokenKeys::parse(TOKEN_KEY).expect("the bench key"),
            FillTokenSettings::default(),
        )
    })
}

fn submission(n: usize) -> String {
    format!(
        r#"{{"direction":"send","values":{{"company_name":"Company {n}","email":"bench{n}@example.com"}}}}"#
    )
}

async fn one_request(client: &reqwest::Client, base: &str, submit: bool) -> Option<u16> {
    let sent = if submit {
        let n = NEXT_LEAD.fetch_add(1, Ordering::Relaxed);
        client
            .post(format!("{base}/v1/forms/bench/submissions"))
            .header("origin", ORIGIN)
            .header("content-type", "application/json")
            .header("idempotency-key", format!("bench-{n}"))
            .header(
                fill_token::HEADER,
                fill_tokens().issue("bench", now_millis()),
            )
            .body(submission(n))
            .send()
            .await
    } else {
        client.get(format!("{base}/healthz")).send().await
    };
    let response = sent.ok()?;
    let status = response.status().as_u16();
    response.bytes().await.ok()?;
    Some(status)
}

/// `concurrency` clients, each sending its next request as soon as the last is answered.
async fn closed_loop(
    client: &reqwest::Client,
    base: &str,
    submit: bool,
    concurrency: usize,
    until: Option<usize>,
) -> Run {
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, base, stop, sent) =
                (client.clone(), base.to_owned(), stop.clone(), sent.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut statuses: HashMap<u16, usize> = HashMap::new();
                while !stop.load(Ordering::Relaxed) {
                    if until.is_some_and(|limit| sent.fetch_add(1, Ordering::Relaxed) >= limit) {
                        break;
                    }
                    let begun = Instant::now();
                    let status = one_request(&client, &base, submit).await.unwrap_or(0);
                    latencies.push(begun.elapsed());
                    *statuses.entry(status).or_default() += 1;
                }
                (latencies, statuses)
            })
        })
        .collect();
    if until.is_none() {
        tokio::time::sleep(MEASURE_FOR).await;
        stop.store(true, Ordering::Relaxed);
    }
    let mut latencies = Vec::new();
    let mut statuses: HashMap<u16, usize> = HashMap::new();
    for worker in workers {
        let (mut worker_latencies, worker_statuses) = worker.await.expect("worker");
        latencies.append(&mut worker_latencies);
        for (status, count) in worker_statuses {
            *statuses.entry(status).or_default() += count;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let quantile = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(f64::NAN, |latency| latency.as_secs_f64() * 1000.0)
    };
    Run {
        per_second: latencies.len() as f64 / elapsed,
        p50_ms: quantile(0.50),
        p99_ms: quantile(0.99),
        statuses,
    }
}

/// An upstream that answers every Create Lead at once with a new lead id, reading nothing.
async fn instant_upstream() -> String {
    let next_id = Arc::new(AtomicUsize::new(1));
    let router = axum::Router::new().route(
        "/api/v1/leads",
        axum::routing::post(move || {
            let id = next_id.fetch_add(1, Ordering::Relaxed);
            async move {
                (
                    StatusCode::CREATED,
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    format!(r#"{{"id":{id},"uuid":"lead-{id}"}}"#),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

/// The upstream rate for one accepts table: the default (JourneyBee's documented 100 a
/// minute), where nearly every answer is a durable accept (202) and the worker delivers; or
/// unlimited, where every request also makes the first delivery itself and answers 201.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    DefaultRate,
    Unlimited,
}

async fn accepts(
    client: &reqwest::Client,
    store_name: &str,
    store: &[String],
    dir: &Path,
    mode: Mode,
) {
    let upstream_url = instant_upstream().await;
    let rate = match mode {
        Mode::DefaultRate => 100,
        Mode::Unlimited => 10_000_000,
    };
    let proxy = Proxy::start(dir, store, &upstream_url, rate);
    proxy.ready(client).await;
    // Warm the connection pools and the database's caches.
    closed_loop(client, &proxy.url, true, 16, Some(500)).await;
    for concurrency in [1, 16, 64] {
        let baseline = closed_loop(client, &proxy.url, false, concurrency, None).await;
        let run = closed_loop(client, &proxy.url, true, concurrency, None).await;
        let total: usize = run.statuses.values().sum();
        let delivered = run.statuses.get(&201).copied().unwrap_or(0);
        let queued = run.statuses.get(&202).copied().unwrap_or(0);
        let failed = total - delivered - queued;
        println!(
            "{store_name:<9} {concurrency:>4} | {:>8.0} {:>6.2} {:>6.2} | {:>8.0} {:>6.2} {:>6.2} | {:>5.1}% | {delivered:>6} {queued:>5} {failed:>5}",
            baseline.per_second,
            baseline.p50_ms,
            baseline.p99_ms,
            run.per_second,
            run.p50_ms,
            run.p99_ms,
            100.0 * run.per_second / baseline.per_second,
        );
    }
}

async fn burst(client: &reqwest::Client, dir: &Path) {
    let (sandbox, upstream_url, limited) = upstream(Some(BURST_RATE_PER_MINUTE)).await;
    let data = dir.join("burst-data");
    let store = vec!["--data-dir".to_owned(), data.display().to_string()];
    let proxy = Proxy::start(dir, &store, &upstream_url, BURST_RATE_PER_MINUTE);
    proxy.ready(client).await;
    let at_rest = proxy.rss_mib();
    let first_lead = NEXT_LEAD.load(Ordering::Relaxed);
    let started = Instant::now();
    let run = closed_loop(client, &proxy.url, true, 64, Some(BURST)).await;
    let accepted_in = started.elapsed();
    let accepted: usize = [201, 202]
        .iter()
        .filter_map(|status| run.statuses.get(status))
        .sum();
    let deadline = started + Duration::from_secs(400);
    while sandbox.lead_count() < accepted && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let delivered_in = started.elapsed();
    let leads = sandbox.leads();
    let mut per_email: HashMap<String, usize> = HashMap::new();
    for lead in &leads {
        *per_email
            .entry(lead.request.email.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let expected: Vec<String> = (first_lead..first_lead + BURST)
        .map(|n| format!("bench{n}@example.com"))
        .collect();
    let lost = expected
        .iter()
        .filter(|email| !per_email.contains_key(*email))
        .count();
    let duplicated = per_email.values().filter(|&&count| count > 1).count();
    let allowed_per_second = f64::from(BURST_RATE_PER_MINUTE) / 60.0;
    let rate = leads.len() as f64 / delivered_in.as_secs_f64();
    println!(
        "\nburst: {BURST} submissions at concurrency 64, upstream limited to {BURST_RATE_PER_MINUTE}/min"
    );
    println!(
        "  accepted {accepted} of {BURST} in {:.1} s ({:.0}/s, p50 {:.2} ms, p99 {:.2} ms; {} answered 201, {} answered 202)",
        accepted_in.as_secs_f64(),
        run.per_second,
        run.p50_ms,
        run.p99_ms,
        run.statuses.get(&201).copied().unwrap_or(0),
        run.statuses.get(&202).copied().unwrap_or(0),
    );
    println!(
        "  delivered {} in {:.1} s: {rate:.1}/s of {allowed_per_second:.1}/s allowed ({:.1} %); \
         {} answers 429 from upstream",
        leads.len(),
        delivered_in.as_secs_f64(),
        100.0 * rate / allowed_per_second,
        limited.load(Ordering::Relaxed),
    );
    println!("  lost: {lost}, duplicated: {duplicated}");
    println!(
        "  proxy memory (RSS): {at_rest:.1} MiB at rest, {:.1} MiB after the burst",
        proxy.rss_mib()
    );
}

fn main() {
    let database_url = std::env::var("LEADFORM_BENCH_DATABASE_URL").ok();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(256)
            .build()
            .expect("client");
        let dir = tempfile::tempdir().expect("a temporary directory");
        match std::env::var("LEADFORM_BENCH_ONLY").as_deref() {
            Ok("slow-clients") => return slow_clients(&client, dir.path()).await,
            Ok("flood") => return flood(dir.path()).await,
            _ => {}
        }
        println!(
            "leadform proxy benchmark: {} cores, {MEASURE_FOR:?} a point; latencies in ms, closed loop",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        println!(
            "{:<9} {:>4} | {:>8} {:>6} {:>6} | {:>8} {:>6} {:>6} | {:>6} | {:>6} {:>5} {:>5}",
            "store", "conc", "healthz/s", "p50", "p99", "accepts/s", "p50", "p99", "ratio", "201", "202", "other"
        );
        for (mode, title) in [
            (Mode::DefaultRate, "durable accepts: upstream rate 100/min (the default), so the worker delivers (202)"),
            (Mode::Unlimited, "accept + first delivery in the request: upstream unlimited (201)"),
        ] {
            println!("{title}");
            let sqlite_dir: PathBuf = dir.path().join(format!("sqlite-{}", mode as u8));
            let sqlite = vec!["--data-dir".to_owned(), sqlite_dir.display().to_string()];
            accepts(&client, "sqlite", &sqlite, dir.path(), mode).await;
            match &database_url {
                Some(url) => {
                    let database = new_database(url).await;
                    accepts(&client, "postgres", &["--database-url".to_owned(), database], dir.path(), mode)
                        .await;
                }
                None => println!("postgres  (skipped: LEADFORM_BENCH_DATABASE_URL is not set; run `cargo xtask bench proxy`)"),
            }
        }
        burst(&client, dir.path()).await;
        slow_clients(&client, dir.path()).await;
        flood(dir.path()).await;
    });
}

/// The flood issue 9 reports: a load generator sending made-up submissions as fast as it
/// can, 64 at a time, against the default limits: from one address and from 100, without a
/// token, and with a token it fetched (as a bot can) and used at once. What reaches
/// JourneyBee, what the proxy answers and logs at INFO, and its memory.
async fn flood(dir: &Path) {
    for (addresses, with_token) in [(1u8, false), (100, false), (100, true)] {
        let (sandbox, upstream_url, _) = upstream(None).await;
        let name = format!("flood-{addresses}-{with_token}");
        let store = vec![
            "--data-dir".to_owned(),
            dir.join(&name).display().to_string(),
        ];
        let log = dir.join(format!("{name}.log"));
        let proxy = Proxy::spawn(dir, &store, &upstream_url, 100, &[], Some(&log));
        proxy.ready(&reqwest::Client::new()).await;
        let log_size = || std::fs::metadata(&log).map_or(0, |meta| meta.len());
        let (rss_at_rest, log_at_rest) = (proxy.rss_mib(), log_size());
        let clients: Vec<reqwest::Client> = (0..addresses)
            .map(|n| {
                reqwest::Client::builder()
                    .local_address(std::net::IpAddr::from([127, 0, 0, 2 + n]))
                    .build()
                    .expect("client")
            })
            .collect();
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let workers: Vec<_> = (0..64)
            .map(|worker| {
                let (client, base, stop) = (
                    clients[worker % clients.len()].clone(),
                    proxy.url.clone(),
                    stop.clone(),
                );
                tokio::spawn(async move {
                    let mut statuses: HashMap<u16, usize> = HashMap::new();
                    while !stop.load(Ordering::Relaxed) {
                        let n = NEXT_LEAD.fetch_add(1, Ordering::Relaxed);
                        let mut post = client
                            .post(format!("{base}/v1/forms/bench/submissions"))
                            .header("origin", ORIGIN)
                            .header("content-type", "application/json")
                            .body(submission(n));
                        if with_token {
                            let token = client
                                .get(format!("{base}/v1/forms/bench/token"))
                                .header("origin", ORIGIN)
                                .send()
                                .await;
                            let token = match token {
                                Ok(answer) => answer.json::<serde_json::Value>().await.ok(),
                                Err(_) => None,
                            };
                            if let Some(token) = token.as_ref().and_then(|t| t["token"].as_str()) {
                                post = post.header(fill_token::HEADER, token);
                            }
                        }
                        let status = match post.send().await {
                            Ok(answer) => {
                                let status = answer.status().as_u16();
                                let _ = answer.bytes().await;
                                status
                            }
                            Err(_) => 0,
                        };
                        *statuses.entry(status).or_default() += 1;
                    }
                    statuses
                })
            })
            .collect();
        tokio::time::sleep(MEASURE_FOR).await;
        stop.store(true, Ordering::Relaxed);
        let mut statuses: HashMap<u16, usize> = HashMap::new();
        for worker in workers {
            for (status, count) in worker.await.expect("worker") {
                *statuses.entry(status).or_default() += count;
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        tokio::time::sleep(Duration::from_secs(1)).await;
        let metrics = reqwest::Client::new()
            .get(format!("{}/metrics", proxy.url))
            .send()
            .await
            .expect("metrics")
            .text()
            .await
            .unwrap_or_default();
        let spam = metrics
            .lines()
            .filter(|line| line.starts_with("leadform_spam_total"))
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            .fold(0.0, |sum, count| sum + count);
        let total: usize = statuses.values().sum();
        let mut answered: Vec<(u16, usize)> = statuses.into_iter().collect();
        answered.sort();
        let answered = answered
            .iter()
            .map(|(status, count)| format!("{count} × {status}"))
            .collect::<Vec<_>>()
            .join(", ");
        let logged = log_size() - log_at_rest;
        println!(
            "flood: 64 at a time for {MEASURE_FOR:?} from {addresses} address(es), {}, default limits",
            if with_token {
                "each with a token fetched just before"
            } else {
                "no token"
            }
        );
        println!(
            "  {total} submissions ({:.0}/s): {answered}",
            total as f64 / elapsed
        );
        println!(
            "  reached JourneyBee: {}; answered like a success but dropped as a bot's: {spam}",
            sandbox.lead_count()
        );
        println!(
            "  log at INFO: {logged} bytes ({:.0} a request); memory {rss_at_rest:.1} → {:.1} MiB",
            logged as f64 / total.max(1) as f64,
            proxy.rss_mib()
        );
    }
}

async fn new_database(admin: &str) -> String {
    use sqlx::Connection;
    let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
    let mut connection = sqlx::PgConnection::connect(admin)
        .await
        .expect("PostgreSQL");
    let statement = format!("CREATE DATABASE {name}");
    sqlx::query(&statement)
        .execute(&mut connection)
        .await
        .expect("a database");
    let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
    format!("{base}/{name}")
}

/// Connections that never send a request, against the default limits.
const SLOW_CONNECTIONS: usize = 15_000;

/// `GET /healthz` from an address of its own, `times` times: the median of those answered
/// 200, in ms, and how many were not.
async fn healthz_median(address: std::net::SocketAddr, times: usize) -> (f64, usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut took = Vec::new();
    for _ in 0..times {
        let started = Instant::now();
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind("127.0.0.250:0".parse().expect("address"))
            .expect("bind");
        let Ok(mut stream) = socket.connect(address).await else {
            continue;
        };
        let _ = stream
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: proxy\r\nconnection: close\r\n\r\n")
            .await;
        let mut answer = Vec::new();
        let _ =
            tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
        if answer.starts_with(b"HTTP/1.1 200") {
            took.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    took.sort_by(f64::total_cmp);
    let median = took.get(took.len() / 2).copied().unwrap_or(f64::NAN);
    (median, times - took.len())
}

/// The slow-client attack: many connections that send nothing, from one address (the
/// attack issue 9 reports) and from 100. The proxy's memory and a normal request's latency
/// from another address, at rest and under it.
async fn slow_clients(client: &reqwest::Client, dir: &Path) {
    for addresses in [1, 100] {
        let (_sandbox, upstream_url, _) = upstream(None).await;
        let store = vec![
            "--data-dir".to_owned(),
            dir.join(format!("slow-data-{addresses}"))
                .display()
                .to_string(),
        ];
        let proxy = Proxy::start_with(dir, &store, &upstream_url, 100, &[]);
        proxy.ready(client).await;
        let address: std::net::SocketAddr = proxy
            .url
            .trim_start_matches("http://")
            .parse()
            .expect("address");
        let rss_at_rest = proxy.rss_mib();
        let (latency_at_rest, _) = healthz_median(address, 20).await;
        let mut held = Vec::new();
        let mut failed = 0;
        for n in 0..SLOW_CONNECTIONS {
            let socket = tokio::net::TcpSocket::new_v4().expect("socket");
            let from = format!("127.0.0.{}:0", 2 + n % addresses);
            socket.bind(from.parse().expect("address")).expect("bind");
            match socket.connect(address).await {
                Ok(stream) => held.push(stream),
                Err(_) => failed += 1,
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let rss_under = proxy.rss_mib();
        let (latency_under, refused_healthz) = healthz_median(address, 20).await;
        let (mut refused, mut made_room) = (0, 0);
        let mut buffer = [0u8; 16];
        for stream in &held {
            match stream.try_read(&mut buffer) {
                Ok(0) => made_room += 1,
                Ok(_) if buffer.starts_with(b"HTTP/1.1 503") => refused += 1,
                _ => {}
            }
        }
        println!(
            "slow clients: {SLOW_CONNECTIONS} connections that send nothing, from {addresses} address(es), default limits"
        );
        println!(
            "  {} connected: {refused} told 503 and closed at once, {made_room} closed later to make room for newer ones, {} held; {failed} could not connect",
            held.len(),
            held.len() - refused - made_room
        );
        println!(
            "  proxy memory: {rss_at_rest:.1} MiB at rest, {rss_under:.1} MiB under the attack"
        );
        println!(
            "  GET /healthz from another address, median of 20: {latency_at_rest:.1} ms at rest, {latency_under:.1} ms under the attack ({refused_healthz} of 20 not answered 200)"
        );
    }
}
