//! The widget in a browser (Chromium, WebKit and Firefox: `cargo xtask test` runs it in
//! each), mounted into a shadow root the way the loader does it. One module per theme; the
//! fixtures and helpers they share are here.
#![cfg(target_arch = "wasm32")]

#[cfg(feature = "component")]
mod for_apps;
mod languages;
mod qualifying;
mod rendering;
mod submission;
mod takeover;
mod validation;

use leadform::locales::LOCALES;
use leadform::{MountedForm, mount};
use leadform_core::{FormDirection, RefusalCode};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// Selectors of the form's elements, by the widget's own id rules, never spelled out here.
use leadform::components::field_ids::selectors as ids;

wasm_bindgen_test_configure!(run_in_browser);

const DEFINITION: &str = r#"{
    "id": "acme-referral", "title": "Refer a client", "directions": ["send", "claim"],
    "fields": [
        { "field": "company_name", "label": "Company", "required": true },
        { "field": "email", "label": "Work email", "required": true },
        { "field": { "custom": { "id": 7, "type": "select" } }, "label": "Product",
          "options": [{ "id": 1, "label": "Hives" }, { "id": 2, "label": "Honey" }] }
    ]
}"#;

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("JSON")
}

fn shadow_host() -> ShadowRoot {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("a document");
    let host = document
        .create_element("leadform-form")
        .expect("host element");
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("host appended");
    host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .expect("shadow root")
}

/// The loader's options: the words, what was already entered and its `send(body)`, which is
/// [`SendStub`]'s when one is installed and otherwise fails like a dropped network.
fn options(texts: &str, typed: JsValue) -> JsValue {
    let window = web_sys::window().expect("window");
    let stub = js_sys::Reflect::get(&window, &"__lf_send".into()).expect("window");
    let send = if stub.is_function() {
        stub
    } else {
        js_sys::Function::new_with_args("body", "return Promise.resolve({ status: 0, text: '' })")
            .into()
    };
    let options = js_sys::Object::new();
    for (name, value) in [("texts", json(texts)), ("typed", typed), ("send", send)] {
        js_sys::Reflect::set(&options, &name.into(), &value).expect("option set");
    }
    options.into()
}

/// The widget mounted into a fresh shadow root in English, as embed.js does.
async fn mounted(definition: &str) -> (ShadowRoot, MountedForm) {
    mounted_over(definition, LOCALES[0].1, JsValue::UNDEFINED).await
}

/// Mounted with the words `texts`, starting from `typed` (element id -> value), as the loader
/// does with a server-rendered form the visitor typed into, a draft or a prefill.
async fn mounted_over(definition: &str, texts: &str, typed: JsValue) -> (ShadowRoot, MountedForm) {
    let root = shadow_host();
    let form = mount(root.clone(), json(definition), options(texts, typed)).expect("mounts");
    tick().await;
    (root, form)
}

/// Leptos applies some updates asynchronously.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("window");
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
    });
    let _ = JsFuture::from(promise).await;
}

fn find(root: &ShadowRoot, selector: &str) -> Element {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{selector} is rendered"))
}

fn input(root: &ShadowRoot, selector: &str) -> HtmlInputElement {
    find(root, selector).dyn_into().expect("an input")
}

fn type_into(root: &ShadowRoot, selector: &str, text: &str) {
    let field = input(root, selector);
    field.set_value(text);
    // As a browser's typing does: the event bubbles (out to the shadow root, where the
    // component's draft listens).
    let bubbling = web_sys::EventInit::new();
    bubbling.set_bubbles(true);
    field
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &bubbling).expect("event"),
        )
        .expect("input dispatched");
    field
        .dispatch_event(&web_sys::Event::new("blur").expect("event"))
        .expect("blur dispatched");
}

fn is_shown(root: &ShadowRoot, selector: &str) -> bool {
    let element: HtmlElement = find(root, selector).dyn_into().expect("an element");
    !element.hidden()
}

fn submit(root: &ShadowRoot) {
    let button: HtmlElement = find(root, ".lf-submit")
        .dyn_into()
        .expect("the submit button");
    button.click();
}

/// The loader's `send(body)` for one test: each call records the body and takes the next
/// scripted answer (`"network"`: no answer; `"kept"`: no answer, kept on the device).
/// Removed on drop.
struct SendStub;

impl SendStub {
    fn install(answers: &str) -> Self {
        let install = js_sys::Function::new_with_args(
            "answers",
            "window.__lf_bodies = [];
             const script = JSON.parse(answers);
             window.__lf_send = function (body) {
               window.__lf_bodies.push(body);
               const next = script.shift();
               if (next === 'network') return Promise.resolve({ status: 0, text: '' });
               if (next === 'kept') return Promise.resolve({ status: 0, text: 'kept' });
               return new Promise(resolve => setTimeout(
                 () => resolve({ status: next.status, text: JSON.stringify(next.body) }), next.delay || 0));
             };",
        );
        install
            .call1(&JsValue::NULL, &answers.into())
            .expect("stub installed");
        Self
    }

    /// The bodies the widget sent, in order.
    fn bodies() -> Vec<String> {
        let window = web_sys::window().expect("window");
        let bodies = js_sys::Reflect::get(&window, &"__lf_bodies".into()).expect("bodies");
        js_sys::Array::from(&bodies)
            .iter()
            .filter_map(|body| body.as_string())
            .collect()
    }
}

impl Drop for SendStub {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::delete_property(&window, &"__lf_send".into());
        }
    }
}

/// Waits (up to 2 s) until `done` holds.
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        tick().await;
    }
}

fn fill_valid_answers(root: &ShadowRoot) {
    type_into(root, &ids::control("company_name"), "Globex");
    type_into(root, &ids::control("email"), "ada@globex.example");
    input(root, &ids::direction(FormDirection::Send)).click();
}

/// One question of every kind, a required multi-select first, help on one, consent.
const EVERY_KIND: &str = r#"{
    "id": "every-kind", "title": "Every kind", "directions": ["send", "claim"],
    "consent_text": "I may share these details.",
    "fields": [
        { "field": { "custom": { "id": 9, "type": "multi_select" } }, "label": "Interests", "required": true,
          "options": [{ "id": 3, "label": "Hives" }, { "id": 4, "label": "Honey" }] },
        { "field": "company_name", "label": "Company", "required": true, "help": "As on the invoice." },
        { "field": "email", "label": "Email", "required": true },
        { "field": "phone_number", "label": "Phone" },
        { "field": { "custom": { "id": 5, "type": "number" } }, "label": "Deal size", "min": 10 },
        { "field": { "custom": { "id": 6, "type": "date" } }, "label": "Close date" },
        { "field": { "custom": { "id": 7, "type": "textarea" } }, "label": "Notes", "required": true },
        { "field": { "custom": { "id": 8, "type": "select" } }, "label": "Product", "required": true,
          "options": [{ "id": 1, "label": "Hives" }, { "id": 2, "label": "Honey" }] },
        { "field": { "custom": { "id": 10, "type": "boolean" } }, "label": "Urgent", "required": true }
    ]
}"#;

fn attribute(root: &ShadowRoot, selector: &str, name: &str) -> Option<String> {
    find(root, selector).get_attribute(name)
}

fn all(root: &ShadowRoot, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into().ok())
        .collect()
}
