//! `LeadForm` for Leptos apps (feature `component`): the same form the script tag shows, in a
//! shadow root of its own inside the app's view tree, fetched and sent through
//! [`crate::api`] instead of the embed loader. The shadow root keeps the app's CSS out of the
//! form and the form's out of the app, as on a partner page; the stylesheet is compiled in
//! and adopted as a constructed stylesheet, which a strict CSP allows. Like the loader, it
//! keeps the visitor's draft and, without a network, the submission on the device, in the
//! loader's format ([`crate::device_storage`]), so either sends what the other kept.

use std::cell::RefCell;
use std::rc::Rc;

use leadform_core::{Receipt, Refusal, RefusalCode, RefusalDetail};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::api::{self, ApiError};
use crate::components::field_ids::FieldIds;
use crate::device_storage::{self, Kept};
use crate::mount::MountedForm;

/// The widget's stylesheet, the same the loader carries.
const STYLESHEET: &str = include_str!("../style/leadform.css");

/// A lead form of the proxy at `base`: shown once its definition arrives, sent with a fill
/// token and an idempotency key that stays with the same answers, refusals shown beside
/// their questions in the form's language.
#[component]
pub fn LeadForm(
    /// The proxy's address, e.g. `https://forms.example.com`.
    #[prop(into)]
    base: String,
    /// The form's id in the proxy's forms file.
    #[prop(into)]
    form: String,
    /// The language to show the form in; by default the browser's languages decide.
    #[prop(optional, into)]
    locale: Option<String>,
    /// `light`, `dark` or `auto` (the visitor's setting); by default the stylesheet's.
    #[prop(optional, into)]
    theme: Option<String>,
    /// Answers to start from, by question id (`email`, `company_name`, `custom_7`): text.
    #[prop(optional)]
    prefill: Vec<(String, String)>,
    /// Called once the proxy has the lead (delivered, or queued for delivery).
    #[prop(optional, into)]
    on_submitted: Option<Callback<Receipt>>,
    /// Called when the form cannot be shown or a submission is refused or cannot be sent.
    #[prop(optional, into)]
    on_error: Option<Callback<ApiError>>,
) -> impl IntoView {
    let host = NodeRef::<html::Div>::new();
    // Dropped with the component: the form leaves the shadow root, and `send` is freed.
    let mounted: StoredValue<Option<Mounted>, LocalStorage> = StoredValue::new_local(None);
    // The proxy's address as the loader names it in what it keeps: without a trailing `/`.
    let base = base.trim_end_matches('/').to_owned();
    let settings = Rc::new(Settings {
        draft: device_storage::draft_key(&base, &form),
        base,
        form,
        on_submitted,
        on_error,
        last: RefCell::new(None),
        sent: std::cell::Cell::new(false),
    });
    host.on_load(move |host| {
        let Ok(root) = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) else {
            return;
        };
        adopt_stylesheet(&root);
        device_storage::expire(js_sys::Date::now());
        let locales = locale.unwrap_or_else(browser_languages);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = match api::definition(&settings.base, &settings.form, &locales).await {
                Ok(answer) => answer,
                Err(error) => {
                    if let Some(on_error) = settings.on_error {
                        on_error.run(error);
                    }
                    return;
                }
            };
            let send = sender(settings.clone());
            let options = js_sys::Object::new();
            let typed = js_sys::Object::new();
            for (question, value) in &prefill {
                let _ = js_sys::Reflect::set(
                    &typed,
                    &FieldIds::new(question, false).control.into(),
                    &value.into(),
                );
            }
            // The visitor's own draft wins over the app's prefill, as on a partner page.
            if let Some(draft) = device_storage::draft(&settings.draft) {
                let _ = js_sys::Object::assign(&typed, &draft.into());
            }
            for (name, value) in [
                ("texts", answer.texts.clone()),
                ("typed", typed.into()),
                ("send", send.as_ref().clone()),
            ] {
                let _ = js_sys::Reflect::set(&options, &name.into(), &value);
            }
            let drafting = drafts(&root, settings.clone());
            if let Ok(form) = crate::mount(root, answer.definition, options.into()) {
                mounted.set_value(Some((form, send, drafting)));
            }
            // What waited on the device for this form, here or on a page with the loader.
            settings.send_kept().await;
        });
    });
    view! { <div class="leadform-host" node_ref=host data-theme=theme></div> }
}

