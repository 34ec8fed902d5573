//! Did an earlier attempt create the lead after all? Get Leads (get-leads.md) is the
//! documented way to ask: search by the lead's email (else phone, else company), newest
//! first, and look for a lead created after the first attempt with the same contact
//! details and partnership that no other submission already claims.

use std::fmt;
use std::time::{Duration, Instant};

use leadform_core::CreateLeadRequest;
use leadform_core::journeybee::get_leads::{LeadQuery, ListedLead};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::lease::HeldLease;
use super::{Delivery, DoubtPolicy};
use crate::outbox::{DeliveredLead, Millis, OutboxRecord};

/// Pages of Get Leads read before the check gives up for now.
pub const MAX_PAGES: usize = 5;

/// Clocks differ: leads created up to this long before our first attempt still count.
const CLOCK_SLACK: Duration = Duration::from_secs(300);

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckResult {
    /// The lead exists: this is it.
    Found(DeliveredLead),
    /// Every lead since the first attempt was looked at; none is this one.
    NotFound,
    /// JourneyBee honours the idempotency key, so sending again is safe without looking.
    SendingIsSafe,
    /// Get Leads could not be asked (or not to the end); ask again later.
    Failed(String),
    /// Nothing to search by.
    Impossible(String),
}

impl CheckResult {
    /// The metrics label.
    pub fn label(&self) -> &'static str {
        match self {
            CheckResult::Found(_) => "found",
            CheckResult::NotFound => "not_found",
            CheckResult::SendingIsSafe => "skipped",
            CheckResult::Failed(_) => "failed",
            CheckResult::Impossible(_) => "impossible",
        }
    }
}

impl fmt::Display for CheckResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckResult::Found(lead) => write!(f, "Get Leads found lead {}", lead.id),
            CheckResult::NotFound => f.write_str("Get Leads found no such lead: sending again"),
            CheckResult::SendingIsSafe => {
                f.write_str("not checked: JourneyBee honours the idempotency key")
            }
            CheckResult::Failed(error) => write!(f, "Get Leads check failed: {error}"),
            CheckResult::Impossible(why) => write!(f, "cannot check: {why}"),
        }
    }
}

impl Delivery {
    /// Looks for the lead an earlier attempt of `record` may have created. Each page read
    /// costs a rate-limit permit; the caller's claim paid for the first. Every page is read
    /// under `lease`, so no other replica checks or sends the record meanwhile.
    pub(super) async fn check_for_lead(
        &self,
        record: &OutboxRecord,
        request: &CreateLeadRequest,
        lease: &mut HeldLease,
    ) -> CheckResult {
        let user_id = match self.inner.settings.doubt {
            DoubtPolicy::TrustIdempotencyKey => return CheckResult::SendingIsSafe,
            // The sandbox's one user, for a test record: the sandbox is where it went.
            DoubtPolicy::CheckGetLeads { .. } if record.test => {
                crate::journeybee::sandbox::SANDBOX_USER_ID
            }
            DoubtPolicy::CheckGetLeads { user_id } => user_id,
        };
        let Some(search) = [&request.email, &request.phone_number, &request.company_name]
            .into_iter()
            .find_map(|field| field.clone())
        else {
            return CheckResult::Impossible(
                "the lead has no email, phone or company to search by".into(),
            );
        };
        let since = record.first_attempt_at.unwrap_or(record.created_at)
            - CLOCK_SLACK.as_millis() as Millis;
        let mut cursor = None;
        for page in 0..MAX_PAGES {
            if page > 0 && self.wait_for_permit().await.is_none() {
                return CheckResult::Failed("the proxy is stopping".into());
            }
            if !self.cover_call(lease).await {
                return CheckResult::Failed("this process no longer holds the record".into());
            }
            let query = LeadQuery {
                user_id,
                search: Some(search.clone()),
                cursor: cursor.take(),
                ..LeadQuery::default()
            };
            let started = Instant::now();
            let Some(client) = self.client_for(record) else {
                return CheckResult::Failed("a test submission waits for the sandbox".into());
            };
            let listed = client.get_leads(&query).await;
            crate::metrics::upstream_latency("get_leads", started.elapsed());
            let leads = match listed {
                Ok(leads) => leads,
                Err(error) => return CheckResult::Failed(error.to_string()),
            };
            for lead in &leads {
                let created = created_millis(lead);
                if created.is_some_and(|created| created < since) {
                    // Newest first: everything further is older than our first attempt.
                    return CheckResult::NotFound;
                }
                if same_lead(lead, request) {
                    match self.inner.outbox.lead_recorded(lead.id).await {
                        Ok(true) => continue,
                        Ok(false) => {
                            return CheckResult::Found(DeliveredLead {
                                id: lead.id,
                                uuid: lead.uuid.clone(),
                                partnership_lead_id: partnership_lead_id(lead, request),
                            });
                        }
                        Err(error) => return CheckResult::Failed(error.to_string()),
                    }
                }
            }
            match leads.last() {
                Some(oldest) => cursor = Some(oldest.created_at.clone()),
                None => return CheckResult::NotFound,
            }
        }
        CheckResult::Failed(format!(
            "more than {MAX_PAGES} pages of leads since the first attempt"
        ))
    }
}

