//! One-line answers: text, email, phone, number and date.

use leadform_core::InputKind;
use leptos::prelude::*;

use super::aria_invalid;
use crate::components::field_ids::FieldIds;
use crate::components::field_state::Question;

/// An `<input>` typed for the question's kind.
#[component]
pub fn TextControl(
    /// Ids from the field shell.
    ids: FieldIds,
    /// The question answered here.
    question: Question,
) -> impl IntoView {
    // Numbers use a text input: type=number turns a half-typed value into "", losing it.
    let (input_type, input_mode) = match question.kind {
        InputKind::Email => ("email", "email"),
        InputKind::Phone => ("tel", "tel"),
        InputKind::Number => ("text", "decimal"),
        InputKind::Date => ("date", "none"),
        _ => ("text", "text"),
    };
    let (autocomplete, placeholder, required) = question.definition.with_value(|definition| {
        (
            definition.field.autocomplete().unwrap_or("off"),
            definition.placeholder.clone().unwrap_or_default(),
            definition.required,
        )
    });
    view! {
        <input
            type=input_type
            inputmode=input_mode
            id=ids.control.clone()
            name=ids.control.clone()
            autocomplete=autocomplete
            placeholder=placeholder
            required=required
            aria-invalid=aria_invalid(question)
            aria-describedby=ids.described_by()
            prop:value=move || question.value.get()
            on:input:target=move |ev| question.set_text(ev.target().value())
            on:blur=move |_| question.check()
        />
    }
}
