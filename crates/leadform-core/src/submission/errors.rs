//! Validation errors: per field, a stable code with the parameters its words need. The words
//! themselves live with whoever shows them (the widget, per language); core has none.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::form::definition::FieldId;
use crate::journeybee::enums::FormDirection;
use crate::journeybee::finite_number::FiniteNumber;

/// The field id under which a missing or refused direction is reported.
pub const DIRECTION_FIELD: &str = "direction";
/// The field id under which a missing consent is reported.
pub const CONSENT_FIELD: &str = "consent";

/// Why an answer was refused; stable, for translations. On the wire the code and its
/// parameters sit beside the field: `{"field":"notes","code":"too_long","max":5000}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A required answer is missing.
    Required,
    /// The answer exceeds its length limit of `max` characters.
    TooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// Not an email address.
    InvalidEmail,
    /// Not a phone number.
    InvalidPhone,
    /// Not a plain decimal number.
    InvalidNumber,
    /// A number under the field's minimum.
    BelowMinimum {
        /// The smallest number allowed.
        min: FiniteNumber,
    },
    /// A number over the field's maximum.
    AboveMaximum {
        /// The largest number allowed.
        max: FiniteNumber,
    },
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
    DirectionNotAllowed {
        /// The direction that was asked for.
        direction: FormDirection,
    },
    /// The consent box is not ticked.
    ConsentRequired,
    /// A control, bidirectional or invisible character where the answer has no use for it.
    ForbiddenCharacter,
}

impl ErrorCode {
    /// The stable name the wire format and every locale's table use, e.g. `too_long`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong { .. } => "too_long",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::InvalidPhone => "invalid_phone",
            ErrorCode::InvalidNumber => "invalid_number",
            ErrorCode::BelowMinimum { .. } => "below_minimum",
            ErrorCode::AboveMaximum { .. } => "above_maximum",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::InvalidBoolean => "invalid_boolean",
            ErrorCode::UnknownOption => "unknown_option",
            ErrorCode::DuplicateOption => "duplicate_option",
            ErrorCode::ExpectedSingleValue => "expected_single_value",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::DirectionRequired => "direction_required",
            ErrorCode::DirectionNotAllowed { .. } => "direction_not_allowed",
            ErrorCode::ConsentRequired => "consent_required",
            ErrorCode::ForbiddenCharacter => "forbidden_character",
        }
    }
}

/// One refused answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "WireFieldError", try_from = "WireFieldError")]
pub struct FieldError {
    /// The question's field id (or `direction`, `consent`).
    pub field: FieldId,
    /// Why, as a stable code with its parameters.
    pub code: ErrorCode,
}

/// The code's name on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum CodeName {
    Required,
    TooLong,
    InvalidEmail,
    InvalidPhone,
    InvalidNumber,
    BelowMinimum,
    AboveMaximum,
    InvalidDate,
    InvalidBoolean,
    UnknownOption,
    DuplicateOption,
    ExpectedSingleValue,
    UnknownField,
    DirectionRequired,
    DirectionNotAllowed,
    ConsentRequired,
    ForbiddenCharacter,
}

/// A [`FieldError`] as JSON: a flat object, written and read without serde's buffering of
/// flattened or internally tagged data, which would cost the widget kilobytes.
#[derive(Serialize, Deserialize)]
struct WireFieldError {
    field: FieldId,
    code: CodeName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<FiniteNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<FiniteNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    direction: Option<FormDirection>,
}

impl From<FieldError> for WireFieldError {
    fn from(error: FieldError) -> Self {
        let mut wire = WireFieldError {
            field: error.field,
            code: CodeName::Required,
            min: None,
            max: None,
            direction: None,
        };
        wire.code = match error.code {
            ErrorCode::Required => CodeName::Required,
            ErrorCode::TooLong { max } => {
                wire.max = FiniteNumber::new(max as f64);
                CodeName::TooLong
            }
            ErrorCode::InvalidEmail => CodeName::InvalidEmail,
            ErrorCode::InvalidPhone => CodeName::InvalidPhone,
            ErrorCode::InvalidNumber => CodeName::InvalidNumber,
            ErrorCode::BelowMinimum { min } => {
                wire.min = Some(min);
                CodeName::BelowMinimum
            }
            ErrorCode::AboveMaximum { max } => {
                wire.max = Some(max);
                CodeName::AboveMaximum
            }
            ErrorCode::InvalidDate => CodeName::InvalidDate,
            ErrorCode::InvalidBoolean => CodeName::InvalidBoolean,
            ErrorCode::UnknownOption => CodeName::UnknownOption,
            ErrorCode::DuplicateOption => CodeName::DuplicateOption,
            ErrorCode::ExpectedSingleValue => CodeName::ExpectedSingleValue,
            ErrorCode::UnknownField => CodeName::UnknownField,
            ErrorCode::DirectionRequired => CodeName::DirectionRequired,
            ErrorCode::DirectionNotAllowed { direction } => {
                wire.direction = Some(direction);
                CodeName::DirectionNotAllowed
            }
            ErrorCode::ConsentRequired => CodeName::ConsentRequired,
            ErrorCode::ForbiddenCharacter => CodeName::ForbiddenCharacter,
        };
        wire
    }
}

