//! What every request handler shares.

use std::collections::HashMap;
use std::sync::Arc;

use crate::bundle::WidgetBundle;
use crate::config::{FormConfig, ProxyConfig};
use crate::error::ProxyError;
use crate::journeybee::JourneyBeeClient;

/// The proxy's shared, read-only state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    forms: HashMap<String, FormConfig>,
    journeybee: JourneyBeeClient,
    bundle: WidgetBundle,
}

impl AppState {
    pub fn new(config: ProxyConfig, journeybee: JourneyBeeClient, bundle: WidgetBundle) -> Self {
        let forms = config
            .forms
            .into_iter()
            .map(|form| (form.definition.id.clone(), form))
            .collect();
        Self {
            inner: Arc::new(Inner {
                forms,
                journeybee,
                bundle,
            }),
        }
    }

    /// The form with this public id.
    pub fn form(&self, id: &str) -> Result<&FormConfig, ProxyError> {
        self.inner
            .forms
            .get(id)
            .ok_or_else(|| ProxyError::FormNotFound(id.chars().take(100).collect()))
    }

    pub fn journeybee(&self) -> &JourneyBeeClient {
        &self.inner.journeybee
    }

    pub fn bundle(&self) -> &WidgetBundle {
        &self.inner.bundle
    }
}
