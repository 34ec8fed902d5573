//! Questions that appear on earlier answers, steps, and a form's email rules: what each
//! condition shows, what the forms-file check refuses, and, over generated forms and
//! answers, that the widget's view and the proxy's agree and no hidden answer reaches the
//! Create Lead body.

use leadform_core::{
    CustomFieldValue, ErrorCode, FormDefinition, Submission, SubmittedValue, TrustedFormSettings,
    build_create_lead, validate, visible_questions,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A referral form: partner type (select 12: 1 referral, 2 reseller), reseller number (13,
/// reseller only), a boolean (14), notes asked when 14 is ticked, the sender's email for
/// `claim` only, and a multi-select (15) whose option 31 asks for details (16).
fn form(extra: Value) -> Value {
    let mut form = json!({
        "id": "referral", "title": "Refer", "directions": ["send", "claim"],
        "fields": [
            { "field": "email", "label": "Email" },
            { "field": { "custom": { "id": 12, "type": "select" } }, "label": "Partner type",
              "options": [{ "id": 1, "label": "Referral" }, { "id": 2, "label": "Reseller" }] },
            { "field": { "custom": { "id": 13, "type": "text" } }, "label": "Reseller number", "required": true,
              "show_if": { "question": "custom_12", "any_of": [2] } },
            { "field": { "custom": { "id": 14, "type": "boolean" } }, "label": "Existing customer" },
            { "field": { "custom": { "id": 17, "type": "textarea" } }, "label": "Since when", "required": true,
              "show_if": { "question": "custom_14", "equals": true } },
            { "field": "sent_by_email", "label": "Your email", "required": true,
              "show_if": { "direction": "claim" } },
            { "field": { "custom": { "id": 15, "type": "multi_select" } }, "label": "Products",
              "options": [{ "id": 30, "label": "A" }, { "id": 31, "label": "B" }] },
            { "field": { "custom": { "id": 16, "type": "text" } }, "label": "B details",
              "show_if": { "all": [ { "question": "custom_15", "any_of": [31] }, { "not": { "question": "email", "answered": false } } ] } }
        ]
    });
    if let (Some(target), Some(extra)) = (form.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            target.insert(key.clone(), value.clone());
        }
    }
    form
}

fn definition(value: Value) -> FormDefinition {
    serde_json::from_value(value).expect("definition reads")
}

fn answers(direction: Option<&str>, values: Value) -> Submission {
    serde_json::from_value(json!({ "direction": direction, "values": values })).expect("answers")
}

/// The ids of the questions shown for these answers.
fn shown(definition: &FormDefinition, submission: &Submission) -> Vec<String> {
    definition
        .fields
        .iter()
        .zip(visible_questions(definition, submission))
        .filter(|(_, shown)| *shown)
        .map(|(field, _)| field.id())
        .collect()
}

fn settings() -> TrustedFormSettings {
    serde_json::from_value(json!({
        "allowed_origins": ["https://p.example"], "association_type": "referral",
        "partnership_id": 1, "partners_company_id": 2, "company_partnerships_id": 3
    }))
    .expect("settings")
}

#[test]
fn each_condition_kind_shows_its_question_exactly_when_it_holds() {
    let form = definition(form(json!({})));
    form.check().expect("the referral form is valid");
    let always = ["email", "custom_12", "custom_14", "custom_15"];
    let table: Vec<(&str, Option<&str>, Value, Vec<&str>)> = vec![
        ("nothing answered", Some("send"), json!({}), vec![]),
        (
            "any_of: the select picks it",
            Some("send"),
            json!({ "custom_12": "2" }),
            vec!["custom_13"],
        ),
        (
            "any_of: the select picks another",
            Some("send"),
            json!({ "custom_12": "1" }),
            vec![],
        ),
        (
            "any_of: a made-up option",
            Some("send"),
            json!({ "custom_12": "99" }),
            vec![],
        ),
        (
            "equals true: ticked",
            Some("send"),
            json!({ "custom_14": "true" }),
            vec!["custom_17"],
        ),
        (
            "equals true: unticked",
            Some("send"),
            json!({ "custom_14": "false" }),
            vec![],
        ),
        (
            "direction: claim",
            Some("claim"),
            json!({}),
            vec!["sent_by_email"],
        ),
        ("direction: none chosen", None, json!({}), vec![]),
        (
            "all: both hold",
            Some("send"),
            json!({ "custom_15": ["31"], "email": "a@b.example" }),
            vec!["custom_16"],
        ),
        (
            "all: only the any_of holds",
            Some("send"),
            json!({ "custom_15": ["30", "31"], "email": "  " }),
            vec![],
        ),
        (
            "all: only not(answered false) holds",
            Some("send"),
            json!({ "custom_15": ["30"], "email": "a@b.example" }),
            vec![],
        ),
    ];
    for (case, direction, values, extra) in table {
        let expected: Vec<String> = form
            .fields
            .iter()
            .map(|field| field.id())
            .filter(|id| always.contains(&id.as_str()) || extra.contains(&id.as_str()))
            .collect();
        assert_eq!(
            shown(&form, &answers(direction, values)),
            expected,
            "{case}"
        );
    }
}

#[test]
fn any_not_and_answered_combine() {
    let with = |condition: Value| {
        definition(json!({
            "id": "f", "title": "F", "directions": ["send"],
            "fields": [
                { "field": "email", "label": "Email" },
                { "field": "phone_number", "label": "Phone" },
                { "field": "company_name", "label": "Company", "show_if": condition }
            ]
        }))
    };
    let cases = [
        (
            json!({ "any": [{ "question": "email", "answered": true }, { "question": "phone_number", "answered": true }] }),
            [
                (json!({}), false),
                (json!({ "email": "x" }), true),
                (json!({ "phone_number": "1" }), true),
            ],
        ),
        (
            json!({ "not": { "question": "email", "answered": true } }),
            [
                (json!({}), true),
                (json!({ "email": "x" }), false),
                (json!({ "email": " " }), true),
            ],
        ),
        (
            json!({ "all": [{ "direction": "send" }, { "not": { "any": [{ "question": "email", "answered": true }] } }] }),
            [
                (json!({}), true),
                (json!({ "email": "x" }), false),
                (json!({ "phone_number": "1" }), true),
            ],
        ),
    ];
    for (condition, expectations) in cases {
        let form = with(condition.clone());
        form.check().expect("valid");
        for (values, expected) in expectations {
            let visible = visible_questions(&form, &answers(None, values.clone()))[2];
            assert_eq!(visible, expected, "{condition} with {values}");
        }
    }
}

#[test]
fn a_question_reading_a_hidden_question_reads_it_as_unanswered() {
    let form = definition(json!({
        "id": "chain", "title": "Chain", "directions": ["send"],
        "fields": [
            { "field": { "custom": { "id": 1, "type": "boolean" } }, "label": "Reseller?" },
            { "field": { "custom": { "id": 2, "type": "select" } }, "label": "Tier",
              "options": [{ "id": 7, "label": "Gold" }], "show_if": { "question": "custom_1", "equals": true } },
            { "field": { "custom": { "id": 3, "type": "text" } }, "label": "Gold contact",
              "show_if": { "question": "custom_2", "any_of": [7] } }
        ]
    }));
    form.check().expect("valid");
    let picked = json!({ "custom_1": "true", "custom_2": "7" });
    assert_eq!(
        visible_questions(&form, &answers(None, picked)),
        [true, true, true]
    );
    let unticked = json!({ "custom_1": "false", "custom_2": "7", "custom_3": "Ada" });
    assert_eq!(
        visible_questions(&form, &answers(None, unticked)),
        [true, false, false]
    );
}

#[test]
fn the_proxy_drops_hidden_answers_and_requires_only_visible_questions() {
    let form = definition(form(json!({})));
    // Reseller number typed, then the partner type changed back to referral: not required,
    // not sent.
    let submission = answers(
        Some("send"),
        json!({ "custom_12": "1", "custom_13": "R-77", "custom_14": "false", "custom_17": "2019" }),
    );
    let valid = validate(&form, &submission).expect("hidden questions are not required");
    let body = serde_json::to_string(&build_create_lead(
        &settings(),
        &valid,
        "2026-12-06T10:00:00Z",
    ))
    .expect("serialises");
    assert!(!body.contains("R-77") && !body.contains("2019"), "{body}");
    assert_eq!(
        valid.custom_fields().len(),
        2,
        "custom_12 and custom_14 only"
    );

    // A hidden answer is not even validated: 6,000 characters under a hidden question pass.
    let long = answers(
        Some("send"),
        json!({ "custom_12": "1", "custom_13": "x".repeat(6000) }),
    );
    assert!(validate(&form, &long).is_ok());

    // Visible and missing: refused as `required`, like any required question.
    let errors = validate(&form, &answers(Some("claim"), json!({ "custom_12": "2" })))
        .expect_err("reseller number and sender email missing");
    let codes: Vec<(String, ErrorCode)> = errors
        .errors
        .iter()
        .map(|error| (error.field.clone(), error.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("custom_13".to_owned(), ErrorCode::Required),
            ("sent_by_email".to_owned(), ErrorCode::Required)
        ]
    );
}

#[test]
fn the_forms_file_check_names_the_question_of_every_broken_condition() {
    let refused = |field_condition: Value, fragment: &str| {
        let mut value = form(json!({}));
        value["fields"][2]["show_if"] = field_condition.clone();
        let message = definition(value).check().expect_err("refused").to_string();
        assert!(
            message.contains("custom_13") && message.contains(fragment),
            "{field_condition}: {message}"
        );
    };
    refused(
        json!({ "question": "custom_99", "any_of": [1] }),
        "custom_99, which the form does not ask",
    );
    refused(
        json!({ "question": "custom_13", "answered": true }),
        "itself",
    );
    refused(
        json!({ "question": "custom_12", "any_of": [5] }),
        "option 5",
    );
    refused(
        json!({ "question": "custom_12", "any_of": [] }),
        "no option",
    );
    refused(
        json!({ "question": "custom_14", "any_of": [1] }),
        "needs a select",
    );
    refused(
        json!({ "question": "custom_12", "equals": true }),
        "needs a boolean",
    );
    refused(json!({ "all": [] }), "empty");
    refused(
        json!({ "not": { "question": "nope", "answered": true } }),
        "nope",
    );

    let mut value = form(json!({ "directions": ["send"] }));
    value["fields"][5]["show_if"] = json!({ "direction": "claim" });
    let message = definition(value).check().expect_err("refused").to_string();
    assert!(
        message.contains("sent_by_email") && message.contains("claim"),
        "{message}"
    );

    // A cycle: 13 reads 16, 16 reads 13.
    let mut value = form(json!({}));
    value["fields"][2]["show_if"] = json!({ "question": "custom_16", "answered": true });
    value["fields"][7]["show_if"] = json!({ "question": "custom_13", "answered": true });
    let message = definition(value).check().expect_err("refused").to_string();
    assert!(
        message.contains("custom_13") && message.contains("depends on itself"),
        "{message}"
    );

    // Two kinds in one table, or a key no condition has: refused when read.
    for shape in [
        json!({ "question": "custom_12", "any_of": [1], "equals": true }),
        json!({ "question": "custom_12" }),
        json!({ "direction": "send", "all": [] }),
        json!({ "question": "custom_12", "one_of": [1] }),
    ] {
        let mut value = form(json!({}));
        value["fields"][2]["show_if"] = shape.clone();
        assert!(
            serde_json::from_value::<FormDefinition>(value).is_err(),
            "{shape}"
        );
    }
}

#[test]
fn steps_hold_every_question_once() {
    let steps = |steps: Value| definition(form(json!({ "steps": steps }))).check();
    let all = [
        "email",
        "custom_12",
        "custom_13",
        "custom_14",
        "custom_17",
        "sent_by_email",
        "custom_15",
        "custom_16",
    ];
    steps(json!([
        { "title": "The customer", "questions": all[..5] },
        { "title": "You", "questions": all[5..] }
    ]))
    .expect("every question in one step");
    let with_phone = [all.to_vec(), vec!["phone_number"]].concat();
    for (broken, fragment) in [
        (
            json!([{ "title": "One", "questions": all[..7] }]),
            "custom_16 is in no step",
        ),
        (
            json!([{ "title": "One", "questions": all }, { "title": "Two", "questions": ["email"] }]),
            "email is in more than one step",
        ),
        (
            json!([{ "title": "One", "questions": all }, { "title": "Two", "questions": [] }]),
            "step 2 asks no question",
        ),
        (
            json!([{ "title": "One", "questions": with_phone }]),
            "phone_number, which the form does not ask",
        ),
    ] {
        let message = steps(broken).expect_err("refused").to_string();
        assert!(message.contains(fragment), "{message}");
    }
}

#[test]
fn business_email_rules_refuse_free_and_blocked_domains_for_the_contact_only() {
    let form = definition(json!({
        "id": "b2b", "title": "B2B", "directions": ["send"],
        "email": { "free_providers": "refuse", "blocked_domains": ["competitor.example"] },
        "fields": [
            { "field": "email", "label": "Email" },
            { "field": "sent_by_email", "label": "Your email" }
        ]
    }));
    form.check().expect("valid");
    let code = |address: &str| {
        validate(&form, &answers(None, json!({ "email": address })))
            .err()
            .map(|errors| errors.errors[0].code)
    };
    assert_eq!(code("someone@gmail.com"), Some(ErrorCode::FreeEmail));
    assert_eq!(
        code("someone@mail.GMX.de"),
        Some(ErrorCode::FreeEmail),
        "subdomain, any case"
    );
    assert_eq!(
        code("spy@competitor.example"),
        Some(ErrorCode::EmailDomainBlocked)
    );
    assert_eq!(
        code("spy@eu.competitor.example"),
        Some(ErrorCode::EmailDomainBlocked)
    );
    assert_eq!(code("ada@globex.example"), None);
    assert_eq!(code("ada@notcompetitor.example"), None);
    // The visitor's own address is not the contact's: free mail is fine there.
    assert!(
        validate(
            &form,
            &answers(
                None,
                json!({ "email": "ada@globex.example", "sent_by_email": "me@gmail.com" })
            )
        )
        .is_ok()
    );

    // Blocked domains apply even where free providers are allowed; the default allows all.
    let lenient = definition(json!({
        "id": "b2b", "title": "B2B", "directions": ["send"],
        "email": { "blocked_domains": ["competitor.example"] },
        "fields": [{ "field": "email", "label": "Email" }]
    }));
    assert!(validate(&lenient, &answers(None, json!({ "email": "a@gmail.com" }))).is_ok());
    assert!(
        validate(
            &lenient,
            &answers(None, json!({ "email": "a@competitor.example" }))
        )
        .is_err()
    );

    let broken = definition(json!({
        "id": "b2b", "title": "B2B", "directions": ["send"],
        "email": { "blocked_domains": ["@Competitor.example"] },
        "fields": [{ "field": "email", "label": "Email" }]
    }));
    assert!(
        broken
            .check()
            .expect_err("refused")
            .to_string()
            .contains("blocked_domains")
    );
}

#[test]
fn phone_numbers_are_sent_in_e164_and_a_region_is_checked() {
    let with_region = |region: Option<&str>| {
        let mut value = json!({
            "id": "p", "title": "P", "directions": ["send"],
            "fields": [{ "field": "phone_number", "label": "Phone" }]
        });
        if let Some(region) = region {
            value["phone_region"] = json!(region);
        }
        definition(value)
    };
    let german = with_region(Some("DE"));
    german.check().expect("DE is a region");
    for typed in ["0301234567", "+49 30 1234567", "(030) 123-4567"] {
        let valid =
            validate(&german, &answers(None, json!({ "phone_number": typed }))).expect("valid");
        assert_eq!(valid.phone_number(), Some("+49301234567"), "{typed}");
    }
    let code = |form: &FormDefinition, typed: &str| {
        validate(form, &answers(None, json!({ "phone_number": typed })))
            .err()
            .map(|errors| errors.errors[0].code)
    };
    assert_eq!(code(&german, "030 12"), Some(ErrorCode::InvalidPhone));
    assert_eq!(
        code(&with_region(None), "030 1234567"),
        Some(ErrorCode::InvalidPhone),
        "no region: needs +"
    );
    assert_eq!(code(&with_region(None), "+49 30 1234567"), None);
    assert!(with_region(Some("Germany")).check().is_err());
}

/// A generated form: up to eight questions of mixed kinds, each after the first possibly
/// conditional on an earlier one (so no cycles), and answers to every question.
fn generated() -> impl Strategy<Value = (FormDefinition, Submission)> {
    let kinds = prop::collection::vec(0u8..4, 2..8);
    kinds
        .prop_flat_map(|kinds| {
            let count = kinds.len();
            let conditions = prop::collection::vec((0usize..8, 0u8..6, any::<bool>()), count);
            let values = prop::collection::vec((any::<bool>(), 0u64..3, "[a-z ]{0,3}"), count);
            (Just(kinds), conditions, values, any::<bool>())
        })
        .prop_map(|(kinds, conditions, values, claim)| {
            let mut fields = Vec::new();
            let mut answers = serde_json::Map::new();
            for (index, kind) in kinds.iter().enumerate() {
                let id = index as u64 + 1;
                let (kind_name, options) = match kind {
                    0 => ("text", json!([])),
                    1 => ("boolean", json!([])),
                    2 => ("select", json!([{ "id": 0, "label": "a" }, { "id": 1, "label": "b" }, { "id": 2, "label": "c" }])),
                    _ => ("multi_select", json!([{ "id": 0, "label": "a" }, { "id": 1, "label": "b" }, { "id": 2, "label": "c" }])),
                };
                let mut field = json!({ "field": { "custom": { "id": id, "type": kind_name } }, "label": "Q", "required": values[index].0 });
                if !options.as_array().is_some_and(Vec::is_empty) {
                    field["options"] = options;
                }
                let (target, shape, flag) = conditions[index];
                if index > 0 && shape > 0 {
                    let target_index = target % index;
                    let question = format!("custom_{}", target_index + 1);
                    let leaf = match kinds[target_index] {
                        1 if shape % 2 == 0 => json!({ "question": question, "equals": flag }),
                        2 | 3 if shape % 2 == 0 => json!({ "question": question, "any_of": [values[index].1] }),
                        _ => json!({ "question": question, "answered": flag }),
                    };
                    field["show_if"] = match shape {
                        3 => json!({ "not": leaf }),
                        4 => json!({ "any": [leaf, { "direction": "claim" }] }),
                        5 => json!({ "all": [leaf, { "direction": "send" }] }),
                        _ => leaf,
                    };
                }
                let (_, option, text) = &values[index];
                let answer = match kind {
                    0 => json!(text),
                    1 => json!(if values[index].0 { "true" } else { "false" }),
                    2 => json!(option.to_string()),
                    _ => json!([option.to_string()]),
                };
                answers.insert(format!("custom_{id}"), answer);
                fields.push(field);
            }
            let definition = definition(json!({
                "id": "generated", "title": "G", "directions": ["send", "claim"], "fields": fields
            }));
            let submission: Submission = serde_json::from_value(json!({
                "direction": if claim { "claim" } else { "send" }, "values": answers
            }))
            .expect("answers");
            (definition, submission)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The widget decides what is visible from everything typed, hidden answers included, and
    /// sends only the visible answers; the proxy decides again from what it receives. Both
    /// must see the same questions, and the Create Lead body must hold no hidden answer.
    #[test]
    fn the_widget_and_the_proxy_agree_and_hidden_answers_never_reach_journeybee((form, typed) in generated()) {
        prop_assert!(form.check().is_ok(), "{:?}", form.check());
        let widget_view = visible_questions(&form, &typed);
        let mut sent = typed.clone();
        for (field, shown) in form.fields.iter().zip(&widget_view) {
            if !shown {
                sent.values.remove(&field.id());
            }
        }
        prop_assert_eq!(&visible_questions(&form, &sent), &widget_view);

        for submission in [&typed, &sent] {
            let Ok(valid) = validate(&form, submission) else { continue };
            let request = build_create_lead(&settings(), &valid, "2026-12-06T10:00:00Z");
            for entry in request.custom_fields.iter().flatten() {
                let index = form.fields.iter().position(|field| field.id() == format!("custom_{}", entry.custom_field_id));
                prop_assert!(index.is_some_and(|index| widget_view[index]), "hidden custom_{} sent", entry.custom_field_id);
                if let CustomFieldValue::Text(text) = &entry.value {
                    prop_assert!(!text.trim().is_empty());
                }
            }
        }
        // Every required visible question left blank is refused, and nothing else is.
        let required_blank: Vec<String> = form.fields.iter().zip(&widget_view)
            .filter(|(field, shown)| **shown && field.required && sent.values.get(&field.id()).is_some_and(|value| match value {
                SubmittedValue::Text(text) => text.trim().is_empty() || text == "false",
                SubmittedValue::List(items) => items.is_empty(),
            }))
            .map(|(field, _)| field.id())
            .collect();
        let refused: Vec<String> = validate(&form, &sent).err().map(|errors| errors.errors.into_iter().map(|error| error.field).collect()).unwrap_or_default();
        prop_assert_eq!(refused, required_blank);
    }
}
