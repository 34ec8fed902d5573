//! What Leptos apps use (feature `component`): `leadform::api` and `LeadForm`, against a stub
//! of the proxy. `cargo xtask test` runs these with the feature, the rest of the widget's
//! tests without it, as the script-tag bundle is built.

mod api;
mod device;
mod lead_form;
mod stub_proxy;
