//! `GET /leads`: the query as get-leads.md renders it, and the lead objects it answers with.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::custom_field::ValueObject;
use super::finite_number::FiniteNumber;

/// A lead's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    /// Not worked yet.
    New,
    /// Contacted.
    Contacted,
    /// Qualified.
    Qualified,
    /// Became a customer.
    Converted,
    /// Lost.
    Lost,
}

/// The `view` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadView {
    /// Leads received from partners.
    Received,
    /// Leads sent to partners.
    Sent,
    /// Reseller leads.
    Reseller,
    /// Campaign leads.
    Campaigns,
}

/// `source` as Get Leads reports it (`form` for form submissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListedLeadSource {
    /// Entered by hand.
    Manual,
    /// From a campaign.
    Campaign,
    /// From a partnership.
    Partnership,
    /// From an integration.
    Integration,
    /// From a lead submission form.
    Form,
}

/// `partner_type` of a lead or partnership lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerType {
    /// Referral partner.
    Referral,
    /// Reseller partner.
    Reseller,
}

/// A partnership lead's direction, from the asking company's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipDirection {
    /// Sent to the partner.
    Sent,
    /// Received from the partner.
    Received,
}

/// One custom field filter of the `customFields` parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomFieldFilter {
    /// Custom field id.
    pub id: u64,
    /// Value to match.
    pub value: ValueObject,
}

/// What `sort` can order by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortType {
    /// By lead status.
    Status,
}

/// One entry of the `sort` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortOption {
    /// What to sort by.
    #[serde(rename = "type")]
    pub sort_type: SortType,
    /// Ascending when true.
    pub asc: bool,
}

/// The Get Leads query parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeadQuery {
    /// The user making the request (required; must match the key's user).
    pub user_id: u64,
    /// ISO timestamp: leads created before it.
    pub cursor: Option<String>,
    /// Search company name, email, phone, names, assigned users and partner companies.
    pub search: Option<String>,
    /// Filter by lead source or type.
    pub view: Option<LeadView>,
    /// Only leads assigned to someone.
    pub assigned: bool,
    /// Only leads assigned to no one.
    pub unassigned: bool,
    /// Only leads in these statuses.
    pub status: Vec<LeadStatus>,
    /// Only leads with these tag ids.
    pub tags: Vec<u64>,
    /// Only leads assigned to these user ids.
    pub users: Vec<u64>,
    /// Custom field filters.
    pub custom_fields: Vec<CustomFieldFilter>,
    /// Sort order.
    pub sort: Vec<SortOption>,
}

/// An enum's name on the wire (`"new"`, `"received"`, …), as the query and the answers
/// write it; empty for a value that is not written as a name.
pub fn wire_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The enum value with this name on the wire, if there is one.
pub fn from_wire_name<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

fn join<T>(items: &[T], render: impl Fn(&T) -> String) -> String {
    items.iter().map(render).collect::<Vec<_>>().join(",")
}

/// Percent-encodes all but RFC 3986 unreserved characters and the list comma, so that
/// `status=new,contacted` reads as in the reference.
fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~,".contains(&byte) {
            encoded.push(byte as char);
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

