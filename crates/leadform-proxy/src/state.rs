//! What every request handler shares.

use std::collections::HashMap;
use std::sync::Arc;

use crate::bundle::WidgetBundle;
use crate::config::{FormConfig, ProxyConfig};
use crate::delivery::Delivery;
use crate::error::RequestError;

/// The proxy's shared state: the forms, the widget bundle and the delivery machinery.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    forms: HashMap<String, FormConfig>,
    delivery: Delivery,
    bundle: WidgetBundle,
}

impl AppState {
    pub fn new(config: ProxyConfig, delivery: Delivery, bundle: WidgetBundle) -> Self {
        let forms = config
            .forms
            .into_iter()
            .map(|form| (form.definition.id.clone(), form))
            .collect();
        Self {
            inner: Arc::new(Inner {
                forms,
                delivery,
                bundle,
            }),
        }
    }

    /// The form with this public id.
    pub fn form(&self, id: &str) -> Result<&FormConfig, RequestError> {
        self.inner
            .forms
            .get(id)
            .ok_or_else(|| RequestError::FormNotFound(id.chars().take(100).collect()))
    }

    pub fn delivery(&self) -> &Delivery {
        &self.inner.delivery
    }

    pub fn bundle(&self) -> &WidgetBundle {
        &self.inner.bundle
    }
}
