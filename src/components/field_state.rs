//! One question's state: what the visitor typed, and why core refused it.

use leadform_core::{
    ErrorCode, FieldDefinition, FormDefinition, InputKind, SubmittedValue, validate_field,
};
use leptos::prelude::*;

use super::field_ids::FieldIds;
use crate::initial_answers::InitialAnswers;

/// The form's definition, shared by its state and every question: read whole with
/// `get_value` (a count of references), one reader for every place that reads it, where
/// `with_value` would compile a reader for each.
pub type SharedForm = StoredValue<std::sync::Arc<FormDefinition>>;

/// A question of the form with its signals. Values stay strings until leadform-core parses
/// them; errors stay codes until the field shell puts them into words.
#[derive(Clone, Copy)]
pub struct Question {
    /// Its place among the form's questions.
    pub index: usize,
    /// What the visitor typed (`"true"`/`"false"` for a checkbox).
    pub value: RwSignal<String>,
    /// Chosen option ids of a multi-select, in the order they were ticked.
    pub chosen: RwSignal<Vec<String>>,
    /// Why the answer is refused, if it is.
    pub error: RwSignal<Option<ErrorCode>>,
    /// How it is asked.
    pub kind: InputKind,
    /// The whole form, whose rules (email, phone region) the answer is checked with.
    pub form: SharedForm,
}

impl Question {
    /// Question `definition`, the `index`th of `form`, starting from what `initial` holds
    /// for its control. The question is read from the form when needed, not copied: a copy
    /// per question would compile in the cloning of every part of a question.
    pub fn new(
        index: usize,
        definition: &FieldDefinition,
        form: SharedForm,
        initial: &InitialAnswers,
    ) -> Self {
        let kind = definition.field.input_kind();
        let ids = FieldIds::new(&definition.id(), false);
        let (mut value, mut chosen) = (String::new(), Vec::new());
        match kind {
            InputKind::Checkbox => value = initial.ticked(&ids.control).to_string(),
            InputKind::MultiSelect => {
                for option in &definition.options {
                    let option = option.id.to_string();
                    if initial.ticked(&ids.option(&option)) {
                        chosen.push(option);
                    }
                }
            }
            _ => value = initial.text(&ids.control).unwrap_or_default(),
        }
        Self {
            index,
            value: RwSignal::new(value),
            chosen: RwSignal::new(chosen),
            error: RwSignal::new(None),
            kind,
            form,
        }
    }

    /// Reads the question as the form defines it.
    pub fn with_definition<T>(&self, read: impl FnOnce(&FieldDefinition) -> T) -> T {
        read(&self.form.get_value().fields[self.index])
    }

    /// The field id answers are sent under.
    pub fn id(&self) -> String {
        self.with_definition(FieldDefinition::id)
    }

    /// The answer as it is sent, read without subscribing.
    pub fn submitted_value(&self) -> SubmittedValue {
        untrack(|| self.tracked_value())
    }

    /// The answer as it is sent, subscribing to its changes.
    pub fn tracked_value(&self) -> SubmittedValue {
        match self.kind {
            InputKind::MultiSelect => SubmittedValue::List(self.chosen.get()),
            _ => SubmittedValue::Text(self.value.get()),
        }
    }

    /// Runs core's rules on this answer alone and shows the outcome.
    pub fn check(&self) {
        let answer = self.submitted_value();
        let form = self.form.get_value();
        let refused = validate_field(&form, &form.fields[self.index], Some(&answer)).err();
        self.error.set(refused.map(|error| error.code));
    }

    /// Records a typed or picked value; an answer already refused is checked again at once,
    /// so its error clears as soon as it is fixed.
    pub fn set_text(&self, text: String) {
        self.value.set(text);
        self.recheck_if_refused();
    }

    /// Ticks or unticks one option of a multi-select.
    pub fn choose(&self, option_id: String, ticked: bool) {
        self.chosen.update(|chosen| {
            chosen.retain(|id| *id != option_id);
            if ticked {
                chosen.push(option_id);
            }
        });
        self.recheck_if_refused();
    }

    fn recheck_if_refused(&self) {
        if self.error.with_untracked(Option::is_some) {
            self.check();
        }
    }
}
