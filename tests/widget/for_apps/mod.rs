//! What Leptos apps use (feature `component`): `leadform::api` and `LeadForm`, against a stub
//! of the proxy. `cargo xtask test` runs these with the feature, the rest of the widget's
//! tests without it, as the script-tag bundle is built. The fixtures the modules share are here.

mod api;
mod device;
mod lead_form;
mod stub_proxy;

use crate::*;

/// The proxy's fill token for the test form, ready to send at once.
pub const TOKEN_ANSWER: &str =
    r#"{"status":200,"body":{"token":"k1.2.3.mac","wait":0,"life":7200000}}"#;

/// The `/embed` answer for the test form, in English.
pub fn embed_answer() -> String {
    format!(
        r#"{{"locale":"en","definition":{DEFINITION},"html":"","texts":{}}}"#,
        LOCALES[0].1
    )
}

/// The app's own element, where its view is mounted.
pub fn app_root() -> web_sys::HtmlElement {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("a document");
    let root: web_sys::HtmlElement = document
        .create_element("div")
        .expect("an element")
        .dyn_into()
        .expect("an HTML element");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    root
}

/// Waits until `probe` finds something, for up to 5 seconds.
pub async fn waiting_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..250 {
        if let Some(found) = probe() {
            return found;
        }
        tick().await;
    }
    panic!("timed out waiting for {what}");
}
