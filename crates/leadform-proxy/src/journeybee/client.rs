//! The client for JourneyBee's Create Lead and Get Leads, holding the whole-account API key.
//! It reports what happened as it happened; deciding what that means for a submission is
//! the delivery's job.

use std::fmt;
use std::time::Duration;

use leadform_core::journeybee::get_leads::{LeadQuery, ListedLead};
use leadform_core::{
    ApiError, CreateLeadResponse, CustomFieldDefinition, PartnerUser, PartnershipListing,
    TagDefinition, from_json,
};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, LOCATION, RETRY_AFTER};

use crate::error::StartupError;

/// JourneyBee's API as documented.
pub const DEFAULT_API_URL: &str = "https://app.journeybee.io/api/v1";

/// How long one call may take before its outcome counts as unknown.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Longest upstream message kept (in the outbox, never at INFO in the logs).
const MESSAGE_LIMIT: usize = 200;

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

    /// `text` with every copy of the key blanked out: upstream answers may echo requests.
    pub fn redact(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_owned()
        } else {
            text.replace(&self.0, "<redacted>")
        }
    }

    fn bearer_header(&self) -> Result<HeaderValue, StartupError> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0)).map_err(|_| {
            StartupError::Config(
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

/// A non-2xx answer, with the body reduced to its error message (key blanked, shortened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamRefusal {
    /// The HTTP status.
    pub status: u16,
    /// The newer API generation's error code, when given.
    pub code: Option<String>,
    /// JourneyBee's reason.
    pub message: String,
    /// `Retry-After`, as a wait.
    pub retry_after: Option<Duration>,
    /// For a redirect, the host it pointed at (never followed).
    pub redirect_host: Option<String>,
}

impl fmt::Display for UpstreamRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JourneyBee answered {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        if let Some(host) = &self.redirect_host {
            write!(f, ", a redirect to {host} that was not followed")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

/// How one Create Lead call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateLeadAnswer {
    /// A 2xx with the new lead.
    Created(CreateLeadResponse),
    /// Any other status.
    Refused(UpstreamRefusal),
    /// A 2xx whose body is not a Create Lead answer: the lead probably exists.
    Unreadable {
        /// The status.
        status: u16,
        /// What was wrong with the body (never the body itself).
        detail: String,
    },
    /// The request never reached JourneyBee (connection refused, name not found).
    NotSent(String),
    /// Sent, but no complete answer came back (timeout, connection lost): the lead may exist.
    Lost(String),
}

/// Why a Get Leads call gave no list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("{0}")]
    Refused(UpstreamRefusal),
    #[error("the request failed: {0}")]
    Transport(String),
    #[error("the answer is unreadable: {0}")]
    Unreadable(String),
}

/// A list as JourneyBee answers it: the items, or the items under `data`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Listing<T> {
    Items(Vec<T>),
    Wrapped { data: Vec<T> },
}

impl<T> Listing<T> {
    fn items(self) -> Vec<T> {
        match self {
            Listing::Items(items) | Listing::Wrapped { data: items } => items,
        }
    }
}

/// Talks to JourneyBee (or the sandbox standing in for it).
#[derive(Clone, Debug)]
pub struct JourneyBeeClient {
    http: reqwest::Client,
    base_url: String,
    leads_url: String,
    authorization: HeaderValue,
    key: ApiKey,
}

impl JourneyBeeClient {
    /// A client for the API under `base_url` (e.g. [`DEFAULT_API_URL`]); each call may take
    /// `timeout`. Redirects are never followed: they would carry a visitor's personal data,
    /// and the key, to a host nobody configured.
    pub fn new(base_url: &str, key: &ApiKey, timeout: Duration) -> Result<Self, StartupError> {
        // reqwest is built without a bundled crypto provider; ring is ours. A second install fails harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| {
                StartupError::Config(format!("cannot build the HTTP client: {error}"))
            })?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            leads_url: format!("{}/leads", base_url.trim_end_matches('/')),
            authorization: key.bearer_header()?,
            key: key.clone(),
        })
    }

    /// `POST /leads` with a stored Create Lead body. Every attempt for one submission
    /// carries the same `idempotency_key`.
    pub async fn create_lead(&self, body: &str, idempotency_key: &str) -> CreateLeadAnswer {
        let sent = self
            .http
            .post(&self.leads_url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(CONTENT_TYPE, "application/json")
            .header("idempotency-key", idempotency_key)
            .body(body.to_owned())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) if error.is_connect() => {
                return CreateLeadAnswer::NotSent(describe(&error));
            }
            Err(error) => return CreateLeadAnswer::Lost(describe(&error)),
        };
        let status = response.status();
        let refusal_parts = (!status.is_success()).then(|| refusal_headers(&response));
        let body = match response.text().await {
            Ok(body) => body,
            Err(error) => return CreateLeadAnswer::Lost(describe(&error)),
        };
        if let Some((retry_after, redirect_host)) = refusal_parts {
            return CreateLeadAnswer::Refused(self.refusal(
                status.as_u16(),
                &body,
                retry_after,
                redirect_host,
            ));
        }
        match from_json::<CreateLeadResponse>(&body) {
            Ok(created) => CreateLeadAnswer::Created(created),
            Err(error) => CreateLeadAnswer::Unreadable {
                status: status.as_u16(),
                detail: format!(
                    "{} bytes, not a Create Lead answer (at {})",
                    body.len(),
                    error.path
                ),
            },
        }
    }

    /// `GET /leads` with `query`: one page, newest first.
    pub async fn get_leads(&self, query: &LeadQuery) -> Result<Vec<ListedLead>, LookupError> {
        let url = format!("{}?{}", self.leads_url, query.to_query_string());
        self.get_json(url).await
    }

    /// The account's lead custom fields for one partner type (`referral`, `reseller`).
    pub async fn custom_fields(
        &self,
        partner_type: &str,
    ) -> Result<Vec<CustomFieldDefinition>, LookupError> {
        let url = format!(
            "{}/custom-fields?category=lead&partner_type={partner_type}",
            self.base_url
        );
        self.get_json::<Listing<_>>(url).await.map(Listing::items)
    }

    /// The account's lead tags.
    pub async fn tags(&self) -> Result<Vec<TagDefinition>, LookupError> {
        let url = format!("{}/tags?association=lead", self.base_url);
        self.get_json::<Listing<_>>(url).await.map(Listing::items)
    }

    /// The partnerships `user_id` sees (`view=all`), their partner's name containing
    /// `search` if given: the first page, which the reference does not say the size of.
    pub async fn partnerships(
        &self,
        user_id: u64,
        search: Option<&str>,
    ) -> Result<Vec<PartnershipListing>, LookupError> {
        let mut url = reqwest::Url::parse(&format!("{}/partnerships", self.base_url))
            .map_err(|error| LookupError::Transport(error.to_string()))?;
        url.query_pairs_mut()
            .append_pair("userId", &user_id.to_string())
            .append_pair("view", "all");
        if let Some(search) = search {
            url.query_pairs_mut().append_pair("search", search);
        }
        self.get_json::<Listing<_>>(url.into())
            .await
            .map(Listing::items)
    }

    /// The users of the partner in partnership `partnership_id`.
    pub async fn partnership_users(
        &self,
        partnership_id: u64,
    ) -> Result<Vec<PartnerUser>, LookupError> {
        let url = format!("{}/partnerships/{partnership_id}/users", self.base_url);
        self.get_json::<Listing<_>>(url).await.map(Listing::items)
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: String,
    ) -> Result<T, LookupError> {
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .send()
            .await
            .map_err(|error| LookupError::Transport(describe(&error)))?;
        let status = response.status();
        let refusal_parts = (!status.is_success()).then(|| refusal_headers(&response));
        let body = response
            .text()
            .await
            .map_err(|error| LookupError::Transport(describe(&error)))?;
        if let Some((retry_after, redirect_host)) = refusal_parts {
            return Err(LookupError::Refused(self.refusal(
                status.as_u16(),
                &body,
                retry_after,
                redirect_host,
            )));
        }
        from_json(&body).map_err(|error| {
            LookupError::Unreadable(format!("{} bytes, at {}", body.len(), error.path))
        })
    }

    fn refusal(
        &self,
        status: u16,
        body: &str,
        retry_after: Option<Duration>,
        redirect_host: Option<String>,
    ) -> UpstreamRefusal {
        let (code, message) = match ApiError::from_error_body(status, body) {
            Some(api) => (api.code, api.message),
            None if body.trim().is_empty() => (None, String::new()),
            None => (
                None,
                format!(
                    "a {}-byte answer that is not a JourneyBee error",
                    body.len()
                ),
            ),
        };
        let mut message = self.key.redact(&message);
        if message.chars().count() > MESSAGE_LIMIT {
            message = message.chars().take(MESSAGE_LIMIT).collect::<String>() + "…";
        }
        UpstreamRefusal {
            status,
            code: code.map(|code| self.key.redact(&code)),
            message,
            retry_after,
            redirect_host,
        }
    }
}

