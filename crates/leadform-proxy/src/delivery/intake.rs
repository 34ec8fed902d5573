//! A valid submission is committed to the outbox before anything else; then, if the rate
//! limit has a permit free, it gets one attempt while the visitor waits (about 2 s at most).
//! A repeat of it (same key, or same body within the window) gets the first one's outcome.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

use super::Delivery;
use crate::abuse::fill_token::TokenClaim;
use crate::outbox::{
    Acceptance, DeliveredLead, DeliveryState, IdempotencyClaim, Millis, NewSubmission,
    OutboxRecord, Outcome, StoreError, metric, now_millis,
};

/// How often a repeat looks whether the first attempt has ended.
const REPEAT_POLL: Duration = Duration::from_millis(25);

/// A validated submission, ready for the outbox.
#[derive(Debug, Clone)]
pub struct Intake {
    /// The form.
    pub form_id: String,
    /// The Create Lead request body, as JSON.
    pub request: String,
    /// SHA-256 of the submission as parsed.
    pub fingerprint: String,
    /// The browser's `Idempotency-Key`, if it sent one.
    pub key: Option<String>,
    /// The fill token's claim, which no other answers may share.
    pub token: TokenClaim,
    /// The record of consent, as JSON, where the form asks for it.
    pub consent: Option<String>,
    /// From one of the form's test origins: delivered to the built-in sandbox.
    pub test: bool,
}

/// What the visitor is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// JourneyBee has the lead.
    Delivered {
        /// The submission.
        submission_id: String,
        /// The lead.
        lead: DeliveredLead,
    },
    /// Stored; it will be delivered.
    Queued {
        /// The submission.
        submission_id: String,
    },
    /// JourneyBee refused it for good with this status.
    Refused {
        /// The submission.
        submission_id: String,
        /// JourneyBee's status.
        status: u16,
    },
    /// Given up on (by age or by an operator).
    NotDelivered {
        /// The submission.
        submission_id: String,
    },
    /// The key stands for a submission with different answers.
    KeyReused,
    /// The fill token stands for a submission with different answers: a bot's.
    TokenReused,
}

impl Answer {
    /// The answer a record in its present state gives.
    pub fn from_record(record: &OutboxRecord) -> Self {
        let submission_id = record.id.clone();
        match (record.state, &record.lead) {
            (DeliveryState::Delivered, Some(lead)) => Answer::Delivered {
                submission_id,
                lead: lead.clone(),
            },
            (DeliveryState::Queued | DeliveryState::Delivered, _) => {
                Answer::Queued { submission_id }
            }
            (DeliveryState::Rejected, _) => Answer::Refused {
                submission_id,
                status: record.upstream_status.unwrap_or(400),
            },
            (DeliveryState::Dead | DeliveryState::Discarded, _) => {
                Answer::NotDelivered { submission_id }
            }
        }
    }
}

impl Answer {
    /// The answer an attempt's outcome gives.
    fn from_outcome(submission_id: String, outcome: Outcome) -> Self {
        match outcome {
            Outcome::Delivered { lead, .. } => Answer::Delivered {
                submission_id,
                lead,
            },
            Outcome::Retry { .. } => Answer::Queued { submission_id },
            Outcome::Rejected { status, .. } => Answer::Refused {
                submission_id,
                status,
            },
            Outcome::Dead { .. } => Answer::NotDelivered { submission_id },
        }
    }
}

impl Delivery {
    /// Accepts `intake` durably and answers; the flag says whether it repeated an earlier one.
    pub async fn submit(&self, intake: Intake) -> Result<(Answer, bool), StoreError> {
        let settings = &self.inner.settings;
        let now = now_millis();
        let (key, retention) = match intake.key {
            Some(key) => (format!("key:{key}"), settings.key_retention),
            None => (
                format!("body:{}", intake.fingerprint),
                settings.keyless_window,
            ),
        };
        let token = Some(IdempotencyClaim {
            key: format!("token:{}", intake.token.nonce),
            fingerprint: intake.fingerprint.clone(),
            expires_at: intake.token.expires_at,
        });
        let attempt_now = self.try_permit().await;
        let new = NewSubmission {
            id: uuid::Uuid::now_v7().to_string(),
            form_id: intake.form_id,
            request: intake.request,
            idempotency: IdempotencyClaim {
                key,
                fingerprint: intake.fingerprint,
                expires_at: now + retention.as_millis() as Millis,
            },
            token,
            give_up_at: now + settings.max_age.as_millis() as Millis,
            consent: intake.consent,
            test: intake.test,
            lease: attempt_now.then(|| self.lease(now)),
        };
        let acceptance = self.inner.outbox.accept(new, now).await;
        if attempt_now && !matches!(acceptance, Ok(Acceptance::New(_))) {
            self.return_permit().await;
        }
        match acceptance? {
            Acceptance::New(record) => {
                crate::metrics::accepted(&record.form_id);
                if !record.test {
                    crate::metrics::form_event(&record.form_id, metric::SUBMITTED, 1);
                }
                Ok((self.first_attempt(record).await, false))
            }
            Acceptance::Existing(record) => {
                crate::metrics::repeated(&record.form_id);
                let record = self.await_first_attempt(record).await;
                Ok((Answer::from_record(&record), true))
            }
            Acceptance::KeyReused => Ok((Answer::KeyReused, false)),
            Acceptance::TokenReused => Ok((Answer::TokenReused, false)),
        }
    }

    /// The attempt runs on its own task: if the budget runs out first, the visitor hears
    /// "queued" and the attempt still ends and records its outcome, so the budget never
    /// turns a delivered lead into one whose outcome is unknown. The visitor hears the
    /// outcome as soon as JourneyBee has answered, while it is being written down.
    async fn first_attempt(&self, record: OutboxRecord) -> Answer {
        let submission_id = record.id.clone();
        if record.lease_owner.is_none() {
            self.inner.wake.notify_one();
            return Answer::Queued { submission_id };
        }
        let (report, outcome) = oneshot::channel();
        let delivery = self.clone();
        self.inner
            .attempts
            .spawn(async move { delivery.run_attempt(record, Some(report)).await });
        match tokio::time::timeout(self.inner.settings.fast_path_budget, outcome).await {
            Ok(Ok(outcome)) => Answer::from_outcome(submission_id, outcome),
            _ => Answer::Queued { submission_id },
        }
    }

    /// While the first request's attempt is under way, a repeat waits for it (within the
    /// same budget) so both get the same answer.
    async fn await_first_attempt(&self, mut record: OutboxRecord) -> OutboxRecord {
        let deadline = Instant::now() + self.inner.settings.fast_path_budget;
        while record.state == DeliveryState::Queued
            && record.lease_owner.is_some()
            && Instant::now() < deadline
        {
            tokio::time::sleep(REPEAT_POLL).await;
            match self.inner.outbox.get(&record.id).await {
                Ok(Some(now)) => record = now,
                _ => break,
            }
        }
        record
    }
}
