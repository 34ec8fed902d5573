//! `POST /leads`: the Create Lead request and response, field for field as create-lead.md has them.

use serde::{Deserialize, Serialize};

use super::custom_field::CustomFieldEntry;
use super::enums::{AssociationType, FormDirection, IntegrationName, LeadSource};

/// The Create Lead request body. Absent optional fields are left out of the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateLeadRequest {
    /// Lead company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Lead contact email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Lead contact phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Lead contact first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Lead contact last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Where the lead came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<LeadSource>,
    /// How the lead is associated (required).
    #[serde(rename = "associationType")]
    pub association_type: AssociationType,
    #[serde(
        rename = "companyCampaignId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Campaign id, for a campaign lead.
    pub company_campaign_id: Option<u64>,
    #[serde(
        rename = "partnershipLead",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Partnership configuration, for referral and reseller leads.
    pub partnership_lead: Option<PartnershipLead>,
    /// Tag ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<u64>>,
    #[serde(
        rename = "customFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Custom field values of the lead.
    pub custom_fields: Option<Vec<CustomFieldEntry>>,
    #[serde(
        rename = "partnerCustomFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Custom field values of the partner's copy of the lead.
    pub partner_custom_fields: Option<Vec<CustomFieldEntry>>,
    /// Attribution data for lead tracking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributions: Option<Vec<Attribution>>,
    #[serde(
        rename = "integrationName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// The integration that created the lead.
    pub integration_name: Option<IntegrationName>,
    #[serde(
        rename = "integrationCustomFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Custom fields from an external integration.
    pub integration_custom_fields: Option<Vec<IntegrationCustomField>>,
    /// Integration-specific data (CRM ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub powerups: Option<Powerups>,
}

/// `partnershipLead`: which partnership the lead belongs to, and how it arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnershipLead {
    /// Partnership id of the lead.
    pub partnership_id: u64,
    /// Partner company id.
    pub partners_company_id: u64,
    /// Company partnership relationship id.
    pub company_partnerships_id: u64,
    #[serde(
        rename = "sendToPartner",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Whether to send the lead to the partner (referral flows).
    pub send_to_partner: Option<bool>,
    #[serde(
        rename = "assignedFromPartnerLead",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Whether the lead was assigned from a partner.
    pub assigned_from_partner_lead: Option<bool>,
    #[serde(
        rename = "formSubmissionLead",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Whether the lead came from a form submission.
    pub form_submission_lead: Option<bool>,
    #[serde(
        rename = "formDirection",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Which way the form submission goes.
    pub form_direction: Option<FormDirection>,
    /// Partner company name (fallback data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners_company_name: Option<String>,
    /// Partner user ids to notify.
    #[serde(
        rename = "partnerUsers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub partner_users: Option<Vec<u64>>,
    /// Who sent the lead.
    #[serde(rename = "sentBy", default, skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<SentBy>,
}

/// `partnershipLead.sentBy`: who sent the lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentBy {
    /// Sending user id.
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u64>,
    /// Sending user email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(
        rename = "companyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// Sending company name.
    pub company_name: Option<String>,
}

/// One of `attributions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// Attribution source id.
    pub id: u64,
    /// ISO 8601 timestamp.
    #[serde(rename = "attributedDate")]
    pub attributed_date: String,
}

/// One of `integrationCustomFields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationCustomField {
    /// The integration's custom field UUID.
    pub uuid: String,
    /// The integration's value, of any JSON type.
    pub value: serde_json::Value,
}

/// `powerups`: integration-specific ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Powerups {
    /// Pipedrive ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipedrive: Option<PipedriveIds>,
}

/// `powerups.pipedrive`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipedriveIds {
    /// Pipedrive person id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<u64>,
    /// Pipedrive organization id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<u64>,
    /// Pipedrive deal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<u64>,
}

/// The 201 answer to Create Lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateLeadResponse {
    /// The created lead's id.
    pub id: u64,
    /// The created lead's UUID.
    pub uuid: String,
    #[serde(
        rename = "partnershipLeadId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    /// The partnership lead's id, when one was created.
    pub partnership_lead_id: Option<u64>,
}
