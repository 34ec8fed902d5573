//! The SQL both stores run, written once. `shared_queries!` instantiates it for one driver's
//! connection and row types; sqlx's bounds for code generic over databases would bury the
//! queries. Placeholders are `$N`, which sqlx's SQLite driver reads as well as PostgreSQL.

/// The columns of an [`OutboxRecord`](super::OutboxRecord), in `SELECT` and `RETURNING`.
macro_rules! record_columns {
    () => {
        "id, form_id, state, request, created_at, give_up_at, next_attempt_at, attempts, \
         first_attempt_at, in_doubt, attempt_open, lease_owner, lease_until, lead_id, lead_uuid, \
         partnership_lead_id, found_by_check, upstream_status, last_error, finished_at, consent, test, erased_at"
    };
}
pub(super) use record_columns;

/// Defines, for one driver, every outbox operation the two stores have in common.
/// `$claim_lock` is appended to the claim's inner `SELECT` (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
macro_rules! shared_queries {
    ($conn:ty, $row:ty, $claim_lock:literal) => {
        use sqlx::Row as _;

        use crate::outbox::StoreError;
        use crate::outbox::queries::{new_events, record_columns};
        use crate::outbox::record::*;

        pub(super) fn record(row: &$row) -> Result<OutboxRecord, StoreError> {
            let id: String = row.try_get("id")?;
            let state: String = row.try_get("state")?;
            let state = state.parse().map_err(|message| StoreError::Corrupt {
                id: id.clone(),
                message,
            })?;
            let lead_id: Option<i64> = row.try_get("lead_id")?;
            let lead_uuid: Option<String> = row.try_get("lead_uuid")?;
            let partnership_lead_id: Option<i64> = row.try_get("partnership_lead_id")?;
            let lead = match (lead_id, lead_uuid) {
                (Some(lead_id), Some(uuid)) => Some(DeliveredLead {
                    id: lead_id as u64,
                    uuid,
                    partnership_lead_id: partnership_lead_id.map(|id| id as u64),
                }),
                _ => None,
            };
            let attempts: i64 = row.try_get("attempts")?;
            let upstream_status: Option<i64> = row.try_get("upstream_status")?;
            Ok(OutboxRecord {
                form_id: row.try_get("form_id")?,
                state,
                request: row.try_get("request")?,
                created_at: row.try_get("created_at")?,
                give_up_at: row.try_get("give_up_at")?,
                next_attempt_at: row.try_get("next_attempt_at")?,
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                first_attempt_at: row.try_get("first_attempt_at")?,
                in_doubt: row.try_get("in_doubt")?,
                attempt_open: row.try_get("attempt_open")?,
                lease_owner: row.try_get("lease_owner")?,
                lease_until: row.try_get("lease_until")?,
                lead,
                found_by_check: row.try_get("found_by_check")?,
                upstream_status: upstream_status.and_then(|status| u16::try_from(status).ok()),
                last_error: row.try_get("last_error")?,
                finished_at: row.try_get("finished_at")?,
                consent: row.try_get("consent")?,
                test: row.try_get("test")?,
                erased_at: row.try_get("erased_at")?,
                id,
            })
        }

        /// Run inside a transaction: takes the idempotency key (unless a live one stands for
        /// another submission), then stores the submission.
        pub(super) async fn accept(
            conn: &mut $conn,
            new: &NewSubmission,
            now: Millis,
        ) -> Result<Acceptance, StoreError> {
            // The fill token first: one that stands for other answers was reused by a bot,
            // and nothing is written. A token stands for a submission until it expires, or
            // until JourneyBee refuses that submission (so the visitor may correct and send).
            let mut token_taken = false;
            if let Some(token) = &new.token {
                let taken = sqlx::query(
                    "INSERT INTO idempotency_keys (form_id, key, submission_id, fingerprint, expires_at) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (form_id, key) DO UPDATE SET submission_id = excluded.submission_id, \
                     fingerprint = excluded.fingerprint, expires_at = excluded.expires_at \
                     WHERE idempotency_keys.expires_at <= $6 OR EXISTS (SELECT 1 FROM submissions \
                     WHERE submissions.id = idempotency_keys.submission_id AND submissions.state = 'rejected') \
                     RETURNING submission_id",
                )
                .bind(&new.form_id)
                .bind(&token.key)
                .bind(&new.id)
                .bind(&token.fingerprint)
                .bind(token.expires_at)
                .bind(now)
                .fetch_optional(&mut *conn)
                .await?;
                token_taken = taken.is_some();
                if !token_taken {
                    let row = sqlx::query(
                        "SELECT submission_id, fingerprint FROM idempotency_keys \
                         WHERE form_id = $1 AND key = $2",
                    )
                    .bind(&new.form_id)
                    .bind(&token.key)
                    .fetch_one(&mut *conn)
                    .await?;
                    let (submission_id, fingerprint): (String, String) =
                        (row.try_get(0)?, row.try_get(1)?);
                    if fingerprint != token.fingerprint {
                        return Ok(Acceptance::TokenReused);
                    }
                    // The same answers with the same token: a repeat, whatever its key.
                    if let Some(existing) = get(conn, &submission_id).await? {
                        return Ok(Acceptance::Existing(existing));
                    }
                }
            }
            let taken = sqlx::query(
                "INSERT INTO idempotency_keys (form_id, key, submission_id, fingerprint, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (form_id, key) DO UPDATE SET submission_id = excluded.submission_id, \
                 fingerprint = excluded.fingerprint, expires_at = excluded.expires_at \
                 WHERE idempotency_keys.expires_at <= $6 \
                 RETURNING submission_id",
            )
            .bind(&new.form_id)
            .bind(&new.idempotency.key)
            .bind(&new.id)
            .bind(&new.idempotency.fingerprint)
            .bind(new.idempotency.expires_at)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?;
            if taken.is_none() {
                let row = sqlx::query(
                    "SELECT submission_id, fingerprint FROM idempotency_keys \
                     WHERE form_id = $1 AND key = $2",
                )
                .bind(&new.form_id)
                .bind(&new.idempotency.key)
                .fetch_one(&mut *conn)
                .await?;
                let (submission_id, fingerprint): (String, String) =
                    (row.try_get(0)?, row.try_get(1)?);
                if let (Some(token), true) = (&new.token, token_taken) {
                    // The token now stands for what the key stands for, or for nothing.
                    if fingerprint == new.idempotency.fingerprint {
                        sqlx::query(
                            "UPDATE idempotency_keys SET submission_id = $4 \
                             WHERE form_id = $1 AND key = $2 AND submission_id = $3",
                        )
                        .bind(&new.form_id)
                        .bind(&token.key)
                        .bind(&new.id)
                        .bind(&submission_id)
                        .execute(&mut *conn)
                        .await?;
                    } else {
                        sqlx::query(
                            "DELETE FROM idempotency_keys \
                             WHERE form_id = $1 AND key = $2 AND submission_id = $3",
                        )
                        .bind(&new.form_id)
                        .bind(&token.key)
                        .bind(&new.id)
                        .execute(&mut *conn)
                        .await?;
                    }
                }
                if fingerprint != new.idempotency.fingerprint {
                    return Ok(Acceptance::KeyReused);
                }
                return match get(conn, &submission_id).await? {
                    Some(existing) => Ok(Acceptance::Existing(existing)),
                    None => Err(StoreError::Corrupt {
                        id: submission_id,
                        message: "an idempotency key stands for a missing submission".into(),
                    }),
                };
            }
            let lease = new.lease.as_ref();
            sqlx::query(
                "INSERT INTO submissions (id, form_id, state, request, created_at, give_up_at, \
                 next_attempt_at, attempts, first_attempt_at, attempt_open, lease_owner, lease_until, \
                 consent, test) \
                 VALUES ($1, $2, 'queued', $3, $4, $5, $4, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(&new.id)
            .bind(&new.form_id)
            .bind(&new.request)
            .bind(now)
            .bind(new.give_up_at)
            .bind(i64::from(lease.is_some()))
            .bind(lease.map(|_| now))
            .bind(lease.is_some())
            .bind(lease.map(|lease| lease.owner.as_str()))
            .bind(lease.map(|lease| lease.until))
            .bind(new.consent.as_deref())
            .bind(new.test)
            .execute(&mut *conn)
            .await?;
            // Counted with the submission itself, so the figure is the outbox's exactly.
            if !new.test {
                add_count(conn, &new.form_id, hour_of(now), metric::SUBMITTED, 1).await?;
            }
            Ok(Acceptance::New(OutboxRecord {
                id: new.id.clone(),
                form_id: new.form_id.clone(),
                state: DeliveryState::Queued,
                request: new.request.clone(),
                created_at: now,
                give_up_at: new.give_up_at,
                next_attempt_at: now,
                attempts: u32::from(lease.is_some()),
                first_attempt_at: lease.map(|_| now),
                in_doubt: false,
                attempt_open: lease.is_some(),
                lease_owner: lease.map(|lease| lease.owner.clone()),
                lease_until: lease.map(|lease| lease.until),
                lead: None,
                found_by_check: false,
                upstream_status: None,
                last_error: None,
                finished_at: None,
                consent: new.consent.clone(),
                test: new.test,
                erased_at: None,
            }))
        }

        pub(super) async fn get(
            conn: &mut $conn,
            id: &str,
        ) -> Result<Option<OutboxRecord>, StoreError> {
            let row = sqlx::query(concat!(
                "SELECT ",
                record_columns!(),
                " FROM submissions WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            row.as_ref().map(record).transpose()
        }

        pub(super) async fn next_due(
            conn: &mut $conn,
            now: Millis,
        ) -> Result<Option<Millis>, StoreError> {
            let row = sqlx::query(
                "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > $1 \
                 THEN lease_until ELSE next_attempt_at END) FROM submissions WHERE state = 'queued'",
            )
            .bind(now)
            .fetch_one(&mut *conn)
            .await?;
            Ok(row.try_get(0)?)
        }

        /// Leases the record that has waited longest; a lease left open by a process that
        /// died mid-attempt makes the record `in_doubt`.
        pub(super) async fn claim_due(
            conn: &mut $conn,
            lease: &Lease,
            now: Millis,
        ) -> Result<Option<OutboxRecord>, StoreError> {
            let row = sqlx::query(concat!(
                "UPDATE submissions SET lease_owner = $1, lease_until = $2, attempts = attempts + 1, \
                 in_doubt = (in_doubt OR attempt_open), attempt_open = TRUE, \
                 first_attempt_at = COALESCE(first_attempt_at, $3) \
                 WHERE id = (SELECT id FROM submissions WHERE state = 'queued' \
                 AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3) \
                 ORDER BY next_attempt_at LIMIT 1 ",
                $claim_lock,
                ") RETURNING ",
                record_columns!()
            ))
            .bind(&lease.owner)
            .bind(lease.until)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?;
            row.as_ref().map(record).transpose()
        }

        /// Run inside a transaction.
        pub(super) async fn finish(
            conn: &mut $conn,
            id: &str,
            owner: &str,
            finish: &Finish,
            now: Millis,
        ) -> Result<Option<OutboxRecord>, StoreError> {
            let (state, next_attempt_at, in_doubt, lead, found_by_check, status, error) =
                match &finish.outcome {
                    Outcome::Delivered {
                        lead,
                        found_by_check,
                    } => (
                        DeliveryState::Delivered,
                        None,
                        Some(false),
                        Some(lead),
                        *found_by_check,
                        None,
                        None,
                    ),
                    Outcome::Rejected { status, error } => (
                        DeliveryState::Rejected,
                        None,
                        Some(false),
                        None,
                        false,
                        Some(i64::from(*status)),
                        Some(error.as_str()),
                    ),
                    Outcome::Retry {
                        at,
                        error,
                        in_doubt,
                    } => (
                        DeliveryState::Queued,
                        Some(*at),
                        Some(*in_doubt),
                        None,
                        false,
                        None,
                        Some(error.as_str()),
                    ),
                    Outcome::Dead { error } => (
                        DeliveryState::Dead,
                        None,
                        None,
                        None,
                        false,
                        None,
                        Some(error.as_str()),
                    ),
                };
            let finished_at = (state != DeliveryState::Queued).then_some(now);
            let row = sqlx::query(concat!(
                "UPDATE submissions SET state = $3, next_attempt_at = COALESCE($4, next_attempt_at), \
                 in_doubt = COALESCE($5, in_doubt), attempt_open = FALSE, lease_owner = NULL, \
                 lease_until = NULL, lead_id = $6, lead_uuid = $7, partnership_lead_id = $8, \
                 found_by_check = $9, upstream_status = $10, last_error = $11, finished_at = $12, \
                 new_events = $13 \
                 WHERE id = $1 AND lease_owner = $2 RETURNING ",
                record_columns!()
            ))
            .bind(id)
            .bind(owner)
            .bind(state.as_str())
            .bind(next_attempt_at)
            .bind(in_doubt)
            .bind(lead.map(|lead| lead.id as i64))
            .bind(lead.map(|lead| lead.uuid.as_str()))
            .bind(lead.and_then(|lead| lead.partnership_lead_id.map(|id| id as i64)))
            .bind(found_by_check)
            .bind(status)
            .bind(error)
            .bind(finished_at)
            .bind(new_events(&finish.events, now)?)
            .fetch_optional(&mut *conn)
            .await?;
            let finished = row.as_ref().map(record).transpose()?;
            // Counted with the delivery itself: a record is delivered once, and so counted.
            if let Some(record) = &finished
                && record.state == DeliveryState::Delivered
                && !record.test
            {
                add_count(conn, &record.form_id, hour_of(now), metric::DELIVERED, 1).await?;
            }
            Ok(finished)
        }

        /// Moves the lease's end to `until` if `owner` still holds the record.
        pub(super) async fn extend_lease(
            conn: &mut $conn,
            id: &str,
            owner: &str,
            until: Millis,
        ) -> Result<bool, StoreError> {
            let extended = sqlx::query(
                "UPDATE submissions SET lease_until = $3 \
                 WHERE id = $1 AND lease_owner = $2 AND state = 'queued'",
            )
            .bind(id)
            .bind(owner)
            .bind(until)
            .execute(&mut *conn)
            .await?;
            Ok(extended.rows_affected() > 0)
        }

        pub(super) async fn release(
            conn: &mut $conn,
            id: &str,
            owner: &str,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "UPDATE submissions SET lease_owner = NULL, lease_until = NULL, \
                 attempt_open = FALSE, attempts = attempts - 1 \
                 WHERE id = $1 AND lease_owner = $2",
            )
            .bind(id)
            .bind(owner)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        pub(super) async fn add_event(
            conn: &mut $conn,
            id: &str,
            now: Millis,
            kind: &str,
            detail: &str,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO delivery_events (submission_id, at, kind, detail) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(now)
            .bind(kind)
            .bind(detail)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        pub(super) async fn lead_recorded(
            conn: &mut $conn,
            lead_id: u64,
        ) -> Result<bool, StoreError> {
            let row = sqlx::query("SELECT COUNT(*) FROM submissions WHERE lead_id = $1")
                .bind(lead_id as i64)
                .fetch_one(&mut *conn)
                .await?;
            Ok(row.try_get::<i64, _>(0)? > 0)
        }

        pub(super) async fn events(
            conn: &mut $conn,
            id: &str,
        ) -> Result<Vec<DeliveryEvent>, StoreError> {
            let rows = sqlx::query(
                "SELECT at, kind, detail FROM delivery_events WHERE submission_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(DeliveryEvent {
                        at: row.try_get(0)?,
                        kind: row.try_get(1)?,
                        detail: row.try_get(2)?,
                    })
                })
                .collect()
        }

        pub(super) async fn list(
            conn: &mut $conn,
            filter: &ListFilter,
        ) -> Result<Vec<OutboxRecord>, StoreError> {
            let rows = sqlx::query(concat!(
                "SELECT ",
                record_columns!(),
                " FROM submissions WHERE (CAST($1 AS TEXT) IS NULL OR state = $1) \
                 AND (CAST($2 AS TEXT) IS NULL OR form_id = $2) \
                 AND (NOT $4 OR test) \
                 ORDER BY created_at DESC, id DESC LIMIT $3"
            ))
            .bind(filter.state.map(DeliveryState::as_str))
            .bind(filter.form_id.as_deref())
            .bind(i64::from(filter.limit))
            .bind(filter.test_only)
            .fetch_all(&mut *conn)
            .await?;
            rows.iter().map(record).collect()
        }

        pub(super) async fn count(
            conn: &mut $conn,
            counts: &[FormCount],
        ) -> Result<(), StoreError> {
            for count in counts {
                add_count(conn, &count.form_id, count.hour, &count.metric, count.count).await?;
            }
            Ok(())
        }

        async fn add_count(
            conn: &mut $conn,
            form_id: &str,
            hour: Millis,
            metric: &str,
            count: i64,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO form_stats (form_id, hour, metric, count) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (form_id, hour, metric) \
                 DO UPDATE SET count = form_stats.count + excluded.count",
            )
            .bind(form_id)
            .bind(hour)
            .bind(metric)
            .bind(count)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        pub(super) async fn counts(
            conn: &mut $conn,
            form: Option<&str>,
            since: Millis,
        ) -> Result<Vec<FormCount>, StoreError> {
            let rows = sqlx::query(
                "SELECT form_id, hour, metric, count FROM form_stats \
                 WHERE hour >= $1 AND (CAST($2 AS TEXT) IS NULL OR form_id = $2) \
                 ORDER BY form_id, hour, metric",
            )
            .bind(since)
            .bind(form)
            .fetch_all(&mut *conn)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(FormCount {
                        form_id: row.try_get("form_id")?,
                        hour: row.try_get("hour")?,
                        metric: row.try_get("metric")?,
                        count: row.try_get("count")?,
                    })
                })
                .collect()
        }

        pub(super) async fn forget_counts(
            conn: &mut $conn,
            before: Millis,
        ) -> Result<(), StoreError> {
            sqlx::query("DELETE FROM form_stats WHERE hour < $1")
                .bind(before)
                .execute(&mut *conn)
                .await?;
            Ok(())
        }

        pub(super) async fn stats(conn: &mut $conn) -> Result<QueueStats, StoreError> {
            let row = sqlx::query(
                "SELECT COUNT(*), MIN(created_at) FROM submissions WHERE state = 'queued'",
            )
            .fetch_one(&mut *conn)
            .await?;
            Ok(QueueStats {
                queued: row.try_get::<i64, _>(0)?.max(0) as u64,
                oldest_queued_at: row.try_get(1)?,
            })
        }

        /// Run inside a transaction.
        pub(super) async fn retry(
            conn: &mut $conn,
            id: &str,
            now: Millis,
            give_up_at: Millis,
            clear_doubt: bool,
        ) -> Result<OperatorChange, StoreError> {
            let row = sqlx::query(concat!(
                "UPDATE submissions SET state = 'queued', next_attempt_at = $2, give_up_at = $3, \
                 finished_at = NULL, lease_owner = NULL, lease_until = NULL, attempt_open = FALSE, \
                 in_doubt = ((in_doubt OR attempt_open) AND NOT $4) \
                 WHERE id = $1 AND state IN ('dead', 'rejected', 'discarded') AND erased_at IS NULL \
                 RETURNING ",
                record_columns!()
            ))
            .bind(id)
            .bind(now)
            .bind(give_up_at)
            .bind(clear_doubt)
            .fetch_optional(&mut *conn)
            .await?;
            let detail = if clear_doubt {
                "an operator queued it again, to be sent without a Get Leads check"
            } else {
                "an operator queued it again"
            };
            operator_change(conn, id, now, row.as_ref(), "retry", detail).await
        }

        /// Run inside a transaction.
        pub(super) async fn discard(
            conn: &mut $conn,
            id: &str,
            now: Millis,
        ) -> Result<OperatorChange, StoreError> {
            let row = sqlx::query(concat!(
                "UPDATE submissions SET state = 'discarded', finished_at = $2 \
                 WHERE id = $1 AND state IN ('queued', 'dead', 'rejected') \
                 AND (lease_until IS NULL OR lease_until < $2) RETURNING ",
                record_columns!()
            ))
            .bind(id)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?;
            operator_change(conn, id, now, row.as_ref(), "discard", "an operator gave up on it")
                .await
        }

        async fn operator_change(
            conn: &mut $conn,
            id: &str,
            now: Millis,
            changed: Option<&$row>,
            kind: &str,
            detail: &str,
        ) -> Result<OperatorChange, StoreError> {
            if let Some(row) = changed {
                add_event(conn, id, now, kind, detail).await?;
                return Ok(OperatorChange::Done(Box::new(record(row)?)));
            }
            Ok(match get(conn, id).await? {
                Some(record) => OperatorChange::NotAllowed(record.state),
                None => OperatorChange::NotFound,
            })
        }

        /// Final records whose personal content is still there and which finished before
        /// `before`, those finished first first.
        pub(super) async fn erasable(
            conn: &mut $conn,
            before: Millis,
            limit: u32,
        ) -> Result<Vec<OutboxRecord>, StoreError> {
            let rows = sqlx::query(concat!(
                "SELECT ",
                record_columns!(),
                " FROM submissions WHERE erased_at IS NULL AND state <> 'queued' \
                 AND finished_at IS NOT NULL AND finished_at < $1 \
                 ORDER BY finished_at, id LIMIT $2"
            ))
            .bind(before)
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await?;
            rows.iter().map(record).collect()
        }

        /// Records whose personal content names `email` (see `personal::holds_email`).
        pub(super) async fn holding_email(
            conn: &mut $conn,
            email: &str,
        ) -> Result<Vec<OutboxRecord>, StoreError> {
            let rows = sqlx::query(concat!(
                "SELECT ",
                record_columns!(),
                " FROM submissions WHERE erased_at IS NULL AND lower(request) LIKE $1 ESCAPE '\\' \
                 ORDER BY created_at, id"
            ))
            .bind(crate::outbox::personal::email_pattern(email))
            .fetch_all(&mut *conn)
            .await?;
            let mut found = Vec::with_capacity(rows.len());
            for row in &rows {
                let record = record(row)?;
                if crate::outbox::personal::holds_email(&record.request, email) {
                    found.push(record);
                }
            }
            Ok(found)
        }

        /// Run inside a transaction: erases a final record's personal content (a queued
        /// one must be discarded first); erasing twice changes nothing.
        pub(super) async fn erase(
            conn: &mut $conn,
            id: &str,
            now: Millis,
        ) -> Result<OperatorChange, StoreError> {
            use crate::outbox::personal;
            let Some(found) = get(conn, id).await? else {
                return Ok(OperatorChange::NotFound);
            };
            if found.state == DeliveryState::Queued {
                return Ok(OperatorChange::NotAllowed(found.state));
            }
            if found.erased_at.is_some() {
                return Ok(OperatorChange::Done(Box::new(found)));
            }
            let values = personal::values(&found.request);
            let consent = found.consent.as_deref().and_then(personal::erased_consent);
            let last_error = found
                .last_error
                .as_deref()
                .map(|error| personal::scrub(error, &values));
            let row = sqlx::query(concat!(
                "UPDATE submissions SET request = '', consent = $2, last_error = $3, \
                 new_events = NULL, erased_at = $4 \
                 WHERE id = $1 AND state <> 'queued' RETURNING ",
                record_columns!()
            ))
            .bind(id)
            .bind(consent)
            .bind(last_error)
            .bind(now)
            .fetch_one(&mut *conn)
            .await?;
            let history = sqlx::query(
                "SELECT id, detail FROM delivery_events WHERE submission_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            for event in &history {
                let (event_id, detail): (i64, String) = (event.try_get(0)?, event.try_get(1)?);
                let scrubbed = personal::scrub(&detail, &values);
                if scrubbed != detail {
                    sqlx::query("UPDATE delivery_events SET detail = $2 WHERE id = $1")
                        .bind(event_id)
                        .bind(scrubbed)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            Ok(OperatorChange::Done(Box::new(record(&row)?)))
        }

        pub(super) async fn heartbeat(conn: &mut $conn, now: Millis) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO heartbeat (id, at) VALUES (1, $1) \
                 ON CONFLICT (id) DO UPDATE SET at = excluded.at",
            )
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }
    };
}
pub(super) use shared_queries;

/// An attempt's history entries as the finishing `UPDATE` hands them to the
/// `submissions_file_new_events` trigger: `[[at, kind, detail], …]`, or `NULL` for none.
pub(super) fn new_events(
    events: &[(String, String)],
    at: super::record::Millis,
) -> Result<Option<String>, super::StoreError> {
    if events.is_empty() {
        return Ok(None);
    }
    let rows: Vec<(super::record::Millis, &str, &str)> = events
        .iter()
        .map(|(kind, detail)| (at, kind.as_str(), detail.as_str()))
        .collect();
    serde_json::to_string(&rows)
        .map(Some)
        .map_err(|error| super::StoreError::WriteFailed(error.to_string()))
}
