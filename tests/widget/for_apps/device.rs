//! `LeadForm` keeps the visitor's draft and, without a network, the submission on the device,
//! in the loader's format, and sends what waited there when the form is shown again.

use std::sync::{Arc, Mutex};

use leadform::LeadForm;
use leadform::api::Receipt;
use leptos::prelude::*;

use super::stub_proxy::{BASE, StubProxy};
use super::{TOKEN_ANSWER, app_root, embed_answer, waiting_for};
use crate::*;

const DRAFT_KEY: &str = "leadform:draft:https://forms.example acme-referral";

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .expect("localStorage")
}

/// The `/embed` answer, then `more` (JSON answers, each after a comma).
fn answers(more: &str) -> String {
    format!(r#"[{{"status":200,"body":{}}}{more}]"#, embed_answer())
}

/// `LeadForm` for the stub's form in a new element of the page, reporting receipts into
/// `submitted`; returns the form's shadow root once it is live, and the mount's handle.
async fn shown(submitted: Arc<Mutex<Vec<Receipt>>>) -> (ShadowRoot, Box<dyn std::any::Any>) {
    let app = app_root();
    let handle = leptos::mount::mount_to(app.clone(), move || {
        let submitted = submitted.clone();
        view! {
            <LeadForm base=BASE form="acme-referral" locale="en"
                on_submitted=move |receipt: Receipt| submitted.lock().expect("unpoisoned").push(receipt)/>
        }
    });
    let root = waiting_for("the form shown", || {
        let root = app.query_selector(".leadform-host").ok()??.shadow_root()?;
        root.query_selector("form.lf-form").ok()?.map(|_| root)
    })
    .await;
    (root, Box::new(handle))
}

#[wasm_bindgen_test]
async fn offline_the_submission_waits_in_the_loaders_format_and_goes_when_the_form_shows_again() {
    local_storage().clear().expect("cleared");
    let submitted: Arc<Mutex<Vec<Receipt>>> = Arc::default();
    let offline = StubProxy::answering(&answers(&format!(r#",{TOKEN_ANSWER},{{"network":true}}"#)));
    let (root, handle) = shown(submitted.clone()).await;
    type_into(&root, &ids::control("company_name"), "Globex");
    type_into(&root, &ids::control("email"), "ada@globex.example");
    input(&root, &ids::direction(FormDirection::Send)).click();
    submit(&root);
    let kept: serde_json::Value = waiting_for("the submission kept", || {
        let text = local_storage().get_item("leadform:kept").ok()??;
        serde_json::from_str(&text).ok()
    })
    .await;
    let entry = &kept[0];
    assert_eq!(
        (&entry["base"], &entry["formId"]),
        (&BASE.into(), &"acme-referral".into()),
        "{kept}"
    );
    let key = entry["key"].as_str().expect("a key").to_owned();
    assert_eq!(
        offline.requests()[2]["key"],
        key.as_str(),
        "kept under the key it was sent with"
    );
    let body: serde_json::Value =
        serde_json::from_str(entry["body"].as_str().expect("a body")).expect("JSON");
    assert_eq!(body["values"]["email"], "ada@globex.example");
    assert!(entry["at"].as_f64().is_some_and(|at| at > 1.7e12));
    drop(handle);
    drop(offline);

    // The next visit: the form is shown again, and what waited is sent, under its key.
    let online = StubProxy::answering(&answers(&format!(
        r#",{TOKEN_ANSWER},{{"status":201,"body":{{"submission_id":"s-1","status":"delivered","id":7}}}}"#
    )));
    let (_root, _handle) = shown(submitted.clone()).await;
    waiting_for("the kept submission sent", || {
        (!submitted.lock().expect("unpoisoned").is_empty()).then_some(())
    })
    .await;
    assert_eq!(
        submitted.lock().expect("unpoisoned")[0].id,
        Some(7),
        "the app hears of it"
    );
    assert_eq!(online.requests()[2]["key"], key.as_str());
    assert_eq!(
        local_storage().get_item("leadform:kept").ok().flatten(),
        None,
        "nothing waits any more"
    );
}

#[wasm_bindgen_test]
async fn a_draft_is_kept_as_the_loader_keeps_it_and_a_month_old_one_is_not_restored() {
    local_storage().clear().expect("cleared");
    let _proxy = StubProxy::answering(&answers(""));
    let (root, handle) = shown(Arc::default()).await;
    type_into(&root, &ids::control("email"), "ada@globex.example");
    let mut draft: serde_json::Value = waiting_for("the draft saved", || {
        let text = local_storage().get_item(DRAFT_KEY).ok()??;
        serde_json::from_str(&text).ok()
    })
    .await;
    assert_eq!(
        draft["answers"][ids::bare(&ids::control("email"))],
        "ada@globex.example",
        "{draft}"
    );
    assert!(draft["at"].as_f64().is_some_and(|at| at > 1.7e12));
    drop(handle);

    let _proxy = StubProxy::answering(&answers(""));
    let (root, handle) = shown(Arc::default()).await;
    assert_eq!(
        input(&root, &ids::control("email")).value(),
        "ada@globex.example",
        "restored"
    );
    drop(handle);

    // Saved 31 days ago: gone before the form shows.
    let month_ago = js_sys::Date::now() - 31.0 * 864e5;
    draft["at"] = month_ago.into();
    local_storage()
        .set_item(DRAFT_KEY, &draft.to_string())
        .expect("written");
    let _proxy = StubProxy::answering(&answers(""));
    let (root, _handle) = shown(Arc::default()).await;
    assert_eq!(
        input(&root, &ids::control("email")).value(),
        "",
        "not restored"
    );
    assert_eq!(local_storage().get_item(DRAFT_KEY).ok().flatten(), None);
}
