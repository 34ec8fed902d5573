//! `GET /v1/forms/{form_id}`: the public definition, nothing trusted; and
//! `GET /v1/forms/{form_id}/embed`, what the loader asks for: the same definition with the
//! form rendered to HTML, shown before the wasm arrives.

use axum::Json;
use axum::extract::Query;
use axum::http::header;
use axum::response::IntoResponse;

use crate::http::origin_guard::GuardedForm;

pub async fn get_definition(GuardedForm { form, .. }: GuardedForm) -> impl IntoResponse {
    (
        [
            (header::CACHE_CONTROL, "public, max-age=60"),
            (header::VARY, "Origin"),
        ],
        Json(form.definition.clone()),
    )
}

/// `?locale=` lists the languages the page wants, most wanted first (`de-AT,en`).
#[derive(serde::Deserialize)]
pub struct EmbedQuery {
    #[serde(default)]
    locale: String,
}

pub async fn get_embed(
    GuardedForm { form, test }: GuardedForm,
    Query(query): Query<EmbedQuery>,
) -> impl IntoResponse {
    let answer = form.embed(&query.locale);
    // A test origin's page shows a "Test" badge. The answer is an object this proxy made
    // (`{"definition":…}`), so the flag goes in front of its first key; `Vary: Origin`
    // keeps caches from handing one origin's answer to the other.
    let answer = match answer.strip_prefix('{') {
        Some(rest) if test => format!("{{\"test\":true,{rest}"),
        _ => answer.to_string(),
    };
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            // A test origin (a staging site, the preview) sees an edit of the forms file at
            // once; real pages may keep the answer a minute.
            (
                header::CACHE_CONTROL,
                if test {
                    "no-store"
                } else {
                    "public, max-age=60"
                },
            ),
            (header::VARY, "Origin"),
            // On the form's critical path: partners' performance tools may time it.
            (header::HeaderName::from_static("timing-allow-origin"), "*"),
        ],
        answer,
    )
}
