//! A whole proxy against the built-in sandbox, its outbox in a temporary directory: what the
//! demo and `preview` serve. Every lead, test ones too, goes to the sandbox.

use std::path::Path;

use crate::config::{ProxyConfig, WidgetBundle};
use crate::delivery::{Delivery, DeliverySettings, DoubtPolicy};
use crate::error::StartupError;
use crate::http::state::AppState;
use crate::journeybee::ApiKey;
use crate::journeybee::sandbox::{SANDBOX_USER_ID, Sandbox};
use crate::outbox::{self, Outbox, Role, StoreLocation};

/// The proxy's state, ready to serve, with the sandbox it sends to and its outbox.
pub struct SandboxedProxy {
    pub state: AppState,
    pub sandbox: Sandbox,
    pub outbox: Outbox,
    /// Removed when dropped.
    pub data_dir: tempfile::TempDir,
}

impl SandboxedProxy {
    /// Serves `config` with the bundle in `bundle_dir` (or, without one, the bundle the
    /// binary carries, else `dist`); the sandbox accepts `api_key`, and the data directory's
    /// name starts with `prefix`.
    pub async fn new(
        config: ProxyConfig,
        bundle_dir: Option<&Path>,
        api_key: &ApiKey,
        prefix: &str,
    ) -> Result<Self, StartupError> {
        let data_dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .map_err(|error| {
                StartupError::Config(format!("cannot make a data directory: {error}"))
            })?;
        let location = StoreLocation::Sqlite(data_dir.path().to_owned());
        let outbox = outbox::open(&location, Role::Server).await?;
        let settings = DeliverySettings::new(DoubtPolicy::CheckGetLeads {
            user_id: SANDBOX_USER_ID,
        });
        let sandbox = Sandbox::new(api_key.clone());
        let client = sandbox
            .client_on_loopback(settings.upstream_timeout)
            .await?;
        let delivery = Delivery::new(outbox.clone(), client.clone(), settings);
        delivery.deliver_tests_to(client);
        let state = AppState::new(config, delivery, WidgetBundle::locate(bundle_dir)?);
        Ok(Self {
            state,
            sandbox,
            outbox,
            data_dir,
        })
    }
}
