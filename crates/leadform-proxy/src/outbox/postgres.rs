//! The shared outbox: one PostgreSQL database for every proxy replica. Each due record is
//! claimed by exactly one replica (`FOR UPDATE SKIP LOCKED`, then a lease that expires if
//! the replica dies), and the upstream rate limit is one bucket row they all draw from.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::{PgPool, PgPoolOptions};

use super::{OutboxStore, StoreError, migrations};
use crate::journeybee::upstream_rate::{BucketSettings, PermitBucket};
use crate::outbox::record::*;

mod q {
    super::super::queries::shared_queries!(
        sqlx::PgConnection,
        sqlx::postgres::PgRow,
        "FOR UPDATE SKIP LOCKED"
    );
}

/// The bucket row's name.
const UPSTREAM_BUCKET: &str = "upstream";

/// The PostgreSQL outbox.
pub struct PostgresOutbox {
    pool: PgPool,
    /// For the rate-limit bucket only: its commits skip waiting for the WAL flush, so the
    /// shared row is locked for as short a time as possible. A bucket update lost in a
    /// crash costs nothing but a slightly different wait.
    bucket_pool: PgPool,
}

impl PostgresOutbox {
    /// Connects to `url` and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(32)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        migrations::postgres().await?.run(&pool).await?;
        let bucket_pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(|connection, _| {
                Box::pin(async move {
                    sqlx::query("SET synchronous_commit = off")
                        .execute(connection)
                        .await
                        .map(|_| ())
                })
            })
            .connect(url)
            .await?;
        Ok(Self { pool, bucket_pool })
    }

    /// Takes a permit in one statement (the `tokens` column holds the permits left): refill since the last update, then take one if a
    /// whole one is there and no pause is on (the arithmetic of `PermitBucket::take`).
    async fn take_in_place(
        &self,
        bucket: &BucketSettings,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let taken = sqlx::query(
            "UPDATE rate_limits SET \
             tokens = LEAST($2, tokens + GREATEST($4 - updated_at, 0) * $3) - 1, \
             updated_at = GREATEST(updated_at, $4) \
             WHERE name = $1 AND paused_until <= $4 \
             AND LEAST($2, tokens + GREATEST($4 - updated_at, 0) * $3) >= 1 \
             RETURNING tokens",
        )
        .bind(UPSTREAM_BUCKET)
        .bind(bucket.capacity)
        .bind(bucket.per_milli)
        .bind(now)
        .fetch_optional(&self.bucket_pool)
        .await?;
        Ok(taken.is_some())
    }

    /// Reads, changes and writes back the shared bucket under a row lock.
    async fn with_bucket<T>(
        &self,
        bucket: &BucketSettings,
        now: Millis,
        act: impl FnOnce(&mut PermitBucket) -> T,
    ) -> Result<T, StoreError> {
        let mut transaction = self.bucket_pool.begin().await?;
        let full = PermitBucket::full(bucket, now);
        sqlx::query(
            "INSERT INTO rate_limits (name, tokens, updated_at, paused_until) \
             VALUES ($1, $2, $3, 0) ON CONFLICT (name) DO NOTHING",
        )
        .bind(UPSTREAM_BUCKET)
        .bind(full.permits)
        .bind(full.updated_at)
        .execute(&mut *transaction)
        .await?;
        let row = sqlx::query(
            "SELECT tokens, updated_at, paused_until FROM rate_limits WHERE name = $1 FOR UPDATE",
        )
        .bind(UPSTREAM_BUCKET)
        .fetch_one(&mut *transaction)
        .await?;
        let mut state = PermitBucket {
            permits: row.try_get(0)?,
            updated_at: row.try_get(1)?,
            paused_until: row.try_get(2)?,
        };
        let answer = act(&mut state);
        sqlx::query(
            "UPDATE rate_limits SET tokens = $2, updated_at = $3, paused_until = $4 WHERE name = $1",
        )
        .bind(UPSTREAM_BUCKET)
        .bind(state.permits)
        .bind(state.updated_at)
        .bind(state.paused_until)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(answer)
    }
}

