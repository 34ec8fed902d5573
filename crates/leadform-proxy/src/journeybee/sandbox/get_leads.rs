//! `GET /api/v1/leads`: every filter of get-leads.md (`search`, `view`, `status`, `tags`,
//! `users`, `assigned`/`unassigned`, `customFields`, `sort`) and timestamp-cursor
//! pagination, newest first, answered as a JSON array of lead objects. Sandbox leads are all
//! `new` and assigned to no one, so `users` and `assigned` match none.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use leadform_core::journeybee::catalogue::TagDefinition;
use leadform_core::journeybee::custom_field::ValueObject;
use leadform_core::journeybee::get_leads::{
    CustomFieldFilter, LeadStatus, LeadTag, LeadView, ListedLead, ListedLeadSource, PartnerType,
    PartnershipDirection, PartnershipLeadInfo, SortOption, from_wire_name,
};
use leadform_core::{AssociationType, LeadSource};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::store::StoredLead;
use super::{SANDBOX_COMPANY_ID, SANDBOX_USER_ID, Sandbox, names_the_user, refusal, unauthorized};

/// Leads per page; the reference does not say, so the sandbox picks a small page.
pub const PAGE_SIZE: usize = 20;

pub(super) async fn get_leads(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if sandbox.authorized_key(&headers).is_none() {
        return unauthorized();
    }
    if let Err(wait) = sandbox.inner.store.admit(&sandbox.inner.options) {
        return super::create_lead::rate_limited(wait);
    }
    if !names_the_user(&params) {
        return refusal(
            StatusCode::NOT_FOUND,
            "Company not found or user not authorized",
        );
    }
    let view: Option<LeadView> = match params.get("view").map(|text| from_wire_name(text)) {
        None => None,
        Some(Some(view)) => Some(view),
        Some(None) => return refusal(StatusCode::BAD_REQUEST, "Invalid view"),
    };
    let statuses: Option<Vec<LeadStatus>> = params.get("status").map_or(Some(Vec::new()), |list| {
        list.split(',')
            .filter(|s| !s.is_empty())
            .map(from_wire_name)
            .collect()
    });
    let Some(statuses) = statuses else {
        return refusal(StatusCode::BAD_REQUEST, "Invalid status");
    };
    // Sandbox leads are never assigned to anyone.
    let assigned_only = params.get("assigned").is_some_and(|flag| flag == "1")
        || params.get("users").is_some_and(|users| !users.is_empty());
    let tags: Option<Vec<u64>> = params.get("tags").map_or(Some(Vec::new()), |list| {
        list.split(',')
            .filter(|id| !id.is_empty())
            .map(|id| id.trim().parse().ok())
            .collect()
    });
    let Some(tags) = tags else {
        return refusal(StatusCode::BAD_REQUEST, "Invalid tags");
    };
    let custom_fields: Vec<CustomFieldFilter> = match params.get("customFields") {
        None => Vec::new(),
        Some(json) => match serde_json::from_str(json) {
            Ok(filters) => filters,
            Err(_) => return refusal(StatusCode::BAD_REQUEST, "Invalid customFields"),
        },
    };
    // Every sandbox lead has the same status, so a sort by status keeps the order.
    if let Some(sort) = params.get("sort")
        && serde_json::from_str::<Vec<SortOption>>(sort).is_err()
    {
        return refusal(StatusCode::BAD_REQUEST, "Invalid sort");
    }
    let cursor = match params
        .get("cursor")
        .map(|text| OffsetDateTime::parse(text, &Rfc3339))
    {
        None => None,
        Some(Ok(cursor)) => Some(cursor),
        Some(Err(_)) => return refusal(StatusCode::BAD_REQUEST, "Invalid cursor"),
    };
    let search = params.get("search").map(|text| text.to_lowercase());

    let mut matching: Vec<StoredLead> = sandbox
        .leads()
        .into_iter()
        .filter(|lead| view.is_none_or(|view| in_view(lead, view)))
        // Every sandbox lead is new.
        .filter(|_| statuses.is_empty() || statuses.contains(&LeadStatus::New))
        .filter(|lead| {
            search
                .as_deref()
                .is_none_or(|needle| matches_search(lead, needle))
        })
        .filter(|_| !assigned_only)
        .filter(|lead| tags.is_empty() || lead_tags(lead).any(|tag| tags.contains(&tag)))
        .filter(|lead| {
            custom_fields
                .iter()
                .all(|filter| matches_custom_field(lead, filter))
        })
        .collect();
    matching.reverse();
    let total = matching.len() as u64;
    let page: Vec<ListedLead> = matching
        .iter()
        .filter(|lead| cursor.is_none_or(|cursor| lead.created_at < cursor))
        .take(PAGE_SIZE)
        .map(|lead| listed(lead, total, &sandbox.inner.options.catalogue.tags))
        .collect();
    Json(page).into_response()
}

