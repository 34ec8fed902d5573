//! `GET /v1/forms/{form_id}`: the public definition, nothing trusted;
//! `GET /v1/forms/{form_id}/embed`, what the loader asks for: the same definition with the
//! form rendered to HTML, shown before the wasm arrives; and `GET /v1/embed?forms=a,b`, the
//! same for several forms of one page in one request.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;

use crate::http::origin_guard::{GuardedForm, guard, origin_of};
use crate::http::refusal::RequestError;
use crate::http::state::AppState;

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

pub async fn get_embed(guarded: GuardedForm, Query(query): Query<EmbedQuery>) -> impl IntoResponse {
    (
        embed_headers(guarded.test),
        embed_answer(&guarded, &query.locale),
    )
}

/// `?forms=a,b` names the forms (each at most once counts), `?locale=` as for one.
#[derive(serde::Deserialize)]
pub struct BatchQuery {
    #[serde(default)]
    forms: String,
    #[serde(default)]
    locale: String,
}

/// Each form's answer as `/v1/forms/{id}/embed` would give it to this request, status and
/// body, by form id: `{"a":{"status":200,"body":{…}},"b":{"status":403,"body":{"error":…}}}`.
/// The page's forms then cost one request, which never queues behind the widget's bundle
/// for the browser's few connections to the proxy.
pub async fn get_embed_batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<BatchQuery>,
) -> Result<impl IntoResponse, RequestError> {
    let ids: BTreeSet<&str> = query
        .forms
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .collect();
    // How many is bounded by the longest URL the server reads.
    if ids.is_empty() {
        return Err(RequestError::FormNotFound(
            query.forms.chars().take(100).collect(),
        ));
    }
    let origin = origin_of(&headers);
    let mut any_test = false;
    let mut body = String::from("{");
    for id in ids {
        if body.len() > 1 {
            body.push(',');
        }
        let (status, answer) = match guard(&state, id, origin, true) {
            Ok(guarded) => {
                any_test |= guarded.test;
                (200, embed_answer(&guarded, &query.locale))
            }
            Err(error) => {
                let (status, refusal) = error.refusal_in(&query.locale);
                tracing::debug!(form = id, %error, "a form of a batch refused");
                (
                    status.as_u16(),
                    serde_json::to_string(&refusal).unwrap_or_default(),
                )
            }
        };
        let key = serde_json::to_string(id).unwrap_or_default();
        let _ = write!(body, "{key}:{{\"status\":{status},\"body\":{answer}}}");
    }
    body.push('}');
    Ok((embed_headers(any_test), body))
}

/// The loader's answer for a form in the first of the `wanted` languages it speaks: the
/// definition, its HTML and the widget's words, with `"test":true` for a test origin.
fn embed_answer(GuardedForm { form, test }: &GuardedForm, wanted: &str) -> String {
    let answer = form.embed(wanted);
    // A test origin's page shows a "Test" badge. The answer is an object this proxy made
    // (`{"definition":…}`), so the flag goes in front of its first key.
    match answer.strip_prefix('{') {
        Some(rest) if *test => format!("{{\"test\":true,{rest}"),
        _ => answer.to_string(),
    }
}

fn embed_headers(test: bool) -> [(header::HeaderName, &'static str); 4] {
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
        // Keeps caches from handing one origin's answer (a test one's) to another.
        (header::VARY, "Origin"),
        // On the form's critical path: partners' performance tools may time it.
        (header::HeaderName::from_static("timing-allow-origin"), "*"),
    ]
}
