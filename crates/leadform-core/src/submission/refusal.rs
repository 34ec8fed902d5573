//! The proxy's error answer to the widget: `{"error":{"code","message","fields"}}`. The proxy
//! writes it and the widget reads it with this one type.

use serde::{Deserialize, Serialize};

use super::errors::FieldError;

/// The body of every error answer from the proxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// What went wrong.
    pub error: RefusalDetail,
}

/// The detail of a [`Refusal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalDetail {
    /// Stable code, e.g. `origin_not_allowed`, `invalid_submission`.
    pub code: String,
    /// What to tell the visitor, in English.
    pub message: String,
    /// Per-question refusals, for `invalid_submission`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}
