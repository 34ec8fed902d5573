//! Answers core refuses: said beside their question, the focus on the first, nothing sent and nothing typed lost.

use crate::*;

#[wasm_bindgen_test]
async fn an_invalid_email_shows_its_message_and_keeps_what_was_typed() {
    let (root, _form) = mounted(DEFINITION).await;
    type_into(&root, &ids::control("email"), "ada@example");
    tick().await;
    assert!(is_shown(&root, &ids::error("email")));
    assert_eq!(
        find(&root, &ids::error("email")).text_content().as_deref(),
        Some("Enter an email address like name@example.com.")
    );
    assert_eq!(
        find(&root, &ids::control("email"))
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(input(&root, &ids::control("email")).value(), "ada@example");

    type_into(&root, &ids::control("email"), "ada@example.com");
    tick().await;
    assert!(
        !is_shown(&root, &ids::error("email")),
        "the message goes once the address is fixed"
    );
}

#[wasm_bindgen_test]
async fn submitting_an_incomplete_form_marks_every_missing_answer_and_sends_nothing() {
    let (root, _form) = mounted(DEFINITION).await;
    submit(&root);
    tick().await;
    assert_eq!(
        find(&root, &ids::error("company_name"))
            .text_content()
            .as_deref(),
        Some("This field is required.")
    );
    assert!(is_shown(&root, &ids::error("email")));
    assert!(is_shown(&root, &ids::error("direction")));
    assert_eq!(
        find(&root, ".lf-banner").text_content().as_deref(),
        Some(""),
        "nothing was sent, so no delivery error"
    );
}

#[wasm_bindgen_test]
async fn refused_answers_set_aria_invalid_and_the_first_takes_focus() {
    let (root, _form) = mounted(EVERY_KIND).await;
    for selector in [
        &ids::control("company_name"),
        &ids::option("custom_9", "3"),
        &ids::direction(FormDirection::Send),
        &ids::consent(),
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
        &ids::option("custom_9", "3"),
        &ids::option("custom_9", "4"),
        &ids::control("company_name"),
        &ids::control("email"),
        &ids::control("custom_7"),
        &ids::control("custom_8"),
        &ids::control("custom_10"),
        &ids::direction(FormDirection::Send),
        &ids::direction(FormDirection::Claim),
        &ids::consent(),
    ] {
        assert_eq!(
            attribute(&root, selector, "aria-invalid").as_deref(),
            Some("true"),
            "{selector}"
        );
    }
    for selector in [
        &ids::control("phone_number"),
        &ids::control("custom_5"),
        &ids::control("custom_6"),
    ] {
        assert_eq!(
            attribute(&root, selector, "aria-invalid").as_deref(),
            Some("false"),
            "{selector} is optional"
        );
    }
    assert_eq!(
        find(&root, &ids::error("custom_9"))
            .text_content()
            .as_deref(),
        Some("Choose at least one option.")
    );
    let focused = || root.active_element().map(|element| element.id());
    assert_eq!(
        focused().as_deref(),
        Some(ids::bare(&ids::direction(FormDirection::Send))),
        "the direction comes first in the form and takes focus"
    );
    input(&root, &ids::direction(FormDirection::Send)).click();
    submit(&root);
    tick().await;
    assert_eq!(
        focused().as_deref(),
        Some(ids::bare(&ids::option("custom_9", "3"))),
        "the multi-select now holds the first error: its first choice takes focus"
    );

    // A number under the minimum: the code's parameter is put into words by the widget.
    type_into(&root, &ids::control("custom_5"), "3");
    tick().await;
    assert_eq!(
        find(&root, &ids::error("custom_5"))
            .text_content()
            .as_deref(),
        Some("Enter 10 or more.")
    );
    input(&root, &ids::option("custom_9", "4")).click();
    tick().await;
    assert_eq!(
        attribute(&root, &ids::option("custom_9", "3"), "aria-invalid").as_deref(),
        Some("false"),
        "fixing an answer clears its error at once"
    );
    assert!(!is_shown(&root, &ids::error("custom_9")));
}
