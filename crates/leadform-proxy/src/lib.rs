//! leadform-proxy: the only place that holds the JourneyBee API key and each form's trusted
//! settings. It serves the embed loader and widget bundle, hands out public form
//! definitions, checks origins, validates submissions with leadform-core, commits them to a
//! durable outbox and delivers each to JourneyBee exactly once.

pub mod abuse;
pub mod config;
pub mod delivery;
pub mod error;
pub mod http;
pub mod journeybee;
pub mod metrics;
pub mod outbox;
pub mod preview;
pub mod sandboxed;
pub mod server;

pub use abuse::visitor_limits::SubmissionLimits;
pub use config::{FormConfig, ProxyConfig, WidgetBundle};
pub use delivery::{Delivery, DeliverySettings, DoubtPolicy, Worker};
pub use error::StartupError;
pub use http::app;
pub use http::refusal::RequestError;
pub use http::state::AppState;
pub use journeybee::sandbox::Sandbox;
pub use journeybee::{ApiKey, JourneyBeeClient};
pub use server::limits::ServerLimits;
