//! Yes or no.

use leptos::prelude::*;

use crate::components::field_ids::FieldIds;
use crate::components::field_state::Question;
use crate::components::{aria_invalid, handler, live, target_checked};

/// A single checkbox; its value is `"true"` or `"false"`.
#[component]
pub fn CheckboxControl(
    /// Ids from the field shell.
    ids: FieldIds,
    /// The question answered here.
    question: Question,
) -> impl IntoView {
    let required = question.with_definition(|definition| definition.required);
    view! {
        <input
            type="checkbox"
            id=ids.control.clone()
            name=ids.control.clone()
            required=required
            aria-invalid=aria_invalid(question.error)
            aria-describedby=ids.described_by()
            prop:checked=live(move || question.value.with(|value| value == "true"))
            on:change=handler(move |ev| question.set_text(target_checked(&ev).to_string()))
        />
    }
}
