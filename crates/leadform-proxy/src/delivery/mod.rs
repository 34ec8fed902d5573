//! Getting accepted submissions into JourneyBee exactly once: the attempt at accept time
//! (the fast path), the worker that retries the rest, and the rules both follow.
//!
//! - Every attempt for one submission carries the same `Idempotency-Key`.
//! - An attempt whose outcome is unknown (timeout, lost connection, unreadable 2xx, a 5xx
//!   that may have been processed, a process that died mid-attempt) leaves the record
//!   `in_doubt`; before it is sent again, Get Leads is asked whether the lead landed, once
//!   the attempt can no longer land (see [`lease`]).
//! - The upstream rate limit is a bucket of permits in the outbox, so on PostgreSQL it holds for
//!   every replica together; `Retry-After` pauses all sending.

mod attempt;
mod backoff;
pub mod consent;
pub mod conversion;
mod intake;
mod lead_check;
pub mod lease;
pub mod retention;
mod worker;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, oneshot};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::journeybee::JourneyBeeClient;
use crate::journeybee::upstream_rate::BucketSettings;
use crate::outbox::{
    Lease, Millis, Outbox, OutboxRecord, Outcome, PermitGrant, metric, now_millis,
};
pub use intake::{Answer, Intake};
pub use worker::Worker;

/// How an attempt whose outcome is unknown is settled before sending again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoubtPolicy {
    /// Ask Get Leads (as this JourneyBee user) whether the lead already landed.
    CheckGetLeads {
        /// `userId` for Get Leads.
        user_id: u64,
    },
    /// JourneyBee honours `Idempotency-Key` for this account: sending again is safe.
    TrustIdempotencyKey,
}

/// Delivery settings; the defaults are the documented ones.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// How long a submitting visitor waits for the first attempt before hearing "queued".
    pub fast_path_budget: Duration,
    /// How long one upstream call may take (also set on the client).
    pub upstream_timeout: Duration,
    /// How long after its timeout an upstream call may still land: JourneyBee finishing a
    /// moment after the proxy stopped waiting, replicas' clocks disagreeing.
    pub clock_skew: Duration,
    /// The upstream rate limit, requests per minute (Create Lead and Get Leads together).
    pub rate_per_minute: u32,
    /// How long after acceptance a submission is still retried.
    pub max_age: Duration,
    /// The first retry's delay; it doubles per attempt, with jitter.
    pub retry_base: Duration,
    /// The longest delay between two attempts.
    pub retry_max: Duration,
    /// Without an `Idempotency-Key`, the same body to the same form within this window is
    /// the same submission.
    pub keyless_window: Duration,
    /// How long an `Idempotency-Key` keeps standing for its submission.
    pub key_retention: Duration,
    /// What to do about attempts whose outcome is unknown.
    pub doubt: DoubtPolicy,
    /// Attempts the worker runs at once.
    pub concurrency: usize,
    /// The worker looks for due records at least this often (other replicas add work too).
    pub poll_interval: Duration,
    /// How long after a record reaches a final state its personal content is kept.
    pub retain_personal_data: Duration,
    /// How often the worker erases what has outlived `retain_personal_data`.
    pub retention_check: Duration,
}

impl DeliverySettings {
    /// The documented defaults, settling doubts with `doubt`.
    pub fn new(doubt: DoubtPolicy) -> Self {
        Self {
            fast_path_budget: Duration::from_secs(2),
            upstream_timeout: crate::journeybee::DEFAULT_TIMEOUT,
            clock_skew: Duration::from_secs(5),
            rate_per_minute: 100,
            max_age: Duration::from_secs(72 * 3600),
            retry_base: Duration::from_secs(1),
            retry_max: Duration::from_secs(600),
            keyless_window: Duration::from_secs(600),
            key_retention: Duration::from_secs(24 * 3600),
            doubt,
            concurrency: 8,
            poll_interval: Duration::from_secs(1),
            retain_personal_data: retention::DEFAULT_RETENTION,
            retention_check: Duration::from_secs(3600),
        }
    }

    /// How long a claim holds a record: one upstream call and its margin, started at once
    /// (see [`lease`]; every further call extends it first).
    pub fn lease(&self) -> Duration {
        lease::lease_length(self.upstream_timeout, self.clock_skew).unwrap_or(Duration::MAX)
    }

    /// How long after it starts an upstream call may still land.
    pub fn call_span(&self) -> Duration {
        lease::call_span(self.upstream_timeout, self.clock_skew).unwrap_or(Duration::MAX)
    }

    /// Refuses settings under which a lease could run out while its call may still land,
    /// or which the outbox's millisecond times cannot hold; the proxy checks at start.
    pub fn check(&self) -> Result<(), String> {
        const LONGEST: Duration = Duration::from_secs(24 * 3600);
        if self.upstream_timeout.is_zero() || self.upstream_timeout > LONGEST {
            return Err(format!(
                "--upstream-timeout must be more than 0 and at most 24h, not {:?}",
                self.upstream_timeout
            ));
        }
        if self.clock_skew > LONGEST {
            return Err(format!(
                "--clock-skew must be at most 24h, not {:?}",
                self.clock_skew
            ));
        }
        // A lease is one call and its margin plus the start allowance, so it outlasts the
        // call whenever it can be counted at all.
        match lease::lease_length(self.upstream_timeout, self.clock_skew) {
            Some(_) => Ok(()),
            None => Err(format!(
                "--upstream-timeout ({:?}) and --clock-skew ({:?}) are too long to hold in a lease",
                self.upstream_timeout, self.clock_skew
            )),
        }
    }
}

/// The delivery machinery one proxy process shares between its requests and its worker.
#[derive(Clone)]
pub struct Delivery {
    inner: Arc<Inner>,
}

