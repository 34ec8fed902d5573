//! The form: wiring between [`FormState`] and the view. What the visitor typed stays in
//! place whatever goes wrong; it is only replaced by the thank-you message once the proxy
//! has stored the lead.

use leadform_core::FormDefinition;
use leptos::html::Form;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::direction_choice::DirectionChoice;
use super::field_ids::{CONSENT, CONSENT_ERROR, HONEYPOT};
use super::question_field::QuestionField;
use crate::form_state::{FormState, Phase};
use crate::initial_answers::InitialAnswers;
use crate::submit::Sender;
use crate::texts::use_texts;

/// A lead form.
#[component]
pub fn LeadForm(
    /// The form as the proxy defines it.
    definition: FormDefinition,
    /// What the visitor already entered, by element id.
    initial: InitialAnswers,
) -> impl IntoView {
    let texts = use_texts();
    let title = definition.title.clone();
    let description = definition.description.clone();
    let consent_text = definition.consent_text.clone();
    let directions = definition.directions.clone();
    let submit_label = definition
        .submit_label
        .clone()
        .unwrap_or_else(|| texts.with_value(|texts| texts.get("submit")));
    let success = definition
        .success_message
        .clone()
        .unwrap_or_else(|| texts.with_value(|texts| texts.get("success")));
    let state = FormState::new(definition, &initial);
    let form_ref = NodeRef::<Form>::new();
    let focus = move |field: Option<String>| {
        if let (Some(field), Some(form)) = (field, form_ref.get_untracked()) {
            focus_question(&form, &field);
        }
    };

    // The proxy's per-question refusals go beside their questions, like the widget's own.
    Effect::new(move |_| {
        if matches!(state.phase.get(), Phase::Refused | Phase::Offline) {
            let refusal = state.refusal();
            focus(state.show_errors(refusal.as_ref().map_or(&[], |error| error.fields())));
        }
    });

    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let sender = form_ref
            .get_untracked()
            .map(|form| Sender::of_form(&form))
            .unwrap_or_default();
        focus(state.submit(sender));
    };
    let sending = move || state.phase.get() == Phase::Sending;
    let received = move || matches!(state.phase.get(), Phase::Sent | Phase::Queued);
    let consent_invalid = move || state.consent_error.with(Option::is_some);

    view! {
        <div class="lf-card">
            <h2 class="lf-title">{title}</h2>
            {description.map(|description| view! { <p class="lf-description">{description}</p> })}
            <form class="lf-form" novalidate node_ref=form_ref hidden=received on:submit=on_submit>
                {(directions.len() > 1).then(|| view! {
                    <DirectionChoice directions direction=state.direction error=state.direction_error/>
                })}
                // The questions never change once mounted: a plain list, no keyed diffing.
                {state.questions.get_value().into_iter().map(|question| view! { <QuestionField question/> }).collect_view()}
                {consent_text.map(|text| view! {
                    <div class="lf-field lf-field-checkbox" class:lf-invalid=consent_invalid>
                        <label class="lf-label" for=CONSENT>{text}</label>
                        <input
                            type="checkbox"
                            id=CONSENT
                            name=CONSENT
                            aria-describedby=CONSENT_ERROR
                            aria-invalid=move || if consent_invalid() { "true" } else { "false" }
                            prop:checked=move || state.consent.get()
                            on:change:target=move |ev| {
                                state.consent.set(ev.target().checked());
                                state.consent_error.set(None);
                            }
                        />
                        <p class="lf-error" id=CONSENT_ERROR hidden=move || !consent_invalid()>
                            {move || state.consent_error.get().map(|code| texts.with_value(|texts| texts.field_error(code, None)))}
                        </p>
                    </div>
                })}
                // The honeypot: off-screen, hidden from screen readers, out of the tab order
                // and without an id (so never in a draft). Bots fill it; the loader sends it;
                // the proxy thanks whoever filled it and sends nothing.
                <input class="lf-hp" name=HONEYPOT tabindex="-1" autocomplete="off" aria-hidden="true"/>
                <p class="lf-banner" role="alert">
                    {move || {
                        state.phase.track();
                        state.refusal().map(|error| texts.with_value(|texts| texts.submit_error(&error)))
                    }}
                </p>
                <button type="submit" class="lf-submit" disabled=sending aria-busy=move || sending().to_string()>
                    {move || if sending() { texts.with_value(|texts| texts.get("sending")) } else { submit_label.clone() }}
                </button>
            </form>
            <div class="lf-success" role="status" hidden=move || !received()>
                <p>{success}</p>
                <p class="lf-queued" hidden=move || state.phase.get() != Phase::Queued>{texts.with_value(|texts| texts.get("queued"))}</p>
            </div>
        </div>
    }
}

/// Moves focus to a question: its control, or the first choice of a group.
fn focus_question(form: &web_sys::HtmlFormElement, field: &str) {
    let selector = format!("#lf-{field}");
    let Some(found) = form.query_selector(&selector).ok().flatten() else {
        return;
    };
    let target = if found.tag_name() == "FIELDSET" {
        found.query_selector("input").ok().flatten()
    } else {
        Some(found)
    };
    if let Some(element) =
        target.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
