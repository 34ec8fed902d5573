//! A form's own words in another language, from the forms file: whatever a translation names
//! replaces the definition's text, the rest stays as written. The widget's built-in words
//! (buttons, errors) are translated by the widget's locale tables, and a form may override
//! any of them by key in `texts`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::definition::{DefinitionError, FieldId, FormDefinition};

/// The form's texts in one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormTranslation {
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The submit button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_label: Option<String>,
    /// The thank-you.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_message: Option<String>,
    /// The consent checkbox's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_text: Option<String>,
    /// Per question, by field id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<FieldId, FieldTranslation>,
    /// The steps' titles, in the steps' order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// The widget's own words replaced for this form, by key (e.g. `direction.send`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub texts: BTreeMap<String, String>,
}

/// One question's texts in one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldTranslation {
    /// The label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// The help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Option labels by option id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

impl FormDefinition {
    /// Refuses a translation that names a question or an option this form does not have.
    pub fn check_translation(&self, translation: &FormTranslation) -> Result<(), DefinitionError> {
        if translation.steps.len() > self.steps.len() {
            return Err(DefinitionError(format!(
                "the translation names {} step titles for {} steps",
                translation.steps.len(),
                self.steps.len()
            )));
        }
        for (id, field) in &translation.fields {
            let question = self.question(id).ok_or_else(|| {
                DefinitionError(format!("the translation names no question {id:?}"))
            })?;
            for option in field.options.keys() {
                if !question
                    .options
                    .iter()
                    .any(|known| known.id.to_string() == *option)
                {
                    return Err(DefinitionError(format!(
                        "the translation of {id:?} names no option {option:?}"
                    )));
                }
            }
        }
        Ok(())
    }

    /// The form with `translation`'s texts in place of its own.
    pub fn translated(&self, translation: &FormTranslation) -> FormDefinition {
        let mut form = self.clone();
        let replace = |slot: &mut Option<String>, with: &Option<String>| {
            if with.is_some() {
                slot.clone_from(with);
            }
        };
        if let Some(title) = &translation.title {
            form.title.clone_from(title);
        }
        replace(&mut form.description, &translation.description);
        replace(&mut form.submit_label, &translation.submit_label);
        replace(&mut form.success_message, &translation.success_message);
        replace(&mut form.consent_text, &translation.consent_text);
        for (step, title) in form.steps.iter_mut().zip(&translation.steps) {
            step.title.clone_from(title);
        }
        for question in &mut form.fields {
            let Some(words) = translation.fields.get(&question.id()) else {
                continue;
            };
            if let Some(label) = &words.label {
                question.label.clone_from(label);
            }
            replace(&mut question.placeholder, &words.placeholder);
            replace(&mut question.help, &words.help);
            for option in &mut question.options {
                if let Some(label) = words.options.get(&option.id.to_string()) {
                    option.label.clone_from(label);
                }
            }
        }
        form
    }
}