struct Inner {
    outbox: Outbox,
    client: JourneyBeeClient,
    /// Where test submissions go: the built-in sandbox, never JourneyBee. Until it is set,
    /// they wait.
    test_client: std::sync::OnceLock<JourneyBeeClient>,
    settings: DeliverySettings,
    bucket: BucketSettings,
    /// This process's name on leases.
    owner: String,
    /// Wakes the worker when something may be due.
    wake: Notify,
    /// Attempts in flight, so shutdown can let them end.
    attempts: TaskTracker,
    /// Cancelled at shutdown: attempts still waiting for a rate-limit permit give their record back.
    stopping: CancellationToken,
}

impl Delivery {
    /// Delivery from `outbox` through `client`.
    pub fn new(outbox: Outbox, client: JourneyBeeClient, settings: DeliverySettings) -> Self {
        crate::metrics::install();
        let bucket = BucketSettings::per_minute(settings.rate_per_minute);
        Self {
            inner: Arc::new(Inner {
                outbox,
                client,
                test_client: std::sync::OnceLock::new(),
                bucket,
                settings,
                owner: format!("proxy-{}", uuid::Uuid::new_v4().simple()),
                wake: Notify::new(),
                attempts: TaskTracker::new(),
                stopping: CancellationToken::new(),
            }),
        }
    }

    /// Delivers test submissions (from a form's test origins) through `sandbox`, a client of
    /// the built-in sandbox. Set once; later calls change nothing.
    pub fn deliver_tests_to(&self, sandbox: JourneyBeeClient) {
        let _ = self.inner.test_client.set(sandbox);
    }

    /// The client a record is delivered (and looked for) through; none for a test record
    /// while no sandbox is set, so it can never reach JourneyBee.
    fn client_for(&self, record: &OutboxRecord) -> Option<&JourneyBeeClient> {
        if record.test {
            self.inner.test_client.get()
        } else {
            Some(&self.inner.client)
        }
    }

    /// The outbox behind it.
    pub fn outbox(&self) -> &Outbox {
        &self.inner.outbox
    }

    /// This process's name on the leases it takes (`outbox show` names the holder).
    pub fn owner(&self) -> &str {
        &self.inner.owner
    }

    /// The settings in force.
    pub fn settings(&self) -> &DeliverySettings {
        &self.inner.settings
    }

    fn lease(&self, now: Millis) -> Lease {
        Lease {
            owner: self.inner.owner.clone(),
            until: now.saturating_add(lease::millis(self.inner.settings.lease())),
        }
    }

    /// A permit if one is free right now; the fast path never waits for one.
    async fn try_permit(&self) -> bool {
        let grant = self
            .inner
            .outbox
            .take_permit(&self.inner.bucket, now_millis())
            .await;
        matches!(grant, Ok(PermitGrant::Granted))
    }

    async fn return_permit(&self) {
        let returned = self
            .inner
            .outbox
            .return_permit(&self.inner.bucket, now_millis())
            .await;
        if let Err(error) = returned {
            tracing::warn!(%error, "could not return a rate-limit permit");
        }
    }

    /// Waits for a permit; `None` if the proxy started shutting down meanwhile.
    async fn wait_for_permit(&self) -> Option<()> {
        loop {
            let wait = match self
                .inner
                .outbox
                .take_permit(&self.inner.bucket, now_millis())
                .await
            {
                Ok(PermitGrant::Granted) => return Some(()),
                Ok(PermitGrant::Wait(millis)) => {
                    crate::metrics::rate_limit_wait(Duration::from_millis(millis));
                    Duration::from_millis(millis)
                }
                Err(error) => {
                    tracing::warn!(%error, "rate limit unavailable");
                    self.inner.settings.poll_interval
                }
            };
            tokio::select! {
                () = tokio::time::sleep(wait.min(self.inner.settings.poll_interval)) => {}
                () = self.inner.stopping.cancelled() => return None,
            }
        }
    }

    /// Runs one attempt on a record this process leased and records how it ended. The
    /// outcome goes to `report` as soon as it is known, before it is written down: should
    /// the process die in between, the attempt stays open, so the record is checked with
    /// Get Leads before it is ever sent again.
    async fn run_attempt(&self, record: OutboxRecord, report: Option<oneshot::Sender<Outcome>>) {
        let Some(finish) = self.attempt(&record).await else {
            if let Err(error) = self
                .inner
                .outbox
                .release(&record.id, &self.inner.owner)
                .await
            {
                tracing::warn!(%error, submission = %record.id, "could not give a record back");
            }
            return;
        };
        let outcome = finish.outcome.clone();
        if let Some(report) = report {
            let _ = report.send(outcome.clone());
        }
        // Counted and logged as soon as the attempt ended, so whoever sees the written
        // outcome also finds it in the log and the metrics.
        crate::metrics::attempt_finished(&record.form_id, &outcome);
        attempt::log_outcome(&record, &outcome);
        match self
            .inner
            .outbox
            .finish(&record.id, &self.inner.owner, finish, now_millis())
            .await
        {
            Ok(Some(_)) => {
                if matches!(outcome, Outcome::Retry { .. }) {
                    self.inner.wake.notify_one();
                }
                if matches!(outcome, Outcome::Delivered { .. }) && !record.test {
                    crate::metrics::form_event(&record.form_id, metric::DELIVERED, 1);
                }
            }
            Ok(None) => {
                tracing::warn!(submission = %record.id, "lease lost before the outcome was written");
            }
            Err(error) => {
                tracing::error!(%error, submission = %record.id, "could not write an attempt's outcome");
            }
        }
    }

    /// Starts the worker; stop it with [`Worker::stop`].
    pub fn start_worker(&self) -> Worker {
        Worker::start(self.clone())
    }
}
