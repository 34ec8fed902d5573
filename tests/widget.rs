//! The widget in headless Chromium, mounted into a shadow root the way embed.js does it.
#![cfg(target_arch = "wasm32")]

use leadform::locales::LOCALES;
use leadform::{MountedForm, mount};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

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
    field
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
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

#[wasm_bindgen_test]
async fn renders_each_question_inside_the_shadow_root_only() {
    let (root, _form) = mounted(DEFINITION).await;
    assert_eq!(
        find(&root, ".lf-title").text_content().as_deref(),
        Some("Refer a client")
    );
    assert_eq!(
        find(&root, "label[for=lf-email]").text_content().as_deref(),
        Some("Work email *")
    );
    assert_eq!(
        root.query_selector_all("select#lf-custom_7 option")
            .expect("options")
            .length(),
        3,
        "a prompt and two options"
    );
    assert_eq!(
        root.query_selector_all("input[name=lf-direction]")
            .expect("radios")
            .length(),
        2
    );
    assert!(
        root.query_selector("style, [style], script")
            .ok()
            .flatten()
            .is_none(),
        "no inline style or script, which a strict CSP would block"
    );
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("document");
    assert!(
        document
            .query_selector("#lf-email")
            .ok()
            .flatten()
            .is_none(),
        "nothing leaks into the page's DOM"
    );
}

