//! One attempt on a leased record: settle an earlier attempt's doubt, send, and turn
//! JourneyBee's answer into an [`Outcome`].

use std::time::{Duration, Instant};

use leadform_core::CreateLeadRequest;

use super::Delivery;
use super::backoff;
use super::lead_check::CheckResult;
use super::lease::HeldLease;
use crate::journeybee::{CreateLeadAnswer, UpstreamRefusal};
use crate::outbox::{DeliveredLead, Finish, Millis, OutboxRecord, Outcome, now_millis};

/// When JourneyBee asks for a pause without saying how long.
const DEFAULT_PAUSE: Duration = Duration::from_secs(60);

/// The `Idempotency-Key` every attempt for one submission carries.
pub fn upstream_key(submission_id: &str) -> String {
    format!("leadform-{submission_id}")
}

impl Delivery {
    /// What happened to this attempt; `None` if nothing was sent: the proxy is stopping, or
    /// the record's lease could not be made to outlast the call.
    pub(super) async fn attempt(&self, record: &OutboxRecord) -> Option<Finish> {
        let mut events = Vec::new();
        let mut lease = HeldLease::of(record);
        let request: CreateLeadRequest = match serde_json::from_str(&record.request) {
            Ok(request) => request,
            Err(error) => {
                return Some(finish(
                    Outcome::Dead {
                        error: format!("the stored request cannot be read: {error}"),
                    },
                    events,
                ));
            }
        };
        let mut settled = !record.in_doubt;
        if record.in_doubt {
            let check = self.check_for_lead(record, &request, &mut lease).await;
            crate::metrics::lead_check(check.label());
            events.push(("check".to_owned(), check.to_string()));
            match check {
                CheckResult::Found(lead) => {
                    return Some(finish(
                        Outcome::Delivered {
                            lead,
                            found_by_check: true,
                        },
                        events,
                    ));
                }
                CheckResult::NotFound => settled = true,
                CheckResult::SendingIsSafe => {}
                CheckResult::Failed(error) => {
                    let outcome = self.retry_outcome(record, error, true, None);
                    return Some(finish(outcome, events));
                }
                CheckResult::Impossible(why) => {
                    return Some(finish(
                        Outcome::Dead {
                            error: format!(
                                "an earlier attempt may have created the lead and {why}; \
                                 look in JourneyBee, then retry with --force or discard"
                            ),
                        },
                        events,
                    ));
                }
            }
            // The check spent the claim's permit; sending needs one of its own.
            self.wait_for_permit().await?;
        }
        if now_millis() >= record.give_up_at {
            let error = record
                .last_error
                .clone()
                .unwrap_or_else(|| "not delivered before its maximum age".to_owned());
            return Some(finish(Outcome::Dead { error }, events));
        }

        if !self.cover_call(&mut lease).await {
            return None;
        }
        let Some(client) = self.client_for(record) else {
            let error = "a test submission waits for the sandbox".to_owned();
            return Some(finish(
                self.retry_outcome(record, error, record.in_doubt, None),
                events,
            ));
        };
        let started = Instant::now();
        let answer = client
            .create_lead(&record.request, &upstream_key(&record.id))
            .await;
        crate::metrics::upstream_latency("create_lead", started.elapsed());
        events.push(("attempt".to_owned(), describe(&answer)));
        let still_in_doubt = record.in_doubt && !settled;
        let outcome = match answer {
            CreateLeadAnswer::Created(created) => Outcome::Delivered {
                lead: DeliveredLead {
                    id: created.id,
                    uuid: created.uuid,
                    partnership_lead_id: created.partnership_lead_id,
                },
                found_by_check: false,
            },
            CreateLeadAnswer::Unreadable { status, detail } => self.retry_outcome(
                record,
                format!("JourneyBee answered {status} with {detail}"),
                true,
                None,
            ),
            CreateLeadAnswer::Lost(error) => self.retry_outcome(record, error, true, None),
            CreateLeadAnswer::NotSent(error) => {
                self.retry_outcome(record, error, still_in_doubt, None)
            }
            CreateLeadAnswer::Refused(refusal) => {
                self.refused_outcome(record, refusal, still_in_doubt).await
            }
        };
        Some(finish(outcome, events))
    }

