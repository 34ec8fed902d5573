//! The public form definition: everything the browser receives, and nothing more.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::email_rules::EmailRules;
use super::steps::Step;
use crate::journeybee::custom_field::CustomFieldType;
use crate::journeybee::enums::FormDirection;

/// A form's public id, as written in `data-form`.
pub type FormId = String;

/// The stable id of a question: the key of its value in a submission, derived from its
/// [`LeadField`] (`email`, `sent_by_email`, `custom_5`, …).
pub type FieldId = String;

/// What the browser receives: texts, questions and the directions the visitor may pick.
/// The forms file may hold no unknown key. The widget reads what the proxy sends by hand
/// (src/definition_reader.rs), without serde.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    /// The form's public id (`data-form`).
    pub id: FormId,
    /// Heading shown above the form.
    pub title: String,
    /// Text under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The submit button's text (default "Send").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_label: Option<String>,
    /// Shown once the lead is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_message: Option<String>,
    /// When present, the visitor must tick a box with this text before submitting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_text: Option<String>,
    /// The directions the form allows; the visitor picks one when there are two.
    pub directions: Vec<FormDirection>,
    /// The questions, in order.
    pub fields: Vec<FieldDefinition>,
    /// The form in steps; none asks every question at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// What the contact's `email` must be, beyond a valid address.
    #[serde(default, skip_serializing_if = "EmailRules::is_default")]
    pub email: EmailRules,
    /// The country whose numbering plan reads a `phone_number` without `+` (ISO 3166
    /// alpha-2, `DE`); without one, a number must start with `+` and its country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_region: Option<String>,
}

/// One question of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDefinition {
    /// Where the answer lands in the lead; also decides the input kind and the field id.
    pub field: LeadField,
    /// The question's label.
    pub label: String,
    /// Whether an answer is required.
    #[serde(default)]
    pub required: bool,
    /// Example text shown in the empty input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Help text under the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Choices of a select or multi-select custom field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// Overrides the default length limit (255 for one line, 5000 for a text area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// Smallest accepted number (number fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest accepted number (number fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Asked only when this holds for the answers given so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
}

/// The place in the Create Lead request an answer goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadField {
    /// `company_name`.
    CompanyName,
    /// `email`.
    Email,
    /// `first_name`.
    FirstName,
    /// `last_name`.
    LastName,
    /// `phone_number`.
    PhoneNumber,
    /// `partnershipLead.sentBy.email`: the visitor's own email.
    SentByEmail,
    /// `partnershipLead.sentBy.companyName`: the visitor's own company.
    SentByCompanyName,
    /// A JourneyBee custom field.
    Custom {
        /// The JourneyBee custom field id.
        id: u64,
        /// The custom field's type.
        #[serde(rename = "type")]
        field_type: CustomFieldType,
    },
}

/// How a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A one-line text input.
    Text,
    /// A multi-line text area.
    Textarea,
    /// An email input.
    Email,
    /// A phone input.
    Phone,
    /// A decimal number input.
    Number,
    /// A date picker.
    Date,
    /// A single checkbox.
    Checkbox,
    /// A drop-down of options.
    Select,
    /// A group of checkboxes, one per option.
    MultiSelect,
}

/// A choice of a select or multi-select field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The JourneyBee option id.
    pub id: u64,
    /// What the visitor sees.
    pub label: String,
}

impl LeadField {
    /// The questions about the contact, each named by its field id.
    pub const CONTACTS: [LeadField; 7] = [
        LeadField::CompanyName,
        LeadField::Email,
        LeadField::FirstName,
        LeadField::LastName,
        LeadField::PhoneNumber,
        LeadField::SentByEmail,
        LeadField::SentByCompanyName,
    ];

    /// The contact question whose field id is `name`.
    pub fn contact(name: &str) -> Option<LeadField> {
        Self::CONTACTS
            .into_iter()
            .find(|field| field.field_id() == name)
    }

    /// The stable field id used as a submission key.
    pub fn field_id(self) -> FieldId {
        match self {
            LeadField::CompanyName => "company_name".into(),
            LeadField::Email => "email".into(),
            LeadField::FirstName => "first_name".into(),
            LeadField::LastName => "last_name".into(),
            LeadField::PhoneNumber => "phone_number".into(),
            LeadField::SentByEmail => "sent_by_email".into(),
            LeadField::SentByCompanyName => "sent_by_company_name".into(),
            LeadField::Custom { id, .. } => format!("custom_{id}"),
        }
    }

