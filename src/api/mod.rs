//! The proxy's routes for Rust (feature `component`): what the embed loader asks in
//! JavaScript, for Leptos apps that put `LeadForm` into their own view tree. The same routes,
//! the same headers, no credentials and no API key: the form's definition and words, a fill
//! token, and a submission under an idempotency key that stays the same across retries.
//!
//! In the browser ([`browser`], re-exported here) every route; on an SSR app's server
//! ([`server`]) only the form's first paint, which `LeadForm` renders into the page.

use std::time::Duration;

use leadform_core::FieldError;
/// What the proxy answers: an app names these without depending on leadform-core.
pub use leadform_core::{Receipt, ReceiptStatus, RefusalCode};
use serde::Deserialize;

#[cfg(not(feature = "ssr"))]
mod browser;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(not(feature = "ssr"))]
pub use browser::*;

/// The header a submission's fill token travels in (the proxy's `abuse::fill_token::HEADER`).
pub const TOKEN_HEADER: &str = "Leadform-Token";

/// How many times a submission is sent again after `429`/`503` with `Retry-After`.
pub const RETRIES: u32 = 3;

/// The longest `Retry-After` waited for; a longer one is handed to the caller.
pub const LONGEST_WAIT: Duration = Duration::from_secs(30);

/// Why a call to the proxy did not give what was asked.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: the network, or the proxy, is unreachable.
    Network(String),
    /// The proxy refused, with its stable code, its words (in the request's language) and,
    /// for `invalid_submission`, each refused answer.
    Refused {
        status: u16,
        code: RefusalCode,
        message: String,
        fields: Vec<FieldError>,
    },
    /// Still too many requests after the retries (`429`/`503`): try again after this long.
    Busy { retry_after: Option<Duration> },
    /// An answer this version cannot read.
    Unreadable { status: u16, detail: String },
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network(detail) => write!(f, "the proxy could not be reached: {detail}"),
            ApiError::Refused { code, message, .. } => write!(f, "{}: {message}", code.as_str()),
            ApiError::Busy { .. } => f.write_str("the proxy is busy; try again shortly"),
            ApiError::Unreadable { status, detail } => {
                write!(f, "an unreadable answer ({status}): {detail}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// `GET /v1/forms/{id}/token`: the proxy's signed word of when the form was shown.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FillToken {
    /// Sent with the submission in [`TOKEN_HEADER`].
    pub token: String,
    /// How long after it arrived the proxy takes a submission with it (milliseconds).
    pub wait: u64,
    /// How long it is good for (milliseconds).
    pub life: u64,
}
