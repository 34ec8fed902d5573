//! `GET /leads`: the query as get-leads.md renders it, and the lead objects it answers with.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::custom_field::ValueObject;
use super::finite_number::FiniteNumber;

/// A lead's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    New,
    Contacted,
    Qualified,
    Converted,
    Lost,
}

/// The `view` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadView {
    Received,
    Sent,
    Reseller,
    Campaigns,
}

/// `source` as Get Leads reports it (`form` for form submissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListedLeadSource {
    Manual,
    Campaign,
    Partnership,
    Integration,
    Form,
}

/// `partner_type` of a lead or partnership lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerType {
    Referral,
    Reseller,
}

/// A partnership lead's direction, from the asking company's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipDirection {
    Sent,
    Received,
}

/// One custom field filter of the `customFields` parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomFieldFilter {
    pub id: u64,
    pub value: ValueObject,
}

/// What `sort` can order by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortType {
    Status,
}

/// One entry of the `sort` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortOption {
    #[serde(rename = "type")]
    pub sort_type: SortType,
    pub asc: bool,
}

/// The Get Leads query parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeadQuery {
    pub user_id: u64,
    /// ISO timestamp: leads created before it.
    pub cursor: Option<String>,
    pub search: Option<String>,
    pub view: Option<LeadView>,
    pub assigned: bool,
    pub unassigned: bool,
    pub status: Vec<LeadStatus>,
    pub tags: Vec<u64>,
    pub users: Vec<u64>,
    pub custom_fields: Vec<CustomFieldFilter>,
    pub sort: Vec<SortOption>,
}

fn wire_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
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
    pub id: u64,
    pub uuid: String,
    pub created_at: String,
    pub updated_at: String,
    pub source: ListedLeadSource,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub status: LeadStatus,
    pub partner_type: Option<PartnerType>,
    pub company_id: u64,
    pub created_by_user_id: Option<u64>,
    pub campaign_id: Option<u64>,
    pub campaign_title: Option<String>,
    #[serde(default)]
    pub tags: Vec<LeadTag>,
    #[serde(default)]
    pub assigned_users: Vec<AssignedUser>,
    #[serde(default)]
    pub partnership_leads: Vec<PartnershipLeadInfo>,
    #[serde(default)]
    pub campaign_partners: Vec<CampaignPartner>,
    #[serde(default)]
    pub lead_deals: Vec<LeadDeal>,
}

/// A tag on a listed lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadTag {
    pub id: u64,
    pub label: String,
    pub background_color: String,
    pub text_color: String,
}

/// A user assigned to a listed lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedUser {
    pub id: u64,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub color: Option<String>,
    pub profile_image_id: Option<u64>,
    pub profile_image_uuid: Option<String>,
}

/// The partnership side of a listed lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnershipLeadInfo {
    pub id: u64,
    pub created_at: String,
    pub partnership_id: u64,
    pub sent_by_company_id: Option<u64>,
    pub sent_by_company_name: Option<String>,
    pub sent_by_company_logo_id: Option<u64>,
    pub sent_by_company_logo_uuid: Option<String>,
    pub received_by_company_id: Option<u64>,
    pub received_by_company_name: Option<String>,
    pub received_by_company_logo_id: Option<u64>,
    pub received_by_company_logo_uuid: Option<String>,
    pub partner_type: PartnerType,
    pub direction: PartnershipDirection,
    pub fallback_data: Option<serde_json::Value>,
}

/// A campaign partner of a listed lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignPartner {
    pub partners_company_id: u64,
    pub partners_company_name: Option<String>,
    pub partners_company_logo_id: Option<u64>,
    pub partners_company_logo_uuid: Option<String>,
}

/// A deal of a listed lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadDeal {
    pub id: u64,
    pub label: String,
    pub deal_value: Option<FiniteNumber>,
    pub currency_code: Option<String>,
    pub stage_id: Option<u64>,
    pub stage_label: Option<String>,
    pub stage_series: Option<u64>,
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
