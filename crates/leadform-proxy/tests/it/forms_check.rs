//! `leadform-proxy forms check`: the forms file against the account's custom fields and
//! tags, through the same client the proxy sends leads with (here to the sandbox).

use std::net::SocketAddr;
use std::time::Duration;

use crate::common::*;
use leadform_core::{CatalogueOption, CustomFieldDefinition, CustomFieldType, TagDefinition};
use leadform_proxy::journeybee::forms_check;
use leadform_proxy::journeybee::sandbox::{Catalogue, SandboxOptions};
use leadform_proxy::{ApiKey, JourneyBeeClient, ProxyConfig, Sandbox};

/// A reseller form naming fields, options, campaign targets and tags, some of which the
/// account below lacks or types otherwise.
const FORMS_TO_CHECK: &str = r#"
[[form]]
[form.definition]
id = "acme-referral"
title = "Refer a client"
directions = ["send"]

[[form.definition.fields]]
field = "email"
label = "Email"
required = true

[[form.definition.fields]]
field = { custom = { id = 5, type = "number" } }
label = "Deal size"

[[form.definition.fields]]
field = { custom = { id = 6, type = "number" } }
label = "Seats"

[[form.definition.fields]]
field = { custom = { id = 7, type = "select" } }
label = "Product"
options = [{ id = 1, label = "Hives" }, { id = 3, label = "Queens" }]

[[form.definition.fields]]
field = { custom = { id = 8, type = "text" } }
label = "Referral code"

[[form.definition.fields]]
field = { custom = { id = 99, type = "text" } }
label = "Gone"

[form.trusted]
allowed_origins = ["https://partner.example"]
association_type = "reseller"
partnership_id = 456
partners_company_id = 234
company_partnerships_id = 789
tags = [10, 11]

[form.trusted.hidden_fields]
utm_source = 21
utm_campaign = 30
utm_medium = 77
"#;

fn account() -> Catalogue {
    let field =
        |id: u64, field_type: CustomFieldType, partner_type: Option<&str>| CustomFieldDefinition {
            id,
            label: format!("field {id}"),
            field_type,
            partner_type: partner_type.map(str::to_owned),
            required: false,
            options: None,
        };
    Catalogue {
        custom_fields: vec![
            field(5, CustomFieldType::Number, None),
            field(6, CustomFieldType::Textarea, None),
            CustomFieldDefinition {
                options: Some(vec![CatalogueOption {
                    id: 1,
                    label: "Hives".into(),
                }]),
                ..field(7, CustomFieldType::Select, None)
            },
            field(8, CustomFieldType::Text, Some("referral")),
            field(21, CustomFieldType::Text, Some("reseller")),
            field(30, CustomFieldType::Number, None),
        ],
        tags: vec![TagDefinition {
            id: 10,
            label: "Partner".into(),
        }],
        partnerships: Vec::new(),
    }
}

#[tokio::test]
async fn every_field_option_campaign_target_and_tag_the_account_lacks_is_reported() {
    let sandbox = Sandbox::with_options(
        ApiKey::new(API_KEY),
        SandboxOptions {
            catalogue: account(),
            ..SandboxOptions::default()
        },
    );
    let url = sandbox
        .serve(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("sandbox serves");
    let client =
        JourneyBeeClient::new(&url, &ApiKey::new(API_KEY), Duration::from_secs(5)).expect("client");
    let config = ProxyConfig::from_toml(FORMS_TO_CHECK).expect("the forms file loads");
    let found = forms_check::check(&config, &client)
        .await
        .expect("the account is read");
    let expected = [
        r#"form acme-referral: question "Seats" (custom field 6): the account's field is textarea, the form says number"#,
        r#"form acme-referral: question "Product" (custom field 7): option 3 ("Queens") is not one of the field's options"#,
        r#"form acme-referral: question "Referral code" (custom field 8): the account has no such reseller lead field"#,
        r#"form acme-referral: question "Gone" (custom field 99): the account has no such reseller lead field"#,
        "form acme-referral: utm_medium goes to custom field 77, which the account has no reseller lead field for",
        "form acme-referral: utm_campaign goes to custom field 30, a number field; campaign values need a text field",
        "form acme-referral: tag 11 does not exist in the account",
    ];
    assert_eq!(found, expected);

    let refused = JourneyBeeClient::new(&url, &ApiKey::new("wrong-key"), Duration::from_secs(5))
        .expect("client");
    assert!(
        forms_check::check(&config, &refused).await.is_err(),
        "a wrong key is an error, not a clean bill"
    );
}

#[test]
fn the_demo_forms_file_matches_the_sandbox_account() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../leadform-demo/forms.toml");
    let (ok, stdout, stderr) = run_proxy(&["forms", "check", "--sandbox", "--config", demo], &[]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("every custom field, option and tag of 2 form(s) is in the account"),
        "{stdout}"
    );
}
