//! A dashboard of three independent numbers, fetched at the same time on three connections
//! of one pool. With a pool of one connection, the same code queues them.

use std::time::Duration;

use serde::Serialize;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// What the dashboard shows: three answers that do not depend on each other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    pub published: i64,
    pub reviews: i64,
    pub newest_title: Option<String>,
}

// ANCHOR: pool_options
/// The application's pool. Each query in flight holds one connection, so the size is how many
/// queries can run at once; past it, callers wait (up to `acquire_timeout`) for a free one.
pub fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(5))
}
// ANCHOR_END: pool_options

// ANCHOR: dashboard
/// `await asyncio.gather(published.acount(), Review.objects.acount(), newest.afirst())`.
pub async fn dashboard(pool: &AnyPool) -> Result<Dashboard, sqlx::Error> {
    let published =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles WHERE status = 'published'")
            .fetch_one(pool);
    let reviews = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM reviews").fetch_one(pool);
    let newest_title = sqlx::query_scalar::<_, String>(
        "SELECT title FROM articles WHERE status = 'published' \
         ORDER BY published_on DESC, id DESC LIMIT 1",
    )
    .fetch_optional(pool);
    // Three futures, polled together: each takes its own connection from the pool.
    let (published, reviews, newest_title) = tokio::try_join!(published, reviews, newest_title)?;
    Ok(Dashboard {
        published,
        reviews,
        newest_title,
    })
}
// ANCHOR_END: dashboard
