//! Forms that qualify a lead: questions shown on earlier answers, forms in steps, and the
//! suggestion for a mistyped mail provider.

use crate::*;

/// Partner type (select 12) asks for a reseller number (13) when "Reseller" is picked; in
/// three steps, the middle one asked only of resellers.
const REFERRAL: &str = r#"{
    "id": "referral", "title": "Refer", "directions": ["send"],
    "fields": [
        { "field": "company_name", "label": "Company", "required": true },
        { "field": "email", "label": "Email", "required": true },
        { "field": { "custom": { "id": 12, "type": "select" } }, "label": "Partner type",
          "options": [{ "id": 1, "label": "Referral" }, { "id": 2, "label": "Reseller" }] },
        { "field": { "custom": { "id": 13, "type": "text" } }, "label": "Reseller number", "required": true,
          "show_if": { "question": "custom_12", "any_of": [2] } },
        { "field": "sent_by_email", "label": "Your email", "required": true }
    ]
}"#;

fn in_steps() -> String {
    REFERRAL.replace(
        r#""directions": ["send"],"#,
        r#""directions": ["send"], "steps": [
            { "title": "The customer", "questions": ["company_name", "email", "custom_12"] },
            { "title": "Reseller", "questions": ["custom_13"] },
            { "title": "You", "questions": ["sent_by_email"] }
        ],"#,
    )
}

/// Whether question `question` is shown (its field shell is not hidden).
fn question_shown(root: &ShadowRoot, question: &str) -> bool {
    let control = find(root, &ids::control(question));
    let shell: HtmlElement = control
        .closest(".lf-field")
        .ok()
        .flatten()
        .and_then(|shell| shell.dyn_into().ok())
        .expect("a field shell");
    !shell.hidden()
}

fn pick(root: &ShadowRoot, question: &str, option: &str) {
    let select: web_sys::HtmlSelectElement = find(root, &ids::control(question))
        .dyn_into()
        .expect("a select");
    select.set_value(option);
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("change dispatched");
}

fn active_id(root: &ShadowRoot) -> Option<String> {
    root.active_element().map(|element| element.id())
}

