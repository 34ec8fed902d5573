//! Properties over generated input: valid answers pass and round-trip as requests, each kind of
//! invalid answer fails with its code, and nothing a visitor can type makes validation panic.

use leadform_core::journeybee::email::is_valid_email;
use leadform_core::submission::rules::parse_number;
use leadform_core::{
    CalendarDate, CreateLeadRequest, ErrorCode, FormDefinition, Submission, SubmittedValue,
    TrustedFormSettings, build_create_lead, validate,
};
use proptest::prelude::*;
use serde_json::json;

fn definition() -> FormDefinition {
    serde_json::from_value(json!({
        "id": "prop", "title": "Properties", "directions": ["claim", "send"],
        "fields": [
            { "field": "company_name", "label": "Company", "required": true },
            { "field": "email", "label": "Email", "required": true },
            { "field": "phone_number", "label": "Phone" },
            { "field": "first_name", "label": "First name" },
            { "field": { "custom": { "id": 1, "type": "number" } }, "label": "Size", "min": -1000000.0, "max": 1000000.0 },
            { "field": { "custom": { "id": 2, "type": "date" } }, "label": "Date" },
            { "field": { "custom": { "id": 3, "type": "select" } }, "label": "One", "options": [{ "id": 10, "label": "a" }, { "id": 11, "label": "b" }] },
            { "field": { "custom": { "id": 4, "type": "multi_select" } }, "label": "Many", "options": [{ "id": 20, "label": "x" }, { "id": 21, "label": "y" }, { "id": 22, "label": "z" }] },
            { "field": { "custom": { "id": 5, "type": "boolean" } }, "label": "Flag" },
            { "field": { "custom": { "id": 6, "type": "textarea" } }, "label": "Notes" }
        ]
    }))
    .expect("definition")
}

fn settings() -> TrustedFormSettings {
    serde_json::from_value(json!({
        "allowed_origins": ["https://p.example"], "association_type": "referral",
        "partnership_id": 1, "partners_company_id": 2, "company_partnerships_id": 3, "tags": [7], "attributions": [9]
    }))
    .expect("settings")
}

prop_compose! {
    fn valid_date()(year in 1u16..=9999, month in 1u8..=12, day in 1u8..=28) -> String {
        format!("{year:04}-{month:02}-{day:02}")
    }
}

prop_compose! {
    fn valid_submission()(
        company in "[A-Za-z0-9][A-Za-z0-9 &.-]{0,60}",
        local in "[a-z0-9]{1,8}([._+-][a-z0-9]{1,8}){0,3}",
        domain in "[a-z0-9]{1,15}(\\.[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?)?\\.[a-z]{2,6}",
        phone in prop_oneof!["\\+49 30 [1-9][0-9]{6}", "\\+1 \\(415\\) [2-9][0-9]{2}-[0-9]{4}", "\\+44 20 7[0-9]{3} [0-9]{4}"],
        first in "\\PC{0,40}",
        number in -1_000_000i64..=1_000_000,
        cents in proptest::option::of(0u8..100),
        date in valid_date(),
        one in prop::sample::select(vec!["10", "11"]),
        many in prop::sample::subsequence(vec!["20", "21", "22"], 0..=3),
        flag in any::<bool>(),
        notes in "\\PC{0,300}",
        claim in any::<bool>(),
        padding in "[ \\t]{0,3}",
    ) -> Submission {
        let number = match cents { Some(cents) if number.abs() < 1_000_000 => format!("{number}.{cents:02}"), _ => number.to_string() };
        let text = |value: String| SubmittedValue::Text(format!("{padding}{value}{padding}"));
        let values = [
            ("company_name", text(company)),
            ("email", text(format!("{local}@{domain}"))),
            ("phone_number", text(phone)),
            ("first_name", SubmittedValue::Text(first)),
            ("custom_1", text(number)),
            ("custom_2", text(date)),
            ("custom_3", text(one.to_owned())),
            ("custom_4", SubmittedValue::List(many.into_iter().map(str::to_owned).collect())),
            ("custom_5", SubmittedValue::Text(flag.to_string())),
            ("custom_6", SubmittedValue::Text(notes)),
        ];
        Submission {
            direction: Some(if claim { leadform_core::FormDirection::Claim } else { leadform_core::FormDirection::Send }),
            values: values.into_iter().map(|(id, value)| (id.to_owned(), value)).collect(),
            consent: false,
            ..Submission::default()
        }
    }
}

fn code_of(field: &str, value: &str) -> Option<ErrorCode> {
    let mut submission = Submission {
        direction: Some(leadform_core::FormDirection::Send),
        ..Submission::default()
    };
    submission
        .values
        .insert("company_name".into(), SubmittedValue::Text("Globex".into()));
    submission.values.insert(
        "email".into(),
        SubmittedValue::Text("ada@globex.example".into()),
    );
    submission
        .values
        .insert(field.into(), SubmittedValue::Text(value.into()));
    let errors = validate(&definition(), &submission).err()?;
    errors.for_field(field).map(|error| error.code)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_submissions_pass_and_their_requests_round_trip(submission in valid_submission()) {
        let valid = validate(&definition(), &submission).map_err(|errors| TestCaseError::fail(errors.to_string()))?;
        let request = build_create_lead(&settings(), &valid, "2026-11-23T10:00:00Z");
        let json = serde_json::to_string(&request).expect("serialises");
        let back: CreateLeadRequest = serde_json::from_str(&json).expect("parses back");
        prop_assert_eq!(&back, &request);
        prop_assert_eq!(request.partnership_lead.as_ref().and_then(|lead| lead.form_submission_lead), Some(true));
        prop_assert!(request.company_name.as_deref().is_some_and(|name| name == name.trim() && !name.is_empty()));
        let phone = request.phone_number.as_deref().unwrap_or_default();
        prop_assert!(phone.starts_with('+') && phone[1..].bytes().all(|b| b.is_ascii_digit()), "E.164: {}", phone);
    }

    #[test]
    fn words_are_not_numbers(word in "[a-zA-Z,_ ]*[a-zA-Z,_][a-zA-Z,_ ]*") {
        prop_assume!(!word.trim().is_empty());
        prop_assert_eq!(code_of("custom_1", &word), Some(ErrorCode::InvalidNumber));
    }

    #[test]
    fn impossible_months_are_not_dates(year in 1u16..=9999, month in 13u8..=99, day in 1u8..=28) {
        prop_assert_eq!(code_of("custom_2", &format!("{year:04}-{month:02}-{day:02}")), Some(ErrorCode::InvalidDate));
    }

    #[test]
    fn addresses_without_an_at_sign_are_not_emails(text in "[a-z0-9.]{1,40}") {
        prop_assert_eq!(code_of("email", &text), Some(ErrorCode::InvalidEmail));
    }

    #[test]
    fn over_long_text_is_too_long(text in "[a-z]{256,400}") {
        prop_assert_eq!(code_of("company_name", &text), Some(ErrorCode::TooLong { max: 255 }));
    }

    #[test]
    fn options_that_do_not_exist_are_refused(id in 0u64..1000) {
        prop_assume!(id != 10 && id != 11);
        prop_assert_eq!(code_of("custom_3", &id.to_string()), Some(ErrorCode::UnknownOption));
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC*", raw in ".*") {
        let _ = is_valid_email(&raw);
        let _ = parse_number(&raw);
        let _ = raw.parse::<CalendarDate>();
        for field in definition().fields {
            let _ = code_of(&field.id(), &text);
            let _ = code_of(&field.id(), &raw);
        }
    }
}
