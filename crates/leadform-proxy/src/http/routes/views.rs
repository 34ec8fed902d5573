//! `POST /v1/forms/{form_id}/views`: the loader's beacon about one view of a form
//! (`navigator.sendBeacon`, so plain text and no preflight), sent when the page is hidden or
//! left, with what happened since its last one: shown, started, the steps reached, the last
//! question answered by a visitor leaving without sending (and the one they came back from).
//! Never the answers. Always `204`: a beacon's sender cannot read the answer, and a bot
//! learns nothing from it.
//!
//! Counted only with a fill token of this form that is still good (the `too_fast` rule of
//! submissions does not apply: a visitor may leave at once), within the client's beacon
//! allowance, and not from a test origin. A bot can therefore add at most its allowance of
//! views a minute per address, each needing a token it fetched from within its token
//! allowance, and only to the figures of views (never to `submitted` or `delivered`).

use std::net::SocketAddr;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::abuse::fill_token::TokenFault;
use crate::http::origin_guard::GuardedForm;
use crate::http::state::AppState;
use crate::outbox::{metric, now_millis};

/// Longest beacon read; the loader's are a few hundred bytes.
pub const MAX_VIEW_BYTES: usize = 2048;

/// What the loader reports, each part only once per view (see embed/src/views.js).
#[derive(Deserialize)]
struct View {
    token: String,
    #[serde(default)]
    shown: bool,
    #[serde(default)]
    started: bool,
    /// Steps newly reached, by index (the first step, 0, is `shown`).
    #[serde(default)]
    steps: Vec<usize>,
    /// The last question answered, where the visitor left without sending.
    #[serde(default)]
    left: Option<String>,
    /// The question a visitor counted as gone before had left at, now back.
    #[serde(default)]
    returned: Option<String>,
}

pub async fn post_view(
    State(state): State<AppState>,
    GuardedForm { form, test }: GuardedForm,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let form_id = &form.definition.id;
    let limiter = state.submission_limiter();
    let client = peer.map(|Extension(ConnectInfo(peer))| limiter.client(peer.ip(), &headers));
    if test || !limiter.allows_beacon(client) {
        return StatusCode::NO_CONTENT;
    }
    let Ok(view) = serde_json::from_slice::<View>(&body) else {
        return StatusCode::NO_CONTENT;
    };
    match state
        .fill_tokens()
        .check(form_id, &view.token, now_millis())
    {
        Ok(_) | Err(TokenFault::TooFast) => {}
        Err(_) => return StatusCode::NO_CONTENT,
    }
    let step_count = form.definition.steps.len();
    let asked = |question: &Option<String>| {
        question
            .as_ref()
            .filter(|id| form.definition.question(id).is_some())
            .map(|id| format!("{}{id}", metric::LEFT))
    };
    let mut counts = Vec::new();
    if view.shown {
        counts.push((metric::SHOWN.to_owned(), 1));
    }
    if view.started {
        counts.push((metric::STARTED.to_owned(), 1));
    }
    let mut steps = view.steps;
    steps.sort_unstable();
    steps.dedup();
    for step in steps
        .into_iter()
        .filter(|step| (1..step_count).contains(step))
    {
        counts.push((format!("{}{}", metric::STEP, step + 1), 1));
    }
    if let Some(left) = asked(&view.left) {
        counts.push((left, 1));
    }
    if let Some(returned) = asked(&view.returned) {
        counts.push((returned, -1));
    }
    state.delivery().count(form_id, &counts).await;
    StatusCode::NO_CONTENT
}
