//! The database side the ORM demos share: which database to measure on, a pool warmed before
//! anything is timed, and a query that keeps its connection busy for a set time.

use std::path::Path;
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// `WORKSHOP_DATABASE_URL` when it names a PostgreSQL server, else a SQLite file in `dir`.
pub fn url(dir: &Path) -> String {
    match std::env::var("WORKSHOP_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => url,
        _ => format!("sqlite://{}?mode=rwc", dir.join("demo.db").display()),
    }
}

/// A pool of `size` connections, every one opened before anything is measured: the pictures
/// are about queries, not connecting.
pub async fn pool(size: u32, url: &str) -> Result<AnyPool, sqlx::Error> {
    let pool = AnyPoolOptions::new()
        .max_connections(size)
        .min_connections(size)
        .connect(url)
        .await?;
    let mut warm = Vec::new();
    for _ in 0..size {
        warm.push(pool.acquire().await?);
    }
    drop(warm);
    Ok(pool)
}

/// Keeps `connection` busy for `time`, as a query that waits on the database would: real
/// server time on PostgreSQL (`pg_sleep`), and on SQLite a trivial query with the connection
/// then held, which is what a pool sees of a slow query.
pub async fn keep_busy(connection: &mut AnyConnection, time: Duration) -> Result<(), sqlx::Error> {
    if connection.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_sleep($1)")
            .bind(time.as_secs_f64())
            .execute(&mut *connection)
            .await?;
    } else {
        sqlx::query("SELECT 1").execute(&mut *connection).await?;
        tokio::time::sleep(time).await;
    }
    Ok(())
}
