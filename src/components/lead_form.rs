//! The form: questions, direction, consent, submission, and what happened to it.

use leadform_core::submission::errors::{CONSENT_FIELD, DIRECTION_FIELD};
use leadform_core::{
    FieldDefinition, FieldError, FormDefinition, FormDirection, ReceiptStatus, Submission, validate,
};
use leptos::html::Form;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::direction_choice::DirectionChoice;
use super::field_input::FieldInput;
use super::field_state::FieldState;
use crate::submit::{new_idempotency_key, send_submission};

/// A lead form. What the visitor typed stays in place whatever goes wrong; it is only
/// replaced by the thank-you message once the proxy has stored the lead. Sending the same
/// answers again reuses their idempotency key, so a retry never makes a second lead.
#[component]
pub fn LeadForm(
    /// The proxy's base URL.
    api_base: String,
    /// The form's public id.
    form_id: String,
    /// The form as the proxy defines it.
    definition: FormDefinition,
) -> impl IntoView {
    let fields: Vec<(FieldDefinition, FieldState)> = definition
        .fields
        .iter()
        .map(|field| (field.clone(), FieldState::new(field.field.input_kind())))
        .collect();
    let fields = StoredValue::new(fields);
    // With one allowed direction there is nothing to choose: core's validation implies it.
    let (direction, set_direction) = signal(None::<FormDirection>);
    let (direction_error, set_direction_error) = signal(None::<String>);
    let (consent, set_consent) = signal(false);
    let (consent_error, set_consent_error) = signal(None::<String>);
    let (banner, set_banner) = signal(None::<String>);
    let (received, set_received) = signal(None::<ReceiptStatus>);
    // The answers last sent and the key they went with.
    let last_sent = StoredValue::new(None::<(Submission, Option<String>)>);
    let form_ref = NodeRef::<Form>::new();

    let submit = Action::new_local(move |(submission, key): &(Submission, Option<String>)| {
        let (api_base, form_id, submission, key) = (
            api_base.clone(),
            form_id.clone(),
            submission.clone(),
            key.clone(),
        );
        async move { send_submission(&api_base, &form_id, &submission, key.as_deref()).await }
    });
    let pending = submit.pending();

    let show_errors = move |errors: &[FieldError]| {
        let message_for = |field: &str| {
            errors
                .iter()
                .find(|error| error.field == field)
                .map(|error| error.message.clone())
        };
        fields.with_value(|fields| {
            for (definition, state) in fields {
                state.set_error.set(message_for(&definition.id()));
            }
        });
        set_direction_error.set(message_for(DIRECTION_FIELD));
        set_consent_error.set(message_for(CONSENT_FIELD));
        let first = errors.first().map(|error| match error.field.as_str() {
            DIRECTION_FIELD => "input[name=lf-direction]".to_owned(),
            field => format!("#lf-{field}"),
        });
        let target = first
            .zip(form_ref.get_untracked())
            .and_then(|(selector, form)| form.query_selector(&selector).ok().flatten());
        if let Some(element) =
            target.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    };

    Effect::new(move |_| match submit.value().get() {
        Some(Ok(status)) => set_received.set(Some(status)),
        Some(Err(error)) => {
            show_errors(&error.fields);
            set_banner.set(Some(error.message));
        }
        None => {}
    });

    let title = definition.title.clone();
    let description = definition.description.clone();
    let consent_text = definition.consent_text.clone();
    let directions = definition.directions.clone();
    let submit_label = definition
        .submit_label
        .clone()
        .unwrap_or_else(|| "Send".to_owned());
    let success = definition
        .success_message
        .clone()
        .unwrap_or_else(|| "Thank you! Your lead has been received.".to_owned());
    let definition = StoredValue::new(definition);
    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        set_banner.set(None);
        let submission = Submission {
            direction: direction.get_untracked(),
            consent: consent.get_untracked(),
            values: fields.with_value(|fields| {
                fields
                    .iter()
                    .map(|(definition, state)| {
                        (
                            definition.id(),
                            state.submitted_value(definition.field.input_kind()),
                        )
                    })
                    .collect()
            }),
        };
        match definition.with_value(|definition| validate(definition, &submission)) {
            Ok(_) => {
                show_errors(&[]);
                let key = last_sent
                    .with_value(|last| {
                        last.as_ref()
                            .filter(|(sent, _)| *sent == submission)
                            .map(|(_, key)| key.clone())
                    })
                    .unwrap_or_else(new_idempotency_key);
                last_sent.set_value(Some((submission.clone(), key.clone())));
                submit.dispatch_local((submission, key));
            }
            Err(errors) => show_errors(&errors.errors),
        }
    };

    let choose_direction = directions.len() > 1;

    view! {
        <div class="lf-card">
            <h2 class="lf-title">{title}</h2>
            {description.map(|description| view! { <p class="lf-description">{description}</p> })}
            <form class="lf-form" novalidate node_ref=form_ref hidden=move || received.with(Option::is_some) on:submit=on_submit>
                {choose_direction.then(|| view! { <DirectionChoice directions direction set_direction error=direction_error/> })}
                <For each=move || fields.get_value() key=|(definition, _)| definition.id() let:((definition, state))>
                    <FieldInput definition state/>
                </For>
                {consent_text.map(|text| view! {
                    <div class="lf-field lf-field-checkbox" class:lf-invalid=move || consent_error.with(Option::is_some)>
                        <label class="lf-label" for="lf-consent">{text}</label>
                        <input
                            type="checkbox"
                            id="lf-consent"
                            aria-describedby="lf-consent-error"
                            prop:checked=move || consent.get()
                            on:change:target=move |ev| {
                                set_consent.set(ev.target().checked());
                                set_consent_error.set(None);
                            }
                        />
                        <p class="lf-error" id="lf-consent-error" hidden=move || consent_error.with(Option::is_none)>
                            {move || consent_error.get()}
                        </p>
                    </div>
                })}
                <p class="lf-banner" role="alert">{move || banner.get()}</p>
                <button type="submit" class="lf-submit" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { "Sending…".to_owned() } else { submit_label.clone() }}
                </button>
            </form>
            <div class="lf-success" role="status" hidden=move || received.with(Option::is_none)>
                <p>{success}</p>
                <p class="lf-queued" hidden=move || received.get() != Some(ReceiptStatus::Queued)>
                    "We have your details safely; they will reach the team shortly."
                </p>
            </div>
        </div>
    }
}
