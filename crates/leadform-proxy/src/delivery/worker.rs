//! The background worker: whenever a queued record is due and the rate limit has a permit,
//! it claims the record and attempts it, a few at a time.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::Delivery;
use crate::outbox::{PermitGrant, now_millis};

/// How often the worker refreshes the queue gauges.
const GAUGE_INTERVAL: Duration = Duration::from_secs(5);

/// A running worker.
pub struct Worker {
    delivery: Delivery,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl Worker {
    pub(super) fn start(delivery: Delivery) -> Self {
        let stop = CancellationToken::new();
        let task = tokio::spawn(run(delivery.clone(), stop.clone()));
        Self {
            delivery,
            stop,
            task,
        }
    }

    /// Stops claiming, lets the attempts under way end (those still waiting for a rate-limit
    /// permit give their record back), then closes the outbox.
    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.task.await;
        let inner = &self.delivery.inner;
        inner.stopping.cancel();
        inner.attempts.close();
        inner.attempts.wait().await;
        inner.outbox.close().await;
    }
}

async fn run(delivery: Delivery, stop: CancellationToken) {
    let inner = &delivery.inner;
    let settings = &inner.settings;
    let slots = Arc::new(Semaphore::new(settings.concurrency.max(1)));
    let mut gauges_at = tokio::time::Instant::now();
    let mut forgotten_at: Option<tokio::time::Instant> = None;
    let mut erased_at: Option<tokio::time::Instant> = None;
    loop {
        if gauges_at.elapsed() >= GAUGE_INTERVAL {
            crate::metrics::refresh_queue_gauges(&inner.outbox).await;
            gauges_at = tokio::time::Instant::now();
        }
        if forgotten_at.is_none_or(|at| at.elapsed() >= Duration::from_secs(3600)) {
            delivery.forget_old_counts(now_millis()).await;
            forgotten_at = Some(tokio::time::Instant::now());
        }
        if erased_at.is_none_or(|at| at.elapsed() >= settings.retention_check) {
            delivery.erase_expired(now_millis()).await;
            erased_at = Some(tokio::time::Instant::now());
        }
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => return,
            },
            () = stop.cancelled() => return,
        };
        let now = now_millis();
        let idle = match inner.outbox.next_due(now).await {
            Ok(Some(due)) if due <= now => None,
            Ok(Some(due)) => Some(Duration::from_millis((due - now) as u64)),
            Ok(None) => Some(settings.poll_interval),
            Err(error) => {
                tracing::warn!(%error, "cannot read the outbox queue");
                Some(settings.poll_interval)
            }
        };
        if let Some(idle) = idle {
            drop(slot);
            tokio::select! {
                () = tokio::time::sleep(idle.min(settings.poll_interval)) => {}
                () = inner.wake.notified() => {}
                () = stop.cancelled() => return,
            }
            continue;
        }
        // Something is due: a permit first, so a claimed record is always attempted at once.
        match inner.outbox.take_permit(&inner.bucket, now).await {
            Ok(PermitGrant::Granted) => {}
            Ok(PermitGrant::Wait(millis)) => {
                let wait = Duration::from_millis(millis);
                crate::metrics::rate_limit_wait(wait);
                drop(slot);
                tokio::select! {
                    () = tokio::time::sleep(wait.min(settings.poll_interval)) => {}
                    () = stop.cancelled() => return,
                }
                continue;
            }
            Err(error) => {
                tracing::warn!(%error, "rate limit unavailable");
                drop(slot);
                tokio::time::sleep(settings.poll_interval).await;
                continue;
            }
        }
        match inner.outbox.claim_due(&delivery.lease(now), now).await {
            Ok(Some(record)) => {
                let delivery = delivery.clone();
                inner.attempts.spawn(async move {
                    let _slot = slot;
                    delivery.run_attempt(record, None).await;
                });
            }
            Ok(None) => {
                // Another replica was quicker.
                delivery.return_permit().await;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot claim from the outbox");
                delivery.return_permit().await;
                tokio::time::sleep(settings.poll_interval).await;
            }
        }
    }
}
