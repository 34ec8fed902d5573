//! leadform-proxy: the only place that holds the JourneyBee API key and each form's trusted
//! settings. It serves the embed loader and widget bundle, hands out public form
//! definitions, checks origins, validates submissions with leadform-core and forwards them.

pub mod bundle;
pub mod config;
pub mod error;
pub mod journeybee;
pub mod origin_guard;
pub mod routes;
pub mod sandbox;
pub mod state;

pub use bundle::WidgetBundle;
pub use config::{FormConfig, ProxyConfig};
pub use error::ProxyError;
pub use journeybee::{ApiKey, JourneyBeeClient};
pub use routes::app;
pub use sandbox::Sandbox;
pub use state::AppState;
