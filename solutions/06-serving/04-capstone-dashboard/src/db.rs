//! The database: a pool through sqlx's `Any` driver, the migrations compiled in, and the
//! sample articles. `sqlite::memory:` (the default) needs nothing installed; a
//! `postgres://...` URL moves everything to PostgreSQL, like Django's `DATABASES` setting.

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{MigrateError, Migrator};

/// The schema, once per dialect: only the DDL differs (how ids are numbered).
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Opens a pool on `url`.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    if url.starts_with("sqlite:") {
        // An in-memory SQLite database lives as long as its one connection, and SQLite runs
        // one writer at a time anyway: one connection, kept forever. Queries queue for it.
        return AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect(url)
            .await;
    }
    AnyPoolOptions::new().max_connections(10).connect(url).await
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
