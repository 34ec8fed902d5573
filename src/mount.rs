//! The one entry point the embed loader calls.

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

use crate::components::widget::Widget;
use crate::definition_reader::read_definition;
use crate::initial_answers::InitialAnswers;
use crate::submit::Sender;
use crate::texts::Texts;

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

/// Mounts a form into `root`, given its definition as the proxy sent it and the loader's
/// `options`: `texts` (the locale's words), `typed` (element id → what the visitor already
/// entered: typed before the wasm arrived, a draft or a prefill) and `send(body)` (see
/// [`Sender`]). Fails, mounting nothing, when the definition cannot be read.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    definition: JsValue,
    options: JsValue,
) -> Result<MountedForm, JsValue> {
    let definition = read_definition(&definition)
        .map_err(|_| JsValue::from_str("leadform: unreadable form definition"))?;
    let option = |name: &str| js_sys::Reflect::get(&options, &JsValue::from_str(name));
    let texts = Texts::from_js(option("texts")?);
    let initial = InitialAnswers::from_js(option("typed")?);
    let document = root
        .owner_document()
        .ok_or_else(|| JsValue::from_str("leadform: the shadow root has no document"))?;
    let container: web_sys::HtmlElement = document.create_element("div")?.dyn_into()?;
    container.set_class_name("lf-root");
    Sender::attach(&container, &option("send")?);
    root.append_child(&container)?;
    let handle = mount_to(container, move || {
        view! { <Widget definition initial texts/> }
    });
    Ok(MountedForm {
        handle: Some(Box::new(handle)),
    })
}
