//! The frame every question shares: its label (a legend for a group of choices), the
//! control, help text and error, wired for screen readers. Controls only render inputs.

use leptos::either::Either;
use leptos::prelude::*;

use super::field_ids::FieldIds;
use super::live;

/// The label, help and error around one control.
#[component]
pub fn FieldShell<Control: IntoView + 'static>(
    /// The ids the control was given.
    ids: FieldIds,
    /// The question's label.
    label: String,
    /// Whether an answer is required (adds a marker to the label).
    required: bool,
    /// Help text under the control.
    help: Option<String>,
    /// The error, in words, while the answer is refused. A closure like `shown`: a
    /// `Signal` of its own type would compile in its reader for this one use.
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
    /// How the frame is drawn.
    layout: ShellLayout,
    /// Whether the question is asked now; a hidden one keeps its control and answer.
    shown: impl Fn() -> bool + Copy + Send + Sync + 'static,
    /// The control.
    children: TypedChildren<Control>,
) -> impl IntoView {
    let label = view! {
        {label}
        {required.then(|| view! { <span class="lf-required" aria-hidden="true">" *"</span> })}
    };
    let help = ids
        .help
        .clone()
        .zip(help)
        .map(|(id, help)| view! { <p class="lf-help" id=id>{help}</p> });
    let invalid = move || error().is_some();
    let error = view! {
        <p class="lf-error" id=ids.error.clone() hidden=live(move || !invalid())>
            {live(error)}
        </p>
    };
    let control = children.into_inner()();
    match layout {
        // A fieldset is labelled by its legend; focus goes to its first choice.
        ShellLayout::Group => Either::Left(view! {
            <fieldset class="lf-field lf-group" id=ids.control.clone() class:lf-invalid=live(invalid) aria-describedby=ids.described_by() hidden=live(move || !shown())>
                <legend class="lf-label">{label}</legend>
                {control}
                {help}
                {error}
            </fieldset>
        }),
        ShellLayout::Stacked | ShellLayout::Checkbox => Either::Right(view! {
            <div class="lf-field" class:lf-field-checkbox=layout == ShellLayout::Checkbox class:lf-invalid=live(invalid) hidden=live(move || !shown())>
                <label class="lf-label" for=ids.control.clone()>{label}</label>
                {control}
                {help}
                {error}
            </div>
        }),
    }
}

/// How a question's frame is laid out around its control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellLayout {
    /// Label above one control.
    Stacked,
    /// Checkbox beside its label.
    Checkbox,
    /// Several choices under a legend.
    Group,
}