/// The widget's `send(body)`, as the loader's would be: a JS function over [`Settings::send`].
type WidgetSend = Closure<dyn FnMut(String) -> js_sys::Promise>;

/// A form mounted in the component's shadow root, the `send` it calls and the listener that
/// saves its draft.
type Mounted = (MountedForm, WidgetSend, Drafting);

/// Saves the draft of the form in a shadow root a moment after the visitor stops typing; the
/// listener and its pending save, dropped (and removed) with the component.
struct Drafting {
    root: ShadowRoot,
    listener: Closure<dyn FnMut()>,
}

impl Drop for Drafting {
    fn drop(&mut self) {
        for kind in ["input", "change"] {
            let _ = self
                .root
                .remove_event_listener_with_callback(kind, self.listener.as_ref().unchecked_ref());
        }
    }
}

/// A draft is saved this long after the visitor stops typing (the loader's `DRAFT_DELAY_MS`).
const DRAFT_DELAY_MS: i32 = 400;

fn drafts(root: &ShadowRoot, settings: Rc<Settings>) -> Drafting {
    let pending = Rc::new(std::cell::Cell::new(None::<i32>));
    let save = {
        let (root, settings) = (root.clone(), settings.clone());
        Closure::<dyn FnMut()>::new(move || {
            if !settings.sent.get() {
                device_storage::write_draft(
                    &settings.draft,
                    &typed_into(&root),
                    js_sys::Date::now(),
                );
            }
        })
    };
    let listener = Closure::<dyn FnMut()>::new(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(handle) = pending.take() {
            window.clear_timeout_with_handle(handle);
        }
        pending.set(
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    save.as_ref().unchecked_ref(),
                    DRAFT_DELAY_MS,
                )
                .ok(),
        );
    });
    for kind in ["input", "change"] {
        let _ = root.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
    }
    Drafting {
        root: root.clone(),
        listener,
    }
}

/// What the visitor has entered in the form in `root`, by element id (the loader's
/// `typedInto`): text, or a tick for checkboxes and radio buttons.
fn typed_into(root: &ShadowRoot) -> JsValue {
    let typed = js_sys::Object::new();
    let Ok(controls) = root.query_selector_all("form [id]") else {
        return typed.into();
    };
    for index in 0..controls.length() {
        let Some(control) = controls.get(index) else {
            continue;
        };
        let read = |name: &str| js_sys::Reflect::get(&control, &name.into()).ok();
        let kind = read("type")
            .and_then(|kind| kind.as_string())
            .unwrap_or_default();
        let id = read("id").and_then(|id| id.as_string()).unwrap_or_default();
        let value = match kind.as_str() {
            "checkbox" | "radio" => read("checked"),
            "submit" | "button" | "" => None,
            _ => read("value"),
        };
        if let Some(value) = value.filter(|_| !id.is_empty()) {
            let _ = js_sys::Reflect::set(&typed, &id.into(), &value);
        }
    }
    typed.into()
}

/// What the form's `send` needs, shared by its calls.
struct Settings {
    base: String,
    form: String,
    /// The key of this form's draft.
    draft: String,
    /// The proxy has the lead: no draft is saved any more.
    sent: std::cell::Cell<bool>,
    on_submitted: Option<Callback<Receipt>>,
    on_error: Option<Callback<ApiError>>,
    /// The last answers sent and their idempotency key: the same answers keep their key, so a
    /// second Send after a lost answer is the same lead.
    last: RefCell<Option<(String, String)>>,
}

/// The widget's `send(body)` (see `submit::Sender`), through [`api`]: a fill token, waited
/// for as the proxy asks, then the submission; answered as `{status, text}` like the
/// loader's.
fn sender(settings: Rc<Settings>) -> WidgetSend {
    Closure::new(move |body: String| {
        let settings = settings.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let (status, text) = settings.send(&body).await;
            let answer = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&answer, &"status".into(), &status.into());
            let _ = js_sys::Reflect::set(&answer, &"text".into(), &text.into());
            Ok(answer.into())
        })
    })
}

