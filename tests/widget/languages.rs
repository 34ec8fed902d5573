//! Every word in every language, and none in English on a German form.

use crate::*;

#[wasm_bindgen_test]
fn every_error_code_and_refusal_has_words_in_every_language() {
    use leadform::submit::SubmitError;
    use leadform::texts::Texts;
    use leadform_core::{ErrorCode, FiniteNumber, FormDirection, InputKind};
    let number = |value| FiniteNumber::new(value).expect("finite");
    let codes: Vec<ErrorCode> = ErrorCode::every().collect();
    let refusals: Vec<&str> = RefusalCode::ALL.iter().map(|code| code.as_str()).collect();
    for (locale, table) in LOCALES {
        let texts = Texts::from_js(json(table));
        for &code in &codes {
            for kind in [None, Some(InputKind::MultiSelect)] {
                let words = texts.field_error(code, kind);
                assert!(
                    !words.starts_with("error.") && !words.contains('{') && words.len() > 5,
                    "{locale} {code:?}: {words}"
                );
            }
        }
        let claim = texts.direction(FormDirection::Claim).0;
        for (code, parameter) in [
            (ErrorCode::TooLong { max: 40 }, "40".to_owned()),
            (ErrorCode::BelowMinimum { min: number(12.5) }, "12.5".into()),
            (
                ErrorCode::AboveMaximum { max: number(1e6) },
                "1000000".into(),
            ),
            (
                ErrorCode::DirectionNotAllowed {
                    direction: FormDirection::Claim,
                },
                claim,
            ),
        ] {
            let words = texts.field_error(code, None);
            assert!(
                words.contains(&parameter),
                "{locale}: {words} names {parameter}"
            );
        }
        let mut errors = vec![
            SubmitError::Network,
            SubmitError::Server,
            SubmitError::Offline,
        ];
        errors.extend(refusals.iter().map(|code| SubmitError::Refused {
            code: (*code).to_owned(),
            message: "THE PROXY'S WORDS".into(),
            fields: Vec::new(),
        }));
        for error in errors {
            let words = texts.submit_error(&error);
            assert!(!words.contains("THE PROXY"), "{locale} {error:?}: {words}");
            assert!(
                !words.starts_with("refusal.") && !words.starts_with("error."),
                "{words}"
            );
        }
        let unknown = SubmitError::Refused {
            code: "from_a_newer_proxy".into(),
            message: "THE PROXY'S WORDS".into(),
            fields: Vec::new(),
        };
        assert_eq!(texts.submit_error(&unknown), "THE PROXY'S WORDS");
    }
}

#[wasm_bindgen_test]
async fn a_german_form_shows_no_english() {
    let german = LOCALES[1].1;
    let (root, _form) = mounted_over(EVERY_KIND, german, JsValue::UNDEFINED).await;
    submit(&root);
    tick().await;
    let shown = find(&root, ".lf-root").text_content().unwrap_or_default();
    for words in [
        "Was möchten Sie tun?",
        "Lead empfehlen",
        "Dieses Feld ist erforderlich.",
        "Wählen Sie mindestens eine Option.",
        "Bitte wählen…",
        "Senden",
        "Wählen Sie, ob Sie diesen Lead senden oder beanspruchen.",
        "Bitte bestätigen Sie vor dem Senden.",
    ] {
        assert!(shown.contains(words), "{words:?} in {shown}");
    }
    let english = json(LOCALES[0].1);
    for key in js_sys::Object::keys(&english.clone().into()).iter() {
        let words = js_sys::Reflect::get(&english, &key)
            .ok()
            .and_then(|words| words.as_string())
            .unwrap_or_default();
        // Short words like "Send" are inside German ones ("Senden").
        if words.len() > 8 {
            assert!(!shown.contains(&words), "English {words:?} in {shown}");
        }
    }
}
