//! The whole form's state: its questions, direction and consent, and where the submission
//! stands. The phase is derived from the submit action, never kept in flags of its own.

use leadform_core::submission::errors::{CONSENT_FIELD, DIRECTION_FIELD};
use leadform_core::{
    ErrorCode, FieldError, FieldId, FormDefinition, FormDirection, ReceiptStatus, Submission,
    validate,
};
use leptos::prelude::*;

use crate::components::field_ids::{CONSENT, direction_choice};
use crate::components::field_state::Question;
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

/// Signals of one mounted form, all `Copy`.
#[derive(Clone, Copy)]
pub struct FormState {
    /// The questions, in form order.
    pub questions: StoredValue<Vec<Question>>,
    /// The chosen direction; with one allowed, core implies it.
    pub direction: RwSignal<Option<FormDirection>>,
    /// Why the direction is refused.
    pub direction_error: RwSignal<Option<ErrorCode>>,
    /// Whether the consent box is ticked.
    pub consent: RwSignal<bool>,
    /// Why the consent is refused.
    pub consent_error: RwSignal<Option<ErrorCode>>,
    /// Where the submission stands.
    pub phase: Memo<Phase>,
    definition: StoredValue<FormDefinition>,
    /// A submission is on its way.
    sending: RwSignal<bool>,
    /// How the last submission ended.
    outcome: RwSignal<Option<SendOutput>>,
}

impl FormState {
    /// The state of a form that starts from `initial`.
    pub fn new(definition: FormDefinition, initial: &InitialAnswers) -> Self {
        let (sending, outcome) = (RwSignal::new(false), RwSignal::new(None::<SendOutput>));
        let phase = Memo::new(move |_| {
            if sending.get() {
                return Phase::Sending;
            }
            outcome.with(|outcome| match outcome {
                None => Phase::Editing,
                Some(Ok(ReceiptStatus::Delivered)) => Phase::Sent,
                Some(Ok(ReceiptStatus::Queued)) => Phase::Queued,
                Some(Err(SubmitError::Offline)) => Phase::Offline,
                Some(Err(_)) => Phase::Refused,
            })
        });
        Self {
            questions: StoredValue::new(
                definition
                    .fields
                    .iter()
                    .cloned()
                    .map(|question| Question::new(question, initial))
                    .collect(),
            ),
            direction: RwSignal::new(
                definition
                    .directions
                    .iter()
                    .copied()
                    .find(|choice| initial.ticked(&direction_choice(*choice))),
            ),
            direction_error: RwSignal::new(None),
            consent: RwSignal::new(initial.ticked(CONSENT)),
            consent_error: RwSignal::new(None),
            phase,
            definition: StoredValue::new(definition),
            sending,
            outcome,
        }
    }

    /// Why the last submission did not go through, in [`Phase::Refused`] or [`Phase::Offline`].
    pub fn refusal(&self) -> Option<SubmitError> {
        self.outcome.with(|outcome| match outcome {
            Some(Err(error)) => Some(error.clone()),
            _ => None,
        })
    }

    /// The answers as they would be sent now, read without subscribing.
    pub fn answers(&self) -> Submission {
        Submission {
            direction: self.direction.get_untracked(),
            consent: self.consent.get_untracked(),
            values: self.questions.with_value(|questions| {
                let mut values = std::collections::BTreeMap::new();
                for question in questions {
                    values.insert(question.id(), question.submitted_value());
                }
                values
            }),
            // The loader adds the hidden fields it captured from the page, and the honeypot.
            hidden: Default::default(),
            website: String::new(),
        }
    }

    /// Checks every answer with core's rules and sends them through the loader's `sender`
    /// (which keeps one idempotency key per set of answers) if all pass. Returns the field of
    /// the first refused answer, which should take focus.
    pub fn submit(&self, sender: Sender) -> Option<FieldId> {
        if self.phase.get_untracked() == Phase::Sending {
            return None;
        }
        let submission = self.answers();
        match self
            .definition
            .with_value(|definition| validate(definition, &submission))
        {
            Ok(_) => {
                self.show_errors(&[]);
                self.outcome.set(None);
                self.send(submission, sender);
                None
            }
            Err(errors) => self.show_errors(&errors.errors),
        }
    }

    /// Sends in the background. The form may be unmounted before the answer comes: the
    /// outcome then has nowhere to go, and `try_set` drops it instead of panicking.
    fn send(&self, submission: Submission, sender: Sender) {
        let (sending, outcome) = (self.sending, self.outcome);
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = sender.send(&submission).await;
            outcome.try_set(Some(result));
            sending.try_set(false);
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
        self.questions.with_value(|questions| {
            for question in questions {
                question.error.set(code_for(&question.id()));
            }
        });
        self.direction_error.set(code_for(DIRECTION_FIELD));
        self.consent_error.set(code_for(CONSENT_FIELD));
        errors.first().map(|error| error.field.clone())
    }
}
