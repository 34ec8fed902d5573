//! What the proxy serves, read at start (and again on SIGHUP): the forms file and the widget
//! bundle.

pub mod bundle;
pub mod form_template;
pub mod forms_file;
pub mod reload;

pub use bundle::WidgetBundle;
pub use forms_file::{FormConfig, ProxyConfig};
