//! Page "A pool and embedded migrations": a weather cache in a SQLite file, opened as a pool
//! at start-up and migrated by migrations compiled into the binary.

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

// ANCHOR: open
/// Read at build time from `migrations/weather`:
/// the binary carries its schema.
static MIGRATIONS: Migrator =
    sqlx::migrate!("migrations/weather");

/// `path` is a file; `mode=rwc` creates it.
pub async fn open_cache(
    path: &str,
) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{path}?mode=rwc");
    let pool = AnyPoolOptions::new()
        .max_connections(4)
        .connect(&url)
        .await?;
    // Like `manage.py migrate`: applies what is new,
    // records it in `_sqlx_migrations`.
    MIGRATIONS.run(&pool).await?;
    Ok(pool)
}
// ANCHOR_END: open

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of its own in the temp directory, removed when the test ends.
    struct TempFile(std::path::PathBuf);

    impl TempFile {
        fn new(name: &str) -> Self {
            let file = format!(
                "book-examples-{}-{name}.db",
                std::process::id()
            );
            let path = std::env::temp_dir().join(file);
            let _ = std::fs::remove_file(&path);
            TempFile(path)
        }
        fn path(&self) -> &str {
            self.0.to_str().expect("a UTF-8 temp path")
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    #[tokio::test]
    async fn every_connection_sees_the_migrated_table_and_migrating_twice_is_safe()
     {
        let file = TempFile::new("weather");
        let pool = open_cache(file.path()).await.unwrap();
        let mut held = Vec::new();
        for _ in 0..3 {
            let mut conn = pool.acquire().await.unwrap();
            sqlx::query("SELECT count(*) FROM forecasts")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            held.push(conn);
        }
        drop(held);
        pool.close().await;
        let again = open_cache(file.path()).await.unwrap();
        let applied: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM _sqlx_migrations",
        )
        .fetch_one(&again)
        .await
        .unwrap();
        assert_eq!(applied, 1);
    }

    #[tokio::test]
    async fn plain_memory_is_one_database_per_connection() {
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(2)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        let mut first = pool.acquire().await.unwrap();
        MIGRATIONS.run(&mut *first).await.unwrap();
        let mut second = pool.acquire().await.unwrap();
        let result =
            sqlx::query("SELECT count(*) FROM forecasts")
                .fetch_one(&mut *second)
                .await;
        let Err(err) = result else {
            panic!(
                "a second connection to sqlite::memory: saw the first one's table"
            )
        };
        assert!(
            err.to_string().contains("no such table"),
            "{err}"
        );
    }
}
