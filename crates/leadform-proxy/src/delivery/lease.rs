//! When may a record whose attempt nobody finished be looked for, or sent again?
//!
//! A Create Lead that was sent may still land (JourneyBee storing the lead) until the
//! upstream timeout after it began, plus a margin, `clock_skew`: the proxy stops waiting at
//! the timeout and JourneyBee may finish a moment later, and replicas' clocks disagree a
//! little. Asking Get Leads before then can miss the lead and send it a second time: that is
//! how a proxy killed mid-delivery made duplicates.
//!
//! The rule that prevents it: **no upstream call starts unless it ends, margin included,
//! within the caller's lease.** So once a lease has run out, nothing its holder sent can
//! still land, whether the holder is alive, stuck or dead, and the Get Leads check of
//! whoever claims the record next sees every lead the holder created. It is enough because
//! a record is claimed only when its lease has run out (`claim_due`), and because:
//! - a claim's lease covers one call from the moment of the claim, and the claimer holds its
//!   rate-limit permit already, so the usual attempt starts its call at once and writes
//!   nothing more;
//! - before every call (each Get Leads page, the Create Lead) the lease is checked and, if
//!   too little of it is left (a check of several pages, a wait for the rate limit), extended
//!   while this process still holds it; if it no longer does, the attempt stops unsent;
//! - a proxy starting on a SQLite data directory keeps the dead process's leases as they
//!   were (only their owner is forgotten), so their records wait until those attempts can no
//!   longer land; on PostgreSQL a dead replica's leases simply run out;
//! - an attempt that ended in doubt while its process lived is retried no sooner than the
//!   upstream timeout plus the margin after it ended (`Delivery::retry_outcome`).
//!
//! The lease therefore follows from the upstream timeout and never has to be guessed: it is
//! as long as one call and the margin, plus [`CALL_START_ALLOWANCE`].

use std::time::Duration;

use super::Delivery;
use crate::outbox::{Millis, OutboxRecord, now_millis};

/// A claim's first call starts within this; later ones extend the lease first.
pub const CALL_START_ALLOWANCE: Duration = Duration::from_secs(2);

/// A record this process holds while attempting it, and until when.
#[derive(Debug, Clone)]
pub(super) struct HeldLease {
    id: String,
    until: Millis,
}

impl HeldLease {
    /// The lease `record` was claimed (or accepted) with.
    pub(super) fn of(record: &OutboxRecord) -> Self {
        Self {
            id: record.id.clone(),
            until: record.lease_until.unwrap_or(Millis::MIN),
        }
    }
}

/// How long one upstream call may go on landing: its timeout and the margin.
pub fn call_span(upstream_timeout: Duration, clock_skew: Duration) -> Option<Duration> {
    upstream_timeout.checked_add(clock_skew)
}

/// A lease long enough for one call, started within the allowance.
pub fn lease_length(upstream_timeout: Duration, clock_skew: Duration) -> Option<Duration> {
    call_span(upstream_timeout, clock_skew)?.checked_add(CALL_START_ALLOWANCE)
}

/// `duration` in the outbox's milliseconds, at most `Millis::MAX`.
pub(super) fn millis(duration: Duration) -> Millis {
    Millis::try_from(duration.as_millis()).unwrap_or(Millis::MAX)
}

impl Delivery {
    /// Before an upstream call: makes sure the lease outlasts the call, extending it if
    /// needed. `false` when this process no longer holds the record (or cannot tell): the
    /// call must not be made.
    pub(super) async fn cover_call(&self, lease: &mut HeldLease) -> bool {
        let now = now_millis();
        let span = millis(self.inner.settings.call_span());
        if lease.until >= now.saturating_add(span) {
            return true;
        }
        let until = now.saturating_add(millis(self.inner.settings.lease()));
        match self
            .inner
            .outbox
            .extend_lease(&lease.id, &self.inner.owner, until)
            .await
        {
            Ok(true) => {
                lease.until = until;
                true
            }
            Ok(false) => {
                tracing::warn!(submission = %lease.id, "lease lost: another replica has the record");
                false
            }
            Err(error) => {
                tracing::warn!(%error, submission = %lease.id, "could not extend a lease");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{call_span, lease_length};

    #[test]
    fn a_lease_outlasts_the_call_it_covers_whatever_the_timeout() {
        let skew = Duration::from_secs(5);
        for timeout in [
            Duration::from_millis(1),
            Duration::from_millis(300),
            Duration::from_secs(15),
            Duration::from_secs(600),
            Duration::from_secs(86_400),
        ] {
            let lease = lease_length(timeout, skew).expect("a lease");
            let span = call_span(timeout, skew).expect("a span");
            assert!(lease > span, "{timeout:?}: lease {lease:?}, call {span:?}");
            assert!(span >= timeout + skew);
        }
        assert_eq!(lease_length(Duration::MAX, skew), None, "no overflow");
    }
}
