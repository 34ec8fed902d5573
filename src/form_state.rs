//! The whole form's state: its questions, direction and consent, and where the submission
//! stands. The phase is derived from the submit action, never kept in flags of its own.

use leadform_core::submission::errors::{CONSENT_FIELD, DIRECTION_FIELD};
use leadform_core::{
    ErrorCode, FieldError, FieldId, FormDefinition, FormDirection, ReceiptStatus, Submission,
    validate, visible_questions,
};
use leptos::prelude::*;

use crate::components::field_ids::{CONSENT, STEP, direction_choice};
use crate::components::field_state::{Question, SharedForm};
use crate::initial_answers::InitialAnswers;
use crate::submit::{Sender, SubmitError};

/// Where the form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The visitor is answering.
    Editing,
    /// The answers are on their way to the proxy.
    Sending,
    /// The proxy stored the lead and will deliver it shortly.
    Queued,
    /// The lead reached JourneyBee.
    Sent,
    /// The proxy refused or could not be reached; the answers are still in the form.
    Refused,
    /// No network: the submission waits on the device, and the answers stay in the form.
    Offline,
}

type SendOutput = Result<ReceiptStatus, SubmitError>;

/// Where focus goes after the visitor pressed Send, Next or Back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// The control of this refused answer (or `direction`, `consent`).
    Field(FieldId),
    /// The heading of the step now shown.
    StepHeading,
}

/// Signals of one mounted form, all `Copy`.
#[derive(Clone, Copy)]
pub struct FormState {
    /// The questions, in form order.
    pub questions: StoredValue<std::sync::Arc<Vec<Question>>>,
    /// For each question, whether core shows it for the answers as they stand.
    pub visible: Memo<Vec<bool>>,
    /// The step shown (0 in a form without steps).
    pub step: RwSignal<usize>,
    /// The chosen direction; with one allowed, core implies it.
    pub direction: RwSignal<Option<FormDirection>>,
    /// Why the direction is refused.
    pub direction_error: RwSignal<Option<ErrorCode>>,
    /// Whether the consent box is ticked.
    pub consent: RwSignal<bool>,
    /// Why the consent is refused.
    pub consent_error: RwSignal<Option<ErrorCode>>,
    definition: SharedForm,
    /// A submission is on its way.
    sending: RwSignal<bool>,
    /// How the last submission ended.
    outcome: RwSignal<Option<SendOutput>>,
}

impl FormState {
    /// The state of a form that starts from `initial`.
    pub fn new(definition: FormDefinition, initial: &InitialAnswers) -> Self {
        let (sending, outcome) = (RwSignal::new(false), RwSignal::new(None::<SendOutput>));
        let direction = RwSignal::new(
            definition
                .directions
                .iter()
                .copied()
                .find(|choice| initial.ticked(&direction_choice(*choice))),
        );
        let form = StoredValue::new(std::sync::Arc::new(definition));
        let questions = StoredValue::new(std::sync::Arc::new(
            form.get_value()
                .fields
                .iter()
                .enumerate()
                .map(|(index, question)| Question::new(index, question, form, initial))
                .collect::<Vec<_>>(),
        ));
        let visible = Memo::new(move |_| {
            let mut answers = Submission {
                direction: direction.get(),
                ..Submission::default()
            };
            // Inserted one by one: collecting into the map would compile in a stable sort.
            for question in questions.get_value().iter() {
                answers
                    .values
                    .insert(question.id(), question.tracked_value());
            }
            visible_questions(&form.get_value(), &answers)
        });
        let state = Self {
            questions,
            visible,
            step: RwSignal::new(0),
            direction,
            direction_error: RwSignal::new(None),
            consent: RwSignal::new(initial.ticked(CONSENT)),
            consent_error: RwSignal::new(None),
            definition: form,
            sending,
            outcome,
        };
        // A draft restores the step the visitor was on, or the nearest earlier one that
        // still asks something.
        let saved = initial
            .text(STEP)
            .and_then(|step| step.parse::<u64>().ok())
            .map_or(0, |step| step as usize)
            .min(state.step_count().saturating_sub(1));
        let restored = (0..=saved)
            .rev()
            .find(|step| state.asks_something(*step))
            .unwrap_or(0);
        state.step.set(restored);
        state
    }

