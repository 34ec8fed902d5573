//! Validation errors: per field, with a stable code to translate by and an English message.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::form::definition::FieldId;

/// The field id under which a missing or refused direction is reported.
pub const DIRECTION_FIELD: &str = "direction";
/// The field id under which a missing consent is reported.
pub const CONSENT_FIELD: &str = "consent";

/// Why an answer was refused; stable, for translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A required answer is missing.
    Required,
    /// The answer exceeds its length limit.
    TooLong,
    /// Not an email address.
    InvalidEmail,
    /// Not a phone number.
    InvalidPhone,
    /// Not a plain decimal number.
    InvalidNumber,
    /// A number under the field's minimum.
    BelowMinimum,
    /// A number over the field's maximum.
    AboveMaximum,
    /// Not a real YYYY-MM-DD date.
    InvalidDate,
    /// A checkbox value other than true or false.
    InvalidBoolean,
    /// An option id the field does not have.
    UnknownOption,
    /// An option chosen twice.
    DuplicateOption,
    /// Several answers where one is asked for.
    ExpectedSingleValue,
    /// An answer to a question the form does not ask.
    UnknownField,
    /// No direction chosen where the form allows two.
    DirectionRequired,
    /// A direction the form does not allow.
    DirectionNotAllowed,
    /// The consent box is not ticked.
    ConsentRequired,
}

/// One refused answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The question's field id (or `direction`, `consent`).
    pub field: FieldId,
    /// Why, as a stable code.
    pub code: ErrorCode,
    /// Why, in English, for the visitor.
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code,
            message: message.into(),
        }
    }
}

/// Every refused answer of a submission, in form order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValidationErrors {
    /// The refused answers.
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    /// The error for one field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|error| error.field == field)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}
