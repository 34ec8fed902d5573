//! An app of its own, built with Leptos and trunk, that puts two lead forms into its view with
//! `leadform::LeadForm`: one in English, one in German. The forms come from the leadform proxy
//! named in the page's `<meta name="leadform-proxy">`, on another origin, and the app lists
//! what they tell it.

use leadform::LeadForm;
use leadform::api::{ApiError, Receipt};
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(App);
}

/// The portal page: its own header, a search box, the two forms and their events.
#[component]
fn App() -> impl IntoView {
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

/// The proxy's address from `<meta name="leadform-proxy">`.
fn proxy_address() -> String {
    use leptos::wasm_bindgen::JsCast;
    leptos::prelude::document()
        .query_selector("meta[name=leadform-proxy]")
        .ok()
        .flatten()
        .and_then(|meta| meta.dyn_into::<web_sys::HtmlMetaElement>().ok())
        .map(|meta| meta.content())
        .unwrap_or_default()
}
