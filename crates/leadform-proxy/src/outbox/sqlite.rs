//! The embedded outbox: `outbox.sqlite3` in the data directory, WAL, fsync on every commit.
//!
//! SQLite takes one writer at a time, so every write goes through one task that commits
//! whatever has queued up meanwhile in a single transaction (group commit): each caller
//! waits for the fsync of the batch its write was in, and writers never fight over the lock.
//! A write only changes rows of its own submission, so the writes of one batch cannot
//! conflict with each other.
//! Reads use a small pool beside it.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{Connection, Transaction};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::{OutboxStore, Role, StoreError, migrations};
use crate::journeybee::upstream_rate::{BucketSettings, PermitBucket};
use crate::outbox::record::*;

mod q {
    super::super::queries::shared_queries!(sqlx::SqliteConnection, sqlx::sqlite::SqliteRow, "");
}

/// Most writes committed together.
const MAX_BATCH: usize = 256;
/// Writes waiting for the writer before callers wait for room.
const QUEUE_DEPTH: usize = 4096;
/// How often the WAL is copied back into the database file.
const CHECKPOINT_INTERVAL: Duration = Duration::from_secs(1);

/// The SQLite outbox.
pub struct SqliteOutbox {
    writes: mpsc::Sender<WriteJob>,
    readers: SqlitePool,
    shutdown: CancellationToken,
    writer: tokio::sync::Mutex<Option<oneshot::Receiver<()>>>,
    bucket: Mutex<Option<PermitBucket>>,
    /// Held while the proxy serves, so a second proxy cannot deliver from the same file.
    _lock: Option<File>,
}

enum WriteOp {
    Accept(Box<NewSubmission>, Millis),
    Claim(Lease, Millis),
    Finish {
        id: String,
        owner: String,
        finish: Finish,
        now: Millis,
    },
    ExtendLease {
        id: String,
        owner: String,
        until: Millis,
    },
    Release {
        id: String,
        owner: String,
    },
    Retry {
        id: String,
        now: Millis,
        give_up_at: Millis,
        clear_doubt: bool,
    },
    Discard {
        id: String,
        now: Millis,
    },
    Erase {
        id: String,
        now: Millis,
    },
    Heartbeat(Millis),
    Count(Vec<FormCount>),
    ForgetCounts(Millis),
}

enum Written {
    Acceptance(Acceptance),
    Extended(bool),
    Record(Option<OutboxRecord>),
    Change(OperatorChange),
    Done,
}

struct WriteJob {
    op: WriteOp,
    reply: oneshot::Sender<Result<Written, StoreError>>,
}

impl SqliteOutbox {
    /// Opens `dir/outbox.sqlite3`, creating the directory and the schema as needed.
    pub async fn open(dir: &Path, role: Role) -> Result<Self, StoreError> {
        let data_dir_error = |message: String| StoreError::DataDir {
            path: dir.display().to_string(),
            message,
        };
        std::fs::create_dir_all(dir).map_err(|error| data_dir_error(error.to_string()))?;
        let lock = match role {
            Role::Server => Some(lock_data_dir(dir).map_err(data_dir_error)?),
            Role::Operator => None,
        };
        let options = SqliteConnectOptions::new()
            .filename(dir.join("outbox.sqlite3"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            // Deleted and overwritten content is zeroed in the file, so erased personal data
            // does not linger in free space (see `outbox::personal`).
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10))
            // Checkpoints run beside the writer (see `checkpoint_now_and_then`), not inside
            // whichever commit happens to fill the WAL.
            .pragma("wal_autocheckpoint", "0");
        let mut writer = SqliteConnection::connect_with(&options).await?;
        migrations::sqlite().await?.run(&mut writer).await?;
        if role == Role::Server {
            // This process holds the lock, so whoever held these leases is gone, but what it
            // sent may still land until each lease runs out (see `delivery::lease`). So the
            // leases stay as the time before which nobody looks for or sends those records
            // again, their attempts stay open (the next claim treats them as possibly
            // delivered), and only the owner is forgotten: a repeat of such a submission is
            // answered at once instead of waiting for an attempt that will never report.
            sqlx::query("UPDATE submissions SET lease_owner = NULL WHERE lease_owner IS NOT NULL")
                .execute(&mut writer)
                .await?;
        }
        let readers = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let (writes, jobs) = mpsc::channel(QUEUE_DEPTH);
        let shutdown = CancellationToken::new();
        let task = spawn_writer_thread(writer, jobs, shutdown.clone())?;
        tokio::spawn(checkpoint_now_and_then(readers.clone(), shutdown.clone()));
        Ok(Self {
            writes,
            readers,
            shutdown,
            writer: tokio::sync::Mutex::new(Some(task)),
            bucket: Mutex::new(None),
            _lock: lock,
        })
    }

