//! The widget's components, from the outside in.

pub mod controls;
pub mod direction_choice;
pub mod field_ids;
pub mod field_shell;
pub mod field_state;
pub mod lead_form;
pub mod question_field;
pub mod widget;

/// A value the view reads reactively, as one type whatever closure computes it. tachys
/// compiles a render effect (an async task, its state machine and drop glue) once per
/// closure type: some forty closures cost forty copies; boxed, one per value type.
pub type Live<T> = Box<dyn Fn() -> T + Send + Sync>;

/// `read` as a [`Live`] value.
pub fn live<T>(read: impl Fn() -> T + Send + Sync + 'static) -> Live<T> {
    Box::new(read)
}
