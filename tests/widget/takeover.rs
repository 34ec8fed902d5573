//! The wasm taking over the server-rendered form: what was typed comes along.

use crate::*;

#[wasm_bindgen_test]
async fn answers_typed_before_the_wasm_arrived_are_kept_in_every_kind_of_question() {
    // What the loader reads from the server-rendered form: element id -> text or tick.
    let answers = [
        (
            ids::direction(FormDirection::Send),
            serde_json::json!(false),
        ),
        (
            ids::direction(FormDirection::Claim),
            serde_json::json!(true),
        ),
        (ids::control("custom_9"), serde_json::json!("")),
        (ids::option("custom_9", "3"), serde_json::json!(false)),
        (ids::option("custom_9", "4"), serde_json::json!(true)),
        (ids::control("company_name"), serde_json::json!("Globex")),
        (
            ids::control("email"),
            serde_json::json!("ada@globex.example"),
        ),
        (
            ids::control("phone_number"),
            serde_json::json!("+44 20 7946 0000"),
        ),
        (ids::control("custom_5"), serde_json::json!("12.5")),
        (ids::control("custom_6"), serde_json::json!("2026-12-01")),
        (
            ids::control("custom_7"),
            serde_json::json!("Two sites\nNorth and south"),
        ),
        (ids::control("custom_8"), serde_json::json!("2")),
        (ids::control("custom_10"), serde_json::json!(true)),
        (ids::consent(), serde_json::json!(true)),
    ];
    let typed: serde_json::Map<String, serde_json::Value> = answers
        .into_iter()
        .map(|(selector, value)| (ids::bare(&selector).to_owned(), value))
        .collect();
    let typed = js_sys::JSON::parse(&serde_json::Value::Object(typed).to_string()).expect("JSON");
    let (root, _form) = mounted_over(EVERY_KIND, LOCALES[0].1, typed).await;
    for (selector, value) in [
        (&ids::control("company_name"), "Globex"),
        (&ids::control("email"), "ada@globex.example"),
        (&ids::control("phone_number"), "+44 20 7946 0000"),
        (&ids::control("custom_5"), "12.5"),
        (&ids::control("custom_6"), "2026-12-01"),
    ] {
        assert_eq!(input(&root, selector).value(), value, "{selector}");
    }
    let notes: web_sys::HtmlTextAreaElement = find(&root, &ids::control("custom_7"))
        .dyn_into()
        .expect("a textarea");
    assert_eq!(notes.value(), "Two sites\nNorth and south");
    let product: web_sys::HtmlSelectElement = find(&root, &ids::control("custom_8"))
        .dyn_into()
        .expect("a select");
    assert_eq!(product.value(), "2");
    for (selector, ticked) in [
        (&ids::direction(FormDirection::Send), false),
        (&ids::direction(FormDirection::Claim), true),
        (&ids::option("custom_9", "3"), false),
        (&ids::option("custom_9", "4"), true),
        (&ids::control("custom_10"), true),
        (&ids::consent(), true),
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
