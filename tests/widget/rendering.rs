//! The form as it is drawn: every question in the shadow root, labelled, and gone after unmount.

use crate::*;

#[wasm_bindgen_test]
async fn renders_each_question_inside_the_shadow_root_only() {
    let (root, _form) = mounted(DEFINITION).await;
    assert_eq!(
        find(&root, ".lf-title").text_content().as_deref(),
        Some("Refer a client")
    );
    assert_eq!(
        find(
            &root,
            &format!("label[for={}]", ids::bare(&ids::control("email")))
        )
        .text_content()
        .as_deref(),
        Some("Work email *")
    );
    assert_eq!(
        root.query_selector_all(&format!("select{} option", ids::control("custom_7")))
            .expect("options")
            .length(),
        3,
        "a prompt and two options"
    );
    assert_eq!(
        root.query_selector_all(&format!(
            "input[name={}]",
            leadform::components::field_ids::DIRECTION
        ))
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
            .query_selector(&ids::control("email"))
            .ok()
            .flatten()
            .is_none(),
        "nothing leaks into the page's DOM"
    );
}

#[wasm_bindgen_test]
async fn unmounting_removes_the_form() {
    let (root, mut form) = mounted(DEFINITION).await;
    assert!(root.query_selector("form").ok().flatten().is_some());
    form.unmount();
    tick().await;
    assert!(root.query_selector("form").ok().flatten().is_none());
}

#[wasm_bindgen_test]
async fn every_kind_of_question_renders_with_a_label_pointing_at_its_control() {
    let (root, _form) = mounted(EVERY_KIND).await;
    let kinds = [
        (&ids::control("company_name"), "INPUT", Some("text")),
        (&ids::control("email"), "INPUT", Some("email")),
        (&ids::control("phone_number"), "INPUT", Some("tel")),
        (&ids::control("custom_5"), "INPUT", Some("text")),
        (&ids::control("custom_6"), "INPUT", Some("date")),
        (&ids::control("custom_7"), "TEXTAREA", None),
        (&ids::control("custom_8"), "SELECT", None),
        (&ids::control("custom_10"), "INPUT", Some("checkbox")),
        (&ids::control("custom_9"), "FIELDSET", None),
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
        attribute(&root, &ids::control("custom_5"), "inputmode").as_deref(),
        Some("decimal")
    );
    assert_eq!(
        all(
            &root,
            &format!("{} input[type=checkbox]", ids::control("custom_9"))
        )
        .len(),
        2
    );

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
    let company = leadform::components::field_ids::FieldIds::new("company_name", true);
    assert_eq!(
        attribute(&root, &ids::control("company_name"), "aria-describedby"),
        Some(company.described_by()),
        "help first, then the error"
    );
    let help = company.help.as_deref().unwrap_or_default();
    assert!(root.get_element_by_id(help).is_some());
}
