//! A server-rendered Leptos app of its own that puts two lead forms into its view with
//! `leadform::LeadForm`: one in English, one in German. The server (feature `ssr`, [`server`])
//! renders each form's first paint into the page; the browser (feature `hydrate`) hydrates the
//! app, and each `LeadForm` takes its form over. The forms come from the leadform proxy on
//! another origin; the app lists what they tell it.

pub mod app;
#[cfg(feature = "ssr")]
pub mod server;

/// The browser's entry point, called by the page's hydration script.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(app::App);
}
