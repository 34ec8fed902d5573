//! Which questions are asked, for a set of answers: the widget hides the others, and the
//! proxy drops their answers and does not require them. One function, so the two can never
//! disagree about what the visitor saw.
//!
//! A question whose condition reads a hidden question reads it as unanswered: hiding
//! "Partner type" also hides what was asked only for resellers, whatever was typed there
//! before.

use super::condition::Condition;
use super::definition::{FormDefinition, InputKind};
use crate::journeybee::enums::FormDirection;
use crate::submission::submission::{Submission, SubmittedValue};

/// For each question of `definition`, in order, whether it is shown for `answers`.
pub fn visible_questions(definition: &FormDefinition, answers: &Submission) -> Vec<bool> {
    let mut known = vec![Known::No; definition.fields.len()];
    for index in 0..definition.fields.len() {
        is_shown(definition, answers, index, &mut known);
    }
    known
        .into_iter()
        .map(|state| state == Known::Shown)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    No,
    Deciding,
    Shown,
    Hidden,
}

fn is_shown(
    definition: &FormDefinition,
    answers: &Submission,
    index: usize,
    known: &mut [Known],
) -> bool {
    match known[index] {
        Known::Shown => return true,
        Known::Hidden => return false,
        // A cycle, which the forms-file check refuses: hidden rather than looping.
        Known::Deciding => return false,
        Known::No => {}
    }
    known[index] = Known::Deciding;
    let shown = match &definition.fields[index].show_if {
        None => true,
        Some(condition) => holds(definition, answers, condition, known),
    };
    known[index] = if shown { Known::Shown } else { Known::Hidden };
    shown
}

fn holds(
    definition: &FormDefinition,
    answers: &Submission,
    condition: &Condition,
    known: &mut [Known],
) -> bool {
    // The answer to `question`, if the question is asked and shown.
    let answer = |question: &str, known: &mut [Known]| {
        let index = definition
            .fields
            .iter()
            .position(|field| field.id() == question)?;
        if !is_shown(definition, answers, index, known) {
            return None;
        }
        let kind = definition.fields[index].field.input_kind();
        answers.values.get(question).map(|value| (kind, value))
    };
    match condition {
        Condition::AnyOf { question, options } => {
            answer(question, known).is_some_and(|(_, value)| {
                items(value).any(|item| {
                    item.parse::<u64>()
                        .is_ok_and(|option| options.contains(&option))
                })
            })
        }
        Condition::Equals { question, value } => {
            let ticked = answer(question, known).is_some_and(|(_, answer)| is_ticked(answer));
            ticked == *value
        }
        Condition::Answered { question, answered } => {
            let has = answer(question, known).is_some_and(|(kind, value)| match kind {
                InputKind::Checkbox => is_ticked(value),
                _ => items(value).next().is_some(),
            });
            has == *answered
        }
        Condition::Direction(direction) => {
            effective_direction(definition, answers) == Some(*direction)
        }
        Condition::All(all) => all
            .iter()
            .all(|inner| holds(definition, answers, inner, known)),
        Condition::Any(any) => any
            .iter()
            .any(|inner| holds(definition, answers, inner, known)),
        Condition::Not(inner) => !holds(definition, answers, inner, known),
    }
}

/// The direction chosen, or the only one the form allows.
fn effective_direction(definition: &FormDefinition, answers: &Submission) -> Option<FormDirection> {
    match definition.directions.as_slice() {
        [only] => Some(*only),
        _ => answers
            .direction
            .filter(|direction| definition.directions.contains(direction)),
    }
}

/// The non-blank parts of an answer, trimmed.
fn items(value: &SubmittedValue) -> impl Iterator<Item = &str> {
    let list: &[String] = match value {
        SubmittedValue::Text(text) => std::slice::from_ref(text),
        SubmittedValue::List(items) => items,
    };
    list.iter()
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
}

fn is_ticked(value: &SubmittedValue) -> bool {
    matches!(value, SubmittedValue::Text(text) if text.trim() == "true")
}
