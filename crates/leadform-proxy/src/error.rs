//! Why the proxy cannot start, or an operator's command cannot run: one clear line, and the
//! process stops. (A request's refusal is another type: `http::refusal::RequestError`.)

use crate::outbox::StoreError;

/// Why the proxy cannot start (or an operator's command cannot run).
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("widget bundle: {0}")]
    Bundle(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot listen on {address}: {error}")]
    Listen {
        address: String,
        error: std::io::Error,
    },
}
