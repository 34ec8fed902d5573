//! The validation: a [`Submission`] checked against a [`FormDefinition`] becomes a
//! [`ValidSubmission`], the only input the mapping to a Create Lead request accepts.

use std::collections::BTreeMap;

use super::clean::{TextKind, has_forbidden_character, normalized};
use super::errors::{CONSENT_FIELD, DIRECTION_FIELD, ErrorCode, FieldError, ValidationErrors};
use super::phone::{e164, is_plausible_phone};
use super::rules::{TEXT_MAX_CHARS, TEXTAREA_MAX_CHARS, is_valid_email, parse_number};
use super::submission::{Submission, SubmittedValue};
use crate::form::definition::{FieldDefinition, FormDefinition, InputKind, LeadField};
use crate::form::hidden::HiddenField;
use crate::form::visibility::visible_questions;
use crate::journeybee::calendar_date::CalendarDate;
use crate::journeybee::custom_field::{CustomFieldEntry, CustomFieldValue};
use crate::journeybee::enums::FormDirection;
use crate::journeybee::finite_number::FiniteNumber;

/// A submission that passed validation: trimmed, parsed and typed. Only [`validate`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSubmission {
    direction: FormDirection,
    company_name: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone_number: Option<String>,
    sent_by_email: Option<String>,
    sent_by_company_name: Option<String>,
    custom_fields: Vec<CustomFieldEntry>,
    hidden: Vec<(HiddenField, String)>,
}

impl ValidSubmission {
    /// The lead's direction.
    pub fn direction(&self) -> FormDirection {
        self.direction
    }
    /// The lead's company, trimmed.
    pub fn company_name(&self) -> Option<&str> {
        self.company_name.as_deref()
    }
    /// The lead's email, trimmed.
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }
    /// The lead's first name, trimmed.
    pub fn first_name(&self) -> Option<&str> {
        self.first_name.as_deref()
    }
    /// The lead's last name, trimmed.
    pub fn last_name(&self) -> Option<&str> {
        self.last_name.as_deref()
    }
    /// The lead's phone number, trimmed.
    pub fn phone_number(&self) -> Option<&str> {
        self.phone_number.as_deref()
    }
    /// The visitor's own email, trimmed.
    pub fn sent_by_email(&self) -> Option<&str> {
        self.sent_by_email.as_deref()
    }
    /// The visitor's own company, trimmed.
    pub fn sent_by_company_name(&self) -> Option<&str> {
        self.sent_by_company_name.as_deref()
    }
    /// Custom field answers, in form order.
    pub fn custom_fields(&self) -> &[CustomFieldEntry] {
        &self.custom_fields
    }
    /// The hidden fields that came with the answers, checked.
    pub fn hidden(&self) -> &[(HiddenField, String)] {
        &self.hidden
    }
}

/// A single parsed answer.
enum Answer {
    Text(String),
    Custom(CustomFieldValue),
}

/// The most characters of a name the request made up that a refusal repeats.
const ECHOED_CHARS: usize = 64;

fn echoed(name: &str) -> String {
    name.chars().take(ECHOED_CHARS).collect()
}

