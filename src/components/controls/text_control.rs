//! One-line answers: text, email, phone, number and date.

use leadform_core::{InputKind, LeadField, suggested_email};
use leptos::prelude::*;

use crate::components::field_ids::FieldIds;
use crate::components::field_state::Question;
use crate::components::{aria_invalid, handler, live, target_value};
use crate::texts::use_texts;

/// An `<input>` typed for the question's kind; under the contact's email, "Did you mean
/// …@gmail.com?" when its provider looks mistyped (a suggestion, never an error).
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
    let (autocomplete, placeholder, required, contact_email) =
        question.with_definition(|definition| {
            (
                definition.field.autocomplete().unwrap_or("off"),
                definition.placeholder.clone().unwrap_or_default(),
                definition.required,
                definition.field == LeadField::Email,
            )
        });
    let suggests = contact_email && question.form.get_value().email.suggest;
    // Offered as soon as the address looks mistyped, so Tab reaches it right after the
    // input; an address still being typed towards the suggestion ("gmail.co" on the way to
    // "gmail.com") waits until the visitor leaves the input.
    let left = RwSignal::new(false);
    let suggestion = move || {
        if !suggests {
            return None;
        }
        let typed = question.value.get();
        let suggested = suggested_email(&typed)?;
        // Never an address this form would refuse (gmail.com where free mail is not taken).
        if question
            .form
            .get_value()
            .email
            .refusal(&suggested)
            .is_some()
        {
            return None;
        }
        let still_typing = suggested.starts_with(typed.trim()) && !left.get();
        (!still_typing).then_some(suggested)
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    view! {
        <input
            node_ref=input_ref
            type=input_type
            inputmode=input_mode
            id=ids.control.clone()
            name=ids.control.clone()
            autocomplete=autocomplete
            placeholder=placeholder
            required=required
            aria-invalid=aria_invalid(question.error)
            aria-describedby=ids.described_by()
            prop:value=live(move || question.value.get())
            on:input=handler(move |ev| question.set_text(target_value(&ev)))
            on:focus=handler(move |_| left.set(false))
            on:blur=handler(move |_| {
                question.check();
                left.set(true);
            })
        />
        {suggests.then(|| {
            let (before, after) = use_texts().get_value().around("email.suggestion");
            let accept = move |_| {
                if let Some(address) = untrack(suggestion) {
                    question.set_text(address);
                    if let Some(input) = input_ref.get_untracked() {
                        let _ = input.focus();
                    }
                }
            };
            view! {
                <p class="lf-suggestion" aria-live="polite" hidden=live(move || suggestion().is_none())>
                    {before}
                    <button type="button" class="lf-link" on:click=handler(accept)>{live(suggestion)}</button>
                    {after}
                </p>
            }
        })}
    }
}