fn direction(lead: &StoredLead) -> PartnershipDirection {
    let sent = lead
        .request
        .partnership_lead
        .as_ref()
        .and_then(|p| p.send_to_partner)
        .unwrap_or(false);
    if sent {
        PartnershipDirection::Sent
    } else {
        PartnershipDirection::Received
    }
}

fn partner_type(lead: &StoredLead) -> Option<PartnerType> {
    match lead.request.association_type {
        AssociationType::Referral => Some(PartnerType::Referral),
        AssociationType::Reseller => Some(PartnerType::Reseller),
        AssociationType::Campaigns => None,
    }
}

fn in_view(lead: &StoredLead, view: LeadView) -> bool {
    let partnership = lead.request.partnership_lead.is_some();
    match view {
        LeadView::Received => partnership && direction(lead) == PartnershipDirection::Received,
        LeadView::Sent => partnership && direction(lead) == PartnershipDirection::Sent,
        LeadView::Reseller => lead.request.association_type == AssociationType::Reseller,
        LeadView::Campaigns => lead.request.association_type == AssociationType::Campaigns,
    }
}

fn matches_search(lead: &StoredLead, needle: &str) -> bool {
    let request = &lead.request;
    let partner = request
        .partnership_lead
        .as_ref()
        .and_then(|p| p.partners_company_name.as_deref());
    [
        request.company_name.as_deref(),
        request.email.as_deref(),
        request.phone_number.as_deref(),
        request.first_name.as_deref(),
        request.last_name.as_deref(),
        partner,
    ]
    .into_iter()
    .flatten()
    .any(|text| text.to_lowercase().contains(needle))
}

fn lead_tags(lead: &StoredLead) -> impl Iterator<Item = u64> + '_ {
    lead.request.tags.iter().flatten().copied()
}

/// A text filter matches a value containing it (any case); others match an equal value.
fn matches_custom_field(lead: &StoredLead, filter: &CustomFieldFilter) -> bool {
    let wanted = serde_json::to_value(&filter.value).unwrap_or_default();
    lead.request
        .custom_fields
        .iter()
        .flatten()
        .filter(|entry| entry.custom_field_id == filter.id)
        .filter_map(|entry| serde_json::to_value(entry).ok())
        .any(
            |entry| match (&filter.value, entry["value"]["text"].as_str()) {
                (ValueObject::Text(needle), Some(text)) => {
                    text.to_lowercase().contains(&needle.to_lowercase())
                }
                _ => entry["value"] == wanted,
            },
        )
}

fn listed(lead: &StoredLead, total: u64, catalogue: &[TagDefinition]) -> ListedLead {
    let request = &lead.request;
    let created_at = lead.created_at.format(&Rfc3339).unwrap_or_default();
    let source = match request.source {
        Some(LeadSource::LeadSubmissionForm) => ListedLeadSource::Form,
        Some(LeadSource::Campaign) => ListedLeadSource::Campaign,
        Some(LeadSource::Partnership) => ListedLeadSource::Partnership,
        Some(LeadSource::Integration) => ListedLeadSource::Integration,
        Some(LeadSource::Manual) | None => ListedLeadSource::Manual,
    };
    let partnership_leads = match (&request.partnership_lead, partner_type(lead)) {
        (Some(partnership), Some(partner_type)) => vec![PartnershipLeadInfo {
            id: lead.partnership_lead_id.unwrap_or_default(),
            created_at: created_at.clone(),
            partnership_id: partnership.partnership_id,
            sent_by_company_id: Some(partnership.partners_company_id),
            sent_by_company_name: partnership.partners_company_name.clone(),
            sent_by_company_logo_id: None,
            sent_by_company_logo_uuid: None,
            received_by_company_id: Some(SANDBOX_COMPANY_ID),
            received_by_company_name: Some("Sandbox Company".into()),
            received_by_company_logo_id: None,
            received_by_company_logo_uuid: None,
            partner_type,
            direction: direction(lead),
            fallback_data: None,
        }],
        _ => Vec::new(),
    };
    ListedLead {
        total,
        id: lead.id,
        uuid: lead.uuid.clone(),
        created_at: created_at.clone(),
        updated_at: created_at,
        source,
        company_name: request.company_name.clone(),
        email: request.email.clone(),
        phone_number: request.phone_number.clone(),
        first_name: request.first_name.clone(),
        last_name: request.last_name.clone(),
        status: LeadStatus::New,
        partner_type: partner_type(lead),
        company_id: SANDBOX_COMPANY_ID,
        created_by_user_id: Some(SANDBOX_USER_ID),
        campaign_id: request.company_campaign_id,
        campaign_title: None,
        tags: lead_tags(lead)
            .map(|id| LeadTag {
                id,
                label: catalogue
                    .iter()
                    .find(|tag| tag.id == id)
                    .map_or_else(String::new, |tag| tag.label.clone()),
                background_color: "#e0e7ff".into(),
                text_color: "#3730a3".into(),
            })
            .collect(),
        assigned_users: Vec::new(),
        partnership_leads,
        campaign_partners: Vec::new(),
        lead_deals: Vec::new(),
    }
}
