//! Reading the forms file (and the fill-token keys) again while serving, on SIGHUP.

use std::path::PathBuf;

use crate::abuse::fill_token::TokenKeys;
use crate::config::ProxyConfig;
use crate::http::state::AppState;

/// On SIGHUP, reads the forms file (and the token key file) again and serves it, if it passes
/// every check the start makes; a broken file is refused with the reason, and what runs
/// stays as it was.
pub async fn on_hangup(path: PathBuf, key_file: Option<PathBuf>, state: AppState) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangups = match signal(SignalKind::hangup()) {
            Ok(hangups) => hangups,
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGHUP: the forms file is read at start only");
                return;
            }
        };
        while hangups.recv().await.is_some() {
            match ProxyConfig::load(&path) {
                Ok(config) => {
                    let forms = state.reload(config);
                    tracing::info!(forms, path = %path.display(), "forms file reloaded");
                }
                Err(error) => tracing::error!(
                    %error,
                    path = %path.display(),
                    "forms file refused on reload; the running forms stay as they were"
                ),
            }
            if let Some(key_file) = &key_file {
                match TokenKeys::load(key_file) {
                    Ok(keys) => {
                        tracing::info!(key = keys.signing_id(), "token keys reloaded");
                        state.reload_token_keys(keys);
                    }
                    Err(error) => tracing::error!(
                        %error,
                        "token keys refused on reload; the keys in use stay as they were"
                    ),
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, key_file, state);
}
