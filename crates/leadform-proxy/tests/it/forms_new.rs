//! `leadform-proxy forms new` and `forms list-partnerships`, run as the operator runs them,
//! against the sandbox's account: the section printed for each partner type loads, passes
//! `forms check`, and takes a lead with the account's custom fields to JourneyBee.

use axum::http::StatusCode;
use leadform_proxy::ProxyConfig;
use leadform_proxy::journeybee::sandbox::IdempotencyKeys;

use crate::common::stores::{Store, TestStore};
use crate::common::upstream::Upstream;
use crate::common::*;

#[tokio::test]
async fn a_form_written_for_each_partner_type_passes_the_check_and_takes_a_lead() {
    // The reseller account requires its "Reseller tier" (custom field 32, a select); the
    // referral one has a text field of its own (31).
    for (partnership, partner_type, own_field, own_value, company_partnerships_id) in [
        (456, "referral", "custom_31", "A trade fair", 789),
        (457, "reseller", "custom_32", "2", 790),
    ] {
        let id = partnership.to_string();
        let (ok, section, stderr) = run_proxy(
            &[
                "forms",
                "new",
                "--sandbox",
                "--partnership",
                &id,
                "--id",
                "acme-referral",
                "--origin",
                ALLOWED_ORIGIN,
                "--direction",
                "send,claim",
                "--locale",
                "de",
            ],
            &[],
        );
        assert!(ok, "{stderr}");

        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("forms.toml");
        std::fs::write(&file, &section).expect("written");
        let (ok, checked, stderr) = run_proxy(
            &[
                "forms",
                "check",
                "--sandbox",
                "--config",
                file.to_str().expect("path"),
            ],
            &[],
        );
        assert!(ok, "{checked}{stderr}");
        assert!(
            checked.contains("every custom field, option and tag of 1 form(s) is in the account"),
            "{checked}"
        );

        let config = ProxyConfig::from_toml(&section).expect("the section loads");
        let form = &config.forms[0];
        assert_eq!(form.trusted.partnership_id, partnership);
        assert_eq!(
            form.trusted.company_partnerships_id,
            company_partnerships_id
        );
        assert_eq!(
            serde_json::to_value(form.trusted.association_type).ok(),
            Some(partner_type.into())
        );
        assert!(form.locales.contains_key("de"));
        let own = form
            .definition
            .question(own_field)
            .expect("the type's own field is asked");
        assert_eq!(
            own.required,
            partner_type == "reseller",
            "required as the account says"
        );

        let upstream = Upstream::start(IdempotencyKeys::Honour).await;
        let proxy = TestProxy::serving(
            &section,
            TestStore::new(Store::Sqlite).await,
            &upstream.url,
            API_KEY,
            fast_settings(),
        )
        .await;
        let body = format!(
            r#"{{"direction":"send","values":{{"company_name":"Globex","email":"ada@globex.example","sent_by_email":"me@partner.example","custom_5":"1200","custom_7":"2","{own_field}":"{own_value}"}}}}"#
        );
        let (response, answer) = proxy
            .send(submission_request(Some(ALLOWED_ORIGIN), &body))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{answer}");
        let leads = upstream.leads();
        assert_eq!(leads.len(), 1);
        let sent = serde_json::to_value(&leads[0].request).expect("JSON");
        assert_eq!(sent["partnershipLead"]["partnership_id"], partnership);
        let fields = sent["customFields"].as_array().expect("custom fields");
        let own_id: u64 = own_field["custom_".len()..].parse().expect("id");
        for (field, value) in [
            (5, serde_json::json!({"number": 1200})),
            (7, serde_json::json!({"select": 2})),
        ] {
            assert!(
                fields
                    .iter()
                    .any(|entry| entry["customFieldId"] == field && entry["value"] == value),
                "{sent}"
            );
        }
        assert!(
            fields.iter().any(|entry| entry["customFieldId"] == own_id),
            "{sent}"
        );
    }
}

#[test]
fn the_partnerships_are_listed_with_the_ids_forms_new_takes_and_a_wrong_id_is_refused() {
    let (ok, listed, stderr) = run_proxy(&["forms", "list-partnerships", "--sandbox"], &[]);
    assert!(ok, "{stderr}");
    assert!(
        listed.contains("456  referral      234        789  Partner Corp"),
        "{listed}"
    );
    assert!(
        listed.contains("457  reseller      235        790  Hive Resellers GmbH"),
        "{listed}"
    );
    assert!(listed.contains("2 partnership(s)"), "{listed}");

    let (ok, listed, _) = run_proxy(
        &[
            "forms",
            "list-partnerships",
            "--sandbox",
            "--search",
            "hive",
        ],
        &[],
    );
    assert!(ok);
    assert!(
        listed.contains("1 partnership(s)") && listed.contains("Hive Resellers"),
        "{listed}"
    );

    let (ok, printed, stderr) =
        run_proxy(&["forms", "new", "--sandbox", "--partnership", "999"], &[]);
    assert!(!ok, "{printed}");
    assert!(printed.is_empty());
    assert!(stderr.contains("no partnership 999"), "{stderr}");

    // Without --origin, the partner's website is the allowed origin.
    let (ok, section, stderr) =
        run_proxy(&["forms", "new", "--sandbox", "--partnership", "456"], &[]);
    assert!(ok, "{stderr}");
    assert!(
        section.contains(r#"allowed_origins = ["https://www.partner.example"]"#),
        "{section}"
    );
    assert!(section.contains("partner_users = [567]"), "{section}");

    let (ok, _, stderr) = run_proxy(&["forms", "new", "--partnership", "456"], &[]);
    assert!(!ok);
    assert!(stderr.contains("--journeybee-user-id"), "{stderr}");
}
