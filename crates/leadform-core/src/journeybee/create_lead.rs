//! `POST /leads`: the Create Lead request and response, field for field as create-lead.md has them.

use serde::{Deserialize, Serialize};

use super::custom_field::CustomFieldEntry;
use super::enums::{AssociationType, FormDirection, IntegrationName, LeadSource};

/// The Create Lead request body. Absent optional fields are left out of the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateLeadRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<LeadSource>,
    #[serde(rename = "associationType")]
    pub association_type: AssociationType,
    #[serde(
        rename = "companyCampaignId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub company_campaign_id: Option<u64>,
    #[serde(
        rename = "partnershipLead",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub partnership_lead: Option<PartnershipLead>,
    /// Tag ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<u64>>,
    #[serde(
        rename = "customFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_fields: Option<Vec<CustomFieldEntry>>,
    #[serde(
        rename = "partnerCustomFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub partner_custom_fields: Option<Vec<CustomFieldEntry>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributions: Option<Vec<Attribution>>,
    #[serde(
        rename = "integrationName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub integration_name: Option<IntegrationName>,
    #[serde(
        rename = "integrationCustomFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub integration_custom_fields: Option<Vec<IntegrationCustomField>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub powerups: Option<Powerups>,
}

/// `partnershipLead`: which partnership the lead belongs to, and how it arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnershipLead {
    pub partnership_id: u64,
    pub partners_company_id: u64,
    pub company_partnerships_id: u64,
    #[serde(
        rename = "sendToPartner",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub send_to_partner: Option<bool>,
    #[serde(
        rename = "assignedFromPartnerLead",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assigned_from_partner_lead: Option<bool>,
    #[serde(
        rename = "formSubmissionLead",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub form_submission_lead: Option<bool>,
    #[serde(
        rename = "formDirection",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub form_direction: Option<FormDirection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners_company_name: Option<String>,
    /// Partner user ids to notify.
    #[serde(
        rename = "partnerUsers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub partner_users: Option<Vec<u64>>,
    #[serde(rename = "sentBy", default, skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<SentBy>,
}

/// `partnershipLead.sentBy`: who sent the lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentBy {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(
        rename = "companyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub company_name: Option<String>,
}

/// One of `attributions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub id: u64,
    /// ISO 8601 timestamp.
    #[serde(rename = "attributedDate")]
    pub attributed_date: String,
}

/// One of `integrationCustomFields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationCustomField {
    pub uuid: String,
    pub value: serde_json::Value,
}

/// `powerups`: integration-specific ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Powerups {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipedrive: Option<PipedriveIds>,
}

/// `powerups.pipedrive`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipedriveIds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<u64>,
}

/// The 201 answer to Create Lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateLeadResponse {
    pub id: u64,
    pub uuid: String,
    #[serde(
        rename = "partnershipLeadId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub partnership_lead_id: Option<u64>,
}
