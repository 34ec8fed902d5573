//! Starting the proxy from its arguments: every problem found here stops it with one clear
//! line, before it listens.

use leadform_proxy::journeybee::sandbox::SANDBOX_USER_ID;
use leadform_proxy::outbox::{self, Role};
use leadform_proxy::{
    ApiKey, AppState, Delivery, DoubtPolicy, JourneyBeeClient, ProxyConfig, Sandbox, StartupError,
    WidgetBundle, server,
};

use std::path::PathBuf;

use leadform_proxy::abuse::fill_token::{FillTokens, TokenKeys};

use super::args::{ServeArgs, api_key_from_env};

pub async fn run(args: ServeArgs) -> Result<(), StartupError> {
    let config = ProxyConfig::load(&args.config)?;
    let (keys, key_file) = token_keys(&args)?;
    let bundle = WidgetBundle::locate(args.bundle_dir.as_deref())?;
    let key = api_key_from_env();
    let (client, doubt) = match (key, args.sandbox) {
        (Some(_), true) => {
            return Err(StartupError::Config(
                "a JourneyBee API key is set (JOURNEYBEE_API_KEY or the journeybee-api-key \
                 credential) and --sandbox is given: choose one"
                    .into(),
            ));
        }
        (None, false) => {
            return Err(StartupError::Config(
                "JOURNEYBEE_API_KEY is not set (nor a journeybee-api-key credential); to send \
                 leads to the built-in sandbox \
                 instead (demos and tests only), pass --sandbox"
                    .into(),
            ));
        }
        (None, true) => {
            tracing::warn!("--sandbox: leads go to the built-in sandbox, not to JourneyBee");
            let sandbox = Sandbox::new(ApiKey::new(uuid::Uuid::new_v4().to_string()));
            let client = sandbox.client_on_loopback(args.upstream_timeout).await?;
            (
                client,
                DoubtPolicy::CheckGetLeads {
                    user_id: SANDBOX_USER_ID,
                },
            )
        }
        (Some(key), false) => {
            let doubt = match (args.journeybee_user_id, args.trust_idempotency_key) {
                (_, true) => DoubtPolicy::TrustIdempotencyKey,
                (Some(user_id), false) => DoubtPolicy::CheckGetLeads { user_id },
                (None, false) => {
                    return Err(StartupError::Config(
                        "set JOURNEYBEE_USER_ID (--journeybee-user-id), the JourneyBee user \
                         whose Get Leads tells whether an interrupted delivery created the \
                         lead, or pass --trust-idempotency-key if JourneyBee honours \
                         Idempotency-Key for this account"
                            .into(),
                    ));
                }
            };
            tracing::info!(url = %args.journeybee_url, "sending leads to JourneyBee");
            let client = JourneyBeeClient::new(
                &args.journeybee_url,
                &ApiKey::new(key),
                args.upstream_timeout,
            )?;
            (client, doubt)
        }
    };
    let settings = args.delivery_settings(doubt);
    settings.check().map_err(StartupError::Config)?;
    let location = args.store.location();
    let outbox = outbox::open(&location, Role::Server).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|error| StartupError::Listen {
            address: args.listen.to_string(),
            error,
        })?;
    let store = outbox.kind();
    let delivery = Delivery::new(outbox, client, settings);
    // Test submissions (from forms' test origins) go to a sandbox of their own, always
    // there, so a test origin added on SIGHUP works at once and never reaches JourneyBee.
    let tests = Sandbox::new(ApiKey::new(uuid::Uuid::new_v4().to_string()));
    delivery.deliver_tests_to(tests.client_on_loopback(args.upstream_timeout).await?);
    tracing::info!(
        address = %args.listen,
        forms = config.forms.len(),
        store,
        upstream_rate_per_minute = delivery.settings().rate_per_minute,
        owner = delivery.owner(),
        bundle = bundle.source(),
        retain_personal_data = %humantime::format_duration(args.retain_personal_data),
        "leadform proxy listening"
    );
    let state = AppState::new(config, delivery, bundle)
        .with_limits(args.limits())
        .with_submission_limits(&args.submission_limits())
        .with_fill_tokens(FillTokens::new(keys, args.fill_token_settings()));
    tokio::spawn(leadform_proxy::config::reload::on_hangup(
        args.config.clone(),
        key_file,
        state.clone(),
    ));
    server::serve(listener, state, server::shutdown_signal()).await;
    Ok(())
}

/// The fill-token keys: LEADFORM_TOKEN_KEYS, else the key file (made at first start). With
/// a shared PostgreSQL outbox each replica would make a key of its own and refuse the
/// others' tokens, so there the keys must be given.
fn token_keys(args: &ServeArgs) -> Result<(TokenKeys, Option<PathBuf>), StartupError> {
    if let Some(text) = std::env::var("LEADFORM_TOKEN_KEYS")
        .ok()
        .filter(|text| !text.trim().is_empty())
    {
        let keys = TokenKeys::parse(&text)
            .map_err(|error| StartupError::Config(format!("LEADFORM_TOKEN_KEYS: {error}")))?;
        return Ok((keys, None));
    }
    let path = match (&args.token_key_file, &args.store.database_url) {
        (Some(path), _) => path.clone(),
        (None, Some(_)) => {
            return Err(StartupError::Config(
                "with --database-url, every replica must sign fill tokens with the same keys: \
                 set LEADFORM_TOKEN_KEYS (the same on each) or --token-key-file (a file they share)"
                    .into(),
            ));
        }
        (None, None) => args.store.data_dir.join("token-keys"),
    };
    let keys = TokenKeys::load_or_create(&path)?;
    tracing::info!(path = %path.display(), key = keys.signing_id(), "fill tokens signed with the key file");
    Ok((keys, Some(path)))
}
