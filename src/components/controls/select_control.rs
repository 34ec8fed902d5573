//! One option out of several.

use leptos::prelude::*;

use crate::components::field_ids::FieldIds;
use crate::components::field_state::Question;
use crate::components::{aria_invalid, handler, live, target_value};
use crate::texts::use_texts;

/// A `<select>` with an empty first choice.
#[component]
pub fn SelectControl(
    /// Ids from the field shell.
    ids: FieldIds,
    /// The question answered here.
    question: Question,
) -> impl IntoView {
    let (options, required) =
        question.with_definition(|definition| (definition.options.clone(), definition.required));
    view! {
        <select
            id=ids.control.clone()
            name=ids.control.clone()
            required=required
            aria-invalid=aria_invalid(question.error)
            aria-describedby=ids.described_by()
            prop:value=live(move || question.value.get())
            on:change=handler(move |ev| {
                question.set_text(target_value(&ev));
                question.check();
            })
        >
            <option value="">{use_texts().get_value().get("choose")}</option>
            {options
                .into_iter()
                .map(|option| view! { <option value=option.id.to_string()>{option.label}</option> })
                .collect_view()}
        </select>
    }
}
