//! Validation and mapping as a visitor and JourneyBee see them.

use leadform_core::{
    CodeName, ErrorCode, FieldError, FiniteNumber, FormDefinition, FormDirection, HiddenField,
    Submission, SubmittedValue, TrustedFormSettings, build_create_lead, validate,
};
use serde_json::json;

fn definition(directions: serde_json::Value) -> FormDefinition {
    serde_json::from_value(json!({
        "id": "acme-referral",
        "title": "Refer a client",
        "directions": directions,
        "consent_text": "I may share these details.",
        "fields": [
            { "field": "company_name", "label": "Company", "required": true },
            { "field": "email", "label": "Email", "required": true },
            { "field": "phone_number", "label": "Phone" },
            { "field": "sent_by_email", "label": "Your email" },
            { "field": { "custom": { "id": 5, "type": "number" } }, "label": "Deal size", "min": 0.0, "max": 1000000.0 },
            { "field": { "custom": { "id": 6, "type": "textarea" } }, "label": "Notes", "max_length": 10 },
            { "field": { "custom": { "id": 7, "type": "date" } }, "label": "Go-live" },
            { "field": { "custom": { "id": 8, "type": "select" } }, "label": "Product", "options": [{ "id": 1, "label": "Hives" }, { "id": 2, "label": "Honey" }] },
            { "field": { "custom": { "id": 9, "type": "multi_select" } }, "label": "Regions", "options": [{ "id": 3, "label": "EU" }, { "id": 4, "label": "US" }] },
            { "field": { "custom": { "id": 10, "type": "boolean" } }, "label": "Existing customer" }
        ]
    }))
    .expect("test definition parses")
}

fn settings() -> TrustedFormSettings {
    serde_json::from_value(json!({
        "allowed_origins": ["https://partner.example"],
        "association_type": "reseller",
        "partnership_id": 456, "partners_company_id": 234, "company_partnerships_id": 789,
        "partners_company_name": "Partner Corp", "partner_users": [567], "tags": [10, 11], "attributions": [3]
    }))
    .expect("test settings parse")
}

fn submission(values: serde_json::Value) -> Submission {
    serde_json::from_value(json!({ "direction": "claim", "consent": true, "values": values }))
        .expect("test submission parses")
}

fn code_for(values: serde_json::Value, field: &str) -> Option<ErrorCode> {
    let errors = validate(&definition(json!(["claim", "send"])), &submission(values)).err()?;
    errors.for_field(field).map(|error| error.code)
}

fn base() -> serde_json::Value {
    json!({ "company_name": "TechCorp", "email": "contact@techcorp.com" })
}

fn with(field: &str, value: serde_json::Value) -> serde_json::Value {
    let mut values = base();
    values[field] = value;
    values
}

#[test]
fn a_complete_submission_maps_to_the_request_journeybee_expects() {
    let values = json!({
        "company_name": "  TechCorp Solutions ", "email": "contact@techcorp.com", "phone_number": "+1 (415) 555-2671",
        "sent_by_email": "pat@partner.example", "custom_5": "100000", "custom_6": "Hot lead", "custom_7": "2025-03-01",
        "custom_8": "2", "custom_9": ["4", "3"], "custom_10": "false"
    });
    let valid =
        validate(&definition(json!(["claim", "send"])), &submission(values)).expect("valid");
    let request = build_create_lead(&settings(), &valid, "2026-11-23T10:00:00Z");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "company_name": "TechCorp Solutions", "email": "contact@techcorp.com", "phone_number": "+14155552671",
            "source": "lead_submission_form", "associationType": "reseller",
            "partnershipLead": {
                "partnership_id": 456, "partners_company_id": 234, "company_partnerships_id": 789,
                "formSubmissionLead": true, "formDirection": "claim", "partners_company_name": "Partner Corp",
                "partnerUsers": [567], "sentBy": { "email": "pat@partner.example" }
            },
            "tags": [10, 11],
            "customFields": [
                { "customFieldId": 5, "type": "number", "value": { "number": 100000 } },
                { "customFieldId": 6, "type": "textarea", "value": { "text": "Hot lead" } },
                { "customFieldId": 7, "type": "date", "value": { "date": "2025-03-01" } },
                { "customFieldId": 8, "type": "select", "value": { "select": 2 } },
                { "customFieldId": 9, "type": "multi_select", "value": { "multi_select": [4, 3] } },
                { "customFieldId": 10, "type": "boolean", "value": { "boolean": false } }
            ],
            "attributions": [{ "id": 3, "attributedDate": "2026-11-23T10:00:00Z" }]
        })
    );
}

