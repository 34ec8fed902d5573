//! The closed sets of values the Create Lead reference lists.

use serde::{Deserialize, Serialize};

/// Where a lead came from (`source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadSource {
    /// Entered by hand in JourneyBee.
    Manual,
    /// From a campaign.
    Campaign,
    /// From a partnership.
    Partnership,
    /// From an integration (CRM, chat).
    Integration,
    /// From a lead submission form: every leadform lead.
    LeadSubmissionForm,
}

/// How a lead is associated (`associationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssociationType {
    /// A referral partnership lead.
    Referral,
    /// A reseller partnership lead.
    Reseller,
    /// A campaign lead (with `companyCampaignId`).
    Campaigns,
}

/// `partnershipLead.formDirection`: `send` refers a lead to the company, `claim` registers a
/// lead the partner works itself (see NOTES.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormDirection {
    /// The partner registers a lead it works itself.
    Claim,
    /// The partner refers a lead to the company.
    Send,
}

impl FormDirection {
    /// The wire name, as used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FormDirection::Claim => "claim",
            FormDirection::Send => "send",
        }
    }

    /// The direction with this wire name.
    pub fn from_name(name: &str) -> Option<Self> {
        [FormDirection::Claim, FormDirection::Send]
            .into_iter()
            .find(|direction| direction.as_str() == name)
    }
}

/// `integrationName`, spelled as the reference spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntegrationName {
    /// Salesforce.
    Salesforce,
    /// HubSpot.
    Hubspot,
    /// Pipedrive.
    Pipedrive,
    /// Slack.
    Slack,
}
