//! The built-in JourneyBee stand-in: `POST /api/v1/leads` and `GET /api/v1/leads` as the
//! reference documents them, with leads kept in memory. The proxy talks to it over HTTP on
//! loopback, through the same client it uses for the real API.

mod create_lead;
mod get_leads;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::ProxyError;
use crate::journeybee::{ApiKey, JourneyBeeClient};
use store::LeadStore;
pub use store::StoredLead;

/// The sandbox's one user (`userId` in Get Leads) and company.
pub const SANDBOX_USER_ID: u64 = 1;
pub const SANDBOX_COMPANY_ID: u64 = 1;

/// A JourneyBee stand-in accepting one API key.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    api_key: ApiKey,
    store: LeadStore,
}

impl Sandbox {
    pub fn new(api_key: ApiKey) -> Self {
        Self {
            inner: Arc::new(Inner {
                api_key,
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
    pub async fn client_on_loopback(&self) -> Result<JourneyBeeClient, ProxyError> {
        let url = self
            .serve(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(|error| ProxyError::Config(format!("cannot start the sandbox: {error}")))?;
        tracing::info!(%url, "sandbox listening");
        JourneyBeeClient::new(&url, &self.inner.api_key)
    }

    /// Every lead stored so far, oldest first.
    pub fn leads(&self) -> Vec<StoredLead> {
        self.inner.store.all()
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
