//! A fresh database for every test: migrated, seeded, and gone afterwards.
//!
//! ```text
//! let db = TestDb::seeded().await;      // the sample blog (see `seed.sql`)
//! let pool = db.pool();                 // an `AnyPool`, what the exercises take
//! ```
//!
//! With no setup at all, each test gets its own SQLite database in memory (SQLite is compiled
//! into the test binary). When `WORKSHOP_DATABASE_URL` names a PostgreSQL server
//! (`postgres://user@127.0.0.1:5432/workshop`), the same tests run there instead: each test
//! gets its own schema, dropped when the test ends, passed or failed.
//!
//! The variable is the course's own, not `DATABASE_URL`: a Django developer's shell often
//! exports that one for their own project, and tests that create and drop schemas have no
//! business there. Even with the course's variable, testkit only works in a database that is
//! empty or already marked as its own (see `postgres.rs`), and only ever drops schemas it
//! created and marked.
//!
//! The exercises talk to both through sqlx's `Any` driver: one pool type, portable SQL with
//! `$1` placeholders (both databases accept them), and the backend chosen by the URL at run
//! time, like Django's `DATABASES` setting. Only the DDL differs, so the schema has one
//! migration directory per backend: `crates/testkit/migrations/{sqlite,postgres}`.

mod postgres;
mod probe;
mod query_log;
mod sqlite;

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, AssertSqlSafe};

pub use probe::PoolProbe;
pub use query_log::{QueryLog, Statement};
pub use sqlx;

/// The environment variable that moves every database test to PostgreSQL.
pub const WORKSHOP_DATABASE_URL: &str = "WORKSHOP_DATABASE_URL";
/// The variable a Django project uses, which testkit deliberately ignores.
pub const PROJECT_DATABASE_URL: &str = "DATABASE_URL";

/// The chapter's schema, once per backend. The `pool-and-migrations` exercise embeds the
/// same files in its own `migrations/`.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The sample blog: five articles (three published), six reviews, three tags.
const SEED: &str = include_str!("seed.sql");

/// Which database the tests run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// PostgreSQL when `WORKSHOP_DATABASE_URL` names one, SQLite otherwise. `DATABASE_URL`
    /// plays no part: it belongs to the learner's own projects.
    pub fn from_env() -> Self {
        Self::from_url(std::env::var(WORKSHOP_DATABASE_URL).ok().as_deref())
    }

    /// The backend for a value of `WORKSHOP_DATABASE_URL` (`None`: not set).
    pub fn from_url(url: Option<&str>) -> Self {
        match url {
            Some(url) if is_postgres_url(url) => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    /// The chapter's migrations for this backend.
    pub fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres:") || url.starts_with("postgresql:")
}

/// Closes every connection of `pool`, as time and cancelled queries do (a pool closes those
/// that idle or grow old, and any whose query was cancelled half-way), and returns how many
/// it closed. Counts on the pool's size, not its idle connections: one may still be on its
/// way back to the pool when the first is taken.
pub async fn close_every_connection(pool: &AnyPool) -> usize {
    let mut closed = 0;
    while closed == 0 || pool.size() > 0 {
        assert!(
            closed < 20,
            "the pool keeps opening connections: {} open",
            pool.size()
        );
        let connection = pool
            .acquire()
            .await
            .unwrap_or_else(|e| panic!("the pool gave no connection: {e}"));
        connection
            .close()
            .await
            .unwrap_or_else(|e| panic!("closing a pool connection failed: {e}"));
        closed += 1;
    }
    closed
}

/// One test's database. Dropping it drops the database (SQLite: the last connection closes;
/// PostgreSQL: the schema is dropped and its connections are ended).
pub struct TestDb {
    url: String,
    backend: Backend,
    pool: AnyPool,
    cleanup: Cleanup,
}

enum Cleanup {
    /// A named in-memory SQLite database lives exactly as long as one connection to it is
    /// open. This one is, until the test ends, whatever the pool does with its own.
    Sqlite(#[allow(dead_code)] AnyConnection),
    Postgres(postgres::Schema),
}

impl TestDb {
    /// An empty database: no tables at all. For the exercise that runs the migrations.
    pub async fn empty() -> Self {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_env();
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let (url, keeper) = sqlite::create().await;
                (url, Cleanup::Sqlite(keeper))
            }
            Backend::Postgres => {
                let schema = postgres::Schema::create().await;
                (schema.url().to_owned(), Cleanup::Postgres(schema))
            }
        };
        let pool = connect(&url, AnyPoolOptions::new().max_connections(5)).await;
        TestDb {
            url,
            backend,
            pool,
            cleanup,
        }
    }

    /// The chapter's tables, with no rows.
    pub async fn migrated() -> Self {
        let db = Self::empty().await;
        if let Err(e) = db.backend.migrator().run(&db.pool).await {
            panic!("testkit could not migrate the test database: {e}");
        }
        db
    }

    /// The chapter's tables with the sample blog in them. What most tests start from.
    pub async fn seeded() -> Self {
        let db = Self::migrated().await;
        db.run_sql(SEED).await;
        db
    }

    /// The pool every exercise function takes: up to 5 connections to this test's database.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The URL of this test's database, to connect your own way.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Connects a second pool to this test's database, with the options a test needs
    /// (a pool size, the hooks of a [`PoolProbe`]).
    pub async fn connect_with(&self, options: AnyPoolOptions) -> AnyPool {
        connect(&self.url, options).await
    }

    /// A pool of its own on this database whose statements are recorded, to see what the
    /// code under test asked the database. Tests that record take turns.
    pub async fn query_log(&self) -> QueryLog {
        QueryLog::start(&self.url).await
    }

    /// Runs SQL the test needs (more rows, a cleared table). Several statements are fine.
    pub async fn run_sql(&self, sql: &'static str) {
        if let Err(e) = sqlx::raw_sql(sql).execute(&self.pool).await {
            panic!("testkit could not run SQL on the test database: {e}\n{sql}");
        }
    }

    /// Adds `count` page views, spread over articles 1, 2 and 3 (view `i` goes to article
    /// `i % 3 + 1` and lasted `i * 37 % 600` seconds). Generated by the database itself, so
    /// fifty thousand rows take a moment, not fifty thousand round trips.
    pub async fn add_page_views(&self, count: i64) {
        let inserted = sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO page_views (article_id, seconds) \
             SELECT i % 3 + 1, i * 37 % 600 FROM n",
        )
        .bind(count)
        .execute(&self.pool)
        .await;
        if let Err(e) = inserted {
            panic!("testkit could not add {count} page views: {e}");
        }
    }

    /// How many rows `table` has, counted by the test itself.
    pub async fn count(&self, table: &str) -> i64 {
        assert!(
            table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "count() takes a table name, got {table:?}"
        );
        // A table name cannot be a bound parameter; this one was checked above.
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql))
            .fetch_one(&self.pool)
            .await
        {
            Ok(count) => count,
            Err(e) => panic!("testkit could not count the rows of `{table}`: {e}"),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres(schema) = &self.cleanup {
            schema.drop_now();
        }
    }
}

async fn connect(url: &str, options: AnyPoolOptions) -> AnyPool {
    match options.connect(url).await {
        Ok(pool) => pool,
        Err(e) => panic!(
            "testkit could not connect to the test database ({}): {e}",
            redact(url)
        ),
    }
}

/// A URL fit for a failure message: no password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A name no other test in any process is using right now.
fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{prefix}_{seconds}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
