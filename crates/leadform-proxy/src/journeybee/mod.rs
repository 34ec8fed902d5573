//! JourneyBee, the other side: its API client, the upstream rate limit every replica shares,
//! the Get Leads listing, checking the forms file against the account, and the built-in
//! sandbox that stands in for it.

pub mod client;
pub mod forms_check;
pub mod lead_listing;
pub mod sandbox;
pub mod upstream_rate;

pub use client::{
    ApiKey, CreateLeadAnswer, DEFAULT_API_URL, DEFAULT_TIMEOUT, JourneyBeeClient, LookupError,
    UpstreamRefusal,
};