/// Checks every answer to a question shown for these answers, and the direction; collects
/// every error rather than stopping at the first. An answer to a question hidden for these
/// answers is dropped unread: what the visitor did not see is neither required nor sent.
pub fn validate(
    definition: &FormDefinition,
    submission: &Submission,
) -> Result<ValidSubmission, ValidationErrors> {
    let mut errors = Vec::new();
    // Only the first unknown name is reported, cut short: a refusal must not grow with the
    // size of a bad request (5,000 made-up keys are one error, not 5,000).
    if let Some(name) = submission
        .values
        .keys()
        .find(|id| !definition.fields.iter().any(|field| field.id() == **id))
    {
        errors.push(FieldError::new(&echoed(name), ErrorCode::UnknownField));
    }

    let direction = match submission.direction {
        None if definition.directions.len() == 1 => Some(definition.directions[0]),
        None => {
            errors.push(FieldError::new(
                DIRECTION_FIELD,
                ErrorCode::DirectionRequired,
            ));
            None
        }
        Some(chosen) if definition.directions.contains(&chosen) => Some(chosen),
        Some(chosen) => {
            errors.push(FieldError::new(
                DIRECTION_FIELD,
                ErrorCode::DirectionNotAllowed { direction: chosen },
            ));
            None
        }
    };

    let mut valid = ValidSubmission {
        direction: direction.unwrap_or(FormDirection::Send),
        company_name: None,
        email: None,
        first_name: None,
        last_name: None,
        phone_number: None,
        sent_by_email: None,
        sent_by_company_name: None,
        custom_fields: Vec::new(),
        hidden: Vec::new(),
    };
    let shown = visible_questions(definition, submission);
    for (field, _) in definition
        .fields
        .iter()
        .zip(shown)
        .filter(|(_, shown)| *shown)
    {
        match parse_answer(definition, field, submission.values.get(&field.id())) {
            Err(error) => errors.push(error),
            Ok(None) => {}
            Ok(Some(Answer::Custom(value))) => {
                if let LeadField::Custom { id, .. } = field.field {
                    valid.custom_fields.push(CustomFieldEntry {
                        custom_field_id: id,
                        value,
                    });
                }
            }
            Ok(Some(Answer::Text(text))) => {
                let slot = match field.field {
                    LeadField::CompanyName => &mut valid.company_name,
                    LeadField::Email => &mut valid.email,
                    LeadField::FirstName => &mut valid.first_name,
                    LeadField::LastName => &mut valid.last_name,
                    LeadField::PhoneNumber => &mut valid.phone_number,
                    LeadField::SentByEmail => &mut valid.sent_by_email,
                    LeadField::SentByCompanyName => &mut valid.sent_by_company_name,
                    LeadField::Custom { .. } => continue,
                };
                *slot = Some(text);
            }
        }
    }

    // The widget never sees the hidden fields (the loader adds them to what it sends), so
    // its wasm leaves this check out.
    if cfg!(not(target_arch = "wasm32")) {
        valid.hidden = checked_hidden(&submission.hidden, &mut errors);
    }

    if definition.consent_text.is_some() && !submission.consent {
        errors.push(FieldError::new(CONSENT_FIELD, ErrorCode::ConsentRequired));
    }

    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(ValidationErrors { errors })
    }
}

/// The campaign values the loader captured, checked like answers; unknown names are
/// refused (only the first is reported), empty values dropped.
fn checked_hidden(
    hidden: &BTreeMap<String, String>,
    errors: &mut Vec<FieldError>,
) -> Vec<(HiddenField, String)> {
    let mut checked = Vec::new();
    let mut unknown_reported = false;
    for (name, value) in hidden {
        let value = normalized(value.trim());
        let value = value.as_ref();
        let error = match HiddenField::from_name(name) {
            None if unknown_reported => continue,
            None => {
                unknown_reported = true;
                FieldError::new(&echoed(name), ErrorCode::UnknownField)
            }
            Some(_) if has_forbidden_character(value, TextKind::Line) => {
                FieldError::new(name, ErrorCode::ForbiddenCharacter)
            }
            Some(field) if value.chars().count() > field.max_chars() => FieldError::new(
                name,
                ErrorCode::TooLong {
                    max: field.max_chars(),
                },
            ),
            Some(_) if value.is_empty() => continue,
            Some(field) => {
                checked.push((field, value.to_owned()));
                continue;
            }
        };
        errors.push(error);
    }
    checked
}

/// Checks one answer of `form` on its own, as the widget does when a visitor leaves a field.
pub fn validate_field(
    form: &FormDefinition,
    field: &FieldDefinition,
    value: Option<&SubmittedValue>,
) -> Result<(), FieldError> {
    parse_answer(form, field, value).map(|_| ())
}

