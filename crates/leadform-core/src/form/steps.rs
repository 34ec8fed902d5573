//! A form in steps: each step a title and the questions it asks, in the forms file's order.
//! The direction choice opens the first step; the consent box and Send close the last.

use serde::{Deserialize, Serialize};

use super::definition::FieldId;

/// One step of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Its heading ("The customer"), announced with the progress.
    pub title: String,
    /// The ids of its questions (`company_name`, `custom_12`, …); each question of the
    /// form is in exactly one step.
    pub questions: Vec<FieldId>,
}