#[wasm_bindgen_test]
async fn an_invalid_email_shows_its_message_and_keeps_what_was_typed() {
    let (root, _form) = mounted(DEFINITION).await;
    type_into(&root, "#lf-email", "ada@example");
    tick().await;
    assert!(is_shown(&root, "#lf-email-error"));
    assert_eq!(
        find(&root, "#lf-email-error").text_content().as_deref(),
        Some("Enter an email address like name@example.com.")
    );
    assert_eq!(
        find(&root, "#lf-email")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(input(&root, "#lf-email").value(), "ada@example");

    type_into(&root, "#lf-email", "ada@example.com");
    tick().await;
    assert!(
        !is_shown(&root, "#lf-email-error"),
        "the message goes once the address is fixed"
    );
}

#[wasm_bindgen_test]
async fn submitting_an_incomplete_form_marks_every_missing_answer_and_sends_nothing() {
    let (root, _form) = mounted(DEFINITION).await;
    submit(&root);
    tick().await;
    assert_eq!(
        find(&root, "#lf-company_name-error")
            .text_content()
            .as_deref(),
        Some("This field is required.")
    );
    assert!(is_shown(&root, "#lf-email-error"));
    assert!(is_shown(&root, "#lf-direction-error"));
    assert_eq!(
        find(&root, ".lf-banner").text_content().as_deref(),
        Some(""),
        "nothing was sent, so no delivery error"
    );
}

#[wasm_bindgen_test]
async fn a_failed_submission_says_so_and_loses_nothing() {
    let (root, _form) = mounted(DEFINITION).await;
    type_into(&root, "#lf-company_name", "Globex");
    type_into(&root, "#lf-email", "ada@globex.example");
    input(&root, "#lf-direction-send").click();
    submit(&root);
    let mut banner = String::new();
    for _ in 0..100 {
        tick().await;
        banner = find(&root, ".lf-banner").text_content().unwrap_or_default();
        if !banner.is_empty() {
            break;
        }
    }
    assert!(banner.contains("could not send"), "{banner}");
    assert_eq!(input(&root, "#lf-company_name").value(), "Globex");
    assert_eq!(input(&root, "#lf-email").value(), "ada@globex.example");
    assert!(input(&root, "#lf-direction-send").checked());
    assert!(is_shown(&root, "form"), "the form stays for another try");
}

#[wasm_bindgen_test]
async fn unmounting_removes_the_form() {
    let (root, mut form) = mounted(DEFINITION).await;
    assert!(root.query_selector("form").ok().flatten().is_some());
    form.unmount();
    tick().await;
    assert!(root.query_selector("form").ok().flatten().is_none());
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
    type_into(root, "#lf-company_name", "Globex");
    type_into(root, "#lf-email", "ada@globex.example");
    input(root, "#lf-direction-send").click();
}

#[wasm_bindgen_test]
async fn a_queued_submission_thanks_the_visitor_and_says_it_will_reach_the_team() {
    let _send = SendStub::install(
        r#"[{"status": 202, "body": {"submission_id": "s-1", "status": "queued"}}]"#,
    );
    let (root, _form) = mounted(DEFINITION).await;
    fill_valid_answers(&root);
    submit(&root);
    until(|| is_shown(&root, ".lf-success")).await;
    assert!(is_shown(&root, ".lf-success"), "thanked");
    assert!(is_shown(&root, ".lf-queued"), "told it is on its way");
    assert!(!is_shown(&root, "form"), "the form has done its job");
}

#[wasm_bindgen_test]
async fn a_delivered_submission_thanks_the_visitor_without_the_queued_note() {
    let _send = SendStub::install(
        r#"[{"status": 201, "body": {"submission_id": "s-2", "status": "delivered", "id": 7, "uuid": "u"}}]"#,
    );
    let (root, _form) = mounted(DEFINITION).await;
    fill_valid_answers(&root);
    submit(&root);
    until(|| is_shown(&root, ".lf-success")).await;
    assert!(is_shown(&root, ".lf-success"));
    assert!(!is_shown(&root, ".lf-queued"));
}

#[wasm_bindgen_test]
async fn offline_the_submission_waits_on_the_device_and_the_next_send_delivers_it() {
    let _send = SendStub::install(
        r#"["network", "kept",
            {"status": 201, "body": {"submission_id": "s-3", "status": "delivered", "id": 8, "uuid": "u"}}]"#,
    );
    let (root, _form) = mounted(DEFINITION).await;
    fill_valid_answers(&root);
    let banner = |root: &ShadowRoot| find(root, ".lf-banner").text_content().unwrap_or_default();
    submit(&root);
    until(|| banner(&root).contains("could not send")).await;
    assert!(
        banner(&root).contains("could not send"),
        "{}",
        banner(&root)
    );
    submit(&root);
    until(|| banner(&root).contains("offline")).await;
    assert!(
        banner(&root).contains("saved on this device"),
        "{}",
        banner(&root)
    );
    assert!(is_shown(&root, "form"), "the answers stay editable");
    assert_eq!(input(&root, "#lf-email").value(), "ada@globex.example");
    submit(&root);
    until(|| is_shown(&root, ".lf-success")).await;
    assert!(is_shown(&root, ".lf-success"));
    let bodies = SendStub::bodies();
    assert_eq!(bodies.len(), 3);
    assert!(
        bodies.iter().all(|body| *body == bodies[0]),
        "the same answers each time, so the loader keeps their key: {bodies:?}"
    );
    let sent = json(&bodies[0]);
    let field =
        |value: &JsValue, name: &str| js_sys::Reflect::get(value, &name.into()).expect("a field");
    let email = field(&field(&sent, "values"), "email");
    assert_eq!(email.as_string().as_deref(), Some("ada@globex.example"));
    assert_eq!(
        field(&sent, "direction").as_string().as_deref(),
        Some("send")
    );
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

#[wasm_bindgen_test]
async fn every_kind_of_question_renders_with_a_label_pointing_at_its_control() {
    let (root, _form) = mounted(EVERY_KIND).await;
    let kinds = [
        ("#lf-company_name", "INPUT", Some("text")),
        ("#lf-email", "INPUT", Some("email")),
        ("#lf-phone_number", "INPUT", Some("tel")),
        ("#lf-custom_5", "INPUT", Some("text")),
        ("#lf-custom_6", "INPUT", Some("date")),
        ("#lf-custom_7", "TEXTAREA", None),
        ("#lf-custom_8", "SELECT", None),
        ("#lf-custom_10", "INPUT", Some("checkbox")),
        ("#lf-custom_9", "FIELDSET", None),
    ];
    for (selector, tag, input_type) in kinds {
        let element = find(&root, selector);
        assert_eq!(element.tag_name(), tag, "{selector}");
        assert_eq!(
            element.get_attribute("type").as_deref(),
            input_type,
            "{selector}"
        );
    }
    assert_eq!(
        attribute(&root, "#lf-custom_5", "inputmode").as_deref(),
        Some("decimal")
    );
    assert_eq!(all(&root, "#lf-custom_9 input[type=checkbox]").len(), 2);

    let labels = all(&root, "label[for]");
    assert!(
        labels.len() >= 12,
        "questions, choices and consent are labelled"
    );
    for label in labels {
        let target = label.get_attribute("for").unwrap_or_default();
        let control = root.get_element_by_id(&target);
        let tag = control.as_ref().map(Element::tag_name);
        assert!(
            matches!(tag.as_deref(), Some("INPUT" | "SELECT" | "TEXTAREA")),
            "label for={target} points at {tag:?}"
        );
    }
    for fieldset in all(&root, "fieldset") {
        let legend = fieldset.query_selector(":scope > legend").ok().flatten();
        assert!(
            legend.is_some_and(|legend| !legend.text_content().unwrap_or_default().is_empty()),
            "a fieldset has a legend"
        );
    }
    assert_eq!(
        attribute(&root, "#lf-company_name", "aria-describedby").as_deref(),
        Some("lf-company_name-help lf-company_name-error")
    );
    assert!(root.get_element_by_id("lf-company_name-help").is_some());
}

#[wasm_bindgen_test]
async fn answers_typed_before_the_wasm_arrived_are_kept_in_every_kind_of_question() {
    // What embed.js reads from the server-rendered form: element id -> text or tick.
    let typed = js_sys::JSON::parse(
        r#"{
            "lf-direction-send": false, "lf-direction-claim": true,
            "lf-custom_9": "", "lf-custom_9-3": false, "lf-custom_9-4": true,
            "lf-company_name": "Globex", "lf-email": "ada@globex.example",
            "lf-phone_number": "+44 20 7946 0000", "lf-custom_5": "12.5",
            "lf-custom_6": "2026-12-01", "lf-custom_7": "Two sites\nNorth and south",
            "lf-custom_8": "2", "lf-custom_10": true, "lf-consent": true
        }"#,
    )
    .expect("JSON");
    let (root, _form) = mounted_over(EVERY_KIND, LOCALES[0].1, typed).await;
    for (selector, value) in [
        ("#lf-company_name", "Globex"),
        ("#lf-email", "ada@globex.example"),
        ("#lf-phone_number", "+44 20 7946 0000"),
        ("#lf-custom_5", "12.5"),
        ("#lf-custom_6", "2026-12-01"),
    ] {
        assert_eq!(input(&root, selector).value(), value, "{selector}");
    }
    let notes: web_sys::HtmlTextAreaElement =
        find(&root, "#lf-custom_7").dyn_into().expect("a textarea");
    assert_eq!(notes.value(), "Two sites\nNorth and south");
    let product: web_sys::HtmlSelectElement =
        find(&root, "#lf-custom_8").dyn_into().expect("a select");
    assert_eq!(product.value(), "2");
    for (selector, ticked) in [
        ("#lf-direction-send", false),
        ("#lf-direction-claim", true),
        ("#lf-custom_9-3", false),
        ("#lf-custom_9-4", true),
        ("#lf-custom_10", true),
        ("#lf-consent", true),
    ] {
        assert_eq!(input(&root, selector).checked(), ticked, "{selector}");
    }

    // The carried answers are the form's state, not just what the DOM shows: all pass.
    submit(&root);
    tick().await;
    assert!(
        all(&root, "[aria-invalid=true]").is_empty(),
        "no carried answer is refused"
    );
}

