//! `LeadForm` in the browser: the form fetched (or, in an SSR app, read from the page) and
//! mounted into the host's shadow root, sent through [`crate::api`]. Like the loader, it
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

use super::{Props, STYLESHEET};
use crate::api::{self, ApiError, EmbedAnswer};
use crate::components::field_ids::FieldIds;
use crate::device_storage::{self, Kept};
use crate::mount::MountedForm;

/// Shows the form in `host` once it is in the document: in the first paint's place when the
/// server rendered one (`painted` gives the proxy's answer the page carried), otherwise in a
/// new shadow root, with the definition fetched from the proxy.
pub(super) fn start(
    host: NodeRef<html::Div>,
    props: Props,
    painted: impl Fn() -> Option<String> + 'static,
) {
    // Dropped with the component: the form leaves the shadow root, and `send` is freed.
    let mounted: StoredValue<Option<Mounted>, LocalStorage> = StoredValue::new_local(None);
    let Props {
        base,
        form,
        locale,
        prefill,
        on_submitted,
        on_error,
    } = props;
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
        let painted = painted();
        // The server's declarative shadow root, with the form and its stylesheet in it.
        let server_root = host
            .shadow_root()
            .filter(|root| painted.is_some() && has_first_paint(root));
        let root = match server_root.clone() {
            Some(root) => root,
            None => match host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) {
                Ok(root) => root,
                Err(_) => return,
            },
        };
        // Also over a first paint: its `<style>` needs the page's nonce in `style-src`, and
        // a page without one still gets a styled live form.
        adopt_stylesheet(&root);
        device_storage::expire(js_sys::Date::now());
        let locales = locale.unwrap_or_else(browser_languages);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = match painted {
                Some(text) => api::embed_answer(&text),
                None => api::definition(&settings.base, &settings.form, &locales).await,
            };
            let answer = match answer {
                Ok(answer) => answer,
                Err(error) => {
                    if let Some(on_error) = settings.on_error {
                        on_error.run(error);
                    }
                    return;
                }
            };
            let send = sender(settings.clone());
            let typed = js_sys::Object::new();
            for (question, value) in &prefill {
                let _ = js_sys::Reflect::set(
                    &typed,
                    &FieldIds::new(question, false).control.into(),
                    &value.into(),
                );
            }
            // The visitor's own draft wins over the app's prefill, as on a partner page, and
            // what they typed into the first paint wins over both.
            if let Some(draft) = device_storage::draft(&settings.draft) {
                let _ = js_sys::Object::assign(&typed, &draft.into());
            }
            let caret = server_root.as_ref().and_then(|root| {
                let _ = js_sys::Object::assign(&typed, &typed_into(root, true).into());
                let caret = Caret::of(root);
                remove_first_paint(root);
                caret
            });
            let drafting = drafts(&root, settings.clone());
            if let Ok(form) = mount_answer(&root, answer, typed.into(), &send) {
                mounted.set_value(Some((form, send, drafting)));
            }
            if let Some(caret) = caret {
                caret.restore(&root);
            }
            // What waited on the device for this form, here or on a page with the loader.
            settings.send_kept().await;
        });
    });
}

/// Mounts the form of `answer` into `root`, starting from `typed`.
fn mount_answer(
    root: &ShadowRoot,
    answer: EmbedAnswer,
    typed: JsValue,
    send: &WidgetSend,
) -> Result<MountedForm, JsValue> {
    let options = js_sys::Object::new();
    for (name, value) in [
        ("texts", answer.texts),
        ("typed", typed),
        ("send", send.as_ref().clone()),
    ] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value);
    }
    crate::mount(root.clone(), answer.definition, options.into())
}

/// The server's first paint: the `.lf-root` the server put into the shadow root (the only
/// one until the live form mounts; `:scope` matches nothing in a shadow root).
const FIRST_PAINT: &str = ".lf-root";

fn has_first_paint(root: &ShadowRoot) -> bool {
    root.query_selector(FIRST_PAINT).ok().flatten().is_some()
}

fn remove_first_paint(root: &ShadowRoot) {
    if let Ok(Some(first_paint)) = root.query_selector(FIRST_PAINT) {
        first_paint.remove();
    }
}

/// Where the visitor was typing in the first paint: the control's id and the selection, put
/// back into the live form so the takeover does not move their caret.
struct Caret {
    id: String,
    selection: Option<(u32, u32)>,
}

impl Caret {
    fn of(root: &ShadowRoot) -> Option<Caret> {
        let focused = root.active_element()?;
        let id = focused.id();
        if id.is_empty() {
            return None;
        }
        let selection = focused
            .dyn_ref::<web_sys::HtmlInputElement>()
            .and_then(|input| {
                Some((
                    input.selection_start().ok().flatten()?,
                    input.selection_end().ok().flatten()?,
                ))
            });
        Some(Caret { id, selection })
    }

    fn restore(self, root: &ShadowRoot) {
        let Ok(Some(control)) = root.query_selector(&format!("#{}", self.id)) else {
            return;
        };
        let Ok(control) = control.dyn_into::<web_sys::HtmlElement>() else {
            return;
        };
        let _ = control.focus();
        if let (Some((start, end)), Some(input)) = (
            self.selection,
            control.dyn_ref::<web_sys::HtmlInputElement>(),
        ) {
            // The widget writes the values after mounting, which moves the caret to the end;
            // it is put back in a task of its own, after that.
            let input = input.clone();
            wasm_bindgen_futures::spawn_local(async move {
                api::sleep(std::time::Duration::ZERO).await;
                let _ = input.set_selection_range(start, end);
            });
        }
    }
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
                    &typed_into(&root, false),
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
/// `typedInto`): text, or a tick for checkboxes and radio buttons. With `changed_only`, only
/// what differs from the HTML's own values: what they typed into a first paint, not its blanks.
fn typed_into(root: &ShadowRoot, changed_only: bool) -> JsValue {
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
        let (value, unchanged) = match kind.as_str() {
            "checkbox" | "radio" => (read("checked"), read("defaultChecked")),
            "submit" | "button" | "" => (None, None),
            // A `select` has no `defaultValue`: the first paint's selects start blank.
            _ => (
                read("value"),
                Some(
                    read("defaultValue")
                        .filter(|value| !value.is_undefined())
                        .unwrap_or_else(|| JsValue::from_str("")),
                ),
            ),
        };
        let untouched = |value: &JsValue| changed_only && unchanged.as_ref() == Some(value);
        let value = value.filter(|value| !id.is_empty() && !untouched(value));
        if let Some(value) = value {
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
