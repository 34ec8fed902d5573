//! The names and lifetimes of what a form keeps in the visitor's `localStorage`, as the embed
//! loader defines them (embed/src/storage.js); `LeadForm` keeps its drafts and waiting
//! submissions under the same keys. The proxy's tests hold the two definitions equal.

/// The submissions waiting for the network.
pub const KEPT: &str = "leadform:kept";

/// What every draft's key starts with: `leadform:draft:<proxy> <form id>`.
pub const DRAFT: &str = "leadform:draft:";

const DAY_MS: f64 = 864e5;

/// A draft is dropped this long after it was last saved.
pub const DRAFT_LIFETIME_MS: f64 = 30.0 * DAY_MS;

/// A submission waiting for the network is dropped this long after it was made.
pub const KEPT_LIFETIME_MS: f64 = 7.0 * DAY_MS;