impl TryFrom<WireFieldError> for FieldError {
    type Error = &'static str;

    fn try_from(wire: WireFieldError) -> Result<Self, Self::Error> {
        const MISSING: &str = "the code's parameter is missing";
        let code = match wire.code {
            CodeName::Required => ErrorCode::Required,
            CodeName::TooLong => {
                let max = wire.max.map(FiniteNumber::get).ok_or(MISSING)?;
                if max < 0.0 || max.fract() != 0.0 {
                    return Err("too_long's max must be a whole number");
                }
                ErrorCode::TooLong { max: max as usize }
            }
            CodeName::InvalidEmail => ErrorCode::InvalidEmail,
            CodeName::InvalidPhone => ErrorCode::InvalidPhone,
            CodeName::InvalidNumber => ErrorCode::InvalidNumber,
            CodeName::BelowMinimum => ErrorCode::BelowMinimum {
                min: wire.min.ok_or(MISSING)?,
            },
            CodeName::AboveMaximum => ErrorCode::AboveMaximum {
                max: wire.max.ok_or(MISSING)?,
            },
            CodeName::InvalidDate => ErrorCode::InvalidDate,
            CodeName::InvalidBoolean => ErrorCode::InvalidBoolean,
            CodeName::UnknownOption => ErrorCode::UnknownOption,
            CodeName::DuplicateOption => ErrorCode::DuplicateOption,
            CodeName::ExpectedSingleValue => ErrorCode::ExpectedSingleValue,
            CodeName::UnknownField => ErrorCode::UnknownField,
            CodeName::DirectionRequired => ErrorCode::DirectionRequired,
            CodeName::DirectionNotAllowed => ErrorCode::DirectionNotAllowed {
                direction: wire.direction.ok_or(MISSING)?,
            },
            CodeName::ConsentRequired => ErrorCode::ConsentRequired,
            CodeName::ForbiddenCharacter => ErrorCode::ForbiddenCharacter,
        };
        Ok(FieldError {
            field: wire.field,
            code,
        })
    }
}

impl FieldError {
    pub(crate) fn new(field: &str, code: ErrorCode) -> Self {
        Self {
            field: field.to_owned(),
            code,
        }
    }

    /// A refused answer from the parts of its JSON (`field`, `code` and the parameters the
    /// code takes), for a reader with its own JSON parser: the widget reads the proxy's
    /// answers with the browser's, since serde's reader for them is 2.5 KB of every
    /// widget. `None` for a code or parameter this version does not know.
    pub fn from_wire_parts(
        field: FieldId,
        code: &str,
        min: Option<f64>,
        max: Option<f64>,
        direction: Option<&str>,
    ) -> Option<Self> {
        let number = |value: Option<f64>| value.and_then(FiniteNumber::new);
        let code = match code {
            "required" => CodeName::Required,
            "too_long" => CodeName::TooLong,
            "invalid_email" => CodeName::InvalidEmail,
            "invalid_phone" => CodeName::InvalidPhone,
            "invalid_number" => CodeName::InvalidNumber,
            "below_minimum" => CodeName::BelowMinimum,
            "above_maximum" => CodeName::AboveMaximum,
            "invalid_date" => CodeName::InvalidDate,
            "invalid_boolean" => CodeName::InvalidBoolean,
            "unknown_option" => CodeName::UnknownOption,
            "duplicate_option" => CodeName::DuplicateOption,
            "expected_single_value" => CodeName::ExpectedSingleValue,
            "unknown_field" => CodeName::UnknownField,
            "direction_required" => CodeName::DirectionRequired,
            "direction_not_allowed" => CodeName::DirectionNotAllowed,
            "consent_required" => CodeName::ConsentRequired,
            "forbidden_character" => CodeName::ForbiddenCharacter,
            _ => return None,
        };
        FieldError::try_from(WireFieldError {
            field,
            code,
            min: number(min),
            max: number(max),
            direction: direction.and_then(FormDirection::from_name),
        })
        .ok()
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
            .map(|e| format!("{}: {:?}", e.field, e.code))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}
