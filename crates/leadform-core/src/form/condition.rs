//! `show_if`: when a question is asked, as a condition on earlier answers and the visitor's
//! direction. Written in the forms file as a small table (`{ question = "custom_12",
//! any_of = [2] }`, `{ all = [ … ] }`, …) and read in the browser and on the proxy alike.

use serde::{Deserialize, Serialize};

use super::definition::FieldId;
use crate::journeybee::enums::FormDirection;

/// A condition on the answers: whether a question that carries it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "WireCondition", into = "WireCondition")]
pub enum Condition {
    /// A select's answer, or any of a multi-select's, is one of these option ids.
    AnyOf {
        /// The question asked about.
        question: FieldId,
        /// Option ids of that question.
        options: Vec<u64>,
    },
    /// A checkbox (boolean) question is ticked (`true`) or not (`false`).
    Equals {
        /// The question asked about.
        question: FieldId,
        /// Ticked or not.
        value: bool,
    },
    /// Any question has an answer (`true`) or none (`false`).
    Answered {
        /// The question asked about.
        question: FieldId,
        /// Answered or not.
        answered: bool,
    },
    /// The visitor's direction.
    Direction(FormDirection),
    /// Every one of these holds.
    All(Vec<Condition>),
    /// At least one of these holds.
    Any(Vec<Condition>),
    /// This one does not hold.
    Not(Box<Condition>),
}

/// A [`Condition`] as written: one table whose keys say which kind it is. Read through this
/// flat shape rather than serde's untagged enums, which buffer the input (kilobytes of
/// widget).
#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    question: Option<FieldId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any_of: Option<Vec<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    equals: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answered: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    direction: Option<FormDirection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not: Option<Box<Condition>>,
}

const SHAPES: &str = "a condition is one of { question, any_of }, { question, equals }, \
                      { question, answered }, { direction }, { all }, { any }, { not }";

impl TryFrom<WireCondition> for Condition {
    type Error = &'static str;

    fn try_from(wire: WireCondition) -> Result<Self, Self::Error> {
        Ok(match wire {
            WireCondition {
                question: Some(question),
                any_of: Some(options),
                equals: None,
                answered: None,
                direction: None,
                all: None,
                any: None,
                not: None,
            } => Condition::AnyOf { question, options },
            WireCondition {
                question: Some(question),
                equals: Some(value),
                any_of: None,
                answered: None,
                direction: None,
                all: None,
                any: None,
                not: None,
            } => Condition::Equals { question, value },
            WireCondition {
                question: Some(question),
                answered: Some(answered),
                any_of: None,
                equals: None,
                direction: None,
                all: None,
                any: None,
                not: None,
            } => Condition::Answered { question, answered },
            WireCondition {
                direction: Some(direction),
                question: None,
                any_of: None,
                equals: None,
                answered: None,
                all: None,
                any: None,
                not: None,
            } => Condition::Direction(direction),
            WireCondition {
                all: Some(all),
                any: None,
                not: None,
                question: None,
                any_of: None,
                equals: None,
                answered: None,
                direction: None,
            } => Condition::All(all),
            WireCondition {
                any: Some(any),
                all: None,
                not: None,
                question: None,
                any_of: None,
                equals: None,
                answered: None,
                direction: None,
            } => Condition::Any(any),
            WireCondition {
                not: Some(not),
                all: None,
                any: None,
                question: None,
                any_of: None,
                equals: None,
                answered: None,
                direction: None,
            } => Condition::Not(not),
            _ => return Err(SHAPES),
        })
    }
}

impl From<Condition> for WireCondition {
    fn from(condition: Condition) -> Self {
        match condition {
            Condition::AnyOf { question, options } => WireCondition {
                question: Some(question),
                any_of: Some(options),
                ..Default::default()
            },
            Condition::Equals { question, value } => WireCondition {
                question: Some(question),
                equals: Some(value),
                ..Default::default()
            },
            Condition::Answered { question, answered } => WireCondition {
                question: Some(question),
                answered: Some(answered),
                ..Default::default()
            },
            Condition::Direction(direction) => WireCondition {
                direction: Some(direction),
                ..Default::default()
            },
            Condition::All(all) => WireCondition {
                all: Some(all),
                ..Default::default()
            },
            Condition::Any(any) => WireCondition {
                any: Some(any),
                ..Default::default()
            },
            Condition::Not(not) => WireCondition {
                not: Some(not),
                ..Default::default()
            },
        }
    }
}

impl Condition {
    /// Calls `visit` with every condition inside this one, this one included.
    pub fn each(&self, visit: &mut dyn FnMut(&Condition)) {
        visit(self);
        match self {
            Condition::All(all) | Condition::Any(all) => {
                for inner in all {
                    inner.each(visit);
                }
            }
            Condition::Not(inner) => inner.each(visit),
            _ => {}
        }
    }

    /// The questions this condition reads.
    pub fn questions(&self) -> Vec<&str> {
        let mut found = Vec::new();
        self.each_question(&mut found);
        found
    }

    fn each_question<'a>(&'a self, found: &mut Vec<&'a str>) {
        match self {
            Condition::AnyOf { question, .. }
            | Condition::Equals { question, .. }
            | Condition::Answered { question, .. } => found.push(question),
            Condition::Direction(_) => {}
            Condition::All(all) | Condition::Any(all) => {
                for inner in all {
                    inner.each_question(found);
                }
            }
            Condition::Not(inner) => inner.each_question(found),
        }
    }
}
