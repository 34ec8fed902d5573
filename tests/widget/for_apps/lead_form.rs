//! `LeadForm` in a Leptos app's view: the form comes from the proxy, shows in a shadow root
//! of its own, sends with a fill token and an idempotency key, and tells the app.

use std::sync::{Arc, Mutex};

use leadform::LeadForm;
use leadform::api::ApiError;
use leadform_core::Receipt;
use leptos::prelude::*;

use super::stub_proxy::{BASE, StubProxy};
use super::{TOKEN_ANSWER, app_root, embed_answer, waiting_for};
use crate::*;

#[wasm_bindgen_test]
async fn a_lead_form_in_an_app_shows_sends_once_and_tells_the_app() {
    let proxy = StubProxy::answering(&format!(
        r#"[{{"status":200,"body":{}}},{TOKEN_ANSWER},
            {{"status":201,"body":{{"submission_id":"s-1","status":"delivered","id":42}}}}]"#,
        embed_answer()
    ));
    let submitted: Arc<Mutex<Vec<Receipt>>> = Arc::default();
    let errors: Arc<Mutex<Vec<ApiError>>> = Arc::default();
    let (seen, failed) = (submitted.clone(), errors.clone());
    let app = app_root();
    let _handle = leptos::mount::mount_to(app.clone(), move || {
        let (seen, failed) = (seen.clone(), failed.clone());
        view! {
            <h1 class="app-title">"The app's own page"</h1>
            <LeadForm
                base=BASE
                form="acme-referral"
                locale="en"
                prefill=vec![("company_name".to_owned(), "Globex".to_owned())]
                on_submitted=move |receipt: Receipt| seen.lock().expect("unpoisoned").push(receipt)
                on_error=move |error: ApiError| failed.lock().expect("unpoisoned").push(error)
            />
        }
    });
    let root = waiting_for("the form in its shadow root", || {
        let host = app.query_selector(".leadform-host").ok()??;
        let root = host.shadow_root()?;
        root.query_selector("form.lf-form").ok()?.map(|_| root)
    })
    .await;
    assert_eq!(
        input(&root, &ids::control("company_name")).value(),
        "Globex",
        "prefilled"
    );
    assert!(
        app.query_selector(".lf-form").ok().flatten().is_none(),
        "the form is in its shadow root, not in the app's DOM"
    );
    type_into(&root, &ids::control("email"), "ada@globex.example");
    input(&root, &ids::direction(FormDirection::Send)).click();
    submit(&root);
    waiting_for("the app told", || {
        (!submitted.lock().expect("unpoisoned").is_empty()).then_some(())
    })
    .await;
    assert_eq!(submitted.lock().expect("unpoisoned")[0].id, Some(42));
    assert!(
        errors.lock().expect("unpoisoned").is_empty(),
        "{:?}",
        errors.lock().expect("unpoisoned")
    );
    waiting_for("the thank-you", || {
        let text = root.query_selector(".lf-success").ok()??.text_content()?;
        (!text.is_empty()).then_some(())
    })
    .await;
    let requests = proxy.requests();
    assert_eq!(
        requests[0]["url"],
        "https://forms.example/v1/forms/acme-referral/embed?locale=en"
    );
    assert_eq!(
        requests[1]["url"],
        "https://forms.example/v1/forms/acme-referral/token"
    );
    let post = &requests[2];
    assert_eq!(
        (&post["method"], &post["token"]),
        (&"POST".into(), &"k1.2.3.mac".into())
    );
    assert!(
        post["key"].as_str().is_some_and(|key| key.len() >= 16),
        "{post}"
    );
    let body: serde_json::Value =
        serde_json::from_str(post["body"].as_str().expect("a body")).expect("JSON");
    assert_eq!(body["values"]["company_name"], "Globex");
    assert_eq!(body["values"]["email"], "ada@globex.example");
}

#[wasm_bindgen_test]
async fn a_form_the_proxy_refuses_to_show_tells_the_app_why() {
    let _proxy = StubProxy::answering(
        r#"[{"status":403,"body":{"error":{"code":"origin_not_allowed","message":"This page may not show the form."}}}]"#,
    );
    let errors: Arc<Mutex<Vec<ApiError>>> = Arc::default();
    let failed = errors.clone();
    let app = app_root();
    let _handle = leptos::mount::mount_to(app.clone(), move || {
        let failed = failed.clone();
        view! {
            <LeadForm base=BASE form="acme-referral" on_error=move |error: ApiError| failed.lock().expect("unpoisoned").push(error)/>
        }
    });
    waiting_for("the app told", || {
        (!errors.lock().expect("unpoisoned").is_empty()).then_some(())
    })
    .await;
    assert!(
        matches!(
            &errors.lock().expect("unpoisoned")[0],
            ApiError::Refused { status: 403, .. }
        ),
        "{:?}",
        errors.lock().expect("unpoisoned")
    );
}