    async fn write(&self, op: WriteOp) -> Result<Written, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.writes
            .send(WriteJob { op, reply })
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    async fn write_record(&self, op: WriteOp) -> Result<Option<OutboxRecord>, StoreError> {
        match self.write(op).await? {
            Written::Record(record) => Ok(record),
            _ => Err(StoreError::WriteFailed("unexpected writer answer".into())),
        }
    }

    async fn write_change(&self, op: WriteOp) -> Result<OperatorChange, StoreError> {
        match self.write(op).await? {
            Written::Change(change) => Ok(change),
            _ => Err(StoreError::WriteFailed("unexpected writer answer".into())),
        }
    }

    fn with_bucket<T>(
        &self,
        bucket: &BucketSettings,
        now: Millis,
        act: impl FnOnce(&mut PermitBucket) -> T,
    ) -> T {
        let mut guard = self
            .bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        act(guard.get_or_insert_with(|| PermitBucket::full(bucket, now)))
    }
}

fn lock_data_dir(dir: &Path) -> Result<File, String> {
    let path = dir.join("leadform.lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| format!("cannot open {}: {error}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(
            "another leadform-proxy is already serving from this data directory \
             (SQLite serves one proxy; use --database-url for several replicas)"
                .into(),
        ),
        Err(TryLockError::Error(error)) => Err(format!("cannot lock {}: {error}", path.display())),
    }
}

/// The writer runs on a thread of its own: every statement is a round trip to sqlx's SQLite
/// thread, and on the shared runtime each reply would wait behind the requests being served.
fn spawn_writer_thread(
    writer: SqliteConnection,
    jobs: mpsc::Receiver<WriteJob>,
    shutdown: CancellationToken,
) -> Result<oneshot::Receiver<()>, StoreError> {
    let (finished, on_finish) = oneshot::channel();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| StoreError::WriteFailed(format!("cannot start the writer: {error}")))?;
    std::thread::Builder::new()
        .name("outbox-writer".into())
        .spawn(move || {
            runtime.block_on(run_writer(writer, jobs, shutdown));
            let _ = finished.send(());
        })
        .map_err(|error| StoreError::WriteFailed(format!("cannot start the writer: {error}")))?;
    Ok(on_finish)
}

/// Copies the WAL back into the database file every second, without blocking the writer
/// (a passive checkpoint), so the WAL stays small and commits stay quick.
async fn checkpoint_now_and_then(readers: SqlitePool, shutdown: CancellationToken) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(CHECKPOINT_INTERVAL) => {}
            () = shutdown.cancelled() => return,
        }
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&readers)
            .await
        {
            tracing::warn!(%error, "outbox checkpoint failed");
        }
    }
}

async fn run_writer(
    mut conn: SqliteConnection,
    mut jobs: mpsc::Receiver<WriteJob>,
    shutdown: CancellationToken,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        let received = tokio::select! {
            received = jobs.recv_many(&mut batch, MAX_BATCH) => received,
            () = shutdown.cancelled() => {
                // Take no new writes, but commit every one already queued.
                jobs.close();
                jobs.recv_many(&mut batch, MAX_BATCH).await
            }
        };
        if received == 0 {
            break;
        }
        let (ops, replies): (Vec<WriteOp>, Vec<_>) =
            batch.drain(..).map(|job| (job.op, job.reply)).unzip();
        let erasing = ops.iter().any(|op| matches!(op, WriteOp::Erase { .. }));
        let mut results = write_batch(&mut conn, ops).await;
        if erasing && let Err(error) = empty_the_wal(&mut conn).await {
            // The erasure is committed, but its old words may linger in the WAL: say so to
            // whoever asked, rather than report bytes gone that are still on disk.
            for result in &mut results {
                if matches!(result, Ok(Written::Change(_))) {
                    *result = Err(StoreError::WriteFailed(format!(
                        "erased, but the WAL could not be emptied: {error}"
                    )));
                }
            }
        }
        for (reply, result) in replies.into_iter().zip(results) {
            let _ = reply.send(result);
        }
    }
    let _ = conn.close().await;
}

