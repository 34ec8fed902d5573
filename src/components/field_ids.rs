//! The DOM id contract: the element ids one question uses, so its label, help and error
//! point at its control. The server-rendered form and the mounted one share them (what the
//! visitor typed before the wasm arrived is carried over by id), and the loader reads, writes
//! and keys drafts by them (embed/src/ids.js; tests/dom_ids.rs in the proxy checks that the
//! two agree).

use leadform_core::FormDirection;

/// The consent checkbox (the control of question `consent`).
pub const CONSENT: &str = "lf-consent";

/// Why the consent is refused.
pub const CONSENT_ERROR: &str = "lf-consent-error";

/// The group of direction choices (of question `direction`), and its radio buttons' name.
pub const DIRECTION: &str = "lf-direction";

/// Why the direction is refused.
pub const DIRECTION_ERROR: &str = "lf-direction-error";

/// The hidden input that holds the step shown, so a draft restores it.
pub const STEP: &str = "lf-step";

/// The honeypot's name (it has no id: see `LeadForm`). The loader reads it by this name.
pub const HONEYPOT: &str = "website";

/// The radio button for one direction.
pub fn direction_choice(choice: FormDirection) -> String {
    format!("lf-direction-{}", choice.as_str())
}

/// Ids for the control, its help text and its error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIds {
    /// The control's id (for a group of choices, the fieldset's).
    pub control: String,
    /// The help text's id, when there is help.
    pub help: Option<String>,
    /// The error's id.
    pub error: String,
}

impl FieldIds {
    /// Ids for field `field`; `has_help` when the question has a help text.
    pub fn new(field: &str, has_help: bool) -> Self {
        let control = format!("lf-{field}");
        Self {
            help: has_help.then(|| format!("{control}-help")),
            error: format!("{control}-error"),
            control,
        }
    }

    /// The checkbox of one option of a multi-select.
    pub fn option(&self, option_id: &str) -> String {
        format!("{}-{option_id}", self.control)
    }

    /// The control's `aria-describedby`: help first, then the error.
    pub fn described_by(&self) -> String {
        match &self.help {
            Some(help) => format!("{help} {}", self.error),
            None => self.error.clone(),
        }
    }
}

/// CSS selectors of the ids above, for tests that find the form's elements (nothing else
/// calls them, so they are not in the wasm).
pub mod selectors {
    use leadform_core::FormDirection;

    use super::{CONSENT, FieldIds, direction_choice};

    fn selector(id: &str) -> String {
        format!("#{id}")
    }

    /// The control of question `question` (`email`, `custom_7`, …).
    pub fn control(question: &str) -> String {
        selector(&FieldIds::new(question, false).control)
    }

    /// Why question `question`'s answer is refused.
    pub fn error(question: &str) -> String {
        selector(&FieldIds::new(question, false).error)
    }

    /// One option's checkbox of a multi-select question.
    pub fn option(question: &str, option: &str) -> String {
        selector(&FieldIds::new(question, false).option(option))
    }

    /// The radio button of `direction`.
    pub fn direction(direction: FormDirection) -> String {
        selector(&direction_choice(direction))
    }

    /// The consent checkbox.
    pub fn consent() -> String {
        selector(CONSENT)
    }

    /// The hidden input holding the step shown.
    pub fn step() -> String {
        selector(super::STEP)
    }

    /// The id a selector above names.
    pub fn bare(selector: &str) -> &str {
        selector.trim_start_matches('#')
    }
}

#[cfg(test)]
mod tests {
    use leadform_core::FormDirection;
    use leadform_core::submission::errors::{CONSENT_FIELD, DIRECTION_FIELD};

    use super::*;

    #[test]
    fn the_fixed_ids_follow_the_rules_of_every_question() {
        let consent = FieldIds::new(CONSENT_FIELD, false);
        assert_eq!(
            (consent.control.as_str(), consent.error.as_str()),
            (CONSENT, CONSENT_ERROR)
        );
        let direction = FieldIds::new(DIRECTION_FIELD, false);
        assert_eq!(
            (direction.control.as_str(), direction.error.as_str()),
            (DIRECTION, DIRECTION_ERROR)
        );
        assert_eq!(
            direction_choice(FormDirection::Claim),
            direction.option(FormDirection::Claim.as_str())
        );
    }
}
