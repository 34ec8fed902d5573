//! The proxy's error answer to the widget: `{"error":{"code","message","fields"}}`. The proxy
//! writes it and the widget reads it with this one type.

use serde::{Deserialize, Serialize};

use super::errors::FieldError;
use crate::wire_names::wire_names;

wire_names! {
    /// Why the proxy refused a request: the stable `code` of every refusal body. The words
    /// for each are `refusal.<code>` in every locale table (locales/*.json); the widget puts
    /// any code into words by that key, so it needs no list of them, and falls back to the
    /// proxy's message for a code its table lacks.
    pub enum RefusalCode {
        /// No such form (404).
        FormNotFound = "form_not_found",
        /// The page's origin may not use the form (403).
        OriginNotAllowed = "origin_not_allowed",
        /// No `Origin` header (403).
        OriginRequired = "origin_required",
        /// A submission that is not readable JSON of the right shape (400).
        UnreadableSubmission = "unreadable_submission",
        /// Answers that fail validation (422), with `fields`.
        InvalidSubmission = "invalid_submission",
        /// A malformed `Idempotency-Key` (400).
        InvalidIdempotencyKey = "invalid_idempotency_key",
        /// No fill token (400).
        TokenMissing = "token_missing",
        /// The key came with other answers before (422).
        IdempotencyKeyReused = "idempotency_key_reused",
        /// The outbox could not store it (503).
        StoreUnavailable = "store_unavailable",
        /// JourneyBee has this lead for the partnership already (409).
        DuplicateLead = "duplicate_lead",
        /// JourneyBee refused the form's settings (406, answered 502).
        FormMisconfigured = "form_misconfigured",
        /// JourneyBee refused the lead (400, 422).
        LeadRejected = "lead_rejected",
        /// The submission was given up on (502).
        NotDelivered = "not_delivered",
        /// Too many requests (429).
        RateLimited = "rate_limited",
        /// The body or the whole request took too long (408).
        RequestTimeout = "request_timeout",
        /// The body is over the limit (413).
        BodyTooLarge = "body_too_large",
        /// A submission that is not `application/json` (415).
        UnsupportedMediaType = "unsupported_media_type",
        /// No such address (404).
        NotFound = "not_found",
        /// The address does not answer that method (405).
        MethodNotAllowed = "method_not_allowed",
        /// The address is too long (414).
        UriTooLong = "uri_too_long",
        /// The headers are too large (431).
        HeadersTooLarge = "headers_too_large",
        /// A request that cannot be parsed (400).
        BadRequest = "bad_request",
        /// Busy: too many connections or requests at once (503).
        Overloaded = "overloaded",
        /// The proxy's own fault (500).
        Internal = "internal",
    }
}

/// The body of every error answer from the proxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// What went wrong.
    pub error: RefusalDetail,
}

/// The detail of a [`Refusal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalDetail {
    /// Why, stably.
    pub code: RefusalCode,
    /// What to tell the visitor, in the request's language (English by default).
    pub message: String,
    /// Per-question refusals, for `invalid_submission`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}
