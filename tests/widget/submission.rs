//! Sending through the loader's `send`: what each answer means to the visitor, and the body on the wire.

use crate::*;

#[wasm_bindgen_test]
async fn a_failed_submission_says_so_and_loses_nothing() {
    let (root, _form) = mounted(DEFINITION).await;
    type_into(&root, &ids::control("company_name"), "Globex");
    type_into(&root, &ids::control("email"), "ada@globex.example");
    input(&root, &ids::direction(FormDirection::Send)).click();
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
    assert_eq!(
        input(&root, &ids::control("company_name")).value(),
        "Globex"
    );
    assert_eq!(
        input(&root, &ids::control("email")).value(),
        "ada@globex.example"
    );
    assert!(input(&root, &ids::direction(FormDirection::Send)).checked());
    assert!(is_shown(&root, "form"), "the form stays for another try");
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
    assert_eq!(
        input(&root, &ids::control("email")).value(),
        "ada@globex.example"
    );
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

#[wasm_bindgen_test]
async fn the_form_state_derives_its_phase_from_the_submission() {
    use leadform::form_state::{Focus, FormState, Phase};
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
    assert_eq!(untrack(|| state.phase()), Phase::Editing);
    assert_eq!(
        state.submit(sender(), |_| ()),
        Some(Focus::Field("direction".into())),
        "the first refusal is reported for focus"
    );
    assert_eq!(
        untrack(|| state.phase()),
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
    assert_eq!(state.submit(sender(), |_| ()), None);
    assert_eq!(untrack(|| state.phase()), Phase::Sending);
    until(|| untrack(|| state.phase()) == Phase::Queued).await;
    assert_eq!(untrack(|| state.phase()), Phase::Queued);
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
    let _send = SendStub::install(&format!(
        r#"[{{"status": 422, "body": {{"error": {{"code": "{}", "message": "Some answers need another look.",
              "fields": [{{"field": "company_name", "code": "too_long", "max": 5}},
                         {{"field": "email", "code": "invalid_email"}},
                         {{"field": "email", "code": "a_code_from_a_newer_proxy"}}]}}}}}}]"#,
        RefusalCode::InvalidSubmission
    ));
    let (root, _form) = mounted(DEFINITION).await;
    fill_valid_answers(&root);
    submit(&root);
    until(|| is_shown(&root, &ids::error("email"))).await;
    assert_eq!(
        find(&root, &ids::error("company_name"))
            .text_content()
            .as_deref(),
        Some("Use at most 5 characters.")
    );
    assert_eq!(
        find(&root, &ids::error("email")).text_content().as_deref(),
        Some("Enter an email address like name@example.com.")
    );
    assert_eq!(
        attribute(&root, &ids::control("email"), "aria-invalid").as_deref(),
        Some("true")
    );
    let focused = root.active_element().map(|element| element.id());
    assert_eq!(
        focused.as_deref(),
        Some(ids::bare(&ids::control("company_name"))),
        "the first refused answer takes focus"
    );
    assert_eq!(
        input(&root, &ids::control("email")).value(),
        "ada@globex.example",
        "nothing typed is lost"
    );
}
