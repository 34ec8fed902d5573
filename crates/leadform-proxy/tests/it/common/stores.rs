//! Real stores for tests: SQLite in a fresh temporary directory, or a fresh database on the
//! PostgreSQL server `cargo xtask test` starts (a throwaway cluster under target/).

use leadform_proxy::outbox::{self, Outbox, Role, StoreLocation};

/// Which store a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// Where a test's outbox lives; keeps a SQLite directory alive as long as the test needs it.
pub struct TestStore {
    pub location: StoreLocation,
    _dir: Option<tempfile::TempDir>,
}

impl TestStore {
    /// A new, empty store of `kind`.
    pub async fn new(kind: Store) -> Self {
        match kind {
            Store::Sqlite => {
                let dir = tempfile::Builder::new()
                    .prefix("leadform-test-")
                    .tempdir()
                    .expect("a temporary data directory");
                Self {
                    location: StoreLocation::Sqlite(dir.path().to_owned()),
                    _dir: Some(dir),
                }
            }
            Store::Postgres => Self {
                location: StoreLocation::Postgres(new_database().await),
                _dir: None,
            },
        }
    }

    /// The same PostgreSQL database, for a second replica.
    pub fn shared(&self) -> Self {
        assert!(
            matches!(self.location, StoreLocation::Postgres(_)),
            "only PostgreSQL is shared by replicas"
        );
        Self {
            location: self.location.clone(),
            _dir: None,
        }
    }

    /// Opens the outbox as the serving proxy does.
    pub async fn open(&self) -> Outbox {
        outbox::open(&self.location, Role::Server)
            .await
            .expect("the outbox opens")
    }
}

/// The URL of the test server's administrative database.
pub fn postgres_admin_url() -> String {
    std::env::var("LEADFORM_TEST_DATABASE_URL").expect(
        "LEADFORM_TEST_DATABASE_URL is not set: run the tests with `cargo xtask test`, \
         which installs PostgreSQL and starts a throwaway server for them",
    )
}

/// Creates a database of its own for one test; returns its URL.
pub async fn new_database() -> String {
    use sqlx::Connection;
    let admin = postgres_admin_url();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut connection = sqlx::PgConnection::connect(&admin)
        .await
        .expect("the test PostgreSQL server answers");
    let statement = format!("CREATE DATABASE {name}");
    sqlx::query(&statement)
        .execute(&mut connection)
        .await
        .expect("a test database");
    let _ = connection.close().await;
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}

/// Runs each named test body, `async fn name(store: Store)`, once on SQLite and once on
/// PostgreSQL. The invoking file must have `Store` in scope.
#[allow(unused_macros)]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Store::Postgres).await })*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use on_both_stores;
