//! The widget's components, from the outside in.

pub mod direction_choice;
pub mod field_input;
pub mod field_state;
pub mod lead_form;
pub mod widget;