fn created_millis(lead: &ListedLead) -> Option<Millis> {
    let created = OffsetDateTime::parse(&lead.created_at, &Rfc3339).ok()?;
    Some((created.unix_timestamp_nanos() / 1_000_000) as Millis)
}

/// Every contact detail the request carries matches, and so does the partnership when the
/// listing names one.
fn same_lead(lead: &ListedLead, request: &CreateLeadRequest) -> bool {
    let text_matches = |ours: &Option<String>, theirs: &Option<String>, any_case: bool| match ours {
        None => true,
        Some(ours) => theirs.as_deref().is_some_and(|theirs| {
            if any_case {
                theirs.trim().eq_ignore_ascii_case(ours.trim())
            } else {
                theirs.trim() == ours.trim()
            }
        }),
    };
    let contact = text_matches(&request.email, &lead.email, true)
        && text_matches(&request.company_name, &lead.company_name, false)
        && text_matches(&request.first_name, &lead.first_name, false)
        && text_matches(&request.last_name, &lead.last_name, false)
        && text_matches(&request.phone_number, &lead.phone_number, false);
    let partnership = match &request.partnership_lead {
        Some(ours) if !lead.partnership_leads.is_empty() => lead
            .partnership_leads
            .iter()
            .any(|listed| listed.partnership_id == ours.partnership_id),
        _ => true,
    };
    contact && partnership
}

fn partnership_lead_id(lead: &ListedLead, request: &CreateLeadRequest) -> Option<u64> {
    let ours = request.partnership_lead.as_ref()?;
    lead.partnership_leads
        .iter()
        .find(|listed| listed.partnership_id == ours.partnership_id)
        .map(|listed| listed.id)
}

#[cfg(test)]
mod tests {
    use leadform_core::CreateLeadRequest;
    use leadform_core::journeybee::get_leads::ListedLead;
    use serde_json::json;

    use super::same_lead;

    fn listed(email: &str, company: &str, partnership: u64) -> ListedLead {
        serde_json::from_value(json!({
            "total": 1, "id": 7, "uuid": "u", "created_at": "2026-11-24T10:00:00Z",
            "updated_at": "2026-11-24T10:00:00Z", "source": "form", "company_name": company,
            "email": email, "phone_number": null, "first_name": null, "last_name": null,
            "status": "new", "partner_type": "referral", "company_id": 1,
            "created_by_user_id": 1, "campaign_id": null, "campaign_title": null, "tags": [],
            "assigned_users": [], "campaign_partners": [], "lead_deals": [],
            "partnership_leads": [{ "id": 1007, "created_at": "2026-11-24T10:00:00Z",
                "partnership_id": partnership, "partner_type": "referral", "direction": "received" }]
        }))
        .expect("a listed lead")
    }

    fn request(email: &str, company: &str) -> CreateLeadRequest {
        serde_json::from_value(json!({
            "email": email, "company_name": company, "associationType": "referral",
            "partnershipLead": { "partnership_id": 456, "partners_company_id": 2, "company_partnerships_id": 3 }
        }))
        .expect("a request")
    }

    #[test]
    fn a_lead_matches_on_every_contact_detail_and_the_partnership() {
        let ours = request("Ada@Globex.example", "Globex");
        assert!(same_lead(
            &listed("ada@globex.example", "Globex", 456),
            &ours
        ));
        assert!(!same_lead(
            &listed("ada@globex.example", "Initech", 456),
            &ours
        ));
        assert!(!same_lead(
            &listed("bob@globex.example", "Globex", 456),
            &ours
        ));
        assert!(!same_lead(
            &listed("ada@globex.example", "Globex", 999),
            &ours
        ));
    }
}
