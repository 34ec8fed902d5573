//! The widget root: the form, or the reason it cannot be shown. Its styles are not here: the
//! embed loader adopts them into the shadow root, where a strict CSP allows them.

use leadform_core::FormDefinition;
use leptos::either::Either;
use leptos::prelude::*;

use super::lead_form::LeadForm;
use crate::definition::DefinitionError;
use crate::initial_answers::InitialAnswers;
use crate::texts;

/// Everything mounted into one shadow root.
#[component]
pub fn Widget(
    /// The proxy's base URL, e.g. `https://forms.example.com`.
    api_base: String,
    /// The form's public id.
    form_id: String,
    /// The form, or the message to show instead of it.
    definition: Result<FormDefinition, DefinitionError>,
    /// What the visitor already typed into the server-rendered form.
    initial: InitialAnswers,
) -> impl IntoView {
    view! {
        {match definition {
            Ok(definition) => Either::Left(view! { <LeadForm api_base form_id definition initial/> }),
            Err(error) => Either::Right(view! { <p class="lf-card lf-notice" role="alert">{texts::definition_error(&error)}</p> }),
        }}
    }
}