#[wasm_bindgen_test]
async fn refused_answers_set_aria_invalid_and_the_first_takes_focus() {
    let (root, _form) = mounted(EVERY_KIND).await;
    for selector in [
        "#lf-company_name",
        "#lf-custom_9-3",
        "#lf-direction-send",
        "#lf-consent",
    ] {
        assert_eq!(
            attribute(&root, selector, "aria-invalid").as_deref(),
            Some("false"),
            "{selector}"
        );
    }
    submit(&root);
    tick().await;
    for selector in [
        "#lf-custom_9-3",
        "#lf-custom_9-4",
        "#lf-company_name",
        "#lf-email",
        "#lf-custom_7",
        "#lf-custom_8",
        "#lf-custom_10",
        "#lf-direction-send",
        "#lf-direction-claim",
        "#lf-consent",
    ] {
        assert_eq!(
            attribute(&root, selector, "aria-invalid").as_deref(),
            Some("true"),
            "{selector}"
        );
    }
    for selector in ["#lf-phone_number", "#lf-custom_5", "#lf-custom_6"] {
        assert_eq!(
            attribute(&root, selector, "aria-invalid").as_deref(),
            Some("false"),
            "{selector} is optional"
        );
    }
    assert_eq!(
        find(&root, "#lf-custom_9-error").text_content().as_deref(),
        Some("Choose at least one option.")
    );
    let focused = || root.active_element().map(|element| element.id());
    assert_eq!(
        focused().as_deref(),
        Some("lf-direction-send"),
        "the direction comes first in the form and takes focus"
    );
    input(&root, "#lf-direction-send").click();
    submit(&root);
    tick().await;
    assert_eq!(
        focused().as_deref(),
        Some("lf-custom_9-3"),
        "the multi-select now holds the first error: its first choice takes focus"
    );

    // A number under the minimum: the code's parameter is put into words by the widget.
    type_into(&root, "#lf-custom_5", "3");
    tick().await;
    assert_eq!(
        find(&root, "#lf-custom_5-error").text_content().as_deref(),
        Some("Enter 10 or more.")
    );
    input(&root, "#lf-custom_9-4").click();
    tick().await;
    assert_eq!(
        attribute(&root, "#lf-custom_9-3", "aria-invalid").as_deref(),
        Some("false"),
        "fixing an answer clears its error at once"
    );
    assert!(!is_shown(&root, "#lf-custom_9-error"));
}

