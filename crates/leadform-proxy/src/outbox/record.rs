//! What the outbox holds and answers, independent of the store behind it.

use std::fmt;
use std::str::FromStr;

/// Unix epoch milliseconds: the outbox's one time format, the same in both stores.
pub type Millis = i64;

/// The current time as [`Millis`].
pub fn now_millis() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as Millis)
        .unwrap_or_default()
}

/// `at` as RFC 3339, as the operator's commands print times.
pub fn timestamp(at: Millis) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000)
        .ok()
        .and_then(|time| {
            time.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| at.to_string())
}

/// Where a submission's delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryState {
    /// Accepted, not delivered yet: waiting for its next attempt or in one.
    Queued,
    /// JourneyBee has the lead.
    Delivered,
    /// JourneyBee refused the lead for good (400, 406, 409 duplicate, 422).
    Rejected,
    /// Still not delivered when its maximum age ran out, or held because an earlier
    /// attempt's outcome could not be checked. An operator may retry it.
    Dead,
    /// An operator gave up on it.
    Discarded,
}

impl DeliveryState {
    /// Every state, in the order a record passes through them.
    pub const ALL: [DeliveryState; 5] = [
        DeliveryState::Queued,
        DeliveryState::Delivered,
        DeliveryState::Rejected,
        DeliveryState::Dead,
        DeliveryState::Discarded,
    ];

    /// The name stored in the outbox and shown to operators.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Queued => "queued",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Rejected => "rejected",
            DeliveryState::Dead => "dead",
            DeliveryState::Discarded => "discarded",
        }
    }
}

impl fmt::Display for DeliveryState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DeliveryState {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DeliveryState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = DeliveryState::ALL.iter().map(|s| s.as_str()).collect();
                format!("unknown state {text:?} (one of {})", names.join(", "))
            })
    }
}

/// The lead JourneyBee created for a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveredLead {
    /// JourneyBee's lead id.
    pub id: u64,
    /// JourneyBee's lead UUID.
    pub uuid: String,
    /// The partnership lead's id, when JourneyBee made one.
    pub partnership_lead_id: Option<u64>,
}

/// One accepted submission and its delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRecord {
    /// The submission id (a UUID), also the root of the `Idempotency-Key` sent upstream.
    pub id: String,
    /// The form it was submitted to.
    pub form_id: String,
    /// Where delivery stands.
    pub state: DeliveryState,
    /// The Create Lead request body, as JSON, built when the submission was accepted.
    pub request: String,
    /// When it was accepted.
    pub created_at: Millis,
    /// After this, a failed attempt makes it `dead` instead of being retried.
    pub give_up_at: Millis,
    /// When it may next be attempted.
    pub next_attempt_at: Millis,
    /// Attempts started so far.
    pub attempts: u32,
    /// When the first attempt started: leads created before it cannot be this one.
    pub first_attempt_at: Option<Millis>,
    /// An earlier attempt may have created the lead: check before sending again.
    pub in_doubt: bool,
    /// An attempt is under way (or its process died before writing down how it ended).
    pub attempt_open: bool,
    /// The replica holding it while an attempt is under way.
    pub lease_owner: Option<String>,
    /// When that lease runs out.
    pub lease_until: Option<Millis>,
    /// The lead, once delivered.
    pub lead: Option<DeliveredLead>,
    /// The lead was found by a Get Leads check after an attempt whose outcome was unknown.
    pub found_by_check: bool,
    /// JourneyBee's status when it refused the lead.
    pub upstream_status: Option<u16>,
    /// What went wrong last (never the API key).
    pub last_error: Option<String>,
    /// When it reached a final state.
    pub finished_at: Option<Millis>,
    /// The record of consent, as JSON (see `delivery::consent`), where the form asks for it.
    pub consent: Option<String>,
    /// From a test origin: delivered to the built-in sandbox, never to JourneyBee.
    pub test: bool,
    /// When its personal content was erased (see `outbox::personal`); `request` is empty since.
    pub erased_at: Option<Millis>,
}

/// An idempotency key and what it must stand for: the same form, the same body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyClaim {
    /// `key:<Idempotency-Key>` or, without a header, `body:<fingerprint>`.
    pub key: String,
    /// SHA-256 of the submission as parsed, hex.
    pub fingerprint: String,
    /// After this the key may stand for a new submission.
    pub expires_at: Millis,
}

/// A lease: who holds a record while attempting it, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// This proxy process's id.
    pub owner: String,
    /// When the lease runs out and another replica may take the record.
    pub until: Millis,
}