    /// Where the submission stands, derived from the send under way and how the last one
    /// ended. A function, not a memo: its readers re-run on a change of either, which is
    /// cheap, and a memo of its own type costs the wasm a kilobyte.
    pub fn phase(&self) -> Phase {
        if self.sending.get() {
            return Phase::Sending;
        }
        self.outcome.with(|outcome| match outcome {
            None => Phase::Editing,
            Some(Ok(ReceiptStatus::Delivered)) => Phase::Sent,
            Some(Ok(ReceiptStatus::Queued)) => Phase::Queued,
            Some(Err(SubmitError::Offline)) => Phase::Offline,
            Some(Err(_)) => Phase::Refused,
        })
    }

    /// How many steps the form has (0 without steps).
    pub fn step_count(&self) -> usize {
        self.definition.get_value().steps.len()
    }

    /// Whether question `index` is shown now: visible for the answers, and on this step.
    pub fn shows(&self, index: usize) -> bool {
        let visible = self
            .visible
            .with(|visible| visible.get(index).copied() == Some(true));
        visible && self.on_step(index) == self.step.get()
    }

    /// The step question `index` is on.
    fn on_step(&self, index: usize) -> usize {
        let definition = self.definition.get_value();
        definition
            .fields
            .get(index)
            .map_or(0, |field| definition.step_of(&field.id()))
    }

    /// Whether `step` has a question visible for the answers as they stand (untracked).
    fn asks_something(&self, step: usize) -> bool {
        let visible = self.visible.get_untracked();
        (0..visible.len()).any(|index| visible[index] && self.on_step(index) == step)
    }

    /// Whether the step shown is the last that asks something: consent and Send are on it.
    pub fn is_last_step(&self) -> bool {
        let (step, count) = (self.step.get(), self.step_count());
        self.visible.track();
        !(step + 1..count).any(|later| self.asks_something(later))
    }

    /// Whether an earlier step asks something (Back is offered).
    pub fn has_earlier_step(&self) -> bool {
        let step = self.step.get();
        self.visible.track();
        (0..step).any(|earlier| self.asks_something(earlier))
    }

    /// Checks the shown step's visible questions and moves to the next step that asks
    /// something; otherwise focus goes to the first refused answer.
    pub fn next(&self) -> Focus {
        let step = self.step.get_untracked();
        let mut first_refused = None;
        let visible = self.visible.get_untracked();
        for (index, question) in self.questions.get_value().iter().enumerate() {
            if visible[index] && self.on_step(index) == step {
                question.check();
                if first_refused.is_none() && question.error.with_untracked(Option::is_some) {
                    first_refused = Some(question.id());
                }
            }
        }
        let asks_direction = self.definition.get_value().directions.len() > 1;
        if step == 0 && asks_direction && self.direction.get_untracked().is_none() {
            self.direction_error.set(Some(ErrorCode::DirectionRequired));
            first_refused.get_or_insert_with(|| DIRECTION_FIELD.to_owned());
        }
        if let Some(field) = first_refused {
            return Focus::Field(field);
        }
        if let Some(next) = (step + 1..self.step_count()).find(|later| self.asks_something(*later))
        {
            self.step.set(next);
        }
        Focus::StepHeading
    }

    /// Shows the nearest earlier step that asks something; every answer stays.
    pub fn back(&self) -> Focus {
        let step = self.step.get_untracked();
        if let Some(earlier) = (0..step)
            .rev()
            .find(|earlier| self.asks_something(*earlier))
        {
            self.step.set(earlier);
        }
        Focus::StepHeading
    }

