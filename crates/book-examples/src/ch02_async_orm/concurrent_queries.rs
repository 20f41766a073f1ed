//! Page "Independent queries at the same time": three numbers about the blog's reviews and
//! tags, queried together, each on a connection of its own.

use sqlx::AnyPool;

// ANCHOR: stats
#[derive(Debug, PartialEq)]
pub struct Stats {
    pub reviews: i64,
    pub tags: i64,
    pub best: Option<f64>,
}

pub async fn stats(
    pool: &AnyPool,
) -> Result<Stats, sqlx::Error> {
    // Three futures: nothing runs until awaited.
    let reviews =
        sqlx::query_scalar("SELECT COUNT(*) FROM reviews")
            .fetch_one(pool);
    let tags = sqlx::query_scalar("SELECT COUNT(*) FROM tags")
        .fetch_one(pool);
    let best =
        sqlx::query_scalar("SELECT MAX(rating) FROM reviews")
            .fetch_one(pool);
    // Awaited together: three connections at once,
    // the first error cancels the others.
    let (reviews, tags, best) =
        tokio::try_join!(reviews, tags, best)?;
    Ok(Stats {
        reviews,
        tags,
        best,
    })
}
// ANCHOR_END: stats

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    use sqlx::any::AnyPoolOptions;
    use testkit::db::{PoolProbe, TestDb};

    #[tokio::test]
    async fn the_three_queries_hold_three_connections_at_once()
    {
        let db = TestDb::seeded().await;
        // Holds each of the first three connections until all three are out together.
        let probe =
            PoolProbe::with_gate(3, Duration::from_secs(8));
        let options = AnyPoolOptions::new().max_connections(3);
        let pool =
            db.connect_with(probe.install(options)).await;
        probe.arm();
        let stats = stats(&pool).await.unwrap();
        assert_eq!(
            stats,
            Stats {
                reviews: 6,
                tags: 3,
                best: Some(5.0)
            }
        );
        assert!(
            probe.gate_opened(),
            "the three queries never ran at the same time"
        );
    }
}