/// A submission about to be accepted.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    /// A new UUID.
    pub id: String,
    /// The form's id.
    pub form_id: String,
    /// The Create Lead request body, as JSON.
    pub request: String,
    /// What makes a repeat recognisable.
    pub idempotency: IdempotencyClaim,
    /// The fill token it came with (`token:<nonce>`): one submission's only.
    pub token: Option<IdempotencyClaim>,
    /// When a failed attempt stops being retried.
    pub give_up_at: Millis,
    /// The record of consent, as JSON, where the form asks for it.
    pub consent: Option<String>,
    /// From a test origin: delivered to the built-in sandbox, never to JourneyBee.
    pub test: bool,
    /// Set when the accepting request attempts delivery at once (it holds a rate-limit
    /// token): the record is stored already leased, with its first attempt opened.
    pub lease: Option<Lease>,
}

/// What [`accept`](super::OutboxStore::accept) did.
#[derive(Debug, Clone)]
pub enum Acceptance {
    /// Stored.
    New(OutboxRecord),
    /// The key already stands for this record, with the same body.
    Existing(OutboxRecord),
    /// The key already stands for a submission with a different body.
    KeyReused,
    /// The fill token already stands for a submission with a different body.
    TokenReused,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// JourneyBee has the lead.
    Delivered {
        /// The lead.
        lead: DeliveredLead,
        /// Found by Get Leads rather than answered by Create Lead.
        found_by_check: bool,
    },
    /// JourneyBee refused it for good.
    Rejected {
        /// JourneyBee's status.
        status: u16,
        /// JourneyBee's reason.
        error: String,
    },
    /// Try again at `at`.
    Retry {
        /// The next attempt's time.
        at: Millis,
        /// What went wrong.
        error: String,
        /// Whether this attempt (or an earlier one) may have created the lead.
        in_doubt: bool,
    },
    /// Give up.
    Dead {
        /// Why.
        error: String,
    },
}

/// An attempt's outcome with what to record about it.
#[derive(Debug, Clone)]
pub struct Finish {
    /// How it ended.
    pub outcome: Outcome,
    /// History entries: `(kind, detail)`.
    pub events: Vec<(String, String)>,
}

/// One entry of a record's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryEvent {
    /// When.
    pub at: Millis,
    /// `attempt`, `check`, `delivered`, `rejected`, `dead`, `retry`, `discard`, …
    pub kind: String,
    /// What happened, without personal data.
    pub detail: String,
}

/// The names of what a [`FormCount`] counts, as they are stored, printed and exported.
pub mod metric {
    pub const SHOWN: &str = "shown";
    pub const STARTED: &str = "started";
    /// Counted by the store itself, in the transaction that accepts the submission.
    pub const SUBMITTED: &str = "submitted";
    /// Counted by the store itself, in the transaction that records the delivery.
    pub const DELIVERED: &str = "delivered";
    /// `step:N`: visitors who reached step N (counted from 1).
    pub const STEP: &str = "step:";
    /// `left:QUESTION`: visitors who left without sending, by the last question answered.
    pub const LEFT: &str = "left:";
}

/// One count of how a form converts, in one hour (see migration 0005).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormCount {
    pub form_id: String,
    /// The hour's start.
    pub hour: Millis,
    /// One of [`metric`]'s.
    pub metric: String,
    /// May be negative in one hour (a visitor counted as gone came back in the next).
    pub count: i64,
}

/// The start of the hour `at` is in.
pub fn hour_of(at: Millis) -> Millis {
    at - at.rem_euclid(3_600_000)
}

/// Which records to list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this state.
    pub state: Option<DeliveryState>,
    /// Only this form.
    pub form_id: Option<String>,
    /// Only test submissions (from forms' test origins).
    pub test_only: bool,
    /// At most this many (newest first).
    pub limit: u32,
}

/// The queue at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueStats {
    /// Records queued.
    pub queued: u64,
    /// When the oldest queued record was accepted.
    pub oldest_queued_at: Option<Millis>,
}

/// What an operator's retry or discard did.
#[derive(Debug, Clone)]
pub enum OperatorChange {
    /// Done; the record as it is now.
    Done(Box<OutboxRecord>),
    /// No such record.
    NotFound,
    /// Not possible in this state (or while an attempt is in flight).
    NotAllowed(DeliveryState),
}

/// The answer to a request for an upstream rate-limit permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermitGrant {
    /// Send now.
    Granted,
    /// None left: ask again after this many milliseconds.
    Wait(u64),
}

#[cfg(test)]
mod tests {
    use super::DeliveryState;

    #[test]
    fn states_read_back_from_their_names() {
        for state in DeliveryState::ALL {
            assert_eq!(state.as_str().parse::<DeliveryState>(), Ok(state));
        }
        let error = "sent".parse::<DeliveryState>().unwrap_err();
        assert!(error.contains("queued, delivered"), "{error}");
    }
}
