//! `leadform-proxy token-keys rotate`: a new fill-token signing key, the previous one kept.

use leadform_proxy::StartupError;
use leadform_proxy::abuse::fill_token::TokenKeys;

use super::args::{TokenKeysAction, TokenKeysArgs};

pub fn run(args: TokenKeysArgs) -> Result<bool, StartupError> {
    let TokenKeysAction::Rotate { keys } = args.action;
    let path = keys.path();
    let (signing, kept) = TokenKeys::rotate(&path)?;
    println!(
        "{}: key {signing} signs from the next SIGHUP or start; still accepted: {}",
        path.display(),
        if kept.is_empty() {
            "none".to_owned()
        } else {
            kept.join(", ")
        }
    );
    Ok(true)
}
