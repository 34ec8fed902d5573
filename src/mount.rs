//! The one entry point the embed loader calls.

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

use crate::components::widget::Widget;
use crate::definition::read_definition;
use crate::initial_answers::InitialAnswers;

/// A mounted form. Dropping it, or calling `unmount()`, removes the form and its reactive state.
#[wasm_bindgen]
pub struct MountedForm {
    /// The mounted view's `UnmountHandle`, whose type names the whole view tree. Kept as `Any`
    /// rather than turned into an `AnyView`, whose vtable would compile code to re-render the
    /// tree that nothing calls.
    handle: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl MountedForm {
    /// Removes the form from the page.
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Mounts the form `form_id` into `root`, given the loader's definition response: its
/// `status` (0 when the request failed) and parsed body, the definition on success.
/// `typed` maps element ids of the server-rendered form to what the visitor entered there;
/// the mounted form starts from it. `api_base` is the proxy's base URL.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    api_base: String,
    form_id: String,
    status: u16,
    answer: JsValue,
    typed: JsValue,
) -> Result<MountedForm, JsValue> {
    let document = root
        .owner_document()
        .ok_or_else(|| JsValue::from_str("leadform: the shadow root has no document"))?;
    let container: web_sys::HtmlElement = document.create_element("div")?.dyn_into()?;
    container.set_class_name("lf-root");
    root.append_child(&container)?;
    let definition = read_definition(status, answer);
    let initial = InitialAnswers::from_js(typed);
    let handle = mount_to(container, move || {
        view! { <Widget api_base form_id definition initial/> }
    });
    Ok(MountedForm {
        handle: Some(Box::new(handle)),
    })
}
