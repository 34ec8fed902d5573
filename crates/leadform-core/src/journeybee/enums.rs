//! The closed sets of values the Create Lead reference lists.

use serde::{Deserialize, Serialize};

/// Where a lead came from (`source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadSource {
    Manual,
    Campaign,
    Partnership,
    Integration,
    LeadSubmissionForm,
}

/// How a lead is associated (`associationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssociationType {
    Referral,
    Reseller,
    Campaigns,
}

/// `partnershipLead.formDirection`: `send` refers a lead to the company, `claim` registers a
/// lead the partner works itself (see NOTES.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormDirection {
    Claim,
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
}

/// `integrationName`, spelled as the reference spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntegrationName {
    Salesforce,
    Hubspot,
    Pipedrive,
    Slack,
}