/// Copies the WAL into the database file and truncates it, so the erased content's old pages
/// leave the disk; readers finish first (the busy timeout), so it is retried a few times.
async fn empty_the_wal(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    for _ in 0..20 {
        let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await?;
        let busy: i64 = sqlx::Row::try_get(&row, 0)?;
        if busy == 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(StoreError::WriteFailed(
        "readers kept the WAL busy".to_owned(),
    ))
}

/// Applies every write in one transaction and commits once; answers exist only after the
/// commit. Should anything fail, the batch is rolled back and each write is replayed in a
/// transaction of its own, so one failing write cannot take the others down with it.
async fn write_batch(
    conn: &mut SqliteConnection,
    ops: Vec<WriteOp>,
) -> Vec<Result<Written, StoreError>> {
    let batch = async {
        let mut transaction = conn.begin().await?;
        let mut results = Vec::with_capacity(ops.len());
        for op in &ops {
            results.push(apply(&mut transaction, op).await?);
        }
        transaction.commit().await?;
        Ok::<_, StoreError>(results)
    };
    match batch.await {
        Ok(results) => results.into_iter().map(Ok).collect(),
        Err(error) if ops.len() == 1 => vec![Err(error)],
        Err(error) => {
            tracing::warn!(%error, writes = ops.len(), "outbox batch failed; writing one by one");
            let mut results = Vec::with_capacity(ops.len());
            for op in &ops {
                results.push(write_one(conn, op).await);
            }
            results
        }
    }
}

async fn write_one(conn: &mut SqliteConnection, op: &WriteOp) -> Result<Written, StoreError> {
    let mut transaction = conn.begin().await?;
    let written = apply(&mut transaction, op).await?;
    transaction.commit().await?;
    Ok(written)
}

async fn apply(
    conn: &mut Transaction<'_, sqlx::Sqlite>,
    op: &WriteOp,
) -> Result<Written, StoreError> {
    Ok(match op {
        WriteOp::Accept(new, now) => Written::Acceptance(q::accept(conn, new, *now).await?),
        WriteOp::Claim(lease, now) => Written::Record(q::claim_due(conn, lease, *now).await?),
        WriteOp::Finish {
            id,
            owner,
            finish,
            now,
        } => Written::Record(q::finish(conn, id, owner, finish, *now).await?),
        WriteOp::ExtendLease { id, owner, until } => {
            Written::Extended(q::extend_lease(conn, id, owner, *until).await?)
        }
        WriteOp::Release { id, owner } => {
            q::release(conn, id, owner).await?;
            Written::Done
        }
        WriteOp::Retry {
            id,
            now,
            give_up_at,
            clear_doubt,
        } => Written::Change(q::retry(conn, id, *now, *give_up_at, *clear_doubt).await?),
        WriteOp::Discard { id, now } => Written::Change(q::discard(conn, id, *now).await?),
        WriteOp::Erase { id, now } => Written::Change(q::erase(conn, id, *now).await?),
        WriteOp::Heartbeat(now) => {
            q::heartbeat(conn, *now).await?;
            Written::Done
        }
        WriteOp::Count(counts) => {
            q::count(conn, counts).await?;
            Written::Done
        }
        WriteOp::ForgetCounts(before) => {
            q::forget_counts(conn, *before).await?;
            Written::Done
        }
    })
}

#[async_trait]
impl OutboxStore for SqliteOutbox {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    async fn accept(&self, new: NewSubmission, now: Millis) -> Result<Acceptance, StoreError> {
        match self.write(WriteOp::Accept(Box::new(new), now)).await? {
            Written::Acceptance(acceptance) => Ok(acceptance),
            _ => Err(StoreError::WriteFailed("unexpected writer answer".into())),
        }
    }

    async fn get(&self, id: &str) -> Result<Option<OutboxRecord>, StoreError> {
        q::get(&mut *self.readers.acquire().await?, id).await
    }

    async fn next_due(&self, now: Millis) -> Result<Option<Millis>, StoreError> {
        q::next_due(&mut *self.readers.acquire().await?, now).await
    }

    async fn claim_due(
        &self,
        lease: &Lease,
        now: Millis,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        self.write_record(WriteOp::Claim(lease.clone(), now)).await
    }

    async fn finish(
        &self,
        id: &str,
        owner: &str,
        finish: Finish,
        now: Millis,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        self.write_record(WriteOp::Finish {
            id: id.to_owned(),
            owner: owner.to_owned(),
            finish,
            now,
        })
        .await
    }

    async fn extend_lease(&self, id: &str, owner: &str, until: Millis) -> Result<bool, StoreError> {
        match self
            .write(WriteOp::ExtendLease {
                id: id.to_owned(),
                owner: owner.to_owned(),
                until,
            })
            .await?
        {
            Written::Extended(extended) => Ok(extended),
            _ => Err(StoreError::WriteFailed("unexpected writer answer".into())),
        }
    }

    async fn release(&self, id: &str, owner: &str) -> Result<(), StoreError> {
        self.write(WriteOp::Release {
            id: id.to_owned(),
            owner: owner.to_owned(),
        })
        .await
        .map(|_| ())
    }

    async fn lead_recorded(&self, lead_id: u64) -> Result<bool, StoreError> {
        q::lead_recorded(&mut *self.readers.acquire().await?, lead_id).await
    }

    async fn events(&self, id: &str) -> Result<Vec<DeliveryEvent>, StoreError> {
        q::events(&mut *self.readers.acquire().await?, id).await
    }

    async fn list(&self, filter: &ListFilter) -> Result<Vec<OutboxRecord>, StoreError> {
        q::list(&mut *self.readers.acquire().await?, filter).await
    }

    async fn stats(&self) -> Result<QueueStats, StoreError> {
        q::stats(&mut *self.readers.acquire().await?).await
    }

    async fn retry(
        &self,
        id: &str,
        now: Millis,
        give_up_at: Millis,
        clear_doubt: bool,
    ) -> Result<OperatorChange, StoreError> {
        self.write_change(WriteOp::Retry {
            id: id.to_owned(),
            now,
            give_up_at,
            clear_doubt,
        })
        .await
    }

    async fn discard(&self, id: &str, now: Millis) -> Result<OperatorChange, StoreError> {
        self.write_change(WriteOp::Discard {
            id: id.to_owned(),
            now,
        })
        .await
    }

    async fn erasable(&self, before: Millis, limit: u32) -> Result<Vec<OutboxRecord>, StoreError> {
        q::erasable(&mut *self.readers.acquire().await?, before, limit).await
    }

    async fn holding_email(&self, email: &str) -> Result<Vec<OutboxRecord>, StoreError> {
        q::holding_email(&mut *self.readers.acquire().await?, email).await
    }

    async fn erase(&self, id: &str, now: Millis) -> Result<OperatorChange, StoreError> {
        self.write_change(WriteOp::Erase {
            id: id.to_owned(),
            now,
        })
        .await
    }

    async fn take_permit(
        &self,
        bucket: &BucketSettings,
        now: Millis,
    ) -> Result<PermitGrant, StoreError> {
        Ok(self.with_bucket(bucket, now, |state| state.take(bucket, now)))
    }

    async fn return_permit(&self, bucket: &BucketSettings, now: Millis) -> Result<(), StoreError> {
        self.with_bucket(bucket, now, |state| state.give_back(bucket, now));
        Ok(())
    }

    async fn pause_upstream(
        &self,
        bucket: &BucketSettings,
        until: Millis,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.with_bucket(bucket, now, |state| state.pause(bucket, until, now));
        Ok(())
    }

    async fn count(&self, counts: Vec<FormCount>) -> Result<(), StoreError> {
        self.write(WriteOp::Count(counts)).await.map(|_| ())
    }

    async fn counts(
        &self,
        form: Option<&str>,
        since: Millis,
    ) -> Result<Vec<FormCount>, StoreError> {
        q::counts(&mut *self.readers.acquire().await?, form, since).await
    }

    async fn forget_counts(&self, before: Millis) -> Result<(), StoreError> {
        self.write(WriteOp::ForgetCounts(before)).await.map(|_| ())
    }

    async fn check_writable(&self) -> Result<(), StoreError> {
        self.write(WriteOp::Heartbeat(now_millis()))
            .await
            .map(|_| ())
    }

    async fn close(&self) {
        self.shutdown.cancel();
        if let Some(finished) = self.writer.lock().await.take() {
            let _ = finished.await;
        }
        self.readers.close().await;
    }
}
