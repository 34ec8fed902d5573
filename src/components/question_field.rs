//! One question: the field shell around the control its kind asks for.

use leadform_core::InputKind;
use leptos::either::EitherOf5;
use leptos::prelude::*;

use super::controls::checkbox_control::CheckboxControl;
use super::controls::multi_select_control::MultiSelectControl;
use super::controls::select_control::SelectControl;
use super::controls::text_control::TextControl;
use super::controls::textarea_control::TextareaControl;
use super::field_ids::FieldIds;
use super::field_shell::{FieldShell, ShellLayout};
use super::field_state::Question;
use crate::texts::use_texts;

/// A question of the form, labelled, described and validated.
#[component]
pub fn QuestionField(
    /// The question and its state.
    question: Question,
    /// Whether it is asked now (visible for the answers, and on the step shown).
    shown: impl Fn() -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (label, help, required) = question.with_definition(|definition| {
        (
            definition.label.clone(),
            definition.help.clone(),
            definition.required,
        )
    });
    let ids = FieldIds::new(&question.id(), help.is_some());
    let kind = question.kind;
    let texts = use_texts();
    let error = move || {
        question
            .error
            .get()
            .map(|code| texts.get_value().field_error(code, Some(kind)))
    };
    let layout = match kind {
        InputKind::MultiSelect => ShellLayout::Group,
        InputKind::Checkbox => ShellLayout::Checkbox,
        _ => ShellLayout::Stacked,
    };
    let control_ids = ids.clone();
    view! {
        <FieldShell ids label required help error layout shown>
            {match kind {
                InputKind::Textarea => EitherOf5::A(view! { <TextareaControl ids=control_ids.clone() question/> }),
                InputKind::Select => EitherOf5::B(view! { <SelectControl ids=control_ids.clone() question/> }),
                InputKind::Checkbox => EitherOf5::C(view! { <CheckboxControl ids=control_ids.clone() question/> }),
                InputKind::MultiSelect => EitherOf5::D(view! { <MultiSelectControl ids=control_ids.clone() question/> }),
                InputKind::Text | InputKind::Email | InputKind::Phone | InputKind::Number | InputKind::Date => {
                    EitherOf5::E(view! { <TextControl ids=control_ids.clone() question/> })
                }
            }}
        </FieldShell>
    }
}
