//! The database: a pool through sqlx's `Any` driver, the migrations compiled in, and the
//! sample articles. `sqlite::memory:` (the default) needs nothing installed; a
//! `postgres://...` URL moves everything to PostgreSQL, like Django's `DATABASES` setting.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{AnyConnection, AnyPool, Connection};

/// The schema, once per dialect: only the DDL differs (how ids are numbered).
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How many connections the pool opens at most: enough for the dashboard's two queries and
/// the other requests to run at the same time instead of queueing for one connection.
pub const POOL_SIZE: u32 = 5;

/// Opens a pool on `url`.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let options = AnyPoolOptions::new().max_connections(POOL_SIZE);
    if url == "sqlite::memory:" {
        // Every connection to `sqlite::memory:` opens a private, empty database of its own,
        // so a pool of them would lose its tables. A *named* in-memory database with a shared
        // cache is one database for every connection that opens the name (chapter 2's
        // lesson). It lives while a connection to it is open, and the pool's connections
        // come and go: a request cancelled in the middle of a query (a client that hangs up)
        // costs the pool that connection, and with the last one the database would go. One
        // connection outside the pool, held until the pool closes, keeps it.
        let url = shared_memory_url();
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

/// A URL no other pool in this process uses: one in-memory database per `connect`.
fn shared_memory_url() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let number = NEXT.fetch_add(1, Ordering::Relaxed);
    format!(
        "sqlite:file:capstone_{}_{number}?mode=memory&cache=shared",
        std::process::id()
    )
}

/// Applies the migrations that have not run yet, like `manage.py migrate`.
pub async fn migrate(pool: &AnyPool) -> Result<(), MigrateError> {
    let backend = pool.acquire().await?.backend_name().to_owned();
    let migrator = if backend == "PostgreSQL" {
        &POSTGRES_MIGRATIONS
    } else {
        &SQLITE_MIGRATIONS
    };
    migrator.run(pool).await
}

/// The sample articles: `(slug, title, author, views)`.
pub const SAMPLE_ARTICLES: [(&str, &str, &str, i64); 5] = [
    ("async-views", "Async views, from Django to axum", "Ada", 42),
    ("sqlx-pools", "A pool is not a connection", "Grace", 30),
    ("middleware-onion", "Middleware is an onion", "Ada", 23),
    (
        "tokio-tasks",
        "Tasks are cheap, threads are not",
        "Linus",
        17,
    ),
    ("graceful-shutdown", "Finish what you started", "Grace", 8),
];

/// Adds the sample articles to an empty table (a database that has articles is left alone).
pub async fn seed(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM articles")
        .fetch_one(pool)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for (slug, title, author, views) in SAMPLE_ARTICLES {
        let body = format!(
            "{title}. An article of the workshop's sample blog, by {author}, about {}. \
             It is long enough to be worth exporting, and short enough to read twice.",
            slug.replace('-', " ")
        );
        sqlx::query(
            "INSERT INTO articles (slug, title, author, body, views) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(slug)
        .bind(title)
        .bind(author)
        .bind(body)
        .bind(views)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
