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
                    <LeadForm
                        base=proxy.clone()
                        form="demo-referral"
                        locale="en"
                        on_submitted=move |receipt: Receipt| {
                            tell(format!("submitted en {}", receipt.submission_id))
                        }
                        on_error=move |error: ApiError| tell(format!("error en {error}"))
                    />
                </section>
                <section>
                    <h2>"Kunden empfehlen"</h2>
                    <LeadForm
                        base=proxy
                        form="demo-referral"
                        locale="de"
                        theme="dark"
                        on_submitted=move |receipt: Receipt| {
                            tell(format!("submitted de {}", receipt.submission_id))
                        }
                        on_error=move |error: ApiError| tell(format!("error de {error}"))
                    />
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
