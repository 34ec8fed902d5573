//! Long answers.

use leptos::prelude::*;

use crate::components::field_ids::FieldIds;
use crate::components::field_state::Question;
use crate::components::{aria_invalid, handler, live, target_value};

/// A `<textarea>`.
#[component]
pub fn TextareaControl(
    /// Ids from the field shell.
    ids: FieldIds,
    /// The question answered here.
    question: Question,
) -> impl IntoView {
    let (placeholder, required) = question.with_definition(|definition| {
        (
            definition.placeholder.clone().unwrap_or_default(),
            definition.required,
        )
    });
    view! {
        <textarea
            id=ids.control.clone()
            name=ids.control.clone()
            rows="4"
            placeholder=placeholder
            required=required
            aria-invalid=aria_invalid(question.error)
            aria-describedby=ids.described_by()
            prop:value=live(move || question.value.get())
            on:input=handler(move |ev| question.set_text(target_value(&ev)))
            on:blur=handler(move |_| question.check())
        ></textarea>
    }
}
