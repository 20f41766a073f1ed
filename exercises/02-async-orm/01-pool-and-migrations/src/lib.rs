//! Connecting: a pool of connections through sqlx's `Any` driver, the blog's migrations
//! embedded in the binary and run at start-up, and an in-memory SQLite database that every
//! connection of the pool shares.

use sqlx::AnyPool;
use sqlx::migrate::{MigrateError, Migrator};

/// The migrations, compiled into the crate: `migrate!` reads the directory at build time, so
/// the binary needs no files (and no database) to carry them. The DDL differs between the two
/// databases (how ids are numbered), so there is one directory per backend.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How many connections the pool may open. Django opens one per thread; here every
/// concurrent query takes one from the pool, so the size is how many can run at once.
pub const MAX_CONNECTIONS: u32 = 5;

/// Opens a pool on `url`: `sqlite:...` or `postgres://...`, chosen at run time like Django's
/// `DATABASES` setting.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    // TODO: install the Any driver's drivers (`sqlx::any::install_default_drivers()`), then
    // open a pool of up to MAX_CONNECTIONS connections on `url` with `AnyPoolOptions`.
    //
    // TODO: `sqlite::memory:` must give one database that every connection of the pool
    // shares, and that lives as long as the pool: see the page for why the plain URL does not.
    todo!("open a pool of {MAX_CONNECTIONS} connections on {url}")
}

/// Applies the migrations that have not run yet, like `manage.py migrate`. Running it again
/// changes nothing: sqlx records what it applied in `_sqlx_migrations`.
pub async fn migrate(pool: &AnyPool) -> Result<(), MigrateError> {
    // TODO: find out which database is behind the pool (a connection's `backend_name()` is
    // "SQLite" or "PostgreSQL") and run the matching migrator on the pool.
    todo!(
        "run {} SQLite or {} PostgreSQL migrations on a pool of {}",
        SQLITE_MIGRATIONS.iter().count(),
        POSTGRES_MIGRATIONS.iter().count(),
        pool.size()
    )
}
