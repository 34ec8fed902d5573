//! A form's definition, read by hand from the object the browser's `JSON.parse` made of what
//! the proxy sent. serde's derived readers and a deserializer over JavaScript values cost the
//! wasm about 4 KB brotli; these lines a fraction of that. The proxy reads the forms file with
//! serde, from the same types; a widget test reads definitions of every shape both ways and
//! requires the same result.

use leadform_core::{
    ChoiceOption, Condition, CustomFieldType, EmailRules, FieldDefinition, FormDefinition,
    FormDirection, FreeProviders, LeadField, Step,
};
use wasm_bindgen::JsValue;

use crate::js_value::{array_at, at};

/// The definition does not have the shape the proxy sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// Reads a form's definition. Keys it does not know are passed over: the forms file refuses
/// them already, and a newer proxy may send more.
pub fn read_definition(value: &JsValue) -> Result<FormDefinition, Unreadable> {
    let mut directions = Vec::new();
    for name in strings(value, "directions")? {
        directions.push(FormDirection::from_name(&name).ok_or(Unreadable)?);
    }
    let mut fields = Vec::new();
    for field in items(value, "fields")?.iter() {
        fields.push(read_field(&field)?);
    }
    let mut steps = Vec::new();
    if at(value, "steps").is_some() {
        for step in items(value, "steps")?.iter() {
            steps.push(Step {
                title: text(&step, "title")?,
                questions: strings(&step, "questions")?,
            });
        }
    }
    Ok(FormDefinition {
        id: text(value, "id")?,
        title: text(value, "title")?,
        description: optional_text(value, "description")?,
        submit_label: optional_text(value, "submit_label")?,
        success_message: optional_text(value, "success_message")?,
        consent_text: optional_text(value, "consent_text")?,
        directions,
        fields,
        steps,
        email: at(value, "email")
            .map(|email| read_email_rules(&email))
            .transpose()?
            .unwrap_or_default(),
        phone_region: optional_text(value, "phone_region")?,
    })
}

fn read_field(value: &JsValue) -> Result<FieldDefinition, Unreadable> {
    let mut options = Vec::new();
    if at(value, "options").is_some() {
        for option in items(value, "options")?.iter() {
            options.push(ChoiceOption {
                id: whole(&option, "id")?.ok_or(Unreadable)?,
                label: text(&option, "label")?,
            });
        }
    }
    Ok(FieldDefinition {
        field: read_lead_field(&at(value, "field").ok_or(Unreadable)?)?,
        label: text(value, "label")?,
        required: flag(value, "required")?.unwrap_or(false),
        placeholder: optional_text(value, "placeholder")?,
        help: optional_text(value, "help")?,
        options,
        max_length: whole(value, "max_length")?
            .map(|length| usize::try_from(length).map_err(|_| Unreadable))
            .transpose()?,
        min: number(value, "min")?,
        max: number(value, "max")?,
        show_if: at(value, "show_if")
            .map(|condition| read_condition(&condition))
            .transpose()?,
    })
}

/// `"email"` for a contact question, `{"custom": {"id": 12, "type": "select"}}` for a
/// custom field.
fn read_lead_field(value: &JsValue) -> Result<LeadField, Unreadable> {
    if let Some(name) = value.as_string() {
        return LeadField::contact(&name).ok_or(Unreadable);
    }
    let custom = at(value, "custom").ok_or(Unreadable)?;
    Ok(LeadField::Custom {
        id: whole(&custom, "id")?.ok_or(Unreadable)?,
        field_type: CustomFieldType::from_name(&text(&custom, "type")?).ok_or(Unreadable)?,
    })
}

fn read_email_rules(value: &JsValue) -> Result<EmailRules, Unreadable> {
    Ok(EmailRules {
        free_providers: match optional_text(value, "free_providers")?.as_deref() {
            None | Some("allow") => FreeProviders::Allow,
            Some("refuse") => FreeProviders::Refuse,
            Some(_) => return Err(Unreadable),
        },
        blocked_domains: if at(value, "blocked_domains").is_some() {
            strings(value, "blocked_domains")?
        } else {
            Vec::new()
        },
        suggest: flag(value, "suggest")?.unwrap_or(true),
    })
}

fn read_condition(value: &JsValue) -> Result<Condition, Unreadable> {
    if at(value, "all").is_some() {
        return Ok(Condition::All(conditions(value, "all")?));
    }
    if at(value, "any").is_some() {
        return Ok(Condition::Any(conditions(value, "any")?));
    }
    if let Some(not) = at(value, "not") {
        return Ok(Condition::Not(Box::new(read_condition(&not)?)));
    }
    if let Some(direction) = optional_text(value, "direction")? {
        return FormDirection::from_name(&direction)
            .map(Condition::Direction)
            .ok_or(Unreadable);
    }
    let question = text(value, "question")?;
    if at(value, "any_of").is_some() {
        let mut options = Vec::new();
        for id in items(value, "any_of")?.iter() {
            options.push(whole_number(&id)?);
        }
        return Ok(Condition::AnyOf { question, options });
    }
    if let Some(value) = flag(value, "equals")? {
        return Ok(Condition::Equals { question, value });
    }
    let answered = flag(value, "answered")?.ok_or(Unreadable)?;
    Ok(Condition::Answered { question, answered })
}

fn conditions(value: &JsValue, key: &str) -> Result<Vec<Condition>, Unreadable> {
    let mut read = Vec::new();
    for item in items(value, key)?.iter() {
        read.push(read_condition(&item)?);
    }
    Ok(read)
}

/// The array at `key`, which must be there.
fn items(value: &JsValue, key: &str) -> Result<js_sys::Array, Unreadable> {
    array_at(value, key).ok_or(Unreadable)
}

fn strings(value: &JsValue, key: &str) -> Result<Vec<String>, Unreadable> {
    let mut read = Vec::new();
    for item in items(value, key)?.iter() {
        read.push(item.as_string().ok_or(Unreadable)?);
    }
    Ok(read)
}

/// The string at `key`, which must be there.
fn text(value: &JsValue, key: &str) -> Result<String, Unreadable> {
    optional_text(value, key)?.ok_or(Unreadable)
}

/// The string at `key`, if there is a value there; another type is refused, as serde would.
fn optional_text(value: &JsValue, key: &str) -> Result<Option<String>, Unreadable> {
    at(value, key)
        .map(|found| found.as_string().ok_or(Unreadable))
        .transpose()
}

fn flag(value: &JsValue, key: &str) -> Result<Option<bool>, Unreadable> {
    at(value, key)
        .map(|found| found.as_bool().ok_or(Unreadable))
        .transpose()
}

fn number(value: &JsValue, key: &str) -> Result<Option<f64>, Unreadable> {
    at(value, key)
        .map(|found| found.as_f64().ok_or(Unreadable))
        .transpose()
}

fn whole(value: &JsValue, key: &str) -> Result<Option<u64>, Unreadable> {
    at(value, key).map(|found| whole_number(&found)).transpose()
}

/// Integers up to 2^53 are exact in a JavaScript number; JSON's larger ones are not, and
/// serde_json would not read a fraction or a negative number as a `u64` either.
fn whole_number(value: &JsValue) -> Result<u64, Unreadable> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    let number = value.as_f64().ok_or(Unreadable)?;
    if (0.0..=MAX_SAFE_INTEGER).contains(&number) && number.trunc() == number {
        Ok(number as u64)
    } else {
        Err(Unreadable)
    }
}
