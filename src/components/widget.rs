//! The widget root. Its styles are not here: the embed loader adopts them into the shadow
//! root, where a strict CSP allows them. Why a form could not be loaded is the loader's to
//! say, as it has no form to mount then.

use leadform_core::FormDefinition;
use leptos::prelude::*;

use super::lead_form::LeadForm;
use crate::initial_answers::InitialAnswers;
use crate::texts::{Texts, provide_texts};

/// Everything mounted into one shadow root.
#[component]
pub fn Widget(
    /// The form as the proxy defines it, already in the visitor's language.
    definition: FormDefinition,
    /// What the visitor already entered, by element id.
    initial: InitialAnswers,
    /// The words for the visitor's language.
    texts: Texts,
) -> impl IntoView {
    provide_texts(texts);
    view! { <LeadForm definition initial/> }
}
