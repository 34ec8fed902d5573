//! The model against the reference pages in ../shared/journeybee-api/.

use leadform_core::journeybee::get_leads::{
    LeadStatus, LeadView, ListedLead, ListedLeadSource, PartnerType, PartnershipDirection, SortType,
};
use leadform_core::{
    AssociationType, CreateLeadRequest, CreateLeadResponse, CustomFieldType, FormDirection,
    IntegrationName, LeadSource, from_json,
};
use serde::de::DeserializeOwned;
use serde_json::json;

const GET_LEADS_EXAMPLE: &str = r##"[
  {
    "total": 1, "id": 789, "uuid": "lead-uuid-789",
    "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T12:45:00Z",
    "source": "partnership", "company_name": "TechCorp Solutions", "email": "contact@techcorp.com",
    "phone_number": "+1-555-123-4567", "first_name": "John", "last_name": "Smith", "status": "new",
    "partner_type": "referral", "company_id": 123, "created_by_user_id": 456, "campaign_id": null, "campaign_title": null,
    "tags": [{ "id": 10, "label": "High Priority", "background_color": "#EF4444", "text_color": "#FFFFFF" }],
    "assigned_users": [{
      "id": 456, "email": "jane@company.com", "first_name": "Jane", "last_name": "Doe", "color": "#3B82F6",
      "profile_image_id": 789, "profile_image_uuid": "profile-uuid-456"
    }],
    "partnership_leads": [{
      "id": 123, "created_at": "2024-01-15T10:30:00Z", "partnership_id": 456,
      "sent_by_company_id": 234, "sent_by_company_name": "Partner Corp", "sent_by_company_logo_id": 567,
      "sent_by_company_logo_uuid": "logo-uuid-567", "received_by_company_id": 123, "received_by_company_name": "Your Company",
      "received_by_company_logo_id": 890, "received_by_company_logo_uuid": "logo-uuid-890",
      "partner_type": "referral", "direction": "received", "fallback_data": null
    }],
    "campaign_partners": [],
    "lead_deals": [{
      "id": 345, "label": "TechCorp Deal", "deal_value": 50000, "currency_code": "USD", "stage_id": 2,
      "stage_label": "Proposal", "stage_series": 2, "stage_phase": "negotiation"
    }]
  }
]"##;

#[test]
fn the_get_leads_example_response_round_trips() {
    let leads: Vec<ListedLead> = from_json(GET_LEADS_EXAMPLE).expect("the example parses");
    assert_eq!(
        leads[0].partnership_leads[0].direction,
        PartnershipDirection::Received
    );
    let expected: serde_json::Value = serde_json::from_str(GET_LEADS_EXAMPLE).unwrap();
    assert_eq!(serde_json::to_value(&leads).unwrap(), expected);
}

#[test]
fn the_create_lead_example_response_round_trips() {
    let example = json!({ "id": 789, "uuid": "lead-uuid-789", "partnershipLeadId": 123 });
    let response: CreateLeadResponse = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), example);
}

fn parses_all<T: DeserializeOwned + serde::Serialize>(names: &[&str]) {
    for name in names {
        let value: T =
            serde_json::from_value(json!(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            json!(name),
            "{name} writes back as itself"
        );
    }
}

#[test]
fn every_enum_value_in_the_reference_parses() {
    parses_all::<LeadSource>(&[
        "manual",
        "campaign",
        "partnership",
        "integration",
        "lead_submission_form",
    ]);
    parses_all::<AssociationType>(&["referral", "reseller", "campaigns"]);
    parses_all::<FormDirection>(&["claim", "send"]);
    parses_all::<CustomFieldType>(&[
        "text",
        "textarea",
        "number",
        "date",
        "boolean",
        "select",
        "multi_select",
    ]);
    parses_all::<IntegrationName>(&["Salesforce", "Hubspot", "Pipedrive", "Slack"]);
    parses_all::<LeadStatus>(&["new", "contacted", "qualified", "converted", "lost"]);
    parses_all::<LeadView>(&["received", "sent", "reseller", "campaigns"]);
    parses_all::<ListedLeadSource>(&["manual", "campaign", "partnership", "integration", "form"]);
    parses_all::<PartnerType>(&["referral", "reseller"]);
    parses_all::<PartnershipDirection>(&["sent", "received"]);
    parses_all::<SortType>(&["status"]);
}

#[test]
fn an_unknown_enum_value_fails_naming_its_field() {
    let request = json!({
        "associationType": "referral",
        "partnershipLead": { "partnership_id": 1, "partners_company_id": 2, "company_partnerships_id": 3, "formDirection": "sideways" }
    });
    let error = from_json::<CreateLeadRequest>(&request.to_string()).unwrap_err();
    assert_eq!(error.path, "partnershipLead.formDirection");
    assert!(
        error
            .to_string()
            .starts_with("partnershipLead.formDirection: unknown variant `sideways`"),
        "{error}"
    );

    let leads =
        GET_LEADS_EXAMPLE.replace(r#""direction": "received""#, r#""direction": "sideways""#);
    let error = from_json::<Vec<ListedLead>>(&leads).unwrap_err();
    assert_eq!(error.path, "[0].partnership_leads[0].direction");

    let mismatched = json!({ "associationType": "referral", "customFields": [{ "customFieldId": 5, "type": "number", "value": { "text": "1" } }] });
    let error = from_json::<CreateLeadRequest>(&mismatched.to_string()).unwrap_err();
    assert!(error.path.starts_with("customFields[0]"), "{error}");
}

#[test]
fn absent_optional_fields_are_left_out_not_null() {
    let minimal: CreateLeadRequest =
        serde_json::from_value(json!({ "associationType": "reseller" })).unwrap();
    assert_eq!(
        serde_json::to_value(&minimal).unwrap(),
        json!({ "associationType": "reseller" })
    );
}
