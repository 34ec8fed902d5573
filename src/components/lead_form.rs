//! The form: wiring between [`FormState`] and the view. What the visitor typed stays in
//! place whatever goes wrong; it is only replaced by the thank-you message once the proxy
//! has stored the lead.

use leadform_core::FormDefinition;
use leptos::html::{Form, H3};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::direction_choice::DirectionChoice;
use super::field_ids::{CONSENT, CONSENT_ERROR, HONEYPOT, STEP};
use super::question_field::QuestionField;
use super::{aria_invalid, handler, live, target_checked};
use crate::form_state::{Focus, FormState, Phase};
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
        .unwrap_or_else(|| texts.get_value().get("submit"));
    let success = definition
        .success_message
        .clone()
        .unwrap_or_else(|| texts.get_value().get("success"));
    let steps: Vec<String> = definition
        .steps
        .iter()
        .map(|step| step.title.clone())
        .collect();
    let state = FormState::new(definition, &initial);
    let form_ref = NodeRef::<Form>::new();
    let heading_ref = NodeRef::<H3>::new();
    // At once where the target is on screen; otherwise (a question on a step that is only
    // now being shown) once the view shows it. Never both: a second focus a frame later would
    // take the focus back from a visitor who has already moved on.
    let focus_now = move |target: &Focus| match target {
        Focus::Field(field) => form_ref
            .get_untracked()
            .is_some_and(|form| focus_question(&form, field)),
        Focus::StepHeading => heading_ref.get_untracked().is_some_and(|heading| {
            let _ = heading.focus();
            has_focus(&heading)
        }),
    };
    // The loader saves the draft on `change`: a step change is one too, so a reload comes
    // back to it.
    let step_input = NodeRef::<leptos::html::Input>::new();
    let step_changed = move || {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let (Some(input), Ok(event)) = (
            step_input.get_untracked(),
            web_sys::Event::new_with_event_init_dict("change", &init),
        ) {
            let _ = input.dispatch_event(&event);
        }
    };
    let focus = move |target: Option<Focus>| {
        let Some(target) = target else { return };
        if target == Focus::StepHeading {
            request_animation_frame(step_changed);
        }
        if !focus_now(&target) {
            request_animation_frame(move || {
                focus_now(&target);
            });
        }
    };

    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let sender = form_ref
            .get_untracked()
            .map(|form| Sender::of_form(&form))
            .unwrap_or_default();
        focus(state.submit(sender, focus));
    };
    let in_steps = !steps.is_empty();
    let step_count = steps.len();
    let first_step = move || !in_steps || state.step.get() == 0;
    let last_step = move || state.is_last_step();
    let progress = move || {
        let step = (state.step.get() + 1).to_string();
        texts.get_value().with_all(
            "step.progress",
            &[("step", &step), ("steps", &step_count.to_string())],
        )
    };
    let step_title = {
        let steps = steps.clone();
        move || steps.get(state.step.get()).cloned().unwrap_or_default()
    };
    let next_label = texts.get_value().get("next");
    let back_label = texts.get_value().get("back");
    let sending = move || state.phase() == Phase::Sending;
    let received = move || matches!(state.phase(), Phase::Sent | Phase::Queued);
    let consent_invalid = move || state.consent_error.with(Option::is_some);

    view! {
        <div class="lf-card">
            <h2 class="lf-title">{title}</h2>
            {description.map(|description| view! { <p class="lf-description">{description}</p> })}
            <form class="lf-form" novalidate node_ref=form_ref hidden=live(received) on:submit=handler(on_submit)>
                {in_steps.then(|| view! {
                    <div class="lf-step">
                        <p class="lf-progress" role="status">{live(progress)}</p>
                        <h3 class="lf-step-title" tabindex="-1" node_ref=heading_ref>{live(step_title)}</h3>
                        <input type="hidden" id=STEP node_ref=step_input prop:value=live(move || state.step.get().to_string())/>
                    </div>
                })}
                {(directions.len() > 1).then(|| view! {
                    <div class="lf-part" hidden=live(move || !first_step())>
                        <DirectionChoice directions direction=state.direction error=state.direction_error/>
                    </div>
                })}
                // The questions never change once mounted: a plain list, no keyed diffing.
                // Hidden ones keep what was typed, in case they are shown again.
                {state.questions.get_value().iter().copied().enumerate().map(|(index, question)| {
                    let shown = move || state.shows(index);
                    view! { <QuestionField question shown/> }
                }).collect_view()}
                {consent_text.map(|text| view! {
                    <div class="lf-field lf-field-checkbox" class:lf-invalid=live(consent_invalid) hidden=live(move || !last_step())>
                        <label class="lf-label" for=CONSENT>{text}</label>
                        <input
                            type="checkbox"
                            id=CONSENT
                            name=CONSENT
                            aria-describedby=CONSENT_ERROR
                            aria-invalid=aria_invalid(state.consent_error)
                            prop:checked=live(move || state.consent.get())
                            on:change=handler(move |ev| {
                                state.consent.set(target_checked(&ev));
                                state.consent_error.set(None);
                            })
                        />
                        <p class="lf-error" id=CONSENT_ERROR hidden=live(move || !consent_invalid())>
                            {live(move || state.consent_error.get().map(|code| texts.get_value().field_error(code, None)))}
                        </p>
                    </div>
                })}
                // The honeypot: off-screen, hidden from screen readers, out of the tab order
                // and without an id (so never in a draft). Bots fill it; the loader sends it;
                // the proxy thanks whoever filled it and sends nothing.
                <input class="lf-hp" name=HONEYPOT tabindex="-1" autocomplete="off" aria-hidden="true"/>
                <p class="lf-banner" role="alert">
                    {live(move || {
                        state.phase();
                        state.refusal().map(|error| texts.get_value().submit_error(&error))
                    })}
                </p>
                <div class="lf-actions">
                    {in_steps.then(|| view! {
                        <button type="button" class="lf-back" hidden=live(move || !state.has_earlier_step()) on:click=handler(move |_| focus(Some(state.back())))>
                            {back_label.clone()}
                        </button>
                    })}
                    // Next is the submit button of an earlier step, so Enter in a one-line
                    // input moves on as it sends on the last.
                    <button type="submit" class="lf-submit" disabled=live(sending) aria-busy=live(move || if sending() { "true" } else { "false" })>
                        {live(move || if sending() {
                            texts.get_value().get("sending")
                        } else if last_step() {
                            submit_label.clone()
                        } else {
                            next_label.clone()
                        })}
                    </button>
                </div>
            </form>
            <div class="lf-success" role="status" hidden=live(move || !received())>
                <p>{success}</p>
                <p class="lf-queued" hidden=live(move || state.phase() != Phase::Queued)>{texts.get_value().get("queued")}</p>
            </div>
        </div>
    }
}

/// Moves focus to a question: its control, or the first choice of a group. Whether it took
/// the focus (a hidden control cannot).
fn focus_question(form: &web_sys::HtmlFormElement, field: &str) -> bool {
    let selector = format!("#lf-{field}");
    let Some(found) = form.query_selector(&selector).ok().flatten() else {
        return false;
    };
    let target = if found.tag_name() == "FIELDSET" {
        found.query_selector("input").ok().flatten()
    } else {
        Some(found)
    };
    target
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|element| {
            let _ = element.focus();
            has_focus(&element)
        })
}

/// Whether `element` is the focused element of its shadow root (or document). Not `:focus`,
/// which some engines do not match while the window itself is in the background.
fn has_focus(element: &web_sys::Element) -> bool {
    let root = element.get_root_node();
    let active = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => root
            .dyn_ref::<web_sys::Document>()
            .and_then(web_sys::Document::active_element),
    };
    active.is_some_and(|active| &active == element)
}
