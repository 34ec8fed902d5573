//! The sandbox's in-memory leads.

use std::sync::Mutex;

use leadform_core::CreateLeadRequest;
use time::OffsetDateTime;

/// A lead as the sandbox stored it.
#[derive(Debug, Clone)]
pub struct StoredLead {
    pub id: u64,
    pub uuid: String,
    pub partnership_lead_id: Option<u64>,
    pub created_at: OffsetDateTime,
    /// The request exactly as it arrived.
    pub request: CreateLeadRequest,
    /// The API key the request was sent with, so tests can see which key the proxy used.
    pub api_key: String,
}

#[derive(Default)]
pub(super) struct LeadStore {
    leads: Mutex<Vec<StoredLead>>,
}

/// Why a lead was not stored.
pub(super) enum Conflict {
    DuplicateEmail,
}

impl LeadStore {
    pub fn all(&self) -> Vec<StoredLead> {
        self.lock().clone()
    }

    /// Stores a lead unless one with the same email exists for the same partnership.
    pub fn insert(
        &self,
        request: CreateLeadRequest,
        api_key: String,
    ) -> Result<StoredLead, Conflict> {
        let mut leads = self.lock();
        let partnership = request
            .partnership_lead
            .as_ref()
            .map(|lead| lead.partnership_id);
        let email = request.email.as_deref().map(str::to_lowercase);
        let duplicate = email.is_some()
            && leads.iter().any(|lead| {
                lead.request
                    .partnership_lead
                    .as_ref()
                    .map(|l| l.partnership_id)
                    == partnership
                    && lead.request.email.as_deref().map(str::to_lowercase) == email
            });
        if duplicate {
            return Err(Conflict::DuplicateEmail);
        }
        // Cursor pagination is by timestamp: keep creation times strictly increasing.
        let now = OffsetDateTime::now_utc();
        let millis_now = now.replace_millisecond(now.millisecond()).unwrap_or(now);
        let created_at = match leads.last() {
            Some(last) if last.created_at >= millis_now => {
                last.created_at + time::Duration::milliseconds(1)
            }
            _ => millis_now,
        };
        let id = leads.len() as u64 + 1;
        let lead = StoredLead {
            id,
            uuid: uuid::Uuid::new_v4().to_string(),
            partnership_lead_id: partnership.map(|_| 1000 + id),
            created_at,
            request,
            api_key,
        };
        leads.push(lead.clone());
        Ok(lead)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<StoredLead>> {
        // A panic while holding the lock cannot leave the Vec half-written; keep serving.
        self.leads
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
