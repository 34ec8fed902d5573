//! `leadform-proxy forms check`: the operator's look at the forms file against the account.

use std::time::Duration;

use leadform_proxy::journeybee::forms_check;
use leadform_proxy::{ApiKey, JourneyBeeClient, ProxyConfig, Sandbox, StartupError};

use super::args::{FormsAction, FormsArgs, api_key_from_env};

/// How long one look-up may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// `Ok(false)` when the forms file names something the account does not have.
pub async fn run(args: FormsArgs) -> Result<bool, StartupError> {
    let FormsAction::Check {
        config,
        sandbox,
        journeybee_url,
    } = args.action;
    let config = ProxyConfig::load(&config)?;
    let client = if sandbox {
        let sandbox = Sandbox::new(ApiKey::new(uuid::Uuid::new_v4().to_string()));
        sandbox.client_on_loopback(TIMEOUT).await?
    } else {
        let key = api_key_from_env().ok_or_else(|| {
                StartupError::Config(
                    "JOURNEYBEE_API_KEY is not set; pass --sandbox to check against the built-in sandbox"
                        .into(),
                )
            })?;
        JourneyBeeClient::new(&journeybee_url, &ApiKey::new(key), TIMEOUT)?
    };
    let found = forms_check::check(&config, &client)
        .await
        .map_err(|error| StartupError::Config(format!("cannot read the account: {error}")))?;
    for mismatch in &found {
        println!("{mismatch}");
    }
    if found.is_empty() {
        println!(
            "forms check: every custom field, option and tag of {} form(s) is in the account",
            config.forms.len()
        );
    } else {
        println!("forms check: {} mismatch(es)", found.len());
    }
    Ok(found.is_empty())
}
