//! The reactive state of one question: what the visitor typed, and its error.

use leadform_core::{InputKind, SubmittedValue};
use leptos::prelude::*;

/// One question's signals. Values stay strings until leadform-core parses them.
#[derive(Clone, Copy)]
pub struct FieldState {
    pub value: ReadSignal<String>,
    pub set_value: WriteSignal<String>,
    /// Chosen option ids of a multi-select.
    pub chosen: ReadSignal<Vec<String>>,
    pub set_chosen: WriteSignal<Vec<String>>,
    pub error: ReadSignal<Option<String>>,
    pub set_error: WriteSignal<Option<String>>,
}

impl FieldState {
    pub fn new(kind: InputKind) -> Self {
        let initial = if kind == InputKind::Checkbox {
            "false"
        } else {
            ""
        };
        let (value, set_value) = signal(initial.to_owned());
        let (chosen, set_chosen) = signal(Vec::new());
        let (error, set_error) = signal(None);
        Self {
            value,
            set_value,
            chosen,
            set_chosen,
            error,
            set_error,
        }
    }

    /// The answer as it is sent, read without subscribing.
    pub fn submitted_value(&self, kind: InputKind) -> SubmittedValue {
        match kind {
            InputKind::MultiSelect => SubmittedValue::List(self.chosen.get_untracked()),
            _ => SubmittedValue::Text(self.value.get_untracked()),
        }
    }
}
