//! The durable outbox: a submission is written here, with the Create Lead body built from
//! it, before the visitor is answered; delivery to JourneyBee works from here. Two stores
//! behind one interface: SQLite in a data directory (the embedded default) and PostgreSQL
//! (for several replicas sharing one outbox).

mod migrations;
pub mod personal;
mod postgres;
mod queries;
mod record;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;

use crate::journeybee::upstream_rate::BucketSettings;
pub use record::{
    Acceptance, DeliveredLead, DeliveryEvent, DeliveryState, Finish, FormCount, IdempotencyClaim,
    Lease, ListFilter, Millis, NewSubmission, OperatorChange, OutboxRecord, Outcome, PermitGrant,
    QueueStats, hour_of, metric, now_millis, timestamp,
};

/// The outbox the proxy uses, whichever store is behind it.
pub type Outbox = Arc<dyn OutboxStore>;

/// Where the outbox lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// `outbox.sqlite3` in this directory (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL database, `postgres://…`.
    Postgres(String),
}

/// Who opens the outbox: the serving proxy or an operator's command beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The proxy that delivers. On SQLite it holds the data directory's lock, so no second
    /// proxy can deliver from the same file, and it frees leases a crashed run left.
    Server,
    /// `leadform-proxy outbox …`: reads and changes records while a proxy may be running.
    Operator,
}

/// Why the outbox could not do something.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("outbox database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("outbox schema: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("outbox data directory {path}: {message}")]
    DataDir { path: String, message: String },
    #[error("outbox record {id} is unreadable: {message}")]
    Corrupt { id: String, message: String },
    #[error("outbox write failed: {0}")]
    WriteFailed(String),
    #[error("the outbox is shut down")]
    Closed,
}

/// Opens (and creates or migrates) the outbox at `location`.
pub async fn open(location: &StoreLocation, role: Role) -> Result<Outbox, StoreError> {
    Ok(match location {
        StoreLocation::Sqlite(dir) => Arc::new(sqlite::SqliteOutbox::open(dir, role).await?),
        StoreLocation::Postgres(url) => Arc::new(postgres::PostgresOutbox::open(url).await?),
    })
}

/// What both stores do. Every write is committed (SQLite: fsynced) before it returns.
/// Times are passed in, so the stores keep no clock of their own.
#[async_trait]
pub trait OutboxStore: Send + Sync + 'static {
    /// `sqlite` or `postgres`, for logs and metrics.
    fn kind(&self) -> &'static str;

    /// Stores a new submission, or finds the one its idempotency key already stands for.
    async fn accept(&self, new: NewSubmission, now: Millis) -> Result<Acceptance, StoreError>;

    /// One record.
    async fn get(&self, id: &str) -> Result<Option<OutboxRecord>, StoreError>;

    /// When the next queued record falls due (or its lease runs out), if any is queued.
    async fn next_due(&self, now: Millis) -> Result<Option<Millis>, StoreError>;

    /// Leases one due record to `lease.owner` and opens an attempt on it.
    async fn claim_due(
        &self,
        lease: &Lease,
        now: Millis,
    ) -> Result<Option<OutboxRecord>, StoreError>;

    /// Records how an attempt ended, if `owner` still holds the lease; `None` if it lost it.
    async fn finish(
        &self,
        id: &str,
        owner: &str,
        finish: Finish,
        now: Millis,
    ) -> Result<Option<OutboxRecord>, StoreError>;

    /// Moves the end of `owner`'s lease on a queued record to `until`; `false` if `owner`
    /// no longer holds it.
    async fn extend_lease(&self, id: &str, owner: &str, until: Millis) -> Result<bool, StoreError>;

    /// Gives a leased record back without having sent anything.
    async fn release(&self, id: &str, owner: &str) -> Result<(), StoreError>;

    /// Whether some submission already records this JourneyBee lead as its own.
    async fn lead_recorded(&self, lead_id: u64) -> Result<bool, StoreError>;

    /// A record's history, oldest first.
    async fn events(&self, id: &str) -> Result<Vec<DeliveryEvent>, StoreError>;

    /// Records, newest first.
    async fn list(&self, filter: &ListFilter) -> Result<Vec<OutboxRecord>, StoreError>;

    /// How many are queued, and since when the oldest.
    async fn stats(&self) -> Result<QueueStats, StoreError>;

    /// An operator sends a dead, rejected or discarded record again; with `clear_doubt`,
    /// without first asking Get Leads whether an earlier attempt landed.
    async fn retry(
        &self,
        id: &str,
        now: Millis,
        give_up_at: Millis,
        clear_doubt: bool,
    ) -> Result<OperatorChange, StoreError>;

    /// An operator gives up on a record that is not in flight.
    async fn discard(&self, id: &str, now: Millis) -> Result<OperatorChange, StoreError>;

    /// Final records finished before `before` whose personal content is still there, those
    /// finished first first, at most `limit`.
    async fn erasable(&self, before: Millis, limit: u32) -> Result<Vec<OutboxRecord>, StoreError>;

    /// Records whose personal content names `email`, as the lead's address or an answer.
    async fn holding_email(&self, email: &str) -> Result<Vec<OutboxRecord>, StoreError>;

    /// Erases a final record's personal content (see [`personal`]); a queued record is
    /// `NotAllowed` until discarded. On SQLite the bytes leave the files too: deleted
    /// content is zeroed and the WAL is emptied after the commit.
    async fn erase(&self, id: &str, now: Millis) -> Result<OperatorChange, StoreError>;

    /// Takes one permit of the upstream rate limit (shared by every replica on PostgreSQL).
    async fn take_permit(
        &self,
        bucket: &BucketSettings,
        now: Millis,
    ) -> Result<PermitGrant, StoreError>;

    /// Puts back a permit that was not used.
    async fn return_permit(&self, bucket: &BucketSettings, now: Millis) -> Result<(), StoreError>;

    /// Stops all sending until `until` (JourneyBee's `Retry-After`).
    async fn pause_upstream(
        &self,
        bucket: &BucketSettings,
        until: Millis,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// Adds each count to its form's, hour's and metric's total.
    async fn count(&self, counts: Vec<FormCount>) -> Result<(), StoreError>;

    /// The counts of the hours from `since` on, of one form or of all, by form and hour.
    async fn counts(&self, form: Option<&str>, since: Millis)
    -> Result<Vec<FormCount>, StoreError>;

    /// Forgets the counts of hours before `before`.
    async fn forget_counts(&self, before: Millis) -> Result<(), StoreError>;

    /// Proves the store takes writes (for `/readyz`).
    async fn check_writable(&self) -> Result<(), StoreError>;

    /// Finishes pending writes and closes the connections.
    async fn close(&self);
}
