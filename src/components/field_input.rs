//! One question: label, control, help text and error, wired for screen readers.

use leadform_core::{FieldDefinition, InputKind, validate_field};
use leptos::prelude::*;

use super::field_state::FieldState;

/// One question of the form, as a controlled input.
#[component]
pub fn FieldInput(
    /// The question as the form defines it.
    definition: FieldDefinition,
    /// Its value and error signals.
    state: FieldState,
) -> impl IntoView {
    let input_id = format!("lf-{}", definition.id());
    let error_id = format!("{input_id}-error");
    let help_id = format!("{input_id}-help");
    let described_by = if definition.help.is_some() {
        format!("{help_id} {error_id}")
    } else {
        error_id.clone()
    };
    let kind = definition.field.input_kind();
    let required = definition.required;
    let label = definition.label.clone();
    let help = definition.help.clone();
    let placeholder = definition.placeholder.clone().unwrap_or_default();
    let autocomplete = definition.field.autocomplete().unwrap_or("off");
    let options = definition.options.clone();
    let definition = StoredValue::new(definition);

    let check = move || {
        let error = definition.with_value(|definition| {
            validate_field(definition, Some(&state.submitted_value(kind))).err()
        });
        state.set_error.set(error.map(|error| error.message));
    };
    // While an error shows, re-check on every edit so it clears as soon as the answer is fixed.
    let recheck_if_refused = move || {
        if state.error.with_untracked(Option::is_some) {
            check();
        }
    };
    let invalid = move || {
        if state.error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    };
    let set_text = move |text: String| {
        state.set_value.set(text);
        recheck_if_refused();
    };

    let control = match kind {
        InputKind::Textarea => view! {
            <textarea
                id=input_id.clone()
                name=input_id.clone()
                rows="4"
                placeholder=placeholder
                required=required
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                prop:value=move || state.value.get()
                on:input:target=move |ev| set_text(ev.target().value())
                on:blur=move |_| check()
            ></textarea>
        }
        .into_any(),
        InputKind::Select => view! {
            <select
                id=input_id.clone()
                name=input_id.clone()
                required=required
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                prop:value=move || state.value.get()
                on:change:target=move |ev| {
                    set_text(ev.target().value());
                    check();
                }
            >
                <option value="">"Choose…"</option>
                {options.iter().map(|option| view! { <option value=option.id.to_string()>{option.label.clone()}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        InputKind::Checkbox => view! {
            <input
                type="checkbox"
                id=input_id.clone()
                name=input_id.clone()
                required=required
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                prop:checked=move || state.value.get() == "true"
                on:change:target=move |ev| {
                    set_text(ev.target().checked().to_string());
                }
            />
        }
        .into_any(),
        InputKind::MultiSelect => view! {
            <div class="lf-options" role="group" aria-labelledby=format!("{input_id}-label") aria-describedby=described_by.clone()>
                {options
                    .iter()
                    .map(|option| {
                        let option_id = option.id.to_string();
                        let checked_id = option_id.clone();
                        view! {
                            <label class="lf-choice">
                                <input
                                    type="checkbox"
                                    value=option_id.clone()
                                    prop:checked=move || state.chosen.with(|chosen| chosen.contains(&checked_id))
                                    on:change:target=move |ev| {
                                        let ticked = ev.target().checked();
                                        let option_id = option_id.clone();
                                        state.set_chosen.update(|chosen| {
                                            chosen.retain(|id| *id != option_id);
                                            if ticked {
                                                chosen.push(option_id);
                                            }
                                        });
                                        recheck_if_refused();
                                    }
                                />
                                <span>{option.label.clone()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any(),
        InputKind::Text | InputKind::Email | InputKind::Phone | InputKind::Number | InputKind::Date => {
            // Numbers use a text input: type=number turns a half-typed value into "", losing it.
            let (input_type, input_mode) = match kind {
                InputKind::Email => ("email", "email"),
                InputKind::Phone => ("tel", "tel"),
                InputKind::Number => ("text", "decimal"),
                InputKind::Date => ("date", "none"),
                _ => ("text", "text"),
            };
            view! {
                <input
                    type=input_type
                    inputmode=input_mode
                    id=input_id.clone()
                    name=input_id.clone()
                    autocomplete=autocomplete
                    placeholder=placeholder
                    required=required
                    aria-invalid=invalid
                    aria-describedby=described_by.clone()
                    prop:value=move || state.value.get()
                    on:input:target=move |ev| set_text(ev.target().value())
                    on:blur=move |_| check()
                />
            }
            .into_any()
        }
    };

    let is_checkbox = kind == InputKind::Checkbox;
    view! {
        <div class="lf-field" class:lf-field-checkbox=is_checkbox class:lf-invalid=move || state.error.with(Option::is_some)>
            <label class="lf-label" id=format!("{input_id}-label") for=input_id.clone()>
                {label}
                {required.then(|| view! { <span class="lf-required" aria-hidden="true">" *"</span> })}
            </label>
            {control}
            {help.map(|help| view! { <p class="lf-help" id=help_id>{help}</p> })}
            <p class="lf-error" id=error_id hidden=move || state.error.with(Option::is_none)>
                {move || state.error.get()}
            </p>
        </div>
    }
}
