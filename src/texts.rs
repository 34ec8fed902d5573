//! Every English word the widget shows that the form's definition does not supply. Core and
//! the rest of the widget deal in codes with parameters; a locale is another copy of this one
//! file.

use leadform_core::{ErrorCode, FiniteNumber, FormDirection, InputKind};

use crate::definition::DefinitionError;
use crate::submit::SubmitError;

/// The submit button's label when the form names none.
pub const SUBMIT: &str = "Send";
/// The submit button's label while the submission travels.
pub const SENDING: &str = "Sending…";
/// The thank-you when the form names none.
pub const SUCCESS: &str = "Thank you! Your lead has been received.";
/// Added to the thank-you when the proxy queued the lead for delivery.
pub const QUEUED: &str = "We have your details safely; they will reach the team shortly.";
/// A select's empty first option.
pub const CHOOSE: &str = "Choose…";
/// The direction question.
pub const DIRECTION_QUESTION: &str = "What would you like to do?";

/// A direction's title and explanation.
pub fn direction(direction: FormDirection) -> (&'static str, &'static str) {
    match direction {
        FormDirection::Send => (
            "Refer a lead",
            "Pass this contact on; the team takes it from here.",
        ),
        FormDirection::Claim => (
            "Register my deal",
            "You are already working this deal and want it registered to you.",
        ),
    }
}

/// Why an answer was refused, for a question of this kind.
pub fn field_error(code: ErrorCode, kind: Option<InputKind>) -> String {
    match code {
        ErrorCode::Required if kind == Some(InputKind::MultiSelect) => {
            "Choose at least one option.".into()
        }
        ErrorCode::Required => "This field is required.".into(),
        ErrorCode::TooLong { max } => format!("Use at most {max} characters."),
        ErrorCode::InvalidEmail => "Enter an email address like name@example.com.".into(),
        ErrorCode::InvalidPhone => "Enter a phone number with 6 to 20 digits.".into(),
        ErrorCode::InvalidNumber => "Enter a number, like 1500 or 12.5.".into(),
        ErrorCode::BelowMinimum { min } => format!("Enter {} or more.", number(min)),
        ErrorCode::AboveMaximum { max } => format!("Enter {} or less.", number(max)),
        ErrorCode::InvalidDate => "Enter a real date as YYYY-MM-DD.".into(),
        ErrorCode::InvalidBoolean => "Tick the box or leave it empty.".into(),
        ErrorCode::UnknownOption => "Choose one of the listed options.".into(),
        ErrorCode::DuplicateOption => "Each option can be chosen once.".into(),
        ErrorCode::ExpectedSingleValue => "Give one answer.".into(),
        ErrorCode::UnknownField => "This form has no such question.".into(),
        ErrorCode::DirectionRequired => "Choose whether you send or claim this lead.".into(),
        ErrorCode::DirectionNotAllowed { direction } => {
            format!("This form does not accept leads to {}.", direction.as_str())
        }
        ErrorCode::ConsentRequired => "Please confirm before sending.".into(),
    }
}

/// Why the form cannot be shown.
pub fn definition_error(error: &DefinitionError) -> String {
    match error {
        DefinitionError::Offline => {
            "This form could not be loaded. Check your connection and reload the page.".into()
        }
        DefinitionError::Unreadable => {
            "This form could not be read. Please try again later.".into()
        }
        DefinitionError::Unavailable => {
            "This form could not be loaded right now. Please try again later.".into()
        }
        DefinitionError::Refused { message } => message.clone(),
    }
}

/// Why a submission did not go through; the answers are always kept.
pub fn submit_error(error: &SubmitError) -> String {
    match error {
        SubmitError::Network => "We could not send your details. Check your connection and try again; your answers are still here.".into(),
        SubmitError::Server => "Something went wrong on our side. Please try again; your answers are still here.".into(),
        SubmitError::Refused { message, .. } => message.clone(),
    }
}

/// A number as the browser writes it (`1500`, `12.5`), so no float formatting is compiled in.
fn number(value: FiniteNumber) -> String {
    js_sys::Number::from(value.get())
        .to_string_with_radix(10)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}
