//! A scriptable JourneyBee: the sandbox behind a layer that plays scripted faults, one per
//! Create Lead request, and can stop listening and come back on the same port.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use leadform_proxy::journeybee::sandbox::{
    DuplicateLeads, IdempotencyKeys, SandboxOptions, StoredLead,
};
use leadform_proxy::{ApiKey, Sandbox};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::API_KEY;

/// What the upstream does to one Create Lead request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answers this status with a JourneyBee error body, storing nothing.
    Status(u16),
    /// `429` with `Retry-After` in seconds, storing nothing.
    RateLimited(u64),
    /// `307` to another host, storing nothing.
    Redirect,
    /// Stores the lead, then answers after this long (slower than the proxy's timeout).
    SlowAfterStoring(Duration),
    /// Stores the lead, then breaks the connection in the middle of the answer.
    CloseAfterStoring,
    /// Stores the lead, then answers `201` with a body that is not JSON.
    GarbageAfterStoring,
}

struct Script {
    faults: Mutex<VecDeque<Fault>>,
    /// How long every unscripted Create Lead takes after storing the lead.
    latency: Mutex<Duration>,
    /// How long every unscripted Create Lead works before the lead is stored.
    processing: Mutex<Duration>,
    /// Create Leads being worked on (received, lead not stored yet).
    processing_now: AtomicUsize,
    create_requests: AtomicUsize,
    rate_limited: AtomicUsize,
    redirect_to: String,
}

/// A running stub.
pub struct Upstream {
    pub sandbox: Sandbox,
    /// The API base URL to give the proxy.
    pub url: String,
    /// Anything a redirect made a client send here is counted, and must stay 0.
    pub redirect_target: Trap,
    script: Arc<Script>,
    address: SocketAddr,
    server: Mutex<Option<(oneshot::Sender<()>, JoinHandle<()>)>>,
}

impl Upstream {
    /// The sandbox with `keys` behaviour, duplicates allowed (so a duplicate the proxy sends
    /// is seen as a second lead rather than hidden by a 409), and `options` otherwise.
    pub async fn start(keys: IdempotencyKeys) -> Self {
        Self::with_options(SandboxOptions {
            idempotency_keys: keys,
            duplicate_leads: DuplicateLeads::Allow,
            rate_limit_per_minute: None,
            ..SandboxOptions::default()
        })
        .await
    }

