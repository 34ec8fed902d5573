//! The leadform widget: a Leptos form mounted into a shadow root by `embed/embed.js`.
//! Every rule it checks comes from leadform-core, the same code the proxy runs.

pub mod components;
#[cfg(not(feature = "ssr"))]
pub mod definition_reader;
pub mod form_state;
pub mod initial_answers;
mod js_value;
pub mod json;
pub mod locales;
#[cfg(not(feature = "ssr"))]
pub mod mount;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod submit;
pub mod texts;

#[cfg(not(feature = "ssr"))]
pub use mount::{MountedForm, mount};
#[cfg(feature = "ssr")]
pub use prerender::prerender;