    async fn refused_outcome(
        &self,
        record: &OutboxRecord,
        refusal: UpstreamRefusal,
        still_in_doubt: bool,
    ) -> Outcome {
        let error = refusal.to_string();
        match refusal.status {
            429 => {
                let pause = refusal.retry_after.unwrap_or(DEFAULT_PAUSE);
                let now = now_millis();
                let until = now + pause.as_millis() as Millis;
                if let Err(store_error) = self
                    .inner
                    .outbox
                    .pause_upstream(&self.inner.bucket, until, now)
                    .await
                {
                    tracing::warn!(%store_error, "could not pause the upstream rate limit");
                }
                self.retry_outcome(record, error, still_in_doubt, Some(pause))
            }
            400 | 406 | 422 => Outcome::Rejected {
                status: refusal.status,
                error,
            },
            409 if is_key_in_flight(&refusal) => {
                self.retry_outcome(record, error, still_in_doubt, refusal.retry_after)
            }
            409 => Outcome::Rejected { status: 409, error },
            // Refused before doing anything: safe to send again later.
            503 => self.retry_outcome(record, error, still_in_doubt, refusal.retry_after),
            // May have been processed before it failed.
            500..=599 => self.retry_outcome(record, error, true, refusal.retry_after),
            // The key, a proxy or a URL is wrong: an operator's to fix, the lead waits.
            _ => {
                tracing::error!(
                    submission = %record.id,
                    status = refusal.status,
                    "JourneyBee refuses the proxy itself; the lead stays queued until that is fixed"
                );
                self.retry_outcome(record, error, still_in_doubt, None)
            }
        }
    }

    /// Try again later, or give up if that is past the record's maximum age. An attempt in
    /// doubt waits at least one upstream call's span (its timeout and the margin), so a slow
    /// JourneyBee has finished storing the lead before Get Leads is asked about it, by this
    /// replica or another.
    fn retry_outcome(
        &self,
        record: &OutboxRecord,
        error: String,
        in_doubt: bool,
        not_before: Option<Duration>,
    ) -> Outcome {
        let settings = &self.inner.settings;
        let mut wait = backoff::delay(record.attempts, settings.retry_base, settings.retry_max);
        if in_doubt {
            wait = wait.max(settings.call_span());
        }
        if let Some(not_before) = not_before {
            wait = wait.max(not_before);
        }
        let at = now_millis() + wait.as_millis() as Millis;
        if at > record.give_up_at {
            return Outcome::Dead { error };
        }
        Outcome::Retry {
            at,
            error,
            in_doubt,
        }
    }
}

/// The newer API answers 409 while a request with the same key is still running.
fn is_key_in_flight(refusal: &UpstreamRefusal) -> bool {
    let mentions = |text: &str| {
        let text = text.to_ascii_lowercase();
        text.contains("idempotency") || text.contains("in progress") || text.contains("in_progress")
    };
    refusal.code.as_deref().is_some_and(mentions) || mentions(&refusal.message)
}

fn finish(outcome: Outcome, events: Vec<(String, String)>) -> Finish {
    Finish { outcome, events }
}

/// An attempt, for the record's history: status and reason, no personal data.
fn describe(answer: &CreateLeadAnswer) -> String {
    match answer {
        CreateLeadAnswer::Created(created) => format!("created lead {}", created.id),
        CreateLeadAnswer::Refused(refusal) => refusal.to_string(),
        CreateLeadAnswer::Unreadable { status, detail } => {
            format!("JourneyBee answered {status} with {detail}")
        }
        CreateLeadAnswer::NotSent(error) => format!("not sent: {error}"),
        CreateLeadAnswer::Lost(error) => format!("outcome unknown: {error}"),
    }
}

/// One log line per finished attempt, without personal data or upstream text at INFO.
pub(super) fn log_outcome(record: &OutboxRecord, outcome: &Outcome) {
    let (submission, form, attempts) = (&record.id, &record.form_id, record.attempts);
    match outcome {
        Outcome::Delivered {
            lead,
            found_by_check,
        } => tracing::info!(
            %submission, %form, attempts, lead_id = lead.id, found_by_check, "lead delivered"
        ),
        Outcome::Rejected { status, error } => {
            tracing::warn!(%submission, %form, attempts, status, "JourneyBee rejected the lead");
            tracing::debug!(%submission, error, "rejection detail");
        }
        Outcome::Retry {
            at,
            error,
            in_doubt,
        } => {
            tracing::info!(
                %submission, %form, attempts, in_doubt, retry_in_ms = at - now_millis(),
                "delivery will be retried"
            );
            tracing::debug!(%submission, error, "retry detail");
        }
        Outcome::Dead { error } => {
            tracing::error!(%submission, %form, attempts, "delivery given up");
            tracing::debug!(%submission, error, "dead detail");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{UpstreamRefusal, is_key_in_flight, upstream_key};

    #[test]
    fn the_upstream_key_fits_journeybees_alphabet() {
        let key = upstream_key(&uuid::Uuid::now_v7().to_string());
        assert!(key.len() <= 255);
        assert!(
            key.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn a_duplicate_lead_and_a_key_still_running_are_told_apart() {
        let refusal = |code: Option<&str>, message: &str| UpstreamRefusal {
            status: 409,
            code: code.map(str::to_owned),
            message: message.to_owned(),
            retry_after: None,
            redirect_host: None,
        };
        assert!(!is_key_in_flight(&refusal(
            None,
            "Duplicate lead or unique constraint violation"
        )));
        assert!(is_key_in_flight(&refusal(
            Some("idempotency_key_in_use"),
            "A request with this key is still running"
        )));
        assert!(is_key_in_flight(&refusal(None, "Request in progress")));
    }
}
