//! The form in the visitor's language: the widget's words per locale, the forms file's own
//! translations, and what the loader needs beyond the form (prefill, redirect).

use leadform_core::RefusalCode;

use std::collections::BTreeMap;

use crate::common::stores::{Store, TestStore};
use crate::common::*;
use axum::http::StatusCode;
use leadform_proxy::ProxyConfig;

/// The test form with German texts of its own, a prefillable email, a redirect and a hidden
/// field routed to a custom field.
fn forms_with_translations() -> String {
    format!(
        r#"{FORMS}
url_prefill = ["email"]
success_redirect = "https://partner.example/thanks?from=form"

[form.trusted.hidden_fields]
utm_source = 21

[form.locales.de]
title = "Empfehlen Sie einen Kunden"
texts = {{ "direction.send" = "Kontakt weitergeben" }}

[form.locales.de.fields.email]
label = "E-Mail-Adresse"
"#
    )
}

async fn embed(proxy: &TestProxy, locale: &str) -> serde_json::Value {
    let (response, body) = proxy
        .send(get_from(
            format!("/v1/forms/acme-referral/embed?locale={locale}"),
            ALLOWED_ORIGIN,
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn proxy(forms: &str) -> TestProxy {
    TestProxy::serving(
        forms,
        TestStore::new(Store::Sqlite).await,
        "http://127.0.0.1:9",
        API_KEY,
        fast_settings(),
    )
    .await
}

#[test]
fn every_language_has_every_key_with_the_same_parameters() {
    let table = |json: &str| -> BTreeMap<String, String> { serde_json::from_str(json).unwrap() };
    let english = table(leadform::locales::LOCALES[0].1);
    for (locale, json) in leadform::locales::LOCALES {
        let other = table(json);
        assert_eq!(
            other.keys().collect::<Vec<_>>(),
            english.keys().collect::<Vec<_>>(),
            "{locale} has other keys than English"
        );
        for (key, words) in &english {
            for parameter in ["{max}", "{min}", "{direction}"] {
                assert_eq!(
                    words.contains(parameter),
                    other[key].contains(parameter),
                    "{locale} {key} and English disagree on {parameter}"
                );
            }
            if locale != "en" && !["choose"].contains(&key.as_str()) {
                assert_ne!(&other[key], words, "{locale} {key} is still English");
            }
        }
    }
}

#[test]
fn the_first_language_the_widget_speaks_is_chosen_by_its_primary_subtag() {
    use leadform::locales::negotiate;
    assert_eq!(negotiate(["ja", "de-AT", "fr"]), "de");
    assert_eq!(negotiate(["NL_be"]), "nl");
    assert_eq!(negotiate(["ja", ""]), "en");
    assert_eq!(negotiate(["es-419"]), "es");
    assert_eq!(negotiate([]), "en");
}

/// The loader decides by the same rule whether the form's answer it was served with is in the
/// language its page wants (`negotiate` in embed/src/page.js): both read one table of cases.
#[test]
fn the_loader_and_the_proxy_pick_the_same_language() {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../../../../embed/test/negotiation.json")).unwrap();
    let speaks: Vec<&str> = leadform::locales::LOCALES
        .iter()
        .map(|(tag, _)| *tag)
        .collect();
    assert_eq!(table["speaks"], serde_json::json!(speaks));
    for case in table["cases"].as_array().unwrap() {
        let wanted = case["wanted"].as_str().unwrap();
        assert_eq!(
            leadform::locales::negotiate(wanted.split(',')),
            case["picks"],
            "{wanted}"
        );
    }
}

#[tokio::test]
async fn the_loader_gets_the_form_in_the_pages_language_with_the_forms_own_translations() {
    let proxy = proxy(&forms_with_translations()).await;

    let german = embed(&proxy, "ja,de-AT,en").await;
    assert_eq!(german["locale"], "de");
    assert_eq!(german["definition"]["title"], "Empfehlen Sie einen Kunden");
    assert_eq!(german["definition"]["fields"][1]["label"], "E-Mail-Adresse");
    assert_eq!(
        german["definition"]["fields"][0]["label"], "Company",
        "untranslated"
    );
    assert_eq!(german["texts"]["submit"], "Senden");
    assert_eq!(german["texts"]["direction.send"], "Kontakt weitergeben");
    let html = german["html"].as_str().unwrap();
    for words in [
        "Empfehlen Sie einen Kunden",
        "E-Mail-Adresse",
        "Senden",
        "Kontakt weitergeben",
        "Meinen Deal registrieren",
        "Was möchten Sie tun?",
    ] {
        assert!(html.contains(words), "{words:?} in {html}");
    }
    assert!(
        !html.contains("Refer a lead") && !html.contains(">Send<"),
        "{html}"
    );

    let french = embed(&proxy, "fr-CA").await;
    assert_eq!(french["locale"], "fr");
    assert_eq!(
        french["definition"]["title"], "Refer a client",
        "no French title"
    );
    assert_eq!(french["texts"]["submit"], "Envoyer");

    let fallback = embed(&proxy, "").await;
    assert_eq!(fallback["locale"], "en");
    assert_eq!(fallback["texts"]["submit"], "Send");

    assert_eq!(german["prefill"], serde_json::json!(["email"]));
    assert_eq!(
        german["redirect"],
        "https://partner.example/thanks?from=form"
    );
    let text = german.to_string();
    assert!(
        !text.contains("hidden_fields") && !text.contains("456"),
        "{text}"
    );
}

#[test]
fn a_forms_file_that_would_mislead_a_visitor_is_refused_at_start() {
    let base = FORMS.to_owned();
    let cases = [
        (
            "success_redirect = \"http://partner.example/thanks\"\n",
            "https URL",
        ),
        (
            "success_redirect = \"https://evil.example/thanks\"\n",
            "allowed origins",
        ),
        (
            "success_redirect = \"https://partner.example@evil.example/\"\n",
            "plain URL",
        ),
        (
            "url_prefill = [\"phone_number\"]\n",
            "no question \"phone_number\"",
        ),
        (
            "[form.trusted.hidden_fields]\nutm_source = 5\n",
            "already fills",
        ),
        (
            "[form.locales.ja]\ntitle = \"x\"\n",
            "not one the widget speaks",
        ),
        (
            "[form.locales.de.fields.phone_number]\nlabel = \"x\"\n",
            "no question",
        ),
        (
            "[form.locales.de]\ntexts = { nope = \"x\" }\n",
            "no text \"nope\"",
        ),
        ("[form.trusted.hidden_fields]\nutm_nope = 5\n", "utm_nope"),
    ];
    for (extra, expected) in cases {
        let error = ProxyConfig::from_toml(&format!("{base}{extra}"))
            .expect_err(extra)
            .to_string();
        assert!(error.contains(expected), "{extra}: {error}");
    }
}

#[tokio::test]
async fn a_refused_page_is_told_why_in_its_own_language() {
    let proxy = proxy(&forms_with_translations()).await;
    let refusal = |path: &'static str| {
        let proxy = &proxy;
        async move {
            let (response, body) = proxy
                .send(get_from(path, "https://elsewhere.example"))
                .await;
            let body: serde_json::Value = serde_json::from_str(&body).unwrap();
            (response.status(), body["error"].clone())
        }
    };
    let (status, german) = refusal("/v1/forms/acme-referral/embed?locale=ja,de-AT").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(german["code"], RefusalCode::OriginNotAllowed.as_str());
    assert_eq!(
        german["message"],
        "Dieses Formular ist auf dieser Website nicht freigeschaltet."
    );
    let (status, french) = refusal("/v1/forms/retired/embed?locale=fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(french["code"], RefusalCode::FormNotFound.as_str());
    assert_eq!(french["message"], "Ce formulaire n’existe pas.");
    let (_, english) = refusal("/v1/forms/acme-referral/embed").await;
    assert_eq!(
        english["message"],
        "This form is not enabled on this website."
    );
}
