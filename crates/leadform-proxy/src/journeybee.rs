//! The client for JourneyBee's Create Lead, holding the whole-account API key.

use std::fmt;
use std::time::Duration;

use leadform_core::{ApiError, CreateLeadRequest, CreateLeadResponse, from_json};
use reqwest::header::{AUTHORIZATION, HeaderValue};

use crate::error::ProxyError;

/// JourneyBee's API as documented.
pub const DEFAULT_API_URL: &str = "https://app.journeybee.io/api/v1";

const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// A JourneyBee API key. It has no `Display` and its `Debug` hides it, so it cannot end up in
/// a log line or a response by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// Compares in constant time with a presented key.
    pub fn matches(&self, presented: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), presented.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
    }

    fn bearer_header(&self) -> Result<HeaderValue, ProxyError> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0)).map_err(|_| {
            ProxyError::Config(
                "JOURNEYBEE_API_KEY contains characters a header cannot carry".into(),
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Sends leads to JourneyBee (or the sandbox standing in for it).
#[derive(Clone, Debug)]
pub struct JourneyBeeClient {
    http: reqwest::Client,
    leads_url: String,
    authorization: HeaderValue,
}

impl JourneyBeeClient {
    /// A client for the API under `base_url` (e.g. [`DEFAULT_API_URL`]).
    pub fn new(base_url: &str, key: &ApiKey) -> Result<Self, ProxyError> {
        // reqwest is built without a bundled crypto provider; ring is ours. A second install fails harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|error| {
                ProxyError::Config(format!("cannot build the HTTP client: {error}"))
            })?;
        Ok(Self {
            http,
            leads_url: format!("{}/leads", base_url.trim_end_matches('/')),
            authorization: key.bearer_header()?,
        })
    }

    /// `POST /leads`; JourneyBee's refusals come back as [`ProxyError::JourneyBee`] with their status.
    pub async fn create_lead(
        &self,
        request: &CreateLeadRequest,
    ) -> Result<CreateLeadResponse, ProxyError> {
        let response = self
            .http
            .post(&self.leads_url)
            .header(AUTHORIZATION, self.authorization.clone())
            .json(request)
            .send()
            .await
            .map_err(|error| ProxyError::JourneyBeeUnreachable(error.without_url().to_string()))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|error| ProxyError::JourneyBeeUnreachable(error.to_string()))?;
        if !status.is_success() {
            return Err(ProxyError::JourneyBee(ApiError::from_body(
                status.as_u16(),
                &body,
            )));
        }
        from_json(&body)
            .map_err(|error| ProxyError::JourneyBeeUnreadable(format!("{error} in {body:.200}")))
    }
}