    pub async fn with_options(options: SandboxOptions) -> Self {
        let redirect_target = Trap::start().await;
        let sandbox = Sandbox::with_options(ApiKey::new(API_KEY), options);
        let script = Arc::new(Script {
            faults: Mutex::new(VecDeque::new()),
            latency: Mutex::new(Duration::ZERO),
            processing: Mutex::new(Duration::ZERO),
            processing_now: AtomicUsize::new(0),
            create_requests: AtomicUsize::new(0),
            rate_limited: AtomicUsize::new(0),
            redirect_to: format!("{}/api/v1/leads", redirect_target.url),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let address = listener.local_addr().expect("address");
        let upstream = Self {
            sandbox,
            url: format!("http://{address}/api/v1"),
            redirect_target,
            script,
            address,
            server: Mutex::new(None),
        };
        upstream.listen(listener);
        upstream
    }

    fn router(&self) -> Router {
        self.sandbox
            .router()
            .layer(from_fn_with_state(self.script.clone(), play_fault))
    }

    fn listen(&self, listener: tokio::net::TcpListener) {
        let (stop, stopped) = oneshot::channel::<()>();
        let router = self.router();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        *self.server.lock().unwrap() = Some((stop, task));
    }

    /// Queues faults for the next Create Lead requests, in order.
    pub fn script(&self, faults: impl IntoIterator<Item = Fault>) {
        self.script.faults.lock().unwrap().extend(faults);
    }

    /// Makes every unscripted Create Lead answer `latency` after storing the lead.
    pub fn set_latency(&self, latency: Duration) {
        *self.script.latency.lock().unwrap() = latency;
    }

    /// Makes every unscripted Create Lead work for `time` before the lead is stored and
    /// answered, like a slow JourneyBee: the work is carried through when the caller has
    /// gone (a killed proxy), so the lead appears `time` after the request arrived whatever
    /// became of the request.
    pub fn set_processing_time(&self, time: Duration) {
        *self.script.processing.lock().unwrap() = time;
    }

    /// Create Lead requests being worked on now: sent by someone, lead not stored yet.
    pub fn processing_now(&self) -> usize {
        self.script.processing_now.load(Ordering::SeqCst)
    }

    /// Faults not played yet.
    pub fn faults_left(&self) -> usize {
        self.script.faults.lock().unwrap().len()
    }

    /// Stops listening: new connections are refused until [`come_back`](Self::come_back).
    pub async fn go_down(&self) {
        let server = self.server.lock().unwrap().take();
        if let Some((stop, task)) = server {
            let _ = stop.send(());
            let _ = task.await;
        }
    }

    /// Listens again on the same port.
    pub async fn come_back(&self) {
        let listener = tokio::net::TcpListener::bind(self.address)
            .await
            .expect("the same port again");
        self.listen(listener);
    }

    /// Create Lead requests received, faults included.
    pub fn create_requests(&self) -> usize {
        self.script.create_requests.load(Ordering::SeqCst)
    }

    /// Requests the sandbox's own rate limit refused.
    pub fn rate_limited(&self) -> usize {
        self.script.rate_limited.load(Ordering::SeqCst)
    }

    pub fn leads(&self) -> Vec<StoredLead> {
        self.sandbox.leads()
    }
}

async fn play_fault(State(script): State<Arc<Script>>, request: Request, next: Next) -> Response {
    let is_create = request.method() == Method::POST;
    if !is_create {
        return count_rate_limited(&script, next.run(request).await);
    }
    script.create_requests.fetch_add(1, Ordering::SeqCst);
    let fault = script.faults.lock().unwrap().pop_front();
    let refusal = |status: u16| {
        (
            StatusCode::from_u16(status).unwrap(),
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error":"the stub says no"}"#,
        )
            .into_response()
    };
    match fault {
        None => {
            let processing = *script.processing.lock().unwrap();
            let response = if processing.is_zero() {
                next.run(request).await
            } else {
                // On a task of its own: a server finishes what it was sent even if the
                // client's connection is gone by then.
                let working = script.clone();
                working.processing_now.fetch_add(1, Ordering::SeqCst);
                let work = tokio::spawn(async move {
                    tokio::time::sleep(processing).await;
                    let response = next.run(request).await;
                    working.processing_now.fetch_sub(1, Ordering::SeqCst);
                    response
                });
                work.await.expect("the stub's work ends")
            };
            let latency = *script.latency.lock().unwrap();
            if !latency.is_zero() {
                tokio::time::sleep(latency).await;
            }
            count_rate_limited(&script, response)
        }
        Some(Fault::Status(status)) => refusal(status),
        Some(Fault::RateLimited(seconds)) => {
            let mut response = refusal(429);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, seconds.to_string().parse().unwrap());
            response
        }
        Some(Fault::Redirect) => {
            let mut response = refusal(307);
            response
                .headers_mut()
                .insert(header::LOCATION, script.redirect_to.parse().unwrap());
            response
        }
        Some(Fault::SlowAfterStoring(delay)) => {
            let response = next.run(request).await;
            tokio::time::sleep(delay).await;
            response
        }
        Some(Fault::CloseAfterStoring) => {
            next.run(request).await;
            let broken = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
            });
            let mut response = Response::new(Body::from_stream(broken));
            *response.status_mut() = StatusCode::CREATED;
            response
        }
        Some(Fault::GarbageAfterStoring) => {
            next.run(request).await;
            (StatusCode::CREATED, "<html>Created!</html>").into_response()
        }
    }
}

fn count_rate_limited(script: &Script, response: Response) -> Response {
    if response.status() == StatusCode::TOO_MANY_REQUESTS {
        script.rate_limited.fetch_add(1, Ordering::SeqCst);
    }
    response
}

/// A server that counts whatever reaches it.
pub struct Trap {
    pub url: String,
    hits: Arc<AtomicUsize>,
}

impl Trap {
    pub async fn start() -> Self {
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        let router = Router::new().fallback(move || {
            let counted = counted.clone();
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                StatusCode::CREATED
            }
        });
        let url = super::serve(router).await;
        Self { url, hits }
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}
