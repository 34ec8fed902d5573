//! Send or claim: shown when a form allows both.

use leadform_core::{ErrorCode, FormDirection};
use leptos::prelude::*;

use super::field_ids::{DIRECTION, DIRECTION_ERROR, direction_choice};
use super::{aria_invalid, handler, live};
use crate::texts::use_texts;

/// A radio group for the lead's direction.
#[component]
pub fn DirectionChoice(
    /// The directions the form allows, in its order.
    directions: Vec<FormDirection>,
    /// The chosen direction.
    direction: RwSignal<Option<FormDirection>>,
    /// Why the choice is refused, if it is.
    error: RwSignal<Option<ErrorCode>>,
) -> impl IntoView {
    let texts = use_texts();
    view! {
        <fieldset class="lf-directions" id=DIRECTION aria-describedby=DIRECTION_ERROR>
            <legend class="lf-label">{texts.get_value().get("direction.question")}</legend>
            {directions.into_iter().map(|choice| view! {
                <label class="lf-choice" for=direction_choice(choice)>
                    <input
                        type="radio"
                        name=DIRECTION
                        id=direction_choice(choice)
                        value=choice.as_str()
                        aria-invalid=aria_invalid(error)
                        prop:checked=live(move || direction.get() == Some(choice))
                        on:change=handler(move |_| {
                            direction.set(Some(choice));
                            error.set(None);
                        })
                    />
                    {
                        let (title, help) = texts.get_value().direction(choice);
                        view! { <span><strong>{title}</strong><small>{help}</small></span> }
                    }
                </label>
            }).collect_view()}
            <p class="lf-error" id=DIRECTION_ERROR hidden=live(move || error.with(Option::is_none))>
                {live(move || error.get().map(|code| texts.get_value().field_error(code, None)))}
            </p>
        </fieldset>
    }
}
