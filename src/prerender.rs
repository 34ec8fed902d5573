//! The form as HTML, rendered by the proxy with the same components the browser mounts, so a
//! visitor can read and type before the wasm has arrived. The loader inserts it into the
//! shadow root; `mount` later takes it over, carrying what was typed by element id.

use leadform_core::FormDefinition;
use leptos::prelude::*;

use crate::components::widget::Widget;
use crate::initial_answers::InitialAnswers;
use crate::texts::Texts;

/// The blank form as HTML in the language of `texts`, for the inside of the loader's
/// `.lf-root` container.
pub fn prerender(definition: &FormDefinition, texts: &Texts) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        view! {
            <Widget
                definition=definition.clone()
                initial=InitialAnswers::default()
                texts=texts.clone()
            />
        }
        .to_html()
    });
    // Hydration markers: nothing hydrates this HTML, it is replaced. Text is escaped, so no
    // visitor-facing text can contain `<!>`.
    // `dialog`: a Send pressed in the first paint before any script holds it (an SSR app's
    // page has no loader) goes nowhere, rather than putting the answers into the page's URL.
    // Added here, not in the component, so the live form's wasm carries none of it.
    html.replace("<!>", "")
        .replacen("<form ", r#"<form method="dialog" "#, 1)
}
