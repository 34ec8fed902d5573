//! What every request handler shares.

use std::collections::HashMap;
use std::sync::Arc;

use leadform_core::FormDefinition;

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
    /// Per form, the loader's answer: the definition and the form rendered to HTML. Made
    /// once, as the forms only change with the configuration.
    embeds: HashMap<String, String>,
    delivery: Delivery,
    bundle: WidgetBundle,
}

impl AppState {
    pub fn new(config: ProxyConfig, delivery: Delivery, bundle: WidgetBundle) -> Self {
        let embeds = config
            .forms
            .iter()
            .map(|form| (form.definition.id.clone(), embed_answer(&form.definition)))
            .collect();
        let forms = config
            .forms
            .into_iter()
            .map(|form| (form.definition.id.clone(), form))
            .collect();
        Self {
            inner: Arc::new(Inner {
                forms,
                embeds,
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

    /// The loader's answer for the form with this public id: `{"definition", "html"}`.
    pub fn embed(&self, id: &str) -> Result<&str, RequestError> {
        self.form(id)?;
        Ok(self.inner.embeds.get(id).map_or("", String::as_str))
    }

    pub fn delivery(&self) -> &Delivery {
        &self.inner.delivery
    }

    pub fn bundle(&self) -> &WidgetBundle {
        &self.inner.bundle
    }
}

fn embed_answer(definition: &FormDefinition) -> String {
    serde_json::json!({
        "definition": definition,
        "html": leadform::prerender(&definition.id, definition),
    })
    .to_string()
}
