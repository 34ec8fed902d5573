//! What `LeadForm` keeps in the visitor's `localStorage`, in the embed loader's format
//! (embed/src/storage.js): each form's draft and the submissions waiting for the network. A
//! draft or a kept submission written by the component is the loader's too, and the other way
//! round, on an app that has both. The keys and lifetimes are defined in
//! [`crate::storage_keys`], which a test holds equal to the loader's.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::storage_keys::{DRAFT, DRAFT_LIFETIME_MS, KEPT, KEPT_LIFETIME_MS};

/// A submission waiting for the network: `{base, formId, body, key, at}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// The proxy's address.
    pub base: String,
    /// The form's id.
    #[serde(rename = "formId")]
    pub form_id: String,
    /// The submission as JSON.
    pub body: String,
    /// Its idempotency key, the same for every send of these answers.
    pub key: String,
    /// When it was made (ms since 1970).
    pub at: f64,
}

/// The draft of form `form` of the proxy at `base`.
pub fn draft_key(base: &str, form: &str) -> String {
    format!("{DRAFT}{base} {form}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The value under `key`, parsed; `NULL` when there is none, storage is refused or it is
/// not JSON.
fn read(key: &str) -> JsValue {
    storage()
        .and_then(|storage| storage.get_item(key).ok().flatten())
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// Writes `value` under `key`, or removes it; whether it was written.
fn write(key: &str, value: Option<&JsValue>) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    match value {
        None => storage.remove_item(key).is_ok(),
        Some(value) => js_sys::JSON::stringify(value)
            .ok()
            .and_then(|text| text.as_string())
            .is_some_and(|text| storage.set_item(key, &text).is_ok()),
    }
}

/// The submissions waiting for the network.
pub fn kept() -> Vec<Kept> {
    serde_wasm_bindgen::from_value(read(KEPT)).unwrap_or_default()
}

/// Keeps exactly `entries`; whether they are kept.
fn keep(entries: &[Kept]) -> bool {
    if entries.is_empty() {
        return write(KEPT, None);
    }
    entries
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .is_ok_and(|value| write(KEPT, Some(&value)))
}

/// Keeps `entry` in place of any kept under its key; whether it is kept.
pub fn keep_also(entry: Kept) -> bool {
    let mut entries: Vec<Kept> = kept()
        .into_iter()
        .filter(|kept| kept.key != entry.key)
        .collect();
    entries.push(entry);
    keep(&entries)
}

/// Forgets the submission with idempotency key `key`, if it was kept.
pub fn forget_kept(key: &str) {
    let entries = kept();
    if entries.iter().any(|kept| kept.key == key) {
        let rest: Vec<Kept> = entries.into_iter().filter(|kept| kept.key != key).collect();
        keep(&rest);
    }
}

/// The answers of the draft under `key` (element id → text or tick), if there is one.
pub fn draft(key: &str) -> Option<JsValue> {
    let answers = js_sys::Reflect::get(&read(key), &"answers".into()).ok()?;
    answers.is_object().then_some(answers)
}

/// Saves `answers` as the draft under `key`, made at `now`.
pub fn write_draft(key: &str, answers: &JsValue, now: f64) {
    let draft = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&draft, &"at".into(), &now.into());
    let _ = js_sys::Reflect::set(&draft, &"answers".into(), answers);
    write(key, Some(&draft));
}

/// Removes the draft under `key`.
pub fn clear_draft(key: &str) {
    write(key, None);
}

/// Drops drafts saved more than 30 days before `now` and submissions kept more than 7 days,
/// as the loader does when it starts.
pub fn expire(now: f64) {
    let entries = kept();
    let fresh: Vec<Kept> = entries
        .iter()
        .filter(|entry| now - entry.at < KEPT_LIFETIME_MS)
        .cloned()
        .collect();
    if fresh.len() != entries.len() {
        keep(&fresh);
    }
    let Some(storage) = storage() else {
        return;
    };
    let length = storage.length().unwrap_or(0);
    for index in (0..length).rev() {
        let Some(key) = storage.key(index).ok().flatten() else {
            continue;
        };
        if !key.starts_with(DRAFT) {
            continue;
        }
        let draft = read(&key);
        let at = js_sys::Reflect::get(&draft, &"at".into())
            .ok()
            .and_then(|at| at.as_f64());
        // A draft without a time (an older loader's) is timed from now, as the loader does.
        match at {
            None => {
                if draft.is_object() {
                    write_draft(&key, &draft, now);
                }
            }
            Some(at) if now - at < DRAFT_LIFETIME_MS => {}
            Some(_) => clear_draft(&key),
        }
    }
}
