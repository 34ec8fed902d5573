//! The parts of a form's definition that qualify a lead (`show_if`, `steps`, `email`,
//! `phone_region`), read from the browser's JSON by hand. serde's readers for them (a
//! recursive condition, steps, rules) cost the wasm about 3 KB brotli; these lines a tenth
//! of that. leadform-core leaves them out of serde in the wasm only, so the proxy reads the
//! forms file with serde as ever; a widget test reads every shape both ways.

use leadform_core::{Condition, EmailRules, FormDefinition, FormDirection, FreeProviders, Step};
use wasm_bindgen::JsValue;

use crate::js_value::{array_at, at, string_at};

/// The definition does not have the shape the proxy sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// Fills `definition`'s qualifying parts from `value`, the JSON it was read from.
pub fn read_qualifying(value: &JsValue, definition: &mut FormDefinition) -> Result<(), Unreadable> {
    if let Some(fields) = array_at(value, "fields") {
        for (question, field) in definition.fields.iter_mut().zip(fields.iter()) {
            question.show_if = at(&field, "show_if")
                .map(|condition| read_condition(&condition))
                .transpose()?;
        }
    }
    if let Some(steps) = array_at(value, "steps") {
        for step in steps.iter() {
            definition.steps.push(Step {
                title: string_at(&step, "title").ok_or(Unreadable)?,
                questions: strings(&step, "questions")?,
            });
        }
    }
    if let Some(email) = at(value, "email") {
        definition.email = EmailRules {
            free_providers: match string_at(&email, "free_providers").as_deref() {
                None | Some("allow") => FreeProviders::Allow,
                Some("refuse") => FreeProviders::Refuse,
                Some(_) => return Err(Unreadable),
            },
            blocked_domains: if at(&email, "blocked_domains").is_some() {
                strings(&email, "blocked_domains")?
            } else {
                Vec::new()
            },
            suggest: at(&email, "suggest").is_none_or(|suggest| suggest.as_bool() != Some(false)),
        };
    }
    definition.phone_region = string_at(value, "phone_region");
    Ok(())
}

fn strings(value: &JsValue, key: &str) -> Result<Vec<String>, Unreadable> {
    let mut read = Vec::new();
    for item in array_at(value, key).ok_or(Unreadable)?.iter() {
        read.push(item.as_string().ok_or(Unreadable)?);
    }
    Ok(read)
}

fn conditions(items: js_sys::Array) -> Result<Vec<Condition>, Unreadable> {
    let mut read = Vec::new();
    for item in items.iter() {
        read.push(read_condition(&item)?);
    }
    Ok(read)
}

fn read_condition(value: &JsValue) -> Result<Condition, Unreadable> {
    if let Some(all) = array_at(value, "all") {
        return Ok(Condition::All(conditions(all)?));
    }
    if let Some(any) = array_at(value, "any") {
        return Ok(Condition::Any(conditions(any)?));
    }
    if let Some(not) = at(value, "not") {
        return Ok(Condition::Not(Box::new(read_condition(&not)?)));
    }
    if let Some(direction) = string_at(value, "direction") {
        return FormDirection::from_name(&direction)
            .map(Condition::Direction)
            .ok_or(Unreadable);
    }
    let question = string_at(value, "question").ok_or(Unreadable)?;
    if let Some(ids) = array_at(value, "any_of") {
        let mut options = Vec::new();
        for id in ids.iter() {
            options.push(id.as_f64().ok_or(Unreadable)? as u64);
        }
        return Ok(Condition::AnyOf { question, options });
    }
    if let Some(value) = at(value, "equals").and_then(|flag| flag.as_bool()) {
        return Ok(Condition::Equals { question, value });
    }
    let answered = at(value, "answered")
        .and_then(|flag| flag.as_bool())
        .ok_or(Unreadable)?;
    Ok(Condition::Answered { question, answered })
}