    /// How the question is asked.
    pub fn input_kind(self) -> InputKind {
        match self {
            LeadField::Email | LeadField::SentByEmail => InputKind::Email,
            LeadField::PhoneNumber => InputKind::Phone,
            LeadField::CompanyName
            | LeadField::FirstName
            | LeadField::LastName
            | LeadField::SentByCompanyName => InputKind::Text,
            LeadField::Custom { field_type, .. } => match field_type {
                CustomFieldType::Text => InputKind::Text,
                CustomFieldType::Textarea => InputKind::Textarea,
                CustomFieldType::Number => InputKind::Number,
                CustomFieldType::Date => InputKind::Date,
                CustomFieldType::Boolean => InputKind::Checkbox,
                CustomFieldType::Select => InputKind::Select,
                CustomFieldType::MultiSelect => InputKind::MultiSelect,
            },
        }
    }

    /// The browser's `autocomplete` token, where there is one.
    pub fn autocomplete(self) -> Option<&'static str> {
        match self {
            LeadField::CompanyName | LeadField::SentByCompanyName => Some("organization"),
            LeadField::Email | LeadField::SentByEmail => Some("email"),
            LeadField::FirstName => Some("given-name"),
            LeadField::LastName => Some("family-name"),
            LeadField::PhoneNumber => Some("tel"),
            LeadField::Custom { .. } => None,
        }
    }
}

impl FieldDefinition {
    /// The question's stable id.
    pub fn id(&self) -> FieldId {
        self.field.field_id()
    }
}

/// A form definition that cannot work as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError(pub String);

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DefinitionError {}

impl FormDefinition {
    /// Checks what serde cannot: at least one direction and question, no question asked
    /// twice, options exactly where choices are asked for, sane limits.
    pub fn check(&self) -> Result<(), DefinitionError> {
        let fail = |message: String| Err(DefinitionError(format!("form {:?}: {message}", self.id)));
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return fail("the id may use only letters, digits, '-' and '_'".into());
        }
        if self.directions.is_empty() {
            return fail("allow at least one direction (claim, send)".into());
        }
        if self.directions.iter().collect::<BTreeSet<_>>().len() != self.directions.len() {
            return fail("a direction is listed twice".into());
        }
        if self.fields.is_empty() {
            return fail("ask at least one question".into());
        }
        let mut seen = BTreeSet::new();
        for field in &self.fields {
            let id = field.id();
            if !seen.insert(id.clone()) {
                return fail(format!("{id} is asked twice"));
            }
            let wants_options = matches!(
                field.field.input_kind(),
                InputKind::Select | InputKind::MultiSelect
            );
            if wants_options && field.options.is_empty() {
                return fail(format!("{id} needs options"));
            }
            if !wants_options && !field.options.is_empty() {
                return fail(format!("{id} cannot have options"));
            }
            let option_ids: BTreeSet<u64> = field.options.iter().map(|option| option.id).collect();
            if option_ids.len() != field.options.len() {
                return fail(format!("{id} lists an option id twice"));
            }
            if let (Some(min), Some(max)) = (field.min, field.max)
                && min > max
            {
                return fail(format!("{id} has min above max"));
            }
        }
        for field in &self.fields {
            if let Some(condition) = &field.show_if {
                self.check_condition(&field.id(), condition)
                    .or_else(|message| fail(format!("{}'s show_if {message}", field.id())))?;
            }
        }
        if let Some(question) = self.first_in_a_cycle() {
            return fail(format!(
                "{question}'s show_if depends on itself through the questions it reads"
            ));
        }
        self.check_steps().or_else(fail)?;
        if let Some(domain) = self.email.malformed_domain() {
            return fail(format!(
                "email.blocked_domains: {domain:?} is not a lowercase domain name like \"competitor.example\""
            ));
        }
        if let Some(region) = &self.phone_region
            && !crate::submission::phone::is_known_region(region)
        {
            return fail(format!(
                "phone_region {region:?} is not a country code like \"DE\""
            ));
        }
        Ok(())
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&FieldDefinition> {
        self.fields.iter().find(|field| field.id() == id)
    }

    /// Whether a question fills JourneyBee custom field `custom_field_id`.
    pub fn asks_custom_field(&self, custom_field_id: u64) -> bool {
        self.fields.iter().any(
            |question| matches!(question.field, LeadField::Custom { id, .. } if id == custom_field_id),
        )
    }

