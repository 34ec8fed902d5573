//! Validation errors: per field, a stable code with the parameters its words need. The words
//! themselves live with whoever shows them (the widget, per language); core has none.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::form::definition::FieldId;
use crate::journeybee::enums::FormDirection;
use crate::journeybee::finite_number::FiniteNumber;
use crate::wire_names::wire_names;

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
    /// An address at a free mail provider, where the form asks for a business address.
    FreeEmail,
    /// An address at a domain the form refuses.
    EmailDomainBlocked,
}

impl ErrorCode {
    /// Its name, without the parameters.
    pub fn code_name(self) -> CodeName {
        match self {
            ErrorCode::Required => CodeName::Required,
            ErrorCode::TooLong { .. } => CodeName::TooLong,
            ErrorCode::InvalidEmail => CodeName::InvalidEmail,
            ErrorCode::InvalidPhone => CodeName::InvalidPhone,
            ErrorCode::InvalidNumber => CodeName::InvalidNumber,
            ErrorCode::BelowMinimum { .. } => CodeName::BelowMinimum,
            ErrorCode::AboveMaximum { .. } => CodeName::AboveMaximum,
            ErrorCode::InvalidDate => CodeName::InvalidDate,
            ErrorCode::InvalidBoolean => CodeName::InvalidBoolean,
            ErrorCode::UnknownOption => CodeName::UnknownOption,
            ErrorCode::DuplicateOption => CodeName::DuplicateOption,
            ErrorCode::ExpectedSingleValue => CodeName::ExpectedSingleValue,
            ErrorCode::UnknownField => CodeName::UnknownField,
            ErrorCode::DirectionRequired => CodeName::DirectionRequired,
            ErrorCode::DirectionNotAllowed { .. } => CodeName::DirectionNotAllowed,
            ErrorCode::ConsentRequired => CodeName::ConsentRequired,
            ErrorCode::ForbiddenCharacter => CodeName::ForbiddenCharacter,
            ErrorCode::FreeEmail => CodeName::FreeEmail,
            ErrorCode::EmailDomainBlocked => CodeName::EmailDomainBlocked,
        }
    }

