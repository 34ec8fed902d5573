//! An app of its own, built with Leptos and trunk, that puts two lead forms into its view with
//! `leadform::LeadForm`: one in English, one in German. The forms come from the leadform proxy
//! named in the page's `<meta name="leadform-proxy">`, on another origin, and the app lists
//! what they tell it.

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
#[cfg(feature = "forms")]
fn referral_form(
    proxy: String,
    locale: &'static str,
    theme: &'static str,
    tell: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    use leadform::LeadForm;
    use leadform::api::{ApiError, Receipt};
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

/// Without the forms: the app as it is without leadform.
#[cfg(not(feature = "forms"))]
fn referral_form(
    _proxy: String,
    _locale: &'static str,
    _theme: &'static str,
    _tell: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
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