fn text(root: &ShadowRoot, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_question_appears_on_its_answer_and_leaves_with_it_keeping_what_was_typed() {
    let _stub = SendStub::install(
        r#"[{ "status": 201, "body": { "submission_id": "s", "status": "delivered", "id": 1, "uuid": "u" } }]"#,
    );
    let (root, _form) = mounted(REFERRAL).await;
    assert!(
        !question_shown(&root, "custom_13"),
        "hidden until Reseller is picked"
    );
    pick(&root, "custom_12", "2");
    tick().await;
    assert!(question_shown(&root, "custom_13"));
    type_into(&root, &ids::control("custom_13"), "R-7781");
    pick(&root, "custom_12", "1");
    tick().await;
    assert!(
        !question_shown(&root, "custom_13"),
        "unpicked: hidden again"
    );
    pick(&root, "custom_12", "2");
    tick().await;
    assert_eq!(
        input(&root, &ids::control("custom_13")).value(),
        "R-7781",
        "what was typed comes back"
    );

    // Hidden when sent: not required, and not in the body.
    pick(&root, "custom_12", "1");
    type_into(&root, &ids::control("company_name"), "Globex");
    type_into(&root, &ids::control("email"), "ada@globex.example");
    type_into(&root, &ids::control("sent_by_email"), "me@partner.example");
    tick().await;
    submit(&root);
    until(|| !SendStub::bodies().is_empty()).await;
    let bodies = SendStub::bodies();
    assert_eq!(bodies.len(), 1, "sent without the hidden required question");
    assert!(
        !bodies[0].contains("R-7781") && !bodies[0].contains("custom_13"),
        "{}",
        bodies[0]
    );
}

#[wasm_bindgen_test]
async fn next_checks_the_step_back_keeps_everything_and_a_step_with_nothing_to_ask_is_skipped() {
    let (root, _form) = mounted(&in_steps()).await;
    assert_eq!(text(&root, ".lf-progress"), "Step 1 of 3");
    assert_eq!(text(&root, ".lf-step-title"), "The customer");
    assert!(
        !question_shown(&root, "sent_by_email"),
        "a later step's question waits"
    );
    assert_eq!(text(&root, ".lf-submit"), "Next");
    assert!(!is_shown(&root, ".lf-back"), "no Back on the first step");

    // Next with the step unanswered: its errors, focus on the first, no move.
    submit(&root);
    tick().await;
    assert!(is_shown(&root, &ids::error("company_name")));
    assert_eq!(text(&root, ".lf-progress"), "Step 1 of 3");
    until(|| active_id(&root) == Some("lf-company_name".into())).await;
    assert_eq!(active_id(&root).as_deref(), Some("lf-company_name"));

    // Answered, a referral: the reseller step asks nothing and is skipped.
    type_into(&root, &ids::control("company_name"), "Globex");
    type_into(&root, &ids::control("email"), "ada@globex.example");
    pick(&root, "custom_12", "1");
    tick().await;
    submit(&root);
    tick().await;
    assert_eq!(text(&root, ".lf-progress"), "Step 3 of 3");
    assert_eq!(text(&root, ".lf-step-title"), "You");
    assert_eq!(
        find(&root, ".lf-progress").get_attribute("role").as_deref(),
        Some("status"),
        "announced"
    );
    until(|| {
        root.active_element()
            .is_some_and(|element| element.class_name() == "lf-step-title")
    })
    .await;
    assert_eq!(
        root.active_element()
            .map(|element| element.class_name())
            .as_deref(),
        Some("lf-step-title")
    );
    assert!(question_shown(&root, "sent_by_email") && !question_shown(&root, "company_name"));
    assert_eq!(text(&root, ".lf-submit"), "Send", "the last step sends");
    assert_eq!(
        input(&root, &ids::step()).value(),
        "2",
        "the step a draft keeps"
    );

    // Back skips the empty step too, and every answer is still there.
    let back: HtmlElement = find(&root, ".lf-back").dyn_into().expect("Back");
    back.click();
    tick().await;
    assert_eq!(text(&root, ".lf-progress"), "Step 1 of 3");
    assert_eq!(
        input(&root, &ids::control("company_name")).value(),
        "Globex"
    );

    // A reseller gets the middle step.
    pick(&root, "custom_12", "2");
    tick().await;
    submit(&root);
    tick().await;
    assert_eq!(text(&root, ".lf-step-title"), "Reseller");
}

#[wasm_bindgen_test]
async fn a_draft_restores_its_step_and_a_refusal_takes_the_visitor_back_to_its_question() {
    let typed = json(&format!(
        r#"{{ "{}": "Globex", "{}": "ada@globex.example", "{}": "1", "{}": "2" }}"#,
        ids::bare(&ids::control("company_name")),
        ids::bare(&ids::control("email")),
        ids::bare(&ids::control("custom_12")),
        ids::bare(&ids::step()),
    ));
    let _stub = SendStub::install(
        r#"[{ "status": 422, "body": { "error": { "code": "invalid_submission", "message": "m",
              "fields": [{ "field": "email", "code": "free_email" }] } } }]"#,
    );
    let (root, _form) = mounted_over(&in_steps(), LOCALES[0].1, typed).await;
    assert_eq!(
        text(&root, ".lf-progress"),
        "Step 3 of 3",
        "back on the step of the draft"
    );
    type_into(&root, &ids::control("sent_by_email"), "me@partner.example");
    tick().await;
    submit(&root);
    until(|| text(&root, ".lf-progress") == "Step 1 of 3").await;
    assert_eq!(
        text(&root, ".lf-progress"),
        "Step 1 of 3",
        "the refused email is on step 1"
    );
    assert_eq!(
        text(&root, &ids::error("email")),
        "Enter your business email address; addresses at free mail providers are not accepted."
    );
}

#[wasm_bindgen_test]
async fn a_mistyped_provider_gets_a_suggestion_one_click_takes() {
    let (root, _form) = mounted(REFERRAL).await;
    type_into(&root, &ids::control("email"), "ada@gmial.com");
    tick().await;
    assert!(is_shown(&root, ".lf-suggestion"));
    assert_eq!(text(&root, ".lf-suggestion"), "Did you mean ada@gmail.com?");
    assert!(
        !is_shown(&root, &ids::error("email")),
        "a suggestion, not an error"
    );
    let accept: HtmlElement = find(&root, ".lf-suggestion button")
        .dyn_into()
        .expect("a button");
    accept.click();
    tick().await;
    assert_eq!(
        input(&root, &ids::control("email")).value(),
        "ada@gmail.com"
    );
    assert!(!is_shown(&root, ".lf-suggestion"));

    // Still on the way to gmail.com: nothing yet.
    let (root, _form) = mounted(REFERRAL).await;
    let email = input(&root, &ids::control("email"));
    email.set_value("ada@gmail.co");
    email
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("input dispatched");
    tick().await;
    assert!(
        !is_shown(&root, ".lf-suggestion"),
        "not while typing towards it"
    );
}

