//! `LeadForm` for Leptos apps (feature `component`): the same form the script tag shows, in a
//! shadow root of its own inside the app's view tree, fetched and sent through
//! [`crate::api`] instead of the embed loader. The shadow root keeps the app's CSS out of the
//! form and the form's out of the app, as on a partner page.
//!
//! - In a CSR app the browser fetches the form and mounts it ([`browser`]).
//! - In an SSR app the server renders the proxy's first paint into the page, in a declarative
//!   shadow root ([`first_paint`]); in the browser the component hydrates as the app's view
//!   does, and the form inside the shadow root is taken over by mounting the live form in its
//!   place, keeping what the visitor typed and where the caret was. Not hydrated: Leptos'
//!   hydration does not enter shadow roots, and the takeover is the one the script tag uses
//!   on the proxy's same first paint.

use leadform_core::Receipt;
use leptos::prelude::*;

use crate::api::ApiError;

#[cfg(not(feature = "ssr"))]
mod browser;
pub mod first_paint;

/// The widget's stylesheet, the same the loader carries.
const STYLESHEET: &str = include_str!("../../style/leadform.css");

/// A lead form of the proxy at `base`: shown once its definition arrives (in an SSR app, in
/// the page as the server sends it), sent with a fill token and an idempotency key that stays
/// with the same answers, refusals shown beside their questions in the form's language.
#[component]
pub fn LeadForm(
    /// The proxy's address, e.g. `https://forms.example.com`.
    #[prop(into)]
    base: String,
    /// The form's id in the proxy's forms file.
    #[prop(into)]
    form: String,
    /// The language to show the form in; by default the browser's languages decide (on an
    /// SSR app's server, the request's `Accept-Language`).
    #[prop(optional, into)]
    locale: Option<String>,
    /// `light`, `dark` or `auto` (the visitor's setting); by default the stylesheet's.
    #[prop(optional, into)]
    theme: Option<String>,
    /// Answers to start from, by question id (`email`, `company_name`, `custom_7`): text.
    #[prop(optional)]
    prefill: Vec<(String, String)>,
    /// Called once the proxy has the lead (delivered, or queued for delivery).
    #[prop(optional, into)]
    on_submitted: Option<Callback<Receipt>>,
    /// Called when the form cannot be shown or a submission is refused or cannot be sent.
    #[prop(optional, into)]
    on_error: Option<Callback<ApiError>>,
) -> impl IntoView {
    let props = Props {
        // The proxy's address as the loader names it in what it keeps: without a trailing `/`.
        base: base.trim_end_matches('/').to_owned(),
        form,
        locale,
        prefill,
        on_submitted,
        on_error,
    };
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let view = mounted_in_the_browser(props, theme);
    #[cfg(any(feature = "ssr", feature = "hydrate"))]
    let view = rendered_on_the_server(props, theme);
    view
}

/// What `LeadForm` was given, for the code that shows and sends the form.
struct Props {
    base: String,
    form: String,
    locale: Option<String>,
    prefill: Vec<(String, String)>,
    on_submitted: Option<Callback<Receipt>>,
    on_error: Option<Callback<ApiError>>,
}

/// A CSR app: an empty host, its form fetched and mounted once it is in the document.
#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn mounted_in_the_browser(props: Props, theme: Option<String>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    browser::start(host, props, || None);
    view! { <div class="leadform-host" node_ref=host data-theme=theme></div> }
}

/// An SSR app: the host with the proxy's first paint in its declarative shadow root. The
/// page waits for it (a blocking resource, at most [`crate::api::server::FIRST_PAINT_WAIT`]),
/// so the form is in the HTML where the app put it, whatever the app's streaming mode; its
/// answer travels to the browser in the page, where the host hydrates and the live form
/// takes the first paint's place.
#[cfg(any(feature = "ssr", feature = "hydrate"))]
fn rendered_on_the_server(props: Props, theme: Option<String>) -> impl IntoView {
    use first_paint::FirstPaint;

    #[cfg(feature = "ssr")]
    let first_paint = {
        let (base, form) = (props.base.clone(), props.form.clone());
        let locales = props.locale.clone().unwrap_or_else(request_languages);
        Resource::new_str_blocking(
            || (),
            move |()| FirstPaint::fetch(base.clone(), form.clone(), locales.clone()),
        )
    };
    // Made in the browser (not carried by the page, e.g. after a client-side navigation):
    // nothing painted, so the browser fetches and mounts the form as in a CSR app.
    #[cfg(not(feature = "ssr"))]
    let first_paint = Resource::new_str_blocking(|| (), |()| async { FirstPaint::default() });

    let host = NodeRef::<leptos::html::Div>::new();
    #[cfg(not(feature = "ssr"))]
    browser::start(host, props, move || {
        first_paint
            .get_untracked()
            .map(|paint| paint.answer)
            .filter(|answer| !answer.is_empty())
    });
    #[cfg(feature = "ssr")]
    let _ = (props.prefill, props.on_submitted, props.on_error);
    let nonce = leptos::nonce::use_nonce();
    view! {
        <Suspense>
            {move || {
                let (theme, nonce) = (theme.clone(), nonce.clone());
                Suspend::new(async move {
                    let paint = first_paint.await;
                    // Only the server writes it; hydrating, the browser keeps what it parsed.
                    #[cfg(feature = "ssr")]
                    let markup = paint.shadow_markup(STYLESHEET, nonce.as_deref());
                    #[cfg(not(feature = "ssr"))]
                    let markup = {
                        let _ = (paint, nonce);
                        String::new()
                    };
                    view! {
                        <div class="leadform-host" node_ref=host data-theme=theme inner_html=markup></div>
                    }
                })
            }}
        </Suspense>
    }
}

/// The page request's `Accept-Language`, as the proxy takes a `locale` list (the integrations
/// provide the request's `Parts`: leptos_axum does); empty, for the proxy's default, without.
#[cfg(feature = "ssr")]
fn request_languages() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .map(|value| {
                    value
                        .split(',')
                        .filter_map(|range| range.split(';').next())
                        .map(str::trim)
                        .filter(|range| !range.is_empty() && *range != "*")
                        .collect::<Vec<_>>()
                        .join(",")
                })
        })
        .unwrap_or_default()
}
