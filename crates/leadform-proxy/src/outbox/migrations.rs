//! The schema, versioned and applied by sqlx's migrator when the proxy starts. The SQL is
//! compiled into the binary, so a deployed proxy needs no files beside it.

use std::borrow::Cow;

use futures_util::future::BoxFuture;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

/// One dialect's migrations, oldest first: `(version, description, sql)`.
type Steps = &'static [(i64, &'static str, &'static str)];

const SQLITE: Steps = &[
    (
        1,
        "outbox",
        include_str!("migrations/sqlite/0001_outbox.sql"),
    ),
    (
        2,
        "events in finish",
        include_str!("migrations/sqlite/0002_events_in_finish.sql"),
    ),
    (
        3,
        "consent",
        include_str!("migrations/sqlite/0003_consent.sql"),
    ),
    (
        4,
        "test submissions",
        include_str!("migrations/sqlite/0004_test.sql"),
    ),
    (
        5,
        "form stats",
        include_str!("migrations/sqlite/0005_form_stats.sql"),
    ),
    (
        6,
        "erasure",
        include_str!("migrations/sqlite/0006_erasure.sql"),
    ),
];

const POSTGRES: Steps = &[
    (
        1,
        "outbox",
        include_str!("migrations/postgres/0001_outbox.sql"),
    ),
    (
        2,
        "events in finish",
        include_str!("migrations/postgres/0002_events_in_finish.sql"),
    ),
    (
        3,
        "consent",
        include_str!("migrations/postgres/0003_consent.sql"),
    ),
    (
        4,
        "test submissions",
        include_str!("migrations/postgres/0004_test.sql"),
    ),
    (
        5,
        "form stats",
        include_str!("migrations/postgres/0005_form_stats.sql"),
    ),
    (
        6,
        "erasure",
        include_str!("migrations/postgres/0006_erasure.sql"),
    ),
];

#[derive(Debug)]
struct Embedded(Steps);

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|&(version, description, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(description),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// The SQLite schema's migrator.
pub(super) async fn sqlite() -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(Embedded(SQLITE)).await
}

/// The PostgreSQL schema's migrator (it takes an advisory lock, so replicas starting
/// together migrate once).
pub(super) async fn postgres() -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(Embedded(POSTGRES)).await
}
