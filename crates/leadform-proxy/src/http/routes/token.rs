//! `GET /v1/forms/{form_id}/token`: a new fill token, which the loader asks for as the form
//! loads and sends with the submission. Never cached: each visitor's is their own. A client
//! may take `--tokens-per-client-per-minute` of them.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use axum::{Extension, Json};
use serde::Serialize;

use crate::http::origin_guard::GuardedForm;
use crate::http::refusal::RequestError;
use crate::http::state::AppState;
use crate::outbox::now_millis;

/// The token, with what the loader must know to use it: how long to wait before sending
/// (`wait`) and how long it is good for (`life`), in milliseconds from now.
#[derive(Serialize)]
struct FillToken {
    token: String,
    wait: u128,
    life: u128,
}

pub async fn get_token(
    State(state): State<AppState>,
    GuardedForm { form, .. }: GuardedForm,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, RequestError> {
    let limiter = state.submission_limiter();
    let client = peer.map(|Extension(ConnectInfo(peer))| limiter.client(peer.ip(), &headers));
    limiter
        .check_token(client)
        .map_err(RequestError::RateLimited)?;
    let tokens = state.fill_tokens();
    let settings = tokens.settings();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(FillToken {
            token: tokens.issue(&form.definition.id, now_millis()),
            wait: settings.min_fill.as_millis(),
            life: settings.lifetime.as_millis(),
        }),
    ))
}
