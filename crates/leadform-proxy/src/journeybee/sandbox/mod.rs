//! The built-in JourneyBee stand-in: `POST /api/v1/leads` and `GET /api/v1/leads` as the
//! reference documents them, with leads kept in memory. The proxy talks to it over HTTP on
//! loopback, through the same client it uses for the real API. By default it behaves like
//! the documented API generation: it ignores `Idempotency-Key`, refuses a second lead with
//! the same email for a partnership, and has no rate limit; [`SandboxOptions`] change that.

mod catalogue;
mod create_lead;
mod get_leads;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::StartupError;
use crate::journeybee::{ApiKey, JourneyBeeClient};
pub use catalogue::{Catalogue, SandboxPartnership};
use store::LeadStore;
pub use store::StoredLead;

/// The sandbox's one user (`userId` in Get Leads) and company.
pub const SANDBOX_USER_ID: u64 = 1;
pub const SANDBOX_COMPANY_ID: u64 = 1;

/// What the sandbox does with `Idempotency-Key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdempotencyKeys {
    /// Like the documented generation: the header means nothing.
    #[default]
    Ignore,
    /// Like the newer generation: the same key and body replay the first answer.
    Honour,
}

/// What the sandbox does with a second lead for the same email and partnership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateLeads {
    /// `409 Conflict`, as JourneyBee documents.
    #[default]
    Refuse,
    /// Stores it: tests use this to see a duplicate the proxy sent, instead of a 409.
    Allow,
}

/// How the sandbox behaves.
#[derive(Debug, Clone, Default)]
pub struct SandboxOptions {
    pub idempotency_keys: IdempotencyKeys,
    pub duplicate_leads: DuplicateLeads,
    /// Requests (Create Lead and Get Leads) a minute before `429` with `Retry-After`.
    pub rate_limit_per_minute: Option<u32>,
    /// The account's custom fields and tags.
    pub catalogue: Catalogue,
}

/// A JourneyBee stand-in accepting one API key.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    api_key: ApiKey,
    options: SandboxOptions,
    store: LeadStore,
}

impl Sandbox {
    /// A sandbox that behaves like the documented API.
    pub fn new(api_key: ApiKey) -> Self {
        Self::with_options(api_key, SandboxOptions::default())
    }

    pub fn with_options(api_key: ApiKey, options: SandboxOptions) -> Self {
        Self {
            inner: Arc::new(Inner {
                api_key,
                options,
                store: LeadStore::default(),
            }),
        }
    }

    /// The sandbox API, rooted at `/api/v1`.
    pub fn router(&self) -> Router {
        Router::new()
            .route(
                "/api/v1/leads",
                get(get_leads::get_leads).post(create_lead::create_lead),
            )
            .route("/api/v1/custom-fields", get(catalogue::custom_fields))
            .route("/api/v1/tags", get(catalogue::tags))
            .route("/api/v1/partnerships", get(catalogue::partnerships))
            .route(
                "/api/v1/partnerships/{id}/users",
                get(catalogue::partnership_users),
            )
            .with_state(self.clone())
    }

    /// Serves the sandbox on `addr` in the background; returns its API base URL.
    pub async fn serve(&self, addr: SocketAddr) -> std::io::Result<String> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        let router = self.router();
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                tracing::error!(%error, "sandbox stopped");
            }
        });
        Ok(format!("http://{local}/api/v1"))
    }

    /// Serves the sandbox on a free loopback port and returns a client that sends it leads
    /// with the key it accepts: what the proxy uses when no JourneyBee key is configured.
    pub async fn client_on_loopback(
        &self,
        timeout: Duration,
    ) -> Result<JourneyBeeClient, StartupError> {
        let url = self
            .serve(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(|error| StartupError::Config(format!("cannot start the sandbox: {error}")))?;
        tracing::info!(%url, "sandbox listening");
        JourneyBeeClient::new(&url, &self.inner.api_key, timeout)
    }

    /// Every lead stored so far, oldest first.
    pub fn leads(&self) -> Vec<StoredLead> {
        self.inner.store.all()
    }

    /// How many leads are stored.
    pub fn lead_count(&self) -> usize {
        self.inner.store.len()
    }

    /// The presented API key, if it is the one this sandbox accepts.
    fn authorized_key(&self, headers: &HeaderMap) -> Option<String> {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        presented
            .filter(|key| self.inner.api_key.matches(key))
            .map(str::to_owned)
    }
}

/// Whether a query's `userId` names the sandbox's one user, as Get Leads and the
/// partnerships' listing require.
fn names_the_user(params: &std::collections::HashMap<String, String>) -> bool {
    params.get("userId").and_then(|id| id.parse::<u64>().ok()) == Some(SANDBOX_USER_ID)
}

fn unauthorized() -> Response {
    refusal(
        StatusCode::UNAUTHORIZED,
        "Invalid API key or insufficient permissions",
    )
}

/// JourneyBee's error body of this API generation.
fn refusal(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}