fn number(value: f64) -> FiniteNumber {
    FiniteNumber::new(value).unwrap()
}

#[test]
fn every_rule_refuses_with_its_code() {
    let cases = [
        (
            json!({ "email": "a@b.co" }),
            "company_name",
            ErrorCode::Required,
        ),
        (
            with("company_name", json!("   ")),
            "company_name",
            ErrorCode::Required,
        ),
        (
            with("company_name", json!("x".repeat(256))),
            "company_name",
            ErrorCode::TooLong { max: 255 },
        ),
        (
            with("email", json!("not-an-email")),
            "email",
            ErrorCode::InvalidEmail,
        ),
        (
            with("phone_number", json!("call me")),
            "phone_number",
            ErrorCode::InvalidPhone,
        ),
        (
            with("custom_5", json!("12k")),
            "custom_5",
            ErrorCode::InvalidNumber,
        ),
        (
            with("custom_5", json!("-1")),
            "custom_5",
            ErrorCode::BelowMinimum { min: number(0.0) },
        ),
        (
            with("custom_5", json!("1000001")),
            "custom_5",
            ErrorCode::AboveMaximum {
                max: number(1_000_000.0),
            },
        ),
        (
            with("custom_6", json!("eleven char")),
            "custom_6",
            ErrorCode::TooLong { max: 10 },
        ),
        (
            with("custom_7", json!("2023-02-29")),
            "custom_7",
            ErrorCode::InvalidDate,
        ),
        (
            with("custom_8", json!("9")),
            "custom_8",
            ErrorCode::UnknownOption,
        ),
        (
            with("custom_8", json!(["1"])),
            "custom_8",
            ErrorCode::ExpectedSingleValue,
        ),
        (
            with("custom_9", json!(["3", "3"])),
            "custom_9",
            ErrorCode::DuplicateOption,
        ),
        (
            with("custom_9", json!(["3", "x"])),
            "custom_9",
            ErrorCode::UnknownOption,
        ),
        (
            with("custom_10", json!("yes")),
            "custom_10",
            ErrorCode::InvalidBoolean,
        ),
        (
            with("custom_99", json!("?")),
            "custom_99",
            ErrorCode::UnknownField,
        ),
    ];
    for (values, field, expected) in cases {
        assert_eq!(
            code_for(values.clone(), field),
            Some(expected),
            "{field} in {values}"
        );
    }
}

#[test]
fn edge_values_that_are_fine_pass() {
    for (field, value) in [
        ("company_name", json!("x".repeat(255))),
        ("custom_6", json!("ten chars!")),
        ("custom_5", json!("0")),
        ("custom_5", json!("1000000")),
        ("custom_7", json!("2024-02-29")),
        ("email", json!("用户@例子.广告")),
        ("custom_9", json!([])),
        ("phone_number", json!("")),
    ] {
        assert_eq!(
            code_for(with(field, value.clone()), field),
            None,
            "{field} = {value}"
        );
    }
}

#[test]
fn direction_must_be_chosen_among_those_allowed() {
    let only_send = definition(json!(["send"]));
    let mut claim = submission(base());
    assert_eq!(
        validate(&only_send, &claim).unwrap_err().errors[0].code,
        ErrorCode::DirectionNotAllowed {
            direction: FormDirection::Claim
        }
    );
    claim.direction = None;
    assert_eq!(
        validate(&only_send, &claim)
            .expect("the only direction is implied")
            .direction(),
        FormDirection::Send
    );
    let both = definition(json!(["claim", "send"]));
    assert_eq!(
        validate(&both, &claim).unwrap_err().errors[0].code,
        ErrorCode::DirectionRequired
    );
}

#[test]
fn all_errors_are_collected_and_consent_is_required() {
    let mut bad = submission(json!({ "email": "nope", "custom_5": "x" }));
    bad.consent = false;
    let errors = validate(&definition(json!(["claim"])), &bad).unwrap_err();
    let codes: Vec<(&str, ErrorCode)> = errors
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("company_name", ErrorCode::Required),
            ("email", ErrorCode::InvalidEmail),
            ("custom_5", ErrorCode::InvalidNumber),
            ("consent", ErrorCode::ConsentRequired)
        ]
    );
    let wire = serde_json::to_value(&errors.errors[0]).unwrap();
    assert_eq!(wire, json!({ "field": "company_name", "code": "required" }));
}