#[wasm_bindgen_test]
async fn the_form_state_derives_its_phase_from_the_submission() {
    use leadform::form_state::{FormState, Phase};
    use leadform_core::{FormDefinition, SubmittedValue};
    use leptos::prelude::*;

    let _send = SendStub::install(
        r#"[{"status": 202, "body": {"submission_id": "s-1", "status": "queued"}}]"#,
    );
    let definition: FormDefinition =
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(DEFINITION).expect("JSON"))
            .expect("a definition");
    let sender = || {
        leadform::submit::Sender::from_js(
            js_sys::Reflect::get(&web_sys::window().expect("window"), &"__lf_send".into())
                .expect("the stub"),
        )
    };
    let state = FormState::new(definition, &Default::default());
    assert_eq!(state.phase.get_untracked(), Phase::Editing);
    assert_eq!(
        state.submit(sender()).as_deref(),
        Some("direction"),
        "the first refusal is reported for focus"
    );
    assert_eq!(
        state.phase.get_untracked(),
        Phase::Editing,
        "nothing is sent while answers are refused"
    );

    state
        .direction
        .set(Some(leadform_core::FormDirection::Send));
    state.questions.with_value(|questions| {
        questions[0].set_text("Globex".into());
        questions[1].set_text("ada@globex.example".into());
    });
    assert_eq!(
        state.answers().values.get("email"),
        Some(&SubmittedValue::Text("ada@globex.example".into()))
    );
    assert_eq!(state.submit(sender()), None);
    assert_eq!(state.phase.get_untracked(), Phase::Sending);
    until(|| state.phase.get_untracked() == Phase::Queued).await;
    assert_eq!(state.phase.get_untracked(), Phase::Queued);
}

