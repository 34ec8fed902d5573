//! The widget's components, from the outside in.

pub mod controls;
pub mod direction_choice;
pub mod field_ids;
pub mod field_shell;
pub mod field_state;
pub mod lead_form;
pub mod question_field;
pub mod widget;

use leadform_core::ErrorCode;
use leptos::prelude::*;

/// A value the view reads reactively, as one type whatever closure computes it. tachys
/// compiles a render effect (an async task, its state machine and drop glue) once per
/// closure type: some forty closures cost forty copies; boxed, one per value type.
pub type Live<T> = Box<dyn Fn() -> T + Send + Sync>;

/// `aria-invalid` for a control whose answer is refused while `error` holds a code: the
/// question controls, the direction's choices and the consent box.
pub fn aria_invalid(error: RwSignal<Option<ErrorCode>>) -> Live<&'static str> {
    live(move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    })
}

/// `read` as a [`Live`] value.
pub fn live<T>(read: impl Fn() -> T + Send + Sync + 'static) -> Live<T> {
    Box::new(read)
}

/// An event handler, as one type whatever closure handles it: tachys compiles its listener
/// code once per handler type, so boxed, once per kind of event.
pub type Handler<E> = Box<dyn FnMut(E)>;

/// `handle` as a [`Handler`].
pub fn handler<E>(handle: impl FnMut(E) + 'static) -> Handler<E> {
    Box::new(handle)
}

/// The text in the control an `input` or `change` event came from (an input, a textarea or a
/// select: each has a `value`).
pub fn target_value(event: &web_sys::Event) -> String {
    target_input(event)
        .map(|input| input.value())
        .unwrap_or_default()
}

/// Whether the checkbox or radio button a `change` event came from is ticked.
pub fn target_checked(event: &web_sys::Event) -> bool {
    target_input(event).is_some_and(|input| input.checked())
}

fn target_input(event: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
    use wasm_bindgen::JsCast;
    // Unchecked: `value` is read by name, which a select and a textarea answer as well.
    Some(event.target()?.unchecked_into())
}
