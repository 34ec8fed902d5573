//! The portal page: its own header, a search box, the two forms and their events. The same
//! code renders on the server and hydrates in the browser.

use leadform::LeadForm;
use leadform::api::{ApiError, Receipt};
use leptos::prelude::*;

/// The proxy's address: on the server from the app's settings, in the browser from the
/// page's `<meta name="leadform-proxy">`, which the server wrote.
#[derive(Debug, Clone)]
pub struct ProxyAddress(pub String);

/// The page's body.
#[component]
pub fn App() -> impl IntoView {
    let proxy = proxy_address();
    let events = RwSignal::new(Vec::<String>::new());
    let tell = move |what: String| events.update(|all| all.push(what));
    view! {
        <header class="app-header">
            <h1>"Acme partner portal"</h1>
            <label>"Search " <input class="app-search" type="search"/></label>
        </header>
        <main>
            <div class="app-forms">
                <section>
                    <h2>"Refer a client"</h2>
                    {referral_form(proxy.clone(), "en", "auto", tell)}
                </section>
                <section>
                    <h2>"Kunden empfehlen"</h2>
                    {referral_form(proxy, "de", "dark", tell)}
                </section>
            </div>
            <h2>"What the forms told the app"</h2>
            <ul id="app-events">
                <For each=move || events.get() key=|event| event.clone() let:event>
                    <li>{event}</li>
                </For>
            </ul>
        </main>
    }
}

/// The demo's referral form in `locale`, telling the app what happened.
fn referral_form(
    proxy: String,
    locale: &'static str,
    theme: &'static str,
    tell: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <LeadForm
            base=proxy
            form="demo-referral"
            locale=locale
            theme=theme
            on_submitted=move |receipt: Receipt| {
                tell(format!("submitted {locale} {}", receipt.submission_id))
            }
            on_error=move |error: ApiError| tell(format!("error {locale} {error}"))
        />
    }
}

#[cfg(not(feature = "hydrate"))]
fn proxy_address() -> String {
    use_context::<ProxyAddress>()
        .map(|ProxyAddress(address)| address)
        .unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn proxy_address() -> String {
    use wasm_bindgen::JsCast;
    document()
        .query_selector("meta[name=leadform-proxy]")
        .ok()
        .flatten()
        .and_then(|meta| meta.dyn_into::<web_sys::HtmlMetaElement>().ok())
        .map(|meta| meta.content())
        .unwrap_or_default()
}
