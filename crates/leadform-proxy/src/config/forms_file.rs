//! The forms file: per form, the public `definition` and the `trusted` settings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use leadform_core::{FormDefinition, FormTranslation, TrustedFormSettings};
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
    /// The form's own texts in other languages, by language tag (`de`, `fr`, …).
    #[serde(default)]
    pub locales: BTreeMap<String, FormTranslation>,
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
            if let Some(both) = form
                .trusted
                .test_origins
                .iter()
                .find(|test| form.trusted.allows_origin(test.as_str()))
            {
                return Err(StartupError::Config(format!(
                    "form {:?}: {both} is both an allowed and a test origin; a page is one or the other",
                    form.definition.id
                )));
            }
            if form.trusted.allowed_origins.is_empty() {
                return Err(StartupError::Config(format!(
                    "form {:?} allows no origin",
                    form.definition.id
                )));
            }
            form.check_page_settings()
                .and_then(|()| form.check_locales())
                .map_err(|error| {
                    StartupError::Config(format!("form {:?}: {error}", form.definition.id))
                })?;
        }
        Ok(())
    }
}

impl FormConfig {
    /// The consent text as the visitor saw it in `locale` (the form's own words where it
    /// has a translation, else as written), with the language it is in; `None` where the
    /// form asks for no consent.
    pub fn consent_text(&self, locale: Option<&str>) -> Option<(&str, &str)> {
        let written = self.definition.consent_text.as_deref()?;
        let translated = locale.and_then(|locale| {
            let (tag, translation) = self.locales.get_key_value(locale)?;
            Some((translation.consent_text.as_deref()?, tag.as_str()))
        });
        Some(translated.unwrap_or((written, leadform::locales::LOCALES[0].0)))
    }

    /// The redirect, the prefillable questions and the hidden fields' destinations.
    fn check_page_settings(&self) -> Result<(), String> {
        let trusted = &self.trusted;
        trusted.check_redirect()?;
        if let Some(id) = trusted
            .url_prefill
            .iter()
            .find(|id| self.definition.question(id).is_none())
        {
            return Err(format!("url_prefill names no question {id:?}"));
        }
        if let Some(field) = trusted.consent_record_field {
            if self.definition.consent_text.is_none() {
                return Err(format!(
                    "consent_record_field {field} is set, but the form has no consent_text"
                ));
            }
            let taken = self.definition.asks_custom_field(field)
                || trusted.hidden_fields.values().any(|id| *id == field);
            if taken {
                return Err(format!(
                    "consent_record_field {field} is a custom field a question or hidden field already fills"
                ));
            }
        }
        for (hidden, custom_field_id) in &trusted.hidden_fields {
            if self.definition.asks_custom_field(*custom_field_id) {
                return Err(format!(
                    "hidden field {} goes to custom field {custom_field_id}, which a question already fills",
                    hidden.name()
                ));
            }
        }
        Ok(())
    }

    /// Each translation is for a language the widget speaks, names only this form's
    /// questions and options, and overrides only words the widget has.
    fn check_locales(&self) -> Result<(), String> {
        let english: BTreeMap<String, String> =
            serde_json::from_str(leadform::locales::LOCALES[0].1).map_err(|e| e.to_string())?;
        for (locale, translation) in &self.locales {
            check_spoken(locale).map_err(|error| format!("locale {error}"))?;
            self.definition
                .check_translation(translation)
                .map_err(|error| format!("locale {locale:?}: {error}"))?;
            if let Some(key) = translation
                .texts
                .keys()
                .find(|key| !english.contains_key(*key))
            {
                return Err(format!("locale {locale:?}: the widget has no text {key:?}"));
            }
        }
        Ok(())
    }
}

/// Whether the widget speaks `locale` (it has a table of words for it); if not, says so and
/// names those it speaks. For the forms file's translations and `forms new --locale`.
pub fn check_spoken(locale: &str) -> Result<(), String> {
    let spoken: Vec<&str> = leadform::locales::LOCALES
        .iter()
        .map(|(known, _)| *known)
        .collect();
    if spoken.contains(&locale) {
        Ok(())
    } else {
        Err(format!(
            "{locale:?} is not one the widget speaks ({})",
            spoken.join(", ")
        ))
    }
}