#[test]
fn the_reference_create_lead_example_round_trips() {
    let example = json!({
      "company_name": "TechCorp Solutions", "email": "contact@techcorp.com", "phone_number": "+1-555-123-4567",
      "first_name": "John", "last_name": "Smith", "source": "partnership", "associationType": "referral",
      "partnershipLead": { "partnership_id": 456, "partners_company_id": 234, "company_partnerships_id": 789, "sendToPartner": true, "partnerUsers": [567, 890] },
      "tags": [10, 11],
      "customFields": [
        { "customFieldId": 5, "type": "number", "value": { "number": 100000 } },
        { "customFieldId": 6, "type": "text", "value": { "text": "High-value prospect from referral" } }
      ],
      "attributions": [{ "id": 3, "attributedDate": "2024-01-15T10:30:00Z" }]
    });
    let request: leadform_core::CreateLeadRequest =
        serde_json::from_value(example.clone()).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), example);
}

#[test]
fn unknown_and_list_shapes_never_panic() {
    let definition = definition(json!(["send"]));
    for value in [
        SubmittedValue::Text("\u{0}\u{feff}".into()),
        SubmittedValue::List(vec![String::new(); 3]),
    ] {
        let mut submission = Submission::default();
        for field in &definition.fields {
            submission.values.insert(field.id(), value.clone());
        }
        let _ = validate(&definition, &submission);
    }
}

#[test]
fn codes_carry_their_parameters_beside_the_field_on_the_wire() {
    let form = definition(json!(["claim", "send"]));
    let errors = validate(&form, &submission(with("custom_6", json!("eleven char")))).unwrap_err();
    let wire = serde_json::to_value(&errors.errors).unwrap();
    assert_eq!(
        wire,
        json!([{ "field": "custom_6", "code": "too_long", "max": 10 }])
    );
    let read: Vec<FieldError> = serde_json::from_value(wire).unwrap();
    assert_eq!(read, errors.errors);
}

#[test]
fn every_parameter_survives_the_wire_and_a_missing_one_is_refused() {
    let codes = [
        ErrorCode::TooLong { max: 255 },
        ErrorCode::BelowMinimum { min: number(-2.5) },
        ErrorCode::AboveMaximum { max: number(1e6) },
        ErrorCode::DirectionNotAllowed {
            direction: FormDirection::Send,
        },
        ErrorCode::ConsentRequired,
    ];
    for code in codes {
        let error = FieldError {
            field: "x".into(),
            code,
        };
        let text = serde_json::to_string(&error).unwrap();
        assert_eq!(
            serde_json::from_str::<FieldError>(&text).unwrap(),
            error,
            "{text}"
        );
    }
    for missing in [
        json!({ "field": "x", "code": "too_long" }),
        json!({ "field": "x", "code": "below_minimum" }),
        json!({ "field": "x", "code": "direction_not_allowed" }),
        json!({ "field": "x", "code": "too_long", "max": 2.5 }),
    ] {
        assert!(
            serde_json::from_value::<FieldError>(missing.clone()).is_err(),
            "{missing}"
        );
    }
}

#[test]
fn every_code_name_has_one_code_and_reads_back_from_its_name() {
    let every: Vec<ErrorCode> = ErrorCode::every().collect();
    assert_eq!(every.len(), CodeName::ALL.len(), "one sample code per name");
    for (code, name) in every.iter().zip(CodeName::ALL) {
        assert_eq!(code.code_name(), *name);
        assert_eq!(CodeName::from_name(name.as_str()), Some(*name));
        assert_eq!(serde_json::to_value(name).unwrap(), name.as_str());
    }
    assert_eq!(CodeName::from_name("not_a_code"), None);
}

#[test]
fn each_code_names_itself_as_on_the_wire() {
    // One of each, and the parameters at other values.
    let codes = ErrorCode::every().chain([
        ErrorCode::TooLong { max: 255 },
        ErrorCode::BelowMinimum { min: number(1.0) },
        ErrorCode::AboveMaximum { max: number(1e6) },
        ErrorCode::DirectionNotAllowed {
            direction: FormDirection::Send,
        },
    ]);
    for code in codes {
        let error = FieldError {
            field: "x".into(),
            code,
        };
        let wire = serde_json::to_value(&error).unwrap();
        assert_eq!(wire["code"], code.name(), "{code:?}");
        // The widget reads refusals with the browser's JSON parser and these parts.
        let read = FieldError::from_wire_parts(
            wire["field"].as_str().unwrap().to_owned(),
            wire["code"].as_str().unwrap(),
            wire["min"].as_f64(),
            wire["max"].as_f64(),
            wire["direction"].as_str(),
        );
        assert_eq!(read, Some(error), "{wire}");
    }
    let read = |code, max| FieldError::from_wire_parts("notes".into(), code, None, max, None);
    assert_eq!(read("too_clever", None), None, "a code from a newer proxy");
    assert_eq!(read("too_long", None), None, "a code without its parameter");
    assert_eq!(read("too_long", Some(1.5)), None);
}