    /// Why the last submission did not go through, in [`Phase::Refused`] or [`Phase::Offline`].
    pub fn refusal(&self) -> Option<SubmitError> {
        self.outcome.with(|outcome| match outcome {
            Some(Err(error)) => Some(error.clone()),
            _ => None,
        })
    }

    /// The answers as they would be sent now, read without subscribing: those to visible
    /// questions only. A hidden question keeps what was typed, in case it is shown again.
    pub fn answers(&self) -> Submission {
        let visible = self.visible.get_untracked();
        Submission {
            direction: self.direction.get_untracked(),
            consent: self.consent.get_untracked(),
            values: {
                let mut values = std::collections::BTreeMap::new();
                let questions = self.questions.get_value();
                for (question, _) in questions.iter().zip(visible).filter(|(_, shown)| *shown) {
                    values.insert(question.id(), question.submitted_value());
                }
                values
            },
            // The loader adds the hidden fields it captured from the page, the honeypot and
            // the language the form is shown in.
            ..Submission::default()
        }
    }

    /// On the last step (or in a form without steps): checks every answer with core's rules
    /// and sends them through the loader's `sender` (which keeps one idempotency key per
    /// set of answers) if all pass. On an earlier step: [`FormState::next`]. Returns where
    /// focus goes now; `refused` is told where it goes if the proxy refuses the answers or
    /// they are kept offline.
    pub fn submit(
        &self,
        sender: Sender,
        refused: impl FnOnce(Option<Focus>) + 'static,
    ) -> Option<Focus> {
        if untrack(|| self.phase()) == Phase::Sending {
            return None;
        }
        if !untrack(|| self.is_last_step()) {
            return Some(self.next());
        }
        let submission = self.answers();
        match validate(&self.definition.get_value(), &submission) {
            Ok(_) => {
                self.show_errors(&[]);
                self.outcome.set(None);
                self.send(submission, sender, refused);
                None
            }
            Err(errors) => self.show_errors(&errors.errors).map(Focus::Field),
        }
    }

    /// Sends in the background; a refusal's per-question codes then go beside their
    /// questions, like the widget's own. The form may be unmounted before the answer comes:
    /// the outcome then has nowhere to go, and `try_set` drops it instead of panicking.
    /// (Called here rather than from an effect on the phase: the only effect would compile
    /// in the machinery of effects, 0.6 KB brotli.)
    fn send(
        &self,
        submission: Submission,
        sender: Sender,
        refused: impl FnOnce(Option<Focus>) + 'static,
    ) {
        let state = *self;
        state.sending.set(true);
        leptos::task::spawn_local(async move {
            let result = sender.send(&submission).await;
            if state.outcome.try_set(Some(result)).is_some() {
                return;
            }
            state.sending.set(false);
            if let Some(refusal) = state.refusal() {
                let first = state.show_errors(refusal.fields());
                refused(first.map(Focus::Field));
            }
        });
    }

    /// Shows each refused answer beside its question and clears the others. Returns the
    /// first refused field.
    pub fn show_errors(&self, errors: &[FieldError]) -> Option<FieldId> {
        let code_for = |field: &str| {
            errors
                .iter()
                .find(|error| error.field == field)
                .map(|error| error.code)
        };
        for question in self.questions.get_value().iter() {
            question.error.set(code_for(&question.id()));
        }
        self.direction_error.set(code_for(DIRECTION_FIELD));
        self.consent_error.set(code_for(CONSENT_FIELD));
        // The first refused answer may be on an earlier step: the visitor is taken there.
        if let Some(first) = errors.first()
            && self.step_count() > 0
            && first.field != CONSENT_FIELD
        {
            let step = self.definition.get_value().step_of(&first.field);
            self.step.set(step);
        }
        errors.first().map(|error| error.field.clone())
    }
}