impl LeadQuery {
    /// The query string, without the leading `?`, parameters in the reference's order.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("userId", self.user_id.to_string())];
        if let Some(cursor) = &self.cursor {
            pairs.push(("cursor", cursor.clone()));
        }
        if let Some(search) = &self.search {
            pairs.push(("search", search.clone()));
        }
        if let Some(view) = &self.view {
            pairs.push(("view", wire_name(view)));
        }
        if self.assigned {
            pairs.push(("assigned", "1".into()));
        }
        if self.unassigned {
            pairs.push(("unassigned", "1".into()));
        }
        if !self.status.is_empty() {
            pairs.push(("status", join(&self.status, wire_name)));
        }
        if !self.tags.is_empty() {
            pairs.push(("tags", join(&self.tags, u64::to_string)));
        }
        if !self.users.is_empty() {
            pairs.push(("users", join(&self.users, u64::to_string)));
        }
        if !self.custom_fields.is_empty() {
            pairs.push((
                "customFields",
                serde_json::to_string(&self.custom_fields).unwrap_or_default(),
            ));
        }
        if !self.sort.is_empty() {
            pairs.push((
                "sort",
                serde_json::to_string(&self.sort).unwrap_or_default(),
            ));
        }
        pairs
            .iter()
            .map(|(name, value)| format!("{name}={}", encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One lead of the Get Leads answer (a JSON array of these).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedLead {
    /// Leads matching the query, in all pages.
    pub total: u64,
    /// Lead id.
    pub id: u64,
    /// Lead UUID.
    pub uuid: String,
    /// Creation timestamp.
    pub created_at: String,
    /// Last update timestamp.
    pub updated_at: String,
    /// Where the lead came from.
    pub source: ListedLeadSource,
    /// Lead company name.
    pub company_name: Option<String>,
    /// Lead contact email.
    pub email: Option<String>,
    /// Lead contact phone number.
    pub phone_number: Option<String>,
    /// Lead contact first name.
    pub first_name: Option<String>,
    /// Lead contact last name.
    pub last_name: Option<String>,
    /// Lead status.
    pub status: LeadStatus,
    /// Partner relationship type.
    pub partner_type: Option<PartnerType>,
    /// Company that owns the lead.
    pub company_id: u64,
    /// User who created the lead.
    pub created_by_user_id: Option<u64>,
    /// Campaign id, for a campaign lead.
    pub campaign_id: Option<u64>,
    /// Campaign name, for a campaign lead.
    pub campaign_title: Option<String>,
    /// Assigned tags.
    #[serde(default)]
    pub tags: Vec<LeadTag>,
    /// Assigned users.
    #[serde(default)]
    pub assigned_users: Vec<AssignedUser>,
    /// Partnership side, for sent and received leads.
    #[serde(default)]
    pub partnership_leads: Vec<PartnershipLeadInfo>,
    /// Campaign partners, for campaign leads.
    #[serde(default)]
    pub campaign_partners: Vec<CampaignPartner>,
    /// Associated deals.
    #[serde(default)]
    pub lead_deals: Vec<LeadDeal>,
}

/// A tag on a listed lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadTag {
    /// Tag id.
    pub id: u64,
    /// Tag label.
    pub label: String,
    /// Tag background color.
    pub background_color: String,
    /// Tag text color.
    pub text_color: String,
}

/// A user assigned to a listed lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedUser {
    /// User id.
    pub id: u64,
    /// User email.
    pub email: String,
    /// User first name.
    pub first_name: Option<String>,
    /// User last name.
    pub last_name: Option<String>,
    /// User color.
    pub color: Option<String>,
    /// Profile image asset id.
    pub profile_image_id: Option<u64>,
    /// Profile image asset UUID.
    pub profile_image_uuid: Option<String>,
}

/// The partnership side of a listed lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnershipLeadInfo {
    /// Partnership lead id.
    pub id: u64,
    /// Partnership creation timestamp.
    pub created_at: String,
    /// Partnership id.
    pub partnership_id: u64,
    /// Sending company id.
    pub sent_by_company_id: Option<u64>,
    /// Sending company name.
    pub sent_by_company_name: Option<String>,
    /// Sending company logo asset id.
    pub sent_by_company_logo_id: Option<u64>,
    /// Sending company logo asset UUID.
    pub sent_by_company_logo_uuid: Option<String>,
    /// Receiving company id.
    pub received_by_company_id: Option<u64>,
    /// Receiving company name.
    pub received_by_company_name: Option<String>,
    /// Receiving company logo asset id.
    pub received_by_company_logo_id: Option<u64>,
    /// Receiving company logo asset UUID.
    pub received_by_company_logo_uuid: Option<String>,
    /// Partnership type.
    pub partner_type: PartnerType,
    /// Direction, from the asking company's side.
    pub direction: PartnershipDirection,
    /// Partner fallback data for inactive partners.
    pub fallback_data: Option<serde_json::Value>,
}

/// A campaign partner of a listed lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignPartner {
    /// Partner company id.
    pub partners_company_id: u64,
    /// Partner company name.
    pub partners_company_name: Option<String>,
    /// Partner company logo asset id.
    pub partners_company_logo_id: Option<u64>,
    /// Partner company logo asset UUID.
    pub partners_company_logo_uuid: Option<String>,
}

/// A deal of a listed lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadDeal {
    /// Deal id.
    pub id: u64,
    /// Deal name.
    pub label: String,
    /// Deal value.
    pub deal_value: Option<FiniteNumber>,
    /// Currency of the deal value.
    pub currency_code: Option<String>,
    /// Deal stage id.
    pub stage_id: Option<u64>,
    /// Deal stage label.
    pub stage_label: Option<String>,
    /// Deal stage order.
    pub stage_series: Option<u64>,
    /// Deal stage phase.
    pub stage_phase: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_reference_example_query() {
        let query = LeadQuery {
            user_id: 456,
            view: Some(LeadView::Received),
            search: Some("tech".into()),
            status: vec![LeadStatus::New, LeadStatus::Contacted],
            ..LeadQuery::default()
        };
        assert_eq!(
            query.to_query_string(),
            "userId=456&search=tech&view=received&status=new,contacted"
        );
    }

    #[test]
    fn json_filters_and_free_text_are_percent_encoded() {
        let query = LeadQuery {
            user_id: 1,
            search: Some("Ada & Co".into()),
            custom_fields: vec![CustomFieldFilter {
                id: 123,
                value: ValueObject::Text("search".into()),
            }],
            sort: vec![SortOption {
                sort_type: SortType::Status,
                asc: true,
            }],
            ..LeadQuery::default()
        };
        assert_eq!(
            query.to_query_string(),
            "userId=1&search=Ada%20%26%20Co&customFields=%5B%7B%22id%22%3A123%2C%22value%22%3A%7B%22text%22%3A%22search%22%7D%7D%5D&sort=%5B%7B%22type%22%3A%22status%22%2C%22asc%22%3Atrue%7D%5D"
                .replace("%2C", ",")
        );
    }
}
