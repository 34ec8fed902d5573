//! leadform-proxy: the only place that holds the JourneyBee API key and each form's trusted
//! settings. It serves the embed loader and widget bundle, hands out public form
//! definitions, checks origins, validates submissions with leadform-core, commits them to a
//! durable outbox and delivers each to JourneyBee exactly once.

pub mod bundle;
pub mod config;
pub mod delivery;
pub mod error;
pub mod fill_token;
pub mod forms_check;
pub mod idempotency;
pub mod journeybee;
pub mod lead_listing;
pub mod limits;
pub mod metrics;
pub mod origin_guard;
pub mod outbox;
pub mod rate_limit;
mod refusal_words;
pub mod routes;
pub mod sandbox;
pub mod server;
pub mod spam;
pub mod state;
pub mod unparsed_requests;
pub mod visitor_limits;

pub use bundle::WidgetBundle;
pub use config::{FormConfig, ProxyConfig};
pub use delivery::{Delivery, DeliverySettings, DoubtPolicy, Worker};
pub use error::{RequestError, StartupError};
pub use journeybee::{ApiKey, JourneyBeeClient};
pub use limits::ServerLimits;
pub use routes::app;
pub use sandbox::Sandbox;
pub use state::AppState;
pub use visitor_limits::SubmissionLimits;
