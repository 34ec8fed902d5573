//! Send or claim: shown when a form allows both.

use leadform_core::FormDirection;
use leptos::prelude::*;

fn texts(direction: FormDirection) -> (&'static str, &'static str) {
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

/// A radio group for the lead's direction.
#[component]
pub fn DirectionChoice(
    /// The directions the form allows, in its order.
    directions: Vec<FormDirection>,
    /// The chosen direction.
    direction: ReadSignal<Option<FormDirection>>,
    /// Records the visitor's choice.
    set_direction: WriteSignal<Option<FormDirection>>,
    /// Why the choice is refused, if it is.
    error: ReadSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="lf-directions" aria-describedby="lf-direction-error">
            <legend class="lf-label">"What would you like to do?"</legend>
            <For each=move || directions.clone() key=|direction| *direction let:choice>
                <label class="lf-choice">
                    <input
                        type="radio"
                        name="lf-direction"
                        id=format!("lf-direction-{}", choice.as_str())
                        value=choice.as_str()
                        prop:checked=move || direction.get() == Some(choice)
                        on:change=move |_| set_direction.set(Some(choice))
                    />
                    <span>
                        <strong>{texts(choice).0}</strong>
                        <small>{texts(choice).1}</small>
                    </span>
                </label>
            </For>
            <p class="lf-error" id="lf-direction-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </fieldset>
    }
}
