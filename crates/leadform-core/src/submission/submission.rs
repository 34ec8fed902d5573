//! A visitor's answers, as typed: strings keyed by field id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::form::definition::FieldId;
use crate::journeybee::enums::FormDirection;

/// A raw answer: one string, or the chosen option ids of a multi-select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SubmittedValue {
    /// A single answer.
    Text(String),
    /// The option ids chosen in a multi-select.
    List(Vec<String>),
}

/// What the widget posts to the proxy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The direction the visitor chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<FormDirection>,
    /// Answers keyed by [`FieldId`].
    #[serde(default)]
    pub values: BTreeMap<FieldId, SubmittedValue>,
    /// Whether the consent box was ticked.
    #[serde(default)]
    pub consent: bool,
    /// Hidden fields by name (`utm_source`, `referrer`, …), as the loader captured them. The
    /// widget never writes them (the loader adds them to the body), so its wasm leaves out
    /// the code to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_serializing))]
    pub hidden: BTreeMap<String, String>,
    /// The language the form was shown in (`de`), which the loader adds: the proxy keeps
    /// the consent text in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_serializing))]
    pub locale: Option<String>,
    /// The honeypot: a field people never see or reach, which bots fill in. The loader adds
    /// it too; anything in it makes the submission spam.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_serializing))]
    pub website: String,
}