#[test]
fn control_bidirectional_and_invisible_characters_are_refused_and_text_is_stored_in_nfc() {
    let definition = definition(json!(["claim"]));
    let refused = |values: serde_json::Value| {
        let submission: Submission =
            serde_json::from_value(json!({ "values": values, "consent": true })).unwrap();
        let errors = validate(&definition, &submission).expect_err("refused");
        errors
            .errors
            .iter()
            .filter(|error| error.code == ErrorCode::ForbiddenCharacter)
            .map(|error| error.field.clone())
            .collect::<Vec<_>>()
    };
    let fields = refused(json!({
        "company_name": "Globex\u{1b}[2J",
        "email": "ada\u{200b}@globex.example",
        "phone_number": "+49 30\u{0} 1234",
        "sent_by_email": "pat@moc.elgoog\u{202e}",
        "custom_6": "one\u{85}two"
    }));
    assert_eq!(
        fields,
        [
            "company_name",
            "email",
            "phone_number",
            "sent_by_email",
            "custom_6"
        ]
    );

    let submission: Submission = serde_json::from_value(json!({
        "values": { "company_name": "Zoe\u{308} & Co", "email": "ada@globex.example", "custom_6": "a\nb\tc" },
        "hidden": { "utm_source": "news\u{301}" },
        "consent": true
    }))
    .unwrap();
    let valid = validate(&definition, &submission).expect("newlines and tabs in notes are fine");
    let mut settings = settings();
    settings.hidden_fields.insert(HiddenField::UtmSource, 21);
    let lead =
        serde_json::to_value(build_create_lead(&settings, &valid, "2026-11-25T07:00:00Z")).unwrap();
    assert_eq!(lead["company_name"], "Zoë & Co", "stored in NFC");
    assert!(
        lead.to_string().contains("\"newś\""),
        "campaign values too: {lead}"
    );
    let submission: Submission = serde_json::from_value(json!({
        "values": { "company_name": "Globex", "email": "ada@globex.example" },
        "hidden": { "utm_campaign": "spring\u{202e}" },
        "consent": true
    }))
    .unwrap();
    let errors = validate(&definition, &submission).expect_err("a campaign value with an override");
    assert_eq!(errors.errors[0].code, ErrorCode::ForbiddenCharacter);
}

#[test]
fn hidden_fields_are_checked_and_go_only_where_the_trusted_settings_route_them() {
    let definition = definition(json!(["claim", "send"]));
    let mut answers = submission(base());
    answers
        .hidden
        .insert("utm_source".into(), " newsletter ".into());
    answers.hidden.insert("utm_medium".into(), "email".into());
    answers
        .hidden
        .insert("referrer".into(), "https://search.example/?q=hives".into());
    let valid = validate(&definition, &answers).unwrap();
    let mut settings = settings();
    settings.hidden_fields.insert(HiddenField::UtmSource, 21);
    settings.hidden_fields.insert(HiddenField::Referrer, 22);
    let request = build_create_lead(&settings, &valid, "2026-11-25T10:00:00Z");
    assert_eq!(
        serde_json::to_value(&request).unwrap()["customFields"],
        json!([
            { "customFieldId": 22, "type": "text", "value": { "text": "https://search.example/?q=hives" } },
            { "customFieldId": 21, "type": "text", "value": { "text": "newsletter" } }
        ]),
        "utm_medium is routed nowhere"
    );

    let mut bad = answers.clone();
    bad.hidden.insert("custom_5".into(), "1e9".into());
    bad.hidden.insert("utm_term".into(), "x".repeat(256));
    bad.hidden.insert("landing_page".into(), "y".repeat(2000));
    let errors = validate(&definition, &bad).unwrap_err();
    assert_eq!(errors.errors.len(), 2, "{errors}");
    assert_eq!(
        errors.for_field("custom_5").unwrap().code,
        ErrorCode::UnknownField
    );
    assert_eq!(
        errors.for_field("utm_term").unwrap().code,
        ErrorCode::TooLong { max: 255 }
    );
}
