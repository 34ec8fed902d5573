//! Any number of options.

use leptos::prelude::*;

use crate::components::field_ids::FieldIds;
use crate::components::field_state::Question;
use crate::components::{aria_invalid, handler, live, target_checked};

/// A checkbox per option, inside the field shell's fieldset.
#[component]
pub fn MultiSelectControl(
    /// Ids from the field shell (the fieldset has the control id).
    ids: FieldIds,
    /// The question answered here.
    question: Question,
) -> impl IntoView {
    let options = question.with_definition(|definition| definition.options.clone());
    view! {
        <div class="lf-options">
            {options
                .into_iter()
                .map(|option| {
                    let value = option.id.to_string();
                    let id = ids.option(&value);
                    let (label_for, checked, chosen) = (id.clone(), value.clone(), value.clone());
                    view! {
                        <label class="lf-choice" for=label_for>
                            <input
                                type="checkbox"
                                id=id
                                value=value
                                aria-invalid=aria_invalid(question.error)
                                prop:checked=live(move || question.chosen.with(|ids| ids.contains(&checked)))
                                on:change=handler(move |ev| question.choose(chosen.clone(), target_checked(&ev)))
                            />
                            <span>{option.label}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}
