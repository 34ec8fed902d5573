//! What `leadform-proxy leads` reads: Get Leads, one page or every page by its cursor, and
//! for one form the outbox records of the leads this proxy delivered.

use std::collections::HashMap;

use leadform_core::journeybee::get_leads::{LeadQuery, ListedLead};

use crate::journeybee::{JourneyBeeClient, LookupError};
use crate::outbox::{ListFilter, Outbox, OutboxRecord, StoreError};

/// The leads read, and where the next page starts if there is one left unread.
#[derive(Debug, Clone)]
pub struct Leads {
    pub leads: Vec<ListedLead>,
    pub next_cursor: Option<String>,
}

/// The leads matching `query`: its page, or with `every_page` each page after it until one
/// comes back empty (a page's `total` is not relied on: the reference does not say whether
/// it counts the leads before the cursor).
pub async fn read(
    client: &JourneyBeeClient,
    mut query: LeadQuery,
    every_page: bool,
) -> Result<Leads, LookupError> {
    let mut leads: Vec<ListedLead> = Vec::new();
    loop {
        let page = client.get_leads(&query).await?;
        let total = page.first().map(|lead| lead.total);
        let next = page.last().map(|lead| lead.created_at.clone());
        let advanced = next.is_some() && next != query.cursor;
        leads.extend(page);
        if !every_page || !advanced {
            let more = advanced && total.is_some_and(|total| (leads.len() as u64) < total);
            return Ok(Leads {
                leads,
                next_cursor: next.filter(|_| more),
            });
        }
        query.cursor = next;
    }
}

/// The form's submissions this proxy delivered, by the lead id JourneyBee gave them.
pub async fn delivered_for_form(
    outbox: &Outbox,
    form_id: &str,
) -> Result<HashMap<u64, OutboxRecord>, StoreError> {
    let filter = ListFilter {
        test_only: false,
        state: None,
        form_id: Some(form_id.to_owned()),
        limit: u32::MAX,
    };
    Ok(outbox
        .list(&filter)
        .await?
        .into_iter()
        .filter_map(|record| Some((record.lead.as_ref()?.id, record)))
        .collect())
}