    /// Refuses a condition that reads a question the form lacks or itself, an option the
    /// question lacks, a direction the form does not allow, or compares what the question
    /// cannot hold.
    fn check_condition(&self, owner: &str, condition: &Condition) -> Result<(), String> {
        let asked = |question: &str| {
            if question == owner {
                return Err("refers to the question itself".to_owned());
            }
            self.question(question)
                .ok_or_else(|| format!("refers to {question}, which the form does not ask"))
        };
        match condition {
            Condition::AnyOf { question, options } => {
                let asked = asked(question)?;
                if !matches!(
                    asked.field.input_kind(),
                    InputKind::Select | InputKind::MultiSelect
                ) {
                    return Err(format!(
                        "compares {question} with any_of, which needs a select or multi_select"
                    ));
                }
                if options.is_empty() {
                    return Err(format!("lists no option of {question} in any_of"));
                }
                if let Some(missing) = options
                    .iter()
                    .find(|option| !asked.options.iter().any(|known| known.id == **option))
                {
                    return Err(format!(
                        "refers to option {missing}, which {question} lacks"
                    ));
                }
            }
            Condition::Equals { question, .. } => {
                if asked(question)?.field.input_kind() != InputKind::Checkbox {
                    return Err(format!(
                        "compares {question} with equals, which needs a boolean question"
                    ));
                }
            }
            Condition::Answered { question, .. } => {
                asked(question)?;
            }
            Condition::Direction(direction) => {
                if !self.directions.contains(direction) {
                    return Err(format!(
                        "asks for direction {:?}, which the form does not allow",
                        direction.as_str()
                    ));
                }
            }
            Condition::All(inner) | Condition::Any(inner) => {
                if inner.is_empty() {
                    return Err("has an empty all or any".to_owned());
                }
                for condition in inner {
                    self.check_condition(owner, condition)?;
                }
            }
            Condition::Not(inner) => self.check_condition(owner, inner)?,
        }
        Ok(())
    }

    /// A question whose condition, through the questions it reads, reads itself.
    fn first_in_a_cycle(&self) -> Option<FieldId> {
        let reads = |index: usize| -> Vec<usize> {
            self.fields[index]
                .show_if
                .as_ref()
                .map(|condition| {
                    condition
                        .questions()
                        .into_iter()
                        .filter_map(|id| self.fields.iter().position(|field| field.id() == id))
                        .collect()
                })
                .unwrap_or_default()
        };
        for start in 0..self.fields.len() {
            let mut seen = BTreeSet::new();
            let mut next = reads(start);
            while let Some(index) = next.pop() {
                if index == start {
                    return Some(self.fields[start].id());
                }
                if seen.insert(index) {
                    next.extend(reads(index));
                }
            }
        }
        None
    }

    /// Every question in exactly one step, every step asking something.
    fn check_steps(&self) -> Result<(), String> {
        if self.steps.is_empty() {
            return Ok(());
        }
        let mut placed = BTreeSet::new();
        for (number, step) in self.steps.iter().enumerate() {
            if step.questions.is_empty() {
                return Err(format!("step {} asks no question", number + 1));
            }
            for question in &step.questions {
                if self.question(question).is_none() {
                    return Err(format!(
                        "step {} lists {question}, which the form does not ask",
                        number + 1
                    ));
                }
                if !placed.insert(question.as_str()) {
                    return Err(format!("{question} is in more than one step"));
                }
            }
        }
        if let Some(left_out) = self
            .fields
            .iter()
            .map(FieldDefinition::id)
            .find(|id| !placed.contains(id.as_str()))
        {
            return Err(format!("{left_out} is in no step"));
        }
        Ok(())
    }

    /// The step that asks question `id` (0 for a form without steps).
    pub fn step_of(&self, id: &str) -> usize {
        self.steps
            .iter()
            .position(|step| step.questions.iter().any(|question| question == id))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widget reads a contact question by its field id; the forms file names it with
    /// serde's name. One list, one spelling.
    #[test]
    fn each_contact_question_is_named_by_its_field_id_everywhere() {
        for field in LeadField::CONTACTS {
            let id = field.field_id();
            assert_eq!(LeadField::contact(&id), Some(field));
            assert_eq!(serde_json::to_value(field).ok(), Some(id.clone().into()));
        }
        assert_eq!(LeadField::contact("custom_1"), None);
        assert_eq!(LeadField::contact("nickname"), None);
    }
}
