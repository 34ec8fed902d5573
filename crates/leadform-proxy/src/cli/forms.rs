//! `leadform-proxy forms …`: the operator's tools for the forms file, reading the account
//! (JourneyBee's, or the built-in sandbox's): `check` the file against it, `new` writes a
//! form for a partnership, `list-partnerships` finds the partnership.

use std::time::Duration;

use leadform_proxy::config::form_template::{NewForm, form_section};
use leadform_proxy::config::forms_file::check_spoken;
use leadform_proxy::journeybee::forms_check;
use leadform_proxy::journeybee::sandbox::SANDBOX_USER_ID;
use leadform_proxy::{ApiKey, JourneyBeeClient, ProxyConfig, Sandbox, StartupError};

use super::args::{AccountArgs, FormsAction, FormsArgs, api_key_from_env};

/// How long one look-up may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// `Ok(false)` when the command found something wrong (a mismatch, no such partnership).
pub async fn run(args: FormsArgs) -> Result<bool, StartupError> {
    match args.action {
        FormsAction::Check { config, account } => {
            let config = ProxyConfig::load(&config)?;
            check(&config, &client(&account).await?).await
        }
        FormsAction::New {
            partnership,
            direction,
            origin,
            id,
            locale,
            account,
            journeybee_user_id,
        } => {
            for locale in &locale {
                check_spoken(locale)
                    .map_err(|error| StartupError::Config(format!("--locale {error}")))?;
            }
            let user = user_id(&account, journeybee_user_id)?;
            let client = client(&account).await?;
            let listings = client
                .partnerships(user, None)
                .await
                .map_err(|error| unreadable(&error))?;
            let Some(listing) = listings
                .iter()
                .find(|listing| listing.partnership.id == partnership)
            else {
                eprintln!(
                    "forms new: user {user} sees no partnership {partnership}; `forms list-partnerships` lists those they see"
                );
                return Ok(false);
            };
            let partner_type = listing.partnership.partner_type.as_deref().unwrap_or("");
            let fields = client
                .custom_fields(partner_type)
                .await
                .map_err(|error| unreadable(&error))?;
            let users = client
                .partnership_users(partnership)
                .await
                .map_err(|error| unreadable(&error))?;
            let tags = client.tags().await.map_err(|error| unreadable(&error))?;
            let section = form_section(&NewForm {
                id: id.as_deref(),
                partnership: listing,
                users: &users,
                fields: &fields,
                tags: &tags,
                directions: &direction,
                origins: &origin,
                locales: &locale,
            })
            .map_err(StartupError::Config)?;
            print!("{section}");
            Ok(true)
        }
        FormsAction::ListPartnerships {
            search,
            account,
            journeybee_user_id,
        } => {
            let user = user_id(&account, journeybee_user_id)?;
            let listings = client(&account)
                .await?
                .partnerships(user, search.as_deref())
                .await
                .map_err(|error| unreadable(&error))?;
            println!(
                "{:>11}  {:<8}  {:>7}  {:>9}  partner",
                "partnership", "type", "partner", "item"
            );
            for listing in &listings {
                println!(
                    "{:>11}  {:<8}  {:>7}  {:>9}  {}{}",
                    listing.partnership.id,
                    listing.partnership.partner_type.as_deref().unwrap_or("?"),
                    listing.partner.id,
                    listing.id,
                    listing.partner.name,
                    listing
                        .partner
                        .website_url
                        .as_deref()
                        .map(|url| format!(" ({url})"))
                        .unwrap_or_default()
                );
            }
            println!(
                "{} partnership(s); `forms new --partnership ID` writes a form for one",
                listings.len()
            );
            Ok(true)
        }
    }
}

async fn check(config: &ProxyConfig, client: &JourneyBeeClient) -> Result<bool, StartupError> {
    let found = forms_check::check(config, client)
        .await
        .map_err(|error| unreadable(&error))?;
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

/// A client for the account the operator named.
async fn client(account: &AccountArgs) -> Result<JourneyBeeClient, StartupError> {
    if account.sandbox {
        let sandbox = Sandbox::new(ApiKey::new(uuid::Uuid::new_v4().to_string()));
        return sandbox.client_on_loopback(TIMEOUT).await;
    }
    let key = api_key_from_env().ok_or_else(|| {
        StartupError::Config(
            "JOURNEYBEE_API_KEY is not set; pass --sandbox to read the built-in sandbox's account"
                .into(),
        )
    })?;
    JourneyBeeClient::new(&account.journeybee_url, &ApiKey::new(key), TIMEOUT)
}

/// The user whose partnerships are read: the sandbox has one.
fn user_id(account: &AccountArgs, given: Option<u64>) -> Result<u64, StartupError> {
    match (account.sandbox, given) {
        (_, Some(user)) => Ok(user),
        (true, None) => Ok(SANDBOX_USER_ID),
        (false, None) => Err(StartupError::Config(
            "pass --journeybee-user-id (or JOURNEYBEE_USER_ID): GET /partnerships needs it".into(),
        )),
    }
}

fn unreadable(error: &impl std::fmt::Display) -> StartupError {
    StartupError::Config(format!("cannot read the account: {error}"))
}
