//! One small control per kind of input. Each gets its ids from the field shell's [`FieldIds`]
//! and its state from a [`Question`](super::field_state::Question).
//!
//! [`FieldIds`]: super::field_ids::FieldIds

pub mod checkbox_control;
pub mod multi_select_control;
pub mod select_control;
pub mod text_control;
pub mod textarea_control;
