//! The forms file: per form, the public `definition` and the `trusted` settings.

use std::collections::BTreeSet;
use std::path::Path;

use leadform_core::{FormDefinition, TrustedFormSettings};
use serde::Deserialize;

use crate::error::StartupError;

/// Every form this proxy serves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyConfig {
    #[serde(rename = "form")]
    pub forms: Vec<FormConfig>,
}

/// One form: what browsers may see, and what only the proxy knows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormConfig {
    pub definition: FormDefinition,
    pub trusted: TrustedFormSettings,
}

impl ProxyConfig {
    /// Parses and checks a forms file's text.
    pub fn from_toml(text: &str) -> Result<Self, StartupError> {
        let config: ProxyConfig =
            toml::from_str(text).map_err(|error| StartupError::Config(error.to_string()))?;
        config.check()?;
        Ok(config)
    }

    /// Reads, parses and checks the forms file at `path`.
    pub fn load(path: &Path) -> Result<Self, StartupError> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            StartupError::Config(format!("cannot read {}: {error}", path.display()))
        })?;
        Self::from_toml(&text)
            .map_err(|error| StartupError::Config(format!("{}: {error}", path.display())))
    }

    fn check(&self) -> Result<(), StartupError> {
        let mut ids = BTreeSet::new();
        for form in &self.forms {
            form.definition
                .check()
                .map_err(|error| StartupError::Config(error.to_string()))?;
            if !ids.insert(form.definition.id.as_str()) {
                return Err(StartupError::Config(format!(
                    "form {:?} is defined twice",
                    form.definition.id
                )));
            }
            if form.trusted.allowed_origins.is_empty() {
                return Err(StartupError::Config(format!(
                    "form {:?} allows no origin",
                    form.definition.id
                )));
            }
        }
        Ok(())
    }
}