#[wasm_bindgen_test]
async fn an_answer_arriving_after_unmount_is_dropped_without_harm() {
    let _send = SendStub::install(
        r#"[{"status": 202, "delay": 100, "body": {"submission_id": "s-1", "status": "queued"}},
            {"status": 202, "body": {"submission_id": "s-2", "status": "queued"}}]"#,
    );
    let (root, mut form) = mounted(DEFINITION).await;
    fill_valid_answers(&root);
    submit(&root);
    tick().await;
    form.unmount();
    // The answer lands after the form is gone; a panic here would abort the wasm instance.
    for _ in 0..10 {
        tick().await;
    }
    let (root, _form) = mounted(DEFINITION).await;
    fill_valid_answers(&root);
    submit(&root);
    until(|| is_shown(&root, ".lf-success")).await;
    assert!(
        is_shown(&root, ".lf-success"),
        "the widget still works after the dropped answer"
    );
}

#[wasm_bindgen_test]
fn every_error_code_and_refusal_has_words_in_every_language() {
    use leadform::submit::SubmitError;
    use leadform::texts::Texts;
    use leadform_core::{ErrorCode, FiniteNumber, FormDirection, InputKind};
    let number = |value| FiniteNumber::new(value).expect("finite");
    let codes = [
        ErrorCode::Required,
        ErrorCode::TooLong { max: 40 },
        ErrorCode::InvalidEmail,
        ErrorCode::InvalidPhone,
        ErrorCode::InvalidNumber,
        ErrorCode::BelowMinimum { min: number(12.5) },
        ErrorCode::AboveMaximum { max: number(1e6) },
        ErrorCode::InvalidDate,
        ErrorCode::InvalidBoolean,
        ErrorCode::UnknownOption,
        ErrorCode::DuplicateOption,
        ErrorCode::ExpectedSingleValue,
        ErrorCode::UnknownField,
        ErrorCode::DirectionRequired,
        ErrorCode::DirectionNotAllowed {
            direction: FormDirection::Claim,
        },
        ErrorCode::ConsentRequired,
        ErrorCode::ForbiddenCharacter,
    ];
    let refusals: Vec<String> = js_sys::Object::keys(&json(LOCALES[0].1).into())
        .iter()
        .filter_map(|key| key.as_string()?.strip_prefix("refusal.").map(str::to_owned))
        .collect();
    assert!(refusals.len() >= 12, "{refusals:?}");
    for (locale, table) in LOCALES {
        let texts = Texts::from_js(json(table));
        for code in codes {
            for kind in [None, Some(InputKind::MultiSelect)] {
                let words = texts.field_error(code, kind);
                assert!(
                    !words.starts_with("error.") && !words.contains('{') && words.len() > 5,
                    "{locale} {code:?}: {words}"
                );
            }
        }
        let claim = texts.direction(FormDirection::Claim).0;
        for (code, parameter) in [
            (ErrorCode::TooLong { max: 40 }, "40".to_owned()),
            (ErrorCode::BelowMinimum { min: number(12.5) }, "12.5".into()),
            (
                ErrorCode::AboveMaximum { max: number(1e6) },
                "1000000".into(),
            ),
            (
                ErrorCode::DirectionNotAllowed {
                    direction: FormDirection::Claim,
                },
                claim,
            ),
        ] {
            let words = texts.field_error(code, None);
            assert!(
                words.contains(&parameter),
                "{locale}: {words} names {parameter}"
            );
        }
        let mut errors = vec![
            SubmitError::Network,
            SubmitError::Server,
            SubmitError::Offline,
        ];
        errors.extend(refusals.iter().map(|code| SubmitError::Refused {
            code: code.clone(),
            message: "THE PROXY'S WORDS".into(),
            fields: Vec::new(),
        }));
        for error in errors {
            let words = texts.submit_error(&error);
            assert!(!words.contains("THE PROXY"), "{locale} {error:?}: {words}");
            assert!(
                !words.starts_with("refusal.") && !words.starts_with("error."),
                "{words}"
            );
        }
        let unknown = SubmitError::Refused {
            code: "from_a_newer_proxy".into(),
            message: "THE PROXY'S WORDS".into(),
            fields: Vec::new(),
        };
        assert_eq!(texts.submit_error(&unknown), "THE PROXY'S WORDS");
    }
}