#[async_trait]
impl OutboxStore for PostgresOutbox {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    async fn accept(&self, new: NewSubmission, now: Millis) -> Result<Acceptance, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let acceptance = q::accept(&mut transaction, &new, now).await?;
        transaction.commit().await?;
        Ok(acceptance)
    }

    async fn get(&self, id: &str) -> Result<Option<OutboxRecord>, StoreError> {
        q::get(&mut *self.pool.acquire().await?, id).await
    }

    async fn next_due(&self, now: Millis) -> Result<Option<Millis>, StoreError> {
        q::next_due(&mut *self.pool.acquire().await?, now).await
    }

    async fn claim_due(
        &self,
        lease: &Lease,
        now: Millis,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        q::claim_due(&mut *self.pool.acquire().await?, lease, now).await
    }

    async fn finish(
        &self,
        id: &str,
        owner: &str,
        finish: Finish,
        now: Millis,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let record = q::finish(&mut transaction, id, owner, &finish, now).await?;
        transaction.commit().await?;
        Ok(record)
    }

    async fn extend_lease(&self, id: &str, owner: &str, until: Millis) -> Result<bool, StoreError> {
        q::extend_lease(&mut *self.pool.acquire().await?, id, owner, until).await
    }

    async fn release(&self, id: &str, owner: &str) -> Result<(), StoreError> {
        q::release(&mut *self.pool.acquire().await?, id, owner).await
    }

    async fn lead_recorded(&self, lead_id: u64) -> Result<bool, StoreError> {
        q::lead_recorded(&mut *self.pool.acquire().await?, lead_id).await
    }

    async fn events(&self, id: &str) -> Result<Vec<DeliveryEvent>, StoreError> {
        q::events(&mut *self.pool.acquire().await?, id).await
    }

    async fn list(&self, filter: &ListFilter) -> Result<Vec<OutboxRecord>, StoreError> {
        q::list(&mut *self.pool.acquire().await?, filter).await
    }

    async fn stats(&self) -> Result<QueueStats, StoreError> {
        q::stats(&mut *self.pool.acquire().await?).await
    }

    async fn retry(
        &self,
        id: &str,
        now: Millis,
        give_up_at: Millis,
        clear_doubt: bool,
    ) -> Result<OperatorChange, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let change = q::retry(&mut transaction, id, now, give_up_at, clear_doubt).await?;
        transaction.commit().await?;
        Ok(change)
    }

    async fn discard(&self, id: &str, now: Millis) -> Result<OperatorChange, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let change = q::discard(&mut transaction, id, now).await?;
        transaction.commit().await?;
        Ok(change)
    }

    async fn erasable(&self, before: Millis, limit: u32) -> Result<Vec<OutboxRecord>, StoreError> {
        q::erasable(&mut *self.pool.acquire().await?, before, limit).await
    }

    async fn holding_email(&self, email: &str) -> Result<Vec<OutboxRecord>, StoreError> {
        q::holding_email(&mut *self.pool.acquire().await?, email).await
    }

    async fn erase(&self, id: &str, now: Millis) -> Result<OperatorChange, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let change = q::erase(&mut transaction, id, now).await?;
        transaction.commit().await?;
        Ok(change)
    }

    async fn take_permit(
        &self,
        bucket: &BucketSettings,
        now: Millis,
    ) -> Result<PermitGrant, StoreError> {
        if self.take_in_place(bucket, now).await? {
            return Ok(PermitGrant::Granted);
        }
        // None to take (or no bucket row yet): the locked path creates the row, takes a
        // permit if one appeared meanwhile, or says how long to wait.
        self.with_bucket(bucket, now, |state| state.take(bucket, now))
            .await
    }

    async fn return_permit(&self, bucket: &BucketSettings, now: Millis) -> Result<(), StoreError> {
        self.with_bucket(bucket, now, |state| state.give_back(bucket, now))
            .await
    }

    async fn pause_upstream(
        &self,
        bucket: &BucketSettings,
        until: Millis,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.with_bucket(bucket, now, |state| state.pause(bucket, until, now))
            .await
    }

    async fn count(&self, counts: Vec<FormCount>) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        q::count(&mut transaction, &counts).await?;
        transaction.commit().await?;
        Ok(())
    }

    async fn counts(
        &self,
        form: Option<&str>,
        since: Millis,
    ) -> Result<Vec<FormCount>, StoreError> {
        q::counts(&mut *self.pool.acquire().await?, form, since).await
    }

    async fn forget_counts(&self, before: Millis) -> Result<(), StoreError> {
        q::forget_counts(&mut *self.pool.acquire().await?, before).await
    }

    async fn check_writable(&self) -> Result<(), StoreError> {
        q::heartbeat(&mut *self.pool.acquire().await?, now_millis()).await
    }

    async fn close(&self) {
        self.pool.close().await;
        self.bucket_pool.close().await;
    }
}