/// `Retry-After` (seconds or an HTTP date) and, for redirects, the target's host.
fn refusal_headers(response: &reqwest::Response) -> (Option<Duration>, Option<String>) {
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    let retry_after = header(RETRY_AFTER).and_then(parse_retry_after);
    let redirect_host = response
        .status()
        .is_redirection()
        .then(|| header(LOCATION))
        .flatten()
        .map(|location| {
            reqwest::Url::parse(location)
                .ok()
                .and_then(|url| url.host_str().map(str::to_owned))
                .unwrap_or_else(|| "a relative location".to_owned())
        });
    (retry_after, redirect_host)
}

/// Reads `Retry-After`: a number of seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// An HTTP error without the URL (it may carry a visitor's email in a Get Leads search).
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the answer broke off"
    } else {
        "the connection failed"
    };
    let mut detail = String::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        detail = cause.to_string();
        source = cause.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::{ApiKey, parse_retry_after};

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        let in_a_minute = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(61));
        let wait = parse_retry_after(&in_a_minute).unwrap();
        assert!(wait > Duration::from_secs(55) && wait <= Duration::from_secs(61));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn the_key_is_blanked_wherever_it_is_echoed() {
        let key = ApiKey::new("jb_secret");
        assert_eq!(
            key.redact("bad header Authorization: Bearer jb_secret, jb_secret"),
            "bad header Authorization: Bearer <redacted>, <redacted>"
        );
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
    }
}