    /// The stable name the wire format and every locale's table use, e.g. `too_long`.
    pub fn name(self) -> &'static str {
        self.code_name().as_str()
    }

    /// The code named `name`, with these parameters where it takes one (`max` for too_long,
    /// a whole number); `None` when one it takes is missing or out of range.
    pub fn with(
        name: CodeName,
        min: Option<FiniteNumber>,
        max: Option<FiniteNumber>,
        direction: Option<FormDirection>,
    ) -> Option<Self> {
        Some(match name {
            CodeName::Required => ErrorCode::Required,
            CodeName::TooLong => {
                let max = max?.get();
                if max < 0.0 || max.fract() != 0.0 {
                    return None;
                }
                ErrorCode::TooLong { max: max as usize }
            }
            CodeName::InvalidEmail => ErrorCode::InvalidEmail,
            CodeName::InvalidPhone => ErrorCode::InvalidPhone,
            CodeName::InvalidNumber => ErrorCode::InvalidNumber,
            CodeName::BelowMinimum => ErrorCode::BelowMinimum { min: min? },
            CodeName::AboveMaximum => ErrorCode::AboveMaximum { max: max? },
            CodeName::InvalidDate => ErrorCode::InvalidDate,
            CodeName::InvalidBoolean => ErrorCode::InvalidBoolean,
            CodeName::UnknownOption => ErrorCode::UnknownOption,
            CodeName::DuplicateOption => ErrorCode::DuplicateOption,
            CodeName::ExpectedSingleValue => ErrorCode::ExpectedSingleValue,
            CodeName::UnknownField => ErrorCode::UnknownField,
            CodeName::DirectionRequired => ErrorCode::DirectionRequired,
            CodeName::DirectionNotAllowed => ErrorCode::DirectionNotAllowed {
                direction: direction?,
            },
            CodeName::ConsentRequired => ErrorCode::ConsentRequired,
            CodeName::ForbiddenCharacter => ErrorCode::ForbiddenCharacter,
            CodeName::FreeEmail => ErrorCode::FreeEmail,
            CodeName::EmailDomainBlocked => ErrorCode::EmailDomainBlocked,
        })
    }

    /// One of each code, with sample parameters: for tests and tables that must cover every
    /// code.
    pub fn every() -> impl Iterator<Item = ErrorCode> {
        let number = |value| FiniteNumber::new(value);
        CodeName::ALL.iter().filter_map(move |name| {
            ErrorCode::with(
                *name,
                number(-2.5),
                number(40.0),
                Some(FormDirection::Claim),
            )
        })
    }

    /// Its parameters as they travel beside the code: `(min, max, direction)`.
    fn parameters(
        self,
    ) -> (
        Option<FiniteNumber>,
        Option<FiniteNumber>,
        Option<FormDirection>,
    ) {
        match self {
            ErrorCode::TooLong { max } => (None, FiniteNumber::new(max as f64), None),
            ErrorCode::BelowMinimum { min } => (Some(min), None, None),
            ErrorCode::AboveMaximum { max } => (None, Some(max), None),
            ErrorCode::DirectionNotAllowed { direction } => (None, None, Some(direction)),
            _ => (None, None, None),
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

wire_names! {
    /// An [`ErrorCode`]'s name, without its parameters: on the wire and in every locale's
    /// table (`error.<name>`).
    pub enum CodeName {
        /// See [`ErrorCode::Required`].
        Required = "required",
        /// See [`ErrorCode::TooLong`].
        TooLong = "too_long",
        /// See [`ErrorCode::InvalidEmail`].
        InvalidEmail = "invalid_email",
        /// See [`ErrorCode::InvalidPhone`].
        InvalidPhone = "invalid_phone",
        /// See [`ErrorCode::InvalidNumber`].
        InvalidNumber = "invalid_number",
        /// See [`ErrorCode::BelowMinimum`].
        BelowMinimum = "below_minimum",
        /// See [`ErrorCode::AboveMaximum`].
        AboveMaximum = "above_maximum",
        /// See [`ErrorCode::InvalidDate`].
        InvalidDate = "invalid_date",
        /// See [`ErrorCode::InvalidBoolean`].
        InvalidBoolean = "invalid_boolean",
        /// See [`ErrorCode::UnknownOption`].
        UnknownOption = "unknown_option",
        /// See [`ErrorCode::DuplicateOption`].
        DuplicateOption = "duplicate_option",
        /// See [`ErrorCode::ExpectedSingleValue`].
        ExpectedSingleValue = "expected_single_value",
        /// See [`ErrorCode::UnknownField`].
        UnknownField = "unknown_field",
        /// See [`ErrorCode::DirectionRequired`].
        DirectionRequired = "direction_required",
        /// See [`ErrorCode::DirectionNotAllowed`].
        DirectionNotAllowed = "direction_not_allowed",
        /// See [`ErrorCode::ConsentRequired`].
        ConsentRequired = "consent_required",
        /// See [`ErrorCode::ForbiddenCharacter`].
        ForbiddenCharacter = "forbidden_character",
        /// See [`ErrorCode::FreeEmail`].
        FreeEmail = "free_email",
        /// See [`ErrorCode::EmailDomainBlocked`].
        EmailDomainBlocked = "email_domain_blocked",
    }
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
        let (min, max, direction) = error.code.parameters();
        WireFieldError {
            field: error.field,
            code: error.code.code_name(),
            min,
            max,
            direction,
        }
    }
}

impl TryFrom<WireFieldError> for FieldError {
    type Error = &'static str;

    fn try_from(wire: WireFieldError) -> Result<Self, Self::Error> {
        let code = ErrorCode::with(wire.code, wire.min, wire.max, wire.direction)
            .ok_or("the code's parameter is missing or out of range")?;
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
        let code = ErrorCode::with(
            CodeName::from_name(code)?,
            number(min),
            number(max),
            direction.and_then(FormDirection::from_name),
        )?;
        Some(FieldError { field, code })
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
