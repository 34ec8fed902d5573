//! Personal data kept no longer than needed: once a record is final (delivered, rejected,
//! dead, discarded), JourneyBee has the lead or never will, and after the retention time the
//! record's personal content is erased (`outbox::personal`). The worker does it every
//! `retention_check`; `leadform-proxy outbox purge` does it, or shows it, on demand.

use std::time::Duration;

use super::Delivery;
use crate::outbox::{Millis, OperatorChange, Outbox, OutboxRecord, StoreError};

/// `--retain-personal-data`'s default.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);

/// Records erased per read of the store, so a first run over a large outbox keeps its
/// transactions short.
const PAGE: u32 = 200;

/// The records whose personal content has outlived `retention` at `now`, those finished
/// first first.
pub async fn due(
    outbox: &Outbox,
    retention: Duration,
    now: Millis,
) -> Result<Vec<OutboxRecord>, StoreError> {
    outbox.erasable(cutoff(retention, now), u32::MAX).await
}

/// Erases the personal content of every record that has outlived `retention` at `now`;
/// returns the ids erased.
pub async fn erase_due(
    outbox: &Outbox,
    retention: Duration,
    now: Millis,
) -> Result<Vec<String>, StoreError> {
    let before = cutoff(retention, now);
    let mut erased = Vec::new();
    loop {
        let page = outbox.erasable(before, PAGE).await?;
        let mut progressed = false;
        for record in &page {
            if let OperatorChange::Done(_) = outbox.erase(&record.id, now).await? {
                erased.push(record.id.clone());
                progressed = true;
            }
        }
        // A record an operator retried meanwhile is queued again and stays: stop rather
        // than read the same page for ever.
        if page.len() < PAGE as usize || !progressed {
            return Ok(erased);
        }
    }
}

fn cutoff(retention: Duration, now: Millis) -> Millis {
    now.saturating_sub(Millis::try_from(retention.as_millis()).unwrap_or(Millis::MAX))
}

impl Delivery {
    /// The worker's turn at [`erase_due`]; logs how many, never whose.
    pub(super) async fn erase_expired(&self, now: Millis) {
        let inner = &self.inner;
        match erase_due(&inner.outbox, inner.settings.retain_personal_data, now).await {
            Ok(erased) if erased.is_empty() => {}
            Ok(erased) => tracing::info!(
                records = erased.len(),
                "erased the personal data of records past their retention time"
            ),
            Err(error) => tracing::warn!(%error, "could not erase personal data past retention"),
        }
    }
}