/// The widget reads the definition by hand (serde's readers stay out of the wasm); every key
/// of every shape must come out as serde reads it for the proxy.
#[wasm_bindgen_test]
fn the_widget_reads_every_shape_of_definition_as_the_proxy_does() {
    use leadform::definition_reader::read_definition;
    use leadform_core::{Condition, FormDefinition};
    let text = r#"{
        "id": "shapes", "title": "Shapes", "description": "All of them",
        "submit_label": "Go", "success_message": "Thanks", "consent_text": "I agree",
        "directions": ["send", "claim"],
        "phone_region": "DE",
        "email": { "free_providers": "refuse", "blocked_domains": ["competitor.example"], "suggest": false },
        "steps": [
            { "title": "One", "questions": ["company_name", "email", "first_name", "last_name"] },
            { "title": "Two", "questions": ["phone_number", "sent_by_email", "sent_by_company_name",
                "custom_1", "custom_2", "custom_3", "custom_4", "custom_5", "custom_6", "custom_7"] }
        ],
        "fields": [
            { "field": "company_name", "label": "Company", "required": true, "placeholder": "Acme",
              "help": "As registered", "max_length": 80 },
            { "field": "email", "label": "Email", "required": true },
            { "field": "first_name", "label": "First" },
            { "field": "last_name", "label": "Last", "required": false },
            { "field": "phone_number", "label": "Phone" },
            { "field": "sent_by_email", "label": "Your email" },
            { "field": "sent_by_company_name", "label": "Your company" },
            { "field": { "custom": { "id": 1, "type": "select" } }, "label": "A",
              "options": [{ "id": 4, "label": "x" }, { "id": 9007199254740991, "label": "y" }] },
            { "field": { "custom": { "id": 2, "type": "boolean" } }, "label": "B",
              "show_if": { "all": [
                  { "question": "custom_1", "any_of": [4] },
                  { "any": [{ "question": "custom_1", "answered": false }, { "direction": "claim" }] },
                  { "not": { "question": "custom_2", "equals": true } }
              ] } },
            { "field": { "custom": { "id": 3, "type": "number" } }, "label": "C", "min": -1.5, "max": 1e6 },
            { "field": { "custom": { "id": 4, "type": "date" } }, "label": "D",
              "show_if": { "question": "email", "answered": true } },
            { "field": { "custom": { "id": 5, "type": "textarea" } }, "label": "E", "max_length": 5000 },
            { "field": { "custom": { "id": 6, "type": "multi_select" } }, "label": "F",
              "options": [{ "id": 7, "label": "z" }] },
            { "field": { "custom": { "id": 7, "type": "text" } }, "label": "G", "unknown_to_this_version": 1 }
        ],
        "a_key_a_newer_proxy_sends": true
    }"#;
    // serde refuses unknown keys (the forms file's rule); the widget passes over them.
    let known = text
        .replace(r#", "unknown_to_this_version": 1"#, "")
        .replace(",\n        \"a_key_a_newer_proxy_sends\": true", "");
    let by_serde: FormDefinition = serde_json::from_str(&known).expect("serde reads it");
    let by_hand = read_definition(&json(text)).expect("the widget reads it");
    assert_eq!(by_hand, by_serde);
    assert!(matches!(by_hand.fields[8].show_if, Some(Condition::All(_))));

    // The smallest definition: every optional key left out, defaults as serde's.
    let least = r#"{ "id": "least", "title": "Least", "directions": ["send"],
        "fields": [{ "field": "email", "label": "Email" }] }"#;
    let by_serde: FormDefinition = serde_json::from_str(least).expect("serde reads it");
    assert_eq!(read_definition(&json(least)), Ok(by_serde));

    // A shape no forms file can hold is refused, as serde refuses it.
    for (from, to) in [
        (r#""direction": "claim""#, r#""direction": "sideways""#),
        (r#""type": "select""#, r#""type": "dropdown""#),
        (r#""field": "first_name""#, r#""field": "nickname""#),
        (r#""id": 4, "label": "x""#, r#""id": 4.5, "label": "x""#),
        (r#""id": 4, "label": "x""#, r#""id": -4, "label": "x""#),
        (r#""max_length": 80"#, r#""max_length": "80""#),
        (
            r#""required": true, "placeholder""#,
            r#""required": "yes", "placeholder""#,
        ),
        (r#""title": "Shapes""#, r#""title": 5"#),
        (
            r#""free_providers": "refuse""#,
            r#""free_providers": "sometimes""#,
        ),
        (
            r#"{ "question": "email", "answered": true }"#,
            r#"{ "question": "email" }"#,
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let odd = text.replace(from, to);
        assert!(read_definition(&json(&odd)).is_err(), "{to} is read");
        assert!(
            serde_json::from_str::<FormDefinition>(&known.replace(from, to)).is_err(),
            "{to} is refused by the widget but not by serde"
        );
    }
}