impl Settings {
    async fn send(&self, body: &str) -> (u16, String) {
        let key = self.key_for(body);
        let outcome = self.submit(body, &key).await;
        if let Err(ApiError::Network(_)) = outcome {
            // No answer: kept on the device, with its key, until it can be sent.
            let kept = device_storage::keep_also(Kept {
                base: self.base.clone(),
                form_id: self.form.clone(),
                body: body.to_owned(),
                key,
                at: js_sys::Date::now(),
            });
            return (0, if kept { "kept" } else { "" }.to_owned());
        }
        device_storage::forget_kept(&key);
        if outcome.is_ok() {
            self.sent.set(true);
            device_storage::clear_draft(&self.draft);
        }
        self.settled(outcome)
    }

    /// Tells the app how a submission ended and answers the widget as the proxy did.
    fn settled(&self, outcome: Result<Receipt, ApiError>) -> (u16, String) {
        match outcome {
            Ok(receipt) => {
                let text = as_json(&receipt);
                let status = match receipt.status {
                    leadform_core::ReceiptStatus::Delivered => 201,
                    leadform_core::ReceiptStatus::Queued => 202,
                };
                if let Some(on_submitted) = self.on_submitted {
                    on_submitted.run(receipt);
                }
                (status, text)
            }
            Err(error) => {
                let answer = as_answer(&error);
                if let Some(on_error) = self.on_error {
                    on_error.run(error);
                }
                answer
            }
        }
    }

    /// Sends what waits on the device for this form, each under its own key; what still
    /// finds no network waits on.
    async fn send_kept(&self) {
        let waiting = device_storage::kept()
            .into_iter()
            .filter(|kept| kept.base == self.base && kept.form_id == self.form);
        for kept in waiting {
            let outcome = self.submit(&kept.body, &kept.key).await;
            if let Err(ApiError::Network(_)) = outcome {
                continue;
            }
            device_storage::forget_kept(&kept.key);
            self.settled(outcome);
        }
    }

    async fn submit(&self, body: &str, key: &str) -> Result<Receipt, ApiError> {
        let token = api::token(&self.base, &self.form).await?;
        api::sleep(std::time::Duration::from_millis(token.wait)).await;
        api::submit_json(&self.base, &self.form, body, key, &token.token).await
    }

    fn key_for(&self, body: &str) -> String {
        let mut last = self.last.borrow_mut();
        if let Some((sent, key)) = last.as_ref()
            && sent == body
        {
            return key.clone();
        }
        let key = web_sys::window()
            .and_then(|window| window.crypto().ok())
            .map(|crypto| crypto.random_uuid())
            .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64));
        *last = Some((body.to_owned(), key.clone()));
        key
    }
}

/// What the widget reads from an answer that is not a receipt: the proxy's refusal as it
/// sent it, `429` for a proxy still busy, status 0 (nothing kept) without an answer.
fn as_answer(error: &ApiError) -> (u16, String) {
    let refusal = |code: RefusalCode, message: &str, fields| {
        as_json(&Refusal {
            error: RefusalDetail {
                code,
                message: message.to_owned(),
                fields,
            },
        })
    };
    match error {
        ApiError::Refused {
            status,
            code,
            message,
            fields,
        } => (*status, refusal(*code, message, fields.clone())),
        ApiError::Busy { .. } => (429, refusal(RefusalCode::RateLimited, "", Vec::new())),
        ApiError::Network(_) => (0, String::new()),
        ApiError::Unreadable { status, .. } => (*status, String::new()),
    }
}

/// `value` as the proxy writes it, JSON, by the browser's writer.
fn as_json(value: &impl serde::Serialize) -> String {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
        .and_then(|value| js_sys::JSON::stringify(&value).ok())
        .map(String::from)
        .unwrap_or_default()
}

fn adopt_stylesheet(root: &ShadowRoot) {
    let Ok(sheet) = web_sys::CssStyleSheet::new() else {
        return;
    };
    let _ = sheet.replace_sync(STYLESHEET);
    let sheets = js_sys::Array::of1(&sheet);
    root.set_adopted_style_sheets(&sheets);
}

/// The browser's languages, most wanted first, as the proxy's `locale` takes them.
fn browser_languages() -> String {
    web_sys::window()
        .map(|window| {
            let languages: Vec<String> = window
                .navigator()
                .languages()
                .iter()
                .filter_map(|language| language.as_string())
                .collect();
            languages.join(",")
        })
        .unwrap_or_default()
}
