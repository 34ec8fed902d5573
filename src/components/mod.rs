//! The widget's components, from the outside in.

pub mod controls;
pub mod direction_choice;
pub mod field_ids;
pub mod field_shell;
pub mod field_state;
pub mod lead_form;
pub mod question_field;
pub mod widget;