#[wasm_bindgen_test]
async fn a_german_form_shows_no_english() {
    let german = LOCALES[1].1;
    let (root, _form) = mounted_over(EVERY_KIND, german, JsValue::UNDEFINED).await;
    submit(&root);
    tick().await;
    let shown = find(&root, ".lf-root").text_content().unwrap_or_default();
    for words in [
        "Was möchten Sie tun?",
        "Lead empfehlen",
        "Dieses Feld ist erforderlich.",
        "Wählen Sie mindestens eine Option.",
        "Bitte wählen…",
        "Senden",
        "Wählen Sie, ob Sie diesen Lead senden oder beanspruchen.",
        "Bitte bestätigen Sie vor dem Senden.",
    ] {
        assert!(shown.contains(words), "{words:?} in {shown}");
    }
    let english = json(LOCALES[0].1);
    for key in js_sys::Object::keys(&english.clone().into()).iter() {
        let words = js_sys::Reflect::get(&english, &key)
            .ok()
            .and_then(|words| words.as_string())
            .unwrap_or_default();
        // Short words like "Send" are inside German ones ("Senden").
        if words.len() > 8 {
            assert!(!shown.contains(&words), "English {words:?} in {shown}");
        }
    }
}

#[wasm_bindgen_test]
fn the_submission_is_written_as_serde_writes_it() {
    use leadform_core::{FormDirection, Submission, SubmittedValue};
    let text = |text: &str| SubmittedValue::Text(text.to_owned());
    let submission = Submission {
        direction: Some(FormDirection::Send),
        values: [
            ("company_name", text("Globex \"Ltd\" \\ Ärger 👍")),
            (
                "custom_6",
                text("line one\nline two\ttab\u{1}\u{7f}\u{2028}"),
            ),
            ("custom_5", text("1500.5")),
            (
                "custom_9",
                SubmittedValue::List(vec!["2".into(), "10".into()]),
            ),
            ("custom_10", SubmittedValue::List(Vec::new())),
        ]
        .into_iter()
        .map(|(id, value)| (id.to_owned(), value))
        .collect(),
        consent: true,
        ..Submission::default()
    };
    assert_eq!(
        leadform::json::submission(&submission).as_deref(),
        Some(serde_json::to_string(&submission).unwrap().as_str())
    );
    let without_direction = Submission::default();
    assert_eq!(
        leadform::json::submission(&without_direction),
        serde_json::to_string(&without_direction).ok()
    );
}

#[wasm_bindgen_test]
async fn the_proxys_refusals_go_beside_their_questions_in_words() {
    let _send = SendStub::install(
        r#"[{"status": 422, "body": {"error": {"code": "invalid_submission", "message": "Some answers need another look.",
              "fields": [{"field": "company_name", "code": "too_long", "max": 5},
                         {"field": "email", "code": "invalid_email"},
                         {"field": "email", "code": "a_code_from_a_newer_proxy"}]}}}]"#,
    );
    let (root, _form) = mounted(DEFINITION).await;
    fill_valid_answers(&root);
    submit(&root);
    until(|| is_shown(&root, "#lf-email-error")).await;
    assert_eq!(
        find(&root, "#lf-company_name-error")
            .text_content()
            .as_deref(),
        Some("Use at most 5 characters.")
    );
    assert_eq!(
        find(&root, "#lf-email-error").text_content().as_deref(),
        Some("Enter an email address like name@example.com.")
    );
    assert_eq!(
        attribute(&root, "#lf-email", "aria-invalid").as_deref(),
        Some("true")
    );
    let focused = root.active_element().map(|element| element.id());
    assert_eq!(
        focused.as_deref(),
        Some("lf-company_name"),
        "the first refused answer takes focus"
    );
    assert_eq!(
        input(&root, "#lf-email").value(),
        "ada@globex.example",
        "nothing typed is lost"
    );
}
