//! The sandbox's in-memory leads, with an index so that storing one costs the same however
//! many there are, and the answers it remembers per `Idempotency-Key`.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use leadform_core::CreateLeadRequest;
use time::OffsetDateTime;

use super::{DuplicateLeads, IdempotencyKeys, SandboxOptions};

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
    /// The `Idempotency-Key` it came with, if any.
    pub idempotency_key: Option<String>,
}

/// How a Create Lead went.
pub(super) enum Created {
    /// Stored now.
    New(StoredLead),
    /// The key was seen with the same body: the first answer again.
    Replayed(StoredLead),
}

/// Why a lead was not stored.
pub(super) enum Refused {
    DuplicateEmail,
    KeyReused,
}

#[derive(Default)]
pub(super) struct LeadStore {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    leads: Vec<StoredLead>,
    /// (partnership id, lower-case email) → index in `leads`.
    by_email: HashMap<(Option<u64>, String), usize>,
    /// Idempotency-Key → (body as received, index in `leads`).
    keys: HashMap<String, (String, usize)>,
    /// When recent requests arrived, for the optional rate limit.
    recent: VecDeque<Instant>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl LeadStore {
    pub fn all(&self) -> Vec<StoredLead> {
        self.lock().leads.clone()
    }

    pub fn len(&self) -> usize {
        self.lock().leads.len()
    }

    /// Counts a request against the rate limit: `Err(wait)` when the last minute is full.
    pub fn admit(&self, options: &SandboxOptions) -> Result<(), Duration> {
        let Some(limit) = options.rate_limit_per_minute else {
            return Ok(());
        };
        let mut state = self.lock();
        let now = Instant::now();
        while state
            .recent
            .front()
            .is_some_and(|&at| now.duration_since(at) >= WINDOW)
        {
            state.recent.pop_front();
        }
        if state.recent.len() >= limit as usize {
            let oldest = state.recent.front().copied().unwrap_or(now);
            return Err(WINDOW.saturating_sub(now.duration_since(oldest)));
        }
        state.recent.push_back(now);
        Ok(())
    }

    /// Stores a lead unless the options forbid it: a known key replays its first answer, and
    /// (unless duplicates are allowed) a second lead with the same email for the same
    /// partnership is refused.
    pub fn create(
        &self,
        request: CreateLeadRequest,
        body: &str,
        api_key: String,
        idempotency_key: Option<&str>,
        options: &SandboxOptions,
    ) -> Result<Created, Refused> {
        let mut state = self.lock();
        let honoured_key =
            idempotency_key.filter(|_| options.idempotency_keys == IdempotencyKeys::Honour);
        if let Some(key) = honoured_key
            && let Some((first_body, index)) = state.keys.get(key)
        {
            return if first_body == body {
                Ok(Created::Replayed(state.leads[*index].clone()))
            } else {
                Err(Refused::KeyReused)
            };
        }
        let partnership = request
            .partnership_lead
            .as_ref()
            .map(|lead| lead.partnership_id);
        let email = request.email.as_deref().map(str::to_lowercase);
        if let Some(email) = &email
            && options.duplicate_leads == DuplicateLeads::Refuse
            && state.by_email.contains_key(&(partnership, email.clone()))
        {
            return Err(Refused::DuplicateEmail);
        }
        // Cursor pagination is by timestamp: keep creation times strictly increasing.
        let now = OffsetDateTime::now_utc();
        let millis_now = now.replace_millisecond(now.millisecond()).unwrap_or(now);
        let created_at = match state.leads.last() {
            Some(last) if last.created_at >= millis_now => {
                last.created_at + time::Duration::milliseconds(1)
            }
            _ => millis_now,
        };
        let index = state.leads.len();
        let id = index as u64 + 1;
        let lead = StoredLead {
            id,
            uuid: uuid::Uuid::new_v4().to_string(),
            partnership_lead_id: partnership.map(|_| 1000 + id),
            created_at,
            request,
            api_key,
            idempotency_key: idempotency_key.map(str::to_owned),
        };
        state.leads.push(lead.clone());
        if let Some(email) = email {
            state.by_email.entry((partnership, email)).or_insert(index);
        }
        if let Some(key) = honoured_key {
            state.keys.insert(key.to_owned(), (body.to_owned(), index));
        }
        Ok(Created::New(lead))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-written; keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
