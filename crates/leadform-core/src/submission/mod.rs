//! What a visitor sends, and the one validation the widget and the proxy both run on it.

mod clean;
pub mod email_suggestion;
pub mod errors;
pub mod free_providers;
pub mod phone;
pub mod receipt;
pub mod refusal;
pub mod rules;
#[allow(clippy::module_inception)]
pub mod submission;
pub mod validate;