fn parse_answer(
    form: &FormDefinition,
    field: &FieldDefinition,
    value: Option<&SubmittedValue>,
) -> Result<Option<Answer>, FieldError> {
    let id = field.id();
    let kind = field.field.input_kind();
    let error = |code: ErrorCode| FieldError::new(&id, code);

    let text = match value {
        None => "",
        Some(SubmittedValue::Text(text)) => text.trim(),
        Some(SubmittedValue::List(items)) if kind == InputKind::MultiSelect => {
            return parse_choices(
                field,
                items
                    .iter()
                    .map(String::as_str)
                    .filter(|item| !item.trim().is_empty())
                    .collect(),
            );
        }
        Some(SubmittedValue::List(_)) => {
            return Err(error(ErrorCode::ExpectedSingleValue));
        }
    };
    if kind == InputKind::MultiSelect {
        return parse_choices(
            field,
            if text.is_empty() {
                Vec::new()
            } else {
                vec![text]
            },
        );
    }
    let unticked_but_required = kind == InputKind::Checkbox && field.required && text == "false";
    if text.is_empty() || unticked_but_required {
        return if field.required {
            Err(error(ErrorCode::Required))
        } else {
            Ok(None)
        };
    }

    let text_kind = match kind {
        InputKind::Textarea => TextKind::Lines,
        InputKind::Email => TextKind::Email,
        _ => TextKind::Line,
    };
    if has_forbidden_character(text, text_kind) {
        return Err(error(ErrorCode::ForbiddenCharacter));
    }
    let normalized = normalized(text);
    let text = normalized.as_ref();

    let max_chars = field.max_length.unwrap_or(if kind == InputKind::Textarea {
        TEXTAREA_MAX_CHARS
    } else {
        TEXT_MAX_CHARS
    });
    if matches!(
        kind,
        InputKind::Text | InputKind::Textarea | InputKind::Email | InputKind::Phone
    ) && text.chars().count() > max_chars
    {
        return Err(error(ErrorCode::TooLong { max: max_chars }));
    }

    let custom = |value: CustomFieldValue| Ok(Some(Answer::Custom(value)));
    let is_custom = matches!(field.field, LeadField::Custom { .. });
    let region = form.phone_region.as_deref();
    match kind {
        InputKind::Email if !is_valid_email(text) => Err(error(ErrorCode::InvalidEmail)),
        InputKind::Email if field.field == LeadField::Email => match form.email.refusal(text) {
            Some(code) => Err(error(code)),
            None => Ok(Some(Answer::Text(text.to_owned()))),
        },
        InputKind::Phone if !is_plausible_phone(text, region) => {
            Err(error(ErrorCode::InvalidPhone))
        }
        InputKind::Phone => e164(text, region)
            .map(|number| Some(Answer::Text(number)))
            .ok_or_else(|| error(ErrorCode::InvalidPhone)),
        InputKind::Text | InputKind::Email if !is_custom => Ok(Some(Answer::Text(text.to_owned()))),
        InputKind::Text | InputKind::Email => custom(CustomFieldValue::Text(text.to_owned())),
        InputKind::Textarea => custom(CustomFieldValue::Textarea(text.to_owned())),
        InputKind::Number => {
            let number = parse_number(text)
                .and_then(FiniteNumber::new)
                .ok_or_else(|| error(ErrorCode::InvalidNumber))?;
            let bound = |limit: Option<f64>| limit.and_then(FiniteNumber::new);
            if let Some(min) = bound(field.min).filter(|min| number < *min) {
                return Err(error(ErrorCode::BelowMinimum { min }));
            }
            if let Some(max) = bound(field.max).filter(|max| number > *max) {
                return Err(error(ErrorCode::AboveMaximum { max }));
            }
            custom(CustomFieldValue::Number(number))
        }
        InputKind::Date => text
            .parse::<CalendarDate>()
            .map_err(|_| error(ErrorCode::InvalidDate))
            .and_then(|date| custom(CustomFieldValue::Date(date))),
        InputKind::Checkbox => match text {
            "true" => custom(CustomFieldValue::Boolean(true)),
            "false" => custom(CustomFieldValue::Boolean(false)),
            _ => Err(error(ErrorCode::InvalidBoolean)),
        },
        InputKind::Select => {
            option_id(field, text).map(|id| Some(Answer::Custom(CustomFieldValue::Select(id))))
        }
        InputKind::MultiSelect => parse_choices(field, vec![text]),
    }
}

fn option_id(field: &FieldDefinition, text: &str) -> Result<u64, FieldError> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|id| field.options.iter().any(|option| option.id == *id))
        .ok_or_else(|| FieldError::new(&field.id(), ErrorCode::UnknownOption))
}

fn parse_choices(field: &FieldDefinition, items: Vec<&str>) -> Result<Option<Answer>, FieldError> {
    if items.is_empty() {
        return if field.required {
            Err(FieldError::new(&field.id(), ErrorCode::Required))
        } else {
            Ok(None)
        };
    }
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let id = option_id(field, item)?;
        if ids.contains(&id) {
            return Err(FieldError::new(&field.id(), ErrorCode::DuplicateOption));
        }
        ids.push(id);
    }
    Ok(Some(Answer::Custom(CustomFieldValue::MultiSelect(ids))))
}
