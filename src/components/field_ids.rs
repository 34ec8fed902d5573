//! The element ids one question uses, so its label, help and error point at its control.
//! The server-rendered form and the mounted one share them: what the visitor typed before
//! the wasm arrived is carried over by id.

use leadform_core::FormDirection;

/// The consent checkbox.
pub const CONSENT: &str = "lf-consent";

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
