//! Connecting: a pool of connections through sqlx's `Any` driver, the blog's migrations
//! embedded in the binary and run at start-up, and an in-memory SQLite database that every
//! connection of the pool shares.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{AnyConnection, AnyPool, Connection};

// ANCHOR: migrators
/// The migrations, compiled into the crate: `migrate!` reads the directory at build time, so
/// the binary needs no files (and no database) to carry them. The DDL differs between the two
/// databases (how ids are numbered), so there is one directory per backend.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");
// ANCHOR_END: migrators

/// How many connections the pool may open. Django opens one per thread; here every
/// concurrent query takes one from the pool, so the size is how many can run at once.
pub const MAX_CONNECTIONS: u32 = 5;

// ANCHOR: connect
/// Opens a pool on `url`: `sqlite:...` or `postgres://...`, chosen at run time like Django's
/// `DATABASES` setting.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    // The Any driver dispatches on the URL's scheme to the drivers compiled in.
    sqlx::any::install_default_drivers();
    let options = AnyPoolOptions::new().max_connections(MAX_CONNECTIONS);
    if url == "sqlite::memory:" {
        let url = shared_memory_url();
        // Only a connection keeps a shared in-memory database alive, and the pool's come and
        // go (idle, too old, or lost with a query cancelled half-way). One of our own, outside
        // the pool, held until the pool closes, keeps the database as long as the pool.
        let keeper = AnyConnection::connect(&url).await?;
        let pool = options.connect(&url).await?;
        let closed = pool.close_event();
        tokio::spawn(async move {
            closed.await;
            let _ = keeper.close().await;
        });
        return Ok(pool);
    }
    options.connect(url).await
}

/// `sqlite::memory:` opens a new private database on every connection. A named in-memory
/// database with a shared cache is one database for every connection of this process that
/// opens the same name; the counter gives each pool its own.
fn shared_memory_url() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!(
        "sqlite:file:blog-{}-{n}?mode=memory&cache=shared",
        std::process::id()
    )
}
// ANCHOR_END: connect

// ANCHOR: migrate
/// Applies the migrations that have not run yet, like `manage.py migrate`. Running it again
/// changes nothing: sqlx records what it applied in `_sqlx_migrations`.
pub async fn migrate(pool: &AnyPool) -> Result<(), MigrateError> {
    let backend = pool.acquire().await?.backend_name().to_owned();
    let migrator = match backend.as_str() {
        "PostgreSQL" => &POSTGRES_MIGRATIONS,
        // The only other driver compiled in.
        _ => &SQLITE_MIGRATIONS,
    };
    migrator.run(pool).await
}
// ANCHOR_END: migrate
